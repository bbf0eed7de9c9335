package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policycheck/rules"
)

// TestLintRefusesACatalogueChangedWithoutAnEntry changes a copy of the
// catalogue and walks what an analyst does: lint fails, naming the rule that
// changed and the command; `changes add -w` writes the entry to fill in;
// lint fails while it says TODO; filled in, lint passes.
func TestLintRefusesACatalogueChangedWithoutAnEntry(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, rules.FS); err != nil {
		t.Fatal(err)
	}
	edit := func(file, old, new string) {
		t.Helper()
		path := filepath.Join(dir, file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(string(data), `"id": "nanming.hightech-certification-grant"`)
		if file != "nanming.json" {
			i = 0
		}
		j := strings.Index(string(data[i:]), old)
		if i < 0 || j < 0 {
			t.Fatalf("%s: %q not found", file, old)
		}
		out := string(data[:i+j]) + new + string(data[i+j+len(old):])
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	for _, step := range []struct {
		name   string
		before func()
		args   []string
		code   int
		says   []string
	}{
		{"the catalogue as committed passes lint", nil, []string{"lint", "-rules", dir}, 0, []string{": ok"}},
		{"a changed amount without an entry fails lint, naming the rule and the command", func() { edit("nanming.json", `"value": 50000`, `"value": 60000`) },
			[]string{"lint", "-rules", dir}, 1, []string{"which no entry names", "rules changed (1): nanming.hightech-certification-grant (amount)", "policycheck changes add"}},
		{"changes add prints the entry with what changed", nil, []string{"changes", "add", "-rules", dir, "-date", "2026-12-07"}, 0,
			[]string{`"rules": [`, `"nanming.hightech-certification-grant"`, `"amount"`, `"why"`, "TODO"}},
		{"changes add -w appends it", nil, []string{"changes", "add", "-w", "-rules", dir, "-date", "2026-12-07"}, 0, []string{"appended the entry"}},
		{"an entry still saying TODO fails lint", nil, []string{"lint", "-rules", dir}, 1, []string{"still says TODO"}},
		{"the entry written from the text passes lint", func() {
			for _, f := range []struct{ old, new string }{
				{`"zh": "TODO"`, `"zh": "高新技术企业认定资助改为60000元。"`},
				{`"en": "TODO"`, `"en": "The high-tech certification grant is now 60,000 yuan."`},
				{`"zh": "TODO"`, `"zh": "原文为50000元/家（测试用的改动）。"`},
				{`"en": "TODO"`, `"en": "The text says 50,000 yuan per firm (a change made by a test)."`},
				{`"clause": "TODO"`, `"clause": "三(六)"`},
				{`"quote": "TODO"`, `"quote": "高新技术企业认定资助50000元/家"`},
			} {
				edit("CHANGES.json", f.old, f.new)
			}
		}, []string{"lint", "-rules", dir}, 0, []string{": ok"}},
		{"changes add has nothing to add once the version has its entry", nil, []string{"changes", "add", "-rules", dir}, 1, []string{"already has an entry"}},
	} {
		if step.before != nil {
			step.before()
		}
		code, out := run(step.args...)
		if code != step.code {
			t.Fatalf("%s: exit %d, want %d:\n%s", step.name, code, step.code, out)
		}
		for _, s := range step.says {
			if !strings.Contains(out, s) {
				t.Errorf("%s: output does not say %q:\n%s", step.name, s, out)
			}
		}
	}
}
