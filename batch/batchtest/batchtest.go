// Package batchtest generates batch input tables from the catalogue, for
// tests and benchmarks: valid rows with random answers of every question
// type, and, on request, bad rows of every kind the reader must report.
package batchtest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"policycheck/batch"
	"policycheck/engine"
)

// UnknownColumn is the column the generated header adds that no question has.
const UnknownColumn = "favourite_colour"

// Bad kinds, in the order bad rows cycle through them.
var BadKinds = []string{"wrong_type", "unknown_column", "out_of_range", "empty_row", "wrong_separator", "bad_option", "bad_date"}

// Options control a generated table.
type Options struct {
	Rows int
	Seed uint64
	// BadEvery makes every BadEvery-th row bad (0: none), cycling through BadKinds.
	BadEvery int
	// Labels adds the template's second header row in this language ("" for none).
	Labels string
	// Tab separates the columns with tabs instead of commas.
	Tab bool
}

// CSV returns a table of Rows companies; bad[i] names the kind of row i+1
// of data ("" for a valid one).
func CSV(c *engine.Catalogue, opt Options) (data []byte, bad []string) {
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	if opt.Tab {
		w.Comma = '\t'
	}
	w.UseCRLF = true
	head := []string{batch.CompanyColumn}
	qs := map[string]int{}
	byType := map[string]*engine.Question{}
	for i, q := range c.Questions {
		qs[q.ID] = len(head)
		head = append(head, q.ID)
		if byType[q.Type] == nil {
			byType[q.Type] = q
		}
		if i == len(c.Questions)/2 {
			head = append(head, UnknownColumn)
		}
	}
	unknown := 0
	for i, h := range head {
		if h == UnknownColumn {
			unknown = i
		}
	}
	w.Write(head)
	if opt.Labels != "" {
		labels := make([]string, len(head))
		labels[0] = "#"
		for _, q := range c.Questions {
			labels[qs[q.ID]] = q.Label.In(opt.Labels) + " — " + batch.Hint(q).In(opt.Labels)
		}
		w.Write(labels)
	}
	bad = make([]string, opt.Rows)
	for r := 0; r < opt.Rows; r++ {
		rec := make([]string, len(head))
		rec[0] = fmt.Sprintf("企业 %d Co.", r+1)
		for _, q := range c.Questions {
			if q.ID == "organisation_kind" {
				rec[qs[q.ID]] = "company"
				if rng.IntN(10) == 0 {
					rec[qs[q.ID]] = q.Options[rng.IntN(len(q.Options))].Value
				}
				continue
			}
			if q.ID != "registered_district" && rng.IntN(2) == 0 {
				continue
			}
			rec[qs[q.ID]] = value(rng, q)
		}
		kind := ""
		if opt.BadEvery > 0 && (r+1)%opt.BadEvery == 0 {
			kind = BadKinds[((r+1)/opt.BadEvery-1)%len(BadKinds)]
		}
		bad[r] = kind
		switch kind {
		case "wrong_type":
			rec[qs[byType[engine.TypeCount].ID]] = "many"
		case "unknown_column":
			rec[unknown] = "blue"
		case "out_of_range":
			rec[qs[byType[engine.TypeCount].ID]] = "-3"
		case "empty_row":
			clear(rec)
		case "wrong_separator":
			w.Flush()
			sep := "\t"
			if opt.Tab {
				sep = ","
			}
			buf.WriteString(strings.Join(rec, sep) + "\r\n")
			continue
		case "bad_option":
			rec[qs["registered_district"]] = "mars"
		case "bad_date":
			rec[qs[byType[engine.TypeDate].ID]] = "2019/06/01"
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes(), bad
}

func value(rng *rand.Rand, q *engine.Question) string {
	lo, hi := bounds(q)
	switch q.Type {
	case engine.TypeBool:
		return []string{"是", "否", "true", "false", "yes", "no", "1", "0", "Yes", "N"}[rng.IntN(10)]
	case engine.TypeChoice:
		return q.Options[rng.IntN(len(q.Options))].Value
	case engine.TypeMulti:
		a, b := q.Options[rng.IntN(len(q.Options))].Value, q.Options[rng.IntN(len(q.Options))].Value
		if a == b || rng.IntN(2) == 0 {
			return a
		}
		return a + ";" + b
	case engine.TypeCount:
		return strconv.Itoa(int(lo) + rng.IntN(int(min(hi-lo, 60))+1))
	case engine.TypeYear:
		return strconv.Itoa(max(int(lo), 2008) + rng.IntN(18))
	case engine.TypeMoney:
		n := rng.IntN(50_000_000)
		if rng.IntN(4) == 0 {
			return thousands(n)
		}
		return strconv.Itoa(n)
	case engine.TypeDate:
		return fmt.Sprintf("%d-%02d-%02d", 2008+rng.IntN(16), 1+rng.IntN(12), 1+rng.IntN(28))
	}
	return ""
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func bounds(q *engine.Question) (float64, float64) {
	f := func(v any, def float64) float64 {
		if v == nil {
			return def
		}
		x, err := strconv.ParseFloat(fmt.Sprint(v), 64)
		if err != nil {
			return def
		}
		return x
	}
	return f(q.Min, 0), f(q.Max, 1e6)
}
