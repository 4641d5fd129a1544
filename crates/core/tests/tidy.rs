//! Architecture invariants written as tests, so the README's test command checks them:
//! the engine does no I/O and depends on none of the shell crates, and every source
//! file of the workspace says what it is for in a `//!` opening comment.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_does_no_io() {
    let mut files = Vec::new();
    rust_files(&workspace().join("crates/core/src"), &mut files);
    assert!(files.len() > 10, "core sources not found");
    const FORBIDDEN: &[&str] = &[
        "std::fs",
        "std::env",
        "std::net",
        "std::process",
        "println!",
        "eprintln!",
        "SystemTime",
        "Instant::now",
    ];
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests inside a module may read nothing either, but `#[cfg(test)]` blocks
        // are still checked: the engine's tests use strings, not files.
        for word in FORBIDDEN {
            if text.contains(word) {
                offences.push(format!("{}: {word}", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "I/O in the pure engine:\n{}",
        offences.join("\n")
    );
}

#[test]
fn core_depends_on_no_shell_crate() {
    let manifest = std::fs::read_to_string(workspace().join("crates/core/Cargo.toml")).unwrap();
    let dependencies = manifest.split("[dev-dependencies]").next().unwrap();
    for shell in [
        "duban-", "tokio", "sqlx", "rusqlite", "axum", "hyper", "reqwest", "log", "tracing",
    ] {
        let listed = dependencies
            .lines()
            .any(|l| l.trim_start().starts_with(shell));
        assert!(!listed, "duban-core must not depend on {shell}");
    }
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let mut files = Vec::new();
    for krate in ["core", "input", "store", "export", "cli"] {
        for dir in ["src", "tests"] {
            let path = workspace().join("crates").join(krate).join(dir);
            if path.is_dir() {
                rust_files(&path, &mut files);
            }
        }
    }
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! opening doc:\n{}",
        missing.join("\n")
    );
}
