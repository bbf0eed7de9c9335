package exprlang_test

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"policycheck/engine"
	"policycheck/engine/exprlang"
)

// typeOf is the type an expression sees for question q.
func typeOf(q *engine.Question) exprlang.Type {
	switch q.Type {
	case engine.TypeBool:
		return exprlang.Bool
	case engine.TypeChoice:
		return exprlang.String
	case engine.TypeMulti:
		return exprlang.Strings
	case engine.TypeCount, engine.TypeYear:
		return exprlang.Int
	case engine.TypeMoney:
		return exprlang.Float
	case engine.TypeDate:
		return exprlang.Date
	}
	panic(q.Type)
}

// vars lists the catalogue's questions as variables, indexed by position.
func vars(c *engine.Catalogue) []exprlang.Var {
	out := make([]exprlang.Var, len(c.Questions))
	for i, q := range c.Questions {
		out[i] = exprlang.Var{Name: q.ID, Type: typeOf(q), Index: i}
	}
	return out
}

var envs sync.Map // *engine.Catalogue -> *exprlang.Env

// env is the environment the catalogue's expressions compile in (with
// expr's checker first, natively).
func env(c *engine.Catalogue) *exprlang.Env {
	if e, ok := envs.Load(c); ok {
		return e.(*exprlang.Env)
	}
	e := exprlang.NewEnv(vars(c))
	envs.Store(c, e)
	return e
}

// state holds answers a on date d for evaluation.
func state(c *engine.Catalogue, a engine.Answers, d time.Time) *exprlang.State {
	st := &exprlang.State{Vals: make([]exprlang.Value, len(c.Questions)), Date: d, Year: d.Year()}
	for i, q := range c.Questions {
		if v, ok := a[q.ID]; ok {
			st.Vals[i] = exprlang.ValueOf(typeOf(q), v)
		}
	}
	return st
}

// number evaluates a formula; missing is set when a variable it reads is unset.
func numberOf(st *exprlang.State, n *exprlang.Num) (v float64, ok, missing bool) {
	for _, i := range n.Refs {
		if !st.Vals[i].Set {
			return 0, false, true
		}
	}
	v, ok = st.Number(n)
	return v, ok, false
}

// name is a truth value as the report names it.
func name(t exprlang.Tri) string {
	return [...]string{exprlang.False: "not_met", exprlang.True: "met", exprlang.Unknown: "unknown"}[t]
}

// num reads a question's bound (a JSON number).
func num(v any) float64 {
	if v == nil {
		return 0
	}
	f, err := strconv.ParseFloat(fmt.Sprint(v), 64)
	if err != nil {
		panic(err)
	}
	return f
}

// day reads a date question's bound.
func day(v any) time.Time {
	t, err := time.Parse(time.DateOnly, fmt.Sprint(v))
	if err != nil {
		panic(err)
	}
	return t
}
