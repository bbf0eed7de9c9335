// Package peers builds the work two other rule engines are timed on: the
// distinct leaf conditions of the real catalogue (the parts between its
// "and", "or" and "not", e.g. `invention_patents >= 1`, `"big_data" in
// industries`, `registered_district in ["jingan", "hongkou"]`), each
// translated into GoRules ZEN's expression language and into JsonLogic, and
// sets of answers to evaluate them on, with the results the engine gives.
//
// Every question is answered, so that all three evaluate the same plain
// two-valued conditions (ZEN and JsonLogic have no notion of "unanswered").
// Leaves that read dates (year_of, years_between) are left out: JsonLogic
// has no dates.
package peers

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"policycheck/engine"
)

// Leaf is one condition in the three languages.
type Leaf struct {
	Src       string   `json:"src"`       // the engine's (expr syntax)
	Zen       string   `json:"zen"`       // GoRules ZEN expression
	JSONLogic any      `json:"jsonlogic"` // JsonLogic rule
	Vars      []string `json:"vars"`      // the questions it reads
	// Unary is the leaf as a ZEN unary test of its one question ($), when
	// it compares the question with a constant: ">= 2016", `"national"`.
	Unary    string `json:"unary,omitempty"`
	UnaryVar string `json:"unary_var,omitempty"`
	Uses     int    `json:"uses"` // how many rule conditions contain it
}

// Set is the benchmark's work: every leaf on every set of answers.
type Set struct {
	Catalogue string           `json:"catalogue"`
	Date      string           `json:"date"`
	Leaves    []Leaf           `json:"leaves"`
	Answers   []map[string]any `json:"answers"` // JSON-ready, every question answered
	Expect    [][]bool         `json:"expect"`  // Expect[answers][leaf], as the engine evaluates it
	Skipped   []string         `json:"skipped"` // leaves that could not be translated, and why
}

// Build collects and translates the leaves of c's rule conditions and draws
// n sets of answers.
func Build(c *engine.Catalogue, n int, seed uint64) (*Set, error) {
	date := "2018-06-01"
	s := &Set{Catalogue: c.Version, Date: date}
	uses := map[string]int{}
	var order []string
	for _, r := range c.Rules {
		for _, cond := range r.AllConditions() {
			e, err := c.CompileExpression(cond.When)
			if err != nil {
				return nil, err
			}
			for _, l := range e.Leaves() {
				if uses[l] == 0 {
					order = append(order, l)
				}
				uses[l]++
			}
		}
	}
	nums := map[string][]float64{} // constants each question is compared with
	for _, src := range order {
		leaf, err := translate(c, src)
		if err != nil {
			s.Skipped = append(s.Skipped, src+": "+err.Error())
			continue
		}
		leaf.Uses = uses[src]
		s.Leaves = append(s.Leaves, leaf)
		collectNumbers(src, nums)
	}
	rnd := rand.New(rand.NewPCG(seed, 1))
	d, _ := time.Parse(time.DateOnly, date)
	exprs := make([]*engine.Expression, len(s.Leaves))
	for i, l := range s.Leaves {
		e, err := c.CompileExpression(l.Src)
		if err != nil {
			return nil, err
		}
		exprs[i] = e
	}
	for len(s.Answers) < n {
		raw := map[string]any{}
		for _, q := range c.Questions {
			raw[q.ID] = value(rnd, q, nums[q.ID])
		}
		a, err := c.ValidateAnswers(raw)
		if err != nil {
			continue // a value out of range: draw again
		}
		states := c.EvaluateAll(a, d, exprs, nil)
		row := make([]bool, len(states))
		for i, st := range states {
			if st == engine.StateUnknown {
				return nil, fmt.Errorf("%s is unknown with every question answered", s.Leaves[i].Src)
			}
			row[i] = st == engine.StateMet
		}
		s.Answers = append(s.Answers, a.ToJSON())
		s.Expect = append(s.Expect, row)
	}
	return s, nil
}

// JSON encodes the set.
func (s *Set) JSON() ([]byte, error) { return json.Marshal(s) }

