package engine_test

import (
	"testing"
	"time"

	"policycheck/engine"
)

// dayInputs are strings ParseDay must treat exactly as time.Parse(time.DateOnly) does.
var dayInputs = []string{
	"2026-11-30", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2026-04-31", "2026-04-30",
	"2026-12-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "9999-12-31",
	"2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026-01-01 ", " 2026-01-01", "2026-01-01T00:00:00Z",
	"", "abcd-ef-gh", "2026-+1-01", "+026-01-01", "2026-01-+1", "2026-0a-01", "２０２６-01-01",
}

func TestParseDayAgreesWithTimeParse(t *testing.T) {
	for _, s := range dayInputs {
		checkDay(t, s)
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range dayInputs {
		f.Add(s)
	}
	f.Fuzz(checkDay)
}

func checkDay(t *testing.T, s string) {
	want, werr := time.Parse(time.DateOnly, s)
	got, gerr := engine.ParseDay(s)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("ParseDay(%q): error %v, time.Parse: error %v", s, gerr, werr)
	}
	if werr == nil && !got.Equal(want) {
		t.Fatalf("ParseDay(%q) = %v, time.Parse = %v", s, got, want)
	}
}
