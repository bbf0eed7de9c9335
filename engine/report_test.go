package engine_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"policycheck/engine"
)

func estimateOn(t *testing.T, c *engine.Catalogue, answers, on string) *engine.Report {
	t.Helper()
	a, err := c.ParseAnswers([]byte(answers))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Estimate(a, engine.Options{Date: date(on)})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestStatedPeriodsEnd(t *testing.T) {
	c := loadMini(t)
	const town = `{"organisation_kind":"company","district":"town"}`
	tests := []struct {
		name   string
		on     string
		rule   string
		status string
		by     string
	}{
		{"a plan's measure applies on the last day of its period", "2020-12-31", "plan.voucher", engine.StatusEligible, ""},
		{"a plan's measure lapses the day after its period", "2021-01-01", "plan.voucher", engine.StatusLapsed, "document"},
		{"a dated work item applies within its year", "2015-12-31", "town.award", engine.StatusEligible, ""},
		{"a dated work item lapses after its year although its document has no end", "2016-01-01", "town.award", engine.StatusLapsed, "clause"},
		{"a measure of a document without an end date keeps its status years later", "2030-01-01", "town.patent", engine.StatusPossible, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, estimateOn(t, c, town, tt.on), tt.rule)
			if r.Status != tt.status {
				t.Fatalf("status %s, want %s", r.Status, tt.status)
			}
			if (r.Lapse == nil) != (tt.by == "") || (r.Lapse != nil && r.Lapse.By != tt.by) {
				t.Errorf("lapse = %+v, want by %q", r.Lapse, tt.by)
			}
		})
	}
	// A rule that fails its conditions stays not eligible after the period:
	// "lapsed" says only that a measure that would apply has ended.
	if r := result(t, estimateOn(t, c, `{"organisation_kind":"company","district":"city"}`, "2022-01-01"), "plan.voucher"); r.Status != engine.StatusNotEligible {
		t.Errorf("city firm after the period: %s, want not_eligible", r.Status)
	}
}

func TestTheSameAnswersOnTwoDatesDiffer(t *testing.T) {
	c := loadMini(t)
	const town = `{"organisation_kind":"company","district":"town","patents":1}`
	before, after := estimateOn(t, c, town, "2019-06-01"), estimateOn(t, c, town, "2026-11-30")
	if before.Totals.Secured.OneTime != 13000 || after.Totals.Secured.OneTime != 3000 {
		t.Errorf("secured %v then %v, want 13000 (patent and voucher) then 3000 (the voucher's plan ended)",
			before.Totals.Secured.OneTime, after.Totals.Secured.OneTime)
	}
	if after.Totals.Lapsed != 2 || before.Totals.Lapsed != 1 {
		t.Errorf("lapsed %d then %d, want 1 then 2", before.Totals.Lapsed, after.Totals.Lapsed)
	}
}

func TestDocumentCurrency(t *testing.T) {
	c := loadMini(t)
	tests := []struct {
		on, doc, state string
		age            int
		says           string
	}{
		{"2019-06-01", "plan", engine.CurrencyInForce, 1, "2020-12-31"},
		{"2026-11-30", "plan", engine.CurrencyEnded, 8, "2020-12-31"},
		{"2017-06-01", "plan", engine.CurrencyNotIssued, 0, "2018-01-01"},
		{"2026-11-30", "town", engine.CurrencyNoEndDate, 12, "未载明有效期"},
	}
	for _, tt := range tests {
		t.Run(tt.on+"/"+tt.doc, func(t *testing.T) {
			rep := estimateOn(t, c, `{}`, tt.on)
			for _, d := range rep.Documents {
				if d.Document != tt.doc {
					continue
				}
				if d.State != tt.state || d.AgeYears != tt.age || !strings.Contains(d.Message.Zh+d.Message.En, tt.says) {
					t.Errorf("currency = %+v, want state %s, age %d, message with %q", d, tt.state, tt.age, tt.says)
				}
				return
			}
			t.Fatalf("no currency for %s in %+v", tt.doc, rep.Documents)
		})
	}
}

