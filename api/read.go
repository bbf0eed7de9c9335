package api

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"policycheck/jsoncodec"
)

// MaxDepth is how deeply arrays and objects may nest in a request.
const MaxDepth = 32

// ReadError is a request that is not one strict JSON value: its byte offset
// and what is wrong there.
type ReadError struct {
	Offset int    // byte offset of the problem in the input
	Line   int    // 1-based
	Column int    // 1-based, in characters
	Msg    string // what is wrong, naming (cut to 40 characters) any key at fault
}

func (e *ReadError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Msg
}

// ReadJSON is the one reading of request JSON shared by the local server,
// the Worker and the wasm build. It parses exactly one JSON value (RFC 8259)
// into generic values: map[string]any for objects, []any, string, bool, nil,
// and jsoncodec.Number for numbers (kept as written, so that whole numbers,
// fractions and large values can be told apart). Stricter than
// encoding/json, it refuses
//
//   - anything but white space after the value;
//   - a key given twice in one object, and keys that differ only in case
//     (encoding/json would match either to a field and keep the last);
//   - invalid UTF-8, control characters in strings, a byte order mark;
//   - nesting deeper than MaxDepth.
//
// Errors are *ReadError, with the position and the keys at fault.
func ReadJSON(data []byte) (any, error) {
	r := reader{data: data}
	r.space()
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	r.space()
	if r.pos < len(r.data) {
		return nil, r.fail("unexpected data after the JSON value (" + r.near() + ")")
	}
	return v, nil
}

type reader struct {
	data []byte
	pos  int
	path []string // keys of the objects around the current value, for messages
}

func (r *reader) fail(msg string) *ReadError {
	line, col := 1, 1
	end := min(r.pos, len(r.data))
	for i := 0; i < end; {
		c, size := utf8.DecodeRune(r.data[i:end])
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		i += size
	}
	return &ReadError{Offset: r.pos, Line: line, Column: col, Msg: msg}
}

// near describes the byte at the current position.
func (r *reader) near() string {
	if r.pos >= len(r.data) {
		return "end of input"
	}
	c := r.data[r.pos]
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}

func (r *reader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// value reads one value; depth counts the arrays and objects around it.
func (r *reader) value(depth int) (any, error) {
	if r.pos >= len(r.data) {
		return nil, r.fail("unexpected end of input, expected a value")
	}
	switch c := r.data[r.pos]; {
	case c == '{':
		if depth >= MaxDepth {
			return nil, r.fail("nested more than " + strconv.Itoa(MaxDepth) + " deep")
		}
		return r.object(depth + 1)
	case c == '[':
		if depth >= MaxDepth {
			return nil, r.fail("nested more than " + strconv.Itoa(MaxDepth) + " deep")
		}
		return r.array(depth + 1)
	case c == '"':
		return r.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return r.number()
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	}
	return nil, r.fail("expected a value, found " + r.near())
}

func (r *reader) literal(word string) error {
	if !strings.HasPrefix(string(r.data[r.pos:min(len(r.data), r.pos+len(word))]), word) {
		return r.fail("expected a value, found " + r.near())
	}
	r.pos += len(word)
	return nil
}

func (r *reader) object(depth int) (any, error) {
	r.pos++ // {
	obj := map[string]any{}
	var folded map[string]string // folded key -> key as written, for keys not in folded form
	r.space()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		return obj, nil
	}
	for {
		r.space()
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			return nil, r.fail("expected a key in double quotes, found " + r.near())
		}
		at := r.pos
		k, err := r.string()
		if err != nil {
			return nil, err
		}
		if _, dup := obj[k]; dup {
			r.pos = at
			return nil, r.fail("key " + Echo(k) + " is given twice" + r.where())
		}
		// Keys already in folded form (most: lower-case ASCII) are their
		// own fold, found in obj; only the others go in folded.
		f := fold(k)
		other, clash := folded[f]
		if !clash && f != k {
			_, clash = obj[f]
			other = f
		}
		if clash {
			r.pos = at
			return nil, r.fail("keys " + Echo(other) + " and " + Echo(k) + " differ only in case" + r.where())
		}
		if f != k {
			if folded == nil {
				folded = make(map[string]string)
			}
			folded[f] = k
		}
		r.space()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return nil, r.fail("expected ':' after the key " + Echo(k) + ", found " + r.near())
		}
		r.pos++
		r.space()
		r.path = append(r.path, k)
		v, err := r.value(depth)
		if err != nil {
			return nil, err
		}
		r.path = r.path[:len(r.path)-1]
		obj[k] = v
		r.space()
		if r.pos >= len(r.data) {
			return nil, r.fail("unexpected end of input in an object, expected ',' or '}'")
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return obj, nil
		default:
			return nil, r.fail("expected ',' or '}' in an object, found " + r.near())
		}
	}
}

