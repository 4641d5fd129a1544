//! duban-store: where reports, their facts, outcome links and the task ledger live.
//!
//! The API speaks the product's words — [`Store::add_report`], [`Store::track`],
//! [`Store::tasks`], [`Store::update_task`] — and no SQL leaves this crate. The backend is
//! an SQLite file (WAL mode) through `rusqlite`; the schema is a list of numbered
//! migrations embedded from `migrations/sqlite/` and run at open. `migrations/postgres/`
//! holds the same schema for the PostgreSQL backend to come (issue 7), which will sit
//! behind these same methods.
//!
//! Why rusqlite and not sqlx: the CLI is synchronous, and sqlx would bring an async
//! runtime and a much longer build for one backend used today; its `query!` macros also
//! need a database at build time. The SQL here is plain and portable (no SQLite-only
//! functions in queries), so a `postgres`-crate or sqlx backend can reuse it.
//!
//! Consistency: every report is written in one transaction (report, sections,
//! indicators, targets, tasks), so a crash mid-ingest leaves it absent, never half
//! there. The same content (SHA-256 of region, year and normalized text) is stored once.
//!
//! ```
//! let mut store = duban_store::Store::open_in_memory().unwrap();
//! let hints = duban_core::MetaHints { region: Some("甲市".into()), year: Some(2016), ..Default::default() };
//! let extraction = duban_core::extract("2016年政府工作报告\n", &hints);
//! let added = store.add_report(&extraction.reports[0], "example.txt").unwrap();
//! assert_eq!(store.add_report(&extraction.reports[0], "example.txt").unwrap(), duban_store::Added::Unchanged(added.id()));
//! ```

pub mod codec;
mod link;
pub mod model;
mod queries;
mod web;

pub use model::*;
pub use web::*;

use duban_core::outline::Section;
use duban_core::Report;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened or a statement failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("migration {version} ({name}): {source}")]
    Migration {
        /// Its number.
        version: u32,
        /// Its file name.
        name: &'static str,
        /// Why.
        source: rusqlite::Error,
    },
    /// The database was written by a newer duban.
    #[error("database schema version {found} is newer than this program's {known}")]
    TooNew {
        /// Found in the database.
        found: u32,
        /// Highest this program knows.
        known: u32,
    },
    /// Someone else changed the row since the editor read it.
    #[error(
        "task {task} was changed by someone else (version {found}, you edited version {expected})"
    )]
    Conflict {
        /// The task.
        task: i64,
        /// The version the editor saw.
        expected: i64,
        /// The version in the store.
        found: i64,
    },
    /// No such row.
    #[error("no {what} with id {id}")]
    NotFound {
        /// What was looked for.
        what: &'static str,
        /// The id.
        id: i64,
    },
    /// JSON (de)serialization of metadata failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Store result.
pub type Result<T> = std::result::Result<T, Error>;

/// The embedded SQLite migrations, in order.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "0001_init.sql",
        include_str!("../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "0002_web.sql",
        include_str!("../migrations/sqlite/0002_web.sql"),
    ),
];

/// The PostgreSQL migrations, kept in step with the SQLite ones; not run yet.
pub const POSTGRES_MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "0001_init.sql",
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "0002_web.sql",
        include_str!("../migrations/postgres/0002_web.sql"),
    ),
];

