//go:build !js

package main

import (
	"net/http"

	"github.com/syumai/workers"
)

// serve listens on a local port (PORT, default 9900; see workers.Serve) for
// local use and tests of the same handler outside workerd.
func serve(h http.Handler) {
	workers.Serve(h)
}
