package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"policycheck/engine/exprlang"
	"policycheck/jsoncodec"
)

// Catalogue is a loaded, validated and compiled set of documents, questions,
// rules and test cases. It is safe for concurrent use.
type Catalogue struct {
	Version   string      `json:"version"`
	Date      string      `json:"date"`
	Documents []*Document `json:"documents"`
	Locations []*Location `json:"locations"`
	Steps     []Step      `json:"steps"`
	Questions []*Question `json:"questions"`
	// Derived are the facts derived from answers rather than asked.
	Derived []*Derived `json:"derived,omitempty"`
	Rules   []*Rule    `json:"rules"`
	Cases   []*Case    `json:"-"`

	questionByID map[string]*Question
	assumed      []*Question // questions with an answer assumed for relevance
	ruleByID     map[string]*Rule
	docByID      map[string]*Document
	env          *exprlang.Env
	pool         evaluatorPool

	// Prepared for estimates: the empty per-document and per-region totals,
	// and the number of conditions of all rules.
	docGroups, regionGroups []GroupTotals
	conditions              int
	json                    jsonPlan
	// jsonTail is the size of the last report EstimateJSON wrote, less its
	// results: a hint for the size of the next one.
	jsonTail atomic.Int64
	// deps is what each rule can read, for incremental estimates.
	deps ruleDeps
	// ask is what deciding which questions are asked needs (asked.go).
	ask askPlan
	// statuses is the documents' currency at the last date estimated.
	statuses atomic.Pointer[statusesAt]

	compileMu sync.Mutex // CompileExpression after loading
}

// Problem is one thing wrong with the catalogue, located by file, rule and field.
type Problem struct {
	File  string
	Rule  string
	Field string
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Rule != "" {
		b.WriteString(": " + p.Rule)
	}
	if p.Field != "" {
		b.WriteString(": " + p.Field)
	}
	b.WriteString(": " + p.Msg)
	return b.String()
}

// CatalogueError lists every problem found while loading a catalogue.
type CatalogueError struct {
	Problems []Problem
}

