//! Cheap looks at raw bytes before and after decoding: file-format magic numbers,
//! the NUL pattern of UTF-16 without a BOM, an HTML `<meta charset>` declaration,
//! whether a text looks like HTML, and whether decoded text is really binary.
//!
//! Not for decoding itself (see `charset`) nor for HTML structure (see `html`).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// How many leading bytes the sniffers look at.
const HEAD: usize = 4096;

/// The binary format whose magic number `bytes` start with, if any.
pub(crate) fn magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGICS: &[(&[u8], &str)] = &[
        // Reached only in builds without the `pdf` or `docx` feature.
        (
            b"%PDF-",
            "a PDF file (this build reads no PDF: feature `pdf`)",
        ),
        (
            b"PK\x03\x04",
            "a ZIP archive (this build reads no DOCX: feature `docx`)",
        ),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\x7fELF", "an ELF executable"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an OLE compound file (old .doc/.xls)",
        ),
        (b"\x1f\x8b", "a gzip archive"),
        (b"Rar!\x1a\x07", "a RAR archive"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (
            b"{\\rtf",
            "an RTF document (RTF input is not supported yet)",
        ),
    ];
    MAGICS
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|&(_, what)| what)
}

/// UTF-16 without a BOM, when NULs sit in every other byte as ASCII-heavy UTF-16 has
/// them. Chinese UTF-16 without a BOM and with little ASCII is not recognised: there
/// is no pattern that makes it obvious.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let head = &bytes[..bytes.len().min(HEAD)];
    let pairs = head.len() / 2;
    let zero_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // At least 30% of code units are ASCII on one side, and the other side has
    // almost no NULs; random binary data has NULs spread over both.
    let obvious = |hit: usize, other: usize| hit * 10 >= pairs * 3 && other * 50 <= pairs;
    if obvious(zero_odd, zero_even) {
        Some(UTF_16LE)
    } else if obvious(zero_even, zero_odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when the name or the first bytes say HTML.
pub(crate) fn looks_like_html(name: &str, head_text: &str) -> bool {
    let lower_name = name.to_ascii_lowercase();
    if [".html", ".htm", ".xhtml", ".shtml"]
        .iter()
        .any(|ext| lower_name.ends_with(ext))
    {
        return true;
    }
    let head: String = head_text
        .chars()
        .take(HEAD)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    head.starts_with("<!doctype html")
        || head.contains("<html")
        || (head.contains("<meta") && head.contains("charset"))
        || (head.starts_with('<') && (head.contains("<body") || head.contains("<head")))
}

/// The encoding declared by `<meta charset=…>` or `<meta … content="…; charset=…">`
/// in the first bytes of an ASCII-compatible page.
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(HEAD)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&head[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = find(&head[tag_start..], b">").map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_start(rest, |b| b.is_ascii_whitespace());
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest, |b| b.is_ascii_whitespace() || b == b'"' || b == b'\'');
                let label_len = rest
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(&b)))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_len]) {
                    // As in the HTML standard, a UTF-16 declaration in an ASCII-compatible
                    // byte stream cannot be true; ignore it.
                    if enc != UTF_16LE && enc != UTF_16BE {
                        return Some(enc);
                    }
                }
            }
        }
        from = tag_end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(bytes: &[u8], drop: impl Fn(u8) -> bool) -> &[u8] {
    let n = bytes.iter().take_while(|&&b| drop(b)).count();
    &bytes[n..]
}

/// Why decoded `text` is not a text document, if it is not: too many control
/// characters (other than tab, line feed, form feed, carriage return) or U+FFFD.
pub(crate) fn binary_text(text: &str) -> Option<String> {
    let mut n_chars = 0usize;
    let mut n_control = 0usize;
    let mut n_replacement = 0usize;
    for c in text.chars() {
        n_chars += 1;
        if c == '\u{fffd}' {
            n_replacement += 1;
        } else if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') && (c as u32) < 0x80 {
            n_control += 1;
        }
    }
    // A few stray bytes are scrape noise that later stages can show; more than one in
    // twenty characters is not a report.
    let too_many = |n: usize| n >= 3 && n * 20 > n_chars;
    if too_many(n_control) {
        Some(format!("{n_control} control characters in {n_chars}"))
    } else if too_many(n_replacement) {
        Some(format!("{n_replacement} replacement characters (U+FFFD) in {n_chars}: the text was already garbled"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_declarations() {
        let check = |html: &str, want: Option<&str>| {
            assert_eq!(
                meta_charset(html.as_bytes()).map(|e| e.name()),
                want,
                "{html}"
            );
        };
        check("<meta charset=gbk>", Some("GBK"));
        check("<META CHARSET=\"GB2312\"/>", Some("GBK"));
        check(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
            Some("GBK"),
        );
        check("<meta charset='utf-8'>", Some("UTF-8"));
        check("<meta charset=utf-16>", None);
        check("<meta name=x><p>charset=gbk</p>", None);
        check("<meta charset=nonsense>", None);
    }

    #[test]
    fn utf16_nul_pattern() {
        let le: Vec<u8> = "hello, world"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let be: Vec<u8> = "hello, world"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(utf16_without_bom(&le), Some(UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(UTF_16BE));
        assert_eq!(utf16_without_bom(b"\0\0\0\0\0\0\0\0"), None);
        assert_eq!(utf16_without_bom(b"plain ascii!"), None);
    }
}
