//go:build !js

package engine_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"policycheck/engine"
	"policycheck/rules"
)

// TestCompiledLoadsAsTheFolder: the compiled catalogue gives the same
// version, questions, rules and byte-identical reports as the folder.
func TestCompiledLoadsAsTheFolder(t *testing.T) {
	full, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	data, err := engine.Compile(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	c, err := engine.LoadCompiled(data)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != full.Version || len(c.Rules) != len(full.Rules) || len(c.Questions) != len(full.Questions) {
		t.Fatalf("compiled %s with %d rules and %d questions, folder %s with %d and %d",
			c.Version, len(c.Rules), len(c.Questions), full.Version, len(full.Rules), len(full.Questions))
	}
	if len(c.Cases) != 0 {
		t.Errorf("the compiled catalogue carries %d cases", len(c.Cases))
	}
	for _, tc := range []struct {
		name, answers string
		opts          engine.Options
	}{
		{"nothing answered", `{}`, engine.Options{}},
		{"nanming software firm, brief, compared", `{"organisation_kind":"company","registered_district":"nanming","tax_district":"nanming","hightech_certified":true,"hightech_cert_year":2013,"moved_in":false,"invention_patents":3}`, engine.Options{Brief: true, Compare: true}},
		{"jing'an company, full", `{"organisation_kind":"company","registered_district":"jingan"}`, engine.Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Date = time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
			want := estimateJSON(t, full, tc.answers, tc.opts)
			if got := estimateJSON(t, c, tc.answers, tc.opts); !bytes.Equal(got, want) {
				t.Errorf("reports differ:\ncompiled %.300s\nfolder   %.300s", got, want)
			}
		})
	}
}

func estimateJSON(t *testing.T, c *engine.Catalogue, answers string, opts engine.Options) []byte {
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

// TestLoadCompiledRefuses: another engine's form, and anything malformed,
// is refused with an error that says what.
func TestLoadCompiledRefuses(t *testing.T) {
	data, err := engine.Compile(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(data), "\n")
	for _, tc := range []struct {
		name, data, want string
	}{
		{"another engine", strings.Replace(head, engine.EngineVersion(), "0.0", 1) + "\n" + body, "compile the catalogue again"},
		{"no header line", body, "no header line"},
		{"no version", `{"engine":"` + engine.EngineVersion() + `"}` + "\n" + body, "no catalogue version"},
		{"truncated", head + "\n" + body[:len(body)/2], "compiled catalogue"},
		{"unknown field", head + "\n" + `{"documents":{},"questions":{},"rules":[],"extra":1}`, "extra"},
		{"empty", "", "no header line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.LoadCompiled([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func BenchmarkLoadCompiled(b *testing.B) {
	data, err := engine.Compile(rules.FS)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := engine.LoadCompiled(data); err != nil {
			b.Fatal(err)
		}
	}
}
