package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"policycheck/engine"
	"policycheck/rules"
)

func loadReal(t testing.TB) *engine.Catalogue {
	t.Helper()
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRuleCases runs every test case of the real catalogue, one subtest per
// sentence.
func TestRuleCases(t *testing.T) {
	c := loadReal(t)
	if len(c.Cases) == 0 {
		t.Fatal("the catalogue has no test cases")
	}
	for _, cs := range c.Cases {
		t.Run(cs.Name, func(t *testing.T) {
			r := c.RunCase(cs)
			for _, f := range r.Failures {
				t.Error(f)
			}
		})
	}
}

func TestCatalogueCoversEveryDocument(t *testing.T) {
	c := loadReal(t)
	perDoc := map[string]int{}
	for _, r := range c.Rules {
		perDoc[r.Document]++
	}
	for _, d := range c.Documents {
		if perDoc[d.ID] < 5 {
			t.Errorf("%s has %d rules", d.ID, perDoc[d.ID])
		}
	}
	if len(c.Documents) != 5 {
		t.Errorf("%d documents, want 5", len(c.Documents))
	}
}

// Only the Nanming text fixes amounts: no Shanghai rule may carry a figure.
func TestShanghaiRulesInventNoAmounts(t *testing.T) {
	c := loadReal(t)
	for _, r := range c.Rules {
		if r.Document == "nanming" {
			continue
		}
		if k := r.Amount.Kind; k != engine.AmountUnset && k != engine.AmountNone {
			// A figure is allowed only when the text itself states it next to the quote.
			if r.Amount.Quote == "" {
				t.Errorf("%s: amount kind %s without an amount quote", r.ID, k)
			}
		}
	}
}

// Unknown is not no: with no answers at all, no rule is "not eligible".
func TestNoAnswersMeansNothingIsRuledOut(t *testing.T) {
	c := loadReal(t)
	rep, err := c.Estimate(engine.Answers{}, engine.Options{Date: date("2018-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Status == engine.StatusNotEligible {
			t.Errorf("%s is not eligible with no answers: %+v", r.Rule, r.Conditions)
		}
		if len(r.Errors) > 0 {
			t.Errorf("%s: %v", r.Rule, r.Errors)
		}
	}
}

// A Shanghai company gets nothing from Nanming and a Nanming company nothing from Shanghai.
func TestRegionsDoNotLeak(t *testing.T) {
	c := loadReal(t)
	for _, tt := range []struct {
		district string
		foreign  []string
	}{
		{"jingan", []string{"nanming"}},
		{"jiading", []string{"nanming"}},
		{"nanming", []string{"jingan", "hongkou", "jiading", "zhangjiang"}},
	} {
		rep := estimateMap(t, c, map[string]any{
			"organisation_kind": "company", "registered_district": tt.district, "tax_district": tt.district,
			"in_zhangjiang_park": false,
		}, engine.Options{Date: date("2018-06-01")})
		for _, r := range rep.Results {
			for _, f := range tt.foreign {
				if r.Document == f && r.Status != engine.StatusNotEligible {
					t.Errorf("a company in %s: %s is %s", tt.district, r.Rule, r.Status)
				}
			}
		}
	}
}

func TestComparisonCoversEveryDistrict(t *testing.T) {
	c := loadReal(t)
	rep := estimateMap(t, c, map[string]any{"organisation_kind": "company", "registered_district": "nanming",
		"tax_district": "nanming", "hightech_certified": true, "hightech_cert_year": 2016, "moved_in": false,
		"nanming_hightech_grant_received": false}, engine.Options{Date: date("2017-06-01"), Compare: true})
	var ids []string
	for _, l := range rep.Comparison {
		ids = append(ids, l.ID)
		if l.Current != (l.ID == "nanming") {
			t.Errorf("%s current = %v", l.ID, l.Current)
		}
	}
	if strings.Join(ids, ",") != "jingan,hongkou,jiading,nanming" {
		t.Errorf("locations = %v", ids)
	}
	last := rep.Comparison[len(rep.Comparison)-1]
	if last.Totals.Secured.OneTime < 50000 {
		t.Errorf("nanming secured one-time = %v, want at least the 50,000 yuan high-tech grant", last.Totals.Secured.OneTime)
	}
}

func BenchmarkEstimate(b *testing.B) {
	c := loadReal(b)
	a, err := c.ValidateAnswers(map[string]any{"organisation_kind": "company", "registered_district": "nanming",
		"tax_district": "nanming", "hightech_certified": true, "hightech_cert_year": 2016, "moved_in": false,
		"invention_patents": 3, "industries": []any{"software", "big_data"}})
	if err != nil {
		b.Fatal(err)
	}
	opt := engine.Options{Date: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Estimate(a, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEstimateWithComparison(b *testing.B) {
	c := loadReal(b)
	a, _ := c.ValidateAnswers(map[string]any{"organisation_kind": "company", "registered_district": "jingan", "tax_district": "jingan"})
	opt := engine.Options{Date: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), Compare: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Estimate(a, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Load(rules.FS); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleCatalogue_Estimate() {
	c, err := engine.Load(rules.FS)
	if err != nil {
		panic(err)
	}
	answers, err := c.ParseAnswers([]byte(`{"organisation_kind": "company", "registered_district": "nanming",
		"tax_district": "nanming", "software_certified": true, "software_cert_year": 2016, "moved_in": false}`))
	if err != nil {
		panic(err)
	}
	rep, err := c.Estimate(answers, engine.Options{Date: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	for _, r := range rep.Results {
		if r.Status == engine.StatusEligible && r.Amount.Min != nil {
			fmt.Println(r.Title.En+":", engine.FormatAmount(r.Amount, r.Period, "en"))
		}
	}
}

// An unanswered "comparing districts?" asks only the questions of the
// company's own location; answering yes asks the other districts' too.
func TestRelevanceAssumesNotComparing(t *testing.T) {
	c := loadReal(t)
	relevant := func(raw map[string]any) map[string]bool {
		a, err := c.ValidateAnswers(raw)
		if err != nil {
			t.Fatal(err)
		}
		// As the page does: comparing districts is the answer and the option.
		rep, err := c.Estimate(a, engine.Options{Date: date("2018-06-01"), Compare: raw["compare_districts"] == true})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, id := range rep.RelevantQuestions {
			out[id] = true
		}
		return out
	}
	nanming := map[string]any{"organisation_kind": "company", "registered_district": "nanming", "tax_district": "nanming"}
	rel := relevant(nanming)
	if rel["jingan_multinational"] || !rel["nanming_utility_patents"] {
		t.Errorf("a Nanming company not comparing: jingan_multinational %v, nanming_utility_patents %v",
			rel["jingan_multinational"], rel["nanming_utility_patents"])
	}
	nanming["compare_districts"] = true
	if rel := relevant(nanming); !rel["jingan_multinational"] {
		t.Error("a Nanming company comparing districts is not asked Jing'an's questions")
	}
	// Eligibility does not assume: a rule reading compare_districts would stay unknown.
	rep, err := c.Estimate(engine.Answers{}, engine.Options{Date: date("2018-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Status == engine.StatusNotEligible {
			t.Errorf("%s not eligible with no answers", r.Rule)
		}
	}
}
