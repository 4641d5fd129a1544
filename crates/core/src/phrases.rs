//! Many fixed phrase lists, answered from one pass over a sentence.
//!
//! Stages ask of each sentence questions such as "the first of these cues, in list
//! order, that occurs anywhere, and where" (`list.iter().find_map(|c| s.find(c))`) or
//! "does any of these words occur". Asked phrase by phrase that is one substring search
//! per phrase per sentence, and building each searcher costs more than the search. A
//! [`PhraseSet`] indexes every phrase of several lists by its first two chars; one pass
//! over the chars of a text records every occurrence of every phrase, and [`Hits`]
//! answers the questions with exactly the results of the phrase-by-phrase code.
//!
//! Why not Aho-Corasick: its automaton costs about 15 instructions a byte here (45 a
//! CJK char), and a prefilter cannot skip ahead in CJK text, where every char starts
//! with one of a few lead bytes. Testing each pair of adjacent chars against a table
//! of the phrases' opening pairs costs a few, four ideographs at a time; pairs are
//! rare enough that the branch to compare is seldom taken (first chars alone, such as
//! 在 or 国, were not).
//!
//! This is a speed device only: it decides nothing about which phrases matter.

use memchr::memmem;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Several phrase lists, indexed for one pass over a text. Lists are numbered in the
/// order given.
#[derive(Clone, Debug)]
pub(crate) struct PhraseSet {
    /// Each distinct phrase once; its index is its pattern id.
    patterns: Vec<String>,
    /// Set at the [`quad_hash`] of each opening pair whose second char has three
    /// bytes (the first char's last byte and the second char), and at every hash of a
    /// three-byte one-char phrase after any last byte: a three-byte char whose entry
    /// is clear opens no phrase with the char before it.
    quads: Box<[bool; QUAD_HASHES]>,
    /// Whether each ASCII char closes an opening pair or is a one-char phrase.
    ascii: [bool; 128],
    /// A bit per hash of an opening pair (the first two chars of a phrase); an array,
    /// so that indexing it by a hash needs no bounds check.
    pair_bits: Box<[u64; PAIR_HASHES / 64]>,
    /// Ids of the phrases of two chars or more, by opening pair (as code points),
    /// sorted.
    by_pair: Vec<((u32, u32), Vec<usize>)>,
    /// Ids of the one-char phrases, by char (as a code point), sorted.
    singles: Vec<(u32, Vec<usize>)>,
    /// The smallest one-char phrase and the span up to the largest, so that most chars
    /// are ruled out by one comparison (`u32::MAX` and 0 when there are none).
    single_min: u32,
    single_span: u32,
    /// For each list, the pattern id of each of its phrases, in list order.
    lists: Vec<Vec<usize>>,
    /// For each pattern id, a bit for each list (up to 128) that holds it.
    member: Vec<u128>,
    /// Byte length of each pattern.
    lengths: Vec<usize>,
    /// For each pattern id, its first eight bytes (fewer for a shorter phrase) as a
    /// little-endian word, and the mask of those bytes: one comparison rules out most
    /// candidates.
    heads: Vec<(u64, u64)>,
}

/// Where each phrase of a [`PhraseSet`] first occurs in one scanned text.
#[derive(Clone, Debug)]
pub(crate) struct Hits<'a> {
    set: &'a PhraseSet,
    /// (pattern id, byte offsets of its leftmost and of its rightmost occurrence), one
    /// entry per phrase that occurs; usually none or a few, so a list beats a table per
    /// pattern.
    first: Vec<(usize, usize, usize)>,
}

/// Every occurrence of every phrase of a [`PhraseSet`] in a text, so that many
/// stretches of it (sentences) can be asked about after one scan.
#[derive(Clone, Debug, Default)]
pub(crate) struct Occurrences {
    /// (start, end, pattern id), by start.
    found: Vec<(usize, usize, usize)>,
}

