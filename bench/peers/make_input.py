"""Builds the peers' input: the seed report and national reports as JSON lines
(`doc`, `text`). The documents with gold quantities (seed, national 1985, 2001, 2016)
come first; national 2010-2015 are added for throughput only (no gold)."""
import json
import os
import sys

corpus = sys.argv[1]
GOLD_YEARS = [1985, 2001, 2016]
EXTRA_YEARS = list(range(2010, 2016))

with open(os.path.join(corpus, "haidian_seed.txt"), encoding="utf-8") as f:
    docs = [("seed", f.read())]
national = {}
with open(os.path.join(corpus, "national_1954_2016.jsonl"), encoding="utf-8") as f:
    for line in f:
        if line.strip():
            record = json.loads(line)
            national[record["year"]] = record["text"]
docs += [(f"national_{y}", national[y]) for y in GOLD_YEARS + EXTRA_YEARS]
for doc, text in docs:
    print(json.dumps({"doc": doc, "text": text}, ensure_ascii=False))
