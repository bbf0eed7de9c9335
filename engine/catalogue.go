package engine

import (
	"time"

	"policycheck/engine/exprlang"
)

// Text is a string in Chinese and English.
type Text struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the text in the given language ("zh" or "en"), falling back to Chinese.
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	return t.Zh
}

// Provision is an obligation or a stacking limit, with the words that state it.
type Provision struct {
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Quote string `json:"quote,omitempty"`
}

// Document describes one source text, as the text itself states it.
type Document struct {
	ID          string      `json:"id"`
	Source      string      `json:"source"`
	Region      Text        `json:"region"`
	Issuer      Text        `json:"issuer"`
	Title       Text        `json:"title"`
	Number      Text        `json:"number"`
	Date        Text        `json:"date"`
	Validity    Text        `json:"validity"`
	Currency    Currency    `json:"currency"`
	Scope       *Condition  `json:"scope"`
	Obligations []Provision `json:"obligations"`
	Stacking    []Provision `json:"stacking"`

	text string // the source text, whitespace-normalised
}

// Currency is a document's validity in machine form, each date with what
// it rests on: the date it was issued, and the end of its validity, stated
// by the text or presumed under the issuing region's rules on normative
// documents. The engine compares it with the assessment date: before Issued
// no rule of the document counts ("not_issued"); after Until none is
// eligible or possible ("lapsed").
type Currency struct {
	// Issued is the date the document was issued or, where the text gives
	// none, the best date the evidence supports (YYYY-MM-DD); IssuedBasis
	// says what it rests on.
	Issued      string `json:"issued"`
	IssuedBasis Basis  `json:"issued_basis"`
	// Kind is "normative" (a normative document, 规范性文件) or "plan" (a
	// plan, 规划类文件), where the regional rules treat them apart.
	Kind string `json:"kind"`
	// From and Until bound the document's validity (YYYY-MM-DD, Until being
	// its last day). Until is empty when no end is found; Validity says what
	// it rests on.
	From     string   `json:"from,omitempty"`
	Until    string   `json:"until,omitempty"`
	Validity Validity `json:"validity"`
	// Trial is set for a text issued as a trial (试行).
	Trial bool `json:"trial,omitempty"`
	// Quote gives the words of the text that state the period or the trial status.
	Quote string `json:"quote,omitempty"`
	// Note explains the reading.
	Note *Text `json:"note,omitempty"`
	// PageClaim is what the page the text was copied from said of its
	// status ("现行有效"), at a date nobody knows: shown beside the
	// product's reading, never in place of it.
	PageClaim *Text `json:"page_claim,omitempty"`
	// Later lists the documents known to follow this one or to affect
	// its measures.
	Later []Later `json:"later,omitempty"`

	issued, from, until time.Time
}

// Issue-date bases: what a document's issue date rests on.
const (
	IssuedByTextDate   = "text_date"   // the text's own date or its 文号 and date
	IssuedByReferences = "references"  // the text's references to meetings or periods, with a published date
	IssuedBySourcePage = "source_page" // the date of the page it was copied from
)

// Basis is what a date rests on: its kind, the words that show it and why.
type Basis struct {
	Kind  string `json:"kind"`
	Quote string `json:"quote,omitempty"`
	Note  Text   `json:"note"`
}

// Validity bases: what the end of a document's validity rests on.
const (
	// ValidityStated: the text states its period (Currency.Quote).
	ValidityStated = "stated"
	// ValidityPresumed: the text states none; the issuing region's rules
	// on normative documents in force at issue give a default (Rule).
	ValidityPresumed = "presumed"
	// ValidityNone: no end was found; the document is read as current,
	// with its age shown.
	ValidityNone = "none"
)

// Validity is what the end of a document's validity rests on.
type Validity struct {
	Kind string `json:"kind"`
	// Rule is the regional rule that gives a presumed validity.
	Rule *RegionalRule `json:"rule,omitempty"`
	Note Text          `json:"note"`
}

// RegionalRule is a region's rule on normative documents that gives a
// default validity to a text that states none: the facts of it (title,
// number, article, dates) and its operative words, as published.
type RegionalRule struct {
	Title   Text   `json:"title"`
	Number  string `json:"number"`
	Article string `json:"article"`
	// Words are the article's operative words; Years the validity they give.
	Words string `json:"words"`
	Years int    `json:"years"`
	// InForce and Replaced bound when the rule applied (YYYY-MM-DD;
	// Replaced empty while it applies).
	InForce  string `json:"in_force"`
	Replaced string `json:"replaced,omitempty"`
	// Found says where its words were confirmed.
	Found string `json:"found"`
}

