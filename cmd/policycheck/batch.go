package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"policycheck/batch"
	"policycheck/engine"
)

const batchUsage = `usage:
  policycheck batch [-date YYYY-MM-DD] [-format csv|jsonl] [-lang zh|en] [-rules DIR] [-o OUT] FILE|-
  policycheck batch -template [-lang zh|en] [-rules DIR] [-o OUT]

batch reads a table of companies (CSV, comma or tab, with or without a BOM
and the template's label row; or JSON Lines of answers) and writes
one result per company: CSV with a BOM (default) or JSON Lines. Rows with errors
are reported on stderr as "row N, column: message" and the other rows still
run; the exit status is then 1 (2 for a usage error). -template writes the
empty table to fill in.
`

// maxBatchFile bounds the file the batch command reads (about 200,000 companies).
const maxBatchFile = 256 << 20

// runBatch is the batch subcommand.
func runBatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("batch", batchUsage, stderr)
	rulesDir := fs.String("rules", "", "read the catalogue from this folder instead of the built-in one")
	date := fs.String("date", "", "assessment date YYYY-MM-DD for every row (default today)")
	format := fs.String("format", "csv", "output format: csv or jsonl")
	lang := fs.String("lang", "zh", "language of labels, titles and messages: zh or en")
	template := fs.Bool("template", false, "write the empty table (header row and a row of labels) instead")
	outPath := fs.String("o", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *lang != "zh" && *lang != "en" {
		fmt.Fprintf(stderr, "policycheck batch: -lang must be zh or en, got %q\n", *lang)
		return 2
	}
	if *format != "csv" && *format != "jsonl" {
		fmt.Fprintf(stderr, "policycheck batch: -format must be csv or jsonl, got %q\n", *format)
		return 2
	}
	files := fs.Args()
	if *template && len(files) > 0 || !*template && len(files) != 1 {
		fmt.Fprint(stderr, batchUsage)
		return 2
	}
	opt := batch.Options{}
	if *date != "" {
		t, err := engine.ParseDay(*date)
		if err != nil {
			fmt.Fprintf(stderr, "policycheck batch: -date must be YYYY-MM-DD, got %q\n", *date)
			return 2
		}
		opt.Date = t
	}
	c, err := loadCatalogue(*rulesDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	out := stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			fmt.Fprintf(stderr, "policycheck batch: %v\n", err)
			return 1
		}
		defer f.Close()
		out = f
	}
	if *template {
		if err := batch.WriteTemplate(out, c, *lang); err != nil {
			fmt.Fprintf(stderr, "policycheck batch: %v\n", err)
			return 1
		}
		return 0
	}
	var data []byte
	if files[0] == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, maxBatchFile+1))
	} else {
		data, err = os.ReadFile(files[0])
	}
	if err == nil && len(data) > maxBatchFile {
		err = fmt.Errorf("%s is larger than %d MiB", files[0], maxBatchFile>>20)
	}
	if err != nil {
		fmt.Fprintf(stderr, "policycheck batch: %v\n", err)
		return 1
	}
	// A batch allocates one report per row and keeps little: trade memory for less GC.
	debug.SetGCPercent(400)
	in, err := batch.Parse(c, data)
	if err != nil {
		var fe *batch.FileError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "%s: %s\n", files[0], fe.Message.In(*lang))
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
		}
		return 1
	}
	results := batch.All(c, in, opt, 0)
	if *format == "jsonl" {
		err = batch.WriteJSONL(out, results)
	} else {
		err = batch.WriteCSV(out, c, results, *lang)
	}
	if err != nil {
		fmt.Fprintf(stderr, "policycheck batch: %v\n", err)
		return 1
	}
	failed := 0
	for i := range in.Rows {
		for _, e := range in.Rows[i].Errors {
			fmt.Fprintln(stderr, e.String(*lang))
		}
		if len(in.Rows[i].Errors) > 0 {
			failed++
		}
	}
	if failed > 0 {
		if *lang == "en" {
			fmt.Fprintf(stderr, "policycheck batch: %d of %d rows failed\n", failed, len(in.Rows))
		} else {
			fmt.Fprintf(stderr, "policycheck batch: %d 行中有 %d 行出错\n", len(in.Rows), failed)
		}
		return 1
	}
	return 0
}
