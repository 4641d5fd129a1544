//! `duban extract` and `duban ingest` on DOCX and PDF files built by the test: a Word
//! document holding the seed report, a scanned PDF (no text layer) and a PDF
//! whose Chinese font makes the PDF reader panic.
//!
//! Not for the readers' details (see `crates/input/tests/documents.rs`).

#[path = "../../core/tests/common/mod.rs"]
mod common;
#[path = "../../input/tests/fixtures/mod.rs"]
mod fixtures;

use std::path::Path;
use std::process::{Command, Output};
use zip::CompressionMethod;

fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("run duban")
}

/// The seed report as a DOCX, one paragraph per non-empty line.
fn seed_docx() -> Vec<u8> {
    let seed = common::seed();
    let lines: Vec<&str> = seed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    fixtures::docx(&fixtures::document_xml(&lines), CompressionMethod::Deflated)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn extract_reads_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "海淀.docx", &seed_docx());
    let out = duban(&["extract", &file, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(doc["source"]["name"], file.as_str());
    assert_eq!(doc["source"]["encoding"], "UTF-8");
    // The seed's review states many figures; they must survive the trip through Word.
    let n_quantities = doc["quantities"].as_array().map_or(0, Vec::len);
    assert!(n_quantities >= 20, "{n_quantities} quantities:\n{doc:#}");
}

#[test]
fn ingest_stores_the_docx_and_names_the_bad_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    write(&reports, "a-haidian.docx", &seed_docx());
    let scan = write(
        &reports,
        "b-scan.pdf",
        &fixtures::pdf("", fixtures::HELVETICA),
    );
    let gbk = write(
        &reports,
        "c-gbk.pdf",
        &fixtures::pdf(
            "BT /F1 12 Tf 72 700 Td <BAA3C0ADB6FB> Tj ET",
            fixtures::GBK_EUC_H_FONT,
        ),
    );
    let db = dir.path().join("t.db").display().to_string();
    let out = duban(&["ingest", "--db", &db, &reports.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{scan}: PDF has no text layer (scanned image?); OCR it first"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{gbk}: cannot read PDF (the PDF text extractor crashed"
        )),
        "{stderr}"
    );
    // The panic is reported once, as the error above, not by the panic hook too.
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("1 reports stored, 0 unchanged, 2 failed"),
        "{stderr}"
    );
}