// Later relations: how a later document bears on this one.
const (
	LaterSucceeds  = "succeeds"  // it takes this document's place
	LaterFollows   = "follows"   // a later document on the same subject, not stated to replace it
	LaterRestricts = "restricts" // it restricts a kind of measure this document offers
)

// Later is a later document known to follow a document or to affect some
// of its measures: facts only (title, issuer, number, date), never its text.
type Later struct {
	Title    Text   `json:"title"`
	Issuer   Text   `json:"issuer"`
	Number   string `json:"number,omitempty"`
	Date     string `json:"date"`
	Relation string `json:"relation"`
	// Rules lists the measures it affects; empty for every measure of the document.
	Rules []string `json:"rules,omitempty"`
	// Ends, when set, is the last day the measures in Rules can count: the
	// later document ends them (Words gives its operative words).
	Ends  string `json:"ends,omitempty"`
	Words string `json:"words,omitempty"`
	// Note says how it bears on them.
	Note  Text   `json:"note"`
	Found string `json:"found"`

	ends time.Time
}

// Dated is the end of a clause that is a dated work item (e.g. a year's work
// plan): after Until the rule is "lapsed" whatever its document says.
type Dated struct {
	Until string `json:"until"`
	Quote string `json:"quote"`
	Note  *Text  `json:"note,omitempty"`

	until time.Time
}

// Location is one place the district comparison evaluates the answers in.
type Location struct {
	ID      string         `json:"id"`
	Label   Text           `json:"label"`
	Answers map[string]any `json:"answers"`

	answers Answers
}

// Step is one page of the questionnaire.
type Step struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
}

// Option is one allowed value of a choice or multi question.
type Option struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Question types.
const (
	TypeBool   = "bool"
	TypeChoice = "choice"
	TypeMulti  = "multi"
	TypeCount  = "count"
	TypeMoney  = "money"
	TypeYear   = "year"
	TypeDate   = "date"
)

// Question is one fact a rule needs.
type Question struct {
	ID       string   `json:"id"`
	Step     string   `json:"step"`
	Type     string   `json:"type"`
	Label    Text     `json:"label"`
	Help     *Text    `json:"help,omitempty"`
	Unit     string   `json:"unit,omitempty"`
	Min      any      `json:"min,omitempty"`
	Max      any      `json:"max,omitempty"`
	Options  []Option `json:"options,omitempty"`
	Relevant string   `json:"relevant,omitempty"`
	// AssumeForRelevance, when set, is the answer that other questions'
	// relevance expressions assume while this question is unanswered (an
	// unanswered "are you comparing districts?" should not ask every
	// district's questions). Eligibility never assumes: unknown stays unknown.
	AssumeForRelevance any `json:"assume_for_relevance,omitempty"`
	// Document is set for questions defined in a document file.
	Document string `json:"document,omitempty"`
	// NotSure, when set, offers "not sure" (the answer NotSure) beside the
	// question's own answers: its label says whom to ask. A "not sure"
	// answer is a deliberate unknown: the measures it decides stay possible.
	NotSure *Text `json:"not_sure,omitempty"`

	index            int
	minNum, maxNum   float64
	hasMin, hasMax   bool
	minDate, maxDate time.Time
	relevant         *exprlang.Cond
	assumed          *slot
}

// Condition is one named requirement of a rule.
type Condition struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Label Text   `json:"label"`
	When  string `json:"when"`
	Quote string `json:"quote,omitempty"`

	expr *exprlang.Cond
}

// Amount kinds.
const (
	AmountFixed   = "fixed"
	AmountPerItem = "per_item"
	AmountRange   = "range"
	AmountCap     = "cap"
	AmountFormula = "formula"
	AmountUnset   = "unset"
	AmountNone    = "none"
)

// Amount is the benefit as the text states it.
type Amount struct {
	Kind  string   `json:"kind"`
	Unit  string   `json:"unit"`
	Value *float64 `json:"value,omitempty"`
	Count string   `json:"count,omitempty"`
	Min   any      `json:"min,omitempty"`
	Max   any      `json:"max,omitempty"`
	Quote string   `json:"quote,omitempty"`
	Note  *Text    `json:"note,omitempty"`

	minNum, maxNum   *float64
	minExpr, maxExpr *exprlang.Num
	countQ           *Question
}

// Period kinds.
const (
	PeriodOneTime = "one_time"
	PeriodYearly  = "yearly"
	PeriodPerItem = "per_item"
	// PeriodThisYear is one year's amount that changes from year to year
	// (e.g. a share that falls each year after registration): the amount
	// is the assessment year's, counted with the yearly totals.
	PeriodThisYear = "this_year"
)

// Period says how often the amount is paid.
type Period struct {
	Kind  string `json:"kind"`
	Years int    `json:"years,omitempty"`
}

