//! duban-input: raw bytes of a file or page → UTF-8 text plus a map back to the bytes.
//!
//! [`decode`] detects a BOM, UTF-8, UTF-16 and GBK/GB18030 (and Big5), reduces HTML to
//! its main text, and refuses binary or undecodable input with an [`InputError`] that
//! names the file. With the `pdf` feature it reads the text layer of PDF files
//! (`%PDF-` or a `.pdf` name), and with `docx` the body of Word `.docx` files (a ZIP
//! archive, `PK\x03\x04` or a `.docx` name); both are off by default, as they bring
//! in heavy dependencies, and on in the `duban` binary. Without them such files are
//! refused as binary. It reads no files itself: callers pass bytes and a name, used in
//! messages and, by its extension, as the HTML hint. Line ends are left as they are
//! (CRLF stays CRLF): that is the normalizer's business, as is scrape junk.
//!
//! Every byte span of [`Decoded::text`] maps back to the raw bytes with
//! [`Decoded::raw_span`]. The map is this crate's [`RawMap`], not core's `OffsetMap`:
//! core's map points into a `&str`, and the raw bytes of a GB18030 file are not one.
//!
//! ```
//! use duban_core::ByteSpan;
//!
//! let (raw, _, _) = encoding_rs::GB18030.encode("海拉尔区政府工作报告\r\n");
//! let decoded = duban_input::decode(&raw, "2019.txt").unwrap();
//! assert_eq!(decoded.text, "海拉尔区政府工作报告\r\n");
//! assert_eq!(decoded.encoding, "GB18030");
//!
//! // "政府" is bytes 12..18 of the text and bytes 8..12 of the GB18030 input.
//! let at = decoded.text.find("政府").unwrap();
//! assert_eq!(decoded.raw_span(ByteSpan::new(at, at + "政府".len())), ByteSpan::new(8, 12));
//!
//! let err = duban_input::decode(b"\x89PNG\r\n\x1a\n\0\0", "scan.png").unwrap_err();
//! assert!(err.to_string().starts_with("scan.png: binary data"));
//! ```

mod charset;
#[cfg(feature = "docx")]
mod docx;
mod html;
mod map;
#[cfg(feature = "pdf")]
mod pdf;
mod sniff;

#[cfg(feature = "pdf")]
pub use pdf::pdf_extraction_running;

/// True while this thread is extracting a PDF's text; always false in a build
/// without the `pdf` feature.
#[cfg(not(feature = "pdf"))]
pub fn pdf_extraction_running() -> bool {
    false
}

use duban_core::ByteSpan;
pub use map::RawMap;

/// What kind of document the bytes were.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    Text,
    /// An HTML page, reduced to its main text.
    Html,
    /// The text layer of a PDF (feature `pdf`).
    Pdf,
    /// The body of a Word `.docx` document (feature `docx`).
    Docx,
}

/// Decoded input.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text: the whole file for plain text, the main text for HTML.
    pub text: String,
    /// Byte offsets of `text` → byte offsets of the raw input.
    pub map: RawMap,
    /// The encoding detected, by its WHATWG name (`UTF-8`, `GB18030`, `GBK` when an
    /// HTML page declared it, `Big5`, `UTF-16LE`, `UTF-16BE`). A DOCX gives `UTF-8`
    /// (its XML's); a PDF gives `PDF`, as its text comes through each font's own
    /// encoding rather than one for the file.
    pub encoding: &'static str,
    /// True when the input started with a byte order mark.
    pub had_bom: bool,
    /// Plain text, HTML, PDF or DOCX.
    pub kind: Kind,
}

impl Decoded {
    /// The raw input bytes that `span` (byte offsets of [`text`](Decoded::text)) came from.
    pub fn raw_span(&self, span: ByteSpan) -> ByteSpan {
        self.map.to_raw(span)
    }
}

