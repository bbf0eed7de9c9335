package bench_test

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"policycheck/api"
	"policycheck/bench"
	"policycheck/bench/peers"
	"policycheck/bench/synth"
	"policycheck/engine"
	"policycheck/rules"
)

// The benchmarks run natively and under js/wasm in Node (bench/run.sh runs
// both). Each loads what it needs, then collects garbage before timing, as
// the page is after loading: the engine is then idle until the first answer.

func load(b *testing.B) *engine.Catalogue {
	b.Helper()
	c, err := engine.Load(rules.FS)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func profileDate(b *testing.B, p bench.Profile) time.Time {
	d, err := time.Parse(time.DateOnly, p.Date)
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkPage is the page's estimate, answers JSON in and report JSON out
// (brief), by the path the page takes today (api.Service.Estimate:
// ParseAnswers, Estimate, jsoncodec.Marshal) and by the path it would take
// with EstimateJSON (ParseAnswers, EstimateJSON).
func BenchmarkPage(b *testing.B) {
	c := load(b)
	svc := api.New(c, "bench")
	// Warm up both paths first: under js/wasm the first calls run code the
	// JIT has not optimised yet, which would count against whichever
	// benchmark runs first.
	for range 200 {
		for _, p := range bench.Profiles {
			if _, err := svc.Estimate([]byte(p.Answers), api.EstimateOptions{Date: p.Date, Brief: true}); err != nil {
				b.Fatal(err)
			}
			a, _ := c.ParseAnswers([]byte(p.Answers))
			if _, err := c.EstimateJSON(nil, a, engine.Options{Date: profileDate(b, p), Brief: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, p := range bench.Profiles {
		for _, compare := range []bool{false, true} {
			name := p.Name
			if compare {
				name += "+compare"
			}
			answers := []byte(p.Answers)
			b.Run(name+"/api-today", func(b *testing.B) {
				runtime.GC()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := svc.Estimate(answers, api.EstimateOptions{Date: p.Date, Compare: compare, Brief: true}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/estimatejson", func(b *testing.B) {
				d := profileDate(b, p)
				var buf []byte
				runtime.GC()
				b.ReportAllocs()
				for b.Loop() {
					a, err := c.ParseAnswers(answers)
					if err != nil {
						b.Fatal(err)
					}
					if buf, err = c.EstimateJSON(buf[:0], a, engine.Options{Date: d, Compare: compare, Brief: true}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(buf)), "report-bytes")
			})
		}
	}
}

// scaleSizes are the catalogue sizes of BenchmarkScale; SCALE_SIZES
// (e.g. "100,1000") overrides them.
func scaleSizes(b *testing.B) []int {
	s := os.Getenv("SCALE_SIZES")
	if s == "" {
		return []int{100, 1000, 10000}
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkScale loads and compiles synthetic catalogues of 100 to 10,000
// rules shaped like the real one (see bench/synth), and estimates with the
// first profile's answers: load, Estimate (the Report), EstimateJSON (the
// page's report) and Estimate with the district comparison. ns/rule is the
// time per op divided by the number of rules.
func BenchmarkScale(b *testing.B) {
	p := bench.Profiles[0]
	for _, n := range scaleSizes(b) {
		fsys, err := synth.Catalogue(rules.FS, n)
		if err != nil {
			b.Fatal(err)
		}
		perRule := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/rule")
		}
		b.Run(fmt.Sprintf("rules=%d/load", n), func(b *testing.B) {
			runtime.GC()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := engine.Load(fsys); err != nil {
					b.Fatal(err)
				}
			}
			perRule(b)
		})
		c, err := engine.Load(fsys)
		if err != nil {
			b.Fatal(err)
		}
		a, err := c.ParseAnswers([]byte(p.Answers))
		if err != nil {
			b.Fatal(err)
		}
		opt := engine.Options{Date: profileDate(b, p), Brief: true}
		b.Run(fmt.Sprintf("rules=%d/estimate", n), func(b *testing.B) {
			runtime.GC()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Estimate(a, opt); err != nil {
					b.Fatal(err)
				}
			}
			perRule(b)
		})
		b.Run(fmt.Sprintf("rules=%d/estimatejson", n), func(b *testing.B) {
			var buf []byte
			runtime.GC()
			b.ReportAllocs()
			for b.Loop() {
				if buf, err = c.EstimateJSON(buf[:0], a, opt); err != nil {
					b.Fatal(err)
				}
			}
			perRule(b)
			b.ReportMetric(float64(len(buf)), "report-bytes")
		})
		cmp := opt
		cmp.Compare = true
		b.Run(fmt.Sprintf("rules=%d/estimatejson+compare", n), func(b *testing.B) {
			var buf []byte
			runtime.GC()
			b.ReportAllocs()
			for b.Loop() {
				if buf, err = c.EstimateJSON(buf[:0], a, cmp); err != nil {
					b.Fatal(err)
				}
			}
			perRule(b)
		})
	}
}

// BenchmarkPeerLeaves evaluates the peer benchmark's work (bench/peers:
// every distinct leaf condition of the catalogue on sets of answers), the
// way the Node script times ZEN and JsonLogic on it. ns/eval is per leaf
// evaluation, loading each set of answers included.
func BenchmarkPeerLeaves(b *testing.B) {
	c := load(b)
	set, err := peers.Build(c, 200, 1)
	if err != nil {
		b.Fatal(err)
	}
	d, _ := time.Parse(time.DateOnly, set.Date)
	exprs := make([]*engine.Expression, len(set.Leaves))
	for i, l := range set.Leaves {
		if exprs[i], err = c.CompileExpression(l.Src); err != nil {
			b.Fatal(err)
		}
	}
	answers := make([]engine.Answers, len(set.Answers))
	for i, raw := range set.Answers {
		if answers[i], err = c.ValidateAnswers(raw); err != nil {
			b.Fatal(err)
		}
	}
	var states []string
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		for i, a := range answers {
			states = c.EvaluateAll(a, d, exprs, states[:0])
			if (states[0] == engine.StateMet) != set.Expect[i][0] {
				b.Fatal("the engine disagrees with itself")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(answers)*len(exprs)), "ns/eval")
}
