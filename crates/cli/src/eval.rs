//! `duban eval GOLD FILE`: precision, recall and F1 of an extraction against a gold file.

use crate::corpus;
use anyhow::{bail, Context, Result};
use duban_core::eval::{self, Gold};
use duban_core::{Engine, MetaHints};
use std::path::Path;

/// Scores the extraction of `file` (for a `.jsonl` corpus: its record of `year`)
/// against the gold annotations in `gold_path`, and prints the figures and misses.
pub fn run(
    engine: &Engine,
    gold_path: &Path,
    file: &Path,
    year: Option<i32>,
    max_bytes: u64,
) -> Result<()> {
    let gold_name = gold_path.display().to_string();
    let gold_text =
        std::fs::read_to_string(gold_path).with_context(|| format!("{gold_name}: cannot read"))?;
    let gold = Gold::parse(&gold_name, &gold_text)?;
    let (text, hints) = load_report(file, year, max_bytes)?;
    let extraction = engine.extract(&text, &hints);
    let report = extraction.reports.first().context("no report in input")?;
    let spans = gold.locate(&gold_name, &report.text)?;
    let predicted = eval::predictions(report, gold.kind);
    let score = eval::score(&gold, &spans, &predicted, &report.text);
    println!("{gold_name} against {}", file.display());
    println!(
        "gold {}  predicted {}  matched {}  precision {:.3}  recall {:.3}  F1 {:.3}",
        score.n_gold,
        score.n_predicted,
        score.n_matched,
        score.precision(),
        score.recall(),
        score.f1()
    );
    let fields: Vec<String> = score
        .field_errors
        .iter()
        .map(|(f, n)| format!("{f} {n}"))
        .collect();
    println!("wrong fields among near misses: {}", fields.join(", "));
    for (item, near) in &score.misses {
        let expected: Vec<String> = item
            .fields
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let got = near
            .as_ref()
            .map_or("nothing overlapping".to_string(), |p| {
                p.fields
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        println!(
            "  miss  line {:<4} {}  want {}  got {}",
            item.line,
            item.anchor,
            expected.join(" "),
            got
        );
    }
    for (p, text) in &score.false_alarms {
        let fields: Vec<String> = p.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        println!("  extra {}  {}", text, fields.join(" "));
    }
    Ok(())
}

/// The decoded text of `file` and the hints known for it: a `.jsonl` corpus gives the
/// record of `year` with its region, level, year and title as hints. A report file
/// over `max_bytes` is refused unread, as is a corpus line over it.
pub fn load_report(file: &Path, year: Option<i32>, max_bytes: u64) -> Result<(String, MetaHints)> {
    if !corpus::is_corpus(file) {
        let (name, bytes) = crate::input::read_limited(file, max_bytes)?;
        let decoded = crate::input::decode(&bytes, &name)?;
        return Ok((decoded.text, MetaHints::default()));
    }
    let name = file.display().to_string();
    let Some(year) = year else {
        bail!("{name}: a .jsonl corpus needs --year to pick a report")
    };
    let reader = std::fs::File::open(file).with_context(|| format!("{name}: cannot read"))?;
    for line in corpus::Lines::new(std::io::BufReader::new(reader), max_bytes) {
        let line = line.with_context(|| format!("{name}: cannot read"))?;
        let record = line
            .record()
            .map_err(|reason| anyhow::anyhow!("{name}:{}: {reason}", line.number))?;
        if record.year == Some(year) {
            let hints = record
                .hints()
                .map_err(|reason| anyhow::anyhow!("{name}:{}: {reason}", line.number))?;
            return Ok((record.text, hints));
        }
    }
    bail!("{name}: no record with year {year}");
}
