// Package ledger checks that the catalogue accounts for every numbered clause
// of each source text.
//
// A ledger file, rules/ledger/<document>.json, lists every clause the source
// text numbers, at every level, in the text's order, as either encoded (the
// ids of the rules that encode it) or left out (with a kind and a reason).
// Clauses extracts the numbering from the text itself, so a clause cannot be
// forgotten: Check fails when a clause of the text is missing from the
// ledger, when the ledger names a clause the text does not have, when a rule
// of the document is in no clause of the ledger, when the ledger names a rule
// the catalogue does not have, and when a rule is listed under a clause its
// own clause field does not cite. Skeleton starts the ledger of a new
// document: its clauses from the text, each for the analyst to fill. Split
// cuts a text into the same clauses with their words, which the catalogue
// page shows beside what was made of each.
//
// The package is pure: it reads from the fs.FS it is given and depends on no
// other package of the module, so that the WebAssembly build never links it.
package ledger

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// Dir is the folder of the ledger files inside the catalogue's fs.FS.
const Dir = "ledger"

// Reasons a clause is left out.
const (
	Target           = "target"            // a target or indicator the district sets itself
	GovernmentDuty   = "government_duty"   // work the government does, nothing an applicant can claim
	NamedBeneficiary = "named_beneficiary" // a benefit for a named organisation or project only
	Background       = "background"        // aims, principles, headings, context
)

var leftOutKinds = map[string]bool{Target: true, GovernmentDuty: true, NamedBeneficiary: true, Background: true}

// Text is a bilingual string.
type Text struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Entry is one clause of a ledger.
type Entry struct {
	Clause string `json:"clause"`
	// Text is the clause's first words, as Skeleton writes them, for the
	// reader; optional, never checked.
	Text    string   `json:"text,omitempty"`
	Rules   []string `json:"rules,omitempty"`
	LeftOut string   `json:"left_out,omitempty"`
	Reason  *Text    `json:"reason,omitempty"`
}

// File is one document's ledger.
type File struct {
	Document string  `json:"document"`
	Scheme   Text    `json:"scheme"`
	Clauses  []Entry `json:"clauses"`
}

// Document is what Check needs to know about one document of the catalogue.
type Document struct {
	ID     string
	Source string // path of the source text in the fs.FS
	// Rules maps the id of each rule of the document to its clause field
	// (several clauses separated by ";").
	Rules map[string]string
}

// Coverage counts one document's clauses.
type Coverage struct {
	Document string
	Clauses  int // clauses in the source text
	Encoded  int // clauses with at least one rule
	LeftOut  map[string]int
}

// LeftOutTotal is the number of clauses left out, whatever the reason.
func (c Coverage) LeftOutTotal() int {
	n := 0
	for _, v := range c.LeftOut {
		n += v
	}
	return n
}

// Problem is one way a ledger disagrees with its source or the catalogue.
type Problem struct {
	File    string
	Message string
}

func (p Problem) String() string { return p.File + ": " + p.Message }

const cnNum = `[一二三四五六七八九十]+`

var levels = []*regexp.Regexp{
	regexp.MustCompile(`^(` + cnNum + `)、`),              // 一、
	regexp.MustCompile(`^[((](` + cnNum + `)[))]`),       // (一)
	regexp.MustCompile(`^([0-9]+)(?:、|[.](?:[^0-9]|$))`), // 1. 1、 (not 5.3)
	regexp.MustCompile(`^[((]([0-9]+)[))]`),              // (1)
}

// Clauses returns the ids of the numbered clauses of a source text, in order.
// A line that starts (after white space) with 一、, (一), 1. or 1、, or (1)
// opens a clause at level 1 to 4; full-width digits, parentheses and stops
// count as their ASCII forms. The id joins the numbers of the open levels:
// 三(四), 四(二)3, 二(二)3(1); a level-3 item directly under a level-1
// heading is 五1.
func Clauses(text string) []string {
	var ids []string
	for _, c := range scan(text) {
		ids = append(ids, c.id)
	}
	return ids
}

// clause is one numbered clause found by scan.
type clause struct {
	id    string
	level int    // 0 for 一、 to 3 for (1)
	rest  string // the line after the number
	line  int    // the index of its line in the text split at "\n"
}

