//! `duban track`: targets against outcomes by region, metric and year.
//!
//! The table groups rows by region, metric and measure, years down, so that a person
//! reads one series at a time; CSV and JSON are for programs (JSON rows follow the
//! `check-contract track` shape).

use crate::table::{number, one_line, pad};
use anyhow::Result;
use duban_store::{Filter, TrackRow};
use std::io::Write;

/// Output formats of `track`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TrackFormat {
    /// Years down, target | actual | verdict.
    Table,
    /// One line per target (the export's targets columns).
    Csv,
    /// An array of rows.
    Json,
}

/// Prints the tracking rows matching `filter`.
pub fn run(db: &str, filter: &Filter, format: TrackFormat) -> Result<()> {
    let store = crate::open_store(db)?;
    let rows = store.track(filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        TrackFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        TrackFormat::Csv => duban_export::targets(&rows, duban_export::Format::Csv, &mut out)?,
        TrackFormat::Table => write_table(&mut out, &rows)?,
    }
    out.flush()?;
    Ok(())
}

/// `7%左右`-style short forms of a value with its unit and qualifier.
fn show(
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    unit: &str,
    qualifier: Option<&str>,
) -> String {
    let unit = match unit {
        "percent" => "%",
        "percentage_point" => "个百分点",
        "CNY" => "元",
        "person" => "人",
        other => other,
    };
    // Large amounts the way reports write them: 194亿元, 23.5万人.
    let scaled = |v: f64| -> (String, &str) {
        let counted = matches!(unit, "元" | "人");
        if counted && v.abs() >= 1e8 {
            (number((v / 1e8 * 100.0).round() / 100.0), "亿")
        } else if counted && v.abs() >= 1e4 {
            (number((v / 1e4 * 100.0).round() / 100.0), "万")
        } else {
            (number(v), "")
        }
    };
    let body = match (low, high, value) {
        (Some(l), Some(h), _) if qualifier == Some("range") => {
            let ((l, scale), (h, _)) = (scaled(l), scaled(h));
            format!("{l}-{h}{scale}{unit}")
        }
        (_, _, Some(v)) => {
            let (v, scale) = scaled(v);
            format!("{v}{scale}{unit}")
        }
        _ => "—".to_string(),
    };
    let word = match qualifier {
        Some("about") => "左右",
        Some("at_least") => "以上",
        Some("at_most") => "以内",
        Some("nearly") => " (近)",
        Some("sync") => "同步",
        _ => "",
    };
    format!("{body}{word}")
}

fn write_table(out: &mut impl Write, rows: &[TrackRow]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no targets stored (run `duban ingest` first)");
    }
    let mut current: Option<(Option<&str>, Option<&str>, &str)> = None;
    for row in rows {
        let key = (
            row.region.as_deref(),
            row.metric.as_deref(),
            row.measure.as_str(),
        );
        if current != Some(key) {
            current = Some(key);
            writeln!(
                out,
                "\n{} · {} ({}) · {}",
                row.region.as_deref().unwrap_or("?"),
                row.metric.as_deref().unwrap_or("(not in catalogue)"),
                row.target.metric_text,
                row.measure
            )?;
            writeln!(
                out,
                "  {}{}{}{}rule",
                pad("year", 6),
                pad("target", 16),
                pad("actual", 16),
                pad("verdict", 16)
            )?;
        }
        let t = &row.target;
        let target = show(t.value, t.low, t.high, &t.unit, t.qualifier.as_deref());
        let actual = match &row.outcome {
            Some(o) => {
                let mark = if o.role == "estimate" {
                    " (预计)"
                } else {
                    ""
                };
                format!("{}{mark}", show(o.value, None, None, &o.unit, None))
            }
            None => "—".to_string(),
        };
        let year = row.year.map_or("?".to_string(), |y| y.to_string());
        writeln!(
            out,
            "  {}{}{}{}{}",
            pad(&year, 6),
            pad(&target, 16),
            pad(&actual, 16),
            pad(&row.verdict, 16),
            one_line(&row.rule, 60)
        )?;
    }
    Ok(())
}
