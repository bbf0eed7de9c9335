//go:build js

package jsoncodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
)

// Number is a JSON number kept as its literal text.
type Number = json.Number

// RawMessage is a raw encoded JSON value, decoded later.
type RawMessage = json.RawMessage

// Implementation names the JSON library in use.
const Implementation = "encoding/json"

func decode(data []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	return trailing(dec.More())
}

func decodeAny(data []byte) (any, error) {
	return parseAny(data)
}

func marshal(v any) ([]byte, error) {
	return appendValue(nil, reflect.ValueOf(v))
}

func indent(dst *bytes.Buffer, src []byte) error { return json.Indent(dst, src, "", "  ") }

func describe(err error) (offset int64, field, msg string) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var ae *anySyntaxError
	switch {
	case errors.As(err, &ae):
		return ae.offset, "", ae.msg
	case errors.As(err, &se):
		return se.Offset, "", cleanMsg(se.Error())
	case errors.As(err, &te):
		return te.Offset, te.Field, "expected " + te.Type.String() + ", got " + te.Value
	}
	return -1, "", cleanMsg(err.Error())
}

func cleanMsg(s string) string { return strings.TrimPrefix(s, "json: ") }
