package api

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"

	"policycheck/engine"
	"policycheck/jsoncodec"
)

// requestFields are the fields of an estimate request, matched exactly
// (case-sensitively).
var requestFields = []string{"answers", "date", "compare"}

// EstimateBody handles a request body {"answers": {...}, "date": "YYYY-MM-DD",
// "compare": true} and returns the report as JSON. The body is read with
// ReadJSON; any problem with it is bad_request, naming what is wrong.
func (s *Service) EstimateBody(body []byte) ([]byte, *Error) {
	v, err := ReadJSON(body)
	if err != nil {
		return nil, badRequest("request body: " + err.Error())
	}
	answers, opt, aerr := readRequest(v)
	if aerr != nil {
		return nil, aerr
	}
	d, aerr := ParseDate(opt.Date)
	if aerr != nil {
		return nil, aerr
	}
	return s.estimate(answers, d, opt)
}

func badRequest(msg string) *Error {
	return &Error{Status: 400, Code: CodeBadRequest, Message: msg}
}

// readRequest checks the request object and returns its answers (not yet
// validated) and options.
func readRequest(v any) (any, EstimateOptions, *Error) {
	var opt EstimateOptions
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, opt, badRequest(`request body: must be a JSON object {"answers": {...}}, got ` + kind(v))
	}
	var unknown []string
	for k := range obj {
		switch k {
		case "answers", "date", "compare":
		default:
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		msg := "request body: unknown field " + Echo(unknown[0])
		for _, f := range requestFields {
			if strings.EqualFold(f, unknown[0]) {
				msg += " (did you mean " + strconv.Quote(f) + "? field names are case-sensitive)"
			}
		}
		if len(unknown) > 1 {
			msg += " and " + strconv.Itoa(len(unknown)-1) + " more"
		}
		return nil, opt, badRequest(msg + "; the fields are answers, date and compare")
	}
	answers := obj["answers"]
	if answers == nil {
		return nil, opt, badRequest("request body: field answers is required (a JSON object of answers)")
	}
	switch d := obj["date"].(type) {
	case nil:
	case string:
		opt.Date = d
	default:
		return nil, opt, badRequest("request body: field date: must be a string YYYY-MM-DD, got " + kind(d))
	}
	switch c := obj["compare"].(type) {
	case nil:
	case bool:
		opt.Compare = c
	default:
		return nil, opt, badRequest("request body: field compare: must be true or false, got " + kind(c))
	}
	return answers, opt, nil
}

// kind names the JSON type of a value read by ReadJSON.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case jsoncodec.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "a value"
}

// validate checks answers read by ReadJSON against the questionnaire. Only
// the errors a reply can list are built: of many unknown questions, the
// first MaxFields (in the order of the reply) go to the engine and the rest
// are counted.
func (s *Service) validate(v any) (engine.Answers, *Error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, &Error{Status: 400, Code: CodeInvalidAnswers,
			Message: "invalid answers: answers must be a JSON object keyed by question id, got " + kind(v),
			Fields: []engine.FieldError{{Code: engine.CodeNotObject, Message: engine.Text{
				Zh: "答案必须是一个 JSON 对象(键为问题编号)",
				En: "answers must be a JSON object keyed by question id, got " + kind(v),
			}}}}
	}
	var unknown []string
	var errs []engine.FieldError
	for k, val := range obj {
		q := s.cat.Question(k)
		if q == nil {
			unknown = append(unknown, k)
			continue
		}
		if fe := checkNumber(q, val, obj); fe != nil {
			fe.Field = k
			errs = append(errs, *fe)
			obj[k] = nil // left out, but still named (EstimateLive reads it)
		}
	}
	skipped := 0
	if len(unknown) > MaxFields {
		// The engine sees the known answers and the first unknown ones.
		keep := smallest(unknown, MaxFields)
		some := make(map[string]any, len(obj)-len(unknown)+MaxFields)
		for k, v := range obj {
			if _, ok := keep[k]; ok || s.cat.Question(k) != nil {
				some[k] = v
			}
		}
		obj = some
		skipped = len(unknown) - MaxFields
	}
	a, err := s.cat.ValidateAnswers(obj)
	if err != nil {
		var ae *engine.AnswersError
		if !errors.As(err, &ae) {
			return nil, &Error{Status: 400, Code: CodeInvalidAnswers, Message: cut(err.Error(), maxMessage)}
		}
		errs = append(errs, ae.Errors...)
	}
	if len(errs) > 0 || skipped > 0 {
		return nil, fieldsError(errs, skipped)
	}
	return a, nil
}

