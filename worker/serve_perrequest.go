//go:build js && perrequest

package main

import (
	"net/http"

	"github.com/syumai/workers"
)

// serve is the library's default: one Go program per request, started by
// the generated worker.mjs. Built only with -tags perrequest
// (WORKER_ENTRY=generated worker/build.sh), to measure against entry.mjs.
func serve(h http.Handler) {
	workers.Serve(h)
}
