package ledger_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"policycheck/ledger"
	"policycheck/rules"
)

// readSkeleton parses a skeleton strictly, as a ledger file.
func readSkeleton(t *testing.T, b []byte) ledger.File {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f ledger.File
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("the skeleton is not a ledger file: %v\n%s", err, b)
	}
	return f
}

func ids(f ledger.File) []string {
	var s []string
	for _, e := range f.Clauses {
		s = append(s, e.Clause)
	}
	return s
}

// compareClauses says how the clauses a skeleton found differ from those a
// ledger lists: clauses missing on either side, else the first place where
// the order differs; "" when they are the same list.
func compareClauses(found, listed []string) string {
	set := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	inFound, inListed := set(found), set(listed)
	var msgs []string
	for _, c := range found {
		if !inListed[c] {
			msgs = append(msgs, fmt.Sprintf("the text numbers %q, the ledger does not list it", c))
		}
	}
	for _, c := range listed {
		if !inFound[c] {
			msgs = append(msgs, fmt.Sprintf("the ledger lists %q, the text does not number it", c))
		}
	}
	if len(msgs) == 0 && !reflect.DeepEqual(found, listed) {
		for i := range found {
			if i >= len(listed) || found[i] != listed[i] {
				msgs = append(msgs, fmt.Sprintf("order differs at clause %d: the text has %q there", i+1, found[i]))
				break
			}
		}
		if len(msgs) == 0 {
			msgs = append(msgs, fmt.Sprintf("the ledger lists %d clauses, the text numbers %d", len(listed), len(found)))
		}
	}
	return strings.Join(msgs, "; ")
}

func TestCompareClauses(t *testing.T) {
	text := []string{"一", "一(一)", "二", "二1"}
	for _, tc := range []struct {
		name   string
		listed []string
		want   string // a substring of the difference; "" for none
	}{
		{"the same clauses in the same order", []string{"一", "一(一)", "二", "二1"}, ""},
		{"a dropped clause", []string{"一", "二", "二1"}, `the text numbers "一(一)", the ledger does not list it`},
		{"a clause the text does not have", []string{"一", "一(一)", "一(二)", "二", "二1"}, `the ledger lists "一(二)"`},
		{"two clauses swapped", []string{"一", "二", "一(一)", "二1"}, `order differs at clause 2: the text has "一(一)"`},
		{"a clause listed twice", []string{"一", "一(一)", "二", "二1", "二1"}, "the ledger lists 5 clauses, the text numbers 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := compareClauses(text, tc.listed)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("compareClauses = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSkeletonsMatchLedgers regenerates the skeleton of each document's
// source text and checks it lists exactly the clauses of the hand-made
// ledger, in the same order. Run with -v for "clauses found / listed".
func TestSkeletonsMatchLedgers(t *testing.T) {
	b, err := fs.ReadFile(rules.FS, "documents.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs struct {
		Documents []struct{ ID, Source string }
	}
	if err := json.Unmarshal(b, &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs.Documents) == 0 {
		t.Fatal("documents.json lists no documents")
	}
	for _, d := range docs.Documents {
		t.Run(d.ID, func(t *testing.T) {
			text, err := fs.ReadFile(rules.FS, d.Source)
			if err != nil {
				t.Fatal(err)
			}
			out, err := ledger.Skeleton(d.Source, d.ID, text)
			if err != nil {
				t.Fatal(err)
			}
			sk := readSkeleton(t, out)
			hand, err := ledger.Read(rules.FS, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			found, listed := ids(sk), ids(*hand)
			t.Logf("%s (%s): clauses found %d / listed %d", d.ID, d.Source, len(found), len(listed))
			if sk.Document != d.ID {
				t.Errorf("document = %q, want %q", sk.Document, d.ID)
			}
			if diff := compareClauses(found, listed); diff != "" {
				t.Errorf("skeleton of %s and rules/ledger/%s.json differ: %s", d.Source, d.ID, diff)
			}
		})
	}
}

func TestSkeleton(t *testing.T) {
	text := "\ufeff一、总体要求\r\n(一)市场化原则:发挥市场作用\r\n1.构建政策体系。根据企业周期\r\n" +
		"2、" + strings.Repeat("长", 50) + "\r\n(1)\r\n"
	f := readSkeleton(t, skeleton(t, text))
	want := []ledger.Entry{
		{Clause: "一", Text: "总体要求"},
		{Clause: "一(一)", Text: "市场化原则"},
		{Clause: "一(一)1", Text: "构建政策体系"},
		{Clause: "一(一)2", Text: strings.Repeat("长", 40) + "…"},
		{Clause: "一(一)2(1)", Text: ""},
	}
	for i := range f.Clauses {
		if f.Clauses[i].Rules == nil {
			t.Errorf("clauses[%d] has no rules list to fill", i)
		}
		f.Clauses[i].Rules = nil
	}
	if !reflect.DeepEqual(f.Clauses, want) {
		t.Errorf("clauses = %+v, want %+v", f.Clauses, want)
	}
	wantScheme := ledger.Text{
		Zh: "一、为部分,(一)为节,1.或1、为条,(1)为目,写作“一(一)2(1)”;每一级都单列。",
		En: "Parts 一、, sections (一), items 1. or 1、, sub-items (1), written 一(一)2(1); every level is listed.",
	}
	if f.Document != "d" || f.Scheme != wantScheme {
		t.Errorf("document %q, scheme %+v, want %q, %+v", f.Document, f.Scheme, "d", wantScheme)
	}
}

// skeleton is the skeleton of document d from text, or the test fails.
func skeleton(t *testing.T, text string) []byte {
	t.Helper()
	b, err := ledger.Skeleton("sources/d.txt", "d", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSkeletonErrors(t *testing.T) {
	for _, tc := range []struct {
		name, document, text, want string
	}{
		{"no document id", "", "一、甲\n", `document id "" must be lower_snake_case`},
		{"a document id not in lower_snake_case", "Nan-ming", "一、甲\n", `document id "Nan-ming" must be lower_snake_case`},
		{"no numbered clauses", "d", "为深入推进\n——坚持\n5.3 |\n", "d.txt: no numbered clauses found"},
		{"an empty text", "d", "", "d.txt: no numbered clauses found"},
		{"not UTF-8", "d", "一、甲\n二、\xbc\xd7\n", "d.txt:2: not UTF-8 text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ledger.Skeleton("d.txt", tc.document, []byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) || b != nil {
				t.Errorf("Skeleton = %q, %v; want an error containing %q", b, err, tc.want)
			}
		})
	}
}

// TestSkeletonDoesNotPassCheck checks that lint reports every clause of an
// unfilled skeleton, and nothing else.
func TestSkeletonDoesNotPassCheck(t *testing.T) {
	fsys := fstest.MapFS{
		"sources/d.txt": {Data: []byte(source)},
		"ledger/d.json": {Data: skeleton(t, source)},
	}
	_, probs := ledger.Check(fsys, []ledger.Document{{ID: "d", Source: "sources/d.txt"}})
	if len(probs) != len(ledger.Clauses(source)) {
		t.Fatalf("got %d problems %v, want one per clause (%d)", len(probs), probs, len(ledger.Clauses(source)))
	}
	for _, p := range probs {
		if !strings.Contains(p.String(), "not yet filled") {
			t.Errorf("problem %q, want it to say the clause is not yet filled", p)
		}
	}
}
