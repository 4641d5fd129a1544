#!/usr/bin/env bash
# Proves that a speed change changed nothing else: builds the working tree and a base
# revision (default: main) in release mode, runs both over the shared corpus and
# compares every output byte for byte.
#
#   bench/same-output.sh [BASE_REV]     # from the repository root; needs ../shared/corpus
#
# Compared, for each build:
#   - `examples/profile --dump` on the national corpus and on the seed (every extraction
#     in full: `Debug` of the engine's structures and the JSON view);
#   - `duban extract --format jsonl` on the national corpus, on one thread and on two;
#   - `duban extract --format json` on every file of hailar/ and local_dev/.
# The base is checked out as a git worktree under target/same-output/ (never
# committed) and keeps its own target directory there, so later runs build quickly.
# Exits 1 and names the outputs that differ; prints IDENTICAL otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev="${1:-main}"
corpus="${DUBAN_CORPUS:-$(pwd)/../shared/corpus}"
work=target/same-output
base="$work/base"
mkdir -p "$work"
if [ ! -d "$base" ]; then
    git worktree add --detach --quiet "$base" "$base_rev"
else
    git -C "$base" checkout --detach --quiet "$base_rev"
fi
echo "base: $base_rev ($(git -C "$base" rev-parse --short HEAD)); new: working tree of $(git rev-parse --short HEAD)"

# Writes every output of the build in repository $1 to directory $2.
outputs() {
    local repo=$1 out=$2
    rm -rf "$out" && mkdir -p "$out"
    (
        cd "$repo"
        cargo build --release --quiet -p duban --bin duban
        cargo build --release --quiet -p duban-core --example profile
    )
    local bin="$repo/target/release"
    "$bin/examples/profile" --dump "$corpus/national_1954_2016.jsonl" > "$out/national.dump"
    "$bin/examples/profile" --dump "$corpus/haidian_seed.txt" > "$out/seed.dump"
    for threads in 1 2; do
        "$bin/duban" extract --format jsonl --threads "$threads" \
            "$corpus/national_1954_2016.jsonl" > "$out/national-$threads.jsonl"
    done
    for file in "$corpus"/hailar/*.txt "$corpus"/local_dev/*.txt; do
        local name
        name=$(basename "$(dirname "$file")")-$(basename "$file")
        "$bin/duban" extract --format json "$file" > "$out/$name.json" 2>&1 || true
    done
}

outputs "$base" "$work/base-out"
outputs . "$work/new-out"
different=0
for file in "$work"/base-out/*; do
    name=$(basename "$file")
    if ! cmp -s "$file" "$work/new-out/$name"; then
        echo "differs: $name (diff $file $work/new-out/$name)"
        different=1
    fi
done
[ "$different" = 0 ] && echo "IDENTICAL: $(ls "$work/base-out" | wc -l) outputs"
exit "$different"
