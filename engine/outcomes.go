package engine

// Outcome is one rule's status and amount without the explanation a report
// carries (conditions, deciding questions, citation): what a portfolio table
// needs. Min and Max are meaningful only when HasAmount is set.
type Outcome struct {
	Status    string
	Certainty string
	Min, Max  float64
	HasAmount bool
}

// Outcomes evaluates every rule like Estimate, but keeps only each rule's
// status and amount, in catalogue order, appended to into, and the totals.
// It is the fast path for checking many companies: it stops at a rule's
// first failing condition and writes no report.
func (c *Catalogue) Outcomes(a Answers, opt Options, into []Outcome) (Totals, []Outcome, error) {
	if c == nil || c.env == nil {
		return Totals{}, into, errNoCatalogue
	}
	ev := c.pool.get(a, assessmentDate(opt))
	defer c.pool.put(ev)
	var t Totals
	for _, r := range c.Rules {
		status, amt := ev.outcome(r)
		t.add(status, r.Certainty, r.Amount.Kind, r.Period.Kind, &amt)
		o := Outcome{Status: status, Certainty: r.Certainty}
		if amt.hasMin && amt.hasMax {
			o.Min, o.Max, o.HasAmount = amt.min, amt.max, true
		}
		into = append(into, o)
	}
	return t, into, nil
}
