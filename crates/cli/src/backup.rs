//! `duban backup` and `duban restore`: the whole database to one SQLite file and back.
//!
//! The store does the work (`Store::backup_to`, `Store::restore_from`); this module
//! names the files and prints what was copied.

use anyhow::{Context, Result};
use duban_store::BackupSummary;
use std::path::Path;

/// Backs up the database at `db` to the new file `out`.
pub fn backup(db: &str, out: &Path) -> Result<()> {
    let store = crate::open_store(db)?;
    let summary = store
        .backup_to(out)
        .with_context(|| format!("backing up {}", duban_store::redact_url(db)))?;
    eprintln!("backed up {} to {}", describe(&summary), out.display());
    Ok(())
}

/// Replaces the contents of the database at `db` with the backup `input`.
pub fn restore(db: &str, input: &Path) -> Result<()> {
    let mut store = crate::open_store(db)?;
    let summary = store
        .restore_from(input)
        .with_context(|| format!("restoring {}", duban_store::redact_url(db)))?;
    eprintln!(
        "restored {} from {} into {}",
        describe(&summary),
        input.display(),
        duban_store::redact_url(db)
    );
    Ok(())
}

fn describe(summary: &BackupSummary) -> String {
    format!(
        "{} reports, {} tasks, {} audit entries (schema version {})",
        summary.n_reports, summary.n_tasks, summary.n_audit, summary.schema_version
    )
}
