//! Test access to the shared corpus in `../shared/corpus/` (beside the repository),
//! and the outline invariant that more than one test file checks.
//!
//! The one place tests find corpus files; include it from other crates' tests with
//! `#[path = "../../core/tests/common/mod.rs"] mod common;`. Set `DUBAN_CORPUS` to
//! point elsewhere. A missing corpus fails the test loudly: these tests are the proof
//! that duban reads real reports, so they must not pass vacuously.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus directory.
pub fn corpus_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("DUBAN_CORPUS") {
        return PathBuf::from(dir);
    }
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = workspace.join("../shared/corpus");
    assert!(
        dir.is_dir(),
        "corpus not found at {} (set DUBAN_CORPUS)",
        dir.display()
    );
    dir
}

/// Raw bytes of a corpus file, by path relative to the corpus directory.
pub fn bytes(relative: &str) -> Vec<u8> {
    let path = corpus_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Haidian seed report as text.
pub fn seed() -> String {
    String::from_utf8(bytes("haidian_seed.txt")).expect("seed is UTF-8")
}

/// One State Council report of `national_1954_2016.jsonl`.
#[derive(Clone, Debug)]
pub struct NationalReport {
    /// Year delivered.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Full text.
    pub text: String,
}

/// All national reports, in file order.
pub fn national() -> Vec<NationalReport> {
    let raw = String::from_utf8(bytes("national_1954_2016.jsonl")).expect("jsonl is UTF-8");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("valid json line");
            NationalReport {
                year: v["year"].as_i64().expect("year") as i32,
                title: v["title"].as_str().expect("title").to_string(),
                text: v["text"].as_str().expect("text").to_string(),
            }
        })
        .collect()
}

/// The national report of `year`.
pub fn national_year(year: i32) -> NationalReport {
    national()
        .into_iter()
        .find(|r| r.year == year)
        .unwrap_or_else(|| panic!("no national report for {year}"))
}

/// Raw bytes of a Hailar district report (GB18030, CRLF), 2012..=2019.
pub fn hailar_bytes(year: i32) -> Vec<u8> {
    bytes(&format!("hailar/{year}.txt"))
}

/// A local_dev excerpt (UTF-8), 1..=10.
pub fn local_dev(n: u32) -> String {
    String::from_utf8(bytes(&format!("local_dev/{n:02}.txt"))).expect("local_dev is UTF-8")
}

/// The first place where sibling sections break the order the task finder's binary
/// search relies on (each after the one before without overlapping, inside its
/// parent), at any depth; `None` if they keep it.
pub fn section_order_fault(
    sections: &[duban_core::Section],
    parent: duban_core::ByteSpan,
) -> Option<String> {
    let mut last_end = parent.start;
    for section in sections {
        if section.span.start < last_end || !parent.contains(section.span) {
            return Some(format!(
                "section {:?} ({}) overlaps the one before (ending at {last_end}) or leaves its parent {parent:?}",
                section.span, section.heading
            ));
        }
        last_end = section.span.end;
        if let Some(fault) = section_order_fault(&section.children, section.span) {
            return Some(fault);
        }
    }
    None
}