/// A duban database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path`, in WAL mode, and runs
    /// pending migrations.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Store::init(conn)
    }

    /// An in-memory database, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version in force.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
                r.get::<_, Option<u32>>(0)
            })?
            .unwrap_or(0))
    }

    fn migrate(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version INTEGER PRIMARY KEY,
                 name TEXT NOT NULL,
                 applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        )?;
        let current = self.schema_version()?;
        let known = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > known {
            return Err(Error::TooNew {
                found: current,
                known,
            });
        }
        for &(version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)
                .and_then(|()| {
                    tx.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                        params![version, name],
                    )
                    .map(|_| ())
                })
                .map_err(|source| Error::Migration {
                    version,
                    name,
                    source,
                })?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The content hash of a report: SHA-256 over region, year and normalized text.
    pub fn content_hash(report: &Report) -> String {
        let mut hasher = Sha256::new();
        hasher.update(report.meta.region.as_deref().unwrap_or("").as_bytes());
        hasher.update([0]);
        hasher.update(report.meta.year.map(|y| y.to_string()).unwrap_or_default());
        hasher.update([0]);
        hasher.update(report.text.as_bytes());
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Stores one report and everything extracted from it, in one transaction.
    /// The same content stored before is left as it is ([`Added::Unchanged`]).
    pub fn add_report(&mut self, report: &Report, source: &str) -> Result<Added> {
        let hash = Store::content_hash(report);
        let tx = self.conn.transaction()?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM reports WHERE content_hash = ?1",
                [&hash],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(Added::Unchanged(ReportId(id)));
        }
        let id = insert_report(&tx, report, source, &hash)?;
        tx.commit()?;
        Ok(Added::Stored(id))
    }

    /// Recomputes outcome links and task evidence for the given regions (all regions
    /// when `regions` is empty).
    pub fn relink(&mut self, regions: &[String]) -> Result<LinkSummary> {
        link::relink(&mut self.conn, regions)
    }

    /// Stored reports, by region and year.
    pub fn reports(&self, filter: &Filter) -> Result<Vec<ReportSummary>> {
        queries::reports(&self.conn, filter)
    }

    /// Targets with their outcome and verdict, by region, year and metric.
    pub fn track(&self, filter: &Filter) -> Result<Vec<TrackRow>> {
        queries::track(&self.conn, filter)
    }

    /// Every stored indicator matching `filter`.
    pub fn indicators(&self, filter: &Filter) -> Result<Vec<IndicatorRow>> {
        queries::indicators(&self.conn, filter)
    }

    /// The task ledger with notes and the best candidate evidence.
    pub fn tasks(&self, filter: &Filter) -> Result<Vec<TaskRow>> {
        queries::tasks(&self.conn, filter)
    }

    /// One task.
    pub fn task(&self, id: TaskId) -> Result<TaskRow> {
        queries::task(&self.conn, id)
    }

    /// Changes ledger fields of a task, checking the version the editor saw, and writes
    /// one audit row per changed field. Returns the new version.
    pub fn update_task(&mut self, id: TaskId, change: &TaskChange, actor: &Actor) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let version = queries::update_task(&tx, id, change, actor)?;
        tx.commit()?;
        Ok(version)
    }

    /// Adds a dated progress note (进展情况) to a task, audited.
    pub fn add_note(
        &mut self,
        id: TaskId,
        noted_on: &str,
        note: &str,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        queries::add_note(&tx, id, noted_on, note, actor)?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a user; `password_hash` is computed by the caller (argon2 in the server).
    pub fn add_user(
        &mut self,
        name: &str,
        display_name: &str,
        role: &str,
        password_hash: Option<&str>,
    ) -> Result<UserId> {
        self.conn.execute(
            "INSERT INTO users (name, display_name, role, password_hash) VALUES (?1, ?2, ?3, ?4)",
            params![name, display_name, role, password_hash],
        )?;
        Ok(UserId(self.conn.last_insert_rowid()))
    }

    /// The audit log of one row (`table` is a store table name such as `tasks`).
    pub fn audit(&self, table: &str, row_id: i64) -> Result<Vec<AuditEntry>> {
        queries::audit(&self.conn, table, row_id)
    }
}