// scan finds the numbered clauses of a source text, in order, each listed
// once (at its first line).
func scan(text string) []clause {
	var cs []clause
	path := make([]string, len(levels))
	seen := map[string]bool{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimLeft(normalise(line), " \t\u3000\u00a0\ufeff")
		for lv, re := range levels {
			m := re.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			path[lv] = line[m[2]:m[3]]
			for i := lv + 1; i < len(path); i++ {
				path[i] = ""
			}
			id := clauseID(path[:lv+1])
			if !seen[id] {
				seen[id] = true
				cs = append(cs, clause{id: id, level: lv, rest: line[m[3]:], line: n})
			}
			break
		}
	}
	return cs
}

func clauseID(path []string) string {
	var b strings.Builder
	for i, p := range path {
		switch {
		case p == "":
		case i == 1 || i == 3:
			b.WriteString("(" + p + ")")
		default:
			b.WriteString(p)
		}
	}
	return b.String()
}

// normalise maps full-width digits and the full-width stop to ASCII.
func normalise(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '\uff10' && r <= '\uff19': // ０-９
			return r - '\uff10' + '0'
		case r == '\uff0e': // ．
			return '.'
		}
		return r
	}, s)
}

// Read parses one ledger file.
func Read(fsys fs.FS, document string) (*File, error) {
	b, err := fs.ReadFile(fsys, Dir+"/"+document+".json")
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s/%s.json: %v", Dir, document, err)
	}
	return &f, nil
}

// Check compares each document's ledger with its source text and rules, and
// returns the coverage per document and every problem found.
func Check(fsys fs.FS, docs []Document) ([]Coverage, []Problem) {
	var cov []Coverage
	var probs []Problem
	for _, d := range docs {
		name := Dir + "/" + d.ID + ".json"
		add := func(format string, args ...any) {
			probs = append(probs, Problem{File: name, Message: fmt.Sprintf(format, args...)})
		}
		src, err := fs.ReadFile(fsys, d.Source)
		if err != nil {
			add("cannot read the source text: %v", err)
			continue
		}
		f, err := Read(fsys, d.ID)
		if err != nil {
			add("%v", err)
			continue
		}
		if f.Document != d.ID {
			add("document must be %q, got %q", d.ID, f.Document)
		}
		if f.Scheme.Zh == "" || f.Scheme.En == "" {
			add("scheme: say in both languages how the text numbers its clauses")
		}
		clauses := Clauses(string(src))
		inText := map[string]bool{}
		for _, c := range clauses {
			inText[c] = true
		}
		c := Coverage{Document: d.ID, Clauses: len(clauses), LeftOut: map[string]int{}}
		listed := map[string]bool{}
		ruleListed := map[string]bool{}
		for i, e := range f.Clauses {
			where := fmt.Sprintf("clauses[%d] %q", i, e.Clause)
			if listed[e.Clause] {
				add("%s: clause listed twice", where)
				continue
			}
			listed[e.Clause] = true
			if !inText[e.Clause] {
				add("%s: the source text has no such clause", where)
				continue
			}
			switch {
			case len(e.Rules) > 0 && e.LeftOut != "":
				add("%s: give either rules or left_out, not both", where)
			case len(e.Rules) > 0:
				c.Encoded++
				for _, id := range e.Rules {
					field, ok := d.Rules[id]
					if !ok {
						add("%s: unknown rule %q", where, id)
						continue
					}
					ruleListed[id] = true
					if !citesClause(field, e.Clause) {
						add("%s: rule %q cites clause %q, not this one", where, id, field)
					}
				}
			case e.LeftOut != "":
				if !leftOutKinds[e.LeftOut] {
					add("%s: left_out must be target, government_duty, named_beneficiary or background, got %q", where, e.LeftOut)
				}
				if e.Reason == nil || strings.TrimSpace(e.Reason.Zh) == "" || strings.TrimSpace(e.Reason.En) == "" {
					add("%s: a clause left out needs a reason in both languages", where)
				}
				c.LeftOut[e.LeftOut]++
			default:
				add("%s: not yet filled: give the rules that encode it or left_out with a reason", where)
			}
		}
		for _, cl := range clauses {
			if !listed[cl] {
				add("clause %q of the source text is missing from the ledger", cl)
			}
		}
		ids := make([]string, 0, len(d.Rules))
		for id := range d.Rules {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if !ruleListed[id] {
				add("rule %q is in no clause of the ledger", id)
			}
		}
		cov = append(cov, c)
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].File < probs[j].File })
	return cov, probs
}

// citesClause reports whether a rule's clause field ("四(四)1;六(四)1")
// names clause.
func citesClause(field, clause string) bool {
	for _, p := range strings.Split(field, ";") {
		if strings.TrimSpace(p) == clause {
			return true
		}
	}
	return false
}
