package engine

import (
	"crypto/sha256"
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestSHA256MatchesCryptoSHA256(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		b := make([]byte, n*7)
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		if got, want := sha256Sum(b), sha256.Sum256(b); got != want {
			t.Fatalf("%d bytes: %x, want %x", len(b), got, want)
		}
	}
}

func TestIdentifierChecksMatchTheirPatterns(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	rule := regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9-]*$`)
	alphabet := "az09_.-A é"
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		b := make([]byte, rnd.IntN(8))
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		s := string(b)
		if isSnakeID(s) != snake.MatchString(s) {
			t.Fatalf("isSnakeID(%q) = %v", s, isSnakeID(s))
		}
		if isRuleID(s) != rule.MatchString(s) {
			t.Fatalf("isRuleID(%q) = %v", s, isRuleID(s))
		}
	}
}
