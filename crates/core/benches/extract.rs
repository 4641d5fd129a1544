//! Throughput of the engine: normalization alone, quantities alone and the whole
//! `Engine::extract` on the seed and on the national corpus, in bytes per second on one
//! thread. Each bench checks a count first, so a fast wrong answer fails instead of
//! looking good. Run with `cargo bench -p duban-core --bench extract`.

use criterion::{criterion_main, Criterion, Throughput};
use duban_core::{Engine, MetaHints};
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

    let mut group = c.benchmark_group("seed");
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("extract", |b| {
        b.iter(|| engine.extract(black_box(&seed), &MetaHints::default()))
    });
    group.finish();

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
    group.bench_function("quantities", |b| {
        b.iter(|| {
            for t in &reports {
                black_box(duban_core::quantity::find_quantities(t));
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
}

// The macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(extract, super::benches);
}
criterion_main!(group::extract);