func value(rnd *rand.Rand, q *engine.Question, consts []float64) any {
	num := func(lo, hi float64) float64 {
		if len(consts) > 0 && rnd.IntN(2) == 0 {
			v := consts[rnd.IntN(len(consts))] + float64(rnd.IntN(3)-1)
			if v >= lo && v <= hi {
				return v
			}
		}
		if rnd.IntN(2) == 0 {
			return lo + float64(rnd.IntN(int(min(hi-lo, 30))+1))
		}
		return lo + float64(int64(rnd.Float64()*(hi-lo)))
	}
	bound := func(v any, def float64) float64 {
		if f, err := strconv.ParseFloat(fmt.Sprint(v), 64); err == nil {
			return f
		}
		return def
	}
	switch q.Type {
	case engine.TypeBool:
		return rnd.IntN(2) == 0
	case engine.TypeChoice:
		return q.Options[rnd.IntN(len(q.Options))].Value
	case engine.TypeMulti:
		out := []any{}
		for _, o := range q.Options {
			if rnd.IntN(3) == 0 {
				out = append(out, o.Value)
			}
		}
		return out
	case engine.TypeCount, engine.TypeYear, engine.TypeMoney:
		return num(bound(q.Min, 0), bound(q.Max, 1e9))
	case engine.TypeDate:
		return time.Date(2005+rnd.IntN(15), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	return nil
}

func collectNumbers(src string, into map[string][]float64) {
	tree, err := parser.Parse(src)
	if err != nil {
		return
	}
	ast.Find(tree.Node, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryNode)
		if !ok {
			return false
		}
		id, ok := b.Left.(*ast.IdentifierNode)
		if !ok {
			return false
		}
		switch v := b.Right.(type) {
		case *ast.IntegerNode:
			into[id.Value] = append(into[id.Value], float64(v.Value))
		case *ast.FloatNode:
			into[id.Value] = append(into[id.Value], v.Value)
		}
		return false
	})
}

// translate writes a leaf in ZEN and JsonLogic.
func translate(c *engine.Catalogue, src string) (Leaf, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return Leaf{}, err
	}
	t := &translator{c: c, vars: map[string]bool{}}
	zen, logic, err := t.node(tree.Node)
	if err != nil {
		return Leaf{}, err
	}
	if id, ok := tree.Node.(*ast.IdentifierNode); ok {
		logic = map[string]any{"!!": []any{logic}} // a yes/no question: its truth
		_ = id
	}
	l := Leaf{Src: src, Zen: zen, JSONLogic: logic}
	for v := range t.vars {
		l.Vars = append(l.Vars, v)
	}
	sort.Strings(l.Vars)
	if b, ok := tree.Node.(*ast.BinaryNode); ok {
		if id, ok := b.Left.(*ast.IdentifierNode); ok && c.Question(id.Value) != nil {
			switch b.Right.(type) {
			case *ast.IntegerNode, *ast.FloatNode, *ast.StringNode:
				rz, _, _ := t.node(b.Right)
				switch b.Operator {
				case "==":
					l.Unary, l.UnaryVar = rz, id.Value
				case "<", "<=", ">", ">=":
					l.Unary, l.UnaryVar = b.Operator+" "+rz, id.Value
				}
			}
		}
	}
	return l, nil
}

type translator struct {
	c    *engine.Catalogue
	vars map[string]bool
}

var logicOps = map[string]string{"==": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
	"+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "&&": "and", "and": "and", "||": "or", "or": "or", "in": "in"}

var zenOps = map[string]string{"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
	"+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "&&": "and", "and": "and", "||": "or", "or": "or", "in": "in"}

func (t *translator) node(n ast.Node) (string, any, error) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if t.c.Question(n.Value) == nil {
			return "", nil, fmt.Errorf("reads %s, not a question", n.Value)
		}
		if q := t.c.Question(n.Value); q.Type == engine.TypeDate {
			return "", nil, fmt.Errorf("reads the date %s", n.Value)
		}
		t.vars[n.Value] = true
		return n.Value, map[string]any{"var": n.Value}, nil
	case *ast.StringNode:
		b, _ := json.Marshal(n.Value)
		return string(b), n.Value, nil
	case *ast.IntegerNode:
		return strconv.Itoa(n.Value), n.Value, nil
	case *ast.FloatNode:
		return strconv.FormatFloat(n.Value, 'f', -1, 64), n.Value, nil
	case *ast.BoolNode:
		return strconv.FormatBool(n.Value), n.Value, nil
	case *ast.ArrayNode:
		var zs []string
		var ls []any
		for _, e := range n.Nodes {
			z, l, err := t.node(e)
			if err != nil {
				return "", nil, err
			}
			zs, ls = append(zs, z), append(ls, l)
		}
		return "[" + strings.Join(zs, ", ") + "]", ls, nil
	case *ast.UnaryNode:
		z, l, err := t.node(n.Node)
		if err != nil {
			return "", nil, err
		}
		switch n.Operator {
		case "!", "not":
			return "not (" + z + ")", map[string]any{"!": []any{l}}, nil
		case "-":
			return "-(" + z + ")", map[string]any{"-": []any{l}}, nil
		}
	case *ast.BinaryNode:
		lz, ll, err := t.node(n.Left)
		if err != nil {
			return "", nil, err
		}
		rz, rl, err := t.node(n.Right)
		if err != nil {
			return "", nil, err
		}
		zop, ok1 := zenOps[n.Operator]
		lop, ok2 := logicOps[n.Operator]
		if ok1 && ok2 {
			return "(" + lz + " " + zop + " " + rz + ")", map[string]any{lop: []any{ll, rl}}, nil
		}
	case *ast.CallNode, *ast.BuiltinNode:
		return "", nil, fmt.Errorf("calls a function (dates)")
	}
	return "", nil, fmt.Errorf("cannot translate %T %s", n, n.String())
}
