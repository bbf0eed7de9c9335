package exprlang_test

import (
	"strings"
	"testing"

	"policycheck/engine/exprlang"
)

// TestDeriveSubstitutesTheDefinition: a condition reading a derived fact
// reads, leaf by leaf, the variables it is derived from; a fact read
// before it is defined, or not declared derived, is refused.
func TestDeriveSubstitutesTheDefinition(t *testing.T) {
	vars := []exprlang.Var{
		{Name: "staff", Type: exprlang.Int, Index: 0},
		{Name: "revenue", Type: exprlang.Float, Index: 1},
		{Name: "small", Type: exprlang.Bool, Derived: true},
		{Name: "tiny", Type: exprlang.Bool, Derived: true},
	}
	for _, newEnv := range []func([]exprlang.Var) *exprlang.Env{exprlang.NewEnv, exprlang.NewOwnEnv} {
		e := newEnv(vars)
		if err := e.Derive("tiny", "small && staff < 5"); err == nil || !strings.Contains(err.Error(), "derived after it") {
			t.Errorf("a fact read before it is defined: got %v", err)
		}
		if err := e.Derive("staff", "revenue > 1"); err == nil {
			t.Error("a question was derived")
		}
		if err := e.Derive("small", "!(staff >= 100 && revenue >= 10000000)"); err != nil {
			t.Fatal(err)
		}
		if err := e.Derive("tiny", "small && staff < 5"); err != nil {
			t.Fatal(err)
		}
		ce, err := e.Condition("tiny || revenue == 0")
		if err != nil {
			t.Fatal(err)
		}
		s := &exprlang.State{Vals: make([]exprlang.Value, 2)}
		if got := s.Eval(ce); got != exprlang.Unknown {
			t.Errorf("nothing answered: %v, want unknown", got)
		}
		s.Vals[0] = exprlang.ValueOf(exprlang.Int, 3)
		if got := s.Eval(ce); got != exprlang.True {
			t.Errorf("3 staff, revenue unanswered: %v, want true (small whatever the revenue)", got)
		}
		s.Vals[0] = exprlang.ValueOf(exprlang.Int, 100)
		s.Vals[1] = exprlang.ValueOf(exprlang.Float, 10000000.0)
		if got := s.Eval(ce); got != exprlang.False {
			t.Errorf("on both thresholds: %v, want false", got)
		}
	}
}
