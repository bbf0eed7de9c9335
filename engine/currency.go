package engine

import (
	"strconv"
	"time"

	"policycheck/engine/exprlang"
)

// prepareCurrency works out, once, when the rule stops applying and what its
// report says then, and the provisions that bind it.
func (r *Rule) prepareCurrency() {
	d := r.doc
	r.obligations = append(append([]Provision{}, d.Obligations...), r.Obligations...)
	r.stacking = append(append([]Provision{}, d.Stacking...), r.Stacking...)
	cu := &d.Currency
	if !cu.until.IsZero() {
		r.ends = cu.until
		period := cu.Until
		if cu.From != "" {
			period = cu.From + "–" + cu.Until
		}
		r.lapse = &Lapse{By: "document", Until: cu.Until, Quote: cu.Quote, Message: Text{
			Zh: "文件所定期限(" + periodZh(cu) + ")已于" + cu.Until + "结束,本项不再计入;请向主管部门确认是否有接续政策。",
			En: "The period the document states (" + period + ") ended on " + cu.Until + ", so this measure is not counted; ask the administering body whether a successor policy applies.",
		}}
	}
	if r.Dated != nil && (r.ends.IsZero() || r.Dated.until.Before(r.ends)) {
		r.ends = r.Dated.until
		r.lapse = &Lapse{By: "clause", Until: r.Dated.Until, Quote: r.Dated.Quote, Message: Text{
			Zh: "本条是文件中有期限的工作安排(“" + r.Dated.Quote + "”),已于" + r.Dated.Until + "到期,本项不再计入;请向主管部门确认现行做法。",
			En: "This clause is a dated work item of the document (“" + r.Dated.Quote + "”) that ended on " + r.Dated.Until + ", so it is not counted; ask the administering body what applies now.",
		}}
	}
}

func periodZh(cu *Currency) string {
	if cu.From != "" {
		return cu.From + "至" + cu.Until
	}
	return "至" + cu.Until
}

// lapsedOn reports whether the rule's stated period has ended by date.
func (r *Rule) lapsedOn(date time.Time) bool {
	return !r.ends.IsZero() && date.After(r.ends)
}

// Status returns the document's currency at the assessment date.
func (d *Document) status(date time.Time) DocumentStatus {
	cu := &d.Currency
	s := DocumentStatus{
		Document: d.ID, Issued: cu.Issued, From: cu.From, Until: cu.Until, Trial: cu.Trial,
		AgeYears: max(0, exprlang.YearsBetween(cu.issued, date)), Obligations: d.Obligations, Stacking: d.Stacking,
	}
	if s.Obligations == nil {
		s.Obligations = []Provision{}
	}
	if s.Stacking == nil {
		s.Stacking = []Provision{}
	}
	trialZh, trialEn := "", ""
	if cu.Trial {
		trialZh, trialEn = "(试行)", " (a trial text)"
	}
	switch {
	case !cu.until.IsZero() && date.After(cu.until):
		s.State = CurrencyEnded
		s.Message = Text{
			Zh: "文件" + trialZh + "所定期限(" + periodZh(cu) + ")已于" + cu.Until + "结束;其措施不再计入,请向主管部门确认接续政策。",
			En: "The period the document" + trialEn + " states ended on " + cu.Until + "; its measures are not counted: ask the administering body about a successor policy.",
		}
	case !cu.from.IsZero() && date.Before(cu.from):
		s.State = CurrencyNotStarted
		s.Message = Text{
			Zh: "文件" + trialZh + "所定期限自" + cu.From + "开始,评估日尚未开始。",
			En: "The period the document" + trialEn + " states starts on " + cu.From + ", after the assessment date.",
		}
	case !cu.until.IsZero():
		s.State = CurrencyInForce
		s.Message = Text{
			Zh: "文件" + trialZh + "所定期限至" + cu.Until + ",评估日在期内。",
			En: "The document" + trialEn + " states a period ending on " + cu.Until + "; the assessment date is within it.",
		}
	default:
		s.State = CurrencyNoEndDate
		s.Message = Text{
			Zh: "文件" + trialZh + "未载明截止日期;评估日距其发布(" + cu.Issued + ")已" + strconv.Itoa(s.AgeYears) + "年,请向主管部门确认是否仍在执行。",
			En: "The text" + trialEn + " states no end date; it is " + strconv.Itoa(s.AgeYears) + " years old at the assessment date (issued " + cu.Issued + "): check with the administering body that it still applies.",
		}
	}
	return s
}

// documentStatuses returns every document's currency at date.
func (c *Catalogue) documentStatuses(date time.Time) []DocumentStatus {
	out := make([]DocumentStatus, len(c.Documents))
	for i, d := range c.Documents {
		out[i] = d.status(date)
	}
	return out
}
