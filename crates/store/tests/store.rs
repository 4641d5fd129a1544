//! The store against a real SQLite file and, when `DUBAN_TEST_POSTGRES` is set, a real
//! PostgreSQL server (see `common/mod.rs`): ingest, idempotence, linking, the ledger
//! and its audit log.
//! The test reports are built in `common/mod.rs`.

use duban_store::*;

mod common;
use common::{each_backend, two_years, TestDb};

#[test]
fn migrations_run_once_and_reopen() {
    each_backend(|db| {
        let store = db.open();
        let latest = SQLITE_MIGRATIONS.last().unwrap().0;
        assert_eq!(store.schema_version().unwrap(), latest);
        drop(store);
        let again = db.open();
        assert_eq!(again.schema_version().unwrap(), latest);
        if let Some(path) = db.sqlite_path() {
            // WAL mode leaves its side file next to the database.
            assert!(path.with_extension("db-wal").exists());
            assert_eq!(again.journal_mode().unwrap().as_deref(), Some("wal"));
        } else {
            assert_eq!(again.journal_mode().unwrap(), None);
        }
        assert_eq!(again.integrity_check().unwrap(), Vec::<String>::new());
    });
}

#[test]
fn both_backends_have_the_same_migrations() {
    let numbers = |m: &[(u32, &str, &str)]| -> Vec<(u32, String)> {
        m.iter()
            .map(|&(n, name, _)| (n, name.to_string()))
            .collect()
    };
    assert_eq!(numbers(SQLITE_MIGRATIONS), numbers(POSTGRES_MIGRATIONS));
}

#[test]
fn urls_choose_the_backend() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("by-url.db");
    let store = Store::open_url(&format!("sqlite:{}", path.display())).unwrap();
    assert_eq!(store.backend(), "sqlite");
    assert!(path.exists());
    assert!(is_postgres_url("postgres://localhost/duban"));
    assert!(is_postgres_url("POSTGRESQL://localhost/duban"));
    assert!(!is_postgres_url("postgres.db"));
    // A refused connection names the server but never the password.
    let err = Store::open_url("postgres://duban:s3cret@127.0.0.1:1/duban")
        .err()
        .expect("nothing listens on port 1");
    let message = err.to_string();
    assert!(message.contains("127.0.0.1:1"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}

#[test]
fn same_content_is_stored_once() {
    each_backend(|db: &TestDb| {
        let mut store = db.open();
        let (r2015, _) = two_years();
        let first = store.add_report(&r2015, "a.txt").unwrap();
        assert!(matches!(first, Added::Stored(_)));
        let second = store.add_report(&r2015, "copy/a.txt").unwrap();
        assert_eq!(second, Added::Unchanged(first.id()));
        let reports = store.reports(&Filter::default()).unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].n_targets, 3);
        assert_eq!(reports[0].n_tasks, 1);
        // The same text under another year is another report.
        let mut other = r2015.clone();
        other.meta.year = Some(2014);
        assert!(matches!(
            store.add_report(&other, "b.txt").unwrap(),
            Added::Stored(_)
        ));
    });
}

#[test]
fn targets_are_linked_to_next_years_actuals() {
    each_backend(|db: &TestDb| {
        let mut store = db.open();
        let (r2015, r2016) = two_years();
        // Ingest order does not matter: linking runs over what is stored.
        store.add_report(&r2016, "2016.txt").unwrap();
        store.add_report(&r2015, "2015.txt").unwrap();
        let summary = store.relink(&[]).unwrap();
        assert_eq!(summary.n_links, 4);
        let rows = store
            .track(&Filter {
                region: Some("乙市".to_string()),
                ..Filter::default()
            })
            .unwrap();
        type Seen<'a> = (Option<&'a str>, Option<i32>, &'a str, Option<f64>);
        let got: Vec<Seen<'_>> = rows
            .iter()
            .map(|r| {
                (
                    r.metric.as_deref(),
                    r.year,
                    r.verdict.as_str(),
                    r.outcome.as_ref().and_then(|o| o.value),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("cpi"), Some(2015), "no_data", None),
                (Some("gdp"), Some(2015), "met", Some(6.9)),
                (Some("gdp"), Some(2016), "no_data", None),
                (
                    Some("urban_registered_unemployment_rate"),
                    Some(2015),
                    "met",
                    Some(4.1)
                ),
            ]
        );
        let gdp = &rows[1];
        assert_eq!(gdp.rule, "about: |6.9 − 7| = 0.1 ≤ 0.5 → met");
        assert_eq!(gdp.target.source.sentence, "今年地区生产总值增长7%左右。");
        let outcome = gdp.outcome.as_ref().unwrap();
        assert_eq!(outcome.report_year, Some(2016));
        assert_eq!(outcome.role, "actual");
        assert_eq!(outcome.source.sentence, "地区生产总值增长6.9%。");
        assert_eq!(rows[2].rule, "no 2017 report of 甲省乙市 in the store");
        // Relinking replaces, never duplicates.
        store.relink(&["甲省乙市".to_string()]).unwrap();
        assert_eq!(store.track(&Filter::default()).unwrap().len(), 4);
        let json = serde_json::to_value(&rows[1]).unwrap();
        for field in [
            "region", "year", "metric", "measure", "target", "outcome", "verdict", "rule",
        ] {
            assert!(json.get(field).is_some(), "{field}");
        }
    });
}

