//! `duban extract`: one report file → table or JSON on standard output.

use crate::{table, Format};
use anyhow::{Context, Result};
use duban_core::{view, Engine, MetaHints};
use std::io::{Read, Write};
use std::path::Path;

/// Reads `path` (or stdin for `-`), extracts, and prints in `format`.
pub fn run(engine: &Engine, path: &Path, format: Format) -> Result<()> {
    let (name, bytes) = read_input(path)?;
    let decoded = duban_input::decode(&bytes, &name)?;
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

/// The display name and bytes of a path, `-` meaning standard input.
pub fn read_input(path: &Path) -> Result<(String, Vec<u8>)> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot read"))?;
    Ok((name, bytes))
}
