package engine

import (
	"sync"
	"time"

	"policycheck/engine/exprlang"
)

// slot holds one answer with its type resolved once per estimate, so that
// compiled conditions read it without a map lookup or a type assertion.
type slot = exprlang.Value

// tri is a three-valued truth value (see exprlang.Tri).
type tri = exprlang.Tri

const (
	triFalse   = exprlang.False
	triTrue    = exprlang.True
	triUnknown = exprlang.Unknown
)

// stateOf names a condition's state in the report.
func stateOf(t tri) string {
	switch t {
	case triTrue:
		return StateMet
	case triFalse:
		return StateNotMet
	}
	return StateUnknown
}

// triNone marks a question whose relevance is not computed yet.
const triNone tri = -1

// evaluator holds the per-estimate state; evaluators are pooled and reused so
// that an estimate allocates little.
type evaluator struct {
	// State holds the answers by question index (Vals), the assessment
	// date and the expression errors of the rule being evaluated (Errs).
	exprlang.State
	c    *Catalogue
	rel  []tri  // relevance of each question, computed on demand
	open []bool // questions that would decide a possible rule
	// unsure marks the questions answered "not sure" (NotSure): unset for
	// every expression, but answered, so never open.
	unsure []bool

	assumedNow []int // questions given their assumed answer while a relevance is evaluated

	// asked, need and blocking are askedOn's buffers.
	asked, need []bool
	blocking    []deps

	// The outcome of the rule last evaluated (see ruleOut), in buffers
	// without pointers: evaluating a rule allocates nothing and, while the
	// garbage collector runs, triggers no write barrier.
	states buf[tri]   // per condition
	miss   buf[int32] // question indexes: each condition's missing ones, then the deciding ones, then the amount's
	missTo buf[int32] // per condition, where its missing questions end in miss

	json jsonScratch // EstimateJSON's buffers
}

// buf is a list that keeps its backing array: adding to it writes no
// pointer into the (heap-allocated) evaluator, so no write barrier runs
// while a garbage collection is in progress, which under js/wasm, where
// the collector only advances when the program allocates, can be for long.
type buf[T any] struct {
	b []T
	n int
}

func (s *buf[T]) push(v T) {
	if s.n == len(s.b) {
		nb := make([]T, max(64, 2*len(s.b)))
		copy(nb, s.b)
		s.b = nb
	}
	s.b[s.n] = v
	s.n++
}

func (s *buf[T]) at(i int) T { return s.b[i] }

// part returns elements from to to.
func (s *buf[T]) part(from, to int32) []T { return s.b[from:to] }

type evaluatorPool struct{ p sync.Pool }

func (p *evaluatorPool) init(c *Catalogue) {
	p.p.New = func() any {
		n := len(c.Questions)
		return &evaluator{State: exprlang.State{Vals: make([]slot, n)}, c: c, rel: make([]tri, n), open: make([]bool, n), unsure: make([]bool, n)}
	}
}

func (p *evaluatorPool) get(a Answers, date time.Time) *evaluator {
	ev := p.p.Get().(*evaluator)
	ev.Date, ev.Year = date, date.Year()
	ev.Errs = ev.Errs[:0]
	ev.load(a)
	return ev
}

func (p *evaluatorPool) put(ev *evaluator) { p.p.Put(ev) }

// load replaces every answer.
func (ev *evaluator) load(a Answers) {
	clear(ev.Vals)
	clear(ev.unsure)
	for k, v := range a {
		if q := ev.c.questionByID[k]; q != nil {
			ev.Vals[q.index] = slotOf(q, v)
			ev.unsure[q.index] = isNotSure(q, v)
		}
	}
	ev.resetDerived()
}

// set overrides one answer (the district comparison moves the company).
func (ev *evaluator) set(q *Question, v any) {
	ev.Vals[q.index] = slotOf(q, v)
	ev.unsure[q.index] = isNotSure(q, v)
	ev.resetDerived()
}

func (ev *evaluator) resetDerived() {
	for i := range ev.rel {
		ev.rel[i] = triNone
	}
	clear(ev.open)
}

