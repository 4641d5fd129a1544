#!/usr/bin/env bash
# Bounded load test of the web app on loopback (issue 7: the read pages hold
# >= 1,000 requests/s with no errors on a 2-core machine).
#
# Builds the release binary, ingests the national corpus and the demo reports into a
# fresh SQLite file, starts `duban serve` on a free port, runs wrk against each read
# page and API route in turn and prints requests/s, latency and error counts per URL.
# The server is stopped on exit, however the script ends.
#
#   bench/load.sh                    # 10 s per URL, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 bench/load.sh
#   DUBAN_BIN=/tmp/duban-before bench/load.sh   # a binary built earlier
#
# Needs wrk, curl and jq. The corpus is ../shared/corpus (or DUBAN_CORPUS).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${DUBAN_CORPUS:-../shared/corpus}"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
for tool in wrk curl jq; do
    command -v "$tool" >/dev/null || { echo "load.sh: $tool is needed" >&2; exit 2; }
done
[ -f "$corpus/national_1954_2016.jsonl" ] || {
    echo "load.sh: $corpus/national_1954_2016.jsonl: not found (set DUBAN_CORPUS)" >&2
    exit 2
}

# DUBAN_BIN runs a binary built before (to compare two builds); else build this one.
bin="${DUBAN_BIN:-}"
if [ -z "$bin" ]; then
    cargo build --release --quiet -p duban
    bin=target/release/duban
fi
work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

db="$work/load.db"
echo "== ingest (national corpus and demo) into $db"
"$bin" ingest --db "$db" "$corpus/national_1954_2016.jsonl" demo/2023.txt demo/2024.txt 2>&1 | tail -n 2

"$bin" serve --db "$db" --addr 127.0.0.1:0 2>"$work/serve.log" &
server=$!
base=""
for _ in $(seq 1 100); do
    base="$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -n 1 || true)"
    [ -n "$base" ] && break
    sleep 0.1
done
[ -n "$base" ] || { echo "load.sh: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

# One report view: the national report of 2016, the largest text the pages show.
report_id="$(curl -fsS "$base/api/reports?region=%E4%B8%AD%E5%8D%8E%E4%BA%BA%E6%B0%91%E5%85%B1%E5%92%8C%E5%9B%BD&year=2016" | jq '.reports[0].id')"
[ "$report_id" != "null" ] || { echo "load.sh: no national 2016 report" >&2; exit 1; }
prc="%E4%B8%AD%E5%8D%8E%E4%BA%BA%E6%B0%91%E5%85%B1%E5%92%8C%E5%9B%BD"   # 中华人民共和国
urls=(
    "/reports"
    "/reports/$report_id"
    "/targets?region=$prc&metric=gdp"
    "/tasks"
    "/api/reports"
    "/api/targets"
)

# wrk counts 3xx as success; this script counts every status other than 200.
cat > "$work/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("not_ok") end
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency.mean / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, n))
end
LUA

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "== wrk -t$threads -c$connections -d$duration per URL against $base"
printf '%-52s %9s %10s %9s %9s %9s %7s %8s\n' URL requests "req/s" "mean ms" "p99 ms" "max ms" errors "non-200"
status=0
for path in "${urls[@]}"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
    [ "$code" = 200 ] || { echo "load.sh: $path answers $code" >&2; status=1; }
    line="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/count.lua" "$base$path" | grep '^RESULT')"
    read -r _ n rps mean p99 max errors not_ok <<<"$line"
    printf '%-52s %9s %10s %9s %9s %9s %7s %8s\n' "$path" "$n" "$rps" "$mean" "$p99" "$max" "$errors" "$not_ok"
    if [ "$errors" != 0 ] || [ "$not_ok" != 0 ]; then status=1; fi
    if awk -v r="$rps" 'BEGIN { exit !(r < 1000) }'; then status=1; fi
done
[ "$status" = 0 ] && echo "== every URL >= 1000 requests/s with no errors" || echo "== below the bar (>= 1000 requests/s, no errors) somewhere above"
exit "$status"
