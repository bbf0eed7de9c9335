// Command compilerules checks the catalogue in rules/ with every check of
// `policycheck lint` and `policycheck test` (expr's type checker, quotes
// against the source texts, the rule cases) and writes its compiled form
// (engine.Compile, then engine.PrebuiltSource: Go source that the
// WebAssembly page and the Worker load with engine.LoadPrebuilt, decoding
// nothing):
//
//	go run ./cmd/compilerules                  # writes rules/compiled/catalogue_gen.go
//	go run ./cmd/compilerules -o FILE -rules DIR [-json FILE]
//
// It exits 1, listing every problem, when the catalogue does not load (the
// compiled file is then left as it was). A rule case whose expectation
// fails is reported; with -strict it also stops the compile. -json also
// writes the compiled form as JSON (engine.LoadCompiled reads it).
//
// It must not import policycheck/rules/compiled, whose generated file it
// writes: a stale one (after a change to the engine's types) may not build.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"policycheck/changelog"
	"policycheck/engine"
	"policycheck/rules"
)

func main() {
	out := flag.String("o", filepath.Join("rules", "compiled", "catalogue_gen.go"), "the Go file to write (package compiled)")
	jsonOut := flag.String("json", "", "also write the compiled form as JSON to this file")
	strict := flag.Bool("strict", false, "refuse to compile when a rule case fails")
	dir := flag.String("rules", "", "read the catalogue from this folder instead of the built-in copy of rules/")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: compilerules [-o FILE] [-json FILE] [-rules DIR] [-strict]")
		os.Exit(2)
	}
	var fsys fs.FS = rules.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	if err := run(fsys, *out, *jsonOut, *strict); err != nil {
		fmt.Fprintln(os.Stderr, "compilerules:", err)
		os.Exit(1)
	}
}

func run(fsys fs.FS, out, jsonOut string, strict bool) error {
	data, err := engine.Compile(fsys)
	if err != nil {
		return err
	}
	c, err := engine.LoadCompiled(data)
	if err != nil {
		return err
	}
	src, err := engine.PrebuiltSource(data, "compiled", "catalogue", "prebuilt = &catalogue")
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
	// The changelog goes with the catalogue (its "changes"); lint, not the
	// build, refuses a version without an entry.
	entries := []byte("[]")
	if log, err := changelog.Read(fsys); err != nil {
		fmt.Fprintf(os.Stderr, "compilerules: warning: %v\n", err)
	} else {
		entries = log.EntriesJSON()
		if log.Find(c.Version) < 0 {
			fmt.Fprintf(os.Stderr, "compilerules: warning: catalogue %s has no entry in rules/%s (go run ./cmd/policycheck lint says how to add one)\n", c.Version, changelog.File)
		}
	}
	src = append(src, "\nfunc init() {\n\tchanges = "+strconv.Quote(string(entries))+"\n}\n"...)
	if jsonOut != "" {
		if err := write(jsonOut, data); err != nil {
			return err
		}
	}
	if err := write(out, src); err != nil {
		return err
	}
	fmt.Printf("compiled catalogue %s (%d rules, engine %s): %s, %d bytes\n", c.Version, len(c.Rules), engine.EngineVersion(), out, len(src))
	return nil
}

// write replaces file with data in one step (a half-written Go file would
// break the next build).
func write(file string, data []byte) error {
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}
