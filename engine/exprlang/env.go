package exprlang

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/expr-lang/expr/file"
)

// Tri is a three-valued truth value: an unanswered variable makes a
// condition Unknown, never False.
type Tri int8

// The three truth values.
const (
	False Tri = iota
	True
	Unknown
)

// Exported names of the static types.
const (
	Bool    = vBool
	Int     = vInt
	Float   = vFloat
	String  = vString
	Date    = vDate
	Strings = vStrings
	Ints    = vInts
)

// Built-in variable names: the date of the assessment and its year.
const (
	AssessmentDate = "assessment_date"
	AssessmentYear = "assessment_year"
)

// Var is a variable expressions may read: its name, its type and the index
// of its Value in State.Vals.
type Var struct {
	Name  string
	Type  Type
	Index int
	// Derived marks a name that Derive defines as an expression over the
	// other variables (a bool); it has no value of its own.
	Derived bool
}

// Cond is a boolean expression split at its logical connectives, so that
// "and", "or", "not" and "?:" follow Kleene's three-valued logic while every
// other sub-expression (a leaf) is compiled code that runs only when all the
// variables it reads are set.
type Cond struct {
	Op      byte // OpLeaf, OpAnd, OpOr, OpNot or OpCond
	A, B, C *Cond
	Refs    []int // a leaf: indexes of the variables it reads
	fn      boolFn
	fast    fastLeaf
	node    *xnode                 // a leaf: its tree, for Source
	src     atomic.Pointer[string] // Source, once written
}

// Source returns a leaf's source, written back in expr syntax. It is
// written on first use, not when the leaf is compiled: estimates never need
// it, and writing every leaf's source would add to the page's start-up.
func (c *Cond) Source() string {
	if p := c.src.Load(); p != nil {
		return *p
	}
	if c.node == nil {
		return ""
	}
	s := c.node.String()
	c.src.Store(&s)
	return s
}

// Cond operators.
const (
	OpLeaf = 'L'
	OpAnd  = '&'
	OpOr   = '|'
	OpNot  = '!'
	OpCond = '?'
)

// Fast reports whether a leaf is evaluated by the fast path (one switch,
// no closure call).
func (c *Cond) Fast() bool { return c.fast.kind != fastNone }

// Closure runs a leaf's compiled closure, bypassing the fast path (for tests).
func (c *Cond) Closure(s *State) bool { return c.fn(s) }

// Num is a compiled numeric formula and the variables it reads.
type Num struct {
	Refs []int
	Src  string
	fn   floatFn
}

// Env describes the variables and functions expressions may use, and
// caches compiled expressions by source: many rules share a condition (the
// applicant kind, a document's scope), and compiled code is immutable.
// An Env is not safe for concurrent compiling.
type Env struct {
	vars   map[string]*Var
	native *exprChecker // expr's own checker; nil where it is not linked (js/wasm)
	conds  map[string]*Cond
	nums   map[string]*Num
	pre    map[string]string // prebuilt forms by source (Prebuilt)

	derivable map[string]bool   // names declared Derived
	derived   map[string]*xnode // their trees, once Derive defined them
	defining  string            // the name Derive is defining
}

// NewEnv returns an environment over vars. Natively every expression is
// type-checked by expr's checker before the engine's own.
func NewEnv(vars []Var) *Env {
	e := NewOwnEnv(vars)
	e.native = newExprChecker(vars)
	return e
}

// NewOwnEnv returns an environment that checks expressions with the
// engine's own checker alone, as under js/wasm: for a catalogue the build
// has already checked with expr, and for tests.
func NewOwnEnv(vars []Var) *Env {
	e := &Env{vars: map[string]*Var{}, conds: map[string]*Cond{}, nums: map[string]*Num{},
		derivable: map[string]bool{}, derived: map[string]*xnode{}}
	for i := range vars {
		v := vars[i]
		if v.Derived {
			e.derivable[v.Name] = true
			continue
		}
		e.vars[v.Name] = &v
	}
	return e
}

// Value is one variable's value, its type resolved once, so that compiled
// code reads it without a map lookup or a type assertion. Set is false for
// an unanswered question.
type Value struct {
	Set bool
	B   bool
	I   int
	F   float64
	S   string
	SS  []string
	T   time.Time
}

