//go:build !js

package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
)

// Compile loads the catalogue folder with every check (Load: expr's type
// checker, quotes against the source texts, the test cases' answers and
// coverage) and returns its compiled form for LoadCompiled: the data files
// compacted, without the source texts and the cases, with the catalogue
// version and EngineVersion. It runs at build time, natively; the
// WebAssembly page and the Worker load its output.
func Compile(fsys fs.FS) ([]byte, error) {
	if err := errStaleTypes(); err != nil {
		return nil, err
	}
	c, err := Load(fsys)
	if err != nil {
		return nil, err
	}
	raw := func(name string) (json.RawMessage, error) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := json.Compact(&b, data); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return b.Bytes(), nil
	}
	head, err := json.Marshal(compiledHeader{Engine: EngineVersion(), Version: c.Version})
	if err != nil {
		return nil, err
	}
	var body struct {
		Documents json.RawMessage   `json:"documents"`
		Questions json.RawMessage   `json:"questions"`
		Rules     []json.RawMessage `json:"rules"`
	}
	if body.Documents, err = raw(DocumentsFile); err != nil {
		return nil, err
	}
	if body.Questions, err = raw(QuestionsFile); err != nil {
		return nil, err
	}
	for _, d := range c.Documents {
		r, err := raw(d.ID + ".json")
		if err != nil {
			return nil, err
		}
		body.Rules = append(body.Rules, r)
	}
	rest, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	data := append(append(head, '\n'), rest...)
	// The form must load as the page and the Worker will load it.
	if _, err := LoadCompiled(data); err != nil {
		return nil, err
	}
	return data, nil
}
