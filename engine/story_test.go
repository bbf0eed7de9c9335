package engine_test

import (
	"testing"

	"policycheck/engine"
)

func TestPartOfTellsEachOutcomeOnce(t *testing.T) {
	tests := []struct {
		name                      string
		status, certainty, amount string
		want                      string
	}{
		{"an eligible measure whose text fixes money is fixed", engine.StatusEligible, engine.CertaintyEntitlement, engine.AmountFixed, engine.PartFixed},
		{"an eligible measure whose text sets no amount but commits to it is fixed", engine.StatusEligible, engine.CertaintyEntitlement, engine.AmountUnset, engine.PartFixed},
		{"eligible money left to an official is the official's decision", engine.StatusEligible, engine.CertaintyDiscretionary, engine.AmountUnset, engine.PartOfficial},
		{"an eligible equity fund or service offers no money", engine.StatusEligible, engine.CertaintyDiscretionary, engine.AmountNone, engine.PartNotMoney},
		{"an eligible service is not money", engine.StatusEligible, engine.CertaintyService, engine.AmountNone, engine.PartNotMoney},
		{"a possible measure is possible whatever it offers", engine.StatusPossible, engine.CertaintyDiscretionary, engine.AmountNone, engine.PartPossible},
		{"a national programme met is a pointer, never fixed", engine.StatusEligible, engine.CertaintyNational, engine.AmountNone, engine.PartNational},
		{"a national programme that may apply is a pointer too", engine.StatusPossible, engine.CertaintyNational, engine.AmountNone, engine.PartNational},
		{"a lapsed national programme has lapsed", engine.StatusLapsed, engine.CertaintyNational, engine.AmountNone, engine.PartLapsed},
		{"a measure not yet issued is told with the lapsed", engine.StatusNotIssued, engine.CertaintyEntitlement, engine.AmountFixed, engine.PartLapsed},
		{"a measure whose conditions fail is not eligible", engine.StatusNotEligible, engine.CertaintyEntitlement, engine.AmountFixed, engine.PartNotEligible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := engine.PartOf(tt.status, tt.certainty, tt.amount); got != tt.want {
				t.Errorf("PartOf(%s, %s, %s) = %s, want %s", tt.status, tt.certainty, tt.amount, got, tt.want)
			}
		})
	}
}

func TestHeadlineNeverCallsAnOfficialsDecisionMetFunding(t *testing.T) {
	tests := []struct {
		name      string
		totals    engine.Totals
		zh, en    []string
		forbidden []string
	}{
		{"three discretionary measures without an amount are the official's, not met funding",
			engine.Totals{Eligible: 5, Discretionary: 4, Official: 3, NotMoney: 2, Unset: 3, UnsetEligible: 3},
			[]string{"文件未确定可得的金额", "由主管部门决定3项", "非资金支持2项"}, []string{"An official decides: 3", "Not money: 2"},
			[]string{"资金支持,", "资金支持，但", "符合3项", "funding measure"}},
		{"the counts follow the story's order",
			engine.Totals{Secured: engine.Money{OneTime: 62500}, Eligible: 6, Fixed: 4, NotMoney: 2, Possible: 1, Lapsed: 3},
			[]string{"文件确定可得一次性6.25万元。文件确定4项，可能符合1项，非资金支持2项，期限已过3项（未计入）。"},
			[]string{"Fixed by the texts: 4; Possibly eligible: 1; Not money: 2; Period ended: 3 (not counted)."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkHeadline(t, tt.totals, tt.zh, tt.en, tt.forbidden)
		})
	}
}
