package web

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"policycheck/jsoncodec"
)

// Limits of a _headers file (Workers Static Assets): more rules or longer
// lines are ignored by the platform, so HeadersFile refuses them.
const (
	maxHeaderRules = 100
	maxHeaderLine  = 2000
)

// ServedPath is the path under which the Worker's asset server serves a
// file of the built site (html_handling "auto-trailing-slash": index.html
// at "/", x.html at "/x"), or "" for a file it does not serve (_headers,
// .assetsignore, the precompressed .br and .gz copies).
func ServedPath(name string) string {
	switch {
	case !served(name):
		return ""
	case name == "index.html":
		return "/"
	case strings.HasSuffix(name, "/index.html"):
		return "/" + strings.TrimSuffix(name, "index.html")
	case path.Ext(name) == ".html":
		return "/" + strings.TrimSuffix(name, ".html")
	}
	return "/" + name
}

// HeadersFile renders the _headers file of Workers Static Assets for the
// files of a built site (names relative to it), so that the asset server
// sends the headers the handler sends: one rule for every path ("/*") with
// SecurityHeadersFor(scriptHashes) (an error for a malformed hash) and, if
// hsts is set, Strict-Transport-Security; and one
// rule per served path with its Cache-Control, and its Content-Type where
// the asset server would leave out the charset.
//
// Every path has one rule and no rule removes a header ("! Name"): the
// asset server keeps one rule per path (a second for the same path replaces
// the first) and applies removals of later rules to headers earlier rules
// set. Here each header of a response is set by exactly one rule, so no
// rule can undo another, in whatever order they apply.
func HeadersFile(names []string, hsts string, scriptHashes []string) (string, error) {
	var b strings.Builder
	b.WriteString("# Written by cmd/sitebuild (web.HeadersFile): one rule per path, none removes a header.\n")
	b.WriteString("/*\n")
	for _, h := range scriptHashes {
		if err := CheckScriptHash(h); err != nil {
			return "", fmt.Errorf("_headers: %w", err)
		}
	}
	for _, kv := range SecurityHeadersFor(scriptHashes) {
		fmt.Fprintf(&b, "  %s: %s\n", kv[0], kv[1])
	}
	if hsts != "" {
		if strings.ContainsAny(hsts, "\r\n") {
			return "", fmt.Errorf("_headers: Strict-Transport-Security %q spans lines", hsts)
		}
		fmt.Fprintf(&b, "  Strict-Transport-Security: %s\n", hsts)
	}
	type rule struct{ path, name string }
	var rules []rule
	seen := map[string]string{}
	for _, n := range names {
		p := ServedPath(n)
		if p == "" {
			continue
		}
		if other, ok := seen[p]; ok {
			return "", fmt.Errorf("_headers: %s and %s are both served at %s", other, n, p)
		}
		seen[p] = n
		rules = append(rules, rule{p, n})
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].path < rules[j].path })
	if len(rules)+1 > maxHeaderRules {
		return "", fmt.Errorf("_headers: %d rules, over the limit of %d", len(rules)+1, maxHeaderRules)
	}
	for _, r := range rules {
		if strings.ContainsAny(r.path, "*: \t") {
			return "", fmt.Errorf("_headers: the path %q would be read as a pattern", r.path)
		}
		fmt.Fprintf(&b, "%s\n  Cache-Control: %s\n", r.path, CacheControl(r.name))
		// The asset server sends these without a charset: name it.
		switch path.Ext(r.name) {
		case ".json", ".webmanifest", ".svg":
			fmt.Fprintf(&b, "  Content-Type: %s\n", ContentType(r.name))
		}
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if len(line) > maxHeaderLine {
			return "", fmt.Errorf("_headers: a line of %d characters, over the limit of %d", len(line), maxHeaderLine)
		}
	}
	return b.String(), nil
}

// BuildFile is the file in which cmd/sitebuild describes the site it built
// (a BuildInfo).
const BuildFile = "build.json"

// BuildInfo is what BuildFile holds: cmd/sitebuild writes it and
// SiteScriptHashes reads it.
type BuildInfo struct {
	Build        string   `json:"build"`         // the build's name
	ScriptHashes []string `json:"script_hashes"` // the hashes of the pages' inline scripts
}

// SiteScriptHashes reads the hashes of the inline scripts of a built site
// from its BuildFile, for Config.ScriptHashes: none for a site without
// that file; an error naming the file and the field when it cannot be
// read or a hash is malformed.
func SiteScriptHashes(site fs.FS) ([]string, error) {
	data, err := fs.ReadFile(site, BuildFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var info BuildInfo
	if err := jsoncodec.Decode(data, &info, false); err != nil {
		return nil, fmt.Errorf("%s: %w", BuildFile, err)
	}
	for i, h := range info.ScriptHashes {
		if err := CheckScriptHash(h); err != nil {
			return nil, fmt.Errorf("%s: script_hashes[%d]: %w", BuildFile, i, err)
		}
	}
	return info.ScriptHashes, nil
}
