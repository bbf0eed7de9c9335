#!/usr/bin/env bash
# build.sh: build, serve, test and measure policycheck.
#
#   ./build.sh serve   build the page and serve it on http://127.0.0.1:8080
#   ./build.sh test    every check and test (what CI runs)
#   ./build.sh site    build the page into build/site
#   ./build.sh bench   benchmarks, written to BENCHMARKS.md (slow; not part of test)
#   ./build.sh fuzz    longer fuzz runs (FUZZ_SCALE=6: each target about a minute)
#   ./build.sh worker  build the Worker and check it in wrangler dev (loopback)
#   ./build.sh deploy  deploy the page and the Worker (needs npx wrangler login)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export GOFLAGS=${GOFLAGS:-}
GOROOT_DIR=$(go env GOROOT)
WASM_EXEC_JS="$GOROOT_DIR/lib/wasm/wasm_exec.js"
WASM_EXEC_NODE="$GOROOT_DIR/lib/wasm/go_js_wasm_exec"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Pinned tool versions.
STATICCHECK_VERSION=v0.7.0

check_go() {
  command -v go >/dev/null || die "Go is not installed (need Go 1.26 or later: https://go.dev/dl/)"
}

# ensure_npm installs the pinned npm tools (tests and benchmarks only; the page
# uses none) when node_modules is missing or older than the lock file.
ensure_npm() {
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "Node.js 20 and npm are needed for the browser and wasm tests: apt-get install nodejs npm"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm install from the lock file (playwright-core, axe-core, wrangler, benchmark peers)"
    # Not "npm ci": npm 11 leaves zen-engine's other-platform optional packages
    # out of the lock file and then refuses it as out of sync. "install
    # --no-save" installs the locked versions and leaves the lock file as it is.
    npm install --no-save --no-audit --no-fund
  fi
}

# ensure_chromium checks for Debian's Chromium and installs it when we may.
ensure_chromium() {
  CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing Debian's chromium (browser tests)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
        die "could not install chromium with apt-get"
      # Chinese fonts make the screenshots in test-output/ readable; the tests do not need them.
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || true
    else
      die "the browser tests need Debian's Chromium at $CHROMIUM: sudo apt-get install chromium (or set CHROMIUM=/path)"
    fi
  fi
  export CHROMIUM
}

cmd_lint_go() {
  say "gofmt"
  local unformatted
  unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
  [ -z "$unformatted" ] || die "gofmt needed on: $unformatted"
  say "go vet (native and js/wasm)"
  go vet ./...
  GOOS=js GOARCH=wasm go vet ./engine/... ./jsoncodec/... ./api/... ./wasm/... ./worker/...
  say "staticcheck"
  if ! command -v staticcheck >/dev/null && [ ! -x "$(go env GOPATH)/bin/staticcheck" ]; then
    go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" || die "could not install staticcheck $STATICCHECK_VERSION"
  fi
  PATH="$(go env GOPATH)/bin:$PATH" staticcheck ./...
}

cmd_test_go() {
  say "go test (native)"
  go run ./cmd/compilerules # rules/compiled/catalogue_gen.go, which the wasm, the Worker and their tests load
  go test -count=1 ./...
  say "go test (js/wasm under Node: $WASM_EXEC_NODE)"
  command -v node >/dev/null || die "Node.js is needed to run the wasm tests (apt-get install nodejs)"
  GOOS=js GOARCH=wasm go test -count=1 -exec "$WASM_EXEC_NODE" ./engine/... ./jsoncodec/...
  say "the wasm build in Node (exported functions, bad calls, agreement with the native tool)"
  cmd_wasm
  go build -o build/policycheck ./cmd/policycheck
  node --test wasm/
  say "rule cases"
  go run ./cmd/policycheck lint
  go run ./cmd/policycheck test
  say "short fuzz runs"
  # Counts, not durations: a -fuzztime given as a duration can fail with a
  # bare "context deadline exceeded" when the deadline meets a worker in
  # flight (a race in Go's fuzz coordinator, go.dev/issue/75804, unfixed in
  # Go 1.26). An execution count sets no deadline. Each count is about 10 s
  # of fuzzing on a 2-core machine; FUZZ_SCALE multiplies them all. A new
  # input is minimised for at most 100 runs, so that a slow target's count
  # does not turn into minutes of minimising.
  fuzz_run FuzzParseAnswers ./engine 100000
  fuzz_run FuzzEstimate ./engine 40000
  fuzz_run FuzzIncrementalEstimate ./engine 80
  fuzz_run FuzzLoad ./engine 30000
  fuzz_run FuzzExpression ./engine/exprlang 25000
  fuzz_run FuzzParseDay ./engine 80000
}

