//! Word `.docx` → text: the `word/document.xml` member of the ZIP archive, read as
//! WordprocessingML with quick-xml.
//!
//! Paragraphs (`w:p`) become lines, the text runs (`w:t`) of a paragraph are joined,
//! `w:tab` is a tab and `w:br`/`w:cr` a line break. A table row (`w:tr`) is one line
//! with its cells (`w:tc`) separated by tabs; paragraphs inside one cell are joined
//! with a space. Deleted text of tracked changes (`w:delText`), field codes
//! (`w:instrText`) and tab-stop definitions are not text and are skipped.
//!
//! Map: the member is compressed, so no offset inside it is an offset of the input.
//! Every span of the text maps to the whole compressed data of `word/document.xml`
//! in the archive (FIXME: a second, paragraph-precise map into the member if a
//! caller ever needs to point into the XML).
//!
//! Not for headers, footers, footnotes or comments (other members), nor for `.doc`.

use crate::map::Layer;
use duban_core::ByteSpan;
use quick_xml::events::Event;
use std::io::Read;

/// The member holding the body of a Word document.
const DOCUMENT_MEMBER: &str = "word/document.xml";

/// Refuse members that inflate past this: a report is a few hundred KB of XML, and a
/// ZIP bomb must not exhaust memory.
const MAX_MEMBER_BYTES: u64 = 256 * 1024 * 1024;

/// The text of a document and its map back to the archive bytes.
pub(crate) struct DocxText {
    pub(crate) text: String,
    pub(crate) layer: Layer,
}

/// Reads the text of the Word document in `archive`; the error says what is wrong.
pub(crate) fn read(archive: &[u8]) -> Result<DocxText, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive))
        .map_err(|e| format!("corrupt ZIP archive: {e}"))?;
    let mut member = zip.by_name(DOCUMENT_MEMBER).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => {
            format!("not a Word document: the archive has no {DOCUMENT_MEMBER}")
        }
        e => format!("{DOCUMENT_MEMBER}: {e}"),
    })?;
    let data_start = member.data_start().unwrap_or(0) as usize;
    let data_span = ByteSpan::new(
        data_start.min(archive.len()),
        (data_start + member.compressed_size() as usize).min(archive.len()),
    );
    let mut xml = Vec::new();
    (&mut member)
        .take(MAX_MEMBER_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("{DOCUMENT_MEMBER}: cannot inflate: {e}"))?;
    if xml.len() as u64 > MAX_MEMBER_BYTES {
        return Err(format!(
            "{DOCUMENT_MEMBER} inflates past {MAX_MEMBER_BYTES} bytes"
        ));
    }
    let xml =
        std::str::from_utf8(&xml).map_err(|e| format!("{DOCUMENT_MEMBER} is not UTF-8: {e}"))?;
    let text = document_text(xml.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("{DOCUMENT_MEMBER}: {e}"))?;
    let layer = Layer::one_unit(text.len(), data_span, archive.len());
    Ok(DocxText { text, layer })
}

/// Where the walker is inside the WordprocessingML tree.
#[derive(Default)]
struct Walk {
    text: String,
    /// Depth of open `w:t` elements: only their character data is text.
    in_text: usize,
    /// Depth of open `w:r` runs: `w:tab` outside a run is a tab-stop definition.
    in_run: usize,
    /// Depth of open tables.
    in_table: usize,
    /// Where the current table cell's text starts (for the space between its
    /// paragraphs), and whether the current row already holds a cell (for the tab).
    cell_start: usize,
    row_has_cell: bool,
}

impl Walk {
    fn start(&mut self, local_name: &[u8]) {
        match local_name {
            b"t" => self.in_text += 1,
            b"r" => self.in_run += 1,
            b"tbl" => self.in_table += 1,
            b"tr" => self.row_has_cell = false,
            b"tc" => {
                if self.row_has_cell {
                    self.text.push('\t');
                }
                self.row_has_cell = true;
                self.cell_start = self.text.len();
            }
            b"p" if self.in_table > 0 && self.text.len() > self.cell_start => {
                self.text.push(' ');
            }
            _ => {}
        }
    }

    /// An element closed (or an empty element, which opens and closes at once).
    fn end(&mut self, local_name: &[u8]) {
        match local_name {
            b"t" => self.in_text = self.in_text.saturating_sub(1),
            b"r" => self.in_run = self.in_run.saturating_sub(1),
            b"tbl" => self.in_table = self.in_table.saturating_sub(1),
            b"tr" => self.text.push('\n'),
            b"p" if self.in_table == 0 => self.text.push('\n'),
            _ => {}
        }
    }

    fn empty(&mut self, local_name: &[u8]) {
        match local_name {
            b"tab" if self.in_run > 0 => self.text.push('\t'),
            b"br" | b"cr" if self.in_run > 0 => self.text.push('\n'),
            // `<w:p/>` is an empty paragraph: an empty line. `<w:t/>` holds nothing.
            b"p" => {
                self.start(b"p");
                self.end(b"p");
            }
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.in_text > 0 {
            self.text.push_str(s);
        }
    }
}

/// The text of a `word/document.xml`.
fn document_text(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut walk = Walk::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => walk.start(e.local_name().as_ref()),
            Event::End(e) => walk.end(e.local_name().as_ref()),
            Event::Empty(e) => walk.empty(e.local_name().as_ref()),
            Event::Text(t) => {
                let s = t.decode().map_err(|e| format!("bad text: {e}"))?;
                walk.push_text(&s);
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| format!("bad CDATA: {e}"))?;
                walk.push_text(&s);
            }
            Event::GeneralRef(r) => {
                if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| format!("bad character reference: {e}"))?
                {
                    walk.push_text(c.encode_utf8(&mut [0; 4]));
                } else {
                    let name = r.decode().map_err(|e| format!("bad reference: {e}"))?;
                    let value = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name};"))?;
                    walk.push_text(value);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(walk.text)
}

#[cfg(test)]
mod tests {
    use super::document_text;

    fn check(body: &str, want: &str) {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        assert_eq!(document_text(&xml).unwrap(), want, "{body}");
    }

    #[test]
    fn runs_tabs_breaks_and_tables() {
        check(
            "<w:p><w:r><w:t>地区生产总值</w:t></w:r><w:r><w:t xml:space=\"preserve\">增长 </w:t></w:r><w:r><w:t>7.5%</w:t></w:r></w:p>",
            "地区生产总值增长 7.5%\n",
        );
        check(
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t></w:r></w:p><w:p/>",
            "一\t二\n三\n\n",
        );
        check(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>目标</w:t></w:r></w:p><w:p><w:r><w:t>左右</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>6%</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "指标\t目标 左右\n\t6%\n",
        );
        check(
            "<w:p><w:r><w:t>A&amp;B &#x6D77;</w:t><w:delText>删</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>",
            "A&B 海\n",
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        let err = document_text("<w:document><w:body><w:p></w:body>").unwrap_err();
        assert!(err.contains("bad XML"), "{err}");
    }
}