func (e *CatalogueError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("catalogue has %d problem(s):\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

type documentsFile struct {
	Date      string      `json:"date"`
	Documents []*Document `json:"documents"`
	Locations []*Location `json:"locations"`
}

type questionsFile struct {
	Steps     []Step      `json:"steps"`
	Questions []*Question `json:"questions"`
	Derived   []*Derived  `json:"derived,omitempty"`
}

type ruleFile struct {
	Document  string      `json:"document"`
	Questions []*Question `json:"questions"`
	Rules     []*Rule     `json:"rules"`
}

type casesFile struct {
	Cases []*Case `json:"cases"`
}

// File names inside the catalogue folder.
const (
	DocumentsFile = "documents.json"
	QuestionsFile = "questions.json"
	CasesDir      = "cases"
)

type loader struct {
	fsys     fs.FS
	broken   map[string]bool // documents whose rule file could not be read
	problems []Problem
	// sum, when set, records every file read for the catalogue version (Load).
	sum func(name string, data []byte)
}

func (l *loader) add(file, rule, field, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Rule: rule, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) read(name string, v any) bool {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.add(name, "", "", "cannot read: %v", err)
		return false
	}
	if l.sum != nil {
		l.sum(name, data)
	}
	if err := jsoncodec.Decode(data, v, true); err != nil {
		l.add(name, "", "", "%v", err)
		return false
	}
	return true
}

// Load reads a catalogue folder (documents.json, questions.json, one file per
// document, cases/*.json and the source texts), validates all of it and
// compiles every expression. It returns every problem found, not just the first.
func Load(fsys fs.FS) (*Catalogue, error) {
	var sums []string
	l := &loader{fsys: fsys, broken: map[string]bool{}, sum: func(name string, data []byte) {
		sums = append(sums, name+":"+digest(data))
	}}
	c, err := l.load()
	if c != nil {
		c.Version = catalogueVersion(c.Date, sums)
	}
	if err != nil {
		return nil, err
	}
	c.prepare()
	return c, nil
}

// catalogueVersion is the catalogue's date and the start of a digest
// (SHA-256 natively, see digest) over the digest of every file read (data,
// source texts, cases).
func catalogueVersion(date string, sums []string) string {
	sort.Strings(sums)
	return date + "+" + digest([]byte(strings.Join(sums, "\n")))[:10]
}

// load reads, validates and links the catalogue; the caller sets its
// version and prepares it.
func (l *loader) load() (*Catalogue, error) {
	fsys := l.fsys
	c := &Catalogue{questionByID: map[string]*Question{}, ruleByID: map[string]*Rule{}, docByID: map[string]*Document{}}

	var df documentsFile
	var qf questionsFile
	okDocs := l.read(DocumentsFile, &df)
	okQs := l.read(QuestionsFile, &qf)
	if !okDocs || !okQs {
		return nil, &CatalogueError{Problems: l.problems}
	}
	c.Date = df.Date
	if _, err := ParseDay(df.Date); err != nil {
		l.add(DocumentsFile, "", "date", "catalogue date must be YYYY-MM-DD, got %q", df.Date)
	}
	c.Documents, c.Locations, c.Steps, c.Derived = df.Documents, df.Locations, qf.Steps, qf.Derived
	stepIDs := map[string]bool{}
	for i, s := range qf.Steps {
		if !isSnakeID(s.ID) || stepIDs[s.ID] {
			l.add(QuestionsFile, "", index("steps", i)+".id", "step id %q is malformed or repeated", s.ID)
		}
		stepIDs[s.ID] = true
		l.checkText(QuestionsFile, "", index("steps", i)+".label", s.Label)
	}

	// Documents and their source texts.
	var ruleFiles []ruleFile
	for i, d := range c.Documents {
		field := index("documents", i)
		if !isSnakeID(d.ID) {
			l.add(DocumentsFile, "", field+".id", "document id %q must be lower_snake_case", d.ID)
			continue
		}
		if c.docByID[d.ID] != nil {
			l.add(DocumentsFile, "", field+".id", "document id %q is repeated", d.ID)
			continue
		}
		c.docByID[d.ID] = d
		for name, t := range map[string]Text{"region": d.Region, "issuer": d.Issuer, "title": d.Title, "number": d.Number, "date": d.Date, "validity": d.Validity} {
			l.checkText(DocumentsFile, "", field+"."+name, t)
		}
		src, err := fs.ReadFile(fsys, d.Source)
		if err != nil {
			l.add(DocumentsFile, "", field+".source", "cannot read source text: %v", err)
		} else {
			l.sum(d.Source, src)
			d.text = normaliseSpace(string(src))
		}
		l.checkCurrency(field+".currency", d)
		var rf ruleFile
		name := d.ID + ".json"
		if !l.read(name, &rf) {
			l.broken[d.ID] = true
		} else {
			if rf.Document != d.ID {
				l.add(name, "", "document", "must be %q, got %q", d.ID, rf.Document)
			}
			ruleFiles = append(ruleFiles, rf)
		}
	}

	// Questions: shared ones, then each document's own.
	addQuestion := func(file string, q *Question, doc string) {
		q.Document = doc
		if !isSnakeID(q.ID) {
			l.add(file, "", "questions."+q.ID, "question id must be lower_snake_case")
			return
		}
		if doc != "" && !strings.HasPrefix(q.ID, doc+"_") {
			l.add(file, "", "questions."+q.ID, "a document's own question id must start with %q", doc+"_")
		}
		if c.questionByID[q.ID] != nil {
			l.add(file, "", "questions."+q.ID, "question id is repeated")
			return
		}
		if q.ID == exprlang.AssessmentDate || q.ID == exprlang.AssessmentYear {
			l.add(file, "", "questions."+q.ID, "question id is reserved for a built-in variable")
			return
		}
		q.index = len(c.Questions)
		c.questionByID[q.ID] = q
		c.Questions = append(c.Questions, q)
		l.checkQuestion(file, q, stepIDs)
	}
	for _, q := range qf.Questions {
		addQuestion(QuestionsFile, q, "")
	}
	for _, rf := range ruleFiles {
		for _, q := range rf.Questions {
			addQuestion(rf.Document+".json", q, rf.Document)
		}
	}
	if q := c.questionByID["organisation_kind"]; q == nil || q.Type != TypeChoice {
		l.add(QuestionsFile, "", "questions.organisation_kind", "a choice question organisation_kind is required (the applicant conditions use it)")
	}
	for _, q := range c.Questions {
		if q.AssumeForRelevance == nil {
			continue
		}
		v, fe := q.convert(q.AssumeForRelevance)
		if fe != nil {
			l.add(fileOfQuestion(q), "", "questions."+q.ID+".assume_for_relevance", "%s", fe.Message.En)
			continue
		}
		sl := slotOf(q, v)
		q.assumed = &sl
		c.assumed = append(c.assumed, q)
	}
	c.env = exprlang.NewEnv(derivedVars(exprVars(c.Questions), c.Derived))
	l.checkDerived(c)
	if err := defineDerived(c); err != nil {
		l.add(QuestionsFile, "", "derived", "%v", err)
	}
	for _, q := range c.Questions {
		if q.Relevant != "" {
			ce, err := c.env.Condition(q.Relevant)
			if err != nil {
				l.add(fileOfQuestion(q), "", "questions."+q.ID+".relevant", "%v", err)
			}
			q.relevant = ce
		}
	}

	// Document scopes.
	for _, d := range c.Documents {
		if d.Scope == nil {
			l.add(DocumentsFile, "", "documents."+d.ID+".scope", "missing")
			continue
		}
		l.checkCondition(DocumentsFile, "", "documents."+d.ID+".scope", d.Scope, c.env)
		if d.Scope.Quote != "" && d.text != "" && !containsQuote(d.text, d.Scope.Quote) {
			l.add(DocumentsFile, "", "documents."+d.ID+".scope.quote", "not found verbatim in %s: %q", d.Source, truncate(d.Scope.Quote, 60))
		}
		l.checkProvisions(DocumentsFile, "", "documents."+d.ID, d)
	}

	// Rules.
	for _, rf := range ruleFiles {
		d := c.docByID[rf.Document]
		file := rf.Document + ".json"
		if len(rf.Rules) == 0 {
			l.add(file, "", "rules", "the document has no rules")
		}
		for _, r := range rf.Rules {
			r.Document = rf.Document
			r.doc = d
			if !isRuleID(r.ID) || !strings.HasPrefix(r.ID, rf.Document+".") {
				l.add(file, r.ID, "id", "rule id must look like %s.kebab-name", rf.Document)
			}
			if c.ruleByID[r.ID] != nil {
				l.add(file, r.ID, "id", "rule id is repeated")
				continue
			}
			c.ruleByID[r.ID] = r
			c.Rules = append(c.Rules, r)
			l.checkRule(file, r, c)
		}
	}

	// The measures later documents affect are the document's own.
	for i, d := range c.Documents {
		for j, lt := range d.Currency.Later {
			for _, id := range lt.Rules {
				if r := c.ruleByID[id]; r == nil || r.Document != d.ID {
					l.add(DocumentsFile, "", index("documents", i)+".currency."+index("later", j)+".rules", "%q is not a rule of %s", id, d.ID)
				}
			}
		}
	}

	// Comparison locations.
	for i, loc := range c.Locations {
		field := index("locations", i)
		l.checkText(DocumentsFile, "", field+".label", loc.Label)
		a, err := c.ValidateAnswers(loc.Answers)
		if err != nil {
			l.add(DocumentsFile, "", field+".answers", "%v", err)
		}
		loc.answers = a
	}

	// Test cases.
	l.loadCases(c)

	if len(l.problems) > 0 {
		return c, &CatalogueError{Problems: l.problems}
	}
	return c, nil
}

// prepare computes what every estimate would otherwise recompute.
func (c *Catalogue) prepare() {
	docIdx := map[string]int{}
	regionIdx := map[string]int{}
	for _, d := range c.Documents {
		docIdx[d.ID] = len(c.docGroups)
		c.docGroups = append(c.docGroups, GroupTotals{ID: d.ID, Label: d.Title})
		if _, ok := regionIdx[d.Region.Zh]; !ok {
			regionIdx[d.Region.Zh] = len(c.regionGroups)
			c.regionGroups = append(c.regionGroups, GroupTotals{ID: d.ID, Label: d.Region})
		}
	}
	for _, r := range c.Rules {
		r.docIndex = docIdx[r.Document]
		r.regionIndex = regionIdx[r.doc.Region.Zh]
		r.citation = &Citation{Document: r.Document, Title: r.doc.Title, Clause: r.Clause, Quote: r.Quote}
		c.conditions += len(r.All)
		r.prepareCurrency()
	}
	c.prepareJSON()
	c.pool.init(c)
}

func fileOfQuestion(q *Question) string {
	if q.Document != "" {
		return q.Document + ".json"
	}
	return QuestionsFile
}

// index names element i of a list field: "conditions[2]".
func index(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

func (l *loader) checkText(file, rule, field string, t Text) {
	if strings.TrimSpace(t.Zh) == "" {
		l.add(file, rule, field+".zh", "Chinese text is missing")
	}
	if strings.TrimSpace(t.En) == "" {
		l.add(file, rule, field+".en", "English text is missing")
	}
}

func (l *loader) checkQuestion(file string, q *Question, steps map[string]bool) {
	f := "questions." + q.ID
	if !steps[q.Step] {
		l.add(file, "", f+".step", "unknown step %q", q.Step)
	}
	l.checkText(file, "", f+".label", q.Label)
	if q.Help != nil {
		l.checkText(file, "", f+".help", *q.Help)
	}
	if q.NotSure != nil {
		l.checkText(file, "", f+".not_sure", *q.NotSure)
	}
	num := func(name string, v any) (float64, bool) {
		if v == nil {
			return 0, false
		}
		n, _, ok := number(v)
		if !ok {
			l.add(file, "", f+"."+name, "must be a number")
		}
		return n, ok
	}
	switch q.Type {
	case TypeBool:
	case TypeChoice, TypeMulti:
		if len(q.Options) == 0 {
			l.add(file, "", f+".options", "a %s question needs options", q.Type)
		}
		seen := map[string]bool{}
		for _, o := range q.Options {
			if o.Value == "" || seen[o.Value] {
				l.add(file, "", f+".options", "option value %q is empty or repeated", o.Value)
			}
			seen[o.Value] = true
			l.checkText(file, "", f+".options."+o.Value, o.Label)
		}
	case TypeCount, TypeMoney, TypeYear:
		q.minNum, q.hasMin = num("min", q.Min)
		q.maxNum, q.hasMax = num("max", q.Max)
		if !q.hasMax || (q.Type != TypeCount && !q.hasMin) {
			l.add(file, "", f, "a %s question needs min and max", q.Type)
		}
		if q.Type == TypeCount && !q.hasMin {
			q.hasMin = true
		}
		if q.hasMin && q.hasMax && q.minNum > q.maxNum {
			l.add(file, "", f, "min is above max")
		}
		if q.Type != TypeYear && q.Unit == "" {
			l.add(file, "", f+".unit", "a %s question needs a unit", q.Type)
		}
		if q.Type == TypeMoney && q.Unit != "CNY" {
			l.add(file, "", f+".unit", "money is in yuan: unit must be CNY")
		}
	case TypeDate:
		for name, v := range map[string]any{"min": q.Min, "max": q.Max} {
			s, ok := v.(string)
			t, err := ParseDay(s)
			if !ok || err != nil {
				l.add(file, "", f+"."+name, "a date question needs %s as YYYY-MM-DD", name)
				continue
			}
			if name == "min" {
				q.minDate = t
			} else {
				q.maxDate = t
			}
		}
	default:
		l.add(file, "", f+".type", "unknown type %q (bool, choice, multi, count, money, year, date)", q.Type)
	}
}

func (l *loader) checkCondition(file, rule, field string, cond *Condition, env *exprlang.Env) {
	if !isSnakeID(cond.ID) {
		l.add(file, rule, field+".id", "condition id %q must be lower_snake_case", cond.ID)
	}
	if !conditionKinds[cond.Kind] {
		l.add(file, rule, field+".kind", "kind %q must be fact, time or location", cond.Kind)
	}
	l.checkText(file, rule, field+".label", cond.Label)
	ce, err := env.Condition(cond.When)
	if err != nil {
		l.add(file, rule, field+".when", "%v", err)
		return
	}
	cond.expr = ce
}

func (l *loader) checkProvisions(file, rule, field string, d *Document) {
	for i, p := range d.Obligations {
		l.checkProvision(file, rule, index(field+".obligations", i), p, d)
	}
	for i, p := range d.Stacking {
		l.checkProvision(file, rule, index(field+".stacking", i), p, d)
	}
}

func (l *loader) checkProvision(file, rule, field string, p Provision, d *Document) {
	l.checkText(file, rule, field, Text{Zh: p.Zh, En: p.En})
	if p.Quote != "" && d != nil && d.text != "" && !containsQuote(d.text, p.Quote) {
		l.add(file, rule, field+".quote", "not found verbatim in %s: %q", d.Source, truncate(p.Quote, 60))
	}
}

func (l *loader) checkRule(file string, r *Rule, c *Catalogue) {
	d := r.doc
	if strings.TrimSpace(r.Clause) == "" {
		l.add(file, r.ID, "clause", "missing")
	}
	if strings.TrimSpace(r.Quote) == "" {
		l.add(file, r.ID, "quote", "missing")
	} else if d != nil && d.text != "" && !containsQuote(d.text, r.Quote) {
		l.add(file, r.ID, "quote", "not found verbatim in %s: %q", d.Source, truncate(r.Quote, 60))
	}
	l.checkText(file, r.ID, "title", r.Title)
	l.checkText(file, r.ID, "summary", r.Summary)
	l.checkCertainty(file, r)
	for name, t := range map[string]*Text{"administrator": r.Administrator, "next_steps": r.NextSteps, "note": r.Note} {
		if t != nil {
			l.checkText(file, r.ID, name, *t)
		}
	}
	orgKind, ok := applicantKinds[r.Applicant]
	if !ok {
		l.add(file, r.ID, "applicant", "unknown applicant %q", r.Applicant)
	}
	if !categories[r.Category] {
		l.add(file, r.ID, "category", "unknown category %q", r.Category)
	}
	switch r.Scope {
	case "":
		if d != nil && d.Scope != nil {
			r.All = append(r.All, d.Scope)
		}
	case "none":
	default:
		l.add(file, r.ID, "scope", "must be absent or \"none\", got %q", r.Scope)
	}
	if ok && c.questionByID["organisation_kind"] != nil {
		ac := &Condition{ID: "applicant", Kind: "fact", Label: applicantLabel(r.Applicant, c.questionByID["organisation_kind"], orgKind),
			When: applicantWhen(orgKind)}
		l.checkCondition(file, r.ID, "applicant", ac, c.env)
		r.All = append(r.All, ac)
	}
	seen := map[string]bool{}
	for i := range r.Conditions {
		cond := &r.Conditions[i]
		field := index("conditions", i)
		if seen[cond.ID] || cond.ID == "applicant" || (d != nil && d.Scope != nil && cond.ID == d.Scope.ID) {
			l.add(file, r.ID, field+".id", "condition id %q is repeated", cond.ID)
		}
		seen[cond.ID] = true
		l.checkCondition(file, r.ID, field, cond, c.env)
		if cond.Quote != "" && d != nil && d.text != "" && !containsQuote(d.text, cond.Quote) {
			l.add(file, r.ID, field+".quote", "not found verbatim in %s: %q", d.Source, truncate(cond.Quote, 60))
		}
		r.All = append(r.All, cond)
	}
	l.checkAmount(file, r, c)
	switch r.Period.Kind {
	case PeriodOneTime, PeriodPerItem, PeriodThisYear:
		if r.Period.Years != 0 {
			l.add(file, r.ID, "period.years", "only a yearly period has years")
		}
	case PeriodYearly:
		if r.Period.Years < 0 {
			l.add(file, r.ID, "period.years", "must not be negative")
		}
	default:
		l.add(file, r.ID, "period.kind", "unknown period %q (one_time, yearly, this_year, per_item)", r.Period.Kind)
	}
	for i, p := range r.Obligations {
		l.checkProvision(file, r.ID, index("obligations", i), p, d)
	}
	for i, p := range r.Stacking {
		l.checkProvision(file, r.ID, index("stacking", i), p, d)
	}
}

// checkCurrency parses a document's currency dates and checks its quote.
func (l *loader) checkCurrency(field string, d *Document) {
	cu := &d.Currency
	parse := func(name, v string, required bool) time.Time {
		if v == "" {
			if required {
				l.add(DocumentsFile, "", field+"."+name, "missing: give the date as YYYY-MM-DD")
			}
			return time.Time{}
		}
		t, err := ParseDay(v)
		if err != nil {
			l.add(DocumentsFile, "", field+"."+name, "must be a date YYYY-MM-DD, got %q", v)
		}
		return t
	}
	cu.issued = parse("issued", cu.Issued, true)
	cu.from = parse("from", cu.From, false)
	cu.until = parse("until", cu.Until, false)
	if !cu.from.IsZero() && !cu.until.IsZero() && cu.until.Before(cu.from) {
		l.add(DocumentsFile, "", field+".until", "%s is before from %s", cu.Until, cu.From)
	}
	switch cu.IssuedBasis.Kind {
	case IssuedByTextDate, IssuedByReferences, IssuedBySourcePage:
	default:
		l.add(DocumentsFile, "", field+".issued_basis.kind", "must be %q, %q or %q, got %q", IssuedByTextDate, IssuedByReferences, IssuedBySourcePage, cu.IssuedBasis.Kind)
	}
	l.checkText(DocumentsFile, "", field+".issued_basis.note", cu.IssuedBasis.Note)
	if q := cu.IssuedBasis.Quote; q != "" && d.text != "" && !containsQuote(d.text, q) {
		l.add(DocumentsFile, "", field+".issued_basis.quote", "not found verbatim in %s: %q", d.Source, truncate(q, 60))
	}
	if cu.Kind != "normative" && cu.Kind != "plan" {
		l.add(DocumentsFile, "", field+".kind", "must be \"normative\" or \"plan\", got %q", cu.Kind)
	}
	v := &cu.Validity
	l.checkText(DocumentsFile, "", field+".validity.note", v.Note)
	switch v.Kind {
	case ValidityStated:
		if cu.Until == "" || cu.Quote == "" {
			l.add(DocumentsFile, "", field+".validity", "a stated validity needs until and the quote that states it")
		}
	case ValidityPresumed:
		rr := v.Rule
		if rr == nil {
			l.add(DocumentsFile, "", field+".validity.rule", "a presumed validity needs the regional rule that gives it (title, number, article, words, years, in_force, found)")
			break
		}
		l.checkText(DocumentsFile, "", field+".validity.rule.title", rr.Title)
		if rr.Number == "" || rr.Article == "" || rr.Words == "" || rr.Found == "" || rr.Years <= 0 {
			l.add(DocumentsFile, "", field+".validity.rule", "number, article, words, years (> 0) and found are all required")
		}
		inForce := parse("validity.rule.in_force", rr.InForce, true)
		replaced := parse("validity.rule.replaced", rr.Replaced, false)
		if !cu.issued.IsZero() && !inForce.IsZero() && (cu.issued.Before(inForce) || (!replaced.IsZero() && !cu.issued.Before(replaced))) {
			l.add(DocumentsFile, "", field+".validity.rule", "%s was not in force when the document was issued (%s): in force %s, replaced %s", rr.Number, cu.Issued, rr.InForce, rr.Replaced)
		}
		// The presumed end is the rule's term counted from the issue date,
		// its last day included: nothing but the rule and the date decides it.
		if want := cu.issued.AddDate(rr.Years, 0, -1); !cu.issued.IsZero() && !cu.until.Equal(want) {
			l.add(DocumentsFile, "", field+".until", "a presumed validity of %d years from %s ends on %s, got %q", rr.Years, cu.Issued, want.Format(time.DateOnly), cu.Until)
		}
	case ValidityNone:
		if cu.Until != "" {
			l.add(DocumentsFile, "", field+".until", "validity kind none: no end date may be given")
		}
	default:
		l.add(DocumentsFile, "", field+".validity.kind", "must be %q, %q or %q, got %q", ValidityStated, ValidityPresumed, ValidityNone, v.Kind)
	}
	if cu.Trial && cu.Quote == "" {
		l.add(DocumentsFile, "", field+".quote", "a trial status needs the words that state it")
	}
	if cu.Quote != "" && d.text != "" && !containsQuote(d.text, cu.Quote) {
		l.add(DocumentsFile, "", field+".quote", "not found verbatim in %s: %q", d.Source, truncate(cu.Quote, 60))
	}
	if cu.Note != nil {
		l.checkText(DocumentsFile, "", field+".note", *cu.Note)
	}
	if cu.PageClaim != nil {
		l.checkText(DocumentsFile, "", field+".page_claim", *cu.PageClaim)
	}
	for i := range cu.Later {
		lt := &cu.Later[i]
		f := field + "." + index("later", i)
		l.checkText(DocumentsFile, "", f+".title", lt.Title)
		l.checkText(DocumentsFile, "", f+".issuer", lt.Issuer)
		l.checkText(DocumentsFile, "", f+".note", lt.Note)
		if !laterDate.MatchString(lt.Date) {
			l.add(DocumentsFile, "", f+".date", "must be YYYY, YYYY-MM or YYYY-MM-DD, got %q", lt.Date)
		}
		switch lt.Relation {
		case LaterSucceeds, LaterFollows, LaterRestricts:
		default:
			l.add(DocumentsFile, "", f+".relation", "must be %q, %q or %q, got %q", LaterSucceeds, LaterFollows, LaterRestricts, lt.Relation)
		}
		if lt.Found == "" {
			l.add(DocumentsFile, "", f+".found", "say where the facts were confirmed")
		}
		lt.ends = parse(index("later", i)+".ends", lt.Ends, false)
		if lt.Ends != "" && (len(lt.Rules) == 0 || lt.Words == "") {
			l.add(DocumentsFile, "", f+".ends", "a later document that ends measures names them (rules) and gives its words")
		}
	}
}

// laterDate is the date of a later document, as precisely as it is known.
var laterDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// checkCertainty checks what the rule says the text commits to, and its own
// end date if it is a dated work item.
func (l *loader) checkCertainty(file string, r *Rule) {
	d := r.doc
	if !certainties[r.Certainty] {
		l.add(file, r.ID, "certainty", "must be entitlement, discretionary, service or national, got %q", r.Certainty)
	}
	if r.Certainty == CertaintyDiscretionary && r.CertaintyQuote == "" {
		l.add(file, r.ID, "certainty_quote", "a discretionary rule needs the words that leave it to an official (可, 择优, 鼓励…)")
	}
	if r.CertaintyQuote != "" && d != nil && d.text != "" && !containsQuote(d.text, r.CertaintyQuote) {
		l.add(file, r.ID, "certainty_quote", "not found verbatim in %s: %q", d.Source, truncate(r.CertaintyQuote, 60))
	}
	if r.Dated != nil {
		t, err := ParseDay(r.Dated.Until)
		if err != nil {
			l.add(file, r.ID, "dated.until", "must be a date YYYY-MM-DD, got %q", r.Dated.Until)
		}
		r.Dated.until = t
		if r.Dated.Quote == "" {
			l.add(file, r.ID, "dated.quote", "missing: the words that date the clause")
		} else if d != nil && d.text != "" && !containsQuote(d.text, r.Dated.Quote) {
			l.add(file, r.ID, "dated.quote", "not found verbatim in %s: %q", d.Source, truncate(r.Dated.Quote, 60))
		}
	}
}

func applicantLabel(applicant string, q *Question, kind string) Text {
	for _, o := range q.Options {
		if o.Value == kind {
			return Text{Zh: "申请主体:" + o.Label.Zh, En: "Applicant: " + o.Label.En}
		}
	}
	return Text{Zh: "申请主体:" + applicant, En: "Applicant: " + applicant}
}

func (l *loader) checkAmount(file string, r *Rule, c *Catalogue) {
	a := &r.Amount
	if a.Unit == "" {
		l.add(file, r.ID, "amount.unit", "every amount needs a unit (CNY for money, none for a service)")
	}
	if a.Quote != "" && r.doc != nil && r.doc.text != "" && !containsQuote(r.doc.text, a.Quote) {
		l.add(file, r.ID, "amount.quote", "not found verbatim in %s: %q", r.doc.Source, truncate(a.Quote, 60))
	}
	if a.Note != nil {
		l.checkText(file, r.ID, "amount.note", *a.Note)
	}
	num := func(name string, v any) *float64 {
		n, _, ok := number(v)
		if !ok {
			l.add(file, r.ID, "amount."+name, "must be a number, got %s", jsonKind(v))
			return nil
		}
		if n < 0 {
			l.add(file, r.ID, "amount."+name, "must not be negative")
		}
		return &n
	}
	money := func() {
		if a.Unit != "" && a.Unit != "CNY" {
			l.add(file, r.ID, "amount.unit", "a %s amount is money: unit must be CNY", a.Kind)
		}
	}
	switch a.Kind {
	case AmountFixed:
		money()
		if a.Value == nil {
			l.add(file, r.ID, "amount.value", "a fixed amount needs value")
		} else {
			a.minNum, a.maxNum = a.Value, a.Value
		}
	case AmountPerItem:
		money()
		if a.Value == nil {
			l.add(file, r.ID, "amount.value", "a per-item amount needs value")
		}
		q := c.questionByID[a.Count]
		if q == nil || q.Type != TypeCount {
			l.add(file, r.ID, "amount.count", "must name a count question, got %q", a.Count)
		}
		a.countQ = q
	case AmountRange:
		money()
		a.minNum, a.maxNum = num("min", a.Min), num("max", a.Max)
		if a.minNum != nil && a.maxNum != nil && *a.minNum > *a.maxNum {
			l.add(file, r.ID, "amount", "min is above max")
		}
	case AmountCap:
		money()
		if a.Min != nil {
			l.add(file, r.ID, "amount.min", "a cap has only max (use range when the text gives a floor)")
		}
		zero := 0.0
		a.minNum, a.maxNum = &zero, num("max", a.Max)
	case AmountFormula:
		money()
		for name, v := range map[string]any{"min": a.Min, "max": a.Max} {
			s, ok := v.(string)
			if !ok {
				l.add(file, r.ID, "amount."+name, "a formula needs %s as an expression string", name)
				continue
			}
			ne, err := c.env.Number(s)
			if err != nil {
				l.add(file, r.ID, "amount."+name, "%v", err)
				continue
			}
			if name == "min" {
				a.minExpr = ne
			} else {
				a.maxExpr = ne
			}
		}
	case AmountUnset, AmountNone:
		if a.Value != nil || a.Min != nil || a.Max != nil {
			l.add(file, r.ID, "amount", "an amount of kind %s has no figures", a.Kind)
		}
		if a.Kind == AmountNone && a.Unit != "none" {
			l.add(file, r.ID, "amount.unit", "a non-monetary benefit has unit none")
		}
		if a.Kind == AmountUnset && a.Unit != "CNY" {
			l.add(file, r.ID, "amount.unit", "money whose amount is not set has unit CNY")
		}
	default:
		l.add(file, r.ID, "amount.kind", "unknown kind %q (fixed, per_item, range, cap, formula, unset, none)", a.Kind)
	}
	if (a.Kind == AmountPerItem) != (r.Period.Kind == PeriodPerItem) && a.Kind == AmountPerItem {
		l.add(file, r.ID, "period.kind", "a per-item amount is paid per item: use period per_item")
	}
}

func (l *loader) loadCases(c *Catalogue) {
	names, err := fs.Glob(l.fsys, CasesDir+"/*.json")
	if err != nil {
		l.add(CasesDir, "", "", "%v", err)
		return
	}
	caseNames := map[string]string{}
	covered := map[string]map[string]bool{}
	for _, name := range names {
		var cf casesFile
		if !l.read(name, &cf) {
			continue
		}
		for i, cs := range cf.Cases {
			cs.File = name
			field := index("cases", i)
			if strings.TrimSpace(cs.Name) == "" || !strings.Contains(strings.TrimSpace(cs.Name), " ") {
				l.add(name, "", field+".name", "a case is named by a sentence")
			} else if prev, dup := caseNames[cs.Name]; dup {
				l.add(name, "", field+".name", "case name repeated (also in %s): %q", prev, cs.Name)
			}
			caseNames[cs.Name] = name
			t, err := ParseDay(cs.Date)
			if err != nil {
				l.add(name, "", field+".date", "must be YYYY-MM-DD, got %q", cs.Date)
			}
			cs.date = t
			a, err := c.ValidateAnswers(cs.Answers)
			if err != nil {
				l.add(name, "", field+".answers", "%q: %v", cs.Name, err)
			}
			cs.answers = a
			if len(cs.Expect) == 0 {
				l.add(name, "", field+".expect", "%q expects nothing", cs.Name)
			}
			for id, e := range cs.Expect {
				if c.ruleByID[id] == nil {
					if doc, _, _ := strings.Cut(id, "."); l.broken[doc] {
						continue // already reported: the rule file did not load
					}
					l.add(name, id, field+".expect", "%q names an unknown rule", cs.Name)
					continue
				}
				switch e.Status {
				case StatusEligible, StatusPossible, StatusNotEligible, StatusLapsed, StatusNotIssued:
				default:
					l.add(name, id, field+".expect.status", "%q: status must be eligible, possible, not_eligible, lapsed or not_issued", cs.Name)
				}
				if covered[id] == nil {
					covered[id] = map[string]bool{}
				}
				covered[id][e.Status] = true
			}
			c.Cases = append(c.Cases, cs)
		}
	}
	for _, r := range c.Rules {
		if !covered[r.ID][StatusEligible] {
			l.add(r.Document+".json", r.ID, "cases", "no test case where the rule applies (status eligible)")
		}
		if !covered[r.ID][StatusNotEligible] {
			l.add(r.Document+".json", r.ID, "cases", "no test case where the rule does not apply (status not_eligible)")
		}
	}
}

// normaliseSpace collapses every run of white space (including full-width
// and non-breaking spaces) into one ASCII space.
func normaliseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0' || r == '\u2002' || r == '\u2003' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func containsQuote(text, quote string) bool {
	q := normaliseSpace(quote)
	return q != "" && strings.Contains(text, q)
}

// Rule returns the rule with the given id, or nil.
func (c *Catalogue) Rule(id string) *Rule { return c.ruleByID[id] }

// Question returns the question with the given id, or nil.
func (c *Catalogue) Question(id string) *Question { return c.questionByID[id] }

// Document returns the document with the given id, or nil.
func (c *Catalogue) Document(id string) *Document { return c.docByID[id] }

var errNoCatalogue = errors.New("no catalogue")

// exprType is the type an expression sees for a question of type t.
func exprType(t string) exprlang.Type {
	switch t {
	case TypeBool:
		return exprlang.Bool
	case TypeChoice:
		return exprlang.String
	case TypeMulti:
		return exprlang.Strings
	case TypeCount, TypeYear:
		return exprlang.Int
	case TypeMoney:
		return exprlang.Float
	case TypeDate:
		return exprlang.Date
	}
	return 0
}

// exprVars lists the questions as the expression language's variables,
// indexed as the evaluator holds their answers.
func exprVars(qs []*Question) []exprlang.Var {
	vars := make([]exprlang.Var, len(qs))
	for i, q := range qs {
		vars[i] = exprlang.Var{Name: q.ID, Type: exprType(q.Type), Index: q.index}
	}
	return vars
}
