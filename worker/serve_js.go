//go:build js && !perrequest

package main

import (
	"net/http"
	"sync"
	"syscall/js"

	"github.com/syumai/workers"
)

// serve registers the handler and keeps the Go program running for the life
// of the isolate, so that entry.mjs can send it every request of the isolate.
//
// It does not call workers.Serve: that returns (and so ends the program)
// once the first response body has been read, which only suits the
// library's generated worker.mjs, where every request starts a new program.
// ServeNonBlock and Ready are the library's own parts of Serve.
func serve(h http.Handler) {
	workers.ServeNonBlock(whole(h))
	workers.Ready()
	select {}
}

// rawBodyWriter is the part of syumai/workers' response writer that takes a
// JavaScript value as the whole body of the Response.
type rawBodyWriter interface {
	WriteRawJSBody(body js.Value)
}

var uint8Array = js.Global().Get("Uint8Array")

// writers keeps response buffers from one request to the next: a full
// report is about 90 kB, and growing a new buffer to that size for every
// request (copies, then garbage to collect) cost more CPU than the copy
// into JavaScript. A buffer is reused once its body has been copied out.
var writers = sync.Pool{New: func() any { return new(bufferedWriter) }}

// maxPooledBody: larger buffers (rare: a batch reply) are left to the
// garbage collector.
const maxPooledBody = 1 << 20

// whole hands each response body to JavaScript as one Uint8Array instead of
// a stream: the library would otherwise copy it through an io.Pipe, a
// goroutine and a FixedLengthStream in 16 KiB chunks, each a round trip
// between Go and JavaScript. API responses are small and complete before
// they are sent (at most a few hundred KiB), so nothing is lost.
func whole(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rejoinHeader(r.Header)
		rw, ok := w.(rawBodyWriter)
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		if raw, ok := r.Body.(rawJSBody); ok {
			body := newJSBody(raw.GetRawJSBody())
			defer body.Close() // also cancels what the handler did not read
			r.Body = body
		}
		b := writers.Get().(*bufferedWriter)
		defer func() {
			if b.body.Cap() <= maxPooledBody {
				b.header, b.status = nil, 0
				b.body.Reset()
				writers.Put(b)
			}
		}()
		b.header = w.Header()
		serveOrRecover(h, b, r)
		if b.status == 0 {
			b.status = http.StatusOK
		}
		// For HEAD too: the runtime drops the body but keeps Content-Length.
		if b.body.Len() > 0 {
			u := uint8Array.New(b.body.Len())
			js.CopyBytesToJS(u, b.body.Bytes())
			rw.WriteRawJSBody(u)
		}
		w.WriteHeader(b.status)
	})
}
