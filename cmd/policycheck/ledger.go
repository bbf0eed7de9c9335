package main

import (
	"fmt"
	"io"
	"os"

	"policycheck/ledger"
)

const ledgerUsage = `usage:
  policycheck ledger init -document ID [-o FILE] SOURCE.txt

ledger init reads how a source text numbers its clauses (一、 (一) 1. 1、 (1))
and writes its coverage ledger's skeleton, as in rules/ledger/ID.json: every
numbered clause in the text's order, with its first words and an empty "rules"
list to fill in (or to replace by "left_out" and a "reason"); lint reports each
clause not yet filled. -document is required: the document's id in
rules/documents.json. -o writes to FILE, which must not exist yet (default:
standard output).
`

// runLedger is the ledger subcommand; its only action is init.
func runLedger(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "init" {
		fmt.Fprint(stderr, ledgerUsage)
		return 2
	}
	fs := newFlagSet("ledger init", ledgerUsage, stderr)
	document := fs.String("document", "", "the document's id in rules/documents.json (required)")
	outPath := fs.String("o", "", "write to this new file instead of standard output")
	var files []string // flags may come before or after SOURCE.txt
	for rest := args[1:]; ; rest = fs.Args()[1:] {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
	}
	if *document == "" {
		fmt.Fprint(stderr, "policycheck ledger init: -document ID is required (the document's id in rules/documents.json)\n"+ledgerUsage)
		return 2
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "policycheck ledger init: give one source text, got %d\n%s", len(files), ledgerUsage)
		return 2
	}
	src := files[0]
	text, err := os.ReadFile(src)
	if err != nil {
		fmt.Fprintf(stderr, "policycheck ledger init: %v\n", err)
		return 1
	}
	out, err := ledger.Skeleton(src, *document, text)
	if err != nil {
		fmt.Fprintf(stderr, "policycheck ledger init: %v\n", err)
		return 1
	}
	if *outPath == "" {
		stdout.Write(out)
		return 0
	}
	if err := writeNew(*outPath, out); err != nil {
		fmt.Fprintf(stderr, "policycheck ledger init: %v\n", err)
		return 1
	}
	return 0
}

// writeNew writes data to a file that must not exist yet, so that a
// skeleton never replaces a ledger an analyst has filled in.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		return fmt.Errorf("%s exists already; not overwriting it", path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
