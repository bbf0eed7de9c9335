//go:build js

package jsoncodec_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"policycheck/jsoncodec"
)

// stdDecodeAny is what DecodeAny did with encoding/json before it was
// written out: Decoder with UseNumber, then More for trailing data.
func stdDecodeAny(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return v, errors.New("trailing")
	}
	return v, nil
}

// TestDecodeAnyAsEncodingJSON: under js/wasm DecodeAny gives the values
// and accepts or refuses the inputs as encoding/json did, on chosen inputs
// and on random mutations of them.
func TestDecodeAnyAsEncodingJSON(t *testing.T) {
	inputs := []string{`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e+3`, `-1E-2`, `01`, `1.`, `.5`, `-`, `1e`, `"a"`,
		`{"a":1,"a":2}`, `{"a":[1,"x",{"b":null}],"c":true}`, ` {"a" : 1 } `, `{"a":1}}`, `{"a":1} x`, `{"a":1}]`, `[1,2,]`, `{"a":1,}`,
		`{"a" 1}`, `{1:2}`, `"\u00e9\n\t\"\\\/\b\f\r"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ud83d\u0041"`, `"\udc00\ud83d"`,
		`"\uZZZZ"`, `"\x"`, "\"bad \xff utf8\"", "\"ctl \x01\"", `"张江 <&>"`, "\"\u2028\"", `tru`, `nul`, `[`, `{"a":`, `"abc`,
		`{"answers":{"organisation_kind":"company","invention_patents":3,"industries":["ai","bio"]},"company":"A 公司"}`,
		`12345678901234567890`, `[[[[[[]]]]]]`, "", "   ", `{"a":"b"} `}
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "{}[]\":,0123456789.-+eEtrufalsn\\u \xff\xe5\x8c"
	base := len(inputs)
	for range 20000 {
		b := []byte(inputs[r.IntN(base)])
		for range 1 + r.IntN(3) {
			switch i := r.IntN(len(b) + 1); r.IntN(3) {
			case 0:
				b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
			case 1:
				if i < len(b) {
					b = append(b[:i], b[i+1:]...)
				}
			default:
				if i < len(b) {
					b[i] = alphabet[r.IntN(len(alphabet))]
				}
			}
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		got, gerr := jsoncodec.DecodeAny([]byte(in))
		want, werr := stdDecodeAny([]byte(in))
		if (gerr == nil) != (werr == nil) {
			t.Errorf("DecodeAny(%q): error %v, encoding/json %v", in, gerr, werr)
			continue
		}
		if gerr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("DecodeAny(%q) = %#v, encoding/json %#v", in, got, want)
		}
	}
}
