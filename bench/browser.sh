#!/usr/bin/env bash
# bench/browser.sh: the page in headless Chromium; appends its section to a
# Markdown file (bench/run.sh runs it last, as bench/browser.sh BENCHMARKS.md build/bench).
#
#   bench/browser.sh BENCHMARKS.md [build/bench]
#
# Serves a copy of build/site with the floor page beside it
# (bench/browser/floor.html) with build/serve on 127.0.0.1 (a free port), runs
# bench/browser/page.mjs in Debian's Chromium (playwright-core, as the e2e
# tests), keeps the raw figures in OUT/browser.json and appends
# "## 2. The page in headless Chromium" to the Markdown file. The server and
# the browser are stopped on exit, whatever happens. About a minute; it gives
# up after BENCH_BROWSER_TIMEOUT seconds (default 240).
# Environment: CHROMIUM (default /usr/bin/chromium), BENCH_COLD and
# BENCH_WARM (loads of each kind, default 5).
set -uo pipefail
MD=${1:?usage: bench/browser.sh FILE.md [OUT]}
OUT=${2:-build/bench}
cd "$(dirname "$0")/.."
case $MD in /*) ;; *) MD="$OLDPWD/$MD" ;; esac
[ -e "$MD" ] || MD_NEW=1
mkdir -p "$OUT"
TMP=$(mktemp -d)
SERVER_PID=
NODE_PID=

cleanup() {
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "bench/browser.sh: $*" >&2
  {
    printf '\n## 2. The page in headless Chromium\n\nNot measured: %s\n' "$*"
  } >>"$MD"
  exit 1
}

[ -d build/site ] || ./build.sh site || fail "./build.sh site failed"
go build -o build/serve ./cmd/serve || fail "go build ./cmd/serve failed"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "no Chromium at ${CHROMIUM:-/usr/bin/chromium}"
[ -d node_modules/playwright-core ] || fail "node_modules/playwright-core missing (npm install --no-save)"

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})') ||
  fail "no free port"
# The site as built, and beside it the floor as a page (bench/browser/floor.*):
# a cold navigation that only fetches, compiles and instantiates the wasm.
SITE="$TMP/site"
cp -r build/site "$SITE" || fail "cannot copy build/site"
WASM=$(cd "$SITE" && ls policycheck.*.wasm | head -n 1)
[ -n "$WASM" ] || fail "no policycheck.*.wasm in build/site"
cp bench/browser/floor.html "$SITE/bench-floor.html" &&
  sed "s/__WASM__/$WASM/" bench/browser/floor.js >"$SITE/bench-floor.js" || fail "cannot write the floor page"
build/serve -addr "127.0.0.1:$PORT" -site "$SITE" -api=false >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
URL="http://127.0.0.1:$PORT/"
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$URL" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "build/serve exited: $(cat "$TMP/serve.log")"
  sleep 0.1
done
curl -fsS -o /dev/null "$URL" || fail "build/serve did not answer on $URL"

COMMANDS="bench/browser.sh ${1#"$PWD"/} ${2:-build/bench}
  build/serve -addr 127.0.0.1:$PORT -site build/site+bench-floor.html -api=false
  BENCH_URL=$URL node bench/browser/page.mjs $OUT/browser.json SECTION.md"
BENCH_URL=$URL BENCH_COMMANDS=$COMMANDS timeout -k 10 "${BENCH_BROWSER_TIMEOUT:-240}" \
  node bench/browser/page.mjs "$OUT/browser.json" "$TMP/section.md" &
NODE_PID=$!
wait "$NODE_PID"
rc=$?
NODE_PID=
[ "$rc" = 0 ] && [ -s "$TMP/section.md" ] || fail "bench/browser/page.mjs failed (exit $rc)"
[ -n "${MD_NEW:-}" ] || printf '\n' >>"$MD"
cat "$TMP/section.md" >>"$MD"
# Side by side in the same run: the engine on the page's thread (?engine=main),
# without the memory series; bench/issue12.mjs compares the two.
BENCH_URL="${URL}?engine=main" BENCH_SKIP_MEMORY=1 timeout -k 10 "${BENCH_BROWSER_TIMEOUT:-240}" \
  node bench/browser/page.mjs "$OUT/browser-main.json" "$TMP/section-main.md" &
NODE_PID=$!
wait "$NODE_PID" || echo "bench/browser.sh: the ?engine=main run failed" >&2
NODE_PID=
echo "bench/browser.sh: appended the browser section to $MD (raw figures in $OUT/browser.json)" >&2
