#!/usr/bin/env bash
# Load test: the proxy's added latency and throughput at 200 connections, against a local upstream,
# compared in the same run with hitting that upstream directly. Loopback only; bounded in time.
#
#   crates/proxy/bench/load.sh            # 15 s per run, 200 connections
#   DURATION=30s CONNECTIONS=400 crates/proxy/bench/load.sh
#
# Needs wrk (Debian: apt-get install -y wrk). Builds with opt-level 3 (the workspace's release
# profile is tuned for wasm size), into $CARGO_TARGET_DIR or target/.
set -euo pipefail

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
UP_ADDR=${UP_ADDR:-127.0.0.1:9101}
PROXY_ADDR=${PROXY_ADDR:-127.0.0.1:9102}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }

export CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_PANIC=unwind
(cd "$ROOT" && cargo build --release -q -p proxy --bin sentinel-proxy --example bench_upstream)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$TARGET/release/examples/bench_upstream" "$UP_ADDR" 2>/dev/null & pids+=($!)
SENTINEL_PROXY_LOG=warn "$TARGET/release/sentinel-proxy" --listen "$PROXY_ADDR" --arm-url "http://$UP_ADDR" 2>/dev/null & pids+=($!)
for _ in $(seq 50); do
  curl -sf "http://$PROXY_ADDR/healthz" >/dev/null && curl -s "http://$UP_ADDR/" >/dev/null && break
  sleep 0.1
done

PATH_ARM="subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights/incidents?api-version=2025-09-01&%24top=50"
TOKEN="Bearer eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiI3MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcifQ.c2ln"

run() { # name url [connections]
  local out conns=${3:-$CONNECTIONS} threads=$THREADS
  [ "$conns" -lt "$threads" ] && threads=$conns
  out=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --latency -H "Authorization: $TOKEN" "$2")
  local p50 p99 rps errors
  p50=$(awk '/^ +50%/ {print $2}' <<<"$out")
  p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd';' || true)
  printf '%-9s p50 %-9s p99 %-9s %10s req/s  %s\n' "$1" "$p50" "$p99" "$rps" "${errors:-no errors}"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, $(date -u +%FT%TZ)"
curl -sf -o /dev/null -w 'warm-up: proxy answered %{http_code}\n' -H "Authorization: $TOKEN" "http://$PROXY_ADDR/arm/$PATH_ARM"
run direct "http://$UP_ADDR/$PATH_ARM"
run proxy "http://$PROXY_ADDR/arm/$PATH_ARM"
echo "one connection (latency without queueing):"
run direct "http://$UP_ADDR/$PATH_ARM" 1
run proxy "http://$PROXY_ADDR/arm/$PATH_ARM" 1
