//! Tasks: the commitments of a report's task sections, one per actionable sentence.
//!
//! Each task carries its area (the heading path), its action verb and object, the
//! indicators inside it, a stated deadline (年底前, 2020年) and a stable id: the same
//! text in the same report gets the same id on every run and every machine, so a
//! ledger can follow it. Lead sentences that only name a theme ("全面落实年度疏解任务。")
//! are tasks too: supervision offices ledger them as the parent item.

use crate::indicator::{ByStart, Indicator};
use crate::meta::ReportMeta;
use crate::outline::{Outline, Section, SectionRole};
use crate::prefix::PrefixTable;
use crate::span::ByteSpan;
use compact_str::CompactString;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// The embedded default list of task verbs.
pub const DEFAULT_TASK_VERBS: &str = include_str!("../data/task_verbs.txt");

/// A stated deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// As written: `年底前`, `2020年`, `6月底前`.
    pub text: String,
    /// The year it falls in, when known.
    pub year: Option<i32>,
    /// The month it falls in, when stated.
    pub month: Option<u32>,
}

/// One commitment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Task {
    /// Stable id: `t` + 12 hex digits of a hash of the text (+ `-n` for repeats).
    pub id: CompactString,
    /// Heading path from the top section down, e.g. [`20xx年主要任务`, `深入贯彻…`];
    /// shared by the tasks of one section.
    #[serde(serialize_with = "serialize_area")]
    pub area: Arc<[String]>,
    /// The action verb, if one of the known verbs opens a clause; shared with the
    /// verb list.
    #[serde(serialize_with = "serialize_action")]
    pub action: Option<Arc<str>>,
    /// What the action is applied to: the words after the verb (after the last of the
    /// verbs joined to it by 、, 和 or 与) up to the clause end; none when a list comma
    /// or a closing mark follows.
    pub object: Option<CompactString>,
    /// Indices into the report's indicator list of the indicators inside this task.
    pub indicators: Vec<usize>,
    /// A stated deadline.
    pub deadline: Option<Deadline>,
    /// The sentence, in bytes of the normalized text.
    pub span: ByteSpan,
}

/// Finds action verbs; built once per engine.
#[derive(Clone, Debug)]
pub struct TaskVerbs {
    /// Each verb, found by itself.
    table: PrefixTable<Arc<str>>,
}

impl Default for TaskVerbs {
    fn default() -> TaskVerbs {
        TaskVerbs::parse(DEFAULT_TASK_VERBS)
    }
}

impl TaskVerbs {
    /// Reads a verb list: one verb per line, `#` comments.
    pub fn parse(text: &str) -> TaskVerbs {
        let verbs = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        TaskVerbs {
            table: PrefixTable::new(verbs.map(|verb| (verb.to_string(), Arc::from(verb)))),
        }
    }

    /// Where the leftmost verb in `words` starts and the longest verb starting there.
    fn find(&self, words: &str) -> Option<(usize, &Arc<str>)> {
        self.table
            .find(words, 0)
            .map(|(start, _, verb)| (start, verb))
    }

    /// The longest verb that `words` opens with.
    fn opening(&self, words: &str) -> Option<&Arc<str>> {
        self.table.longest_prefix(words)
    }
}

