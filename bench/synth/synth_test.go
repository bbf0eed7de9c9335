package synth_test

import (
	"testing"

	"policycheck/bench/synth"
	"policycheck/engine"
	"policycheck/rules"
)

// A synthetic catalogue loads, has the size asked for, and passes every
// copied test case.
func TestSyntheticCataloguesLoadAndPassTheirCases(t *testing.T) {
	real, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{1, 100, len(real.Rules) + 7, 1000}
	if testing.Short() {
		sizes = sizes[:3]
	}
	for _, n := range sizes {
		fsys, err := synth.Catalogue(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		c, err := engine.Load(fsys)
		if err != nil {
			t.Fatalf("%d rules: %v", n, err)
		}
		if len(c.Rules) != n {
			t.Errorf("%d rules, want %d", len(c.Rules), n)
		}
		failed := 0
		for _, r := range c.RunCases() {
			if !r.Passed() {
				failed++
				if failed < 5 {
					t.Errorf("%d rules: %s: %v", n, r.Case.Name, r.Failures)
				}
			}
		}
		st := synth.Describe(fsys)
		if st.Rules != n || st.Questions == 0 || st.Cases == 0 {
			t.Errorf("%d rules: %+v", n, st)
		}
		t.Logf("%d rules: %+v", n, st)
	}
}
