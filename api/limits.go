package api

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"policycheck/engine"
)

// Limits of an error reply: whatever the request, the reply stays small, so
// that a hostile body cannot make the server write more than it read.
const (
	// MaxEcho is how many characters of a value from the request (a key, a
	// string, a number, a path) a message repeats; longer ones are cut with "…".
	MaxEcho = 40
	// MaxFields is how many field errors a reply lists; More counts the rest.
	MaxFields = 20
	// MaxErrorBytes bounds the JSON of an error reply (Error.JSON).
	MaxErrorBytes = 4000

	maxMessage      = 400 // characters of Error.Message
	maxFieldMessage = 200 // characters of each language of a field error's message
)

// Echo quotes a value from the request for a message, cut to MaxEcho
// characters: control characters and invalid UTF-8 are escaped.
func Echo(s string) string { return strconv.Quote(cut(s, MaxEcho)) }

// Cut shortens a value from the request to MaxEcho characters, marking the
// cut with "…", for a message that repeats it unquoted.
func Cut(s string) string { return cut(s, MaxEcho) }

// cut shortens s to n characters, marking the cut with "…".
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// capped returns a copy of e within the limits: message and field texts cut,
// at most MaxFields fields (the rest counted in More).
func (e *Error) capped() *Error {
	c := *e
	c.Message = cut(c.Message, maxMessage)
	if len(c.Fields) > MaxFields {
		c.More += len(c.Fields) - MaxFields
		c.Fields = c.Fields[:MaxFields]
	}
	if c.Fields != nil {
		fields := make([]engine.FieldError, len(c.Fields))
		for i, f := range c.Fields {
			f.Field = cut(f.Field, MaxEcho)
			f.Message.Zh = cut(f.Message.Zh, maxFieldMessage)
			f.Message.En = cut(f.Message.En, maxFieldMessage)
			fields[i] = f
		}
		c.Fields = fields
	}
	return &c
}

// fieldsError is the invalid_answers error for field errors (sorted here by
// field), of which more were found but not kept.
func fieldsError(errs []engine.FieldError, more int) *Error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	if len(errs) > MaxFields {
		more += len(errs) - MaxFields
		errs = errs[:MaxFields]
	}
	const listed = 3
	var b strings.Builder
	b.WriteString("invalid answers: ")
	for i, f := range errs {
		if i == listed {
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		if f.Field != "" {
			b.WriteString("answers." + cut(f.Field, MaxEcho) + ": ")
		}
		b.WriteString(cut(f.Message.En, maxFieldMessage))
	}
	if rest := len(errs) + more - listed; rest > 0 {
		b.WriteString("; and " + strconv.Itoa(rest) + " more")
	}
	return &Error{Status: 400, Code: CodeInvalidAnswers, Message: b.String(), Fields: errs, More: more}
}
