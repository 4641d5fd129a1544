//! The unit table: which written units may follow a number and what they mean.
//!
//! The table is data (`data/units.txt`, embedded as the default) so that a user can add
//! a unit without touching code. This module only parses the table and answers
//! "which unit starts here?"; deciding whether a number is a quantity at all is the
//! job of [`crate::quantity`].

use crate::error::DataError;
use crate::prefix::PrefixTable;
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
    /// The units by their written form.
    table: PrefixTable<Unit>,
}

impl Units {
    /// Parses a table: one unit a line, `written<TAB>canonical<TAB>factor`; `#` starts a
    /// comment line; blank lines are skipped. `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Units, DataError> {
        let mut units: Vec<Unit> = Vec::new();
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
            if written.is_empty() {
                return Err(error(line_no, "empty written form".to_string()));
            }
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
            if units.iter().any(|u| u.written == written) {
                return Err(error(line_no, format!("unit {written:?} listed twice")));
            }
            units.push(Unit {
                written: written.to_string(),
                canonical: canonical.to_string(),
                factor,
            });
        }
        Ok(Units {
            table: PrefixTable::new(units.into_iter().map(|u| (u.written.clone(), u))),
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
        self.table.longest_prefix(text)
    }

    /// Number of units in the table.
    pub fn len(&self) -> usize {
        self.table.values().count()
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
        let all: Vec<&Unit> = units.table.values().collect();
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
