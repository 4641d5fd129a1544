//! Uploaded report files into the store: decode, extract, store, relink.

use crate::error::AppError;
use duban_core::{Engine, MetaHints};
use duban_store::{Added, ReportId, Store};
use serde::Serialize;

/// What an upload did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Ingested {
    /// Reports newly stored.
    pub stored: Vec<ReportId>,
    /// Reports that were already there.
    pub unchanged: Vec<ReportId>,
}

impl Ingested {
    /// The first report, stored or not.
    pub fn first(&self) -> Option<ReportId> {
        self.stored.first().or(self.unchanged.first()).copied()
    }
}

/// Decodes `bytes` (named `name`, which picks PDF/DOCX/HTML by extension), extracts the
/// reports with `region` and `year` as hints that override what is inferred, stores
/// them and relinks their regions.
pub fn ingest_bytes(
    store: &mut Store,
    engine: &Engine,
    bytes: &[u8],
    name: &str,
    region: Option<String>,
    year: Option<i32>,
) -> Result<Ingested, AppError> {
    let decoded = duban_input::decode(bytes, name).map_err(|e| AppError::Invalid(e.to_string()))?;
    let hints = MetaHints {
        region: region.clone(),
        year,
        ..Default::default()
    };
    let mut reports = engine.extract(&decoded.text, &hints).reports;
    if reports.is_empty() {
        return Err(AppError::Invalid(format!(
            "{name}: no report found in the file"
        )));
    }
    let mut ingested = Ingested::default();
    let mut regions = Vec::new();
    for report in &mut reports {
        if region.is_some() {
            report.meta.region = region.clone();
        }
        if year.is_some() {
            report.meta.year = year;
        }
        match store.add_report(report, name)? {
            Added::Stored(id) => ingested.stored.push(id),
            Added::Unchanged(id) => ingested.unchanged.push(id),
        }
        if let Some(r) = &report.meta.region {
            if !regions.contains(r) {
                regions.push(r.clone());
            }
        }
    }
    if !regions.is_empty() {
        store.relink(&regions)?;
    }
    Ok(ingested)
}
