//! `duban track` against targets and outcomes read by hand from the texts, for metrics
//! other than GDP: national cpi, urban_new_jobs and urban_registered_unemployment_rate
//! (2004-2016), and Hailar's budget revenue, fixed-asset investment, retail sales and
//! urban/rural disposable income (2012-2018). The expected values are in
//! `crates/core/test_data/gold/{national,hailar}_tracked.tsv`, one `#` comment per row
//! quoting the two sentences; verdicts follow the rules of `crates/core/src/outcome.rs`.
//!
//! Like `track_corpus.rs`, it ingests the shared corpus into a temporary SQLite store with
//! the built binary and reads `duban track --format json`. Every gold row is looked up by
//! (year, metric, measure) among the region's rows (the first such row, as the headline
//! target); all disagreements are collected and printed, and the test fails if there is any.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[path = "../../core/tests/common/mod.rs"]
mod common;

/// A corpus file or folder, found the one way every test finds the corpus.
fn corpus(name: &str) -> PathBuf {
    common::corpus_dir().join(name)
}

fn duban(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("run duban")
}

/// Rows of a gold TSV as maps from header to cell; `#` lines are comments.
fn gold(name: &str) -> Vec<BTreeMap<String, String>> {
    let path = repo_root().join("crates/core/test_data/gold").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t').chain(std::iter::repeat("")))
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

fn num(cell: &str) -> Option<f64> {
    (!cell.is_empty()).then(|| cell.parse().unwrap())
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => false,
    }
}

fn show(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| v.to_string())
}

/// Ingests `inputs` into a fresh database and returns its path (kept in `dir`).
fn ingest(dir: &Path, inputs: &[PathBuf]) -> String {
    let db = dir.join("corpus.db").display().to_string();
    let mut args = vec!["ingest".to_string(), "--db".to_string(), db.clone()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = duban(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// All `track` rows of `region`.
fn track(db: &str, region: &str) -> Vec<serde_json::Value> {
    let out = duban(&["track", "--db", db, "--region", region, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One line per gold row that `track` does not reproduce.
fn mismatches(file: &str, rows: &[serde_json::Value]) -> Vec<String> {
    let mut out = Vec::new();
    for g in gold(file) {
        let year: i64 = g["year"].parse().unwrap();
        let (metric, measure) = (g["metric"].as_str(), g["measure"].as_str());
        let key = format!("{file} {year} {metric} {measure}");
        let want_target = num(&g["target"]);
        let want_actual = num(&g["actual"]);
        let want_verdict = g["verdict"].as_str();
        let found: Vec<&serde_json::Value> = rows
            .iter()
            .filter(|r| {
                r["year"].as_i64() == Some(year) && r["metric"] == metric && r["measure"] == measure
            })
            .collect();
        let Some(row) = found.first() else {
            out.push(format!(
                "{key}: no track row (want target {} {}, actual {}, {want_verdict})",
                show(want_target),
                g["target_qualifier"],
                show(want_actual),
            ));
            continue;
        };
        let got_target = row["target"]["value"].as_f64();
        let got_actual = row["outcome"]["value"].as_f64();
        let got_verdict = row["verdict"].as_str().unwrap_or("");
        let mut wrong = Vec::new();
        if !same(got_target, want_target) {
            wrong.push(format!(
                "target {} (want {})",
                show(got_target),
                show(want_target)
            ));
        }
        if !same(got_actual, want_actual) {
            wrong.push(format!(
                "actual {} (want {})",
                show(got_actual),
                show(want_actual)
            ));
        }
        if got_verdict != want_verdict {
            wrong.push(format!("verdict {got_verdict} (want {want_verdict})"));
        }
        if !wrong.is_empty() {
            let qualifier = row["target"]["qualifier"].as_str().unwrap_or("-");
            let also = if found.len() > 1 {
                let others: Vec<String> = found[1..]
                    .iter()
                    .map(|r| show(r["target"]["value"].as_f64()))
                    .collect();
                format!(
                    "; {} more rows, targets [{}]",
                    found.len() - 1,
                    others.join(", ")
                )
            } else {
                String::new()
            };
            out.push(format!(
                "{key}: {} [got qualifier {qualifier}, want {}; rule: {}]{also}",
                wrong.join(", "),
                g["target_qualifier"],
                row["rule"].as_str().unwrap_or(""),
            ));
        }
    }
    out
}

#[test]
fn national_and_hailar_targets_against_outcomes_match_the_gold() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest(
        dir.path(),
        &[corpus("national_1954_2016.jsonl"), corpus("hailar")],
    );
    let mut all = mismatches("national_tracked.tsv", &track(&db, "中华人民共和国"));
    all.extend(mismatches("hailar_tracked.tsv", &track(&db, "海拉尔区")));
    for m in &all {
        println!("{m}");
    }
    assert!(
        all.is_empty(),
        "{} mismatches:\n{}",
        all.len(),
        all.join("\n")
    );
}
