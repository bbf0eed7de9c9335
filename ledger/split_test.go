package ledger_test

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"policycheck/ledger"
	"policycheck/rules"
)

func TestSplit(t *testing.T) {
	type part struct {
		clause string
		level  int
		text   string
	}
	tests := []struct {
		name string
		text string
		want []part
	}{
		{"the words before the first clause come first, with no id",
			"通知\n\n  为了……,特制定本意见。\n一、总体要求\n(一)指导思想\n正文。\n",
			[]part{{"", -1, "通知\n为了……,特制定本意见。"}, {"一", 0, "一、总体要求"}, {"一(一)", 1, "(一)指导思想\n正文。"}}},
		{"a text that starts with its first clause has no preamble",
			"一、目标\n二、措施\n1.资助\n(1)每家5万元\n",
			[]part{{"一", 0, "一、目标"}, {"二", 0, "二、措施"}, {"二1", 2, "1.资助"}, {"二1(1)", 3, "(1)每家5万元"}}},
		{"unnumbered lines and dashes stay with the clause before them",
			"一、原则\n——坚持市场导向。\n坚持需求导向。\n",
			[]part{{"一", 0, "一、原则\n——坚持市场导向。\n坚持需求导向。"}}},
		{"a number repeated opens no clause and stays with the clause before it",
			"一、目标\n1.甲\n1.甲的续行\n",
			[]part{{"一", 0, "一、目标"}, {"一1", 2, "1.甲\n1.甲的续行"}}},
		{"full-width digits open clauses and keep their characters",
			"一、措施\n　　１．资助企业\n",
			[]part{{"一", 0, "一、措施"}, {"一1", 2, "１．资助企业"}}},
		{"ideographic and no-break spaces and the byte-order mark are trimmed, blank lines dropped",
			"\ufeff标题\n\u00a0\n\u3000\u3000一、背景\u3000\n\n",
			[]part{{"", -1, "标题"}, {"一", 0, "一、背景"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []part
			for _, p := range ledger.Split(tt.text) {
				got = append(got, part{p.Clause, p.Level, p.Text})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestSplitKeepsEveryLineOfTheSources splits the five source texts: the
// clauses are those Clauses finds, in order, each part starts with its own
// numbered line, and every non-blank line of the text is in exactly one part.
func TestSplitKeepsEveryLineOfTheSources(t *testing.T) {
	names, err := fs.Glob(rules.FS, "sources/*.txt")
	if err != nil || len(names) != 5 {
		t.Fatalf("sources: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			b, err := fs.ReadFile(rules.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			parts := ledger.Split(text)
			var ids []string
			var lines []string
			for i, p := range parts {
				if p.Clause == "" {
					if i != 0 || p.Level != -1 {
						t.Errorf("part %d has no clause id but is not the preamble", i)
					}
				} else {
					ids = append(ids, p.Clause)
				}
				lines = append(lines, strings.Split(p.Text, "\n")...)
			}
			if want := ledger.Clauses(text); !reflect.DeepEqual(ids, want) {
				t.Errorf("clauses of the parts differ from Clauses:\n got %q\nwant %q", ids, want)
			}
			var want []string
			for _, l := range strings.Split(text, "\n") {
				if s := strings.TrimFunc(l, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }); s != "" {
					want = append(want, s)
				}
			}
			if !reflect.DeepEqual(lines, want) {
				t.Errorf("the parts hold %d lines, the text %d non-blank lines (or not in the same order)", len(lines), len(want))
			}
		})
	}
}
