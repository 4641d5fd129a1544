//! Backup and restore: a whole database to one SQLite file and back.
//!
//! A backup is always an SQLite file of the same schema as `migrations/sqlite/`, so it
//! can be opened, checked and restored anywhere. From SQLite it is made with SQLite's
//! online backup API in one step (one read snapshot; in WAL mode writers go on while it
//! runs); from PostgreSQL every table is copied inside one `REPEATABLE READ` snapshot.
//! The file is written under a temporary name and renamed into place, so a backup that
//! fails leaves nothing that looks like one.
//!
//! A restore first checks that the file is a duban database of a schema version this
//! program knows, stages a copy and migrates it to the current schema, then replaces the
//! whole contents in one transaction: SQLite's backup API into the live database, or, on
//! PostgreSQL, delete everything and insert the backup's rows (ids kept, identity
//! sequences moved past them). Readers see the old contents or the new, never a mix.
//! This module is not a replacement for a server's own backups (`pg_dump`, WAL
//! archiving); it is the portable copy an office can keep next to the program.

use crate::db::{Db, Kind};
use crate::{Error, Result, Store, SQLITE_MIGRATIONS};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a backup holds, as counted in the file written or restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupSummary {
    /// The schema version of the file (restores report the version after migrating).
    pub schema_version: u32,
    /// Stored reports.
    pub n_reports: i64,
    /// Tasks in the ledger.
    pub n_tasks: i64,
    /// Audit log entries.
    pub n_audit: i64,
}

/// How long a backup or restore waits for another connection's write lock.
const LOCK_WAIT: Duration = Duration::from_secs(60);

impl Store {
    /// Writes a backup of the whole database to the new SQLite file `out` (which must
    /// not exist), while other connections may go on writing.
    pub fn backup_to(&self, out: &Path) -> Result<BackupSummary> {
        if out.exists() {
            return Err(Error::Backup {
                path: out.to_path_buf(),
                problem: "already exists; give a new file name".to_string(),
            });
        }
        let partial = sibling(out, ".partial");
        remove_sqlite_files(&partial);
        let written = match self.db.kind() {
            Kind::Sqlite => self.sqlite_backup(&partial),
            Kind::Postgres => self.copy_to_sqlite(&partial),
        }
        .and_then(|()| seal(&partial));
        let summary = match written.and_then(|()| check_backup(&partial)) {
            Ok(summary) => summary,
            Err(err) => {
                remove_sqlite_files(&partial);
                return Err(err);
            }
        };
        std::fs::rename(&partial, out).map_err(|source| Error::Io {
            path: out.to_path_buf(),
            source,
        })?;
        Ok(summary)
    }

