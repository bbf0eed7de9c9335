package engine

import (
	"fmt"
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
			Zh: fmt.Sprintf("文件所定期限(%s)已于%s结束,本项不再计入;请向主管部门确认是否有接续政策。", periodZh(cu), cu.Until),
			En: fmt.Sprintf("The period the document states (%s) ended on %s, so this measure is not counted; ask the administering body whether a successor policy applies.", period, cu.Until),
		}}
	}
	if r.Dated != nil && (r.ends.IsZero() || r.Dated.until.Before(r.ends)) {
		r.ends = r.Dated.until
		r.lapse = &Lapse{By: "clause", Until: r.Dated.Until, Quote: r.Dated.Quote, Message: Text{
			Zh: fmt.Sprintf("本条是文件中有期限的工作安排(“%s”),已于%s到期,本项不再计入;请向主管部门确认现行做法。", r.Dated.Quote, r.Dated.Until),
			En: fmt.Sprintf("This clause is a dated work item of the document (“%s”) that ended on %s, so it is not counted; ask the administering body what applies now.", r.Dated.Quote, r.Dated.Until),
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
			Zh: fmt.Sprintf("文件%s所定期限(%s)已于%s结束;其措施不再计入,请向主管部门确认接续政策。", trialZh, periodZh(cu), cu.Until),
			En: fmt.Sprintf("The period the document%s states ended on %s; its measures are not counted: ask the administering body about a successor policy.", trialEn, cu.Until),
		}
	case !cu.from.IsZero() && date.Before(cu.from):
		s.State = CurrencyNotStarted
		s.Message = Text{
			Zh: fmt.Sprintf("文件%s所定期限自%s开始,评估日尚未开始。", trialZh, cu.From),
			En: fmt.Sprintf("The period the document%s states starts on %s, after the assessment date.", trialEn, cu.From),
		}
	case !cu.until.IsZero():
		s.State = CurrencyInForce
		s.Message = Text{
			Zh: fmt.Sprintf("文件%s所定期限至%s,评估日在期内。", trialZh, cu.Until),
			En: fmt.Sprintf("The document%s states a period ending on %s; the assessment date is within it.", trialEn, cu.Until),
		}
	default:
		s.State = CurrencyNoEndDate
		s.Message = Text{
			Zh: fmt.Sprintf("文件%s未载明截止日期;评估日距其发布(%s)已%d年,请向主管部门确认是否仍在执行。", trialZh, cu.Issued, s.AgeYears),
			En: fmt.Sprintf("The text%s states no end date; it is %d years old at the assessment date (issued %s): check with the administering body that it still applies.", trialEn, s.AgeYears, cu.Issued),
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
