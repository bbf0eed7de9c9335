package api_test

import (
	"strconv"
	"strings"
	"testing"

	"policycheck/api"
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

// BenchmarkEstimateLive is the page's estimate as its engine calls it, one
// buffer kept from one estimate to the next.
func BenchmarkEstimateLive(b *testing.B) {
	s := service(b)
	answers := []byte(`{"organisation_kind":"company","registered_district":"nanming","hightech_certified":true,"invention_patents":3,"registration_date":"2016-05-01","industries":["software"]}`)
	opt := api.EstimateOptions{Date: "2026-11-30", Brief: true}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = s.AppendEstimateLive(buf[:0], answers, opt)
	}
}

// BenchmarkEstimateLiveSince is the page's estimate since issue 12's second
// pass: one answer changing back and forth, each estimate given the number
// of the last, so that only the results that changed are written.
func BenchmarkEstimateLiveSince(b *testing.B) {
	s := service(b)
	answers := [2][]byte{
		[]byte(`{"organisation_kind":"company","registered_district":"nanming","hightech_certified":true,"invention_patents":3,"registration_date":"2016-05-01","industries":["software"]}`),
		[]byte(`{"organisation_kind":"company","registered_district":"nanming","hightech_certified":true,"invention_patents":4,"registration_date":"2016-05-01","industries":["software"]}`),
	}
	var ses api.LiveSession
	opt := api.EstimateOptions{Date: "2026-11-30", Brief: true, Session: &ses}
	var buf []byte
	k := 0
	b.ReportAllocs()
	for b.Loop() {
		buf = s.AppendEstimateLive(buf[:0], answers[k&1], opt)
		k++
		opt.Since++
	}
	b.ReportMetric(float64(len(buf)), "bytes/reply")
}
