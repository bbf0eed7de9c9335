package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"policycheck/api"
	"policycheck/engine"
	"policycheck/jsoncodec"
	"policycheck/rules"
	"policycheck/web"
)

var (
	svcOnce sync.Once
	svc     *api.Service
)

func service(t *testing.T) *api.Service {
	t.Helper()
	svcOnce.Do(func() {
		c, err := engine.Load(rules.FS)
		if err != nil {
			t.Fatal(err)
		}
		svc = api.New(c, "test")
	})
	return svc
}

var site = fstest.MapFS{
	"index.html":                  {Data: []byte("<!doctype html><title>x</title>")},
	"catalogue.html":              {Data: []byte("<!doctype html><title>c</title>")},
	"app.0123456789.js":           {Data: []byte("console.log(1)")},
	"policycheck.abcdef0123.wasm": {Data: []byte("\x00asm")},
	"sw.js":                       {Data: []byte("self.x=1")},
	"manifest.webmanifest":        {Data: []byte("{}")},
	"_headers":                    {Data: []byte("/*\n  X-Test: 1\n")},
}

func handler(t *testing.T, origin string) http.Handler {
	return web.New(web.Config{Site: site, Service: service(t), AllowOrigin: origin, MaxBody: 64 << 10})
}

func do(t *testing.T, h http.Handler, method, path, ctype, body string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func checkSecurityHeaders(t *testing.T, res *http.Response) {
	t.Helper()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'",
		"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("CSP allows unsafe code: %q", csp)
	}
	if res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers = %v", res.Header)
	}
	pp := res.Header.Get("Permissions-Policy")
	for _, f := range []string{"camera=()", "microphone=()", "geolocation=()"} {
		if !strings.Contains(pp, f) {
			t.Errorf("Permissions-Policy %q lacks %s", pp, f)
		}
	}
	if ct := res.Header.Get("Content-Type"); ct == "" || (!strings.Contains(ct, "charset=utf-8") && ct != "application/wasm") {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestSite(t *testing.T) {
	h := handler(t, "")
	tests := []struct {
		path, ctype, cache string
		status             int
	}{
		{"/", "text/html; charset=utf-8", web.CacheRevalidate, 200},
		{"/index.html", "text/html; charset=utf-8", web.CacheRevalidate, 200},
		{"/catalogue", "text/html; charset=utf-8", web.CacheRevalidate, 200},
		{"/app.0123456789.js", "text/javascript; charset=utf-8", web.CacheImmutable, 200},
		{"/policycheck.abcdef0123.wasm", "application/wasm", web.CacheImmutable, 200},
		{"/sw.js", "text/javascript; charset=utf-8", web.CacheRevalidate, 200},
		{"/manifest.webmanifest", "application/manifest+json; charset=utf-8", web.CacheRevalidate, 200},
		{"/missing.js", "text/plain; charset=utf-8", web.CacheRevalidate, 404},
		{"/../../etc/passwd", "text/plain; charset=utf-8", web.CacheRevalidate, 404},
		{"/_headers", "text/plain; charset=utf-8", web.CacheRevalidate, 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := do(t, h, "GET", tt.path, "", "")
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := res.Header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			checkSecurityHeaders(t, res)
		})
	}
	if res := do(t, h, "POST", "/", "", ""); res.StatusCode != 405 || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST / = %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}

func decodeError(t *testing.T, res *http.Response, body ...[]byte) *api.Error {
	t.Helper()
	var b []byte
	if len(body) > 0 {
		b = body[0]
	} else {
		b, _ = io.ReadAll(res.Body)
	}
	var out struct {
		Error *api.Error `json:"error"`
	}
	if err := jsoncodec.Decode(b, &out, true); err != nil || out.Error == nil {
		t.Fatalf("error body %s: %v", b, err)
	}
	return out.Error
}

