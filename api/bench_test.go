package api_test

import (
	"strconv"
	"strings"
	"testing"
)

// BenchmarkManyUnknownKeys is the costliest error probe: a 64 KB body of
// 5,800 unknown answer keys (issue 13; the Worker's CPU limit is 10 ms).
func BenchmarkManyUnknownKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"answers":{`)
	for i := 0; i < 5800; i++ {
		sb.WriteString(`"k` + strconv.Itoa(i) + `":1,`)
	}
	sb.WriteString(`"z":1}}`)
	body := []byte(sb.String())
	s := service(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, e := s.EstimateBody(body); e == nil || e.More != 5781 {
			b.Fatalf("error %v", e)
		}
	}
}
