// Command wasmsize is a small twiggy-like report of a Go WebAssembly binary:
// the size of each section, and the code size of each Go package (function
// bodies, attributed by the names in the "name" section), raw and as each
// package's share after brotli-like compression (gzip level 9 as a proxy).
//
//	go run ./bench/wasmsize [-top 25] [-md] build/policycheck.wasm
//
// The binary must keep its name section: build it without -ldflags=-s for
// this analysis (the names do not change the code).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 25, "packages to list")
	md := flag.Bool("md", false, "print Markdown tables")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] [-md] file.wasm")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	m, err := parse(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	m.report(os.Stdout, *top, *md)
}

type module struct {
	total    int
	sections []section
	imports  int      // imported functions (they come first in the function index space)
	bodies   [][]byte // code section bodies, in order
	names    map[int]string
}

type section struct {
	name string
	size int
}

var sectionNames = map[byte]string{0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
	6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}

type reader struct {
	b   []byte
	off int
}

func (r *reader) u32() (int, error) {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		return 0, errors.New("bad LEB128 at offset " + fmt.Sprint(r.off))
	}
	r.off += n
	return int(v), nil
}

func (r *reader) bytes(n int) ([]byte, error) {
	if r.off+n > len(r.b) {
		return nil, errors.New("truncated")
	}
	b := r.b[r.off : r.off+n]
	r.off += n
	return b, nil
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(n)
	return string(b), err
}

func parse(data []byte) (*module, error) {
	if len(data) < 8 || !bytes.Equal(data[:4], []byte("\x00asm")) {
		return nil, errors.New("not a wasm binary")
	}
	m := &module{total: len(data), names: map[int]string{}}
	r := &reader{b: data, off: 8}
	for r.off < len(data) {
		id := data[r.off]
		r.off++
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		sr := &reader{b: body}
		name := sectionNames[id]
		switch id {
		case 0:
			cname, err := sr.name()
			if err != nil {
				return nil, err
			}
			name = "custom " + cname
			if cname == "name" {
				if err := m.parseNames(sr); err != nil {
					return nil, err
				}
			}
		case 2:
			if err := m.parseImports(sr); err != nil {
				return nil, err
			}
		case 10:
			n, err := sr.u32()
			if err != nil {
				return nil, err
			}
			for i := 0; i < n; i++ {
				sz, err := sr.u32()
				if err != nil {
					return nil, err
				}
				b, err := sr.bytes(sz)
				if err != nil {
					return nil, err
				}
				m.bodies = append(m.bodies, b)
			}
		}
		m.sections = append(m.sections, section{name: name, size: size})
	}
	return m, nil
}

func (m *module) parseImports(r *reader) error {
	n, err := r.u32()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if _, err := r.name(); err != nil {
			return err
		}
		if _, err := r.name(); err != nil {
			return err
		}
		kind := r.b[r.off]
		r.off++
		switch kind {
		case 0: // function: type index
			m.imports++
			if _, err := r.u32(); err != nil {
				return err
			}
		case 1: // table: reftype, limits
			r.off++
			if err := skipLimits(r); err != nil {
				return err
			}
		case 2: // memory: limits
			if err := skipLimits(r); err != nil {
				return err
			}
		case 3: // global: valtype, mut
			r.off += 2
		default:
			return fmt.Errorf("unknown import kind %d", kind)
		}
	}
	return nil
}

func skipLimits(r *reader) error {
	flag := r.b[r.off]
	r.off++
	if _, err := r.u32(); err != nil {
		return err
	}
	if flag&1 != 0 {
		if _, err := r.u32(); err != nil {
			return err
		}
	}
	return nil
}

func (m *module) parseNames(r *reader) error {
	for r.off < len(r.b) {
		id := r.b[r.off]
		r.off++
		size, err := r.u32()
		if err != nil {
			return err
		}
		sub, err := r.bytes(size)
		if err != nil {
			return err
		}
		if id != 1 {
			continue
		}
		sr := &reader{b: sub}
		n, err := sr.u32()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			idx, err := sr.u32()
			if err != nil {
				return err
			}
			name, err := sr.name()
			if err != nil {
				return err
			}
			m.names[idx] = name
		}
	}
	return nil
}

