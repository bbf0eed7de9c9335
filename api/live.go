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
func (s *Service) EstimateLive(answers []byte, opt EstimateOptions) []byte {
	dateError := false
	d, derr := ParseDate(opt.Date)
	if derr != nil {
		dateError, d = true, time.Time{} // today
	}
	var dropped []string
	var errs []engine.FieldError
	var report []byte
	if v, err := ReadJSON(answers); err != nil {
		report = malformed(err).JSON()
	} else if obj, ok := v.(map[string]any); !ok {
		_, aerr := s.validate(v)
		report = aerr.JSON()
	} else {
		report = s.live(obj, d, opt, &dropped, &errs)
	}
	b := append(make([]byte, 0, len(report)+128), `{"dropped":[`...)
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
	b = append(b, "}\n"...)
	return append(b, report...)
}

// live estimates v, leaving out what it cannot use (see EstimateLive).
func (s *Service) live(obj map[string]any, d time.Time, opt EstimateOptions, dropped *[]string, errs *[]engine.FieldError) []byte {
	for range len(obj) + 2 {
		a, aerr := s.validate(clone(obj))
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
				return aerr.JSON()
			}
			continue
		}
		o := engine.Options{Date: d, Compare: opt.Compare, Brief: opt.Brief}
		if hidden := s.cat.NotShown(a, o); len(hidden) > 0 {
			for _, id := range hidden {
				*dropped = append(*dropped, id)
				delete(obj, id)
			}
			continue
		}
		b, err := s.cat.EstimateJSON(nil, a, o)
		if err != nil {
			return (&Error{Status: 500, Code: CodeInternal, Message: "cannot encode report: " + err.Error()}).JSON()
		}
		return b
	}
	return (&Error{Status: 500, Code: CodeInternal, Message: "answers kept changing while being left out"}).JSON()
}

func clone(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
