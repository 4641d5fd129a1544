//! JSON-lines corpora (one report a line: title, year, region, level, source, text),
//! read as a stream: `extract --format jsonl`, `ingest` and `eval` all read them here.
//!
//! Lines are read one at a time from a `BufRead`, so a corpus of any size costs the
//! memory of its longest line (times the batch the caller asks for), never of the file.
//! A bad line gives its reason in words (callers add the file and line number); it
//! never stops the reading of the lines after it.

use duban_core::meta::Level;
use duban_core::MetaHints;
use std::io::BufRead;

/// One line of a corpus file, as read: its 1-based number and its bytes (without the
/// line end).
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    /// The line's bytes, without `\n` or `\r\n`.
    pub bytes: Vec<u8>,
}

/// The non-blank lines of a corpus, read lazily; an I/O error ends the stream after
/// being yielded once.
pub struct Lines<R> {
    reader: R,
    number: usize,
    failed: bool,
}

impl<R: BufRead> Lines<R> {
    /// Reads lines from `reader`.
    pub fn new(reader: R) -> Lines<R> {
        Lines {
            reader,
            number: 0,
            failed: false,
        }
    }

    /// Up to `max_lines` lines, stopping early once `max_bytes` have been read (at
    /// least one line is taken, however long); empty at the end of the input.
    pub fn batch(&mut self, max_lines: usize, max_bytes: usize) -> Vec<std::io::Result<Line>> {
        let mut batch = Vec::new();
        let mut n_bytes = 0;
        while batch.len() < max_lines && n_bytes < max_bytes {
            let Some(line) = self.next() else { break };
            n_bytes += line.as_ref().map_or(0, |l| l.bytes.len());
            batch.push(line);
        }
        batch
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            let mut bytes = Vec::new();
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(err) => {
                    self.failed = true;
                    return Some(Err(err));
                }
            }
            self.number += 1;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(Line {
                number: self.number,
                bytes,
            }));
        }
    }
}

/// A corpus record; every field but `text` is optional.
#[derive(Debug, serde::Deserialize)]
pub struct Record {
    /// Title of the report.
    pub title: Option<String>,
    /// Year delivered.
    pub year: Option<i32>,
    /// Region name.
    pub region: Option<String>,
    /// Level as corpora write it (`national`, `province`, `prefecture` or `city`,
    /// `county`, `district`).
    pub level: Option<String>,
    /// Where the text came from (a URL).
    pub source: Option<String>,
    /// Full text.
    pub text: String,
}

impl Record {
    /// Parses one line: UTF-8, then JSON with a string `text`. The error is the reason
    /// in words, without the place.
    pub fn parse(bytes: &[u8]) -> Result<Record, String> {
        // serde_json checks the UTF-8 of what it reads; the whole line is checked
        // again only to say why a line failed.
        serde_json::from_slice(bytes).map_err(|e| match std::str::from_utf8(bytes) {
            Err(utf8) => format!("not UTF-8: {utf8}"),
            Ok(_) => format!("bad JSON: {e}"),
        })
    }

    /// The facts the record states, as hints for the engine; an unknown level is an
    /// error.
    pub fn hints(&self) -> Result<MetaHints, String> {
        let level = match self.level.as_deref() {
            None => None,
            Some(name) => Some(parse_level(name).ok_or_else(|| format!("unknown level {name:?}"))?),
        };
        Ok(MetaHints {
            region: self.region.clone(),
            level,
            year: self.year,
            title: self.title.clone(),
        })
    }
}

/// A level as corpora write it: the stored names, and `city` for a prefecture.
pub fn parse_level(word: &str) -> Option<Level> {
    match word {
        "city" => Some(Level::Prefecture),
        _ => duban_store::codec::level(word),
    }
}

/// Whether `path` names a JSON-lines corpus.
pub fn is_corpus(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(input: &str) -> Vec<(usize, String)> {
        Lines::new(input.as_bytes())
            .map(|l| {
                let l = l.unwrap();
                (l.number, String::from_utf8(l.bytes).unwrap())
            })
            .collect()
    }

    #[test]
    fn blank_lines_are_skipped_and_numbers_stay_those_of_the_file() {
        assert_eq!(
            numbers("a\n\n  \r\nb\r\nc"),
            vec![(1, "a".into()), (4, "b".into()), (5, "c".into())]
        );
    }

    #[test]
    fn batches_stop_at_the_line_or_byte_limit() {
        let mut lines = Lines::new("aaaa\nbb\ncc\ndd\n".as_bytes());
        assert_eq!(lines.batch(10, 5).len(), 2);
        assert_eq!(lines.batch(1, 1000).len(), 1);
        assert_eq!(lines.batch(10, 1000).len(), 1);
        assert!(lines.batch(10, 1000).is_empty());
    }

    #[test]
    fn bad_records_say_why() {
        assert!(Record::parse(b"\xff").unwrap_err().starts_with("not UTF-8"));
        assert!(Record::parse(b"{\"text\":")
            .unwrap_err()
            .starts_with("bad JSON"));
        let missing = Record::parse(b"{\"year\": 2016}").unwrap_err();
        assert!(missing.contains("missing field `text`"), "{missing}");
        let record = Record::parse(br#"{"text":"x","level":"town"}"#).unwrap();
        assert_eq!(record.hints().unwrap_err(), "unknown level \"town\"");
        let record = Record::parse(br#"{"text":"x","level":"city","year":2016}"#).unwrap();
        let hints = record.hints().unwrap();
        assert_eq!(hints.level, Some(Level::Prefecture));
        assert_eq!(hints.year, Some(2016));
    }
}
