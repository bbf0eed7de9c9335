package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
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

// inlineSite writes a small site whose index.html marks boot.js and
// start.js for inlining; boot.js is also imported by worker.js, start.js
// by nothing else. It returns the site folder, the wasm and wasm_exec.js.
func inlineSite(t *testing.T, index string, extra map[string]string) (src, wasm, exec string) {
	t.Helper()
	dir := t.TempDir()
	src = filepath.Join(dir, "site")
	os.MkdirAll(src, 0o755)
	files := map[string]string{
		"index.html": index,
		"boot.js":    "globalThis.boot = {};\n",
		"start.js":   "fetch(new URL('policycheck.wasm', location.href));\nnew Worker('worker.js');\n",
		"worker.js":  "importScripts('boot.js');\n",
		"app.js":     "console.log('app');\n",
		"sw.js":      "self.__PRECACHE = [];\nself.__BUILD = '';\n",
	}
	for name, data := range extra {
		files[name] = data
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wasm = filepath.Join(dir, "policycheck.wasm")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	exec = filepath.Join(dir, "wasm_exec.js")
	os.WriteFile(exec, []byte("// go\n"), 0o644)
	cacheDir = ""
	return src, wasm, exec
}

const inlineIndex = `<!doctype html><title>x</title>` +
	`<script src="boot.js" data-inline></script><script src="start.js" data-inline></script>` +
	`<script type="module" src="app.js"></script>`

// TestBuildInlinesMarkedScripts: a script a page marks data-inline is
// written into the page, its references rewritten to the hashed names; a
// file inlined that nothing else refers to is left out, one still imported
// is kept; and build.json and _headers list the hashes of exactly the
// page's inline scripts, which the policy then allows.
func TestBuildInlinesMarkedScripts(t *testing.T) {
	src, wasm, exec := inlineSite(t, inlineIndex, nil)
	out := filepath.Join(t.TempDir(), "out")
	if err := run(src, wasm, exec, out, "test"); err != nil {
		t.Fatal(err)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	page := string(index)
	if strings.Contains(page, "data-inline") || strings.Contains(page, `src="boot.`) || strings.Contains(page, `src="start.`) {
		t.Errorf("a marked script is still loaded by its own request:\n%s", page)
	}
	if !strings.Contains(page, "<script>globalThis.boot = {};\n</script>") {
		t.Errorf("boot.js is not in the page:\n%s", page)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	all := strings.Join(names, " ")
	wasmName := regexp.MustCompile(`policycheck\.[0-9a-f]{10}\.wasm`).FindString(all)
	if wasmName == "" || !strings.Contains(page, "new URL('"+wasmName+"'") {
		t.Errorf("start.js's reference to the wasm is not rewritten to %q:\n%s", wasmName, page)
	}
	if regexp.MustCompile(`(^| )start\.`).MatchString(all) {
		t.Errorf("start.js, inlined and referred to by nothing else, is still in the site: %s", all)
	}
	if !regexp.MustCompile(`(^| )boot\.[0-9a-f]{10}\.js( |$)`).MatchString(all) {
		t.Errorf("boot.js, still imported by worker.js, is not in the site: %s", all)
	}
	var want []string
	for _, m := range regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		sum := sha256.Sum256([]byte(m[1]))
		want = append(want, "sha256-"+base64.StdEncoding.EncodeToString(sum[:]))
	}
	sort.Strings(want)
	if len(want) != 2 {
		t.Fatalf("%d inline scripts in the page, want 2", len(want))
	}
	got, err := web.SiteScriptHashes(os.DirFS(out))
	if err != nil || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("build.json lists %q (%v), want %q", got, err, want)
	}
	headers, _ := os.ReadFile(filepath.Join(out, "_headers"))
	if csp := web.SecurityHeadersFor(want)[0]; !strings.Contains(string(headers), "  "+csp[0]+": "+csp[1]+"\n") {
		t.Errorf("_headers does not allow the inline scripts:\n%s", headers)
	}
}

// TestBuildRefusesScriptsItCannotInline: each refusal names the page and
// what is wrong.
func TestBuildRefusesScriptsItCannotInline(t *testing.T) {
	for _, tt := range []struct {
		name, index string
		extra       map[string]string
		err         string
	}{
		{"a file the site lacks", `<script src="missing.js" data-inline></script>`, nil, "index.html: missing.js is marked data-inline but is not a script of the site"},
		{"not a script", `<script src="style.css" data-inline></script>`, map[string]string{"style.css": "body{}"}, "style.css is marked data-inline but is not a script"},
		{"a script that would end the element", `<script src="boot.js" data-inline></script>`, map[string]string{"boot.js": "document.write('</SCRIPT>');"}, "boot.js cannot be inlined"},
		{"a script that opens a comment", `<script src="boot.js" data-inline></script>`, map[string]string{"boot.js": "let s = '<!--';"}, "boot.js cannot be inlined"},
		{"another form of the tag", `<script data-inline src="boot.js"></script>`, nil, `<script data-inline src="boot.js">: a data-inline script not of the form`},
	} {
		src, wasm, exec := inlineSite(t, "<!doctype html><title>x</title>"+tt.index, tt.extra)
		err := run(src, wasm, exec, filepath.Join(t.TempDir(), "out"), "test")
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
}
