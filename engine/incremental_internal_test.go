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
			var heldResults []json.RawMessage
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
				wr, n := checkIncremental(t, c, a, d, brief, &held, &next, heldResults)
				reused += n
				steps++
				heldResults = wr
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
// unchanged results put back from heldResults, is the whole one. It returns
// the whole report's results and how many rules were reused.
func checkIncremental(t *testing.T, c *Catalogue, a Answers, d time.Time, brief bool, held, next *Results, heldResults []json.RawMessage) ([]json.RawMessage, int) {
	t.Helper()
	opt := Options{Date: d, Brief: brief}
	whole, err := c.EstimateJSON(nil, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Record = next
	if heldResults != nil {
		opt.Unchanged = held
	}
	inc, err := c.EstimateJSON(nil, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	*held, *next = *next, *held
	wr, wrest := splitResults(t, whole)
	ir, irest := splitResults(t, inc)
	if !bytes.Equal(wrest, irest) {
		t.Fatalf("brief %v, answers %v: the report outside its results differs from the whole estimate's", brief, a)
	}
	for i := range wr {
		got := ir[i]
		if string(got) == "null" && heldResults != nil {
			got = heldResults[i]
		}
		if !bytes.Equal(got, wr[i]) {
			t.Fatalf("brief %v, answers %v: rule %s:\nincremental %s\n      whole %s", brief, a, c.Rules[i].ID, got, wr[i])
		}
	}
	return wr, held.memo.reused
}

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
		var heldResults []json.RawMessage
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
			heldResults, _ = checkIncremental(t, c, a, d, brief, &held, &next, heldResults)
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

// splitResults returns a report's results and the report without them
// (its other fields, as canonical JSON).
func splitResults(t *testing.T, report []byte) ([]json.RawMessage, []byte) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(report, &m); err != nil {
		t.Fatal(err)
	}
	var rs []json.RawMessage
	if err := json.Unmarshal(m["results"], &rs); err != nil {
		t.Fatal(err)
	}
	delete(m, "results")
	rest, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return rs, rest
}
