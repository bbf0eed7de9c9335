// Package api is the JSON contract shared by every way into the engine: the
// page (through WebAssembly), the HTTP API of the local server and the
// Worker. It turns request bytes into response bytes and knows nothing of
// JavaScript or HTTP.
package api

import (
	"runtime"
	"strconv"
	"sync"
	"time"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// Service answers requests against one compiled catalogue.
type Service struct {
	cat     *engine.Catalogue
	build   string
	changes []byte // the changelog's entries as JSON (WithChanges)

	// Each document is marshalled on its first use, on its own: version()
	// must not pay for the whole catalogue (the page reads it from a static
	// file the build wrote with CatalogueJSON, not from the wasm).
	catalogueOnce, questionsOnce, versionOnce sync.Once
	catalogue, questions, version             []byte
}

// New returns a service over a loaded catalogue; build names the build
// (a version string or a content hash).
func New(c *engine.Catalogue, build string) *Service {
	return &Service{cat: c, build: build}
}

// WithChanges gives the service the catalogue's changelog: its entries as a
// JSON array (changelog.Log.EntriesJSON; compiled.ChangesJSON in the wasm
// and the Worker), which CatalogueJSON writes as "changes". It returns s.
func (s *Service) WithChanges(entries []byte) *Service {
	s.changes = entries
	return s
}

// Catalogue returns the catalogue the service uses.
func (s *Service) Catalogue() *engine.Catalogue { return s.cat }

// Version describes the catalogue and the build.
type Version struct {
	Catalogue     string `json:"catalogue"`
	CatalogueDate string `json:"catalogue_date"`
	Build         string `json:"build"`
	Go            string `json:"go"`
	Rules         int    `json:"rules"`
}

// Error is a failed request: a status (as HTTP would give it), a code, a
// message and, for invalid answers, one entry per field (at most MaxFields,
// and More counts the rest). Its JSON is always under MaxErrorBytes.
type Error struct {
	Status  int                 `json:"-"`
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []engine.FieldError `json:"fields,omitempty"`
	More    int                 `json:"more,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// JSON renders the error as the body {"error": {...}}, under MaxErrorBytes
// whatever it holds: values are cut (see Echo), and field errors that do not
// fit are left out and counted in More.
func (e *Error) JSON() []byte {
	c := e.capped()
	for {
		b, err := jsoncodec.Marshal(struct {
			Error *Error `json:"error"`
		}{c})
		if err != nil {
			return []byte(`{"error":{"code":"internal","message":"cannot encode error"}}`)
		}
		if len(b) < MaxErrorBytes || len(c.Fields) == 0 {
			return b
		}
		c.Fields = c.Fields[:len(c.Fields)-1]
		c.More++
	}
}

// Error codes.
const (
	CodeBadRequest     = "bad_request"
	CodeInvalidAnswers = "invalid_answers"
	CodeInvalidDate    = "invalid_date"
	CodeInternal       = "internal"
)

// VersionInfo returns the version of the catalogue and the build.
func (s *Service) VersionInfo() Version {
	return Version{Catalogue: s.cat.Version, CatalogueDate: s.cat.Date, Build: s.build, Go: runtime.Version(), Rules: len(s.cat.Rules)}
}

// VersionJSON returns VersionInfo as JSON.
func (s *Service) VersionJSON() []byte {
	s.versionOnce.Do(func() { s.version = appendVersion(nil, s.VersionInfo()) })
	return s.version
}

// appendVersion writes v as encoding/json would (the fields in order, no
// spaces), without reflection: the page asks for it first at start-up, when
// every function still runs for the first time.
func appendVersion(b []byte, v Version) []byte {
	b = append(b, `{"catalogue":`...)
	b = jsoncodec.AppendString(b, v.Catalogue)
	b = append(b, `,"catalogue_date":`...)
	b = jsoncodec.AppendString(b, v.CatalogueDate)
	b = append(b, `,"build":`...)
	b = jsoncodec.AppendString(b, v.Build)
	b = append(b, `,"go":`...)
	b = jsoncodec.AppendString(b, v.Go)
	b = append(b, `,"rules":`...)
	b = strconv.AppendInt(b, int64(v.Rules), 10)
	return append(b, '}')
}

// CatalogueJSON returns the whole catalogue (version, documents,
// locations, steps, questions, rules) as JSON, with its changelog as
// "changes" (WithChanges; [] without one).
func (s *Service) CatalogueJSON() []byte {
	s.catalogueOnce.Do(func() {
		b, _ := jsoncodec.Marshal(s.cat)
		s.catalogue = WithChanges(b, s.changes)
	})
	return s.catalogue
}

// WithChanges adds "changes": entries (a JSON array; [] when empty) as the
// last member of the catalogue's JSON object, as /api/catalogue and the
// page's catalogue.json carry it.
func WithChanges(catalogue, entries []byte) []byte {
	i := len(catalogue) - 1
	for i >= 0 && catalogue[i] != '}' {
		i--
	}
	if i < 0 {
		return catalogue
	}
	if len(entries) == 0 {
		entries = []byte("[]")
	}
	out := make([]byte, 0, len(catalogue)+len(entries)+12)
	out = append(out, catalogue[:i]...)
	out = append(out, `,"changes":`...)
	out = append(out, entries...)
	return append(out, '}')
}

// QuestionsJSON returns the questionnaire (steps and questions) as JSON.
func (s *Service) QuestionsJSON() []byte {
	s.questionsOnce.Do(func() { s.questions, _ = jsoncodec.Marshal(Questionnaire(s.cat)) })
	return s.questions
}

// Questionnaire is the value QuestionsJSON encodes: the catalogue's version,
// steps and questions.
func Questionnaire(c *engine.Catalogue) any {
	return struct {
		Version   string             `json:"version"`
		Steps     []engine.Step      `json:"steps"`
		Questions []*engine.Question `json:"questions"`
	}{c.Version, c.Steps, c.Questions}
}

// ParseDate reads an assessment date; the empty string means today.
func ParseDate(date string) (time.Time, *Error) {
	if date == "" {
		return time.Time{}, nil
	}
	t, err := engine.ParseDay(date)
	if err != nil || t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, &Error{Status: 400, Code: CodeInvalidDate,
			Message: "date: must be a date YYYY-MM-DD between 1990 and 2100, got " + Echo(date)}
	}
	return t, nil
}

// EstimateOptions are the options of an estimate as callers give them.
type EstimateOptions struct {
	Date    string // YYYY-MM-DD; empty means today
	Compare bool   // add the district comparison
	Brief   bool   // leave out titles, citations and labels (the caller has the catalogue)

	// Session and Since are read by EstimateLive only: with a session, each
	// report is numbered (its generation), and each part that has not
	// changed since the report of generation Since, if that is the session's
	// last, is written as null (see engine.Options.Unchanged).
	Session *LiveSession
	Since   uint64
}

// Estimate evaluates answers (a JSON object, read with ReadJSON) and returns
// the report as JSON. It is the wasm build's entry: a reading error is
// invalid_answers with one field error of code syntax.
func (s *Service) Estimate(answers []byte, opt EstimateOptions) ([]byte, *Error) {
	d, derr := ParseDate(opt.Date)
	if derr != nil {
		return nil, derr
	}
	v, err := ReadJSON(answers)
	if err != nil {
		return nil, malformed(err)
	}
	return s.estimate(v, d, opt)
}

// malformed is the error for answers that are not JSON ReadJSON accepts.
func malformed(err error) *Error {
	return &Error{Status: 400, Code: CodeInvalidAnswers, Message: "invalid answers: malformed JSON: " + err.Error(),
		Fields: []engine.FieldError{{Code: engine.CodeSyntax, Message: engine.Text{
			Zh: "答案不是有效的 JSON:" + err.Error(),
			En: "malformed JSON: " + err.Error(),
		}}}}
}

// estimate validates decoded answers and writes the report.
func (s *Service) estimate(v any, d time.Time, opt EstimateOptions) ([]byte, *Error) {
	a, aerr := s.validate(v)
	if aerr != nil {
		return nil, aerr
	}
	// EstimateJSON writes the same bytes as marshalling engine.Report, without reflection.
	b, err := s.cat.EstimateJSON(nil, a, engine.Options{Date: d, Compare: opt.Compare, Brief: opt.Brief})
	if err != nil {
		return nil, &Error{Status: 500, Code: CodeInternal, Message: "cannot encode report: " + err.Error()}
	}
	return b, nil
}
