//! Gold evaluation of `find_quantities`: every `test_data/gold/quantities/*.tsv` file is
//! scored against the text it annotates, following `test_data/gold/README.md`.
//!
//! Documents: `seed` (the Haidian seed), `national_<year>` (one national report) and
//! `dev_sample` (one seed paragraph, annotated to exercise the evaluator). Misses and
//! false positives are printed; the thresholds are asserted per document.

mod common;

use duban_core::gold::{evaluate, parse_quantities, Evaluation, GoldQuantity};
use duban_core::quantity::{find_quantities, Quantity};
use std::path::PathBuf;

/// Folds full-width ASCII and the ideographic space, standing in for the normalizer
/// until it lands.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The normalized text a gold document annotates, and the threshold it must reach.
fn document(name: &str) -> (String, f64) {
    if name == "seed" {
        return (fold(&common::seed()), 0.98);
    }
    if name == "dev_sample" {
        let seed = fold(&common::seed());
        let start = seed
            .find("(二)推动经济发展稳中提质")
            .expect("dev sample paragraph");
        let end = start + seed[start..].find("(三)").expect("next heading");
        return (seed[start..end].to_string(), 0.98);
    }
    let year: i32 = name
        .strip_prefix("national_")
        .and_then(|y| y.parse().ok())
        .unwrap_or_else(|| panic!("unknown gold document {name}"));
    (fold(&common::national_year(year).text), 0.97)
}

fn report(
    name: &str,
    text: &str,
    gold: &[GoldQuantity],
    predicted: &[Quantity],
    evaluation: &Evaluation,
) {
    println!(
        "{name}: gold {} predicted {} matched {} precision {:.3} recall {:.3}",
        evaluation.n_gold,
        evaluation.n_predicted,
        evaluation.matched.len(),
        evaluation.precision(),
        evaluation.recall()
    );
    for &idx in &evaluation.missed {
        let g = &gold[idx];
        let located = if evaluation.unlocated.contains(&idx) {
            " (anchor not found)"
        } else {
            ""
        };
        println!(
            "  miss  line {}: {} = {} {} {}{located}",
            g.line,
            g.anchor,
            g.value,
            g.unit,
            g.qualifier.id()
        );
    }
    for &idx in &evaluation.false_positives {
        let p = &predicted[idx];
        let context_start = char_boundary(text, p.span.start.saturating_sub(12));
        let context_end = char_boundary(text, (p.span.end + 12).min(text.len()));
        println!(
            "  false {} = {} {} {}    …{}…",
            p.span.of(text),
            p.value,
            p.unit,
            p.qualifier.id(),
            text[context_start..context_end].replace('\n', " ")
        );
    }
}

/// The nearest char boundary at or before `at`.
fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[test]
fn gold_quantities() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/gold/quantities");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no gold files in {}", dir.display());
    let mut failures = Vec::new();
    for path in &paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 file name");
        let tsv =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let gold =
            parse_quantities(&path.display().to_string(), &tsv).unwrap_or_else(|e| panic!("{e}"));
        let (text, threshold) = document(name);
        let predicted = find_quantities(&text);
        let evaluation = evaluate(&text, &gold, &predicted);
        report(name, &text, &gold, &predicted, &evaluation);
        if evaluation.precision() < threshold || evaluation.recall() < threshold {
            failures.push(format!(
                "{name}: precision {:.3} recall {:.3} < {threshold}",
                evaluation.precision(),
                evaluation.recall()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
