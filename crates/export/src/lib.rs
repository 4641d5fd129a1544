//! duban-export: the store's rows written as CSV, JSON, XLSX or Parquet into any
//! `impl Write`.
//!
//! Three things can be exported: indicators (every number read, for researchers),
//! targets with their outcomes and verdicts, and the task ledger (台账). Each is first
//! flattened into a [`Table`] of named, typed columns; CSV, XLSX and Parquet are
//! written from that one table, so the formats cannot drift apart. JSON writes the
//! store's rows as they are (nested, like `duban track --format json`). The XLSX ledger
//! is laid out as a supervision office (督查室) keeps it: 序号, 任务, 牵头单位, 配合单位,
//! 完成时限, 进展情况, 状态.
//!
//! Parquet needs the `parquet` feature (arrow and parquet are slow to compile).
//! This crate reads nothing and knows no SQL; it gets rows from `duban-store`.

mod table;
mod xlsx;

#[cfg(feature = "parquet")]
mod parquet_out;

pub use table::{Column, Table};

use duban_store::{IndicatorRow, TaskRow, TrackRow};
use std::io::Write;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line, UTF-8.
    Csv,
    /// A JSON array of the store's rows.
    Json,
    /// An Excel workbook with one sheet.
    Xlsx,
    /// Apache Parquet (feature `parquet`).
    Parquet,
}

/// What can go wrong while writing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing failed.
    #[error("write: {0}")]
    Io(#[from] std::io::Error),
    /// CSV encoding failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// JSON encoding failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// XLSX encoding failed.
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// Parquet encoding failed.
    #[error("parquet: {0}")]
    Parquet(String),
    /// This build has no Parquet support.
    #[error("parquet export is not in this build (enable the `parquet` feature)")]
    ParquetDisabled,
}

/// Export result.
pub type Result<T> = std::result::Result<T, Error>;

/// Writes indicators in `format`.
pub fn indicators(rows: &[IndicatorRow], format: Format, out: impl Write) -> Result<()> {
    write(rows, table::indicators(rows), "指标", format, out)
}

/// Writes targets with outcomes and verdicts in `format`.
pub fn targets(rows: &[TrackRow], format: Format, out: impl Write) -> Result<()> {
    write(rows, table::targets(rows), "目标", format, out)
}

/// Writes the task ledger in `format`; XLSX gets the supervision office layout.
pub fn ledger(rows: &[TaskRow], format: Format, mut out: impl Write) -> Result<()> {
    if format == Format::Xlsx {
        let bytes = xlsx::ledger(rows)?;
        out.write_all(&bytes)?;
        return Ok(());
    }
    write(rows, table::ledger(rows), "台账", format, out)
}

fn write<T: serde::Serialize>(
    rows: &[T],
    table: Table,
    sheet: &str,
    format: Format,
    mut out: impl Write,
) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, rows)?;
            out.write_all(b"\n")?;
        }
        Format::Csv => table::write_csv(&table, out)?,
        Format::Xlsx => out.write_all(&xlsx::table(&table, sheet)?)?,
        Format::Parquet => write_parquet(&table, out)?,
    }
    Ok(())
}

#[cfg(feature = "parquet")]
fn write_parquet(table: &Table, out: impl Write) -> Result<()> {
    parquet_out::write(table, out)
}

#[cfg(not(feature = "parquet"))]
fn write_parquet(_table: &Table, _out: impl Write) -> Result<()> {
    Err(Error::ParquetDisabled)
}
