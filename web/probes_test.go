package web_test

import (
	"io"
	"net/http/httptest"
	"testing"

	"policycheck/web/probe"
)

// TestProbes sends every probe of testdata/probes.json to the handler as the
// local server runs it: each gets its status, and every error reply is
// small (the Worker's request conversion is tested in worker/).
func TestProbes(t *testing.T) {
	f, err := probe.Load("testdata/probes.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Probes) < 50 || f.MaxReply != 4096 {
		t.Fatalf("%d probes, max_reply %d", len(f.Probes), f.MaxReply)
	}
	h := handler(t, "")
	for _, p := range f.Probes {
		t.Run(p.Name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, p.Request())
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != p.Status {
				t.Errorf("status %d, want %d: %.300s", res.StatusCode, p.Status, body)
			}
			checkSecurityHeaders(t, res)
			if res.StatusCode < 400 {
				return
			}
			if len(body) >= f.MaxReply {
				t.Errorf("reply of %d bytes, want under %d", len(body), f.MaxReply)
			}
			if p.Code != "" {
				if e := decodeError(t, res, body); e.Code != p.Code {
					t.Errorf("code %q, want %q: %s", e.Code, p.Code, body)
				}
			}
		})
	}
}
