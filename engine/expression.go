package engine

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
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
// other sub-expression (a leaf) is a compiled expr program that runs only
// when all the questions it reads are answered.
type condExpr struct {
	op      byte // 'L' leaf, '&' and, '|' or, '!' not, '?' conditional
	a, b, c *condExpr
	prog    *vm.Program
	refs    []int // indexes of the questions the leaf reads
	src     string
	fast    fastLeaf
}

// numExpr is a compiled numeric formula and the questions it reads.
type numExpr struct {
	prog *vm.Program
	refs []int
	src  string
}

// exprEnv describes the variables and functions expressions may use.
type exprEnv struct {
	types     map[string]any // variable name -> zero value of its type
	questions map[string]*Question
	options   []expr.Option
}

// Built-in variable names.
const (
	varAssessmentDate = "assessment_date"
	varAssessmentYear = "assessment_year"
)

func newExprEnv(questions []*Question) *exprEnv {
	e := &exprEnv{types: map[string]any{}, questions: map[string]*Question{}}
	for _, q := range questions {
		e.questions[q.ID] = q
		e.types[q.ID] = zeroOf(q.Type)
	}
	e.types[varAssessmentDate] = time.Time{}
	e.types[varAssessmentYear] = 0
	e.options = []expr.Option{
		expr.Env(e.types),
		expr.Function("year_of", func(p ...any) (any, error) {
			return p[0].(time.Time).Year(), nil
		}, new(func(time.Time) int)),
		expr.Function("years_between", func(p ...any) (any, error) {
			return yearsBetween(p[0].(time.Time), p[1].(time.Time)), nil
		}, new(func(time.Time, time.Time) int)),
	}
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

// compileCondition parses and type-checks a boolean expression.
func (e *exprEnv) compileCondition(src string) (*condExpr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("empty expression")
	}
	// Type-check the whole expression first: its errors carry line and column.
	opts := append(append([]expr.Option{}, e.options...), expr.AsBool())
	if _, err := expr.Compile(src, opts...); err != nil {
		return nil, exprError(err)
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, exprError(err)
	}
	return e.split(tree.Node, opts)
}

func (e *exprEnv) split(n ast.Node, opts []expr.Option) (*condExpr, error) {
	switch n := n.(type) {
	case *ast.BinaryNode:
		var op byte
		switch n.Operator {
		case "&&", "and":
			op = '&'
		case "||", "or":
			op = '|'
		}
		if op != 0 {
			a, err := e.split(n.Left, opts)
			if err != nil {
				return nil, err
			}
			b, err := e.split(n.Right, opts)
			if err != nil {
				return nil, err
			}
			return &condExpr{op: op, a: a, b: b}, nil
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			a, err := e.split(n.Node, opts)
			if err != nil {
				return nil, err
			}
			return &condExpr{op: '!', a: a}, nil
		}
	case *ast.ConditionalNode:
		a, err := e.split(n.Cond, opts)
		if err != nil {
			return nil, err
		}
		b, errB := e.split(n.Exp1, opts)
		c, errC := e.split(n.Exp2, opts)
		if errB == nil && errC == nil {
			return &condExpr{op: '?', a: a, b: b, c: c}, nil
		}
	}
	src := n.String()
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, fmt.Errorf("sub-expression %q: %w", src, exprError(err))
	}
	leaf := &condExpr{op: 'L', prog: prog, src: src, refs: e.refs(n)}
	leaf.fast = e.fastPath(n)
	return leaf, nil
}

// compileNumber parses and type-checks a numeric formula.
func (e *exprEnv) compileNumber(src string) (*numExpr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("empty expression")
	}
	opts := append(append([]expr.Option{}, e.options...), expr.AsFloat64())
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, exprError(err)
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, exprError(err)
	}
	return &numExpr{prog: prog, src: src, refs: e.refs(tree.Node)}, nil
}

type refVisitor struct {
	env  *exprEnv
	seen map[int]bool
	refs []int
}

func (v *refVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		if q, ok := v.env.questions[id.Value]; ok && !v.seen[q.index] {
			v.seen[q.index] = true
			v.refs = append(v.refs, q.index)
		}
	}
}

func (e *exprEnv) refs(n ast.Node) []int {
	v := &refVisitor{env: e, seen: map[int]bool{}}
	ast.Walk(&n, v)
	return v.refs
}

// exprError flattens expr's multi-line errors (message, snippet, caret) into one line.
func exprError(err error) error {
	lines := strings.Split(strings.TrimRight(err.Error(), "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return errors.New(strings.Join(lines, " | "))
}
