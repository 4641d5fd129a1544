//! The store's read queries and the audited ledger writes.
//!
//! Region filters accept the full name or a suffix of it (`海拉尔区` finds
//! `呼伦贝尔市海拉尔区`). When one region and year has several stored reports (two
//! scrapes of one report), the latest stored one is the one shown.

use crate::db::{args, Db, Row};
use crate::model::*;
use crate::{Error, Result};

/// The WHERE clause shared by queries over one report alias `r`: ?1 region, ?2 year.
/// A parameter's first use is a CAST so that PostgreSQL knows its type even when it is
/// only compared with NULL.
const REPORT_FILTER: &str = "(CAST(?1 AS TEXT) IS NULL OR r.region = ?1 OR r.region LIKE '%' || ?1)
     AND (CAST(?2 AS INTEGER) IS NULL OR r.year = ?2)
     AND r.id IN (SELECT MAX(id) FROM reports GROUP BY region, year)";

pub(crate) fn reports(db: &Db, filter: &Filter) -> Result<Vec<ReportSummary>> {
    let sql = format!(
        "SELECT r.id, r.region, r.level, r.year, r.title, r.source,
                (SELECT COUNT(*) FROM indicators i WHERE i.report_id = r.id),
                (SELECT COUNT(*) FROM targets t WHERE t.report_id = r.id),
                (SELECT COUNT(*) FROM tasks k WHERE k.report_id = r.id)
         FROM reports r WHERE {REPORT_FILTER} ORDER BY r.region, r.year, r.id"
    );
    let rows = db.query(&sql, &args![filter.region, filter.year])?;
    rows.iter()
        .map(|r| {
            Ok(ReportSummary {
                id: ReportId(r.get(0)?),
                region: r.get(1)?,
                level: r.get(2)?,
                year: r.get(3)?,
                title: r.get(4)?,
                source: r.get(5)?,
                n_indicators: r.get(6)?,
                n_targets: r.get(7)?,
                n_tasks: r.get(8)?,
            })
        })
        .collect()
}

pub(crate) fn track(db: &Db, filter: &Filter) -> Result<Vec<TrackRow>> {
    let sql = format!(
        "SELECT r.region, r.year, t.metric, t.measure, t.value, t.low, t.high, t.unit,
                t.qualifier, t.metric_text, t.hardness, r.id, r.title, t.sentence,
                l.verdict, l.rule,
                o.value, o.unit, o.qualifier, o.role, nr.year, nr.id, nr.title, o.sentence
         FROM targets t
         JOIN reports r ON r.id = t.report_id
         LEFT JOIN outcome_links l ON l.target_id = t.id
         LEFT JOIN indicators o ON o.id = l.outcome_id
         LEFT JOIN reports nr ON nr.id = o.report_id
         WHERE {REPORT_FILTER} AND (CAST(?3 AS TEXT) IS NULL OR t.metric = ?3)
         ORDER BY r.region, t.metric IS NULL, t.metric, t.measure, r.year, t.ord"
    );
    let rows = db.query(&sql, &args![filter.region, filter.year, filter.metric])?;
    rows.iter()
        .map(|r| {
            let outcome = match r.get::<Option<i64>>(21)? {
                Some(report_id) => Some(OutcomeSide {
                    value: r.get(16)?,
                    unit: r.get(17)?,
                    qualifier: r.get(18)?,
                    role: r.get(19)?,
                    report_year: r.get(20)?,
                    source: SourceRef {
                        report_id: ReportId(report_id),
                        title: r.get(22)?,
                        sentence: r.get(23)?,
                    },
                }),
                None => None,
            };
            Ok(TrackRow {
                region: r.get(0)?,
                year: r.get(1)?,
                metric: r.get(2)?,
                measure: r.get(3)?,
                target: TargetSide {
                    value: r.get(4)?,
                    low: r.get(5)?,
                    high: r.get(6)?,
                    unit: r.get(7)?,
                    qualifier: r.get(8)?,
                    metric_text: r.get(9)?,
                    hardness: r.get(10)?,
                    source: SourceRef {
                        report_id: ReportId(r.get(11)?),
                        title: r.get(12)?,
                        sentence: r.get(13)?,
                    },
                },
                outcome,
                verdict: r
                    .get::<Option<String>>(14)?
                    .unwrap_or_else(|| "no_data".to_string()),
                rule: r
                    .get::<Option<String>>(15)?
                    .unwrap_or_else(|| "not linked yet".to_string()),
            })
        })
        .collect()
}

