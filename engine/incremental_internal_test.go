package engine

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"runtime"
	"sort"
	"testing"
	"time"

	"policycheck/rules"
)

// An incremental estimate (Options.Unchanged with Record) is, once its
// unchanged results are put back, byte for byte the whole estimate of the
// same answers: over a random walk from every test case's answers, one or
// two answers changed, removed or added at each step, brief or not.
func TestIncrementalEstimatesMatchWholeOnes(t *testing.T) {
	c, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	if c.depsOfRules() == nil {
		t.Fatal("the catalogue's relevances form a cycle: no estimate is incremental")
	}
	ids, seen := answerValues(c)
	rng := rand.New(rand.NewPCG(12, 2026))
	// Every fourth case natively; fewer under js/wasm, where it runs ten times slower.
	stride := 4
	if runtime.GOOS == "js" {
		stride = 20
	}
	steps, reused := 0, 0
	for _, brief := range []bool{true, false} {
		for k, cs := range c.Cases {
			if k%stride != 0 {
				continue
			}
			d, _ := ParseDay(cs.Date)
			raw := map[string]any{}
			for k, v := range cs.Answers {
				raw[k] = v
			}
			var held, next Results
			var heldWhole []byte
			for step := 0; step < 10; step++ {
				if step > 0 {
					for range 1 + rng.IntN(2) {
						id := ids[rng.IntN(len(ids))]
						if rng.IntN(4) == 0 {
							delete(raw, id)
						} else {
							vs := seen[id]
							raw[id] = vs[rng.IntN(len(vs))]
						}
					}
				}
				a, err := c.ValidateAnswers(cloneMap(raw))
				if err != nil {
					continue // a combination the questionnaire refuses
				}
				whole, n := checkIncremental(t, c, a, d, brief, k%3 == 0, &held, &next, heldWhole)
				reused += n
				steps++
				heldWhole = whole
			}
		}
	}
	if steps < 100 || reused == 0 {
		t.Fatalf("%d steps, %d rules reused: the walk tests too little", steps, reused)
	}
	t.Logf("%d steps, %d of %d rule results reused", steps, reused, steps*len(c.Rules))
}

