//! Text rewrites that remember where every output byte came from.
//!
//! Every cleaning step (width folding, junk removal, gloss removal, line joining) is a
//! [`Rewriter`] pass over a source text: it copies, replaces or removes source ranges
//! and yields the new text, an [`OffsetMap`] back to the source, and the list of
//! [`Removal`]s so that nothing is dropped silently. Maps of successive passes compose
//! with [`OffsetMap::then`], so any span of the final text maps back to the input.
//!
//! This module knows nothing about Chinese; the passes that use it live in
//! `normalize` and `clean`.

use crate::span::ByteSpan;
use serde::Serialize;

/// Why a piece of the input was left out of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// The removed text, as it stood in the input.
    pub text: String,
    /// Where it stood, in bytes of the input text.
    pub span: ByteSpan,
    /// A short machine-readable reason, e.g. `scrape_promo`, `pinyin_gloss`.
    pub reason: &'static str,
}

/// One stretch of output whose source is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Output byte where the segment starts.
    out_start: usize,
    /// Source range it came from.
    src: ByteSpan,
    /// True when output bytes map 1:1 onto source bytes (a verbatim copy, or a
    /// replacement of equal byte length such as traditional → simplified).
    linear: bool,
}

/// Maps byte offsets of a rewritten text back to the text it was made from.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    out_len: usize,
    src_len: usize,
}

impl OffsetMap {
    /// The map of a text that was not rewritten at all.
    pub fn identity(len: usize) -> OffsetMap {
        OffsetMap {
            segments: vec![Segment {
                out_start: 0,
                src: ByteSpan::new(0, len),
                linear: true,
            }],
            out_len: len,
            src_len: len,
        }
    }

    /// The map of cutting `span` out of a text of `len` bytes.
    pub fn slice(len: usize, span: ByteSpan) -> OffsetMap {
        OffsetMap {
            segments: vec![Segment {
                out_start: 0,
                src: span,
                linear: true,
            }],
            out_len: span.len(),
            src_len: len,
        }
    }

    /// The number of segments starting at or before `out`, i.e.
    /// `segments.partition_point(|s| s.out_start <= out)`, looked for from `hint`, the
    /// previous answer. `then` asks about offsets that mostly grow, so the answer is
    /// nearly always at or just after the hint; a binary search per question made
    /// composing two maps O(n log n) with a large constant.
    fn count_starting_by(&self, out: usize, hint: &mut usize) -> usize {
        let segments = &self.segments;
        let mut k = (*hint).min(segments.len());
        if k > 0 && segments[k - 1].out_start > out {
            k = segments[..k].partition_point(|s| s.out_start <= out);
        } else {
            let mut steps = 0;
            while k < segments.len() && segments[k].out_start <= out {
                k += 1;
                steps += 1;
                if steps == 8 {
                    k += segments[k..].partition_point(|s| s.out_start <= out);
                    break;
                }
            }
        }
        *hint = k;
        k
    }

    fn segment_at(&self, out: usize, hint: &mut usize) -> Option<&Segment> {
        let idx = self.count_starting_by(out, hint);
        idx.checked_sub(1).map(|i| &self.segments[i])
    }

    /// Source offset of output offset `out`, taken as the start of a span.
    pub fn src_start(&self, out: usize) -> usize {
        self.src_start_from(out, &mut 0)
    }

    fn src_start_from(&self, out: usize, hint: &mut usize) -> usize {
        if out >= self.out_len {
            return self.src_len;
        }
        match self.segment_at(out, hint) {
            Some(seg) if seg.linear => (seg.src.start + (out - seg.out_start)).min(seg.src.end),
            Some(seg) => seg.src.start,
            None => 0,
        }
    }

    /// Source offset of output offset `out`, taken as the (exclusive) end of a span.
    pub fn src_end(&self, out: usize) -> usize {
        self.src_end_from(out, &mut 0)
    }

