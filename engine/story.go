package engine

import (
	"strconv"
	"strings"
)

// The parts of the one story a report tells, in the order the page, the
// print, the command-line table and the batch row tell it: what the texts
// fix, what an official decides, what may apply, what is not money, the
// national or city programmes the texts point to, what has lapsed, and what
// does not apply.
const (
	PartFixed       = "fixed"
	PartOfficial    = "official"
	PartPossible    = "possible"
	PartNotMoney    = "not_money"
	PartNational    = "national"
	PartLapsed      = "lapsed"
	PartNotEligible = "not_eligible"
)

// PartOf names the part of the story a rule's outcome belongs to: a
// national or city programme is a pointer whatever its status (unless it
// lapsed or does not apply); an eligible measure that offers no money is
// "not money", whoever decides it; an eligible measure with money (an amount,
// a cap, or money without an amount) is "fixed" when the text commits to it
// and "official" when it leaves it to an official. A measure not yet issued
// is told with the lapsed ones: neither applies on the day.
func PartOf(status, certainty, amountKind string) string {
	switch status {
	case StatusLapsed, StatusNotIssued:
		return PartLapsed
	case StatusEligible, StatusPossible:
	default:
		return PartNotEligible
	}
	switch {
	case certainty == CertaintyNational:
		return PartNational
	case status == StatusPossible:
		return PartPossible
	case amountKind == AmountNone:
		return PartNotMoney
	case certainty == CertaintyDiscretionary:
		return PartOfficial
	}
	return PartFixed
}

// PartWords are the words of each part, the same on the page, on paper, in
// the command-line table and in the batch's columns.
var PartWords = map[string]Text{
	PartFixed:       {Zh: "文件确定", En: "Fixed by the texts"},
	PartOfficial:    {Zh: "由主管部门决定", En: "An official decides"},
	PartPossible:    {Zh: "可能符合", En: "Possibly eligible"},
	PartNotMoney:    {Zh: "非资金支持", En: "Not money"},
	PartNational:    {Zh: "国家或市级政策", En: "National or city programmes"},
	PartLapsed:      {Zh: "期限已过", En: "Period ended"},
	PartNotEligible: {Zh: "不符合", En: "Not eligible"},
}

// Parts returns the count of each part of the story, in its order (the not
// eligible left out): the same numbers the page's sections, its headline,
// the print and the batch row show.
func (t *Totals) Parts() []PartCount {
	return []PartCount{
		{PartFixed, t.Fixed}, {PartOfficial, t.Official}, {PartPossible, t.Possible},
		{PartNotMoney, t.NotMoney}, {PartNational, t.National}, {PartLapsed, t.Lapsed + t.NotIssued},
	}
}

// PartCount is one part of the story and how many measures it holds.
type PartCount struct {
	Part string
	N    int
}

// countsSentence says the parts that hold a measure, in both languages:
// "文件确定4项，由主管部门决定2项，期限已过3项（未计入）。".
func (t *Totals) countsSentence() (zh, en string) {
	var z, e []string
	for _, p := range t.Parts() {
		if p.N == 0 {
			continue
		}
		w := PartWords[p.Part]
		z = append(z, w.Zh+strconv.Itoa(p.N)+"项")
		e = append(e, w.En+": "+strconv.Itoa(p.N))
		if p.Part == PartLapsed {
			z[len(z)-1] += "（未计入）"
			e[len(e)-1] += " (not counted)"
		}
	}
	if len(z) == 0 {
		return "", ""
	}
	zh, en = z[0], e[0]
	for i := 1; i < len(z); i++ {
		zh += "，" + z[i]
		en += "; " + e[i]
	}
	return zh + "。", en + "."
}

// LapsedReason says why the lapsed or not yet issued measures among outs
// (one outcome per rule, in catalogue order, as Outcomes returns them) do
// not count on the assessment date of opt, document by document, in both
// languages: "上海市嘉定区32项（于2020-12-31结束）". Empty when none lapsed.
func (c *Catalogue) LapsedReason(outs []Outcome, opt Options) Text {
	if c == nil || len(outs) != len(c.Rules) {
		return Text{}
	}
	counts := make([]int, len(c.Documents))
	some := false
	for i := range outs {
		if s := outs[i].Status; s == StatusLapsed || s == StatusNotIssued {
			counts[c.Rules[i].docIndex]++
			some = true
		}
	}
	if !some {
		return Text{}
	}
	date := assessmentDate(opt)
	var zh, en []string
	for i, n := range counts {
		if n == 0 {
			continue
		}
		d := c.Documents[i]
		st := d.status(date)
		wz, we := "条款所定期限已过或被后续文件停止", "their clause's period ended or a later document ended them"
		if st.State == CurrencyEnded || st.State == CurrencyNotIssued {
			wz, we = whenZh(&st), whenEn(&st)
		}
		zh = append(zh, d.Region.Zh+strconv.Itoa(n)+"项（"+wz+"）")
		en = append(en, d.Region.En+": "+strconv.Itoa(n)+" ("+we+")")
	}
	return Text{Zh: strings.Join(zh, "；"), En: strings.Join(en, "; ")}
}
