//! Normalization: the single text every later stage reads.
//!
//! Folds full-width ASCII to half-width, unifies punctuation variants, converts
//! traditional characters to simplified, tidies whitespace, and removes scrape junk
//! (promos, link lines, pinyin glosses) listing each removal. Every pass is a
//! [`Rewriter`](crate::rewrite::Rewriter) pass, so spans map back to the input.

use crate::rewrite::{OffsetMap, Rewritten};

/// The junk patterns and other data that cleaning uses.
#[derive(Clone, Debug, Default)]
pub struct CleanRules {}

/// Normalizes `input` with `rules`.
pub fn normalize(input: &str, _rules: &CleanRules) -> Rewritten {
    // Placeholder until the normalizer lands: identity.
    Rewritten {
        text: input.to_string(),
        map: OffsetMap::identity(input.len()),
        removals: Vec::new(),
    }
}
