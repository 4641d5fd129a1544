//! `duban extract`: one report file → table or JSON on standard output.

use crate::{table, Format};
use anyhow::{Context, Result};
use duban_core::{view, Engine, MetaHints};
use std::io::Write;
use std::path::Path;

/// Reads `path` (or stdin for `-`; at most `max_bytes`), extracts, and prints in `format`.
pub fn run(engine: &Engine, path: &Path, format: Format, max_bytes: u64) -> Result<()> {
    let (name, bytes) = read_input(path, max_bytes)?;
    let decoded = crate::input::decode(&bytes, &name)?;
    let extraction = engine.extract(&decoded.text, &MetaHints::default());
    let views = view::reports(&decoded.text, &extraction);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            let mut docs = views.into_iter();
            let first = docs.next().context("no report in input")?;
            let more: Vec<_> = docs.collect();
            let doc = JsonDoc {
                source: Source {
                    name: &name,
                    encoding: decoded.encoding,
                },
                report: first,
                more_reports: more,
            };
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        Format::Table => {
            for (i, report) in extraction.reports.iter().enumerate() {
                table::write_report(&mut out, &extraction, i, report)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonDoc<'a> {
    source: Source<'a>,
    #[serde(flatten)]
    report: view::ReportView<'a>,
    /// Further reports on the same page ("篇2", "篇3"), same shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    more_reports: Vec<view::ReportView<'a>>,
}

#[derive(serde::Serialize)]
struct Source<'a> {
    name: &'a str,
    encoding: &'static str,
}

/// The display name and bytes of a path, `-` meaning standard input; more than
/// `max_bytes` is an error (see `crate::input::read_limited`).
pub fn read_input(path: &Path, max_bytes: u64) -> Result<(String, Vec<u8>)> {
    crate::input::read_limited(path, max_bytes)
}