    fn src_end_from(&self, out: usize, hint: &mut usize) -> usize {
        if out == 0 {
            return self.segments.first().map_or(0, |s| s.src.start);
        }
        match self.segment_at(out - 1, hint) {
            Some(seg) if seg.linear => (seg.src.start + (out - seg.out_start)).min(seg.src.end),
            Some(seg) => seg.src.end,
            None => 0,
        }
    }

    /// `span` of the output text, in source offsets.
    pub fn to_source(&self, span: ByteSpan) -> ByteSpan {
        self.to_source_from(span, &mut 0, &mut 0)
    }

    /// [`to_source`](OffsetMap::to_source) with lookup hints for starts and ends, for
    /// callers that ask about offsets in increasing order.
    pub(crate) fn to_source_from(
        &self,
        span: ByteSpan,
        at_start: &mut usize,
        at_end: &mut usize,
    ) -> ByteSpan {
        let start = self.src_start_from(span.start, at_start);
        ByteSpan::new(start, self.src_end_from(span.end, at_end).max(start))
    }

    /// The map of `later` applied after `self`: output of `later` → source of `self`.
    pub fn then(&self, later: &OffsetMap) -> OffsetMap {
        // The walk below asks `self` about every offset `later` reads, in order; maps
        // that do not start at 0 or read past `self`'s output take the general path.
        let in_range = later
            .segments
            .iter()
            .all(|seg| seg.src.start <= seg.src.end && seg.src.end <= self.out_len);
        if !in_range || self.segments.first().is_none_or(|s| s.out_start != 0) {
            return self.then_general(later);
        }
        let mut segments = Vec::with_capacity(later.segments.len() + self.segments.len());
        let (mut at_start, mut at_end) = (0, 0);
        for (i, seg) in later.segments.iter().enumerate() {
            if seg.linear && !seg.src.is_empty() {
                let first = self.count_starting_by(seg.src.start, &mut at_start);
                at_start = self.clip(seg.src, first, seg.out_start, &mut segments);
                continue;
            }
            let out_end = later
                .segments
                .get(i + 1)
                .map_or(later.out_len, |n| n.out_start);
            if seg.linear {
                if out_end > seg.out_start {
                    let at = self.src_start_from(seg.src.start, &mut at_start);
                    segments.push(Segment {
                        out_start: seg.out_start,
                        src: ByteSpan::new(at, at),
                        linear: false,
                    });
                }
                continue;
            }
            segments.push(Segment {
                out_start: seg.out_start,
                src: self.to_source_from(seg.src, &mut at_start, &mut at_end),
                linear: false,
            });
        }
        OffsetMap {
            segments,
            out_len: later.out_len,
            src_len: self.src_len,
        }
    }

    /// `self.then(&OffsetMap::slice(self.out_len, span))`: the map of the part `span`
    /// of the output. When `span` is the whole output (a page holding one report) the
    /// segments are reused in place rather than copied.
    pub fn into_slice(mut self, span: ByteSpan) -> OffsetMap {
        let whole = span.start == 0 && span.end == self.out_len && span.end > 0;
        if !whole || self.segments.first().is_none_or(|s| s.out_start != 0) {
            return self.then(&OffsetMap::slice(self.out_len, span));
        }
        // What `clip` does for the whole range: segments without output bytes drop
        // out, the others stay, their sources clipped as `clip` clips them.
        let mut kept = 0;
        for j in 0..self.segments.len() {
            let seg = self.segments[j];
            let seg_end = self
                .segments
                .get(j + 1)
                .map_or(self.out_len, |n| n.out_start);
            if seg_end == seg.out_start {
                continue;
            }
            let src = if seg.linear {
                let end = (seg.src.start + (seg_end - seg.out_start)).min(seg.src.end);
                ByteSpan::new(seg.src.start, end.max(seg.src.start))
            } else {
                seg.src
            };
            self.segments[kept] = Segment { src, ..seg };
            kept += 1;
        }
        self.segments.truncate(kept);
        self
    }

