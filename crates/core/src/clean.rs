//! Junk rules: what scrape junk looks like, read from a data file.
//!
//! Web copies of work reports carry site furniture: promos glued to sentence ends
//! ("准维教育军队考试网"), link lists ("更多相关阅读"), paywalls, the header lines of
//! document-sharing sites ("VIP专免", "52页"), editor talk ("下面小编给大家分享…").
//! This module holds the patterns for them as data (`data/junk.txt`, embedded as the
//! default, replaceable with [`CleanRules::parse`] and extensible with
//! [`CleanRules::with_user_file`]) and finds their matches in a
//! text. It does not remove anything itself: `normalize` turns the matches into
//! removals, so that the removing happens in the same pass as line joining.
//!
//! The rules are deliberately literal. A pattern that needs more than a shape with
//! digit runs is a sign that it would also hit real report text.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// The default junk rules, `data/junk.txt`.
pub const DEFAULT_JUNK: &str = include_str!("../data/junk.txt");

/// Every reason a removal may carry. A rule naming another reason is an error, so that
/// callers can rely on a closed vocabulary.
pub const REASONS: &[&str] = &[
    "pinyin_gloss",
    "scrape_promo",
    "spam_injection",
    "editor_talk",
    "link_list",
    "paywall",
    "doc_site_header",
    "page_header",
    "site_disclaimer",
    "site_boilerplate",
    "license_notice",
    "photo_caption",
    "page_number",
];

/// Lines longer than this (in chars) are never matched by `line` and `line-prefix`
/// rules: headers and link lines are short, report paragraphs are not.
pub const MAX_JUNK_LINE_CHARS: usize = 80;

/// How far (in bytes) a `span` rule looks for its end after its start.
const MAX_SPAN_BYTES: usize = 400;

/// How many chars a glued site name may have, suffix included.
const MAX_SITE_NAME_CHARS: usize = 16;

pub use crate::error::DataError;

/// One element of a line shape.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ShapeToken {
    /// This char.
    Literal(char),
    /// One or more ASCII digits.
    Digits,
    /// Any run of chars, possibly empty.
    Any,
}

/// How a line rule recognises a line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum LineMatcher {
    Shape(Vec<ShapeToken>),
    Prefix(String),
}

#[derive(Clone, Debug)]
struct LineRule {
    matcher: LineMatcher,
    reason: &'static str,
    /// `matcher.first()`.
    first: FirstChar,
}

impl LineRule {
    fn new(matcher: LineMatcher, reason: &'static str) -> LineRule {
        let first = matcher.first();
        LineRule {
            matcher,
            reason,
            first,
        }
    }
}

impl LineMatcher {
    /// What a line this matcher accepts can start with.
    fn first(&self) -> FirstChar {
        let token = match self {
            LineMatcher::Prefix(prefix) => prefix.chars().next().map(ShapeToken::Literal),
            LineMatcher::Shape(shape) => shape.first().cloned(),
        };
        match token {
            Some(ShapeToken::Literal(c)) => FirstChar::Is(c),
            Some(ShapeToken::Digits) => FirstChar::Digit,
            // An empty shape matches only an empty line, which is never junk.
            None => FirstChar::Nothing,
            Some(ShapeToken::Any) => FirstChar::Any,
        }
    }
}

/// The first char of the lines a line rule may match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FirstChar {
    Is(char),
    Digit,
    Any,
    Nothing,
}

/// The first chars of all line rules, so that most lines are passed over at once
/// instead of being tried against every rule.
#[derive(Clone, Debug, Default)]
struct LineStarts {
    /// Sorted.
    chars: Vec<char>,
    digit: bool,
    any: bool,
}

impl LineStarts {
    fn new(rules: &[LineRule]) -> LineStarts {
        let mut starts = LineStarts::default();
        for rule in rules {
            match rule.first {
                FirstChar::Is(c) => starts.chars.push(c),
                FirstChar::Digit => starts.digit = true,
                FirstChar::Any => starts.any = true,
                FirstChar::Nothing => {}
            }
        }
        starts.chars.sort_unstable();
        starts.chars.dedup();
        starts
    }

