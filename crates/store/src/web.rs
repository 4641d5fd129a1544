//! What the web app (`duban-server`) needs beyond the CLI's queries: users by name,
//! sign-in sessions, one report with its outline and every fact's span, and the full
//! history of a task.
//!
//! Session tokens are stored as the caller's hash of them (the server passes SHA-256
//! hex), never as the cookie value. Times are Unix seconds chosen by the caller, so the
//! store reads no clock.

use crate::db::{args, Row};
use crate::model::*;
use crate::{Error, Result, Store};
use serde::Serialize;

/// A user as the server needs it for signing in and deciding rights.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UserRecord {
    /// The id.
    pub id: UserId,
    /// Sign-in name.
    pub name: String,
    /// Name shown on pages and in the audit log.
    pub display_name: String,
    /// `admin`, `editor` or `viewer`.
    pub role: String,
    /// The argon2 PHC string; `None` for a user who cannot sign in.
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// A disabled user cannot sign in and their sessions are refused.
    pub disabled: bool,
}

/// A live session: who, and the CSRF token bound to it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRecord {
    /// The signed-in user.
    pub user: UserRecord,
    /// The form token of this session.
    pub csrf: String,
}

/// A section of a stored report's outline, in text order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectionRow {
    /// Its id.
    pub id: i64,
    /// The enclosing section.
    pub parent_id: Option<i64>,
    /// Heading as written.
    pub heading: String,
    /// Role name (`review`, `targets`, `tasks`, …).
    pub role: String,
    /// Depth, 1 for top-level headings.
    pub level: i64,
    /// Byte offset of its start in the report text.
    pub span_start: i64,
    /// Byte offset of its end in the report text.
    pub span_end: i64,
}

/// An indicator or a main target of a stored report, with its span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactRow {
    /// `indicator` or `target`.
    pub kind: &'static str,
    /// Its id (unique within its kind).
    pub id: i64,
    /// Metric id, if in the catalogue.
    pub metric: Option<String>,
    /// Metric as written.
    pub metric_text: String,
    /// Measure name.
    pub measure: String,
    /// Value (midpoint of a range).
    pub value: Option<f64>,
    /// Range lower bound.
    pub low: Option<f64>,
    /// Range upper bound.
    pub high: Option<f64>,
    /// Canonical unit.
    pub unit: String,
    /// Qualifier name.
    pub qualifier: Option<String>,
    /// Role name (`actual`, `estimate`, `target`, `plan_target`).
    pub role: String,
    /// First year the value is for.
    pub period_start: Option<i32>,
    /// Last year the value is for.
    pub period_end: Option<i32>,
    /// `hard` or `soft`, for targets.
    pub hardness: Option<String>,
    /// Byte offset of the quantity's start in the report text.
    pub span_start: i64,
    /// Byte offset of its end.
    pub span_end: i64,
    /// The sentence.
    pub sentence: String,
}

/// One stored report with its text, outline and facts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDetail {
    /// Summary and counts.
    pub summary: ReportSummary,
    /// The normalized text every span points into.
    pub text: String,
    /// Sections in text order.
    pub sections: Vec<SectionRow>,
    /// Indicators then targets, each in text order.
    pub facts: Vec<FactRow>,
}

/// Ledger filters beyond region and year, for [`Store::ledger_page`]; `None` is any.
#[derive(Clone, Debug, Default)]
pub struct LedgerFilter {
    /// Part of the area (heading path), matched literally.
    pub area: Option<String>,
    /// Part of the lead or supporting units, matched literally.
    pub unit: Option<String>,
    /// Status.
    pub status: Option<Status>,
    /// Only tasks due before this date (YYYY-MM-DD, normally today) and neither done
    /// nor dropped.
    pub overdue_on: Option<String>,
}

