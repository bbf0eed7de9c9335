package engine

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// Prebuilt is a compiled catalogue as Go values: what LoadCompiled decodes
// from the compiled form's JSON, written as Go source by PrebuiltSource at
// build time (cmd/compilerules writes rules/compiled/catalogue_gen.go), so
// that the WebAssembly page and the Worker start without decoding JSON: the
// values are in the program's data when it starts.
//
// The loader links and annotates the values it is given, so a Prebuilt
// loads once: LoadPrebuilt refuses it a second time.
type Prebuilt struct {
	Engine    string // EngineVersion of the engine that wrote it
	Version   string // the catalogue version
	Date      string
	Documents []*Document
	Locations []*Location
	Steps     []Step
	Questions []*Question
	Derived   []*Derived
	Rules     []PrebuiltRules // one per document, in the order of Documents
	// Exprs are the catalogue's expressions as the build parsed and
	// checked them (exprlang's prebuilt form), so that loading compiles
	// them without parsing.
	Exprs []PrebuiltExpr

	used atomic.Bool
}

// PrebuiltRules is one document's rule file in a Prebuilt.
type PrebuiltRules struct {
	Document  string
	Questions []*Question
	Rules     []*Rule
}

// PrebuiltExpr is one expression of a Prebuilt: its source and its
// prebuilt form (exprlang.Env.Encode).
type PrebuiltExpr struct {
	Src, Form string
}

// LoadPrebuilt loads a catalogue written as Go source by PrebuiltSource, as
// LoadCompiled loads the compiled form: it refuses one written by another
// version of the engine, then links and compiles the catalogue without the
// checks the build ran. It takes p over: a second call with the same p is
// refused.
func LoadPrebuilt(p *Prebuilt) (*Catalogue, error) {
	if p == nil {
		return nil, errors.New("prebuilt catalogue: none")
	}
	if p.Engine != EngineVersion() {
		return nil, fmt.Errorf("prebuilt catalogue: written by engine %q, this is engine %q: compile the catalogue again (go run ./cmd/compilerules)", p.Engine, EngineVersion())
	}
	if p.Version == "" {
		return nil, errors.New("prebuilt catalogue: no catalogue version")
	}
	if p.used.Swap(true) {
		return nil, errors.New("prebuilt catalogue: already loaded (a Prebuilt loads once)")
	}
	form := &compiledForm{compiledHeader: compiledHeader{Engine: p.Engine, Version: p.Version}}
	form.Documents = documentsFile{Date: p.Date, Documents: p.Documents, Locations: p.Locations}
	form.Questions = questionsFile{Steps: p.Steps, Questions: p.Questions, Derived: p.Derived}
	for _, rf := range p.Rules {
		form.Rules = append(form.Rules, ruleFile(rf))
	}
	if len(p.Exprs) > 0 {
		form.exprs = make(map[string]string, len(p.Exprs))
		for _, x := range p.Exprs {
			form.exprs[x.Src] = x.Form
		}
	}
	return loadForm(form)
}
