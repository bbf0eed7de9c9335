package exprlang_test

import (
	"math/rand/v2"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"policycheck/engine"
	"policycheck/engine/exprlang"
	"policycheck/rules"
)

// These tests hold the engine's own evaluator (parse.go, compile.go,
// fast.go) to expr's: the same expression, compiled by expr and run on its
// VM, must give the same value for the same answers.

// vmEnv compiles expressions with expr as the engine did before it had its
// own evaluator.
type vmEnv struct {
	opts []expr.Option
	vm   vm.VM
}

func newVMEnv(c *engine.Catalogue) *vmEnv {
	types := map[string]any{exprlang.AssessmentDate: time.Time{}, exprlang.AssessmentYear: 0}
	for _, q := range c.Questions {
		types[q.ID] = exprlang.ZeroOf(typeOf(q))
	}
	return &vmEnv{opts: []expr.Option{
		expr.Env(types),
		expr.Function("year_of", func(p ...any) (any, error) { return p[0].(time.Time).Year(), nil }, new(func(time.Time) int)),
		expr.Function("years_between", func(p ...any) (any, error) {
			return exprlang.YearsBetween(p[0].(time.Time), p[1].(time.Time)), nil
		}, new(func(time.Time, time.Time) int)),
	}}
}

func (e *vmEnv) compile(src string, as expr.Option) (*vm.Program, error) {
	return expr.Compile(src, append(append([]expr.Option{}, e.opts...), as)...)
}

// answerGen draws random answers, favouring the numbers the catalogue's
// expressions compare with and the values just beside them.
type answerGen struct {
	c       *engine.Catalogue
	rnd     *rand.Rand
	numbers []float64
}

func newAnswerGen(c *engine.Catalogue, seed uint64) *answerGen {
	g := &answerGen{c: c, rnd: rand.New(rand.NewPCG(seed, 7))}
	seen := map[float64]bool{}
	for _, src := range catalogueSources(c) {
		tree, err := parser.Parse(src.src)
		if err != nil {
			continue
		}
		ast.Find(tree.Node, func(n ast.Node) bool {
			var v float64
			switch n := n.(type) {
			case *ast.IntegerNode:
				v = float64(n.Value)
			case *ast.FloatNode:
				v = n.Value
			default:
				return false
			}
			for _, x := range []float64{v - 1, v, v + 1} {
				if !seen[x] {
					seen[x] = true
					g.numbers = append(g.numbers, x)
				}
			}
			return false
		})
	}
	return g
}

// answers returns typed answers; each question is unanswered with
// probability pUnset.
func (g *answerGen) answers(pUnset float64) engine.Answers {
	a := engine.Answers{}
	for _, q := range g.c.Questions {
		if g.rnd.Float64() < pUnset {
			continue
		}
		a[q.ID] = g.value(q)
	}
	return a
}

func (g *answerGen) number(q *engine.Question) float64 {
	lo, hi := num(q.Min), num(q.Max)
	if g.rnd.IntN(3) > 0 && len(g.numbers) > 0 {
		v := g.numbers[g.rnd.IntN(len(g.numbers))]
		if v >= lo && v <= hi {
			return v
		}
	}
	switch g.rnd.IntN(3) {
	case 0:
		return lo
	case 1:
		return lo + float64(g.rnd.IntN(int(min(hi-lo, 40))+1))
	}
	return lo + g.rnd.Float64()*(hi-lo)
}

func (g *answerGen) value(q *engine.Question) any {
	switch q.Type {
	case engine.TypeBool:
		return g.rnd.IntN(2) == 0
	case engine.TypeChoice:
		return q.Options[g.rnd.IntN(len(q.Options))].Value
	case engine.TypeMulti:
		out := []string{}
		for _, o := range q.Options {
			if g.rnd.IntN(3) == 0 {
				out = append(out, o.Value)
			}
		}
		return out
	case engine.TypeCount, engine.TypeYear:
		return int(g.number(q))
	case engine.TypeMoney:
		v := g.number(q)
		if g.rnd.IntN(2) == 0 {
			v = float64(int64(v))
		}
		return v
	case engine.TypeDate:
		return g.date(day(q.Min), day(q.Max))
	}
	panic(q.Type)
}

