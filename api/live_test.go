package api_test

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"policycheck/api"
)

type liveHead struct {
	Dropped   []string                     `json:"dropped"`
	Errors    map[string]map[string]string `json:"errors"`
	DateError bool                         `json:"date_error"`
}

// live runs EstimateLive and splits its two parts.
func live(t *testing.T, answers, date string) (liveHead, map[string]any, []byte) {
	t.Helper()
	out := service(t).EstimateLive([]byte(answers), api.EstimateOptions{Date: date, Brief: true})
	head, report, ok := bytes.Cut(out, []byte("\n"))
	if !ok {
		t.Fatalf("no newline after the first line: %.200s", out)
	}
	var h liveHead
	if err := json.Unmarshal(head, &h); err != nil {
		t.Fatalf("first line %s: %v", head, err)
	}
	var r map[string]any
	if err := json.Unmarshal(report, &r); err != nil {
		t.Fatalf("report: %v", err)
	}
	return h, r, report
}

func TestEstimateLive(t *testing.T) {
	const date = "2019-06-01"
	t.Run("answers it can use all are the report Estimate writes, nothing left out", func(t *testing.T) {
		answers := `{"organisation_kind":"company","registered_district":"nanming","hightech_certified":true}`
		h, _, report := live(t, answers, date)
		if len(h.Dropped) != 0 || len(h.Errors) != 0 || h.DateError {
			t.Fatalf("left out %v, errors %v, date error %v", h.Dropped, h.Errors, h.DateError)
		}
		want, aerr := service(t).Estimate([]byte(answers), api.EstimateOptions{Date: date, Brief: true})
		if aerr != nil {
			t.Fatal(aerr)
		}
		if !bytes.Equal(report, want) {
			t.Fatal("the report differs from Estimate's")
		}
	})
	t.Run("a refused answer is left out and named, the rest estimated", func(t *testing.T) {
		h, r, _ := live(t, `{"organisation_kind":"company","registered_district":"nanming","hightech_certified":"maybe"}`, date)
		if len(h.Dropped) != 1 || h.Dropped[0] != "hightech_certified" || h.Errors["hightech_certified"]["zh"] == "" || h.Errors["hightech_certified"]["en"] == "" {
			t.Fatalf("left out %v, errors %v", h.Dropped, h.Errors)
		}
		if r["error"] != nil || r["results"] == nil {
			t.Fatalf("no report: %v", r["error"])
		}
	})
	t.Run("a count that is not whole is left out and named, the rest estimated", func(t *testing.T) {
		h, r, _ := live(t, `{"organisation_kind":"company","registered_district":"nanming","invention_patents":1.5,"listing_plan":"x"}`, date)
		sort.Strings(h.Dropped)
		if len(h.Dropped) != 2 || h.Dropped[0] != "invention_patents" || h.Dropped[1] != "listing_plan" || h.Errors["invention_patents"]["en"] == "" {
			t.Fatalf("left out %v, errors %v", h.Dropped, h.Errors)
		}
		if r["error"] != nil || r["results"] == nil {
			t.Fatalf("no report: %v", r["error"])
		}
	})
	t.Run("an answer saved before the size class was derived is left out and names the questions to answer instead", func(t *testing.T) {
		h, r, _ := live(t, `{"organisation_kind":"company","registered_district":"nanming","small_micro":true}`, date)
		if len(h.Dropped) != 1 || h.Dropped[0] != "small_micro" || !strings.Contains(h.Errors["small_micro"]["en"], "headcount") || !strings.Contains(h.Errors["small_micro"]["zh"], "revenue_last_year") {
			t.Fatalf("left out %v, errors %v", h.Dropped, h.Errors)
		}
		if r["error"] != nil || r["results"] == nil {
			t.Fatalf("no report: %v", r["error"])
		}
	})
	t.Run("an answer to a question no longer shown is left out without an error", func(t *testing.T) {
		// hightech_cert_year is asked in Nanming only; the company is in Jing'an.
		h, r, _ := live(t, `{"organisation_kind":"company","registered_district":"jingan","hightech_cert_year":2018}`, date)
		if len(h.Dropped) != 1 || h.Dropped[0] != "hightech_cert_year" || len(h.Errors) != 0 {
			t.Fatalf("left out %v, errors %v", h.Dropped, h.Errors)
		}
		for _, id := range r["relevant_questions"].([]any) {
			if id == "hightech_cert_year" {
				t.Fatal("the report still counts the question as shown")
			}
		}
	})
	t.Run("an invalid date is reported and today is used", func(t *testing.T) {
		h, r, _ := live(t, `{"organisation_kind":"company"}`, "2019-02-30")
		if !h.DateError || r["error"] != nil {
			t.Fatalf("date error %v, report error %v", h.DateError, r["error"])
		}
	})
	t.Run("malformed JSON is the report's error, nothing left out", func(t *testing.T) {
		h, r, _ := live(t, `{"organisation_kind":`, date)
		e, _ := r["error"].(map[string]any)
		if e == nil || e["code"] != api.CodeInvalidAnswers || len(h.Dropped) != 0 {
			t.Fatalf("report %v, left out %v", r, h.Dropped)
		}
	})
	t.Run("answers that are not an object are the report's error", func(t *testing.T) {
		_, r, _ := live(t, `[1,2]`, date)
		if e, _ := r["error"].(map[string]any); e == nil || e["code"] != api.CodeInvalidAnswers {
			t.Fatalf("report %v", r)
		}
	})
}

