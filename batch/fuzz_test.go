package batch_test

import (
	"bytes"
	"testing"

	"policycheck/batch"
	"policycheck/batch/batchtest"
)

// FuzzParse: whatever the bytes, Parse never panics, rows come in file
// order with every error on its own row, and the results can be written.
func FuzzParse(f *testing.F) {
	c := load(f)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 8, Seed: 1, BadEvery: 2, Labels: "zh"})
	f.Add(data)
	data, _ = batchtest.CSV(c, batchtest.Options{Rows: 5, Seed: 2, BadEvery: 3, Tab: true})
	f.Add(data)
	var tpl bytes.Buffer
	batch.WriteTemplate(&tpl, c, "en")
	f.Add(tpl.Bytes())
	f.Add([]byte("{\"company\":\"a\",\"invention_patents\":3}\n{\"registered_district\":\"mars\"}\n[]\n{"))
	f.Add([]byte("company,invention_patents\n\"unterminated,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := batch.Parse(c, data)
		if err != nil {
			return
		}
		last := 0
		for _, row := range in.Rows {
			if row.Row <= last {
				t.Fatalf("row %d after row %d", row.Row, last)
			}
			last = row.Row
			for _, e := range row.Errors {
				if e.Row != row.Row || e.Code == "" || e.Message.En == "" {
					t.Fatalf("bad error %+v in row %d", e, row.Row)
				}
			}
			if (len(row.Errors) == 0) != (row.Answers != nil) {
				t.Fatalf("row %d: answers %v with errors %v", row.Row, row.Answers, row.Errors)
			}
		}
		res := batch.All(c, in, batch.Options{Date: date}, 1)
		var out bytes.Buffer
		if err := batch.WriteCSV(&out, c, res, "en"); err != nil {
			t.Fatal(err)
		}
	})
}
