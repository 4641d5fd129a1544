//! duban-input: raw bytes of a file or page → UTF-8 text plus a map back to the bytes.
//!
//! [`decode`] detects a BOM, UTF-8, UTF-16 and GBK/GB18030 (and Big5), reduces HTML to
//! its main text, and refuses binary or undecodable input with an [`InputError`] that
//! names the file. It reads no files itself: callers pass bytes and a name, used in
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
mod html;
mod map;
mod sniff;

use duban_core::ByteSpan;
pub use map::RawMap;

/// What kind of document the bytes were.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    Text,
    /// An HTML page, reduced to its main text.
    Html,
}

/// Decoded input.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text: the whole file for plain text, the main text for HTML.
    pub text: String,
    /// Byte offsets of `text` → byte offsets of the raw input.
    pub map: RawMap,
    /// The encoding detected, by its WHATWG name (`UTF-8`, `GB18030`, `GBK` when an
    /// HTML page declared it, `Big5`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: &'static str,
    /// True when the input started with a byte order mark.
    pub had_bom: bool,
    /// Plain text or HTML.
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
}

/// Decodes `bytes`; `name` is used in errors and its extension as a kind hint.
///
/// Empty input is valid and gives empty text; whether that is acceptable is the
/// caller's decision.
pub fn decode(bytes: &[u8], name: &str) -> Result<Decoded, InputError> {
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
