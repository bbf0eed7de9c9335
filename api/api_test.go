package api_test

import (
	"strings"
	"sync"
	"testing"

	"policycheck/api"
	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/rules"
)

var (
	svcOnce sync.Once
	svc     *api.Service
	svcErr  error
)

func service(t testing.TB) *api.Service {
	t.Helper()
	svcOnce.Do(func() {
		var c *engine.Catalogue
		if c, svcErr = engine.Load(rules.FS); svcErr == nil {
			svc = api.New(c, "test")
		}
	})
	if svcErr != nil {
		t.Fatal(svcErr)
	}
	return svc
}

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name, in string
		err      string // substring of the error; empty: no error
	}{
		{"object", `{"a": [1, -2.5e3, "x", true, false, null, {}]}`, ""},
		{"white space around", " \t\r\n{}\n ", ""},
		{"escapes", `{"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00": 1}`, ""},
		{"trailing brace", `{}}`, "line 1, column 3: unexpected data after the JSON value ('}')"},
		{"trailing bracket", `{}]`, "unexpected data"},
		{"second value", "{}\n{}", "line 2, column 1: unexpected data"},
		{"duplicate key", `{"a": 1, "a": 2}`, `line 1, column 10: key "a" is given twice`},
		{"duplicate key nested", `{"x": {"y": {"a": 1, "a": 2}}}`, `key "a" is given twice in x.y`},
		{"keys differing in case", `{"answers": {}, "Answers": {}}`, `keys "answers" and "Answers" differ only in case`},
		{"keys differing in non-ASCII case", `{"É": 1, "é": 2}`, `differ only in case`},
		{"Kelvin sign folds to k", `{"k": 1, "` + "\u212a" + `": 2}`, `differ only in case`},
		{"different keys", `{"a": 1, "b": 2, "ab": 3}`, ""},
		{"long duplicate key is cut", `{"` + strings.Repeat("a", 100) + `": 1, "` + strings.Repeat("a", 100) + `": 2}`, `"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" is given twice`},
		{"empty", ``, "unexpected end of input"},
		{"only space", `   `, "unexpected end of input"},
		{"byte order mark", "\ufeff{}", "found byte 0xef"},
		{"truncated object", `{"a": 1`, "unexpected end of input in an object"},
		{"truncated string", `{"a`, "unexpected end of input in a string"},
		{"missing colon", `{"a" 1}`, "expected ':'"},
		{"unquoted key", `{a: 1}`, "expected a key in double quotes"},
		{"trailing comma in object", `{"a": 1,}`, "expected a key"},
		{"trailing comma in array", `[1,]`, "expected a value"},
		{"leading zero", `[01]`, "expected ',' or ']'"},
		{"bare minus", `[-]`, "invalid number"},
		{"fraction without digits", `[1.]`, "invalid number"},
		{"exponent without digits", `[1e+]`, "invalid number"},
		{"plus sign", `[+1]`, "expected a value"},
		{"NaN", `[NaN]`, "expected a value"},
		{"truncated literal", `[tru]`, "expected a value"},
		{"single quotes", `{'a': 1}`, "expected a key"},
		{"control character in a string", "[\"a\x01\"]", "control character"},
		{"invalid UTF-8", "[\"\xff\"]", "invalid UTF-8 (byte 0xff)"},
		{"bad escape", `["\x"]`, `invalid escape \x`},
		{"bad unicode escape", `["\u12G4"]`, `invalid \u escape`},
		{"nested 32 deep", strings.Repeat("[", 32) + strings.Repeat("]", 32), ""},
		{"nested 33 deep", strings.Repeat("[", 33) + strings.Repeat("]", 33), "nested more than 32 deep"},
		{"column counts characters", `{"中文": 1}x`, "line 1, column 10"},
		{"final sigma folds with sigma", `{"ß": 1, "ss": 2, "σ": 3, "ς": 4, "k": 5, "K2": 6}`, "differ only in case"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := api.ReadJSON([]byte(tt.in))
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.err != "" && err == nil:
				t.Errorf("no error, want %q", tt.err)
			case tt.err != "" && !strings.Contains(err.Error(), tt.err):
				t.Errorf("error %q, want it to contain %q", err, tt.err)
			}
		})
	}
}

