//go:build js && wasm

package main

// The batch entry points of the page's batch mode (site/batch-worker.js
// calls them in a Web Worker). They use package batch, so the page reads a
// table exactly as `policycheck batch` does:
//
//	policycheck.batchParse(text, date)      -> {"id", "rows", "failed", "format", "labels", "assessment_date", "errors": [...], "more_errors"}
//	policycheck.batchRun(id, from, to, lang) -> {"done", "rows": [batch.TableRow...]}: estimates rows [from, to)
//	policycheck.batchCSV(id, lang)          -> the result table as CSV text (with the BOM), as the CLI writes it
//	policycheck.batchTemplate(lang)         -> the empty table to fill in (CSV text with the BOM)
//	policycheck.batchClose(id)              -> {} and forgets the table
//
// The caller runs batchRun chunk by chunk, to report progress and to stop
// between chunks. Errors come back as {"error": {...}}, never thrown.

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/hack-pad/safejs"

	"policycheck/api"
	"policycheck/batch"
	"policycheck/engine"
	"policycheck/jsoncodec"
)

// maxParseErrors is how many row errors batchParse returns (the count of
// failed rows is always exact).
const maxParseErrors = 2000

type batchSession struct {
	in      *batch.Input
	results []batch.Result
	done    []bool
	date    time.Time
}

var (
	batchSessions = map[int]*batchSession{}
	batchNext     = 1
)

// addBatchExports registers the batch entry points.
func addBatchExports(exports map[string]func([]safejs.Value) string, cat *engine.Catalogue) {
	exports["batchParse"] = func(args []safejs.Value) string { return batchParse(cat, args) }
	exports["batchRun"] = func(args []safejs.Value) string { return batchRun(cat, args) }
	exports["batchCSV"] = func(args []safejs.Value) string { return batchCSV(cat, args) }
	exports["batchTemplate"] = func(args []safejs.Value) string { return batchTemplate(cat, args) }
	exports["batchClose"] = func(args []safejs.Value) string { return batchClose(args) }
}

func argString(args []safejs.Value, i int, fn, name string) (string, string) {
	if i >= len(args) || args[i].IsUndefined() || args[i].IsNull() {
		return "", ""
	}
	if t, got := typeOf(args[i]); t != safejs.TypeString {
		return "", badCall(fmt.Sprintf("%s: %s must be a string, got %s", fn, name, got))
	}
	s, err := args[i].String()
	if err != nil {
		return "", badCall(fn + ": " + name + ": " + err.Error())
	}
	return s, ""
}

func argInt(args []safejs.Value, i int, fn, name string) (int, string) {
	if i >= len(args) {
		return 0, badCall(fmt.Sprintf("%s: %s must be a number", fn, name))
	}
	if t, _ := typeOf(args[i]); t != safejs.TypeNumber {
		return 0, badCall(fmt.Sprintf("%s: %s must be a number", fn, name))
	}
	f, err := args[i].Float()
	if err != nil || f != float64(int(f)) {
		return 0, badCall(fmt.Sprintf("%s: %s must be a whole number", fn, name))
	}
	return int(f), ""
}

func argLang(args []safejs.Value, i int, fn string) (string, string) {
	lang, bad := argString(args, i, fn, "lang")
	if bad != "" {
		return "", bad
	}
	if lang == "" {
		lang = "zh"
	}
	if lang != "zh" && lang != "en" {
		return "", badCall(fn + `: lang must be "zh" or "en", got ` + strconv.Quote(lang))
	}
	return lang, ""
}

func session(args []safejs.Value, fn string) (*batchSession, int, string) {
	id, bad := argInt(args, 0, fn, "id")
	if bad != "" {
		return nil, 0, bad
	}
	s := batchSessions[id]
	if s == nil {
		return nil, 0, badCall(fmt.Sprintf("%s: no table %d (closed, or never parsed)", fn, id))
	}
	return s, id, ""
}

func marshal(v any) string {
	b, err := jsoncodec.Marshal(v)
	if err != nil {
		return string((&api.Error{Code: api.CodeInternal, Message: err.Error()}).JSON())
	}
	return string(b)
}

