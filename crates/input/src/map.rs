//! [`RawMap`]: byte offsets of decoded text → byte offsets of the raw input bytes.
//!
//! Core's `OffsetMap` maps a text back to another *text* (`&str`); decoding needs a map
//! back to raw bytes in any encoding (GB18030, UTF-16), so this crate keeps its own
//! run-length map. A map is a chain of layers (e.g. HTML main text → decoded page →
//! raw GB18030 bytes); each layer is a list of runs of equal-sized units, so a long
//! stretch of ASCII or of two-byte GB characters costs one entry.
//!
//! Not for rewriting text: this module only records and answers offset questions.

use duban_core::ByteSpan;

/// A run of `count` units, each `out_unit` output bytes made from `src_unit` source
/// bytes, laid end to end in both texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    out_start: usize,
    src_start: usize,
    out_unit: usize,
    src_unit: usize,
    count: usize,
    /// A verbatim copy: each output byte maps to the source byte at the same place.
    /// Otherwise a unit is atomic and maps to its whole source.
    bytewise: bool,
}

impl Run {
    fn out_end(&self) -> usize {
        self.out_start + self.out_unit * self.count
    }
}

/// One step of mapping: output offsets of one text → offsets of the text before it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layer {
    runs: Vec<Run>,
    out_len: usize,
    src_len: usize,
}

impl Layer {
    /// The layer of a text that is a verbatim slice `span` of a source of `src_len` bytes.
    pub(crate) fn slice(src_len: usize, span: ByteSpan) -> Layer {
        let mut b = LayerBuilder::default();
        b.push(span.start, span.len(), span.len());
        b.finish(src_len)
    }

    /// The layer of an `out_len`-byte text made, as one indivisible unit, from source
    /// bytes `span` of a `src_len`-byte source: every non-empty span of the text maps
    /// to all of `span`. For text whose origin inside the source is not known finer
    /// (a compressed archive member, a PDF text layer).
    #[cfg_attr(not(any(feature = "pdf", feature = "docx")), allow(dead_code))]
    pub(crate) fn one_unit(out_len: usize, span: ByteSpan, src_len: usize) -> Layer {
        // Not through `LayerBuilder::push`, which would take equal lengths for a
        // verbatim copy and map byte by byte.
        let runs = if out_len == 0 {
            Vec::new()
        } else {
            vec![Run {
                out_start: 0,
                src_start: span.start,
                out_unit: out_len,
                src_unit: span.len(),
                count: 1,
                bytewise: false,
            }]
        };
        Layer {
            runs,
            out_len,
            src_len,
        }
    }

    fn run_at(&self, out: usize) -> Option<&Run> {
        let idx = self.runs.partition_point(|r| r.out_start <= out);
        idx.checked_sub(1)
            .map(|i| &self.runs[i])
            .filter(|r| out < r.out_end())
    }

    fn src_start(&self, out: usize) -> usize {
        if out >= self.out_len {
            return self
                .runs
                .last()
                .map_or(self.src_len, |r| r.src_start + r.src_unit * r.count);
        }
        match self.run_at(out) {
            Some(r) => {
                let k = (out - r.out_start) / r.out_unit;
                // Inside a 1:1 run every byte maps exactly; elsewhere a unit is atomic.
                let within = if r.bytewise {
                    (out - r.out_start) % r.out_unit
                } else {
                    0
                };
                r.src_start + k * r.src_unit + within
            }
            None => 0,
        }
    }

    fn src_end(&self, out: usize) -> usize {
        if out == 0 {
            return self.runs.first().map_or(0, |r| r.src_start);
        }
        match self.run_at(out - 1) {
            Some(r) => {
                let off = out - r.out_start;
                if r.bytewise {
                    r.src_start + off
                } else {
                    r.src_start + off.div_ceil(r.out_unit) * r.src_unit
                }
            }
            None => self.src_len,
        }
    }

    fn to_source(&self, span: ByteSpan) -> ByteSpan {
        let start = self.src_start(span.start);
        let end = if span.is_empty() {
            start
        } else {
            self.src_end(span.end).max(start)
        };
        ByteSpan::new(start, end)
    }
}

/// Builds a [`Layer`] left to right, merging runs where it can.
#[derive(Default)]
pub(crate) struct LayerBuilder {
    runs: Vec<Run>,
    out_len: usize,
}

