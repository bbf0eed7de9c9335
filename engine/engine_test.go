package engine_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"policycheck/engine"
)

func loadMini(t testing.TB) *engine.Catalogue {
	t.Helper()
	c, err := engine.Load(os.DirFS("testdata/mini"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func estimate(t *testing.T, c *engine.Catalogue, answers string, compare bool) *engine.Report {
	t.Helper()
	a, err := c.ParseAnswers([]byte(answers))
	if err != nil {
		t.Fatalf("ParseAnswers(%s): %v", answers, err)
	}
	rep, err := c.Estimate(a, engine.Options{Date: date("2020-01-01"), Compare: compare})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// estimateMap validates answers given as a map and estimates them.
func estimateMap(t *testing.T, c *engine.Catalogue, answers map[string]any, opt engine.Options) *engine.Report {
	t.Helper()
	a, err := c.ValidateAnswers(answers)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Estimate(a, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func result(t *testing.T, rep *engine.Report, id string) engine.RuleResult {
	t.Helper()
	for _, r := range rep.Results {
		if r.Rule == id {
			return r
		}
	}
	t.Fatalf("no result for %s", id)
	return engine.RuleResult{}
}

func TestThreeValuedConditions(t *testing.T) {
	c := loadMini(t)
	tests := []struct {
		name    string
		answers string
		rule    string
		status  string
		missing []string
	}{
		{"nothing answered makes every rule possible, never not eligible",
			`{}`, "town.hightech", engine.StatusPossible, []string{"district", "organisation_kind", "hightech", "moved_in"}},
		{"a firm that did not move in is decided by its certification year alone",
			`{"organisation_kind":"company","district":"town","hightech":true,"moved_in":false,"hightech_year":2013}`,
			"town.hightech", engine.StatusEligible, nil},
		{"an unanswered move-in flag leaves the year rule open",
			`{"organisation_kind":"company","district":"town","hightech":true,"hightech_year":2013}`,
			"town.hightech", engine.StatusPossible, []string{"moved_in"}},
		{"a firm that moved in in 2013 counts from the move-in year even if certified earlier",
			`{"organisation_kind":"company","district":"town","hightech":true,"moved_in":true,"move_in_year":2013,"hightech_year":2010}`,
			"town.hightech", engine.StatusEligible, nil},
		{"a firm that moved in in 2012 gets nothing",
			`{"organisation_kind":"company","district":"town","hightech":true,"moved_in":true,"move_in_year":2012}`,
			"town.hightech", engine.StatusNotEligible, nil},
		{"one false condition decides even when others are unknown",
			`{"hightech":false}`, "town.hightech", engine.StatusNotEligible, nil},
		{"a company in another district gets nothing from the town",
			`{"organisation_kind":"company","district":"city","patents":2}`, "town.patent", engine.StatusNotEligible, nil},
		{"a rule without scope applies to its applicant anywhere",
			`{"organisation_kind":"incubator","district":"city"}`, "town.window", engine.StatusEligible, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, estimate(t, c, tt.answers, false), tt.rule)
			if r.Status != tt.status {
				t.Fatalf("status %s, want %s; conditions %+v", r.Status, tt.status, r.Conditions)
			}
			if tt.missing != nil && strings.Join(r.Deciding, ",") != strings.Join(tt.missing, ",") {
				t.Errorf("deciding questions %v, want %v", r.Deciding, tt.missing)
			}
		})
	}
}

func TestAmountsAndTotals(t *testing.T) {
	c := loadMini(t)
	rep := estimate(t, c, `{"organisation_kind":"company","district":"town","patents":4,"hightech":true,"hightech_year":2015,"moved_in":false,"wholesale":true}`, true)
	if r := result(t, rep, "town.patent"); r.Amount.Min == nil || *r.Amount.Min != 12000 {
		t.Errorf("patent amount = %+v, want 12000", r.Amount)
	}
	// Secured: patent 12000 + high-tech 50000 + plan voucher 10000, all fixed by
	// the text. Possibly more: the sales award (100000 once, sales unanswered)
	// and the loan interest cap (up to 200000 a year). The 2015 award lapsed.
	want := engine.Totals{Secured: engine.Money{OneTime: 72000}, PossiblyMore: engine.Money{OneTime: 100000, Yearly: 200000},
		Eligible: 3, Fixed: 3, Possible: 2, NotEligible: 1, Lapsed: 1}
	if rep.Totals != want {
		t.Errorf("totals = %+v, want %+v", rep.Totals, want)
	}
	if len(rep.Comparison) != 2 || !rep.Comparison[0].Current || rep.Comparison[1].Current {
		t.Fatalf("comparison = %+v", rep.Comparison)
	}
	if rep.Comparison[1].Totals.Secured.OneTime != 0 || rep.Comparison[1].Totals.Eligible != 0 || rep.Comparison[0].Totals.Secured.OneTime != 72000 {
		t.Errorf("comparison totals = %+v", rep.Comparison)
	}
	if strings.Join(rep.OpenQuestions, ",") != "sales" {
		t.Errorf("open questions = %v, want [sales]", rep.OpenQuestions)
	}
}

func TestNearMiss(t *testing.T) {
	c := loadMini(t)
	rep := estimate(t, c, `{"organisation_kind":"company","district":"town","hightech":false,"hightech_year":2015,"moved_in":false}`, false)
	if len(rep.NearMisses) != 1 || rep.NearMisses[0].Rule != "town.hightech" {
		t.Fatalf("near misses = %+v", rep.NearMisses)
	}
	if got := rep.NearMisses[0].Message.En; !strings.Contains(got, "50,000 yuan") || !strings.Contains(got, "Town") {
		t.Errorf("message = %q", got)
	}
	if got := rep.NearMisses[0].Message.Zh; !strings.Contains(got, "5万元") {
		t.Errorf("message = %q", got)
	}
	// Location failures are what the comparison is for, not near misses.
	rep = estimate(t, c, `{"organisation_kind":"company","district":"city","hightech":true,"hightech_year":2015,"moved_in":false}`, false)
	if len(rep.NearMisses) != 0 {
		t.Errorf("near misses for another district = %+v", rep.NearMisses)
	}
	// A past date cannot be met by acting now: no near miss on it.
	rep = estimate(t, c, `{"organisation_kind":"company","district":"town","hightech":true,"hightech_year":2012,"moved_in":false,"patents":3}`, false)
	for _, nm := range rep.NearMisses {
		if nm.Rule == "town.hightech" {
			t.Errorf("near miss on a certification year in the past: %+v", nm)
		}
	}
	// No patents yet: the near miss says what each patent would bring, not "0".
	rep = estimate(t, c, `{"organisation_kind":"company","district":"town","patents":0}`, false)
	found := false
	for _, nm := range rep.NearMisses {
		if nm.Rule == "town.patent" {
			found = true
			if !strings.Contains(nm.Message.Zh, "3000元/项") || strings.Contains(nm.Message.Zh, "获得0元") {
				t.Errorf("message = %q, want the per-item amount", nm.Message.Zh)
			}
		}
	}
	if !found {
		t.Errorf("no near miss for the patent grant with 0 patents: %+v", rep.NearMisses)
	}
}

func TestRelevantQuestions(t *testing.T) {
	c := loadMini(t)
	rep := estimate(t, c, `{"wholesale":false,"moved_in":true}`, false)
	rel := strings.Join(rep.RelevantQuestions, ",")
	if strings.Contains(rel, "sales") {
		t.Errorf("sales asked of a non-wholesaler: %s", rel)
	}
	if !strings.Contains(rel, "move_in_year") || !strings.Contains(rel, "hightech_year") {
		t.Errorf("relevant = %s; move_in_year (moved in) and hightech_year (unknown) should be asked", rel)
	}
}

func TestParseAnswersErrors(t *testing.T) {
	c := loadMini(t)
	tests := []struct {
		name, input, field, code string
	}{
		{"malformed JSON", `{"district": "town"`, "", engine.CodeSyntax},
		{"not an object", `[1,2]`, "", engine.CodeNotObject},
		{"unknown key", `{"distrct":"town"}`, "distrct", engine.CodeUnknownField},
		{"wrong type for a choice", `{"district": 3}`, "district", engine.CodeType},
		{"a value that is not an option", `{"district": "mars"}`, "district", engine.CodeOption},
		{"a negative count", `{"patents": -1}`, "patents", engine.CodeRange},
		{"a fractional count", `{"patents": 1.5}`, "patents", engine.CodeType},
		{"a count above its maximum", `{"patents": 1001}`, "patents", engine.CodeRange},
		{"a string for a yes/no", `{"hightech": "yes"}`, "hightech", engine.CodeType},
		{"a negative amount of money", `{"sales": -5}`, "sales", engine.CodeRange},
		{"a malformed date", `{"founded": "2020-13-01"}`, "founded", engine.CodeType},
		{"a date out of range", `{"founded": "1900-01-01"}`, "founded", engine.CodeRange},
		{"a year out of range", `{"hightech_year": 20130}`, "hightech_year", engine.CodeRange},
		{"a repeated option", `{"fields": ["ai","ai"]}`, "fields", engine.CodeDuplicate},
		{"none together with another option", `{"fields": ["none","bio"]}`, "fields", engine.CodeOption},
		{"a multi answer that is not an array", `{"fields": "ai"}`, "fields", engine.CodeType},
		{"trailing data", `{} {}`, "", engine.CodeSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.ParseAnswers([]byte(tt.input))
			var ae *engine.AnswersError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *AnswersError", err)
			}
			if len(ae.Errors) != 1 || ae.Errors[0].Field != tt.field || ae.Errors[0].Code != tt.code {
				t.Fatalf("errors = %+v, want field %q code %q", ae.Errors, tt.field, tt.code)
			}
			if ae.Errors[0].Message.Zh == "" || ae.Errors[0].Message.En == "" {
				t.Errorf("message not bilingual: %+v", ae.Errors[0])
			}
			if tt.field != "" && !strings.Contains(err.Error(), "answers."+tt.field) {
				t.Errorf("error %q does not name the field", err)
			}
		})
	}
	t.Run("null means unanswered", func(t *testing.T) {
		a, err := c.ParseAnswers([]byte(`{"district": null}`))
		if err != nil || len(a) != 0 {
			t.Fatalf("a = %v, err = %v", a, err)
		}
	})
	t.Run("malformed JSON gives line and column", func(t *testing.T) {
		_, err := c.ParseAnswers([]byte("{\n  \"district\": tru\n}"))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Fatalf("err = %v, want a line number", err)
		}
	})
}

// catalogueWith returns the mini catalogue with one file replaced.
func catalogueWith(t *testing.T, name, content string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range []string{"documents.json", "questions.json", "town.json", "cases/town.json", "sources/town.txt"} {
		b, err := os.ReadFile("testdata/mini/" + f)
		if err != nil {
			t.Fatal(err)
		}
		m[f] = &fstest.MapFile{Data: b}
	}
	if content == "" {
		delete(m, name)
	} else {
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return m
}

func TestLoadReportsPreciseProblems(t *testing.T) {
	base, err := os.ReadFile("testdata/mini/town.json")
	if err != nil {
		t.Fatal(err)
	}
	replace := func(old, new string) string {
		s := strings.Replace(string(base), old, new, 1)
		if s == string(base) {
			t.Fatalf("test setup: %q not found", old)
		}
		return s
	}
	tests := []struct {
		name, file, content string
		want                []string
	}{
		{"a quote that is not in the source", "town.json",
			replace("发明专利资助3000元/项", "发明专利资助4000元/项"),
			[]string{"town.json: town.patent: quote: not found verbatim"}},
		{"a condition naming a question that does not exist", "town.json",
			replace(`"when": "patents > 0"`, `"when": "patent_count > 0"`),
			[]string{"town.json: town.patent: conditions[0].when: unknown name patent_count"}},
		{"a condition that is not boolean", "town.json",
			replace(`"when": "patents > 0"`, `"when": "patents + 1"`),
			[]string{"town.json: town.patent: conditions[0].when:", "expected bool"}},
		{"a type error inside a condition", "town.json",
			replace(`"when": "patents > 0"`, `"when": "patents > \"many\""`),
			[]string{"town.json: town.patent: conditions[0].when: invalid operation"}},
		{"an amount without a unit", "town.json",
			replace(`"amount": {"kind": "fixed", "value": 50000, "unit": "CNY"}`, `"amount": {"kind": "fixed", "value": 50000}`),
			[]string{"town.json: town.hightech: amount.unit: every amount needs a unit"}},
		{"a repeated rule id", "town.json",
			replace(`"id": "town.patent"`, `"id": "town.hightech"`),
			[]string{"town.json: town.hightech: id: rule id is repeated"}},
		{"a misspelt field", "town.json",
			replace(`"clause": "第二条"`, `"clauze": "第二条"`),
			[]string{"town.json: line ", "clauze"}},
		{"a rule without test cases", "cases/town.json", `{"cases": []}`,
			[]string{"town.json: town.patent: cases: no test case where the rule applies"}},
		{"a case naming an unknown rule", "cases/town.json",
			`{"cases": [{"name": "a case about nothing", "date": "2020-01-01", "answers": {}, "expect": {"town.nothing": {"status": "eligible"}}}]}`,
			[]string{"cases/town.json: town.nothing: cases[0].expect: \"a case about nothing\" names an unknown rule"}},
		{"a case with an answer of the wrong type", "cases/town.json",
			`{"cases": [{"name": "a bad case", "date": "2020-01-01", "answers": {"patents": "two"}, "expect": {}}]}`,
			[]string{"cases/town.json: cases[0].answers: \"a bad case\": invalid answers: answers.patents: must be a whole number"}},
		{"a missing source text", "sources/town.txt", "",
			[]string{"documents.json: documents[0].source: cannot read source text"}},
		{"malformed JSON", "questions.json", `{"steps": [`,
			[]string{"questions.json: line 1, column"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := engine.Load(catalogueWith(t, tt.file, tt.content))
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestMiniCases(t *testing.T) {
	c := loadMini(t)
	for _, r := range c.RunCases() {
		if !r.Passed() {
			t.Errorf("%s: %v", r.Case.Name, r.Failures)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		a      engine.AmountResult
		p      engine.Period
		zh, en string
	}{
		{engine.AmountResult{Kind: "fixed", Min: f(50000), Max: f(50000)}, engine.Period{Kind: "one_time"}, "一次性5万元", "50,000 yuan once"},
		{engine.AmountResult{Kind: "cap", Min: f(0), Max: f(2000000)}, engine.Period{Kind: "one_time"}, "一次性最高200万元", "up to 2,000,000 yuan once"},
		{engine.AmountResult{Kind: "range", Min: f(30000), Max: f(50000)}, engine.Period{Kind: "yearly", Years: 3}, "每年3万元至5万元(最多3年)", "30,000 yuan to 50,000 yuan a year (up to 3 years)"},
		{engine.AmountResult{Kind: "per_item", PerItem: f(500)}, engine.Period{Kind: "per_item"}, "500元/项", "500 yuan per item"},
		{engine.AmountResult{Kind: "unset"}, engine.Period{Kind: "one_time"}, "资金支持(文件未规定金额)", "funding whose amount the document does not set"},
	}
	for _, tt := range tests {
		if got := engine.FormatAmount(tt.a, tt.p, "zh"); got != tt.zh {
			t.Errorf("zh: got %q, want %q", got, tt.zh)
		}
		if got := engine.FormatAmount(tt.a, tt.p, "en"); got != tt.en {
			t.Errorf("en: got %q, want %q", got, tt.en)
		}
	}
}
