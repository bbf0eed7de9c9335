#!/usr/bin/env bash
# worker/test.sh: build the Worker and check it end to end in workerd.
#
# Builds the Worker (worker/build.sh; the page must be in build/site, or it
# is built), checks that it builds natively too, prints the upload size from
# `wrangler deploy --dry-run` (raw and gzip), starts `wrangler dev` on
# 127.0.0.1 on a free port (local only: no login, no metrics, no remote
# bindings) and the local server (cmd/serve) on another, runs
# worker/check.mjs against wrangler (and the probes against both, which must
# answer alike) and stops them again.
# Needs Go, Node 20+ and the npm packages (npm install --no-save, or ./build.sh test). Prints a last line
# "worker checks: N passed, M failed"; exits non-zero on any failure.
#
#   TIMEOUT=60 worker/test.sh     seconds to wait for wrangler dev (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WRANGLER="$ROOT/node_modules/wrangler/bin/wrangler.js"
[ -f "$WRANGLER" ] || { echo "worker/test.sh: $WRANGLER is missing: run npm install --no-save" >&2; exit 1; }
command -v node >/dev/null || { echo "worker/test.sh: Node.js is needed" >&2; exit 1; }

export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_SEND_ERROR_REPORTS=false
export CI=${CI:-true} # never prompt

TMP=$(mktemp -d "${TMPDIR:-/tmp}/policycheck-worker.XXXXXX")
WRANGLER_PID=
SERVE_PID=
CHILD=
stop_serve() {
  if [ -n "$SERVE_PID" ]; then
    kill -TERM "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
    SERVE_PID=
  fi
}
stop_wrangler() {
  if [ -n "$WRANGLER_PID" ]; then
    # wrangler runs in its own process group (setsid): end it and workerd.
    kill -TERM -- "-$WRANGLER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 -- "-$WRANGLER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$WRANGLER_PID" 2>/dev/null || true
    WRANGLER_PID=
  fi
}
cleanup() {
  [ -z "$CHILD" ] || kill -TERM "$CHILD" 2>/dev/null || true
  stop_serve
  stop_wrangler
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# run runs a command in the background and waits for it, so that a signal
# to this script is handled at once (bash defers traps until a foreground
# command ends).
run() {
  "$@" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=
  return "$rc"
}

echo "==> building the Worker"
worker/build.sh

echo "==> native build of the Worker (workers.Serve on a local port)"
go build -o "$TMP/worker-native" ./worker

echo "==> upload size (wrangler deploy --dry-run)"
(cd worker && node "$WRANGLER" deploy --dry-run --outdir "$TMP/dry-run" >"$TMP/dry-run.log" 2>&1) || {
  cat "$TMP/dry-run.log" >&2
  echo "worker/test.sh: wrangler deploy --dry-run failed" >&2
  exit 1
}
grep -E 'Total Upload' "$TMP/dry-run.log" | sed 's/^/    wrangler: /' || true
raw=$(cat "$TMP"/dry-run/*.js "$TMP"/dry-run/*.wasm | wc -c | tr -d ' ')
gz=$(cat "$TMP"/dry-run/*.js "$TMP"/dry-run/*.wasm | gzip -6 | wc -c | tr -d ' ')
printf '    upload: %s bytes raw, %s bytes gzip (%s KiB / %s KiB; Free plan limit 3 MiB compressed)\n' \
  "$raw" "$gz" "$((raw / 1024))" "$((gz / 1024))"
if [ "$gz" -gt $((3 * 1024 * 1024)) ]; then
  echo "worker/test.sh: the Worker is over 3 MiB compressed" >&2
  exit 1
fi

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
iport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
echo "==> wrangler dev on http://127.0.0.1:$port"
(
  cd worker
  exec setsid node "$WRANGLER" dev --local --ip 127.0.0.1 --port "$port" \
    --inspector-port "$iport" --show-interactive-dev-session=false
) >"$TMP/wrangler.log" 2>&1 </dev/null &
WRANGLER_PID=$!
# setsid made it the leader of its own process group (it is not one already
# in a script without job control, so setsid does not fork).
[ "$(ps -o pgid= -p "$WRANGLER_PID" 2>/dev/null | tr -d ' ')" = "$WRANGLER_PID" ] ||
  echo "worker/test.sh: warning: wrangler is not in its own process group" >&2

deadline=$((SECONDS + ${TIMEOUT:-60}))
up() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$port/api/health"
}
until run up; do
  if ! kill -0 "$WRANGLER_PID" 2>/dev/null; then
    cat "$TMP/wrangler.log" >&2
    echo "worker/test.sh: wrangler dev exited" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    cat "$TMP/wrangler.log" >&2
    echo "worker/test.sh: wrangler dev did not answer within ${TIMEOUT:-60}s" >&2
    exit 1
  fi
  sleep 0.3
done

lport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
echo "==> the local server (cmd/serve) on http://127.0.0.1:$lport, for the probes"
go build -o "$TMP/serve" ./cmd/serve
"$TMP/serve" -addr "127.0.0.1:$lport" -site build/site >"$TMP/serve.log" 2>&1 </dev/null &
SERVE_PID=$!
for _ in $(seq 1 100); do
  answered=$(node -e 'fetch(process.argv[1]).then((r) => console.log(r.ok ? 1 : 0), () => console.log(0))' "http://127.0.0.1:$lport/api/health")
  [ "$answered" = 1 ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; echo "worker/test.sh: cmd/serve exited" >&2; exit 1; }
  sleep 0.1
done

echo "==> checks"
run env CHECK_SAMPLES="$TMP/samples" LOCAL_URL="http://127.0.0.1:$lport" \
  node worker/check.mjs "http://127.0.0.1:$port" build/site "$TMP/wrangler.log" \
  >"$TMP/check.out" 2>&1 || true
cat "$TMP/check.out"
last=$(tail -n 1 "$TMP/check.out")
if [[ "$last" =~ ^worker\ checks:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=${BASH_REMATCH[1]} failed=${BASH_REMATCH[2]}
else
  passed=0 failed=1
  echo "FAIL check.mjs did not finish"
fi
if [ "$failed" -ne 0 ]; then
  echo "--- wrangler log ---"
  grep -v '^\[wrangler:info\] \(GET\|POST\|HEAD\|PUT\|DELETE\|OPTIONS\) ' "$TMP/wrangler.log" | tail -40 || true
fi
stop_wrangler
stop_serve

echo "==> the API bodies against openapi.yaml"
if command -v python3 >/dev/null && python3 -c 'import yaml, jsonschema' 2>/dev/null; then
  if run python3 worker/openapi_check.py "$TMP/samples"; then
    passed=$((passed + 1)); echo "ok   the API bodies conform to openapi.yaml"
  else
    failed=$((failed + 1)); echo "FAIL the API bodies do not conform to openapi.yaml"
  fi
else
  echo "    skipped: needs python3 with PyYAML and jsonschema"
fi

echo "==> CPU and memory per request in one Go program (Node, worker/cpu.mjs)"
if run node worker/cpu.mjs -n 5000 --warmup 500 --max-growth 1.5; then
  passed=$((passed + 1)); echo "ok   memory stays flat over 5000 estimates in one Go program"
else
  failed=$((failed + 1)); echo "FAIL worker/cpu.mjs"
fi

echo "worker checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