    /// Appends to `out` the pieces of the non-empty output range `span` of `self`, each
    /// segment with output bytes in it clipped to it, placed from output offset
    /// `out_start` on; `first` counts the segments starting at or before `span.start`
    /// (at least 1). Segments without output bytes drop out, being no piece of the text.
    /// Returns the count of segments starting at or before the last piece.
    fn clip(
        &self,
        span: ByteSpan,
        first: usize,
        out_start: usize,
        out: &mut Vec<Segment>,
    ) -> usize {
        let mut last = first;
        for (j, seg) in self.segments.iter().enumerate().skip(first - 1) {
            if seg.out_start >= span.end {
                break;
            }
            let seg_end = self
                .segments
                .get(j + 1)
                .map_or(self.out_len, |n| n.out_start);
            if seg_end == seg.out_start {
                continue;
            }
            last = j + 1;
            let (lo, hi) = (seg.out_start.max(span.start), seg_end.min(span.end));
            let (src_start, src_end) = if seg.linear {
                let at = |out: usize| (seg.src.start + (out - seg.out_start)).min(seg.src.end);
                (at(lo), at(hi))
            } else {
                (seg.src.start, seg.src.end)
            };
            out.push(Segment {
                out_start: out_start + (lo - span.start),
                src: ByteSpan::new(src_start, src_end.max(src_start)),
                linear: seg.linear,
            });
        }
        last
    }

    /// The general composition, for maps that [`then`](OffsetMap::then)'s walk does not
    /// take; also the reference the walk is tested against.
    fn then_general(&self, later: &OffsetMap) -> OffsetMap {
        let mut segments = Vec::with_capacity(later.segments.len());
        // Hints for the lookups of starts and of ends, which move forward separately.
        let (mut at_start, mut at_end) = (0, 0);
        for (i, seg) in later.segments.iter().enumerate() {
            let out_end = later
                .segments
                .get(i + 1)
                .map_or(later.out_len, |n| n.out_start);
            if seg.linear {
                // A verbatim stretch of the middle text may itself cover several
                // segments of `self`; split it so linear pieces stay linear.
                let mut mid = seg.src.start;
                while mid < seg.src.end {
                    let idx = self.count_starting_by(mid, &mut at_start);
                    let here = idx.checked_sub(1).map(|i| self.segments[i]);
                    let piece_end = match here {
                        Some(_) => self.segments.get(idx).map_or(self.out_len, |n| n.out_start),
                        None => seg.src.end,
                    }
                    .min(seg.src.end);
                    let out_start = seg.out_start + (mid - seg.src.start);
                    let src_start = self.src_start_from(mid, &mut at_start);
                    let src = ByteSpan::new(
                        src_start,
                        self.src_end_from(piece_end, &mut at_end).max(src_start),
                    );
                    let linear = here.is_some_and(|h| h.linear);
                    segments.push(Segment {
                        out_start,
                        src,
                        linear,
                    });
                    mid = piece_end.max(mid + 1);
                }
                if seg.src.is_empty() && out_end > seg.out_start {
                    let at = self.src_start_from(seg.src.start, &mut at_start);
                    segments.push(Segment {
                        out_start: seg.out_start,
                        src: ByteSpan::new(at, at),
                        linear: false,
                    });
                }
            } else {
                segments.push(Segment {
                    out_start: seg.out_start,
                    src: self.to_source_from(seg.src, &mut at_start, &mut at_end),
                    linear: false,
                });
            }
        }
        OffsetMap {
            segments,
            out_len: later.out_len,
            src_len: self.src_len,
        }
    }
}

/// Builds a rewritten text from a source, left to right.
///
/// Callers walk the source once and, for each range, call [`copy`](Rewriter::copy),
/// [`replace`](Rewriter::replace) or [`remove`](Rewriter::remove); ranges must be
/// given in order and without gaps. [`finish`](Rewriter::finish) copies what is left.
pub struct Rewriter<'s> {
    source: &'s str,
    out: String,
    segments: Vec<Segment>,
    removals: Vec<Removal>,
    /// Source offset up to which the source has been consumed.
    cursor: usize,
}