// ValueOf stores v, which must be of the Go type of t (bool, int, float64
// or int for Float, string, []string, time.Time); any other value is unset.
func ValueOf(t Type, v any) Value {
	s := Value{}
	switch t {
	case vBool:
		s.B, s.Set = v.(bool)
	case vString:
		s.S, s.Set = v.(string)
	case vStrings:
		s.SS, s.Set = v.([]string)
	case vInt:
		s.I, s.Set = v.(int)
	case vFloat:
		switch n := v.(type) {
		case float64:
			s.F, s.Set = n, true
		case int:
			s.F, s.Set = float64(n), true
		}
	case vDate:
		s.T, s.Set = v.(time.Time)
	}
	return s
}

// State is what compiled expressions read: the variables' values by index
// and the assessment date. Errs collects the run-time errors of the leaves
// and formulas evaluated (x % 0), each prefixed with its source.
type State struct {
	Vals []Value
	Date time.Time
	Year int
	Errs []string
	fail string // a run-time error of the leaf being evaluated
}

// Eval evaluates c in three-valued logic: "and" is false as soon as one side
// is false, "or" true as soon as one side is true, and a leaf is unknown
// while a variable it reads is unset.
func (ev *State) Eval(c *Cond) Tri {
	switch c.Op {
	case OpAnd:
		a := ev.Eval(c.A)
		if a == False {
			return False
		}
		b := ev.Eval(c.B)
		if b == False {
			return False
		}
		if a == True && b == True {
			return True
		}
		return Unknown
	case OpOr:
		a := ev.Eval(c.A)
		if a == True {
			return True
		}
		b := ev.Eval(c.B)
		if b == True {
			return True
		}
		if a == False && b == False {
			return False
		}
		return Unknown
	case OpNot:
		switch ev.Eval(c.A) {
		case True:
			return False
		case False:
			return True
		}
		return Unknown
	case OpCond:
		switch ev.Eval(c.A) {
		case True:
			return ev.Eval(c.B)
		case False:
			return ev.Eval(c.C)
		}
		b, d := ev.Eval(c.B), ev.Eval(c.C)
		if b == d {
			return b
		}
		return Unknown
	}
	return ev.Leaf(c)
}

// Leaf evaluates a leaf: Unknown while a variable it reads is unset or
// when it fails at run time (the error is added to Errs).
func (ev *State) Leaf(c *Cond) Tri {
	if c.fast.kind != fastNone {
		if !ev.Vals[c.fast.q].Set {
			return Unknown
		}
		if ev.evalFast(&c.fast) {
			return True
		}
		return False
	}
	for _, i := range c.Refs {
		if !ev.Vals[i].Set {
			return Unknown
		}
	}
	b := c.fn(ev)
	if ev.fail != "" {
		ev.Errs = append(ev.Errs, c.Source()+": "+ev.fail)
		ev.fail = ""
		return Unknown
	}
	if b {
		return True
	}
	return False
}

// Number evaluates a formula whose variables are all set; ok is false when
// it fails or its result is not a finite number (the error is added to Errs).
func (ev *State) Number(n *Num) (float64, bool) {
	f := n.fn(ev)
	if ev.fail != "" {
		ev.Errs = append(ev.Errs, n.Src+": "+ev.fail)
		ev.fail = ""
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		ev.Errs = append(ev.Errs, n.Src+": result is not a finite number")
		return 0, false
	}
	return f, true
}

// YearsBetween is the number of whole years from a to b (negative if b is before a).
func YearsBetween(a, b time.Time) int {
	if b.Before(a) {
		return -YearsBetween(b, a)
	}
	y := b.Year() - a.Year()
	if b.Month() < a.Month() || (b.Month() == a.Month() && b.Day() < a.Day()) {
		y--
	}
	return y
}

