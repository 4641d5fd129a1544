//! JSON-lines corpora (one report a line: title, year, region, level, source, text),
//! read as a stream: `extract --format jsonl`, `ingest` and `eval` all read them here.
//!
//! Lines are read one at a time from a `BufRead`, so a corpus of any size costs the
//! memory of its longest line (times the batch the caller asks for), never of the file.
//! A line is one report, so `--max-input-bytes` holds for each line: a longer one is
//! read only up to the limit, skipped to its end, and given as refused; it is never
//! held in memory. A bad line gives its reason in words (callers add the file and line
//! number); it never stops the reading of the lines after it.

use duban_core::meta::Level;
use duban_core::MetaHints;
use std::io::BufRead;

/// One line of a corpus file, as read: its 1-based number and its bytes (without the
/// line end), or why they were not read.
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    /// The line's bytes, without `\n` or `\r\n`; for a line over the size limit, the
    /// reason it was refused (its bytes were skipped, never held).
    pub bytes: Result<Vec<u8>, String>,
}

impl Line {
    /// The bytes held for this line (none for a refused line).
    pub fn n_bytes(&self) -> usize {
        self.bytes.as_ref().map_or(0, Vec::len)
    }

    /// Parses the line into a record (see [`Record::parse`]); a refused line gives its
    /// reason.
    pub fn record(&self) -> Result<Record, String> {
        match &self.bytes {
            Ok(bytes) => Record::parse(bytes),
            Err(reason) => Err(reason.clone()),
        }
    }
}

/// The non-blank lines of a corpus, read lazily; an I/O error ends the stream after
/// being yielded once.
pub struct Lines<R> {
    reader: R,
    max_line_bytes: u64,
    number: usize,
    failed: bool,
}

impl<R: BufRead> Lines<R> {
    /// Reads lines from `reader`, refusing any longer than `max_line_bytes` (line end
    /// not counted).
    pub fn new(reader: R, max_line_bytes: u64) -> Lines<R> {
        Lines {
            reader,
            max_line_bytes,
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
            n_bytes += line.as_ref().map_or(0, Line::n_bytes);
            batch.push(line);
        }
        batch
    }

    /// Reads one line into `bytes`, at most the limit plus its line end: `None` at
    /// the end of the input; a longer line is skipped to its end and refused.
    fn read_line(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<Option<Result<(), String>>> {
        // Two bytes past the limit: room for `\r\n` after a line of exactly the limit.
        let n_read = read_through_newline(
            &mut self.reader,
            self.max_line_bytes.saturating_add(2),
            bytes,
        )?;
        if n_read == 0 {
            return Ok(None);
        }
        let ended = bytes.last() == Some(&b'\n');
        if ended {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        if bytes.len() as u64 > self.max_line_bytes {
            bytes.clear();
            if !ended {
                self.reader.skip_until(b'\n')?;
            }
            return Ok(Some(Err(crate::input::too_large(
                None,
                self.max_line_bytes,
            ))));
        }
        Ok(Some(Ok(())))
    }
}

/// Appends to `bytes` what `reader` holds up to and including the next `\n`, or up to
/// the end of the input, or `limit` bytes, whichever comes first; returns the number of
/// bytes read. `read_until` does the same, but finds the `\n` with a search a quarter
/// as fast as memchr's, on every byte of the corpus.
fn read_through_newline(
    reader: &mut impl BufRead,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut n_read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        let room = usize::try_from(limit - n_read as u64).unwrap_or(usize::MAX);
        let window = &available[..available.len().min(room)];
        let (used, ended) = match memchr::memchr(b'\n', window) {
            Some(k) => (k + 1, true),
            None => (window.len(), window.is_empty()),
        };
        bytes.extend_from_slice(&window[..used]);
        reader.consume(used);
        n_read += used;
        if ended || n_read as u64 >= limit {
            return Ok(n_read);
        }
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
            let read = match self.read_line(&mut bytes) {
                Ok(None) => return None,
                Ok(Some(read)) => read,
                Err(err) => {
                    self.failed = true;
                    return Some(Err(err));
                }
            };
            self.number += 1;
            let bytes = match read {
                Ok(()) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(()) => Ok(bytes),
                Err(reason) => Err(reason),
            };
            return Some(Ok(Line {
                number: self.number,
                bytes,
            }));
        }
    }
}