pub(crate) fn indicators(db: &Db, filter: &Filter) -> Result<Vec<IndicatorRow>> {
    let sql = format!(
        "SELECT r.id, r.region, r.year, i.metric, i.metric_text, i.measure, i.value, i.low,
                i.high, i.unit, i.qualifier, i.role, i.period_start, i.period_end, i.sentence
         FROM indicators i JOIN reports r ON r.id = i.report_id
         WHERE {REPORT_FILTER} AND (CAST(?3 AS TEXT) IS NULL OR i.metric = ?3)
         ORDER BY r.region, r.year, r.id, i.ord"
    );
    let rows = db.query(&sql, &args![filter.region, filter.year, filter.metric])?;
    rows.iter()
        .map(|r| {
            Ok(IndicatorRow {
                report_id: ReportId(r.get(0)?),
                region: r.get(1)?,
                year: r.get(2)?,
                metric: r.get(3)?,
                metric_text: r.get(4)?,
                measure: r.get(5)?,
                value: r.get(6)?,
                low: r.get(7)?,
                high: r.get(8)?,
                unit: r.get(9)?,
                qualifier: r.get(10)?,
                role: r.get(11)?,
                period_start: r.get(12)?,
                period_end: r.get(13)?,
                sentence: r.get(14)?,
            })
        })
        .collect()
}

pub(crate) const TASK_COLUMNS: &str = "k.id, k.task_key, r.id, r.region, r.year, k.area, k.text,
     k.deadline_text, k.lead_unit, k.supporting_units, k.due_date, k.status, k.version";

pub(crate) fn task_from_row(r: &Row) -> Result<TaskRow> {
    let status: String = r.get(11)?;
    Ok(TaskRow {
        id: TaskId(r.get(0)?),
        key: r.get(1)?,
        report_id: ReportId(r.get(2)?),
        region: r.get(3)?,
        year: r.get(4)?,
        area: r.get(5)?,
        text: r.get(6)?,
        stated_deadline: r.get(7)?,
        lead_unit: r.get(8)?,
        supporting_units: r.get(9)?,
        due_date: r.get(10)?,
        status: Status::parse(&status).unwrap_or(Status::Open),
        version: r.get(12)?,
        notes: Vec::new(),
        evidence: None,
    })
}

/// Fills in the notes and the best evidence of `task`.
fn complete_task(db: &Db, task: &mut TaskRow) -> Result<()> {
    task.notes = db
        .query(
            "SELECT noted_on, note, author FROM task_notes WHERE task_id = ?1 ORDER BY noted_on, id",
            &args![task.id.0],
        )?
        .iter()
        .map(|r| {
            Ok(ProgressNote {
                noted_on: r.get(0)?,
                note: r.get(1)?,
                author: r.get(2)?,
            })
        })
        .collect::<Result<_>>()?;
    // A confirmed sentence beats the machine's ranking.
    task.evidence = db
        .query_opt(
            "SELECT report_id, sentence, score, confirmed FROM task_evidence WHERE task_id = ?1
             ORDER BY confirmed IS NULL, rank LIMIT 1",
            &args![task.id.0],
        )?
        .map(|r| -> Result<EvidenceRow> {
            Ok(EvidenceRow {
                report_id: ReportId(r.get(0)?),
                sentence: r.get(1)?,
                score: r.get(2)?,
                confirmed: r.get(3)?,
            })
        })
        .transpose()?;
    Ok(())
}

pub(crate) fn tasks(db: &Db, filter: &Filter) -> Result<Vec<TaskRow>> {
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks k JOIN reports r ON r.id = k.report_id
         WHERE {REPORT_FILTER} ORDER BY r.region, r.year, k.ord"
    );
    let mut rows: Vec<TaskRow> = db
        .query(&sql, &args![filter.region, filter.year])?
        .iter()
        .map(task_from_row)
        .collect::<Result<_>>()?;
    for task in &mut rows {
        complete_task(db, task)?;
    }
    Ok(rows)
}

pub(crate) fn task(db: &Db, id: TaskId) -> Result<TaskRow> {
    task_locked(db, id, "")
}

