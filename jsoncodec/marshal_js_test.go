//go:build js

package jsoncodec_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"policycheck/jsoncodec"
)

// stdMarshal is what Marshal did with encoding/json before it was written
// out under js/wasm.
func stdMarshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

type inner struct {
	A string  `json:"a"`
	B float64 `json:"b,omitempty"`
}

type Embedded struct {
	E1 int    `json:"e1"`
	E2 string `json:"e2,omitempty"`
}

type statuses []string

func (s statuses) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{ ")
	for i, x := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + x + `" : "a b"`)
	}
	b.WriteString(" }")
	return b.Bytes(), nil
}

type outer struct {
	Embedded
	Name     string `json:"name"`
	Skip     string `json:"-"`
	hidden   int    // unexported: not written
	NoTag    bool
	Ptr      *inner            `json:"ptr"`
	PtrOmit  *inner            `json:"ptr_omit,omitempty"`
	Slice    []inner           `json:"slice"`
	Empty    []string          `json:"empty"`
	EmptyOm  []string          `json:"empty_om,omitempty"`
	Map      map[string]any    `json:"map"`
	IntMap   map[int]string    `json:"int_map,omitempty"`
	Any      any               `json:"any"`
	Num      jsoncodec.Number  `json:"num"`
	F32      float32           `json:"f32"`
	Floats   []float64         `json:"floats"`
	St       statuses          `json:"st"`
	Strs     map[string]string `json:"strs"`
	U        uint8             `json:"u"`
	Arr      [2]int            `json:"arr"`
	OmitZero int               `json:"omit_zero,omitempty"`
}

// TestMarshalAsEncodingJSON: under js/wasm Marshal writes what
// encoding/json's Encoder (HTML escaping off) writes.
func TestMarshalAsEncodingJSON(t *testing.T) {
	odd := "tab\t nl\n cr\r quote\" backslash\\ bell\a del\x7f <html>&amp; 中文 \u2028\u2029 bad\xff\xfe end \b\f"
	values := []any{nil, true, 0, -3, 1.5, 1e21, 1e-7, 123456789.0, -0.000001, 1e20, float32(3.14), float32(1e-7), "", odd,
		[]int(nil), []int{}, map[string]int(nil), map[string]int{"b": 1, "a": 2, odd: 3}, jsoncodec.Number("12.50"),
		&inner{A: "x"}, inner{A: odd, B: 2}, (*inner)(nil), []any{1, "a", nil, []any{}, map[string]any{}},
		outer{}, outer{Embedded: Embedded{E1: 1, E2: "e"}, Name: odd, Skip: "no", hidden: 3, NoTag: true, Ptr: &inner{},
			Slice: []inner{{A: "a"}, {B: math.Pi}}, Empty: []string{}, Map: map[string]any{"z": 1.0, "a": []any{"x", false}, "m": map[string]any{"k": nil}},
			IntMap: map[int]string{10: "ten", 2: "two", -1: "minus"}, Any: &inner{A: "p"}, Num: "7", F32: 0.1,
			Floats: []float64{0, math.Copysign(0, -1), 1e6, 1e-6, 123.456, 5e-324, math.MaxFloat64}, St: statuses{"r1", "r2"},
			Strs: map[string]string{"<": ">"}, U: 200, Arr: [2]int{1, 2}},
		struct {
			Error *inner `json:"error"`
		}{&inner{A: "e"}},
	}
	for i, v := range values {
		got, gerr := jsoncodec.Marshal(v)
		want, werr := stdMarshal(v)
		if (gerr == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Errorf("value %d (%T):\n got %s, %v\nwant %s, %v", i, v, got, gerr, want, werr)
		}
	}
	for _, bad := range []any{math.NaN(), math.Inf(1), func() {}, jsoncodec.Number("1x")} {
		if _, err := jsoncodec.Marshal(bad); err == nil {
			t.Errorf("Marshal(%T) gave no error", bad)
		}
	}
}
