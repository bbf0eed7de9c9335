//go:build !js

package engine

import (
	"reflect"
	"strconv"
	"testing"

	"policycheck/engine/exprlang"
	"policycheck/rules"
)

// condLeaves lists a condition's shape: its operators and leaves, each
// leaf's source and the variables it reads.
func condLeaves(ce *exprlang.Cond) []any {
	if ce == nil {
		return nil
	}
	if ce.Op == exprlang.OpLeaf {
		return []any{ce.Source(), ce.Refs}
	}
	return []any{string(rune(ce.Op)), condLeaves(ce.A), condLeaves(ce.B), condLeaves(ce.C)}
}

// The compiled form is linked without the checking loader (link): every
// value loading derives must come out the same both ways.
func TestLinkDerivesWhatLoadDerives(t *testing.T) {
	want, err := Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Compile(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadCompiled(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != want.Version || got.Date != want.Date {
		t.Fatalf("version %s %s, want %s %s", got.Version, got.Date, want.Version, want.Date)
	}
	same := func(what string, g, w any) {
		t.Helper()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: linked %#v, loaded %#v", what, g, w)
		}
	}
	same("documents", len(got.Documents), len(want.Documents))
	for i, d := range want.Documents {
		g := got.Documents[i]
		same(d.ID+" currency dates", []any{g.Currency.issued, g.Currency.from, g.Currency.until}, []any{d.Currency.issued, d.Currency.from, d.Currency.until})
		same(d.ID+" scope", g.Scope.expr != nil, d.Scope.expr != nil)
	}
	same("questions", len(got.Questions), len(want.Questions))
	for i, q := range want.Questions {
		g := got.Questions[i]
		same(q.ID, []any{g.ID, g.Document, g.index, g.minNum, g.hasMin, g.maxNum, g.hasMax, g.minDate, g.maxDate, g.assumed, g.relevant != nil},
			[]any{q.ID, q.Document, q.index, q.minNum, q.hasMin, q.maxNum, q.hasMax, q.minDate, q.maxDate, q.assumed, q.relevant != nil})
		if g.relevant != nil {
			same(q.ID+" relevant", condLeaves(g.relevant), condLeaves(q.relevant))
		}
		same(q.ID+" by id", got.questionByID[q.ID] == g, true)
	}
	same("assumed", len(got.assumed), len(want.assumed))
	same("rules", len(got.Rules), len(want.Rules))
	for i, r := range want.Rules {
		g := got.Rules[i]
		same(r.ID, []any{g.ID, g.Document, g.doc.ID, g.ends, g.lapse != nil, g.docIndex, g.regionIndex, len(g.All)},
			[]any{r.ID, r.Document, r.doc.ID, r.ends, r.lapse != nil, r.docIndex, r.regionIndex, len(r.All)})
		if r.Dated != nil {
			same(r.ID+" dated", g.Dated.until, r.Dated.until)
		}
		for j, c := range r.All {
			gc := g.All[j]
			same(r.ID+" condition "+c.ID, []any{gc.ID, gc.Kind, gc.When, gc.Label, gc.expr != nil}, []any{c.ID, c.Kind, c.When, c.Label, c.expr != nil})
			if c.expr != nil && gc.expr != nil {
				same(r.ID+" condition "+c.ID+" leaves", condLeaves(gc.expr), condLeaves(c.expr))
			}
		}
		a, ga := &r.Amount, &g.Amount
		same(r.ID+" amount", []any{ga.minNum, ga.maxNum, ga.countQ != nil, ga.minExpr != nil, ga.maxExpr != nil},
			[]any{a.minNum, a.maxNum, a.countQ != nil, a.minExpr != nil, a.maxExpr != nil})
		if a.countQ != nil && ga.countQ != nil {
			same(r.ID+" amount count", ga.countQ.ID, a.countQ.ID)
		}
		same(r.ID+" by id", got.ruleByID[r.ID] == g, true)
	}
	same("locations", len(got.Locations), len(want.Locations))
	for i, loc := range want.Locations {
		same("location answers", got.Locations[i].answers, loc.answers)
	}
	same("conditions", got.conditions, want.conditions)
}

func TestEngineTypesIsCurrent(t *testing.T) {
	if err := errStaleTypes(); err != nil {
		t.Fatal(err)
	}
}

// Every applicant kind's condition is what strconv.Quote would write.
func TestApplicantWhenIsQuoted(t *testing.T) {
	for applicant, kind := range applicantKinds {
		if got, want := applicantWhen(kind), "organisation_kind == "+strconv.Quote(kind); got != want {
			t.Errorf("applicant %s: %s, want %s", applicant, got, want)
		}
	}
}
