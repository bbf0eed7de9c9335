package batch_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"policycheck/batch"
)

// A batch row counts as the page counts: money an official decides is not
// "eligible", and a row whose documents have all lapsed says why.
func TestBatchRowsTellThePagesStory(t *testing.T) {
	c := load(t)
	tests := []struct {
		name string
		csv  string
		date time.Time
		// want checks the one result and its CSV record (by column id) in zh.
		want func(t *testing.T, r batch.Result, rec map[string]string)
	}{
		{"a Jing'an start-up's discretionary money is the official's, not eligible",
			"company,organisation_kind,registered_district,tax_district,registration_date,industries,size_sector,headcount,revenue_last_year,jingan_growth_stage\r\nA,company,jingan,jingan,2025-12-01,big_data,software,12,3000000,startup\r\n",
			time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
			func(t *testing.T, r batch.Result, rec map[string]string) {
				if r.Eligible != 0 || r.Official == 0 || r.NotMoney == 0 {
					t.Errorf("eligible %d, official %d, not money %d: want 0 eligible, some for an official and some not money", r.Eligible, r.Official, r.NotMoney)
				}
				if rec["eligible"] != "0" || rec["official"] == "0" {
					t.Errorf("CSV eligible %q, official %q", rec["eligible"], rec["official"])
				}
			}},
		{"a Jiading row on 2026-12-07 counts its lapsed measures and says why",
			"company,organisation_kind,registered_district,tax_district\r\nB,company,jiading,jiading\r\n",
			time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
			func(t *testing.T, r batch.Result, rec map[string]string) {
				if r.Lapsed == 0 || !strings.Contains(r.LapsedReason.Zh, "2020-12-31") || !strings.Contains(r.LapsedReason.En, "ended 2020-12-31") {
					t.Errorf("lapsed %d, reason %+v: want the Jiading text's end, 2020-12-31", r.Lapsed, r.LapsedReason)
				}
				if rec["lapsed"] == "0" || !strings.Contains(rec["lapsed_reason"], "嘉定") {
					t.Errorf("CSV lapsed %q, reason %q", rec["lapsed"], rec["lapsed_reason"])
				}
			}},
		{"the Chinese CSV writes statuses in Chinese",
			"company,organisation_kind,registered_district,tax_district\r\nC,company,jiading,jiading\r\n",
			time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
			func(t *testing.T, _ batch.Result, rec map[string]string) {
				for col, v := range rec {
					if strings.Contains(col, ".") && (v == "not_eligible" || v == "lapsed" || v == "eligible" || v == "possible") {
						t.Errorf("%s: %q is a code, not a word", col, v)
					}
				}
				if rec["jiading.innovation-fund"] != "" && rec["jiading.innovation-fund"] != "期限已过" {
					t.Errorf("jiading.innovation-fund: %q", rec["jiading.innovation-fund"])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := batch.Parse(c, []byte(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			res := batch.All(c, in, batch.Options{Date: tt.date}, 1)
			if len(res) != 1 || res[0].Failed() {
				t.Fatalf("results %+v", res)
			}
			var buf bytes.Buffer
			if err := batch.WriteCSV(&buf, c, res, "zh"); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
			if err != nil || len(recs) != 3 {
				t.Fatalf("%d records, %v", len(recs), err)
			}
			rec := map[string]string{}
			for i, col := range recs[0] {
				rec[col] = recs[2][i]
			}
			tt.want(t, res[0], rec)
		})
	}
}
