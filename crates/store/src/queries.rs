//! The store's read queries and the audited ledger writes.
//!
//! Region filters accept the full name or a suffix of it (`海拉尔区` finds
//! `呼伦贝尔市海拉尔区`). When one region and year has several stored reports (two
//! scrapes of one report), the latest stored one is the one shown.

use crate::model::*;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The WHERE clause shared by queries over one report alias `r`: ?1 region, ?2 year.
const REPORT_FILTER: &str = "(?1 IS NULL OR r.region = ?1 OR r.region LIKE '%' || ?1)
     AND (?2 IS NULL OR r.year = ?2)
     AND r.id IN (SELECT MAX(id) FROM reports GROUP BY region, year)";

pub(crate) fn reports(conn: &Connection, filter: &Filter) -> Result<Vec<ReportSummary>> {
    let sql = format!(
        "SELECT r.id, r.region, r.level, r.year, r.title, r.source,
                (SELECT COUNT(*) FROM indicators i WHERE i.report_id = r.id),
                (SELECT COUNT(*) FROM targets t WHERE t.report_id = r.id),
                (SELECT COUNT(*) FROM tasks k WHERE k.report_id = r.id)
         FROM reports r WHERE {REPORT_FILTER} ORDER BY r.region, r.year, r.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![filter.region, filter.year], |r| {
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
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn track(conn: &Connection, filter: &Filter) -> Result<Vec<TrackRow>> {
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
         WHERE {REPORT_FILTER} AND (?3 IS NULL OR t.metric = ?3)
         ORDER BY r.region, t.metric IS NULL, t.metric, t.measure, r.year, t.ord"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![filter.region, filter.year, filter.metric], |r| {
        let outcome = match r.get::<_, Option<i64>>(21)? {
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
                .get::<_, Option<String>>(14)?
                .unwrap_or_else(|| "no_data".to_string()),
            rule: r
                .get::<_, Option<String>>(15)?
                .unwrap_or_else(|| "not linked yet".to_string()),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn indicators(conn: &Connection, filter: &Filter) -> Result<Vec<IndicatorRow>> {
    let sql = format!(
        "SELECT r.id, r.region, r.year, i.metric, i.metric_text, i.measure, i.value, i.low,
                i.high, i.unit, i.qualifier, i.role, i.period_start, i.period_end, i.sentence
         FROM indicators i JOIN reports r ON r.id = i.report_id
         WHERE {REPORT_FILTER} AND (?3 IS NULL OR i.metric = ?3)
         ORDER BY r.region, r.year, r.id, i.ord"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![filter.region, filter.year, filter.metric], |r| {
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
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const TASK_COLUMNS: &str = "k.id, k.task_key, r.id, r.region, r.year, k.area, k.text,
     k.deadline_text, k.lead_unit, k.supporting_units, k.due_date, k.status, k.version";

fn task_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TaskRow> {
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
fn complete_task(conn: &Connection, task: &mut TaskRow) -> Result<()> {
    let mut notes = conn.prepare_cached(
        "SELECT noted_on, note, author FROM task_notes WHERE task_id = ?1 ORDER BY noted_on, id",
    )?;
    task.notes = notes
        .query_map([task.id.0], |r| {
            Ok(ProgressNote {
                noted_on: r.get(0)?,
                note: r.get(1)?,
                author: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // A confirmed sentence beats the machine's ranking.
    let mut evidence = conn.prepare_cached(
        "SELECT report_id, sentence, score, confirmed FROM task_evidence WHERE task_id = ?1
         ORDER BY confirmed IS NULL, rank LIMIT 1",
    )?;
    task.evidence = evidence
        .query_row([task.id.0], |r| {
            Ok(EvidenceRow {
                report_id: ReportId(r.get(0)?),
                sentence: r.get(1)?,
                score: r.get(2)?,
                confirmed: r.get(3)?,
            })
        })
        .optional()?;
    Ok(())
}

pub(crate) fn tasks(conn: &Connection, filter: &Filter) -> Result<Vec<TaskRow>> {
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks k JOIN reports r ON r.id = k.report_id
         WHERE {REPORT_FILTER} ORDER BY r.region, r.year, k.ord"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows: Vec<TaskRow> = stmt
        .query_map(params![filter.region, filter.year], task_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for task in &mut rows {
        complete_task(conn, task)?;
    }
    Ok(rows)
}

pub(crate) fn task(conn: &Connection, id: TaskId) -> Result<TaskRow> {
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks k JOIN reports r ON r.id = k.report_id WHERE k.id = ?1"
    );
    let mut task = conn
        .query_row(&sql, [id.0], task_from_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: "task",
            id: id.0,
        })?;
    complete_task(conn, &mut task)?;
    Ok(task)
}

fn audit_row(
    tx: &Transaction<'_>,
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
        params![
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

pub(crate) fn update_task(
    tx: &Transaction<'_>,
    id: TaskId,
    change: &TaskChange,
    actor: &Actor,
) -> Result<i64> {
    let current = task(tx, id)?;
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
            params![new, id.0],
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
        params![id.0, current.version],
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
    tx: &Transaction<'_>,
    id: TaskId,
    noted_on: &str,
    note: &str,
    actor: &Actor,
) -> Result<()> {
    task(tx, id)?;
    tx.execute(
        "INSERT INTO task_notes (task_id, noted_on, note, author_id, author) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id.0, noted_on, note, actor.user.map(|u| u.0), actor.name],
    )?;
    let note_id = tx.last_insert_rowid();
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

pub(crate) fn audit(conn: &Connection, table: &str, row_id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, actor, table_name, row_id, field, old_value, new_value FROM audit_log
         WHERE table_name = ?1 AND row_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![table, row_id], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            actor: r.get(1)?,
            table: r.get(2)?,
            row_id: r.get(3)?,
            field: r.get(4)?,
            old: r.get(5)?,
            new: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
