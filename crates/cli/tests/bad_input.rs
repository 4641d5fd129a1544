//! The bad-input catalogue (docs/bad-input.md): each case runs the real `duban`
//! binary on a file written by the test and asserts a clear error naming the file
//! and the problem (or a correct result where the right thing is to read it), no
//! panic, and, for `duban ingest`, nothing half-written in the database.

#[path = "../../input/tests/fixtures/mod.rs"]
mod fixtures;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("run duban")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// No panic: exit code 101 is Rust's panic code, and the hook prints "panicked".
fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert_ne!(out.status.code(), Some(101), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.code().is_some(), "killed by a signal: {err}");
}

/// A refusal: exit code 1 and a message naming `file` and the `problem`.
fn assert_refused(out: &Output, file: &str, problem: &str) {
    assert_no_panic(out);
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{file}: {problem}")),
        "want {file:?}: {problem:?} in:\n{err}"
    );
}

/// Reports and indicators stored in the database at `db`.
fn stored(db: &Path) -> (usize, usize) {
    let store = duban_store::Store::open(db).expect("open the database");
    let reports = store.reports(&duban_store::Filter::default()).unwrap();
    let n_indicators = reports.iter().map(|r| r.n_indicators as usize).sum();
    (reports.len(), n_indicators)
}

/// Extract (table and JSON) and ingest of one file that must be refused with
/// `problem`; the ingest leaves the database empty.
fn check_refused(name: &str, bytes: &[u8], problem: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), name, bytes);
    assert_refused(&duban(&["extract", &file]), &file, problem);
    assert_refused(
        &duban(&["extract", "--format", "json", &file]),
        &file,
        problem,
    );
    let db = dir.path().join("t.db");
    let out = duban(&["ingest", "--db", &db.display().to_string(), &file]);
    assert_refused(&out, &file, problem);
    assert!(stderr(&out).contains("0 reports stored, 0 unchanged, 1 failed"));
    assert_eq!(stored(&db), (0, 0));
}

/// A short report that reads: a heading, a year and two quantities.
fn report(year: i32) -> String {
    format!(
        "{year}年政府工作报告\n一、{}年工作回顾\n地区生产总值增长7.5%,新增就业{}人。\n",
        year - 1,
        1000 + year
    )
}

/// A deterministic stream of bytes that looks random (xorshift).
fn noise(n: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_file_is_refused() {
    check_refused("empty.txt", b"", "empty file, no report to read");
}

#[test]
fn whitespace_or_bare_markup_is_refused() {
    let problem = "no text in it (only whitespace or markup), no report to read";
    check_refused("blank.txt", b" \r\n\t\n\xe3\x80\x80\n", problem);
    check_refused(
        "bare.html",
        b"<html><head><title></title></head><body><div></div></body></html>",
        problem,
    );
}

#[test]
fn binary_files_are_refused() {
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend(noise(4096));
    check_refused("program.txt", &elf, "binary data");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(noise(4096));
    check_refused("scan.txt", &png, "binary data");
    check_refused("noise.txt", &noise(65536), "binary data");
}

#[test]
fn mixed_encodings_are_refused() {
    // Half UTF-8, half GB18030 in one file: no single decoding reads it.
    let first = report(2015);
    let second_text = report(2016);
    let (second, _, _) = encoding_rs::GB18030.encode(&second_text);
    let mut utf8_then_gb = first.as_bytes().to_vec();
    utf8_then_gb.extend_from_slice(&second);
    check_refused("mixed.txt", &utf8_then_gb, "cannot decode");
    let mut gb_then_utf8 = second.to_vec();
    gb_then_utf8.extend_from_slice(first.as_bytes());
    check_refused("mixed2.txt", &gb_then_utf8, "cannot decode");
}

/// Writes `n_bytes` of one endless line (no line break) to `path`.
fn write_endless_line(path: &Path, n_bytes: u64) {
    let chunk = "地区生产总值增长7.5%,".repeat(1 << 14);
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    while written < n_bytes {
        file.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len() as u64;
    }
    file.flush().unwrap();
}

#[test]
fn a_500_mb_single_line_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.txt");
    write_endless_line(&big, 500 << 20);
    let big = big.display().to_string();
    let problem = "too large to be one report";
    assert_refused(&duban(&["extract", &big]), &big, problem);
    let err = stderr(&duban(&["extract", &big]));
    assert!(err.contains("the limit is 67108864 bytes"), "{err}");
    assert!(err.contains("--max-input-bytes"), "{err}");
    // A sparse file of 1 TiB: refused as quickly, so the size is checked before
    // anything is read.
    let sparse = dir.path().join("sparse.txt");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    let sparse = sparse.display().to_string();
    assert_refused(&duban(&["extract", &sparse]), &sparse, problem);
    // Ingest names the big file and stores the good one beside it.
    let good = write(dir.path(), "good.txt", report(2016).as_bytes());
    let db = dir.path().join("t.db");
    let out = duban(&["ingest", "--db", &db.display().to_string(), &big, &good]);
    assert_refused(&out, &big, problem);
    assert!(stderr(&out).contains("1 reports stored, 0 unchanged, 1 failed"));
    assert_eq!(stored(&db).0, 1);
}

