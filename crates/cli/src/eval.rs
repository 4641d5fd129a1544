//! `duban eval GOLD FILE`: precision, recall and F1 of an extraction against a gold file.

use crate::extract::read_input;
use anyhow::{bail, Context, Result};
use duban_core::eval::{self, Gold};
use duban_core::meta::Level;
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
/// record of `year` with its region, level, year and title as hints.
pub fn load_report(file: &Path, year: Option<i32>, max_bytes: u64) -> Result<(String, MetaHints)> {
    let (name, bytes) = read_input(file, max_bytes)?;
    if name.ends_with(".jsonl") {
        let Some(year) = year else {
            bail!("{name}: a .jsonl corpus needs --year to pick a report")
        };
        let text = String::from_utf8(bytes).with_context(|| format!("{name}: not UTF-8"))?;
        for (idx, line) in text.lines().enumerate() {
            let record: CorpusRecord = match serde_json::from_str(line) {
                Ok(record) => record,
                Err(err) => bail!("{name}:{}: {err}", idx + 1),
            };
            if record.year == Some(year) {
                let hints = MetaHints {
                    level: record.level.as_deref().and_then(parse_level),
                    region: record.region,
                    year: record.year,
                    title: record.title,
                };
                return Ok((record.text, hints));
            }
        }
        bail!("{name}: no record with year {year}");
    }
    let decoded = crate::input::decode(&bytes, &name)?;
    Ok((decoded.text, MetaHints::default()))
}

/// One line of a JSON-lines corpus.
#[derive(serde::Deserialize)]
pub struct CorpusRecord {
    /// Title of the report.
    pub title: Option<String>,
    /// Year delivered.
    pub year: Option<i32>,
    /// Region name.
    pub region: Option<String>,
    /// Level as written in the corpus (`national`, `province`, …).
    pub level: Option<String>,
    /// Full text.
    pub text: String,
}

/// A level as corpora write it.
pub fn parse_level(word: &str) -> Option<Level> {
    Some(match word {
        "national" => Level::National,
        "province" => Level::Province,
        "prefecture" | "city" => Level::Prefecture,
        "county" => Level::County,
        "district" => Level::District,
        _ => return None,
    })
}
