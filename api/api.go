// Package api is the JSON contract shared by every way into the engine: the
// page (through WebAssembly), the HTTP API of the local server and the
// Worker. It turns request bytes into response bytes and knows nothing of
// JavaScript or HTTP.
package api

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"time"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// Service answers requests against one compiled catalogue.
type Service struct {
	cat   *engine.Catalogue
	build string

	once      sync.Once
	catalogue []byte
	questions []byte
	version   []byte
}

// New returns a service over a loaded catalogue; build names the build
// (a version string or a content hash).
func New(c *engine.Catalogue, build string) *Service {
	return &Service{cat: c, build: build}
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
// message and, for invalid answers, one entry per field.
type Error struct {
	Status  int                 `json:"-"`
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []engine.FieldError `json:"fields,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// JSON renders the error as the body {"error": {...}}.
func (e *Error) JSON() []byte {
	b, err := jsoncodec.Marshal(struct {
		Error *Error `json:"error"`
	}{e})
	if err != nil {
		return []byte(`{"error":{"code":"internal","message":"cannot encode error"}}`)
	}
	return b
}

// Error codes.
const (
	CodeBadRequest     = "bad_request"
	CodeInvalidAnswers = "invalid_answers"
	CodeInvalidDate    = "invalid_date"
	CodeInternal       = "internal"
)

func (s *Service) init() {
	s.once.Do(func() {
		c := s.cat
		s.catalogue, _ = jsoncodec.Marshal(c)
		s.questions, _ = jsoncodec.Marshal(struct {
			Version   string             `json:"version"`
			Steps     []engine.Step      `json:"steps"`
			Questions []*engine.Question `json:"questions"`
		}{c.Version, c.Steps, c.Questions})
		s.version, _ = jsoncodec.Marshal(s.VersionInfo())
	})
}

// VersionInfo returns the version of the catalogue and the build.
func (s *Service) VersionInfo() Version {
	return Version{Catalogue: s.cat.Version, CatalogueDate: s.cat.Date, Build: s.build, Go: runtime.Version(), Rules: len(s.cat.Rules)}
}

// VersionJSON returns VersionInfo as JSON.
func (s *Service) VersionJSON() []byte { s.init(); return s.version }

// CatalogueJSON returns the whole catalogue (documents, locations, steps,
// questions, rules) as JSON.
func (s *Service) CatalogueJSON() []byte { s.init(); return s.catalogue }

// QuestionsJSON returns the questionnaire (steps and questions) as JSON.
func (s *Service) QuestionsJSON() []byte { s.init(); return s.questions }

// ParseDate reads an assessment date; the empty string means today.
func ParseDate(date string) (time.Time, *Error) {
	if date == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, date)
	if err != nil || t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, &Error{Status: 400, Code: CodeInvalidDate,
			Message: "date: must be a date YYYY-MM-DD between 1990 and 2100, got " + quote(date)}
	}
	return t, nil
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// EstimateOptions are the options of an estimate as callers give them.
type EstimateOptions struct {
	Date    string // YYYY-MM-DD; empty means today
	Compare bool   // add the district comparison
	Brief   bool   // leave out titles, citations and labels (the caller has the catalogue)
}

// Estimate evaluates answers (a JSON object) and returns the report as JSON.
func (s *Service) Estimate(answers []byte, opt EstimateOptions) ([]byte, *Error) {
	d, derr := ParseDate(opt.Date)
	if derr != nil {
		return nil, derr
	}
	a, err := s.cat.ParseAnswers(answers)
	if err != nil {
		return nil, answersError(err)
	}
	// EstimateJSON writes the same bytes as marshalling engine.Report, without reflection.
	b, err := s.cat.EstimateJSON(nil, a, engine.Options{Date: d, Compare: opt.Compare, Brief: opt.Brief})
	if err != nil {
		return nil, &Error{Status: 500, Code: CodeInternal, Message: "cannot encode report: " + err.Error()}
	}
	return b, nil
}

func answersError(err error) *Error {
	var ae *engine.AnswersError
	if errors.As(err, &ae) {
		return &Error{Status: 400, Code: CodeInvalidAnswers, Message: ae.Error(), Fields: ae.Errors}
	}
	return &Error{Status: 400, Code: CodeInvalidAnswers, Message: err.Error()}
}

// EstimateRequest is the body of POST /api/estimate.
type EstimateRequest struct {
	Answers jsoncodec.RawMessage `json:"answers"`
	Date    string               `json:"date,omitempty"`
	Compare bool                 `json:"compare,omitempty"`
}

// EstimateBody handles a request body {"answers": {...}, "date": "YYYY-MM-DD",
// "compare": true} and returns the report as JSON.
func (s *Service) EstimateBody(body []byte) ([]byte, *Error) {
	var req EstimateRequest
	if err := jsoncodec.Decode(body, &req, true); err != nil {
		return nil, &Error{Status: 400, Code: CodeBadRequest, Message: "request body: " + err.Error()}
	}
	if len(req.Answers) == 0 {
		return nil, &Error{Status: 400, Code: CodeBadRequest, Message: "request body: field answers is required (a JSON object of answers)"}
	}
	return s.Estimate(req.Answers, EstimateOptions{Date: req.Date, Compare: req.Compare})
}
