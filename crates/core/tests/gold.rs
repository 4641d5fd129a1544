//! Extraction measured against the hand-made gold annotations in `test_data/gold/`.
//!
//! Each gold file names its document (`seed`, `national_<year>`); the test extracts the
//! document, scores it with `duban_core::eval`, prints the figures and the misses, and
//! holds the product's accuracy promises: quantities P and R ≥ 0.98 on the seed and
//! ≥ 0.97 on national reports; indicators F1 ≥ 0.95; main targets F1 ≥ 0.98.

mod common;

use duban_core::eval::{self, Gold};
use duban_core::meta::Level;
use duban_core::{Engine, MetaHints, Report};
use std::path::Path;

/// The text and hints of a gold document name.
fn document(name: &str) -> (String, MetaHints) {
    if name == "seed" {
        return (common::seed(), MetaHints::default());
    }
    let year: i32 = name
        .strip_prefix("national_")
        .and_then(|y| y.parse().ok())
        .unwrap_or_else(|| panic!("unknown gold document {name}"));
    let report = common::national_year(year);
    let hints = MetaHints {
        region: Some("中华人民共和国".into()),
        level: Some(Level::National),
        year: Some(year),
        title: Some(report.title.clone()),
    };
    (report.text, hints)
}

fn extract(name: &str) -> Report {
    let (text, hints) = document(name);
    Engine::default()
        .extract(&text, &hints)
        .reports
        .into_iter()
        .next()
        .expect("one report")
}

/// Scores every gold file of `kind_dir`, prints the figures, and returns (doc, score).
fn score_all(kind_dir: &str) -> Vec<(String, eval::Score)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data/gold")
        .join(kind_dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no gold files in {}", dir.display());
    let mut scores = Vec::new();
    for path in files {
        let doc = path.file_stem().unwrap().to_string_lossy().to_string();
        let file = path.display().to_string();
        let gold = Gold::parse(&file, &std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{e}"));
        let report = extract(&doc);
        let spans = gold
            .locate(&file, &report.text)
            .unwrap_or_else(|e| panic!("{e}"));
        let predicted = eval::predictions(&report, gold.kind);
        let score = eval::score(&gold, &spans, &predicted, &report.text);
        println!(
            "{kind_dir}/{doc}: gold {} predicted {} matched {}  P {:.3} R {:.3} F1 {:.3}",
            score.n_gold,
            score.n_predicted,
            score.n_matched,
            score.precision(),
            score.recall(),
            score.f1()
        );
        for (item, near) in &score.misses {
            println!(
                "    miss line {} {} {:?} got {:?}",
                item.line,
                item.anchor,
                item.fields,
                near.as_ref().map(|p| &p.fields)
            );
        }
        for (p, text) in &score.false_alarms {
            println!("    extra {text} {:?}", p.fields);
        }
        scores.push((doc, score));
    }
    scores
}

#[test]
fn quantities_match_gold() {
    for (doc, score) in score_all("quantities") {
        let floor = if doc == "seed" { 0.98 } else { 0.97 };
        assert!(
            score.precision() >= floor && score.recall() >= floor,
            "{doc}: P {:.3} R {:.3} below {floor}",
            score.precision(),
            score.recall()
        );
    }
}

#[test]
fn indicators_match_gold() {
    for (doc, score) in score_all("indicators") {
        assert!(
            score.f1() >= 0.95,
            "{doc}: indicator F1 {:.3} below 0.95",
            score.f1()
        );
    }
}

#[test]
fn main_targets_match_gold() {
    for (doc, score) in score_all("targets") {
        assert!(
            score.f1() >= 0.98,
            "{doc}: target F1 {:.3} below 0.98",
            score.f1()
        );
    }
}

/// For every national report 2004–2016: this year's GDP growth target and last year's
/// GDP growth, against the values read by hand into `national_gdp.tsv`.
#[test]
fn national_gdp_target_and_previous_growth() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/gold/national_gdp.tsv");
    let table = std::fs::read_to_string(&path).unwrap();
    let mut rows = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header = rows.next().unwrap();
    assert!(
        header.starts_with("year\ttarget"),
        "{}: unexpected header",
        path.display()
    );
    let mut wrong = Vec::new();
    let mut n_years = 0;
    for row in rows {
        let cells: Vec<&str> = row.split('\t').collect();
        let year: i32 = cells[0].parse().unwrap();
        n_years += 1;
        let report = extract(&format!("national_{year}"));
        let gdp_growth = |role: &[duban_core::Role], for_year: i32| {
            report
                .indicators
                .iter()
                .find(|i| {
                    i.metric.as_deref() == Some("gdp")
                        && i.measure == duban_core::Measure::Growth
                        && role.contains(&i.role)
                        && i.period
                            .is_some_and(|p| p.start == for_year && p.end == for_year)
                })
                .map(|i| {
                    (
                        i.value.unwrap_or(f64::NAN),
                        i.qualifier.map(|q| format!("{q:?}")).unwrap_or_default(),
                    )
                })
        };
        let target = gdp_growth(&[duban_core::Role::Target], year);
        let want_target: f64 = cells[1].parse().unwrap();
        let want_qualifier = cells[4];
        match &target {
            Some((v, q)) if (v - want_target).abs() < 1e-9 && snake(q) == want_qualifier => {}
            other => wrong.push(format!(
                "{year} target: want {want_target} {want_qualifier}, got {other:?}"
            )),
        }
        if let Some(prev) = cells.get(5).filter(|c| !c.is_empty()) {
            let want: f64 = prev.parse().unwrap();
            let got = gdp_growth(
                &[duban_core::Role::Actual, duban_core::Role::Estimate],
                year - 1,
            );
            if !got.as_ref().is_some_and(|(v, _)| (v - want).abs() < 1e-9) {
                wrong.push(format!(
                    "{year} previous-year growth: want {want}, got {got:?}"
                ));
            }
        }
    }
    assert_eq!(n_years, 13, "the table covers 2004-2016");
    assert!(wrong.is_empty(), "GDP series wrong:\n{}", wrong.join("\n"));
}

fn snake(debug: &str) -> String {
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