// slotOf stores an answer as ValidateAnswers types it; a value of another
// type counts as unanswered.
func slotOf(q *Question, v any) slot {
	if isNotSure(q, v) {
		return slot{} // a deliberate unknown
	}
	return exprlang.ValueOf(exprType(q.Type), v)
}

// isNotSure reports whether v is the answer "not sure" to a question that offers it.
func isNotSure(q *Question, v any) bool {
	s, ok := v.(string)
	return ok && s == NotSure && q.NotSure != nil
}

// relevant is the relevance of question i, computed once per estimate.
func (ev *evaluator) relevant(i int) tri {
	if ev.rel[i] == triNone {
		ev.rel[i] = triTrue // a relevance that reads itself sees "shown"
		if q := ev.c.Questions[i]; q.relevant != nil {
			// Unanswered questions with an assumed answer take it, for
			// relevance only, and are cleared again afterwards (only those
			// this call set: relevant may run inside another relevant).
			start := len(ev.assumedNow)
			for _, a := range ev.c.assumed {
				if !ev.Vals[a.index].Set {
					ev.Vals[a.index] = *a.assumed
					ev.assumedNow = append(ev.assumedNow, a.index)
				}
			}
			t := ev.Eval(q.relevant)
			// A follow-up is never shown while what decides its relevance
			// is only questions that are unanswered and not shown themselves.
			if t == triUnknown && ev.onlyNotShown(q.relevant, i) {
				t = triFalse
			}
			for _, j := range ev.assumedNow[start:] {
				ev.Vals[j] = slot{}
			}
			ev.assumedNow = ev.assumedNow[:start]
			ev.rel[i] = t
		}
	}
	return ev.rel[i]
}

// onlyNotShown reports whether every part of c that is still unknown waits
// only on unanswered questions the questionnaire does not show (self, the
// question whose relevance c is, aside; -1 for a rule's condition). Such a
// condition does not apply: a question not shown is not unanswered.
func (ev *evaluator) onlyNotShown(c *exprlang.Cond, self int) bool {
	if c == nil || ev.Eval(c) != triUnknown {
		return true
	}
	switch c.Op {
	case exprlang.OpAnd, exprlang.OpOr, exprlang.OpCond:
		return ev.onlyNotShown(c.A, self) && ev.onlyNotShown(c.B, self) && ev.onlyNotShown(c.C, self)
	case exprlang.OpNot:
		return ev.onlyNotShown(c.A, self)
	}
	waits := false
	for _, i := range c.Refs {
		if ev.Vals[i].Set || i == self {
			continue
		}
		waits = true
		if ev.relevant(i) != triFalse {
			return false
		}
	}
	return waits
}

// missing appends to ev.miss the unanswered questions read by the unknown
// parts of c: a part whose value is already decided needs no answer. Only
// ev.miss[from:] is searched for duplicates.
func (ev *evaluator) missing(c *exprlang.Cond, from int) {
	if c == nil || ev.Eval(c) != triUnknown {
		return
	}
	switch c.Op {
	case exprlang.OpAnd, exprlang.OpOr, exprlang.OpCond:
		ev.missing(c.A, from)
		ev.missing(c.B, from)
		ev.missing(c.C, from)
		return
	case exprlang.OpNot:
		ev.missing(c.A, from)
		return
	}
	for _, i := range c.Refs {
		if !ev.Vals[i].Set {
			ev.addMiss(from, int32(i))
		}
	}
}

func (ev *evaluator) addMiss(from int, q int32) {
	for _, x := range ev.miss.b[from:ev.miss.n] {
		if x == q {
			return
		}
	}
	ev.miss.push(q)
}

// ruleOut is the outcome of one rule; its lists live in the evaluator's
// buffers until the next rule.
type ruleOut struct {
	status string
	// Each condition's state is ev.states[i]; its missing questions are
	// ev.miss[start:ev.missTo[i]], start being missFrom for the first and
	// the previous condition's end for the others.
	missFrom         int32
	decFrom, decTo   int32 // deciding questions, in ev.miss
	amount           amountOut
	errFrom, errTo   int  // expression errors, in ev.Errs
	failing, nFailed int  // the first failing condition, and how many fail
	unknown          bool // some condition is unknown
}

