//! Backup and restore on every backend (see `common/mod.rs`): a round trip brings back
//! exactly what was backed up, a backup taken while another connection writes is
//! consistent, backups move between SQLite and PostgreSQL, and a file that is not a
//! duban backup is refused with its reason.

use duban_store::*;

mod common;
use common::{backends, each_backend, two_years, TestDb};

/// Everything a person can see in the store.
#[derive(Debug, PartialEq)]
struct Seen {
    reports: Vec<ReportSummary>,
    track: Vec<TrackRow>,
    tasks: Vec<TaskRow>,
    audit: Vec<Vec<AuditEntry>>,
}

fn seen(store: &Store) -> Seen {
    let tasks = store.tasks(&Filter::default()).unwrap();
    Seen {
        reports: store.reports(&Filter::default()).unwrap(),
        track: store.track(&Filter::default()).unwrap(),
        audit: tasks
            .iter()
            .map(|t| store.audit("tasks", t.id.0).unwrap())
            .collect(),
        tasks,
    }
}

fn editor() -> Actor {
    Actor {
        user: None,
        name: "wang".to_string(),
    }
}

/// A store with one report, linked, and one edited task with a note.
fn filled(db: &TestDb) -> Store {
    let mut store = db.open();
    let (r2015, _) = two_years();
    store.add_report(&r2015, "2015.txt").unwrap();
    store.relink(&[]).unwrap();
    let task = store.tasks(&Filter::default()).unwrap().remove(0);
    let change = TaskChange {
        expected_version: Some(task.version),
        lead_unit: Some("区教委".to_string()),
        status: Some(Status::InProgress),
        ..TaskChange::default()
    };
    store.update_task(task.id, &change, &editor()).unwrap();
    store
        .add_note(task.id, "2015-06-30", "已开工3所学校", &editor())
        .unwrap();
    store
}

#[test]
fn restore_brings_back_what_was_backed_up() {
    each_backend(|db| {
        let mut store = filled(db);
        let before = seen(&store);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("backup.db");
        let summary = store.backup_to(&file).unwrap();
        assert_eq!(
            (summary.n_reports, summary.n_tasks, summary.n_audit),
            (1, 1, 3)
        );
        // A backup is one self-contained file.
        assert!(!dir.path().join("backup.db-wal").exists());
        assert!(!dir.path().join("backup.db.partial").exists());

        // Change everything a person could change, then restore.
        let (_, r2016) = two_years();
        store.add_report(&r2016, "2016.txt").unwrap();
        store.relink(&[]).unwrap();
        let task = before.tasks[0].id;
        let change = TaskChange {
            status: Some(Status::Done),
            ..TaskChange::default()
        };
        store.update_task(task, &change, &editor()).unwrap();
        assert_ne!(seen(&store), before);
        let restored = store.restore_from(&file).unwrap();
        assert_eq!(restored, summary);
        assert_eq!(seen(&store), before);
        // Other connections see the restored contents too, and new rows get new ids.
        assert_eq!(seen(&db.open()), before);
        let again = store.add_report(&r2016, "2016.txt").unwrap();
        assert!(matches!(again, Added::Stored(id) if id > before.reports[0].id));
        if db.sqlite_path().is_some() {
            assert_eq!(store.journal_mode().unwrap().as_deref(), Some("wal"));
        }
        assert!(store.integrity_check().unwrap().is_empty());

        // The backup file is left as it was, and is never overwritten.
        let err = store.backup_to(&file).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
    });
}

#[test]
fn backup_while_another_connection_writes_is_consistent() {
    each_backend(|db| {
        let store = filled(db);
        let task = store.tasks(&Filter::default()).unwrap()[0].id;
        let dir = tempfile::tempdir().unwrap();
        let stop = std::sync::atomic::AtomicBool::new(false);
        let edits = std::sync::atomic::AtomicUsize::new(0);
        let files: Vec<std::path::PathBuf> = (0..5)
            .map(|k| dir.path().join(format!("b{k}.db")))
            .collect();
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                let mut other = db.open();
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let change = TaskChange {
                        lead_unit: Some(format!("单位{n}")),
                        ..TaskChange::default()
                    };
                    other.update_task(task, &change, &editor()).unwrap();
                    n += 1;
                    edits.store(n, std::sync::atomic::Ordering::Relaxed);
                }
                n
            });
            // Back up only once the writer is under way.
            while edits.load(std::sync::atomic::Ordering::Relaxed) < 3 {
                std::thread::yield_now();
            }
            for file in &files {
                store.backup_to(file).unwrap();
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let n = writer.join().unwrap();
            eprintln!("{}: {n} edits during 5 backups", db.backend);
        });
        for file in &files {
            let copy = dir.path().join("check.db");
            std::fs::copy(file, &copy).unwrap();
            let backup = Store::open(&copy).unwrap();
            assert!(backup.integrity_check().unwrap().is_empty());
            // Each edit bumps the version once and writes one audit row (the first
            // edit, in `filled`, changed two fields): a snapshot taken mid-edit would
            // break this.
            let t = backup.task(task).unwrap();
            let log = backup.audit("tasks", task.0).unwrap();
            assert_eq!(log.len() as i64, t.version, "{}", file.display());
            let last_lead = log.iter().rev().find(|e| e.field == "lead_unit").unwrap();
            assert_eq!(t.lead_unit, last_lead.new);
            drop(backup);
            std::fs::remove_file(&copy).unwrap();
        }
    });
}

#[test]
fn backups_move_between_backends() {
    let all = backends();
    let dir = tempfile::tempdir().unwrap();
    for (k, from) in all.iter().enumerate() {
        let source = filled(from);
        let file = dir.path().join(format!("from-{k}.db"));
        source.backup_to(&file).unwrap();
        let want = seen(&source);
        for to in &all {
            let fresh = match to.backend {
                "sqlite" => TestDb::sqlite(),
                _ => TestDb::postgres(&std::env::var(common::POSTGRES_ENV).unwrap()),
            };
            let mut target = fresh.open();
            target.restore_from(&file).unwrap();
            assert_eq!(seen(&target), want, "{} → {}", from.backend, fresh.backend);
        }
    }
}

#[test]
fn restore_refuses_what_is_not_a_duban_backup() {
    each_backend(|db| {
        let mut store = filled(db);
        let before = seen(&store);
        let dir = tempfile::tempdir().unwrap();
        let check = |store: &mut Store, path: &std::path::Path, want: &str| {
            let err = store.restore_from(path).unwrap_err();
            let message = err.to_string();
            assert!(message.contains(want), "{message}");
            assert!(message.contains(&path.display().to_string()), "{message}");
        };
        check(&mut store, &dir.path().join("missing.db"), "no such file");
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "这不是数据库\n".repeat(100)).unwrap();
        check(&mut store, &text, "not an SQLite database");
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        check(&mut store, &empty, "not a duban backup");
        let foreign = dir.path().join("foreign.db");
        rusqlite::Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")
            .unwrap();
        check(&mut store, &foreign, "without duban's schema_migrations");
        let newer = dir.path().join("newer.db");
        store.backup_to(&newer).unwrap();
        rusqlite::Connection::open(&newer)
            .unwrap()
            .execute_batch("INSERT INTO schema_migrations (version, name) VALUES (999, 'x')")
            .unwrap();
        check(&mut store, &newer, "newer duban (schema version 999");
        // Nothing was touched by the refused restores.
        assert_eq!(seen(&store), before);
    });
}
