package web_test

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"policycheck/web"
)

// TestCacheControlHashedNames: a path is immutable exactly when the
// regular expression of content-hashed names matches it.
func TestCacheControlHashedNames(t *testing.T) {
	re := regexp.MustCompile(`\.[0-9a-f]{10}\.[a-z0-9]+$`)
	paths := []string{"", "/", "/app.js", "/app.3f9a1c2b7d.js", "/app.3f9a1c2b7d.", "/app.3F9A1C2B7D.js", "/app.3f9a1c2b7.js",
		"/app.3f9a1c2b7d0.js", "/a.b.3f9a1c2b7d.wasm", "3f9a1c2b7d.js", ".3f9a1c2b7d.js", "/x.3f9a1c2b7d.JS", "/x.3f9a1c2b7d.j-s",
		"/x.3f9a1c2b7g.js", "/x..3f9a1c2b7d.js", "/index.html", "/sw.js", "/x.0123456789.png"}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789abcdefgxJS./-"
	for range 20000 {
		b := make([]byte, 8+r.IntN(18))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		paths = append(paths, string(b))
	}
	for _, p := range paths {
		want := web.CacheRevalidate
		if re.MatchString(p) {
			want = web.CacheImmutable
		}
		if got := web.CacheControl(p); got != want {
			t.Errorf("CacheControl(%q) = %q, want %q", p, got, want)
		}
	}
}
