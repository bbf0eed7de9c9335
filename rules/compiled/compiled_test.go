package compiled_test

import (
	"bytes"
	"testing"
	"time"

	"policycheck/engine"
	"policycheck/rules/compiled"
)

// TestCompiledCatalogueLoads loads the compiled catalogue as the page and
// the Worker do (natively and under js/wasm), when it was compiled, and
// estimates with it.
func TestCompiledCatalogueLoads(t *testing.T) {
	c, err := compiled.Load()
	if err != nil {
		t.Skip(err)
	}
	if len(c.Rules) == 0 || len(c.Questions) == 0 || c.Version == "" {
		t.Fatalf("version %q, %d rules, %d questions", c.Version, len(c.Rules), len(c.Questions))
	}
	again, err := compiled.Load()
	if err != nil || again != c {
		t.Fatalf("a second Load gave %p, %v; want the same catalogue %p", again, err, c)
	}
	a, err := c.ParseAnswers([]byte(`{"organisation_kind":"company"}`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.EstimateJSON(nil, a, engine.Options{Date: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), Brief: true})
	if err != nil || !bytes.Contains(out, []byte(`"totals"`)) {
		t.Fatalf("estimate: %v, %.200s", err, out)
	}
}
