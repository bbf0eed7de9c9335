package changelog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// Snapshot is what a catalogue version held, in short digests: for each
// rule one digest per aspect (condition, amount, certainty, validity,
// applicant, text), for each question one, for each document one per
// aspect (validity, text). Comparing two snapshots says which rules,
// questions and documents were added, removed or changed, and in what,
// without keeping the old catalogue.
type Snapshot struct {
	Version   string                       `json:"version"`
	Rules     map[string]map[string]string `json:"rules"`
	Questions map[string]string            `json:"questions"`
	Documents map[string]map[string]string `json:"documents"`
}

// short is the first 8 hex digits of the SHA-256 of v's JSON. It uses
// encoding/json, which writes map keys in order (jsoncodec does not,
// natively), so that the same value always gives the same digest.
func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("changelog: cannot encode %T: %v", v, err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}

// TakeSnapshot digests the catalogue c.
func TakeSnapshot(c *engine.Catalogue) *Snapshot {
	s := &Snapshot{Version: c.Version, Rules: map[string]map[string]string{}, Questions: map[string]string{}, Documents: map[string]map[string]string{}}
	for _, r := range c.Rules {
		s.Rules[r.ID] = map[string]string{
			"condition": short([]any{r.Scope, r.Conditions}),
			"amount":    short([]any{r.Amount, r.Period}),
			"certainty": short([]any{r.Certainty, r.CertaintyQuote}),
			"validity":  short(r.Dated),
			"applicant": short(r.Applicant),
			"text": short([]any{r.Document, r.Clause, r.Quote, r.Title, r.Summary, r.Category, r.Obligations, r.Stacking,
				r.Administrator, r.NextSteps, r.Note}),
		}
	}
	for _, q := range c.Questions {
		s.Questions[q.ID] = short(q)
	}
	for _, d := range c.Documents {
		s.Documents[d.ID] = map[string]string{
			"validity": short(d.Currency),
			"text":     short([]any{d.Source, d.Region, d.Title, d.Scope, d.Obligations, d.Stacking}),
		}
	}
	return s
}

// ReadSnapshot reads the snapshot from the catalogue folder; a missing
// file gives nil and no error.
func ReadSnapshot(fsys fs.FS) (*Snapshot, error) {
	data, err := fs.ReadFile(fsys, SnapshotFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", SnapshotFile, err)
	}
	var s Snapshot
	if err := jsoncodec.Decode(data, &s, true); err != nil {
		return nil, fmt.Errorf("%s: %w", SnapshotFile, err)
	}
	return &s, nil
}