    /// False when no line rule can match a line starting with `c`.
    fn admit(&self, c: char) -> bool {
        self.any || (self.digit && c.is_ascii_digit()) || self.chars.binary_search(&c).is_ok()
    }
}

/// What an in-text pattern removes once its needle is found.
#[derive(Clone, Debug, PartialEq, Eq)]
enum NeedleKind {
    /// Just the needle.
    Phrase,
    /// From the needle to the nearest of `ends` on the same line.
    Span { ends: Vec<String> },
    /// A site name ending in the needle, glued after a sentence end.
    GluedSite,
}

#[derive(Clone, Debug)]
struct Needle {
    kind: NeedleKind,
    reason: &'static str,
}

/// The junk patterns and other data that cleaning uses.
#[derive(Clone, Debug)]
pub struct CleanRules {
    line_rules: Vec<LineRule>,
    /// Made from `line_rules`.
    line_starts: LineStarts,
    /// `tail` rules: a line starting with the text begins a trailer that runs to the
    /// end of the text.
    tail_rules: Vec<(String, &'static str)>,
    /// The texts searched for; `needles[k]` says what to do with `needle_texts[k]`.
    needle_texts: Vec<String>,
    /// Indexed like the patterns of `automaton`.
    needles: Vec<Needle>,
    /// Built from `needle_texts`; `None` when there are none.
    automaton: Option<AhoCorasick>,
}

impl Default for CleanRules {
    /// The embedded `data/junk.txt`, parsed once per process.
    fn default() -> CleanRules {
        static DEFAULT: OnceLock<CleanRules> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                // The embedded file is checked by a unit test, so this cannot fail in a
                // released build.
                CleanRules::parse("junk.txt", DEFAULT_JUNK).expect("embedded junk.txt is valid")
            })
            .clone()
    }
}

/// An in-text junk match, in byte offsets of the searched text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JunkMatch {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Why it is junk; one of [`REASONS`].
    pub reason: &'static str,
}

impl CleanRules {
    /// Reads rules in the format of `data/junk.txt`; `file` names the text in errors.
    pub fn parse(file: &str, text: &str) -> Result<CleanRules, DataError> {
        let empty = CleanRules {
            line_rules: Vec::new(),
            line_starts: LineStarts::default(),
            tail_rules: Vec::new(),
            needle_texts: Vec::new(),
            needles: Vec::new(),
            automaton: None,
        };
        empty.with_user_file(file, text)
    }

