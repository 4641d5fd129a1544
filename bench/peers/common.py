"""Shared by the peer drivers: read the input corpus, time the extraction, write results.

Each driver reads the JSON-lines input that bench/peers.sh builds (fields `doc` and
`text`), runs its toolkit's number extraction on every text, and writes one JSON object
to stdout: the tool name, the input bytes, the seconds one pass over the input takes,
wall-clock and CPU, the peak resident memory of the process, and for each document the
list of [value, unit] it found (unit null where the toolkit attaches none).

Timing treats every tool alike, as duban_run.py treats duban: imports and model loading
are excluded (one untimed call on the first document builds whatever a toolkit builds on
first use: Recognizers-Text spends seconds there), and the figure is the mean of several
timed passes over the whole input (at least MIN_PASSES, and as many as fit in
MIN_SECONDS), so that one pass's luck on a shared machine does not decide a ratio. Every
pass's time is kept in the output (`pass_seconds`), and the passes must find the same
quantities.
"""
import json
import resource
import sys
import time


def read_input(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


MIN_PASSES = 3
MIN_SECONDS = 5.0


def run(tool, extract):
    """Runs `extract(text) -> [(value, unit or None)]` over the input named in argv."""
    docs = read_input(sys.argv[1])
    n_bytes = sum(len(d["text"].encode("utf-8")) for d in docs)
    extract(docs[0]["text"])  # warm-up: models and caches built on first use
    passes, cpu_passes, predictions = [], [], None
    while len(passes) < MIN_PASSES or sum(passes) < MIN_SECONDS:
        found = {}
        started, cpu_started = time.perf_counter(), time.process_time()
        for d in docs:
            found.setdefault(d["doc"], []).extend(extract(d["text"]))
        passes.append(time.perf_counter() - started)
        cpu_passes.append(time.process_time() - cpu_started)
        if predictions is None:
            predictions = found
        elif found != predictions:
            sys.exit(f"{tool}: a later pass found other quantities than the first")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump(
        {
            "tool": tool,
            "bytes": n_bytes,
            "seconds": sum(passes) / len(passes),
            "cpu_seconds": sum(cpu_passes) / len(cpu_passes),
            "pass_seconds": passes,
            "peak_kb": peak_kb,
            "predictions": predictions,
        },
        sys.stdout,
        ensure_ascii=False,
    )
    sys.stdout.write("\n")


def number(text):
    """A float from a toolkit's value string, or None."""
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None
