// Command sizebudget measures what a first visit to the page downloads
// (every file of the built site: the page, scripts, styles, the wasm, the
// catalogue, icons) raw, gzip-compressed and brotli-compressed, and fails
// when the wasm or the whole is over its budget:
//
//	go run ./bench/sizebudget -site build/site                  # exit 1 if over budget
//	go run ./bench/sizebudget -site build/site -md out.md -json out.json
//
// Sizes are of static pre-compression at the highest levels (gzip -9,
// brotli -q 11), which is what a host serving pre-compressed files sends;
// the service worker precaches every file, so all of them count.
// brotli is the brotli command-line tool when installed, else Node's zlib.
//
// Without a built site (-site missing), -wasm and -wasm-exec name the files
// to measure instead, and the report says the page itself was not measured.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Budgets, in bytes after brotli.
const (
	defaultWasmBudget  = 1_300_000
	defaultTotalBudget = 1_500_000
)

type file struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Raw      int    `json:"raw"`
	Gzip     int    `json:"gzip"`
	Brotli   int    `json:"brotli"`
}

type report struct {
	Site        string         `json:"site"`
	SiteBuilt   bool           `json:"site_built"`
	Files       []file         `json:"files"`
	Categories  map[string]int `json:"categories_brotli"`
	Total       file           `json:"total"`
	Wasm        file           `json:"wasm"`
	WasmBudget  int            `json:"wasm_budget_brotli"`
	TotalBudget int            `json:"total_budget_brotli"`
	Brotli      string         `json:"brotli_tool"`
	Over        []string       `json:"over_budget"`
}

func main() {
	site := flag.String("site", "build/site", "the built site (./build.sh site)")
	wasm := flag.String("wasm", "", "the wasm to measure when the site is not built")
	wasmExec := flag.String("wasm-exec", "", "wasm_exec.js to measure when the site is not built")
	wasmBudget := flag.Int("wasm-max-br", defaultWasmBudget, "budget for the wasm, bytes after brotli")
	totalBudget := flag.Int("total-max-br", defaultTotalBudget, "budget for the whole first load, bytes after brotli")
	mdOut := flag.String("md", "", "also write a Markdown table to this file")
	jsonOut := flag.String("json", "", "also write the measurements as JSON to this file")
	flag.Parse()

	rep := &report{Site: *site, WasmBudget: *wasmBudget, TotalBudget: *totalBudget, Categories: map[string]int{}}
	var paths []string
	if st, err := os.Stat(*site); err == nil && st.IsDir() {
		rep.SiteBuilt = true
		err := filepath.WalkDir(*site, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			name := filepath.Base(p)
			if name == "_headers" || name == ".assetsignore" || strings.HasSuffix(name, ".map") ||
				strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
				return nil // not served / not loaded, or a precompressed copy of a file counted here
			}
			paths = append(paths, p)
			return nil
		})
		if err != nil {
			fail(err)
		}
	} else {
		for _, p := range []string{*wasm, *wasmExec} {
			if p != "" {
				paths = append(paths, p)
			}
		}
		if len(paths) == 0 {
			fail(fmt.Errorf("%s is not a built site (run ./build.sh site), and no -wasm was given", *site))
		}
	}
	sort.Strings(paths)
	brotli, tool, err := brotliFunc()
	if err != nil {
		fail(err)
	}
	rep.Brotli = tool
	wasmFiles := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		br, err := brotli(data)
		if err != nil {
			fail(fmt.Errorf("%s: %w", p, err))
		}
		name := p
		if rep.SiteBuilt {
			name, _ = filepath.Rel(*site, p)
		}
		f := file{Name: filepath.ToSlash(name), Category: category(p), Raw: len(data), Gzip: gzipSize(data), Brotli: br}
		rep.Files = append(rep.Files, f)
		rep.Categories[f.Category] += f.Brotli
		rep.Total.Raw += f.Raw
		rep.Total.Gzip += f.Gzip
		rep.Total.Brotli += f.Brotli
		if f.Category == "wasm" {
			rep.Wasm.Raw += f.Raw
			rep.Wasm.Gzip += f.Gzip
			rep.Wasm.Brotli += f.Brotli
			wasmFiles++
		}
	}
	rep.Total.Name, rep.Wasm.Name = "total", "wasm"
	if wasmFiles == 0 {
		rep.Over = append(rep.Over, "no .wasm file found")
	}
	if rep.Wasm.Brotli > rep.WasmBudget {
		rep.Over = append(rep.Over, fmt.Sprintf("wasm: %s after brotli, budget %s", kb(rep.Wasm.Brotli), kb(rep.WasmBudget)))
	}
	if rep.SiteBuilt && rep.Total.Brotli > rep.TotalBudget {
		rep.Over = append(rep.Over, fmt.Sprintf("first load: %s after brotli, budget %s", kb(rep.Total.Brotli), kb(rep.TotalBudget)))
	}

	md := markdown(rep)
	fmt.Print(md)
	if *mdOut != "" {
		if err := os.WriteFile(*mdOut, []byte(md), 0o644); err != nil {
			fail(err)
		}
	}
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", " ")
		if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			fail(err)
		}
	}
	if len(rep.Over) > 0 {
		fmt.Fprintln(os.Stderr, "sizebudget: over budget: "+strings.Join(rep.Over, "; "))
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sizebudget:", err)
	os.Exit(2)
}

