// Package exprlang is the expression language of the catalogue's conditions
// and formulas: a subset of expr-lang (github.com/expr-lang/expr), parsed with
// expr's own lexer and a port of expr's parser rules, type-checked, compiled
// to Go closures and evaluated in three-valued logic (an unanswered variable
// makes a condition unknown, never false).
//
// Natively every expression is first type-checked by expr's own checker, so
// the catalogue stays valid expr; the tests hold the evaluator to expr's VM.
package exprlang
