// Package jsoncodec is the project's one seam for JSON. Native builds use
// github.com/goccy/go-json; builds for GOOS=js use the standard library's
// encoding/json, because go-json has crashed the Go runtime under js/wasm
// ("found bad pointer in Go heap") and roughly doubles the wasm size.
//
// Both implementations offer the same functions with the same behaviour, and
// the package's tests run under both.
package jsoncodec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// unknownFieldName returns the key named by an "unknown field" message.
func unknownFieldName(msg string) (string, bool) {
	const prefix = `unknown field "`
	i := strings.Index(msg, prefix)
	if i < 0 {
		return "", false
	}
	rest := msg[i+len(prefix):]
	j := strings.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return rest[:j], true
}

// keyOffset finds the first occurrence of "key" followed by a colon.
func keyOffset(data []byte, key string) int {
	needle := []byte(`"` + key + `"`)
	from := 0
	for {
		i := bytes.Index(data[from:], needle)
		if i < 0 {
			return -1
		}
		at := from + i
		rest := bytes.TrimLeft(data[at+len(needle):], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			return at
		}
		from = at + 1
	}
}

// Decode unmarshals data into v. With strict set, a JSON object key that
// matches no field of the destination struct is an error. Errors are returned
// as *Error, which carries the line and column of the problem when known.
func Decode(data []byte, v any, strict bool) error {
	if err := decode(data, v, strict); err != nil {
		return wrap(data, err)
	}
	return nil
}

// DecodeAny unmarshals data into a generic value in which numbers are kept as
// their literal text (Number), so that whole numbers and fractions can be told
// apart and large values are not rounded.
func DecodeAny(data []byte) (any, error) {
	v, err := decodeAny(data)
	if err != nil {
		return nil, wrap(data, err)
	}
	return v, nil
}

// Marshal encodes v as compact JSON without escaping <, > and &.
func Marshal(v any) ([]byte, error) { return marshal(v) }

// MarshalIndent encodes v as JSON indented by two spaces.
func MarshalIndent(v any) ([]byte, error) {
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := indent(&out, b); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Error is a JSON decoding error with its position in the input.
type Error struct {
	Line, Column int    // 1-based; 0 when the position is unknown
	Field        string // the JSON path of a mistyped field, when known
	Msg          string
}

func (e *Error) Error() string {
	where := ""
	if e.Line > 0 {
		where = fmt.Sprintf("line %d, column %d: ", e.Line, e.Column)
	}
	if e.Field != "" {
		where += "field " + e.Field + ": "
	}
	return where + e.Msg
}

func wrap(data []byte, err error) error {
	off, field, msg := describe(err)
	e := &Error{Field: field, Msg: msg}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "unexpected end of JSON input") {
		off = int64(len(data)) + 1
	}
	if off < 0 {
		// Unknown-field errors carry no offset: find the key in the input.
		if name, ok := unknownFieldName(msg); ok {
			if at := keyOffset(data, name); at >= 0 {
				off = int64(at) + 1
			}
		}
	}
	if off > 0 {
		off-- // the offset counts the bytes read, the last of which is the culprit
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		e.Line, e.Column = position(data, int(off))
	}
	return e
}

// position converts a byte offset into a 1-based line and column (in runes).
func position(data []byte, off int) (line, col int) {
	line, col = 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