func TestDiscretionaryMoneyIsNeverSecured(t *testing.T) {
	c := loadMini(t)
	rep := estimateOn(t, c, `{"organisation_kind":"company","district":"town","patents":0,"wholesale":false}`, "2015-06-01")
	r := result(t, rep, "town.award")
	if r.Status != engine.StatusEligible || r.Certainty != engine.CertaintyDiscretionary {
		t.Fatalf("award: %s %s, want eligible and discretionary", r.Status, r.Certainty)
	}
	tot := rep.Totals
	// Secured holds nothing of the award; nor of the plan's voucher, whose
	// plan was not yet issued in 2015.
	if tot.Discretionary != 1 || tot.UnsetEligible != 1 || tot.Secured != (engine.Money{}) || tot.NotIssued != 1 {
		t.Errorf("totals = %+v, want one discretionary eligible rule with unset money, nothing secured and the voucher not yet issued", tot)
	}
}

func TestHeadlineNeverSaysZeroForUnsetAmounts(t *testing.T) {
	tests := []struct {
		name      string
		totals    engine.Totals
		zh, en    []string
		forbidden []string
	}{
		{"secured money leads, then what more is possible",
			engine.Totals{Secured: engine.Money{OneTime: 72500}, PossiblyMore: engine.Money{Yearly: 200000}, Eligible: 3, Possible: 1},
			[]string{"文件确定可得一次性7.25万元", "另可能最高每年20万元"}, []string{"The texts fix 72,500 yuan once", "Possibly up to 200,000 yuan a year more"}, nil},
		{"eligible measures whose amount no text sets are said so, not 0",
			engine.Totals{Eligible: 11, Fixed: 11, Unset: 11, UnsetEligible: 11},
			[]string{"文件确定符合11项，但未确定金额", "文件确定11项"}, []string{"The texts fix 11 measure(s) for you, with no amount set"}, []string{"0元", "0 yuan"}},
		{"nothing certain yet",
			engine.Totals{Possible: 130, Unset: 40},
			[]string{"尚无确定符合的措施", "可能符合130项"}, []string{"No measure is certain yet", "Possibly eligible: 130"}, []string{"0元", "0 yuan"}},
		{"nothing applies once every measure is out of period or fails",
			engine.Totals{Lapsed: 50, NotEligible: 96},
			[]string{"没有在期内可申请的措施", "期限已过50项（未计入）"}, []string{"no measure in force applies"}, []string{"0元"}},
		{"lapsed measures are named and not counted",
			engine.Totals{Lapsed: 14, Services: 2, Eligible: 2, NotMoney: 2},
			[]string{"期限已过14项（未计入）", "非资金支持2项"}, []string{"Period ended: 14 (not counted)", "Not money: 2"}, []string{"0元"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkHeadline(t, tt.totals, tt.zh, tt.en, tt.forbidden)
		})
	}
}

func TestObligationsTravelWithEveryResult(t *testing.T) {
	c := loadMini(t)
	rep := estimateOn(t, c, `{"organisation_kind":"company","district":"town","patents":2}`, "2020-01-01")
	r := result(t, rep, "town.patent")
	if len(r.Obligations) != 1 || r.Obligations[0].Zh != "在本镇经营五年" || r.Obligations[0].Quote == "" {
		t.Errorf("obligations = %+v, want the document's five-year rule with its quote", r.Obligations)
	}
	if r.Currency == nil || r.Currency.State != engine.CurrencyNoEndDate {
		t.Errorf("currency = %+v, want the document's (no end date)", r.Currency)
	}
	if v := result(t, rep, "plan.voucher"); len(v.Obligations) != 0 {
		t.Errorf("the plan's voucher carries the town's obligations: %+v", v.Obligations)
	}
	// The page's brief report leaves them to the catalogue and Report.Documents.
	a, _ := c.ParseAnswers([]byte(`{"district":"town"}`))
	brief, err := c.Estimate(a, engine.Options{Date: date("2020-01-01"), Brief: true})
	if err != nil {
		t.Fatal(err)
	}
	if b := result(t, brief, "town.patent"); b.Obligations != nil || b.Currency != nil {
		t.Errorf("brief result carries obligations or currency: %+v", b)
	}
	if len(brief.Documents) != 2 || len(brief.Documents[0].Obligations) != 1 {
		t.Errorf("brief documents = %+v", brief.Documents)
	}
}

