//! `duban --metrics FILE`: a user's own catalogue extends the built-in one, and a bad
//! line is refused with the file and line named.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use std::process::Command;

fn duban(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("duban runs")
}

#[test]
fn a_user_metric_binds_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("mine.tsv");
    std::fs::write(&metrics, "school_places\tSchool places\titem\t中小学学位\n").unwrap();
    let seed = common::corpus_dir().join("haidian_seed.txt");
    let out = duban(&[
        "--metrics",
        metrics.to_str().unwrap(),
        "extract",
        "--format",
        "json",
        seed.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let places: Vec<&serde_json::Value> = doc["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["metric"] == "school_places")
        .collect();
    // "新增4130个中小学学位" (review) is written with the metric after the number.
    assert!(
        places
            .iter()
            .any(|i| i["value"] == 4130.0 && i["role"] == "actual"),
        "{places:?}"
    );

    let without = duban(&["extract", "--format", "json", seed.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&without.stdout).unwrap();
    assert!(doc["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["metric"] != "school_places"));
}

#[test]
fn a_bad_metrics_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("bad.tsv");
    std::fs::write(&metrics, "# mine\nNot An Id\tx\titem\ty\n").unwrap();
    let seed = common::corpus_dir().join("haidian_seed.txt");
    let out = duban(&[
        "--metrics",
        metrics.to_str().unwrap(),
        "extract",
        seed.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.tsv:2:"), "{stderr}");
}
