//! `duban extract --format jsonl`: one document per corpus line, in input order, the
//! same document `--format json` gives for the same text, and bad lines reported in
//! place (an error document, the file and line on stderr, a failing exit code).

#[path = "../../core/tests/common/mod.rs"]
mod common;

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn duban(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run duban");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn documents(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn record(text: &str) -> String {
    serde_json::json!({ "text": text }).to_string()
}

/// A document without its `source`, which names the file (and line) it came from.
fn without_source(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("source");
    doc
}

/// `--format json` on `text` written to a file.
fn json_of(dir: &Path, text: &str) -> Value {
    let file = dir.join("report.txt");
    std::fs::write(&file, text).unwrap();
    let out = duban(
        &["extract", "--format", "json", &file.display().to_string()],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_line_gives_the_document_of_format_json_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let seed = common::seed();
    let national = common::national();
    let n2016 = &national.iter().find(|r| r.year == 2016).unwrap().text;
    // Many small records between the two long ones, so that a parallel run that wrote
    // in completion order would show it.
    let mut lines = vec![record(&seed)];
    for year in 2001..2041 {
        let line = serde_json::json!({
            "year": year,
            "region": "甲市",
            "level": "city",
            "text": format!("{year}年政府工作报告\n一、主要预期目标\n地区生产总值增长{}%左右。\n", year - 2000),
        });
        lines.push(line.to_string());
    }
    lines.push(record(n2016));
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let corpus_name = corpus.display().to_string();

    let out = duban(
        &[
            "extract",
            "--format",
            "jsonl",
            "--threads",
            "2",
            &corpus_name,
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = documents(&out);
    assert_eq!(docs.len(), 42);
    for (k, doc) in docs.iter().enumerate() {
        assert_eq!(doc["schema"], "duban.extract/1");
        assert_eq!(doc["source"]["name"], format!("{corpus_name}:{}", k + 1));
    }
    for (k, doc) in docs[1..41].iter().enumerate() {
        let year = 2001 + k as i64;
        assert_eq!(doc["meta"]["year"], year, "line {}", k + 2);
        assert_eq!(doc["meta"]["level"], "prefecture");
        assert_eq!(doc["quantities"][0]["value"], (year - 2000) as f64);
    }
    assert_eq!(
        without_source(docs[0].clone()),
        without_source(json_of(dir.path(), &seed))
    );
    assert_eq!(
        without_source(docs[41].clone()),
        without_source(json_of(dir.path(), n2016))
    );

    // The same corpus from standard input, on one thread: the same documents.
    let bytes = std::fs::read(&corpus).unwrap();
    let piped = duban(
        &["extract", "--format", "jsonl", "--threads", "1", "-"],
        Some(&bytes),
    );
    assert!(piped.status.success());
    let piped = documents(&piped);
    assert_eq!(piped[3]["source"]["name"], "<stdin>:4");
    let strip = |docs: Vec<Value>| docs.into_iter().map(without_source).collect::<Vec<_>>();
    assert_eq!(strip(piped), strip(docs));
}

#[test]
fn bad_lines_give_error_documents_in_place_and_fail_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("bad.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(record("新增中小学学位1440个。").as_bytes());
    bytes.extend_from_slice(b"\n{\"text\": \n"); // line 2: cut short
    bytes.extend_from_slice(b"\n"); // line 3: blank, skipped
    bytes.extend_from_slice(b"{\"text\": \"\xff\xfe\"}\n"); // line 4: not UTF-8
    bytes.extend_from_slice(b"{\"year\": 2016}\n"); // line 5: no text
    bytes.extend_from_slice(b"{\"text\": \"x\", \"level\": \"town\"}\n"); // line 6
    bytes.extend_from_slice(record("拆除违法建设不少于150万平方米。").as_bytes());
    std::fs::write(&corpus, bytes).unwrap();
    let name = corpus.display().to_string();

    let out = duban(&["extract", "--format", "jsonl", &name], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let docs = documents(&out);
    let places: Vec<&str> = docs
        .iter()
        .map(|d| d["source"]["name"].as_str().unwrap())
        .collect();
    let at = |line: usize| format!("{name}:{line}");
    assert_eq!(places, [at(1), at(2), at(4), at(5), at(6), at(7)]);
    assert_eq!(docs[0]["quantities"][0]["value"], 1440.0);
    assert_eq!(docs[5]["quantities"][0]["value"], 1500000.0);
    let errors: Vec<&str> = docs[1..5]
        .iter()
        .map(|d| d["error"].as_str().unwrap())
        .collect();
    assert!(errors[0].starts_with("bad JSON"), "{}", errors[0]);
    assert!(errors[1].starts_with("not UTF-8"), "{}", errors[1]);
    assert!(errors[2].contains("missing field `text`"), "{}", errors[2]);
    assert_eq!(errors[3], "unknown level \"town\"");
    for line in [2, 4, 5, 6] {
        assert!(err.contains(&format!("duban: {}: ", at(line))), "{err}");
    }
    assert!(err.contains(&format!("{name}: 4 lines failed")), "{err}");
}

#[test]
fn a_missing_corpus_is_named() {
    let out = duban(&["extract", "--format", "jsonl", "no/such.jsonl"], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such.jsonl: cannot read"), "{err}");
}
