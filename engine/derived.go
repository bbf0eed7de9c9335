package engine

import (
	"fmt"
	"slices"
	"strings"

	"policycheck/engine/exprlang"
)

// NotSure is the answer a person gives to a question that offers "not
// sure" (Question.NotSure): a deliberate unknown. It validates like any
// answer, but conditions read it as unanswered, so the measures it decides
// stay "possible" and name it, and the question's help says whom to ask.
const NotSure = "not_sure"

// Derived is a fact the questionnaire does not ask but derives from
// answers, by an expression (When) that rules and relevance read under the
// derived fact's ID as they read a yes/no question: a size class derived
// from headcount, revenue and sector under the national size standard.
// The expression is put in place of the ID wherever it is read, so an
// unanswered input leaves the fact unknown only where it could change it.
type Derived struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Label Text   `json:"label"`
	Help  *Text  `json:"help,omitempty"`
	When  string `json:"when"`
	// Basis cites the standard the derivation follows.
	Basis []Standard `json:"basis"`
	// Replaces lists the questions this fact used to be asked as: answers
	// to them are refused with a message naming what is asked instead.
	Replaces []string `json:"replaces,omitempty"`
	// Note explains the reading (thresholds, "以上"/"以下").
	Note *Text `json:"note,omitempty"`

	reads []string       // the questions When reads, in catalogue order
	cond  *exprlang.Cond // When, compiled
}

// Standard is a national standard a derivation follows, cited: its title,
// number, date and the article applied, and where its words were confirmed.
type Standard struct {
	Title   Text   `json:"title"`
	Issuer  Text   `json:"issuer"`
	Number  string `json:"number,omitempty"`
	Date    string `json:"date"`
	Article string `json:"article"`
	Found   string `json:"found"`
}

// Reads returns the ids of the questions the derived fact is derived from.
func (d *Derived) Reads() []string { return d.reads }

