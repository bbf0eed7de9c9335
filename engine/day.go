package engine

import (
	"errors"
	"time"
)

// errDay is ParseDay's error: the caller names the field.
var errDay = errors.New("not a date YYYY-MM-DD")

// ParseDay parses a calendar date written YYYY-MM-DD as time.Parse with
// time.DateOnly does (midnight UTC; the same strings accepted and refused),
// without time.Parse's general layout machinery: it is on the path of every
// estimate and of the catalogue's start-up, where under js/wasm the first
// call of time.Parse costs milliseconds of compilation.
func ParseDay(s string) (time.Time, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, errDay
	}
	num := func(p string) (int, bool) {
		n := 0
		for i := 0; i < len(p); i++ {
			c := p[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, okY := num(s[:4])
	m, okM := num(s[5:7])
	d, okD := num(s[8:])
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return time.Time{}, errDay
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// appendDay appends t as YYYY-MM-DD, as t.AppendFormat(b, time.DateOnly)
// does, without the general layout machinery (on every estimate's path).
func appendDay(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
}
