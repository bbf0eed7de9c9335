package api_test

import (
	"testing"

	"policycheck/api"
	"policycheck/changelog"
	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/rules"
)

// TestCatalogueCarriesVersionAndChanges checks that CatalogueJSON, which
// /api/catalogue and the wasm's catalogue() return, carries the version and
// the changelog, whose last entry names that version.
func TestCatalogueCarriesVersionAndChanges(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	log, err := changelog.Read(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		svc     *api.Service
		entries int
	}{
		{"a service given the changelog writes its entries", api.New(c, "test").WithChanges(log.EntriesJSON()), len(log.Entries)},
		{"a service without one writes an empty list", api.New(c, "test"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				Version string            `json:"version"`
				Rules   []any             `json:"rules"`
				Changes []changelog.Entry `json:"changes"`
			}
			if err := jsoncodec.Decode(tc.svc.CatalogueJSON(), &v, false); err != nil {
				t.Fatal(err)
			}
			if v.Version != c.Version || len(v.Rules) != len(c.Rules) {
				t.Errorf("version %q and %d rules, want %q and %d", v.Version, len(v.Rules), c.Version, len(c.Rules))
			}
			if len(v.Changes) != tc.entries {
				t.Fatalf("%d changes, want %d", len(v.Changes), tc.entries)
			}
			if tc.entries > 0 && v.Changes[len(v.Changes)-1].Version != c.Version {
				t.Errorf("last entry names %s, the catalogue is %s", v.Changes[len(v.Changes)-1].Version, c.Version)
			}
		})
	}
}

func TestWithChanges(t *testing.T) {
	for _, tc := range []struct{ name, catalogue, entries, want string }{
		{"entries become the last member", `{"version":"v","rules":[]}`, `[{"date":"d"}]`, `{"version":"v","rules":[],"changes":[{"date":"d"}]}`},
		{"no entries write an empty list", `{"version":"v"}`, ``, `{"version":"v","changes":[]}`},
		{"white space after the object is dropped", "{\"version\":\"v\"}\n", `[]`, `{"version":"v","changes":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(api.WithChanges([]byte(tc.catalogue), []byte(tc.entries))); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
