package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"policycheck/web"
)

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	w.Close()
	return b.Bytes()
}

// TestContentEncoding checks the negotiation of precompressed copies: br
// before gzip, q=0 refusing a coding, Vary on every answer for a file that
// has copies, Content-Type of the file and Content-Length of what is sent.
func TestContentEncoding(t *testing.T) {
	js := strings.Repeat("console.log('policycheck');\n", 40)
	wasm := "\x00asm" + strings.Repeat("\x01\x02\x03", 500)
	compressedSite := fstest.MapFS{
		"index.html":                     {Data: []byte("<!doctype html><title>x</title>")},
		"app.0123456789.js":              {Data: []byte(js)},
		"app.0123456789.js.br":           {Data: []byte("BR:app")},
		"app.0123456789.js.gz":           {Data: gz(t, js)},
		"policycheck.abcdef0123.wasm":    {Data: []byte(wasm)},
		"policycheck.abcdef0123.wasm.br": {Data: []byte("BR:wasm")},
		"policycheck.abcdef0123.wasm.gz": {Data: gz(t, wasm)},
		"only-gz.0123456789.css":         {Data: []byte("body{}")},
		"only-gz.0123456789.css.gz":      {Data: gz(t, "body{}")},
		"icon.0123456789.png":            {Data: []byte("\x89PNG")},
	}
	h := web.New(web.Config{Site: compressedSite})
	tests := []struct {
		path, accept, method string
		encoding, body       string // expected Content-Encoding and body ("gz:" + text for gzip)
		vary                 bool
	}{
		{"/app.0123456789.js", "", "GET", "", js, true},
		{"/app.0123456789.js", "br", "GET", "br", "BR:app", true},
		{"/app.0123456789.js", "gzip, deflate, br, zstd", "GET", "br", "BR:app", true},
		{"/app.0123456789.js", "gzip", "GET", "gzip", "gz:" + js, true},
		{"/app.0123456789.js", "x-gzip", "GET", "gzip", "gz:" + js, true},
		{"/app.0123456789.js", "gzip;q=1, br;q=0.5", "GET", "br", "BR:app", true},
		{"/app.0123456789.js", "BR;Q=0.001", "GET", "br", "BR:app", true},
		{"/app.0123456789.js", "br;q=0, gzip", "GET", "gzip", "gz:" + js, true},
		{"/app.0123456789.js", "br;q=0.0, gzip;q=0", "GET", "", js, true},
		{"/app.0123456789.js", "br;q=abc, gzip", "GET", "gzip", "gz:" + js, true},
		{"/app.0123456789.js", "*", "GET", "br", "BR:app", true},
		{"/app.0123456789.js", "br;q=0, *", "GET", "gzip", "gz:" + js, true},
		{"/app.0123456789.js", "*;q=0", "GET", "", js, true},
		{"/app.0123456789.js", "identity", "GET", "", js, true},
		{"/app.0123456789.js", "deflate", "GET", "", js, true},
		{"/app.0123456789.js", "br", "HEAD", "br", "", true},
		{"/policycheck.abcdef0123.wasm", "gzip, deflate, br", "GET", "br", "BR:wasm", true},
		{"/policycheck.abcdef0123.wasm", "gzip", "GET", "gzip", "gz:" + wasm, true},
		{"/policycheck.abcdef0123.wasm", "", "GET", "", wasm, true},
		{"/only-gz.0123456789.css", "br, gzip", "GET", "gzip", "gz:body{}", true},
		{"/only-gz.0123456789.css", "br", "GET", "", "body{}", true},
		{"/icon.0123456789.png", "br, gzip", "GET", "", "\x89PNG", false},
		{"/", "br, gzip", "GET", "", "<!doctype html><title>x</title>", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" "+tt.accept, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := res.Header.Get("Vary") == "Accept-Encoding"; got != tt.vary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", res.Header.Get("Vary"), tt.vary)
			}
			if got, want := res.Header.Get("Content-Type"), web.ContentType(tt.path); tt.path != "/" && got != want {
				t.Errorf("Content-Type %q, want %q", got, want)
			}
			if got, want := res.Header.Get("Cache-Control"), web.CacheControl(tt.path); tt.path != "/" && got != want {
				t.Errorf("Cache-Control %q, want %q", got, want)
			}
			if tt.method == "HEAD" {
				if len(body) != 0 || res.Header.Get("Content-Length") != strconv.Itoa(len("BR:app")) {
					t.Errorf("HEAD: body %d bytes, Content-Length %q", len(body), res.Header.Get("Content-Length"))
				}
				return
			}
			if res.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %q for %d bytes", res.Header.Get("Content-Length"), len(body))
			}
			got := string(body)
			if strings.HasPrefix(tt.body, "gz:") {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(zr)
				got = "gz:" + string(b)
			}
			if got != tt.body {
				t.Errorf("body %.60q, want %.60q", got, tt.body)
			}
		})
	}
	// The copies are not served under their own names.
	for _, p := range []string{"/app.0123456789.js.br", "/app.0123456789.js.gz", "/policycheck.abcdef0123.wasm.br"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != 404 {
			t.Errorf("%s: status %d, want 404", p, rec.Code)
		}
	}
}
