package engine

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/expr-lang/expr/vm"
)

// Rule statuses.
const (
	StatusEligible    = "eligible"
	StatusPossible    = "possible"
	StatusNotEligible = "not_eligible"
)

// Condition states.
const (
	StateMet     = "met"
	StateNotMet  = "not_met"
	StateUnknown = "unknown"
)

// Options control an estimate.
type Options struct {
	// Date is the assessment date; the zero value means today.
	Date time.Time
	// Compare adds the district comparison to the report.
	Compare bool
	// Brief leaves out of each result what the catalogue already holds (the
	// rule's title, its citation and the condition labels), for callers such
	// as the page that have the catalogue at hand. It makes reports much smaller.
	Brief bool
}

// Report is the result of an estimate. Its JSON form is the stable output
// format of the engine, the command-line tool, the page and the API.
type Report struct {
	CatalogueVersion  string           `json:"catalogue_version"`
	AssessmentDate    string           `json:"assessment_date"`
	Totals            Totals           `json:"totals"`
	ByDocument        []GroupTotals    `json:"by_document"`
	ByRegion          []GroupTotals    `json:"by_region"`
	Results           []RuleResult     `json:"results"`
	NearMisses        []NearMiss       `json:"near_misses"`
	RelevantQuestions []string         `json:"relevant_questions"`
	OpenQuestions     []string         `json:"open_questions"`
	Comparison        []LocationTotals `json:"comparison,omitempty"`
}

// Range is an amount range in yuan.
type Range struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// Totals add up the amounts of eligible rules (min and max) and possible
// rules (max only), split by how often they are paid.
type Totals struct {
	OneTime     Range `json:"one_time"`
	Yearly      Range `json:"yearly"`
	Eligible    int   `json:"eligible"`
	Possible    int   `json:"possible"`
	NotEligible int   `json:"not_eligible"`
	// Unset counts eligible or possible rules that offer money without an amount.
	Unset int `json:"unset"`
	// Undetermined counts eligible or possible rules whose amount depends on an unanswered question.
	Undetermined int `json:"undetermined"`
	// NonMonetary counts eligible or possible rules that offer a service, space or channel.
	NonMonetary int `json:"non_monetary"`
}

// GroupTotals are totals for one document or region.
type GroupTotals struct {
	ID     string `json:"id"`
	Label  Text   `json:"label"`
	Totals Totals `json:"totals"`
}

// LocationTotals are the totals the same answers would get in one location.
type LocationTotals struct {
	ID      string `json:"id"`
	Label   Text   `json:"label"`
	Current bool   `json:"current"`
	Totals  Totals `json:"totals"`
}

// Citation locates a rule in its source.
type Citation struct {
	Document string `json:"document"`
	Title    Text   `json:"title"`
	Clause   string `json:"clause"`
	Quote    string `json:"quote"`
}

// ConditionResult is the state of one condition.
type ConditionResult struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Label   *Text    `json:"label,omitempty"`
	State   string   `json:"state"`
	Missing []string `json:"missing,omitempty"`
}

// AmountResult is a rule's amount under the answers given. Min and Max are
// null when the document sets no amount or an unanswered question decides it.
type AmountResult struct {
	Kind    string   `json:"kind"`
	Unit    string   `json:"unit"`
	Min     *float64 `json:"min"`
	Max     *float64 `json:"max"`
	PerItem *float64 `json:"per_item,omitempty"`
	Missing []string `json:"missing,omitempty"`
}

// RuleResult is the outcome of one rule.
type RuleResult struct {
	Rule       string            `json:"rule"`
	Document   string            `json:"document"`
	Title      *Text             `json:"title,omitempty"`
	Status     string            `json:"status"`
	Conditions []ConditionResult `json:"conditions"`
	Amount     AmountResult      `json:"amount"`
	Period     Period            `json:"period"`
	Deciding   []string          `json:"deciding_questions,omitempty"`
	Citation   *Citation         `json:"citation,omitempty"`
	Errors     []string          `json:"errors,omitempty"`
}

// NearMiss is a rule that fails on exactly one condition.
type NearMiss struct {
	Rule      string       `json:"rule"`
	Condition string       `json:"condition"`
	Amount    AmountResult `json:"amount"`
	Message   Text         `json:"message"`
}

// evaluator holds the per-estimate state; evaluators are pooled and reused so
// that an estimate allocates little and reuses one expr VM.
type evaluator struct {
	c        *Catalogue
	vm       vm.VM
	env      map[string]any
	answered []bool
	errs     []string
}

type evaluatorPool struct{ p sync.Pool }

func (p *evaluatorPool) init(c *Catalogue) {
	p.p.New = func() any {
		return &evaluator{c: c, env: make(map[string]any, len(c.Questions)+2), answered: make([]bool, len(c.Questions))}
	}
}

