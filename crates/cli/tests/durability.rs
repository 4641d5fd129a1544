//! A `duban ingest` killed with SIGKILL in the middle leaves a consistent database:
//! the real binary on the national corpus, killed three times at different points,
//! then run to the end.
//!
//! After each kill: SQLite's integrity and foreign-key checks pass, the file is in WAL
//! mode, and every report stored is complete (its indicators, targets and tasks number
//! what a clean ingest stores for it: one transaction per report). The final run
//! completes and the database then shows the same reports and tracking rows as a clean
//! ingest into a fresh file.

use duban_store::{Filter, ReportId, ReportSummary, Store, TrackRow};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../core/tests/common/mod.rs"]
mod common;

fn national() -> String {
    common::corpus_dir()
        .join("national_1954_2016.jsonl")
        .display()
        .to_string()
}

fn ingest(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_duban"));
    command
        .args(["ingest", "--db", &db.display().to_string(), &national()])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A report's identity across databases (ids differ) and its row counts.
type Key = (Option<String>, Option<i32>, Option<String>);

fn counts(store: &Store) -> BTreeMap<Key, (i64, i64, i64)> {
    store
        .reports(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|r: ReportSummary| {
            (
                (r.region, r.year, r.title),
                (r.n_indicators, r.n_targets, r.n_tasks),
            )
        })
        .collect()
}

/// Tracking rows without report ids, which depend on the order reports were written.
fn track(store: &Store) -> Vec<TrackRow> {
    let mut rows = store.track(&Filter::default()).unwrap();
    for row in &mut rows {
        row.target.source.report_id = ReportId(0);
        if let Some(outcome) = &mut row.outcome {
            outcome.source.report_id = ReportId(0);
        }
    }
    rows
}

/// Starts an ingest into `db` and kills it with SIGKILL once `n_more` more reports are
/// committed; returns how many reports the database held at the kill.
fn kill_after(db: &Path, n_more: i64) -> i64 {
    let start = Store::open(db).unwrap().summary().unwrap().n_reports;
    let mut child = ingest(db).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    let reader = Store::open(db).unwrap();
    loop {
        let n = reader.summary().unwrap().n_reports;
        if n >= start + n_more {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ingest ended ({status}) before {n_more} more reports were stored");
        }
        assert!(Instant::now() < deadline, "ingest too slow");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.summary().unwrap().n_reports
}

#[test]
fn ingest_killed_midway_leaves_a_consistent_database() {
    let dir = tempfile::tempdir().unwrap();
    let clean_db = dir.path().join("clean.db");
    assert!(ingest(&clean_db).status().unwrap().success());
    let clean = Store::open(&clean_db).unwrap();
    let clean_counts = counts(&clean);
    assert!(clean_counts.len() > 40, "{}", clean_counts.len());

    let db: PathBuf = dir.path().join("killed.db");
    for n_more in [2, 8, 15] {
        let n = kill_after(&db, n_more);
        let store = Store::open(&db).unwrap();
        assert_eq!(store.journal_mode().unwrap().as_deref(), Some("wal"));
        assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
        // `counts` lists the latest report of each region and year; `n` counts all.
        let stored = counts(&store);
        assert!(n > 0 && !stored.is_empty(), "{} {n}", stored.len());
        for (key, rows) in &stored {
            assert_eq!(
                Some(rows),
                clean_counts.get(key),
                "report {key:?} is not complete after the kill"
            );
        }
        eprintln!(
            "killed with {n} of {} reports stored",
            clean.summary().unwrap().n_reports
        );
    }

    assert!(ingest(&db).status().unwrap().success());
    let store = Store::open(&db).unwrap();
    assert!(store.integrity_check().unwrap().is_empty());
    assert_eq!(counts(&store), clean_counts);
    assert_eq!(
        store.summary().unwrap().n_reports,
        clean.summary().unwrap().n_reports
    );
    assert_eq!(track(&store), track(&clean));
}