/// The tasks of a report: every sentence of a tasks section that is not a heading.
pub fn find_tasks(
    text: &str,
    outline: &Outline,
    meta: &ReportMeta,
    indicators: &[Indicator],
    verbs: &TaskVerbs,
) -> Vec<Task> {
    // Most sentences of a report are tasks: sized so, the vector never grows (each
    // growth copied every task found so far).
    let mut tasks: Vec<Task> = Vec::with_capacity(outline.sentences.len());
    let by_start = ByStart::new(indicators);
    let mut path: Vec<&Section> = Vec::new();
    // The area of the previous task and the sections it came from: the tasks of one
    // section share one copy of its headings.
    let mut last_path: Vec<&Section> = Vec::new();
    let mut last_area: Option<Arc<[String]>> = None;
    // The 年s of the whole text, found in one search: a search per sentence paid
    // the searcher's start-up for each (about 200 instructions), more than the search.
    let nian_in_text: Vec<usize> = crate::phrases::nian_offsets(text).collect();
    let mut nian = Vec::new();
    let mut roles = RoleCursor::default();
    for sentence in &outline.sentences {
        let span = trim_span(text, sentence.span);
        let words = span.of(text);
        // Fewer than 6 chars: no 6th char (counting them all went over every sentence).
        // A char has at most 4 bytes, so 24 bytes or more hold six: most sentences are
        // told by their length.
        if words.len() < 24 && words.chars().nth(5).is_none() {
            continue;
        }
        // The government's own conduct (政府自身建设) is ledgered too when it is a chapter
        // of this year's tasks, not of the review.
        // `outline.role_at`, with the role spans walked along the sentences and the
        // innermost section taken from the path.
        let is_task_role = |role: SectionRole| {
            matches!(
                role,
                SectionRole::Tasks | SectionRole::GovernmentSelfBuilding
            )
        };
        let role_span = roles.role_span_at(outline, span.start);
        if role_span.is_some_and(|role| !is_task_role(role)) {
            continue;
        }
        section_path(&outline.sections, span.start, &mut path);
        let role = role_span.unwrap_or_else(|| path.last().map_or(SectionRole::Other, |s| s.role));
        if !is_task_role(role) {
            continue;
        }
        let in_tasks = role == SectionRole::Tasks
            || path
                .first()
                .is_some_and(|top| top.role == SectionRole::Tasks);
        if !in_tasks {
            continue;
        }
        if path
            .iter()
            .any(|s| s.heading_span.contains(span) || span.contains(s.heading_span))
        {
            continue;
        }
        let (action, object) = action_object(words, verbs);
        let same_path = path.len() == last_path.len()
            && path
                .iter()
                .zip(&last_path)
                .all(|(a, b)| std::ptr::eq(*a, *b));
        let area = match &last_area {
            Some(area) if same_path => Arc::clone(area),
            _ => {
                let area: Arc<[String]> = path.iter().map(|s| s.heading.clone()).collect();
                last_path.clone_from(&path);
                last_area = Some(Arc::clone(&area));
                area
            }
        };
        tasks.push(Task {
            // Given below, from the hashes of all the sentences.
            id: CompactString::default(),
            area,
            action,
            object,
            indicators: {
                let mut inside: Vec<usize> = by_start.within(span).collect();
                inside.sort_unstable();
                inside
            },
            deadline: {
                let first = nian_in_text.partition_point(|&at| at < span.start);
                nian.clear();
                nian.extend(
                    nian_in_text[first..]
                        .iter()
                        .take_while(|&&at| at < span.end)
                        .map(|&at| at - span.start),
                );
                deadline(words, meta.year, &nian)
            },
            span,
        });
    }
    let sentences: Vec<&[u8]> = tasks.iter().map(|t| t.span.of(text).as_bytes()).collect();
    let hashes = fnv1a_each(&sentences);
    // Keyed by the sentence's FNV hash, which is hash enough for the table; sized for
    // every task, so that it never grows (each growth rehashed every key).
    let mut seen: HashMap<u64, usize, BuildHasherDefault<HashIsKey>> =
        HashMap::with_capacity_and_hasher(tasks.len(), BuildHasherDefault::default());
    for (task, hash) in tasks.iter_mut().zip(hashes) {
        let repeat = seen.entry(hash).or_insert(0);
        task.id = task_id(hash, *repeat);
        *repeat += 1;
    }
    tasks
}

/// The area as the list of headings it is (serde serializes no `Arc` without its `rc`
/// feature).
fn serialize_area<S: serde::Serializer>(area: &Arc<[String]>, s: S) -> Result<S::Ok, S::Error> {
    area[..].serialize(s)
}

/// The action as the string it is.
fn serialize_action<S: serde::Serializer>(
    action: &Option<Arc<str>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    action.as_deref().serialize(s)
}

/// Where the role spans of an outline stand for offsets asked in increasing order.
#[derive(Default)]
struct RoleCursor {
    /// The first role span not ending at or before the last offset asked.
    next: usize,
    /// The last offset asked.
    last: usize,
}

impl RoleCursor {
    /// The role of the role span holding `offset`, if one does (the first half of
    /// `Outline::role_at`); steps forward from the last offset asked, and searches
    /// afresh when `offset` lies before it.
    fn role_span_at(&mut self, outline: &Outline, offset: usize) -> Option<SectionRole> {
        let spans = &outline.role_spans;
        if offset < self.last {
            self.next = spans.partition_point(|r| r.span.end <= offset);
        } else {
            while spans.get(self.next).is_some_and(|r| r.span.end <= offset) {
                self.next += 1;
            }
        }
        self.last = offset;
        spans
            .get(self.next)
            .filter(|r| r.span.start <= offset)
            .map(|r| r.role)
    }
}

