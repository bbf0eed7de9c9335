package engine

import (
	"errors"
	"fmt"
	"time"

	"policycheck/engine/exprlang"
)

// link builds the catalogue from a compiled form (LoadCompiled,
// LoadPrebuilt): it derives and links what loading derives (bounds and
// dates, applicant and scope conditions, compiled expressions, indexes) and
// runs none of the checks the build ran when it compiled the form (Load:
// texts, quotes, kinds, repeated ids, test cases).
//
// It is not load with its checks switched off: under js/wasm, where the
// page and the Worker start from a compiled form, every function runs for
// the first time, and V8 compiles a function that has run long enough a
// second time, with its optimising compiler, on a background thread. The
// checking loader's large functions, run once per rule and question, each
// took tens of milliseconds of that compiler during a cold start, taken
// from the processor the start itself needed. Here each step is a small
// function with one loop, and what a loop does per rule or question is a
// function of its own, kept out of the loop's body (go:noinline).
//
// Every value it derives, load derives too; TestLinkDerivesWhatLoadDerives
// compares the two over the real catalogue.
func link(f *compiledForm) (*Catalogue, error) {
	c := &Catalogue{questionByID: map[string]*Question{}, ruleByID: map[string]*Rule{}, docByID: map[string]*Document{}}
	c.Date = f.Documents.Date
	c.Documents, c.Locations, c.Steps, c.Derived = f.Documents.Documents, f.Documents.Locations, f.Questions.Steps, f.Questions.Derived
	for _, step := range []func(*Catalogue, *compiledForm) error{linkDocuments, linkQuestions, linkExpressions, linkRules, linkLocations} {
		if err := step(c, f); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func linkDocuments(c *Catalogue, _ *compiledForm) error {
	for _, d := range c.Documents {
		c.docByID[d.ID] = d
		if err := linkCurrency(d); err != nil {
			return err
		}
	}
	return nil
}

func linkQuestions(c *Catalogue, f *compiledForm) error {
	for _, q := range f.Questions.Questions {
		linkQuestion(c, q, "")
	}
	for i := range f.Rules {
		for _, q := range f.Rules[i].Questions {
			linkQuestion(c, q, f.Rules[i].Document)
		}
	}
	if q := c.questionByID["organisation_kind"]; q == nil || q.Type != TypeChoice {
		return errors.New("no choice question organisation_kind")
	}
	for _, q := range c.Questions {
		if err := linkQuestionBounds(q); err != nil {
			return err
		}
		if err := linkAssumed(c, q); err != nil {
			return err
		}
	}
	return nil
}

// linkExpressions compiles the questions' relevance and the documents' scopes.
func linkExpressions(c *Catalogue, f *compiledForm) error {
	c.env = exprlang.NewOwnEnv(derivedVars(exprVars(c.Questions), c.Derived)) // checked by expr at build time
	c.env.Prebuilt(f.exprs)                                                   // and parsed: nil but for LoadPrebuilt
	if err := defineDerived(c); err != nil {
		return err
	}
	for _, q := range c.Questions {
		if err := linkRelevance(c, q); err != nil {
			return err
		}
	}
	for _, d := range c.Documents {
		if d.Scope == nil {
			return fmt.Errorf("document %s: no scope", d.ID)
		}
		if err := linkCondition(c, d.Scope); err != nil {
			return fmt.Errorf("document %s: scope: %w", d.ID, err)
		}
	}
	return nil
}

func linkRules(c *Catalogue, f *compiledForm) error {
	for i := range f.Rules {
		rf := &f.Rules[i]
		d := c.docByID[rf.Document]
		if d == nil {
			return fmt.Errorf("rules of unknown document %q", rf.Document)
		}
		for _, r := range rf.Rules {
			if err := linkRule(c, d, r); err != nil {
				return fmt.Errorf("rule %s: %w", r.ID, err)
			}
		}
	}
	return nil
}

func linkLocations(c *Catalogue, _ *compiledForm) error {
	for i, loc := range c.Locations {
		a, err := c.ValidateAnswers(loc.Answers)
		if err != nil {
			return fmt.Errorf("locations[%d].answers: %w", i, err)
		}
		loc.answers = a
	}
	return nil
}

//go:noinline
func linkCurrency(d *Document) error {
	cu := &d.Currency
	for _, p := range []struct {
		src string
		to  *time.Time
	}{{cu.Issued, &cu.issued}, {cu.From, &cu.from}, {cu.Until, &cu.until}} {
		if p.src == "" {
			continue
		}
		t, err := ParseDay(p.src)
		if err != nil {
			return fmt.Errorf("document %s: currency date %q: %w", d.ID, p.src, err)
		}
		*p.to = t
	}
	for i := range cu.Later {
		l := &cu.Later[i]
		if l.Ends == "" {
			continue
		}
		t, err := ParseDay(l.Ends)
		if err != nil {
			return fmt.Errorf("document %s: later[%d].ends %q: %w", d.ID, i, l.Ends, err)
		}
		l.ends = t
	}
	return nil
}

//go:noinline
func linkQuestion(c *Catalogue, q *Question, doc string) {
	q.Document = doc
	q.index = len(c.Questions)
	c.questionByID[q.ID] = q
	c.Questions = append(c.Questions, q)
}

// linkQuestionBounds derives a question's bounds as checkQuestion does.
//
//go:noinline
func linkQuestionBounds(q *Question) error {
	switch q.Type {
	case TypeCount, TypeMoney, TypeYear:
		var okMin, okMax bool
		if q.Min != nil {
			q.minNum, okMin = numberValue(q.Min)
			q.hasMin = okMin
		}
		if q.Max != nil {
			q.maxNum, okMax = numberValue(q.Max)
			q.hasMax = okMax
		}
		if (q.Min != nil && !okMin) || !okMax {
			return fmt.Errorf("question %s: bounds are not numbers", q.ID)
		}
		if q.Type == TypeCount && !q.hasMin {
			q.hasMin = true
		}
	case TypeDate:
		lo, okLo := q.Min.(string)
		hi, okHi := q.Max.(string)
		var err1, err2 error
		q.minDate, err1 = ParseDay(lo)
		q.maxDate, err2 = ParseDay(hi)
		if !okLo || !okHi || err1 != nil || err2 != nil {
			return fmt.Errorf("question %s: bounds are not dates", q.ID)
		}
	}
	return nil
}

//go:noinline
func linkAssumed(c *Catalogue, q *Question) error {
	if q.AssumeForRelevance == nil {
		return nil
	}
	v, fe := q.convert(q.AssumeForRelevance)
	if fe != nil {
		return fmt.Errorf("question %s: assume_for_relevance: %s", q.ID, fe.Message.En)
	}
	sl := slotOf(q, v)
	q.assumed = &sl
	c.assumed = append(c.assumed, q)
	return nil
}

//go:noinline
func linkRelevance(c *Catalogue, q *Question) error {
	if q.Relevant == "" {
		return nil
	}
	ce, err := c.env.Condition(q.Relevant)
	if err != nil {
		return fmt.Errorf("question %s: relevant: %w", q.ID, err)
	}
	q.relevant = ce
	return nil
}

//go:noinline
func linkCondition(c *Catalogue, cond *Condition) error {
	ce, err := c.env.Condition(cond.When)
	if err != nil {
		return err
	}
	cond.expr = ce
	return nil
}

// linkRule links a rule to its document and conditions as checkRule does.
//
//go:noinline
func linkRule(c *Catalogue, d *Document, r *Rule) error {
	r.Document = d.ID
	r.doc = d
	c.ruleByID[r.ID] = r
	c.Rules = append(c.Rules, r)
	if r.Dated != nil {
		t, err := ParseDay(r.Dated.Until)
		if err != nil {
			return fmt.Errorf("dated.until %q: %w", r.Dated.Until, err)
		}
		r.Dated.until = t
	}
	orgKind, ok := applicantKinds[r.Applicant]
	if !ok {
		return fmt.Errorf("unknown applicant %q", r.Applicant)
	}
	if r.Scope == "" && d.Scope != nil {
		r.All = append(r.All, d.Scope)
	}
	ac := &Condition{ID: "applicant", Kind: "fact", Label: applicantLabel(r.Applicant, c.questionByID["organisation_kind"], orgKind),
		When: applicantWhen(orgKind)}
	if err := linkCondition(c, ac); err != nil {
		return fmt.Errorf("applicant: %w", err)
	}
	r.All = append(r.All, ac)
	for i := range r.Conditions {
		cond := &r.Conditions[i]
		if err := linkCondition(c, cond); err != nil {
			return fmt.Errorf("conditions[%d]: %w", i, err)
		}
		r.All = append(r.All, cond)
	}
	return linkAmount(c, &r.Amount)
}

// linkAmount derives an amount's figures as checkAmount does.
//
//go:noinline
func linkAmount(c *Catalogue, a *Amount) error {
	num := func(v any) *float64 {
		n, ok := numberValue(v)
		if !ok {
			return nil
		}
		return &n
	}
	switch a.Kind {
	case AmountFixed:
		a.minNum, a.maxNum = a.Value, a.Value
	case AmountPerItem:
		if a.countQ = c.questionByID[a.Count]; a.countQ == nil {
			return fmt.Errorf("amount.count: no question %q", a.Count)
		}
	case AmountRange:
		a.minNum, a.maxNum = num(a.Min), num(a.Max)
	case AmountCap:
		zero := 0.0
		a.minNum, a.maxNum = &zero, num(a.Max)
	case AmountFormula:
		lo, okLo := a.Min.(string)
		hi, okHi := a.Max.(string)
		if !okLo || !okHi {
			return errors.New("amount: a formula needs min and max as expressions")
		}
		var err error
		if a.minExpr, err = c.env.Number(lo); err != nil {
			return fmt.Errorf("amount.min: %w", err)
		}
		if a.maxExpr, err = c.env.Number(hi); err != nil {
			return fmt.Errorf("amount.max: %w", err)
		}
	}
	return nil
}
