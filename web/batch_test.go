package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"policycheck/api"
	"policycheck/batch"
	"policycheck/batch/batchtest"
	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/rules"
	"policycheck/web"
)

func TestBatchAPI(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	h := web.New(web.Config{Service: api.New(c, "test"), MaxBody: 64 << 10})
	table, _ := batchtest.CSV(c, batchtest.Options{Rows: api.MaxBatchRows, Seed: 1, BadEvery: 4, Labels: "en"})
	big, _ := batchtest.CSV(c, batchtest.Options{Rows: api.MaxBatchRows + 1, Seed: 1})
	body := func(v any) string {
		b, err := jsoncodec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	rows := make([]any, api.MaxBatchRows+1)
	for i := range rows {
		rows[i] = map[string]any{"company": "c" + strconv.Itoa(i), "registered_district": "nanming"}
	}
	tests := []struct {
		name, ctype, body string
		status            int
		code              string
	}{
		{"csv", "application/json", body(map[string]any{"csv": string(table), "date": "2019-06-01"}), 200, ""},
		{"rows", "application/json; charset=utf-8", body(map[string]any{"rows": rows[:3], "date": "2019-06-01"}), 200, ""},
		{"too many csv rows", "application/json", body(map[string]any{"csv": string(big)}), 413, api.CodeTooManyRows},
		{"too many rows", "application/json", body(map[string]any{"rows": rows}), 413, api.CodeTooManyRows},
		{"text/csv", "text/csv", string(table), 415, "unsupported_media_type"},
		{"too large", "application/json", `{"csv":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "too_large"},
		{"both", "application/json", `{"csv":"a","rows":[]}`, 400, api.CodeBadRequest},
		{"neither", "application/json", `{"date":"2019-06-01"}`, 400, api.CodeBadRequest},
		{"unknown field", "application/json", `{"csv":"a","lang":"en"}`, 400, api.CodeBadRequest},
		{"bad date", "application/json", `{"csv":"a\n1","date":"2019-02-30"}`, 400, api.CodeInvalidDate},
		{"semicolons", "application/json", `{"csv":"company;x\na;1"}`, 400, api.CodeBadRequest},
		{"duplicate key", "application/json", `{"csv":"a","csv":"b"}`, 400, api.CodeBadRequest},
		{"rows not array", "application/json", `{"rows":{}}`, 400, api.CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/api/estimate/batch", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ctype)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String()[:min(300, rec.Body.Len())])
			}
			if tt.code != "" && !strings.Contains(rec.Body.String(), `"code":"`+tt.code+`"`) {
				t.Errorf("body %s, want code %s", rec.Body.String(), tt.code)
			}
			if rec.Code == 200 && rec.Body.Len() > 0 && len(rec.Body.String()) > 0 && tt.name == "csv" {
				// The same rows as the batch package gives the CLI, byte for byte.
				in, _ := batch.Parse(c, table)
				var want bytes.Buffer
				for i, r := range batch.All(c, in, batch.Options{Date: time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)}, 1) {
					if i > 0 {
						want.WriteByte(',')
					}
					b, _ := batch.AppendJSON(nil, &r)
					want.Write(b)
				}
				if !strings.Contains(rec.Body.String(), `"results":[`+want.String()+`]}`) {
					t.Errorf("results differ from the batch package's")
				}
				if !strings.Contains(rec.Body.String(), `"failed":`+strconv.Itoa(in.Failed())) {
					t.Errorf("failed count: %s", rec.Body.String()[:120])
				}
			}
		})
	}
	req := httptest.NewRequest(http.MethodGet, "/api/estimate/batch", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 405 || rec.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
}

// BenchmarkBatchBody is one full batch request of api.MaxBatchRows rows as
// the Worker runs it (run it under js/wasm for the Worker's figure).
func BenchmarkBatchBody(b *testing.B) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		b.Fatal(err)
	}
	svc := api.New(c, "bench")
	table, _ := batchtest.CSV(c, batchtest.Options{Rows: api.MaxBatchRows, Seed: 7, Labels: "zh"})
	body, _ := jsoncodec.Marshal(map[string]any{"csv": string(table), "date": "2019-06-01"})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, aerr := svc.BatchBody(body); aerr != nil {
			b.Fatal(aerr)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/api.MaxBatchRows, "µs/row")
}
