package api

import (
	"strconv"
	"time"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// EstimateLive is the page's estimate while a person is answering: the
// answers it cannot use are left out rather than failing the estimate, so
// that the result stays live. An answer the engine refuses is left out and
// reported at its field; so is an answer to a question no longer shown
// (after an earlier answer changed), until none is left; an invalid date is
// replaced by today and reported. It returns one line of JSON,
//
//	{"dropped":["id",...],"errors":{"id":{"zh":"…","en":"…"},...},"date_error":false}
//
// then a newline and the report (or {"error": {...}} when the answers
// cannot be read at all), so that the page's engine worker reads the small
// first line and passes the report on as it is, without parsing it.
// dropped lists every answer left out, errors the messages of those
// refused. Other errors (malformed JSON, answers that are not an object)
// are the report, as Estimate returns them.
//
// With opt.Session, the first line also gives the report's generation
// (0 when the report is an error) and since: when opt.Since is the
// session's last generation, since is that number and each part of the
// report that has not changed since that report (a result, and the others
// engine.Options.Unchanged names) is written as null (the caller keeps its
// own); else since is 0 and everything is written.
func (s *Service) EstimateLive(answers []byte, opt EstimateOptions) []byte {
	return s.AppendEstimateLive(nil, answers, opt)
}

// AppendEstimateLive appends what EstimateLive returns to dst: a caller that
// keeps one buffer from one estimate to the next (the page's engine) does
// not allocate a report each time, and so leaves the garbage collector
// little to do.
func (s *Service) AppendEstimateLive(dst, answers []byte, opt EstimateOptions) []byte {
	dateError := false
	d, derr := ParseDate(opt.Date)
	if derr != nil {
		dateError, d = true, time.Time{} // today
	}
	var dropped []string
	var errs []engine.FieldError
	var report []byte // an error, else the estimate of a below
	var a engine.Answers
	o := engine.Options{Date: d, Compare: opt.Compare, Brief: opt.Brief}
	if v, err := ReadJSON(answers); err != nil {
		report = malformed(err).JSON()
	} else if obj, ok := v.(map[string]any); !ok {
		_, aerr := s.validate(v)
		report = aerr.JSON()
	} else {
		a, report = s.live(obj, o, &dropped, &errs)
	}
	b := append(dst, `{"dropped":[`...)
	for i, id := range dropped {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsoncodec.AppendString(b, id)
	}
	b = append(b, `],"errors":{`...)
	for i, fe := range errs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsoncodec.AppendString(b, fe.Field)
		b = append(b, `:{"zh":`...)
		b = jsoncodec.AppendString(b, fe.Message.Zh)
		b = append(b, `,"en":`...)
		b = jsoncodec.AppendString(b, fe.Message.En)
		b = append(b, '}')
	}
	b = append(b, `},"date_error":`...)
	b = strconv.AppendBool(b, dateError)
	ses := opt.Session
	var gen uint64
	if ses != nil {
		since := uint64(0)
		if report == nil {
			gen = ses.generation + 1
			if opt.Since != 0 && opt.Since == ses.generation {
				since = opt.Since
				o.Unchanged = &ses.held
			}
			o.Record = &ses.next
		}
		b = append(b, `,"generation":`...)
		b = strconv.AppendUint(b, gen, 10)
		b = append(b, `,"since":`...)
		b = strconv.AppendUint(b, since, 10)
	}
	b = append(b, "}\n"...)
	if report != nil {
		return append(b, report...)
	}
	out, err := s.cat.EstimateJSON(b, a, o)
	if err != nil {
		return append(b, (&Error{Status: 500, Code: CodeInternal, Message: "cannot encode report: " + err.Error()}).JSON()...)
	}
	if ses != nil {
		ses.generation = gen
		ses.held, ses.next = ses.next, ses.held
	}
	return out
}

// LiveSession is what one caller of EstimateLive (the page's engine) has
// been sent: the number of its last report and that report's parts, so
// that the next report need write only the parts that changed. A session
// serves one caller at a time; its zero value is ready to use.
type LiveSession struct {
	generation uint64
	held, next engine.Results
}

// live leaves out of obj what an estimate cannot use (see EstimateLive) and
// returns the answers to estimate, or the error that is the report.
func (s *Service) live(obj map[string]any, o engine.Options, dropped *[]string, errs *[]engine.FieldError) (engine.Answers, []byte) {
	for range len(obj) + 2 {
		a, aerr := s.validate(obj) // what it refuses it sets to null
		if aerr != nil {
			named := 0
			for _, fe := range aerr.Fields {
				if _, ok := obj[fe.Field]; fe.Field != "" && ok {
					*errs = append(*errs, fe)
					*dropped = append(*dropped, fe.Field)
					delete(obj, fe.Field)
					named++
				}
			}
			if named == 0 {
				return nil, aerr.JSON()
			}
			continue
		}
		hidden := s.cat.NotShown(a, o)
		if len(hidden) == 0 {
			return a, nil
		}
		for _, id := range hidden {
			*dropped = append(*dropped, id)
			delete(obj, id)
		}
	}
	return nil, (&Error{Status: 500, Code: CodeInternal, Message: "answers kept changing while being left out"}).JSON()
}