// checkIncremental estimates a whole and incrementally (from held, recorded
// into next, then swapped), and fails unless the incremental report, its
// unchanged parts put back from heldWhole (the whole report of the step
// before, nil at the first), is the whole one. It returns the whole report
// and how many rules were reused.
func checkIncremental(t *testing.T, c *Catalogue, a Answers, d time.Time, brief, compare bool, held, next *Results, heldWhole []byte) ([]byte, int) {
	t.Helper()
	opt := Options{Date: d, Brief: brief, Compare: compare}
	whole, err := c.EstimateJSON(nil, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Record = next
	if heldWhole != nil {
		opt.Unchanged = held
	}
	inc, err := c.EstimateJSON(nil, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	*held, *next = *next, *held
	got, _ := PutBackUnchanged(t, inc, heldWhole)
	if want := CanonicalReport(t, whole); !bytes.Equal(got, want) {
		i := firstDifference(got, want)
		t.Fatalf("brief %v, compare %v, answers %v: the incremental report, put back, differs from the whole estimate's at byte %d:\nincremental …%s…\n      whole …%s…", brief, compare, a, i, near(got, i), near(want, i))
	}
	return whole, held.memo.reused
}

// liveWhole and liveElements are the parts of a report that a live report
// (Options.Unchanged) writes as null when they are the same as in the report
// held: whole, or element by element.
var (
	liveWhole    = []string{"headline", "totals", "relevant_questions", "open_questions"}
	liveElements = []string{"documents", "by_document", "by_region", "comparison", "results"}
)

// LiveParts counts the parts of a live report (see liveWhole, liveElements).
type LiveParts struct {
	Nulls   int // written as null, put back from the report held
	Written int // written out
	Same    int // written out though the same as in the report held (a live report leaves none)
}

// PutBackUnchanged returns, as canonical JSON, the live report with every
// null part (see liveWhole, liveElements) taken from held, the whole report
// it was written against (nil: none), and counts its parts; a null with
// nothing in held to take fails the test. The page's mergeLive
// (site/model.js) does the same.
func PutBackUnchanged(t testing.TB, live, held []byte) (whole []byte, n LiveParts) {
	t.Helper()
	var l, h map[string]json.RawMessage
	if err := json.Unmarshal(live, &l); err != nil {
		t.Fatal(err)
	}
	if held != nil {
		if err := json.Unmarshal(held, &h); err != nil {
			t.Fatal(err)
		}
	}
	isNull := func(b json.RawMessage) bool { return string(b) == "null" }
	for _, k := range liveWhole {
		switch {
		case isNull(l[k]) && h[k] == nil:
			t.Fatalf("%s is null with no report held to take it from", k)
		case isNull(l[k]):
			l[k] = h[k]
			n.Nulls++
			continue
		case h[k] != nil && bytes.Equal(l[k], h[k]):
			n.Same++
		}
		n.Written++
	}
	for _, k := range liveElements {
		if l[k] == nil || isNull(l[k]) {
			continue
		}
		var le, he []json.RawMessage
		if err := json.Unmarshal(l[k], &le); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if h[k] != nil && !isNull(h[k]) {
			if err := json.Unmarshal(h[k], &he); err != nil {
				t.Fatal(err)
			}
		}
		for i := range le {
			switch {
			case isNull(le[i]) && len(he) != len(le):
				t.Fatalf("%s[%d] is null with no report of %d held to take it from", k, i, len(le))
			case isNull(le[i]):
				le[i] = he[i]
				n.Nulls++
				continue
			case len(he) == len(le) && bytes.Equal(le[i], he[i]):
				n.Same++
			}
			n.Written++
		}
		b, err := json.Marshal(le)
		if err != nil {
			t.Fatal(err)
		}
		l[k] = b
	}
	out, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	return out, n
}

// CanonicalReport returns a report as canonical JSON (keys sorted), as
// PutBackUnchanged writes it.
func CanonicalReport(t testing.TB, report []byte) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(report, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		var x any
		if err := json.Unmarshal(v, &x); err != nil {
			t.Fatal(err)
		}
		if _, ok := x.([]any); ok { // as PutBackUnchanged writes arrays again
			var es []json.RawMessage
			if err := json.Unmarshal(v, &es); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(es)
			if err != nil {
				t.Fatal(err)
			}
			m[k] = b
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func near(b []byte, i int) []byte { return b[max(0, i-80):min(len(b), i+80)] }

// answerValues returns the questions' ids and, for each, values to try: those
// the test cases give it, its options, and a few of its type.
func answerValues(c *Catalogue) ([]string, map[string][]any) {
	seen := map[string][]any{}
	for _, cs := range c.Cases {
		for k, v := range cs.Answers {
			seen[k] = append(seen[k], v)
		}
	}
	for _, q := range c.Questions {
		switch q.Type {
		case "bool":
			seen[q.ID] = append(seen[q.ID], true, false)
		case "count", "money":
			seen[q.ID] = append(seen[q.ID], 0.0, 1.0, 3.0, 12.0, 2e6)
		case "year":
			seen[q.ID] = append(seen[q.ID], 2010.0, 2016.0, 2019.0)
		}
		for _, o := range q.Options {
			seen[q.ID] = append(seen[q.ID], o.Value)
		}
	}
	ids := make([]string, 0, len(seen))
	for k := range seen {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return ids, seen
}

// FuzzIncrementalEstimate walks from a test case's answers through the
// changes the fuzzer picks (each pair of bytes: a question, then a value
// for it, or its removal), checking each step as
// TestIncrementalEstimatesMatchWholeOnes does.
func FuzzIncrementalEstimate(f *testing.F) {
	c, err := Load(rules.FS)
	if err != nil {
		f.Fatal(err)
	}
	ids, seen := answerValues(c)
	f.Add(uint16(0), []byte{1, 2, 3, 4, 5, 6}, true)
	f.Add(uint16(7), []byte{0, 0, 40, 1, 40, 9, 12, 255}, false)
	f.Add(uint16(100), []byte{33, 3, 33, 4, 2, 0}, true)
	f.Fuzz(func(t *testing.T, caseIndex uint16, changes []byte, brief bool) {
		if len(c.Cases) == 0 || len(changes) > 64 {
			return
		}
		cs := c.Cases[int(caseIndex)%len(c.Cases)]
		d, _ := ParseDay(cs.Date)
		raw := cloneMap(cs.Answers)
		var held, next Results
		var heldWhole []byte
		for k := 0; k <= len(changes); k += 2 {
			if k > 0 {
				id := ids[int(changes[k-2])%len(ids)]
				if k-1 >= len(changes) || changes[k-1] == 255 {
					delete(raw, id)
				} else {
					vs := seen[id]
					raw[id] = vs[int(changes[k-1])%len(vs)]
				}
			}
			a, err := c.ValidateAnswers(cloneMap(raw))
			if err != nil {
				continue
			}
			heldWhole, _ = checkIncremental(t, c, a, d, brief, caseIndex%2 == 0, &held, &next, heldWhole)
		}
	})
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