impl PhraseSet {
    /// A set over `lists`; a phrase in several lists is searched once.
    pub(crate) fn new(lists: &[&[&str]]) -> PhraseSet {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        let lists: Vec<Vec<usize>> = lists
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&phrase| {
                        *ids.entry(phrase).or_insert_with(|| {
                            patterns.push(phrase);
                            patterns.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let mut pair_bits = Box::new([0u64; PAIR_HASHES / 64]);
        let mut quads = Box::new([false; QUAD_HASHES]);
        let mut set_quad = |last: u8, c: [u8; 4]| {
            quads[quad_hash(u32::from_le_bytes([last, c[0], c[1], c[2]]))] = true
        };
        let mut ascii = [false; 128];
        // The bytes of a char (a code point of a phrase), and their number.
        let encoded = |c: u32| {
            let mut buf = [0u8; 4];
            let len = char::from_u32(c).map_or(0, |c| c.encode_utf8(&mut buf).len());
            (buf, len)
        };
        let mut by_pair: Vec<((u32, u32), Vec<usize>)> = Vec::new();
        let mut singles: Vec<(u32, Vec<usize>)> = Vec::new();
        for (id, phrase) in patterns.iter().enumerate() {
            let mut chars = phrase.chars().map(u32::from);
            let first = chars.next().expect("phrases are not empty");
            let (key, entries) = match chars.next() {
                Some(second) => {
                    let ((a, a_len), (b, b_len)) = (encoded(first), encoded(second));
                    match b_len {
                        1 => ascii[usize::from(b[0])] = true,
                        3 => set_quad(a[a_len - 1], b),
                        _ => {}
                    }
                    let h = pair_hash(first, second);
                    pair_bits[h / 64] |= 1 << (h % 64);
                    match by_pair.iter_mut().find(|(p, _)| *p == (first, second)) {
                        Some((_, ids)) => ids.push(id),
                        None => by_pair.push(((first, second), vec![id])),
                    }
                    continue;
                }
                None => {
                    match encoded(first) {
                        (b, 1) => ascii[usize::from(b[0])] = true,
                        (b, 3) => {
                            // The last byte of a char is ASCII or a continuation byte.
                            for previous_last in 0..0xC0 {
                                set_quad(previous_last, b);
                            }
                        }
                        _ => {}
                    }
                    (first, &mut singles)
                }
            };
            match entries.iter_mut().find(|(c, _)| *c == key) {
                Some((_, ids)) => ids.push(id),
                None => entries.push((key, vec![id])),
            }
        }
        by_pair.sort_by_key(|(p, _)| *p);
        singles.sort_by_key(|(c, _)| *c);
        let (single_min, single_span) = match (singles.first(), singles.last()) {
            (Some((min, _)), Some((max, _))) => (*min, max - min),
            _ => (u32::MAX, 0),
        };
        let lengths = patterns.iter().map(|p| p.len()).collect();
        let heads = patterns
            .iter()
            .map(|p| {
                let mut head = [0u8; 8];
                let n = p.len().min(8);
                head[..n].copy_from_slice(&p.as_bytes()[..n]);
                let mask = if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
                (u64::from_le_bytes(head), mask)
            })
            .collect();
        assert!(lists.len() <= 128, "at most 128 phrase lists in a set");
        let mut member = vec![0u128; patterns.len()];
        for (k, ids) in lists.iter().enumerate() {
            for &id in ids {
                member[id] |= 1 << k;
            }
        }
        PhraseSet {
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
            quads,
            ascii,
            pair_bits,
            by_pair,
            singles,
            single_min,
            single_span,
            lists,
            member,
            lengths,
            heads,
        }
    }

    /// Whether pattern `id` is a phrase of list `list`.
    fn is_in_list(&self, id: usize, list: usize) -> bool {
        self.member[id] & (1 << list) != 0
    }

    /// One pass over `text`.
    #[cfg(test)]
    pub(crate) fn scan(&self, text: &str) -> Hits<'_> {
        self.occurrences(text).within(self, 0, text.len())
    }

    /// Every occurrence of every phrase in `text`, overlapping ones included, in one
    /// pass (and so by start).
    pub(crate) fn occurrences(&self, text: &str) -> Occurrences {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut push_matches = |at: usize, ids: &[usize]| {
            let rest = &bytes[at..];
            // The next eight bytes, when there are as many: most candidates differ
            // from them. Compared in line, not by memcmp: phrases are a few bytes.
            let word = rest
                .get(..8)
                .map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes")));
            for &id in ids {
                let phrase = self.patterns[id].as_bytes();
                let (head, mask) = self.heads[id];
                if word.is_some_and(|w| w & mask != head) {
                    continue;
                }
                if rest.len() >= phrase.len() && rest.iter().zip(phrase).all(|(a, b)| a == b) {
                    found.push((at, at + self.lengths[id], id));
                }
            }
        };
        // Chars are decoded here rather than by `char_indices`: the text is valid UTF-8,
        // so the lead byte gives the width and no check is needed; this loop runs over
        // every char of every report. Most chars open no phrase with the char before
        // them: [`PhraseSet::skip`] passes over those, and leaves every other char to
        // the full test here.
        let mut at = 0;
        while at < bytes.len() {
            let (c, width) = decode(bytes, at);
            // Phrases opening with (previous, c) start at the previous char; one-char
            // phrases at this one. Both orders keep `found` sorted by start.
            if at > 0 {
                let mut previous_at = at - 1;
                while bytes[previous_at] & 0xC0 == 0x80 {
                    previous_at -= 1;
                }
                let (previous, _) = decode(bytes, previous_at);
                let h = pair_hash(previous, c);
                if self.pair_bits[h / 64] & (1 << (h % 64)) != 0 {
                    if let Ok(k) = self
                        .by_pair
                        .binary_search_by_key(&(previous, c), |(pair, _)| *pair)
                    {
                        push_matches(previous_at, &self.by_pair[k].1);
                    }
                }
            }
            if c.wrapping_sub(self.single_min) <= self.single_span {
                if let Ok(k) = self.singles.binary_search_by_key(&c, |(single, _)| *single) {
                    push_matches(at, &self.singles[k].1);
                }
            }
            at = self.skip(bytes, at + width);
        }
        Occurrences { found }
    }

    /// The first char boundary at or after `at` (a char boundary past the first char
    /// of `bytes`, valid UTF-8) whose char may open a phrase with the char before it
    /// or be a one-char phrase, or the end: the chars passed over are ASCII or
    /// three-byte chars that their bit or their [`quad_hash`] entry rules out.
    fn skip(&self, bytes: &[u8], at: usize) -> usize {
        // Bytes 1 and 4 of a word read from the last byte of the char before: the lead
        // bytes of two three-byte chars.
        const LEADS: u64 = 0x0000_00F0_0000_F000;
        const THREE_BYTE_LEADS: u64 = 0x0000_00E0_0000_E000;
        let quad = |word: u64| self.quads[quad_hash(word as u32)];
        let is_three_byte_pair = |word: u64| word & LEADS == THREE_BYTE_LEADS;
        // From the last byte of the char before the next char to test: a slice, so
        // that the reads need no bounds checks.
        let mut rest = &bytes[at - 1..];
        loop {
            // Four three-byte chars at a time, in two words that overlap by two bytes:
            // each word holds two chars and the last byte of the char before them.
            // Before an ASCII char (a comma), two at a time.
            if rest.len() >= 14 {
                let w1 = u64::from_le_bytes(rest[..8].try_into().expect("eight bytes"));
                let w2 = u64::from_le_bytes(rest[6..14].try_into().expect("eight bytes"));
                if is_three_byte_pair(w1) {
                    if is_three_byte_pair(w2) {
                        if !(quad(w1) | quad(w1 >> 24) | quad(w2) | quad(w2 >> 24)) {
                            rest = &rest[12..];
                            continue;
                        }
                    } else if !(quad(w1) | quad(w1 >> 24)) {
                        rest = &rest[6..];
                        continue;
                    }
                }
            }
            // One char.
            match rest.get(1) {
                Some(&b) if b < 0x80 => {
                    if self.ascii[usize::from(b)] {
                        break;
                    }
                    rest = &rest[1..];
                }
                Some(&b) if b & 0xF0 == 0xE0 => {
                    let Some(four) = rest.get(..4) else {
                        break;
                    };
                    let four = u32::from_le_bytes(four.try_into().expect("four bytes"));
                    if self.quads[quad_hash(four)] {
                        break;
                    }
                    rest = &rest[3..];
                }
                _ => break,
            }
        }
        bytes.len() + 1 - rest.len()
    }
}

/// Entries of the table of [`quad_hash`]es: 32 KB, as many as the L1 cache holds.
const QUAD_HASHES: usize = 1 << 15;

/// A hash below [`QUAD_HASHES`] of four bytes as a little-endian word: the last byte of
/// a char and the three bytes of the char after it.
fn quad_hash(four: u32) -> usize {
    (four.wrapping_mul(0x9E37_79B1) >> 17) as usize
}

/// The byte offsets of one char in texts, in order: what `text.match_indices(c)`
/// gives. A char search tests every byte equal to the char's last byte, common in CJK
/// text; this searcher, built once (on first use), tests two of its bytes.
pub(crate) struct CharOffsets {
    needle: &'static str,
    finder: OnceLock<memmem::Finder<'static>>,
}

impl CharOffsets {
    /// The offsets of `needle`, one char.
    pub(crate) const fn new(needle: &'static str) -> CharOffsets {
        CharOffsets {
            needle,
            finder: OnceLock::new(),
        }
    }

    /// Every offset of the char in `text`, in order.
    pub(crate) fn in_text<'t>(&'static self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        self.finder
            .get_or_init(|| memmem::Finder::new(self.needle))
            .find_iter(text.as_bytes())
    }
}

/// The byte offset of every 年 in `text`, the char that most date and period words
/// hold, in order.
pub(crate) fn nian_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    static NIAN: CharOffsets = CharOffsets::new("年");
    NIAN.in_text(text)
}

