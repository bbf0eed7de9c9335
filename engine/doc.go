// Package engine loads the policy catalogue (documents, questionnaire, rules
// and test cases, as data in an fs.FS), validates and compiles it, and
// estimates the benefits a company may claim from a set of answers.
//
// The engine is pure Go: it knows nothing of browsers or HTTP, and the same
// code runs natively, in the browser as WebAssembly and in the Worker.
//
// Conditions follow three-valued logic: an unanswered question makes a
// condition unknown and a rule "possible", never "not eligible".
package engine
