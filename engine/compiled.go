package engine

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"reflect"
	"strconv"
	"strings"

	"policycheck/engine/exprlang"
	"policycheck/jsoncodec"
)

// compiledFormat numbers the meaning of the compiled form; bump it when the
// engine reads the same fields differently. Changes to the fields themselves
// change EngineVersion on their own.
const compiledFormat = 1

// compiledForm is a catalogue as Compile writes it: the data files of the
// catalogue folder (documents, questionnaire, one rule file per document),
// checked in full at build time, without the source texts and the test
// cases, with the catalogue version computed from every file and the
// version of the engine that compiled it.
//
// It is two lines of JSON: compiledHeader, then compiledBody.
type compiledForm struct {
	compiledHeader
	compiledBody
	exprs map[string]string // prebuilt expressions by source (LoadPrebuilt), or nil
}

// compiledHeader is the compiled form's first line, read first, so that a
// form of another engine is refused by its version rather than by a
// decoding error, and without reading the rest.
type compiledHeader struct {
	Engine  string `json:"engine"`
	Version string `json:"version"`
}

// compiledBody is the compiled form's second line.
type compiledBody struct {
	Documents documentsFile `json:"documents"`
	Questions questionsFile `json:"questions"`
	Rules     []ruleFile    `json:"rules"`
}

// LoadCompiled loads a catalogue compiled by Compile (at build time, where
// every check of Load ran: expr's type checker, quotes against the source
// texts, the test cases). It refuses a form written by another version of
// the engine, then links and compiles the catalogue with the engine's own
// expression checker, without the checks the build ran. The catalogue has
// no test cases.
func LoadCompiled(data []byte) (*Catalogue, error) {
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil, errors.New("compiled catalogue: not a compiled catalogue (no header line)")
	}
	var h compiledHeader
	if err := jsoncodec.Decode(head, &h, false); err != nil {
		return nil, fmt.Errorf("compiled catalogue: header: %w", err)
	}
	if h.Engine != EngineVersion() {
		return nil, fmt.Errorf("compiled catalogue: written by engine %q, this is engine %q: compile the catalogue again (go run ./cmd/policycheck compile)", h.Engine, EngineVersion())
	}
	if h.Version == "" {
		return nil, errors.New("compiled catalogue: no catalogue version")
	}
	form := &compiledForm{compiledHeader: h}
	if err := jsoncodec.Decode(body, &form.compiledBody, true); err != nil {
		return nil, fmt.Errorf("compiled catalogue: %w", err)
	}
	return loadForm(form)
}

// loadForm links and compiles a compiled form (LoadCompiled, LoadPrebuilt).
func loadForm(form *compiledForm) (*Catalogue, error) {
	c, err := link(form)
	if err != nil {
		return nil, fmt.Errorf("compiled catalogue %s: %w", form.Version, err)
	}
	c.Version = form.Version
	c.prepare()
	return c, nil
}

// engineTypes is the hash of the compiled form's Go types (typesHash:
// every field's name, type and JSON tag), written here rather than computed
// at start-up, where it took the page's engine milliseconds of reflection.
// Compile, at build time, refuses to run when it is out of date and gives
// the value to write; so does TestEngineTypesIsCurrent.
const engineTypes = "1ca76a7b501af9fd"

// EngineVersion identifies the compiled form this engine writes and reads:
// the format numbers and a hash of the form's Go types, so that a change to
// any type of the catalogue gives a new version and a stale compiled
// catalogue is refused.
func EngineVersion() string {
	return strconv.Itoa(compiledFormat) + "." + strconv.Itoa(exprlang.PrebuiltFormat) + "." + engineTypes
}

// typesHash computes engineTypes from the types themselves.
func typesHash() string {
	var b strings.Builder
	describeType(&b, reflect.TypeFor[compiledBody](), map[reflect.Type]bool{})
	h := fnv.New64a()
	h.Write([]byte(b.String()))
	return strconv.FormatUint(h.Sum64(), 16)
}

// errStaleTypes says that engineTypes is out of date, and what to write.
func errStaleTypes() error {
	if got := typesHash(); got != engineTypes {
		return fmt.Errorf("the compiled form's Go types changed: set engineTypes in engine/compiled.go to %q (was %q)", got, engineTypes)
	}
	return nil
}

// describeType writes a description of t: kinds, field names, types and tags.
func describeType(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b.WriteString(t.Kind().String() + "(")
		describeType(b, t.Elem(), seen)
		b.WriteString(")")
	case reflect.Map:
		b.WriteString("map(")
		describeType(b, t.Key(), seen)
		b.WriteString(",")
		describeType(b, t.Elem(), seen)
		b.WriteString(")")
	case reflect.Struct:
		b.WriteString(t.String())
		if seen[t] {
			return
		}
		seen[t] = true
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			b.WriteString(f.Name + " " + string(f.Tag) + " ")
			describeType(b, f.Type, seen)
			b.WriteString(";")
		}
		b.WriteString("}")
	default:
		b.WriteString(t.Kind().String())
	}
}