/// Bits in the opening-pair filter: 8 KB, which stays in the L1 cache.
const PAIR_HASHES: usize = 1 << 16;

/// The code point and byte width of the char of valid UTF-8 `bytes` starting at `at`,
/// without the checks of `str::chars`: ASCII and three-byte chars (nearly all) first,
/// each in one step. Also the catalogue's alias search.
pub(crate) fn decode(bytes: &[u8], at: usize) -> (u32, usize) {
    let lead = u32::from(bytes[at]);
    let next = |k: usize| u32::from(bytes[at + k] & 0x3F);
    match bytes[at] {
        0..=0x7F => (lead, 1),
        0xE0..=0xEF => ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3),
        0xC0..=0xDF => ((lead & 0x1F) << 6 | next(1), 2),
        _ => (
            (lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
            4,
        ),
    }
}

/// A hash of two adjacent chars (code points), below [`PAIR_HASHES`].
fn pair_hash(first: u32, second: u32) -> usize {
    let mixed = first.wrapping_mul(0x9E37_79B1) ^ second.wrapping_mul(0x85EB_CA6B);
    (mixed >> 16) as usize % PAIR_HASHES
}

impl Occurrences {
    /// The occurrences lying wholly in `text[start..end]` (byte offsets of the scanned
    /// text), by start, as (start, end, pattern id); every query below reads these.
    fn inside(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize, usize)> + Clone + '_ {
        let k = self.found.partition_point(|&(s, _, _)| s < start);
        self.found[k..]
            .iter()
            .take_while(move |&&(s, _, _)| s < end)
            .filter(move |&&(_, e, _)| e <= end)
            .copied()
    }

    /// The hits of `text[start..end]`, with offsets relative to `start`: what
    /// [`PhraseSet::scan`] of that slice returns. A phrase occurs in the slice exactly
    /// when an occurrence lies wholly inside it.
    pub(crate) fn within<'a>(&self, set: &'a PhraseSet, start: usize, end: usize) -> Hits<'a> {
        let mut first: Vec<(usize, usize, usize)> = Vec::new();
        for (s, _, id) in self.inside(start, end) {
            // By start, so the first occurrence seen of a phrase is its leftmost and the
            // last its rightmost.
            match first.iter_mut().find(|(seen, _, _)| *seen == id) {
                Some(entry) => entry.2 = s - start,
                None => first.push((id, s - start, s - start)),
            }
        }
        Hits { set, first }
    }

    /// Whether a phrase of list `list` lies wholly in `text[start..end]`: what
    /// [`Occurrences::within`]`(..).any(list)` answers, without gathering the hits.
    pub(crate) fn any_within(
        &self,
        set: &PhraseSet,
        list: usize,
        start: usize,
        end: usize,
    ) -> bool {
        self.inside(start, end)
            .any(|(_, _, id)| set.is_in_list(id, list))
    }

    /// Every occurrence of a phrase of list `list` lying wholly in `text[start..end]`,
    /// by start, as (index of the phrase in the list, offset relative to `start`,
    /// length); a phrase listed twice is given its first index.
    pub(crate) fn indexed_within<'s>(
        &'s self,
        set: &'s PhraseSet,
        list: usize,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 's {
        self.inside(start, end)
            .filter(move |&(_, _, id)| set.is_in_list(id, list))
            .filter_map(move |(s, e, id)| {
                let index = set.lists[list].iter().position(|&other| other == id)?;
                Some((index, s - start, e - s))
            })
    }

    /// Every occurrence of a phrase of list `list` lying wholly in `text[start..end]`,
    /// by start, as (start, end) byte offsets relative to `start`: what repeated
    /// `find`s of the list's phrases in that slice would report, overlaps included.
    pub(crate) fn of_list_within<'s>(
        &'s self,
        set: &'s PhraseSet,
        list: usize,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize)> + Clone + 's {
        self.inside(start, end)
            .filter(move |&(_, _, id)| set.is_in_list(id, list))
            .map(move |(s, e, _)| (s - start, e - start))
    }
}

