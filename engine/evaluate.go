package engine

import (
	"time"

	"policycheck/engine/exprlang"
)

// Expression is a condition compiled against a catalogue's questions, as
// the conditions of rules are: written in the expression language of
// rules/README.md and evaluated in three-valued logic.
type Expression struct {
	src string
	ce  *exprlang.Cond
}

// CompileExpression compiles a boolean expression over the catalogue's
// questions and built-in variables.
func (c *Catalogue) CompileExpression(src string) (*Expression, error) {
	if c == nil || c.env == nil {
		return nil, errNoCatalogue
	}
	c.compileMu.Lock()
	defer c.compileMu.Unlock()
	ce, err := c.env.Condition(src)
	if err != nil {
		return nil, err
	}
	return &Expression{src: src, ce: ce}, nil
}

// String returns the expression's source.
func (e *Expression) String() string { return e.src }

// Leaves returns the expression's leaves, each in expression syntax: the
// parts between its "and", "or", "not" and "?:", which read the answers.
func (e *Expression) Leaves() []string {
	var out []string
	var walk func(ce *exprlang.Cond)
	walk = func(ce *exprlang.Cond) {
		if ce == nil {
			return
		}
		if ce.Op == exprlang.OpLeaf {
			out = append(out, ce.Source())
			return
		}
		walk(ce.A)
		walk(ce.B)
		walk(ce.C)
	}
	walk(e.ce)
	return out
}

// EvaluateAll evaluates every expression against the answers on the given
// date and appends each state (StateMet, StateNotMet or StateUnknown) to
// out. Unanswered questions make a condition unknown, as in Estimate.
func (c *Catalogue) EvaluateAll(a Answers, date time.Time, exprs []*Expression, out []string) []string {
	ev := c.pool.get(a, date)
	for _, e := range exprs {
		out = append(out, stateOf(ev.Eval(e.ce)))
	}
	c.pool.put(ev)
	return out
}
