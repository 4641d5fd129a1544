//! `duban tasks`: the task ledger with each task's best candidate evidence from the
//! next year's review.

use crate::table::{one_line, pad};
use anyhow::Result;
use duban_store::Filter;
use std::io::Write;

/// Prints tasks matching `filter` as a table, or JSON when `json`.
pub fn run(db: &str, filter: &Filter, json: bool) -> Result<()> {
    let store = crate::open_store(db)?;
    let tasks = store.tasks(filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &tasks)?;
        writeln!(out)?;
    } else {
        if tasks.is_empty() {
            writeln!(out, "no tasks stored (run `duban ingest` first)")?;
        }
        for t in &tasks {
            writeln!(
                out,
                "{} {} {} {}",
                pad(&t.id.0.to_string(), 6),
                pad(&t.year.map_or("?".to_string(), |y| y.to_string()), 5),
                pad(t.status.as_str(), 12),
                one_line(&t.text, 50)
            )?;
            match &t.evidence {
                Some(e) => writeln!(
                    out,
                    "{}↳ {:.2} {}",
                    " ".repeat(25),
                    e.score,
                    one_line(&e.sentence, 50)
                )?,
                None => writeln!(out, "{}↳ no candidate evidence", " ".repeat(25))?,
            }
        }
    }
    out.flush()?;
    Ok(())
}