func TestAQuestionNotShownIsNotUnanswered(t *testing.T) {
	c := loadMini(t)
	tests := []struct {
		name, answers, status string
	}{
		{"sales are asked of wholesalers only, so a non-wholesaler gets no sales award",
			`{"organisation_kind":"company","district":"town","wholesale":false}`, engine.StatusNotEligible},
		{"while the wholesale question is open, the sales award stays possible",
			`{"organisation_kind":"company","district":"town"}`, engine.StatusPossible},
		{"a wholesaler who has not given sales may get it",
			`{"organisation_kind":"company","district":"town","wholesale":true}`, engine.StatusPossible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := estimateOn(t, c, tt.answers, "2020-01-01")
			if r := result(t, rep, "town.big-seller"); r.Status != tt.status {
				t.Fatalf("status %s, want %s (%+v)", r.Status, tt.status, r.Conditions)
			}
			for _, nm := range rep.NearMisses {
				if nm.Rule == "town.big-seller" && tt.status == engine.StatusNotEligible {
					t.Errorf("near miss on a question never asked: %+v", nm)
				}
			}
		})
	}
	// A follow-up whose parent is not shown is not shown either.
	rep := estimateOn(t, c, `{"organisation_kind":"company","district":"town","wholesale":false}`, "2020-01-01")
	for _, q := range rep.RelevantQuestions {
		if q == "sales" {
			t.Errorf("sales shown to a non-wholesaler: %v", rep.RelevantQuestions)
		}
	}
}

// Outcomes is Estimate without the explanation: the same status, amount
// and totals for every rule, whatever the answers.
func TestOutcomesAgreeWithEstimate(t *testing.T) {
	c := loadReal(t)
	for _, on := range []string{"2016-03-01", "2019-06-01", "2026-11-30"} {
		for seed := range 60 {
			w := &walker{c: c, rnd: rand.New(rand.NewPCG(uint64(seed), 11)), date: date(on)}
			raw := map[string]any{}
			// Some answers only, at random, so that unknowns remain.
			for _, q := range c.Questions {
				if w.rnd.IntN(3) == 0 {
					raw[q.ID] = w.value(q)
				}
			}
			a, err := c.ValidateAnswers(raw)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := c.Estimate(a, engine.Options{Date: date(on)})
			if err != nil {
				t.Fatal(err)
			}
			tot, outs, err := c.Outcomes(a, engine.Options{Date: date(on)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tot != rep.Totals {
				t.Fatalf("%s seed %d: totals %+v, Estimate %+v", on, seed, tot, rep.Totals)
			}
			for i, r := range rep.Results {
				o := outs[i]
				if o.Status != r.Status || o.Certainty != r.Certainty {
					t.Fatalf("%s seed %d: %s: %s/%s, Estimate %s/%s", on, seed, r.Rule, o.Status, o.Certainty, r.Status, r.Certainty)
				}
				if r.Status != engine.StatusNotEligible && r.Status != engine.StatusLapsed && r.Status != engine.StatusNotIssued &&
					(o.HasAmount != (r.Amount.Min != nil)) || (o.HasAmount && r.Amount.Min != nil && (o.Min != *r.Amount.Min || o.Max != *r.Amount.Max)) {
					t.Fatalf("%s seed %d: %s: amount %+v, Estimate %+v", on, seed, r.Rule, o, r.Amount)
				}
			}
		}
	}
}

// checkHeadline fails unless the headline of totals holds every zh and en
// phrase and none of forbidden, in either language.
func checkHeadline(t *testing.T, totals engine.Totals, zh, en, forbidden []string) {
	t.Helper()
	h := totals.Headline()
	for _, s := range zh {
		if !strings.Contains(h.Zh, s) {
			t.Errorf("zh %q lacks %q", h.Zh, s)
		}
	}
	for _, s := range en {
		if !strings.Contains(h.En, s) {
			t.Errorf("en %q lacks %q", h.En, s)
		}
	}
	for _, s := range forbidden {
		if strings.Contains(h.Zh+h.En, s) {
			t.Errorf("headline %q / %q says %q", h.Zh, h.En, s)
		}
	}
}
