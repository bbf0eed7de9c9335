package engine

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"policycheck/engine/exprlang"
)

// prepareCurrency works out, once, when the rule starts and stops applying
// and what its report says then, and the provisions that bind it.
func (r *Rule) prepareCurrency() {
	d := r.doc
	if r.Certainty == CertaintyNational {
		// A national or city programme the text points to keeps its own
		// criteria: the district's obligations and stacking rules bind the
		// district's own support, not it.
		r.obligations = append([]Provision{}, r.Obligations...)
		r.stacking = append([]Provision{}, r.Stacking...)
	} else {
		r.obligations = append(append([]Provision{}, d.Obligations...), r.Obligations...)
		r.stacking = append(append([]Provision{}, d.Stacking...), r.Stacking...)
	}
	cu := &d.Currency
	r.starts = cu.issued
	r.later = r.later[:0]
	for i := range cu.Later {
		l := &cu.Later[i]
		if len(l.Rules) == 0 || slices.Contains(l.Rules, r.ID) {
			r.later = append(r.later, l)
		}
	}
	if !cu.until.IsZero() {
		r.ends = cu.until
		r.lapse = &Lapse{By: "document", Basis: cu.Validity.Kind, Until: cu.Until, Quote: cu.Quote, Message: Text{
			Zh: endedZh(cu) + "本项不再计入。" + laterZh(r.later),
			En: endedEn(cu) + " This measure is not counted." + laterEn(r.later),
		}}
	}
	for _, l := range r.later {
		if !l.ends.IsZero() && (r.ends.IsZero() || l.ends.Before(r.ends)) {
			r.ends = l.ends
			r.lapse = &Lapse{By: "later", Basis: ValidityStated, Until: l.Ends, Quote: l.Words, Message: Text{
				Zh: "《" + l.Title.Zh + "》（" + laterRef(l) + "）规定“" + l.Words + "”，本项自" + l.Ends + "后不再计入。",
				En: l.Title.En + " (" + laterRef(l) + ") ends this kind of measure: it is not counted after " + l.Ends + ".",
			}}
		}
	}
	if r.Dated != nil && (r.ends.IsZero() || r.Dated.until.Before(r.ends)) {
		r.ends = r.Dated.until
		r.lapse = &Lapse{By: "clause", Basis: ValidityStated, Until: r.Dated.Until, Quote: r.Dated.Quote, Message: Text{
			Zh: "本条是文件中有期限的工作安排（“" + r.Dated.Quote + "”），已于" + r.Dated.Until + "到期，本项不再计入；请向主管部门确认现行做法。",
			En: "This clause is a dated work item of the document (“" + r.Dated.Quote + "”) that ended on " + r.Dated.Until + ", so it is not counted; ask the administering body what applies now.",
		}}
	}
	r.notIssued = &Lapse{By: "not_issued", Basis: cu.IssuedBasis.Kind, Until: cu.Issued, Message: Text{
		Zh: "评估日早于文件发布日（" + cu.Issued + "），本项尚不适用。",
		En: "The assessment date is before the document was issued (" + cu.Issued + "), so this measure does not apply yet.",
	}}
}

func periodZh(cu *Currency) string {
	if cu.From != "" {
		return cu.From + "至" + cu.Until
	}
	return "至" + cu.Until
}

// ruleZh and ruleEn cite a regional rule: title, number and article.
func ruleZh(rr *RegionalRule) string {
	return "《" + rr.Title.Zh + "》（" + rr.Number + "）" + rr.Article
}

func ruleEn(rr *RegionalRule) string {
	return rr.Title.En + " (" + rr.Number + "), " + rr.Article
}

