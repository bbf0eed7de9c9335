package main

import (
	"net/http"
	"strings"
	"testing"

	"policycheck/web/probe"
)

// workersHeader is what the Go handler receives for header lines sent to
// the Worker: the runtime's Headers object joins repeated lines with ", "
// (under lower-case names), and syumai/workers' jshttp.ToHeader splits every
// value at each comma.
func workersHeader(lines [][]string) http.Header {
	var names []string
	joined := map[string]string{}
	for _, kv := range lines {
		k := strings.ToLower(kv[0])
		if v, ok := joined[k]; ok {
			joined[k] = v + ", " + kv[1]
		} else {
			names = append(names, k)
			joined[k] = kv[1]
		}
	}
	h := http.Header{}
	for _, k := range names {
		for _, v := range strings.Split(joined[k], ",") {
			h.Add(k, v)
		}
	}
	return h
}

// TestProbesThroughTheWorkersConversion sends every probe the Go program
// answers (not the page's, which the static assets answer) as the Worker
// gets it: headers converted by the library, then rejoinHeader, then the
// handler and the response buffer of serve_js.go. Each must get the status
// the local server gives (web's TestProbes) and a small error reply.
func TestProbesThroughTheWorkersConversion(t *testing.T) {
	f, err := probe.Load("../web/testdata/probes.json")
	if err != nil {
		t.Fatal(err)
	}
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	tested := 0
	for _, p := range f.Probes {
		if p.Page {
			continue
		}
		tested++
		t.Run(p.Name, func(t *testing.T) {
			r := p.Request()
			r.Header = workersHeader(*p.Headers)
			rejoinHeader(r.Header)
			b := &bufferedWriter{header: http.Header{}}
			serveOrRecover(h, b, r)
			if b.status != p.Status {
				t.Errorf("status %d, want %d: %.300s", b.status, p.Status, b.body.String())
			}
			if b.status >= 400 && b.body.Len() >= f.MaxReply {
				t.Errorf("reply of %d bytes, want under %d", b.body.Len(), f.MaxReply)
			}
			if p.Code != "" && !strings.Contains(b.body.String(), `"code":"`+p.Code+`"`) {
				t.Errorf("code: want %q: %.300s", p.Code, b.body.String())
			}
			if got := b.header.Get("Strict-Transport-Security"); got != hsts {
				t.Errorf("Strict-Transport-Security %q, want %q", got, hsts)
			}
		})
	}
	if tested < 50 {
		t.Errorf("only %d probes", tested)
	}
}

// TestWorkersHeaderSplits keeps the simulation honest: without
// rejoinHeader, the library's split makes the Worker read a different
// Content-Type than the local server for a list, and cut a quoted parameter.
func TestWorkersHeaderSplits(t *testing.T) {
	tests := []struct {
		lines         [][]string
		split, joined []string
	}{
		{[][]string{{"Content-Type", "application/json, text/plain"}}, []string{"application/json", " text/plain"}, []string{"application/json, text/plain"}},
		{[][]string{{"Content-Type", "application/json"}, {"Content-Type", "text/plain"}}, []string{"application/json", " text/plain"}, []string{"application/json, text/plain"}},
		{[][]string{{"Content-Type", `application/json; x="a,b"`}}, []string{`application/json; x="a`, `b"`}, []string{`application/json; x="a,b"`}},
		{[][]string{{"Content-Type", "application/json"}}, []string{"application/json"}, []string{"application/json"}},
	}
	for _, tt := range tests {
		h := workersHeader(tt.lines)
		if got := h.Values("Content-Type"); strings.Join(got, "|") != strings.Join(tt.split, "|") {
			t.Errorf("%v: the library gives %q, want %q", tt.lines, got, tt.split)
		}
		rejoinHeader(h)
		if got := h.Values("Content-Type"); strings.Join(got, "|") != strings.Join(tt.joined, "|") {
			t.Errorf("%v: rejoined %q, want %q", tt.lines, got, tt.joined)
		}
	}
}
