package web

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"
)

// encodings are the content codings the handler sends, best first, with
// the suffix of the precompressed copy cmd/sitebuild writes beside a file.
var encodings = []struct{ coding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// accepts reports whether the Accept-Encoding values of a request accept a
// coding: named (or matched by "*") with a q-value above 0. "x-gzip" is
// gzip. Without the header, only identity is accepted.
func accepts(values []string, coding string) bool {
	named, star := -1.0, -1.0
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			token, params, _ := strings.Cut(item, ";")
			token = strings.ToLower(strings.TrimSpace(token))
			if token == "x-gzip" {
				token = "gzip"
			}
			if token != coding && token != "*" {
				continue
			}
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0 // a malformed weight accepts nothing
					}
					q = f
				}
			}
			if token == coding {
				named = max(named, q)
			} else {
				star = max(star, q)
			}
		}
	}
	if named >= 0 {
		return named > 0
	}
	return star > 0
}

// negotiate chooses what to send for a file of the site: its best
// precompressed copy the request accepts (br before gzip), or the file. It
// sets Vary when the file has copies, whichever is sent, and
// Content-Encoding when one is.
func (h *handler) negotiate(w http.ResponseWriter, r *http.Request, name string, data []byte) []byte {
	varied := false
	for _, e := range encodings {
		c, err := fs.ReadFile(h.cfg.Site, name+e.suffix)
		if err != nil {
			continue
		}
		if !varied {
			w.Header().Add("Vary", "Accept-Encoding")
			varied = true
		}
		if accepts(r.Header.Values("Accept-Encoding"), e.coding) {
			w.Header().Set("Content-Encoding", e.coding)
			return c
		}
	}
	return data
}