func category(p string) string {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".html", ".htm":
		return "page"
	case ".js", ".mjs":
		return "scripts"
	case ".css":
		return "styles"
	case ".wasm":
		return "wasm"
	case ".json", ".webmanifest":
		return "data (catalogue, manifest)"
	case ".png", ".svg", ".ico", ".webp", ".jpg", ".woff2", ".woff":
		return "icons, images, fonts"
	}
	return "other"
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// brotliFunc returns a function giving the brotli-compressed size (quality 11).
func brotliFunc() (func([]byte) (int, error), string, error) {
	if path, err := exec.LookPath("brotli"); err == nil {
		return func(b []byte) (int, error) {
			cmd := exec.Command(path, "-c", "-q", "11")
			cmd.Stdin = bytes.NewReader(b)
			out, err := cmd.Output()
			return len(out), err
		}, "brotli -q 11 (" + path + ")", nil
	}
	if path, err := exec.LookPath("node"); err == nil {
		script := `const z=require("zlib");const c=[];process.stdin.on("data",d=>c.push(d)).on("end",()=>{` +
			`const o=z.brotliCompressSync(Buffer.concat(c),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_LGWIN]:24}});process.stdout.write(String(o.length))})`
		return func(b []byte) (int, error) {
			cmd := exec.Command(path, "-e", script)
			cmd.Stdin = bytes.NewReader(b)
			out, err := cmd.Output()
			if err != nil {
				return 0, err
			}
			var n int
			_, err = fmt.Sscan(string(out), &n)
			return n, err
		}, "Node zlib brotli, quality 11", nil
	}
	return nil, "", errors.New("neither the brotli tool nor node is installed")
}

func kb(n int) string { return fmt.Sprintf("%.1f kB", float64(n)/1000) }

func markdown(r *report) string {
	var b strings.Builder
	if !r.SiteBuilt {
		fmt.Fprintf(&b, "The page is not built (%s is missing): only the wasm and wasm_exec.js are measured.\n\n", r.Site)
	}
	b.WriteString("| file | kind | raw | gzip -9 | brotli -q 11 |\n|---|---|---:|---:|---:|\n")
	for _, f := range r.Files {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", f.Name, f.Category, kb(f.Raw), kb(f.Gzip), kb(f.Brotli))
	}
	fmt.Fprintf(&b, "| **total** | | **%s** | **%s** | **%s** |\n\n", kb(r.Total.Raw), kb(r.Total.Gzip), kb(r.Total.Brotli))
	cats := make([]string, 0, len(r.Categories))
	for c := range r.Categories {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	b.WriteString("By kind, after brotli: ")
	for i, c := range cats {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", c, kb(r.Categories[c]))
	}
	b.WriteString(".\n\n")
	status := "within budget"
	if len(r.Over) > 0 {
		status = "**over budget**: " + strings.Join(r.Over, "; ")
	}
	fmt.Fprintf(&b, "Budgets (after brotli): wasm ≤ %s (now %s), first load ≤ %s (now %s): %s. Compressed with %s.\n",
		kb(r.WasmBudget), kb(r.Wasm.Brotli), kb(r.TotalBudget), kb(r.Total.Brotli), status, r.Brotli)
	return b.String()
}
