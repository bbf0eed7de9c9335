package engine

import (
	"fmt"
	"math"
	"sort"
)

// CaseResult is the outcome of one test case.
type CaseResult struct {
	Case     *Case
	Failures []string
}

// Passed reports whether every expectation of the case held.
func (r CaseResult) Passed() bool { return len(r.Failures) == 0 }

// RunCase evaluates one test case and compares the report with its expectations.
func (c *Catalogue) RunCase(cs *Case) CaseResult {
	out := CaseResult{Case: cs}
	rep, err := c.Estimate(cs.answers, Options{Date: cs.date})
	if err != nil {
		out.Failures = append(out.Failures, err.Error())
		return out
	}
	byID := make(map[string]*RuleResult, len(rep.Results))
	for i := range rep.Results {
		byID[rep.Results[i].Rule] = &rep.Results[i]
	}
	ids := make([]string, 0, len(cs.Expect))
	for id := range cs.Expect {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		want := cs.Expect[id]
		got := byID[id]
		if got == nil {
			out.Failures = append(out.Failures, fmt.Sprintf("%s: no such rule", id))
			continue
		}
		if got.Status != want.Status {
			out.Failures = append(out.Failures, fmt.Sprintf("%s: status %s, want %s (%s)", id, got.Status, want.Status, describeConditions(got)))
		}
		checkBound := func(name string, want, got *float64) {
			if want == nil {
				return
			}
			if got == nil {
				out.Failures = append(out.Failures, fmt.Sprintf("%s: %s amount undetermined, want %v", id, name, *want))
				return
			}
			if math.Abs(*got-*want) > 0.005 {
				out.Failures = append(out.Failures, fmt.Sprintf("%s: %s amount %v, want %v", id, name, *got, *want))
			}
		}
		checkBound("min", want.Min, got.Amount.Min)
		checkBound("max", want.Max, got.Amount.Max)
		for _, e := range got.Errors {
			out.Failures = append(out.Failures, fmt.Sprintf("%s: expression error: %s", id, e))
		}
	}
	return out
}

func describeConditions(r *RuleResult) string {
	s := ""
	for i, c := range r.Conditions {
		if i > 0 {
			s += ", "
		}
		s += c.ID + "=" + c.State
	}
	return s
}

// RunCases runs every test case of the catalogue.
func (c *Catalogue) RunCases() []CaseResult {
	out := make([]CaseResult, len(c.Cases))
	for i, cs := range c.Cases {
		out[i] = c.RunCase(cs)
	}
	return out
}
