package engine

import (
	"bytes"
	"errors"
	"math"
	"policycheck/jsoncodec"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The report's JSON, written without reflection: byte for byte what
// jsoncodec.Marshal (encoding/json with HTML escaping off, or goccy/go-json)
// writes for a Report, field order, omitempty and number formatting
// included. Under js/wasm, encoding/json took as long as the estimate
// itself. The functions append to a []byte held in a local variable, as
// strconv's Append functions do: appending through a pointer would run a
// write barrier on every append while a garbage collection is in progress.

var errJSONFloat = errors.New("json: unsupported value: NaN or infinite number")

// AppendJSON appends the report as JSON to dst.
func (r *Report) AppendJSON(dst []byte) ([]byte, error) {
	bad := false
	var whole partWriter // with no report held or recorded: every part written
	b := append(dst, `{"format_version":`...)
	b = strconv.AppendInt(b, int64(r.FormatVersion), 10)
	b = append(b, `,"catalogue_version":`...)
	b = appendStr(b, r.CatalogueVersion)
	b = append(b, `,"assessment_date":`...)
	b = appendStr(b, r.AssessmentDate)
	b = append(b, `,"headline":`...)
	b = appendText(b, &r.Headline)
	b = append(b, `,"totals":`...)
	b = appendTotals(b, &r.Totals, &bad)
	b = append(b, `,"documents":`...)
	b = appendDocStatuses(b, r.Documents)
	b = append(b, `,"by_document":`...)
	b = whole.groups(b, r.ByDocument, partByDocument, &bad)
	b = append(b, `,"by_region":`...)
	b = whole.groups(b, r.ByRegion, partByRegion, &bad)
	b = append(b, `,"results":`...)
	if r.Results == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Results {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendResult(b, &r.Results[i], &bad)
		}
		b = append(b, ']')
	}
	b = append(b, `,"near_misses":`...)
	if r.NearMisses == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.NearMisses {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendNearMiss(b, &r.NearMisses[i], &bad)
		}
		b = append(b, ']')
	}
	b = append(b, `,"relevant_questions":`...)
	b = appendStrs(b, r.RelevantQuestions)
	b = append(b, `,"open_questions":`...)
	b = appendStrs(b, r.OpenQuestions)
	b = append(b, `,"derived":`...)
	b = appendDerivedValues(b, r.Derived)
	b = whole.comparison(b, r.Comparison, &bad)
	b = append(b, '}')
	if bad {
		return dst, errJSONFloat
	}
	return b, nil
}

func appendNearMiss(b []byte, nm *NearMiss, bad *bool) []byte {
	b = append(b, `{"rule":`...)
	b = appendStr(b, nm.Rule)
	b = append(b, `,"condition":`...)
	b = appendStr(b, nm.Condition)
	b = append(b, `,"amount":`...)
	b = appendAmount(b, &nm.Amount, bad)
	b = append(b, `,"message":`...)
	b = appendText(b, &nm.Message)
	return append(b, '}')
}

// appendLocation writes one place of the comparison.
func appendLocation(b []byte, l *LocationTotals, bad *bool) []byte {
	b = append(b, `{"id":`...)
	b = appendStr(b, l.ID)
	b = append(b, `,"label":`...)
	b = appendText(b, &l.Label)
	b = append(b, `,"current":`...)
	b = strconv.AppendBool(b, l.Current)
	b = append(b, `,"totals":`...)
	b = appendTotals(b, &l.Totals, bad)
	return append(b, '}')
}