// JSON writes the snapshot with one line per rule, question and document,
// in order of id, so that a new snapshot's diff in git shows what changed.
func (s *Snapshot) JSON() []byte {
	var b strings.Builder
	enc := func(v any) string {
		out, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(out)
	}
	section := func(name string, ids []string, val func(string) any, last bool) {
		fmt.Fprintf(&b, "  %q: {", name)
		for i, id := range ids {
			sep := ","
			if i == len(ids)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "\n    %s: %s%s", enc(id), enc(val(id)), sep)
		}
		b.WriteString("\n  }")
		if !last {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "{\n  \"version\": %s,\n", enc(s.Version))
	section("rules", sortedKeys(s.Rules), func(id string) any { return s.Rules[id] }, false)
	section("questions", sortedKeys(s.Questions), func(id string) any { return s.Questions[id] }, false)
	section("documents", sortedKeys(s.Documents), func(id string) any { return s.Documents[id] }, true)
	b.WriteString("}\n")
	return []byte(b.String())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Diff is what differs between two snapshots: ids added and removed, and
// for each changed id the aspects that changed.
type Diff struct {
	RulesAdded, RulesRemoved         []string
	RulesChanged                     map[string][]string
	QuestionsAdded, QuestionsRemoved []string
	QuestionsChanged                 []string
	DocumentsChanged                 map[string][]string
}

// Diff compares s (older) with now.
func (s *Snapshot) Diff(now *Snapshot) *Diff {
	d := &Diff{RulesChanged: map[string][]string{}, DocumentsChanged: map[string][]string{}}
	for _, id := range sortedKeys(now.Rules) {
		old, ok := s.Rules[id]
		if !ok {
			d.RulesAdded = append(d.RulesAdded, id)
			continue
		}
		if what := changedAspects(old, now.Rules[id]); len(what) > 0 {
			d.RulesChanged[id] = what
		}
	}
	for _, id := range sortedKeys(s.Rules) {
		if _, ok := now.Rules[id]; !ok {
			d.RulesRemoved = append(d.RulesRemoved, id)
		}
	}
	for _, id := range sortedKeys(now.Questions) {
		old, ok := s.Questions[id]
		switch {
		case !ok:
			d.QuestionsAdded = append(d.QuestionsAdded, id)
		case old != now.Questions[id]:
			d.QuestionsChanged = append(d.QuestionsChanged, id)
		}
	}
	for _, id := range sortedKeys(s.Questions) {
		if _, ok := now.Questions[id]; !ok {
			d.QuestionsRemoved = append(d.QuestionsRemoved, id)
		}
	}
	for _, id := range sortedKeys(now.Documents) {
		if what := changedAspects(s.Documents[id], now.Documents[id]); len(what) > 0 {
			d.DocumentsChanged[id] = what
		}
	}
	return d
}

func changedAspects(old, now map[string]string) []string {
	var what []string
	for _, a := range Aspects {
		if _, ok := now[a]; ok && old[a] != now[a] {
			what = append(what, a)
		}
	}
	return what
}

// Empty says whether nothing differs.
func (d *Diff) Empty() bool {
	return len(d.RulesAdded)+len(d.RulesRemoved)+len(d.RulesChanged)+len(d.QuestionsAdded)+
		len(d.QuestionsRemoved)+len(d.QuestionsChanged)+len(d.DocumentsChanged) == 0
}

// Lines describes the difference, one line per kind of change.
func (d *Diff) Lines() []string {
	var out []string
	list := func(label string, ids []string) {
		if len(ids) > 0 {
			out = append(out, fmt.Sprintf("%s (%d): %s", label, len(ids), strings.Join(ids, ", ")))
		}
	}
	withAspects := func(m map[string][]string) []string {
		var ids []string
		for _, id := range sortedKeys(m) {
			ids = append(ids, id+" ("+strings.Join(m[id], ", ")+")")
		}
		return ids
	}
	list("rules added", d.RulesAdded)
	list("rules removed", d.RulesRemoved)
	list("rules changed", withAspects(d.RulesChanged))
	list("questions added", d.QuestionsAdded)
	list("questions removed", d.QuestionsRemoved)
	list("questions changed", d.QuestionsChanged)
	list("documents changed", withAspects(d.DocumentsChanged))
	return out
}

// Template is the entry to fill in for the catalogue c: its version, the
// date given, and one change per kind of difference found (each rule
// changed in the same aspects grouped), every reason, quote and clause left
// as Placeholder. Without a snapshot it has one change to fill in by hand.
func (d *Diff) Template(version, date string) Entry {
	todo := engine.Text{Zh: Placeholder, En: Placeholder}
	e := Entry{Date: date, Version: version, Title: todo, Changes: []Change{}}
	if d == nil {
		e.Changes = append(e.Changes, Change{Kind: Changed, What: []string{Placeholder}, Why: todo, Clause: Placeholder, Quote: Placeholder})
		return e
	}
	rule := func(kind string, ids []string, what []string) {
		if len(ids) > 0 {
			e.Changes = append(e.Changes, Change{Kind: kind, Rules: ids, What: what, Why: todo, Clause: Placeholder, Quote: Placeholder})
		}
	}
	rule(Added, d.RulesAdded, []string{"condition", "amount"})
	rule(Removed, d.RulesRemoved, []string{"condition"})
	groups := map[string][]string{}
	for _, id := range sortedKeys(d.RulesChanged) {
		key := strings.Join(d.RulesChanged[id], ",")
		groups[key] = append(groups[key], id)
	}
	for _, key := range sortedKeys(groups) {
		rule(Changed, groups[key], strings.Split(key, ","))
	}
	question := func(kind string, ids []string) {
		if len(ids) > 0 {
			e.Changes = append(e.Changes, Change{Kind: kind, Questions: ids, What: []string{"question"}, Why: todo})
		}
	}
	question(Added, d.QuestionsAdded)
	question(Removed, d.QuestionsRemoved)
	question(Changed, d.QuestionsChanged)
	for _, id := range sortedKeys(d.DocumentsChanged) {
		e.Changes = append(e.Changes, Change{Kind: Changed, Documents: []string{id}, What: slices.Clone(d.DocumentsChanged[id]), Why: todo, Document: id, Clause: Placeholder, Quote: Placeholder})
	}
	return e
}
