package batch

// For numbers_test.go: the hand-written number syntaxes.
var (
	Thousands  = thousands
	JSONNumber = jsonNumber
)