func TestReadJSONValues(t *testing.T) {
	v, err := api.ReadJSON([]byte(`{"n": 12345678901234567890, "f": -1.50e3, "s": "a\u00e9\ud83d\ude00\ud800", "b": [true, null]}`))
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if n := m["n"].(jsoncodec.Number); n.String() != "12345678901234567890" {
		t.Errorf("n = %q, want the number as written", n)
	}
	if f := m["f"].(jsoncodec.Number); f.String() != "-1.50e3" {
		t.Errorf("f = %q", f)
	}
	if s := m["s"].(string); s != "aé😀\uFFFD" {
		t.Errorf("s = %q (a lone surrogate becomes U+FFFD)", s)
	}
	if b := m["b"].([]any); len(b) != 2 || b[0] != true || b[1] != nil {
		t.Errorf("b = %#v", b)
	}
}

// TestNumbers checks how counts, years and money are read: exactly as
// written, never rounded or underflowed into a valid answer.
func TestNumbers(t *testing.T) {
	s := service(t)
	tests := []struct {
		question, lit string
		code          string // field error code; empty: accepted
	}{
		{"invention_patents", "3", ""},
		{"invention_patents", "3.0", ""},
		{"invention_patents", "3.000e0", ""},
		{"invention_patents", "0.3e1", ""},
		{"invention_patents", "300e-2", ""},
		{"invention_patents", "-0", ""},
		{"invention_patents", "0e999999999", ""},
		{"invention_patents", "1e2", ""},
		{"software_cert_year", "2.015e3", ""},
		{"invention_patents", "1e-400", "type"},
		{"invention_patents", "0." + strings.Repeat("0", 400) + "1", "type"},
		{"invention_patents", "1.0000000000000001", "type"},
		{"invention_patents", "2.5", "type"},
		{"invention_patents", "1e-999999999999", "type"},
		{"invention_patents", "-1", "range"},
		{"invention_patents", "10001", "range"},
		{"invention_patents", "9007199254740993", "range"},
		{"invention_patents", "1e15", "range"},
		{"invention_patents", "1e999999999999", "range"},
		{"annual_sales", "0", ""},
		{"annual_sales", "0.0e-400", ""},
		{"annual_sales", "1500000.5", ""},
		{"annual_sales", "1e-400", "range"},
		{"annual_sales", "-1." + strings.Repeat("0", 100) + "1", "range"},
		{"annual_sales", "1e400", "type"},
	}
	for _, tt := range tests {
		t.Run(tt.question+"="+tt.lit[:min(len(tt.lit), 30)], func(t *testing.T) {
			_, e := s.Estimate([]byte(`{"`+tt.question+`": `+tt.lit+`}`), api.EstimateOptions{Date: "2018-01-01"})
			if tt.code == "" {
				if e != nil {
					t.Errorf("refused: %s", e.JSON())
				}
				return
			}
			if e == nil || len(e.Fields) != 1 || e.Fields[0].Code != tt.code || e.Fields[0].Field != tt.question {
				t.Fatalf("want one field error %s, got %v", tt.code, e)
			}
			if m := e.Fields[0].Message.En; len([]rune(m)) > 100 {
				t.Errorf("message of %d characters: %s", len([]rune(m)), m)
			}
		})
	}
}

// TestErrorReplyIsCapped sends answers with many problems and long or
// control-character keys: the reply lists at most MaxFields, counts the
// rest, cuts every echoed value, and stays under MaxErrorBytes.
func TestErrorReplyIsCapped(t *testing.T) {
	s := service(t)
	keys := func(n int, key func(i int) string) []byte {
		var b strings.Builder
		b.WriteString(`{"answers": {`)
		for i := 0; i < n; i++ {
			b.WriteString(jsonString(key(i)) + `: 1, `)
		}
		b.WriteString(`"invention_patents": -1}}`)
		return []byte(b.String())
	}
	tests := []struct {
		name   string
		body   []byte
		fields int
		more   int
	}{
		{"one problem", []byte(`{"answers": {"invention_patents": -1}}`), 1, 0},
		{"21 problems", keys(20, func(i int) string { return "k" + string(rune('a'+i)) }), 20, 1},
		{"5,000 unknown keys", keys(5000, func(i int) string { return "k" + strings.Repeat("x", i%7) + string(rune('A'+i%26)) + itoa(i) }), 20, 4981},
		// Fields that would take the reply over MaxErrorBytes are counted instead.
		{"long keys", keys(30, func(i int) string { return strings.Repeat("长", 1000) + itoa(i) }), 0, 31},
		{"control-character keys", keys(40, func(i int) string { return strings.Repeat("\x01", 60) + itoa(i) }), 0, 41},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, e := s.EstimateBody(tt.body)
			if e == nil || e.Code != api.CodeInvalidAnswers {
				t.Fatalf("error %v, want invalid_answers", e)
			}
			b := e.JSON()
			if len(b) >= api.MaxErrorBytes {
				t.Errorf("reply of %d bytes", len(b))
			}
			var out struct {
				Error api.Error `json:"error"`
			}
			if err := jsoncodec.Decode(b, &out, true); err != nil {
				t.Fatal(err)
			}
			got := out.Error
			total := len(got.Fields) + got.More
			if tt.fields > 0 && (len(got.Fields) != tt.fields || got.More != tt.more) {
				t.Errorf("%d fields and %d more, want %d and %d", len(got.Fields), got.More, tt.fields, tt.more)
			}
			if tt.fields == 0 && (len(got.Fields) < 5 || len(got.Fields) > api.MaxFields || total != tt.more) {
				t.Errorf("%d fields and %d more, want 5 to %d fields and %d in all", len(got.Fields), got.More, api.MaxFields, tt.more)
			}
			for _, f := range got.Fields {
				if n := len([]rune(f.Field)); n > api.MaxEcho+1 {
					t.Errorf("field of %d characters", n)
				}
			}
			if n := len([]rune(got.Message)); n > 400+1 {
				t.Errorf("message of %d characters", n)
			}
		})
	}
}

