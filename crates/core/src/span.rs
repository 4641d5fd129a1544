//! Spans: where a fact sits in a text, with the unit of the offsets in the type name.
//!
//! The engine works in UTF-8 byte offsets ([`ByteSpan`]) because slicing a `&str` needs
//! them; JSON output speaks character offsets ([`CharSpan`]) because that is what
//! programs in other languages index by. Convert only at the edge, with [`CharIndex`].

use serde::Serialize;

/// A half-open range `start..end` of UTF-8 byte offsets into one named text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ByteSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteSpan {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> ByteSpan {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        ByteSpan { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The covered text. Panics only if the span was not made for `text`.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: ByteSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A half-open range of Unicode scalar (char) offsets; the unit of spans in JSON output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CharSpan {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

/// Converts byte offsets of one text into char offsets in O(log n).
///
/// Built once per text; holds the byte offset of every 16th char, so that memory stays
/// small on large reports (a quarter of the text's size at most) and a look-up counts
/// at most 15 chars.
pub struct CharIndex {
    /// `checkpoints[k]` is the byte offset of char `k * STRIDE`.
    checkpoints: Vec<usize>,
    text_len: usize,
}

const STRIDE: usize = 16;

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let checkpoints = text
            .char_indices()
            .step_by(STRIDE)
            .map(|(byte, _)| byte)
            .collect();
        CharIndex {
            checkpoints,
            text_len: text.len(),
        }
    }

    /// The char offset of byte offset `byte` in `text` (which must be the indexed text).
    pub fn char_offset(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(self.text_len);
        let k = self
            .checkpoints
            .partition_point(|&b| b <= byte)
            .saturating_sub(1);
        let from = self.checkpoints.get(k).copied().unwrap_or(0);
        k * STRIDE + text[from..byte].chars().count()
    }

    /// `span` in char offsets.
    pub fn char_span(&self, text: &str, span: ByteSpan) -> CharSpan {
        CharSpan {
            start: self.char_offset(text, span.start),
            end: self.char_offset(text, span.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_chars_not_bytes() {
        let text = "海淀a区".repeat(100);
        let index = CharIndex::new(&text);
        for (char_idx, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(&text, byte), char_idx);
        }
        assert_eq!(index.char_offset(&text, text.len()), text.chars().count());
    }
}