    /// Replaces the whole contents of this database with the backup at `backup`, in one
    /// transaction, after checking that it is a duban database of a known schema
    /// version. An older backup is migrated to the current schema on the way in.
    pub fn restore_from(&mut self, backup: &Path) -> Result<BackupSummary> {
        check_backup(backup)?;
        // Work on a copy, so the user's backup file is never migrated or changed.
        let staged = std::env::temp_dir().join(format!(
            "duban-restore-{}-{}.db",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let result = std::fs::copy(backup, &staged)
            .map_err(|source| Error::Io {
                path: backup.to_path_buf(),
                source,
            })
            .and_then(|_| {
                let source = Store::open(&staged)?;
                match self.db.kind() {
                    Kind::Sqlite => self.sqlite_restore(&source),
                    Kind::Postgres => self.copy_from_sqlite(&source),
                }
            });
        remove_sqlite_files(&staged);
        result?;
        self.summary()
    }

    /// Counts what the database holds.
    pub fn summary(&self) -> Result<BackupSummary> {
        summary_of(&self.db, self.schema_version()?)
    }

    fn sqlite_backup(&self, partial: &Path) -> Result<()> {
        let mut dest = rusqlite::Connection::open(partial)?;
        self.db
            .with_sqlite(|conn| copy_all(conn, &mut dest))
            .unwrap_or_else(|| unreachable!("called for SQLite only"))
    }

    fn sqlite_restore(&self, source: &Store) -> Result<()> {
        let copied = source
            .db
            .with_sqlite(|from| {
                self.db
                    .with_sqlite(|to| {
                        copy_all(from, to)?;
                        // The copy brings the backup's header, journal mode included;
                        // a file database stays in WAL mode.
                        if to.path().is_some_and(|p| !p.is_empty()) {
                            to.pragma_update(None, "journal_mode", "WAL")?;
                        }
                        Ok(())
                    })
                    .unwrap_or_else(|| unreachable!("called for SQLite only"))
            })
            .unwrap_or_else(|| unreachable!("staged restores are SQLite files"));
        copied
    }

    /// PostgreSQL → a new SQLite file, one table at a time, in one snapshot.
    fn copy_to_sqlite(&self, partial: &Path) -> Result<()> {
        let dest = Store::open(partial)?;
        if dest.schema_version()? != self.schema_version()? {
            return Err(Error::Backup {
                path: partial.to_path_buf(),
                problem: format!(
                    "the PostgreSQL schema is version {}, this program writes backups of version {}",
                    self.schema_version()?,
                    dest.schema_version()?
                ),
            });
        }
        // Foreign keys are checked by the source; rows go in table by table.
        dest.db.batch("PRAGMA foreign_keys = OFF")?;
        let snapshot = self
            .db
            .begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        let tx = dest.db.transaction()?;
        for table in tables_in_order(&dest.db)? {
            let columns = columns(&dest.db, &table)?;
            let list = columns.join(", ");
            let rows = snapshot.query(&format!("SELECT {list} FROM {table} ORDER BY 1"), &[])?;
            let insert = insert_sql(&table, &columns, "");
            for row in &rows {
                tx.execute(&insert, &row.0)?;
            }
        }
        tx.commit()?;
        snapshot.commit()?;
        Ok(())
    }

    /// A (staged, migrated) SQLite backup → this PostgreSQL database, in one
    /// transaction: delete everything, insert the backup's rows with their ids.
    fn copy_from_sqlite(&self, source: &Store) -> Result<()> {
        let order = tables_in_order(&source.db)?;
        let tx = self.db.transaction()?;
        // Other writers wait until the restore is committed, then see only its rows.
        for table in &order {
            tx.execute(&format!("LOCK TABLE {table} IN EXCLUSIVE MODE"), &[])?;
        }
        for table in order.iter().rev() {
            tx.execute(&format!("DELETE FROM {table}"), &[])?;
        }
        for table in &order {
            let columns = columns(&source.db, table)?;
            let list = columns.join(", ");
            let rows = source
                .db
                .query(&format!("SELECT {list} FROM {table} ORDER BY 1"), &[])?;
            let insert = insert_sql(table, &columns, " OVERRIDING SYSTEM VALUE");
            for row in &rows {
                tx.execute(&insert, &row.0)?;
            }
            if columns.iter().any(|c| c == "id") {
                // The next id the table hands out comes after the restored ones.
                tx.query(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                       (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                    ),
                    &[],
                )?;
            }
        }
        tx.commit()
    }
}

/// Checks that `path` is a duban database this program can restore, and counts it.
pub(crate) fn check_backup(path: &Path) -> Result<BackupSummary> {
    let not_a_backup = |problem: String| Error::Backup {
        path: path.to_path_buf(),
        problem,
    };
    if !path.is_file() {
        return Err(not_a_backup("no such file".to_string()));
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| not_a_backup(format!("cannot open: {e}")))?;
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                not_a_backup("not a duban backup: not an SQLite database".to_string())
            }
            _ => not_a_backup(format!("cannot read: {e}")),
        })?;
    if quick != "ok" {
        return Err(not_a_backup(format!("damaged database: {quick}")));
    }
    let version: Option<u32> = conn
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get(0)
        })
        .map_err(|_| {
            not_a_backup(
                "not a duban backup: an SQLite database without duban's schema_migrations table"
                    .to_string(),
            )
        })?;
    let known = SQLITE_MIGRATIONS.last().map_or(0, |m| m.0);
    let version = match version {
        Some(v) if v >= 1 && v <= known => v,
        Some(v) if v > known => {
            return Err(not_a_backup(format!(
                "written by a newer duban (schema version {v}; this program knows up to {known})"
            )))
        }
        _ => {
            return Err(not_a_backup(
                "not a duban backup: no schema version recorded".to_string(),
            ))
        }
    };
    for table in ["reports", "tasks", "audit_log"] {
        let found: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| not_a_backup(format!("cannot read: {e}")))?;
        if found == 0 {
            return Err(not_a_backup(format!(
                "not a duban backup: no {table} table"
            )));
        }
    }
    drop(conn);
    let db = Db::open_sqlite_read_only(path)?;
    summary_of(&db, version)
}

