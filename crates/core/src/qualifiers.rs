//! The qualifier words: which words around a number say how the written number relates
//! to the true value (左右, 以上, 不超过, 两年内 …).
//!
//! The list is data (`data/qualifiers.txt`, embedded as the default), like the unit
//! table; this module parses it and answers "which qualifier word ends (or starts)
//! here?". Rules that need more than the neighbouring char (近 before a duration) stay
//! in [`crate::quantity`].

use crate::error::DataError;
use crate::quantity::Qualifier;
use std::sync::OnceLock;

/// The embedded default list.
pub const DEFAULT_QUALIFIERS: &str = include_str!("../data/qualifiers.txt");

/// Where a qualifier word stands relative to the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Before the number: 超过5000亿元.
    Before,
    /// After the number and its unit: 8%以上.
    After,
    /// After a length of time only: 两年内.
    AfterDuration,
}

/// One qualifier word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifierWord {
    /// The word as written.
    pub word: String,
    /// What it means.
    pub qualifier: Qualifier,
    /// Chars that, right outside the word, make it part of another word (节约, 内容).
    pub not_beside: String,
}

/// A parsed qualifier list, each place's words longest first.
#[derive(Clone, Debug, Default)]
pub struct Qualifiers {
    before: Vec<QualifierWord>,
    after: Vec<QualifierWord>,
    after_duration: Vec<QualifierWord>,
}

impl Qualifiers {
    /// Parses a list: `place<TAB>word<TAB>qualifier[<TAB>not-beside]` a line; `#` starts
    /// a comment line; blank lines are skipped. `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Qualifiers, DataError> {
        let mut list = Qualifiers::default();
        let error = |line: usize, message: String| DataError {
            file: name.to_string(),
            line,
            message,
        };
        for (idx, raw) in text.lines().enumerate() {
            let line_no = idx + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if !(3..=4).contains(&fields.len()) {
                return Err(error(
                    line_no,
                    format!(
                        "expected 3 or 4 tab-separated fields, found {}",
                        fields.len()
                    ),
                ));
            }
            let words = match fields[0] {
                "before" => &mut list.before,
                "after" => &mut list.after,
                "after_duration" => &mut list.after_duration,
                other => {
                    return Err(error(
                        line_no,
                        format!(
                            "unknown place {other:?} (expected before, after or after_duration)"
                        ),
                    ))
                }
            };
            let word = fields[1];
            if word.is_empty() {
                return Err(error(line_no, "empty qualifier word".to_string()));
            }
            let qualifier = match Qualifier::from_id(fields[2]) {
                Some(
                    q @ (Qualifier::About
                    | Qualifier::AtLeast
                    | Qualifier::AtMost
                    | Qualifier::Nearly),
                ) => q,
                _ => {
                    return Err(error(
                        line_no,
                        format!(
                            "qualifier {:?} is not one of about, at_least, at_most, nearly",
                            fields[2]
                        ),
                    ))
                }
            };
            if words.iter().any(|w| w.word == word) {
                return Err(error(line_no, format!("word {word:?} listed twice")));
            }
            words.push(QualifierWord {
                word: word.to_string(),
                qualifier,
                not_beside: fields.get(3).copied().unwrap_or("").to_string(),
            });
        }
        for words in [&mut list.before, &mut list.after, &mut list.after_duration] {
            words.sort_by_key(|w| std::cmp::Reverse(w.word.len()));
        }
        Ok(list)
    }

    /// The embedded default list, parsed once.
    pub fn embedded() -> &'static Qualifiers {
        static QUALIFIERS: OnceLock<Qualifiers> = OnceLock::new();
        QUALIFIERS.get_or_init(|| {
            // The embedded list is checked by a unit test, so this cannot fail at run time.
            Qualifiers::parse("embedded:qualifiers.txt", DEFAULT_QUALIFIERS).unwrap_or_default()
        })
    }

    /// The longest `before` word that `before` ends with, unless the char before it makes
    /// it part of another word.
    pub fn ending(&self, before: &str) -> Option<&QualifierWord> {
        // The last bytes compared first: most words differ there, and a call to compare
        // whole words cost more.
        let last = *before.as_bytes().last()?;
        let word = self
            .before
            .iter()
            .find(|w| w.word.as_bytes().last() == Some(&last) && before.ends_with(&w.word))?;
        let outside = before[..before.len() - word.word.len()].chars().next_back();
        (!outside.is_some_and(|c| word.not_beside.contains(c))).then_some(word)
    }

    /// The longest word of `place` (`After` or `AfterDuration`) that `after` starts with,
    /// unless the char after it makes it part of another word.
    pub fn starting(&self, place: Place, after: &str) -> Option<&QualifierWord> {
        let words = match place {
            Place::Before => &self.before,
            Place::After => &self.after,
            Place::AfterDuration => &self.after_duration,
        };
        // The byte ending each word compared first, as in `ending`.
        let bytes = after.as_bytes();
        let word = words.iter().find(|w| {
            let end = w.word.len();
            bytes.get(end - 1) == w.word.as_bytes().last() && after.starts_with(&w.word)
        })?;
        let outside = after[word.word.len()..].chars().next();
        (!outside.is_some_and(|c| word.not_beside.contains(c))).then_some(word)
    }

    /// Number of words in the list.
    pub fn len(&self) -> usize {
        self.before.len() + self.after.len() + self.after_duration.len()
    }

    /// True when the list has no words.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_parses() {
        let list = Qualifiers::parse("qualifiers.txt", DEFAULT_QUALIFIERS).unwrap();
        assert!(list.len() > 15);
        assert_eq!(list.ending("增长不超过").unwrap().word, "不超过");
        assert_eq!(list.ending("突破").unwrap().qualifier, Qualifier::AtLeast);
        assert!(list.ending("节约").is_none());
        assert_eq!(list.ending("大约").unwrap().word, "大约");
        let within = list.starting(Place::AfterDuration, "内实现").unwrap();
        assert_eq!(within.qualifier, Qualifier::AtMost);
        assert!(list.starting(Place::AfterDuration, "内乱").is_none());
        assert!(list.starting(Place::After, "内实现").is_none());
        assert_eq!(list.starting(Place::After, "以上。").unwrap().word, "以上");
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = Qualifiers::parse("q.txt", "# c\nbefore\t约\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "q.txt:2: expected 3 or 4 tab-separated fields, found 2"
        );
        let err = Qualifiers::parse("q.txt", "beside\t约\tabout\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = Qualifiers::parse("q.txt", "after\t左右\tsync\n").unwrap_err();
        assert_eq!(
            err.message,
            "qualifier \"sync\" is not one of about, at_least, at_most, nearly"
        );
        let err =
            Qualifiers::parse("q.txt", "after\t左右\tabout\nafter\t左右\tabout\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
