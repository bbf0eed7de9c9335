package engine_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// AppendJSON and EstimateJSON must write exactly what jsoncodec.Marshal
// writes for the same report (goccy/go-json natively, encoding/json under
// js/wasm): every test case's answers, brief or not, with or without the
// comparison, and a second time from the reused buffers.
func TestAppendJSONMatchesMarshal(t *testing.T) {
	c := loadReal(t)
	n := 0
	for _, cs := range c.Cases {
		a, err := c.ValidateAnswers(cs.Answers)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse(time.DateOnly, cs.Date)
		for _, opt := range []engine.Options{{Date: d}, {Date: d, Brief: true}, {Date: d, Brief: true, Compare: true}, {Date: d, Compare: true}} {
			rep, err := c.Estimate(a, opt)
			if err != nil {
				t.Fatal(err)
			}
			want, err := jsoncodec.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rep.AppendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s %+v: AppendJSON differs from Marshal at byte %d:\n got %s\nwant %s", cs.Name, opt, firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
			}
			for range 2 {
				got, err = c.EstimateJSON(got[:0], a, opt)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%s %+v: EstimateJSON differs from Marshal at byte %d:\n got %s\nwant %s", cs.Name, opt, firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
				}
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no reports compared")
	}
}

// Strings and numbers at the edges of JSON's escaping and formatting rules.
func TestAppendJSONEscapingAndNumbers(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	odd := "tab\t nl\n cr\r quote\" backslash\\ bell\a del\x7f <html>&amp; 中文 \u2028\u2029 bad\xff\xfe end"
	rep := &engine.Report{
		CatalogueVersion: odd,
		Totals:           engine.Totals{Secured: engine.Money{OneTime: 1e21, Yearly: 1e-7}, PossiblyMore: engine.Money{OneTime: 123456789.125, Yearly: -0.5}, Lapsed: 3},
		Documents:        []engine.DocumentStatus{{Document: odd, State: "ended", Trial: true, From: "x", Until: odd, Message: engine.Text{Zh: odd}, Obligations: []engine.Provision{{Zh: odd, Quote: odd}}}},
		Results: []engine.RuleResult{{Rule: odd, Status: "lapsed", Certainty: odd, Lapse: &engine.Lapse{By: "clause", Until: odd, Quote: odd},
			Currency: &engine.DocumentStatus{Document: odd}, Stacking: []engine.Provision{{En: odd}}, Conditions: []engine.ConditionResult{{ID: "a", Missing: []string{odd}}},
			Amount: engine.AmountResult{Min: f(0.000001), Max: f(3e-9), PerItem: f(1.5e300)}, Period: engine.Period{Kind: "yearly", Years: 3},
			Deciding: []string{"x"}, Errors: []string{odd}}},
		NearMisses: []engine.NearMiss{{Rule: "r", Message: engine.Text{Zh: odd, En: odd}}},
	}
	want, err := jsoncodec.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rep.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("differs at byte %d:\n got %s\nwant %s", firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) string {
	return string(b[max(0, i-80):min(len(b), i+80)])
}

func TestCompileAndEvaluateExpressions(t *testing.T) {
	c := loadReal(t)
	e, err := c.CompileExpression(`registered_district == "nanming" && (hightech_certified || invention_patents >= 2)`)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Leaves(); len(got) != 3 || got[0] != `registered_district == "nanming"` || got[2] != "invention_patents >= 2" {
		t.Errorf("leaves = %q", got)
	}
	if _, err := c.CompileExpression("no_such_question > 1"); err == nil || !strings.Contains(err.Error(), "unknown name no_such_question") {
		t.Errorf("err = %v", err)
	}
	d := time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
	for answers, want := range map[string]string{
		`{}`:                                 engine.StateUnknown,
		`{"registered_district": "jingan"}`:  engine.StateNotMet,
		`{"registered_district": "nanming"}`: engine.StateUnknown,
		`{"registered_district": "nanming", "invention_patents": 2}`:                              engine.StateMet,
		`{"registered_district": "nanming", "invention_patents": 1, "hightech_certified": false}`: engine.StateNotMet,
	} {
		a, err := c.ParseAnswers([]byte(answers))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.EvaluateAll(a, d, []*engine.Expression{e}, nil); len(got) != 1 || got[0] != want {
			t.Errorf("%s: %v, want %s", answers, got, want)
		}
	}
}

// Estimates from many goroutines at once give the same reports as one by one.
func TestConcurrentEstimates(t *testing.T) {
	c := loadReal(t)
	type job struct {
		a    engine.Answers
		opt  engine.Options
		want []byte
	}
	var jobs []job
	for i, cs := range c.Cases {
		if i%7 != 0 {
			continue
		}
		a, err := c.ValidateAnswers(cs.Answers)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse(time.DateOnly, cs.Date)
		opt := engine.Options{Date: d, Brief: i%2 == 0, Compare: i%3 == 0}
		want, err := c.EstimateJSON(nil, a, opt)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job{a, opt, want})
	}
	errs := make(chan string, 8)
	for g := range 8 {
		go func() {
			var buf []byte
			for k := range 3 * len(jobs) {
				j := jobs[(k+g)%len(jobs)]
				var got []byte
				if k%2 == 0 {
					buf, _ = c.EstimateJSON(buf[:0], j.a, j.opt)
					got = buf
				} else {
					rep, _ := c.Estimate(j.a, j.opt)
					got, _ = rep.AppendJSON(nil)
				}
				if !bytes.Equal(got, j.want) {
					errs <- "a concurrent estimate differs"
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
}

// A caller that keeps its last report gets, with Options.Unchanged, null for
// each result and each other part (see Options.Unchanged) that has not
// changed since, and the full JSON of every other: put back, they make the
// report without Unchanged. Walked through every case's answers
// in turn, as a person answering would change them, brief and not.
func TestEstimateJSONWritesUnchangedResultsAsNull(t *testing.T) {
	c := loadReal(t)
	for _, brief := range []bool{true, false} {
		var last, next engine.Results
		var lastFull []byte
		nulls, written := 0, 0
		for k, cs := range c.Cases {
			a, err := c.ValidateAnswers(cs.Answers)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := time.Parse(time.DateOnly, cs.Date)
			opt := engine.Options{Date: d, Brief: brief, Compare: k%4 == 0}
			full, err := c.EstimateJSON(nil, a, opt)
			if err != nil {
				t.Fatal(err)
			}
			opt.Unchanged, opt.Record = &last, &next
			if k == 0 {
				opt.Unchanged = nil // nothing held yet
			}
			diff, err := c.EstimateJSON(nil, a, opt)
			if err != nil {
				t.Fatal(err)
			}
			last, next = next, last
			// Every null taken from the report before gives the full report;
			// and every part the same as the report before's is null.
			got, n := engine.PutBackUnchanged(t, diff, lastFull)
			if want := engine.CanonicalReport(t, full); !bytes.Equal(got, want) {
				i := firstDiff(got, want)
				t.Fatalf("%s (brief %v): with its nulls put back, the report differs from the full one at byte %d:\n%s\n%s", cs.Name, brief, i, around(got, i), around(want, i))
			}
			if n.Same > 0 {
				t.Fatalf("%s (brief %v): %d parts are the same as in the report before but written out", cs.Name, brief, n.Same)
			}
			nulls += n.Nulls
			written += n.Written
			lastFull = full
		}
		if nulls == 0 || written <= 0 {
			t.Fatalf("brief %v: %d parts left out as unchanged, %d written: the walk tests nothing", brief, nulls, written)
		}
	}
}

// Results recorded from a different catalogue's report (another number
// of results) leave nothing out.
func TestEstimateJSONUnchangedOfAnotherLengthWritesAll(t *testing.T) {
	c := loadReal(t)
	var rec engine.Results
	if _, err := c.EstimateJSON(nil, nil, engine.Options{Brief: true, Record: &rec}); err != nil {
		t.Fatal(err)
	}
	if rec.Len() != len(c.Rules) {
		t.Fatalf("recorded %d results, want %d", rec.Len(), len(c.Rules))
	}
	var empty engine.Results
	got, err := c.EstimateJSON(nil, nil, engine.Options{Brief: true, Unchanged: &empty})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(got, []byte(`"results":[null`)) || bytes.Contains(got, []byte(",null,")) {
		t.Fatalf("results left out against an empty record: %.200s", got)
	}
	same, err := c.EstimateJSON(nil, nil, engine.Options{Brief: true, Unchanged: &rec})
	if err != nil {
		t.Fatal(err)
	}
	if want := `"results":[null` + strings.Repeat(",null", len(c.Rules)-1) + "]"; !bytes.Contains(same, []byte(want)) {
		t.Fatalf("the same answers again: not every result left out: %.300s", same[bytes.Index(same, []byte(`"results"`)):])
	}
}
