package jsoncodec_test

import (
	"strings"
	"testing"

	"policycheck/jsoncodec"
)

type sample struct {
	Name  string   `json:"name"`
	Count int      `json:"count"`
	Tags  []string `json:"tags,omitempty"`
}

func TestRoundTrip(t *testing.T) {
	in := sample{Name: "张江 <&>", Count: 3, Tags: []string{"a"}}
	b, err := jsoncodec.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"张江 <&>","count":3,"tags":["a"]}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out sample
	if err := jsoncodec.Decode(b, &out, true); err != nil {
		t.Fatal(err)
	}
	if out.Name != in.Name || out.Count != 3 || len(out.Tags) != 1 {
		t.Errorf("round trip = %+v", out)
	}
	ind, err := jsoncodec.MarshalIndent(in)
	if err != nil || !strings.Contains(string(ind), "\n  \"count\": 3") {
		t.Errorf("MarshalIndent = %s, %v", ind, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, input string
		strict      bool
		want        string
	}{
		{"syntax error on line 2", "{\n \"name\": x}", false, "line 2, column 10"},
		{"unknown field in strict mode", "{\"name\": \"a\",\n  \"colour\": 1}", true, "line 2, column 3"},
		{"wrong type names the field", `{"count": "three"}`, false, "count"},
		{"truncated input", `{"name": "a"`, false, "line 1"},
		{"trailing data", `{"name": "a"} {"name": "b"}`, false, "unexpected data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s sample
			err := jsoncodec.Decode([]byte(tt.input), &s, tt.strict)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
	var s sample
	if err := jsoncodec.Decode([]byte(`{"colour": 1}`), &s, false); err != nil {
		t.Errorf("lenient decode: %v", err)
	}
}

func TestDecodeAnyKeepsNumbers(t *testing.T) {
	v, err := jsoncodec.DecodeAny([]byte(`{"n": 12345678901234567890, "f": 1.5}`))
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if n, ok := m["n"].(jsoncodec.Number); !ok || n.String() != "12345678901234567890" {
		t.Errorf("n = %#v", m["n"])
	}
	if f, ok := m["f"].(jsoncodec.Number); !ok || f.String() != "1.5" {
		t.Errorf("f = %#v", m["f"])
	}
}
