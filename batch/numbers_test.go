package batch_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"policycheck/batch"
)

// The regular expressions the hand-written number syntaxes stand for.
var (
	thousandsRE  = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
	jsonNumberRE = regexp.MustCompile(`^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$`)
)

func jsonNumberWant(s string) bool {
	return len(s) <= 40 && jsonNumberRE.MatchString(strings.TrimPrefix(s, "+"))
}

// TestNumberSyntax: thousands and jsonNumber accept exactly what their
// regular expressions match, on chosen cells and on random strings of
// number characters.
func TestNumberSyntax(t *testing.T) {
	cells := []string{"", "0", "00", "-0", "+0", "1", "12", "123", "1234", "1,234", "12,345", "123,456", "1234,567",
		"1,23", "1,2345", "1,234,567", "1,234.5", "1,234.", "1,234.56", "+1,234", "-1,234", "--1", "+-1", ",123",
		"1,", "1.5", "1.", ".5", "1e5", "1E+5", "1e-5", "1e", "1e+", "0.0", "01", "-", "+", "1.5e3", "1,234e3",
		"١٢٣", "1 234", "1_000", strings.Repeat("9", 40), strings.Repeat("9", 41), "+" + strings.Repeat("9", 39)}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789,.+-eE x"
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cells = append(cells, string(b))
	}
	for _, s := range cells {
		if got, want := batch.Thousands(s), thousandsRE.MatchString(s); got != want {
			t.Errorf("thousands(%q) = %v, want %v", s, got, want)
		}
		if got, want := batch.JSONNumber(s), jsonNumberWant(s); got != want {
			t.Errorf("jsonNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
