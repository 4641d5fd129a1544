#!/usr/bin/env bash
# Runs fuzz targets one after another, each for the seconds given, on the seed corpus
# of seed.sh; logs go to fuzz/logs/<target>.log and findings to fuzz/artifacts/<target>/.
#
#   fuzz/run.sh extract=600 decode=120 html=120 normalize=120 numeral=120 quantity=120 outline=120
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p logs
[ -d corpus/extract ] || ./seed.sh
for spec in "$@"; do
  target="${spec%%=*}"
  seconds="${spec#*=}"
  echo "== $target for $seconds s ($(date -u +%H:%M:%S))"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -a "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 > "logs/$target.log" 2>&1
  echo "   exit $?; $(grep -E '^Done|stat::number_of_executed_units' "logs/$target.log" | tr '\n' ' ')"
  ls "artifacts/$target" 2>/dev/null | sed 's/^/   finding: /'
done
