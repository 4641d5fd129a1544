//! duban-input: raw bytes of a file or page → UTF-8 text plus a map back to the bytes.
//!
//! Detects BOMs, UTF-8, GBK/GB18030 and UTF-16, reduces HTML to its main text, and
//! refuses binary input with an error naming the problem. It reads no files itself:
//! callers pass bytes and a name used in messages and for the kind hint.

use duban_core::OffsetMap;

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
    /// The text.
    pub text: String,
    /// Byte offsets of `text` → byte offsets of the raw input.
    pub map: OffsetMap,
    /// The encoding detected, by its WHATWG name (`UTF-8`, `GB18030`, `UTF-16LE`).
    pub encoding: &'static str,
    /// Plain text or HTML.
    pub kind: Kind,
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
    /// The bytes are not valid in any supported encoding.
    #[error("{name}: cannot decode as UTF-8, GB18030 or UTF-16 ({why})")]
    Undecodable {
        /// File name as given by the caller.
        name: String,
        /// What failed.
        why: String,
    },
}

/// Decodes `bytes`; `name` is used in errors and its extension as a kind hint.
pub fn decode(bytes: &[u8], name: &str) -> Result<Decoded, InputError> {
    // Placeholder until the decoder lands: strict UTF-8 only.
    let _ = name;
    let text = std::str::from_utf8(bytes)
        .map_err(|e| InputError::Undecodable {
            name: name.to_string(),
            why: e.to_string(),
        })?
        .to_string();
    Ok(Decoded {
        map: OffsetMap::identity(text.len()),
        text,
        encoding: "UTF-8",
        kind: Kind::Text,
    })
}
