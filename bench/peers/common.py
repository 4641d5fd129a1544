"""Shared by the peer drivers: read the input corpus, time the extraction, write results.

Each driver reads the JSON-lines input that bench/peers.sh builds (fields `doc` and
`text`), runs its toolkit's number extraction on every text, and writes one JSON object
to stdout: the tool name, the input bytes, the seconds spent extracting, wall-clock and
CPU (imports and model loading excluded, which favours the peer), the peak resident
memory of the
process, and for each document the list of [value, unit] it found (unit null where the
toolkit attaches none).
"""
import json
import resource
import sys
import time


def read_input(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run(tool, extract):
    """Runs `extract(text) -> [(value, unit or None)]` over the input named in argv."""
    docs = read_input(sys.argv[1])
    n_bytes = sum(len(d["text"].encode("utf-8")) for d in docs)
    predictions = {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for d in docs:
        predictions.setdefault(d["doc"], []).extend(extract(d["text"]))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump(
        {
            "tool": tool,
            "bytes": n_bytes,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
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
