//! Spans: where a fact sits in a text, with the unit of the offsets in the type name.
//!
//! The engine works in UTF-8 byte offsets ([`ByteSpan`]) because slicing a `&str` needs
//! them; JSON output speaks character offsets ([`CharSpan`]) because that is what
//! programs in other languages index by. Convert only at the edge, with [`CharIndex`].

use crate::json::{JsonWriter, WriteJson};
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

impl WriteJson for ByteSpan {
    fn write_json(&self, w: &mut JsonWriter) {
        w.span(self.start, self.end);
    }
}

impl WriteJson for CharSpan {
    fn write_json(&self, w: &mut JsonWriter) {
        w.span(self.start, self.end);
    }
}

/// Converts byte offsets of one text into char offsets in O(1).
///
/// Built once per text; holds the number of chars before every 64-byte block (an
/// eighth of the text's size), so that a look-up counts the chars of at most 63
/// bytes. Counting, not decoding: a char starts at every byte that is not a UTF-8
/// continuation byte, which the compiler checks many bytes at a time.
pub struct CharIndex {
    /// `chars_before[k]` is the number of chars in the text's first `k * BLOCK` bytes.
    chars_before: Vec<usize>,
    text_len: usize,
}

const BLOCK: usize = 64;

/// Whether a char starts at byte `b`: it is not a continuation byte `0b10xx_xxxx`.
fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The number of chars starting in `block`; compiles to a few vector instructions.
fn char_starts(block: &[u8; BLOCK]) -> usize {
    let n = block
        .iter()
        .fold(0u8, |n, &b| n + u8::from(is_char_start(b)));
    usize::from(n)
}

/// `0, 1, 2, …` — the offsets within a block, as bytes to compare in vector lanes.
const OFFSETS: [u8; BLOCK] = {
    let mut offsets = [0; BLOCK];
    let mut k = 0;
    while k < BLOCK {
        offsets[k] = k as u8;
        k += 1;
    }
    offsets
};

/// The number of chars starting in `block[..end]`, without a branch or copy per
/// call: every byte is counted, masked by its offset.
fn char_starts_before(block: &[u8; BLOCK], end: usize) -> usize {
    debug_assert!(end < BLOCK);
    let end = end as u8;
    let n = OFFSETS.iter().zip(block).fold(0u8, |n, (&k, &b)| {
        n + u8::from((k < end) & is_char_start(b))
    });
    usize::from(n)
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        // Collected from an iterator of known length: no capacity check per block.
        let mut n = 0;
        let chars_before = std::iter::once(0)
            .chain(text.as_bytes().chunks_exact(BLOCK).map(|block| {
                n += char_starts(block.try_into().expect("a whole block"));
                n
            }))
            .collect();
        CharIndex {
            chars_before,
            text_len: text.len(),
        }
    }

    /// The char offset of byte offset `byte` in `text` (which must be the indexed text;
    /// `byte` is a char boundary, or past the end of the text for its end).
    pub fn char_offset(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(self.text_len);
        let block = byte / BLOCK;
        let start = block * BLOCK;
        let in_block = match text.as_bytes().get(start..start + BLOCK) {
            Some(whole) => {
                char_starts_before(whole.try_into().expect("a whole block"), byte - start)
            }
            // The text's last bytes, not a whole block.
            None => text.as_bytes()[start..byte]
                .iter()
                .filter(|&&b| is_char_start(b))
                .count(),
        };
        self.chars_before[block] + in_block
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
        assert_eq!(
            index.char_offset(&text, text.len() + 5),
            text.chars().count()
        );
    }

    #[test]
    fn char_offsets_hold_at_every_length_around_the_block_size() {
        for n in 0..3 * BLOCK {
            // Mixed widths: 1, 2, 3 and 4 bytes a char.
            let text: String = "a\u{e9}中😀".chars().cycle().take(n).collect();
            let index = CharIndex::new(&text);
            for (char_idx, (byte, _)) in text.char_indices().enumerate() {
                assert_eq!(index.char_offset(&text, byte), char_idx, "{n} chars");
            }
            assert_eq!(index.char_offset(&text, text.len()), n);
        }
    }
}
