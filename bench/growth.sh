#!/usr/bin/env bash
# Growth: time and peak memory of `duban extract --format jsonl` (one thread and all
# threads) and of `duban ingest` on synthetic corpora of 10 MB, 100 MB, 1 GB and 2 GB.
#
#   bench/growth.sh [MAX_MB]     # from the repository root; MAX_MB (default 2000) stops early
#
# The corpora are written by the `synth_corpus` example (reports recombined from the
# national corpus' own sentences, seed 1) under target/growth/, kept for later runs and
# never committed. Time is wall-clock seconds, memory the maximum resident set
# (/usr/bin/time). Each ingest starts from an empty database.
set -euo pipefail
cd "$(dirname "$0")/.."
max_mb="${1:-2000}"
dir=target/growth
mkdir -p "$dir"
cargo build --release --quiet -p duban --bin duban --example synth_corpus
duban=target/release/duban

# Runs a command under /usr/bin/time; prints "seconds peak_MB".
measure() {
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$@" > /dev/null 2>> "$dir/stderr.log" || {
        echo "failed: $*; see $dir/stderr.log" >&2
        exit 1
    }
    awk '{ printf "%s %.0f", $1, $2 / 1024 }' "$dir/time.txt"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(git rev-parse --short HEAD)"
printf '%-8s | %-26s | %-26s | %-26s\n' "corpus" "extract jsonl, 1 thread" "extract jsonl, $(nproc) threads" "ingest (SQLite)"
printf '%-8s | %-26s | %-26s | %-26s\n' "" "s  MB/s  peak MB" "s  MB/s  peak MB" "s  MB/s  peak MB"
for mb in 10 100 1000 2000; do
    [ "$mb" -le "$max_mb" ] || break
    corpus="$dir/${mb}MB.jsonl"
    if [ ! -s "$corpus" ]; then
        target/release/examples/synth_corpus --bytes $((mb * 1000000)) --seed 1 --out "$corpus" 2>> "$dir/stderr.log"
    fi
    bytes=$(stat -c %s "$corpus")
    row() { awk -v b="$bytes" '{ printf "%7.1f %6.1f %8s", $1, b / 1e6 / ($1 > 0 ? $1 : 0.01), $2 }'; }
    one=$(measure "$duban" extract --format jsonl --threads 1 "$corpus" | row)
    all=$(measure "$duban" extract --format jsonl "$corpus" | row)
    rm -f "$dir/ingest.db" "$dir/ingest.db-wal" "$dir/ingest.db-shm"
    ingest=$(measure "$duban" ingest --db "$dir/ingest.db" "$corpus" | row)
    printf '%-8s | %-26s | %-26s | %-26s\n' "${mb} MB" "$one" "$all" "$ingest"
done
