package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"

	"policycheck/api"
	"policycheck/web"
)

// serveOrRecover runs the handler and turns a panic into a JSON 500: the
// handler runs in a goroutine of its own, so a panic would otherwise end the
// Go program and every request it holds.
func serveOrRecover(h http.Handler, b *bufferedWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(os.Stderr, "policycheck: panic serving %s %s: %v\n", r.Method, r.URL.Path, v)
			for k := range b.header {
				delete(b.header, k)
			}
			for _, kv := range web.SecurityHeaders {
				b.header.Set(kv[0], kv[1])
			}
			b.header.Set("Content-Type", "application/json; charset=utf-8")
			b.header.Set("Cache-Control", "no-store")
			b.status = http.StatusInternalServerError
			b.body.Reset()
			b.body.Write((&api.Error{Code: api.CodeInternal, Message: "internal error"}).JSON())
			b.body.WriteByte('\n')
		}
	}()
	h.ServeHTTP(b, r)
}

// bufferedWriter keeps a response in memory; its header is the real one.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
