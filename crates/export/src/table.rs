//! A flat table of named, typed columns, and the flattening of each kind of row.
//!
//! Column names are snake_case English so that DuckDB, pandas and Spark users can type
//! them; the Chinese ledger headers live in the XLSX writer only.

use duban_store::{IndicatorRow, TaskRow, TrackRow};
use std::io::Write;

/// One typed column; `None` is a null.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Text.
    Text(Vec<Option<String>>),
    /// Integers.
    Int(Vec<Option<i64>>),
    /// Floating point numbers.
    Float(Vec<Option<f64>>),
}

impl Column {
    /// The cell at `row` as text, empty for a null.
    pub fn cell(&self, row: usize) -> String {
        match self {
            Column::Text(v) => v[row].clone().unwrap_or_default(),
            Column::Int(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
            Column::Float(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Text(v) => v.len(),
            Column::Int(v) => v.len(),
            Column::Float(v) => v.len(),
        }
    }
}

/// Named columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Column names and columns, in order.
    pub columns: Vec<(&'static str, Column)>,
}

impl Table {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }

    fn text<T>(&mut self, name: &'static str, rows: &[T], f: impl Fn(&T) -> Option<String>) {
        self.columns
            .push((name, Column::Text(rows.iter().map(f).collect())));
    }

    fn int<T>(&mut self, name: &'static str, rows: &[T], f: impl Fn(&T) -> Option<i64>) {
        self.columns
            .push((name, Column::Int(rows.iter().map(f).collect())));
    }

    fn float<T>(&mut self, name: &'static str, rows: &[T], f: impl Fn(&T) -> Option<f64>) {
        self.columns
            .push((name, Column::Float(rows.iter().map(f).collect())));
    }
}

pub(crate) fn indicators(rows: &[IndicatorRow]) -> Table {
    let mut t = Table::default();
    t.int("report_id", rows, |r| Some(r.report_id.0));
    t.text("region", rows, |r| r.region.clone());
    t.int("year", rows, |r| r.year.map(i64::from));
    t.text("metric", rows, |r| r.metric.clone());
    t.text("metric_text", rows, |r| Some(r.metric_text.clone()));
    t.text("measure", rows, |r| Some(r.measure.clone()));
    t.float("value", rows, |r| r.value);
    t.float("low", rows, |r| r.low);
    t.float("high", rows, |r| r.high);
    t.text("unit", rows, |r| Some(r.unit.clone()));
    t.text("qualifier", rows, |r| r.qualifier.clone());
    t.text("role", rows, |r| Some(r.role.clone()));
    t.int("period_start", rows, |r| r.period_start.map(i64::from));
    t.int("period_end", rows, |r| r.period_end.map(i64::from));
    t.text("sentence", rows, |r| Some(r.sentence.clone()));
    t
}

pub(crate) fn targets(rows: &[TrackRow]) -> Table {
    let mut t = Table::default();
    t.text("region", rows, |r| r.region.clone());
    t.int("year", rows, |r| r.year.map(i64::from));
    t.text("metric", rows, |r| r.metric.clone());
    t.text("measure", rows, |r| Some(r.measure.clone()));
    t.float("target_value", rows, |r| r.target.value);
    t.float("target_low", rows, |r| r.target.low);
    t.float("target_high", rows, |r| r.target.high);
    t.text("unit", rows, |r| Some(r.target.unit.clone()));
    t.text("qualifier", rows, |r| r.target.qualifier.clone());
    t.text("hardness", rows, |r| Some(r.target.hardness.clone()));
    t.float("outcome_value", rows, |r| r.outcome.as_ref()?.value);
    t.text("outcome_role", rows, |r| {
        Some(r.outcome.as_ref()?.role.clone())
    });
    t.int("outcome_report_year", rows, |r| {
        r.outcome.as_ref()?.report_year.map(i64::from)
    });
    t.text("verdict", rows, |r| Some(r.verdict.clone()));
    t.text("rule", rows, |r| Some(r.rule.clone()));
    t.int("target_report_id", rows, |r| {
        Some(r.target.source.report_id.0)
    });
    t.text("target_sentence", rows, |r| {
        Some(r.target.source.sentence.clone())
    });
    t.int("outcome_report_id", rows, |r| {
        Some(r.outcome.as_ref()?.source.report_id.0)
    });
    t.text("outcome_sentence", rows, |r| {
        Some(r.outcome.as_ref()?.source.sentence.clone())
    });
    t
}

/// Progress notes as one cell: `2016-06-30 已开工; 2016-12-31 已完成`.
pub(crate) fn progress(row: &TaskRow) -> String {
    row.notes
        .iter()
        .map(|n| format!("{} {}", n.noted_on, n.note))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The deadline people set, else the one stated in the text.
pub(crate) fn deadline(row: &TaskRow) -> Option<String> {
    row.due_date.clone().or_else(|| row.stated_deadline.clone())
}

pub(crate) fn ledger(rows: &[TaskRow]) -> Table {
    let mut t = Table::default();
    let numbered: Vec<(usize, &TaskRow)> = rows.iter().enumerate().collect();
    t.int("no", &numbered, |(k, _)| Some(*k as i64 + 1));
    t.int("task_id", &numbered, |(_, r)| Some(r.id.0));
    t.text("region", &numbered, |(_, r)| r.region.clone());
    t.int("year", &numbered, |(_, r)| r.year.map(i64::from));
    t.text("area", &numbered, |(_, r)| Some(r.area.clone()));
    t.text("task", &numbered, |(_, r)| Some(r.text.trim().to_string()));
    t.text("lead_unit", &numbered, |(_, r)| r.lead_unit.clone());
    t.text("supporting_units", &numbered, |(_, r)| {
        r.supporting_units.clone()
    });
    t.text("deadline", &numbered, |(_, r)| deadline(r));
    t.text("progress", &numbered, |(_, r)| Some(progress(r)));
    t.text("status", &numbered, |(_, r)| {
        Some(r.status.as_str().to_string())
    });
    t.text("evidence", &numbered, |(_, r)| {
        Some(r.evidence.as_ref()?.sentence.trim().to_string())
    });
    t.float("evidence_score", &numbered, |(_, r)| {
        Some(r.evidence.as_ref()?.score)
    });
    t
}

pub(crate) fn write_csv(table: &Table, out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(table.columns.iter().map(|(name, _)| *name))?;
    for row in 0..table.n_rows() {
        w.write_record(table.columns.iter().map(|(_, c)| c.cell(row)))?;
    }
    w.flush()?;
    Ok(())
}
