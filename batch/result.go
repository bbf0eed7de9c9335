package batch

import (
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"policycheck/engine"
)

// TopMeasures is how many measures a result names: the eligible ones with
// the largest secured amounts.
const TopMeasures = 3

// Result is the outcome for one row: the parts of the report's totals a
// portfolio table shows, counted as the page counts them (engine.PartOf),
// the measures that bring the most, and the status of every rule (in
// catalogue order). A row with errors has only Row, Company and Errors.
type Result struct {
	Row          int          `json:"row"`
	Company      string       `json:"company"`
	District     string       `json:"district"`
	Secured      engine.Money `json:"secured"`
	PossiblyMore engine.Money `json:"possibly_more"`
	// Eligible counts the measures the texts fix (the page's "fixed by the
	// texts", the report's totals.fixed); Official those whose money an
	// official decides; NotMoney the eligible that offer no money; National
	// the national or city programmes pointed to; Lapsed the measures whose
	// period ended or whose document was not yet issued, LapsedReason why.
	Eligible     int         `json:"eligible"`
	Official     int         `json:"official"`
	Possible     int         `json:"possible"`
	NotMoney     int         `json:"not_money"`
	National     int         `json:"national"`
	Lapsed       int         `json:"lapsed"`
	LapsedReason engine.Text `json:"lapsed_reason"`
	// Top lists the ids of up to TopMeasures eligible rules offering money,
	// those the texts fix first, the largest secured amount first (then the
	// largest possible amount, then catalogue order).
	Top    []string    `json:"top"`
	Errors []CellError `json:"errors,omitempty"`
	// Statuses holds each rule's status in catalogue order; its JSON is an
	// object keyed by rule id, in that order.
	Statuses Statuses `json:"statuses,omitempty"`
}

// RuleStatus is one rule's status in a result, and the part of the story
// it belongs to (engine.PartOf; not written in JSON, which keeps the codes).
type RuleStatus struct {
	Rule   string
	Status string
	Part   string
}

// Statuses are the rules' statuses in catalogue order.
type Statuses []RuleStatus

// MarshalJSON writes {"rule id": "status", ...} in catalogue order (a Go
// map would leave the order to the encoder).
func (s Statuses) MarshalJSON() ([]byte, error) {
	return s.appendJSON(make([]byte, 0, 40*len(s)+2)), nil
}

func (s Statuses) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, rs := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, rs.Rule)
		b = append(b, ':')
		b = appendString(b, rs.Status)
	}
	return append(b, '}')
}

// appendString quotes a rule id or status: plain identifiers as they are,
// anything else escaped.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.AppendQuoteToASCII(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Of returns the status of a rule ("" if the result has none).
func (s Statuses) Of(rule string) string {
	for _, rs := range s {
		if rs.Rule == rule {
			return rs.Status
		}
	}
	return ""
}

// Failed says whether the row could not be estimated.
func (r *Result) Failed() bool { return len(r.Errors) > 0 }

// Options control a batch.
type Options struct {
	// Date is the assessment date of every row; zero means today.
	Date time.Time
}

// Evaluate estimates one row.
func Evaluate(c *engine.Catalogue, row *Row, opt Options) Result {
	res := Result{Row: row.Row, Company: row.Company, Top: []string{}}
	if len(row.Errors) > 0 {
		res.Errors = row.Errors
		return res
	}
	t, outs, err := c.Outcomes(row.Answers, engine.Options{Date: opt.Date}, make([]engine.Outcome, 0, len(c.Rules)))
	if err != nil {
		res.Errors = []CellError{{Row: row.Row, Code: "estimate", Message: engine.Text{Zh: err.Error(), En: err.Error()}}}
		return res
	}
	if d, ok := row.Answers["registered_district"].(string); ok {
		res.District = d
	}
	res.Secured, res.PossiblyMore = t.Secured, t.PossiblyMore
	res.Eligible, res.Official, res.Possible = t.Fixed, t.Official, t.Possible
	res.NotMoney, res.National, res.Lapsed = t.NotMoney, t.National, t.Lapsed+t.NotIssued
	if res.Lapsed > 0 {
		res.LapsedReason = c.LapsedReason(outs, engine.Options{Date: opt.Date})
	}
	res.Statuses = make(Statuses, len(outs))
	type ranked struct {
		i        int
		fixed    bool
		min, max float64
	}
	var top []ranked
	for i := range outs {
		o := &outs[i]
		part := engine.PartOf(o.Status, o.Certainty, c.Rules[i].Amount.Kind)
		res.Statuses[i] = RuleStatus{Rule: c.Rules[i].ID, Status: o.Status, Part: part}
		if part != engine.PartFixed && part != engine.PartOfficial {
			continue
		}
		k := ranked{i: i, fixed: part == engine.PartFixed}
		if o.HasAmount {
			if o.Certainty == engine.CertaintyEntitlement {
				k.min = o.Min
			}
			k.max = o.Max
		}
		top = append(top, k)
	}
	sort.SliceStable(top, func(a, b int) bool {
		if top[a].fixed != top[b].fixed {
			return top[a].fixed
		}
		if top[a].min != top[b].min {
			return top[a].min > top[b].min
		}
		return top[a].max > top[b].max
	})
	for i := 0; i < len(top) && i < TopMeasures; i++ {
		res.Top = append(res.Top, c.Rules[top[i].i].ID)
	}
	return res
}

// Run estimates rows[from:to] into out[from:to] with up to workers
// goroutines (0 means one per CPU). The page calls it chunk by chunk with
// one worker, to report progress between chunks.
func Run(c *engine.Catalogue, rows []Row, out []Result, from, to int, opt Options, workers int) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 || to-from < 64 {
		for i := from; i < to; i++ {
			out[i] = Evaluate(c, &rows[i], opt)
		}
		return
	}
	var wg sync.WaitGroup
	per := (to - from + workers - 1) / workers
	for lo := from; lo < to; lo += per {
		hi := min(lo+per, to)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				out[i] = Evaluate(c, &rows[i], opt)
			}
		}(lo, hi)
	}
	wg.Wait()
}

// All estimates every row of the input.
func All(c *engine.Catalogue, in *Input, opt Options, workers int) []Result {
	out := make([]Result, len(in.Rows))
	Run(c, in.Rows, out, 0, len(out), opt, workers)
	return out
}
