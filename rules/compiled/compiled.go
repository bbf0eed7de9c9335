// Package compiled embeds the catalogue as the build compiled it: the
// output of engine.Compile over rules/, written here as catalogue.json by
// `go run ./cmd/compilerules` (build.sh and worker/build.sh run it before
// every WebAssembly build; the file is not in git). The page's wasm and the
// Worker load it with engine.LoadCompiled, which starts without repeating
// the checks the build ran.
package compiled

import (
	"embed"
	"errors"
	"io/fs"
)

// files holds catalogue.json when it has been compiled (the pattern also
// matches this file, so that the package builds before the first compile).
//
//go:embed *
var files embed.FS

// Name is the compiled catalogue's file name in this folder.
const Name = "catalogue.json"

// Catalogue returns the compiled catalogue embedded at build time.
func Catalogue() ([]byte, error) {
	data, err := fs.ReadFile(files, Name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("the catalogue was not compiled into this build: run `go run ./cmd/compilerules` before building (build.sh does)")
	}
	return data, err
}