    /// These rules with the rules of a user file (same format) added; `file` names
    /// it in errors.
    pub fn with_user_file(&self, file: &str, text: &str) -> Result<CleanRules, DataError> {
        let CleanRules {
            mut line_rules,
            mut tail_rules,
            mut needle_texts,
            mut needles,
            ..
        } = self.clone();
        for (idx, raw) in text.lines().enumerate() {
            let error = |message: String| DataError {
                file: file.to_string(),
                line: idx + 1,
                message,
            };
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (kind, patterns, reason) = match fields.as_slice() {
                [kind, rest @ .., reason] if !rest.is_empty() => (*kind, rest, *reason),
                _ => {
                    return Err(error(format!(
                        "expected `kind<TAB>pattern<TAB>reason`, got {line:?}"
                    )))
                }
            };
            let reason = REASONS
                .iter()
                .find(|known| **known == reason)
                .copied()
                .ok_or_else(|| {
                    error(format!(
                        "unknown reason {reason:?}; known: {}",
                        REASONS.join(", ")
                    ))
                })?;
            if let Some(empty) = patterns.iter().position(|p| p.is_empty()) {
                return Err(error(format!("pattern {} is empty", empty + 1)));
            }
            let expect_patterns = |n: usize| {
                if patterns.len() == n {
                    Ok(())
                } else {
                    Err(error(format!(
                        "`{kind}` takes {n} pattern(s), got {}",
                        patterns.len()
                    )))
                }
            };
            match kind {
                "line" => {
                    expect_patterns(1)?;
                    let shape = parse_shape(patterns[0]).map_err(&error)?;
                    line_rules.push(LineRule::new(LineMatcher::Shape(shape), reason));
                }
                "line-prefix" => {
                    expect_patterns(1)?;
                    line_rules.push(LineRule::new(LineMatcher::Prefix(patterns[0].to_string()), reason));
                }
                "tail" => {
                    expect_patterns(1)?;
                    tail_rules.push((patterns[0].to_string(), reason));
                }
                "phrase" | "glued-site" | "span" => {
                    expect_patterns(if kind == "span" { 2 } else { 1 })?;
                    let needle_kind = match kind {
                        "phrase" => NeedleKind::Phrase,
                        "glued-site" => NeedleKind::GluedSite,
                        _ => NeedleKind::Span { ends: vec![patterns[1].to_string()] },
                    };
                    // The automaton reports one pattern per place, so rules that share a
                    // needle are merged: spans from one start gather their ends.
                    match needle_texts.iter().position(|t| t == patterns[0]) {
                        None => {
                            needle_texts.push(patterns[0].to_string());
                            needles.push(Needle { kind: needle_kind, reason });
                        }
                        Some(k) => match (&mut needles[k], needle_kind) {
                            (Needle { kind: NeedleKind::Span { ends }, reason: r }, NeedleKind::Span { ends: more })
                                if *r == reason =>
                            {
                                ends.extend(more)
                            }
                            (existing, new) if existing.kind == new && existing.reason == reason => {}
                            _ => {
                                return Err(error(format!(
                                    "{:?} is already the needle of another rule with another kind or reason",
                                    patterns[0]
                                )))
                            }
                        },
                    }
                }
                other => {
                    return Err(error(format!(
                        "unknown rule kind {other:?}; expected line, line-prefix, tail, phrase, span or glued-site"
                    )))
                }
            }
        }
        let automaton = if needle_texts.is_empty() {
            None
        } else {
            // A contiguous NFA rather than the DFA the builder picks for few patterns:
            // the search spends its time in the prefilter either way, and building
            // the DFA cost 0.8 M instructions per process.
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&needle_texts);
            Some(built.map_err(|e| DataError {
                file: file.to_string(),
                line: 0,
                message: e.to_string(),
            })?)
        };
        Ok(CleanRules {
            line_starts: LineStarts::new(&line_rules),
            line_rules,
            tail_rules,
            needle_texts,
            needles,
            automaton,
        })
    }

    /// The reason for removing all of `line` (one line without its newline), if a line
    /// rule matches it.
    pub fn junk_line(&self, line: &str) -> Option<&'static str> {
        let first = line.chars().next()?;
        if !self.line_starts.admit(first)
            || line.len() > MAX_JUNK_LINE_CHARS * 4
            || line.chars().count() > MAX_JUNK_LINE_CHARS
        {
            return None;
        }
        self.line_rules.iter().find_map(|rule| {
            let may_start = match rule.first {
                FirstChar::Is(c) => c == first,
                FirstChar::Digit => first.is_ascii_digit(),
                FirstChar::Any => true,
                FirstChar::Nothing => false,
            };
            if !may_start {
                return None;
            }
            let hit = match &rule.matcher {
                LineMatcher::Prefix(prefix) => line.starts_with(prefix.as_str()),
                LineMatcher::Shape(shape) => shape_matches(shape, line),
            };
            hit.then_some(rule.reason)
        })
    }

    /// The reason for removing `line` and everything after it, if a `tail` rule
    /// matches it.
    pub fn junk_tail(&self, line: &str) -> Option<&'static str> {
        self.tail_rules
            .iter()
            .find(|(prefix, _)| line.starts_with(prefix.as_str()))
            .map(|(_, reason)| *reason)
    }

    /// Every in-text junk match in `text`, in order and without overlaps.
    ///
    /// `may_glue(at)` tells whether a glued site name may stand on the line holding
    /// byte `at`; the caller says no for lines of hard-wrapped text, where a line that
    /// starts or ends with a bare word is normal.
    pub fn find_junk(&self, text: &str, may_glue: impl Fn(usize) -> bool) -> Vec<JunkMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found: Vec<JunkMatch> = Vec::new();
        for hit in automaton.find_iter(text) {
            let needle = &self.needles[hit.pattern().as_usize()];
            let range = match &needle.kind {
                NeedleKind::Phrase => Some((hit.start(), hit.end())),
                NeedleKind::Span { ends } => {
                    span_end(text, hit.end(), ends).map(|e| (hit.start(), e))
                }
                NeedleKind::GluedSite => glued_site_start(text, hit.start(), hit.end(), &may_glue)
                    .map(|s| (s, hit.end())),
            };
            let Some((start, end)) = range else { continue };
            if found.last().is_some_and(|last| start < last.end) {
                continue;
            }
            found.push(JunkMatch {
                start,
                end,
                reason: needle.reason,
            });
        }
        found
    }
}

