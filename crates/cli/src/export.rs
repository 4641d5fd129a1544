//! `duban export`: indicators, targets with outcomes, or the task ledger, as CSV,
//! JSON, XLSX or Parquet, to a file or standard output.

use anyhow::{Context, Result};
use duban_export::Format;
use duban_store::Filter;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// Every number read, with metric, role and sentence.
    Indicators,
    /// Targets with outcomes and verdicts.
    Targets,
    /// The task ledger (台账).
    Ledger,
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// CSV with a header line.
    Csv,
    /// A JSON array.
    Json,
    /// An Excel workbook.
    Xlsx,
    /// Apache Parquet.
    Parquet,
}

/// Writes `what` in `format` to `output` (standard output when `None`).
pub fn run(
    db: &str,
    filter: &Filter,
    what: What,
    format: ExportFormat,
    output: Option<&PathBuf>,
) -> Result<()> {
    let store = crate::open_store(db)?;
    let format = match format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Parquet => Format::Parquet,
    };
    let binary = matches!(format, Format::Xlsx | Format::Parquet);
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        )),
        None if binary && std::io::stdout().is_terminal() => {
            anyhow::bail!("xlsx and parquet are binary: give -o FILE or redirect standard output")
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match what {
        What::Indicators => duban_export::indicators(&store.indicators(filter)?, format, &mut out)?,
        What::Targets => duban_export::targets(&store.track(filter)?, format, &mut out)?,
        What::Ledger => duban_export::ledger(&store.tasks(filter)?, format, &mut out)?,
    }
    out.flush()?;
    Ok(())
}
