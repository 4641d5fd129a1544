//! Candidate evidence for a task: the sentences of next year's review that look most
//! like it.
//!
//! A task of year N ("新增中小学学位1440个") is usually answered, if at all, by a sentence
//! of the year-N+1 review ("新增中小学学位1500个"). Chinese has no spaces, so similarity
//! is measured on character bigrams: the Jaccard index of the two bigram sets, counting
//! only Han characters, letters and digits (punctuation and spaces split bigrams).
//! Digits are folded to one symbol so that 1440 and 1500 still share bigrams around the
//! number. The score is a hint for a reviewer, who confirms; it decides nothing.
//!
//! Pure: no I/O; which sentences are the review is the caller's business.

use crate::span::ByteSpan;
use std::collections::HashSet;

/// One candidate sentence with its score in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// The sentence, in bytes of the text searched.
    pub sentence: ByteSpan,
    /// Jaccard index of the character-bigram sets.
    pub score: f64,
}

/// Scores below this are noise (a shared 推进 or 建设) and are not proposed.
pub const MIN_SCORE: f64 = 0.08;

/// The character bigrams of `text`, digits folded to `0`.
pub fn bigrams(text: &str) -> HashSet<(char, char)> {
    let mut out = HashSet::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_alphanumeric() {
            let c = if c.is_ascii_digit() { '0' } else { c };
            if let Some(p) = prev {
                // A run of digits is one number: keep a single 00 bigram at most.
                out.insert((p, c));
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    out
}

/// The Jaccard index of two bigram sets; 0 when both are empty.
pub fn jaccard(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// The `n` best sentences among `sentences` (spans into `text`) for `task_text`, best
/// first, scores at least [`MIN_SCORE`]. Ties keep text order.
pub fn candidates(task_text: &str, text: &str, sentences: &[ByteSpan], n: usize) -> Vec<Candidate> {
    SentenceIndex::new(text, sentences).best(task_text, n)
}

/// The bigram sets of a review's sentences, computed once for many tasks.
pub struct SentenceIndex {
    sentences: Vec<(ByteSpan, HashSet<(char, char)>)>,
}

impl SentenceIndex {
    /// Indexes `sentences`, spans into `text`; spans outside `text` are left out.
    pub fn new(text: &str, sentences: &[ByteSpan]) -> SentenceIndex {
        let sentences = sentences
            .iter()
            .filter_map(|&s| Some((s, bigrams(text.get(s.start..s.end)?))))
            .collect();
        SentenceIndex { sentences }
    }

    /// The `n` best sentences for `task_text`; see [`candidates`].
    pub fn best(&self, task_text: &str, n: usize) -> Vec<Candidate> {
        let task = bigrams(task_text);
        let mut scored: Vec<Candidate> = self
            .sentences
            .iter()
            .filter_map(|(s, set)| {
                let score = jaccard(&task, set);
                (score >= MIN_SCORE).then_some(Candidate {
                    sentence: *s,
                    score,
                })
            })
            .collect();
        // A stable sort keeps text order among equal scores.
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        scored.truncate(n);
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(task: &str, review: &[&str], want_best: Option<&str>) {
        let text: String = review.concat();
        let mut spans = Vec::new();
        let mut at = 0;
        for s in review {
            spans.push(ByteSpan::new(at, at + s.len()));
            at += s.len();
        }
        let got = candidates(task, &text, &spans, 3);
        let best = got.first().map(|c| c.sentence.of(&text));
        assert_eq!(best, want_best, "{got:?}");
    }

    #[test]
    fn picks_the_sentence_about_the_same_thing() {
        check(
            "新增中小学学位1440个。",
            &[
                "地区生产总值增长7.5%。",
                "新增中小学学位1500个,改扩建学校12所。",
                "拆除违法建设160万平方米。",
            ],
            Some("新增中小学学位1500个,改扩建学校12所。"),
        );
        check(
            "拆除违法建设不少于150万平方米。",
            &["新增中小学学位1500个。", "拆除违法建设160万平方米。"],
            Some("拆除违法建设160万平方米。"),
        );
    }

    #[test]
    fn unrelated_sentences_are_not_proposed() {
        check(
            "加快轨道交通建设。",
            &["粮食产量达到6亿吨。", "居民消费价格上涨2%。"],
            None,
        );
    }

    #[test]
    fn jaccard_bounds() {
        let a = bigrams("学位学位");
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&a, &bigrams("")), 0.0);
        assert_eq!(bigrams("1440个"), bigrams("1500个"));
    }
}
