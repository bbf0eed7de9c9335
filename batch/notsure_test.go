package batch_test

import (
	"testing"

	"policycheck/batch"
	"policycheck/engine"
)

// TestNotSureCellsAreADeliberateUnknown: where a question offers "not
// sure", a cell may say so in either language; elsewhere the same cell is
// the engine's error for the question's type.
func TestNotSureCellsAreADeliberateUnknown(t *testing.T) {
	c := load(t)
	for _, tc := range []struct {
		name, cell string
		ok         bool
	}{
		{"a Nanming graduate's cell 不确定 for the above-limit statistics is a not-sure answer", "不确定", true},
		{"the same cell in English is a not-sure answer", "Not sure", true},
		{"the answer's own value is accepted", "not_sure", true},
		{"a word the question does not take is the engine's error", "maybe", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csv := "company,organisation_kind,registered_district,nanming_maker_space_graduate,nanming_above_designated_size\n" +
				"A,company,nanming,yes," + tc.cell + "\n"
			in, err := batch.Parse(c, []byte(csv))
			if err != nil {
				t.Fatal(err)
			}
			row := in.Rows[0]
			if !tc.ok {
				if len(row.Errors) == 0 {
					t.Fatalf("cell %q was accepted", tc.cell)
				}
				return
			}
			if len(row.Errors) > 0 || row.Answers["nanming_above_designated_size"] != engine.NotSure {
				t.Fatalf("cell %q: answers %v, errors %v", tc.cell, row.Answers, row.Errors)
			}
			res := batch.Evaluate(c, &row, batch.Options{Date: date})
			got := ""
			for _, st := range res.Statuses {
				if st.Rule == "nanming.incubator-graduate-award" {
					got = st.Status
				}
			}
			if got != engine.StatusPossible {
				t.Errorf("the graduate award is %q, want possible", got)
			}
		})
	}
	if h := batch.Hint(c.Question("nanming_above_designated_size")); h.Zh == batch.Hint(c.Question("hightech_certified")).Zh {
		t.Errorf("the template does not say the question takes 不确定: %q", h.Zh)
	}
}
