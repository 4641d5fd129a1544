//! Pages holding several reports: "…篇1", "篇2" on one web page.
//!
//! Splits the normalized text of a page into one span per report. A page with no
//! markers is one report. Article farms title each report with a line ending in
//! `篇1`, `篇2`, … (`海淀区政府工作报告篇1`); the text before the first marker is the
//! page's preamble (site title, date, a blurb), which is not a report and stays outside
//! every span. This module only finds boundaries; it does not judge what is junk.

use crate::span::ByteSpan;

/// Longest title line, in chars, that can carry a `篇N` marker.
const MAX_MARKER_LINE_CHARS: usize = 40;

/// The span of each report of a normalized page text, in page order; never empty.
pub fn split_reports(text: &str) -> Vec<ByteSpan> {
    let markers = marker_lines(text);
    // A real sequence starts at 篇1; a stray "第二篇" in prose is not a page split.
    if markers.first().is_none_or(|&(_, n)| n != 1) {
        return vec![ByteSpan::new(0, text.len())];
    }
    let mut spans = Vec::with_capacity(markers.len());
    for (i, &(start, _)) in markers.iter().enumerate() {
        let end = markers.get(i + 1).map_or(text.len(), |&(next, _)| next);
        let content = text[start..end].trim_end();
        spans.push(ByteSpan::new(start, start + content.len()));
    }
    spans
}

/// The page preamble: what precedes the first report (empty when the page is one report).
pub fn preamble(reports: &[ByteSpan]) -> ByteSpan {
    ByteSpan::new(0, reports.first().map_or(0, |r| r.start))
}

/// Start offset and number of every line ending in `篇N`.
///
/// Only lines holding a `篇` can be markers, so only those are looked at: most pages
/// have none, and reading every line cost more than the rest of the split.
fn marker_lines(text: &str) -> Vec<(usize, u32)> {
    let mut markers = Vec::new();
    let mut next_line = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), "篇") {
        if at < next_line {
            continue;
        }
        let start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |nl| nl + 1);
        next_line =
            memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |nl| at + nl + 1);
        let raw = &text[start..next_line];
        let line = raw.trim();
        if line.chars().count() <= MAX_MARKER_LINE_CHARS {
            if let Some(n) = marker_number(line) {
                let indent = raw.len() - raw.trim_start().len();
                markers.push((start + indent, n));
            }
        }
    }
    markers
}

/// N of a line ending in `篇N` (ASCII digits or 一…十).
fn marker_number(line: &str) -> Option<u32> {
    let at = line.rfind('篇')?;
    // The marker must follow a title, not stand alone.
    if at == 0 {
        return None;
    }
    let number = &line[at + '篇'.len_utf8()..];
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && number.len() <= 3 {
        return number.parse().ok();
    }
    const SMALL: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    SMALL
        .iter()
        .position(|s| *s == number)
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(page: &str, expected: &[&str]) {
        let spans = split_reports(page);
        let got: Vec<&str> = spans.iter().map(|s| s.of(page)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn pages_split_at_numbered_titles() {
        check(
            "站名\n2017-05-12\n甲区报告篇1\n各位代表:\n一、回顾\n\n甲区报告篇2\n二文\n",
            &["甲区报告篇1\n各位代表:\n一、回顾", "甲区报告篇2\n二文"],
        );
        check("  报告篇一\n正文\n", &["报告篇一\n正文"]);
    }

    #[test]
    fn pages_without_markers_are_one_report() {
        check("各位代表:\n正文\n", &["各位代表:\n正文\n"]);
        check("篇2\n正文", &["篇2\n正文"]);
        check("这是第二篇文章的篇2\n", &["这是第二篇文章的篇2\n"]);
        check("篇篇\n甲篇1\n篇\n乙篇篇2", &["甲篇1\n篇", "乙篇篇2"]);
        check("", &[""]);
    }
}
