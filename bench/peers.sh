#!/usr/bin/env bash
# duban next to the Python toolkits people use for Chinese numbers, in one run on the
# same input: throughput, peak memory, the duban/peer ratio and gold quantities right.
#
#   bench/peers.sh            # from the repository root; needs python3 and ../shared/corpus
#
# Installs JioNLP, Recognizers-Text (with emoji<2, which it needs), cn2an and
# chinese2digits into target/peers-venv (never committed). The input is the seed
# report and the national reports of 1985, 2001 and 2016 (the documents with gold
# quantities) plus those of 2010-2015, as raw corpus text (bench/peers/make_input.py).
#
# Timing: every tool is timed without start-up, warmed up, as the mean of several
# passes over the input, on one thread.
# - The peers are timed inside their driver around the extraction loop only (imports
#   and model loading excluded: one untimed call first), the mean of at least 3 passes
#   and as many as fit in 5 s (bench/peers/common.py).
# - duban is timed the same way in one process (crates/core/examples/passes.rs; its
#   passes also write the JSON views, which the peers do not), once before the first
#   peer and again after each one. Each peer's ratio is taken against the mean of the
#   duban runs on either side of it: this machine's speed drifts by a quarter over
#   minutes, and a duban figure from minutes away would carry that drift into a ratio.
# - duban is also timed as a whole process (`extract --format jsonl --threads 1`:
#   start-up, reading, extraction and JSON writing), after 3 untimed runs the mean of
#   at least 20 runs spanning at least 5 s, less its start-up (the same command on a
#   corpus of one short report, timed in turn with the whole runs, so that what duban
#   builds on first use is start-up too; bench/peers/duban_run.py). Its output goes to
#   /dev/null (the peers write nothing); one more run is scored. Its ratios are the
#   last column.
# Wall-clock and CPU time are both reported. Peak memory is the process's maximum
# resident set.
#
# "Right" (bench/peers/table.py): a gold quantity of crates/core/test_data/gold/
# quantities is right when the tool reported in the same document a quantity with the
# same value (relative tolerance 1e-9; percent kept as percent) and, where the tool
# attaches a unit, the same canonical unit; each reported quantity counts once. A
# stricter column ("with unit") requires the unit everywhere: a bare number matches
# only a gold quantity without unit.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${DUBAN_CORPUS:-../shared/corpus}"
out=target/peers
venv=target/peers-venv
mkdir -p "$out"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    jionlp recognizers-text-suite 'emoji<2' cn2an chinese2digits
cargo build --release --quiet -p duban
cargo build --release --quiet -p duban-core --example passes
python3 bench/peers/make_input.py "$corpus" > "$out/input.jsonl"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
python3 bench/peers/duban_run.py target/release/duban "$out/input.jsonl" > "$out/duban.json"
# duban in process before the first peer and after each one (table.py: each peer's
# ratio is taken against the duban runs on either side of it).
results=("$out/duban.json" "$out/duban_in_process.0.json")
target/release/examples/passes "$out/input.jsonl" > "$out/duban_in_process.0.json"
k=0
for driver in chinese2digits_numbers cn2an_numbers jionlp_money recognizers; do
    k=$((k + 1))
    "$venv/bin/python" "bench/peers/$driver.py" "$out/input.jsonl" > "$out/$driver.json" 2> "$out/$driver.log"
    target/release/examples/passes "$out/input.jsonl" > "$out/duban_in_process.$k.json"
    results+=("$out/$driver.json" "$out/duban_in_process.$k.json")
done
python3 bench/peers/table.py crates/core/test_data/gold/quantities "${results[@]}"
