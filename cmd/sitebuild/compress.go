package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// compressible says which files get precompressed copies: text and the
// wasm; images that are already compressed (PNG) do not.
func compressible(name string) bool {
	switch filepath.Ext(name) {
	case ".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".svg", ".wasm", ".txt", ".ico":
		return true
	}
	return false
}

// minCompress is the smallest file worth a compressed copy.
const minCompress = 256

// assetsIgnore keeps the compressed copies out of the Worker's upload:
// Workers Static Assets compress on their own.
const assetsIgnore = "# Written by cmd/sitebuild: the precompressed copies are for the Go server (web);\n" +
	"# Workers Static Assets compress on their own.\n*.br\n*.gz\n"

// precompress returns, for every compressible file, its brotli (quality 11)
// and gzip (level 9) copies as name.br and name.gz, each only when smaller
// than the file. With cacheDir set, compressed data is kept there by the
// SHA-256 of its input and reused: brotli at quality 11 takes seconds for
// the wasm.
func precompress(files map[string]*file, cacheDir string) (map[string][]byte, error) {
	type job struct {
		name string
		data []byte
		enc  string // "br" or "gz"
	}
	var jobs []job
	for _, n := range sortedNames(files) {
		f := files[n]
		if !compressible(f.name) || len(f.data) < minCompress {
			continue
		}
		jobs = append(jobs, job{f.name, f.data, "br"}, job{f.name, f.data, "gz"})
	}
	out := map[string][]byte{}
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(j job) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := compressCached(j.data, j.enc, cacheDir)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("%s.%s: %w", j.name, j.enc, err)
				}
				return
			}
			if len(c) < len(j.data) {
				out[j.name+"."+j.enc] = c
			}
		}(j)
	}
	wg.Wait()
	pruneCache(cacheDir)
	return out, firstErr
}

// defaultCacheDir is the user's cache folder for precompressed copies
// (~/.cache/policycheck/precompressed on Linux), or none.
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "policycheck", "precompressed")
}

// cacheMaxAge is how long a cached copy is kept unused.
const cacheMaxAge = 14 * 24 * time.Hour

// pruneCache removes copies unused for cacheMaxAge.
func pruneCache(cacheDir string) {
	if cacheDir == "" {
		return
	}
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > cacheMaxAge {
			os.Remove(filepath.Join(cacheDir, e.Name()))
		}
	}
}

func compressCached(data []byte, enc, cacheDir string) ([]byte, error) {
	var path string
	if cacheDir != "" {
		sum := sha256.Sum256(data)
		path = filepath.Join(cacheDir, hex.EncodeToString(sum[:])+"."+enc)
		if c, err := os.ReadFile(path); err == nil {
			now := time.Now()
			os.Chtimes(path, now, now) // in use: keep it
			return c, nil
		}
	}
	c, err := compress(data, enc)
	if err != nil {
		return nil, err
	}
	if path != "" {
		// A temporary file of its own, then a rename: two files of the same
		// content are compressed at once (the same entry), and a shared
		// temporary name let one writer rename the other's half-written file.
		if err := os.MkdirAll(cacheDir, 0o755); err == nil {
			if f, err := os.CreateTemp(cacheDir, filepath.Base(path)+".*.tmp"); err == nil {
				_, werr := f.Write(c)
				if cerr := f.Close(); werr == nil && cerr == nil {
					werr = os.Rename(f.Name(), path)
				}
				if werr != nil {
					os.Remove(f.Name())
				}
			}
		}
	}
	return c, nil
}

func compress(data []byte, enc string) ([]byte, error) {
	var b bytes.Buffer
	switch enc {
	case "br":
		w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
	case "gz":
		w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown encoding %q", enc)
	}
	return b.Bytes(), nil
}
