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

mod backup;
pub mod codec;
mod db;
mod link;
pub mod model;
mod queries;
mod web;

pub use backup::BackupSummary;
pub use db::{date_of_unix_days, redact_url};
pub use model::*;
pub use web::*;

use db::{args, Db, Kind, Tx, Value};
use duban_core::outline::Section;
use duban_core::Report;
use sha2::{Digest, Sha256};
use std::path::Path;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The SQLite database could not be opened or a statement failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A PostgreSQL statement failed.
    #[error("postgresql: {message}")]
    Postgres {
        /// The SQLSTATE code, when the server sent one (`23505` is a unique violation).
        code: Option<String>,
        /// The server's message with its detail and hint, or the client's.
        message: String,
    },
    /// The PostgreSQL server could not be reached or refused the login.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL, password hidden.
        url: String,
        /// Why.
        message: String,
    },
    /// A column did not hold what the store expected (a corrupt or foreign database).
    #[error("unexpected value in column {index}: {problem}")]
    Column {
        /// The column's position in the query.
        index: usize,
        /// What was wrong.
        problem: String,
    },
    /// A migration failed.
    #[error("migration {version} ({name}): {source}")]
    Migration {
        /// Its number.
        version: u32,
        /// Its file name.
        name: &'static str,
        /// Why.
        source: Box<Error>,
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
    /// A backup could not be written, or a file given to restore is not a backup this
    /// program can restore.
    #[error("{}: {problem}", path.display())]
    Backup {
        /// The backup file.
        path: std::path::PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// JSON (de)serialization of metadata failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Store result.
pub type Result<T> = std::result::Result<T, Error>;

/// The embedded SQLite migrations, in order.
pub const SQLITE_MIGRATIONS: &[(u32, &str, &str)] = &[
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

/// The embedded PostgreSQL migrations, in step with [`SQLITE_MIGRATIONS`] (same numbers,
/// same tables and columns).
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

/// A duban database: an SQLite file or a PostgreSQL database.
pub struct Store {
    db: Db,
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path`, in WAL mode, and runs
    /// pending migrations.
    pub fn open(path: &Path) -> Result<Store> {
        Store::init(Db::open_sqlite(path)?)
    }

    /// Opens the database named by `location`: a `postgres://` or `postgresql://` URL
    /// (libpq's URL form: user, password, host, port, database, `?options=…`), or an
    /// SQLite file given as `sqlite:PATH` or a plain path. Runs pending migrations.
    pub fn open_url(location: &str) -> Result<Store> {
        if is_postgres_url(location) {
            return Store::init(Db::open_postgres(location)?);
        }
        let path = location
            .strip_prefix("sqlite://")
            .or_else(|| location.strip_prefix("sqlite:"))
            .unwrap_or(location);
        Store::open(Path::new(path))
    }

    /// An in-memory SQLite database, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Db::open_sqlite_memory()?)
    }

    fn init(db: Db) -> Result<Store> {
        let store = Store { db };
        store.migrate()?;
        Ok(store)
    }

    /// The backend's name: `sqlite` or `postgresql`.
    pub fn backend(&self) -> &'static str {
        match self.db.kind() {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
        }
    }

    /// The schema version in force.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .db
            .query_one("SELECT MAX(version) FROM schema_migrations", &[])?
            .get::<Option<u32>>(0)?
            .unwrap_or(0))
    }

    fn migrations(&self) -> &'static [(u32, &'static str, &'static str)] {
        match self.db.kind() {
            Kind::Sqlite => SQLITE_MIGRATIONS,
            Kind::Postgres => POSTGRES_MIGRATIONS,
        }
    }

    /// Runs the migrations the database lacks, each in its own transaction. Several
    /// processes opening a new database at once are serialized: SQLite by its write
    /// lock, PostgreSQL by an advisory lock, and each re-reads the version under it.
    fn migrate(&self) -> Result<()> {
        let migrations = self.migrations();
        let known = migrations.last().map_or(0, |m| m.0);
        // No schema_migrations table yet: a new database.
        let current = self.schema_version().unwrap_or_default();
        if current > known {
            return Err(Error::TooNew {
                found: current,
                known,
            });
        }
        if current == known {
            return Ok(());
        }
        let tx = self.db.transaction()?;
        if self.db.kind() == Kind::Postgres {
            // Any constant works; it only has to be the same for every duban process.
            tx.execute("SELECT pg_advisory_xact_lock(4242001)", &[])?;
        }
        tx.batch(match self.db.kind() {
            Kind::Sqlite => {
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                     version INTEGER PRIMARY KEY,
                     name TEXT NOT NULL,
                     applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            }
            Kind::Postgres => {
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                     version INTEGER PRIMARY KEY,
                     name TEXT NOT NULL,
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            }
        })?;
        let current = self.schema_version()?;
        for &(version, name, sql) in migrations.iter().filter(|m| m.0 > current) {
            tx.batch(sql)
                .and_then(|()| {
                    tx.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                        &args![version, name],
                    )
                    .map(|_| ())
                })
                .map_err(|source| Error::Migration {
                    version,
                    name,
                    source: Box::new(source),
                })?;
        }
        tx.commit()
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
        let tx = self.db.transaction()?;
        let existing = tx.query_opt(
            "SELECT id FROM reports WHERE content_hash = ?1",
            &args![hash],
        )?;
        if let Some(row) = existing {
            return Ok(Added::Unchanged(ReportId(row.get(0)?)));
        }
        let id = insert_report(&tx, report, source, &hash)?;
        tx.commit()?;
        Ok(Added::Stored(id))
    }

    /// Recomputes outcome links and task evidence for the given regions (all regions
    /// when `regions` is empty).
    pub fn relink(&mut self, regions: &[String]) -> Result<LinkSummary> {
        link::relink(&self.db, regions)
    }

    /// Stored reports, by region and year.
    pub fn reports(&self, filter: &Filter) -> Result<Vec<ReportSummary>> {
        queries::reports(&self.db, filter)
    }

    /// Targets with their outcome and verdict, by region, year and metric.
    pub fn track(&self, filter: &Filter) -> Result<Vec<TrackRow>> {
        queries::track(&self.db, filter)
    }

    /// Every stored indicator matching `filter`.
    pub fn indicators(&self, filter: &Filter) -> Result<Vec<IndicatorRow>> {
        queries::indicators(&self.db, filter)
    }

    /// The task ledger with notes and the best candidate evidence.
    pub fn tasks(&self, filter: &Filter) -> Result<Vec<TaskRow>> {
        queries::tasks(&self.db, filter)
    }

    /// One task.
    pub fn task(&self, id: TaskId) -> Result<TaskRow> {
        queries::task(&self.db, id)
    }

    /// Changes ledger fields of a task, checking the version the editor saw, and writes
    /// one audit row per changed field. Returns the new version.
    ///
    /// The task row is locked from the version check to the commit (SQLite's write
    /// lock, PostgreSQL's `FOR UPDATE`), so concurrent editors are serialized: each
    /// either applies its change on the version it saw or gets [`Error::Conflict`].
    pub fn update_task(&mut self, id: TaskId, change: &TaskChange, actor: &Actor) -> Result<i64> {
        let tx = self.db.transaction()?;
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
        let tx = self.db.transaction()?;
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
        let id = self.db.insert(
            "INSERT INTO users (name, display_name, role, password_hash) VALUES (?1, ?2, ?3, ?4)",
            &args![name, display_name, role, password_hash],
        )?;
        Ok(UserId(id))
    }

    /// Checks the database's own consistency and returns the problems found (none when
    /// healthy). On SQLite this is `PRAGMA integrity_check` and `PRAGMA
    /// foreign_key_check`; a PostgreSQL server keeps its own consistency, so nothing is
    /// checked there.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let Some(problems) = self.db.with_sqlite(|conn| {
            let mut problems = Vec::new();
            let mut stmt = conn.prepare("PRAGMA integrity_check")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let line: String = row.get(0)?;
                if line != "ok" {
                    problems.push(line);
                }
            }
            let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let table: String = row.get(0)?;
                let rowid: Option<i64> = row.get(1)?;
                let parent: String = row.get(2)?;
                problems.push(format!(
                    "{table} row {} refers to a missing {parent} row",
                    rowid.map_or("?".to_string(), |r| r.to_string())
                ));
            }
            Ok(problems)
        }) else {
            return Ok(Vec::new());
        };
        problems
    }

    /// SQLite's journal mode (`wal` for a file database); `None` on PostgreSQL.
    pub fn journal_mode(&self) -> Result<Option<String>> {
        self.db
            .with_sqlite(|conn| {
                Ok(conn.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))?)
            })
            .transpose()
    }

    /// The audit log of one row (`table` is a store table name such as `tasks`).
    pub fn audit(&self, table: &str, row_id: i64) -> Result<Vec<AuditEntry>> {
        queries::audit(&self.db, table, row_id)
    }
}

