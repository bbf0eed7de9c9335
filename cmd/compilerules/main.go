// Command compilerules checks the catalogue in rules/ with every check of
// `policycheck lint` and `policycheck test` (expr's type checker, quotes
// against the source texts, the rule cases) and writes its compiled form
// (engine.Compile) for the WebAssembly page and the Worker:
//
//	go run ./cmd/compilerules                  # writes rules/compiled/catalogue.json
//	go run ./cmd/compilerules -o FILE -rules DIR
//
// It exits 1, listing every problem, when the catalogue does not load (the
// compiled file is then left as it was). A rule case whose expectation
// fails is reported; with -strict it also stops the compile.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"policycheck/engine"
	"policycheck/rules"
	"policycheck/rules/compiled"
)

func main() {
	out := flag.String("o", filepath.Join("rules", "compiled", compiled.Name), "the compiled catalogue to write")
	strict := flag.Bool("strict", false, "refuse to compile when a rule case fails")
	dir := flag.String("rules", "", "read the catalogue from this folder instead of the built-in copy of rules/")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: compilerules [-o FILE] [-rules DIR] [-strict]")
		os.Exit(2)
	}
	var fsys fs.FS = rules.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	if err := run(fsys, *out, *strict); err != nil {
		fmt.Fprintln(os.Stderr, "compilerules:", err)
		os.Exit(1)
	}
}

func run(fsys fs.FS, out string, strict bool) error {
	data, err := engine.Compile(fsys)
	if err != nil {
		return err
	}
	c, err := engine.LoadCompiled(data)
	if err != nil {
		return err
	}
	full, err := engine.Load(fsys)
	if err != nil {
		return err
	}
	failed := 0
	for _, res := range full.RunCases() {
		if !res.Passed() {
			failed++
			for _, f := range res.Failures {
				fmt.Fprintf(os.Stderr, "%s: %q: %s\n", res.Case.File, res.Case.Name, f)
			}
		}
	}
	if failed > 0 && strict {
		return fmt.Errorf("%d rule case(s) fail: not compiled", failed)
	}
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "compilerules: warning: %d rule case(s) fail (go run ./cmd/policycheck test)\n", failed)
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Printf("compiled catalogue %s (%d rules, engine %s): %s, %d bytes\n", c.Version, len(c.Rules), engine.EngineVersion(), out, len(data))
	return nil
}
