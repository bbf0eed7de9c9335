package engine

import "sync"

// Which questions are asked on an assessment date. A question is asked
// when its relevance is not false and its answer can change a result on
// that date: some rule in force reads it, and nothing it cannot change
// already rules that rule out (the rule's location and applicant
// conditions that do not read it are not false, unless the districts are
// compared, when every location is tried); or it decides whether such a
// question is asked. A question read by relevances alone (a switch such as
// "are you comparing districts?") is asked while any rule in force can read
// it. Questions only rules out of force read are not asked, never open and
// never deciding; their answers are kept, for an estimate at another date.

// askPlan is what deciding which questions are asked needs from the
// catalogue, computed once.
type askPlan struct {
	once sync.Once
	ok   bool     // false when relevances form a cycle: every relevant question is asked
	rel  [][]int  // rel[q]: the questions q's relevance reads
	read [][]int  // read[r]: the questions rule r's conditions and amount read themselves, once each
	gate [][]gate // gate[r]: r's location and applicant conditions
	// switches are questions no rule reads itself, only relevances.
	switches []bool
}

// gate is a location or applicant condition of a rule, and what it reads.
type gate struct {
	cond  *Condition
	reads deps
}

func (c *Catalogue) askPlan() *askPlan {
	p := &c.ask
	p.once.Do(func() {
		all := c.depsOfRules()
		if all == nil {
			return
		}
		n := len(c.Questions)
		words := (n + 63) >> 6
		p.rel = make([][]int, n)
		for i, q := range c.Questions {
			p.rel[i] = condRefs(q.relevant, nil)
		}
		p.switches = make([]bool, n)
		for i := range p.switches {
			p.switches[i] = true
		}
		for _, r := range c.Rules {
			d := make(deps, words)
			var read []int
			r.reads(func(i int) {
				if d.add(i) {
					read = append(read, i)
					p.switches[i] = false
				}
			})
			var gs []gate
			for _, cond := range r.All {
				if cond.Kind == "location" || cond.ID == "applicant" {
					g := gate{cond: cond, reads: make(deps, words)}
					for _, i := range condRefs(cond.expr, nil) {
						g.reads.add(i)
					}
					gs = append(gs, g)
				}
			}
			p.read = append(p.read, read)
			p.gate = append(p.gate, gs)
		}
		p.ok = true
	})
	return p
}

// askedOn fills ev.asked and returns it: whether each question is asked on the evaluator's
// date, comparing districts or not (see above); inForce is what
// questionsInForce says for that date.
func (ev *evaluator) askedOn(inForce []bool, compare bool) []bool {
	c := ev.c
	p := c.askPlan()
	out := ev.asked[:0]
	for i := range c.Questions {
		out = append(out, ev.relevant(i) != triFalse)
	}
	ev.asked = out
	if !p.ok || inForce == nil {
		return out
	}
	n := len(c.Questions)
	need := ev.need[:0]
	for range n {
		need = append(need, false)
	}
	ev.need = need
	for k, r := range c.Rules {
		if !r.inForceOn(ev.Date) {
			continue
		}
		// The gates of r that are false: only a question each of them
		// reads can change r's result.
		blocking := ev.blocking[:0]
		if !compare {
			for _, g := range p.gate[k] {
				if ev.Eval(g.cond.expr) == triFalse {
					blocking = append(blocking, g.reads)
				}
			}
		}
		ev.blocking = blocking
		for _, i := range p.read[k] {
			if need[i] {
				continue
			}
			can := true
			for _, b := range blocking {
				if !b.has(i) {
					can = false
					break
				}
			}
			need[i] = can
		}
	}
	// A question that decides whether an asked question is asked is needed
	// too: follow-ups come after what gates them, so from the last
	// question back, each asked one marks the questions its relevance reads.
	for i := n - 1; i >= 0; i-- {
		if p.switches[i] && inForce[i] {
			need[i] = true
		}
		if !need[i] || !out[i] {
			continue
		}
		for _, j := range p.rel[i] {
			if j < i {
				need[j] = true
			} else if j > i && !need[j] {
				// A relevance that reads a later question (not the usual
				// order): mark it and go back to it.
				need[j] = true
				i = j + 1
				break
			}
		}
	}
	for i := range out {
		out[i] = out[i] && need[i]
	}
	return out
}