func (p *evaluatorPool) get(a Answers, date time.Time) *evaluator {
	ev := p.p.Get().(*evaluator)
	clear(ev.env)
	for i, q := range ev.c.Questions {
		v, ok := a[q.ID]
		ev.answered[i] = ok
		if ok {
			ev.env[q.ID] = v
		}
	}
	ev.env[varAssessmentDate] = date
	ev.env[varAssessmentYear] = date.Year()
	ev.errs = ev.errs[:0]
	return ev
}

func (p *evaluatorPool) put(ev *evaluator) { p.p.Put(ev) }

func (ev *evaluator) eval(c *condExpr) tri {
	switch c.op {
	case '&':
		a := ev.eval(c.a)
		if a == triFalse {
			return triFalse
		}
		b := ev.eval(c.b)
		if b == triFalse {
			return triFalse
		}
		if a == triTrue && b == triTrue {
			return triTrue
		}
		return triUnknown
	case '|':
		a := ev.eval(c.a)
		if a == triTrue {
			return triTrue
		}
		b := ev.eval(c.b)
		if b == triTrue {
			return triTrue
		}
		if a == triFalse && b == triFalse {
			return triFalse
		}
		return triUnknown
	case '!':
		switch ev.eval(c.a) {
		case triTrue:
			return triFalse
		case triFalse:
			return triTrue
		}
		return triUnknown
	case '?':
		switch ev.eval(c.a) {
		case triTrue:
			return ev.eval(c.b)
		case triFalse:
			return ev.eval(c.c)
		}
		b, d := ev.eval(c.b), ev.eval(c.c)
		if b == d {
			return b
		}
		return triUnknown
	}
	for _, i := range c.refs {
		if !ev.answered[i] {
			return triUnknown
		}
	}
	if c.fast.kind != 0 {
		return ev.evalFast(&c.fast)
	}
	out, err := ev.vm.Run(c.prog, ev.env)
	if err != nil {
		ev.errs = append(ev.errs, fmt.Sprintf("%s: %v", c.src, exprError(err)))
		return triUnknown
	}
	if b, ok := out.(bool); ok && b {
		return triTrue
	}
	return triFalse
}

// missing appends the unanswered questions read by the unknown parts of c:
// a part whose value is already decided needs no answer.
func (ev *evaluator) missing(c *condExpr, into []string) []string {
	if c == nil || ev.eval(c) != triUnknown {
		return into
	}
	switch c.op {
	case '&', '|', '?':
		into = ev.missing(c.a, into)
		into = ev.missing(c.b, into)
		return ev.missing(c.c, into)
	case '!':
		return ev.missing(c.a, into)
	}
	for _, i := range c.refs {
		if !ev.answered[i] {
			into = appendUnique(into, ev.c.Questions[i].ID)
		}
	}
	return into
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func (ev *evaluator) number(n *numExpr) (*float64, []string) {
	var miss []string
	for _, i := range n.refs {
		if !ev.answered[i] {
			miss = append(miss, ev.c.Questions[i].ID)
		}
	}
	if miss != nil {
		return nil, miss
	}
	out, err := ev.vm.Run(n.prog, ev.env)
	if err != nil {
		ev.errs = append(ev.errs, fmt.Sprintf("%s: %v", n.src, exprError(err)))
		return nil, nil
	}
	f, ok := out.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		ev.errs = append(ev.errs, fmt.Sprintf("%s: result is not a finite number", n.src))
		return nil, nil
	}
	return &f, nil
}

func (ev *evaluator) amount(a *Amount) AmountResult {
	res := AmountResult{Kind: a.Kind, Unit: a.Unit, Min: a.minNum, Max: a.maxNum}
	switch a.Kind {
	case AmountPerItem:
		res.PerItem = a.Value
		if ev.answered[a.countQ.index] {
			n := float64(ev.env[a.countQ.ID].(int)) * *a.Value
			res.Min, res.Max = &n, &n
		} else {
			res.Missing = []string{a.countQ.ID}
		}
	case AmountFormula:
		var m1, m2 []string
		res.Min, m1 = ev.number(a.minExpr)
		res.Max, m2 = ev.number(a.maxExpr)
		for _, m := range append(m1, m2...) {
			res.Missing = appendUnique(res.Missing, m)
		}
		if res.Min == nil || res.Max == nil {
			res.Min, res.Max = nil, nil
		} else if *res.Min > *res.Max {
			res.Min, res.Max = res.Max, res.Min
		}
	}
	return res
}