/// A corpus record; every field but `text` is optional.
#[derive(Debug, PartialEq, serde::Deserialize)]
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
        // The line is checked as UTF-8 once, many bytes at a time (serde_json's
        // `from_slice` checks each string with std's check, a third of the parse on
        // Chinese text); std's check runs again only to say where a bad line fails.
        let line = match simdutf8::basic::from_utf8(bytes) {
            Ok(line) => line,
            Err(_) => std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?,
        };
        Record::parse_plain(line).map_or_else(
            || serde_json::from_str(line).map_err(|e| format!("bad JSON: {e}")),
            Ok,
        )
    }

    /// The common case, fast: a flat object of the record's fields (and of unknown
    /// ones) whose values are strings with one-char escapes only (`\n`, `\"`, …),
    /// `null`, or a plain integer `year`, read in one pass by [`Plain`]; serde_json
    /// skipping the text and then copying it out was most of reading a corpus line.
    /// `None` for anything else (a `\u` escape, a nested value, a repeated field, bad
    /// JSON), which the full parse then reads or refuses with serde_json's own message,
    /// so results and errors are the same either way.
    fn parse_plain(line: &str) -> Option<Record> {
        Plain { line, at: 0 }.record()
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

/// A reader of the plain record shape (see [`Record::parse_plain`]): every method
/// gives `None` where the line leaves that shape, valid JSON or not.
struct Plain<'a> {
    line: &'a str,
    /// The next byte to read.
    at: usize,
}

