//go:build js

package jsoncodec

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// appendValue writes v as encoding/json's Encoder with SetEscapeHTML(false)
// writes it (without the final newline): field names and order from the
// json tags, omitempty, keys of maps sorted, MarshalJSON honoured and its
// output compacted, numbers and strings formatted alike. It is written out
// so that the page's wasm does not link encoding/json (with DecodeAny's
// parser, about 50 kB after brotli); TestMarshalAsEncodingJSON checks it
// against encoding/json on the API's values.
func appendValue(b []byte, v reflect.Value) ([]byte, error) {
	if !v.IsValid() {
		return append(b, "null"...), nil
	}
	t := v.Type()
	switch marshalerOf(t) {
	case valueMarshaler:
		return appendMarshaler(b, v.Interface().(marshaler))
	case pointerMarshaler:
		if v.CanAddr() {
			return appendMarshaler(b, v.Addr().Interface().(marshaler))
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		bits := 64
		if t.Kind() == reflect.Float32 {
			bits = 32
		}
		return appendFloat(b, v.Float(), bits)
	case reflect.String:
		if t == numberType {
			s := v.String()
			if s == "" {
				s = "0"
			}
			if !isNumber(s) {
				return b, errors.New("json: invalid number literal " + strconv.Quote(s))
			}
			return append(b, s...), nil
		}
		return appendString(b, v.String()), nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		if marshalerOf(t) == valueMarshaler {
			return appendMarshaler(b, v.Interface().(marshaler))
		}
		return appendValue(b, v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return appendValue(b, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return b, errors.New("json: []byte is not supported by this encoder")
		}
		fallthrough
	case reflect.Array:
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, v.Index(i)); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case reflect.Map:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		type kv struct {
			k string
			v reflect.Value
		}
		kvs := make([]kv, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			k := it.Key()
			var ks string
			switch k.Kind() {
			case reflect.String:
				ks = k.String()
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				ks = strconv.FormatInt(k.Int(), 10)
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
				ks = strconv.FormatUint(k.Uint(), 10)
			default:
				return b, errors.New("json: unsupported map key type " + k.Type().String())
			}
			kvs = append(kvs, kv{ks, it.Value()})
		}
		slices.SortFunc(kvs, func(a, b kv) int { return strings.Compare(a.k, b.k) })
		b = append(b, '{')
		for i, e := range kvs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, e.k)
			b = append(b, ':')
			var err error
			if b, err = appendValue(b, e.v); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case reflect.Struct:
		b = append(b, '{')
		n := 0
		for _, f := range fieldsOf(t) {
			fv, ok := fieldByIndex(v, f.index)
			if !ok || (f.omitEmpty && isEmpty(fv)) {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = append(b, f.key...)
			var err error
			if b, err = appendValue(b, fv); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	}
	return b, errors.New("json: unsupported type: " + t.String())
}

type marshaler interface {
	MarshalJSON() ([]byte, error)
}

var (
	marshalerType = reflect.TypeFor[marshaler]()
	numberType    = reflect.TypeFor[Number]()
)

// How a type implements marshaler (cached: Implements walks method sets).
const (
	notMarshaler = iota + 1
	valueMarshaler
	pointerMarshaler // only *T does
)

var marshalers sync.Map // reflect.Type -> int

func marshalerOf(t reflect.Type) int {
	if m, ok := marshalers.Load(t); ok {
		return m.(int)
	}
	m := notMarshaler
	switch {
	case t.Kind() == reflect.Interface:
	case t.Implements(marshalerType):
		m = valueMarshaler
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(marshalerType):
		m = pointerMarshaler
	}
	marshalers.Store(t, m)
	return m
}

func appendMarshaler(b []byte, m marshaler) ([]byte, error) {
	out, err := m.MarshalJSON()
	if err != nil {
		return b, err
	}
	// encoding/json compacts what MarshalJSON returns.
	in := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case in && c == '\\' && i+1 < len(out):
			b = append(b, c, out[i+1])
			i++
			continue
		case c == '"':
			in = !in
		case !in && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		b = append(b, c)
	}
	return b, nil
}

// field is a struct field as encoding/json writes it.
type field struct {
	key       string // `"name":`
	index     []int
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type -> []field

func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	collectFields(t, nil, &fs)
	fieldCache.Store(t, fs)
	return fs
}

// collectFields lists t's fields in order, with the fields of untagged
// embedded structs promoted in place (the catalogue's and the API's types
// have no conflicting names).
func collectFields(t reflect.Type, index []int, fs *[]field) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(slices.Clone(index), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, idx, fs)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		omit := false
		for opts != "" {
			var o string
			o, opts, _ = strings.Cut(opts, ",")
			omit = omit || o == "omitempty"
		}
		*fs = append(*fs, field{key: string(appendString(nil, name)) + ":", index: idx, omitEmpty: omit})
	}
}

// fieldByIndex follows index through embedded pointers; false when one is nil.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// appendFloat writes a number as encoding/json does: like %g, but without
// an exponent between 1e-6 and 1e21, and e-7 rather than e-07.
func appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, bits))
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// isNumber reports whether s is a JSON number.
func isNumber(s string) bool {
	p := anyParser{data: []byte(s)}
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return false
	}
	_, err := p.number()
	return err == nil && p.pos == len(s)
}

// appendString writes s quoted as encoding/json does (see AppendString).
func appendString(b []byte, s string) []byte { return AppendString(b, s) }
