//! The unit table: which written units may follow a number and what they mean.
//!
//! The table is data (`data/units.txt`, embedded as the default) so that a user can add
//! a unit without touching code. This module only parses the table and answers
//! "which unit starts here?"; deciding whether a number is a quantity at all is the
//! job of [`crate::quantity`].

use crate::error::DataError;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded default table.
pub const DEFAULT_UNITS: &str = include_str!("../data/units.txt");

/// One written unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// As written in the text (`万平方米`).
    pub written: String,
    /// Canonical unit id (`m2`).
    pub canonical: String,
    /// Factor from the written unit to the canonical one (1e4).
    pub factor: f64,
}

impl Unit {
    /// True for classifiers of counted things (个, 家, 项 …), canonical `item`.
    pub fn is_item(&self) -> bool {
        self.canonical == "item"
    }

    /// True for lengths of time (年, 个月, 天, 个季度, 周).
    pub fn is_duration(&self) -> bool {
        matches!(
            self.canonical.as_str(),
            "year" | "month" | "day" | "quarter" | "week"
        )
    }
}

/// A parsed unit table with longest-match lookup.
#[derive(Clone, Debug, Default)]
pub struct Units {
    /// Units grouped by their first char, the groups sorted by it (a binary search
    /// costs less than hashing a char), each group longest first, so that the first
    /// prefix match is the longest one.
    by_first_char: Vec<(char, Vec<Unit>)>,
    /// A bit for the low 12 bits of the code point of each first char: most lookups
    /// (after a number that has no unit) are ruled out by one bit test, without the
    /// binary search.
    first_bits: Vec<u64>,
    /// For each unit of `by_first_char`, in the same order, its first (up to) eight
    /// bytes as a little-endian word and the mask of those bytes: most units of a group
    /// are ruled out by one masked compare, without comparing strings.
    heads: Vec<Vec<(u64, u64)>>,
}

/// The first eight bytes of `bytes` as a little-endian word, zeros past its end.
fn head_word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(head) => u64::from_le_bytes(*head),
        None => {
            let mut head = [0u8; 8];
            head[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(head)
        }
    }
}