/// One task; `lock` is appended to the task query (`FOR UPDATE` inside a write).
fn task_locked(db: &Db, id: TaskId, lock: &str) -> Result<TaskRow> {
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks k JOIN reports r ON r.id = k.report_id WHERE k.id = ?1{lock}"
    );
    let mut task = db
        .query_opt(&sql, &args![id.0])?
        .map(|r| task_from_row(&r))
        .transpose()?
        .ok_or(Error::NotFound {
            what: "task",
            id: id.0,
        })?;
    complete_task(db, &mut task)?;
    Ok(task)
}

fn audit_row(
    tx: &Db,
    actor: &Actor,
    table: &str,
    row_id: i64,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (user_id, actor, table_name, row_id, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &args![
            actor.user.map(|u| u.0),
            actor.name,
            table,
            row_id,
            field,
            old,
            new
        ],
    )?;
    Ok(())
}

pub(crate) fn update_task(tx: &Db, id: TaskId, change: &TaskChange, actor: &Actor) -> Result<i64> {
    // Lock the row first, so no other editor can change it between this read and the
    // commit; a second editor waits here and then sees the new version.
    let current = task_locked(tx, id, &tx.for_update("k"))?;
    if let Some(expected) = change.expected_version {
        if expected != current.version {
            return Err(Error::Conflict {
                task: id.0,
                expected,
                found: current.version,
            });
        }
    }
    let fields: [(&str, Option<String>, Option<String>); 4] = [
        ("lead_unit", current.lead_unit, change.lead_unit.clone()),
        (
            "supporting_units",
            current.supporting_units,
            change.supporting_units.clone(),
        ),
        ("due_date", current.due_date, change.due_date.clone()),
        (
            "status",
            Some(current.status.as_str().to_string()),
            change.status.map(|s| s.as_str().to_string()),
        ),
    ];
    let mut changed = false;
    for (field, old, new) in fields {
        let Some(new) = new else { continue };
        if old.as_deref() == Some(new.as_str()) {
            continue;
        }
        // Column names come from the fixed list above, never from the caller.
        tx.execute(
            &format!("UPDATE tasks SET {field} = ?1 WHERE id = ?2"),
            &args![new, id.0],
        )?;
        audit_row(tx, actor, "tasks", id.0, field, old.as_deref(), Some(&new))?;
        changed = true;
    }
    if !changed {
        return Ok(current.version);
    }
    // The version check and the bump are one statement, so two editors racing past the
    // read above cannot both win.
    let n = tx.execute(
        "UPDATE tasks SET version = version + 1, updated_at = CURRENT_TIMESTAMP
         WHERE id = ?1 AND version = ?2",
        &args![id.0, current.version],
    )?;
    if n == 0 {
        return Err(Error::Conflict {
            task: id.0,
            expected: current.version,
            found: current.version + 1,
        });
    }
    Ok(current.version + 1)
}

pub(crate) fn add_note(
    tx: &Db,
    id: TaskId,
    noted_on: &str,
    note: &str,
    actor: &Actor,
) -> Result<()> {
    task(tx, id)?;
    let note_id = tx.insert(
        "INSERT INTO task_notes (task_id, noted_on, note, author_id, author) VALUES (?1, ?2, ?3, ?4, ?5)",
        &args![id.0, noted_on, note, actor.user.map(|u| u.0), actor.name],
    )?;
    audit_row(
        tx,
        actor,
        "task_notes",
        note_id,
        "note",
        None,
        Some(&format!("{noted_on} {note}")),
    )?;
    Ok(())
}

pub(crate) fn audit(db: &Db, table: &str, row_id: i64) -> Result<Vec<AuditEntry>> {
    db.query(
        "SELECT at, actor, table_name, row_id, field, old_value, new_value FROM audit_log
         WHERE table_name = ?1 AND row_id = ?2 ORDER BY id",
        &args![table, row_id],
    )?
    .iter()
    .map(audit_from_row)
    .collect()
}

/// An audit entry from `at, actor, table_name, row_id, field, old_value, new_value`.
pub(crate) fn audit_from_row(r: &Row) -> Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(0)?,
        actor: r.get(1)?,
        table: r.get(2)?,
        row_id: r.get(3)?,
        field: r.get(4)?,
        old: r.get(5)?,
        new: r.get(6)?,
    })
}
