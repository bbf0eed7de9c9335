package ledger

import (
	"strings"
	"unicode"
)

// Part is one numbered clause of a source text with its words, as Split
// returns it.
type Part struct {
	// Clause is the clause's id as Clauses gives it (三(四), 四(二)3); empty
	// for the words before the first numbered clause.
	Clause string `json:"clause"`
	// Level is 0 for 一、 to 3 for (1), and -1 for the words before the
	// first clause.
	Level int `json:"level"`
	// Text is the clause's lines, from the line that opens it with its
	// number up to the line that opens the next clause, each trimmed of
	// white space at both ends, blank lines left out, joined by "\n". The
	// characters are the source's own (full-width digits stay full-width).
	Text string `json:"text"`
}

// Split returns a source text cut at its numbering: the words before the
// first numbered clause (when there are any), then every clause Clauses
// finds, in the same order, each with its text up to the next numbered
// line. A line whose number repeats a clause already found (the same id
// again) opens no clause and stays with the clause before it, so that no
// line of the text is lost and the ids are those of Clauses.
func Split(text string) []Part {
	opens := map[int]clause{}
	for _, c := range scan(text) {
		opens[c.line] = c
	}
	var parts []Part
	cur := Part{Level: -1}
	var lines []string
	flush := func() {
		cur.Text = strings.Join(lines, "\n")
		if cur.Level >= 0 || cur.Text != "" {
			parts = append(parts, cur)
		}
		lines = lines[:0]
	}
	for n, line := range strings.Split(text, "\n") {
		if c, ok := opens[n]; ok {
			flush()
			cur = Part{Clause: c.id, Level: c.level}
		}
		if s := strings.TrimFunc(line, blank); s != "" {
			lines = append(lines, s)
		}
	}
	flush()
	return parts
}

// blank reports whether r is white space (ideographic and no-break spaces
// included) or a byte-order mark.
func blank(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }
