//go:build !js

package engine

import (
	"crypto/sha256"
	"encoding/hex"
)

// digest is the hexadecimal SHA-256 of data: the catalogue version Compile
// writes, and Load natively, is built from it.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
