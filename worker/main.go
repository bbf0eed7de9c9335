// Command worker is the Cloudflare Worker of policycheck: the JSON API
// (/api/*) on the same engine, catalogue and handler (web.New) as the local
// server. The page itself is served by Workers Static Assets (see
// wrangler.toml); only /api/* reaches this program.
//
// Under GOOS=js the program is built with worker/build.sh and started by
// entry.mjs once per isolate; natively, `go run ./worker` serves the same
// handler on a local port (PORT, default 9900) through workers.Serve.
package main

import (
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"policycheck/api"
	"policycheck/rules/compiled"
	"policycheck/web"
)

// build is set at link time (-ldflags "-X main.build=...").
var build = "dev"

// hsts is the Strict-Transport-Security policy of every API response, set
// at link time by worker/build.sh to the one in build/site/_headers (the
// page's), so that the page and the API send the same; empty sends none.
var hsts = web.DefaultHSTS

// scriptHashes are the hashes of the page's inline scripts, separated by
// spaces, set at link time by worker/build.sh from build/site/build.json,
// so that the API's Content-Security-Policy is the page's (_headers).
var scriptHashes = ""

// gcPercent is the Worker's GOGC. Under js/wasm the collector has no
// thread of its own: it runs in the requests' CPU time, which Cloudflare
// limits. The live heap is a few MiB (the catalogue and its prepared JSON)
// against an isolate's 128 MB, so the heap may grow to five times the live
// heap between collections, and requests trigger a fifth as many.
const gcPercent = 400

func main() {
	handler, err := newHandler()
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
	serve(handler)
}

// newHandler loads the catalogue the build compiled (rules/compiled; once
// per Go program, so once per isolate on Cloudflare) and returns the API handler.
func newHandler() (http.Handler, error) {
	// No garbage collection while it loads (see wasm/main.go); then a
	// collection when the heap has grown by gcPercent rather than Go's 100.
	debug.SetGCPercent(-1)
	cat, err := compiled.Load()
	debug.SetGCPercent(gcPercent)
	if err != nil {
		return nil, err
	}
	hashes := strings.Fields(scriptHashes)
	for _, h := range hashes {
		if err := web.CheckScriptHash(h); err != nil {
			return nil, fmt.Errorf("main.scriptHashes: %w", err)
		}
	}
	return web.New(web.Config{Service: api.New(cat, build).WithChanges(compiled.ChangesJSON()), Site: nil, HSTS: hsts, ScriptHashes: hashes}), nil
}
