package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"

	"policycheck/engine"
	"policycheck/ledger"
	"policycheck/rules"
)

// sourcesDoc is one document's text in sources.json: its clauses in the
// text's order (ledger.Split), each with what the ledger made of it.
type sourcesDoc struct {
	ID     string        `json:"id"`
	Scheme ledger.Text   `json:"scheme"`
	Parts  []sourcesPart `json:"parts"`
}

// sourcesPart is a clause with its words and its ledger entry: the rules
// that encode it, or why it is left out. The words before the first
// clause have no clause id and no entry.
type sourcesPart struct {
	ledger.Part
	Rules   []string     `json:"rules,omitempty"`
	LeftOut string       `json:"left_out,omitempty"`
	Reason  *ledger.Text `json:"reason,omitempty"`
}

// sourcesCase is a test case as the catalogue page names it: its sentence
// and date (the answers stay in rules/cases).
type sourcesCase struct {
	Name string `json:"name"`
	Date string `json:"date"`
}

// sourcesTest is what one case expects of one rule: the index of the case
// in sources.json's cases, the status and the amount, when the case gives it.
type sourcesTest struct {
	Case   int      `json:"case"`
	Status string   `json:"status"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

// sourcesFile is sources.json: the documents' texts clause by clause, the
// test cases, and for each rule the cases that test it.
type sourcesFile struct {
	Documents []sourcesDoc             `json:"documents"`
	Cases     []sourcesCase            `json:"cases"`
	Tests     map[string][]sourcesTest `json:"tests"`
}

// sourcesJSON returns sources.json for the catalogue page: each document's
// source text (rules/sources) cut into its numbered clauses as the ledger
// numbers them, each clause with its ledger entry, and the test cases of
// rules/cases with what each expects of each rule. The build prepares it
// once, so that the page only draws it. Keys are sorted and HTML is not
// escaped, so the same rules always give the same bytes.
func sourcesJSON(fsys fs.FS, docs []*engine.Document) ([]byte, error) {
	out := sourcesFile{Documents: []sourcesDoc{}, Cases: []sourcesCase{}, Tests: map[string][]sourcesTest{}}
	for _, d := range docs {
		text, err := fs.ReadFile(fsys, d.Source)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.ID, err)
		}
		led, err := ledger.Read(fsys, d.ID)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.ID, err)
		}
		entries := map[string]ledger.Entry{}
		for _, e := range led.Clauses {
			entries[e.Clause] = e
		}
		doc := sourcesDoc{ID: d.ID, Scheme: led.Scheme}
		for _, p := range ledger.Split(string(text)) {
			sp := sourcesPart{Part: p}
			if p.Clause != "" {
				e, ok := entries[p.Clause]
				if !ok {
					return nil, fmt.Errorf("%s: clause %q of the text is not in %s/%s.json (run policycheck lint)", d.ID, p.Clause, ledger.Dir, d.ID)
				}
				sp.Rules, sp.LeftOut, sp.Reason = e.Rules, e.LeftOut, e.Reason
			}
			doc.Parts = append(doc.Parts, sp)
		}
		out.Documents = append(out.Documents, doc)
	}
	files, err := fs.Glob(fsys, "cases/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f struct {
			Cases []struct {
				Name   string                        `json:"name"`
				Date   string                        `json:"date"`
				Expect map[string]engine.Expectation `json:"expect"`
			} `json:"cases"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, c := range f.Cases {
			i := len(out.Cases)
			out.Cases = append(out.Cases, sourcesCase{Name: c.Name, Date: c.Date})
			for id, e := range c.Expect {
				out.Tests[id] = append(out.Tests[id], sourcesTest{Case: i, Status: e.Status, Min: e.Min, Max: e.Max})
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// sourcesFS is the catalogue folder sources.json is read from.
var sourcesFS fs.FS = rules.FS