// parseChecked parses and type-checks src, which must be of type want
// (vBool, or vFloat for any number). Where expr is linked, expr checks it
// first, so that its messages (with line and column) are the ones reported
// and the catalogue stays valid expr.
func (e *Env) parseChecked(src string, want Type) (n *xnode, err error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("empty expression")
	}
	if e.native != nil {
		if err := e.native.validate(src, want == vFloat); err != nil {
			return nil, exprError(err)
		}
	}
	n, err = e.parseOwn(src, want)
	if err != nil && e.native != nil {
		// Valid expr, outside the subset the engine evaluates.
		return nil, fmt.Errorf("not supported by the engine's evaluator (valid expr, but outside the subset rules/README.md lists): %w", err)
	}
	return n, err
}

func (e *Env) parseOwn(src string, want Type) (*xnode, error) {
	n, err := parseExpr(src)
	if err != nil {
		return nil, exprError(err)
	}
	if cerr := e.check(n); cerr != nil {
		return nil, exprError((&file.Error{Location: cerr.loc, Message: cerr.msg}).Bind(file.NewSource(src)))
	}
	switch {
	case want == vBool && n.typ != vBool:
		return nil, fmt.Errorf("expected bool, but got %s", n.typ)
	case want == vFloat && !n.typ.numeric():
		return nil, fmt.Errorf("expected float64, but got %s", n.typ)
	}
	return n, nil
}

// Condition parses, type-checks and compiles a boolean expression; errors
// give the line, column and a snippet of the source.
func (e *Env) Condition(src string) (ce *Cond, err error) {
	if ce := e.conds[src]; ce != nil {
		return ce, nil
	}
	n, ok, err := e.prebuilt(src, vBool)
	if !ok {
		n, err = e.parseChecked(src, vBool)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			ce, err = nil, fmt.Errorf("%v", r)
		}
	}()
	ce = e.split(n)
	e.conds[src] = ce
	return ce, nil
}

func (e *Env) split(n *xnode) *Cond {
	switch {
	case n.kind == xBinary && (n.op == "&&" || n.op == "and"):
		return &Cond{Op: OpAnd, A: e.split(n.args[0]), B: e.split(n.args[1])}
	case n.kind == xBinary && (n.op == "||" || n.op == "or"):
		return &Cond{Op: OpOr, A: e.split(n.args[0]), B: e.split(n.args[1])}
	case n.kind == xUnary && (n.op == "!" || n.op == "not"):
		return &Cond{Op: OpNot, A: e.split(n.args[0])}
	case n.kind == xCond:
		return &Cond{Op: OpCond, A: e.split(n.args[0]), B: e.split(n.args[1]), C: e.split(n.args[2])}
	}
	return &Cond{Op: OpLeaf, fn: compileBool(n), node: n, Refs: refs(n, nil), fast: fastPath(n)}
}

// Number parses, type-checks and compiles a numeric formula (of any
// numeric type; it evaluates to a float64).
func (e *Env) Number(src string) (ne *Num, err error) {
	if ne := e.nums[src]; ne != nil {
		return ne, nil
	}
	n, ok, err := e.prebuilt(src, vFloat)
	if !ok {
		n, err = e.parseChecked(src, vFloat)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			ne, err = nil, fmt.Errorf("%v", r)
		}
	}()
	ne = &Num{fn: compileFloat(n), Src: src, Refs: refs(n, nil)}
	e.nums[src] = ne
	return ne, nil
}

// refs appends the indexes of the variables n reads, each once, left to right.
func refs(n *xnode, into []int) []int {
	if n.q != nil && !slices.Contains(into, n.q.Index) {
		into = append(into, n.q.Index)
	}
	for _, a := range n.args {
		into = refs(a, into)
	}
	return into
}

// exprError flattens expr's multi-line errors (message, snippet, caret) into one line.
func exprError(err error) error {
	lines := strings.Split(strings.TrimRight(err.Error(), "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return errors.New(strings.Join(lines, " | "))
}

// ZeroOf is a value of the Go type expr gives a variable of type t (for
// expr's checker and VM).
func ZeroOf(t Type) any {
	switch t {
	case vBool:
		return false
	case vString:
		return ""
	case vStrings:
		return []string{}
	case vInt:
		return 0
	case vFloat:
		return 0.0
	case vDate:
		return time.Time{}
	case vInts:
		return []int{}
	}
	return nil
}
