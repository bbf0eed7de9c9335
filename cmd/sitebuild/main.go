// Command sitebuild assembles the page into a folder ready to serve:
//
//	go run ./cmd/sitebuild -site site -wasm build/policycheck.wasm -wasm-exec $(go env GOROOT)/lib/wasm/wasm_exec.js -out build/site
//
// It copies the page, the wasm and Go's wasm_exec.js; writes the scripts a
// page marks data-inline into the page (listing their hashes in build.json
// and _headers for the Content-Security-Policy); writes the
// questionnaire and the catalogue as JSON (questionnaire.json,
// catalogue.json) from the compiled catalogue, and the source texts clause
// by clause with the ledger and the test cases (sources.json) for the
// catalogue page; gives scripts, styles, JSON,
// the wasm and icons content-hashed names (app.3f9a1c2b7d.js) and rewrites
// every reference to them; writes the service worker's precache list with a
// revision per file; writes _headers for Workers Static Assets from the
// same header list the Go server uses; and writes brotli and gzip copies
// beside each compressible file (app.3f9a1c2b7d.js.br, .gz), which the Go
// server sends to browsers that accept them (web) and the Worker does not
// upload (.assetsignore: Workers Static Assets compress on their own).
// -cache DIR keeps the compressed copies between builds.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	gojson "github.com/goccy/go-json"

	"policycheck/api"
	"policycheck/jsoncodec"
	"policycheck/rules/compiled"
	"policycheck/web"
)

func main() {
	site := flag.String("site", "site", "source folder of the page")
	wasm := flag.String("wasm", "build/policycheck.wasm", "the compiled engine")
	wasmExec := flag.String("wasm-exec", "", "Go's wasm_exec.js (of the Go that built the wasm)")
	out := flag.String("out", "build/site", "output folder (replaced)")
	buildID := flag.String("build", "dev", "build name shown on the page")
	flag.StringVar(&cacheDir, "cache", defaultCacheDir(), "folder to keep compressed copies in between builds (by content hash; entries unused for 14 days are removed); empty: none")
	flag.StringVar(&hsts, "hsts", web.DefaultHSTS, "Strict-Transport-Security of every page response on the Worker (_headers); empty: none, for a domain not served over HTTPS only")
	flag.Parse()
	if err := run(*site, *wasm, *wasmExec, *out, *buildID); err != nil {
		fmt.Fprintln(os.Stderr, "sitebuild:", err)
		os.Exit(1)
	}
}

// hsts is the Strict-Transport-Security policy written to _headers.
var hsts = web.DefaultHSTS

// cacheDir keeps precompressed copies between builds.
var cacheDir string

// file is one output file.
type file struct {
	name   string // output name (hashed for assets)
	orig   string // source name
	data   []byte
	hashed bool
}

// hashable says which files get content-hashed names.
func hashable(name string) bool {
	switch name {
	case "sw.js":
		return false
	}
	switch filepath.Ext(name) {
	case ".js", ".css", ".wasm", ".png", ".svg", ".ico", ".json":
		return true
	}
	return false
}

