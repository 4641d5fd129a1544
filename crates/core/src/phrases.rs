//! Many fixed phrase lists, answered from one pass over a sentence.
//!
//! Stages ask of each sentence questions such as "the first of these cues, in list
//! order, that occurs anywhere, and where" (`list.iter().find_map(|c| s.find(c))`) or
//! "does any of these words occur". Asked phrase by phrase that is one substring search
//! per phrase per sentence, and building each searcher costs more than the search. A
//! [`PhraseSet`] puts every phrase of several lists in one Aho-Corasick automaton; one
//! overlapping scan records where each phrase first occurs, and [`Hits`] answers the
//! questions with exactly the results of the phrase-by-phrase code.
//!
//! This is a speed device only: it decides nothing about which phrases matter.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// Several phrase lists behind one automaton. Lists are numbered in the order given.
#[derive(Clone, Debug)]
pub(crate) struct PhraseSet {
    matcher: AhoCorasick,
    /// For each list, the pattern id of each of its phrases, in list order.
    lists: Vec<Vec<usize>>,
    /// Byte length of each pattern.
    lengths: Vec<usize>,
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
        let lists = lists
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
        // Standard semantics, so an overlapping scan reports every occurrence of every
        // phrase, as separate substring searches would find them.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("phrases are plain strings");
        let lengths = patterns.iter().map(|p| p.len()).collect();
        PhraseSet {
            matcher,
            lists,
            lengths,
        }
    }

    /// One pass over `text`.
    #[cfg(test)]
    pub(crate) fn scan(&self, text: &str) -> Hits<'_> {
        self.occurrences(text).within(self, 0, text.len())
    }

    /// Every occurrence of every phrase in `text`, in one pass.
    pub(crate) fn occurrences(&self, text: &str) -> Occurrences {
        let mut found: Vec<(usize, usize, usize)> = self
            .matcher
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        // The scan reports by end offset; sort by start for `within`.
        found.sort_unstable();
        Occurrences { found }
    }
}

impl Occurrences {
    /// The hits of `text[start..end]` (byte offsets of the scanned text), with offsets
    /// relative to `start`: what [`PhraseSet::scan`] of that slice returns. A phrase
    /// occurs in the slice exactly when an occurrence lies wholly inside it.
    pub(crate) fn within<'a>(&self, set: &'a PhraseSet, start: usize, end: usize) -> Hits<'a> {
        let mut first: Vec<(usize, usize, usize)> = Vec::new();
        let k = self.found.partition_point(|&(s, _, _)| s < start);
        for &(s, e, id) in self.found[k..].iter().take_while(|&&(s, _, _)| s < end) {
            if e > end {
                continue;
            }
            // By start, so the first occurrence seen of a phrase is its leftmost and the
            // last its rightmost.
            match first.iter_mut().find(|(seen, _, _)| *seen == id) {
                Some(entry) => entry.2 = s - start,
                None => first.push((id, s - start, s - start)),
            }
        }
        Hits { set, first }
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
    /// rightmost byte offset: what `phrases[i]` gives to `text.rfind`.
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
                    }
                }
            }
        }
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
