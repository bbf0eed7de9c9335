// Package changelog reads and checks the catalogue's changelog,
// rules/CHANGES.json: one dated entry for every version of the catalogue,
// naming the measures, questions and documents it added, removed or changed,
// what changed in them, and why, with the source text's words. `policycheck
// lint` fails when the catalogue's version has no entry, and `policycheck
// changes add` writes the entry to fill in, with what differs from the
// catalogue of the last entry (its snapshot, rules/CHANGES.snapshot.json).
package changelog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// File names in the catalogue folder.
const (
	File         = "CHANGES.json"
	SnapshotFile = "CHANGES.snapshot.json"
)

// Format is the version of the changelog's format.
const Format = 1

// Log is the changelog: its format and its entries, oldest first.
type Log struct {
	Format  int     `json:"format"`
	Entries []Entry `json:"entries"`
}

// Entry is one version of the catalogue: the day it was made, the version
// it produced (engine.Catalogue.Version), a title, the issue it answers and
// its changes. An entry with no changes says in its title why the version
// changed without a measure changing (test cases only, for example).
type Entry struct {
	Date    string      `json:"date"`
	Version string      `json:"version"`
	Issue   string      `json:"issue,omitempty"`
	Title   engine.Text `json:"title"`
	Changes []Change    `json:"changes"`
}

// Change is one change of an entry: what kind (added, removed, changed), the
// rules, questions or documents it concerns, what changed in them (What:
// condition, amount, certainty, validity, applicant, question, text), why
// (both languages) and the text's words behind it (Quote, verbatim from the
// source of Document, and its Clause). ReplacedBy names the rules that now
// carry a removed rule's measure.
type Change struct {
	Kind       string      `json:"kind"`
	Rules      []string    `json:"rules,omitempty"`
	Questions  []string    `json:"questions,omitempty"`
	Documents  []string    `json:"documents,omitempty"`
	ReplacedBy []string    `json:"replaced_by,omitempty"`
	What       []string    `json:"what"`
	Why        engine.Text `json:"why"`
	Document   string      `json:"document,omitempty"`
	Clause     string      `json:"clause,omitempty"`
	Quote      string      `json:"quote,omitempty"`
}

// Kinds of change.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Aspects lists what a change may name in What, in the order the template
// writes them.
var Aspects = []string{"condition", "amount", "certainty", "validity", "applicant", "question", "text"}

