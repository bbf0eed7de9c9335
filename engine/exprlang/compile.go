package exprlang

import (
	"math"
	"slices"
	"time"
)

// Checked expressions compile to Go closures over the evaluator's answer
// slots. A closure runs only when every question it reads is answered (the
// three-valued logic above the leaves sees to that), so it never meets an
// unanswered value.

type (
	boolFn  func(*State) bool
	intFn   func(*State) int
	floatFn func(*State) float64
	strFn   func(*State) string
	dateFn  func(*State) time.Time
	strsFn  func(*State) []string
	intsFn  func(*State) []int
)

// errDivZero is the one run-time error the subset can raise (x % 0).
const errDivZero = "integer divide by zero"

func compileBool(n *xnode) boolFn {
	switch n.kind {
	case xBool:
		v := n.num != 0
		return func(*State) bool { return v }
	case xIdent:
		if n.q != nil {
			i := n.q.Index
			return func(ev *State) bool { return ev.Vals[i].B }
		}
	case xUnary:
		a := compileBool(n.args[0])
		return func(ev *State) bool { return !a(ev) }
	case xCond:
		c, a, b := compileBool(n.args[0]), compileBool(n.args[1]), compileBool(n.args[2])
		return func(ev *State) bool {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	case xBinary:
		return compileBinaryBool(n)
	}
	panic("exprlang: cannot compile " + n.String() + " as bool")
}

func compileBinaryBool(n *xnode) boolFn {
	l, r := n.args[0], n.args[1]
	switch n.op {
	case "&&", "and":
		a, b := compileBool(l), compileBool(r)
		return func(ev *State) bool { return a(ev) && b(ev) }
	case "||", "or":
		a, b := compileBool(l), compileBool(r)
		return func(ev *State) bool { return a(ev) || b(ev) }
	case "in":
		if l.typ == vString {
			a := compileString(l)
			if r.kind == xArray {
				list := make([]string, len(r.args))
				for i, e := range r.args {
					list[i] = e.str
				}
				return func(ev *State) bool { return slices.Contains(list, a(ev)) }
			}
			b := compileStrings(r)
			return func(ev *State) bool { return slices.Contains(b(ev), a(ev)) }
		}
		if l.typ == vFloat {
			a, b := compileFloat(l), compileInts(r)
			return func(ev *State) bool {
				x := a(ev)
				for _, v := range b(ev) {
					if float64(v) == x {
						return true
					}
				}
				return false
			}
		}
		a, b := compileInt(l), compileInts(r)
		return func(ev *State) bool { return slices.Contains(b(ev), a(ev)) }
	}
	cmp := compareOp(n.op)
	switch {
	case l.typ == vInt && r.typ == vInt:
		a, b := compileInt(l), compileInt(r)
		return func(ev *State) bool { return compareOrdered(cmp, a(ev), b(ev)) }
	case l.typ.numeric() && r.typ.numeric():
		a, b := compileFloat(l), compileFloat(r)
		return func(ev *State) bool { return compareOrdered(cmp, a(ev), b(ev)) }
	case l.typ == vString:
		a, b := compileString(l), compileString(r)
		return func(ev *State) bool { return compareOrdered(cmp, a(ev), b(ev)) }
	case l.typ == vDate:
		a, b := compileDate(l), compileDate(r)
		return func(ev *State) bool { return cmp.dates(a(ev), b(ev)) }
	case l.typ == vBool:
		a, b := compileBool(l), compileBool(r)
		if cmp == cmpEq {
			return func(ev *State) bool { return a(ev) == b(ev) }
		}
		return func(ev *State) bool { return a(ev) != b(ev) }
	}
	panic("exprlang: cannot compile " + n.String())
}

// cmpOp is a comparison operator.
type cmpOp uint8

const (
	cmpEq cmpOp = iota + 1
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

func compareOp(op string) cmpOp {
	switch op {
	case "==":
		return cmpEq
	case "!=":
		return cmpNe
	case "<":
		return cmpLt
	case "<=":
		return cmpLe
	case ">":
		return cmpGt
	case ">=":
		return cmpGe
	}
	return 0
}

// flip is the operator with its operands swapped: 1 < x is x > 1.
func (c cmpOp) flip() cmpOp {
	switch c {
	case cmpLt:
		return cmpGt
	case cmpLe:
		return cmpGe
	case cmpGt:
		return cmpLt
	case cmpGe:
		return cmpLe
	}
	return c
}

// compareOrdered applies a comparison to two numbers or two strings.
func compareOrdered[T int | float64 | string](c cmpOp, a, b T) bool {
	switch c {
	case cmpEq:
		return a == b
	case cmpNe:
		return a != b
	case cmpLt:
		return a < b
	case cmpLe:
		return a <= b
	case cmpGt:
		return a > b
	}
	return a >= b
}

func (c cmpOp) dates(a, b time.Time) bool {
	switch c {
	case cmpEq:
		return a.Equal(b)
	case cmpNe:
		return !a.Equal(b)
	case cmpLt:
		return a.Before(b)
	case cmpLe:
		return !a.After(b)
	case cmpGt:
		return a.After(b)
	}
	return !a.Before(b)
}

func compileInt(n *xnode) intFn {
	switch n.kind {
	case xInt:
		v := n.num
		return func(*State) int { return v }
	case xIdent:
		if n.q != nil {
			i := n.q.Index
			return func(ev *State) int { return ev.Vals[i].I }
		}
		if n.op == AssessmentYear {
			return func(ev *State) int { return ev.Year }
		}
	case xUnary:
		a := compileInt(n.args[0])
		if n.op == "-" {
			return func(ev *State) int { return -a(ev) }
		}
		return a
	case xCond:
		c, a, b := compileBool(n.args[0]), compileInt(n.args[1]), compileInt(n.args[2])
		return func(ev *State) int {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	case xCall:
		switch n.op {
		case "year_of":
			d := compileDate(n.args[0])
			return func(ev *State) int { return d(ev).Year() }
		case "years_between":
			a, b := compileDate(n.args[0]), compileDate(n.args[1])
			return func(ev *State) int { return YearsBetween(a(ev), b(ev)) }
		}
	case xBinary:
		a, b := compileInt(n.args[0]), compileInt(n.args[1])
		switch n.op {
		case "+":
			return func(ev *State) int { return a(ev) + b(ev) }
		case "-":
			return func(ev *State) int { return a(ev) - b(ev) }
		case "*":
			return func(ev *State) int { return a(ev) * b(ev) }
		case "%":
			return func(ev *State) int {
				x, y := a(ev), b(ev)
				if y == 0 {
					ev.fail = errDivZero
					return 0
				}
				return x % y
			}
		}
	}
	panic("exprlang: cannot compile " + n.String() + " as int")
}

// compileFloat compiles a numeric expression of either type to float64.
func compileFloat(n *xnode) floatFn {
	if n.typ == vInt {
		a := compileInt(n)
		return func(ev *State) float64 { return float64(a(ev)) }
	}
	switch n.kind {
	case xFloat:
		v := n.flt
		return func(*State) float64 { return v }
	case xIdent:
		if n.q != nil {
			i := n.q.Index
			return func(ev *State) float64 { return ev.Vals[i].F }
		}
	case xUnary:
		a := compileFloat(n.args[0])
		if n.op == "-" {
			return func(ev *State) float64 { return -a(ev) }
		}
		return a
	case xCond:
		c, a, b := compileBool(n.args[0]), compileFloat(n.args[1]), compileFloat(n.args[2])
		return func(ev *State) float64 {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	case xBinary:
		a, b := compileFloat(n.args[0]), compileFloat(n.args[1])
		switch n.op {
		case "+":
			return func(ev *State) float64 { return a(ev) + b(ev) }
		case "-":
			return func(ev *State) float64 { return a(ev) - b(ev) }
		case "*":
			return func(ev *State) float64 { return a(ev) * b(ev) }
		case "/":
			return func(ev *State) float64 { return a(ev) / b(ev) }
		case "**", "^":
			return func(ev *State) float64 { return math.Pow(a(ev), b(ev)) }
		}
	}
	panic("exprlang: cannot compile " + n.String() + " as float")
}

func compileString(n *xnode) strFn {
	switch n.kind {
	case xString:
		v := n.str
		return func(*State) string { return v }
	case xIdent:
		if n.q != nil {
			i := n.q.Index
			return func(ev *State) string { return ev.Vals[i].S }
		}
	case xCond:
		c, a, b := compileBool(n.args[0]), compileString(n.args[1]), compileString(n.args[2])
		return func(ev *State) string {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	case xBinary:
		if n.op == "+" {
			a, b := compileString(n.args[0]), compileString(n.args[1])
			return func(ev *State) string { return a(ev) + b(ev) }
		}
	}
	panic("exprlang: cannot compile " + n.String() + " as string")
}

func compileDate(n *xnode) dateFn {
	switch n.kind {
	case xIdent:
		if n.q != nil {
			i := n.q.Index
			return func(ev *State) time.Time { return ev.Vals[i].T }
		}
		if n.op == AssessmentDate {
			return func(ev *State) time.Time { return ev.Date }
		}
	case xCond:
		c, a, b := compileBool(n.args[0]), compileDate(n.args[1]), compileDate(n.args[2])
		return func(ev *State) time.Time {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	}
	panic("exprlang: cannot compile " + n.String() + " as date")
}

func compileStrings(n *xnode) strsFn {
	switch n.kind {
	case xIdent:
		if n.q != nil {
			i := n.q.Index
			return func(ev *State) []string { return ev.Vals[i].SS }
		}
	case xArray:
		list := make([]string, len(n.args))
		for i, e := range n.args {
			list[i] = e.str
		}
		return func(*State) []string { return list }
	case xCond:
		c, a, b := compileBool(n.args[0]), compileStrings(n.args[1]), compileStrings(n.args[2])
		return func(ev *State) []string {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	}
	panic("exprlang: cannot compile " + n.String() + " as a list of strings")
}

func compileInts(n *xnode) intsFn {
	switch n.kind {
	case xArray:
		list := make([]int, len(n.args))
		for i, e := range n.args {
			list[i] = e.num
		}
		return func(*State) []int { return list }
	case xCond:
		c, a, b := compileBool(n.args[0]), compileInts(n.args[1]), compileInts(n.args[2])
		return func(ev *State) []int {
			if c(ev) {
				return a(ev)
			}
			return b(ev)
		}
	}
	panic("exprlang: cannot compile " + n.String() + " as a list of numbers")
}
