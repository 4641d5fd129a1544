//! `duban backup` and `duban restore` on real files: ingest the demo reports, back up,
//! change the database, restore, and get back exactly what was backed up; a file that is
//! not a backup is refused with its name and the reason, and the database is untouched.

use std::path::Path;
use std::process::{Command, Output};

fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("run duban")
}

fn ok(args: &[&str]) -> String {
    let out = duban(args);
    assert!(
        out.status.success(),
        "duban {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What `track` and `tasks` print, as JSON.
fn shown(db: &str) -> (String, String) {
    (
        ok(&["track", "--db", db, "--format", "json"]),
        ok(&["tasks", "--db", db, "--format", "json"]),
    )
}

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo")
        .display()
        .to_string()
}

#[test]
fn backup_modify_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duban.db").display().to_string();
    let backup = dir.path().join("duban-backup.db").display().to_string();
    let demo = demo();
    ok(&["ingest", "--db", &db, &format!("{demo}/2023.txt")]);
    let before = shown(&db);
    assert!(before.0.contains("青川市"), "{}", before.0);

    let out = duban(&["backup", "--db", &db, &backup]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("backed up 1 reports"), "{said}");
    assert!(Path::new(&backup).is_file());

    // A second report changes the tracking rows (2023's targets get outcomes).
    ok(&["ingest", "--db", &db, &format!("{demo}/2024.txt")]);
    assert_ne!(shown(&db), before);

    let out = duban(&["restore", "--db", &db, &backup]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("restored 1 reports"));
    assert_eq!(shown(&db), before);

    // The same backup restores into a new, empty database file.
    let fresh = dir.path().join("fresh.db").display().to_string();
    ok(&["restore", "--db", &fresh, &backup]);
    assert_eq!(shown(&fresh), before);

    // An existing backup file is never overwritten.
    let out = duban(&["backup", "--db", &db, &backup]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duban.db").display().to_string();
    ok(&["ingest", "--db", &db, &format!("{}/2023.txt", demo())]);
    let before = shown(&db);
    let report = format!("{}/2024.txt", demo());
    let out = duban(&["restore", "--db", &db, &report]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains(&report), "{said}");
    assert!(said.contains("not an SQLite database"), "{said}");
    assert_eq!(shown(&db), before);
}
