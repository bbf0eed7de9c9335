//go:build js

package jsoncodec

import (
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// parseAny reads one JSON value as encoding/json's Decoder with UseNumber
// does (objects as map[string]any, the last of repeated keys winning,
// arrays as []any, numbers as Number, invalid UTF-8 and lone surrogates as
// U+FFFD), then reports data after it as Decoder.More does. It is written
// out so that the page's wasm does not link encoding/json's decoder (about
// 40 kB after brotli), which only DecodeAny reached.
func parseAny(data []byte) (any, error) {
	p := anyParser{data: data}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	// Decoder.More: more data unless the next byte closes an object or array.
	if p.pos < len(p.data) && p.data[p.pos] != ']' && p.data[p.pos] != '}' {
		return v, errTrailing
	}
	return v, nil
}

// anySyntaxError is a syntax error at a byte offset, counted as
// encoding/json counts it (the bytes read, the culprit included).
type anySyntaxError struct {
	msg    string
	offset int64
}

func (e *anySyntaxError) Error() string { return e.msg }

// maxAnyDepth is encoding/json's limit on nesting.
const maxAnyDepth = 10000

type anyParser struct {
	data []byte
	pos  int
}

func (p *anyParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// fail reports an unexpected byte at p.pos (or the end of the input).
func (p *anyParser) fail(context string) error {
	if p.pos >= len(p.data) {
		return io.ErrUnexpectedEOF
	}
	return &anySyntaxError{msg: "invalid character " + quoteChar(p.data[p.pos]) + " " + context, offset: int64(p.pos + 1)}
}

func (p *anyParser) value(depth int) (any, error) {
	if depth > maxAnyDepth {
		return nil, &anySyntaxError{msg: "exceeded max depth", offset: int64(p.pos + 1)}
	}
	if p.pos >= len(p.data) {
		return nil, io.ErrUnexpectedEOF
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		p.pos++
		m := map[string]any{}
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == '}' {
			p.pos++
			return m, nil
		}
		for {
			p.space()
			if p.pos >= len(p.data) || p.data[p.pos] != '"' {
				return nil, p.fail("looking for beginning of object key string")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.pos >= len(p.data) || p.data[p.pos] != ':' {
				return nil, p.fail("after object key")
			}
			p.pos++
			p.space()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[k] = v
			p.space()
			if p.pos < len(p.data) && p.data[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.data) && p.data[p.pos] == '}' {
				p.pos++
				return m, nil
			}
			return nil, p.fail("after object key:value pair")
		}
	case c == '[':
		p.pos++
		a := []any{}
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			return a, nil
		}
		for {
			p.space()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
			p.space()
			if p.pos < len(p.data) && p.data[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.data) && p.data[p.pos] == ']' {
				p.pos++
				return a, nil
			}
			return nil, p.fail("after array element")
		}
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.word("true")
	case c == 'f':
		return false, p.word("false")
	case c == 'n':
		return nil, p.word("null")
	}
	return nil, p.fail("looking for beginning of value")
}

func (p *anyParser) word(w string) error {
	for i := range len(w) {
		if p.pos >= len(p.data) {
			return io.ErrUnexpectedEOF
		}
		if p.data[p.pos] != w[i] {
			return p.fail("in literal " + w + " (expecting " + quoteChar(w[i]) + ")")
		}
		p.pos++
	}
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *anyParser) digits() int {
	n := 0
	for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
		p.pos++
		n++
	}
	return n
}

func (p *anyParser) number() (any, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
		if p.pos >= len(p.data) {
			return nil, io.ErrUnexpectedEOF
		}
		if !isDigit(p.data[p.pos]) {
			return nil, p.fail("in numeric literal")
		}
	}
	if p.data[p.pos] == '0' {
		p.pos++
	} else {
		p.digits()
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.pos >= len(p.data) {
			return nil, io.ErrUnexpectedEOF
		}
		if p.digits() == 0 {
			return nil, p.fail("after decimal point in numeric literal")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(p.data) {
			return nil, io.ErrUnexpectedEOF
		}
		if p.digits() == 0 {
			return nil, p.fail("in exponent of numeric literal")
		}
	}
	return Number(p.data[start:p.pos]), nil
}

// str reads a string at p.pos (its opening quote).
func (p *anyParser) str() (string, error) {
	p.pos++
	start := p.pos
	// The common case: no escapes, valid UTF-8.
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := p.data[start:p.pos]
			if utf8.Valid(s) {
				p.pos++
				return string(s), nil
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	p.pos = start
	var b []byte
	for {
		if p.pos >= len(p.data) {
			return "", io.ErrUnexpectedEOF
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(b), nil
		case c < 0x20:
			return "", p.fail("in string literal")
		case c == '\\':
			p.pos++
			if p.pos >= len(p.data) {
				return "", io.ErrUnexpectedEOF
			}
			e := p.data[p.pos]
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return "", err
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if p.pos+2 < len(p.data) && p.data[p.pos+1] == '\\' && p.data[p.pos+2] == 'u' {
						save := p.pos
						p.pos += 2
						var err error
						if r2, err = p.hex4(); err != nil {
							return "", err
						}
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							break
						}
						p.pos = save
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", p.fail("in string escape code")
			}
			p.pos++
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, p.data[p.pos:p.pos+size]...)
			}
			p.pos += size
		}
	}
}

// hex4 reads the four hex digits after \u (p.pos at the u), leaving p.pos
// at the last digit.
func (p *anyParser) hex4() (rune, error) {
	var r rune
	for range 4 {
		p.pos++
		if p.pos >= len(p.data) {
			return 0, io.ErrUnexpectedEOF
		}
		c := p.data[p.pos]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, p.fail("in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}
