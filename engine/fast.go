package engine

import "github.com/expr-lang/expr/ast"

// fastLeaf is a leaf shape simple enough to evaluate without the expr VM.
// kind 0 means "run the compiled program".
type fastLeaf struct {
	kind uint8
}

func (e *exprEnv) fastPath(ast.Node) fastLeaf { return fastLeaf{} }

func (ev *evaluator) evalFast(*fastLeaf) tri { return triUnknown }