impl Hits<'_> {
    fn first_at(&self, id: usize) -> Option<usize> {
        self.first
            .iter()
            .find(|&&(seen, _, _)| seen == id)
            .map(|&(_, at, _)| at)
    }

    /// For each phrase of list `list` that occurs, its index in the list and its
    /// rightmost byte offset: what `phrases[i]` gives to `text.rfind`. (The stages
    /// read this from [`Occurrences::indexed_within`]; the tests check the two agree.)
    #[cfg(test)]
    pub(crate) fn last_of_each(&self, list: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.set.lists[list]
            .iter()
            .enumerate()
            .filter_map(|(i, &id)| {
                self.first
                    .iter()
                    .find(|&&(seen, _, _)| seen == id)
                    .map(|&(_, _, last)| (i, last))
            })
    }

    /// The first phrase of list `list`, in list order, that occurs in the text, with
    /// its leftmost byte offset and its length: what
    /// `phrases.iter().find_map(|p| text.find(p).map(|at| (at, p.len())))` returns.
    pub(crate) fn first_of(&self, list: usize) -> Option<(usize, usize)> {
        if self.first.is_empty() {
            return None;
        }
        self.set.lists[list]
            .iter()
            .find_map(|&id| self.first_at(id).map(|at| (at, self.set.lengths[id])))
    }

    /// Whether any phrase of list `list` occurs in the text.
    pub(crate) fn any(&self, list: usize) -> bool {
        !self.first.is_empty()
            && self.set.lists[list]
                .iter()
                .any(|&id| self.first_at(id).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::PhraseSet;

    /// `first_of` and `any` agree with phrase-by-phrase substring search.
    fn check(lists: &[&[&str]], texts: &[&str]) {
        let set = PhraseSet::new(lists);
        for text in texts {
            let hits = set.scan(text);
            for (i, list) in lists.iter().enumerate() {
                let expected = list
                    .iter()
                    .find_map(|p| text.find(p).map(|at| (at, p.len())));
                assert_eq!(hits.first_of(i), expected, "list {i} in {text:?}");
                let expected_any = list.iter().any(|p| text.contains(p));
                assert_eq!(hits.any(i), expected_any, "list {i} in {text:?}");
            }
            // Every slice, asked of the occurrences of the whole text, answers the same.
            let occurrences = set.occurrences(text);
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for (a, &start) in bounds.iter().enumerate() {
                for &end in &bounds[a..] {
                    let slice = &text[start..end];
                    let hits = occurrences.within(&set, start, end);
                    for (i, list) in lists.iter().enumerate() {
                        let expected = list
                            .iter()
                            .find_map(|p| slice.find(p).map(|at| (at, p.len())));
                        assert_eq!(hits.first_of(i), expected, "list {i} in {slice:?}");
                        let expected_last: Vec<(usize, usize)> = list
                            .iter()
                            .enumerate()
                            .filter_map(|(k, p)| slice.rfind(p).map(|at| (k, at)))
                            .collect();
                        let last: Vec<(usize, usize)> = hits.last_of_each(i).collect();
                        assert_eq!(last, expected_last, "list {i} in {slice:?}");
                        let mut expected_all: Vec<(usize, usize)> = list
                            .iter()
                            .flat_map(|p| {
                                (0..slice.len())
                                    .filter(|&at| slice.is_char_boundary(at))
                                    .filter(move |&at| slice[at..].starts_with(p))
                                    .map(move |at| (at, at + p.len()))
                            })
                            .collect();
                        expected_all.sort_unstable();
                        expected_all.dedup();
                        let mut all: Vec<(usize, usize)> =
                            occurrences.of_list_within(&set, i, start, end).collect();
                        all.sort_unstable();
                        assert_eq!(all, expected_all, "list {i} in {slice:?}");
                        // The first in list order at its leftmost, and the rightmost
                        // of each phrase.
                        let indexed: Vec<(usize, usize, usize)> =
                            occurrences.indexed_within(&set, i, start, end).collect();
                        let first = indexed.iter().min().map(|&(_, at, len)| (at, len));
                        assert_eq!(first, hits.first_of(i), "list {i} in {slice:?}");
                        for &(k, at) in &expected_last {
                            let rightmost = indexed
                                .iter()
                                .filter(|&&(other, _, _)| {
                                    other == list.iter().position(|p| *p == list[k]).unwrap_or(k)
                                })
                                .map(|&(_, at, _)| at)
                                .max();
                            assert_eq!(rightmost, Some(at), "list {i} in {slice:?}");
                        }
                        let expected_any = list.iter().any(|p| slice.contains(p));
                        let any = occurrences.any_within(&set, i, start, end);
                        assert_eq!(any, expected_any, "list {i} in {slice:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn nian_offsets_are_the_char_matches() {
        for text in [
            "",
            "年",
            "今年年底前,2020年",
            "平均每年增长😀年",
            "a年b年年",
        ] {
            let expected: Vec<usize> = text.match_indices('年').map(|(at, _)| at).collect();
            assert_eq!(super::nian_offsets(text).collect::<Vec<_>>(), expected);
        }
    }

    /// Phrases and texts mixing one-, two-, three- and four-byte chars, so that every
    /// way out of the scan's fast loop is taken.
    #[test]
    fn agrees_with_substring_search_across_widths() {
        check(
            &[
                &["5年", "GDP", "%", "增长7", "é增", "😀年", "年😀"],
                &["拟", "年", "长7.5", ",比"],
                &["比上年", "上年", "7.5%,"],
            ],
            &[
                "GDP增长7.5%,比上年提高0.5个百分点",
                "拟于5年内,café增长😀年😀",
                "年",
                "%",
                "a5年b",
            ],
        );
    }

    /// Phrases at every offset of runs of ideographs, so that the scan's four-char
    /// steps meet them at every position of a step, after ASCII and after chars of
    /// other widths.
    #[test]
    fn agrees_with_substring_search_at_every_alignment() {
        let lists: &[&[&str]] = &[&["目标是", "年"], &["主要目标", "a增"], &["标是"]];
        let mut texts = Vec::new();
        for lead in ["", "a", "é", "😀", "1,"] {
            for k in 0..14 {
                let filler = "的经济社会发展".chars().cycle().take(k).collect::<String>();
                texts.push(format!("{lead}{filler}主要目标是{filler}增长"));
                texts.push(format!("{filler}{lead}年{filler}a增"));
            }
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        check(lists, &texts);
    }

    #[test]
    fn agrees_with_substring_search() {
        check(
            &[
                &["主要预期目标是", "预期目标是", "目标"],
                &["目标", "五年", "今年"],
                &["年", "今年工作的总要求"],
            ],
            &[
                "",
                "今年经济社会发展的主要预期目标是:",
                "今后五年的目标是,五年后实现目标",
                "按照关于今年工作的总要求,做好今年工作",
                "没有线索的句子",
            ],
        );
    }
}
