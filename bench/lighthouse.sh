#!/usr/bin/env bash
# bench/lighthouse.sh OUT_JSON [QUERY]: Lighthouse 12.8.2 (performance category, its
# default mobile emulation) on the page as `./build.sh serve` serves it
# (build/site through cmd/serve on loopback), in Debian's Chromium. Lighthouse
# comes from npm through npx (12.8.2 is the last release that runs on Node 20).
# QUERY is added to the page's address: "?engine=main" measures the engine
# on the page's thread instead of its Web Worker (the default).
# Benchmarks only: not part of ./build.sh test.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/bench/lighthouse.json}
QUERY=${2:-}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "bench/lighthouse.sh: no Chromium at $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
[ -f build/site/index.html ] || ./build.sh site >&2
go build -o build/serve ./cmd/serve || exit 1
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
build/serve -addr "127.0.0.1:$PORT" -site build/site >/dev/null 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
# Lighthouse sometimes fails to record the load's trace (NO_NAVSTART: "run
# Lighthouse again"): a failed run is tried once more, and said so.
for attempt in 1 2; do
  CHROME_PATH=$CHROMIUM npx --yes lighthouse@12.8.2 "http://127.0.0.1:$PORT/$QUERY" \
    --only-categories=performance --output=json --output-path="$OUT" --quiet \
    --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync" && exit 0
  [ "$attempt" = 1 ] && echo "bench/lighthouse.sh: Lighthouse failed; running it once more" >&2
done
exit 1