#[test]
fn the_size_limit_is_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let text = report(2016);
    let file = write(dir.path(), "r.txt", text.as_bytes());
    let limit = (text.len() - 1).to_string();
    assert_refused(
        &duban(&["extract", "--max-input-bytes", &limit, &file]),
        &file,
        "too large to be one report",
    );
    let out = duban(&[
        "extract",
        "--max-input-bytes",
        &text.len().to_string(),
        &file,
    ]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    // Standard input has no size to check first: it is read up to the limit.
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["extract", "--max-input-bytes", &limit, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may stop reading at the limit and close the pipe: ignore that.
    let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    let out = child.wait_with_output().unwrap();
    assert_refused(&out, "<stdin>", "too large to be one report");
}

#[test]
fn a_jsonl_line_over_the_limit_is_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    let line = |year: i32, text: &str| {
        serde_json::json!({"year": year, "region": "甲市", "text": text}).to_string() + "\n"
    };
    let long = "增长7.5%。".repeat(400);
    let corpus = line(2015, &report(2015)) + &line(2016, &long) + &line(2017, &report(2017));
    let file = write(dir.path(), "corpus.jsonl", corpus.as_bytes());
    let db = dir.path().join("t.db");
    let out = duban(&[
        "ingest",
        "--max-input-bytes",
        "2000",
        "--db",
        &db.display().to_string(),
        &file,
    ]);
    assert_refused(&out, &format!("{file}:2"), "too large to be one report");
    assert!(stderr(&out).contains("2 reports stored, 0 unchanged, 1 failed"));
    assert_eq!(stored(&db).0, 2);
    // The streaming extract: one document per line, an error document for the long one.
    let out = duban(&[
        "extract",
        "--format",
        "jsonl",
        "--max-input-bytes",
        "2000",
        &file,
    ]);
    assert_refused(&out, &format!("{file}:2"), "too large to be one report");
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert!(docs[0]["error"].is_null() && docs[2]["error"].is_null());
    assert!(docs[0]["quantities"]
        .as_array()
        .is_some_and(|q| !q.is_empty()));
    let error = docs[1]["error"].as_str().unwrap();
    assert!(error.starts_with("too large to be one report"), "{error}");
    assert_eq!(docs[1]["source"]["name"], format!("{file}:2"));
}

#[test]
fn deeply_nested_html_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let page = format!(
        "<html><body>{}<p>2016年政府工作报告</p><p>地区生产总值增长7.5%。</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let file = write(dir.path(), "nested.html", page.as_bytes());
    let out = duban(&["extract", "--format", "json", &file]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["quantities"][0]["value"], 7.5, "{}", json["text"]);
    // Unclosed, too: a page that opens 100 000 divs and never closes them.
    let unclosed = format!("<div>{}", "<div>增长1%".repeat(depth));
    let file2 = write(dir.path(), "unclosed.html", unclosed.as_bytes());
    let db = dir.path().join("t.db");
    let out = duban(&["ingest", "--db", &db.display().to_string(), &file, &file2]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored(&db).0, 2);
}