// endedZh and endedEn say that, and why, a document's validity ended.
func endedZh(cu *Currency) string {
	if cu.Validity.Kind == ValidityPresumed && cu.Validity.Rule != nil {
		rr := cu.Validity.Rule
		return "推定已于" + cu.Until + "失效：文件未载明有效期，" + ruleZh(rr) + "规定“" + rr.Words + "”。"
	}
	trial := ""
	if cu.Trial {
		trial = "（试行）"
	}
	return "文件" + trial + "所定期限（" + periodZh(cu) + "）已于" + cu.Until + "结束。"
}

func endedEn(cu *Currency) string {
	if cu.Validity.Kind == ValidityPresumed && cu.Validity.Rule != nil {
		rr := cu.Validity.Rule
		return "Presumed ended on " + cu.Until + ": the text states no period, and " + ruleEn(rr) + ", gives " + yearsEn(rr.Years, cu.Trial) + "."
	}
	trial := ""
	if cu.Trial {
		trial = " (a trial text)"
	}
	period := cu.Until
	if cu.From != "" {
		period = cu.From + " to " + cu.Until
	}
	return "The period the document" + trial + " states (" + period + ") ended on " + cu.Until + "."
}

func yearsEn(n int, trial bool) string {
	s := strconv.Itoa(n) + " years"
	if n == 1 {
		s = "1 year"
	}
	if trial {
		return "a trial text that states none " + s
	}
	return "a text that states none " + s
}

// laterZh and laterEn name the later documents known to follow or affect
// a measure, or ask the founder to check with the administering body.
func laterZh(ls []*Later) string {
	if len(ls) == 0 {
		return "请向主管部门确认是否有接续政策。"
	}
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = "《" + l.Title.Zh + "》（" + laterRef(l) + "）"
	}
	return "其后：" + strings.Join(parts, "；") + "。"
}

func laterEn(ls []*Later) string {
	if len(ls) == 0 {
		return " Ask the administering body whether a successor policy applies."
	}
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Title.En + " (" + laterRef(l) + ")"
	}
	return " Later: " + strings.Join(parts, "; ") + "."
}

func laterRef(l *Later) string {
	if l.Number != "" {
		return l.Number + ", " + l.Date
	}
	return l.Date
}

// lapsedOn reports whether the rule's validity has ended by date.
func (r *Rule) lapsedOn(date time.Time) bool {
	return !r.ends.IsZero() && date.After(r.ends)
}

// notIssuedOn reports whether the rule's document was not yet issued on date.
func (r *Rule) notIssuedOn(date time.Time) bool {
	return date.Before(r.starts)
}

// statusOn turns the status of a rule whose conditions are met, or may
// be, into the one it has on date: "not_issued" before its document was
// issued, "lapsed" after its validity ended.
func (r *Rule) statusOn(date time.Time, status string) string {
	switch {
	case r.notIssuedOn(date):
		return StatusNotIssued
	case r.lapsedOn(date):
		return StatusLapsed
	}
	return status
}

// inForceOn reports whether the rule can count on date: its document was
// issued and neither it nor its clause has ended.
func (r *Rule) inForceOn(date time.Time) bool {
	return !r.notIssuedOn(date) && !r.lapsedOn(date)
}

