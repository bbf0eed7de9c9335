package engine

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"policycheck/jsoncodec"
)

// Answers maps question ids to typed answers: bool, string (choice), []string
// (multi), int (count, year), float64 (money) or time.Time (date). A question
// that is absent is unanswered. Build Answers with ParseAnswers or
// ValidateAnswers, which check every value against the questionnaire.
type Answers map[string]any

// FieldError is one problem with one answer.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message Text   `json:"message"`
}

// Error codes of FieldError.
const (
	CodeSyntax       = "syntax"
	CodeNotObject    = "not_object"
	CodeUnknownField = "unknown_field"
	CodeType         = "type"
	CodeRange        = "range"
	CodeOption       = "option"
	CodeDuplicate    = "duplicate"
	// CodeReplaced: the question is no longer asked; the message names
	// the questions asked instead (a derived fact, Derived.Replaces).
	CodeReplaced = "replaced"
)

// AnswersError lists every problem found in a set of answers.
type AnswersError struct {
	Errors []FieldError `json:"errors"`
}

func (e *AnswersError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, f := range e.Errors {
		if f.Field == "" {
			parts[i] = f.Message.En
		} else {
			parts[i] = "answers." + f.Field + ": " + f.Message.En
		}
	}
	return "invalid answers: " + strings.Join(parts, "; ")
}

// ParseAnswers decodes a JSON object of answers and validates it.
func (c *Catalogue) ParseAnswers(data []byte) (Answers, error) {
	v, err := jsoncodec.DecodeAny(data)
	if err != nil {
		return nil, &AnswersError{Errors: []FieldError{{Code: CodeSyntax, Message: Text{
			Zh: "答案不是有效的 JSON:" + err.Error(),
			En: "malformed JSON: " + err.Error(),
		}}}}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, &AnswersError{Errors: []FieldError{{Code: CodeNotObject, Message: Text{
			Zh: "答案必须是一个 JSON 对象(键为问题编号)",
			En: "answers must be a JSON object keyed by question id, got " + jsonKind(v),
		}}}}
	}
	return c.ValidateAnswers(obj)
}

// ValidateAnswers checks generic JSON-like values (as decoded from JSON, with
// numbers as jsoncodec.Number or float64) against the questionnaire and
// returns typed answers. A null value means unanswered.
func (c *Catalogue) ValidateAnswers(raw map[string]any) (Answers, error) {
	out := make(Answers, len(raw))
	var errs []FieldError
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := raw[k]
		q, ok := c.questionByID[k]
		if fe, replaced := c.replacedBy(k); !ok && replaced {
			errs = append(errs, fe)
			continue
		}
		if !ok {
			errs = append(errs, FieldError{Field: k, Code: CodeUnknownField, Message: Text{
				Zh: "没有这个问题",
				En: "no such question",
			}})
			continue
		}
		if v == nil {
			continue
		}
		val, fe := q.convert(v)
		if fe != nil {
			fe.Field = k
			errs = append(errs, *fe)
			continue
		}
		out[k] = val
	}
	if len(errs) > 0 {
		return nil, &AnswersError{Errors: errs}
	}
	return out, nil
}

func typeErr(zh, en string, v any) *FieldError {
	return &FieldError{Code: CodeType, Message: Text{Zh: zh, En: en + ", got " + jsonKind(v)}}
}

func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return fmt.Sprintf("the string %q", truncate(v, 40))
	case jsoncodec.Number:
		return "the number " + truncate(v.String(), 40)
	case float64, int:
		return fmt.Sprint("the number ", v)
	case []any, []string:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// numberValue is number without the literal: what the link needs, without
// formatting every bound and amount it reads.
func numberValue(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		if math.IsInf(n, 0) || math.IsNaN(n) {
			return 0, false
		}
		return n, true
	case int:
		return float64(n), true
	}
	f, _, ok := number(v)
	return f, ok
}

func number(v any) (float64, string, bool) {
	switch n := v.(type) {
	case jsoncodec.Number:
		f, err := strconv.ParseFloat(n.String(), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, "", false
		}
		return f, n.String(), true
	case float64:
		if math.IsInf(n, 0) || math.IsNaN(n) {
			return 0, "", false
		}
		return n, strconv.FormatFloat(n, 'f', -1, 64), true
	case int:
		return float64(n), strconv.Itoa(n), true
	}
	return 0, "", false
}

