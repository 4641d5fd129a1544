//! `decode` on PDF and DOCX files that the tests build byte by byte: a Word document
//! holding paragraphs of the seed report, hand-written PDFs with and without a text
//! layer, a PDF whose Chinese font makes pdf-extract panic, and broken archives.
//!
//! Not for plain text and HTML (see `decode.rs`) nor for the XML walk's details
//! (unit tests in `src/docx.rs`).

#[path = "../../core/tests/common/mod.rs"]
mod common;
mod fixtures;

use duban_core::ByteSpan;
use duban_input::{decode, Kind};
use fixtures::{document_xml, docx, pdf, zip_archive, GBK_EUC_H_FONT, HELVETICA};
use zip::CompressionMethod;

/// Decodes `bytes` as `name` and expects an error that names the file and says `why`.
fn check_error(name: &str, bytes: &[u8], why: &str) {
    let err = match decode(bytes, name) {
        Ok(decoded) => panic!("{name}: decoded {:?}, expected {why:?}", decoded.kind),
        Err(e) => e.to_string(),
    };
    assert!(
        err.starts_with(&format!("{name}: ")),
        "message does not name the file: {err}"
    );
    assert!(err.contains(why), "{err:?} does not say {why:?}");
}

// ---- DOCX ----

/// The first `n` non-empty lines of the seed report.
fn seed_lines(n: usize) -> Vec<String> {
    common::seed()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(str::to_string)
        .collect()
}

#[test]
fn docx_paragraphs_of_the_seed_come_back_as_lines() {
    let lines = seed_lines(12);
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let want = lines.join("\n") + "\n";
    assert!(want.contains("海淀"), "the seed lines are Chinese text");
    let xml = document_xml(&refs);
    for method in [CompressionMethod::Deflated, CompressionMethod::Stored] {
        let bytes = docx(&xml, method);
        let decoded = decode(&bytes, "2023海淀.docx").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(decoded.kind, Kind::Docx);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, want, "{method:?}");
        // Every span maps to the compressed word/document.xml member; stored
        // uncompressed, those bytes are the XML itself.
        let at = decoded.text.find("海淀").unwrap();
        let raw = decoded.raw_span(ByteSpan::new(at, at + "海淀".len()));
        assert!(raw.end <= bytes.len() && !raw.is_empty(), "{raw:?}");
        if method == CompressionMethod::Stored {
            assert_eq!(&bytes[raw.start..raw.end], xml.as_bytes());
        }
    }
}

#[test]
fn docx_is_recognised_by_magic_without_the_extension() {
    let bytes = docx(
        &document_xml(&["政府工作报告"]),
        CompressionMethod::Deflated,
    );
    let decoded = decode(&bytes, "download").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (decoded.kind, decoded.text.as_str()),
        (Kind::Docx, "政府工作报告\n")
    );
}

#[test]
fn broken_docx_files_are_errors_naming_the_file() {
    let good = docx(
        &document_xml(&["政府工作报告"]),
        CompressionMethod::Deflated,
    );
    check_error("cut.docx", &good[..good.len() / 2], "corrupt ZIP archive");
    check_error(
        "text.docx",
        "政府工作报告".as_bytes(),
        "corrupt ZIP archive",
    );
    let sheet = zip_archive(
        &[("xl/workbook.xml", "<workbook/>")],
        CompressionMethod::Deflated,
    );
    check_error("table.xlsx", &sheet, "no word/document.xml");
    let bad_xml = docx(
        "<w:document><w:body><w:p><w:t>半</w:body>",
        CompressionMethod::Deflated,
    );
    check_error("bad.docx", &bad_xml, "bad XML");
    // A bit flipped inside the compressed member fails its checksum or inflation.
    let mut flipped = docx(
        &document_xml(&seed_lines(5).iter().map(String::as_str).collect::<Vec<_>>()),
        CompressionMethod::Deflated,
    );
    let member = decode(&flipped, "x.docx")
        .unwrap()
        .raw_span(ByteSpan::new(0, 1));
    flipped[member.start + member.len() / 2] ^= 0x10;
    check_error("flipped.docx", &flipped, "word/document.xml");
}

// ---- PDF ----

#[test]
fn pdf_text_layer_comes_out() {
    let bytes = pdf("BT /F1 24 Tf 72 700 Td (GDP growth 7.5%) Tj ET", HELVETICA);
    let decoded = decode(&bytes, "report.pdf").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded.kind, Kind::Pdf);
    assert_eq!(decoded.encoding, "PDF");
    assert_eq!(decoded.text.trim(), "GDP growth 7.5%");
    // No positions from the extractor: any span maps to the whole file.
    let at = decoded.text.find("7.5").unwrap();
    assert_eq!(
        decoded.raw_span(ByteSpan::new(at, at + 3)),
        ByteSpan::new(0, bytes.len())
    );
}

#[test]
fn pdf_without_text_operators_has_no_text_layer() {
    let empty_page = pdf("", HELVETICA);
    check_error(
        "scan.pdf",
        &empty_page,
        "PDF has no text layer (scanned image?); OCR it first",
    );
    // A page that only paints (as a scan's image would) is the same.
    let painted = pdf("0.9 g 0 0 612 792 re f", HELVETICA);
    check_error("painted.pdf", &painted, "no text layer");
}

#[test]
fn a_panicking_chinese_font_is_an_error() {
    let bytes = pdf(
        "BT /F1 12 Tf 72 700 Td <BAA3C0ADB6FB> Tj ET",
        GBK_EUC_H_FONT,
    );
    check_error("gbk.pdf", &bytes, "the PDF text extractor crashed");
    check_error("gbk.pdf", &bytes, "GBK-EUC-H");
    assert!(!duban_input::pdf_extraction_running(), "flag left set");
}

#[test]
fn garbage_and_truncated_pdfs_are_errors_not_panics() {
    let good = pdf("BT /F1 24 Tf 72 700 Td (GDP growth 7.5%) Tj ET", HELVETICA);
    let mut garbage = b"%PDF-1.7\n".to_vec();
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let cases: [(&str, &[u8]); 5] = [
        ("header-only.pdf", b"%PDF-1.7\n"),
        ("half.pdf", &good[..good.len() / 2]),
        ("garbage.pdf", &garbage),
        ("empty.pdf", b""),
        ("named.pdf", "这不是PDF文件".as_bytes()),
    ];
    for (name, bytes) in cases {
        check_error(name, bytes, "cannot read PDF");
    }
}
