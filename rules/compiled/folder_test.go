//go:build !js

package compiled_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"policycheck/engine"
	"policycheck/rules"
	"policycheck/rules/compiled"
)

// TestCompiledAsTheFolder: the catalogue the wasm and the Worker load (Go
// source generated from rules/) has the folder's version, gives
// byte-identical reports (brief and full, with and without the comparison)
// and the same catalogue JSON (encoding/json: keys of maps sorted) as the folder loaded with every check
// (build.sh test compiles first; a stale catalogue_gen.go is skipped).
func TestCompiledAsTheFolder(t *testing.T) {
	c, err := compiled.Load()
	if err != nil {
		t.Skip(err)
	}
	full, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != full.Version {
		t.Skipf("compiled catalogue %s is stale (the folder is %s): run go run ./cmd/compilerules", c.Version, full.Version)
	}
	for _, tc := range []struct {
		name, answers string
		opts          engine.Options
	}{
		{"nothing answered", `{}`, engine.Options{}},
		{"nothing answered, brief, compared", `{}`, engine.Options{Brief: true, Compare: true}},
		{"nanming software firm, brief, compared", `{"organisation_kind":"company","registered_district":"nanming","tax_district":"nanming","hightech_certified":true,"hightech_cert_year":2013,"moved_in":false,"invention_patents":3}`, engine.Options{Brief: true, Compare: true}},
		{"jing'an company, full", `{"organisation_kind":"company","registered_district":"jingan"}`, engine.Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Date = time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
			want := estimate(t, full, tc.answers, tc.opts)
			if got := estimate(t, c, tc.answers, tc.opts); !bytes.Equal(got, want) {
				t.Errorf("reports differ:\ncompiled %.300s\nfolder   %.300s", got, want)
			}
		})
	}
	got, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("catalogue JSON differs at byte %d:\ncompiled %.200s\nfolder   %.200s", i, got[max(0, i-50):], want[max(0, i-50):])
	}
}

func estimate(t *testing.T, c *engine.Catalogue, answers string, opts engine.Options) []byte {
	t.Helper()
	a, err := c.ParseAnswers([]byte(answers))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.EstimateJSON(nil, a, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
