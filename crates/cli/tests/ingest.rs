//! `duban ingest`, `track`, `tasks` and `export` run as a user runs them, on small
//! inputs written by the test: idempotence, bad lines reported and skipped, exit codes,
//! and outputs that parse.
//!
//! These pass with today's engine (metadata from JSONL hints); the corpus-level
//! verdicts live in `track_corpus.rs`.

use std::path::Path;
use std::process::{Command, Output};

fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("run duban")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A JSONL corpus: two good records, a corrupt line, a line that is not UTF-8.
fn write_corpus(dir: &Path) -> String {
    let good = |year: i32| {
        serde_json::json!({
            "title": format!("{year}年甲市政府工作报告"),
            "year": year,
            "region": "甲市",
            "level": "prefecture",
            "source": format!("https://example.invalid/{year}"),
            "text": format!("{year}年政府工作报告\n一、{}年工作回顾\n新增中小学学位1500个。\n", year - 1),
        })
        .to_string()
    };
    let mut bytes = Vec::new();
    bytes.extend_from_slice(good(2015).as_bytes());
    bytes.extend_from_slice(b"\n{\"title\": \"broken\", \"text\": \n");
    bytes.extend_from_slice(b"{\"text\": \"\xff\xfe\"}\n");
    bytes.extend_from_slice(good(2016).as_bytes());
    bytes.push(b'\n');
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn ingest_reports_bad_lines_keeps_the_rest_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path());
    let db = dir.path().join("t.db").display().to_string();
    let first = duban(&["ingest", "--db", &db, &corpus]);
    let err = text(&first.stderr);
    assert!(!first.status.success(), "{err}");
    assert!(err.contains("corpus.jsonl:2: bad JSON"), "{err}");
    assert!(err.contains("corpus.jsonl:3: not UTF-8"), "{err}");
    assert!(
        err.contains("2 reports stored, 0 unchanged, 2 failed"),
        "{err}"
    );
    assert!(err.contains("2 inputs failed"), "{err}");
    let again = duban(&["ingest", "--db", &db, &corpus]);
    let err = text(&again.stderr);
    assert!(
        err.contains("0 reports stored, 2 unchanged, 2 failed"),
        "{err}"
    );
}

#[test]
fn db_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    std::fs::write(&file, "2016年政府工作报告\n新增中小学学位1440个。\n").unwrap();
    let db = dir.path().join("env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["ingest", &file.display().to_string()])
        .env("DUBAN_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 reports stored"));
    assert!(db.exists());
}

#[test]
fn track_tasks_and_export_write_parseable_output() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path());
    let db = dir.path().join("t.db").display().to_string();
    duban(&["ingest", "--db", &db, &corpus]);
    let track = duban(&["track", "--db", &db, "--format", "json"]);
    assert!(track.status.success(), "{}", text(&track.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&track.stdout).unwrap();
    assert!(rows.is_array());
    let tasks = duban(&["tasks", "--db", &db, "--region", "甲市", "--format", "json"]);
    assert!(tasks.status.success(), "{}", text(&tasks.stderr));
    let tasks: serde_json::Value = serde_json::from_slice(&tasks.stdout).unwrap();
    assert!(tasks.is_array());
    let csv = duban(&["export", "--db", &db, "--what", "ledger", "--format", "csv"]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    assert!(text(&csv.stdout).starts_with("no,task_id,region,year,area,task,"));
    let xlsx = dir.path().join("ledger.xlsx");
    let out = duban(&[
        "export",
        "--db",
        &db,
        "--what",
        "ledger",
        "--format",
        "xlsx",
        "-o",
        &xlsx.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // An XLSX file is a zip archive.
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn a_missing_input_fails_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let out = duban(&["ingest", "--db", &db, "/nonexistent/report.txt"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("/nonexistent/report.txt"));
}