/// The report filter of `queries.rs` over alias `r`: ?1 region (or its end), ?2 year,
/// the latest scrape of each region and year.
const LEDGER_REPORTS: &str =
    "(CAST(?1 AS TEXT) IS NULL OR r.region = ?1 OR r.region LIKE '%' || ?1)
     AND (CAST(?2 AS INTEGER) IS NULL OR r.year = ?2)
     AND r.id IN (SELECT MAX(id) FROM reports GROUP BY region, year)";

/// `text` for a LIKE pattern with `\` as the escape character.
fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

const USER_COLUMNS: &str = "u.id, u.name, u.display_name, u.role, u.password_hash, u.disabled";

fn user_from_row(r: &Row) -> Result<UserRecord> {
    Ok(UserRecord {
        id: UserId(r.get(0)?),
        name: r.get(1)?,
        display_name: r.get(2)?,
        role: r.get(3)?,
        password_hash: r.get(4)?,
        disabled: r.get(5)?,
    })
}

impl Store {
    /// The user signing in as `name`, if any.
    pub fn user_by_name(&self, name: &str) -> Result<Option<UserRecord>> {
        self.db
            .query_opt(
                &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.name = ?1"),
                &args![name],
            )?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<UserRecord>> {
        self.db
            .query(
                &format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name"),
                &[],
            )?
            .iter()
            .map(user_from_row)
            .collect()
    }

    /// Records a session for `user`, valid until `expires_at` (Unix seconds), and drops
    /// the sessions that expired before `now`.
    pub fn create_session(
        &mut self,
        token_hash: &str,
        user: UserId,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        let tx = self.db.transaction()?;
        tx.execute("DELETE FROM sessions WHERE expires_at < ?1", &args![now])?;
        tx.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
            &args![token_hash, user.0, csrf, expires_at],
        )?;
        tx.commit()
    }

