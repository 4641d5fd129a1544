"""Scores every tool's result against the gold quantity files and prints the table.

"Right" is defined once for every tool: a gold quantity (crates/core/test_data/gold/
quantities/<doc>.tsv) is right when the tool reported, in the same document, a quantity
with the same value (relative tolerance 1e-9; a range's midpoint, percent as percent)
and, if the tool attaches a unit to that quantity, the same canonical unit (an empty
gold unit then requires an empty unit). Each reported quantity is matched at most once;
quantities whose unit is the gold one are matched first. Spans are not compared,
because the peers see the raw text and gold is anchored in duban's normalized text.

A second, stricter count ("with unit") requires the unit for every quantity: a number
reported without a unit then only matches a gold quantity whose unit is empty.
"""
import csv
import json
import os
import sys

gold_dir, result_files = sys.argv[1], sys.argv[2:]


def read_gold(doc):
    path = os.path.join(gold_dir, f"{doc}.tsv")
    if not os.path.exists(path):
        return None
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#") and l.strip()]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["anchor"].startswith("^"):
            continue  # the same occurrence as the line before
        rows.append((float(row["value"]), row["unit"] or ""))
    return rows


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def strict(predicted):
    return [(v, "" if u is None else u) for v, u in predicted]


def n_right(gold, predicted):
    used = [False] * len(predicted)
    right = 0
    unmatched = []
    # First pass: value and the very unit; second: value where the tool gave no unit.
    for value, unit in gold:
        k = next(
            (k for k, (v, u) in enumerate(predicted) if not used[k] and u is not None and u == unit and close(v, value)),
            None,
        )
        if k is None:
            unmatched.append((value, unit))
        else:
            used[k] = True
            right += 1
    for value, unit in unmatched:
        k = next(
            (k for k, (v, u) in enumerate(predicted) if not used[k] and u is None and close(v, value)),
            None,
        )
        if k is not None:
            used[k] = True
            right += 1
    return right


def rate(r, key="seconds"):
    return r["bytes"] / 1e6 / r[key]


def spread(r):
    """The timed runs' standard deviation, in percent of their mean."""
    runs = r["pass_seconds"]
    mean = sum(runs) / len(runs)
    return 100 * (sum((t - mean) ** 2 for t in runs) / len(runs)) ** 0.5 / mean


results = [json.loads(open(p, encoding="utf-8").read()) for p in result_files]
# duban is timed in one process exactly as the peers are (examples/passes.rs) before the
# first peer and after each one, so that each peer sits between two duban runs and its
# ratio is taken against their mean: this machine's speed drifts by a quarter over
# minutes, and a duban figure from a minute before a peer's would carry that drift into
# the ratio. duban is also timed as a whole `extract` process less its start-up
# (duban_run.py, once, before everything), which the last ratio column shows.
whole = next(r for r in results if r["tool"] == "duban")
runs = [r for r in results if r["tool"] != "duban"]
in_process_runs = [r for r in runs if r["tool"] == "duban in process"]
all_passes = [t for r in in_process_runs for t in r["pass_seconds"]]
in_process = dict(
    in_process_runs[0],
    seconds=sum(all_passes) / len(all_passes),
    cpu_seconds=sum(r["cpu_seconds"] * len(r["pass_seconds"]) for r in in_process_runs) / len(all_passes),
    pass_seconds=all_passes,
)
docs = list(in_process["predictions"])
golds = {d: read_gold(d) for d in docs}
golds = {d: g for d, g in golds.items() if g is not None}
n_gold = sum(len(g) for g in golds.values())


def neighbours_rate(k):
    """duban's in-process MB/s from the runs just before and after runs[k]."""
    before = next(r for r in reversed(runs[:k]) if r["tool"] == "duban in process")
    after = next((r for r in runs[k + 1 :] if r["tool"] == "duban in process"), before)
    return in_process["bytes"] / 1e6 / ((before["seconds"] + after["seconds"]) / 2)


print(f"input: {in_process['bytes'] / 1e6:.2f} MB in {len(docs)} documents; gold: {n_gold} quantities in {', '.join(golds)}")
print("MB/s: input bytes per second of wall-clock time, and per second of CPU time (robust on a busy machine)")
print("runs: timed passes averaged (duban: whole processes), ± their standard deviation")
print(
    "duban in process and the peers are timed alike: in one process, after one untimed call, around their "
    "extraction loop (duban's passes also write its JSON). Each peer's ratio is taken against duban's runs just "
    f"before and after it ({len(in_process_runs)} runs in all, pooled in the first row). duban is also timed as a "
    f"whole `extract` process less its start-up of {whole['startup_seconds'] * 1000:.1f} ms on a one-report "
    f"corpus; with its start-up: {rate(whole, 'whole_seconds'):.1f} MB/s wall, "
    f"{rate(whole, 'whole_cpu_seconds'):.1f} MB/s CPU."
)
print(
    f"{'tool':<18} {'MB/s wall':>10} {'MB/s CPU':>9} {'runs':>10} {'peak MB':>8} {'in process/peer':>16} "
    f"{'whole/peer':>11} {'gold right':>12} {'with unit':>10} {'reported':>9}"
)
rows = [(in_process, rate(in_process)), (whole, rate(in_process))] + [
    (r, neighbours_rate(k)) for k, r in enumerate(runs) if r["tool"] != "duban in process"
]
for r, duban_rate in rows:
    right = sum(n_right(g, [tuple(p) for p in r["predictions"].get(d, [])]) for d, g in golds.items())
    right_with_unit = sum(
        n_right(g, strict([tuple(p) for p in r["predictions"].get(d, [])])) for d, g in golds.items()
    )
    reported = sum(len(r["predictions"].get(d, [])) for d in golds)
    print(
        f"{r['tool']:<18} {rate(r):>10.3f} {rate(r, 'cpu_seconds'):>9.3f} "
        f"{len(r['pass_seconds']):>3} ±{spread(r):>4.1f}% {r['peak_kb'] / 1024:>8.1f} "
        f"{duban_rate / rate(r):>15.1f}x {rate(whole) / rate(r):>10.1f}x "
        f"{right:>5}/{n_gold:<6} {right_with_unit:>10} {reported:>9}"
    )