func TestAPIRoutes(t *testing.T) {
	h := handler(t, "")
	for _, p := range []string{"/api/catalogue", "/api/questions", "/api/health"} {
		res := do(t, h, "GET", p, "", "")
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %d %q", p, res.StatusCode, res.Header.Get("Content-Type"))
		}
		var v map[string]any
		if err := jsoncodec.Decode(b, &v, false); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		checkSecurityHeaders(t, res)
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: CORS header without configuration", p)
		}
	}
	res := do(t, h, "POST", "/api/estimate", "application/json",
		`{"answers": {"organisation_kind": "company", "registered_district": "nanming", "software_certified": true,
		  "software_cert_year": 2016, "moved_in": false}, "date": "2017-06-01", "compare": true}`)
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("estimate: %d %s", res.StatusCode, b)
	}
	var rep engine.Report
	if err := jsoncodec.Decode(b, &rep, true); err != nil {
		t.Fatal(err)
	}
	if rep.AssessmentDate != "2017-06-01" || len(rep.Comparison) == 0 || rep.Totals.Eligible == 0 {
		t.Errorf("report = %+v", rep.Totals)
	}
}

func TestAPIBadInput(t *testing.T) {
	h := handler(t, "")
	big := `{"answers": {"x": "` + strings.Repeat("a", 70<<10) + `"}}`
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		code, field, inMessage          string
	}{
		{"wrong method on estimate", "GET", "/api/estimate", "", "", 405, "method_not_allowed", "", "POST"},
		{"wrong method on catalogue", "POST", "/api/catalogue", "application/json", "{}", 405, "method_not_allowed", "", "GET"},
		{"unknown route", "GET", "/api/nothing", "", "", 404, "not_found", "", "/api/nothing"},
		{"no content type", "POST", "/api/estimate", "", `{"answers": {}}`, 415, "unsupported_media_type", "", "application/json"},
		{"form content type", "POST", "/api/estimate", "application/x-www-form-urlencoded", `a=b`, 415, "unsupported_media_type", "", ""},
		{"body too large", "POST", "/api/estimate", "application/json", big, 413, "too_large", "", "65536"},
		{"malformed JSON", "POST", "/api/estimate", "application/json", `{"answers": {`, 400, "bad_request", "", "line 1"},
		{"unknown request field", "POST", "/api/estimate", "application/json", `{"answers": {}, "lang": "en"}`, 400, "bad_request", "", "lang"},
		{"missing answers", "POST", "/api/estimate", "application/json", `{"date": "2017-01-01"}`, 400, "bad_request", "", "answers"},
		{"answers not an object", "POST", "/api/estimate", "application/json", `{"answers": [1]}`, 400, "invalid_answers", "", "object"},
		{"unknown question", "POST", "/api/estimate", "application/json", `{"answers": {"employees": 3}}`, 400, "invalid_answers", "employees", ""},
		{"negative count", "POST", "/api/estimate", "application/json", `{"answers": {"invention_patents": -2}}`, 400, "invalid_answers", "invention_patents", "negative"},
		{"wrong type", "POST", "/api/estimate", "application/json", `{"answers": {"hightech_certified": "yes"}}`, 400, "invalid_answers", "hightech_certified", "true or false"},
		{"bad date", "POST", "/api/estimate", "application/json", `{"answers": {}, "date": "2017-02-30"}`, 400, "invalid_date", "", "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, h, tt.method, tt.path, tt.ctype, tt.body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			checkSecurityHeaders(t, res)
			e := decodeError(t, res)
			if e.Code != tt.code {
				t.Errorf("code %q, want %q", e.Code, tt.code)
			}
			if tt.field != "" && (len(e.Fields) == 0 || e.Fields[0].Field != tt.field) {
				t.Errorf("fields %+v, want %s", e.Fields, tt.field)
			}
			if !strings.Contains(e.Message, tt.inMessage) {
				t.Errorf("message %q lacks %q", e.Message, tt.inMessage)
			}
			if tt.status == 405 && res.Header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

func TestCORSOnlyWhenConfigured(t *testing.T) {
	h := handler(t, "https://incubator.example")
	req := httptest.NewRequest("OPTIONS", "/api/estimate", nil)
	req.Header.Set("Origin", "https://incubator.example")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "https://incubator.example" {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	req = httptest.NewRequest("GET", "/api/health", nil)
	req.Header.Set("Origin", "https://other.example")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS for another origin: %v", rec.Header())
	}
}