// status returns the document's validity at the assessment date.
func (d *Document) status(date time.Time) DocumentStatus {
	cu := &d.Currency
	s := DocumentStatus{
		Document: d.ID, Issued: cu.Issued, From: cu.From, Until: cu.Until, Trial: cu.Trial, Basis: cu.Validity.Kind,
		AgeYears: max(0, exprlang.YearsBetween(cu.issued, date)), AssessOn: d.assessOn(), Obligations: d.Obligations, Stacking: d.Stacking,
	}
	if s.Obligations == nil {
		s.Obligations = []Provision{}
	}
	if s.Stacking == nil {
		s.Stacking = []Provision{}
	}
	var later []*Later
	for i := range cu.Later {
		later = append(later, &cu.Later[i])
	}
	trialZh, trialEn := "", ""
	if cu.Trial {
		trialZh, trialEn = "（试行）", " (a trial text)"
	}
	presumed := cu.Validity.Kind == ValidityPresumed && cu.Validity.Rule != nil
	switch {
	case date.Before(cu.issued):
		s.State = CurrencyNotIssued
		s.Message = Text{
			Zh: "评估日早于文件发布日（" + cu.Issued + "）；其措施不计入。",
			En: "The assessment date is before the document was issued (" + cu.Issued + "); its measures are not counted.",
		}
	case !cu.until.IsZero() && date.After(cu.until):
		s.State = CurrencyEnded
		s.Message = Text{
			Zh: endedZh(cu) + "其措施不再计入。" + laterZh(later),
			En: endedEn(cu) + " Its measures are not counted." + laterEn(later),
		}
	case !cu.from.IsZero() && date.Before(cu.from):
		s.State = CurrencyNotStarted
		s.Message = Text{
			Zh: "文件" + trialZh + "所定期限自" + cu.From + "开始，评估日尚未开始。",
			En: "The period the document" + trialEn + " states starts on " + cu.From + ", after the assessment date.",
		}
	case presumed:
		rr := cu.Validity.Rule
		s.State = CurrencyInForce
		s.Message = Text{
			Zh: "文件" + trialZh + "未载明有效期；按" + ruleZh(rr) + "“" + rr.Words + "”，推定有效期至" + cu.Until + "，评估日在期内。",
			En: "The text" + trialEn + " states no period; " + ruleEn(rr) + ", gives " + yearsEn(rr.Years, cu.Trial) + ", so it is presumed in force until " + cu.Until + ", which includes the assessment date.",
		}
	case !cu.until.IsZero():
		s.State = CurrencyInForce
		s.Message = Text{
			Zh: "文件" + trialZh + "所定期限至" + cu.Until + "，评估日在期内。",
			En: "The document" + trialEn + " states a period ending on " + cu.Until + "; the assessment date is within it.",
		}
	default:
		s.State = CurrencyNoEndDate
		s.Message = Text{
			Zh: "文件" + trialZh + "未载明有效期，也未找到推定有效期的依据；评估日距其发布（" + cu.Issued + "）已" + strconv.Itoa(s.AgeYears) + "年，请向主管部门确认是否仍在执行。",
			En: "The text" + trialEn + " states no period and no rule giving it one was found; it is " + strconv.Itoa(s.AgeYears) + " years old at the assessment date (issued " + cu.Issued + "): check with the administering body that it still applies.",
		}
	}
	return s
}

// assessOn is a date on which the document was in force, for a founder who
// wants to see what it offered then: a year after it was issued, or the
// last day of its validity if that comes sooner.
func (d *Document) assessOn() string {
	cu := &d.Currency
	on := cu.issued.AddDate(1, 0, 0)
	if !cu.from.IsZero() && on.Before(cu.from) {
		on = cu.from
	}
	if !cu.until.IsZero() && on.After(cu.until) {
		on = cu.until
	}
	return string(appendDay(nil, on))
}

// questionsInForce reports, for each question, whether a rule in force on
// date can read it (directly, or through the relevance of a question it
// reads): a question only rules out of force read changes no result and is
// not asked. Nil when every question may be asked (relevances in a cycle).
func (c *Catalogue) questionsInForce(date time.Time) []bool {
	all := c.depsOfRules()
	if all == nil {
		return nil
	}
	out := make([]bool, len(c.Questions))
	for k, r := range c.Rules {
		if !r.inForceOn(date) {
			continue
		}
		for i := range out {
			if !out[i] && all[k].has(i) {
				out[i] = true
			}
		}
	}
	return out
}

// documentStatuses returns every document's validity at date.
func (c *Catalogue) documentStatuses(date time.Time) []DocumentStatus {
	out := make([]DocumentStatus, len(c.Documents))
	for i, d := range c.Documents {
		out[i] = d.status(date)
	}
	return out
}