func TestRequestEnvelope(t *testing.T) {
	s := service(t)
	tests := []struct {
		body, code, inMessage string
	}{
		{`{"answers": {}}`, "", ""},
		{`{"answers": {}, "date": "2017-06-01", "compare": true}`, "", ""},
		{`{"answers": {}, "date": null, "compare": null}`, "", ""},
		{`{"Answers": {}}`, "bad_request", `unknown field "Answers" (did you mean "answers"?`},
		{`{"answers": {}, "zz": 1, "aa": 2}`, "bad_request", `unknown field "aa" and 1 more`},
		{`{"answers": {}, "date": 1}`, "bad_request", "field date: must be a string"},
		{`{"answers": {}, "compare": "yes"}`, "bad_request", "field compare: must be true or false, got a string"},
		{`{"date": "2017-06-01"}`, "bad_request", "field answers is required"},
		{`[]`, "bad_request", "must be a JSON object"},
		{`{"answers": []}`, "invalid_answers", "got an array"},
		{`{"answers": {}, "date": "2017-02-30"}`, "invalid_date", `got "2017-02-30"`},
		{`{"answers": {"invention_patents": -1}, "date": "x"}`, "invalid_date", ""},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			rep, e := s.EstimateBody([]byte(tt.body))
			if tt.code == "" {
				if e != nil || !strings.Contains(string(rep), `"totals"`) {
					t.Errorf("error %v", e)
				}
				return
			}
			if e == nil || e.Code != tt.code || !strings.Contains(e.Message, tt.inMessage) {
				t.Errorf("error %v, want %s containing %q", e, tt.code, tt.inMessage)
			}
		})
	}
}

func TestEchoAndCut(t *testing.T) {
	tests := []struct{ in, echo, cut string }{
		{"abc", `"abc"`, "abc"},
		{strings.Repeat("x", 40), `"` + strings.Repeat("x", 40) + `"`, strings.Repeat("x", 40)},
		{strings.Repeat("x", 41), `"` + strings.Repeat("x", 40) + `…"`, strings.Repeat("x", 40) + "…"},
		{strings.Repeat("中", 50), `"` + strings.Repeat("中", 40) + `…"`, strings.Repeat("中", 40) + "…"},
		{"a\"b\x01", `"a\"b\x01"`, "a\"b\x01"},
	}
	for _, tt := range tests {
		if got := api.Echo(tt.in); got != tt.echo {
			t.Errorf("Echo(%q) = %q, want %q", tt.in, got, tt.echo)
		}
		if got := api.Cut(tt.in); got != tt.cut {
			t.Errorf("Cut(%q) = %q, want %q", tt.in, got, tt.cut)
		}
	}
}

func jsonString(s string) string {
	b, _ := jsoncodec.Marshal(s)
	return string(b)
}

func itoa(i int) string {
	b, _ := jsoncodec.Marshal(i)
	return string(b)
}

// The version is written by hand (no reflection at start-up): it must be
// what the JSON encoder writes for VersionInfo, whatever the build name holds.
func TestVersionJSONIsTheEncodersJSON(t *testing.T) {
	c := service(t).Catalogue()
	for _, build := range []string{"test", `a "quoted" build\with <html> & 中文 ` + "\u2028\x01"} {
		s := api.New(c, build)
		want, err := jsoncodec.Marshal(s.VersionInfo())
		if err != nil {
			t.Fatal(err)
		}
		if got := s.VersionJSON(); string(got) != string(want) {
			t.Errorf("build %q: VersionJSON\n%s\nwant\n%s", build, got, want)
		}
	}
}