fn parse_shape(pattern: &str) -> Result<Vec<ShapeToken>, String> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '#' => ShapeToken::Digits,
            '*' => ShapeToken::Any,
            '\\' => ShapeToken::Literal(chars.next().ok_or("shape ends in a lone `\\`")?),
            c => ShapeToken::Literal(c),
        });
    }
    Ok(tokens)
}

/// True when all of `line` has `shape`. Backtracks, which is fine for short lines and
/// shapes with few `*`.
fn shape_matches(shape: &[ShapeToken], line: &str) -> bool {
    let Some((first, rest)) = shape.split_first() else {
        return line.is_empty();
    };
    match first {
        ShapeToken::Literal(c) => line
            .strip_prefix(*c)
            .is_some_and(|tail| shape_matches(rest, tail)),
        ShapeToken::Digits => {
            let n_digits = line.bytes().take_while(u8::is_ascii_digit).count();
            (1..=n_digits)
                .rev()
                .any(|n| shape_matches(rest, &line[n..]))
        }
        ShapeToken::Any => line
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(line.len()))
            .any(|i| shape_matches(rest, &line[i..])),
    }
}

/// End of a `span` rule's match: the nearest of `ends` after `from`, on the same line
/// and within [`MAX_SPAN_BYTES`].
fn span_end(text: &str, from: usize, ends: &[String]) -> Option<usize> {
    let mut limit = (from + MAX_SPAN_BYTES).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[from..limit];
    let window = &window[..window.find('\n').unwrap_or(window.len())];
    ends.iter()
        .filter_map(|end| window.find(end.as_str()).map(|at| from + at + end.len()))
        .min()
}

/// Chars after which a glued site name may start: sentence ends.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';' | '！' | '？' | '；')
}

/// Start of a site name that ends with the suffix at `suffix_start..suffix_end`, if the
/// name is glued after a sentence end and ends its line, or starts a line before a
/// dateline. Names are runs of CJK ideographs and ASCII letters/digits.
///
/// FIXME: a real clause that lacks its full stop and ends in a listed suffix
/// (`。开通政务博客` at a line end) is taken for a promo; the suffix list is kept
/// specific to make this rare.
fn glued_site_start(
    text: &str,
    suffix_start: usize,
    suffix_end: usize,
    may_glue: &impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut start = suffix_start;
    let mut n_chars = text[suffix_start..suffix_end].chars().count();
    let before = loop {
        match text[..start].chars().next_back() {
            Some(c)
                if (is_ideograph(c) || c.is_ascii_alphanumeric())
                    && n_chars < MAX_SITE_NAME_CHARS =>
            {
                start -= c.len_utf8();
                n_chars += 1;
            }
            other => break other,
        }
    };
    if start == suffix_start {
        return None;
    }
    let at_line_end = matches!(text[suffix_end..].chars().next(), None | Some('\n'));
    let glued = match before {
        // At a line start and followed by a digit: a site name standing in for a
        // newspaper's name before a dateline (local_dev 05: `365体育官方中文版3月28日讯`).
        None | Some('\n') => {
            text[suffix_end..].starts_with(|c: char| c.is_ascii_digit()) && may_glue(start)
        }
        Some(c) => is_sentence_end(c) && at_line_end && may_glue(start),
    };
    glued.then_some(start)
}

