// Package compiled holds the catalogue as the build compiled it: the output
// of engine.Compile over rules/, written here as Go source (catalogue_gen.go)
// by `go run ./cmd/compilerules` (build.sh and worker/build.sh run it before
// every WebAssembly build; the file is not in git). The page's wasm and the
// Worker load it with Load, which starts without decoding JSON and without
// repeating the checks the build ran.
package compiled

import (
	"errors"
	"sync"

	"policycheck/engine"
)

// prebuilt is set by catalogue_gen.go when the catalogue has been compiled
// (without it, the package builds, and Load says what to run).
var prebuilt *engine.Prebuilt

// changes is set by catalogue_gen.go: the changelog's entries as JSON
// (rules/CHANGES.json, changelog.Log.EntriesJSON).
var changes string

// ChangesJSON returns the changelog's entries as the build compiled them
// (a JSON array, oldest first; empty when the build had none), for the
// catalogue's "changes".
func ChangesJSON() []byte { return []byte(changes) }

// GoFile is the name of the generated file in this folder.
const GoFile = "catalogue_gen.go"

var load = sync.OnceValues(func() (*engine.Catalogue, error) {
	if prebuilt == nil {
		return nil, errors.New("the catalogue was not compiled into this build: run `go run ./cmd/compilerules` before building (build.sh does)")
	}
	return engine.LoadPrebuilt(prebuilt)
})

// Load returns the catalogue compiled at build time, loaded on the first
// call (engine.LoadPrebuilt; it refuses a catalogue compiled by another
// version of the engine). Every call returns the same catalogue.
func Load() (*engine.Catalogue, error) { return load() }
