package engine

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"policycheck/rules"
)

// These tests hold the engine's own evaluator (exprlang.go, exprcompile.go,
// fast.go) to expr's: the same expression, compiled by expr and run on its
// VM, must give the same value for the same answers.

// vmEnv compiles expressions with expr as the engine did before it had its
// own evaluator.
type vmEnv struct {
	opts []expr.Option
	vm   vm.VM
}

func newVMEnv(c *Catalogue) *vmEnv {
	types := map[string]any{varAssessmentDate: time.Time{}, varAssessmentYear: 0}
	for _, q := range c.Questions {
		types[q.ID] = zeroOf(q.Type)
	}
	return &vmEnv{opts: []expr.Option{
		expr.Env(types),
		expr.Function("year_of", func(p ...any) (any, error) { return p[0].(time.Time).Year(), nil }, new(func(time.Time) int)),
		expr.Function("years_between", func(p ...any) (any, error) {
			return yearsBetween(p[0].(time.Time), p[1].(time.Time)), nil
		}, new(func(time.Time, time.Time) int)),
	}}
}

func (e *vmEnv) compile(src string, as expr.Option) (*vm.Program, error) {
	return expr.Compile(src, append(append([]expr.Option{}, e.opts...), as)...)
}

// answerGen draws random answers, favouring the numbers the catalogue's
// expressions compare with and the values just beside them.
type answerGen struct {
	c       *Catalogue
	rnd     *rand.Rand
	numbers []float64
}

func newAnswerGen(c *Catalogue, seed uint64) *answerGen {
	g := &answerGen{c: c, rnd: rand.New(rand.NewPCG(seed, 7))}
	seen := map[float64]bool{}
	var walk func(n *xnode)
	walk = func(n *xnode) {
		if n.kind == xInt || n.kind == xFloat {
			v := n.flt
			if n.kind == xInt {
				v = float64(n.num)
			}
			for _, x := range []float64{v - 1, v, v + 1} {
				if !seen[x] {
					seen[x] = true
					g.numbers = append(g.numbers, x)
				}
			}
		}
		for _, a := range n.args {
			walk(a)
		}
	}
	for _, src := range catalogueSources(c) {
		if n, err := parseExpr(src.src); err == nil {
			walk(n)
		}
	}
	return g
}

// answers returns typed answers; each question is unanswered with
// probability pUnset.
func (g *answerGen) answers(pUnset float64) Answers {
	a := Answers{}
	for _, q := range g.c.Questions {
		if g.rnd.Float64() < pUnset {
			continue
		}
		a[q.ID] = g.value(q)
	}
	return a
}