var (
	dayPattern     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	versionPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\+[0-9a-f]{10}$`)
)

// Placeholder marks what the template of `policycheck changes add` leaves to
// fill; Check refuses an entry that still holds it.
const Placeholder = "TODO"

// Read reads the changelog from the catalogue folder. A missing file is an
// error that says how to start one.
func Read(fsys fs.FS) (*Log, error) {
	data, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: missing: every version of the catalogue needs an entry there; run `go run ./cmd/policycheck changes add` to print the first", File)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return Parse(data)
}

// Parse reads a changelog (strictly: unknown fields are errors).
func Parse(data []byte) (*Log, error) {
	var l Log
	if err := jsoncodec.Decode(data, &l, true); err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return &l, nil
}

// Find returns the index of the entry naming version, or -1.
func (l *Log) Find(version string) int {
	for i := range l.Entries {
		if l.Entries[i].Version == version {
			return i
		}
	}
	return -1
}

// Check checks the changelog against the catalogue c (loaded with its
// source texts): every entry well formed, dated in order, its version
// unique, its changes filled in with reasons in both languages and quotes
// that occur in their document's text; every rule or question it names
// either in the catalogue or removed by an entry; and an entry for c's own
// version. The last problem's message says how to add one. snap, when not
// nil, is the catalogue of the last entry, used to say what differs.
func (l *Log) Check(c *engine.Catalogue, snap *Snapshot) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, File+": "+fmt.Sprintf(format, args...)) }
	if l.Format != Format {
		add("format must be %d, got %d", Format, l.Format)
	}
	removedRules, removedQuestions := map[string]bool{}, map[string]bool{}
	for _, e := range l.Entries {
		for _, ch := range e.Changes {
			if ch.Kind == Removed {
				for _, id := range ch.Rules {
					removedRules[id] = true
				}
				for _, id := range ch.Questions {
					removedQuestions[id] = true
				}
			}
		}
	}
	seen := map[string]int{}
	for i, e := range l.Entries {
		where := fmt.Sprintf("entries[%d] (%s)", i, e.Version)
		if !dayPattern.MatchString(e.Date) {
			add("%s: date must be YYYY-MM-DD, got %q", where, e.Date)
		} else if i > 0 && e.Date < l.Entries[i-1].Date {
			add("%s: dated %s, before the entry above it (%s): entries are oldest first", where, e.Date, l.Entries[i-1].Date)
		}
		if !versionPattern.MatchString(e.Version) {
			add("%s: version must be a catalogue version such as 2026-11-22+0123456789 (policycheck lint prints it), got %q", where, e.Version)
		}
		if j, ok := seen[e.Version]; ok {
			add("%s: version already named by entries[%d]", where, j)
		}
		seen[e.Version] = i
		checkText(add, where+": title", e.Title)
		for k, ch := range e.Changes {
			checkChange(add, c, fmt.Sprintf("%s: changes[%d]", where, k), ch, removedRules, removedQuestions)
		}
	}
	if l.Find(c.Version) < 0 {
		probs = append(probs, Missing(l, c, snap))
	}
	return probs
}

func checkText(add func(string, ...any), where string, t engine.Text) {
	if strings.TrimSpace(t.Zh) == "" || strings.TrimSpace(t.En) == "" {
		add("%s: needs both zh and en", where)
	}
	if i := strings.IndexAny(t.Zh, ",;:()!?"); i >= 0 {
		add("%s: zh: use full-width punctuation (，；：（）！？), found %q", where, t.Zh[i:i+1])
	}
	if strings.Contains(t.Zh, Placeholder) || strings.Contains(t.En, Placeholder) {
		add("%s: still says %s: write it", where, Placeholder)
	}
}

func checkChange(add func(string, ...any), c *engine.Catalogue, where string, ch Change, removedRules, removedQuestions map[string]bool) {
	switch ch.Kind {
	case Added, Removed, Changed:
	default:
		add("%s: kind must be added, removed or changed, got %q", where, ch.Kind)
	}
	if len(ch.Rules)+len(ch.Questions)+len(ch.Documents) == 0 {
		add("%s: names no rule, question or document", where)
	}
	if len(ch.What) == 0 {
		add("%s: what must list what changed (%s)", where, strings.Join(Aspects, ", "))
	}
	for _, w := range ch.What {
		if !slices.Contains(Aspects, w) {
			add("%s: what: %q is not one of %s", where, w, strings.Join(Aspects, ", "))
		}
	}
	checkText(add, where+": why", ch.Why)
	for _, id := range ch.Rules {
		if c.Rule(id) == nil && !removedRules[id] {
			add("%s: rule %q is not in the catalogue and no entry removes it", where, id)
		}
	}
	for _, id := range append(slices.Clone(ch.ReplacedBy), ch.Documents...) {
		if c.Rule(id) == nil && c.Document(id) == nil && !removedRules[id] {
			add("%s: %q is not a rule or document of the catalogue", where, id)
		}
	}
	for _, id := range ch.Questions {
		if c.Question(id) == nil && !removedQuestions[id] {
			add("%s: question %q is not in the catalogue and no entry removes it", where, id)
		}
	}
	doc := ch.quoteDocument()
	if len(ch.Rules) > 0 && !onlyText(ch.What) && (ch.Quote == "" || ch.Clause == "") {
		add("%s: a change to rules needs the text's words: quote and clause (only a change of wording, what [\"text\"], may go without)", where)
	}
	if ch.Quote != "" {
		switch {
		case doc == "":
			add("%s: quote: say which document it is from (document)", where)
		case c.Document(doc) == nil:
			add("%s: document %q is not in the catalogue", where, doc)
		case !c.QuoteIn(doc, ch.Quote):
			add("%s: quote does not occur in %s's source text: %q", where, doc, ch.Quote)
		}
	}
}

// onlyText says whether what names the wording alone.
func onlyText(what []string) bool {
	return len(what) == 1 && what[0] == "text"
}

// quoteDocument is the document the change's quote is from: Document, else
// the document of its first rule (the part of the rule id before the dot).
func (ch Change) quoteDocument() string {
	if ch.Document != "" {
		return ch.Document
	}
	if len(ch.Rules) > 0 {
		doc, _, _ := strings.Cut(ch.Rules[0], ".")
		return doc
	}
	return ""
}

// Missing is the message for a catalogue version no entry names: what
// differs from the last entry's snapshot, when there is one, and how to add
// the entry.
func Missing(l *Log, c *engine.Catalogue, snap *Snapshot) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: the catalogue is version %s, which no entry names: the catalogue changed since the last entry", File, c.Version)
	if n := len(l.Entries); n > 0 {
		fmt.Fprintf(&b, " (%s, %s)", l.Entries[n-1].Version, l.Entries[n-1].Date)
	}
	b.WriteString(".\n")
	if snap != nil {
		d := snap.Diff(TakeSnapshot(c))
		if d.Empty() {
			fmt.Fprintf(&b, "  No rule, question or document differs from the snapshot of %s (test cases or source texts changed).\n", snap.Version)
		} else {
			fmt.Fprintf(&b, "  Since %s:\n", snap.Version)
			for _, line := range d.Lines() {
				b.WriteString("    " + line + "\n")
			}
		}
	}
	b.WriteString("  Add an entry: `go run ./cmd/policycheck changes add` prints it with this version and what differs;\n" +
		"  `go run ./cmd/policycheck changes add -w` appends it to rules/CHANGES.json and updates rules/CHANGES.snapshot.json.\n" +
		"  Then write each change's why (zh and en), quote and clause (the words of the text), and run lint again.")
	return b.String()
}

// EntriesJSON is the entries as the catalogue carries them under "changes"
// (catalogue.json, /api/catalogue): a JSON array, oldest first, without
// spaces or escapes of < > &.
func (l *Log) EntriesJSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	entries := l.Entries
	if entries == nil {
		entries = []Entry{}
	}
	if err := enc.Encode(entries); err != nil {
		panic(fmt.Sprintf("changelog: cannot encode the entries: %v", err))
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
