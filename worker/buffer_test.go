package main

import (
	"net/http"
	"strings"
	"testing"

	"policycheck/web"
)

func TestServeOrRecoverKeepsTheResponse(t *testing.T) {
	b := &bufferedWriter{header: http.Header{}}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusTeapot)
		w.WriteHeader(http.StatusOK) // ignored, as net/http does
		w.Write([]byte("short "))
		w.Write([]byte("and stout"))
	})
	serveOrRecover(h, b, mustRequest(t))
	if b.status != http.StatusTeapot || b.body.String() != "short and stout" || b.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("got %d %q %v", b.status, b.body.String(), b.header)
	}

	b = &bufferedWriter{header: http.Header{}}
	serveOrRecover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("x")) }), b, mustRequest(t))
	if b.status != http.StatusOK {
		t.Errorf("Write without WriteHeader: status %d", b.status)
	}
}

func TestServeOrRecoverTurnsAPanicInto500(t *testing.T) {
	b := &bufferedWriter{header: http.Header{}}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Half-Done", "1")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"partial":`))
		panic("boom")
	})
	serveOrRecover(h, b, mustRequest(t))
	if b.status != http.StatusInternalServerError {
		t.Fatalf("status %d", b.status)
	}
	if got := b.body.String(); got != `{"error":{"code":"internal","message":"internal error"}}`+"\n" {
		t.Errorf("body %q", got)
	}
	if b.header.Get("X-Half-Done") != "" {
		t.Errorf("headers of the failed response kept: %v", b.header)
	}
	if b.header.Get("Content-Type") != "application/json; charset=utf-8" || b.header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", b.header)
	}
	for _, kv := range web.SecurityHeaders {
		if b.header.Get(kv[0]) != kv[1] {
			t.Errorf("%s = %q", kv[0], b.header.Get(kv[0]))
		}
	}
}

func TestHandlerServesTheAPIOnly(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/api/health": 200, "/": 404, "/index.html": 404, "/api/nothing": 404} {
		b := &bufferedWriter{header: http.Header{}}
		serveOrRecover(h, b, mustRequestPath(t, path))
		if b.status != want {
			t.Errorf("%s: status %d, want %d", path, b.status, want)
		}
		if !strings.HasPrefix(b.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: Content-Type %q", path, b.header.Get("Content-Type"))
		}
	}
}

func mustRequest(t *testing.T) *http.Request { return mustRequestPath(t, "/api/health") }

func mustRequestPath(t *testing.T, path string) *http.Request {
	t.Helper()
	r, err := http.NewRequest("GET", "http://example.test"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