func (r *reader) array(depth int) (any, error) {
	r.pos++ // [
	arr := []any{}
	r.space()
	if r.pos < len(r.data) && r.data[r.pos] == ']' {
		r.pos++
		return arr, nil
	}
	for {
		r.space()
		v, err := r.value(depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		r.space()
		if r.pos >= len(r.data) {
			return nil, r.fail("unexpected end of input in an array, expected ',' or ']'")
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return arr, nil
		default:
			return nil, r.fail("expected ',' or ']' in an array, found " + r.near())
		}
	}
}

// string reads a string at r.pos (an opening quote).
func (r *reader) string() (string, error) {
	r.pos++ // "
	start := r.pos
	// Fast path: no escapes.
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		if c == '"' {
			s := string(r.data[start:r.pos])
			r.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		r.pos++
	}
	var b strings.Builder
	b.Write(r.data[start:r.pos])
	for {
		if r.pos >= len(r.data) {
			return "", r.fail("unexpected end of input in a string")
		}
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			return b.String(), nil
		case c < 0x20:
			return "", r.fail("control character " + r.near() + " in a string (write it as an escape)")
		case c == '\\':
			if err := r.escape(&b); err != nil {
				return "", err
			}
		case c < 0x80:
			b.WriteByte(c)
			r.pos++
		default:
			ch, size := utf8.DecodeRune(r.data[r.pos:])
			if ch == utf8.RuneError && size <= 1 {
				return "", r.fail("invalid UTF-8 (" + r.near() + ") in a string")
			}
			b.WriteRune(ch)
			r.pos += size
		}
	}
}

func (r *reader) escape(b *strings.Builder) error {
	r.pos++ // backslash
	if r.pos >= len(r.data) {
		return r.fail("unexpected end of input in a string")
	}
	c := r.data[r.pos]
	r.pos++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		ch, ok := r.hex4()
		if !ok {
			return r.fail(`invalid \u escape in a string`)
		}
		if utf16IsHigh(ch) {
			// A surrogate pair is one character; a lone half becomes U+FFFD,
			// as encoding/json does.
			if r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u' {
				save := r.pos
				r.pos += 2
				lo, ok := r.hex4()
				if ok && lo >= 0xdc00 && lo <= 0xdfff {
					b.WriteRune(0x10000 + (ch-0xd800)<<10 + (lo - 0xdc00))
					return nil
				}
				r.pos = save
			}
			ch = utf8.RuneError
		} else if ch >= 0xdc00 && ch <= 0xdfff {
			ch = utf8.RuneError
		}
		b.WriteRune(ch)
	default:
		r.pos--
		return r.fail("invalid escape \\" + string(rune(c)) + " in a string")
	}
	return nil
}

func utf16IsHigh(c rune) bool { return c >= 0xd800 && c <= 0xdbff }

func (r *reader) hex4() (rune, bool) {
	if r.pos+4 > len(r.data) {
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.pos : r.pos+4] {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			v |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			v |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	r.pos += 4
	return v, true
}

// number reads a number as written: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *reader) number() (any, error) {
	start := r.pos
	if r.data[r.pos] == '-' {
		r.pos++
	}
	digits := func() int {
		n := 0
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.pos < len(r.data) && r.data[r.pos] == '0' {
		r.pos++
	} else if digits() == 0 {
		return nil, r.fail("invalid number: expected a digit, found " + r.near())
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return nil, r.fail("invalid number: expected a digit after '.', found " + r.near())
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return nil, r.fail("invalid number: expected a digit in the exponent, found " + r.near())
		}
	}
	return jsoncodec.Number(r.data[start:r.pos]), nil
}

// fold maps keys that differ only in case to the same string (the
// equivalence of strings.EqualFold): ASCII letters to lower case, any other
// character to the lower case of the smallest character of its case-folding
// orbit (so that the Kelvin sign K folds as k does).
func fold(s string) string {
	ascii, lower := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return s
		}
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, c := range s {
		m := c
		for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(unicode.ToLower(m))
	}
	return b.String()
}

// where names the object being read, such as " in answers".
func (r *reader) where() string {
	if len(r.path) == 0 {
		return ""
	}
	return " in " + cut(strings.Join(r.path, "."), MaxEcho)
}