#[test]
fn metric_and_region_filters() {
    each_backend(|db: &TestDb| {
        let mut store = db.open();
        let (r2015, r2016) = two_years();
        store.add_report(&r2015, "2015.txt").unwrap();
        store.add_report(&r2016, "2016.txt").unwrap();
        store.relink(&[]).unwrap();
        let gdp = Filter {
            metric: Some("gdp".to_string()),
            ..Filter::default()
        };
        assert_eq!(store.track(&gdp).unwrap().len(), 2);
        let elsewhere = Filter {
            region: Some("丙县".to_string()),
            ..Filter::default()
        };
        assert!(store.track(&elsewhere).unwrap().is_empty());
        assert_eq!(store.indicators(&gdp).unwrap().len(), 2);
    });
}

#[test]
fn tasks_get_evidence_from_the_next_report() {
    each_backend(|db: &TestDb| {
        let mut store = db.open();
        let (r2015, r2016) = two_years();
        store.add_report(&r2015, "2015.txt").unwrap();
        store.add_report(&r2016, "2016.txt").unwrap();
        let summary = store.relink(&[]).unwrap();
        assert_eq!(summary.n_tasks_with_evidence, 1);
        let tasks = store.tasks(&Filter::default()).unwrap();
        assert_eq!(tasks.len(), 1);
        let evidence = tasks[0].evidence.as_ref().unwrap();
        assert_eq!(evidence.sentence, "新增中小学学位1500个,改扩建学校12所。");
        assert!(evidence.score > 0.3, "{}", evidence.score);
    });
}

#[test]
fn ledger_changes_are_audited_and_versioned() {
    each_backend(|db: &TestDb| {
        let mut store = db.open();
        let (r2015, _) = two_years();
        store.add_report(&r2015, "2015.txt").unwrap();
        let task = store.tasks(&Filter::default()).unwrap().remove(0);
        assert_eq!((task.status, task.version), (Status::Open, 1));
        let user = store.add_user("wang", "王督查", "editor", None).unwrap();
        let actor = Actor {
            user: Some(user),
            name: "wang".to_string(),
        };
        let change = TaskChange {
            expected_version: Some(1),
            lead_unit: Some("区教委".to_string()),
            supporting_units: Some("区发改委、区财政局".to_string()),
            due_date: Some("2015-12-31".to_string()),
            status: Some(Status::InProgress),
        };
        assert_eq!(store.update_task(task.id, &change, &actor).unwrap(), 2);
        // A second editor who read version 1 is refused, and nothing changes.
        let stale = TaskChange {
            expected_version: Some(1),
            status: Some(Status::Done),
            ..TaskChange::default()
        };
        let err = store.update_task(task.id, &stale, &actor).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Conflict {
                    expected: 1,
                    found: 2,
                    ..
                }
            ),
            "{err}"
        );
        store
            .add_note(task.id, "2015-06-30", "已开工3所学校", &actor)
            .unwrap();
        let now = store.task(task.id).unwrap();
        assert_eq!(now.status, Status::InProgress);
        assert_eq!(now.lead_unit.as_deref(), Some("区教委"));
        assert_eq!(now.notes.len(), 1);
        assert_eq!(now.notes[0].note, "已开工3所学校");
        let log = store.audit("tasks", task.id.0).unwrap();
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = log
            .iter()
            .map(|e| (e.field.as_str(), e.old.as_deref(), e.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("lead_unit", None, Some("区教委")),
                ("supporting_units", None, Some("区发改委、区财政局")),
                ("due_date", None, Some("2015-12-31")),
                ("status", Some("open"), Some("in_progress")),
            ]
        );
        assert!(log.iter().all(|e| e.actor == "wang"));
        // Unknown rows are named.
        assert!(matches!(
            store.task(TaskId(999)).unwrap_err(),
            Error::NotFound { id: 999, .. }
        ));
    });
}

#[test]
fn postgres_schema_has_the_same_tables() {
    // Each table with its column names, in order, as the migration creates them.
    let tables = |sql: &str| -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in sql.lines() {
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                out.push((rest.split_whitespace().next().unwrap().to_string(), vec![]));
            } else if line.starts_with(')') || line.starts_with("CREATE") {
                continue;
            } else if let (Some(table), Some(word)) =
                (out.last_mut(), line.split_whitespace().next())
            {
                if word.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    table.1.push(word.to_string());
                }
            }
        }
        out
    };
    assert_eq!(SQLITE_MIGRATIONS.len(), POSTGRES_MIGRATIONS.len());
    for (sqlite, postgres) in SQLITE_MIGRATIONS.iter().zip(POSTGRES_MIGRATIONS) {
        assert_eq!(tables(sqlite.2), tables(postgres.2), "{}", sqlite.1);
        assert!(!postgres.2.contains("AUTOINCREMENT") && !postgres.2.contains("strftime"));
    }
    let first = tables(SQLITE_MIGRATIONS[0].2);
    let audit = first.iter().find(|t| t.0 == "audit_log").unwrap();
    assert!(audit.1.contains(&"new_value".to_string()), "{audit:?}");
}

/// Architecture invariant: only duban-store speaks SQL. No other crate depends on an
/// SQL driver or embeds SQL statements.
#[test]
fn only_the_store_writes_sql() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        if dir.file_name().is_some_and(|n| n == "store") || !dir.is_dir() {
            continue;
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        for driver in ["rusqlite", "sqlx", "postgres", "diesel"] {
            if manifest.contains(driver) {
                offenders.push(format!("{}: depends on {driver}", dir.display()));
            }
        }
        let mut stack = vec![dir.join("src")];
        while let Some(d) = stack.pop() {
            for f in std::fs::read_dir(&d).into_iter().flatten() {
                let p = f.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    let src = std::fs::read_to_string(&p).unwrap();
                    for sql in ["SELECT ", "INSERT INTO", "UPDATE tasks", "CREATE TABLE"] {
                        if src.contains(sql) {
                            offenders.push(format!("{}: {sql}", p.display()));
                        }
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
