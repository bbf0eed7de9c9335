package web_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

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
// Cache-Control, security headers (with the inline scripts' hashes, when the
// site has some) and (where it names one) Content-Type the Go handler
// sends, and HSTS when asked.
func TestHeadersFileMatchesTheHandler(t *testing.T) {
	var names []string
	for n := range site {
		names = append(names, n)
	}
	names = append(names, "icon.0123456789.svg", "questionnaire.json", "404.html", "app.0123456789.js.br", ".assetsignore")
	sort.Strings(names)
	for _, hashes := range [][]string{nil, {scriptHash("a"), scriptHash("b")}} {
		h := web.New(web.Config{Site: site, Service: service(t), ScriptHashes: hashes})
		for _, hsts := range []string{web.DefaultHSTS, ""} {
			file, err := web.HeadersFile(names, hsts, hashes)
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
				for _, kv := range web.SecurityHeadersFor(hashes) {
					if got.Get(kv[0]) != kv[1] {
						t.Errorf("%s: %s %q", p, kv[0], got.Get(kv[0]))
					}
				}
				for _, hash := range hashes {
					if !strings.Contains(got.Get("Content-Security-Policy"), "'"+hash+"'") {
						t.Errorf("%s: the policy does not allow the inline script %s", p, hash)
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
					if res.Header.Get("Content-Security-Policy") != got.Get("Content-Security-Policy") {
						t.Errorf("%s: the handler's policy %q, the asset server's %q", p, res.Header.Get("Content-Security-Policy"), got.Get("Content-Security-Policy"))
					}
				}
			}
		}
	}
}

// scriptHash is the hash of an inline script as a policy names it.
func scriptHash(script string) string {
	sum := sha256.Sum256([]byte(script))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
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
		if _, err := web.HeadersFile(tt.names, tt.hsts, nil); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
	if _, err := web.HeadersFile([]string{"index.html"}, "", []string{"sha256-x'; script-src *"}); err == nil || !strings.Contains(err.Error(), "44 characters") {
		t.Errorf("a malformed script hash: error %v", err)
	}
}

// TestScriptHashes checks the hashes a policy may name: well-formed ones
// pass and end up in script-src, quoted; anything else is refused with
// what is wrong, and left out of the policy.
func TestScriptHashes(t *testing.T) {
	good := scriptHash("console.log(1)")
	if err := web.CheckScriptHash(good); err != nil {
		t.Errorf("%s: %v", good, err)
	}
	for _, tt := range []struct{ hash, err string }{
		{"sha384-" + good[7:], "does not start with sha256-"},
		{good[:len(good)-1], "got 43"},
		{good[:len(good)-1] + "A", "want 44 characters"},
		{"sha256-" + strings.Repeat("A", 42) + "'=", "not a base64 character"},
		{"sha256-" + strings.Repeat("A", 42) + " =", "not a base64 character"},
	} {
		if err := web.CheckScriptHash(tt.hash); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("CheckScriptHash(%q) = %v, want %q", tt.hash, err, tt.err)
		}
	}
	csp := web.SecurityHeadersFor([]string{good, "sha256-bad'; script-src *"})[0]
	if csp[0] != "Content-Security-Policy" || !strings.Contains(csp[1], "script-src 'self' '"+good+"' 'wasm-unsafe-eval';") {
		t.Errorf("policy %q", csp[1])
	}
	if strings.Contains(csp[1], "bad") || strings.Count(csp[1], "script-src") != 1 {
		t.Errorf("a malformed hash is in the policy: %q", csp[1])
	}
	if web.SecurityHeaders[0][1] != web.SecurityHeadersFor(nil)[0][1] || strings.Contains(web.SecurityHeaders[0][1], "sha256-") {
		t.Errorf("SecurityHeaders' policy %q", web.SecurityHeaders[0][1])
	}
}

// TestSiteScriptHashes reads build.json as sitebuild writes it, and refuses
// one it cannot use with the field that is wrong.
func TestSiteScriptHashes(t *testing.T) {
	good := scriptHash("x")
	for _, tt := range []struct {
		name, file string
		want       []string
		err        string
	}{
		{"no build.json", "", nil, ""},
		{"no inline scripts", `{"build":"b"}`, nil, ""},
		{"two hashes", `{"build":"b","script_hashes":["` + good + `","` + scriptHash("y") + `"]}`, []string{good, scriptHash("y")}, ""},
		{"not JSON", `{"build":`, nil, "build.json"},
		{"a hash that is not a string", `{"script_hashes":[1]}`, nil, "build.json"},
		{"a malformed hash", `{"script_hashes":["` + good + `","sha256-abc"]}`, nil, "script_hashes[1]"},
	} {
		fsys := fstest.MapFS{}
		if tt.file != "" {
			fsys["build.json"] = &fstest.MapFile{Data: []byte(tt.file)}
		}
		got, err := web.SiteScriptHashes(fsys)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
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
