#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the real reports in the shared corpus
# (../shared/corpus beside the repository, or $DUBAN_CORPUS), cut into pieces of about
# 2 KB at line ends so that each run is fast. Writes fuzz/corpus/<target>/, which is
# git-ignored; the corpus itself never enters the repository.
#
#   fuzz/seed.sh            # then: cd fuzz && cargo fuzz run extract ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus="${DUBAN_CORPUS:-$here/../../shared/corpus}"
[ -d "$corpus" ] || { echo "seed.sh: corpus not found at $corpus (set DUBAN_CORPUS)" >&2; exit 1; }
out="$here/corpus"
rm -rf "$out"
mkdir -p "$out"/{decode,html,normalize,numeral,quantity,outline,extract}
python3 - "$corpus" "$out" <<'PY'
import hashlib, json, os, pathlib, sys

corpus, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
PIECE = 2000

def texts():
    """(label, text, raw bytes) of every report in the corpus."""
    for path in sorted(corpus.rglob("*")):
        if path.suffix == ".txt":
            raw = path.read_bytes()
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    yield path.name, raw.decode(enc), raw
                    break
                except UnicodeDecodeError:
                    pass
        elif path.suffix == ".jsonl":
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    text = json.loads(line)["text"]
                    yield path.name, text, text.encode("utf-8")

def pieces(text):
    """Cuts text at line ends into pieces of about PIECE bytes."""
    piece = []
    size = 0
    for line in text.splitlines(keepends=True):
        piece.append(line)
        size += len(line.encode("utf-8"))
        if size >= PIECE:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)

def write(target, data):
    name = hashlib.sha1(data).hexdigest()
    (out / target / name).write_bytes(data)

count = 0
for label, text, raw in texts():
    for k, piece in enumerate(pieces(text)):
        data = piece.encode("utf-8")
        for target in ("normalize", "outline", "extract", "quantity"):
            write(target, data)
        # decode: the first byte picks the file name (0 .txt, 1 .html, ... see decode.rs).
        write("decode", b"\0" + data)
        if k % 4 == 0:
            write("decode", b"\0" + piece.encode("gb18030"))
            write("decode", b"\1" + ("<html><head><meta charset=gbk></head><body><p>"
                                     + piece.replace("\n", "</p>\n<p>") + "</body></html>").encode("gb18030"))
            write("html", ("<html><body><div id=content><p>" + piece.replace("\n", "</p>\n<p>")
                           + "</p></div><div class=footer>版权所有</div></body></html>").encode("utf-8"))
        count += 1
    # Numbers: every line of a report holding a digit, cut at the digit.
    for line in text.splitlines():
        for at, c in enumerate(line):
            if c.isdigit() or c in "〇零一二两三四五六七八九十百千万亿":
                write("numeral", line[at:at + 24].encode("utf-8"))
                break
print(f"seed.sh: {count} pieces from {corpus}", file=sys.stderr)
PY
for target in "$out"/*; do
  echo "$(basename "$target"): $(ls "$target" | wc -l) files"
done