    /// The live session whose token hashes to `token_hash`: not expired at `now` and
    /// of a user who is not disabled.
    pub fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRecord>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at >= ?2 AND NOT u.disabled"
        );
        self.db
            .query_opt(&sql, &args![token_hash, now])?
            .map(|r| {
                Ok(SessionRecord {
                    user: user_from_row(&r)?,
                    csrf: r.get(6)?,
                })
            })
            .transpose()
    }

    /// Ends a session (signing out); unknown tokens are ignored.
    pub fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        self.db.execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            &args![token_hash],
        )?;
        Ok(())
    }

    /// One report with its text, outline and every indicator and target with its span.
    pub fn report_detail(&self, id: ReportId) -> Result<ReportDetail> {
        let head = self.db.query_opt(
            "SELECT r.id, r.region, r.level, r.year, r.title, r.source, r.text,
                (SELECT COUNT(*) FROM indicators i WHERE i.report_id = r.id),
                (SELECT COUNT(*) FROM targets t WHERE t.report_id = r.id),
                (SELECT COUNT(*) FROM tasks k WHERE k.report_id = r.id)
             FROM reports r WHERE r.id = ?1",
            &args![id.0],
        )?;
        let Some(r) = head else {
            return Err(Error::NotFound {
                what: "report",
                id: id.0,
            });
        };
        let summary = ReportSummary {
            id: ReportId(r.get(0)?),
            region: r.get(1)?,
            level: r.get(2)?,
            year: r.get(3)?,
            title: r.get(4)?,
            source: r.get(5)?,
            n_indicators: r.get(7)?,
            n_targets: r.get(8)?,
            n_tasks: r.get(9)?,
        };
        let text: String = r.get(6)?;
        let sections = self
            .db
            .query(
                "SELECT id, parent_id, heading, role, level, span_start, span_end FROM sections
                 WHERE report_id = ?1 ORDER BY ord",
                &args![id.0],
            )?
            .iter()
            .map(|r| {
                Ok(SectionRow {
                    id: r.get(0)?,
                    parent_id: r.get(1)?,
                    heading: r.get(2)?,
                    role: r.get(3)?,
                    level: r.get(4)?,
                    span_start: r.get(5)?,
                    span_end: r.get(6)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut facts = Vec::new();
        for (kind, table, hardness) in [
            ("indicator", "indicators", "CAST(NULL AS TEXT)"),
            ("target", "targets", "hardness"),
        ] {
            // Table and column names come from the fixed list above.
            let rows = self.db.query(
                &format!(
                    "SELECT id, metric, metric_text, measure, value, low, high, unit, qualifier, role,
                            period_start, period_end, {hardness}, span_start, span_end, sentence
                     FROM {table} WHERE report_id = ?1 ORDER BY ord"
                ),
                &args![id.0],
            )?;
            for r in &rows {
                facts.push(FactRow {
                    kind,
                    id: r.get(0)?,
                    metric: r.get(1)?,
                    metric_text: r.get(2)?,
                    measure: r.get(3)?,
                    value: r.get(4)?,
                    low: r.get(5)?,
                    high: r.get(6)?,
                    unit: r.get(7)?,
                    qualifier: r.get(8)?,
                    role: r.get(9)?,
                    period_start: r.get(10)?,
                    period_end: r.get(11)?,
                    hardness: r.get(12)?,
                    span_start: r.get(13)?,
                    span_end: r.get(14)?,
                    sentence: r.get(15)?,
                });
            }
        }
        Ok(ReportDetail {
            summary,
            text,
            sections,
            facts,
        })
    }

    /// The same rows as [`Store::tasks`], read in three queries (tasks, notes, evidence)
    /// instead of two per task, for pages that show whole ledgers. With `full` false the
    /// notes and evidence are left empty (one query), for views that show neither.
    pub fn ledger(&self, filter: &Filter, full: bool) -> Result<Vec<TaskRow>> {
        const WHERE: &str = LEDGER_REPORTS;
        let params = args![filter.region, filter.year];
        let mut tasks = self.ledger_tasks(
            &format!("WHERE {WHERE} ORDER BY r.region, r.year, k.ord"),
            &params,
        )?;
        if !full {
            return Ok(tasks);
        }
        let index: std::collections::HashMap<i64, usize> =
            tasks.iter().enumerate().map(|(k, t)| (t.id.0, k)).collect();
        for r in self.db.query(
            &format!(
                "SELECT n.task_id, n.noted_on, n.note, n.author FROM task_notes n
                 JOIN tasks k ON k.id = n.task_id JOIN reports r ON r.id = k.report_id
                 WHERE {WHERE} ORDER BY n.task_id, n.noted_on, n.id"
            ),
            &params,
        )? {
            if let Some(&k) = index.get(&r.get::<i64>(0)?) {
                tasks[k].notes.push(ProgressNote {
                    noted_on: r.get(1)?,
                    note: r.get(2)?,
                    author: r.get(3)?,
                });
            }
        }
        // A confirmed sentence beats the machine's ranking; the first row per task wins.
        for r in self.db.query(
            &format!(
                "SELECT e.task_id, e.report_id, e.sentence, e.score, e.confirmed FROM task_evidence e
                 JOIN tasks k ON k.id = e.task_id JOIN reports r ON r.id = k.report_id
                 WHERE {WHERE} ORDER BY e.task_id, e.confirmed IS NULL, e.rank"
            ),
            &params,
        )? {
            if let Some(&k) = index.get(&r.get::<i64>(0)?) {
                if tasks[k].evidence.is_none() {
                    tasks[k].evidence = Some(EvidenceRow {
                        report_id: ReportId(r.get(1)?),
                        sentence: r.get(2)?,
                        score: r.get(3)?,
                        confirmed: r.get(4)?,
                    });
                }
            }
        }
        Ok(tasks)
    }

    /// One page of the ledger with every filter applied in the database: the number of
    /// matching tasks and the first `limit` of them, without notes and evidence.
    pub fn ledger_page(
        &self,
        filter: &Filter,
        more: &LedgerFilter,
        limit: usize,
    ) -> Result<(usize, Vec<TaskRow>)> {
        // ?3 area, ?4 unit: parts, matched literally; ?5 status; ?6 today, for overdue.
        let where_sql = format!(
            "{LEDGER_REPORTS}
             AND (CAST(?3 AS TEXT) IS NULL OR k.area LIKE '%' || ?3 || '%' ESCAPE '\\')
             AND (CAST(?4 AS TEXT) IS NULL OR k.lead_unit LIKE '%' || ?4 || '%' ESCAPE '\\'
                  OR k.supporting_units LIKE '%' || ?4 || '%' ESCAPE '\\')
             AND (CAST(?5 AS TEXT) IS NULL OR k.status = ?5)
             AND (CAST(?6 AS DATE) IS NULL OR (k.due_date IS NOT NULL AND k.due_date < ?6
                  AND k.status NOT IN ('done', 'dropped')))"
        );
        let like = |v: &Option<String>| v.as_deref().map(like_literal);
        let params = args![
            filter.region,
            filter.year,
            like(&more.area),
            like(&more.unit),
            more.status.map(Status::as_str),
            more.overdue_on
        ];
        let total: i64 = self
            .db
            .query_one(
                &format!(
                    "SELECT COUNT(*) FROM tasks k JOIN reports r ON r.id = k.report_id
                     WHERE {where_sql}"
                ),
                &params,
            )?
            .get(0)?;
        let mut with_limit = params.to_vec();
        with_limit.push(crate::db::ToValue::to_value(
            &(limit.min(i64::MAX as usize) as i64),
        ));
        let tasks = self.ledger_tasks(
            &format!("WHERE {where_sql} ORDER BY r.region, r.year, k.ord LIMIT ?7"),
            &with_limit,
        )?;
        Ok((total as usize, tasks))
    }

    /// Ledger rows (without notes and evidence) for a WHERE … ORDER BY tail.
    fn ledger_tasks(&self, tail: &str, params: &[crate::db::Value]) -> Result<Vec<TaskRow>> {
        self.db
            .query(
                &format!(
                    "SELECT {} FROM tasks k JOIN reports r ON r.id = k.report_id {tail}",
                    crate::queries::TASK_COLUMNS
                ),
                params,
            )?
            .iter()
            .map(crate::queries::task_from_row)
            .collect()
    }

    /// Every audited change of a task, its progress notes included, oldest first.
    pub fn task_history(&self, id: TaskId) -> Result<Vec<AuditEntry>> {
        self.db
            .query(
                "SELECT at, actor, table_name, row_id, field, old_value, new_value FROM audit_log
                 WHERE (table_name = 'tasks' AND row_id = ?1)
                    OR (table_name = 'task_notes'
                        AND row_id IN (SELECT id FROM task_notes WHERE task_id = ?1))
                 ORDER BY id",
                &args![id.0],
            )?
            .iter()
            .map(crate::queries::audit_from_row)
            .collect()
    }
}

/// A fresh, empty PostgreSQL schema for one test of a crate above the store (which may
/// not speak SQL itself); dropped with everything in it when this value is.
///
/// Dropping connects to the server with the blocking `postgres` client, which runs a
/// runtime of its own: drop it outside any async runtime (on a plain thread).
pub struct ScratchSchema {
    server: String,
    schema: String,
    /// What [`Store::open_url`] takes to use the schema.
    pub url: String,
}

impl ScratchSchema {
    /// Creates a schema with a unique name on the server at `server`
    /// (`postgres://user@host:port/database`).
    pub fn create(server: &str) -> Result<ScratchSchema> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!(
            "duban_scratch_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        crate::db::Db::open_postgres(server)?.batch(&format!("CREATE SCHEMA {schema}"))?;
        let sep = if server.contains('?') { '&' } else { '?' };
        Ok(ScratchSchema {
            url: format!("{server}{sep}options=-c%20search_path%3D{schema}"),
            server: server.to_string(),
            schema,
        })
    }
}

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        // Best effort: a schema left behind by a failed test does no harm.
        if let Ok(db) = crate::db::Db::open_postgres(&self.server) {
            let _ = db.batch(&format!("DROP SCHEMA {} CASCADE", self.schema));
        }
    }
}