// Certainty: what the text commits to for a rule.
const (
	// CertaintyEntitlement: the text fixes the benefit for whoever meets the
	// conditions ("给予…50000元/家"). Only these count as secured money.
	CertaintyEntitlement = "entitlement"
	// CertaintyDiscretionary: the text leaves the decision or a qualitative
	// judgement to an official ("可", "择优", "鼓励", "支持", "探索", 优秀,
	// 具有影响力, 骨干, 领军…). Never counted as secured money.
	CertaintyDiscretionary = "discretionary"
	// CertaintyService: a service, channel, space or platform, not money.
	CertaintyService = "service"
	// CertaintyNational: a national or municipal measure the text continues
	// or points to (e.g. the R&D super deduction); not the district's money.
	CertaintyNational = "national"
)

var certainties = map[string]bool{CertaintyEntitlement: true, CertaintyDiscretionary: true, CertaintyService: true, CertaintyNational: true}

// Rule is one measure a document offers.
type Rule struct {
	ID        string `json:"id"`
	Document  string `json:"document"`
	Clause    string `json:"clause"`
	Quote     string `json:"quote"`
	Title     Text   `json:"title"`
	Summary   Text   `json:"summary"`
	Applicant string `json:"applicant"`
	Category  string `json:"category"`
	// Certainty is what the text commits to (see CertaintyEntitlement…);
	// CertaintyQuote gives the words that make it so.
	Certainty      string `json:"certainty"`
	CertaintyQuote string `json:"certainty_quote,omitempty"`
	// Dated, when set, ends the rule on a date of its own.
	Dated         *Dated      `json:"dated,omitempty"`
	Scope         string      `json:"scope,omitempty"`
	Conditions    []Condition `json:"conditions"`
	Amount        Amount      `json:"amount"`
	Period        Period      `json:"period"`
	Obligations   []Provision `json:"obligations"`
	Stacking      []Provision `json:"stacking"`
	Administrator *Text       `json:"administrator,omitempty"`
	NextSteps     *Text       `json:"next_steps,omitempty"`
	Note          *Text       `json:"note,omitempty"`

	// All lists every condition the engine checks, in report order: the
	// document's scope, the applicant kind, then the rule's own conditions.
	All []*Condition `json:"all_conditions"`

	doc                   *Document
	docIndex, regionIndex int       // in Report.ByDocument and Report.ByRegion
	citation              *Citation // shared by every full report
	// ends is the last day the rule can apply (the earlier of its document's
	// Until and its own Dated.Until; zero for none); lapse describes it.
	ends  time.Time
	lapse *Lapse
	// starts is the day its document was issued: before it the rule's
	// status is "not_issued" (notIssued says so).
	starts    time.Time
	notIssued *Lapse
	// later lists the later documents that follow or affect the rule.
	later []*Later
	// obligations and stacking are the document's provisions, then the rule's own.
	obligations, stacking []Provision
}

// AllConditions returns the conditions the engine checks for the rule: the
// document's scope, the applicant kind, then the rule's own conditions.
func (r *Rule) AllConditions() []*Condition { return r.All }

// Expectation is what a test case expects of one rule.
type Expectation struct {
	Status string   `json:"status"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

// Case is a test case: answers, a date and the expected outcome, named as a sentence.
type Case struct {
	Name    string                 `json:"name"`
	Date    string                 `json:"date"`
	Answers map[string]any         `json:"answers"`
	Expect  map[string]Expectation `json:"expect"`

	File    string `json:"-"`
	answers Answers
	date    time.Time
}

// Applicant kinds a rule may name, and the organisation kind each requires.
// applicantWhen is the condition an applicant kind adds to its rules:
// organisation_kind == "kind". The kinds are lower_snake_case, so the
// quotes need no escaping (TestApplicantWhenIsQuoted); written without
// strconv.Quote, whose rune-by-rune escaping, run for every rule, was
// among the functions V8 optimised during the page's cold start.
func applicantWhen(kind string) string {
	return `organisation_kind == "` + kind + `"`
}

var applicantKinds = map[string]string{
	"company":              "company",
	"founder":              "company",
	"staff":                "company",
	"incubator":            "incubator",
	"alliance":             "alliance",
	"training_institution": "training_institution",
	"research_platform":    "research_platform",
	"investor":             "investor",
	// team: founders who have not registered a company yet.
	"team": "team",
}

var categories = map[string]bool{
	"funding": true, "certification": true, "ip": true, "rd_platform": true, "product": true,
	"standards": true, "talent": true, "finance": true, "space": true, "service": true,
	"fiscal": true, "training": true,
}

var conditionKinds = map[string]bool{"fact": true, "time": true, "location": true}
