//! Throughput of the engine: normalization alone, quantities alone, the later stages
//! one by one (outline, meta, indicators, targets, tasks, each on the output of the
//! stages before it), the whole `Engine::extract` on the seed and on the national
//! corpus, and the whole `extract --format jsonl` pipeline (JSON line in, record
//! parsed, extracted, JSON view written), in bytes per second of input on one thread.
//! Each bench checks a count first, so a fast wrong answer fails instead of looking
//! good. Run with `cargo bench -p duban-core --bench extract`.

use criterion::{Criterion, Throughput};
use duban_core::json::{JsonWriter, WriteJson};
use duban_core::{Engine, MetaHints, Report};
use std::hint::black_box;
use std::path::PathBuf;

fn corpus(relative: &str) -> String {
    let dir = std::env::var("DUBAN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    let path = dir.join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The national reports' texts, one string per report.
fn national() -> Vec<String> {
    corpus("national_1954_2016.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid json line");
            v["text"].as_str().expect("text").to_string()
        })
        .collect()
}

/// The fields of a corpus line that the engine uses, as `duban extract --format jsonl`
/// reads them.
#[derive(serde::Deserialize)]
struct Record {
    title: Option<String>,
    year: Option<i32>,
    region: Option<String>,
    text: String,
}

/// One corpus line through the jsonl pipeline: parse, extract, write the JSON view.
/// Returns the document's bytes and its number of quantities. The line is parsed by
/// serde_json, not by the command's own reader of plain records (`crates/cli`,
/// `corpus.rs`), which is faster: this pipeline is the slower of the two.
fn jsonl_line(engine: &Engine, line: &str, out: &mut Vec<u8>) -> usize {
    let record: Record = serde_json::from_str(line).expect("valid json line");
    let hints = MetaHints {
        title: record.title,
        year: record.year,
        region: record.region,
        level: Some(duban_core::meta::Level::National),
    };
    let extraction = engine.extract(&record.text, &hints);
    let views = duban_core::view::reports(&record.text, &extraction);
    out.clear();
    views.write_json(&mut JsonWriter::compact(out));
    out.push(b'\n');
    views.iter().map(|v| v.quantities.len()).sum()
}