func appendResult(b []byte, r *RuleResult, bad *bool) []byte {
	b = append(b, `{"rule":`...)
	b = appendStr(b, r.Rule)
	b = append(b, `,"document":`...)
	b = appendStr(b, r.Document)
	b = append(b, `,"certainty":`...)
	b = appendStr(b, r.Certainty)
	if r.Title != nil {
		b = append(b, `,"title":`...)
		b = appendText(b, r.Title)
	}
	b = append(b, `,"status":`...)
	b = appendStr(b, r.Status)
	if r.Lapse != nil {
		b = appendLapse(b, r.Lapse)
	}
	b = append(b, `,"conditions":`...)
	if r.Conditions == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Conditions {
			if i > 0 {
				b = append(b, ',')
			}
			c := &r.Conditions[i]
			b = append(b, `{"id":`...)
			b = appendStr(b, c.ID)
			b = append(b, `,"kind":`...)
			b = appendStr(b, c.Kind)
			if c.Label != nil {
				b = append(b, `,"label":`...)
				b = appendText(b, c.Label)
			}
			b = append(b, `,"state":`...)
			b = appendStr(b, c.State)
			if len(c.Missing) > 0 {
				b = append(b, `,"missing":`...)
				b = appendStrs(b, c.Missing)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"amount":`...)
	b = appendAmount(b, &r.Amount, bad)
	b = appendPeriod(b, &r.Period)
	if len(r.Deciding) > 0 {
		b = append(b, `,"deciding_questions":`...)
		b = appendStrs(b, r.Deciding)
	}
	if r.Citation != nil {
		b = appendCitation(b, r.Citation)
	}
	if r.Currency != nil {
		b = append(b, `,"currency":`...)
		b = appendDocStatus(b, r.Currency)
	}
	b = appendRuleProvisions(b, r.Obligations, r.Stacking, r.Later)
	if len(r.Errors) > 0 {
		b = append(b, `,"errors":`...)
		b = appendStrs(b, r.Errors)
	}
	return append(b, '}')
}

func appendPeriod(b []byte, p *Period) []byte {
	b = append(b, `,"period":{"kind":`...)
	b = appendStr(b, p.Kind)
	if p.Years != 0 {
		b = append(b, `,"years":`...)
		b = strconv.AppendInt(b, int64(p.Years), 10)
	}
	return append(b, '}')
}

func appendCitation(b []byte, c *Citation) []byte {
	b = append(b, `,"citation":{"document":`...)
	b = appendStr(b, c.Document)
	b = append(b, `,"title":`...)
	b = appendText(b, &c.Title)
	b = append(b, `,"clause":`...)
	b = appendStr(b, c.Clause)
	b = append(b, `,"quote":`...)
	b = appendStr(b, c.Quote)
	return append(b, '}')
}

func appendAmount(b []byte, a *AmountResult, bad *bool) []byte {
	b = append(b, `{"kind":`...)
	b = appendStr(b, a.Kind)
	b = append(b, `,"unit":`...)
	b = appendStr(b, a.Unit)
	b = append(b, `,"min":`...)
	b = appendFloatPtr(b, a.Min, bad)
	b = append(b, `,"max":`...)
	b = appendFloatPtr(b, a.Max, bad)
	if a.PerItem != nil {
		b = append(b, `,"per_item":`...)
		b = appendFloat(b, *a.PerItem, bad)
	}
	if len(a.Missing) > 0 {
		b = append(b, `,"missing":`...)
		b = appendStrs(b, a.Missing)
	}
	return append(b, '}')
}

func appendTotals(b []byte, t *Totals, bad *bool) []byte {
	b = append(b, `{"secured":{"one_time":`...)
	b = appendFloat(b, t.Secured.OneTime, bad)
	b = append(b, `,"yearly":`...)
	b = appendFloat(b, t.Secured.Yearly, bad)
	b = append(b, `},"possibly_more":{"one_time":`...)
	b = appendFloat(b, t.PossiblyMore.OneTime, bad)
	b = append(b, `,"yearly":`...)
	b = appendFloat(b, t.PossiblyMore.Yearly, bad)
	for _, f := range [...]struct {
		name string
		n    int
	}{{`},"eligible":`, t.Eligible}, {`,"discretionary":`, t.Discretionary},
		{`,"fixed":`, t.Fixed}, {`,"official":`, t.Official}, {`,"not_money":`, t.NotMoney}, {`,"possible":`, t.Possible},
		{`,"not_eligible":`, t.NotEligible}, {`,"lapsed":`, t.Lapsed}, {`,"not_issued":`, t.NotIssued}, {`,"unset":`, t.Unset},
		{`,"unset_eligible":`, t.UnsetEligible}, {`,"undetermined":`, t.Undetermined},
		{`,"services":`, t.Services}, {`,"national":`, t.National}} {
		b = append(b, f.name...)
		b = strconv.AppendInt(b, int64(f.n), 10)
	}
	return append(b, '}')
}

func appendLapse(b []byte, l *Lapse) []byte {
	b = append(b, `,"lapse":{"by":`...)
	b = appendStr(b, l.By)
	b = append(b, `,"basis":`...)
	b = appendStr(b, l.Basis)
	b = append(b, `,"until":`...)
	b = appendStr(b, l.Until)
	if l.Quote != "" {
		b = append(b, `,"quote":`...)
		b = appendStr(b, l.Quote)
	}
	b = append(b, `,"message":`...)
	b = appendText(b, &l.Message)
	return append(b, '}')
}

// appendRuleProvisions writes a result's `,"obligations":[…]`,
// `,"stacking":[…]` and `,"later":[…]`, each when not empty: for a
// RuleResult and for the full report's prepared parts alike.
func appendRuleProvisions(b []byte, obligations, stacking []Provision, later []*Later) []byte {
	if len(obligations) > 0 {
		b = append(b, `,"obligations":`...)
		b = appendProvisions(b, obligations)
	}
	if len(stacking) > 0 {
		b = append(b, `,"stacking":`...)
		b = appendProvisions(b, stacking)
	}
	if len(later) > 0 {
		b = append(b, `,"later":[`...)
		for i, l := range later {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendLater(b, l)
		}
		b = append(b, ']')
	}
	return b
}

// appendLater writes one later document as jsoncodec.Marshal writes a Later.
func appendLater(b []byte, l *Later) []byte {
	b = append(b, `{"title":`...)
	b = appendText(b, &l.Title)
	b = append(b, `,"issuer":`...)
	b = appendText(b, &l.Issuer)
	if l.Number != "" {
		b = append(b, `,"number":`...)
		b = appendStr(b, l.Number)
	}
	b = append(b, `,"date":`...)
	b = appendStr(b, l.Date)
	b = append(b, `,"relation":`...)
	b = appendStr(b, l.Relation)
	if len(l.Rules) > 0 {
		b = append(b, `,"rules":`...)
		b = appendStrs(b, l.Rules)
	}
	if l.Ends != "" {
		b = append(b, `,"ends":`...)
		b = appendStr(b, l.Ends)
	}
	if l.Words != "" {
		b = append(b, `,"words":`...)
		b = appendStr(b, l.Words)
	}
	b = append(b, `,"note":`...)
	b = appendText(b, &l.Note)
	b = append(b, `,"found":`...)
	b = appendStr(b, l.Found)
	return append(b, '}')
}

func appendProvisions(b []byte, ps []Provision) []byte {
	if ps == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"zh":`...)
		b = appendStr(b, ps[i].Zh)
		b = append(b, `,"en":`...)
		b = appendStr(b, ps[i].En)
		if ps[i].Quote != "" {
			b = append(b, `,"quote":`...)
			b = appendStr(b, ps[i].Quote)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendDocStatus(b []byte, d *DocumentStatus) []byte {
	b = append(b, `{"document":`...)
	b = appendStr(b, d.Document)
	b = append(b, `,"state":`...)
	b = appendStr(b, d.State)
	b = append(b, `,"issued":`...)
	b = appendStr(b, d.Issued)
	if d.From != "" {
		b = append(b, `,"from":`...)
		b = appendStr(b, d.From)
	}
	if d.Until != "" {
		b = append(b, `,"until":`...)
		b = appendStr(b, d.Until)
	}
	if d.Trial {
		b = append(b, `,"trial":true`...)
	}
	b = append(b, `,"basis":`...)
	b = appendStr(b, d.Basis)
	b = append(b, `,"age_years":`...)
	b = strconv.AppendInt(b, int64(d.AgeYears), 10)
	b = append(b, `,"assess_on":`...)
	b = appendStr(b, d.AssessOn)
	b = append(b, `,"message":`...)
	b = appendText(b, &d.Message)
	b = append(b, `,"obligations":`...)
	b = appendProvisions(b, d.Obligations)
	b = append(b, `,"stacking":`...)
	b = appendProvisions(b, d.Stacking)
	return append(b, '}')
}

func appendDocStatuses(b []byte, ds []DocumentStatus) []byte {
	if ds == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range ds {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendDocStatus(b, &ds[i])
	}
	return append(b, ']')
}

// appendGroup writes the totals of one document or region.
func appendGroup(b []byte, g *GroupTotals, bad *bool) []byte {
	b = append(b, `{"id":`...)
	b = appendStr(b, g.ID)
	b = append(b, `,"label":`...)
	b = appendText(b, &g.Label)
	b = append(b, `,"totals":`...)
	b = appendTotals(b, &g.Totals, bad)
	return append(b, '}')
}

func appendText(b []byte, t *Text) []byte {
	b = append(b, `{"zh":`...)
	b = appendStr(b, t.Zh)
	b = append(b, `,"en":`...)
	b = appendStr(b, t.En)
	return append(b, '}')
}

func appendStrs(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, s)
	}
	return append(b, ']')
}

func appendFloatPtr(b []byte, f *float64, bad *bool) []byte {
	if f == nil {
		return append(b, "null"...)
	}
	return appendFloat(b, *f, bad)
}

// appendFloat writes a number as encoding/json does: like %g, but without
// an exponent between 1e-6 and 1e21, and e-7 rather than e-07. NaN and
// infinities, which JSON cannot hold, set *bad.
func appendFloat(b []byte, f float64, bad *bool) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		*bad = true
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendStr writes a string as encoding/json does with HTML escaping off
// (see jsoncodec.AppendString).
func appendStr(b []byte, s string) []byte { return jsoncodec.AppendString(b, s) }

// span is a piece of jsonPlan.text (or, for the full report's parts, of
// fullPlan.text).
type span struct{ from, to int32 }

// jsonPlan holds the parts of every rule's JSON that no answer changes,
// escaped once when the catalogue loads, so that EstimateJSON copies them.
// The parts only the full report writes (titles, condition labels,
// citations, provisions: most of the text) are escaped on the first full
// report (full), so that a start that writes only brief reports (the page)
// does not pay for them.
type jsonPlan struct {
	text  []byte
	rules []ruleFrags // by rule
	conds []span      // `{"id":"…","kind":"…"` of every condition, rule after rule
	qids  []span      // `"question_id"` by question index
	full  *fullPlan
}

// fullPlan holds the full report's parts, escaped on first use.
type fullPlan struct {
	once   sync.Once
	text   []byte
	rules  []fullFrags // by rule
	labels []span      // `,"label":{…}` of every condition, as jsonPlan.conds
}

type ruleFrags struct {
	head      span  // `{"rule":"…","document":"…"`
	amount    span  // `{"kind":"…","unit":"…","min":`
	period    span  // `,"period":{…}`
	lapse     span  // `,"lapse":{…}` (empty when the rule has no lapse)
	notIssued span  // `,"lapse":{…}` for a date before its document was issued
	cond0     int32 // the rule's first condition in conds and labels
}

// fullFrags are a rule's parts of the full report: `,"title":{…}`,
// `,"citation":{…}`, and `,"obligations":[…],"stacking":[…]` (each when present).
type fullFrags struct {
	title, citation, provisions span
}

func (c *Catalogue) prepareJSON() {
	p := &c.json
	var b []byte
	mark := func(from int) span { return span{int32(from), int32(len(b))} }
	for _, q := range c.Questions {
		from := len(b)
		b = appendStr(b, q.ID)
		p.qids = append(p.qids, mark(from))
	}
	for _, r := range c.Rules {
		f := ruleFrags{cond0: int32(len(p.conds))}
		from := len(b)
		b = append(b, `{"rule":`...)
		b = appendStr(b, r.ID)
		b = append(b, `,"document":`...)
		b = appendStr(b, r.Document)
		b = append(b, `,"certainty":`...)
		b = appendStr(b, r.Certainty)
		f.head = mark(from)
		for _, cond := range r.All {
			from = len(b)
			b = append(b, `{"id":`...)
			b = appendStr(b, cond.ID)
			b = append(b, `,"kind":`...)
			b = appendStr(b, cond.Kind)
			p.conds = append(p.conds, mark(from))
		}
		from = len(b)
		b = append(b, `{"kind":`...)
		b = appendStr(b, r.Amount.Kind)
		b = append(b, `,"unit":`...)
		b = appendStr(b, r.Amount.Unit)
		b = append(b, `,"min":`...)
		f.amount = mark(from)
		from = len(b)
		b = appendPeriod(b, &r.Period)
		f.period = mark(from)
		if r.lapse != nil {
			from = len(b)
			b = appendLapse(b, r.lapse)
			f.lapse = mark(from)
		}
		from = len(b)
		b = appendLapse(b, r.notIssued)
		f.notIssued = mark(from)
		p.rules = append(p.rules, f)
	}
	p.text = b
	p.full = &fullPlan{}
}

// fullJSON returns the full report's parts, escaping them on the first call.
func (c *Catalogue) fullJSON() *fullPlan {
	fp := c.json.full
	fp.once.Do(func() {
		var b []byte
		mark := func(from int) span { return span{int32(from), int32(len(b))} }
		for _, r := range c.Rules {
			var f fullFrags
			for _, cond := range r.All {
				from := len(b)
				b = append(b, `,"label":`...)
				b = appendText(b, &cond.Label)
				fp.labels = append(fp.labels, mark(from))
			}
			from := len(b)
			b = append(b, `,"title":`...)
			b = appendText(b, &r.Title)
			f.title = mark(from)
			from = len(b)
			b = appendCitation(b, r.citation)
			f.citation = mark(from)
			from = len(b)
			b = appendRuleProvisions(b, r.obligations, r.stacking, r.later)
			f.provisions = mark(from)
			fp.rules = append(fp.rules, f)
		}
		fp.text = b
	})
	return fp
}

func (fp *fullPlan) appendSpan(b []byte, s span) []byte { return append(b, fp.text[s.from:s.to]...) }

func (p *jsonPlan) appendSpan(b []byte, s span) []byte { return append(b, p.text[s.from:s.to]...) }

func (p *jsonPlan) appendQIDs(b []byte, qs []int32) []byte {
	b = append(b, '[')
	for i, q := range qs {
		if i > 0 {
			b = append(b, ',')
		}
		b = p.appendSpan(b, p.qids[q])
	}
	return append(b, ']')
}

var stateJSON = [...]string{triFalse: `,"state":"not_met"`, triTrue: `,"state":"met"`, triUnknown: `,"state":"unknown"`}

// appendRule writes the outcome of rule i, last evaluated by ev, as
// appendResult writes its RuleResult.
func (c *Catalogue) appendRule(b []byte, i int, ev *evaluator, out *ruleOut, brief bool, bad *bool) []byte {
	p := &c.json
	f := &p.rules[i]
	r := c.Rules[i]
	var fp *fullPlan
	var ff *fullFrags
	if !brief {
		fp = c.fullJSON()
		ff = &fp.rules[i]
	}
	b = p.appendSpan(b, f.head)
	if !brief {
		b = fp.appendSpan(b, ff.title)
	}
	b = append(b, `,"status":`...)
	b = appendStr(b, out.status)
	switch out.status {
	case StatusLapsed:
		b = p.appendSpan(b, f.lapse)
	case StatusNotIssued:
		b = p.appendSpan(b, f.notIssued)
	}
	b = append(b, `,"conditions":[`...)
	start := out.missFrom
	for j := range r.All {
		if j > 0 {
			b = append(b, ',')
		}
		b = p.appendSpan(b, p.conds[int(f.cond0)+j])
		if !brief {
			b = fp.appendSpan(b, fp.labels[int(f.cond0)+j])
		}
		b = append(b, stateJSON[ev.states.at(j)]...)
		if end := ev.missTo.at(j); end > start {
			b = append(b, `,"missing":`...)
			b = p.appendQIDs(b, ev.miss.part(start, end))
			start = end
		}
		b = append(b, '}')
	}
	b = append(b, `],"amount":`...)
	o := &out.amount
	b = p.appendSpan(b, f.amount)
	if o.hasMin {
		b = appendFloat(b, o.min, bad)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"max":`...)
	if o.hasMax {
		b = appendFloat(b, o.max, bad)
	} else {
		b = append(b, "null"...)
	}
	if o.hasPer {
		b = append(b, `,"per_item":`...)
		b = appendFloat(b, o.perItem, bad)
	}
	if o.missTo > o.missFrom {
		b = append(b, `,"missing":`...)
		b = p.appendQIDs(b, ev.miss.part(o.missFrom, o.missTo))
	}
	b = append(b, '}')
	b = p.appendSpan(b, f.period)
	if out.decTo > out.decFrom {
		b = append(b, `,"deciding_questions":`...)
		b = p.appendQIDs(b, ev.miss.part(out.decFrom, out.decTo))
	}
	if !brief {
		b = fp.appendSpan(b, ff.citation)
		b = append(b, `,"currency":`...)
		st := ev.json.statusJSON[r.docIndex]
		b = append(b, ev.json.docJSON[st.from:st.to]...)
		b = fp.appendSpan(b, ff.provisions)
	}
	if out.errTo > out.errFrom {
		b = append(b, `,"errors":`...)
		b = appendStrs(b, ev.Errs[out.errFrom:out.errTo])
	}
	return append(b, '}')
}

// jsonScratch is EstimateJSON's working space, kept by pooled evaluators.
type jsonScratch struct {
	results      []byte
	ends         []int32 // where each result ends in results
	reused       []bool  // whether each result was taken from Options.Unchanged
	docs, region []GroupTotals
	near         []NearMiss
	*statusesAt  // the documents' currency at the estimate's date (shared: read only)
}

// statusesAt is every document's currency at one date, and its JSON for
// the documents and every rule's currency: statusJSON[i] is status[i] in
// docJSON. The page estimates many times at one date: the catalogue keeps
// the last date's (Catalogue.statuses) rather than write the same
// messages again for every estimate.
type statusesAt struct {
	date   time.Time
	status []DocumentStatus
	// inForce says which questions a rule in force can read (questionsInForce).
	inForce    []bool
	docJSON    []byte
	statusJSON []span
}

// statusesOn returns the documents' currency at date, from the last date's
// if it is the same.
func (c *Catalogue) statusesOn(date time.Time) *statusesAt {
	if p := c.statuses.Load(); p != nil && p.date.Equal(date) {
		return p
	}
	p := &statusesAt{date: date, status: c.documentStatuses(date), inForce: c.questionsInForce(date)}
	for i := range p.status {
		from := len(p.docJSON)
		p.docJSON = appendDocStatus(p.docJSON, &p.status[i])
		p.statusJSON = append(p.statusJSON, span{int32(from), int32(len(p.docJSON))})
	}
	c.statuses.Store(p)
	return p
}

// EstimateJSON evaluates like Estimate and appends the report as JSON to
// dst: the same bytes as jsoncodec.Marshal of Estimate's report. It builds
// no Report: each rule's outcome is written as soon as it is known, from
// the parts of its JSON prepared when the catalogue loaded, into buffers the
// engine reuses from one estimate to the next. It is the fast path for
// callers that send the report on, such as the page.
func (c *Catalogue) EstimateJSON(dst []byte, a Answers, opt Options) ([]byte, error) {
	if c == nil || c.env == nil {
		return dst, errNoCatalogue
	}
	date := assessmentDate(opt)
	ev := c.pool.get(a, date)
	defer c.pool.put(ev)
	s := &ev.json
	s.statusesAt = c.statusesOn(date)
	var totals Totals
	bad := false
	c.evaluateRulesJSON(ev, &opt, &totals, &bad)
	b, written := c.appendReportJSON(dst, ev, a, opt, date, &totals, &bad)
	if bad {
		if r := opt.Record; r != nil && r.memo != nil {
			r.memo.cat = nil // recorded halfway: not to be reused
		}
		return dst, errJSONFloat
	}
	c.jsonTail.Store(int64(len(b) - len(dst) - written))
	if r := opt.Record; r != nil && r != opt.Unchanged {
		// Swapped, not copied: the evaluator's scratch takes the record's old buffers.
		s.results, r.body = r.body[:0], s.results
		s.ends, r.ends = r.ends[:0], s.ends
	}
	return b, nil
}

// evaluateRulesJSON evaluates every rule and writes its result into
// ev.json.results, adding it to the totals, the groups and the near misses.
//
// The loop over the rules is a function of its own, apart from the rest of
// the report, on purpose: V8 optimises a WebAssembly function whole once it
// has run enough, in the background, and during the page's cold start that
// compile competes with everything else for the CPU; a small hot function
// costs far less to optimise than one that also holds the report's tail.
//
//go:noinline
func (c *Catalogue) evaluateRulesJSON(ev *evaluator, opt *Options, totals *Totals, bad *bool) {
	s := &ev.json
	s.docs = append(s.docs[:0], c.docGroups...)
	s.region = append(s.region[:0], c.regionGroups...)
	s.near = s.near[:0]
	s.reused = s.reused[:0]
	body := s.results[:0]
	ends := s.ends[:0]
	// An incremental estimate (see incremental.go): the rules that can read
	// no answer changed since the Results held are taken from them.
	var was *memo
	var changed deps
	var all []deps
	if was = opt.Unchanged.reusable(c, ev.Date, opt.Brief); was != nil {
		if all = c.depsOfRules(); all == nil {
			was = nil
		} else {
			changed = changedSince(was.vals, ev.Vals)
		}
	}
	var rec *memo
	if opt.Record != nil && opt.Record != opt.Unchanged {
		rec = opt.Record.start(c, ev.Date, opt.Brief, ev.Vals)
	}
	var prevEnd, prevOpen int32
	for i, r := range c.Rules {
		// The rule's result: taken from the Results held, or evaluated.
		var status string
		var amount amountOut
		var near NearMiss
		var hasNear bool
		var open []int32 // the questions it marks open
		reused := was != nil && !all[i].meets(changed)
		if reused {
			m := &was.rules[i]
			body = append(body, opt.Unchanged.body[prevEnd:opt.Unchanged.ends[i]]...)
			status, amount, near, hasNear = m.status, m.amount, m.near, m.hasNear
			open = was.open[prevOpen:m.openTo]
			for _, q := range open {
				ev.open[q] = true
			}
		} else {
			out := ev.rule(r)
			body = c.appendRule(body, i, ev, &out, opt.Brief, bad)
			status, amount = out.status, out.amount
			near, hasNear = ev.nearMiss(r, &out)
			open = ev.miss.part(out.decFrom, out.decTo)
		}
		if was != nil {
			prevEnd, prevOpen = opt.Unchanged.ends[i], was.rules[i].openTo
		}
		ends = append(ends, int32(len(body)))
		s.reused = append(s.reused, reused)
		totals.add(status, r.Certainty, r.Amount.Kind, r.Period.Kind, &amount)
		s.docs[r.docIndex].Totals.add(status, r.Certainty, r.Amount.Kind, r.Period.Kind, &amount)
		s.region[r.regionIndex].Totals.add(status, r.Certainty, r.Amount.Kind, r.Period.Kind, &amount)
		if hasNear {
			s.near = append(s.near, near)
		}
		if rec != nil {
			if reused {
				rec.reused++
			}
			rec.open = append(rec.open, open...)
			rec.rules = append(rec.rules, ruleMemo{status: status, amount: amount, near: near, hasNear: hasNear, openTo: int32(len(rec.open))})
		}
	}
	s.results, s.ends = body, ends
}

// appendReportJSON writes the report around the results evaluateRulesJSON
// wrote; written is the size of its results part.
//
//go:noinline
func (c *Catalogue) appendReportJSON(dst []byte, ev *evaluator, a Answers, opt Options, date time.Time, totals *Totals, bad *bool) (b []byte, written int) {
	s := &ev.json
	body, ends := s.results, s.ends
	// Room for about the report's size (the last one written, plus a
	// margin) at once, rather than a few growing copies.
	dst = slices.Grow(dst, len(body)+int(c.jsonTail.Load())+1024)
	b = append(dst, `{"format_version":`...)
	b = strconv.AppendInt(b, ReportFormat, 10)
	b = append(b, `,"catalogue_version":`...)
	b = appendStr(b, c.Version)
	b = append(b, `,"assessment_date":"`...)
	b = appendDay(b, date)
	// Each part but the results goes through pw, which writes it as null
	// when it is the same as in the report held (opt.Unchanged) and records
	// it for the next (opt.Record): see Options.Unchanged.
	pw := partWriter{cat: c, held: opt.Unchanged}
	if opt.Record != opt.Unchanged {
		pw.rec = opt.Record
	}
	pw.start(totals, date)
	b = append(b, `","headline":`...)
	// The headline is the totals' words: with the same totals as the report
	// held, it is the same, and is not written again.
	var p int
	var same bool
	if h := pw.heldParts(); h != nil && h.totals == *totals && h.date.Equal(date) && sameTotals(h.groups[0], s.docs) {
		b, same = pw.reuse(b, partHeadline, 0)
	}
	if !same {
		p = len(b)
		headline := c.headline(totals, s.docs, s.status)
		b = appendText(b, &headline)
		b = pw.part(b, p, partHeadline, 0)
	}
	b = append(b, `,"totals":`...)
	p = len(b)
	b = appendTotals(b, totals, bad)
	b = pw.part(b, p, partTotals, 0)
	b = append(b, `,"documents":`...)
	if s.status == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, st := range s.statusJSON {
			if i > 0 {
				b = append(b, ',')
			}
			p = len(b)
			b = append(b, s.docJSON[st.from:st.to]...)
			b = pw.part(b, p, partDocuments, i)
		}
		b = append(b, ']')
	}
	b = append(b, `,"by_document":`...)
	b = pw.groups(b, s.docs, partByDocument, bad)
	b = append(b, `,"by_region":`...)
	b = pw.groups(b, s.region, partByRegion, bad)
	b = append(b, `,"results":[`...)
	r0 := len(b)
	b = opt.Unchanged.appendResults(b, body, ends, s.reused)
	written = len(b) - r0
	b = append(b, `],"near_misses":[`...)
	for i := range s.near {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNearMiss(b, &s.near[i], bad)
	}
	b = append(b, `],"relevant_questions":`...)
	p = len(b)
	b = append(b, '[')
	n := 0
	asked := ev.askedOn(s.inForce, opt.Compare)
	for i := range c.Questions {
		if asked[i] {
			if n > 0 {
				b = append(b, ',')
			}
			b = c.json.appendSpan(b, c.json.qids[i])
			n++
		}
	}
	b = append(b, ']')
	b = pw.part(b, p, partRelevant, 0)
	b = append(b, `,"open_questions":`...)
	p = len(b)
	b = append(b, '[')
	n = 0
	for i := range c.Questions {
		if asked[i] && !ev.Vals[i].Set && ev.open[i] && !ev.unsure[i] {
			if n > 0 {
				b = append(b, ',')
			}
			b = c.json.appendSpan(b, c.json.qids[i])
			n++
		}
	}
	b = append(b, ']')
	b = pw.part(b, p, partOpen, 0)
	// The derived facts, always written: a few bytes.
	b = append(b, `,"derived":`...)
	b = ev.appendDerived(b)
	if opt.Compare {
		b = pw.comparison(b, c.compare(a, date), bad)
	}
	b = append(b, '}')
	return b, written
}

// The parts of a report besides its results that a live report writes as
// null when unchanged (see Options.Unchanged), in the order written: whole
// (the headline, the totals, the two lists of questions) or element by
// element (documents, by_document, by_region, comparison).
const (
	partHeadline = iota
	partTotals
	partDocuments
	partByDocument
	partByRegion
	partRelevant
	partOpen
	partComparison
)

// reportParts records the parts of a report besides its results, as
// written: part i is text[ends[i-1]:ends[i]], keys[i] naming it
// (kind<<16 | element); and the totals they were written from, so that a
// part known to be the same from its totals need not be written to be
// compared.
type reportParts struct {
	cat    *Catalogue // whose report it was
	text   []byte
	ends   []int32
	keys   []int32
	totals Totals      // the report's
	date   time.Time   // its assessment date (the headline depends on it)
	groups [2][]Totals // by_document's and by_region's
}

// partWriter writes a report's parts against the ones of the report held.
type partWriter struct {
	cat       *Catalogue
	held, rec *Results
	next      int // the first part of held not yet passed
}

func (pw *partWriter) start(totals *Totals, date time.Time) {
	if pw.rec != nil {
		r := &pw.rec.parts
		r.cat, r.totals, r.date = pw.cat, *totals, date
		r.text, r.ends, r.keys = r.text[:0], r.ends[:0], r.keys[:0]
		r.groups[0], r.groups[1] = r.groups[0][:0], r.groups[1][:0]
	}
}

// heldParts returns the parts held, if the same catalogue wrote them.
func (pw *partWriter) heldParts() *reportParts {
	if pw.held == nil || pw.held.parts.cat != pw.cat {
		return nil
	}
	return &pw.held.parts
}

// find returns the held part of the given key, if any, passing the ones
// before it.
func (pw *partWriter) find(key int32) ([]byte, bool) {
	h := &pw.held.parts
	for pw.next < len(h.keys) && h.keys[pw.next] < key {
		pw.next++
	}
	if pw.next == len(h.keys) || h.keys[pw.next] != key {
		return nil, false
	}
	start := int32(0)
	if pw.next > 0 {
		start = h.ends[pw.next-1]
	}
	return h.text[start:h.ends[pw.next]], true
}

// reuse writes null for a part known to be the same as the one held,
// without writing it, and records the held one; false if none is held.
func (pw *partWriter) reuse(b []byte, kind, elem int) ([]byte, bool) {
	key := int32(kind<<16 | elem)
	part, ok := pw.find(key)
	if !ok {
		return b, false
	}
	pw.record(part, key)
	return append(b, "null"...), true
}

func (pw *partWriter) record(part []byte, key int32) {
	if r := pw.rec; r != nil {
		r.parts.text = append(r.parts.text, part...)
		r.parts.ends = append(r.parts.ends, int32(len(r.parts.text)))
		r.parts.keys = append(r.parts.keys, key)
	}
}

// part takes the part just written, b[from:], of the given kind and
// element: it records it, and writes it as null instead when the report
// held has the same.
func (pw *partWriter) part(b []byte, from, kind, elem int) []byte {
	key := int32(kind<<16 | elem)
	pw.record(b[from:], key)
	if pw.held == nil {
		return b
	}
	if held, ok := pw.find(key); !ok || string(held) != string(b[from:]) {
		return b
	}
	return append(b[:from], "null"...)
}

// comparison writes the comparison field, left out when empty, place by
// place through part.
func (pw *partWriter) comparison(b []byte, ls []LocationTotals, bad *bool) []byte {
	if len(ls) == 0 {
		return b
	}
	b = append(b, `,"comparison":[`...)
	for i := range ls {
		if i > 0 {
			b = append(b, ',')
		}
		p := len(b)
		b = appendLocation(b, &ls[i], bad)
		b = pw.part(b, p, partComparison, i)
	}
	return append(b, ']')
}

// groups writes by_document or by_region, element by element through part;
// an element whose totals are those held (its id and label are the
// catalogue's) is the same, and is not written again.
func (pw *partWriter) groups(b []byte, gs []GroupTotals, kind int, bad *bool) []byte {
	if gs == nil {
		return append(b, "null"...)
	}
	g := 0 // by_document's totals
	if kind == partByRegion {
		g = 1
	}
	var held []Totals
	if h := pw.heldParts(); h != nil {
		held = h.groups[g]
	}
	b = append(b, '[')
	for i := range gs {
		if i > 0 {
			b = append(b, ',')
		}
		if pw.rec != nil {
			pw.rec.parts.groups[g] = append(pw.rec.parts.groups[g], gs[i].Totals)
		}
		if i < len(held) && held[i] == gs[i].Totals {
			var same bool
			if b, same = pw.reuse(b, kind, i); same {
				continue
			}
		}
		p := len(b)
		b = appendGroup(b, &gs[i], bad)
		b = pw.part(b, p, kind, i)
	}
	return append(b, ']')
}

// Results are the results of one report as EstimateJSON wrote them (see
// Options.Unchanged and Options.Record). The zero value holds none.
type Results struct {
	body  []byte      // the results' JSON, one after the other, with no commas
	ends  []int32     // where each result's JSON ends in body
	memo  *memo       // what an incremental estimate reuses besides (incremental.go)
	parts reportParts // the report's other parts as written
}

// Len returns how many results r holds.
func (r *Results) Len() int {
	if r == nil {
		return 0
	}
	return len(r.ends)
}

// appendResults writes the results in body (result i ending at ends[i]),
// comma-separated, with null for each that is the same as in r: each
// reused from r (reused[i]), and any other whose JSON is the same.
func (r *Results) appendResults(b, body []byte, ends []int32, reused []bool) []byte {
	same := r != nil && len(r.ends) == len(ends)
	var from, prev int32
	for i, end := range ends {
		if i > 0 {
			b = append(b, ',')
		}
		part := body[from:end]
		if same {
			pend := r.ends[i]
			if reused[i] || bytes.Equal(part, r.body[prev:pend]) {
				part = null
			}
			prev = pend
		}
		b = append(b, part...)
		from = end
	}
	return b
}

var null = []byte("null")

// sameTotals reports whether the groups' totals are those held.
func sameTotals(held []Totals, gs []GroupTotals) bool {
	if len(held) != len(gs) {
		return false
	}
	for i := range gs {
		if held[i] != gs[i].Totals {
			return false
		}
	}
	return true
}
