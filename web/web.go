// Package web is the one http.Handler behind every server of policycheck:
// it serves the built page (with its security and cache headers) and the
// JSON API for integrators. The local server (cmd/serve) and the Worker
// (worker/) both use it.
package web

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"policycheck/api"
)

// SecurityHeaders are sent with every response, page or API, of a site
// without inline scripts; SecurityHeadersFor gives those of a site with
// them. The same list is written to the _headers file of the Worker's
// static assets.
var SecurityHeaders = SecurityHeadersFor(nil)

// SecurityHeadersFor returns the security headers of a site whose pages
// hold the inline scripts of the given hashes ("sha256-" and the base64
// SHA-256 of the script's text, as cmd/sitebuild lists them in build.json):
// SecurityHeaders with the Content-Security-Policy's script-src allowing
// those scripts and no other inline script. A hash not of that form is
// left out (see CheckScriptHash).
func SecurityHeadersFor(scriptHashes []string) [][2]string {
	src := "'self'"
	for _, h := range scriptHashes {
		if CheckScriptHash(h) == nil {
			src += " '" + h + "'"
		}
	}
	return [][2]string{
		{"Content-Security-Policy", "default-src 'none'; script-src " + src + " 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
			"connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
		{"Referrer-Policy", "no-referrer"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
		{"X-Content-Type-Options", "nosniff"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Cross-Origin-Resource-Policy", "same-origin"},
	}
}

// CheckScriptHash reports whether h is an inline script's hash as a
// Content-Security-Policy names it: "sha256-" and 44 characters of
// standard base64 (a SHA-256 with its padding).
func CheckScriptHash(h string) error {
	b64, ok := strings.CutPrefix(h, "sha256-")
	if !ok {
		return fmt.Errorf("script hash %q: does not start with sha256-", h)
	}
	if len(b64) != 44 || b64[43] != '=' {
		return fmt.Errorf("script hash %q: want 44 characters of base64 after sha256-, got %d", h, len(b64))
	}
	for _, c := range []byte(b64[:43]) {
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '+' && c != '/' {
			return fmt.Errorf("script hash %q: %q is not a base64 character", h, c)
		}
	}
	return nil
}

// DefaultHSTS is the Strict-Transport-Security policy of the Worker (one
// year; ASVS 5.0 3.4.1): cmd/sitebuild writes it to _headers for the page
// and worker/build.sh gives the same value to the Worker's handler
// (Config.HSTS). The local server, on plain HTTP, sends none.
const DefaultHSTS = "max-age=31536000"

// Cache policies.
const (
	CacheImmutable  = "public, max-age=31536000, immutable"
	CacheRevalidate = "no-cache, max-age=0"
)

// hashedName reports whether p ends in a content-hashed file name as the
// site build writes them, such as app.3f9a1c2b7d.js: what
// `\.[0-9a-f]{10}\.[a-z0-9]+$` matches, written out so that the Worker
// does not compile a regular expression (and link package regexp) when
// its isolate starts.
func hashedName(p string) bool {
	dot := strings.LastIndexByte(p, '.')
	if dot < 11 || dot == len(p)-1 || p[dot-11] != '.' {
		return false
	}
	for _, c := range []byte(p[dot+1:]) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	for _, c := range []byte(p[dot-10 : dot]) {
		if (c < 'a' || c > 'f') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// CacheControl returns the Cache-Control value for a site path: immutable
// for content-hashed files, revalidate for everything else (the page, the
// service worker, the manifest).
func CacheControl(p string) string {
	if hashedName(p) {
		return CacheImmutable
	}
	return CacheRevalidate
}

var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml; charset=utf-8",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
}

// ContentType returns the media type of a site path.
func ContentType(p string) string {
	ext := strings.ToLower(path.Ext(p))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// Config configures the handler.
type Config struct {
	// Site is the built page (build/site); nil serves the API only.
	Site fs.FS
	// Service answers the API; nil serves the page only.
	Service *api.Service
	// AllowOrigin, if set, is the one origin allowed to call the API from a
	// browser (CORS). Empty means no CORS headers at all.
	AllowOrigin string
	// MaxBody caps the size of a request body; 0 means 64 KiB.
	MaxBody int64
	// HSTS, if set, is sent as Strict-Transport-Security with every
	// response (the Worker sets DefaultHSTS); empty sends none.
	HSTS string
	// ScriptHashes are the hashes of the site's inline scripts
	// (SiteScriptHashes reads them from the built site), which the
	// Content-Security-Policy of every response allows (SecurityHeadersFor).
	ScriptHashes []string
}

// New returns the handler.
func New(cfg Config) http.Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 64 << 10
	}
	h := &handler{cfg: cfg, security: SecurityHeadersFor(cfg.ScriptHashes)}
	return h
}

type handler struct {
	cfg      Config
	security [][2]string // SecurityHeadersFor(cfg.ScriptHashes)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, kv := range h.security {
		w.Header().Set(kv[0], kv[1])
	}
	if h.cfg.HSTS != "" {
		w.Header().Set("Strict-Transport-Security", h.cfg.HSTS)
	}
	if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
		if h.cfg.Service == nil {
			writeError(w, &api.Error{Status: http.StatusNotFound, Code: "not_found", Message: "the API is not enabled here"})
			return
		}
		h.serveAPI(w, r)
		return
	}
	if h.cfg.Site == nil {
		writeError(w, &api.Error{Status: http.StatusNotFound, Code: "not_found", Message: "no page is served here"})
		return
	}
	h.serveSite(w, r)
}

func (h *handler) serveSite(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusMethodNotAllowed)
		io.WriteString(w, "method not allowed\n")
		return
	}
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	name := strings.TrimPrefix(p, "/")
	var data []byte
	err := fs.ErrNotExist
	if served(name) {
		data, err = fs.ReadFile(h.cfg.Site, name)
	}
	if err != nil {
		// Paths without an extension are page routes: try name.html.
		if path.Ext(name) == "" {
			if d, err2 := fs.ReadFile(h.cfg.Site, name+".html"); err2 == nil {
				data, err, p = d, nil, p+".html"
			}
		}
	}
	if err != nil {
		w.Header().Set("Cache-Control", CacheRevalidate)
		if nf, err := fs.ReadFile(h.cfg.Site, "404.html"); err == nil {
			w.Header().Set("Content-Type", ContentType("404.html"))
			w.WriteHeader(http.StatusNotFound)
			w.Write(nf)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "not found\n")
		return
	}
	w.Header().Set("Content-Type", ContentType(p))
	w.Header().Set("Cache-Control", CacheControl(p))
	data = h.negotiate(w, r, strings.TrimPrefix(p, "/"), data)
	if w.Header().Get("Content-Encoding") != "" {
		// http.ServeContent leaves out Content-Length for an encoded body
		// (it expects a compressing wrapper); a precompressed copy is sent
		// whole, without ranges.
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(data))
}

// served says whether a file of the built site is served under its name:
// not _headers and .assetsignore (the Worker's header rules and upload
// list, which its asset server does not serve either), nor the
// precompressed copies (x.js.br, x.js.gz), which are sent only in place of
// their file.
func served(name string) bool {
	base := path.Base(name)
	return base != "_headers" && base != ".assetsignore" &&
		!strings.HasSuffix(name, ".br") && !strings.HasSuffix(name, ".gz")
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(body)
	w.Write([]byte("\n"))
}

func writeError(w http.ResponseWriter, e *api.Error) {
	if e.Status == 0 {
		e.Status = http.StatusInternalServerError
	}
	writeJSON(w, e.Status, e.JSON())
}
