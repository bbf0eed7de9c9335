package changelog_test

import (
	"strings"
	"sync"
	"testing"

	"policycheck/changelog"
	"policycheck/engine"
	"policycheck/rules"
)

var load = sync.OnceValues(func() (*engine.Catalogue, error) { return engine.Load(rules.FS) })

func catalogue(t *testing.T) *engine.Catalogue {
	t.Helper()
	c, err := load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// committed reads rules/CHANGES.json afresh (each case changes its copy).
func committed(t *testing.T) *changelog.Log {
	t.Helper()
	l, err := changelog.Read(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func last(l *changelog.Log) *changelog.Entry { return &l.Entries[len(l.Entries)-1] }

// aChange is a well-formed change to a rule, with the text's words.
func aChange() changelog.Change {
	return changelog.Change{Kind: changelog.Changed, Rules: []string{"nanming.hightech-certification-grant"}, What: []string{"amount"},
		Why: engine.Text{Zh: "理由。", En: "Why."}, Clause: "三(六)", Quote: "高新技术企业认定资助50000元/家"}
}

func TestCheck(t *testing.T) {
	c := catalogue(t)
	for _, tc := range []struct {
		name   string
		change func(l *changelog.Log)
		want   string // a substring of one problem; "" for none
	}{
		{"the committed changelog names the catalogue's version and passes", func(*changelog.Log) {}, ""},
		{"a well-formed change to a rule passes", func(l *changelog.Log) { last(l).Changes = append(last(l).Changes, aChange()) }, ""},
		{"a catalogue version no entry names fails and says how to add one", func(l *changelog.Log) { last(l).Version = "2026-11-22+0000000000" },
			"which no entry names: the catalogue changed since the last entry"},
		{"the message names the command that writes the entry", func(l *changelog.Log) { l.Entries = l.Entries[:len(l.Entries)-1] },
			"go run ./cmd/policycheck changes add"},
		{"an entry dated before the one above it fails", func(l *changelog.Log) { last(l).Date = "2020-01-01" }, "entries are oldest first"},
		{"a date that is not a day fails", func(l *changelog.Log) { last(l).Date = "7 Dec 2026" }, "date must be YYYY-MM-DD"},
		{"a version named twice fails", func(l *changelog.Log) { l.Entries[0].Version = last(l).Version }, "already named by entries"},
		{"a version that is not a catalogue version fails", func(l *changelog.Log) { l.Entries[0].Version = "v1" }, "must be a catalogue version"},
		{"a title without English fails", func(l *changelog.Log) { last(l).Title.En = "" }, "title: needs both zh and en"},
		{"a Chinese reason with ASCII punctuation fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Why.Zh = "金额改变(测试)"
			last(l).Changes = append(last(l).Changes, ch)
		}, "zh: use full-width punctuation"},
		{"a reason still saying TODO fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Why.En = changelog.Placeholder
			last(l).Changes = append(last(l).Changes, ch)
		}, "why: still says TODO"},
		{"an unknown kind fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Kind = "edited"
			last(l).Changes = append(last(l).Changes, ch)
		}, "kind must be added, removed or changed"},
		{"an unknown aspect fails", func(l *changelog.Log) {
			ch := aChange()
			ch.What = []string{"colour"}
			last(l).Changes = append(last(l).Changes, ch)
		}, `"colour" is not one of`},
		{"a rule neither in the catalogue nor removed fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Rules = []string{"nanming.no-such-rule"}
			last(l).Changes = append(last(l).Changes, ch)
		}, `rule "nanming.no-such-rule" is not in the catalogue and no entry removes it`},
		{"a change to a rule's amount without the text's words fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Quote = ""
			last(l).Changes = append(last(l).Changes, ch)
		}, "needs the text's words: quote and clause"},
		{"a quote the source text does not hold fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Quote = "高新技术企业认定资助60000元/家"
			last(l).Changes = append(last(l).Changes, ch)
		}, "quote does not occur in nanming's source text"},
		{"a change naming nothing fails", func(l *changelog.Log) {
			ch := aChange()
			ch.Rules = nil
			last(l).Changes = append(last(l).Changes, ch)
		}, "names no rule, question or document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := committed(t)
			tc.change(l)
			probs := l.Check(c, nil)
			if tc.want == "" {
				if len(probs) > 0 {
					t.Fatalf("problems: %s", strings.Join(probs, "\n"))
				}
				return
			}
			for _, p := range probs {
				if strings.Contains(p, tc.want) {
					return
				}
			}
			t.Errorf("no problem says %q; got:\n%s", tc.want, strings.Join(probs, "\n"))
		})
	}
}

// TestSnapshotDiff checks that the snapshot of the catalogue tells which
// rule changed and in what.
func TestSnapshotDiff(t *testing.T) {
	c := catalogue(t)
	before := changelog.TakeSnapshot(c)
	for _, tc := range []struct {
		name string
		edit func(s *changelog.Snapshot)
		want string
	}{
		{"the same catalogue differs in nothing", func(*changelog.Snapshot) {}, ""},
		{"an amount digest that differs is an amount change", func(s *changelog.Snapshot) { s.Rules["nanming.hightech-certification-grant"]["amount"] = "x" },
			"rules changed (1): nanming.hightech-certification-grant (amount)"},
		{"a rule the old snapshot lacks was added", func(s *changelog.Snapshot) { delete(s.Rules, "nanming.hightech-certification-grant") },
			"rules added (1): nanming.hightech-certification-grant"},
		{"a rule only the old snapshot has was removed", func(s *changelog.Snapshot) { s.Rules["nanming.gone"] = map[string]string{} },
			"rules removed (1): nanming.gone"},
		{"a question only the old snapshot has was removed", func(s *changelog.Snapshot) { s.Questions["nanming_tax_paid"] = "x" },
			"questions removed (1): nanming_tax_paid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := changelog.TakeSnapshot(c)
			tc.edit(old)
			d := old.Diff(before)
			lines := strings.Join(d.Lines(), "\n")
			if tc.want == "" {
				if !d.Empty() {
					t.Fatalf("differs: %s", lines)
				}
				return
			}
			if !strings.Contains(lines, tc.want) {
				t.Errorf("diff %q does not say %q", lines, tc.want)
			}
		})
	}
}

// TestCommittedSnapshotIsTheLastEntrys checks that rules/CHANGES.snapshot.json
// is the snapshot of the last entry's catalogue, so that `changes add`
// compares with it.
func TestCommittedSnapshotIsTheLastEntrys(t *testing.T) {
	snap, err := changelog.ReadSnapshot(rules.FS)
	if err != nil || snap == nil {
		t.Fatalf("no snapshot: %v", err)
	}
	l := committed(t)
	if snap.Version != last(l).Version {
		t.Errorf("snapshot of %s, last entry %s: run `go run ./cmd/policycheck changes snapshot`", snap.Version, last(l).Version)
	}
}