BUILD_ID=${BUILD_ID:-$(git rev-parse --short=8 HEAD 2>/dev/null || echo dev)}

cmd_wasm() {
  mkdir -p build
  # Check the catalogue in full (expr's checker, quotes, cases) and compile it
  # into rules/compiled (Go source), which the wasm loads without decoding or re-checking.
  go run ./cmd/compilerules
  GOOS=js GOARCH=wasm go build -trimpath -ldflags "-s -w -X main.build=$BUILD_ID" -o build/policycheck.wasm ./wasm
}

cmd_site() {
  check_go
  say "building the page into build/site"
  cmd_wasm
  # HSTS= (empty) leaves Strict-Transport-Security out of _headers and the Worker (worker/README.md).
  go run ./cmd/sitebuild -site site -wasm build/policycheck.wasm -wasm-exec "$WASM_EXEC_JS" -out build/site -build "$BUILD_ID" \
    ${HSTS+"-hsts=$HSTS"}
  # The first-load budget (wasm ≤ 1.3 MB brotli, whole first load ≤ 1.5 MB): over it, the build fails.
  if command -v brotli >/dev/null || command -v node >/dev/null; then
    go run ./bench/sizebudget -site build/site
  else
    echo "build.sh: size budget not checked: it needs the brotli tool or Node.js (apt-get install brotli)" >&2
  fi
}

cmd_serve() {
  cmd_site
  say "serving on http://${ADDR:-127.0.0.1:8080}/ (Ctrl-C stops)"
  exec go run -ldflags "-X main.build=$BUILD_ID" ./cmd/serve -addr "${ADDR:-127.0.0.1:8080}" -site build/site
}

cmd_test_browser() {
  ensure_chromium
  say "browser tests (Chromium: the page, accessibility, privacy, offline, update)"
  cmd_site
  go build -o build/serve ./cmd/serve
  go build -o build/sitebuild ./cmd/sitebuild
  node --test --test-concurrency=1 e2e/
}

cmd_worker() {
  ensure_npm
  say "the Cloudflare Worker in workerd (worker/test.sh)"
  [ -f build/site/index.html ] || cmd_site
  BUILD_ID=$BUILD_ID worker/test.sh
}

cmd_test() {
  check_go
  ensure_npm
  cmd_lint_go
  cmd_test_go
  cmd_test_browser
  cmd_worker
  say "all tests passed"
}

# fuzz_run TARGET PACKAGE COUNT runs one fuzz target for COUNT×FUZZ_SCALE
# executions.
fuzz_run() {
  local n=$(( $3 * ${FUZZ_SCALE:-1} ))
  go test -run '^$' -fuzz "^$1\$" -fuzztime "${n}x" -fuzzminimizetime 100x "$2"
}

cmd_fuzz() {
  FUZZ_SCALE=${FUZZ_SCALE:-6} cmd_test_go
}

case "${1:-}" in
  test) cmd_test ;;
  bench) check_go; ensure_npm; bench/run.sh ;;
  worker) check_go; cmd_site; cmd_worker ;;
  deploy) check_go; ensure_npm; cmd_site; BUILD_ID=$BUILD_ID worker/build.sh; (cd worker && npx wrangler deploy) ;;
  site) cmd_site ;;
  serve) cmd_serve ;;
  fuzz) cmd_fuzz ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