/// `span` without surrounding whitespace.
fn trim_span(text: &str, span: ByteSpan) -> ByteSpan {
    let words = span.of(text);
    // Nearly every sentence has no whitespace at either end: two chars tell. No char
    // above U+3000 is whitespace, which spares ideographs and `。` the Unicode table.
    let clean = |c: Option<char>| c.is_none_or(|c| c > '\u{3000}' || !c.is_whitespace());
    if clean(words.chars().next()) && clean(words.chars().next_back()) {
        return span;
    }
    let start = span.start + (words.len() - words.trim_start().len());
    let end = span.end - (words.len() - words.trim_end().len());
    ByteSpan::new(start, end.max(start))
}

/// The sections holding `at`, outermost first, in `path`, which holds a path of the
/// same `sections` found before (or nothing). Siblings follow each other in the text
/// without overlapping, so each level is a binary search (a scan of every sibling per
/// sentence was quadratic in a report of headings only).
fn section_path<'s>(sections: &'s [Section], at: usize, path: &mut Vec<&'s Section>) {
    // Most sentences lie in the innermost section of the one before, and one without
    // sub-sections: then `path`, the last sentence's path, is this one's too.
    if path
        .last()
        .is_some_and(|s| s.children.is_empty() && s.span.start <= at && at < s.span.end)
    {
        return;
    }
    path.clear();
    let mut level = sections;
    loop {
        let k = level.partition_point(|s| s.span.end <= at);
        match level.get(k) {
            Some(section) if section.span.start <= at => {
                path.push(section);
                level = &section.children;
            }
            _ => return,
        }
    }
}

/// A hasher for keys that are hashes already: the key itself.
#[derive(Default)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; any other input is folded in FNV-1a style.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

fn action_object(words: &str, verbs: &TaskVerbs) -> (Option<Arc<str>>, Option<CompactString>) {
    let Some((start, verb)) = verbs.find(words) else {
        return (None, None);
    };
    let end = start + verb.len();
    let action = Arc::clone(verb);
    let mut rest = &words[end..];
    // Verbs joined to the first (`培育、引进大的龙头企业`, `加强和完善社会治理体系`) share
    // its object, which follows the last of them.
    while let Some(joined) = rest.strip_prefix(VERB_JOINERS) {
        match verbs.opening(joined) {
            Some(verb) => rest = &joined[verb.len()..],
            None => break,
        }
    }
    // A verb followed by a list comma or a closing mark governs nothing after it: it is
    // a noun in a list (`紧缩编制、调整干部`), or the end of a quoted slogan
    // (`“以粮为纲,全面发展”的方针`).
    if rest.starts_with(NO_OBJECT_AFTER) {
        return (Some(action), None);
    }
    let object_len = object_len(rest.as_bytes());
    let object = (object_len > 0).then(|| CompactString::new(&rest[..object_len]));
    (Some(action), object)
}

/// What joins verbs of one list.
const VERB_JOINERS: [char; 3] = ['、', '和', '与'];

/// Marks that no object opens with.
const NO_OBJECT_AFTER: [char; 7] = ['、', '”', '’', '》', '」', '』', ')'];

/// The byte length of the object opening `rest` (valid UTF-8): up to the first of
/// `,;:!。`, at most 40 chars. Walks the bytes without decoding chars: the ASCII stops
/// are bytes no other char holds, and `。` is E3 80 82.
fn object_len(rest: &[u8]) -> usize {
    let mut at = 0;
    for _ in 0..40 {
        let Some(&lead) = rest.get(at) else {
            break;
        };
        let width = match lead {
            b',' | b';' | b':' | b'!' => break,
            0..0x80 => 1,
            0x80..0xE0 => 2,
            0xE3 if rest[at + 1..].starts_with(&[0x80, 0x82]) => break,
            0xE0..0xF0 => 3,
            _ => 4,
        };
        at += width;
    }
    at
}

/// Deadline words relative to the report's year, in order of preference, each with
/// the byte offset of its 年 (tested).
const RELATIVE_DEADLINES: [(&str, usize); 6] = [
    ("年底前", 0),
    ("年内", 0),
    ("年底", 0),
    ("上半年", 6),
    ("下半年", 6),
    ("今年", 3),
];

