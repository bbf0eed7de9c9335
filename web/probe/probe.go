// Package probe reads the hostile request probes of web/testdata/probes.json
// for Go tests: the web handler's (the local server) and the Worker's
// (its request conversion, then the same handler). worker/probes.mjs reads
// the same file for the checks against wrangler dev.
package probe

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"

	"policycheck/jsoncodec"
)

// Probe is one request and the status both servers must answer it with.
type Probe struct {
	Name     string      `json:"name"`
	Method   string      `json:"method"`
	Path     string      `json:"path"`
	Parts    [][2]any    `json:"path_parts"`
	Headers  *[][]string `json:"headers"`
	Body     *string     `json:"body"`
	Base64   string      `json:"body_base64"`
	Repeat   [][2]any    `json:"body_parts"`
	Status   int         `json:"status"`
	Code     string      `json:"code"`
	Page     bool        `json:"page"` // answered by the Worker's static assets, not its Go program
	body     []byte
	fullPath string
}

// File is the probe file.
type File struct {
	Comment  []string `json:"comment"`
	MaxReply int      `json:"max_reply"` // every error reply is shorter
	Probes   []*Probe `json:"probes"`
}

// Load reads the probes from path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := jsoncodec.Decode(data, &f, true); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, p := range f.Probes {
		if p.Method == "" {
			p.Method = http.MethodPost
		}
		p.fullPath = p.Path
		if p.fullPath == "" {
			p.fullPath = "/api/estimate"
		}
		if p.Parts != nil {
			if p.fullPath, err = expand(p.Parts); err != nil {
				return nil, fmt.Errorf("%s: %w", p.Name, err)
			}
		}
		switch {
		case p.Body != nil:
			p.body = []byte(*p.Body)
		case p.Base64 != "":
			if p.body, err = base64.StdEncoding.DecodeString(p.Base64); err != nil {
				return nil, fmt.Errorf("%s: %w", p.Name, err)
			}
		case p.Repeat != nil:
			s, err := expand(p.Repeat)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.Name, err)
			}
			p.body = []byte(s)
		}
		if p.Headers == nil {
			p.Headers = &[][]string{{"Content-Type", "application/json"}}
		}
	}
	return &f, nil
}

// expand repeats each [text, count], with {i} replaced by the index.
func expand(parts [][2]any) (string, error) {
	var b strings.Builder
	for _, part := range parts {
		text, ok1 := part[0].(string)
		count, ok2 := part[1].(float64)
		if !ok1 || !ok2 {
			return "", fmt.Errorf("a part must be [text, count], got %v", part)
		}
		for i := 0; i < int(count); i++ {
			b.WriteString(strings.ReplaceAll(text, "{i}", strconv.Itoa(i)))
		}
	}
	return b.String(), nil
}

// Request builds the probe's request as a server receives it: each header
// pair is one header line.
func (p *Probe) Request() *http.Request {
	var body *bytes.Reader
	if p.body != nil && p.Method != http.MethodGet && p.Method != http.MethodHead {
		body = bytes.NewReader(p.body)
	} else {
		body = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(p.Method, "http://127.0.0.1"+p.fullPath, body)
	for _, kv := range *p.Headers {
		req.Header.Add(kv[0], kv[1])
	}
	return req
}