// smallest returns the n smallest of keys (distinct), without sorting all
// of them: a reply lists the first MaxFields of thousands.
func smallest(keys []string, n int) map[string]struct{} {
	best := make([]string, 0, n+1)
	for _, k := range keys {
		if len(best) == n && k >= best[n-1] {
			continue
		}
		i := sort.SearchStrings(best, k)
		best = append(best, "")
		copy(best[i+1:], best[i:])
		best[i] = k
		if len(best) > n {
			best = best[:n]
		}
	}
	out := make(map[string]struct{}, len(best))
	for _, k := range best {
		out[k] = struct{}{}
	}
	return out
}

// checkNumber checks a number for a count, year or money question beyond
// what the engine checks (which reads it as a float64): a count or year must
// be a whole number exactly as written (1e-400, 0.000…1 and
// 1.0000000000000001 are not), and money that is not 0 must not round to 0.
// It rewrites accepted numbers in obj in a short exact form, so that the
// engine never echoes a long literal.
func checkNumber(q *engine.Question, v any, obj map[string]any) *engine.FieldError {
	n, ok := v.(jsoncodec.Number)
	if !ok {
		return nil
	}
	lit := string(n)
	switch q.Type {
	case engine.TypeCount, engine.TypeYear:
		w, reason := wholeNumber(lit)
		switch reason {
		case "":
			obj[q.ID] = jsoncodec.Number(strconv.FormatInt(w, 10))
		case "fraction":
			return &engine.FieldError{Code: engine.CodeType, Message: engine.Text{
				Zh: "应为整数,而不是 " + cut(lit, MaxEcho), En: "must be a whole number, got " + cut(lit, MaxEcho)}}
		default: // too large
			return &engine.FieldError{Code: engine.CodeRange, Message: engine.Text{
				Zh: "数值过大(最多 15 位),而不是 " + cut(lit, MaxEcho), En: "must have at most 15 digits, got " + cut(lit, MaxEcho)}}
		}
	case engine.TypeMoney:
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil // the engine reports it
		}
		if f == 0 && strings.ContainsAny(mantissa(lit), "123456789") {
			return &engine.FieldError{Code: engine.CodeRange, Message: engine.Text{
				Zh: "金额过小,会被当作 0:" + cut(lit, MaxEcho), En: "is too small: it would count as 0, got " + cut(lit, MaxEcho)}}
		}
		if len(lit) > MaxEcho {
			obj[q.ID] = jsoncodec.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return nil
}

// mantissa is a number literal without its exponent.
func mantissa(lit string) string {
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		return lit[:i]
	}
	return lit
}

// maxWholeDigits is the most digits a whole number may have: every integer
// of up to 15 digits is exact in a float64.
const maxWholeDigits = 15

// wholeNumber reads a JSON number literal exactly. It returns the value and
// "" for a whole number of at most 15 digits, "fraction" for a number that
// is not whole, and "large" for a whole number with more digits.
func wholeNumber(lit string) (int64, string) {
	neg := strings.HasPrefix(lit, "-")
	lit = strings.TrimPrefix(lit, "-")
	m, exp := lit, 0
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		m = lit[:i]
		e := strings.TrimPrefix(lit[i+1:], "+")
		// An exponent beyond ±100,000 makes any non-zero value either not
		// whole or too large; keep it bounded so that it cannot overflow.
		eneg := strings.HasPrefix(e, "-")
		e = strings.TrimLeft(strings.TrimPrefix(e, "-"), "0")
		if len(e) > 6 {
			e = "100000"
		}
		exp, _ = strconv.Atoi("0" + e)
		if eneg {
			exp = -exp
		}
	}
	intPart, frac, _ := strings.Cut(m, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	exp -= len(frac)
	// digits × 10^exp is the value; drop trailing zeros into the exponent.
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	if digits == "" {
		return 0, ""
	}
	if exp < 0 {
		return 0, "fraction"
	}
	if len(digits)+exp > maxWholeDigits {
		return 0, "large"
	}
	w, _ := strconv.ParseInt(digits+strings.Repeat("0", exp), 10, 64)
	if neg {
		w = -w
	}
	return w, ""
}