fn benches(c: &mut Criterion) {
    let engine = Engine::default();
    let seed = corpus("haidian_seed.txt");
    let reports = national();
    let national_bytes: usize = reports.iter().map(String::len).sum();

    // Counts that a correct engine produces; a regression that drops facts fails here.
    let seed_report = &engine.extract(&seed, &MetaHints::default()).reports[0];
    assert_eq!(seed_report.quantities.len(), 143, "seed quantities");
    assert_eq!(seed_report.targets.len(), 9, "seed main targets");
    let national_quantities: usize = reports
        .iter()
        .map(|t| {
            engine.extract(t, &MetaHints::default()).reports[0]
                .quantities
                .len()
        })
        .sum();
    assert!(
        national_quantities > 6000,
        "national quantities: {national_quantities}"
    );

    // Normalization keeps the text (a normalize that dropped it would be fast).
    let normalized_bytes: usize = reports
        .iter()
        .map(|t| {
            duban_core::normalize::normalize(t, &engine.clean_rules)
                .text
                .len()
        })
        .sum();
    assert!(
        normalized_bytes * 10 > national_bytes * 9,
        "normalized {normalized_bytes} of {national_bytes} bytes"
    );
    // The jsonl pipeline finds the same quantities as `extract` (hints change meta only).
    let lines_text = corpus("national_1954_2016.jsonl");
    let lines: Vec<&str> = lines_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut doc = Vec::new();
    let jsonl_quantities: usize = lines.iter().map(|l| jsonl_line(&engine, l, &mut doc)).sum();
    assert_eq!(jsonl_quantities, national_quantities, "jsonl quantities");

    let mut group = c.benchmark_group("seed");
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("extract", |b| {
        b.iter(|| engine.extract(black_box(&seed), &MetaHints::default()))
    });
    group.finish();

    // The national reports as extracted, so each later stage can be timed on its own
    // input; the stage benches check that they reproduce these counts.
    let extracted: Vec<Report> = reports
        .iter()
        .flat_map(|t| engine.extract(t, &MetaHints::default()).reports)
        .collect();
    let n_sentences: usize = extracted.iter().map(|r| r.outline.sentences.len()).sum();
    let n_indicators: usize = extracted.iter().map(|r| r.indicators.len()).sum();
    let n_targets: usize = extracted.iter().map(|r| r.targets.len()).sum();
    let n_tasks: usize = extracted.iter().map(|r| r.tasks.len()).sum();
    let n_years = extracted.iter().filter(|r| r.meta.year.is_some()).count();
    assert!(n_indicators > 6000, "national indicators: {n_indicators}");
    assert!(n_tasks > 10000, "national tasks: {n_tasks}");
    let stage_counts = |f: &dyn Fn(&Report) -> usize| extracted.iter().map(f).sum::<usize>();
    assert_eq!(
        stage_counts(&|r| duban_core::outline::parse(&r.text).sentences.len()),
        n_sentences
    );
    let meta_of = |r: &Report| {
        duban_core::meta::infer_in_page(
            &r.text,
            "",
            &r.outline,
            &MetaHints::default(),
            &mut Vec::new(),
        )
    };
    assert_eq!(
        stage_counts(&|r| usize::from(meta_of(r).year.is_some())),
        n_years
    );
    let indicators_of = |r: &Report| {
        duban_core::indicator::bind(
            &r.text,
            &r.outline,
            &r.meta,
            &r.quantities,
            &engine.catalogue,
        )
    };
    assert_eq!(stage_counts(&|r| indicators_of(r).len()), n_indicators);
    let targets_of = |r: &Report| {
        duban_core::target::main_targets(
            &r.text,
            &r.outline,
            &r.meta,
            &r.indicators,
            &engine.catalogue,
        )
    };
    assert_eq!(stage_counts(&|r| targets_of(r).len()), n_targets);
    let tasks_of = |r: &Report| {
        duban_core::task::find_tasks(
            &r.text,
            &r.outline,
            &r.meta,
            &r.indicators,
            &engine.task_verbs,
        )
    };
    assert_eq!(stage_counts(&|r| tasks_of(r).len()), n_tasks);
    assert_eq!(
        stage_counts(&|r| duban_core::quantity::find_quantities(&r.text).len()),
        national_quantities
    );

    let mut group = c.benchmark_group("national");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(national_bytes as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            for t in &reports {
                black_box(duban_core::normalize::normalize(t, &engine.clean_rules));
            }
        })
    });
    // On the normalized texts, as the engine runs it (raw texts hold full-width digits).
    group.bench_function("quantities", |b| {
        b.iter(|| {
            for r in &extracted {
                black_box(duban_core::quantity::find_quantities(black_box(&r.text)));
            }
        })
    });
    group.bench_function("outline", |b| {
        b.iter(|| {
            for r in &extracted {
                black_box(duban_core::outline::parse(black_box(&r.text)));
            }
        })
    });
    group.bench_function("meta", |b| {
        b.iter(|| {
            for r in &extracted {
                black_box(meta_of(black_box(r)));
            }
        })
    });
    group.bench_function("indicators", |b| {
        b.iter(|| {
            for r in &extracted {
                black_box(indicators_of(black_box(r)));
            }
        })
    });
    group.bench_function("targets", |b| {
        b.iter(|| {
            for r in &extracted {
                black_box(targets_of(black_box(r)));
            }
        })
    });
    group.bench_function("tasks", |b| {
        b.iter(|| {
            for r in &extracted {
                black_box(tasks_of(black_box(r)));
            }
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            for t in &reports {
                black_box(engine.extract(t, &MetaHints::default()));
            }
        })
    });
    group.finish();

    // The whole `extract --format jsonl` pipeline, measured on the corpus file's bytes.
    let mut group = c.benchmark_group("national_jsonl");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(lines_text.len() as u64));
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(jsonl_line(&engine, black_box(line), &mut doc));
            }
        })
    });
    group.finish();
}

// The macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(extract, super::benches);
}

// The command line's allocator set-up, so that the figures are the command line's.
#[path = "../../cli/src/heap.rs"]
mod heap;

// What `criterion_main!` writes, with the heap set up first, before any thread exists.
fn main() {
    heap::set_up();
    group::extract();
    Criterion::default().configure_from_args().final_summary();
}
