// Package synth generates synthetic catalogues of any size shaped like the
// real one, for the scale benchmarks.
//
// A synthetic catalogue of n rules is made of copies of the real documents,
// taken in turn (jingan, hongkou, jiading, zhangjiang, nanming, jingan2,
// hongkou2, ...) until it holds n rules; the last copy keeps only as many
// rules as are needed. Each copy keeps its document's scope, its rules'
// conditions (&& and ||, choices, "in" lists and multi answers, counts,
// years, money, dates), amounts of every kind and test cases, and gets its
// own copy of the document's own questions (jingan2_multinational, ...), so
// the number of questions grows with the catalogue as it does in the real
// one (about one question for every four rules). Copies read the same
// source texts, so every quote stays verbatim.
//
// Test cases are copied with their document and renamed; expectations of
// rules left out of a truncated copy are dropped. The generated catalogue
// loads, passes lint and passes every copied case.
package synth

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing/fstest"
)

type object = map[string]any

// Catalogue returns a catalogue folder of n rules (n ≥ 1) built from the
// real catalogue folder real.
func Catalogue(real fs.FS, n int) (fstest.MapFS, error) {
	if n < 1 {
		return nil, fmt.Errorf("synth: %d rules", n)
	}
	out := fstest.MapFS{}
	var docs object
	if err := readJSON(real, "documents.json", &docs); err != nil {
		return nil, err
	}
	realDocs, _ := docs["documents"].([]any)
	if len(realDocs) == 0 {
		return nil, fmt.Errorf("synth: no documents")
	}
	// Copy the source texts as they are (questions.json is written below).
	err := fs.WalkDir(real, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(p, "sources/") {
			b, err := fs.ReadFile(real, p)
			if err != nil {
				return err
			}
			out[p] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	type source struct {
		doc   object
		file  object
		cases []any
		own   map[string]bool // the document's own question ids
	}
	var sources []source
	for _, d := range realDocs {
		doc := d.(object)
		id := doc["id"].(string)
		var file, cases object
		if err := readJSON(real, id+".json", &file); err != nil {
			return nil, err
		}
		if err := readJSON(real, "cases/"+id+".json", &cases); err != nil {
			return nil, err
		}
		own := map[string]bool{}
		for _, q := range list(file["questions"]) {
			own[q.(object)["id"].(string)] = true
		}
		cs, _ := cases["cases"].([]any)
		sources = append(sources, source{doc: doc, file: file, cases: cs, own: own})
	}

	var outDocs []any
	total := 0
	emitted := map[string]bool{} // the documents' own questions in the output
	for copyNo := 1; total < n; copyNo++ {
		for _, src := range sources {
			if total >= n {
				break
			}
			origID := src.doc["id"].(string)
			id := origID
			if copyNo > 1 {
				id = fmt.Sprintf("%s%d", origID, copyNo)
			}
			rn := renamer{from: origID, to: id, own: src.own}
			doc := rn.value(deepCopy(src.doc)).(object)
			doc["id"] = id
			outDocs = append(outDocs, doc)

			file := deepCopy(src.file).(object)
			file["document"] = id
			var qs []any
			for _, q := range list(file["questions"]) {
				q := rn.value(q)
				if id, ok := q.(object)["id"].(string); ok {
					emitted[id] = true
				}
				qs = append(qs, q)
			}
			if qs == nil {
				qs = []any{}
			}
			file["questions"] = qs
			kept := map[string]bool{}
			var rules []any
			for _, r := range list(file["rules"]) {
				if total >= n {
					break
				}
				r := rn.value(r).(object)
				r["id"] = id + "." + strings.SplitN(r["id"].(string), ".", 2)[1]
				kept[r["id"].(string)] = true
				rules = append(rules, r)
				total++
			}
			file["rules"] = rules
			// The later documents that name measures name the copy's,
			// those it keeps; one left naming none is dropped (naming none
			// would mean every measure).
			if cu, ok := doc["currency"].(object); ok {
				var later []any
				for _, l := range list(cu["later"]) {
					l := l.(object)
					names := list(l["rules"])
					if len(names) == 0 {
						later = append(later, l)
						continue
					}
					var ids []any
					for _, r := range names {
						if _, rest, _ := strings.Cut(r.(string), "."); kept[id+"."+rest] {
							ids = append(ids, id+"."+rest)
						}
					}
					if len(ids) > 0 {
						l["rules"] = ids
						later = append(later, l)
					}
				}
				if later == nil {
					delete(cu, "later")
				} else {
					cu["later"] = later
				}
			}
			if err := writeJSON(out, id+".json", file); err != nil {
				return nil, err
			}

			var cases []any
			for _, c := range src.cases {
				c := deepCopy(c).(object)
				answers := object{}
				for k, v := range c["answers"].(object) {
					answers[rn.ident(k)] = v
				}
				c["answers"] = answers
				expect := object{}
				for k, v := range c["expect"].(object) {
					if doc, rest, _ := strings.Cut(k, "."); doc == origID && kept[id+"."+rest] {
						expect[id+"."+rest] = v
					}
				}
				if len(expect) == 0 {
					continue
				}
				c["expect"] = expect
				if copyNo > 1 {
					c["name"] = fmt.Sprintf("%s (copy %d)", c["name"], copyNo)
				}
				cases = append(cases, c)
			}
			if err := writeJSON(out, "cases/"+id+".json", object{"cases": cases}); err != nil {
				return nil, err
			}
		}
	}
	docs["documents"] = outDocs
	if err := writeJSON(out, "documents.json", docs); err != nil {
		return nil, err
	}
	// The shared questionnaire, with relevance kept consistent: a question
	// whose "relevant" names a document's own question that a small
	// catalogue leaves out (nanming_trade_kind when it stops before nanming)
	// is asked whenever the catalogue needs it, as if that condition held.
	missing := map[string]bool{}
	for _, src := range sources {
		for id := range src.own {
			if !emitted[id] {
				missing[id] = true
			}
		}
	}
	var questions object
	if err := readJSON(real, "questions.json", &questions); err != nil {
		return nil, err
	}
	for _, q := range list(questions["questions"]) {
		q := q.(object)
		rel, ok := q["relevant"].(string)
		if !ok {
			continue
		}
		names := false
		mapIdents(rel, func(s string) string {
			names = names || missing[s]
			return s
		})
		if names {
			delete(q, "relevant")
		}
	}
	if err := writeJSON(out, "questions.json", questions); err != nil {
		return nil, err
	}
	return out, nil
}

// renamer gives a copied document's own questions the copy's prefix:
// nanming_has_loan becomes nanming7_has_loan, in ids and in expressions.
type renamer struct {
	from, to string
	own      map[string]bool
}

var identRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

func (r renamer) ident(s string) string {
	if r.from != r.to && r.own[s] {
		return r.to + strings.TrimPrefix(s, r.from)
	}
	return s
}

// expr renames identifiers outside string literals.
func (r renamer) expr(src string) string { return mapIdents(src, r.ident) }

// mapIdents replaces each identifier outside string literals by f of it.
func mapIdents(src string, f func(string) string) string {
	var b strings.Builder
	inStr := byte(0)
	start := 0
	flush := func(end int) {
		b.WriteString(identRE.ReplaceAllStringFunc(src[start:end], f))
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inStr != 0:
			if c == '\\' {
				i++
			} else if c == inStr {
				b.WriteString(src[start : i+1])
				start, inStr = i+1, 0
			}
		case c == '"' || c == '\'' || c == '`':
			flush(i)
			start, inStr = i, c
		}
	}
	if inStr != 0 {
		b.WriteString(src[start:])
	} else {
		flush(len(src))
	}
	return b.String()
}

// value renames question ids wherever a catalogue file names one: the id
// of a question, "when" and "relevant" expressions, formula amounts and
// the count of a per-item amount.
func (r renamer) value(v any) any {
	switch v := v.(type) {
	case object:
		for k, x := range v {
			switch k {
			case "when", "relevant":
				if s, ok := x.(string); ok {
					v[k] = r.expr(s)
					continue
				}
			case "id", "count":
				if s, ok := x.(string); ok {
					v[k] = r.ident(s)
					continue
				}
			case "min", "max":
				if s, ok := x.(string); ok {
					v[k] = r.expr(s)
					continue
				}
			}
			v[k] = r.value(x)
		}
		return v
	case []any:
		for i := range v {
			v[i] = r.value(v[i])
		}
		return v
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case object:
		m := make(object, len(v))
		for k, x := range v {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = deepCopy(x)
		}
		return l
	}
	return v
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func writeJSON(out fstest.MapFS, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	out[path.Clean(name)] = &fstest.MapFile{Data: b}
	return nil
}

// Stats describes a generated catalogue.
type Stats struct {
	Documents, Rules, Questions, Cases, Bytes int
}

// Describe counts what a catalogue folder holds.
func Describe(fsys fstest.MapFS) Stats {
	var s Stats
	names := make([]string, 0, len(fsys))
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := fsys[name]
		s.Bytes += len(f.Data)
		var o object
		if !strings.HasSuffix(name, ".json") || json.Unmarshal(f.Data, &o) != nil {
			continue
		}
		switch {
		case name == "documents.json":
			s.Documents = len(list(o["documents"]))
		case strings.HasPrefix(name, "cases/"):
			s.Cases += len(list(o["cases"]))
		default:
			s.Rules += len(list(o["rules"]))
			s.Questions += len(list(o["questions"]))
		}
	}
	return s
}
