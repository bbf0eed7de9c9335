package engine_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"policycheck/engine"
)

// applicantOrganisation is, independently of the engine, the organisation
// kind (an option of the organisation_kind question) that each applicant a
// rule may name stands for: founders and staff apply through their company.
var applicantOrganisation = map[string]string{
	"company":              "company",
	"founder":              "company",
	"staff":                "company",
	"team":                 "team",
	"incubator":            "incubator",
	"alliance":             "alliance",
	"training_institution": "training_institution",
	"research_platform":    "research_platform",
	"investor":             "investor",
}

// applicantDates are dates inside every document's period, so that no rule
// is out of reach merely because its document has ended.
var applicantDates = []string{"2015-10-01", "2016-06-01", "2018-06-01", "2019-06-01"}

// reachable reports whether a status means the measure reaches the applicant
// for those answers.
func reachable(status string) bool {
	return status == engine.StatusEligible || status == engine.StatusPossible
}

// TestEveryApplicantReachesItsMeasures is the property of issue 21: every
// applicant kind the questionnaire offers (team, company, operator,
// investor…) can reach, for some answers, every measure whose rule names
// that applicant (eligible or possible), and never one the rule's applicant
// excludes. A measure for teams that needs an answer the questionnaire never
// shows a team (tax domicile, industries), or a recruitment measure only a
// firm inside could match, fails here.
func TestEveryApplicantReachesItsMeasures(t *testing.T) {
	c := loadReal(t)
	kindQ := c.Question("organisation_kind")
	district := c.Question("registered_district")
	if kindQ == nil || district == nil {
		t.Fatal("the questionnaire has no organisation_kind or registered_district question")
	}
	var kinds []string
	for _, o := range kindQ.Options {
		kinds = append(kinds, o.Value)
	}

	// Every rule names a known applicant, and every kind offered has measures.
	named := map[string]int{}
	for _, r := range c.Rules {
		k, ok := applicantOrganisation[r.Applicant]
		if !ok {
			t.Errorf("%s names applicant %q, which this test does not know", r.ID, r.Applicant)
			continue
		}
		if !slices.Contains(kinds, k) {
			t.Errorf("%s is for %q (organisation kind %q), which the questionnaire does not offer", r.ID, r.Applicant, k)
		}
		named[k]++
	}
	for _, k := range kinds {
		if named[k] == 0 {
			t.Errorf("the questionnaire offers organisation kind %q, but no rule is for it", k)
		}
	}

	// reached[rule][kind]: some answers of that kind make the rule eligible
	// or possible; example[rule] keeps one outcome for the failure message.
	reached := map[string]map[string]string{}
	example := map[string]string{}
	record := func(kind string, raw map[string]any, d string, rep *engine.Report) {
		for _, res := range rep.Results {
			if reached[res.Rule] == nil {
				reached[res.Rule] = map[string]string{}
			}
			if reachable(res.Status) {
				if _, ok := reached[res.Rule][kind]; !ok {
					reached[res.Rule][kind] = fmt.Sprintf("%s on %s with %v", res.Status, d, raw)
				}
			} else if _, ok := example[res.Rule+"/"+kind]; !ok {
				var failed []string
				for _, cr := range res.Conditions {
					if cr.State == engine.StateNotMet {
						failed = append(failed, cr.ID)
					}
				}
				example[res.Rule+"/"+kind] = fmt.Sprintf("%s on %s with %v (not met: %s)", res.Status, d, raw, strings.Join(failed, ", "))
			}
		}
	}

	// First the fewest answers: the kind and a location, with and without
	// the comparison; everything else unanswered (unknown, so possible, when
	// the questionnaire shows it to that kind).
	for _, d := range applicantDates {
		for _, k := range kinds {
			for _, loc := range district.Options {
				for _, compare := range []any{nil, true} {
					raw := map[string]any{"organisation_kind": k, "registered_district": loc.Value}
					if compare != nil {
						raw["compare_districts"] = compare
					}
					w := &walker{c: c, date: date(d)}
					record(k, raw, d, w.estimate(t, raw))
				}
			}
		}
	}
	// Then, for rules still out of reach of the kind they name, answer the
	// whole questionnaire as that kind would, at random, in every location.
	missing := func() map[string][]string {
		out := map[string][]string{}
		for _, r := range c.Rules {
			k := applicantOrganisation[r.Applicant]
			if _, ok := reached[r.ID][k]; !ok && k != "" {
				out[k] = append(out[k], r.ID)
			}
		}
		return out
	}
	walks := 40
	if testing.Short() {
		walks = 8
	}
	for k := range missing() {
		for _, d := range applicantDates {
			for _, loc := range district.Options {
				for seed := range walks {
					w := &walker{c: c, rnd: rand.New(rand.NewPCG(uint64(seed), 21)), date: date(d)}
					raw, rep := w.walk(t, map[string]any{"organisation_kind": k, "registered_district": loc.Value})
					record(k, raw, d, rep)
				}
			}
		}
	}

	var bad []string
	for k, ids := range missing() {
		for _, id := range ids {
			bad = append(bad, fmt.Sprintf("%s is for %q, but no answers of a %q reach it; e.g. %s", id, k, k, example[id+"/"+k]))
		}
	}
	for _, r := range c.Rules {
		want := applicantOrganisation[r.Applicant]
		for k, how := range reached[r.ID] {
			if k != want {
				bad = append(bad, fmt.Sprintf("%s is for %q, yet a %q reaches it: %s", r.ID, r.Applicant, k, how))
			}
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Fatalf("%d measures do not reach exactly the applicants they name:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
}