/// Whether `location` names a PostgreSQL database rather than an SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    let lower = location.get(..13).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

fn insert_report(tx: &Tx<'_>, report: &Report, source: &str, hash: &str) -> Result<ReportId> {
    let meta = &report.meta;
    let report_id = tx.insert(
        "INSERT INTO reports (region, level, year, review_year, plan_period, title, source,
                              content_hash, text, meta_json, diagnostics_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &args![
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
    let mut ord = 0;
    for section in &report.outline.sections {
        insert_section(tx, report_id, None, section, &mut ord)?;
    }
    let sentence_of =
        |span: duban_core::ByteSpan| report.text.get(span.start..span.end).unwrap_or("");
    for (k, i) in report.indicators.iter().enumerate() {
        tx.execute(
            "INSERT INTO indicators (report_id, ord, metric, metric_text, measure, value, low, high,
                 unit, qualifier, role, period_start, period_end, base, scope, from_value,
                 span_start, span_end, sentence_start, sentence_end, sentence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21)",
            &indicator_row(report_id, k, i, &report.text),
        )?;
    }
    for (k, t) in report.targets.iter().enumerate() {
        let mut row = indicator_row(report_id, k, &t.indicator, &report.text);
        row.push(Value::Text(codec::name(&t.hardness)));
        tx.execute(
            "INSERT INTO targets (report_id, ord, metric, metric_text, measure, value, low, high,
                 unit, qualifier, role, period_start, period_end, base, scope, from_value,
                 span_start, span_end, sentence_start, sentence_end, sentence, hardness)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22)",
            &row,
        )?;
    }
    for (k, t) in report.tasks.iter().enumerate() {
        tx.execute(
            "INSERT INTO tasks (report_id, task_key, ord, area, action, object, text,
                 deadline_text, deadline_year, deadline_month, span_start, span_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            &args![
                report_id,
                t.id,
                k as i64,
                t.area.join(" / "),
                t.action.as_deref(),
                t.object,
                sentence_of(t.span),
                t.deadline.as_ref().map(|d| d.text.clone()),
                t.deadline.as_ref().and_then(|d| d.year),
                t.deadline.as_ref().and_then(|d| d.month),
                t.span.start as i64,
                t.span.end as i64,
            ],
        )?;
    }
    Ok(ReportId(report_id))
}

fn insert_section(
    tx: &Tx<'_>,
    report_id: i64,
    parent: Option<i64>,
    section: &Section,
    ord: &mut i64,
) -> Result<()> {
    let id = tx.insert(
        "INSERT INTO sections (report_id, parent_id, ord, heading, role, level, span_start, span_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &args![
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
    Vec::from(args![
        report_id,
        ord as i64,
        i.metric,
        i.metric_text,
        codec::name(&i.measure),
        i.value,
        i.low,
        i.high,
        i.unit,
        i.qualifier.map(|q| codec::name(&q)),
        codec::name(&i.role),
        i.period.map(|p| p.start),
        i.period.map(|p| p.end),
        i.base,
        i.scope,
        i.from_value,
        i.span.start as i64,
        i.span.end as i64,
        i.sentence.start as i64,
        i.sentence.end as i64,
        sentence,
    ])
}
