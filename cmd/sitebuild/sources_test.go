package main

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"policycheck/engine"
	"policycheck/ledger"
	"policycheck/rules"
	"policycheck/rules/compiled"
)

// TestSourcesJSONCoversTheCatalogue writes sources.json from the real
// catalogue: every document's clauses are its ledger's, in the text's
// order, with the ledger's entries; every rule is under a clause it cites
// and has the cases that test it.
func TestSourcesJSONCoversTheCatalogue(t *testing.T) {
	cat, err := compiled.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := sourcesJSON(rules.FS, cat.Documents)
	if err != nil {
		t.Fatal(err)
	}
	var f sourcesFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Documents) != len(cat.Documents) {
		t.Fatalf("%d documents, want %d", len(f.Documents), len(cat.Documents))
	}
	underClause := map[string][]string{}
	for i, d := range f.Documents {
		if d.ID != cat.Documents[i].ID {
			t.Errorf("document %d is %q, want %q", i, d.ID, cat.Documents[i].ID)
		}
		led, err := ledger.Read(rules.FS, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var clauses []string
		for _, p := range d.Parts {
			if p.Clause == "" {
				continue
			}
			clauses = append(clauses, p.Clause)
			if p.Text == "" {
				t.Errorf("%s %s: no text", d.ID, p.Clause)
			}
			if len(p.Rules) == 0 && (p.LeftOut == "" || p.Reason == nil) {
				t.Errorf("%s %s: neither rules nor a reason it is left out", d.ID, p.Clause)
			}
			for _, id := range p.Rules {
				underClause[id] = append(underClause[id], p.Clause)
			}
		}
		var listed []string
		for _, e := range led.Clauses {
			listed = append(listed, e.Clause)
		}
		if strings.Join(clauses, " ") != strings.Join(listed, " ") {
			t.Errorf("%s: clauses %q, the ledger lists %q", d.ID, clauses, listed)
		}
	}
	for _, r := range cat.Rules {
		cl := underClause[r.ID]
		if len(cl) == 0 {
			t.Errorf("%s is under no clause", r.ID)
		}
		for _, c := range cl {
			if !strings.Contains(";"+r.Clause+";", ";"+c+";") {
				t.Errorf("%s is under %s, but cites %q", r.ID, c, r.Clause)
			}
		}
		tests := f.Tests[r.ID]
		if len(tests) == 0 {
			t.Errorf("%s: no case tests it", r.ID)
		}
		for _, x := range tests {
			if x.Case < 0 || x.Case >= len(f.Cases) || f.Cases[x.Case].Name == "" || x.Status == "" {
				t.Errorf("%s: test %+v names no case", r.ID, x)
			}
		}
	}
}

// TestSourcesJSONRefusesAClauseMissingFromTheLedger: a clause the text
// numbers and the ledger does not list stops the build with its id.
func TestSourcesJSONRefusesAClauseMissingFromTheLedger(t *testing.T) {
	fsys := fstest.MapFS{
		"sources/town.txt": {Data: []byte("一、目标\n二、措施\n")},
		"ledger/town.json": {Data: []byte(`{"document": "town", "scheme": {"zh": "一、", "en": "parts"}, "clauses": [{"clause": "一", "left_out": "target", "reason": {"zh": "目标。", "en": "Targets."}}]}`)},
	}
	_, err := sourcesJSON(fsys, []*engine.Document{{ID: "town", Source: "sources/town.txt"}})
	if err == nil || !strings.Contains(err.Error(), `clause "二"`) {
		t.Fatalf("got %v, want an error naming clause 二", err)
	}
}