impl LayerBuilder {
    /// Records that the next `out_len` output bytes came from source bytes
    /// `src_start..src_start + src_len`, as one indivisible unit.
    pub(crate) fn push(&mut self, src_start: usize, out_len: usize, src_len: usize) {
        if out_len == 0 {
            return;
        }
        // Equal lengths are a verbatim copy: store them as a run of 1:1 bytes so that
        // any byte inside maps exactly and neighbouring copies merge.
        let bytewise = out_len == src_len;
        let (out_unit, src_unit, count) = if bytewise {
            (1, 1, out_len)
        } else {
            (out_len, src_len, 1)
        };
        if let Some(last) = self.runs.last_mut() {
            if last.bytewise == bytewise
                && last.out_unit == out_unit
                && last.src_unit == src_unit
                && last.src_start + last.src_unit * last.count == src_start
            {
                last.count += count;
                self.out_len += out_len;
                return;
            }
        }
        self.runs.push(Run {
            out_start: self.out_len,
            src_start,
            out_unit,
            src_unit,
            count,
            bytewise,
        });
        self.out_len += out_len;
    }

    /// Output bytes recorded so far.
    pub(crate) fn out_len(&self) -> usize {
        self.out_len
    }

    /// The finished layer over a source of `src_len` bytes.
    pub(crate) fn finish(self, src_len: usize) -> Layer {
        Layer {
            runs: self.runs,
            out_len: self.out_len,
            src_len,
        }
    }
}

/// Maps byte spans of [`Decoded::text`](crate::Decoded::text) back to byte spans of
/// the raw input given to [`decode`](crate::decode).
///
/// Precision: exact for every character of a plain-text file in any encoding (a span
/// of whole characters maps to exactly the bytes that encode them); for HTML, exact
/// inside text nodes, with an entity (`&amp;`) or a collapsed whitespace run mapping
/// to its whole source, and a line break made from a tag mapping to that tag.
#[derive(Clone, Debug, Default)]
pub struct RawMap {
    /// Outermost layer first: `layers[0]` maps the final text, the last maps to raw bytes.
    layers: Vec<Layer>,
}

impl RawMap {
    /// The map of text that is the raw input itself (UTF-8 without BOM).
    pub fn identity(len: usize) -> RawMap {
        RawMap {
            layers: vec![Layer::slice(len, ByteSpan::new(0, len))],
        }
    }

    pub(crate) fn from_layer(layer: Layer) -> RawMap {
        RawMap {
            layers: vec![layer],
        }
    }

    /// Puts `outer` in front: the result maps `outer`'s output to this map's raw bytes.
    pub(crate) fn after(mut self, outer: Layer) -> RawMap {
        self.layers.insert(0, outer);
        self
    }

    /// The raw byte span that `span` (byte offsets of the decoded text) came from.
    pub fn to_raw(&self, span: ByteSpan) -> ByteSpan {
        self.layers.iter().fold(span, |s, layer| layer.to_source(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_map_whole_and_copies_map_bytewise() {
        // Output "a中b" (1+3+1 bytes) from raw "a" + two GB bytes + "b".
        let mut b = LayerBuilder::default();
        b.push(0, 1, 1);
        b.push(1, 3, 2);
        b.push(3, 1, 1);
        let map = RawMap::from_layer(b.finish(4));
        assert_eq!(map.to_raw(ByteSpan::new(1, 4)), ByteSpan::new(1, 3));
        assert_eq!(map.to_raw(ByteSpan::new(2, 3)), ByteSpan::new(1, 3));
        assert_eq!(map.to_raw(ByteSpan::new(4, 5)), ByteSpan::new(3, 4));
        assert_eq!(map.to_raw(ByteSpan::new(0, 5)), ByteSpan::new(0, 4));
        assert_eq!(map.to_raw(ByteSpan::new(5, 5)), ByteSpan::new(4, 4));
    }

    #[test]
    fn one_unit_maps_every_span_to_the_whole_source() {
        // Equal lengths must not turn it into a byte-for-byte copy.
        for out_len in [4, 9] {
            let map = RawMap::from_layer(Layer::one_unit(out_len, ByteSpan::new(3, 7), 10));
            assert_eq!(map.to_raw(ByteSpan::new(1, 2)), ByteSpan::new(3, 7));
            assert_eq!(map.to_raw(ByteSpan::new(0, out_len)), ByteSpan::new(3, 7));
        }
    }

    #[test]
    fn layers_compose() {
        // Raw "xxABC" → decoded "ABC" (skip 2) → text "BC" (skip 1).
        let inner = Layer::slice(5, ByteSpan::new(2, 5));
        let outer = Layer::slice(3, ByteSpan::new(1, 3));
        let map = RawMap::from_layer(inner).after(outer);
        assert_eq!(map.to_raw(ByteSpan::new(0, 2)), ByteSpan::new(3, 5));
    }
}
