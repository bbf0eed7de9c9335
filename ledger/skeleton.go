package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// headWords is how many characters of a clause's first words Skeleton keeps.
const headWords = 40

var documentID = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Skeleton returns the ledger of a new document as JSON, in the format of
// rules/ledger/<document>.json: every numbered clause of the source text
// (as Clauses finds them), in the text's order, each with its first words
// and an empty list of rules, and a scheme naming the levels the text uses.
// The analyst fills in each clause (rules, or left_out with a reason);
// until then Check reports each clause as not yet filled. name is the
// source's file name, used in errors.
func Skeleton(name, document string, text []byte) ([]byte, error) {
	if !documentID.MatchString(document) {
		return nil, fmt.Errorf("document id %q must be lower_snake_case, as in rules/documents.json", document)
	}
	if !utf8.Valid(text) {
		line := 1 + bytes.Count(text[:validPrefix(text)], []byte("\n"))
		return nil, fmt.Errorf("%s:%d: not UTF-8 text (save the source as UTF-8)", name, line)
	}
	cs := scan(string(text))
	if len(cs) == 0 {
		return nil, fmt.Errorf("%s: no numbered clauses found (none of its lines starts with 一、, (一), 1. or 1、, or (1))", name)
	}
	type entry struct {
		Clause string   `json:"clause"`
		Text   string   `json:"text"`
		Rules  []string `json:"rules"`
	}
	f := struct {
		Document string  `json:"document"`
		Scheme   Text    `json:"scheme"`
		Clauses  []entry `json:"clauses"`
	}{Document: document, Scheme: scheme(cs)}
	for _, c := range cs {
		f.Clauses = append(f.Clauses, entry{Clause: c.id, Text: firstWords(c.rest), Rules: []string{}})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// validPrefix is the length of text's longest valid UTF-8 prefix.
func validPrefix(text []byte) int {
	n := 0
	for n < len(text) {
		r, size := utf8.DecodeRune(text[n:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		n += size
	}
	return n
}

// firstWords is the start of a clause's line after its number: up to the
// first full stop, colon or semicolon, at most headWords characters.
func firstWords(rest string) string {
	s := strings.TrimSpace(strings.TrimLeft(rest, ")）、."))
	if i := strings.IndexAny(s, "。:;：；"); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > headWords {
		s = string(r[:headWords]) + "…"
	}
	return s
}

// scheme says in both languages which levels of numbering the clauses use,
// with the id of the first clause at the deepest level as an example.
func scheme(cs []clause) Text {
	names := []Text{
		{Zh: "一、为部分", En: "parts 一、"},
		{Zh: "(一)为节", En: "sections (一)"},
		{Zh: "1.或1、为条", En: "items 1. or 1、"},
		{Zh: "(1)为目", En: "sub-items (1)"},
	}
	used := make([]bool, len(names))
	deepest := cs[0]
	for _, c := range cs {
		used[c.level] = true
		if c.level > deepest.level {
			deepest = c
		}
	}
	var zh, en []string
	for i, u := range used {
		if u {
			zh = append(zh, names[i].Zh)
			en = append(en, names[i].En)
		}
	}
	en[0] = strings.ToUpper(en[0][:1]) + en[0][1:]
	return Text{
		Zh: strings.Join(zh, ",") + ",写作“" + deepest.id + "”;每一级都单列。",
		En: strings.Join(en, ", ") + ", written " + deepest.id + "; every level is listed.",
	}
}