// pkgOf returns the Go package of a function name. Go's wasm linker writes
// names with '/' and '-' turned into '_', e.g.
// "github.com_expr_lang_expr_vm.__VM_.Run" or "internal_abi.TypeOf".
func pkgOf(sym string) string {
	if sym == "" {
		return "(unnamed)"
	}
	if strings.HasPrefix(sym, "go:") || strings.HasPrefix(sym, "go_") {
		return "(go: runtime helpers)"
	}
	for _, p := range []string{"type:.eq.", "type:.hash.", "type_.eq.", "type_.hash."} {
		sym = strings.TrimPrefix(sym, p)
	}
	start := 0
	for _, domain := range []string{"github.com_", "golang.org_", "gopkg.in_", "honnef.co_"} {
		if strings.HasPrefix(sym, domain) {
			start = len(domain)
		}
	}
	dot := strings.IndexByte(sym[start:], '.')
	if dot < 0 {
		return sym
	}
	return sym[:start+dot]
}

type pkgSize struct {
	name  string
	funcs int
	raw   int
	gz    int
	code  bytes.Buffer
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// group folds a package into a family for the summary: the standard
// library's crypto/*, expr's subpackages, and so on.
func group(pkg string) string {
	switch {
	case strings.HasPrefix(pkg, "github.com_expr_lang_expr"):
		return "github.com/expr-lang/expr/..."
	case strings.HasPrefix(pkg, "crypto"):
		return "crypto/..."
	case strings.HasPrefix(pkg, "encoding_json"):
		return "encoding/json"
	case pkg == "runtime", strings.HasPrefix(pkg, "internal_"), pkg == "(go: runtime helpers)", strings.HasPrefix(pkg, "type"):
		return "runtime, internal/... and type helpers"
	case strings.HasPrefix(pkg, "regexp"):
		return "regexp/..."
	case strings.HasPrefix(pkg, "policycheck_"):
		return "policycheck/..."
	case strings.HasPrefix(pkg, "github.com_hack_pad_safejs"), pkg == "syscall_js":
		return "syscall/js + safejs"
	}
	return strings.ReplaceAll(pkg, "_", "/")
}

func (m *module) report(w *os.File, top int, md bool) {
	fmt.Fprintf(w, "file: %d bytes\n\n", m.total)
	if md {
		fmt.Fprintln(w, "| section | bytes | share |\n|---|---:|---:|")
	}
	for _, s := range m.sections {
		if md {
			fmt.Fprintf(w, "| %s | %d | %.1f%% |\n", s.name, s.size, 100*float64(s.size)/float64(m.total))
		} else {
			fmt.Fprintf(w, "%-22s %9d  %5.1f%%\n", s.name, s.size, 100*float64(s.size)/float64(m.total))
		}
	}
	if len(m.names) == 0 {
		fmt.Fprintln(w, "\n(no name section: build without -ldflags=-s to attribute code to packages)")
		return
	}
	pk := map[string]*pkgSize{}
	fam := map[string]*pkgSize{}
	codeTotal := 0
	for i, b := range m.bodies {
		name := m.names[m.imports+i]
		p := pkgOf(name)
		for _, key := range []struct {
			m map[string]*pkgSize
			k string
		}{{pk, p}, {fam, group(p)}} {
			s := key.m[key.k]
			if s == nil {
				s = &pkgSize{name: key.k}
				key.m[key.k] = s
			}
			s.funcs++
			s.raw += len(b)
			s.code.Write(b)
		}
		codeTotal += len(b)
	}
	print := func(title string, mm map[string]*pkgSize, n int) {
		list := make([]*pkgSize, 0, len(mm))
		for _, s := range mm {
			s.gz = gzipSize(s.code.Bytes())
			list = append(list, s)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].raw > list[j].raw })
		fmt.Fprintf(w, "\n%s (code section: %d bytes in %d functions)\n\n", title, codeTotal, len(m.bodies))
		if md {
			fmt.Fprintln(w, "| package | functions | code bytes | share | gzip -9 alone |\n|---|---:|---:|---:|---:|")
		}
		for i, s := range list {
			if i == n {
				break
			}
			if md {
				fmt.Fprintf(w, "| %s | %d | %d | %.1f%% | %d |\n", s.name, s.funcs, s.raw, 100*float64(s.raw)/float64(codeTotal), s.gz)
			} else {
				fmt.Fprintf(w, "%-50s %6d %9d  %5.1f%%  gz %8d\n", s.name, s.funcs, s.raw, 100*float64(s.raw)/float64(codeTotal), s.gz)
			}
		}
	}
	print("Code by family", fam, top)
	print("Code by package", pk, top)
}
