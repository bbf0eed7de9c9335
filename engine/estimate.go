package engine

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Rule statuses.
const (
	StatusEligible    = "eligible"
	StatusPossible    = "possible"
	StatusNotEligible = "not_eligible"
	// StatusLapsed: the rule would be eligible or possible, but its
	// document's validity (stated or presumed), its clause's date or a later
	// document ended it before the assessment date.
	StatusLapsed = "lapsed"
	// StatusNotIssued: the rule would be eligible or possible, but its
	// document was not yet issued on the assessment date.
	StatusNotIssued = "not_issued"
)

// Currency states of a document at the assessment date.
const (
	CurrencyInForce    = "in_force"
	CurrencyEnded      = "ended"
	CurrencyNoEndDate  = "no_end_date"
	CurrencyNotStarted = "not_started"
	CurrencyNotIssued  = "not_issued"
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
	// Unchanged, when set, makes EstimateJSON write as null each result
	// whose JSON is the same as in these results (those of an earlier
	// report the caller still holds), and so each element of documents,
	// by_document, by_region and comparison, and the whole headline, totals,
	// relevant_questions and open_questions: parts that are never null in a
	// report otherwise, so that a null there always means "as in the report
	// held" (near_misses is always written). Recorded by an estimate at the same
	// date (Record), they also spare it evaluating again the rules that
	// read no answer changed since (see incremental.go). Only EstimateJSON
	// reads it.
	Unchanged *Results
	// Record, when set, receives this report's results as EstimateJSON
	// wrote them, to be passed as Unchanged to a later estimate. It must not
	// be Unchanged itself. Only EstimateJSON writes it.
	Record *Results
}

// Report is the result of an estimate. Its JSON form is the stable output
// format of the engine, the command-line tool, the page and the API.
type Report struct {
	FormatVersion     int              `json:"format_version"`
	CatalogueVersion  string           `json:"catalogue_version"`
	AssessmentDate    string           `json:"assessment_date"`
	Headline          Text             `json:"headline"`
	Totals            Totals           `json:"totals"`
	Documents         []DocumentStatus `json:"documents"`
	ByDocument        []GroupTotals    `json:"by_document"`
	ByRegion          []GroupTotals    `json:"by_region"`
	Results           []RuleResult     `json:"results"`
	NearMisses        []NearMiss       `json:"near_misses"`
	RelevantQuestions []string         `json:"relevant_questions"`
	OpenQuestions     []string         `json:"open_questions"`
	// Derived gives each fact derived from the answers (Catalogue.Derived,
	// such as small_micro), in catalogue order, under them.
	Derived    []DerivedValue   `json:"derived"`
	Comparison []LocationTotals `json:"comparison,omitempty"`
}

// DerivedValue is a derived fact under a report's answers: true, false,
// or nil while a missing answer could still change it.
type DerivedValue struct {
	ID    string `json:"id"`
	Value *bool  `json:"value"`
}

// ReportFormat is the version of the report's JSON format (see README.md).
const ReportFormat = 3

// Money is an amount in yuan split by how often it is paid.
type Money struct {
	OneTime float64 `json:"one_time"`
	Yearly  float64 `json:"yearly"`
}

// Totals are the parts of an estimate a founder can read, in the order the
// headline gives them: the money the texts fix for eligible entitlements,
// then how much more is possible, then the measures with money but no amount
// set, then services. Lapsed and not-eligible rules add nothing.
type Totals struct {
	// Secured adds the minimum amount of every eligible rule whose text fixes
	// the benefit (certainty "entitlement").
	Secured Money `json:"secured"`
	// PossiblyMore adds what could come on top: the maximum of possible
	// rules, the maximum of eligible rules left to an official's discretion,
	// and the part of eligible entitlements above their minimum (a cap).
	PossiblyMore Money `json:"possibly_more"`
	// Eligible counts the district's rules whose conditions are all met
	// (national or city programmes the texts point to count in National
	// only); Discretionary counts those among them whose benefit an
	// official decides.
	Eligible      int `json:"eligible"`
	Discretionary int `json:"discretionary"`
	// Fixed, Official and NotMoney split Eligible into the parts of the
	// story (PartOf): money the text commits to, money an official decides,
	// and measures that are not money (services, space, channels, an equity
	// fund). Fixed + Official + NotMoney == Eligible.
	Fixed       int `json:"fixed"`
	Official    int `json:"official"`
	NotMoney    int `json:"not_money"`
	Possible    int `json:"possible"`
	NotEligible int `json:"not_eligible"`
	Lapsed      int `json:"lapsed"`
	NotIssued   int `json:"not_issued"`
	// Unset counts eligible or possible rules that offer money without an
	// amount; UnsetEligible those among them that are eligible.
	Unset         int `json:"unset"`
	UnsetEligible int `json:"unset_eligible"`
	// Undetermined counts eligible or possible rules whose amount depends on an unanswered question.
	Undetermined int `json:"undetermined"`
	// Services counts eligible or possible rules that offer a service, space or channel.
	Services int `json:"services"`
	// National counts the national or city programmes the texts point to
	// whose conditions are met or may be: pointers, never the district's.
	National int `json:"national"`
}

