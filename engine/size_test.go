package engine_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"policycheck/engine"
)

// TestAnswersToReplacedQuestionsNameWhatIsAskedInstead: the size class is
// derived, no longer asked; an answers file that still answers it is
// refused with a message naming the questions asked instead and the
// standard, rather than "no such question".
func TestAnswersToReplacedQuestionsNameWhatIsAskedInstead(t *testing.T) {
	c := loadReal(t)
	for _, tc := range []struct{ name, id string }{
		{"an old answers file that says the company is small or micro is told to give sector, staff and revenue", "small_micro"},
		{"an old Jiading answers file that says the company is medium-sized is told the same", "jiading_medium_enterprise"},
		{"an old Nanming answers file that says the company is medium-sized is told the same", "nanming_medium_enterprise"},
		{"an answer to the derived SME fact itself is refused the same way", "sme"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.ValidateAnswers(map[string]any{"organisation_kind": "company", tc.id: true})
			var ae *engine.AnswersError
			if !errors.As(err, &ae) || len(ae.Errors) != 1 {
				t.Fatalf("want one answer error, got %v", err)
			}
			fe := ae.Errors[0]
			if fe.Field != tc.id || fe.Code != engine.CodeReplaced {
				t.Fatalf("field %q code %q, want %q %q", fe.Field, fe.Code, tc.id, engine.CodeReplaced)
			}
			for _, want := range []string{"size_sector", "headcount", "revenue_last_year", "工信部联企业〔2011〕300号"} {
				if !strings.Contains(fe.Message.En, want) || !strings.Contains(fe.Message.Zh, want) {
					t.Errorf("message does not name %s: %q / %q", want, fe.Message.Zh, fe.Message.En)
				}
			}
		})
	}
}

