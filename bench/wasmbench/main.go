//go:build js && wasm

// Command wasmbench is a WebAssembly build of the engine for the Node
// benchmark scripts (bench/node). Like the page's build (wasm/main.go) it
// loads the embedded catalogue; it exposes globalThis.policycheckBench:
//
//	estimate(answersJSON, date, compare) -> report JSON, by the path the page
//	    would take with engine.Catalogue.EstimateJSON (see bench/README.md)
//	peerLoad(setJSON)  -> number of leaves (a set written by bench/cmd/peerset)
//	peerRun(reps)      -> {"evaluations", "ns", "mismatches"}: every leaf on
//	    every set of answers, reps times, timed inside Go
//	peerOne(leaf, answers) -> true/false: one evaluation per call from JS
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"
	"time"

	"policycheck/api"
	"policycheck/engine"
	"policycheck/rules"
)

type peerSet struct {
	Date   string `json:"date"`
	Leaves []struct {
		Src string `json:"src"`
	} `json:"leaves"`
	Answers []map[string]any `json:"answers"`
	Expect  [][]bool         `json:"expect"`
}

var (
	cat     *engine.Catalogue
	date    time.Time
	exprs   []*engine.Expression
	answers []engine.Answers
	expect  [][]bool
	states  []string
	buf     []byte
)

func main() {
	c, err := engine.Load(rules.FS)
	if err != nil {
		ready(err.Error())
		return
	}
	cat = c
	ns := js.Global().Get("Object").New()
	ns.Set("estimate", js.FuncOf(estimate))
	ns.Set("peerLoad", js.FuncOf(peerLoad))
	ns.Set("peerRun", js.FuncOf(peerRun))
	ns.Set("peerOne", js.FuncOf(peerOne))
	js.Global().Set("policycheckBench", ns)
	ready("")
	select {}
}

func ready(failure string) {
	cb := js.Global().Get("__policycheckReady")
	if cb.Type() != js.TypeFunction {
		return
	}
	if failure != "" {
		cb.Invoke(failure)
	} else {
		cb.Invoke()
	}
}

// estimate is the page's call as api.Service.Estimate would serve it with
// EstimateJSON in place of Estimate and jsoncodec.Marshal.
func estimate(_ js.Value, args []js.Value) any {
	d, derr := api.ParseDate(args[1].String())
	if derr != nil {
		return string(derr.JSON())
	}
	a, err := cat.ParseAnswers([]byte(args[0].String()))
	if err != nil {
		return err.Error()
	}
	buf, err = cat.EstimateJSON(buf[:0], a, engine.Options{Date: d, Compare: len(args) > 2 && args[2].Bool(), Brief: true})
	if err != nil {
		return err.Error()
	}
	return string(buf)
}

func peerLoad(_ js.Value, args []js.Value) any {
	var s peerSet
	if err := json.Unmarshal([]byte(args[0].String()), &s); err != nil {
		return "peerLoad: " + err.Error()
	}
	d, err := time.Parse(time.DateOnly, s.Date)
	if err != nil {
		return "peerLoad: " + err.Error()
	}
	date, exprs, answers, expect = d, nil, nil, s.Expect
	for _, l := range s.Leaves {
		e, err := cat.CompileExpression(l.Src)
		if err != nil {
			return "peerLoad: " + err.Error()
		}
		exprs = append(exprs, e)
	}
	for _, raw := range s.Answers {
		a, err := cat.ValidateAnswers(raw)
		if err != nil {
			return "peerLoad: " + err.Error()
		}
		answers = append(answers, a)
	}
	return len(exprs)
}

func peerRun(_ js.Value, args []js.Value) any {
	reps := args[0].Int()
	mismatches := 0
	t0 := time.Now()
	for r := 0; r < reps; r++ {
		for i, a := range answers {
			states = cat.EvaluateAll(a, date, exprs, states[:0])
			if r == 0 {
				for j, st := range states {
					if (st == engine.StateMet) != expect[i][j] {
						mismatches++
					}
				}
			}
		}
	}
	ns := time.Since(t0).Nanoseconds()
	return fmt.Sprintf(`{"evaluations":%d,"ns":%d,"mismatches":%d}`, reps*len(answers)*len(exprs), ns, mismatches)
}

func peerOne(_ js.Value, args []js.Value) any {
	i, j := args[0].Int(), args[1].Int()
	states = cat.EvaluateAll(answers[j], date, exprs[i:i+1], states[:0])
	return states[0] == engine.StateMet
}
