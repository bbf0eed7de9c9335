package engine

import (
	"testing"
	"time"
)

func TestAppendDayIsDateOnly(t *testing.T) {
	for _, d := range []time.Time{
		time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(999, 12, 31, 23, 59, 0, 0, time.UTC), time.Date(9999, 9, 9, 0, 0, 0, 0, time.FixedZone("x", 8*3600)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-5, 3, 4, 0, 0, 0, 0, time.UTC), {},
	} {
		if got, want := string(appendDay([]byte("x"), d)), "x"+d.Format(time.DateOnly); got != want {
			t.Errorf("appendDay(%v) = %q, want %q", d, got, want)
		}
	}
}