// TestNotSureKeepsTheMeasurePossible: "not sure" is a deliberate unknown.
// The measure it decides stays possible and names the question (whose
// help and not-sure label say whom to ask), the question stays shown, and
// a definite answer in its place settles the measure.
func TestNotSureKeepsTheMeasurePossible(t *testing.T) {
	c := loadReal(t)
	nanming := map[string]any{"organisation_kind": "company", "registered_district": "nanming", "tax_district": "nanming"}
	with := func(base map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	for _, tc := range []struct {
		name, rule, question string
		answers              map[string]any
		settled              any
	}{
		{"a Nanming maker-space graduate not sure whether it is in the above-limit statistics may get the graduate award",
			"nanming.incubator-graduate-award", "nanming_above_designated_size",
			with(nanming, "nanming_maker_space_graduate", true), true},
		{"a Nanming firm not sure whether its certificate is a relevant professional certification may get the fee grant",
			"nanming.certification-fee-grant", "nanming_professional_cert", nanming, false},
		{"a Nanming firm not sure of its best patented product's output may get the product award",
			"nanming.patent-product-award", "nanming_patent_product_output", nanming, 2000000.0},
		{"a Nanming research-services firm not sure of its size class may get the SME research matching",
			"nanming.sme-research-matching", "size_class_declared", with(nanming, "size_sector", "other"), "small"},
		{"a Hongkou firm not sure whether its address is in a Zhangjiang sub-park may get the central registration address",
			"zhangjiang.central-registration-address", "in_zhangjiang_park",
			map[string]any{"organisation_kind": "company", "registered_district": "hongkou", "in_maker_space": true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if q := c.Question(tc.question); q == nil || q.NotSure == nil || q.Help == nil {
				t.Fatalf("%s offers no \"not sure\" with a help line", tc.question)
			}
			day := date("2018-06-01")
			if strings.HasPrefix(tc.rule, "zhangjiang.") {
				day = date("2016-06-01")
			}
			estimate := func(v any) (*engine.Report, engine.RuleResult) {
				a, err := c.ValidateAnswers(with(tc.answers, tc.question, v))
				if err != nil {
					t.Fatal(err)
				}
				rep, err := c.Estimate(a, engine.Options{Date: day})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rep.Results {
					if r.Rule == tc.rule {
						return rep, r
					}
				}
				t.Fatalf("no result for %s", tc.rule)
				return nil, engine.RuleResult{}
			}
			rep, r := estimate(engine.NotSure)
			if r.Status != engine.StatusPossible || !slices.Contains(r.Deciding, tc.question) {
				t.Errorf("not sure: %s is %s deciding %v, want possible deciding %s", tc.rule, r.Status, r.Deciding, tc.question)
			}
			if !slices.Contains(rep.RelevantQuestions, tc.question) {
				t.Errorf("not sure: %s is no longer shown", tc.question)
			}
			if slices.Contains(rep.OpenQuestions, tc.question) {
				t.Errorf("not sure: %s is still open, though answered", tc.question)
			}
			if _, r := estimate(tc.settled); r.Status == engine.StatusPossible {
				t.Errorf("answered %v: %s is still possible (deciding %v)", tc.settled, tc.rule, r.Deciding)
			}
		})
	}
}

// TestNotSureIsRefusedWhereNotOffered: a question that offers no "not
// sure" takes only its own answers.
func TestNotSureIsRefusedWhereNotOffered(t *testing.T) {
	c := loadReal(t)
	for _, id := range []string{"hightech_certified", "headcount", "registered_district"} {
		if c.Question(id).NotSure != nil {
			t.Fatalf("%s offers not sure; pick another question", id)
		}
		if _, err := c.ValidateAnswers(map[string]any{id: engine.NotSure}); err == nil {
			t.Errorf("%s accepted %q", id, engine.NotSure)
		}
	}
}

// TestSizeFactsNameTheirInputsAsMissing: a condition on a derived size
// class waits on, and names, the questions it is derived from, never the
// derived name, which the questionnaire does not show.
func TestSizeFactsNameTheirInputsAsMissing(t *testing.T) {
	c := loadReal(t)
	rep := estimateMap(t, c, map[string]any{"organisation_kind": "company", "registered_district": "jingan",
		"tax_district": "jingan", "size_sector": "software", "headcount": 150}, engine.Options{Date: date("2018-06-01")})
	for _, r := range rep.Results {
		if r.Rule != "jingan.small-micro-tech-startup-programme" {
			continue
		}
		if r.Status != engine.StatusPossible || !slices.Equal(r.Deciding, []string{"revenue_last_year"}) {
			t.Fatalf("status %s deciding %v, want possible deciding [revenue_last_year]", r.Status, r.Deciding)
		}
		return
	}
	t.Fatal("no result for the small and micro programme")
}

// TestNotSureToAQuestionNoLongerShownIsDropped: a "not sure" is an answer
// like any other; when an earlier answer hides its question, the page
// drops it, as it drops other answers no longer shown.
func TestNotSureToAQuestionNoLongerShownIsDropped(t *testing.T) {
	c := loadReal(t)
	a, err := c.ValidateAnswers(map[string]any{"organisation_kind": "company", "registered_district": "nanming",
		"nanming_maker_space_graduate": false, "nanming_above_designated_size": engine.NotSure})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.NotShown(a, engine.Options{Date: date("2018-06-01")}); !slices.Equal(got, []string{"nanming_above_designated_size"}) {
		t.Fatalf("not shown %v, want [nanming_above_designated_size]", got)
	}
}

// TestReportGivesTheDerivedSizeClass: the report says what the standard
// gives, true, false or unknown (nil) while a missing answer could change it.
func TestReportGivesTheDerivedSizeClass(t *testing.T) {
	c := loadReal(t)
	yes, no := true, false
	for _, tc := range []struct {
		name    string
		answers map[string]any
		want    map[string]*bool
	}{
		{"a software firm of 12 staff is small or micro whatever its revenue",
			map[string]any{"size_sector": "software", "headcount": 12},
			map[string]*bool{"small_micro": &yes, "medium_enterprise": &no, "sme": &yes}},
		{"a software firm of 150 staff without its revenue is an SME, small or medium not yet known",
			map[string]any{"size_sector": "software", "headcount": 150},
			map[string]*bool{"small_micro": nil, "medium_enterprise": nil, "sme": &yes}},
		{"a manufacturer on both large thresholds is large",
			map[string]any{"size_sector": "industry", "headcount": 1000, "revenue_last_year": 400000000},
			map[string]*bool{"small_micro": &no, "medium_enterprise": &no, "sme": &no}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := map[string]any{"organisation_kind": "company", "registered_district": "nanming"}
			for k, v := range tc.answers {
				raw[k] = v
			}
			rep := estimateMap(t, c, raw, engine.Options{Date: date("2018-06-01")})
			if len(rep.Derived) != len(tc.want) {
				t.Fatalf("derived %v", rep.Derived)
			}
			for _, d := range rep.Derived {
				w, ok := tc.want[d.ID]
				if !ok || (w == nil) != (d.Value == nil) || (w != nil && *w != *d.Value) {
					t.Errorf("%s: got %v, want %v", d.ID, show(d.Value), show(w))
				}
			}
		})
	}
}

func show(b *bool) string {
	if b == nil {
		return "unknown"
	}
	if *b {
		return "true"
	}
	return "false"
}
