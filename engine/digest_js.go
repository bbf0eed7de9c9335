//go:build js

package engine

import (
	"hash/fnv"
	"strconv"
)

// digest is, under js/wasm, an FNV-64a of data in hexadecimal, marked
// "fnv". The page and the Worker load the catalogue compiled and versioned
// (with SHA-256) by the build (LoadCompiled); under js/wasm Load only runs
// in tests, and linking crypto/sha256 would add its FIPS module to every
// WebAssembly build that imports the engine.
func digest(data []byte) string {
	h := fnv.New64a()
	h.Write(data)
	s := strconv.FormatUint(h.Sum64(), 16)
	for len(s) < 16 {
		s = "0" + s
	}
	return "fnv" + s
}