func (g *answerGen) number(q *Question) float64 {
	lo, hi := q.minNum, q.maxNum
	if !q.hasMin {
		lo = 0
	}
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

func (g *answerGen) value(q *Question) any {
	switch q.Type {
	case TypeBool:
		return g.rnd.IntN(2) == 0
	case TypeChoice:
		return q.Options[g.rnd.IntN(len(q.Options))].Value
	case TypeMulti:
		out := []string{}
		for _, o := range q.Options {
			if g.rnd.IntN(3) == 0 {
				out = append(out, o.Value)
			}
		}
		return out
	case TypeCount, TypeYear:
		return int(g.number(q))
	case TypeMoney:
		v := g.number(q)
		if g.rnd.IntN(2) == 0 {
			v = float64(int64(v))
		}
		return v
	case TypeDate:
		return g.date(q.minDate, q.maxDate)
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
func vmValues(a Answers, d time.Time) map[string]any {
	env := map[string]any{varAssessmentDate: d, varAssessmentYear: d.Year()}
	for k, v := range a {
		env[k] = v
	}
	return env
}

type source struct {
	where, src string
	number     bool
}

// catalogueSources lists every expression of the catalogue.
func catalogueSources(c *Catalogue) []source {
	var out []source
	for _, q := range c.Questions {
		if q.Relevant != "" {
			out = append(out, source{"questions." + q.ID + ".relevant", q.Relevant, false})
		}
	}
	for _, r := range c.Rules {
		for _, cond := range r.All {
			out = append(out, source{r.ID + "." + cond.ID, cond.When, false})
		}
		if r.Amount.Kind == AmountFormula {
			out = append(out, source{r.ID + ".amount.min", r.Amount.Min.(string), true})
			out = append(out, source{r.ID + ".amount.max", r.Amount.Max.(string), true})
		}
	}
	return out
}

func leaves(ce *condExpr, into []*condExpr) []*condExpr {
	if ce == nil {
		return into
	}
	if ce.op == 'L' {
		return append(into, ce)
	}
	return leaves(ce.c, leaves(ce.b, leaves(ce.a, into)))
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
	c, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	ve := newVMEnv(c)
	type leafProg struct {
		leaf *condExpr
		prog *vm.Program
	}
	var all []leafProg
	seen := map[string]bool{}
	fast := 0
	for _, s := range catalogueSources(c) {
		if s.number {
			continue
		}
		ce, err := c.env.compileCondition(s.src)
		if err != nil {
			t.Fatalf("%s: %v", s.where, err)
		}
		for _, l := range leaves(ce, nil) {
			if seen[l.src] {
				continue
			}
			seen[l.src] = true
			prog, err := ve.compile(l.src, expr.AsBool())
			if err != nil {
				t.Fatalf("%s: expr cannot compile the leaf as the engine prints it, %q: %v", s.where, l.src, err)
			}
			all = append(all, leafProg{l, prog})
			if l.fast.kind != fastNone {
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
		ev := c.pool.get(a, d)
		env := vmValues(a, d)
		for _, lp := range all {
			l := lp.leaf
			got := ev.leaf(l)
			if got == triUnknown {
				for _, i := range l.refs {
					if !ev.vals[i].set {
						goto next
					}
				}
				t.Fatalf("%s: unknown with every question answered (%v)", l.src, ev.errs)
			}
			{
				out, err := ve.vm.Run(lp.prog, env)
				if err != nil {
					t.Fatalf("%s: VM: %v", l.src, err)
				}
				want := out.(bool)
				if (got == triTrue) != want {
					t.Fatalf("%s: engine %v, VM %v, answers %v, date %s", l.src, got == triTrue, want, a, d.Format(time.DateOnly))
				}
				if l.fast.kind != fastNone && l.fn(ev) != want {
					t.Fatalf("%s: the compiled closure gives %v, the VM %v", l.src, !want, want)
				}
				checked++
			}
		next:
		}
		c.pool.put(ev)
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
	c     *Catalogue
	progs map[string]*vm.Program
}

func (o *oldEval) eval(t *testing.T, n ast.Node, a Answers, env map[string]any) tri {
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			x := o.eval(t, n.Left, a, env)
			if x == triFalse {
				return triFalse
			}
			y := o.eval(t, n.Right, a, env)
			if y == triFalse {
				return triFalse
			}
			if x == triTrue && y == triTrue {
				return triTrue
			}
			return triUnknown
		case "||", "or":
			x := o.eval(t, n.Left, a, env)
			if x == triTrue {
				return triTrue
			}
			y := o.eval(t, n.Right, a, env)
			if y == triTrue {
				return triTrue
			}
			if x == triFalse && y == triFalse {
				return triFalse
			}
			return triUnknown
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			switch o.eval(t, n.Node, a, env) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
			return triUnknown
		}
	case *ast.ConditionalNode:
		switch o.eval(t, n.Cond, a, env) {
		case triTrue:
			return o.eval(t, n.Exp1, a, env)
		case triFalse:
			return o.eval(t, n.Exp2, a, env)
		}
		x, y := o.eval(t, n.Exp1, a, env), o.eval(t, n.Exp2, a, env)
		if x == y {
			return x
		}
		return triUnknown
	}
	var unanswered bool
	ast.Find(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.IdentifierNode); ok && o.c.questionByID[id.Value] != nil {
			if _, ok := a[id.Value]; !ok {
				unanswered = true
			}
		}
		return false
	})
	if unanswered {
		return triUnknown
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
		return triTrue
	}
	return triFalse
}

// TestThreeValuedAgreesWithVM compares whole conditions, in three-valued
// logic with questions left unanswered, and every amount formula.
func TestThreeValuedAgreesWithVM(t *testing.T) {
	c, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	ve := newVMEnv(c)
	old := &oldEval{ve: ve, c: c, progs: map[string]*vm.Program{}}
	type cond struct {
		s    source
		tree ast.Node
		ce   *condExpr
		num  *numExpr
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
			if cd.num, err = c.env.compileNumber(s.src); err != nil {
				t.Fatal(err)
			}
			if cd.prog, err = ve.compile(s.src, expr.AsFloat64()); err != nil {
				t.Fatal(err)
			}
		} else if cd.ce, err = c.env.compileCondition(s.src); err != nil {
			t.Fatal(err)
		}
		conds = append(conds, cd)
	}
	g := newAnswerGen(c, 2)
	for i := range rounds(3000, 300) {
		a, d := g.answers([]float64{0, 0.3, 0.7}[i%3]), g.assessmentDate()
		ev := c.pool.get(a, d)
		env := vmValues(a, d)
		for _, cd := range conds {
			if cd.num != nil {
				ev.miss.n = 0
				got, ok := ev.number(cd.num, 0)
				if ev.miss.n > 0 {
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
			if got, want := ev.eval(cd.ce), old.eval(t, cd.tree, a, env); got != want {
				t.Fatalf("%s (%s): engine %s, VM %s, answers %v", cd.s.where, cd.s.src, got.state(), want.state(), a)
			}
		}
		c.pool.put(ev)
	}
}

// exprGen writes random expressions in the subset, well or badly typed.
type exprGen struct {
	rnd *rand.Rand
	c   *Catalogue
	qs  map[vtype][]*Question
}

func (g *exprGen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *exprGen) gen(depth int, want vtype) string {
	if g.rnd.IntN(25) == 0 { // now and then, anything at all
		want = []vtype{vBool, vInt, vFloat, vString, vDate, vStrings}[g.rnd.IntN(6)]
	}
	if depth <= 0 || g.rnd.IntN(3) == 0 {
		return g.atom(want)
	}
	d := depth - 1
	switch want {
	case vBool:
		switch g.rnd.IntN(9) {
		case 0:
			return g.gen(d, vBool) + " " + g.pick([]string{"&&", "||", "and", "or"}) + " " + g.gen(d, vBool)
		case 1:
			return g.pick([]string{"!", "not "}) + g.paren(d, vBool)
		case 2:
			t := []vtype{vInt, vFloat, vString, vDate}[g.rnd.IntN(4)]
			return g.gen(d, t) + " " + g.pick([]string{"==", "!=", "<", "<=", ">", ">="}) + " " + g.gen(d, t)
		case 3:
			return g.gen(d, vString) + g.pick([]string{" in ", " not in "}) + g.gen(d, vStrings)
		case 4:
			return g.gen(d, vInt) + " < " + g.gen(d, vInt) + " <= " + g.gen(d, vInt)
		case 5:
			return g.paren(d, vBool) + " ? " + g.paren(d, vBool) + " : " + g.paren(d, vBool)
		case 6:
			return g.gen(d, vInt) + g.pick([]string{" in ", " not in "}) + "[1, 2, 2016]"
		case 7:
			return g.paren(d, vBool) + " == " + g.paren(d, vBool)
		}
		return g.paren(d, vBool)
	case vInt, vFloat:
		switch g.rnd.IntN(6) {
		case 0:
			return g.gen(d, want) + " " + g.pick([]string{"+", "-", "*"}) + " " + g.gen(d, want)
		case 1:
			return g.gen(d, vInt) + " " + g.pick([]string{"/", "%", "**", "^"}) + " " + g.gen(d, vInt)
		case 2:
			return "-" + g.paren(d, want)
		case 3:
			return g.paren(d, vBool) + " ? " + g.paren(d, want) + " : " + g.paren(d, want)
		case 4:
			return g.pick([]string{"year_of(", "years_between(" + g.gen(d, vDate) + ", "}) + g.gen(d, vDate) + ")"
		}
		return g.paren(d, want)
	case vString:
		if g.rnd.IntN(3) == 0 {
			return g.gen(d, vString) + " + " + g.gen(d, vString)
		}
	}
	return g.atom(want)
}

func (g *exprGen) paren(d int, want vtype) string { return "(" + g.gen(d, want) + ")" }

func (g *exprGen) atom(want vtype) string {
	if qs := g.qs[want]; len(qs) > 0 && g.rnd.IntN(3) > 0 {
		return qs[g.rnd.IntN(len(qs))].ID
	}
	switch want {
	case vBool:
		return g.pick([]string{"true", "false"})
	case vInt:
		return g.pick([]string{"0", "1", "3", "2016", "assessment_year", "1_000", "0x10"})
	case vFloat:
		return g.pick([]string{"0.5", "1.0", "1e8", "100000000.0", "2.5e-3"})
	case vString:
		return g.pick([]string{`"nanming"`, `"company"`, `"big_data"`, `'x'`, `""`, `"a\"b"`})
	case vDate:
		return varAssessmentDate
	case vStrings:
		return g.pick([]string{`["jingan", "nanming"]`, `["big_data"]`, `["a", "b",]`})
	}
	return "1"
}

// TestRandomExpressionsAgreeWithExpr writes random expressions: those expr
// rejects the engine must reject too (it checks alone under js/wasm), and
// those both accept must evaluate alike.
func TestRandomExpressionsAgreeWithExpr(t *testing.T) {
	c, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	own := &exprEnv{questions: c.env.questions, conds: map[string]*condExpr{}, nums: map[string]*numExpr{}}
	ve := newVMEnv(c)
	// expr's optimizer folds constants at compile time (so 16 % 0 fails to
	// compile); the catalogue's check does not optimise, and neither does this.
	ve.opts = append(ve.opts, expr.Optimize(false))
	g := &exprGen{rnd: rand.New(rand.NewPCG(3, 3)), c: c, qs: map[vtype][]*Question{}}
	for _, q := range c.Questions {
		g.qs[typeOfQuestion(q)] = append(g.qs[typeOfQuestion(q)], q)
	}
	ag := newAnswerGen(c, 4)
	var both, exprOnly, neither int
	for i := range rounds(4000, 400) {
		src := g.gen(4, vBool)
		if i%5 == 0 {
			src = g.gen(3, vFloat)
		}
		number := i%5 == 0
		as := expr.AsBool()
		if number {
			as = expr.AsFloat64()
		}
		prog, exprErr := ve.compile(src, as)
		var ce *condExpr
		var ne *numExpr
		var ownErr error
		if number {
			ne, ownErr = own.compileNumber(src)
		} else {
			ce, ownErr = own.compileCondition(src)
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
			if _, err := c.env.compileCondition(src); runtime.GOOS != "js" && !number && (err == nil || !strings.Contains(err.Error(), "not supported by the engine's evaluator")) {
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
			ev := c.pool.get(a, d)
			out, err := ve.vm.Run(prog, vmValues(a, d))
			if number {
				got, ok := ev.number(ne, 0)
				if err != nil {
					if len(ev.errs) == 0 {
						t.Fatalf("%q: VM error %v, engine %v", src, err, got)
					}
				} else if !ok {
					f := out.(float64)
					if f == f && f-f == 0 { // finite: the engine must have a value
						t.Fatalf("%q: VM %v, engine none (%v)", src, f, ev.errs)
					}
				} else if got != out.(float64) {
					t.Fatalf("%q: VM %v, engine %v", src, out, got)
				}
			} else {
				got := ev.eval(ce)
				if err != nil {
					// The VM stops at the first error; the engine's
					// three-valued split goes on, but must record it.
					if len(ev.errs) == 0 {
						t.Fatalf("%q: VM error %v, engine %s", src, err, got.state())
					}
				} else if want := map[bool]tri{true: triTrue, false: triFalse}[out.(bool)]; got != want {
					t.Fatalf("%q: VM %v, engine %s (answers %v, date %s)", src, out, got.state(), a, d.Format(time.DateOnly))
				}
			}
			c.pool.put(ev)
		}
	}
	t.Logf("%d expressions accepted by both, %d by expr alone (unsupported), %d by neither", both, exprOnly, neither)
	if both < 10*exprOnly {
		t.Errorf("too many unsupported expressions: %d of %d", exprOnly, both+exprOnly)
	}
}

// The engine's messages for mistakes when expr is not there to check first.
func TestOwnCheckerMessages(t *testing.T) {
	c, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	own := &exprEnv{questions: c.env.questions, conds: map[string]*condExpr{}, nums: map[string]*numExpr{}}
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
		_, err := own.compileCondition(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", src, err, want)
		}
	}
	if _, err := own.compileCondition("invention_patents >= 1"); err != nil {
		t.Error(err)
	}
}

func ExampleCatalogue_EstimateJSON() {
	c, err := Load(rules.FS)
	if err != nil {
		panic(err)
	}
	a, _ := c.ParseAnswers([]byte(`{"organisation_kind": "company", "registered_district": "nanming"}`))
	out, err := c.EstimateJSON(nil, a, Options{Date: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), Brief: true})
	fmt.Println(err == nil, strings.HasPrefix(string(out), `{"format_version":2,"catalogue_version":`))
	// Output: true true
}

// FuzzExpression feeds arbitrary text to the engine's own parser and
// checker: never a panic; nothing expr rejects; the same values as expr's
// VM for what both accept.
func FuzzExpression(f *testing.F) {
	c, err := Load(rules.FS)
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
		own := &exprEnv{questions: c.env.questions, conds: map[string]*condExpr{}, nums: map[string]*numExpr{}}
		ce, ownErr := own.compileCondition(src)
		if ownErr != nil {
			return
		}
		prog, err := ve.compile(src, expr.AsBool())
		if err != nil {
			t.Fatalf("%q: the engine accepts what expr rejects: %v", src, err)
		}
		for range 5 {
			a, d := g.answers(0), g.assessmentDate()
			ev := c.pool.get(a, d)
			got := ev.eval(ce)
			out, err := ve.vm.Run(prog, vmValues(a, d))
			switch {
			case err != nil:
				if len(ev.errs) == 0 {
					t.Fatalf("%q: VM error %v, engine %s", src, err, got.state())
				}
			case got != map[bool]tri{true: triTrue, false: triFalse}[out.(bool)]:
				t.Fatalf("%q: VM %v, engine %s", src, out, got.state())
			}
			c.pool.put(ev)
		}
	})
}