/// Why bytes could not be turned into text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The bytes look like a binary file (NULs, control bytes, a known magic number).
    #[error("{name}: binary data, not a text or HTML report ({why})")]
    Binary {
        /// File name as given by the caller.
        name: String,
        /// What gave it away.
        why: String,
    },
    /// The bytes are not valid in any supported encoding, or end mid-character.
    #[error("{name}: cannot decode as UTF-8, GB18030 or UTF-16 ({why})")]
    Undecodable {
        /// File name as given by the caller.
        name: String,
        /// What failed, with the byte offset.
        why: String,
    },
    /// A PDF that cannot be parsed, or on which the text extractor failed or crashed.
    #[error("{name}: cannot read PDF ({why})")]
    Pdf {
        /// File name as given by the caller.
        name: String,
        /// The parser's or extractor's reason.
        why: String,
    },
    /// A PDF whose pages hold no text, typically a scan.
    #[error("{name}: PDF has no text layer (scanned image?); OCR it first")]
    NoTextLayer {
        /// File name as given by the caller.
        name: String,
    },
    /// A `.docx` that is not a readable ZIP archive holding `word/document.xml`.
    #[error("{name}: cannot read DOCX ({why})")]
    Docx {
        /// File name as given by the caller.
        name: String,
        /// What is wrong with the archive or its XML.
        why: String,
    },
}

/// Decodes `bytes`; `name` is used in errors and its extension as a kind hint.
///
/// Empty input is valid and gives empty text; whether that is acceptable is the
/// caller's decision. A PDF or DOCX is recognised by its magic number or by its
/// file name's extension; extraction failures of either never panic.
pub fn decode(bytes: &[u8], name: &str) -> Result<Decoded, InputError> {
    #[cfg(feature = "pdf")]
    if bytes.starts_with(b"%PDF-") || has_extension(name, "pdf") {
        return decode_pdf(bytes, name);
    }
    #[cfg(feature = "docx")]
    if bytes.starts_with(b"PK\x03\x04") || has_extension(name, "docx") {
        return decode_docx(bytes, name);
    }
    let binary = |why: String| InputError::Binary {
        name: name.to_string(),
        why,
    };
    if let Some(what) = sniff::magic(bytes) {
        return Err(binary(what.to_string()));
    }
    let bom = encoding_rs::Encoding::for_bom(bytes);
    let utf16 = bom.is_some_and(|(e, _)| e != encoding_rs::UTF_8)
        || sniff::utf16_without_bom(bytes).is_some();
    if !utf16 {
        if let Some(at) = bytes.iter().position(|&b| b == 0) {
            return Err(binary(format!("NUL byte at offset {at}")));
        }
    }
    // Only an ASCII-compatible page can declare its charset in a way we can read
    // before decoding it.
    let declared = if utf16 {
        None
    } else {
        sniff::meta_charset(bytes)
    };
    let decoded =
        charset::detect_and_decode(bytes, declared).map_err(|f| InputError::Undecodable {
            name: name.to_string(),
            why: f.why,
        })?;
    if let Some(why) = sniff::binary_text(&decoded.text) {
        return Err(binary(why));
    }
    // encoding_rs spells this one name in lower case; the rest are as WHATWG prints them.
    let encoding = if decoded.encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        decoded.encoding.name()
    };
    let map = RawMap::from_layer(decoded.layer);
    if sniff::looks_like_html(name, &decoded.text) {
        let main = html::main_text(&decoded.text);
        return Ok(Decoded {
            text: main.text,
            map: map.after(main.layer),
            encoding,
            had_bom: bom.is_some(),
            kind: Kind::Html,
        });
    }
    Ok(Decoded {
        text: decoded.text,
        map,
        encoding,
        had_bom: bom.is_some(),
        kind: Kind::Text,
    })
}

#[cfg(any(feature = "pdf", feature = "docx"))]
fn has_extension(name: &str, extension: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

#[cfg(feature = "pdf")]
fn decode_pdf(bytes: &[u8], name: &str) -> Result<Decoded, InputError> {
    let pdf = pdf::read(bytes).map_err(|failure| match failure {
        pdf::PdfFailure::Unreadable(why) => InputError::Pdf {
            name: name.to_string(),
            why,
        },
        pdf::PdfFailure::NoText => InputError::NoTextLayer {
            name: name.to_string(),
        },
    })?;
    Ok(Decoded {
        text: pdf.text,
        map: RawMap::from_layer(pdf.layer),
        encoding: "PDF",
        had_bom: false,
        kind: Kind::Pdf,
    })
}

#[cfg(feature = "docx")]
fn decode_docx(bytes: &[u8], name: &str) -> Result<Decoded, InputError> {
    let docx = docx::read(bytes).map_err(|why| InputError::Docx {
        name: name.to_string(),
        why,
    })?;
    Ok(Decoded {
        text: docx.text,
        map: RawMap::from_layer(docx.layer),
        encoding: "UTF-8",
        had_bom: false,
        kind: Kind::Docx,
    })
}