// batchParse(text string, date string = "")
func batchParse(cat *engine.Catalogue, args []safejs.Value) string {
	if len(args) < 1 || len(args) > 2 {
		return badCall(fmt.Sprintf("batchParse(text, date?) takes 1 or 2 arguments, got %d", len(args)))
	}
	if t, got := typeOf(args[0]); t != safejs.TypeString {
		return badCall("batchParse: text must be a string (the file's text), got " + got)
	}
	text, bad := argString(args, 0, "batchParse", "text")
	if bad != "" {
		return bad
	}
	date, bad := argString(args, 1, "batchParse", "date")
	if bad != "" {
		return bad
	}
	d, aerr := api.ParseDate(date)
	if aerr != nil {
		return string(aerr.JSON())
	}
	if d.IsZero() {
		now := time.Now()
		d = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	in, err := batch.Parse(cat, []byte(text))
	if err != nil {
		e := &api.Error{Code: "bad_file", Message: err.Error()}
		if fe, ok := err.(*batch.FileError); ok {
			return marshal(struct {
				Error   *api.Error  `json:"error"`
				Message engine.Text `json:"message"`
			}{e, fe.Message})
		}
		return string(e.JSON())
	}
	id := batchNext
	batchNext++
	batchSessions[id] = &batchSession{in: in, results: make([]batch.Result, len(in.Rows)), done: make([]bool, len(in.Rows)), date: d}
	errs := []batch.CellError{}
	total := 0
	for i := range in.Rows {
		for _, e := range in.Rows[i].Errors {
			total++
			if len(errs) < maxParseErrors {
				errs = append(errs, e)
			}
		}
	}
	return marshal(struct {
		ID             int               `json:"id"`
		Rows           int               `json:"rows"`
		Failed         int               `json:"failed"`
		Format         string            `json:"format"`
		Labels         bool              `json:"labels"`
		AssessmentDate string            `json:"assessment_date"`
		Errors         []batch.CellError `json:"errors"`
		MoreErrors     int               `json:"more_errors"`
	}{id, len(in.Rows), in.Failed(), in.Format, in.Labels, d.Format(time.DateOnly), errs, total - len(errs)})
}

// batchRun(id, from, to, lang)
func batchRun(cat *engine.Catalogue, args []safejs.Value) string {
	if len(args) != 4 {
		return badCall(fmt.Sprintf("batchRun(id, from, to, lang) takes 4 arguments, got %d", len(args)))
	}
	s, _, bad := session(args, "batchRun")
	if bad != "" {
		return bad
	}
	from, bad := argInt(args, 1, "batchRun", "from")
	if bad != "" {
		return bad
	}
	to, bad := argInt(args, 2, "batchRun", "to")
	if bad != "" {
		return bad
	}
	lang, bad := argLang(args, 3, "batchRun")
	if bad != "" {
		return bad
	}
	n := len(s.in.Rows)
	if from < 0 || to < from || to > n {
		return badCall(fmt.Sprintf("batchRun: rows [%d, %d) are outside the table's %d rows", from, to, n))
	}
	batch.Run(cat, s.in.Rows, s.results, from, to, batch.Options{Date: s.date}, 1)
	titles := batch.NewTitles(cat, lang)
	rows := make([]batch.TableRow, 0, to-from)
	for i := from; i < to; i++ {
		s.done[i] = true
		rows = append(rows, titles.Table(&s.results[i]))
	}
	return marshal(struct {
		Done int              `json:"done"`
		Rows []batch.TableRow `json:"rows"`
	}{to, rows})
}

// batchCSV(id, lang)
func batchCSV(cat *engine.Catalogue, args []safejs.Value) string {
	if len(args) != 2 {
		return badCall(fmt.Sprintf("batchCSV(id, lang) takes 2 arguments, got %d", len(args)))
	}
	s, _, bad := session(args, "batchCSV")
	if bad != "" {
		return bad
	}
	lang, bad := argLang(args, 1, "batchCSV")
	if bad != "" {
		return bad
	}
	for i, ok := range s.done {
		if !ok {
			return badCall(fmt.Sprintf("batchCSV: row %d is not estimated yet (run batchRun first)", s.in.Rows[i].Row))
		}
	}
	var buf bytes.Buffer
	if err := batch.WriteCSV(&buf, cat, s.results, lang); err != nil {
		return string((&api.Error{Code: api.CodeInternal, Message: err.Error()}).JSON())
	}
	return buf.String()
}

// batchTemplate(lang)
func batchTemplate(cat *engine.Catalogue, args []safejs.Value) string {
	if len(args) > 1 {
		return badCall(fmt.Sprintf("batchTemplate(lang) takes 1 argument, got %d", len(args)))
	}
	lang, bad := argLang(args, 0, "batchTemplate")
	if bad != "" {
		return bad
	}
	var buf bytes.Buffer
	if err := batch.WriteTemplate(&buf, cat, lang); err != nil {
		return string((&api.Error{Code: api.CodeInternal, Message: err.Error()}).JSON())
	}
	return buf.String()
}

// batchClose(id)
func batchClose(args []safejs.Value) string {
	if len(args) != 1 {
		return badCall(fmt.Sprintf("batchClose(id) takes 1 argument, got %d", len(args)))
	}
	_, id, bad := session(args, "batchClose")
	if bad != "" {
		return bad
	}
	delete(batchSessions, id)
	return "{}"
}