impl Units {
    /// Parses a table: one unit a line, `written<TAB>canonical<TAB>factor`; `#` starts a
    /// comment line; blank lines are skipped. `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Units, DataError> {
        let mut by_first_char: HashMap<char, Vec<Unit>> = HashMap::new();
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
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != 3 {
                return Err(error(
                    line_no,
                    format!("expected 3 tab-separated fields, found {}", fields.len()),
                ));
            }
            let (written, canonical, factor) =
                (fields[0].trim(), fields[1].trim(), fields[2].trim());
            let Some(first) = written.chars().next() else {
                return Err(error(line_no, "empty written form".to_string()));
            };
            if canonical.is_empty()
                || !canonical
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                return Err(error(
                    line_no,
                    format!("bad canonical unit id {canonical:?}"),
                ));
            }
            let factor: f64 = match factor.parse() {
                Ok(f) if f64::is_finite(f) && f > 0.0 => f,
                _ => {
                    return Err(error(
                        line_no,
                        format!("factor {factor:?} is not a positive number"),
                    ))
                }
            };
            let group = by_first_char.entry(first).or_default();
            if group.iter().any(|u| u.written == written) {
                return Err(error(line_no, format!("unit {written:?} listed twice")));
            }
            group.push(Unit {
                written: written.to_string(),
                canonical: canonical.to_string(),
                factor,
            });
        }
        let mut by_first_char: Vec<(char, Vec<Unit>)> = by_first_char.into_iter().collect();
        by_first_char.sort_by_key(|(first, _)| *first);
        for (_, group) in &mut by_first_char {
            group.sort_by_key(|unit| std::cmp::Reverse(unit.written.len()));
        }
        let mut first_bits = vec![0u64; 64];
        for (first, _) in &by_first_char {
            let low = *first as usize & 0xFFF;
            first_bits[low / 64] |= 1 << (low % 64);
        }
        let heads = by_first_char
            .iter()
            .map(|(_, group)| {
                group
                    .iter()
                    .map(|unit| {
                        let n = unit.written.len().min(8);
                        let mask = if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
                        (head_word(&unit.written.as_bytes()[..n]), mask)
                    })
                    .collect()
            })
            .collect();
        Ok(Units {
            by_first_char,
            first_bits,
            heads,
        })
    }

    /// The embedded default table, parsed once.
    pub fn embedded() -> &'static Units {
        static UNITS: OnceLock<Units> = OnceLock::new();
        UNITS.get_or_init(|| {
            // The embedded table is checked by a unit test, so this cannot fail at run time.
            Units::parse("embedded:units.txt", DEFAULT_UNITS).unwrap_or_default()
        })
    }

    /// The longest unit that `text` starts with.
    pub fn longest_prefix(&self, text: &str) -> Option<&Unit> {
        let first = text.chars().next()?;
        let low = first as usize & 0xFFF;
        if self
            .first_bits
            .get(low / 64)
            .is_none_or(|w| w & (1 << (low % 64)) == 0)
        {
            return None;
        }
        let k = self
            .by_first_char
            .binary_search_by_key(&first, |(c, _)| *c)
            .ok()?;
        let word = head_word(text.as_bytes());
        self.by_first_char[k]
            .1
            .iter()
            .zip(&self.heads[k])
            .find(|(u, &(head, mask))| {
                word & mask == head
                    && text.len() >= u.written.len()
                    && (u.written.len() <= 8 || text.starts_with(u.written.as_str()))
            })
            .map(|(u, _)| u)
    }

    /// Number of units in the table.
    pub fn len(&self) -> usize {
        self.by_first_char
            .iter()
            .map(|(_, group)| group.len())
            .sum()
    }

    /// True when the table has no units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses() {
        let units = Units::parse("units.txt", DEFAULT_UNITS).unwrap();
        assert!(units.len() > 50);
        assert_eq!(units.longest_prefix("万平方米的").unwrap().canonical, "m2");
        assert_eq!(
            units.longest_prefix("个百分点").unwrap().canonical,
            "percentage_point"
        );
        assert_eq!(units.longest_prefix("个企业").unwrap().canonical, "item");
        assert_eq!(units.longest_prefix("平方公里").unwrap().canonical, "km2");
        assert!(units.longest_prefix("万人").is_none());
    }

    /// The masked compare finds the unit a string search over the longest-first units
    /// finds, for every unit alone, cut short, and followed by text or another unit.
    #[test]
    fn longest_prefix_agrees_with_a_string_search() {
        let units = Units::embedded();
        let all: Vec<&Unit> = units
            .by_first_char
            .iter()
            .flat_map(|(_, group)| group)
            .collect();
        let by_search = |text: &str| {
            all.iter()
                .filter(|u| text.starts_with(u.written.as_str()))
                .max_by_key(|u| u.written.len())
                .map(|u| u.written.as_str())
        };
        let mut texts: Vec<String> = vec![String::new(), "的".to_string(), "a".to_string()];
        for unit in &all {
            let written = unit.written.as_str();
            for (cut, _) in written.char_indices().skip(1) {
                texts.push(written[..cut].to_string());
            }
            texts.push(written.to_string());
            texts.push(format!("{written}的"));
            texts.push(format!("{written}万平方米/人"));
            for other in &all {
                texts.push(format!("{written}{}", other.written));
            }
        }
        let mut found = 0;
        for text in &texts {
            let got = units.longest_prefix(text).map(|u| u.written.as_str());
            assert_eq!(got, by_search(text), "{text}");
            found += usize::from(got.is_some());
        }
        assert!(found > 1000);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = Units::parse("my.txt", "# c\n元\tCNY\t1\n亿元\tCNY\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "my.txt:3: expected 3 tab-separated fields, found 2"
        );
        let err = Units::parse("my.txt", "元\tCNY\tx\n").unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (1, "factor \"x\" is not a positive number")
        );
        let err = Units::parse("my.txt", "元\tCNY\t1\n元\tUSD\t1\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