/// A deadline stated in a task sentence, relative ones resolved against `year`;
/// `nian` holds the byte offset of every 年 in `words`, in order.
fn deadline(words: &str, year: Option<i32>, nian: &[usize]) -> Option<Deadline> {
    // Every deadline word holds one 年: each word's first occurrence is found from the
    // 年s of the sentence (most have none) instead of a substring search per word.
    if nian.is_empty() {
        return None;
    }
    for (relative, nian_offset) in RELATIVE_DEADLINES {
        let first = nian
            .iter()
            .filter_map(|&p| p.checked_sub(nian_offset))
            .find(|&at| words.as_bytes()[at..].starts_with(relative.as_bytes()));
        if let Some(at) = first {
            // "2020年底前" is absolute: handled below.
            let absolute = words[..at]
                .chars()
                .rev()
                .take(4)
                .all(|c| c.is_ascii_digit())
                && at >= 4;
            if !absolute {
                return Some(Deadline {
                    text: relative.to_string(),
                    year,
                    month: None,
                });
            }
        }
    }
    // A year: four digits 19xx or 20xx right before one of the 年s.
    let bytes = words.as_bytes();
    for i in nian.iter().filter_map(|&p| p.checked_sub(4)) {
        let four = &bytes[i..i + 4];
        if (four.starts_with(b"20") || four.starts_with(b"19"))
            && four.iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
        {
            let y: i32 = std::str::from_utf8(four).ok()?.parse().ok()?;
            if year.is_none_or(|report_year| y >= report_year) {
                let after = &words[i + 4 + '年'.len_utf8()..];
                let suffix = ["底前", "前", "底", "年底"]
                    .into_iter()
                    .find(|s| after.starts_with(s))
                    .unwrap_or("");
                let lead = if words[..i].ends_with('到') {
                    "到"
                } else {
                    ""
                };
                return Some(Deadline {
                    text: format!("{lead}{y}年{suffix}"),
                    year: Some(y),
                    month: None,
                });
            }
        }
    }
    None
}

/// `t` and the top 48 bits of `hash` in 12 lowercase hex digits (`format!("t{:012x}")`,
/// written by hand: formatting cost more than the rest of the id), then `-repeat` for a
/// repeated sentence. Inline: no id is longer than 24 bytes.
fn task_id(hash: u64, repeat: usize) -> CompactString {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut head = [b't'; 13];
    let top = hash >> 16;
    for (k, digit) in head[1..].iter_mut().enumerate() {
        *digit = HEX[((top >> (4 * (11 - k))) & 0xF) as usize];
    }
    let head = std::str::from_utf8(&head).expect("ASCII digits");
    if repeat == 0 {
        CompactString::new(head)
    } else {
        compact_str::format_compact!("{head}-{repeat}")
    }
}