/// CJK unified ideographs (with extension A and compatibility ideographs).
pub fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse() {
        let rules = CleanRules::parse("junk.txt", DEFAULT_JUNK).unwrap();
        assert!(rules.line_rules.len() > 10);
        assert!(rules.needles.len() > 5);
    }

    #[test]
    fn bad_entries_name_file_and_line() {
        let check = |text: &str, line: usize, needle: &str| {
            let err = CleanRules::parse("my.txt", text).unwrap_err();
            assert_eq!((err.file.as_str(), err.line), ("my.txt", line), "{err}");
            assert!(err.to_string().contains(needle), "{err}");
        };
        check("# c\n\nphrase\tabc\tno_such_reason\n", 3, "unknown reason");
        check(
            "phrase\tabc\tpaywall\nfoo\tabc\tpaywall\n",
            2,
            "unknown rule kind",
        );
        check("span\tabc\tpaywall\n", 1, "takes 2 pattern");
        check("line\tabc\\\tpaywall\n", 1, "lone");
        check("phrase\t\tpaywall\n", 1, "empty");
        check("phrase abc paywall\n", 1, "expected");
    }

    #[test]
    fn spans_sharing_a_start_take_the_nearest_end() {
        let rules = CleanRules::parse(
            "t",
            "span\t小编\t!\teditor_talk\nspan\t小编\t。\teditor_talk\n",
        )
        .unwrap();
        let check = |text: &str, expected: &[&str]| {
            let found: Vec<&str> = rules
                .find_junk(text, |_| true)
                .iter()
                .map(|m| &text[m.start..m.end])
                .collect();
            assert_eq!(found, expected, "{text}");
        };
        check("之一,小编分享一下。正文!", &["小编分享一下。"]);
        check("之一,小编分享一下吧!正文。", &["小编分享一下吧!"]);
        check("之一,小编分享一下\n正文。", &[]);
        let err = CleanRules::parse("t", "span\t小编\t!\teditor_talk\nphrase\t小编\tpaywall\n")
            .unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn user_files_add_to_the_rules() {
        let rules = CleanRules::default()
            .with_user_file(
                "mine.txt",
                "phrase\t广告位招租\tscrape_promo\nspan\t下面小编\t~\teditor_talk\n",
            )
            .unwrap();
        let text = "正文广告位招租。\n下面小编说~正文";
        let found: Vec<&str> = rules
            .find_junk(text, |_| true)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["广告位招租", "下面小编说~"]);
        assert_eq!(rules.junk_line("更多相关阅读"), Some("link_list"));
        let err = CleanRules::default().with_user_file("mine.txt", "\nphrase\t下面小编\tpaywall\n");
        assert_eq!(
            err.unwrap_err()
                .to_string()
                .split(':')
                .take(2)
                .collect::<Vec<_>>(),
            ["mine.txt", "2"]
        );
    }

    #[test]
    fn shapes_match_whole_lines() {
        let check = |shape: &str, line: &str, expected: bool| {
            assert_eq!(
                shape_matches(&parse_shape(shape).unwrap(), line),
                expected,
                "{shape} vs {line}"
            );
        };
        check("#+", "999+", true);
        check("#+", "+", false);
        check("#.#KB", "60.39KB", true);
        check("#.#KB", "60.39KB大", false);
        check("时间:#-#-# #:#:#", "时间:2022-07-15 08:03:00", true);
        check("a*b", "a中文b", true);
        check("a*b", "a中文", false);
        check("\\#1", "#1", true);
    }

    #[test]
    fn glued_sites_need_a_sentence_end_and_a_line_end() {
        let rules = CleanRules::parse("t", "glued-site\t博客\tscrape_promo\n").unwrap();
        let check = |text: &str, expected: &[&str]| {
            let found: Vec<&str> = rules
                .find_junk(text, |_| true)
                .iter()
                .map(|m| &text[m.start..m.end])
                .collect();
            assert_eq!(found, expected, "{text}");
        };
        check("定位。张为臻博客\n下一段", &["张为臻博客"]);
        check("定位。张为臻博客", &["张为臻博客"]);
        check("张为臻博客3月28日讯", &["张为臻博客"]);
        check("定位。\n张为臻博客\n", &[]);
        check("定位。张为臻博客很好。\n", &[]);
        check("我们开设政务博客\n", &[]);
        check("定位。博客\n", &[]);
    }
}
