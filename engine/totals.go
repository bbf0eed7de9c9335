package engine

import (
	"strconv"
	"strings"
)

// add counts one rule's outcome into the totals.
func (t *Totals) add(status, certainty, kind, period string, a *amountOut) {
	switch status {
	case StatusEligible, StatusPossible:
	case StatusLapsed:
		t.Lapsed++
		return
	case StatusNotIssued:
		t.NotIssued++
		return
	default:
		t.NotEligible++
		return
	}
	if certainty == CertaintyNational {
		// A pointer to a national or city programme: never the district's.
		t.National++
		return
	}
	if status == StatusEligible {
		t.Eligible++
		if certainty == CertaintyDiscretionary {
			t.Discretionary++
		}
		switch PartOf(status, certainty, kind) {
		case PartFixed:
			t.Fixed++
		case PartOfficial:
			t.Official++
		default:
			t.NotMoney++
		}
	} else {
		t.Possible++
	}
	switch kind {
	case AmountUnset:
		t.Unset++
		if status == StatusEligible {
			t.UnsetEligible++
		}
		return
	case AmountNone:
		t.Services++
		return
	}
	if !a.hasMin || !a.hasMax {
		t.Undetermined++
		return
	}
	secured, more := &t.Secured.OneTime, &t.PossiblyMore.OneTime
	if period == PeriodYearly || period == PeriodThisYear {
		secured, more = &t.Secured.Yearly, &t.PossiblyMore.Yearly
	}
	if status == StatusEligible && certainty == CertaintyEntitlement {
		*secured += a.min
		*more += a.max - a.min
		return
	}
	*more += a.max
}

// Parts writes the non-zero parts of m in "zh" or "en": "一次性7.25万元",
// "每年20万元" / "72,500 yuan once", "200,000 yuan a year". No part is "0".
func (m Money) Parts(lang string) []string {
	zh := lang != "en"
	var parts []string
	if m.OneTime > 0 {
		if zh {
			parts = append(parts, "一次性"+FormatYuan(m.OneTime, true))
		} else {
			parts = append(parts, FormatYuan(m.OneTime, false)+" once")
		}
	}
	if m.Yearly > 0 {
		if zh {
			parts = append(parts, "每年"+FormatYuan(m.Yearly, true))
		} else {
			parts = append(parts, FormatYuan(m.Yearly, false)+" a year")
		}
	}
	return parts
}

// Headline is the one paragraph that leads a report, in both languages: the
// money the texts fix first, then what more is possible, then how many
// measures each part of the story holds (PartOf), in the words the page's
// sections use. Money an official decides is never said to be met funding,
// and it never says "0 yuan" for money whose amount the documents do not set.
func (t *Totals) Headline() Text {
	var zh, en []string
	money := func(m Money, zh bool) string {
		if zh {
			return strings.Join(m.Parts("zh"), "、")
		}
		return strings.Join(m.Parts("en"), " and ")
	}
	switch {
	case t.Secured.OneTime > 0 || t.Secured.Yearly > 0:
		zh = append(zh, "文件确定可得"+money(t.Secured, true)+"。")
		en = append(en, "The texts fix "+money(t.Secured, false)+" for you.")
	case t.Fixed > 0:
		zh = append(zh, "文件确定符合"+strconv.Itoa(t.Fixed)+"项，但未确定金额。")
		en = append(en, "The texts fix "+strconv.Itoa(t.Fixed)+" measure(s) for you, with no amount set.")
	case t.Eligible > 0:
		zh = append(zh, "文件未确定可得的金额。")
		en = append(en, "No amount is fixed for you by the texts.")
	case t.Possible+t.National == 0:
		zh = append(zh, "按所填答案，没有在期内可申请的措施。")
		en = append(en, "Under these answers, no measure in force applies.")
	default:
		zh = append(zh, "尚无确定符合的措施。")
		en = append(en, "No measure is certain yet.")
	}
	if t.PossiblyMore.OneTime > 0 || t.PossiblyMore.Yearly > 0 {
		zh = append(zh, "另可能最高"+money(t.PossiblyMore, true)+"（待确认或由主管部门决定，未计入上述金额）。")
		en = append(en, "Possibly up to "+money(t.PossiblyMore, false)+" more (to confirm, or for an official to decide; not in the amount above).")
	}
	if z, e := t.countsSentence(); z != "" {
		zh = append(zh, z)
		en = append(en, e)
	}
	if t.Undetermined > 0 {
		zh = append(zh, strconv.Itoa(t.Undetermined)+"项金额取决于尚未回答的问题。")
		en = append(en, strconv.Itoa(t.Undetermined)+" amount(s) depend on questions not yet answered.")
	}
	return Text{Zh: strings.Join(zh, ""), En: strings.Join(en, " ")}
}