// amountOut is a rule's amount under the answers given.
type amountOut struct {
	min, max, perItem      float64
	hasMin, hasMax, hasPer bool
	missFrom, missTo       int32 // unanswered questions the amount depends on, in ev.miss
}

// rule evaluates every condition and the amount of a rule.
func (ev *evaluator) rule(r *Rule) ruleOut {
	ev.states.n, ev.missTo.n, ev.miss.n = 0, 0, 0
	out := ruleOut{errFrom: len(ev.Errs), failing: -1}
	for i, cond := range r.All {
		t := ev.Eval(cond.expr)
		ev.states.push(t)
		switch t {
		case triFalse:
			out.nFailed++
			if out.failing < 0 {
				out.failing = i
			}
		case triUnknown:
			if ev.onlyNotShown(cond.expr, -1) {
				// Every question that would decide the condition is one
				// the questionnaire does not show: it does not apply.
				ev.states.b[ev.states.n-1] = triFalse
				out.nFailed++
				if out.failing < 0 {
					out.failing = i
				}
				break
			}
			ev.missing(cond.expr, ev.miss.n)
			out.unknown = true
		}
		ev.missTo.push(int32(ev.miss.n))
	}
	out.decFrom = int32(ev.miss.n)
	switch {
	case out.nFailed > 0:
		out.status = StatusNotEligible
	case out.unknown:
		out.status = StatusPossible
	default:
		out.status = StatusEligible
	}
	if out.status != StatusNotEligible {
		// A rule not in force on the assessment date asks nothing: no
		// answer can change what it adds (nothing).
		out.status = r.statusOn(ev.Date, out.status)
		if out.status == StatusPossible {
			ev.deciding(int(out.decFrom))
		}
	}
	out.decTo = int32(ev.miss.n)
	out.amount = ev.amount(&r.Amount)
	out.errTo = len(ev.Errs)
	return out
}

// deciding appends the questions whose answers would decide a possible rule.
// Questions that are not yet surely relevant (a follow-up such as the
// move-in year, before "did you move in" is answered) are left out in favour
// of the questions that gate them, unless nothing else remains.
func (ev *evaluator) deciding(from int) {
	end := int32(from)
	gated := false
	start := int32(0)
	for _, to := range ev.missTo.part(0, int32(ev.missTo.n)) {
		for _, q := range ev.miss.part(start, to) {
			if ev.relevant(int(q)) == triTrue {
				gated = true
				ev.addMiss(from, q)
			}
		}
		start = to
	}
	if !gated {
		start = 0
		for _, to := range ev.missTo.part(0, int32(ev.missTo.n)) {
			for _, q := range ev.miss.part(start, to) {
				ev.addMiss(from, q)
			}
			start = to
		}
	}
	for _, q := range ev.miss.part(end, int32(ev.miss.n)) {
		ev.open[q] = true
	}
}

// number evaluates a formula: ok is false when a question it reads is
// unanswered (appended to ev.miss) or the formula fails.
func (ev *evaluator) number(n *exprlang.Num, from int) (float64, bool) {
	missing := false
	for _, i := range n.Refs {
		if !ev.Vals[i].Set {
			ev.addMiss(from, int32(i))
			missing = true
		}
	}
	if missing {
		return 0, false
	}
	return ev.Number(n)
}

func (ev *evaluator) amount(a *Amount) amountOut {
	out := amountOut{missFrom: int32(ev.miss.n)}
	if a.minNum != nil {
		out.min, out.hasMin = *a.minNum, true
	}
	if a.maxNum != nil {
		out.max, out.hasMax = *a.maxNum, true
	}
	switch a.Kind {
	case AmountPerItem:
		out.perItem, out.hasPer = *a.Value, true
		if v := ev.Vals[a.countQ.index]; v.Set {
			n := float64(v.I) * *a.Value
			out.min, out.max, out.hasMin, out.hasMax = n, n, true, true
		} else {
			ev.miss.push(int32(a.countQ.index))
		}
	case AmountFormula:
		from := ev.miss.n
		lo, okLo := ev.number(a.minExpr, from)
		hi, okHi := ev.number(a.maxExpr, from)
		if okLo && okHi {
			out.min, out.max, out.hasMin, out.hasMax = min(lo, hi), max(lo, hi), true, true
		} else {
			out.hasMin, out.hasMax = false, false
		}
	}
	out.missTo = int32(ev.miss.n)
	return out
}

