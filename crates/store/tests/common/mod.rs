//! Runs a store test on every backend: a fresh SQLite file always, and a fresh
//! PostgreSQL schema too when `DUBAN_TEST_POSTGRES` holds a server URL
//! (`postgres://user@host:port/database`).
//!
//! Each PostgreSQL test gets its own schema (selected through the URL's
//! `options=-c search_path=…`), so tests run in parallel on one database; the schema is
//! dropped when the test's [`TestDb`] is.

#![allow(dead_code)]

use duban_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "DUBAN_TEST_POSTGRES";

/// A fresh, empty database on one backend.
pub struct TestDb {
    /// `sqlite` or `postgresql`.
    pub backend: &'static str,
    /// What [`Store::open_url`] takes; every open sees the same database.
    pub url: String,
    /// The SQLite file's folder.
    dir: Option<tempfile::TempDir>,
    /// The server URL and the schema to drop.
    schema: Option<(String, String)>,
}

impl TestDb {
    /// A new connection to this database (migrations run on the first).
    pub fn open(&self) -> Store {
        Store::open_url(&self.url)
            .unwrap_or_else(|e| panic!("{}: cannot open {}: {e}", self.backend, self.url))
    }

    /// The SQLite file, on that backend.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self.dir.as_ref().map(|d| d.path().join("duban.db"))
    }

    /// A fresh SQLite database file.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        TestDb {
            backend: "sqlite",
            url: dir.path().join("duban.db").display().to_string(),
            dir: Some(dir),
            schema: None,
        }
    }

    /// A fresh schema on the server at `server`.
    pub fn postgres(server: &str) -> TestDb {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let schema = format!(
            "duban_test_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = postgres::Client::connect(server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={server}: cannot connect: {e}"));
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap();
        let sep = if server.contains('?') { '&' } else { '?' };
        TestDb {
            backend: "postgresql",
            url: format!("{server}{sep}options=-c%20search_path%3D{schema}"),
            dir: None,
            schema: Some((server.to_string(), schema)),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, schema)) = &self.schema {
            // Best effort: a schema left behind by a failed test does no harm.
            if let Ok(mut client) = postgres::Client::connect(server, postgres::NoTls) {
                let _ = client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
            }
        }
    }
}

/// The backends to test on: SQLite, and PostgreSQL when configured.
pub fn backends() -> Vec<TestDb> {
    let mut all = vec![TestDb::sqlite()];
    if let Some(server) = std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty()) {
        all.push(TestDb::postgres(&server));
    }
    all
}

/// Runs `test` on a fresh database of every backend. The backend's name is printed
/// first, so a failure's captured output says which one failed.
pub fn each_backend(test: impl Fn(&TestDb)) {
    for db in backends() {
        eprintln!("== backend: {}", db.backend);
        test(&db);
    }
}