func run(site, wasm, wasmExec, out, buildID string) error {
	files := map[string]*file{}
	entries, err := os.ReadDir(site)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), "_test.js") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(site, e.Name()))
		if err != nil {
			return err
		}
		files[e.Name()] = &file{name: e.Name(), orig: e.Name(), data: b}
	}
	for src, name := range map[string]string{wasm: "policycheck.wasm", wasmExec: "wasm_exec.js"} {
		b, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = &file{name: name, orig: name, data: b}
	}
	if files["index.html"] == nil {
		return fmt.Errorf("%s has no index.html", site)
	}
	if err := inlineScripts(files); err != nil {
		return err
	}
	// The questionnaire and the whole catalogue as JSON, written natively from
	// the catalogue the build compiled (rules/compiled, the one the wasm
	// carries) by the api package, byte for byte what the engine's
	// questions() and catalogue() return: the page fetches them in parallel
	// with the wasm and draws its questions and cards from them, so the
	// engine never marshals the catalogue while the page starts. Both get
	// content-hashed names and are precached like every other asset.
	questionnaire, catalogue, err := catalogueFiles()
	if err != nil {
		return err
	}
	files["questionnaire.json"] = &file{name: "questionnaire.json", orig: "questionnaire.json", data: questionnaire}
	files["catalogue.json"] = &file{name: "catalogue.json", orig: "catalogue.json", data: catalogue}
	// The source texts clause by clause, with the ledger and the test
	// cases, for the catalogue page (sources.go).
	cat, err := compiled.Load()
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	sources, err := sourcesJSON(sourcesFS, cat.Documents)
	if err != nil {
		return fmt.Errorf("sources.json: %w", err)
	}
	files["sources.json"] = &file{name: "sources.json", orig: "sources.json", data: sources}
	wasmBytes := strconv.Itoa(len(files["policycheck.wasm"].data))
	// The bytes that travel: the brotli copy's size (the same copy the
	// precompression below writes, from the same cache), for the page's
	// download counter. The uncompressed size when there is none.
	wasmWire := wasmBytes
	if br, err := compressCached(files["policycheck.wasm"].data, "br", cacheDir); err == nil && len(br) > 0 {
		wasmWire = strconv.Itoa(len(br))
	}
	// Hash assets in dependency order: a file's hash covers the hashed names
	// of the files it refers to, so a change anywhere below changes it too.
	names := sortedNames(files)
	done := map[string]bool{}
	for pass := 0; pass <= len(names); pass++ {
		progress := false
		for _, n := range names {
			f := files[n]
			if done[n] || !hashable(n) {
				continue
			}
			if deps := pendingDeps(f, files, done); len(deps) > 0 {
				continue
			}
			rewrite(f, files, done)
			sum := sha256.Sum256(f.data)
			ext := filepath.Ext(n)
			f.name = strings.TrimSuffix(n, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
			f.hashed = true
			done[n] = true
			progress = true
		}
		if !progress {
			break
		}
	}
	for _, n := range names {
		if hashable(n) && !done[n] {
			return fmt.Errorf("%s: circular references between assets", n)
		}
	}
	// Pages, the manifest and the service worker keep their names.
	for _, n := range names {
		if !hashable(n) {
			rewrite(files[n], files, done)
		}
	}
	// The service worker's precache list and build name.
	var precache []map[string]string
	for _, n := range names {
		f := files[n]
		if n == "sw.js" || n == "_headers" {
			continue
		}
		sum := sha256.Sum256(f.data)
		precache = append(precache, map[string]string{"url": f.name, "revision": hex.EncodeToString(sum[:])[:16]})
	}
	all := sha256.New()
	for _, p := range precache {
		all.Write([]byte(p["url"] + p["revision"]))
	}
	version := buildID + "-" + hex.EncodeToString(all.Sum(nil))[:10]
	if sw := files["sw.js"]; sw != nil {
		list, err := jsoncodec.Marshal(precache)
		if err != nil {
			return err
		}
		s := string(sw.data)
		if !strings.Contains(s, "self.__PRECACHE = []") || !strings.Contains(s, "self.__BUILD = ''") {
			return fmt.Errorf("sw.js must contain self.__PRECACHE = [] and self.__BUILD = ''")
		}
		s = strings.Replace(s, "self.__PRECACHE = []", "self.__PRECACHE = "+string(list), 1)
		s = strings.Replace(s, "self.__BUILD = ''", "self.__BUILD = '"+version+"'", 1)
		sw.data = []byte(s)
	}
	for _, n := range names {
		f := files[n]
		if strings.HasSuffix(n, ".html") {
			f.data = []byte(strings.NewReplacer("__BUILD__", version, "__WASM_BYTES__", wasmBytes, "__WASM_WIRE_BYTES__", wasmWire).Replace(string(f.data)))
		}
	}
	// The pages' inline scripts, by hash, for the Content-Security-Policy:
	// in build.json for the Go server (web.SiteScriptHashes) and the
	// Worker's build, and in _headers for the Worker's static assets.
	hashes := scriptHashes(files)
	info, err := jsoncodec.Marshal(web.BuildInfo{Build: version, ScriptHashes: hashes})
	if err != nil {
		return err
	}
	files[web.BuildFile] = &file{name: web.BuildFile, data: append(info, '\n')}
	headers, err := headersFile(files, hashes)
	if err != nil {
		return err
	}
	files["_headers"] = &file{name: "_headers", data: []byte(headers)}
	// Precompressed copies for the Go server (name.br, name.gz), which the
	// Worker does not upload (.assetsignore).
	compressed, err := precompress(files, cacheDir)
	if err != nil {
		return err
	}
	files[".assetsignore"] = &file{name: ".assetsignore", data: []byte(assetsIgnore)}
	for name, data := range compressed {
		files[name] = &file{name: name, data: data}
	}

	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(out, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("sitebuild: %d files in %s, build %s\n", len(files), out, version)
	return nil
}

// catalogueFiles returns the questionnaire and the catalogue as the
// engine's questions() and catalogue() return them (the api package's
// shapes over compiled.Load), with map keys in order, so that the same
// catalogue always gives the same bytes and the same content hash
// (jsoncodec leaves maps unordered natively, for speed).
func catalogueFiles() (questionnaire, catalogue []byte, err error) {
	cat, err := compiled.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("catalogue: %w", err)
	}
	enc := func(v any) ([]byte, error) { return gojson.MarshalWithOption(v, gojson.DisableHTMLEscape()) }
	if catalogue, err = enc(cat); err != nil {
		return nil, nil, fmt.Errorf("catalogue: %w", err)
	}
	catalogue = api.WithChanges(catalogue, compiled.ChangesJSON())
	if questionnaire, err = enc(api.Questionnaire(cat)); err != nil {
		return nil, nil, fmt.Errorf("questionnaire: %w", err)
	}
	return questionnaire, catalogue, nil
}

