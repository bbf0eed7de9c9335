package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr/file"
)

// tri is a three-valued truth value: an unanswered question makes a
// condition unknown, never false.
type tri int8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

func (t tri) state() string {
	switch t {
	case triTrue:
		return StateMet
	case triFalse:
		return StateNotMet
	}
	return StateUnknown
}

// condExpr is a boolean expression split at its logical connectives, so that
// "and", "or", "not" and "?:" follow Kleene's three-valued logic while every
// other sub-expression (a leaf) is compiled code that runs only when all the
// questions it reads are answered.
type condExpr struct {
	op      byte // 'L' leaf, '&' and, '|' or, '!' not, '?' conditional
	a, b, c *condExpr
	fn      boolFn
	refs    []int // indexes of the questions the leaf reads
	src     string
	fast    fastLeaf
}

// numExpr is a compiled numeric formula and the questions it reads.
type numExpr struct {
	fn   floatFn
	refs []int
	src  string
}

// exprEnv describes the variables and functions expressions may use, and
// caches compiled expressions by source: many rules share a condition (the
// applicant kind, a document's scope), and compiled code is immutable.
type exprEnv struct {
	questions map[string]*Question
	native    *exprChecker // expr's own checker; nil where it is not linked (js/wasm)
	conds     map[string]*condExpr
	nums      map[string]*numExpr
}

// Built-in variable names.
const (
	varAssessmentDate = "assessment_date"
	varAssessmentYear = "assessment_year"
)

func newExprEnv(questions []*Question) *exprEnv {
	e := &exprEnv{questions: map[string]*Question{}, conds: map[string]*condExpr{}, nums: map[string]*numExpr{}}
	for _, q := range questions {
		e.questions[q.ID] = q
	}
	e.native = newExprChecker(questions)
	return e
}

// yearsBetween is the number of whole years from a to b (negative if b is before a).
func yearsBetween(a, b time.Time) int {
	if b.Before(a) {
		return -yearsBetween(b, a)
	}
	y := b.Year() - a.Year()
	if b.Month() < a.Month() || (b.Month() == a.Month() && b.Day() < a.Day()) {
		y--
	}
	return y
}

// zeroOf is the value whose type expr gives a question's variable (for
// expr's checker natively, and the tests).
func zeroOf(typ string) any {
	switch typ {
	case TypeBool:
		return false
	case TypeChoice:
		return ""
	case TypeMulti:
		return []string{}
	case TypeCount, TypeYear:
		return 0
	case TypeMoney:
		return 0.0
	case TypeDate:
		return time.Time{}
	}
	return nil
}

// parseChecked parses and type-checks src, which must be of type want
// (vBool, or vFloat for any number). Where expr is linked, expr checks it
// first, so that its messages (with line and column) are the ones reported
// and the catalogue stays valid expr.
func (e *exprEnv) parseChecked(src string, want vtype) (n *xnode, err error) {
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

func (e *exprEnv) parseOwn(src string, want vtype) (*xnode, error) {
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

// compileCondition parses, type-checks and compiles a boolean expression.
func (e *exprEnv) compileCondition(src string) (ce *condExpr, err error) {
	if ce := e.conds[src]; ce != nil {
		return ce, nil
	}
	n, err := e.parseChecked(src, vBool)
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

func (e *exprEnv) split(n *xnode) *condExpr {
	switch {
	case n.kind == xBinary && (n.op == "&&" || n.op == "and"):
		return &condExpr{op: '&', a: e.split(n.args[0]), b: e.split(n.args[1])}
	case n.kind == xBinary && (n.op == "||" || n.op == "or"):
		return &condExpr{op: '|', a: e.split(n.args[0]), b: e.split(n.args[1])}
	case n.kind == xUnary && (n.op == "!" || n.op == "not"):
		return &condExpr{op: '!', a: e.split(n.args[0])}
	case n.kind == xCond:
		return &condExpr{op: '?', a: e.split(n.args[0]), b: e.split(n.args[1]), c: e.split(n.args[2])}
	}
	return &condExpr{op: 'L', fn: compileBool(n), src: n.String(), refs: refs(n, nil), fast: fastPath(n)}
}

// compileNumber parses, type-checks and compiles a numeric formula.
func (e *exprEnv) compileNumber(src string) (ne *numExpr, err error) {
	if ne := e.nums[src]; ne != nil {
		return ne, nil
	}
	n, err := e.parseChecked(src, vFloat)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			ne, err = nil, fmt.Errorf("%v", r)
		}
	}()
	ne = &numExpr{fn: compileFloat(n), src: src, refs: refs(n, nil)}
	e.nums[src] = ne
	return ne, nil
}

// refs appends the indexes of the questions n reads, each once, left to right.
func refs(n *xnode, into []int) []int {
	if n.q != nil && !slices.Contains(into, n.q.index) {
		into = append(into, n.q.index)
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
