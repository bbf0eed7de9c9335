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
// portfolio table shows, the measures that bring the most, and the status
// of every rule (in catalogue order). A row with errors has only Row,
// Company and Errors.
type Result struct {
	Row          int          `json:"row"`
	Company      string       `json:"company"`
	District     string       `json:"district"`
	Secured      engine.Money `json:"secured"`
	PossiblyMore engine.Money `json:"possibly_more"`
	Eligible     int          `json:"eligible"`
	Possible     int          `json:"possible"`
	Lapsed       int          `json:"lapsed"`
	// Top lists the ids of up to TopMeasures eligible rules, the largest
	// secured amount first (then the largest possible amount, then catalogue order).
	Top    []string    `json:"top"`
	Errors []CellError `json:"errors,omitempty"`
	// Statuses holds each rule's status in catalogue order; its JSON is an
	// object keyed by rule id, in that order.
	Statuses Statuses `json:"statuses,omitempty"`
}

// RuleStatus is one rule's status in a result.
type RuleStatus struct {
	Rule   string
	Status string
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
	res.Eligible, res.Possible, res.Lapsed = t.Eligible, t.Possible, t.Lapsed
	res.Statuses = make(Statuses, len(outs))
	type ranked struct {
		i        int
		min, max float64
	}
	var top []ranked
	for i := range outs {
		o := &outs[i]
		res.Statuses[i] = RuleStatus{Rule: c.Rules[i].ID, Status: o.Status}
		if o.Status != engine.StatusEligible {
			continue
		}
		k := ranked{i: i}
		if o.HasAmount {
			if o.Certainty == engine.CertaintyEntitlement {
				k.min = o.Min
			}
			k.max = o.Max
		}
		top = append(top, k)
	}
	sort.SliceStable(top, func(a, b int) bool {
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
