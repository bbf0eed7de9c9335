package engine

import (
	"slices"
	"sync"
	"time"

	"policycheck/engine/exprlang"
)

// An incremental estimate: EstimateJSON given the Results of an earlier
// report (Options.Unchanged) evaluates again only the rules that can read
// an answer that changed since, and takes the others' results, totals,
// near misses and open questions from those Results.
//
// What a rule can read is known from the catalogue: the questions its
// conditions and amount read, and, since a condition waiting on a question
// asks whether that question is shown, the questions each such question's
// relevance reads, and so on (ruleDeps). A rule's outcome is a function of
// those answers and the assessment date alone, provided a question's
// relevance does not depend on the order it is first asked in: that is so
// unless relevances read one another in a cycle (a relevance that reads
// only itself sees "shown", whatever the order), and a catalogue with such
// a cycle is always evaluated whole.
// TestIncrementalEstimatesMatchWholeOnes holds the two ways together.

// deps is the set of question indexes a rule can read, as a bit set.
type deps []uint64

func (d deps) has(i int) bool { return d[i>>6]&(1<<(i&63)) != 0 }

func (d deps) add(i int) bool {
	if d.has(i) {
		return false
	}
	d[i>>6] |= 1 << (i & 63)
	return true
}

func (d deps) meets(e deps) bool {
	for i, w := range d {
		if w&e[i] != 0 {
			return true
		}
	}
	return false
}

// ruleDeps is every rule's deps, by rule index, computed on first use (an
// incremental estimate); nil when relevances form a cycle.
type ruleDeps struct {
	once  sync.Once
	rules []deps
}

func (c *Catalogue) depsOfRules() []deps {
	rd := &c.deps
	rd.once.Do(func() {
		n := len(c.Questions)
		words := (n + 63) >> 6
		// rel[q] lists the questions q's relevance reads.
		rel := make([][]int, n)
		for i, q := range c.Questions {
			rel[i] = condRefs(q.relevant, nil)
		}
		if relevanceCycle(rel) {
			return
		}
		out := make([]deps, len(c.Rules))
		for k, r := range c.Rules {
			d := make(deps, words)
			var work []int
			addQ := func(i int) {
				if i >= 0 && i < n && d.add(i) {
					work = append(work, i)
				}
			}
			r.reads(addQ)
			for len(work) > 0 {
				q := work[len(work)-1]
				work = work[:len(work)-1]
				for _, i := range rel[q] {
					addQ(i)
				}
			}
			out[k] = d
		}
		rd.rules = out
	})
	return rd.rules
}

// reads calls add with every question the rule's conditions and amount
// read themselves (not through relevances), repeats included.
func (r *Rule) reads(add func(int)) {
	for _, cond := range r.All {
		for _, i := range condRefs(cond.expr, nil) {
			add(i)
		}
	}
	a := &r.Amount
	if a.countQ != nil {
		add(a.countQ.index)
	}
	for _, ne := range []*exprlang.Num{a.minExpr, a.maxExpr} {
		if ne != nil {
			for _, i := range ne.Refs {
				add(i)
			}
		}
	}
}

// condRefs appends the questions c's leaves read to refs.
func condRefs(c *exprlang.Cond, refs []int) []int {
	if c == nil {
		return refs
	}
	if c.Op == exprlang.OpLeaf {
		return append(refs, c.Refs...)
	}
	return condRefs(c.C, condRefs(c.B, condRefs(c.A, refs)))
}

// relevanceCycle reports whether relevances read one another in a cycle of
// two questions or more (rel[q]: the questions q's relevance reads).
func relevanceCycle(rel [][]int) bool {
	const (
		unseen = iota
		open
		done
	)
	state := make([]byte, len(rel))
	var visit func(q int) bool
	visit = func(q int) bool {
		state[q] = open
		for _, i := range rel[q] {
			if i == q || i < 0 || i >= len(rel) {
				continue // a relevance reading itself sees "shown" in any order
			}
			switch state[i] {
			case open:
				return true
			case unseen:
				if visit(i) {
					return true
				}
			}
		}
		state[q] = done
		return false
	}
	for q := range rel {
		if state[q] == unseen && visit(q) {
			return true
		}
	}
	return false
}

// memo is what an incremental estimate keeps of a report besides its
// results' JSON (Results.body): the answers, and each rule's part in the
// totals, near misses and open questions.
type memo struct {
	cat   *Catalogue
	date  time.Time
	brief bool
	vals  []slot
	rules []ruleMemo
	open  []int32 // the open questions rules marked, rule after rule (ruleMemo.openTo)
	// reused counts the rules this estimate took from the one before.
	reused int
}

type ruleMemo struct {
	status  string
	amount  amountOut
	near    NearMiss
	hasNear bool
	openTo  int32
}

// reusable returns r's memo if an estimate of c on date, brief or not, may
// take results from it.
func (r *Results) reusable(c *Catalogue, date time.Time, brief bool) *memo {
	if r == nil || r.memo == nil {
		return nil
	}
	m := r.memo
	if m.cat != c || m.brief != brief || !m.date.Equal(date) || len(m.rules) != len(c.Rules) || len(r.ends) != len(c.Rules) {
		return nil
	}
	return m
}

// start readies r's memo to record an estimate of c.
func (r *Results) start(c *Catalogue, date time.Time, brief bool, vals []slot) *memo {
	if r.memo == nil {
		r.memo = &memo{}
	}
	m := r.memo
	m.cat, m.date, m.brief = c, date, brief
	m.vals = append(m.vals[:0], vals...)
	m.rules = m.rules[:0]
	m.open = m.open[:0]
	m.reused = 0
	return m
}

// changedSince returns the questions whose answers differ between was and
// now, as a bit set.
func changedSince(was, now []slot) deps {
	d := make(deps, (len(now)+63)>>6)
	for i := range now {
		if !sameValue(&was[i], &now[i]) {
			d.add(i)
		}
	}
	return d
}

func sameValue(a, b *slot) bool {
	return a.Set == b.Set && a.B == b.B && a.I == b.I && (a.F == b.F || a.F != a.F && b.F != b.F) &&
		a.S == b.S && slices.Equal(a.SS, b.SS) && a.T.Equal(b.T)
}