func sortedNames(files map[string]*file) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// refPattern matches a reference to name: the bare file name preceded by a
// quote, a slash or "=" and followed by a quote, "?" or ")".
func refPattern(name string) *regexp.Regexp {
	return regexp.MustCompile(`([\"'/=(])` + regexp.QuoteMeta(name) + `([\"'?)#])`)
}

func pendingDeps(f *file, files map[string]*file, done map[string]bool) []string {
	if !textual(f.orig) {
		return nil
	}
	var deps []string
	for n := range files {
		if n == f.orig || !hashable(n) || done[n] {
			continue
		}
		if refPattern(n).Match(f.data) {
			deps = append(deps, n)
		}
	}
	return deps
}

// textual says whether a file may refer to others by name.
func textual(name string) bool {
	switch filepath.Ext(name) {
	case ".html", ".js", ".css", ".json", ".webmanifest", ".svg":
		return true
	}
	return false
}

func rewrite(f *file, files map[string]*file, done map[string]bool) {
	if !textual(f.orig) {
		return
	}
	s := string(f.data)
	for n := range done {
		s = refPattern(n).ReplaceAllString(s, "${1}"+files[n].name+"${2}")
	}
	f.data = []byte(s)
}

// headersFile renders the Workers Static Assets _headers file for the
// files (web.HeadersFile: one rule per path, none undoes another).
func headersFile(files map[string]*file, scriptHashes []string) (string, error) {
	var names []string
	for _, n := range sortedNames(files) {
		names = append(names, files[n].name)
	}
	return web.HeadersFile(names, hsts, scriptHashes)
}

// inlineTag is a script a page asks to have inlined.
var inlineTag = regexp.MustCompile(`<script src="([^"]+)" data-inline></script>`)

// oddInlineTag is a script tag marked data-inline that inlineTag missed.
var oddInlineTag = regexp.MustCompile(`(?i)<script[^>]*\sdata-inline[^>]*>`)

// inlineScripts writes each script a page marks for it into the page:
// <script src="x.js" data-inline></script> becomes <script>text of x.js</script>.
// The browser then runs it as soon as its parser reaches it, with no
// request of its own: index.html's wasm-boot.js and engine-start.js start
// the engine's download a round trip sooner. The page works unbuilt too
// (the tag loads the file). A file inlined that no other file refers to
// any more is left out of the site. It refuses a data-inline tag of
// another form, a file that is not one of the site's scripts, and one
// whose text would end the script element early.
func inlineScripts(files map[string]*file) error {
	inlined := map[string]bool{}
	for _, n := range sortedNames(files) {
		if filepath.Ext(n) != ".html" {
			continue
		}
		f := files[n]
		var err error
		f.data = inlineTag.ReplaceAllFunc(f.data, func(tag []byte) []byte {
			if err != nil {
				return tag
			}
			name := string(inlineTag.FindSubmatch(tag)[1])
			src := files[name]
			if src == nil || filepath.Ext(name) != ".js" {
				err = fmt.Errorf("%s: %s is marked data-inline but is not a script of the site", n, name)
				return tag
			}
			if lower := bytes.ToLower(src.data); bytes.Contains(lower, []byte("</script")) || bytes.Contains(lower, []byte("<!--")) || bytes.Contains(lower, []byte("<script")) {
				err = fmt.Errorf("%s: %s cannot be inlined: its text holds <script, </script or <!--, which would end or change the script element", n, name)
				return tag
			}
			inlined[name] = true
			return append(append([]byte("<script>"), src.data...), "</script>"...)
		})
		if err != nil {
			return err
		}
		if loc := oddInlineTag.FindIndex(f.data); loc != nil {
			return fmt.Errorf("%s: %s: a data-inline script not of the form <script src=\"name.js\" data-inline></script>", n, f.data[loc[0]:loc[1]])
		}
	}
	for name := range inlined {
		referenced := false
		for m, f := range files {
			if m != name && textual(m) && refPattern(name).Match(f.data) {
				referenced = true
				break
			}
		}
		if !referenced {
			delete(files, name)
		}
	}
	return nil
}

// inlineScript is a script element of a page: its attributes and its text.
var inlineScript = regexp.MustCompile(`(?is)<script(\s[^>]*)?>(.*?)</script>`)

// scriptHashes returns the hashes of the pages' inline scripts (those
// without src), as a Content-Security-Policy names them: "sha256-" and the
// base64 of the SHA-256 of the script's text; sorted, each once.
func scriptHashes(files map[string]*file) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range sortedNames(files) {
		if filepath.Ext(n) != ".html" {
			continue
		}
		for _, m := range inlineScript.FindAllSubmatch(files[n].data, -1) {
			if bytes.Contains(bytes.ToLower(m[1]), []byte("src=")) {
				continue
			}
			sum := sha256.Sum256(m[2])
			h := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	sort.Strings(out)
	return out
}
