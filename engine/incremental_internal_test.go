package engine

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"runtime"
	"sort"
	"testing"

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
	// Values seen for each question across the cases, and a few more.
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
				opt := Options{Date: d, Brief: brief}
				whole, err := c.EstimateJSON(nil, a, opt)
				if err != nil {
					t.Fatal(err)
				}
				opt.Record = &next
				if heldResults != nil {
					opt.Unchanged = &held
				}
				inc, err := c.EstimateJSON(nil, a, opt)
				if err != nil {
					t.Fatal(err)
				}
				held, next = next, held
				reused += held.memo.reused
				steps++
				wr, wrest := splitResults(t, whole)
				ir, irest := splitResults(t, inc)
				if !bytes.Equal(wrest, irest) {
					t.Fatalf("%s (brief %v), step %d: the report outside its results differs from the whole estimate's", cs.Name, brief, step)
				}
				for i := range wr {
					got := ir[i]
					if string(got) == "null" && heldResults != nil {
						got = heldResults[i]
					}
					if !bytes.Equal(got, wr[i]) {
						t.Fatalf("%s (brief %v), step %d, answers %v: rule %s:\nincremental %s\n      whole %s", cs.Name, brief, step, raw, c.Rules[i].ID, got, wr[i])
					}
				}
				heldResults = wr
			}
		}
	}
	if steps < 100 || reused == 0 {
		t.Fatalf("%d steps, %d rules reused: the walk tests too little", steps, reused)
	}
	t.Logf("%d steps, %d of %d rule results reused", steps, reused, steps*len(c.Rules))
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
