package batch_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"policycheck/batch"
	"policycheck/batch/batchtest"
	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/rules"
)

var date = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)

func load(t testing.TB) *engine.Catalogue {
	t.Helper()
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// question returns the first question of a type, so that tests follow the catalogue.
func question(t testing.TB, c *engine.Catalogue, typ string) *engine.Question {
	t.Helper()
	for _, q := range c.Questions {
		if q.Type == typ {
			return q
		}
	}
	t.Fatalf("no %s question in the catalogue", typ)
	return nil
}

func TestReservedColumnIsNoQuestion(t *testing.T) {
	for _, q := range load(t).Questions {
		if q.ID == batch.CompanyColumn {
			t.Fatalf("question %q clashes with the reserved column", q.ID)
		}
	}
}

func TestParseRows(t *testing.T) {
	c := load(t)
	count, year, date_, multi, boolQ := question(t, c, engine.TypeCount), question(t, c, engine.TypeYear),
		question(t, c, engine.TypeDate), question(t, c, engine.TypeMulti), question(t, c, engine.TypeBool)
	opt0, opt1 := multi.Options[0].Value, multi.Options[1].Value
	tests := []struct {
		name   string
		file   string
		labels bool
		// per data row: the error codes and columns ("code@column"), or nil for a valid row
		want [][]string
		// answers of the first row, when valid
		answers engine.Answers
	}{
		{name: "comma, BOM, every type",
			file: "\ufeffcompany," + strings.Join([]string{count.ID, year.ID, date_.ID, multi.ID, boolQ.ID}, ",") + "\r\n" +
				"Acme,\"1,200\",2015,2018-03-04,\"" + opt0 + " ; " + opt1 + "\",是\r\n",
			want:    [][]string{nil},
			answers: engine.Answers{count.ID: 1200, year.ID: 2015, date_.ID: time.Date(2018, 3, 4, 0, 0, 0, 0, time.UTC), multi.ID: []string{opt0, opt1}, boolQ.ID: true}},
		{name: "tab, no BOM, fullwidth semicolon, no",
			file:    count.ID + "\t" + multi.ID + "\t" + boolQ.ID + "\n7\t" + opt1 + "；" + opt0 + "\tNo\n",
			want:    [][]string{nil},
			answers: engine.Answers{count.ID: 7, multi.ID: []string{opt1, opt0}, boolQ.ID: false}},
		{name: "empty cells are unanswered, company alone is a row",
			file:    "company," + count.ID + "\nAcme,\n",
			want:    [][]string{nil},
			answers: engine.Answers{}},
		{name: "bad rows: wrong type, out of range, empty, separator, extra cells, unnamed column, bad date",
			file: "company," + count.ID + ",\n" +
				"a,many,\n" +
				"b,-1,\n" +
				",,\n" +
				"c\t4\t\n" +
				"d,4,,x\n" +
				"e,4,x\n",
			want: [][]string{{"type@" + count.ID}, {"range@" + count.ID}, {"empty_row@"}, {"separator@"}, {"extra_cells@"}, {"unnamed_column@#3"}}},
		{name: "unknown column: only rows with a value fail",
			file: "company," + count.ID + ",colour\na,1,\nb,1,blue\n",
			want: [][]string{nil, {"unknown_field@colour"}}},
		{name: "engine errors for several cells of one row",
			file: year.ID + "," + date_.ID + "," + boolQ.ID + "\n1800,2019/01/01,maybe\n",
			want: [][]string{{"type@" + boolQ.ID, "type@" + date_.ID, "range@" + year.ID}}},
		{name: "template label row is skipped",
			file:   "company," + count.ID + "\n企业名称," + count.Label.Zh + " — x\nAcme,3\n",
			labels: true, want: [][]string{nil}, answers: engine.Answers{count.ID: 3}},
		{name: "a second row that is not labels is data",
			file: "company," + count.ID + "\nAcme,3\n",
			want: [][]string{nil}, answers: engine.Answers{count.ID: 3}},
		{name: "JSON Lines",
			file: `{"company":"Acme","` + count.ID + `":2}` + "\n\n" + `{}` + "\n" + `[1]` + "\n" + `{"` + count.ID + `":-2}` + "\n" + `{"company":3}` + "\n",
			want: [][]string{nil, {"empty_row@"}, {"not_object@"}, {"range@" + count.ID}, {"company@company"}}, answers: engine.Answers{count.ID: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := batch.Parse(c, []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if in.Labels != tt.labels {
				t.Errorf("labels = %v, want %v", in.Labels, tt.labels)
			}
			if len(in.Rows) != len(tt.want) {
				t.Fatalf("%d rows, want %d: %+v", len(in.Rows), len(tt.want), in.Rows)
			}
			for i, row := range in.Rows {
				var got []string
				for _, e := range row.Errors {
					got = append(got, e.Code+"@"+e.Column)
					if e.Row != row.Row || e.Message.Zh == "" || e.Message.En == "" {
						t.Errorf("row %d: incomplete error %+v", row.Row, e)
					}
				}
				slices.Sort(got)
				want := slices.Clone(tt.want[i])
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("row %d: errors %v, want %v (%+v)", row.Row, got, want, row.Errors)
				}
			}
			if tt.answers != nil {
				if got := fmt.Sprint(in.Rows[0].Answers); got != fmt.Sprint(tt.answers) {
					t.Errorf("answers %s, want %s", got, fmt.Sprint(tt.answers))
				}
			}
		})
	}
}

func TestRowNumbersAreSpreadsheetRows(t *testing.T) {
	c := load(t)
	count := question(t, c, engine.TypeCount)
	in, err := batch.Parse(c, []byte("company,"+count.ID+"\n\"multi\nline\",1\n\nb,x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Rows) != 2 || in.Rows[0].Row != 2 || in.Rows[1].Row != 5 {
		t.Fatalf("rows %+v, want rows 2 and 5", in.Rows)
	}
	if s := in.Rows[1].Errors[0].String("en"); !strings.HasPrefix(s, "row 5, "+count.ID+": must be a whole number") {
		t.Errorf("message %q", s)
	}
}

func TestFileErrors(t *testing.T) {
	c := load(t)
	for _, tt := range []struct{ name, file, want string }{
		{"empty", "\ufeff \r\n", "the file is empty"},
		{"semicolons", "company;invention_patents\nx;1\n", "semicolons"},
		{"duplicate column", "company,a,a\n", `names "a" twice (columns 2 and 3)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := batch.Parse(c, []byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// The generated 200-row table: every bad row fails with the error of its
// kind, every other row is estimated, whatever the separator and header.
func TestGenerated200(t *testing.T) {
	c := load(t)
	for _, opt := range []batchtest.Options{
		{Rows: 200, Seed: 1, BadEvery: 10, Labels: "zh"},
		{Rows: 200, Seed: 2, BadEvery: 7, Labels: "en", Tab: true},
		{Rows: 200, Seed: 3, BadEvery: 9},
	} {
		t.Run(fmt.Sprintf("seed %d", opt.Seed), func(t *testing.T) {
			data, bad := batchtest.CSV(c, opt)
			in, err := batch.Parse(c, data)
			if err != nil {
				t.Fatal(err)
			}
			if in.Labels != (opt.Labels != "") {
				t.Errorf("labels row recognised %v", in.Labels)
			}
			if len(in.Rows) != opt.Rows {
				t.Fatalf("%d rows, want %d", len(in.Rows), opt.Rows)
			}
			first := 2
			if opt.Labels != "" {
				first = 3
			}
			wantCode := map[string]string{"wrong_type": engine.CodeType, "unknown_column": engine.CodeUnknownField, "out_of_range": engine.CodeRange,
				"empty_row": batch.CodeEmptyRow, "wrong_separator": batch.CodeSeparator, "bad_option": engine.CodeOption, "bad_date": engine.CodeType}
			failed := 0
			results := batch.All(c, in, batch.Options{Date: date}, 0)
			for i, row := range in.Rows {
				if row.Row != first+i {
					t.Fatalf("row %d numbered %d", first+i, row.Row)
				}
				if bad[i] == "" {
					if len(row.Errors) > 0 {
						t.Errorf("row %d: unexpected errors %+v", row.Row, row.Errors)
					}
					if results[i].Failed() || len(results[i].Statuses) != len(c.Rules) {
						t.Errorf("row %d: result %+v", row.Row, results[i])
					}
					continue
				}
				failed++
				if len(row.Errors) != 1 || row.Errors[0].Code != wantCode[bad[i]] {
					t.Errorf("row %d (%s): errors %+v", row.Row, bad[i], row.Errors)
				}
			}
			if failed != in.Failed() || failed != opt.Rows/opt.BadEvery {
				t.Errorf("%d failed rows, Failed() = %d, want %d", failed, in.Failed(), opt.Rows/opt.BadEvery)
			}
		})
	}
}

func TestParallelRunMatchesSerial(t *testing.T) {
	c := load(t)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 300, Seed: 9, BadEvery: 13})
	in, err := batch.Parse(c, data)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := batch.WriteJSONL(&a, batch.All(c, in, batch.Options{Date: date}, 1)); err != nil {
		t.Fatal(err)
	}
	batch.WriteJSONL(&b, batch.All(c, in, batch.Options{Date: date}, 4))
	if a.String() != b.String() {
		t.Fatal("parallel and serial runs differ")
	}
}

// Each result agrees with the engine's own report for the same answers.
func TestResultsMatchTheEngine(t *testing.T) {
	c := load(t)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 60, Seed: 4})
	in, _ := batch.Parse(c, data)
	for i, res := range batch.All(c, in, batch.Options{Date: date}, 1) {
		rep, err := c.Estimate(in.Rows[i].Answers, engine.Options{Date: date})
		if err != nil {
			t.Fatal(err)
		}
		tot := rep.Totals
		if res.Secured != tot.Secured || res.PossiblyMore != tot.PossiblyMore || res.Eligible != tot.Fixed || res.Official != tot.Official ||
			res.Possible != tot.Possible || res.NotMoney != tot.NotMoney || res.National != tot.National || res.Lapsed != tot.Lapsed+tot.NotIssued {
			t.Errorf("row %d: %+v vs totals %+v", res.Row, res, rep.Totals)
		}
		last := -1.0
		for j, id := range res.Top {
			var min float64
			for _, rr := range rep.Results {
				if rr.Rule == id {
					if rr.Status != engine.StatusEligible {
						t.Errorf("row %d: top measure %s is %s", res.Row, id, rr.Status)
					}
					if rr.Amount.Min != nil && rr.Certainty == engine.CertaintyEntitlement {
						min = *rr.Amount.Min
					}
				}
			}
			if j > 0 && min > last {
				t.Errorf("row %d: top measures not in order of secured amount: %v", res.Row, res.Top)
			}
			last = min
		}
		if len(res.Top) != min(tot.Fixed+tot.Official, batch.TopMeasures) {
			t.Errorf("row %d: %d top measures for %d eligible offering money", res.Row, len(res.Top), tot.Fixed+tot.Official)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	c := load(t)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 50, Seed: 5, BadEvery: 6})
	in, _ := batch.Parse(c, data)
	results := batch.All(c, in, batch.Options{Date: date}, 1)
	for _, lang := range []string{"zh", "en"} {
		var buf bytes.Buffer
		if err := batch.WriteCSV(&buf, c, results, lang); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
			t.Fatal("no BOM")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(results)+2 || len(recs[0]) != len(batch.ResultColumns)+len(c.Rules) {
			t.Fatalf("%d rows of %d columns", len(recs), len(recs[0]))
		}
		titles := batch.NewTitles(c, lang)
		for i, res := range results {
			rec := recs[i+2]
			if rec[0] != strconv.Itoa(res.Row) || rec[1] != res.Company {
				t.Errorf("row %d: %v", res.Row, rec[:2])
			}
			if res.Failed() {
				if rec[len(batch.ResultColumns)-1] == "" || rec[3] != "" {
					t.Errorf("row %d: failed row written as %v", res.Row, rec[:len(batch.ResultColumns)])
				}
				continue
			}
			if rec[2] != titles.District(res.District) || rec[3] != strconv.FormatFloat(res.Secured.OneTime, 'f', -1, 64) || rec[7] != strconv.Itoa(res.Eligible) {
				t.Errorf("row %d: %v for %+v", res.Row, rec[:len(batch.ResultColumns)], res)
			}
			for j, r := range c.Rules {
				if want := batch.StatusWord(res.Statuses[j], lang); rec[len(batch.ResultColumns)+j] != want {
					t.Errorf("row %d rule %s: %q, want %q", res.Row, r.ID, rec[len(batch.ResultColumns)+j], want)
				}
			}
		}
	}
}

// The template, filled in, reads back: its label row is skipped in either language.
func TestTemplateRoundTrip(t *testing.T) {
	c := load(t)
	for _, lang := range []string{"zh", "en"} {
		var buf bytes.Buffer
		if err := batch.WriteTemplate(&buf, c, lang); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil || len(recs) != 2 || len(recs[0]) != len(c.Questions)+1 {
			t.Fatalf("template: %v, %d rows", err, len(recs))
		}
		for i, q := range c.Questions {
			if recs[0][i+1] != q.ID || !strings.HasPrefix(recs[1][i+1], q.Label.In(lang)) {
				t.Errorf("column %d: %q / %q", i+1, recs[0][i+1], recs[1][i+1])
			}
			if q.Type == engine.TypeChoice && !strings.Contains(recs[1][i+1], q.Options[len(q.Options)-1].Value) {
				t.Errorf("%s: allowed values missing: %q", q.ID, recs[1][i+1])
			}
		}
		row := make([]string, len(recs[0]))
		row[0], row[1], row[2] = "Acme", "company", "nanming"
		buf.WriteString(strings.Join(row, ",") + "\r\n")
		in, err := batch.Parse(c, buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !in.Labels || len(in.Rows) != 1 || in.Rows[0].Row != 3 || len(in.Rows[0].Errors) > 0 {
			t.Fatalf("filled template: labels %v, rows %+v", in.Labels, in.Rows)
		}
	}
}

func BenchmarkParseAndEstimate10000(b *testing.B) {
	c := load(b)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 10000, Seed: 1, Labels: "zh"})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		in, err := batch.Parse(c, data)
		if err != nil {
			b.Fatal(err)
		}
		res := batch.All(c, in, batch.Options{Date: date}, 0)
		var out bytes.Buffer
		if err := batch.WriteCSV(&out, c, res, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRow is the cost of one row as the API pays it: parse, validate,
// estimate and write.
func BenchmarkRow(b *testing.B) {
	c := load(b)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 100, Seed: 1})
	b.ResetTimer()
	for b.Loop() {
		in, _ := batch.Parse(c, data)
		var out bytes.Buffer
		batch.WriteJSONL(&out, batch.All(c, in, batch.Options{Date: date}, 1))
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/100, "µs/row")
}

func TestAppendJSONIsMarshal(t *testing.T) {
	c := load(t)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 20, Seed: 6, BadEvery: 4})
	in, _ := batch.Parse(c, data)
	for _, res := range batch.All(c, in, batch.Options{Date: date}, 1) {
		want, err := jsoncodec.Marshal(&res)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := batch.AppendJSON(nil, &res)
		if string(got) != string(want) {
			t.Fatalf("row %d:\n%s\n%s", res.Row, got, want)
		}
		var back map[string]any
		if err := jsoncodec.Decode(got, &back, false); err != nil {
			t.Fatal(err)
		}
	}
}
