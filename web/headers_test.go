package web_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"policycheck/web"
)

// assetRule is one rule of a _headers file as the Worker's asset server
// keeps it: wrangler parses the file into an object keyed by path (a second
// rule for the same path replaces the first), and the asset server applies
// every matching rule in order: first its removals ("! Name", which also
// remove what earlier rules set), then its headers (appended to a header an
// earlier rule set, else replacing the asset server's own).
type assetRule struct {
	re    *regexp.Regexp
	set   [][2]string
	unset []string
}

func parseHeaders(t *testing.T, file string) []*assetRule {
	t.Helper()
	byPath := map[string]*assetRule{}
	var order []string
	var cur *assetRule
	for _, line := range strings.Split(file, "\n") {
		s := strings.TrimSpace(line)
		switch {
		case s == "" || strings.HasPrefix(s, "#"):
		case strings.HasPrefix(s, "/"):
			pat := "^" + strings.ReplaceAll(regexp.QuoteMeta(s), `\*`, ".*") + "$"
			cur = &assetRule{re: regexp.MustCompile(pat)}
			if _, ok := byPath[s]; !ok {
				order = append(order, s)
			}
			byPath[s] = cur
		case strings.HasPrefix(s, "!"):
			cur.unset = append(cur.unset, strings.TrimSpace(s[1:]))
		default:
			k, v, ok := strings.Cut(s, ":")
			if !ok || cur == nil {
				t.Fatalf("bad line %q", line)
			}
			cur.set = append(cur.set, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	var rules []*assetRule
	for _, p := range order {
		rules = append(rules, byPath[p])
	}
	return rules
}

// assetHeaders are the headers the asset server sends for path: its own,
// then the rules'.
func assetHeaders(rules []*assetRule, path string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/x-asset-default")
	h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	setByRules := map[string]bool{}
	for _, r := range rules {
		if !r.re.MatchString(path) {
			continue
		}
		for _, k := range r.unset {
			h.Del(k)
		}
		for _, kv := range r.set {
			k := http.CanonicalHeaderKey(kv[0])
			if setByRules[k] && h.Get(k) != "" {
				h.Set(k, h.Get(k)+", "+kv[1])
			} else {
				h.Set(k, kv[1])
				setByRules[k] = true
			}
		}
	}
	return h
}

// TestHeadersFileMatchesTheHandler writes _headers for the test site and
// checks that the asset server would send, for every served file, the
// Cache-Control, security headers and (where it names one) Content-Type
// the Go handler sends, and HSTS when asked.
func TestHeadersFileMatchesTheHandler(t *testing.T) {
	var names []string
	for n := range site {
		names = append(names, n)
	}
	names = append(names, "icon.0123456789.svg", "questionnaire.json", "404.html", "app.0123456789.js.br", ".assetsignore")
	sort.Strings(names)
	h := handler(t, "")
	for _, hsts := range []string{web.DefaultHSTS, ""} {
		file, err := web.HeadersFile(names, hsts)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(file, "\n  !") {
			t.Errorf("a rule removes a header:\n%s", file)
		}
		rules := parseHeaders(t, file)
		for _, n := range names {
			p := web.ServedPath(n)
			if p == "" {
				continue
			}
			got := assetHeaders(rules, p)
			if want := web.CacheControl(n); got.Get("Cache-Control") != want {
				t.Errorf("%s: Cache-Control %q, want %q", p, got.Get("Cache-Control"), want)
			}
			for _, kv := range web.SecurityHeaders {
				if got.Get(kv[0]) != kv[1] {
					t.Errorf("%s: %s %q", p, kv[0], got.Get(kv[0]))
				}
			}
			if got.Get("Strict-Transport-Security") != hsts {
				t.Errorf("%s: Strict-Transport-Security %q, want %q", p, got.Get("Strict-Transport-Security"), hsts)
			}
			if ct := got.Get("Content-Type"); ct != "application/x-asset-default" && ct != web.ContentType(n) {
				t.Errorf("%s: Content-Type %q, want %q", p, ct, web.ContentType(n))
			}
			if _, inSite := site[n]; inSite {
				res := do(t, h, "GET", p, "", "")
				if res.StatusCode != 200 || res.Header.Get("Cache-Control") != got.Get("Cache-Control") {
					t.Errorf("%s: the handler sends %d %q", p, res.StatusCode, res.Header.Get("Cache-Control"))
				}
			}
		}
	}
}

// TestAssetRulesModel keeps the model of the asset server honest: the
// _headers that sitebuild wrote before (a /* rule with Cache-Control, a
// rule per hashed file removing it, and a second rule for the same SVG)
// left the hashed SVG no-cache, as seen on the Worker.
func TestAssetRulesModel(t *testing.T) {
	old := "/*\n  Cache-Control: no-cache, max-age=0\n" +
		"/icon.0123456789.svg\n  ! Cache-Control\n  Cache-Control: public, max-age=31536000, immutable\n" +
		"/icon.0123456789.svg\n  Content-Type: image/svg+xml; charset=utf-8\n" +
		"/app.0123456789.js\n  ! Cache-Control\n  Cache-Control: public, max-age=31536000, immutable\n"
	rules := parseHeaders(t, old)
	tests := []struct{ path, cache string }{
		{"/icon.0123456789.svg", "no-cache, max-age=0"},
		{"/app.0123456789.js", "public, max-age=31536000, immutable"},
		{"/", "no-cache, max-age=0"},
	}
	for _, tt := range tests {
		if got := assetHeaders(rules, tt.path).Get("Cache-Control"); got != tt.cache {
			t.Errorf("%s: %q, want %q", tt.path, got, tt.cache)
		}
	}
}

func TestHeadersFileRefuses(t *testing.T) {
	many := make([]string, 100)
	for i := range many {
		many[i] = "f" + strings.Repeat("x", i) + ".txt"
	}
	tests := []struct {
		name  string
		names []string
		hsts  string
		err   string
	}{
		{"two files at one path", []string{"a.html", "a"}, "", "both served at /a"},
		{"over 100 rules", many, "", "over the limit of 100"},
		{"a pattern character", []string{"a*b.js"}, "", "read as a pattern"},
		{"HSTS over two lines", []string{"index.html"}, "max-age=1\nX: y", "spans lines"},
	}
	for _, tt := range tests {
		if _, err := web.HeadersFile(tt.names, tt.hsts); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
}

func TestServedPath(t *testing.T) {
	tests := []struct{ name, path string }{
		{"index.html", "/"},
		{"catalogue.html", "/catalogue"},
		{"404.html", "/404"},
		{"app.0123456789.js", "/app.0123456789.js"},
		{"app.0123456789.js.br", ""},
		{"app.0123456789.js.gz", ""},
		{"_headers", ""},
		{".assetsignore", ""},
	}
	for _, tt := range tests {
		if got := web.ServedPath(tt.name); got != tt.path {
			t.Errorf("ServedPath(%q) = %q, want %q", tt.name, got, tt.path)
		}
	}
}