/// The FNV-1a offset basis: the hash of no bytes.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a.
#[inline(always)]
fn fnv1a_step(hash: u64, b: u8) -> u64 {
    (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// The 64-bit FNV-1a hash of each of `inputs`, in order: stable across runs, platforms
/// and Rust versions (unlike `Hash`). Each byte of FNV-1a waits for the multiplication
/// of the byte before, so one hash runs at the latency of a multiplication per byte;
/// four lanes hash four sentences at a time, each lane taking the next sentence when
/// its own ends, and keep the multiplier busy.
fn fnv1a_each(inputs: &[&[u8]]) -> Vec<u64> {
    const LANES: usize = 4;
    let mut hashes = vec![0; inputs.len()];
    let mut next = 0;
    // Per lane: the input it hashes (`None` once none is left), the bytes still to
    // hash and the hash so far.
    let mut input: [Option<usize>; LANES] = [None; LANES];
    let mut rest: [&[u8]; LANES] = [&[]; LANES];
    let mut hash = [FNV_OFFSET; LANES];
    loop {
        for lane in 0..LANES {
            while rest[lane].is_empty() {
                if let Some(k) = input[lane].take() {
                    hashes[k] = hash[lane];
                }
                let Some(&bytes) = inputs.get(next) else {
                    break;
                };
                input[lane] = Some(next);
                rest[lane] = bytes;
                hash[lane] = FNV_OFFSET;
                next += 1;
            }
        }
        if input.iter().any(Option::is_none) {
            break;
        }
        // Every lane has bytes: the shortest rest is hashed in all four together.
        let common = rest.iter().map(|r| r.len()).min().unwrap_or(0);
        let [a, b, c, d] = rest.map(|r| &r[..common]);
        let [mut ha, mut hb, mut hc, mut hd] = hash;
        for (((&x, &y), &z), &w) in a.iter().zip(b).zip(c).zip(d) {
            ha = fnv1a_step(ha, x);
            hb = fnv1a_step(hb, y);
            hc = fnv1a_step(hc, z);
            hd = fnv1a_step(hd, w);
        }
        hash = [ha, hb, hc, hd];
        for r in &mut rest {
            *r = &r[common..];
        }
    }
    // Fewer inputs are left than lanes: each is finished alone.
    for lane in 0..LANES {
        if let Some(k) = input[lane] {
            hashes[k] = rest[lane].iter().fold(hash[lane], |h, &b| fnv1a_step(h, b));
        }
    }
    hashes
}

/// 64-bit FNV-1a of one input, byte by byte: the reference for [`fnv1a_each`].
#[cfg(test)]
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(FNV_OFFSET, |hash, &b| fnv1a_step(hash, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verb search finds what a leftmost-longest Aho-Corasick search over the same
    /// verbs finds, around every verb and where verbs overlap.
    #[test]
    fn verb_search_agrees_with_aho_corasick() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let verbs = TaskVerbs::default();
        let list: Vec<&str> = DEFAULT_TASK_VERBS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let reference = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&list)
            .unwrap();
        let mut texts: Vec<String> = vec![
            String::new(),
            "没有动词的句子。".to_string(),
            "全面深化改革,全面推进依法治国,加快建设现代化经济体系。".to_string(),
            "2020年底前完成12个老旧小区改造,新建学校3所。".to_string(),
            "a推😀进 推进".to_string(),
        ];
        for verb in &list {
            texts.push(format!("在{verb}中"));
            texts.push(format!("{verb}{verb}。"));
            for other in &list {
                texts.push(format!("x{verb}{other}"));
            }
        }
        for text in &texts {
            let expected = reference.find(text.as_str()).map(|m| (m.start(), m.end()));
            let found = verbs.find(text).map(|(at, verb)| (at, at + verb.len()));
            assert_eq!(found, expected, "{text}");
        }
    }

    /// The byte walk cuts the object where a char search for the stops, then a cut
    /// after 40 chars, does.
    #[test]
    fn object_len_agrees_with_a_char_search() {
        let by_chars = |rest: &str| {
            let end = rest.find([',', ';', '。', ':', '!']).unwrap_or(rest.len());
            rest[..end].char_indices().nth(40).map_or(end, |(at, _)| at)
        };
        let long = "推进老旧小区综合整治".repeat(5);
        let texts = [
            "",
            "老旧小区改造,新建学校3所。",
            "a😀é「」。b",
            "中关村科学城建设:全面推进!",
            long.as_str(),
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十。",
        ];
        for text in texts {
            for (start, _) in text.char_indices() {
                let rest = &text[start..];
                assert_eq!(object_len(rest.as_bytes()), by_chars(rest), "{rest}");
            }
        }
    }

    #[test]
    fn joined_verbs_share_the_object_after_them_and_marks_open_none() {
        let verbs = TaskVerbs::default();
        let object = |words: &str| action_object(words, &verbs).1.map(|o| o.to_string());
        assert_eq!(object("对领导班子要进行调整、充实和加强。"), None);
        assert_eq!(
            object("培育、引进大的龙头企业发展绿色农畜产品加工业,").as_deref(),
            Some("大的龙头企业发展绿色农畜产品加工业")
        );
        assert_eq!(
            object("加强和完善社会治理体系。").as_deref(),
            Some("社会治理体系")
        );
        assert_eq!(object("聚焦高端产业、园区发展、城市服务。"), None);
        assert_eq!(object("根据“以粮为纲,全面发展”的方针,采取措施。"), None);
        assert_eq!(
            object("坚持“言者无罪、闻者足戒”的原则。").as_deref(),
            Some("“言者无罪、闻者足戒”的原则")
        );
        assert_eq!(object("加快发展现代服务业,").as_deref(), Some("现代服务业"));
        // 改扩建 and 扩建 are verbs of the list (the seed and the national corpus).
        assert_eq!(
            object("新建和改扩建项目要综合考虑人口因素,").as_deref(),
            Some("项目要综合考虑人口因素")
        );
        assert_eq!(
            object("今年改建和扩建一批化肥厂。").as_deref(),
            Some("一批化肥厂")
        );
    }

    #[test]
    fn deadlines_resolve_relative_words() {
        let check = |words: &str, expected: Option<(&str, Option<i32>)>| {
            let nian: Vec<usize> = crate::phrases::nian_offsets(words).collect();
            let got = deadline(words, Some(2016), &nian);
            assert_eq!(
                got.as_ref().map(|d| (d.text.as_str(), d.year)),
                expected,
                "{words}"
            );
        };
        check("年底前完成改造", Some(("年底前", Some(2016))));
        check("到2020年基本建成", Some(("到2020年", Some(2020))));
        check("2017年底前完成", Some(("2017年底前", Some(2017))));
        check("比2015年增长8%", None);
        check("加强社区建设", None);
    }

    #[test]
    fn relative_deadlines_know_where_their_nian_is() {
        for (word, nian_offset) in RELATIVE_DEADLINES {
            assert_eq!(word.find('年'), Some(nian_offset), "{word}");
        }
    }

    #[test]
    fn ids_read_as_formatted() {
        for (hash, repeat) in [
            (0, 0),
            (u64::MAX, 0),
            (0x0123_4567_89ab_cdef, 3),
            (1 << 16, 12),
        ] {
            let expected = if repeat == 0 {
                format!("t{:012x}", hash >> 16)
            } else {
                format!("t{:012x}-{}", hash >> 16, repeat)
            };
            assert_eq!(task_id(hash, repeat), expected);
        }
    }

    /// `trim_span` skips the Unicode table for chars above U+3000, taking them for no
    /// whitespace.
    #[test]
    fn no_char_above_the_ideographic_space_is_whitespace() {
        let above = ('\u{3001}'..=char::MAX).filter(|c| c.is_whitespace());
        assert_eq!(above.collect::<Vec<_>>(), Vec::<char>::new());
        assert!('\u{3000}'.is_whitespace());
    }

    /// Sentences of fewer than six chars are no tasks, whatever their bytes; the length
    /// test lets through only sentences of 24 bytes or more, which hold six chars.
    #[test]
    fn short_sentences_are_no_tasks() {
        let text = "一、去年工作回顾\n增长7%。\n二、2016年主要任务\n(一)创新驱动\n加快推进。推进。加快推进城乡建设。\n";
        let outline = crate::outline::parse(text);
        let verbs = TaskVerbs::default();
        let meta = ReportMeta::default();
        let tasks = find_tasks(text, &outline, &meta, &[], &verbs);
        let texts: Vec<&str> = tasks.iter().map(|t| t.span.of(text)).collect();
        assert_eq!(texts, ["加快推进城乡建设。"]);
    }

    /// The lanes hash each input as one hash alone does, whatever the number of inputs
    /// and their lengths (empty ones, equal ones, one far longer than the rest).
    #[test]
    fn fnv1a_each_agrees_with_one_at_a_time() {
        let text = "新增中小学学位1440个,年底前完成。".repeat(6);
        let bytes = text.as_bytes();
        let lengths = [0, 1, 0, 7, 7, 7, 7, 130, 2, 0, 0, 51, 9, 3, 150, 150, 4, 1];
        for count in 0..=lengths.len() {
            for skew in 0..5 {
                let inputs: Vec<&[u8]> = (0..count)
                    .map(|k| &bytes[skew..skew + lengths[(k + skew) % lengths.len()]])
                    .collect();
                let hashes = fnv1a_each(&inputs);
                let expected: Vec<u64> = inputs.iter().map(|b| fnv1a(b)).collect();
                assert_eq!(hashes, expected, "{count} inputs, skew {skew}");
            }
        }
    }

    #[test]
    fn ids_are_stable_hashes() {
        // The published FNV-1a 64 values, from the hashing the ids use and from the
        // reference.
        let inputs: [&[u8]; 3] = [b"", b"a", b"foobar"];
        let published = [
            0xcbf2_9ce4_8422_2325,
            0xaf63_dc4c_8601_ec8c,
            0x8594_4171_f739_67e8,
        ];
        assert_eq!(fnv1a_each(&inputs), published);
        assert_eq!(inputs.map(fnv1a), published);
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