// A session numbers its reports; given the number of the last, the next
// report writes null for each result that has not changed, and merging
// them into the last gives the full report.
func TestEstimateLiveSession(t *testing.T) {
	const date = "2019-06-01"
	svc := service(t)
	var ses api.LiveSession
	type head struct {
		Generation uint64 `json:"generation"`
		Since      uint64 `json:"since"`
	}
	call := func(answers string, since uint64) (head, []json.RawMessage, []json.RawMessage) {
		t.Helper()
		out := svc.EstimateLive([]byte(answers), api.EstimateOptions{Date: date, Brief: true, Session: &ses, Since: since})
		h, report, _ := bytes.Cut(out, []byte("\n"))
		var hd head
		if err := json.Unmarshal(h, &hd); err != nil {
			t.Fatal(err)
		}
		full := svc.EstimateLive([]byte(answers), api.EstimateOptions{Date: date, Brief: true})
		_, fullReport, _ := bytes.Cut(full, []byte("\n"))
		results := func(b []byte) []json.RawMessage {
			var r struct {
				Results []json.RawMessage `json:"results"`
			}
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			return r.Results
		}
		return hd, results(report), results(fullReport)
	}
	nulls := func(rs []json.RawMessage) int {
		n := 0
		for _, r := range rs {
			if string(r) == "null" {
				n++
			}
		}
		return n
	}
	a := `{"organisation_kind":"company","registered_district":"nanming"}`
	b := `{"organisation_kind":"company","registered_district":"nanming","hightech_certified":true}`

	t.Run("the first report is numbered 1 and written whole", func(t *testing.T) {
		h, rs, _ := call(a, 0)
		if h.Generation != 1 || h.Since != 0 || nulls(rs) != 0 {
			t.Fatalf("generation %d since %d, %d results null", h.Generation, h.Since, nulls(rs))
		}
	})
	var held []json.RawMessage
	t.Run("the same answers again since 1 leave every result out", func(t *testing.T) {
		h, rs, full := call(a, 1)
		if h.Generation != 2 || h.Since != 1 || nulls(rs) != len(rs) {
			t.Fatalf("generation %d since %d, %d of %d results null", h.Generation, h.Since, nulls(rs), len(rs))
		}
		held = full
	})
	t.Run("one more answer since 2 writes only what it changed, and merges into the full report", func(t *testing.T) {
		h, rs, full := call(b, 2)
		if h.Generation != 3 || h.Since != 2 || nulls(rs) == 0 || nulls(rs) == len(rs) {
			t.Fatalf("generation %d since %d, %d of %d results null", h.Generation, h.Since, nulls(rs), len(rs))
		}
		for i := range rs {
			got := rs[i]
			if string(got) == "null" {
				got = held[i]
			}
			if !bytes.Equal(got, full[i]) {
				t.Fatalf("result %d merged differs from the full report's", i)
			}
		}
	})
	t.Run("a report number that is not the last is answered whole", func(t *testing.T) {
		h, rs, _ := call(b, 2)
		if h.Generation != 4 || h.Since != 0 || nulls(rs) != 0 {
			t.Fatalf("generation %d since %d, %d results null", h.Generation, h.Since, nulls(rs))
		}
	})
	t.Run("an error report is numbered 0 and leaves the session as it was", func(t *testing.T) {
		out := svc.EstimateLive([]byte(`[1]`), api.EstimateOptions{Date: date, Brief: true, Session: &ses, Since: 4})
		if !bytes.Contains(out, []byte(`"generation":0,"since":0}`)) {
			t.Fatalf("first line %.120s", out)
		}
		h, rs, _ := call(b, 4)
		if h.Generation != 5 || h.Since != 4 || nulls(rs) != len(rs) {
			t.Fatalf("after the error: generation %d since %d, %d of %d results null", h.Generation, h.Since, nulls(rs), len(rs))
		}
	})
}