impl<'s> Rewriter<'s> {
    /// Starts a rewrite of `source`.
    pub fn new(source: &'s str) -> Rewriter<'s> {
        Rewriter {
            source,
            out: String::with_capacity(source.len()),
            // About what the passes of normalization need, so that the list grows
            // once or not at all.
            segments: Vec::with_capacity(source.len() / 32),
            removals: Vec::new(),
            cursor: 0,
        }
    }

    /// Source offset up to which everything has been copied, replaced or removed.
    #[inline]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The output written so far.
    #[inline]
    pub fn output(&self) -> &str {
        &self.out
    }

    #[inline]
    fn push_segment(&mut self, src: ByteSpan, linear: bool) {
        let out_start = self.out.len();
        if let Some(last) = self.segments.last_mut() {
            // Merge adjacent linear segments so that a long verbatim text is one segment.
            if linear
                && last.linear
                && last.src.end == src.start
                && last.out_start + last.src.len() == out_start
            {
                last.src.end = src.end;
                return;
            }
        }
        self.segments.push(Segment {
            out_start,
            src,
            linear,
        });
    }

    /// Copies the source verbatim up to offset `to`.
    #[inline(always)]
    pub fn copy(&mut self, to: usize) {
        if to <= self.cursor {
            return;
        }
        let src = ByteSpan::new(self.cursor, to);
        self.push_segment(src, true);
        self.out.push_str(&self.source[src.start..src.end]);
        self.cursor = to;
    }

    /// Replaces source bytes `cursor..to` with `with`.
    #[inline]
    pub fn replace(&mut self, to: usize, with: &str) {
        let src = ByteSpan::new(self.cursor, to);
        self.push_segment(src, with.len() == src.len());
        self.out.push_str(with);
        self.cursor = to;
    }

    /// Replaces source bytes `cursor..to` with one char.
    #[inline(always)]
    pub fn replace_char(&mut self, to: usize, with: char) {
        let src = ByteSpan::new(self.cursor, to);
        self.push_segment(src, with.len_utf8() == src.len());
        self.out.push(with);
        self.cursor = to;
    }

    /// Drops source bytes `cursor..to` without a trace in the removal list; for
    /// changes that lose no content (collapsing whitespace, joining broken lines).
    #[inline]
    pub fn drop_quietly(&mut self, to: usize) {
        if to <= self.cursor {
            return;
        }
        self.segments.push(Segment {
            out_start: self.out.len(),
            src: ByteSpan::new(self.cursor, to),
            linear: false,
        });
        self.cursor = to;
    }

    /// Removes source bytes `cursor..to` and lists them with `reason`.
    pub fn remove(&mut self, to: usize, reason: &'static str) {
        if to <= self.cursor {
            return;
        }
        let span = ByteSpan::new(self.cursor, to);
        self.removals.push(Removal {
            text: span.of(self.source).to_string(),
            span,
            reason,
        });
        self.drop_quietly(to);
    }

    /// Copies the rest of the source and returns the result.
    pub fn finish(mut self) -> Rewritten {
        self.copy(self.source.len());
        let map = OffsetMap {
            segments: self.segments,
            out_len: self.out.len(),
            src_len: self.source.len(),
        };
        Rewritten {
            text: self.out,
            map,
            removals: self.removals,
        }
    }
}

/// The result of a rewrite pass.
#[derive(Clone, Debug)]
pub struct Rewritten {
    /// The new text.
    pub text: String,
    /// Output offsets → source offsets.
    pub map: OffsetMap,
    /// What was removed, in source offsets.
    pub removals: Vec<Removal>,
}

impl Rewritten {
    /// Applies `pass` to this text and composes maps and removals, so the result maps
    /// back to the original source of `self`.
    pub fn then(self, pass: impl FnOnce(&str) -> Rewritten) -> Rewritten {
        let next = pass(&self.text);
        let mut removals = self.removals;
        removals.extend(next.removals.into_iter().map(|r| Removal {
            span: self.map.to_source(r.span),
            ..r
        }));
        removals.sort_by_key(|r| r.span.start);
        Rewritten {
            map: self.map.then(&next.map),
            text: next.text,
            removals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Removes every "X" and turns "ＡＢ" full-width letters into half-width.
    fn toy_pass(src: &str) -> Rewritten {
        let mut rw = Rewriter::new(src);
        for (i, c) in src.char_indices() {
            rw.copy(i);
            match c {
                'X' => rw.remove(i + 1, "toy"),
                'Ａ'..='Ｚ' => {
                    rw.replace_char(i + c.len_utf8(), char::from_u32(c as u32 - 0xFEE0).unwrap())
                }
                _ => {}
            }
        }
        rw.finish()
    }

    /// A rewrite of `src` driven by `ops`: (length, kind) steps that copy, replace with
    /// a shorter or equal-length text, insert, or remove.
    fn random_pass(src: &str, ops: &[(usize, u8)]) -> Rewritten {
        let mut rw = Rewriter::new(src);
        let mut at = 0;
        for &(len, kind) in ops {
            let to = (at + len).min(src.len());
            match kind % 5 {
                0 => rw.copy(to),
                1 => rw.replace(to, &"y".repeat(to - at)),
                2 => rw.replace(to, "zz"),
                3 => rw.remove(to, "toy"),
                _ => rw.drop_quietly(to),
            }
            at = to;
        }
        rw.finish()
    }

    fn assert_same_map(fast: &OffsetMap, general: &OffsetMap) {
        assert_eq!(fast.segments, general.segments);
        assert_eq!(
            (fast.out_len, fast.src_len),
            (general.out_len, general.src_len)
        );
    }

    type Ops = Vec<(usize, u8)>;

    fn ops() -> impl proptest::strategy::Strategy<Value = Ops> {
        proptest::collection::vec((0usize..6, 0u8..5), 0..30)
    }

    proptest::proptest! {
        /// The walk of `then` must give what the general composition gives, for two
        /// rewrites and for a slice after a rewrite (a report cut from a page).
        #[test]
        fn compositions_agree_with_the_general_one(
            first in ops(),
            second in ops(),
            cut in (0usize..80, 0usize..80),
        ) {
            let src = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
            let pass = random_pass(src, &first);
            let next = random_pass(&pass.text, &second);
            assert_same_map(&pass.map.then(&next.map), &pass.map.then_general(&next.map));
            let len = pass.text.len();
            let (a, b) = (cut.0.min(len), cut.1.min(len));
            let slice = OffsetMap::slice(len, ByteSpan::new(a.min(b), a.max(b)));
            assert_same_map(&pass.map.then(&slice), &pass.map.then_general(&slice));
            let whole = OffsetMap::slice(len, ByteSpan::new(0, len));
            assert_same_map(&pass.map.clone().into_slice(ByteSpan::new(0, len)), &pass.map.then_general(&whole));
            assert_same_map(&pass.map.clone().into_slice(slice.segments.first().map_or(ByteSpan::new(0, 0), |s| s.src)), &pass.map.then_general(&slice));
        }
    }

    #[test]
    fn spans_map_back_through_two_passes() {
        let src = "海淀XＡＢ区X增长7%";
        let once = Rewritten {
            text: src.to_string(),
            map: OffsetMap::identity(src.len()),
            removals: vec![],
        };
        let out = once.then(toy_pass).then(|t| {
            let mut rw = Rewriter::new(t);
            let at = t.find('区').unwrap();
            rw.copy(at);
            rw.replace(at + '区'.len_utf8(), "区域");
            rw.finish()
        });
        assert_eq!(out.text, "海淀AB区域增长7%");
        let find = |needle: &str| {
            let s = out.text.find(needle).unwrap();
            out.map
                .to_source(ByteSpan::new(s, s + needle.len()))
                .of(src)
                .to_string()
        };
        assert_eq!(find("增长7%"), "增长7%");
        assert_eq!(find("AB"), "ＡＢ");
        assert_eq!(find("区域"), "区");
        assert_eq!(find("海淀"), "海淀");
        let reasons: Vec<_> = out
            .removals
            .iter()
            .map(|r| (r.text.as_str(), r.span.of(src)))
            .collect();
        assert_eq!(reasons, vec![("X", "X"), ("X", "X")]);
    }
}
