// Command peerset writes the peer benchmark's work (see bench/peers) as JSON:
//
//	go run ./bench/cmd/peerset -n 200 -o build/bench/peerset.json
package main

import (
	"flag"
	"fmt"
	"os"

	"policycheck/bench/peers"
	"policycheck/engine"
	"policycheck/rules"
)

func main() {
	n := flag.Int("n", 200, "sets of answers")
	out := flag.String("o", "build/bench/peerset.json", "output file")
	flag.Parse()
	c, err := engine.Load(rules.FS)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peerset:", err)
		os.Exit(1)
	}
	s, err := peers.Build(c, *n, 1)
	if err == nil {
		var b []byte
		if b, err = s.JSON(); err == nil {
			err = os.WriteFile(*out, b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "peerset:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "peerset: %d leaves (%d skipped) × %d answer sets → %s\n", len(s.Leaves), len(s.Skipped), len(s.Answers), *out)
}
