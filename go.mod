module policycheck

go 1.26.8

require (
	github.com/andybalholm/brotli v1.3.0 // indirect
	github.com/expr-lang/expr v1.17.8 // indirect
	github.com/goccy/go-json v0.12.0 // indirect
	github.com/hack-pad/safejs v0.1.1 // indirect
	github.com/syumai/workers v0.33.0 // indirect
)
