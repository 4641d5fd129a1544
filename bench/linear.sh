#!/usr/bin/env bash
# Linear-time check of decode + extract on pathological inputs (one endless sentence,
# one endless line, headings only, a long digit run, nested brackets, nested divs, ...)
# at n and 8n bytes; prints each time ratio (8 is linear, 64 quadratic) and the machine.
#
#   bench/linear.sh [n_bytes [case-name-part]]   # n starts at 131072 and grows until a run takes 20 ms
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "commit: $(git rev-parse --short HEAD)"
cargo run --quiet --release -p duban-input --example linear -- "$@"
