#!/usr/bin/env bash
# worker/build.sh: build the Cloudflare Worker into worker/build.
#
#   worker/build.sh                         entry.mjs: one Go program per isolate (what is deployed)
#   WORKER_ENTRY=generated worker/build.sh  the library's worker.mjs: one Go program per request
#                                           (for comparison in benchmarks only)
#
# Steps: syumai/workers' workers-assets-gen writes wasm_exec.js, runtime.mjs
# and worker.mjs into worker/build (it deletes the folder first, so it runs
# first); the Go program is built for js/wasm into worker/build/app.wasm; the
# entry module wrangler.toml names (build/entry.mjs) is installed last.
#
# The page (build/site, served as static assets) is built by ./build.sh site;
# this script builds it too if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=worker/build
ENTRY=${WORKER_ENTRY:-isolate}
BUILD_ID=${BUILD_ID:-$(git rev-parse --short=8 HEAD 2>/dev/null || echo dev)}

if [ ! -f build/site/index.html ] || [ ! -f build/site/_headers ]; then
  echo "worker/build.sh: build/site is missing: running ./build.sh site" >&2
  ./build.sh site
fi

# The generator's version is the one go.mod pins (github.com/syumai/workers
# v0.33.0); running it inside the module needs no network. Fall back to the
# explicit @version form if the module graph cannot provide it.
if ! go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o "$OUT" 2>/dev/null; then
  go run github.com/syumai/workers/cmd/workers-assets-gen@v0.33.0 -mode=go -o "$OUT"
fi

tags=()
case "$ENTRY" in
  isolate) ;;
  generated) tags=(-tags perrequest) ;;
  *) echo "worker/build.sh: WORKER_ENTRY must be isolate or generated, got $ENTRY" >&2; exit 2 ;;
esac
# The catalogue, checked in full and compiled natively (rules/compiled), which
# the Worker loads without checking it again.
go run ./cmd/compilerules
# The API sends the page's Strict-Transport-Security (build/site/_headers;
# none if the site was built with HSTS= empty).
hsts=$(sed -n 's/^  Strict-Transport-Security: //p' build/site/_headers | head -n 1)
case "$hsts" in *"'"*) echo "worker/build.sh: a quote in Strict-Transport-Security: $hsts" >&2; exit 1 ;; esac
# The hashes of the page's inline scripts (build.json), which the page's
# Content-Security-Policy allows: the API sends the same policy.
hashes=$( (grep -o 'sha256-[A-Za-z0-9+/]*=' build/site/build.json || true) | tr '\n' ' ' | sed 's/ $//')
GOOS=js GOARCH=wasm go build -trimpath ${tags[@]+"${tags[@]}"} \
  -ldflags "-s -w -X main.build=$BUILD_ID -X 'main.hsts=$hsts' -X 'main.scriptHashes=$hashes'" -o "$OUT/app.wasm" ./worker

# The Worker and the page's engine must not carry goccy/go-json (jsoncodec
# uses encoding/json under GOOS=js) nor the brotli encoder (cmd/sitebuild's).
if deps=$(GOOS=js GOARCH=wasm go list -deps ./worker ./wasm | grep -E 'github.com/(goccy/go-json|andybalholm/brotli)'); then
  echo "worker/build.sh: the js/wasm builds depend on $deps" >&2
  exit 1
fi

case "$ENTRY" in
  isolate) cp worker/entry.mjs "$OUT/entry.mjs" ;;
  generated) cp "$OUT/worker.mjs" "$OUT/entry.mjs" ;;
esac
echo "$ENTRY" >"$OUT/entry.txt" # read by bench.mjs and cpu.mjs
printf 'worker/build.sh: %s (%s bytes, entry: %s)\n' "$OUT/app.wasm" "$(wc -c <"$OUT/app.wasm" | tr -d ' ')" "$ENTRY"
