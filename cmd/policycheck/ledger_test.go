package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLedgerInit(t *testing.T) {
	const nanming = "../../rules/sources/004_424a5fe6abb2a2ca.txt"
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.json")
	if err := os.WriteFile(existing, []byte("filled in"), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(plain, []byte("为深入推进\n——坚持\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		stderr  string // a substring of stderr; "" for none
		clauses int    // clauses in the skeleton written to stdout or -o
	}{
		{"to standard output", []string{"init", "-document", "nanming", nanming}, 0, "", 35},
		{"flags after the source", []string{"init", nanming, "-document", "nanming"}, 0, "", 35},
		{"to a new file", []string{"init", "-document", "nanming", "-o", out, nanming}, 0, "", 35},
		{"never over a file that exists", []string{"init", "-document", "nanming", "-o", existing, nanming}, 1, "existing.json exists already", 0},
		{"no -document", []string{"init", nanming}, 2, "-document ID is required", 0},
		{"no source", []string{"init", "-document", "nanming"}, 2, "give one source text, got 0", 0},
		{"two sources", []string{"init", "-document", "nanming", nanming, nanming}, 2, "give one source text, got 2", 0},
		{"no action", nil, 2, "policycheck ledger init -document ID", 0},
		{"an unknown action", []string{"check"}, 2, "policycheck ledger init -document ID", 0},
		{"a missing source", []string{"init", "-document", "x", filepath.Join(dir, "missing.txt")}, 1, "missing.txt: no such file", 0},
		{"a source without numbered clauses", []string{"init", "-document", "x", plain}, 1, "plain.txt: no numbered clauses found", 0},
		{"a bad document id", []string{"init", "-document", "Nan Ming", nanming}, 1, "must be lower_snake_case", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"ledger"}, tc.args...), nil, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.stderr) || tc.stderr == "" && stderr.Len() > 0 {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.code, tc.stderr)
			}
			written := stdout.Bytes()
			if i := slices.Index(tc.args, "-o"); i >= 0 {
				if written, _ = os.ReadFile(tc.args[i+1]); stdout.Len() > 0 {
					t.Errorf("wrote to stdout as well as -o")
				}
			}
			if tc.clauses == 0 {
				if stdout.Len() > 0 {
					t.Errorf("stdout %q, want nothing", stdout.String())
				}
				return
			}
			var f struct {
				Document string
				Clauses  []struct{ Clause string }
			}
			if err := json.Unmarshal(written, &f); err != nil || f.Document != "nanming" || len(f.Clauses) != tc.clauses {
				t.Errorf("skeleton: %v, document %q, %d clauses; want nanming, %d", err, f.Document, len(f.Clauses), tc.clauses)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "filled in" {
		t.Errorf("the existing file was changed: %q", b)
	}
}