fn summary_of(db: &Db, schema_version: u32) -> Result<BackupSummary> {
    let count = |table: &str| -> Result<i64> {
        db.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?
            .get(0)
    };
    Ok(BackupSummary {
        schema_version,
        n_reports: count("reports")?,
        n_tasks: count("tasks")?,
        n_audit: count("audit_log")?,
    })
}

/// Copies every page of `from` into `to` in one backup step: one read snapshot of the
/// source, one write transaction on the destination. Waits while another connection
/// holds a lock.
fn copy_all(from: &rusqlite::Connection, to: &mut rusqlite::Connection) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let backup = Backup::new(from, to)?;
    let started = Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked
                if started.elapsed() < LOCK_WAIT =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            _ => {
                return Err(Error::Db(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some(format!(
                        "the database stayed locked for {} s",
                        LOCK_WAIT.as_secs()
                    )),
                )))
            }
        }
    }
}

/// Makes a new backup file self-contained (no `-wal` side file) and durable.
fn seal(path: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("VACUUM")?;
    drop(conn);
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// The store's tables (not `schema_migrations`), parents before the tables that refer
/// to them, read from an SQLite database's catalogue so new tables are included.
fn tables_in_order(db: &Db) -> Result<Vec<String>> {
    let names: Vec<String> = db
        .query(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?;
    let mut parents = std::collections::BTreeMap::new();
    for name in &names {
        let refs: Vec<String> = db
            .query(&format!("PRAGMA foreign_key_list({name})"), &[])?
            .iter()
            .map(|r| r.get::<String>(2))
            .collect::<Result<_>>()?;
        parents.insert(name.clone(), refs);
    }
    let mut order: Vec<String> = Vec::new();
    while order.len() < names.len() {
        let before = order.len();
        for name in &names {
            let ready = parents[name]
                .iter()
                .all(|p| p == name || order.contains(p) || !names.contains(p));
            if ready && !order.contains(name) {
                order.push(name.clone());
            }
        }
        if order.len() == before {
            // A cycle of references; keep the rest in name order.
            let rest: Vec<String> = names
                .iter()
                .filter(|n| !order.contains(n))
                .cloned()
                .collect();
            order.extend(rest);
        }
    }
    Ok(order)
}

/// The column names of `table` in an SQLite database.
fn columns(db: &Db, table: &str) -> Result<Vec<String>> {
    db.query(&format!("PRAGMA table_info({table})"), &[])?
        .iter()
        .map(|r| r.get(1))
        .collect()
}

fn insert_sql(table: &str, columns: &[String], overriding: &str) -> String {
    let marks = vec!["?"; columns.len()].join(", ");
    format!(
        "INSERT INTO {table} ({}){overriding} VALUES ({marks})",
        columns.join(", ")
    )
}

/// `path` with `suffix` added to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}