#[test]
fn invalid_utf8_in_a_jsonl_corpus_names_the_line_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let line = |year: i32| {
        serde_json::json!({"year": year, "region": "甲市", "text": report(year)}).to_string()
    };
    let mut bytes = (line(2015) + "\n").into_bytes();
    let bad = line(2016).replace("地区", "\u{1}");
    bytes.extend(
        bad.as_bytes()
            .iter()
            .map(|&b| if b == 1 { 0xff } else { b }),
    );
    bytes.push(b'\n');
    bytes.extend((line(2017) + "\n").into_bytes());
    let file = write(dir.path(), "corpus.jsonl", &bytes);
    let db = dir.path().join("t.db");
    let out = duban(&["ingest", "--db", &db.display().to_string(), &file]);
    assert_refused(&out, &format!("{file}:2"), "not UTF-8");
    assert!(stderr(&out).contains("2 reports stored, 0 unchanged, 1 failed"));
    let store = duban_store::Store::open(&db).unwrap();
    let mut years: Vec<Option<i32>> = store
        .reports(&duban_store::Filter::default())
        .unwrap()
        .iter()
        .map(|r| r.year)
        .collect();
    years.sort();
    assert_eq!(years, [Some(2015), Some(2017)]);
}

#[test]
fn a_report_with_no_sections_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "2016年,全市地区生产总值增长7.5%,城镇新增就业1.2万人。\n\
                今年的主要预期目标是:地区生产总值增长7%左右。\n";
    let file = write(dir.path(), "flat.txt", text.as_bytes());
    let out = duban(&["extract", "--format", "json", &file]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sections"].as_array().unwrap().len(), 0);
    let values: Vec<f64> = json["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [7.5, 12000.0, 7.0]);
    let db = dir.path().join("t.db");
    let out = duban(&["ingest", "--db", &db.display().to_string(), &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored(&db).0, 1);
}

#[test]
fn absurd_numbers_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "2016年政府工作报告\n一、2015年工作回顾\n收入1e400元,增长99999999999999999999亿元,\
         债务{}元,九千九百万亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿元,新增就业1.2万人。\n",
        "9".repeat(31)
    );
    let file = write(dir.path(), "absurd.txt", text.as_bytes());
    let out = duban(&["extract", "--format", "json", &file]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let values: Vec<&serde_json::Value> = json["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["value"])
        .collect();
    assert_eq!(values, [&serde_json::json!(12000.0)]);
    let kinds: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "number_too_long").count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"number_implausible"), "{kinds:?}");
    let table = duban(&["extract", &file]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(!table.contains("inf") && !table.contains("NaN"), "{table}");
}

#[test]
fn a_pdf_without_a_text_layer_is_refused() {
    check_refused(
        "scan.pdf",
        &fixtures::pdf("", fixtures::HELVETICA),
        "PDF has no text layer (scanned image?); OCR it first",
    );
}

#[test]
fn a_folder_with_one_bad_file_stores_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    std::fs::create_dir(&folder).unwrap();
    for year in 2000..2020 {
        write(&folder, &format!("{year}.txt"), report(year).as_bytes());
    }
    let bad = write(&folder, "2010-scan.txt", &noise(8192));
    let db = dir.path().join("t.db");
    let db_arg = db.display().to_string();
    let folder_arg = folder.display().to_string();
    let out = duban(&["ingest", "--db", &db_arg, &folder_arg]);
    assert_refused(&out, &bad, "binary data");
    assert!(stderr(&out).contains("20 reports stored, 0 unchanged, 1 failed"));
    assert!(stderr(&out).contains("1 inputs failed"));
    let (n_reports, n_indicators) = stored(&db);
    assert_eq!(n_reports, 20);
    assert!(n_indicators >= 20, "{n_indicators}");
    // Again: the good ones are unchanged, the bad one is named again.
    let again = duban(&["ingest", "--db", &db_arg, &folder_arg]);
    assert_refused(&again, &bad, "binary data");
    assert!(stderr(&again).contains("0 reports stored, 20 unchanged, 1 failed"));
    assert_eq!(stored(&db).0, 20);
}
