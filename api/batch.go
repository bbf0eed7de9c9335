package api

import (
	"strconv"
	"time"

	"policycheck/batch"
	"policycheck/engine"
)

// MaxBatchRows is the most companies one POST /api/estimate/batch may
// carry. It keeps a request within the Cloudflare Workers Free plan's 10 ms
// of CPU time: under js/wasm in Node (V8, as in workerd) a request of 15
// rows took 6.2 ms, about 0.41 ms a row for reading, validating,
// estimating and writing it (BenchmarkBatchBody in web/, run with GOOS=js
// GOARCH=wasm on a 2-core machine under load), which leaves room for the
// request's own cost and slower isolates. Larger portfolios go in several
// requests, or through the page or the CLI, which have no row limit.
const MaxBatchRows = 15

// BatchBody handles POST /api/estimate/batch: a JSON object with either
// "csv" (the text of a batch table, as `policycheck batch` reads it) or
// "rows" (an array of answers objects, each with an optional "company"),
// and an optional "date" (YYYY-MM-DD, default today). The reply lists one
// result per row (batch.Result); rows with errors carry them and the others
// still run, so bad rows do not fail the request.
func (s *Service) BatchBody(body []byte) ([]byte, *Error) {
	v, err := ReadJSON(body)
	if err != nil {
		return nil, badRequest("request body: " + err.Error())
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest(`request body: must be a JSON object {"csv": "..."} or {"rows": [...]}, got ` + kind(v))
	}
	for k := range obj {
		if k != "csv" && k != "rows" && k != "date" {
			return nil, badRequest("request body: unknown field " + Echo(k) + "; the fields are csv or rows, and date")
		}
	}
	var date string
	switch d := obj["date"].(type) {
	case nil:
	case string:
		date = d
	default:
		return nil, badRequest("request body: field date: must be a string YYYY-MM-DD, got " + kind(d))
	}
	d, aerr := ParseDate(date)
	if aerr != nil {
		return nil, aerr
	}
	if d.IsZero() {
		now := time.Now()
		d = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	var in *batch.Input
	switch {
	case obj["csv"] != nil && obj["rows"] != nil:
		return nil, badRequest("request body: give csv or rows, not both")
	case obj["csv"] != nil:
		text, ok := obj["csv"].(string)
		if !ok {
			return nil, badRequest("request body: field csv: must be a string (the table's text), got " + kind(obj["csv"]))
		}
		var err error
		if in, err = batch.Parse(s.cat, []byte(text)); err != nil {
			msg := err.Error()
			if fe, ok := err.(*batch.FileError); ok {
				msg = fe.Message.En
			}
			return nil, badRequest("request body: field csv: " + msg)
		}
	case obj["rows"] != nil:
		rows, ok := obj["rows"].([]any)
		if !ok {
			return nil, badRequest("request body: field rows: must be an array of answers objects, got " + kind(obj["rows"]))
		}
		if len(rows) > MaxBatchRows {
			return nil, tooManyRows(len(rows))
		}
		in = batch.Objects(s.cat, rows)
	default:
		return nil, badRequest(`request body: field csv (the table's text) or rows (an array of answers objects) is required`)
	}
	if len(in.Rows) > MaxBatchRows {
		return nil, tooManyRows(len(in.Rows))
	}
	if len(in.Rows) == 0 {
		return nil, badRequest("request body: the table has no rows")
	}
	results := batch.All(s.cat, in, batch.Options{Date: d}, 1)
	failed := 0
	for i := range results {
		if results[i].Failed() {
			failed++
			capErrors(&results[i])
		}
	}
	b := []byte(`{"catalogue_version":`)
	b = strconv.AppendQuote(b, s.cat.Version)
	b = append(b, `,"assessment_date":`...)
	b = strconv.AppendQuote(b, d.Format(time.DateOnly))
	b = append(b, `,"rows":`...)
	b = strconv.AppendInt(b, int64(len(results)), 10)
	b = append(b, `,"failed":`...)
	b = strconv.AppendInt(b, int64(failed), 10)
	b = append(b, `,"results":[`...)
	for i := range results {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = batch.AppendJSON(b, &results[i]); err != nil {
			return nil, &Error{Status: 500, Code: CodeInternal, Message: "cannot encode the results"}
		}
	}
	return append(b, "]}"...), nil
}

// CodeTooManyRows: a batch request over MaxBatchRows.
const CodeTooManyRows = "too_many_rows"

func tooManyRows(n int) *Error {
	return &Error{Status: 413, Code: CodeTooManyRows, Message: "the request has " + strconv.Itoa(n) +
		" rows; at most " + strconv.Itoa(MaxBatchRows) + " go in one request (send several, or use the page or the CLI)"}
}

// capErrors keeps a row's errors within what an error reply may list
// (MaxFields), counting the rest in a last entry, and cuts long messages.
func capErrors(r *batch.Result) {
	if len(r.Errors) > MaxFields {
		more := len(r.Errors) - MaxFields
		r.Errors = append(r.Errors[:MaxFields:MaxFields], batch.CellError{Row: r.Row, Code: "more", Message: engine.Text{
			Zh: "另有 " + strconv.Itoa(more) + " 个错误", En: strconv.Itoa(more) + " more errors"}})
	}
	for i := range r.Errors {
		m := &r.Errors[i].Message
		m.Zh, m.En = cut(m.Zh, maxFieldMessage), cut(m.En, maxFieldMessage)
		r.Errors[i].Column = cut(r.Errors[i].Column, MaxEcho)
	}
}