// DerivedFact returns the derived fact with the given id, or nil.
func (c *Catalogue) DerivedFact(id string) *Derived {
	for _, d := range c.Derived {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// derivedVars declares the derived facts to the expression language.
func derivedVars(vars []exprlang.Var, ds []*Derived) []exprlang.Var {
	for _, d := range ds {
		vars = append(vars, exprlang.Var{Name: d.ID, Type: exprlang.Bool, Derived: true})
	}
	return vars
}

// defineDerived defines every derived fact in order (a fact may read the
// ones before it) and records the questions each reads.
func defineDerived(c *Catalogue) error {
	for _, d := range c.Derived {
		if err := c.env.Derive(d.ID, d.When); err != nil {
			return fmt.Errorf("derived %s: %w", d.ID, err)
		}
		ce, err := c.env.Condition(d.When)
		if err != nil {
			return fmt.Errorf("derived %s: %w", d.ID, err)
		}
		d.cond = ce
		var idx []int
		var walk func(ce *exprlang.Cond)
		walk = func(ce *exprlang.Cond) {
			if ce == nil {
				return
			}
			for _, i := range ce.Refs {
				if !slices.Contains(idx, i) {
					idx = append(idx, i)
				}
			}
			walk(ce.A)
			walk(ce.B)
			walk(ce.C)
		}
		walk(ce)
		slices.Sort(idx)
		d.reads = d.reads[:0]
		for _, i := range idx {
			d.reads = append(d.reads, c.Questions[i].ID)
		}
	}
	return nil
}

// replacedBy returns the message refusing an answer to id when id is a
// derived fact or a question a derived fact replaces, naming what is asked
// instead; ok is false otherwise.
func (c *Catalogue) replacedBy(id string) (FieldError, bool) {
	for _, d := range c.Derived {
		if d.ID != id && !slices.Contains(d.Replaces, id) {
			continue
		}
		reads := strings.Join(d.reads, ", ")
		var std []string
		for _, s := range d.Basis {
			std = append(std, s.Title.Zh+"（"+s.Number+"）")
		}
		return FieldError{Field: id, Code: CodeReplaced, Message: Text{
			Zh: "不再直接询问：“" + d.Label.Zh + "”现按" + strings.Join(std, "、") + "由以下问题的回答推算：" + reads + "；请回答这些问题",
			En: "no longer asked: \"" + d.Label.En + "\" is now derived (" + d.ID + ") from the answers to " + reads + " under " + strings.Join(std, ", ") + "; answer those instead",
		}}, true
	}
	return FieldError{}, false
}

// checkDerived validates the derived facts of questions.json.
func (l *loader) checkDerived(c *Catalogue) {
	seen := map[string]bool{}
	for _, d := range c.Derived {
		f := "derived." + d.ID
		switch {
		case !isSnakeID(d.ID):
			l.add(QuestionsFile, "", f, "derived id must be lower_snake_case")
		case c.questionByID[d.ID] != nil || seen[d.ID]:
			l.add(QuestionsFile, "", f, "derived id %q is also a question or repeated", d.ID)
		}
		seen[d.ID] = true
		if d.Type != TypeBool {
			l.add(QuestionsFile, "", f+".type", "a derived fact is a bool, got %q", d.Type)
		}
		l.checkText(QuestionsFile, "", f+".label", d.Label)
		if d.Help != nil {
			l.checkText(QuestionsFile, "", f+".help", *d.Help)
		}
		if d.Note != nil {
			l.checkText(QuestionsFile, "", f+".note", *d.Note)
		}
		if len(d.Basis) == 0 {
			l.add(QuestionsFile, "", f+".basis", "a derived fact cites the standard it follows")
		}
		for i, s := range d.Basis {
			l.checkText(QuestionsFile, "", fmt.Sprintf("%s.basis[%d].title", f, i), s.Title)
			l.checkText(QuestionsFile, "", fmt.Sprintf("%s.basis[%d].issuer", f, i), s.Issuer)
			if _, err := ParseDay(s.Date); err != nil || s.Article == "" || s.Found == "" {
				l.add(QuestionsFile, "", fmt.Sprintf("%s.basis[%d]", f, i), "a standard needs date (YYYY-MM-DD), article and found")
			}
		}
		for _, r := range d.Replaces {
			if c.questionByID[r] != nil {
				l.add(QuestionsFile, "", f+".replaces", "%s is still a question: a replaced question is no longer asked", r)
			}
		}
	}
}

var derivedTrue, derivedFalse = true, false

// derivedValues evaluates every derived fact under the answers loaded.
func (ev *evaluator) derivedValues() []DerivedValue {
	out := make([]DerivedValue, len(ev.c.Derived))
	for i, d := range ev.c.Derived {
		out[i] = DerivedValue{ID: d.ID, Value: ev.derivedValue(d)}
	}
	return out
}

func (ev *evaluator) derivedValue(d *Derived) *bool {
	switch ev.Eval(d.cond) {
	case triTrue:
		return &derivedTrue
	case triFalse:
		return &derivedFalse
	}
	return nil
}

// appendDerived writes the derived facts under the answers loaded, as
// Report.Derived marshals.
func (ev *evaluator) appendDerived(b []byte) []byte {
	b = append(b, '[')
	for i, d := range ev.c.Derived {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendDerivedValue(b, d.ID, ev.derivedValue(d))
	}
	return append(b, ']')
}

// appendDerivedValues writes Report.Derived as encoding/json does.
func appendDerivedValues(b []byte, vs []DerivedValue) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendDerivedValue(b, v.ID, v.Value)
	}
	return append(b, ']')
}

func appendDerivedValue(b []byte, id string, v *bool) []byte {
	b = append(b, `{"id":`...)
	b = appendStr(b, id)
	b = append(b, `,"value":`...)
	switch {
	case v == nil:
		b = append(b, "null"...)
	case *v:
		b = append(b, "true"...)
	default:
		b = append(b, "false"...)
	}
	return append(b, '}')
}
