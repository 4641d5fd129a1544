//! Times duban inside one process, as `bench/peers/common.py` times the Python
//! toolkits: read the input first, one untimed call to warm up, then the mean of timed
//! passes over every document (at least 3, and as many as fit in 5 s). A pass does all
//! that `extract --format jsonl` does with a document once it is in memory: extraction,
//! the JSON views, and the compact JSON written into a buffer (which the peers do not
//! do: they keep their results as objects). Reading the corpus file, parsing its lines
//! and the process's own start-up are outside the clock, as they are for the peers.
//!
//! Prints one JSON object in the peers' drivers' shape, with the tool name
//! `duban in process`; `bench/peers.sh` runs it next to them. Run
//! `cargo run --release -p duban-core --example passes -- INPUT.jsonl` (lines with `doc`
//! and `text`, as bench/peers/make_input.py writes them).

use duban_core::json::{JsonWriter, WriteJson};
use duban_core::{view, Engine, MetaHints};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const MIN_PASSES: usize = 3;
const MIN_SECONDS: f64 = 5.0;

/// One document of the input.
#[derive(serde::Deserialize)]
struct Doc {
    doc: String,
    text: String,
}

/// The quantities found in each document, as (value, unit) in the JSON output's terms.
type Predictions = BTreeMap<String, Vec<(f64, String)>>;

/// One pass: every document extracted and written as JSON into `out`.
fn pass(engine: &Engine, docs: &[Doc], out: &mut Vec<u8>) -> Predictions {
    let mut found = Predictions::new();
    for d in docs {
        let extraction = engine.extract(&d.text, &MetaHints::default());
        let views = view::reports(&d.text, &extraction);
        out.clear();
        views.write_json(&mut JsonWriter::compact(out));
        found.entry(d.doc.clone()).or_default().extend(
            views
                .iter()
                .flat_map(|v| &v.quantities)
                .map(|q| (q.value, q.unit.to_string())),
        );
    }
    found
}

/// CPU time of this (single) thread so far, in nanoseconds as the scheduler counts it
/// (the first field of /proc/thread-self/schedstat; getrusage counts in clock ticks,
/// too coarse for a pass of milliseconds). Zero where there is no such file.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let nanos = stat
        .split(' ')
        .next()
        .and_then(|f| f.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(nanos)
}

/// Peak resident memory of this process in KB (VmHWM).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

// The command line's allocator set-up, so that duban runs here on the heap it runs on
// as a command.
#[path = "../../cli/src/heap.rs"]
mod heap;

fn main() {
    heap::set_up();
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: passes INPUT.jsonl");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let docs: Vec<Doc> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| {
                eprintln!("{path}:{}: {e}", i + 1);
                std::process::exit(1);
            })
        })
        .collect();
    let Some(first) = docs.first() else {
        eprintln!("{path}: no document");
        std::process::exit(1);
    };
    let n_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let engine = Engine::default();
    let mut out = Vec::new();
    // Warm-up, as the peers': what is built on first use is built here.
    pass(&engine, std::slice::from_ref(first), &mut out);
    let (mut seconds, mut cpu_seconds) = (Vec::new(), Vec::new());
    let mut predictions: Option<Predictions> = None;
    while seconds.len() < MIN_PASSES || seconds.iter().sum::<f64>() < MIN_SECONDS {
        let (started, cpu_started) = (Instant::now(), cpu_time());
        let found = pass(&engine, &docs, &mut out);
        seconds.push(started.elapsed().as_secs_f64());
        cpu_seconds.push((cpu_time() - cpu_started).as_secs_f64());
        match &predictions {
            None => predictions = Some(found),
            Some(first) if *first != found => {
                eprintln!("passes: a later pass found other quantities than the first");
                std::process::exit(1);
            }
            Some(_) => {}
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let result = serde_json::json!({
        "tool": "duban in process",
        "bytes": n_bytes,
        "seconds": mean(&seconds),
        "cpu_seconds": mean(&cpu_seconds),
        "pass_seconds": seconds,
        "peak_kb": peak_kb(),
        "predictions": predictions,
    });
    println!("{result}");
}
