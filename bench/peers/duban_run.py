"""Runs `duban extract --format jsonl --threads 1` on the peers' input, as a user would
(whole process: start-up, reading, extraction and JSON output), and writes the same
result object as the peer drivers. Wall-clock and CPU (user + system) times are the
means of at least 20 runs spanning at least 5 s, as the peers' passes do; the peak
memory is the largest child's resident set.

The peers are timed around their extraction loop only (imports and model loading
excluded, after one untimed call that builds what they build on first use). To compare
like with like, duban's start-up is timed too and taken off: the same command on a
corpus of one short report (STARTUP_REPORT), so that the tables duban builds on first
use count as start-up as the peers' do. That also takes off the short report's own
extraction, about 0.1 M instructions of the 60 M a run on the peers' input takes.
`seconds` and `cpu_seconds` are net of start-up, and `whole_seconds` /
`whole_cpu_seconds` / `startup_seconds` keep the whole-process figures, which the
table prints as well."""
import json
import resource
import subprocess
import sys
import tempfile
import time

# Short, but with a review, a numeric target and a task, so that every stage runs.
STARTUP_REPORT = (
    "一、2015年工作回顾\n全区地区生产总值增长7%，一般公共预算收入完成120亿元。\n"
    "二、2016年主要任务\n预期目标是：地区生产总值增长7%左右。加快建设10所学校，年底前完成。"
)

binary, path = sys.argv[1], sys.argv[2]
# As the peers' passes (common.py): at least MIN_RUNS runs, and as many as fit in
# MIN_SECONDS, so that duban's mean covers as long a stretch of a shared machine's
# ups and downs as a peer's does, not the half second 20 runs take.
MIN_RUNS = 20
MIN_SECONDS = 5.0
# Untimed runs first, as hyperfine's warm-up: the binary and the input are then in the
# page cache, as the peers' code and input are in memory before their clocks start.
WARMUP = 3
docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
n_bytes = sum(len(d["text"].encode("utf-8")) for d in docs)
command = [binary, "extract", "--format", "jsonl", "--threads", "1", path]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command):
    """Wall-clock and CPU seconds of one run.

    The output goes to /dev/null: the peers keep their results in memory and write
    nothing, so duban is timed up to writing its JSON, not for the system storing it
    (a file, or a pipe into this script, adds milliseconds that are no tool's work)."""
    started, cpu_started = time.perf_counter(), children_cpu()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, children_cpu() - cpu_started


def mean(values):
    return sum(values) / len(values)


with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as startup_corpus:
    startup_corpus.write(json.dumps({"text": STARTUP_REPORT}, ensure_ascii=False) + "\n")
    startup_corpus.flush()
    startup_command = command[:-1] + [startup_corpus.name]
    for _ in range(WARMUP):
        run(command)
        run(startup_command)
    # A whole run and a start-up run in turn, so that both see the same machine.
    whole_runs, whole_cpu_runs, startup_runs, startup_cpu_runs = [], [], [], []
    while len(whole_runs) < MIN_RUNS or sum(whole_runs) < MIN_SECONDS:
        seconds, cpu_seconds = run(command)
        whole_runs.append(seconds)
        whole_cpu_runs.append(cpu_seconds)
        seconds, cpu_seconds = run(startup_command)
        startup_runs.append(seconds)
        startup_cpu_runs.append(cpu_seconds)
whole, whole_cpu = mean(whole_runs), mean(whole_cpu_runs)
startup, startup_cpu = mean(startup_runs), mean(startup_cpu_runs)
# One more run, untimed, for the results.
out = subprocess.run(command, check=True, capture_output=True).stdout
predictions = {}
for doc, line in zip(docs, out.decode("utf-8").splitlines()):
    found = json.loads(line)
    reports = [found] + found.get("more_reports", [])
    predictions.setdefault(doc["doc"], []).extend(
        (q["value"], q["unit"]) for r in reports for q in r["quantities"]
    )
json.dump(
    {
        "tool": "duban",
        "bytes": n_bytes,
        "seconds": whole - startup,
        "cpu_seconds": whole_cpu - startup_cpu,
        "whole_seconds": whole,
        "whole_cpu_seconds": whole_cpu,
        "startup_seconds": startup,
        "pass_seconds": whole_runs,
        "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "predictions": predictions,
    },
    sys.stdout,
    ensure_ascii=False,
)
sys.stdout.write("\n")
