package engine

import (
	"strconv"
	"strings"
)

// add counts one rule's outcome into the totals.
func (t *Totals) add(status, certainty, kind, period string, a *amountOut) {
	switch status {
	case StatusEligible:
		t.Eligible++
		if certainty == CertaintyDiscretionary {
			t.Discretionary++
		}
	case StatusPossible:
		t.Possible++
	case StatusLapsed:
		t.Lapsed++
		return
	default:
		t.NotEligible++
		return
	}
	if certainty == CertaintyNational {
		t.National++
		return
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
// money the texts fix first, then what more is possible, then measures whose
// amount no text sets, then services. It never says "0 yuan" for money whose
// amount the documents do not set.
func (t *Totals) Headline() Text {
	var zh, en []string
	money := func(m Money, zh bool) string {
		if zh {
			return strings.Join(m.Parts("zh"), "、")
		}
		return strings.Join(m.Parts("en"), " and ")
	}
	hasSecured := t.Secured.OneTime > 0 || t.Secured.Yearly > 0
	switch {
	case hasSecured:
		zh = append(zh, "文件确定可得"+money(t.Secured, true)+"。")
		en = append(en, "The texts fix "+money(t.Secured, false)+" for you.")
	case t.UnsetEligible > 0:
		zh = append(zh, "符合"+strconv.Itoa(t.UnsetEligible)+"项资金支持,但文件未规定金额。")
		en = append(en, "You meet "+strconv.Itoa(t.UnsetEligible)+" funding measure(s) whose amount the documents do not set.")
	case t.Eligible > 0:
		zh = append(zh, "文件未确定可得的金额。")
		en = append(en, "No amount is fixed for you by the texts.")
	case t.Possible == 0:
		zh = append(zh, "按所填答案,没有在期内可申请的措施。")
		en = append(en, "Under these answers, no measure in force applies.")
	default:
		zh = append(zh, "尚无确定符合的措施。")
		en = append(en, "No measure is certain yet.")
	}
	if t.PossiblyMore.OneTime > 0 || t.PossiblyMore.Yearly > 0 {
		zh = append(zh, "另可能最高"+money(t.PossiblyMore, true)+"(待确认或由主管部门决定)。")
		en = append(en, "Possibly up to "+money(t.PossiblyMore, false)+" more (to confirm, or at an official's discretion).")
	}
	if n := t.Unset - t.UnsetEligible; n > 0 || (hasSecured && t.UnsetEligible > 0) {
		if hasSecured {
			n = t.Unset
			zh = append(zh, strconv.Itoa(n)+"项资金支持文件未规定金额。")
			en = append(en, strconv.Itoa(n)+" funding measure(s) have no amount set by the documents.")
		} else {
			zh = append(zh, "另有"+strconv.Itoa(n)+"项可能的资金支持,文件未规定金额。")
			en = append(en, strconv.Itoa(n)+" more possible funding measure(s) have no amount set by the documents.")
		}
	}
	if t.Undetermined > 0 {
		zh = append(zh, strconv.Itoa(t.Undetermined)+"项金额取决于尚未回答的问题。")
		en = append(en, strconv.Itoa(t.Undetermined)+" amount(s) depend on questions not yet answered.")
	}
	if t.Services > 0 {
		zh = append(zh, strconv.Itoa(t.Services)+"项服务、场地或渠道支持。")
		en = append(en, strconv.Itoa(t.Services)+" service, space or channel measure(s).")
	}
	if t.National > 0 {
		zh = append(zh, strconv.Itoa(t.National)+"项国家或市级普惠政策。")
		en = append(en, strconv.Itoa(t.National)+" national or city measure(s) the texts point to.")
	}
	if t.Lapsed > 0 {
		zh = append(zh, strconv.Itoa(t.Lapsed)+"项所属期限已过,未计入。")
		en = append(en, strconv.Itoa(t.Lapsed)+" measure(s) from periods that have ended are not counted.")
	}
	return Text{Zh: strings.Join(zh, ""), En: strings.Join(en, " ")}
}