// result turns the outcome of the rule last evaluated into a RuleResult,
// whose lists are cut from b.
func (ev *evaluator) result(r *Rule, out *ruleOut, brief bool, res *RuleResult, b *reportBuffers) {
	n := len(r.All)
	*res = RuleResult{
		Rule: r.ID, Document: r.Document, Certainty: r.Certainty, Period: r.Period, Status: out.status,
		Conditions: b.conds[:n:n],
	}
	b.conds = b.conds[n:]
	switch out.status {
	case StatusLapsed:
		res.Lapse = r.lapse
	case StatusNotIssued:
		res.Lapse = r.notIssued
	}
	if !brief {
		res.Title = &r.Title
		res.Citation = r.citation
		res.Currency = &b.docs[r.docIndex]
		res.Obligations, res.Stacking = r.obligations, r.stacking
		res.Later = r.later
	}
	start := out.missFrom
	for i, cond := range r.All {
		cr := ConditionResult{ID: cond.ID, Kind: cond.Kind, State: stateOf(ev.states.at(i))}
		if !brief {
			cr.Label = &cond.Label
		}
		cr.Missing = b.ids(ev, ev.miss.part(start, ev.missTo.at(i)))
		start = ev.missTo.at(i)
		res.Conditions[i] = cr
	}
	res.Deciding = b.ids(ev, ev.miss.part(out.decFrom, out.decTo))
	res.Amount = ev.amountResult(&r.Amount, &out.amount)
	if out.errTo > out.errFrom {
		res.Errors = append([]string(nil), ev.Errs[out.errFrom:out.errTo]...)
	}
}

func (ev *evaluator) amountResult(a *Amount, o *amountOut) AmountResult {
	res := AmountResult{Kind: a.Kind, Unit: a.Unit}
	switch a.Kind {
	case AmountPerItem, AmountFormula:
		if o.hasMin {
			lo, hi := o.min, o.max
			res.Min, res.Max = &lo, &hi
		}
		if o.hasPer {
			res.PerItem = a.Value
		}
	default:
		res.Min, res.Max = a.minNum, a.maxNum
	}
	if o.missTo > o.missFrom {
		res.Missing = make([]string, 0, o.missTo-o.missFrom)
		for _, q := range ev.miss.part(o.missFrom, o.missTo) {
			res.Missing = append(res.Missing, ev.c.Questions[q].ID)
		}
	}
	return res
}

// reportBuffers are backing arrays shared by the results of one report.
type reportBuffers struct {
	docs  []DocumentStatus // by document index
	conds []ConditionResult
	strs  []string
}

// ids appends the ids of questions qs to the shared buffer and returns them
// as a slice of their own (nil for none), capped so that later appends never
// write into it.
func (b *reportBuffers) ids(ev *evaluator, qs []int32) []string {
	if len(qs) == 0 {
		return nil
	}
	from := len(b.strs)
	for _, q := range qs {
		b.strs = append(b.strs, ev.c.Questions[q].ID)
	}
	return b.strs[from:len(b.strs):len(b.strs)]
}

// outcome is a rule's status and amount alone, for the district comparison:
// it stops at the first condition that fails.
func (ev *evaluator) outcome(r *Rule) (string, amountOut) {
	unknown := false
	for _, cond := range r.All {
		switch ev.Eval(cond.expr) {
		case triFalse:
			return StatusNotEligible, amountOut{}
		case triUnknown:
			if ev.onlyNotShown(cond.expr, -1) {
				return StatusNotEligible, amountOut{}
			}
			unknown = true
		}
	}
	ev.miss.n = 0
	status := StatusEligible
	if unknown {
		status = StatusPossible
	}
	if status = r.statusOn(ev.Date, status); status != StatusEligible && status != StatusPossible {
		return status, amountOut{}
	}
	return status, ev.amount(&r.Amount)
}
