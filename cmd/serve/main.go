// Command serve serves the built page and the JSON API on a local address,
// with the same headers as the Worker:
//
//	go run ./cmd/serve [-addr 127.0.0.1:8080] [-site build/site] [-api=true] [-allow-origin ORIGIN]
//	                   [-max-conns 256] [-max-requests 64]
//
// Slow, stalled and idle connections cost bounded memory (web.DefaultLimits):
// a request must arrive within 15 s (its header within 5 s), a response be
// written within 60 s, and an idle keep-alive connection is closed after
// 30 s; past -max-conns open connections or -max-requests requests in
// flight, the server answers 503 with Retry-After at once.
//
// ./build.sh serve builds the page first and then runs this.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"policycheck/api"
	"policycheck/changelog"
	"policycheck/engine"
	"policycheck/rules"
	"policycheck/web"
)

// build is set at link time.
var build = "dev"

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	site := flag.String("site", "build/site", "folder of the built page")
	withAPI := flag.Bool("api", true, "serve the JSON API under /api/")
	origin := flag.String("allow-origin", "", "one origin allowed to call the API from a browser (CORS); empty: none")
	logRequests := flag.Bool("log", false, "print the method and path of every request (never a body or a query) to stdout")
	lim := web.DefaultLimits
	flag.IntVar(&lim.MaxConns, "max-conns", lim.MaxConns, "connections open at once; past it a new connection gets 503")
	flag.IntVar(&lim.MaxRequests, "max-requests", lim.MaxRequests, "requests handled at once; past it a request gets 503")
	flag.Parse()

	cfg := web.Config{AllowOrigin: *origin}
	if st, err := os.Stat(*site); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "serve: %s is not a folder: run ./build.sh site first\n", *site)
		os.Exit(1)
	}
	cfg.Site = os.DirFS(*site)
	// The page's inline scripts, which the Content-Security-Policy allows
	// by hash: listed by the site build in build.json.
	hashes, err := web.SiteScriptHashes(cfg.Site)
	if err != nil {
		fmt.Fprintf(os.Stderr, "serve: %s: %v\n", *site, err)
		os.Exit(1)
	}
	cfg.ScriptHashes = hashes
	if *withAPI {
		cat, err := engine.Load(rules.FS)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		log, err := changelog.Read(rules.FS)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cfg.Service = api.New(cat, build).WithChanges(log.EntriesJSON())
	}
	h := web.New(cfg)
	if *logRequests {
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Printf("%s %s\n", r.Method, r.URL.Path)
			next.ServeHTTP(w, r)
		})
	}
	srv := web.Server(*addr, h, lim)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	log.Printf("serving %s on http://%s/", *site, ln.Addr())
	log.Fatal(web.Serve(srv, ln, lim.MaxConns))
}
