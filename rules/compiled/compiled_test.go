package compiled_test

import (
	"testing"

	"policycheck/engine"
	"policycheck/rules/compiled"
)

// TestCompiledCatalogueLoads loads the embedded compiled catalogue as the
// page and the Worker do (natively and under js/wasm), when it was compiled.
func TestCompiledCatalogueLoads(t *testing.T) {
	data, err := compiled.Catalogue()
	if err != nil {
		t.Skip(err)
	}
	c, err := engine.LoadCompiled(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rules) == 0 || len(c.Questions) == 0 || c.Version == "" {
		t.Fatalf("version %q, %d rules, %d questions", c.Version, len(c.Rules), len(c.Questions))
	}
}
