package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"policycheck/web"
)

// TestBuildWritesCompressedCopies builds a small site and checks the
// precompressed copies (each decodes to its file; none for small or
// already compressed files), .assetsignore, and a _headers without rules
// for the copies.
func TestBuildWritesCompressedCopies(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	os.MkdirAll(src, 0o755)
	big := strings.Repeat("const policycheck = 'estimate';\n", 200)
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", `<!doctype html><title>__BUILD__</title><script type="module" src="app.js"></script>`+strings.Repeat("<p>x</p>", 100))
	write("app.js", big)
	write("tiny.css", "body{}")
	write("icon.png", strings.Repeat("\x89PNG", 200))
	write("sw.js", "self.__PRECACHE = [];\nself.__BUILD = '';\n"+big)
	wasm := filepath.Join(dir, "policycheck.wasm")
	os.WriteFile(wasm, []byte("\x00asm"+strings.Repeat("\x01\x02\x03\x04", 5000)), 0o644)
	exec := filepath.Join(dir, "wasm_exec.js")
	os.WriteFile(exec, []byte(big), 0o644)
	out := filepath.Join(dir, "out")
	cacheDir = filepath.Join(dir, "cache")
	for round := 0; round < 2; round++ { // the second from the cache
		if err := run(src, wasm, exec, out, "test"); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(out)
	have := map[string]bool{}
	for _, e := range entries {
		have[e.Name()] = true
	}
	copies := 0
	for name := range have {
		for _, enc := range []string{".br", ".gz"} {
			if !strings.HasSuffix(name, enc) {
				continue
			}
			copies++
			orig := strings.TrimSuffix(name, enc)
			want, err := os.ReadFile(filepath.Join(out, orig))
			if err != nil {
				t.Fatalf("%s without %s", name, orig)
			}
			c, _ := os.ReadFile(filepath.Join(out, name))
			var r io.Reader
			if enc == ".br" {
				r = brotli.NewReader(bytes.NewReader(c))
			} else if r, err = gzip.NewReader(bytes.NewReader(c)); err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s does not decode to %s (%v)", name, orig, err)
			}
			if len(c) >= len(want) {
				t.Errorf("%s is not smaller than %s", name, orig)
			}
		}
	}
	for name := range have {
		switch {
		case strings.HasPrefix(name, "app.") && !strings.HasSuffix(name, ".br") && !strings.HasSuffix(name, ".gz"),
			strings.HasPrefix(name, "policycheck.") && strings.HasSuffix(name, ".wasm"),
			name == "index.html", name == "sw.js":
			if !have[name+".br"] || !have[name+".gz"] {
				t.Errorf("%s has no .br and .gz", name)
			}
		case strings.HasPrefix(name, "tiny."), strings.HasPrefix(name, "icon.") && strings.HasSuffix(name, ".png"):
			if have[name+".br"] || have[name+".gz"] {
				t.Errorf("%s has a compressed copy", name)
			}
		}
	}
	if copies < 10 {
		t.Errorf("%d copies", copies)
	}
	ignore, _ := os.ReadFile(filepath.Join(out, ".assetsignore"))
	if !strings.Contains(string(ignore), "\n*.br\n*.gz\n") {
		t.Errorf(".assetsignore = %q", ignore)
	}
	headers, _ := os.ReadFile(filepath.Join(out, "_headers"))
	if strings.Contains(string(headers), ".br\n") || strings.Contains(string(headers), ".gz\n") || strings.Contains(string(headers), "assetsignore") {
		t.Errorf("_headers has rules for files not served:\n%s", headers)
	}
	if !strings.Contains(string(headers), "Strict-Transport-Security: "+web.DefaultHSTS) {
		t.Errorf("_headers without HSTS:\n%s", headers)
	}
	sw, _ := os.ReadFile(filepath.Join(out, "sw.js"))
	if strings.Contains(string(sw), ".br\"") || strings.Contains(string(sw), ".gz\"") || strings.Contains(string(sw), "assetsignore") {
		t.Errorf("the service worker precaches a compressed copy")
	}
	// Every copy is in the cache, keyed by its original's content (files of
	// the same content share an entry; a page whose build stamp changed
	// between the rounds left the first round's entry too), and nothing
	// half-written is left there.
	cached, _ := os.ReadDir(cacheDir)
	inCache := map[string]bool{}
	for _, e := range cached {
		inCache[e.Name()] = true
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left in the cache: %s", e.Name())
		}
	}
	for name := range have {
		enc := filepath.Ext(name)
		if enc != ".br" && enc != ".gz" {
			continue
		}
		orig, _ := os.ReadFile(filepath.Join(out, strings.TrimSuffix(name, enc)))
		sum := sha256.Sum256(orig)
		if key := hex.EncodeToString(sum[:]) + enc; !inCache[key] {
			t.Errorf("%s is not in the cache (%s)", name, key)
		}
	}
}

func TestCompressible(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"app.0123456789.js", true}, {"index.html", true}, {"policycheck.0123456789.wasm", true},
		{"style.0123456789.css", true}, {"manifest.webmanifest", true}, {"icon.0123456789.svg", true},
		{"questionnaire.json", true}, {"icon-192.0123456789.png", false}, {"_headers", false},
	}
	for _, tt := range tests {
		if got := compressible(tt.name); got != tt.want {
			t.Errorf("compressible(%q) = %v", tt.name, got)
		}
	}
}
