//! Extracts the national corpus once, for profiling with callgrind or perf; not a
//! benchmark (criterion in `benches/` times things). Prints counts so a run that
//! does nothing is visible. Run `cargo build --release -p duban-core --example
//! profile`, then `valgrind --tool=callgrind target/release/examples/profile`.
//!
//! Arguments: corpus files (`.jsonl` records with a `text`, or plain text files;
//! default the national corpus). With `--dump`, it prints every extraction in full
//! (`Debug` and the JSON view), so that two builds can be diffed to show that a speed
//! change left every result as it was.

use duban_core::{Engine, MetaHints};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dump = args.iter().any(|a| a == "--dump");
    let mut paths: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        paths.push(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/corpus/national_1954_2016.jsonl"),
        );
    }
    let mut texts: Vec<String> = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Some local reports are GB18030; duban-input does this properly.
        let corpus = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => encoding_rs::GB18030.decode(e.as_bytes()).0.into_owned(),
        };
        if path.extension().is_some_and(|e| e == "jsonl") {
            texts.extend(corpus.lines().filter(|l| !l.trim().is_empty()).map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("valid json line");
                v["text"].as_str().expect("text").to_string()
            }));
        } else {
            texts.push(corpus);
        }
    }
    let engine = Engine::default();
    let (mut n_quantities, mut n_indicators, mut n_targets, mut n_tasks) = (0, 0, 0, 0);
    for text in &texts {
        let extraction = engine.extract(text, &MetaHints::default());
        if dump {
            println!("{extraction:?}");
            let view = duban_core::view::reports(text, &extraction);
            println!("{}", serde_json::to_string(&view).expect("view serializes"));
        }
        for report in extraction.reports {
            n_quantities += report.quantities.len();
            n_indicators += report.indicators.len();
            n_targets += report.targets.len();
            n_tasks += report.tasks.len();
        }
    }
    println!(
        "{} reports: {n_quantities} quantities, {n_indicators} indicators, \
         {n_targets} targets, {n_tasks} tasks",
        texts.len()
    );
}