// headline is the report's headline at one date: Totals.Headline's words,
// led, when nothing in force applies, by saying so and what the documents
// offered while they were in force, and otherwise by a warning for each
// document counted that states no end and whose age calls it into question.
func (c *Catalogue) headline(t *Totals, groups []GroupTotals, docs []DocumentStatus) Text {
	inForce := t.Eligible + t.Possible + t.National
	if inForce == 0 && t.Lapsed+t.NotIssued > 0 {
		zh := []string{"按评估日，没有仍在有效期内的措施适用：" + strconv.Itoa(t.Lapsed+t.NotIssued) + "项措施所属文件或条款已失效或尚未发布，未计入。"}
		en := []string{"On the assessment date no measure in force applies: " + strconv.Itoa(t.Lapsed+t.NotIssued) + " measure(s) belong to documents or clauses that have ended or were not yet issued, and are not counted."}
		var pz, pe []string
		for i := range groups {
			g := &groups[i]
			n := g.Totals.Lapsed + g.Totals.NotIssued
			if n == 0 || i >= len(docs) {
				continue
			}
			d, st := c.Documents[i], &docs[i]
			pz = append(pz, d.Region.Zh+strconv.Itoa(n)+"项（"+whenZh(st)+"，可按"+st.AssessOn+"评估）")
			pe = append(pe, d.Region.En+": "+strconv.Itoa(n)+" ("+whenEn(st)+"; assess as of "+st.AssessOn+")")
		}
		if len(pz) > 0 {
			zh = append(zh, "文件有效期内可能适用的："+strings.Join(pz, "；")+"。")
			en = append(en, "While in force, these may have applied: "+strings.Join(pe, "; ")+".")
		}
		return Text{Zh: strings.Join(zh, ""), En: strings.Join(en, " ")}
	}
	h := t.Headline()
	var oz, oe []string
	for i := range groups {
		g := &groups[i].Totals
		if i >= len(docs) || g.Eligible+g.Possible+g.National == 0 {
			continue
		}
		if st := &docs[i]; st.State == CurrencyNoEndDate && st.AgeYears >= oldAfterYears {
			d := c.Documents[i]
			issuedZh, issuedEn := "发布于"+st.Issued, "issued "+st.Issued
			if d.Currency.IssuedBasis.Kind == IssuedByReferences {
				// Dated from its references: the year, not a day nobody knows.
				issuedZh, issuedEn = st.Issued[:4]+"年印发", "issued in "+st.Issued[:4]
			}
			oz = append(oz, d.Region.Zh+"（"+issuedZh+"，已"+strconv.Itoa(st.AgeYears)+"年）")
			oe = append(oe, d.Region.En+" ("+issuedEn+", "+strconv.Itoa(st.AgeYears)+" years ago)")
		}
	}
	if len(oz) > 0 {
		h.Zh = "以下按文件仍在执行估算，但" + strings.Join(oz, "、") + "的文件未载明有效期，也未找到推定其有效期的依据，可能已被后续政策取代：请先向主管部门确认。" + h.Zh
		h.En = "This assumes the texts still apply, but the " + strings.Join(oe, ", ") + " text states no period and no rule giving it one was found; it may have been replaced: check with the administering body first. " + h.En
	}
	return h
}

// oldAfterYears is the age from which a document that states no end is
// called into question in the headline: the default validity the Shanghai
// rules of 2010 gave a normative document that states none (five years).
const oldAfterYears = 5

// whenZh and whenEn say briefly when a document that does not apply on the
// assessment date ended, or when it was issued.
func whenZh(st *DocumentStatus) string {
	switch {
	case st.State == CurrencyNotIssued:
		return st.Issued + "发布"
	case st.Basis == ValidityPresumed:
		return "推定于" + st.Until + "失效"
	}
	return "于" + st.Until + "结束"
}

func whenEn(st *DocumentStatus) string {
	switch {
	case st.State == CurrencyNotIssued:
		return "issued " + st.Issued
	case st.Basis == ValidityPresumed:
		return "presumed ended " + st.Until
	}
	return "ended " + st.Until
}