fn insert_report(
    tx: &Transaction<'_>,
    report: &Report,
    source: &str,
    hash: &str,
) -> Result<ReportId> {
    let meta = &report.meta;
    tx.execute(
        "INSERT INTO reports (region, level, year, review_year, plan_period, title, source,
                              content_hash, text, meta_json, diagnostics_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            meta.region,
            meta.level.map(|l| codec::name(&l)),
            meta.year,
            meta.review_year,
            meta.plan_period.as_ref().map(|p| p.name.clone()),
            meta.title,
            source,
            hash,
            report.text,
            serde_json::to_string(meta)?,
            serde_json::to_string(&report.diagnostics)?,
        ],
    )?;
    let report_id = tx.last_insert_rowid();
    let mut ord = 0;
    for section in &report.outline.sections {
        insert_section(tx, report_id, None, section, &mut ord)?;
    }
    let sentence_of =
        |span: duban_core::ByteSpan| report.text.get(span.start..span.end).unwrap_or("");
    {
        let mut stmt = tx.prepare(
            "INSERT INTO indicators (report_id, ord, metric, metric_text, measure, value, low, high,
                 unit, qualifier, role, period_start, period_end, base, scope, from_value,
                 span_start, span_end, sentence_start, sentence_end, sentence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21)",
        )?;
        for (k, i) in report.indicators.iter().enumerate() {
            stmt.execute(rusqlite::params_from_iter(indicator_row(
                report_id,
                k,
                i,
                &report.text,
            )))?;
        }
    }
    {
        let mut stmt = tx.prepare(
            "INSERT INTO targets (report_id, ord, metric, metric_text, measure, value, low, high,
                 unit, qualifier, role, period_start, period_end, base, scope, from_value,
                 span_start, span_end, sentence_start, sentence_end, sentence, hardness)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22)",
        )?;
        for (k, t) in report.targets.iter().enumerate() {
            let mut row = indicator_row(report_id, k, &t.indicator, &report.text);
            row.push(Value::Text(codec::name(&t.hardness)));
            stmt.execute(rusqlite::params_from_iter(row))?;
        }
    }
    {
        let mut stmt = tx.prepare(
            "INSERT INTO tasks (report_id, task_key, ord, area, action, object, text,
                 deadline_text, deadline_year, deadline_month, span_start, span_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (k, t) in report.tasks.iter().enumerate() {
            stmt.execute(params![
                report_id,
                t.id,
                k as i64,
                t.area.join(" / "),
                t.action,
                t.object,
                sentence_of(t.span),
                t.deadline.as_ref().map(|d| d.text.clone()),
                t.deadline.as_ref().and_then(|d| d.year),
                t.deadline.as_ref().and_then(|d| d.month),
                t.span.start as i64,
                t.span.end as i64,
            ])?;
        }
    }
    Ok(ReportId(report_id))
}

fn insert_section(
    tx: &Transaction<'_>,
    report_id: i64,
    parent: Option<i64>,
    section: &Section,
    ord: &mut i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sections (report_id, parent_id, ord, heading, role, level, span_start, span_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            report_id,
            parent,
            *ord,
            section.heading,
            codec::name(&section.role),
            section.level,
            section.span.start as i64,
            section.span.end as i64,
        ],
    )?;
    *ord += 1;
    let id = tx.last_insert_rowid();
    for child in &section.children {
        insert_section(tx, report_id, Some(id), child, ord)?;
    }
    Ok(())
}

/// The columns an indicator and a target share, in the order of their INSERTs.
fn indicator_row(
    report_id: i64,
    ord: usize,
    i: &duban_core::Indicator,
    report_text: &str,
) -> Vec<Value> {
    let sentence = report_text
        .get(i.sentence.start..i.sentence.end)
        .unwrap_or("");
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    let real = |v: Option<f64>| v.map_or(Value::Null, Value::Real);
    let int = |v: Option<i32>| v.map_or(Value::Null, |v| Value::Integer(v.into()));
    vec![
        Value::Integer(report_id),
        Value::Integer(ord as i64),
        text(i.metric.clone()),
        Value::Text(i.metric_text.clone()),
        Value::Text(codec::name(&i.measure)),
        real(i.value),
        real(i.low),
        real(i.high),
        Value::Text(i.unit.clone()),
        text(i.qualifier.map(|q| codec::name(&q))),
        Value::Text(codec::name(&i.role)),
        int(i.period.map(|p| p.start)),
        int(i.period.map(|p| p.end)),
        text(i.base.clone()),
        text(i.scope.clone()),
        real(i.from_value),
        Value::Integer(i.span.start as i64),
        Value::Integer(i.span.end as i64),
        Value::Integer(i.sentence.start as i64),
        Value::Integer(i.sentence.end as i64),
        Value::Text(sentence.to_string()),
    ]
}