// Estimate evaluates every rule against the answers on the assessment date.
func (c *Catalogue) Estimate(a Answers, opt Options) (*Report, error) {
	if c == nil || c.env == nil {
		return nil, errNoCatalogue
	}
	date := opt.Date
	if date.IsZero() {
		now := time.Now()
		date = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	ev := c.pool.get(a, date)
	defer c.pool.put(ev)

	rep := &Report{
		CatalogueVersion: c.Version,
		AssessmentDate:   date.Format(time.DateOnly),
		Results:          make([]RuleResult, 0, len(c.Rules)),
		NearMisses:       []NearMiss{},
	}
	docIdx := map[string]int{}
	regionIdx := map[string]int{}
	for _, d := range c.Documents {
		docIdx[d.ID] = len(rep.ByDocument)
		rep.ByDocument = append(rep.ByDocument, GroupTotals{ID: d.ID, Label: d.Title})
		key := d.Region.Zh
		if _, ok := regionIdx[key]; !ok {
			regionIdx[key] = len(rep.ByRegion)
			rep.ByRegion = append(rep.ByRegion, GroupTotals{ID: d.ID, Label: d.Region})
		}
	}
	open := map[string]bool{}
	for _, r := range c.Rules {
		res := ev.rule(r, opt.Brief)
		rep.Results = append(rep.Results, res)
		rep.Totals.add(&res)
		rep.ByDocument[docIdx[r.Document]].Totals.add(&res)
		rep.ByRegion[regionIdx[r.doc.Region.Zh]].Totals.add(&res)
		if res.Status == StatusPossible {
			for _, q := range res.Deciding {
				open[q] = true
			}
		}
		if nm, ok := nearMiss(r, &res, opt.Brief); ok {
			rep.NearMisses = append(rep.NearMisses, nm)
		}
	}
	rep.RelevantQuestions = []string{}
	rep.OpenQuestions = []string{}
	for i, q := range c.Questions {
		if q.relevant != nil && ev.eval(q.relevant) == triFalse {
			continue
		}
		rep.RelevantQuestions = append(rep.RelevantQuestions, q.ID)
		if !ev.answered[i] && open[q.ID] {
			rep.OpenQuestions = append(rep.OpenQuestions, q.ID)
		}
	}
	if opt.Compare {
		rep.Comparison = c.compare(a, date)
	}
	return rep, nil
}

func (ev *evaluator) rule(r *Rule, brief bool) RuleResult {
	res := RuleResult{
		Rule: r.ID, Document: r.Document, Period: r.Period,
		Conditions: make([]ConditionResult, len(r.All)),
	}
	if !brief {
		res.Title = &r.Title
		res.Citation = &Citation{Document: r.Document, Title: r.doc.Title, Clause: r.Clause, Quote: r.Quote}
	}
	errsBefore := len(ev.errs)
	anyFalse, anyUnknown := false, false
	for i, cond := range r.All {
		t := ev.eval(cond.expr)
		cr := ConditionResult{ID: cond.ID, Kind: cond.Kind, State: t.state()}
		if !brief {
			cr.Label = &cond.Label
		}
		switch t {
		case triFalse:
			anyFalse = true
		case triUnknown:
			anyUnknown = true
			cr.Missing = ev.missing(cond.expr, nil)
		}
		res.Conditions[i] = cr
	}
	switch {
	case anyFalse:
		res.Status = StatusNotEligible
	case anyUnknown:
		res.Status = StatusPossible
		res.Deciding = ev.deciding(res.Conditions)
	default:
		res.Status = StatusEligible
	}
	res.Amount = ev.amount(&r.Amount)
	if len(ev.errs) > errsBefore {
		res.Errors = append([]string(nil), ev.errs[errsBefore:]...)
	}
	return res
}

// deciding lists the questions whose answers would decide a possible rule.
// Questions that are not yet surely relevant (a follow-up such as the
// move-in year, before "did you move in" is answered) are left out in favour
// of the questions that gate them, unless nothing else remains.
func (ev *evaluator) deciding(conds []ConditionResult) []string {
	var all, gated []string
	for _, cr := range conds {
		for _, m := range cr.Missing {
			all = appendUnique(all, m)
			q := ev.c.questionByID[m]
			if q.relevant != nil && ev.eval(q.relevant) != triTrue {
				continue
			}
			gated = appendUnique(gated, m)
		}
	}
	if len(gated) > 0 {
		return gated
	}
	return all
}

func (t *Totals) add(r *RuleResult) {
	switch r.Status {
	case StatusEligible:
		t.Eligible++
	case StatusPossible:
		t.Possible++
	default:
		t.NotEligible++
		return
	}
	switch r.Amount.Kind {
	case AmountUnset:
		t.Unset++
		return
	case AmountNone:
		t.NonMonetary++
		return
	}
	if r.Amount.Min == nil || r.Amount.Max == nil {
		t.Undetermined++
		return
	}
	rng := &t.OneTime
	if r.Period.Kind == PeriodYearly {
		rng = &t.Yearly
	}
	if r.Status == StatusEligible {
		rng.Min += *r.Amount.Min
	}
	rng.Max += *r.Amount.Max
}

func nearMiss(r *Rule, res *RuleResult, brief bool) (NearMiss, bool) {
	if res.Status != StatusNotEligible {
		return NearMiss{}, false
	}
	failing := -1
	for i, cr := range res.Conditions {
		if cr.State == StateUnknown {
			return NearMiss{}, false
		}
		if cr.State == StateNotMet {
			if failing >= 0 {
				return NearMiss{}, false
			}
			failing = i
		}
	}
	cr := res.Conditions[failing]
	if cr.Kind == "location" || cr.ID == "applicant" {
		return NearMiss{}, false
	}
	label := r.All[failing].Label
	return NearMiss{
		Rule: r.ID, Condition: cr.ID, Amount: res.Amount,
		Message: Text{
			Zh: fmt.Sprintf("若满足“%s”,可在%s获得%s(%s)", label.Zh, r.doc.Region.Zh, FormatAmount(res.Amount, r.Period, "zh"), r.Title.Zh),
			En: fmt.Sprintf("Meeting \"%s\" would add %s in %s (%s)", label.En, FormatAmount(res.Amount, r.Period, "en"), r.doc.Region.En, r.Title.En),
		},
	}, true
}

// FormatAmount renders an amount and its period in words, in "zh" or "en".
func FormatAmount(a AmountResult, p Period, lang string) string {
	zh := lang != "en"
	var s string
	switch {
	case a.Kind == AmountNone:
		if zh {
			return "非资金支持(服务、场地或渠道)"
		}
		return "non-monetary support (a service, space or channel)"
	case a.Kind == AmountUnset:
		if zh {
			return "资金支持(文件未规定金额)"
		}
		return "funding whose amount the document does not set"
	case a.Min == nil || a.Max == nil:
		if a.Kind == AmountPerItem && a.PerItem != nil {
			if zh {
				return FormatYuan(*a.PerItem, true) + "/项"
			}
			return FormatYuan(*a.PerItem, false) + " per item"
		}
		if zh {
			return "金额取决于尚未回答的问题"
		}
		return "an amount that depends on unanswered questions"
	case a.Kind == AmountCap:
		if zh {
			s = "最高" + FormatYuan(*a.Max, true)
		} else {
			s = "up to " + FormatYuan(*a.Max, false)
		}
	case *a.Min == *a.Max:
		s = FormatYuan(*a.Min, zh)
	default:
		if zh {
			s = FormatYuan(*a.Min, true) + "至" + FormatYuan(*a.Max, true)
		} else {
			s = FormatYuan(*a.Min, false) + " to " + FormatYuan(*a.Max, false)
		}
	}
	switch p.Kind {
	case PeriodYearly:
		if zh {
			s = "每年" + s
			if p.Years > 0 {
				s += fmt.Sprintf("(最多%d年)", p.Years)
			}
		} else {
			s += " a year"
			if p.Years > 0 {
				s += fmt.Sprintf(" (up to %d years)", p.Years)
			}
		}
	case PeriodOneTime:
		if zh {
			s = "一次性" + s
		} else {
			s += " once"
		}
	}
	return s
}

// FormatYuan writes an amount of yuan: "5万元" in Chinese, "50,000 yuan" in English.
func FormatYuan(v float64, zh bool) string {
	v = math.Round(v*100) / 100
	if zh {
		if v >= 10000 && math.Mod(v, 100) == 0 {
			return trimFloat(v/10000) + "万元"
		}
		return trimFloat(v) + "元"
	}
	return groupThousands(v) + " yuan"
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func groupThousands(v float64) string {
	s := trimFloat(v)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String() + frac
}

// compare evaluates the answers as if the company were in each location.
func (c *Catalogue) compare(a Answers, date time.Time) []LocationTotals {
	out := make([]LocationTotals, 0, len(c.Locations))
	for _, loc := range c.Locations {
		b := make(Answers, len(a)+len(loc.answers))
		for k, v := range a {
			b[k] = v
		}
		current := true
		for k, v := range loc.answers {
			if av, ok := a[k]; !ok || av != v {
				current = false
			}
			b[k] = v
		}
		ev := c.pool.get(b, date)
		lt := LocationTotals{ID: loc.ID, Label: loc.Label, Current: current}
		for _, r := range c.Rules {
			res := ev.rule(r, true)
			lt.Totals.add(&res)
		}
		c.pool.put(ev)
		out = append(out, lt)
	}
	return out
}