func (g *answerGen) date(lo, hi time.Time) time.Time {
	days := int(hi.Sub(lo).Hours()/24) + 1
	return lo.AddDate(0, 0, g.rnd.IntN(days))
}

func (g *answerGen) assessmentDate() time.Time {
	return g.date(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
}

// vmValues is the env expr's VM sees for answers a on date d.
func vmValues(a engine.Answers, d time.Time) map[string]any {
	env := map[string]any{exprlang.AssessmentDate: d, exprlang.AssessmentYear: d.Year()}
	for k, v := range a {
		env[k] = v
	}
	return env
}

type source struct {
	where, src string
	number     bool
}

// catalogueSources lists every expression of the catalogue, the facts
// derived from answers (such as small_micro) written out in place of their
// names, as the engine reads them, so that expr's VM can run them too.
func catalogueSources(c *engine.Catalogue) []source {
	var out []source
	add := func(where, src string, number bool) {
		out = append(out, source{where, expandDerived(c, src), number})
	}
	for _, d := range c.Derived {
		add("derived."+d.ID, d.When, false)
	}
	for _, q := range c.Questions {
		if q.Relevant != "" {
			add("questions."+q.ID+".relevant", q.Relevant, false)
		}
	}
	for _, r := range c.Rules {
		for _, cond := range r.All {
			add(r.ID+"."+cond.ID, cond.When, false)
		}
		if r.Amount.Kind == engine.AmountFormula {
			add(r.ID+".amount.min", r.Amount.Min.(string), true)
			add(r.ID+".amount.max", r.Amount.Max.(string), true)
		}
	}
	return out
}

var token = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*`)

// expandDerived writes each derived fact src reads as its definition, in
// parentheses.
func expandDerived(c *engine.Catalogue, src string) string {
	return token.ReplaceAllStringFunc(src, func(tok string) string {
		if d := c.DerivedFact(tok); d != nil {
			return "(" + expandDerived(c, d.When) + ")"
		}
		return tok
	})
}

func leaves(ce *exprlang.Cond, into []*exprlang.Cond) []*exprlang.Cond {
	if ce == nil {
		return into
	}
	if ce.Op == exprlang.OpLeaf {
		return append(into, ce)
	}
	return leaves(ce.C, leaves(ce.B, leaves(ce.A, into)))
}

func rounds(native, wasm int) int {
	if runtime.GOOS == "js" || testing.Short() {
		return wasm
	}
	return native
}

// TestFastPathAgreesWithVM evaluates every leaf of the real catalogue three
// ways (fast path, compiled closure, expr's VM) over many random answers.
func TestFastPathAgreesWithVM(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	ve := newVMEnv(c)
	type leafProg struct {
		leaf *exprlang.Cond
		prog *vm.Program
	}
	var all []leafProg
	seen := map[string]bool{}
	fast := 0
	for _, s := range catalogueSources(c) {
		if s.number {
			continue
		}
		ce, err := env(c).Condition(s.src)
		if err != nil {
			t.Fatalf("%s: %v", s.where, err)
		}
		for _, l := range leaves(ce, nil) {
			if seen[l.Source()] {
				continue
			}
			seen[l.Source()] = true
			prog, err := ve.compile(l.Source(), expr.AsBool())
			if err != nil {
				t.Fatalf("%s: expr cannot compile the leaf as the engine prints it, %q: %v", s.where, l.Source(), err)
			}
			all = append(all, leafProg{l, prog})
			if l.Fast() {
				fast++
			}
		}
	}
	t.Logf("%d distinct leaves, %d on the fast path", len(all), fast)
	if fast*10 < len(all)*8 {
		t.Errorf("only %d of %d leaves take the fast path", fast, len(all))
	}
	g := newAnswerGen(c, 1)
	checked := 0
	for range rounds(3000, 300) {
		a, d := g.answers(0.15), g.assessmentDate()
		ev := state(c, a, d)
		env := vmValues(a, d)
		for _, lp := range all {
			l := lp.leaf
			got := ev.Leaf(l)
			if got == exprlang.Unknown {
				for _, i := range l.Refs {
					if !ev.Vals[i].Set {
						goto next
					}
				}
				t.Fatalf("%s: unknown with every question answered (%v)", l.Source(), ev.Errs)
			}
			{
				out, err := ve.vm.Run(lp.prog, env)
				if err != nil {
					t.Fatalf("%s: VM: %v", l.Source(), err)
				}
				want := out.(bool)
				if (got == exprlang.True) != want {
					t.Fatalf("%s: engine %v, VM %v, answers %v, date %s", l.Source(), got == exprlang.True, want, a, d.Format(time.DateOnly))
				}
				if l.Fast() && l.Closure(ev) != want {
					t.Fatalf("%s: the compiled closure gives %v, the VM %v", l.Source(), !want, want)
				}
				checked++
			}
		next:
		}
	}
	if checked == 0 {
		t.Fatal("no leaf was evaluated")
	}
	t.Logf("%d leaf evaluations compared", checked)
}

// oldEval is the engine's three-valued evaluation as it was written on top
// of expr: split at the connectives of expr's AST, each leaf run on the VM
// once the questions it reads are answered.
type oldEval struct {
	ve    *vmEnv
	c     *engine.Catalogue
	progs map[string]*vm.Program
}

func (o *oldEval) eval(t *testing.T, n ast.Node, a engine.Answers, env map[string]any) exprlang.Tri {
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			x := o.eval(t, n.Left, a, env)
			if x == exprlang.False {
				return exprlang.False
			}
			y := o.eval(t, n.Right, a, env)
			if y == exprlang.False {
				return exprlang.False
			}
			if x == exprlang.True && y == exprlang.True {
				return exprlang.True
			}
			return exprlang.Unknown
		case "||", "or":
			x := o.eval(t, n.Left, a, env)
			if x == exprlang.True {
				return exprlang.True
			}
			y := o.eval(t, n.Right, a, env)
			if y == exprlang.True {
				return exprlang.True
			}
			if x == exprlang.False && y == exprlang.False {
				return exprlang.False
			}
			return exprlang.Unknown
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			switch o.eval(t, n.Node, a, env) {
			case exprlang.True:
				return exprlang.False
			case exprlang.False:
				return exprlang.True
			}
			return exprlang.Unknown
		}
	case *ast.ConditionalNode:
		switch o.eval(t, n.Cond, a, env) {
		case exprlang.True:
			return o.eval(t, n.Exp1, a, env)
		case exprlang.False:
			return o.eval(t, n.Exp2, a, env)
		}
		x, y := o.eval(t, n.Exp1, a, env), o.eval(t, n.Exp2, a, env)
		if x == y {
			return x
		}
		return exprlang.Unknown
	}
	var unanswered bool
	ast.Find(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.IdentifierNode); ok && o.c.Question(id.Value) != nil {
			if _, ok := a[id.Value]; !ok {
				unanswered = true
			}
		}
		return false
	})
	if unanswered {
		return exprlang.Unknown
	}
	src := n.String()
	prog := o.progs[src]
	if prog == nil {
		var err error
		if prog, err = o.ve.compile(src, expr.AsBool()); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		o.progs[src] = prog
	}
	out, err := o.ve.vm.Run(prog, env)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	if out.(bool) {
		return exprlang.True
	}
	return exprlang.False
}

// TestThreeValuedAgreesWithVM compares whole conditions, in three-valued
// logic with questions left unanswered, and every amount formula.
func TestThreeValuedAgreesWithVM(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	ve := newVMEnv(c)
	old := &oldEval{ve: ve, c: c, progs: map[string]*vm.Program{}}
	type cond struct {
		s    source
		tree ast.Node
		ce   *exprlang.Cond
		num  *exprlang.Num
		prog *vm.Program
	}
	var conds []cond
	seen := map[string]bool{}
	for _, s := range catalogueSources(c) {
		if seen[s.src] {
			continue
		}
		seen[s.src] = true
		tree, err := parser.Parse(s.src)
		if err != nil {
			t.Fatal(err)
		}
		cd := cond{s: s, tree: tree.Node}
		if s.number {
			if cd.num, err = env(c).Number(s.src); err != nil {
				t.Fatal(err)
			}
			if cd.prog, err = ve.compile(s.src, expr.AsFloat64()); err != nil {
				t.Fatal(err)
			}
		} else if cd.ce, err = env(c).Condition(s.src); err != nil {
			t.Fatal(err)
		}
		conds = append(conds, cd)
	}
	g := newAnswerGen(c, 2)
	for i := range rounds(3000, 300) {
		a, d := g.answers([]float64{0, 0.3, 0.7}[i%3]), g.assessmentDate()
		ev := state(c, a, d)
		env := vmValues(a, d)
		for _, cd := range conds {
			if cd.num != nil {
				got, ok, missing := numberOf(ev, cd.num)
				if missing {
					continue
				}
				out, err := ve.vm.Run(cd.prog, env)
				if err != nil {
					t.Fatalf("%s: %v", cd.s.src, err)
				}
				if !ok || got != out.(float64) {
					t.Fatalf("%s: engine %v (%v), VM %v", cd.s.src, got, ok, out)
				}
				continue
			}
			if got, want := ev.Eval(cd.ce), old.eval(t, cd.tree, a, env); got != want {
				t.Fatalf("%s (%s): engine %s, VM %s, answers %v", cd.s.where, cd.s.src, name(got), name(want), a)
			}
		}
	}
}

// exprGen writes random expressions in the subset, well or badly typed.
type exprGen struct {
	rnd *rand.Rand
	c   *engine.Catalogue
	qs  map[exprlang.Type][]*engine.Question
}

func (g *exprGen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *exprGen) gen(depth int, want exprlang.Type) string {
	if g.rnd.IntN(25) == 0 { // now and then, anything at all
		want = []exprlang.Type{exprlang.Bool, exprlang.Int, exprlang.Float, exprlang.String, exprlang.Date, exprlang.Strings}[g.rnd.IntN(6)]
	}
	if depth <= 0 || g.rnd.IntN(3) == 0 {
		return g.atom(want)
	}
	d := depth - 1
	switch want {
	case exprlang.Bool:
		switch g.rnd.IntN(9) {
		case 0:
			return g.gen(d, exprlang.Bool) + " " + g.pick([]string{"&&", "||", "and", "or"}) + " " + g.gen(d, exprlang.Bool)
		case 1:
			return g.pick([]string{"!", "not "}) + g.paren(d, exprlang.Bool)
		case 2:
			t := []exprlang.Type{exprlang.Int, exprlang.Float, exprlang.String, exprlang.Date}[g.rnd.IntN(4)]
			return g.gen(d, t) + " " + g.pick([]string{"==", "!=", "<", "<=", ">", ">="}) + " " + g.gen(d, t)
		case 3:
			return g.gen(d, exprlang.String) + g.pick([]string{" in ", " not in "}) + g.gen(d, exprlang.Strings)
		case 4:
			return g.gen(d, exprlang.Int) + " < " + g.gen(d, exprlang.Int) + " <= " + g.gen(d, exprlang.Int)
		case 5:
			return g.paren(d, exprlang.Bool) + " ? " + g.paren(d, exprlang.Bool) + " : " + g.paren(d, exprlang.Bool)
		case 6:
			return g.gen(d, exprlang.Int) + g.pick([]string{" in ", " not in "}) + "[1, 2, 2016]"
		case 7:
			return g.paren(d, exprlang.Bool) + " == " + g.paren(d, exprlang.Bool)
		}
		return g.paren(d, exprlang.Bool)
	case exprlang.Int, exprlang.Float:
		switch g.rnd.IntN(6) {
		case 0:
			return g.gen(d, want) + " " + g.pick([]string{"+", "-", "*"}) + " " + g.gen(d, want)
		case 1:
			return g.gen(d, exprlang.Int) + " " + g.pick([]string{"/", "%", "**", "^"}) + " " + g.gen(d, exprlang.Int)
		case 2:
			return "-" + g.paren(d, want)
		case 3:
			return g.paren(d, exprlang.Bool) + " ? " + g.paren(d, want) + " : " + g.paren(d, want)
		case 4:
			return g.pick([]string{"year_of(", "years_between(" + g.gen(d, exprlang.Date) + ", "}) + g.gen(d, exprlang.Date) + ")"
		}
		return g.paren(d, want)
	case exprlang.String:
		if g.rnd.IntN(3) == 0 {
			return g.gen(d, exprlang.String) + " + " + g.gen(d, exprlang.String)
		}
	}
	return g.atom(want)
}

func (g *exprGen) paren(d int, want exprlang.Type) string { return "(" + g.gen(d, want) + ")" }

func (g *exprGen) atom(want exprlang.Type) string {
	if qs := g.qs[want]; len(qs) > 0 && g.rnd.IntN(3) > 0 {
		return qs[g.rnd.IntN(len(qs))].ID
	}
	switch want {
	case exprlang.Bool:
		return g.pick([]string{"true", "false"})
	case exprlang.Int:
		return g.pick([]string{"0", "1", "3", "2016", "assessment_year", "1_000", "0x10"})
	case exprlang.Float:
		return g.pick([]string{"0.5", "1.0", "1e8", "100000000.0", "2.5e-3"})
	case exprlang.String:
		return g.pick([]string{`"nanming"`, `"company"`, `"big_data"`, `'x'`, `""`, `"a\"b"`})
	case exprlang.Date:
		return exprlang.AssessmentDate
	case exprlang.Strings:
		return g.pick([]string{`["jingan", "nanming"]`, `["big_data"]`, `["a", "b",]`})
	}
	return "1"
}

// TestRandomExpressionsAgreeWithExpr writes random expressions: those expr
// rejects the engine must reject too (it checks alone under js/wasm), and
// those both accept must evaluate alike.
func TestRandomExpressionsAgreeWithExpr(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	own := exprlang.NewOwnEnv(vars(c))
	ve := newVMEnv(c)
	// expr's optimizer folds constants at compile time (so 16 % 0 fails to
	// compile); the catalogue's check does not optimise, and neither does this.
	ve.opts = append(ve.opts, expr.Optimize(false))
	g := &exprGen{rnd: rand.New(rand.NewPCG(3, 3)), c: c, qs: map[exprlang.Type][]*engine.Question{}}
	for _, q := range c.Questions {
		g.qs[typeOf(q)] = append(g.qs[typeOf(q)], q)
	}
	ag := newAnswerGen(c, 4)
	var both, exprOnly, neither int
	for i := range rounds(4000, 400) {
		src := g.gen(4, exprlang.Bool)
		if i%5 == 0 {
			src = g.gen(3, exprlang.Float)
		}
		number := i%5 == 0
		as := expr.AsBool()
		if number {
			as = expr.AsFloat64()
		}
		prog, exprErr := ve.compile(src, as)
		var ce *exprlang.Cond
		var ne *exprlang.Num
		var ownErr error
		if number {
			ne, ownErr = own.Number(src)
		} else {
			ce, ownErr = own.Condition(src)
		}
		switch {
		case exprErr != nil && ownErr == nil:
			t.Fatalf("%q: the engine accepts what expr rejects: %v", src, exprErr)
		case exprErr != nil:
			neither++
			continue
		case ownErr != nil:
			// Natively, expr's check comes first and the engine's refusal
			// is then reported as outside its subset.
			if _, err := env(c).Condition(src); runtime.GOOS != "js" && !number && (err == nil || !strings.Contains(err.Error(), "not supported by the engine's evaluator")) {
				t.Fatalf("%q: expr accepts it, the engine does not (%v), but the catalogue's check says %v", src, ownErr, err)
			}
			exprOnly++
			if testing.Verbose() && exprOnly < 40 {
				t.Logf("unsupported: %s: %v", src, ownErr)
			}
			continue
		}
		both++
		for range 20 {
			a, d := ag.answers(0), ag.assessmentDate()
			ev := state(c, a, d)
			out, err := ve.vm.Run(prog, vmValues(a, d))
			if number {
				got, ok, _ := numberOf(ev, ne)
				if err != nil {
					if len(ev.Errs) == 0 {
						t.Fatalf("%q: VM error %v, engine %v", src, err, got)
					}
				} else if !ok {
					f := out.(float64)
					if f == f && f-f == 0 { // finite: the engine must have a value
						t.Fatalf("%q: VM %v, engine none (%v)", src, f, ev.Errs)
					}
				} else if got != out.(float64) {
					t.Fatalf("%q: VM %v, engine %v", src, out, got)
				}
			} else {
				got := ev.Eval(ce)
				if err != nil {
					// The VM stops at the first error; the engine's
					// three-valued split goes on, but must record it.
					if len(ev.Errs) == 0 {
						t.Fatalf("%q: VM error %v, engine %s", src, err, name(got))
					}
				} else if want := map[bool]exprlang.Tri{true: exprlang.True, false: exprlang.False}[out.(bool)]; got != want {
					t.Fatalf("%q: VM %v, engine %s (answers %v, date %s)", src, out, name(got), a, d.Format(time.DateOnly))
				}
			}
		}
	}
	t.Logf("%d expressions accepted by both, %d by expr alone (unsupported), %d by neither", both, exprOnly, neither)
	if both < 10*exprOnly {
		t.Errorf("too many unsupported expressions: %d of %d", exprOnly, both+exprOnly)
	}
}

// The engine's messages for mistakes when expr is not there to check first.
func TestOwnCheckerMessages(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	own := exprlang.NewOwnEnv(vars(c))
	for src, want := range map[string]string{
		"patent_count > 0":                         "unknown name patent_count",
		"invention_patents + 1":                    "expected bool",
		`invention_patents > "many"`:               "invalid operation: > (mismatched types int and string)",
		"invention_patents >":                      "unexpected token",
		"hightech_certified && 1":                  "invalid operation: && (mismatched types bool and int)",
		`"a" matches "b"`:                          "not supported",
		"len(industries) > 0":                      "unknown func len",
		"moved_in ? 1 : 2.0 > 1":                   "different types",
		"year_of(2016) > 1":                        "cannot use int as argument",
		`registered_district in ["a", 1]`:          "mixing",
		"industries[0] == \"x\"":                   "indexing",
		"hightech_cert_year >= 2013 ?: false":      "not supported",
		"invention_patents >= 1; true":             "not supported",
		"nil == registered_district":               "not supported",
		"let x = 1; x > 0":                         "not supported",
		"registered_district.x == 1":               "member access",
		"invention_patents > 99999999999999999999": "invalid integer literal",
	} {
		_, err := own.Condition(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", src, err, want)
		}
	}
	if _, err := own.Condition("invention_patents >= 1"); err != nil {
		t.Error(err)
	}
}

// FuzzExpression feeds arbitrary text to the engine's own parser and
// checker: never a panic; nothing expr rejects; the same values as expr's
// VM for what both accept.
func FuzzExpression(f *testing.F) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range catalogueSources(c) {
		f.Add(s.src)
	}
	f.Add(`a not in ["x"] ? 1 : 2.5`)
	f.Add(`"unterminated`)
	f.Add(`((((`)
	ve := newVMEnv(c)
	ve.opts = append(ve.opts, expr.Optimize(false))
	g := newAnswerGen(c, 5)
	f.Fuzz(func(t *testing.T, src string) {
		own := exprlang.NewOwnEnv(vars(c))
		ce, ownErr := own.Condition(src)
		if ownErr != nil {
			return
		}
		prog, err := ve.compile(src, expr.AsBool())
		if err != nil {
			t.Fatalf("%q: the engine accepts what expr rejects: %v", src, err)
		}
		for range 5 {
			a, d := g.answers(0), g.assessmentDate()
			ev := state(c, a, d)
			got := ev.Eval(ce)
			out, err := ve.vm.Run(prog, vmValues(a, d))
			switch {
			case err != nil:
				if len(ev.Errs) == 0 {
					t.Fatalf("%q: VM error %v, engine %s", src, err, name(got))
				}
			case got != map[bool]exprlang.Tri{true: exprlang.True, false: exprlang.False}[out.(bool)]:
				t.Fatalf("%q: VM %v, engine %s", src, out, name(got))
			}
		}
	})
}