func (q *Question) convert(v any) (any, *FieldError) {
	if s, ok := v.(string); ok && s == NotSure && q.NotSure != nil {
		return NotSure, nil
	}
	switch q.Type {
	case TypeBool:
		b, ok := v.(bool)
		if !ok {
			return nil, typeErr("应为是/否(true 或 false)", "must be true or false", v)
		}
		return b, nil
	case TypeChoice:
		s, ok := v.(string)
		if !ok {
			return nil, typeErr("应为选项之一", "must be one of the options (a string)", v)
		}
		if !q.hasOption(s) {
			return nil, q.optionErr(s)
		}
		return s, nil
	case TypeMulti:
		var items []string
		switch arr := v.(type) {
		case []any:
			for _, it := range arr {
				s, ok := it.(string)
				if !ok {
					return nil, typeErr("应为选项列表", "must be an array of option strings", it)
				}
				items = append(items, s)
			}
		case []string:
			items = append(items, arr...)
		default:
			return nil, typeErr("应为选项列表", "must be an array of option strings", v)
		}
		seen := map[string]bool{}
		for _, s := range items {
			if !q.hasOption(s) {
				return nil, q.optionErr(s)
			}
			if seen[s] {
				return nil, &FieldError{Code: CodeDuplicate, Message: Text{
					Zh: fmt.Sprintf("选项 %q 重复", s), En: fmt.Sprintf("option %q is listed twice", s)}}
			}
			seen[s] = true
		}
		if seen["none"] && len(items) > 1 {
			return nil, &FieldError{Code: CodeOption, Message: Text{
				Zh: "选了“none”(都没有)就不能再选其他选项", En: `"none" excludes the other options`}}
		}
		if items == nil {
			items = []string{}
		}
		return items, nil
	case TypeCount, TypeYear:
		f, lit, ok := number(v)
		if !ok {
			return nil, typeErr("应为整数", "must be a whole number", v)
		}
		if f != math.Trunc(f) {
			return nil, &FieldError{Code: CodeType, Message: Text{
				Zh: "应为整数,而不是 " + lit, En: "must be a whole number, got " + lit}}
		}
		if q.Type == TypeCount && f < 0 {
			return nil, &FieldError{Code: CodeRange, Message: Text{
				Zh: "数量不能为负数(" + lit + ")", En: "must not be negative, got " + lit}}
		}
		if fe := q.rangeErr(f, lit); fe != nil {
			return nil, fe
		}
		return int(f), nil
	case TypeMoney:
		f, lit, ok := number(v)
		if !ok {
			return nil, typeErr("应为金额(元)", "must be an amount in yuan (a number)", v)
		}
		if f < 0 {
			return nil, &FieldError{Code: CodeRange, Message: Text{
				Zh: "金额不能为负数(" + lit + ")", En: "must not be negative, got " + lit}}
		}
		if fe := q.rangeErr(f, lit); fe != nil {
			return nil, fe
		}
		return f, nil
	case TypeDate:
		s, ok := v.(string)
		if !ok {
			return nil, typeErr("应为日期(YYYY-MM-DD)", "must be a date written YYYY-MM-DD", v)
		}
		t, err := ParseDay(s)
		if err != nil {
			return nil, &FieldError{Code: CodeType, Message: Text{
				Zh: fmt.Sprintf("日期格式应为 YYYY-MM-DD,而不是 %q", truncate(s, 40)),
				En: fmt.Sprintf("must be a date written YYYY-MM-DD, got %q", truncate(s, 40))}}
		}
		if (!q.minDate.IsZero() && t.Before(q.minDate)) || (!q.maxDate.IsZero() && t.After(q.maxDate)) {
			return nil, &FieldError{Code: CodeRange, Message: Text{
				Zh: fmt.Sprintf("日期应在 %s 至 %s 之间", q.minDate.Format(time.DateOnly), q.maxDate.Format(time.DateOnly)),
				En: fmt.Sprintf("must be between %s and %s, got %s", q.minDate.Format(time.DateOnly), q.maxDate.Format(time.DateOnly), s)}}
		}
		return t, nil
	}
	return nil, &FieldError{Code: CodeType, Message: Text{Zh: "未知题型", En: "unknown question type " + q.Type}}
}

func (q *Question) rangeErr(f float64, lit string) *FieldError {
	if (q.hasMin && f < q.minNum) || (q.hasMax && f > q.maxNum) {
		lo, hi := fmtNum(q.minNum), fmtNum(q.maxNum)
		return &FieldError{Code: CodeRange, Message: Text{
			Zh: fmt.Sprintf("应在 %s 至 %s 之间,而不是 %s", lo, hi, lit),
			En: fmt.Sprintf("must be between %s and %s, got %s", lo, hi, lit)}}
	}
	return nil
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (q *Question) hasOption(s string) bool {
	for _, o := range q.Options {
		if o.Value == s {
			return true
		}
	}
	return false
}

func (q *Question) optionErr(s string) *FieldError {
	vals := make([]string, len(q.Options))
	for i, o := range q.Options {
		vals[i] = o.Value
	}
	return &FieldError{Code: CodeOption, Message: Text{
		Zh: fmt.Sprintf("%q 不是可选项;可选:%s", truncate(s, 40), strings.Join(vals, ", ")),
		En: fmt.Sprintf("%q is not an option; allowed: %s", truncate(s, 40), strings.Join(vals, ", "))}}
}

// ToJSON returns answers as JSON-ready values (dates as YYYY-MM-DD).
func (a Answers) ToJSON() map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		if t, ok := v.(time.Time); ok {
			out[k] = t.Format(time.DateOnly)
		} else {
			out[k] = v
		}
	}
	return out
}
