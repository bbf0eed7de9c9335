package engine_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"policycheck/engine"
)

// walker answers the questionnaire as a person would: only the questions
// the report says are shown (relevant_questions), in questionnaire order,
// one at a time, each with a random valid answer. It never answers "not
// sure" (engine.NotSure): that answer is a deliberate unknown, which keeps
// the measures it decides possible by design (TestNotSureKeepsTheMeasurePossible),
// while the gating invariant is about questions left unanswered.
type walker struct {
	c    *engine.Catalogue
	rnd  *rand.Rand
	date time.Time
}

var identifier = regexp.MustCompile(`[a-z_][a-z0-9_]*`)
var stringLiteral = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// parents returns the questions a question's relevance reads by name. A
// derived fact it reads (such as small_micro) is not a parent: the
// questions it is derived from are shown as its sector needs them
// (total_assets only for construction and real estate), not all at once.
func parents(c *engine.Catalogue, q *engine.Question) []string {
	var out []string
	for _, id := range identifier.FindAllString(stringLiteral.ReplaceAllString(q.Relevant, `""`), -1) {
		if c.Question(id) != nil && id != q.ID && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// readsOf returns the questions an expression reads, a derived fact
// standing for the questions it is derived from.
func readsOf(c *engine.Catalogue, src string) []string {
	var out []string
	for _, id := range identifier.FindAllString(stringLiteral.ReplaceAllString(src, `""`), -1) {
		if d := c.DerivedFact(id); d != nil {
			out = append(out, d.Reads()...)
		} else if c.Question(id) != nil {
			out = append(out, id)
		}
	}
	return out
}

func (w *walker) value(q *engine.Question) any {
	num := func(v any, def float64) float64 {
		if f, ok := v.(float64); ok {
			return f
		}
		return def
	}
	switch q.Type {
	case engine.TypeBool:
		return w.rnd.IntN(2) == 0
	case engine.TypeChoice:
		return q.Options[w.rnd.IntN(len(q.Options))].Value
	case engine.TypeMulti:
		var out []string
		for _, o := range q.Options {
			if w.rnd.IntN(3) == 0 {
				out = append(out, o.Value)
			}
		}
		if len(out) == 0 {
			out = append(out, q.Options[w.rnd.IntN(len(q.Options))].Value)
		}
		return out
	case engine.TypeCount:
		hi := math.Min(num(q.Max, 1000), 30)
		return int(num(q.Min, 0)) + w.rnd.IntN(int(hi-num(q.Min, 0))+1)
	case engine.TypeMoney:
		lo, hi := num(q.Min, 0), num(q.Max, 1e10)
		// Log-uniform, so that thresholds of every size are crossed.
		v := math.Exp(w.rnd.Float64() * math.Log(hi-lo+1))
		return math.Round(lo + v - 1)
	case engine.TypeYear:
		lo, hi := num(q.Min, 1990), math.Min(num(q.Max, 2100), float64(w.date.Year()))
		lo = math.Max(lo, 1995)
		return int(lo) + w.rnd.IntN(int(hi-lo)+1)
	case engine.TypeDate:
		from := time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
		days := int(w.date.Sub(from).Hours() / 24)
		return from.AddDate(0, 0, w.rnd.IntN(days+1)).Format(time.DateOnly)
	}
	panic("unknown question type " + q.Type)
}

func (w *walker) estimate(t *testing.T, raw map[string]any) *engine.Report {
	t.Helper()
	a, err := w.c.ValidateAnswers(raw)
	if err != nil {
		t.Fatalf("generated answers are invalid: %v\n%v", err, raw)
	}
	rep, err := w.c.Estimate(a, engine.Options{Date: w.date})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// walk answers every shown question; first fixes the answers to give
// first to the questions they name (the location under test). It checks,
// at every step, that a follow-up question is never shown without its
// parent, and returns the final answers and report.
func (w *walker) walk(t *testing.T, first map[string]any) (map[string]any, *engine.Report) {
	t.Helper()
	raw := map[string]any{}
	for step := 0; ; step++ {
		rep := w.estimate(t, raw)
		shown := map[string]bool{}
		for _, id := range rep.RelevantQuestions {
			shown[id] = true
		}
		for _, id := range rep.RelevantQuestions {
			for _, p := range parents(w.c, w.c.Question(id)) {
				if !shown[p] && w.c.Question(p).AssumeForRelevance == nil {
					t.Fatalf("question %s is shown but the question its relevance reads, %s, is not (answers %v)", id, p, raw)
				}
			}
		}
		next := ""
		for _, id := range rep.RelevantQuestions {
			if _, done := raw[id]; !done {
				next = id
				break
			}
		}
		if next == "" {
			return raw, rep
		}
		if step > len(w.c.Questions) {
			t.Fatalf("the walk does not end: %s stays open (answers %v)", next, raw)
		}
		if v, ok := first[next]; ok {
			raw[next] = v
		} else {
			raw[next] = w.value(w.c.Question(next))
		}
	}
}

// TestAnsweringEveryShownQuestionLeavesNothingPossible is the gating
// invariant: a founder who answers every question the questionnaire shows,
// in any location and with any answers, ends with no rule "possible" for
// lack of an answer, and no result names a deciding question that the
// questionnaire does not show.
func TestAnsweringEveryShownQuestionLeavesNothingPossible(t *testing.T) {
	c := loadReal(t)
	walks := 120
	if runtime.GOOS == "js" || testing.Short() {
		walks = 12
	}
	district := c.Question("registered_district")
	if district == nil {
		t.Fatal("no registered_district question")
	}
	// Two dates walked at length, then every date on which a document, a
	// clause or a later document starts or ends a measure, and the day
	// before or after, more briefly.
	dates := []string{"2019-06-01", "2026-11-30"}
	for _, d := range boundaryDates(c) {
		if !slices.Contains(dates, d) {
			dates = append(dates, d)
		}
	}
	for di, d := range dates {
		n := walks
		if di >= 2 {
			// Boundary dates: a tenth of the walks natively, one under
			// js/wasm (the same Go code, which runs far slower there).
			n = max(1, walks/10)
		}
		for _, loc := range district.Options {
			t.Run(d+"/"+loc.Value, func(t *testing.T) {
				for seed := range n {
					w := &walker{c: c, rnd: rand.New(rand.NewPCG(uint64(seed), 7)), date: date(d)}
					first := map[string]any{"registered_district": loc.Value}
					if seed%4 != 0 {
						// Most walks are companies: most rules are theirs.
						first["organisation_kind"] = "company"
					}
					raw, rep := w.walk(t, first)
					shown := map[string]bool{}
					for _, id := range rep.RelevantQuestions {
						shown[id] = true
					}
					bad := askedOnlyWhatCanChange(c, date(d), rep)
					for _, r := range rep.Results {
						if r.Status == engine.StatusPossible {
							bad = append(bad, fmt.Sprintf("%s is possible (deciding %v, errors %v)", r.Rule, r.Deciding, r.Errors))
						}
						for _, q := range r.Deciding {
							if !shown[q] {
								bad = append(bad, fmt.Sprintf("%s names %s, which is not shown", r.Rule, q))
							}
						}
					}
					if len(bad) > 0 {
						t.Fatalf("after answering every shown question (seed %d):\n  %s\nanswers: %v", seed, strings.Join(bad, "\n  "), raw)
					}
				}
			})
		}
	}
}

// TestEveryFollowUpNamesItsParentFirst checks the questionnaire statically:
// a question whose relevance reads another question comes after it, so
// that a person answering in order meets the parent first.
func TestEveryFollowUpNamesItsParentFirst(t *testing.T) {
	c := loadReal(t)
	pos := map[string]int{}
	steps := map[string]int{}
	for i, s := range c.Steps {
		steps[s.ID] = i
	}
	for i, q := range c.Questions {
		pos[q.ID] = steps[q.Step]*1000 + i
	}
	_ = pos
	for _, q := range c.Questions {
		for _, p := range parents(c, q) {
			if steps[c.Question(p).Step] > steps[q.Step] {
				t.Errorf("%s (step %s) depends on %s, asked in a later step (%s)", q.ID, q.Step, p, c.Question(p).Step)
			}
		}
	}
}

// boundaryDates returns, for every document, the days on both sides of its
// issue date and of the end of its validity, and of the ends its clauses and
// later documents set, in YYYY-MM-DD.
func boundaryDates(c *engine.Catalogue) []string {
	var out []string
	add := func(day string) {
		t, err := engine.ParseDay(day)
		if err != nil {
			return
		}
		for _, d := range []time.Time{t.AddDate(0, 0, -1), t, t.AddDate(0, 0, 1)} {
			if s := d.Format(time.DateOnly); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	for _, d := range c.Documents {
		add(d.Currency.Issued)
		add(d.Currency.Until)
		for _, l := range d.Currency.Later {
			add(l.Ends)
		}
	}
	for _, r := range c.Rules {
		if r.Dated != nil {
			add(r.Dated.Until)
		}
	}
	slices.Sort(out)
	return out
}

// inForce reports whether rule r counts on day: its document issued, and
// neither the document's validity, its clause's date nor a later document
// ended it; worked out here from the catalogue's data, apart from the engine.
func inForce(c *engine.Catalogue, r *engine.Rule, day time.Time) bool {
	cu := c.Document(r.Document).Currency
	on := day.Format(time.DateOnly)
	if on < cu.Issued || (cu.Until != "" && on > cu.Until) || (r.Dated != nil && on > r.Dated.Until) {
		return false
	}
	for _, l := range cu.Later {
		if l.Ends != "" && on > l.Ends && slices.Contains(l.Rules, r.ID) {
			return false
		}
	}
	return true
}

// askedOnlyWhatCanChange checks that every question the report shows is
// read by a rule in force on day (by a condition or the amount), or decides
// whether a question shown is shown, or is read by no rule at all (a switch
// such as "are you comparing districts?") while some rule is in force; and
// that no rule out of force names a deciding question.
func askedOnlyWhatCanChange(c *engine.Catalogue, day time.Time, rep *engine.Report) []string {
	readByInForce := map[string]bool{}
	readByAny := map[string]bool{}
	anyInForce := false
	for _, r := range c.Rules {
		in := inForce(c, r, day)
		anyInForce = anyInForce || in
		var reads []string
		for _, cond := range r.AllConditions() {
			reads = append(reads, readsOf(c, cond.When)...)
		}
		reads = append(reads, r.Amount.Count)
		for _, b := range []any{r.Amount.Min, r.Amount.Max} {
			if s, ok := b.(string); ok {
				reads = append(reads, identifier.FindAllString(s, -1)...)
			}
		}
		for _, id := range reads {
			readByAny[id] = true
			if in {
				readByInForce[id] = true
			}
		}
	}
	shown := map[string]bool{}
	for _, id := range rep.RelevantQuestions {
		shown[id] = true
	}
	gates := map[string]bool{}
	for _, id := range rep.RelevantQuestions {
		// What a question's relevance reads, through the derived facts.
		for _, p := range readsOf(c, c.Question(id).Relevant) {
			gates[p] = true
		}
	}
	var bad []string
	for _, id := range rep.RelevantQuestions {
		switch {
		case readByInForce[id], gates[id]:
		case !readByAny[id] && anyInForce:
		default:
			bad = append(bad, fmt.Sprintf("%s is asked on %s though only rules out of force read it", id, day.Format(time.DateOnly)))
		}
	}
	for _, r := range rep.Results {
		if (r.Status == engine.StatusLapsed || r.Status == engine.StatusNotIssued) && len(r.Deciding) > 0 {
			bad = append(bad, fmt.Sprintf("%s is %s yet names deciding questions %v", r.Rule, r.Status, r.Deciding))
		}
	}
	for _, id := range rep.OpenQuestions {
		if !shown[id] {
			bad = append(bad, fmt.Sprintf("%s is open but not shown", id))
		}
	}
	return bad
}
