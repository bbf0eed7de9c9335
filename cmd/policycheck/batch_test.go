package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycheck/batch"
	"policycheck/batch/batchtest"
	"policycheck/engine"
	"policycheck/rules"
)

func TestBatchCommand(t *testing.T) {
	c, err := engine.Load(rules.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	withBad, bad := batchtest.CSV(c, batchtest.Options{Rows: 200, Seed: 1, BadEvery: 10, Labels: "zh"})
	clean, _ := batchtest.CSV(c, batchtest.Options{Rows: 30, Seed: 2, Tab: true})
	var tpl bytes.Buffer
	if code := run([]string{"batch", "-template", "-lang", "en"}, nil, &tpl, os.Stderr); code != 0 {
		t.Fatalf("template: exit %d", code)
	}
	filled := append(tpl.Bytes(), []byte("Acme,company,nanming\r\n")...)
	failed := 0
	for _, b := range bad {
		if b != "" {
			failed++
		}
	}
	tests := []struct {
		name       string
		args       []string
		code       int
		stderrRows int // lines on stderr that name a row
		stdout     string
	}{
		{"200 rows with bad rows", []string{"batch", "-date", "2019-06-01", write("bad.csv", withBad)}, 1, failed, "\ufeffrow,company,district,"},
		{"jsonl", []string{"batch", "-date", "2019-06-01", "-format", "jsonl", "-lang", "en", write("bad2.csv", withBad)}, 1, failed, `{"row":3,`},
		{"tab-separated, all valid", []string{"batch", "-date", "2019-06-01", write("clean.tsv", clean)}, 0, 0, "\ufeffrow,"},
		{"filled-in template", []string{"batch", write("filled.csv", filled)}, 0, 0, "\ufeffrow,"},
		{"bad format", []string{"batch", "-format", "xml", "x.csv"}, 2, 0, ""},
		{"no file", []string{"batch"}, 2, 0, ""},
		{"bad date", []string{"batch", "-date", "2019-13-01", "x.csv"}, 2, 0, ""},
		{"missing file", []string{"batch", filepath.Join(dir, "nope.csv")}, 1, 0, ""},
		{"semicolons", []string{"batch", write("semi.csv", []byte("company;invention_patents\na;1\n"))}, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, strings.NewReader(""), &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errb.String())
			}
			rows := 0
			for _, l := range strings.Split(errb.String(), "\n") {
				if strings.HasPrefix(l, "第 ") || strings.HasPrefix(l, "row ") {
					rows++
				}
			}
			if rows != tt.stderrRows {
				t.Errorf("%d row errors on stderr, want %d:\n%s", rows, tt.stderrRows, errb.String())
			}
			if !strings.HasPrefix(out.String(), tt.stdout) {
				t.Errorf("stdout starts %q, want %q", out.String()[:min(40, out.Len())], tt.stdout)
			}
		})
	}
}

// The result CSV reads back with the columns the package documents.
func TestBatchCSVColumns(t *testing.T) {
	c, _ := engine.Load(rules.FS)
	data, _ := batchtest.CSV(c, batchtest.Options{Rows: 5, Seed: 3})
	p := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(p, data, 0o644)
	var out bytes.Buffer
	if code := run([]string{"batch", "-date", "2019-06-01", p}, nil, &out, os.Stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	head := strings.SplitN(strings.TrimPrefix(out.String(), "\ufeff"), "\r\n", 2)[0]
	if want := strings.Join(batch.ResultColumns, ",") + "," + c.Rules[0].ID; !strings.HasPrefix(head, want) {
		t.Errorf("header %q, want prefix %q", head[:80], want)
	}
}
