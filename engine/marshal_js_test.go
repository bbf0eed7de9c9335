//go:build js

package engine_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/rules"
)

// TestCatalogueMarshalAsEncodingJSON: under js/wasm jsoncodec.Marshal
// (written out, without encoding/json) writes the catalogue, the
// questionnaire and a full report as encoding/json does: the page's
// policycheck.catalogue() and questions() are these bytes.
func TestCatalogueMarshalAsEncodingJSON(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.ParseAnswers([]byte(`{"organisation_kind":"company","registered_district":"jingan"}`))
	if err != nil {
		t.Fatal(err)
	}
	report, err := c.Estimate(a, engine.Options{Compare: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{
		"catalogue": c,
		"questions": struct {
			Version   string             `json:"version"`
			Steps     []engine.Step      `json:"steps"`
			Questions []*engine.Question `json:"questions"`
		}{c.Version, c.Steps, c.Questions},
		"report": report,
	} {
		got, err := jsoncodec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if want := bytes.TrimRight(buf.Bytes(), "\n"); !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s differs at byte %d:\n got %.120s\nwant %.120s", name, i, got[i:], want[i:])
		}
	}
}