// DocumentStatus is a document's currency at the assessment date, with the
// provisions that bind every benefit taken under it.
type DocumentStatus struct {
	Document string `json:"document"`
	State    string `json:"state"`
	Issued   string `json:"issued"`
	From     string `json:"from,omitempty"`
	Until    string `json:"until,omitempty"`
	Trial    bool   `json:"trial,omitempty"`
	// Basis is what Until rests on: "stated", "presumed" or "none".
	Basis    string `json:"basis"`
	AgeYears int    `json:"age_years"`
	// AssessOn is a date on which the document was in force (a founder may
	// assess the same answers as of it).
	AssessOn    string      `json:"assess_on"`
	Message     Text        `json:"message"`
	Obligations []Provision `json:"obligations"`
	Stacking    []Provision `json:"stacking"`
}

// Lapse says which stated period ended, for a lapsed rule.
type Lapse struct {
	// By is "document" when the document's validity ended, "clause" when
	// the clause is a dated work item whose date passed, "later" when a
	// later document ended the measure, "not_issued" when the document was
	// not yet issued (Until is then its issue date).
	By string `json:"by"`
	// Basis is what the end rests on: "stated" or "presumed" (or, for
	// not_issued, what the issue date rests on).
	Basis   string `json:"basis"`
	Until   string `json:"until"`
	Quote   string `json:"quote,omitempty"`
	Message Text   `json:"message"`
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
	Certainty  string            `json:"certainty"`
	Title      *Text             `json:"title,omitempty"`
	Status     string            `json:"status"`
	Lapse      *Lapse            `json:"lapse,omitempty"`
	Conditions []ConditionResult `json:"conditions"`
	Amount     AmountResult      `json:"amount"`
	Period     Period            `json:"period"`
	Deciding   []string          `json:"deciding_questions,omitempty"`
	Citation   *Citation         `json:"citation,omitempty"`
	// Currency, Obligations and Stacking are left out of brief reports (the
	// page reads them from Report.Documents and the catalogue).
	Currency    *DocumentStatus `json:"currency,omitempty"`
	Obligations []Provision     `json:"obligations,omitempty"`
	Stacking    []Provision     `json:"stacking,omitempty"`
	// Later names the later documents known to follow the rule's document
	// or to affect the rule (full reports only).
	Later  []*Later `json:"later,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

// NearMiss is a rule that fails on exactly one condition.
type NearMiss struct {
	Rule      string       `json:"rule"`
	Condition string       `json:"condition"`
	Amount    AmountResult `json:"amount"`
	Message   Text         `json:"message"`
}

// Estimate evaluates every rule against the answers on the assessment date.
func (c *Catalogue) Estimate(a Answers, opt Options) (*Report, error) {
	if c == nil || c.env == nil {
		return nil, errNoCatalogue
	}
	date := assessmentDate(opt)
	ev := c.pool.get(a, date)
	defer c.pool.put(ev)
	at := c.statusesOn(date)
	rep := &Report{
		FormatVersion:    ReportFormat,
		CatalogueVersion: c.Version,
		AssessmentDate:   string(appendDay(nil, date)),
		Documents:        append([]DocumentStatus(nil), at.status...),
		ByDocument:       append([]GroupTotals(nil), c.docGroups...),
		ByRegion:         append([]GroupTotals(nil), c.regionGroups...),
		Results:          make([]RuleResult, len(c.Rules)),
		NearMisses:       []NearMiss{},
	}
	// One backing array for every rule's conditions, and one for the
	// questions they miss: an estimate allocates per report, not per rule.
	b := &reportBuffers{conds: make([]ConditionResult, c.conditions), docs: rep.Documents}
	for i, r := range c.Rules {
		out := ev.rule(r)
		ev.result(r, &out, opt.Brief, &rep.Results[i], b)
		rep.Totals.add(out.status, r.Certainty, r.Amount.Kind, r.Period.Kind, &out.amount)
		rep.ByDocument[r.docIndex].Totals.add(out.status, r.Certainty, r.Amount.Kind, r.Period.Kind, &out.amount)
		rep.ByRegion[r.regionIndex].Totals.add(out.status, r.Certainty, r.Amount.Kind, r.Period.Kind, &out.amount)
		if nm, ok := ev.nearMiss(r, &out); ok {
			rep.NearMisses = append(rep.NearMisses, nm)
		}
	}
	rep.RelevantQuestions = make([]string, 0, len(c.Questions))
	rep.OpenQuestions = []string{}
	asked := ev.askedOn(at.inForce, opt.Compare)
	for i, q := range c.Questions {
		if !asked[i] {
			continue
		}
		rep.RelevantQuestions = append(rep.RelevantQuestions, q.ID)
		if !ev.Vals[i].Set && ev.open[i] && !ev.unsure[i] {
			rep.OpenQuestions = append(rep.OpenQuestions, q.ID)
		}
	}
	rep.Derived = ev.derivedValues()
	rep.Headline = c.headline(&rep.Totals, rep.ByDocument, rep.Documents)
	if opt.Compare {
		rep.Comparison = c.compare(a, date)
	}
	return rep, nil
}

func assessmentDate(opt Options) time.Time {
	if opt.Date.IsZero() {
		now := time.Now()
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	return opt.Date
}

// compare evaluates the answers as if the company were in each location.
func (c *Catalogue) compare(a Answers, date time.Time) []LocationTotals {
	out := make([]LocationTotals, 0, len(c.Locations))
	ev := c.pool.get(a, date)
	defer c.pool.put(ev)
	for _, loc := range c.Locations {
		current := true
		for k, v := range loc.answers {
			if av, ok := a[k]; !ok || av != v {
				current = false
			}
		}
		if len(out) > 0 {
			ev.load(a)
		}
		for k, v := range loc.answers {
			ev.set(c.questionByID[k], v)
		}
		lt := LocationTotals{ID: loc.ID, Label: loc.Label, Current: current}
		for _, r := range c.Rules {
			status, amt := ev.outcome(r)
			lt.Totals.add(status, r.Certainty, r.Amount.Kind, r.Period.Kind, &amt)
		}
		out = append(out, lt)
	}
	return out
}

// nearMiss reports a rule that fails on exactly one condition, every other
// being met, unless that condition is where the company is or what it is.
func (ev *evaluator) nearMiss(r *Rule, out *ruleOut) (NearMiss, bool) {
	if out.status != StatusNotEligible || out.unknown || out.nFailed != 1 || !r.inForceOn(ev.Date) {
		return NearMiss{}, false
	}
	cond := r.All[out.failing]
	// Where the company is, what it is and past dates cannot be met by
	// acting now; nor can a condition the questionnaire does not ask.
	if cond.Kind == "location" || cond.Kind == "time" || cond.ID == "applicant" || ev.Eval(cond.expr) == triUnknown {
		return NearMiss{}, false
	}
	amt := ev.amountResult(&r.Amount, &out.amount)
	if amt.Max != nil && *amt.Max == 0 {
		if amt.Kind != AmountPerItem || amt.PerItem == nil {
			// A formula over a count of 0: no amount to name, and never "0".
			return NearMiss{}, false
		}
		// No items yet: say what each would bring, not "0".
		amt.Min, amt.Max = nil, nil
	}
	label := cond.Label
	return NearMiss{
		Rule: r.ID, Condition: cond.ID, Amount: amt,
		Message: Text{
			Zh: "若满足“" + label.Zh + "”,可在" + r.doc.Region.Zh + "获得" + FormatAmount(amt, r.Period, "zh") + "(" + r.Title.Zh + ")",
			En: "Meeting \"" + label.En + "\" would add " + FormatAmount(amt, r.Period, "en") + " in " + r.doc.Region.En + " (" + r.Title.En + ")",
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
	case a.Kind == AmountCap || (a.Kind == AmountFormula && *a.Min == 0 && *a.Max > 0):
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
	case PeriodThisYear:
		if zh {
			s = "本年度" + s
		} else {
			s += " for this year"
		}
	case PeriodYearly:
		if zh {
			s = "每年" + s
			if p.Years > 0 {
				s += "(最多" + strconv.Itoa(p.Years) + "年)"
			}
		} else {
			s += " a year"
			if p.Years > 0 {
				s += " (up to " + strconv.Itoa(p.Years) + " years)"
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
	s := strconv.FormatFloat(v, 'f', 2, 64) // as fmt's %.2f, without fmt's machinery on the estimate's path
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