impl<'a> Plain<'a> {
    fn record(mut self) -> Option<Record> {
        let mut record = Record {
            title: None,
            year: None,
            region: None,
            level: None,
            source: None,
            text: String::new(),
        };
        self.expect(b'{')?;
        // The fields seen, one bit each in the order of `Record`'s fields.
        let mut seen = 0u8;
        loop {
            self.expect(b'"')?;
            let key = self.plain_key()?;
            self.expect(b':')?;
            let bit = match key {
                "title" => 1,
                "year" => 2,
                "region" => 4,
                "level" => 8,
                "source" => 16,
                "text" => 32,
                // serde ignores unknown fields; only their plain values are skipped here.
                _ => 0,
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match key {
                "year" => record.year = self.year()?,
                "text" => {
                    self.expect(b'"')?;
                    record.text = self.string()?;
                }
                _ => {
                    let value = self.optional_string()?;
                    match key {
                        "title" => record.title = value,
                        "region" => record.region = value,
                        "level" => record.level = value,
                        "source" => record.source = value,
                        _ => {}
                    }
                }
            }
            match self.next_byte()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        self.skip_whitespace();
        // `text` is the one field that must be there.
        (seen & 32 != 0 && self.at == self.line.len()).then_some(record)
    }

    /// Skips JSON whitespace.
    fn skip_whitespace(&mut self) {
        let bytes = self.line.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, consumed.
    fn next_byte(&mut self) -> Option<u8> {
        self.skip_whitespace();
        let b = *self.line.as_bytes().get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// Consumes `byte` after whitespace.
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next_byte()? == byte).then_some(())
    }

    /// Consumes `word` after whitespace.
    fn expect_word(&mut self, word: &str) -> Option<()> {
        self.skip_whitespace();
        let rest = self.line.get(self.at..)?;
        rest.starts_with(word).then(|| self.at += word.len())
    }

    /// A key after its opening quote, if it has no escape.
    fn plain_key(&mut self) -> Option<&'a str> {
        let line = self.line;
        let rest = &line[self.at..];
        let end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        let key = &rest[..end];
        if rest.as_bytes()[end] != b'"' || has_control(key.as_bytes()) {
            return None;
        }
        self.at += end + 1;
        Some(key)
    }

    /// A string or `null`.
    fn optional_string(&mut self) -> Option<Option<String>> {
        self.skip_whitespace();
        if self.line.as_bytes().get(self.at) == Some(&b'"') {
            self.at += 1;
            self.string().map(Some)
        } else {
            self.expect_word("null").map(|()| None)
        }
    }

    /// A year: `null`, or an integer of at most nine digits (no fraction or
    /// exponent), which always fits an `i32`.
    fn year(&mut self) -> Option<Option<i32>> {
        self.skip_whitespace();
        let bytes = self.line.as_bytes();
        let start = self.at;
        let digits_start = start + usize::from(bytes.get(start) == Some(&b'-'));
        let n_digits = bytes[digits_start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n_digits == 0 {
            return self.expect_word("null").map(|()| None);
        }
        let end = digits_start + n_digits;
        // JSON forbids leading zeros; a fraction or exponent is not an integer.
        let leading_zero = n_digits > 1 && bytes[digits_start] == b'0';
        if n_digits > 9 || leading_zero || matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        self.at = end;
        self.line[start..end].parse().ok().map(Some)
    }

    /// A string after its opening quote, unescaped; its escapes must all be one-char
    /// ones. Runs between escapes are found with memchr and copied whole.
    fn string(&mut self) -> Option<String> {
        let rest = &self.line[self.at..];
        let bytes = rest.as_bytes();
        let mut out = String::new();
        let mut at = 0;
        loop {
            let k = at + memchr::memchr2(b'"', b'\\', &bytes[at..])?;
            let run = &rest[at..k];
            // serde_json refuses raw control chars in a string.
            if has_control(run.as_bytes()) {
                return None;
            }
            if bytes[k] == b'"' {
                if out.is_empty() {
                    // No escape: one exact copy.
                    out = run.to_owned();
                } else {
                    out.push_str(run);
                }
                self.at += k + 1;
                return Some(out);
            }
            if out.capacity() == 0 {
                // The rest of the line is a bound on what is left of the string.
                out.reserve(bytes.len() - at);
            }
            out.push_str(run);
            out.push(match bytes.get(k + 1)? {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                _ => return None,
            });
            at = k + 2;
        }
    }
}

/// Whether `bytes` holds a control char (below U+0020); a fold over every byte, which
/// the compiler checks many bytes at a time.
fn has_control(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(0u8, |found, &b| found | u8::from(b < 0x20))
        != 0
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

    #[test]
    fn the_fast_read_of_a_record_is_the_full_one_or_none() {
        let corpus = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/corpus/national_1954_2016.jsonl"),
        )
        .expect("the national corpus beside the repository");
        let crafted = [
            r#"{"text": "a\nb\t\"c\"\\d\/e\b\f\r", "year": 2016}"#,
            r#"{"text": "\u4e2d\u6587 and \ud83d\ude00", "title": "t"}"#,
            r#"{"text": "lone \ud800 surrogate"}"#,
            r#"{"text": 5}"#,
            r#"{"text": null}"#,
            r#"{"year": 2016}"#,
            r#"{"text": "a", "text": "b"}"#,
            r#"{"text": "a", "year": "2016"}"#,
            r#"{"text": "a", "extra": {"x": [1, "\u0041"]}, "level": "city"}"#,
            r#"{"text": "", "region": "海淀区"}"#,
            r#"{"text": "bad \x escape"}"#,
            r#"{"text": "unterminated"#,
        ];
        let lines: Vec<&str> = corpus.lines().chain(crafted).collect();
        let mut fast = 0;
        for line in &lines {
            let full: Result<Record, String> =
                serde_json::from_str(line).map_err(|e| format!("bad JSON: {e}"));
            match Record::parse_plain(line) {
                Some(record) => {
                    assert_eq!(Ok(&record), full.as_ref(), "{line:.80}");
                    fast += 1;
                }
                None => assert!(
                    full.is_err() || line.contains("\\u"),
                    "only \\u escapes and errors take the full read: {line:.80}"
                ),
            }
            assert_eq!(Record::parse(line.as_bytes()), full, "{line:.80}");
        }
        // Every national record and the plain crafted ones take the fast read (not the
        // one with a nested unknown field).
        assert_eq!(fast, corpus.lines().count() + 2);
    }

    fn numbers(input: &str, max_line_bytes: u64) -> Vec<(usize, String)> {
        Lines::new(input.as_bytes(), max_line_bytes)
            .map(|l| {
                let l = l.unwrap();
                let text = l
                    .bytes
                    .map_or_else(|e| e, |b| String::from_utf8(b).unwrap());
                (l.number, text)
            })
            .collect()
    }

    #[test]
    fn blank_lines_are_skipped_and_numbers_stay_those_of_the_file() {
        assert_eq!(
            numbers("a\n\n  \r\nb\r\nc", 100),
            vec![(1, "a".into()), (4, "b".into()), (5, "c".into())]
        );
    }

    #[test]
    fn batches_stop_at_the_line_or_byte_limit() {
        let mut lines = Lines::new("aaaa\nbb\ncc\ndd\n".as_bytes(), 100);
        assert_eq!(lines.batch(10, 5).len(), 2);
        assert_eq!(lines.batch(1, 1000).len(), 1);
        assert_eq!(lines.batch(10, 1000).len(), 1);
        assert!(lines.batch(10, 1000).is_empty());
    }

    #[test]
    fn lines_over_the_limit_are_refused_and_the_next_ones_read() {
        let refused = crate::input::too_large(None, 4);
        assert_eq!(
            numbers("abcd\nabcde\nab\r\nabcd\r\n\nabcdefghij\r\nxy\nabcdef", 4),
            vec![
                (1, "abcd".into()),
                (2, refused.clone()),
                (3, "ab".into()),
                (4, "abcd".into()),
                (6, refused.clone()),
                (7, "xy".into()),
                (8, refused),
            ]
        );
        // An endless line with no line end: refused, and the input is over.
        let endless = "x".repeat(1 << 20);
        let mut lines = Lines::new(endless.as_bytes(), 10);
        let line = lines.next().unwrap().unwrap();
        assert_eq!(line.n_bytes(), 0);
        assert!(line.record().unwrap_err().contains("too large"));
        assert!(lines.next().is_none());
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
