// Command report writes BENCHMARKS.md from the measurements bench/run.sh
// leaves in its output folder:
//
//	go run ./bench/report -dir build/bench -o BENCHMARKS.md
//
// It reads Go benchmark output (engine-*.txt, bench-*.txt, scale-*.txt;
// with -count n, the median of the n runs is reported), the Node scripts'
// JSON (page-*.json, peers.json), the size budget's size.json and size.md,
// wasmsize.md and env.txt. A measurement that is missing is reported as
// missing rather than failing, so that a partial run still says what it has.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var dir string

func main() {
	flag.StringVar(&dir, "dir", "build/bench", "the folder bench/run.sh wrote")
	out := flag.String("o", "BENCHMARKS.md", "the Markdown file to write")
	flag.Parse()
	var b strings.Builder
	write(&b)
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// bench is one Go benchmark, over its -count runs.
type bench struct {
	ns      []float64
	metrics map[string][]float64
}

func (b *bench) median(unit string) float64 {
	if b == nil {
		return math.NaN()
	}
	if unit == "ns/op" {
		return median(b.ns)
	}
	return median(b.metrics[unit])
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

var procSuffix = regexp.MustCompile(`-\d+$`)

// goBench reads `go test -bench` output.
func goBench(name string) map[string]*bench {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[string]*bench{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		key := procSuffix.ReplaceAllString(strings.TrimPrefix(fields[0], "Benchmark"), "")
		b := out[key]
		if b == nil {
			b = &bench{metrics: map[string][]float64{}}
			out[key] = b
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			if fields[i+1] == "ns/op" {
				b.ns = append(b.ns, v)
			} else {
				b.metrics[fields[i+1]] = append(b.metrics[fields[i+1]], v)
			}
		}
	}
	return out
}

func readJSON(name string, v any) bool {
	b, err := os.ReadFile(filepath.Join(dir, name))
	return err == nil && json.Unmarshal(b, v) == nil
}

func readText(name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// dur writes a time given in ns.
func dur(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "–"
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

func check(ok bool, measured bool) string {
	switch {
	case !measured:
		return "not measured"
	case ok:
		return "met"
	}
	return "**missed**"
}

type nodeStats struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P10    float64 `json:"p10"`
	P90    float64 `json:"p90"`
}

type pageRun struct {
	Wasm          string  `json:"wasm"`
	InstantiateMs float64 `json:"instantiateMs"`
	StartMs       float64 `json:"startMs"`
	Results       []struct {
		nodeStats
		Profile     string `json:"profile"`
		Compare     bool   `json:"compare"`
		ReportBytes int    `json:"reportBytes"`
	} `json:"results"`
}

type peerRun struct {
	Leaves     int      `json:"leaves"`
	AnswerSets int      `json:"answerSets"`
	Skipped    []string `json:"skipped"`
	Results    map[string]struct {
		nodeStats
		Mismatches int `json:"mismatches"`
		Leaves     int `json:"leaves"`
	} `json:"results"`
}

type sizeRun struct {
	SiteBuilt bool `json:"site_built"`
	Total     struct {
		Raw, Gzip, Brotli int
	} `json:"total"`
	Wasm struct {
		Raw, Gzip, Brotli int
	} `json:"wasm"`
	WasmBudget  int      `json:"wasm_budget_brotli"`
	TotalBudget int      `json:"total_budget_brotli"`
	Over        []string `json:"over_budget"`
}

func write(b *strings.Builder) {
	env := readText("env.txt")
	engNative, engWasm := goBench("engine-native.txt"), goBench("engine-wasm.txt")
	benchNative, benchWasm := goBench("bench-native.txt"), goBench("bench-wasm.txt")
	scaleNative, scaleWasm := goBench("scale-native.txt"), goBench("scale-wasm.txt")
	var today, proposed pageRun
	haveToday := readJSON("page-today.json", &today)
	haveProposed := readJSON("page-estimatejson.json", &proposed)
	var peers peerRun
	havePeers := readJSON("peers.json", &peers)
	var size sizeRun
	haveSize := readJSON("size.json", &size)

	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Written by `./build.sh bench` (bench/run.sh, then bench/report): every figure below comes from one run on one machine. " +
		"Do not edit by hand; rerun. How each figure is measured is under [How](#how).\n\n")
	if env != "" {
		b.WriteString("```\n" + env + "\n```\n\n")
	}

	// Targets.
	pageMedian, pageCompare := math.NaN(), math.NaN()
	for _, r := range proposed.Results {
		if r.Compare {
			pageCompare = nanMax(pageCompare, r.Median)
		} else {
			pageMedian = nanMax(pageMedian, r.Median)
		}
	}
	todayMedian := math.NaN()
	for _, r := range today.Results {
		if !r.Compare {
			todayMedian = nanMax(todayMedian, r.Median)
		}
	}
	scale10k := scaleWasm["Scale/rules=10000/estimatejson"].median("ns/op")
	scale10kReport := scaleWasm["Scale/rules=10000/estimate"].median("ns/op")
	ours := math.NaN()
	zenBest, logic := math.NaN(), math.NaN()
	for name, r := range peers.Results {
		switch {
		case strings.Contains(name, "inside the engine"):
			ours = r.Median
		case strings.HasPrefix(name, "zen evaluateExpression"):
			zenBest = nanMin(zenBest, r.Median)
		case strings.HasPrefix(name, "json-logic"):
			logic = r.Median
		}
	}
	b.WriteString("## Targets\n\n| target | measured | |\n|---|---|---|\n")
	fmt.Fprintf(b, "| a full estimate in the page ≤ 1 ms (median; Node running the wasm as a proxy) | %s with EstimateJSON (slowest profile; %s with the district comparison); %s by today's api path | %s |\n",
		msStr(pageMedian), msStr(pageCompare), msStr(todayMedian), check(pageMedian <= 1, haveProposed))
	if haveSize {
		fmt.Fprintf(b, "| wasm ≤ 1.3 MB after brotli | %s | %s |\n", kB(size.Wasm.Brotli), check(size.Wasm.Brotli <= 1_300_000, true))
	} else {
		b.WriteString("| wasm ≤ 1.3 MB after brotli | – | not measured |\n")
	}
	fmt.Fprintf(b, "| a 10,000-rule estimate ≤ 20 ms in wasm | %s (EstimateJSON, the page's report); %s (Estimate, a Go Report) | %s |\n",
		dur(scale10k), dur(scale10kReport), check(scale10k <= 20e6, !math.IsNaN(scale10k)))
	fmt.Fprintf(b, "| faster per evaluation than GoRules ZEN and json-logic-js | %s vs ZEN %s (%s) and json-logic-js %s (%s) | %s |\n\n",
		dur(ours), dur(zenBest), ratio(zenBest, ours), dur(logic), ratio(logic, ours), check(ours < zenBest && ours < logic, havePeers))

	// 1. Engine.
	b.WriteString("## 1. The engine: a full-catalogue estimate, natively and under js/wasm\n\n")
	b.WriteString("`go test -bench` of the engine package, natively and under js/wasm in Node (`-exec go_js_wasm_exec`). " +
		"BenchmarkEstimate estimates the real catalogue for a Nanming software firm (full report: titles, labels, citations); " +
		"BenchmarkEstimateWithComparison adds the district comparison; BenchmarkLoad loads, validates and compiles the catalogue.\n\n")
	b.WriteString("| benchmark | native | allocs/op | B/op | js/wasm (Node) | allocs/op | wasm / native |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, name := range []string{"Estimate", "EstimateWithComparison", "Load"} {
		n, w := engNative[name], engWasm[name]
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", name, dur(n.median("ns/op")), num(n.median("allocs/op")), num(n.median("B/op")),
			dur(w.median("ns/op")), num(w.median("allocs/op")), ratio(w.median("ns/op"), n.median("ns/op")))
	}
	b.WriteString("\n")

	// The page.
	b.WriteString("## The page's estimate (answers JSON in, brief report JSON out)\n\n")
	b.WriteString("In Go (`bench` package, BenchmarkPage): *api today* is `api.Service.Estimate` as the page's wasm calls it (ParseAnswers, Estimate, " +
		"jsoncodec.Marshal, which is encoding/json under js/wasm); *EstimateJSON* is ParseAnswers then `Catalogue.EstimateJSON`, which writes the same bytes.\n\n")
	b.WriteString("| profile | api today, native | EstimateJSON, native | api today, wasm | EstimateJSON, wasm | report |\n|---|---:|---:|---:|---:|---:|\n")
	var names []string
	for k := range benchNative {
		if strings.HasPrefix(k, "Page/") && strings.HasSuffix(k, "/api-today") {
			names = append(names, strings.TrimSuffix(strings.TrimPrefix(k, "Page/"), "/api-today"))
		}
	}
	sort.Strings(names)
	for _, p := range names {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s B |\n", p,
			dur(benchNative["Page/"+p+"/api-today"].median("ns/op")), dur(benchNative["Page/"+p+"/estimatejson"].median("ns/op")),
			dur(benchWasm["Page/"+p+"/api-today"].median("ns/op")), dur(benchWasm["Page/"+p+"/estimatejson"].median("ns/op")),
			num(benchNative["Page/"+p+"/estimatejson"].median("report-bytes")))
	}
	b.WriteString("\nIn Node, calling the wasm from JavaScript as the page does (`bench/node/estimate.cjs`; the time of `estimate(answersJSON, date, compare)` " +
		"including the conversion of the report to a JS string; median, 10th and 90th percentile over repeated calls after a warm-up):\n\n")
	b.WriteString("| profile | comparison | the page's wasm today: median (p10–p90) | with EstimateJSON: median (p10–p90) |\n|---|---|---:|---:|\n")
	for i, r := range today.Results {
		var p string
		if i < len(proposed.Results) {
			q := proposed.Results[i]
			p = fmt.Sprintf("%s (%s–%s)", msStr(q.Median), msStr(q.P10), msStr(q.P90))
		}
		fmt.Fprintf(b, "| %s | %v | %s (%s–%s) | %s |\n", r.Profile, yesNo(r.Compare), msStr(r.Median), msStr(r.P10), msStr(r.P90), p)
	}
	if haveToday {
		fmt.Fprintf(b, "\nStart-up in Node (the page's wasm): instantiate %s, then %s until the catalogue is loaded and the functions are exported "+
			"(compare BenchmarkLoad above: most of the start-up is code running for the first time, before the JIT has optimised it).\n", msStr(today.InstantiateMs), msStr(today.StartMs))
	}
	b.WriteString("\n")

	// 3. Size.
	b.WriteString("## 3. Transfer size of the first load\n\n")
	if md := readText("size.md"); md != "" {
		b.WriteString(md + "\n\n")
	} else {
		b.WriteString("Not measured.\n\n")
	}
	if md := readText("wasmsize.md"); md != "" {
		b.WriteString("What the wasm is made of (`go run ./bench/wasmsize`, on the same build with its name section kept):\n\n" + md + "\n\n")
	}

	// 4. Scale.
	b.WriteString("## 4. Scale: synthetic catalogues of 100 to 10,000 rules\n\n")
	b.WriteString("Copies of the real documents, rules, questions and cases (bench/synth), loaded and estimated with the Nanming software firm's answers. " +
		"*load* reads, validates and compiles the catalogue (every expression checked and compiled, every case's answers validated); " +
		"*Estimate* builds a Go Report; *EstimateJSON* writes the page's brief report; *+compare* adds the district comparison.\n\n")
	b.WriteString("| rules | | native | per rule | js/wasm | per rule |\n|---:|---|---:|---:|---:|---:|\n")
	for _, n := range []int{100, 1000, 10000} {
		for _, what := range []string{"load", "estimate", "estimatejson", "estimatejson+compare"} {
			k := fmt.Sprintf("Scale/rules=%d/%s", n, what)
			nb, wb := scaleNative[k], scaleWasm[k]
			fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s |\n", n, what, dur(nb.median("ns/op")), dur(nb.median("ns/rule")), dur(wb.median("ns/op")), dur(wb.median("ns/rule")))
		}
	}
	b.WriteString("\nGrowth from 1,000 to 10,000 rules (10× the rules; linear is 10×):")
	for _, what := range []string{"load", "estimate", "estimatejson"} {
		fmt.Fprintf(b, " %s %s natively, %s in wasm;", what,
			ratio(scaleNative[fmt.Sprintf("Scale/rules=10000/%s", what)].median("ns/op"), scaleNative[fmt.Sprintf("Scale/rules=1000/%s", what)].median("ns/op")),
			ratio(scaleWasm[fmt.Sprintf("Scale/rules=10000/%s", what)].median("ns/op"), scaleWasm[fmt.Sprintf("Scale/rules=1000/%s", what)].median("ns/op")))
	}
	b.WriteString(" no step of loading or estimating does work per rule that grows with the catalogue. " +
		"What rises per rule at 10,000 rules is the cost of memory: the catalogue and its 4 MB report no longer fit in the processor's caches, " +
		"and under js/wasm the garbage collector has a larger heap to mark.\n\n")

	// 5. Peers.
	b.WriteString("## 5. Peers: the same conditions on the same answers\n\n")
	if havePeers {
		fmt.Fprintf(b, "%d distinct leaf conditions of the real catalogue (the parts between its `&&`, `||` and `!`, written by bench/cmd/peerset in the "+
			"engine's syntax, in ZEN's and as JsonLogic), each evaluated on %d sets of answers with every question answered, in one Node process "+
			"(`bench/node/peers.cjs`). Every result of every engine is checked against policycheck's. %d leaves that read dates are left out (JsonLogic has no dates).\n\n",
			peers.Leaves, peers.AnswerSets, len(peers.Skipped))
		b.WriteString("| engine, way of calling | per evaluation (median) | p10–p90 | vs policycheck in the engine | wrong results |\n|---|---:|---:|---:|---:|\n")
		keys := make([]string, 0, len(peers.Results))
		for k := range peers.Results {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return peers.Results[keys[i]].Median < peers.Results[keys[j]].Median })
		for _, k := range keys {
			r := peers.Results[k]
			fmt.Fprintf(b, "| %s | %s | %s–%s | %s | %d |\n", k, dur(r.Median), dur(r.P10), dur(r.P90), ratio(r.Median, ours), r.Mismatches)
		}
		if n := benchNative["PeerLeaves"]; n != nil {
			fmt.Fprintf(b, "| policycheck natively (Go, BenchmarkPeerLeaves) | %s | | | |\n", dur(n.median("ns/eval")))
		}
		b.WriteString("\n*Inside the engine*: one call evaluates every leaf on a set of answers, as an estimate does (loading the answers counted). " +
			"*One call from JS per evaluation* adds a JavaScript-to-Go call and the loading of the answers to each evaluation: the page makes one call per estimate, not per condition. " +
			"ZEN is a native addon: each call converts its context from JavaScript, so the whole answers object costs more than the leaf's own questions.\n\n")
	} else {
		b.WriteString("Not measured.\n\n")
	}

	b.WriteString("## How\n\n")
	if cmds := readText("commands.txt"); cmds != "" {
		b.WriteString("The commands bench/run.sh ran, in order:\n\n```\n" + cmds + "\n```\n\n")
	}
	b.WriteString("Go benchmarks run with `-count` several times and report the median; wasm benchmarks run under Node with Go's `go_js_wasm_exec`. " +
		"Benchmarks collect garbage after loading and before timing, as the page is idle after it loads. " +
		"The machine may be shared: the load average before and after the run is in the header.\n")
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func msStr(ms float64) string {
	if math.IsNaN(ms) {
		return "–"
	}
	return dur(ms * 1e6)
}

func kB(n int) string { return fmt.Sprintf("%.1f kB", float64(n)/1000) }

func nanMax(a, b float64) float64 {
	if math.IsNaN(a) || b > a {
		return b
	}
	return a
}

func nanMin(a, b float64) float64 {
	if math.IsNaN(a) || b < a {
		return b
	}
	return a
}
