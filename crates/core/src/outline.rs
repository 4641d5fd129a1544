//! The outline of a report: its section tree with a role per section, and its sentences.
//!
//! Headings are 一、 / (一) / 一是、二是 / —— lead lines and plain paragraphs. Roles say
//! what part of the yearly cycle a section belongs to (review, targets, tasks, …), which
//! is what later stages use to tell an actual from a target.
//!
//! This module reads lines; it does not clean them. It expects normalized text (ASCII
//! punctuation folded, simplified characters) but tolerates leading indentation.
//!
//! # Heading grammar
//!
//! A heading is a line that *starts* with a marker (after indentation):
//!
//! | level | marker | heading text |
//! |---|---|---|
//! | 0 | `第一部分`, `第一章`, or an unmarked short title line between blank lines (`过去五年的回顾`) | the line |
//! | 1 | `一、` (Chinese numeral + 、), or a line holding only a numeral (`一`) | the line, up to a first `。` |
//! | 2 | `(一)` | the line, up to a first `。` |
//! | 3 | `1.` `1、` `(1)` `第一,` `第一、` | the clause up to the first `。`/`;` |
//! | 4 | `一是` … and `——` lead lines | the clause up to the first `。`/`,`/`;`/`:` |
//!
//! Level 0 exists because reports of the 1980s title their parts with bare lines and
//! number their chapters inside them; levels need not be contiguous. Lead-ins are level 4
//! so that they nest under `1.` items when both occur. A section runs to the next heading
//! of the same or a higher (smaller) level.
//!
//! # Roles
//!
//! A section's role comes from keywords of its heading (levels 0–2 only: a `一是` clause
//! that mentions 问题 is not a problems section), else from its parent. A top-level
//! section without a cue that follows the year's requirements, targets or tasks
//! continues them (national reports add areas such as 外交 after 主要任务).
//!
//! Roles also change *inside* section bodies without a heading: the targets paragraph
//! ("今年…的主要预期目标是:…") sits in the tasks section, the problems paragraph
//! ("还存在一些问题,主要是:") in the review. These are kept as [`RoleSpan`]s, and
//! [`Outline::role_at`] answers the role of any byte: the role span covering it, else the
//! innermost section's role. `role_at` is authoritative; [`Section::role`] is the
//! heading-based role only.
//!
//! # Sentences
//!
//! Sentences end at `。！？!?；;` and at line ends, but never while a `“` or `《` is
//! open (wrapped titles in older reports break lines inside 《…》); an open quote is
//! given up at a blank line or a heading. `;` splits because a target list
//! ("地区生产总值增长7%以上;区级一般公共预算收入增长8%;…") states one commitment per
//! clause, which is what later stages want one at a time. A run-on sentence is cut at
//! its first comma beyond 4 KB, or at 8 KB (the corpus's longest is 1.1 KB), so that
//! per-sentence work stays linear in the text. Every non-whitespace byte
//! belongs to exactly one sentence, and heading lines (levels 0–3) are sentences of
//! their own.

use crate::phrases::{Hits, Occurrences, PhraseSet};
use crate::span::ByteSpan;
use memchr::memmem;
use serde::Serialize;
use std::cell::OnceCell;
use std::sync::OnceLock;

/// What part of a work report a section is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionRole {
    /// 工作回顾: last year's (or the last period's) results.
    Review,
    /// 存在的问题: problems and shortcomings.
    Problems,
    /// 总体要求: this year's general requirements.
    Requirements,
    /// 主要预期目标: this year's main expected targets.
    Targets,
    /// 主要任务 / 重点工作: this year's tasks.
    Tasks,
    /// 五年规划 (纲要) and its indicator system.
    Plan,
    /// 政府自身建设: the government's own conduct.
    GovernmentSelfBuilding,
    /// Anything else (greetings, closing words).
    Other,
}

/// The kind of marker that opened a heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// `第一部分`, `第一章`, or an unmarked title line.
    Part,
    /// `一、` or a bare numeral line.
    Numeral,
    /// `(一)`.
    ParenNumeral,
    /// `1.`, `1、`, `(1)`.
    Digit,
    /// `第一,` `第一、`.
    Ordinal,
    /// `一是`.
    LeadIn,
    /// `——`.
    Dash,
}

/// One section of the outline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// The heading text without its marker (`20xx年工作回顾` for `一、20xx年工作回顾`).
    pub heading: String,
    /// The heading line, marker included, in bytes of the normalized text.
    pub heading_span: ByteSpan,
    /// The role, inherited from the parent when the heading says nothing.
    pub role: SectionRole,
    /// Depth: 0 for part titles, 1 for 一、, 2 for (一), 3 for 1. / 第一, 4 for 一是 / ——.
    pub level: u8,
    /// The marker that opened the heading.
    pub marker: Marker,
    /// The whole section, heading and body, in bytes of the normalized text.
    pub span: ByteSpan,
    /// Sub-sections in text order.
    pub children: Vec<Section>,
}

/// A sentence (or a heading line) of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Bytes of the normalized text, final punctuation included.
    pub span: ByteSpan,
}

/// A stretch of a section body whose role differs from its section's, found from a cue
/// sentence such as "主要预期目标是:".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleSpan {
    /// The stretch, from the cue sentence to the end of its paragraph (or section).
    pub span: ByteSpan,
    /// Its role.
    pub role: SectionRole,
    /// The cue phrase in the text.
    pub cue: ByteSpan,
}

/// The outline of one report.
#[derive(Clone, Default, PartialEq, Serialize)]
pub struct Outline {
    /// Top-level sections in text order.
    pub sections: Vec<Section>,
    /// All sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Role changes inside section bodies, in text order, never overlapping.
    pub role_spans: Vec<RoleSpan>,
    /// What [`Outline::role_at`] answers, as (first offset, role) by offset from 0, a
    /// change of role per entry: filled by [`parse`], as later stages ask the role of
    /// thousands of offsets. Empty in an outline built otherwise.
    #[serde(skip)]
    roles: Vec<(usize, SectionRole)>,
}

/// The public fields only: the role table is derived from them.
impl std::fmt::Debug for Outline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outline")
            .field("sections", &self.sections)
            .field("sentences", &self.sentences)
            .field("role_spans", &self.role_spans)
            .finish()
    }
}

impl Outline {
    /// The role of the text at byte `offset`: a role span's if one covers it, else the
    /// innermost section's, else [`SectionRole::Other`].
    pub fn role_at(&self, offset: usize) -> SectionRole {
        match self.roles.partition_point(|&(start, _)| start <= offset) {
            0 => self.role_by_search(offset),
            k => self.roles[k - 1].1,
        }
    }

    /// [`Outline::role_at`] from the role spans and the section tree.
    fn role_by_search(&self, offset: usize) -> SectionRole {
        let k = self.role_spans.partition_point(|r| r.span.end <= offset);
        if let Some(r) = self.role_spans.get(k) {
            if r.span.start <= offset {
                return r.role;
            }
        }
        self.section_at(offset)
            .map_or(SectionRole::Other, |s| s.role)
    }

    /// The table of [`Outline::roles`]: the role can only change where a section or a
    /// role span starts or ends, so the role at each such offset holds up to the next.
    fn role_table(&self) -> Vec<(usize, SectionRole)> {
        let mut bounds = vec![0];
        for section in self.all_sections() {
            bounds.extend([section.span.start, section.span.end]);
        }
        for r in &self.role_spans {
            bounds.extend([r.span.start, r.span.end]);
        }
        bounds.sort_unstable();
        bounds.dedup();
        let mut table: Vec<(usize, SectionRole)> = Vec::with_capacity(bounds.len());
        for at in bounds {
            let role = self.role_by_search(at);
            if table.last().is_none_or(|&(_, last)| last != role) {
                table.push((at, role));
            }
        }
        table
    }

    /// The innermost section containing byte `offset`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        let mut found = None;
        let mut level = &self.sections;
        loop {
            let k = level.partition_point(|s| s.span.end <= offset);
            match level.get(k) {
                Some(s) if s.span.start <= offset => {
                    found = Some(s);
                    level = &s.children;
                }
                _ => return found,
            }
        }
    }

    /// Every section, parents before children, in text order.
    pub fn all_sections(&self) -> Vec<&Section> {
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
            for s in sections {
                out.push(s);
                walk(&s.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }
}

/// Parses the outline of a report's normalized text.
pub fn parse(text: &str) -> Outline {
    parse_scanned(text, &scan(text))
}

/// The outline's scan of a report's text, which notes its cue phrases, and meta's
/// ([`crate::meta::PHRASES`]) with them: one pass over the text serves both.
pub(crate) fn scan(text: &str) -> Occurrences {
    cue_phrases().occurrences(text)
}

/// Where meta's phrases occur in the scanned text (`len` bytes long), by offset, with
/// their index in [`crate::meta::PHRASES`].
pub(crate) fn meta_phrases(
    scan: &Occurrences,
    len: usize,
) -> impl Iterator<Item = (usize, u8)> + '_ {
    scan.indexed_within(cue_phrases(), list::META_PHRASES, 0, len)
        .map(|(index, at, _)| (at, index as u8))
}

/// [`parse`], given the [`scan`] of `text`.
pub(crate) fn parse_scanned(text: &str, scan: &Occurrences) -> Outline {
    let lines = split_lines(text);
    let headings = find_headings(text, &lines);
    let sentences = split_sentences(text, &lines, &headings);
    let mut sections = build_tree(text, &headings);
    assign_roles(&mut sections, SectionRole::Other);
    continue_tasks(&mut sections);
    let mut outline = Outline {
        sections,
        sentences,
        role_spans: Vec::new(),
        roles: Vec::new(),
    };
    outline.role_spans = find_role_spans(text, &lines, &outline, scan);
    outline.roles = outline.role_table();
    outline
}

/// One line: its content without indentation or trailing whitespace.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Content start (after indentation).
    start: usize,
    /// Content end (before trailing whitespace and the line break).
    end: usize,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

/// Whitespace and the zero-width marks scrapes leave. Ideographs and CJK punctuation
/// (past U+3000, the last whitespace char) are ruled out by one comparison.
fn is_space(c: char) -> bool {
    match c {
        '\u{200b}' | '\u{200d}' | '\u{feff}' => true,
        '\u{3001}'.. => false,
        _ => c.is_whitespace(),
    }
}

fn split_lines(text: &str) -> Vec<Line> {
    // Sized for lines of 128 bytes or more (most are): the vector seldom grows.
    let mut lines = Vec::with_capacity(text.len() / 128 + 16);
    let mut offset = 0;
    // What `text.split_inclusive('\n')` gives, with the line breaks found by the
    // memchr crate's vector search.
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).map(|nl| nl + 1);
    let last = (!text.ends_with('\n') && !text.is_empty()).then_some(text.len());
    for end in breaks.chain(last) {
        let raw = &text[offset..end];
        let trimmed_start = raw.trim_start_matches(is_space);
        let start = offset + (raw.len() - trimmed_start.len());
        let content = trimmed_start.trim_end_matches(is_space);
        lines.push(Line {
            start,
            end: start + content.len(),
        });
        offset = end;
    }
    lines
}

/// A heading found on a line, before it becomes a [`Section`].
#[derive(Clone, Debug)]
struct Heading {
    level: u8,
    marker: Marker,
    /// The heading, marker included.
    span: ByteSpan,
    /// Where the heading text starts (after the marker).
    text_start: usize,
    /// Whether the heading is a sentence of its own (levels 0–3).
    own_sentence: bool,
}

/// Whether `c` is a Chinese numeral char of a marker: 〇零一二三四五六七八九十百两.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '两'
    )
}

/// Length in bytes of a run of Chinese numeral characters at the start of `s` (up to 4).
fn numeral_prefix(s: &str) -> usize {
    s.char_indices()
        .take(4)
        .take_while(|&(_, c)| is_numeral(c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn digit_prefix(s: &str) -> usize {
    s.bytes().take(3).take_while(u8::is_ascii_digit).count()
}

/// The marker at the start of `line` (indentation already removed): its level, kind and
/// byte length.
fn classify_marker(line: &str) -> Option<(u8, Marker, usize)> {
    let n = numeral_prefix(line);
    if n > 0 {
        let rest = &line[n..];
        if rest.starts_with('、') {
            return Some((1, Marker::Numeral, n + '、'.len_utf8()));
        }
        if rest.is_empty() {
            return Some((1, Marker::Numeral, n));
        }
        if rest.starts_with('是') {
            return Some((4, Marker::LeadIn, n + '是'.len_utf8()));
        }
        return None;
    }
    if let Some(rest) = line.strip_prefix('第') {
        let n = numeral_prefix(rest);
        if n > 0 {
            let after = &rest[n..];
            let head = '第'.len_utf8() + n;
            for part in ["部分", "章"] {
                if after.starts_with(part) {
                    return Some((0, Marker::Part, head + part.len()));
                }
            }
            for punct in ['、', ',', '，'] {
                if after.starts_with(punct) {
                    return Some((3, Marker::Ordinal, head + punct.len_utf8()));
                }
            }
        }
        return None;
    }
    for open in ['(', '（'] {
        if let Some(rest) = line.strip_prefix(open) {
            let n = numeral_prefix(rest);
            let d = digit_prefix(rest);
            let (len, level, marker) = if n > 0 {
                (n, 2, Marker::ParenNumeral)
            } else if d > 0 {
                (d, 3, Marker::Digit)
            } else {
                return None;
            };
            let after = &rest[len..];
            for close in [')', '）'] {
                if after.starts_with(close) {
                    return Some((level, marker, open.len_utf8() + len + close.len_utf8()));
                }
            }
            return None;
        }
    }
    let d = digit_prefix(line);
    if d > 0 {
        let rest = &line[d..];
        for punct in ['.', '、', '．'] {
            if let Some(after) = rest.strip_prefix(punct) {
                // `1.6万` is a number, not an item.
                if !after.starts_with(|c: char| c.is_ascii_digit()) {
                    return Some((3, Marker::Digit, d + punct.len_utf8()));
                }
            }
        }
        return None;
    }
    for dash in ["——", "--", "──", "－－"] {
        if line.starts_with(dash) {
            let len = line.len() - line.trim_start_matches(['—', '-', '─', '－']).len();
            return Some((4, Marker::Dash, len));
        }
    }
    None
}

/// Words that make a short bare line scrape junk or a title rather than a part heading.
const NOT_PART_TITLES: &[&str] = &[
    "政府工作报告",
    "阅读",
    "下一页",
    "上一页",
    "更多",
    "相关",
    "文章",
    "点击",
    "版权",
    "来源",
    "代表",
];

/// Whether a bare line is a part title (`过去五年的回顾`): short (3 to 24 chars), all
/// CJK, without final punctuation, between blank lines. The chars allowed all have three
/// bytes, so the length is told from the byte length before any char is looked at
/// (most paragraphs stand between blank lines too).
fn is_part_title(content: &str, prev_blank: bool, next_blank: bool) -> bool {
    prev_blank
        && next_blank
        && (3 * 3..=24 * 3).contains(&content.len())
        && content
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "“”、".contains(c))
        && !NOT_PART_TITLES.iter().any(|w| content.contains(w))
}

/// Where the heading text of a line ends, given its level.
fn heading_end(text: &str, line: Line, text_start: usize, level: u8) -> usize {
    let stops: &[char] = match level {
        0..=2 => &['。'],
        3 => &['。', ';', '；'],
        _ => &['。', ',', '，', ';', '；', ':', '：'],
    };
    let body = &text[text_start..line.end];
    body.find(stops).map_or(line.end, |i| text_start + i)
}

fn find_headings(text: &str, lines: &[Line]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let title_marks = TitleMarks::new(text);
    // An open 《 at a line end means the next line continues a title, not a heading.
    let mut open_title = false;
    let mut first_content = true;
    for (i, &line) in lines.iter().enumerate() {
        if line.is_blank() {
            open_title = false;
            continue;
        }
        let content = &text[line.start..line.end];
        let continues = open_title;
        open_title = title_marks.open_after(line.start, line.end, open_title);
        if continues {
            first_content = false;
            continue;
        }
        let marker = classify_marker(content).or_else(|| {
            let prev_blank = i == 0 || lines[i - 1].is_blank();
            let next_blank = lines.get(i + 1).is_none_or(Line::is_blank);
            // The first line is the report's title, not a part.
            (!first_content && is_part_title(content, prev_blank, next_blank)).then_some((
                0,
                Marker::Part,
                0,
            ))
        });
        first_content = false;
        let Some((level, marker, len)) = marker else {
            continue;
        };
        let text_start = line.start + len;
        let end = heading_end(text, line, text_start, level);
        headings.push(Heading {
            level,
            marker,
            span: ByteSpan::new(line.start, end),
            text_start,
            own_sentence: level <= 3,
        });
    }
    headings
}

/// Every 《 and 》 of a text, found in one pass, so that each line's last mark is a
/// binary search away (a search per line went over most of the text twice).
struct TitleMarks {
    /// (byte offset, whether it opens), in text order.
    marks: Vec<(usize, bool)>,
}

impl TitleMarks {
    fn new(text: &str) -> TitleMarks {
        let mut marks: Vec<(usize, bool)> = memmem::find_iter(text.as_bytes(), "《")
            .map(|at| (at, true))
            .chain(memmem::find_iter(text.as_bytes(), "》").map(|at| (at, false)))
            .collect();
        marks.sort_unstable();
        TitleMarks { marks }
    }

    /// Whether a 《 is still open after `text[start..end]`, given whether one was open
    /// before it: the last mark inside decides.
    fn open_after(&self, start: usize, end: usize, open_before: bool) -> bool {
        let k = self.marks.partition_point(|&(at, _)| at < end);
        match k.checked_sub(1).map(|k| self.marks[k]) {
            Some((at, opens)) if at >= start => opens,
            _ => open_before,
        }
    }
}

fn build_tree(text: &str, headings: &[Heading]) -> Vec<Section> {
    // Each heading's section ends where the next heading of the same or higher level
    // starts.
    let mut flat: Vec<Section> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings[i + 1..]
                .iter()
                .find(|next| next.level <= h.level)
                .map_or(text.len(), |next| next.span.start);
            let end = h.span.end.max(trim_end(text, h.span.start, end));
            Section {
                heading: text[h.text_start..h.span.end]
                    .trim_matches(is_space)
                    .to_string(),
                heading_span: h.span,
                role: SectionRole::Other,
                level: h.level,
                marker: h.marker,
                span: ByteSpan::new(h.span.start, end),
                children: Vec::new(),
            }
        })
        .collect();
    // Nest: pop finished sections off a stack into their parents.
    let mut roots = Vec::new();
    let mut stack: Vec<Section> = Vec::new();
    for section in flat.drain(..) {
        while stack.last().is_some_and(|top| top.level >= section.level) {
            let done = stack.pop().expect("non-empty stack");
            attach(&mut stack, &mut roots, done);
        }
        stack.push(section);
    }
    while let Some(done) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [Section], roots: &mut Vec<Section>, done: Section) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => roots.push(done),
    }
}

/// `end` moved back over trailing whitespace, not before `start`.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(is_space).len()
}

/// Heading keywords per role, tried in this order: a 回顾 of the 十一五 period is review,
/// a 十三五 heading that says 主要任务 is plan.
const ROLE_KEYWORDS: &[(SectionRole, &[&str])] = &[
    (
        SectionRole::GovernmentSelfBuilding,
        &["政府自身建设", "加强政府建设", "政府建设", "自身建设"],
    ),
    (
        SectionRole::Review,
        &[
            "回顾",
            "过去一年",
            "过去的一年",
            "过去五年",
            "工作总结",
            "执行情况",
            "一年来",
            "年来的",
            "去年工作",
            "基本总结",
            "取得的成就",
            "取得伟大成就",
            "经济形势",
            "工作回忆",
            "取得了",
            // 1987: "当前国内形势和基本任务" opens with the year's results.
            "国内形势",
        ],
    ),
    (
        SectionRole::Problems,
        &[
            "存在的问题",
            "困难和挑战",
            "困难和问题",
            "问题和困难",
            "不足",
        ],
    ),
    (
        SectionRole::Plan,
        &[
            "规划",
            "纲要",
            "五年计划",
            "五”",
            "五时期",
            "五期间",
            "五计划",
        ],
    ),
    (
        SectionRole::Requirements,
        &["总体要求", "指导思想", "总体思路", "基本思路", "指导方针"],
    ),
    (
        SectionRole::Targets,
        &["预期目标", "主要目标", "主要指标", "计划指标"],
    ),
    (
        SectionRole::Tasks,
        &[
            "主要任务",
            "重点工作",
            "工作安排",
            "重点抓好",
            "工作任务",
            "基本任务",
            "总任务",
            "工作部署",
            "主要措施",
            "年工作",
            "年的工作",
            "今年",
            "明年",
        ],
    ),
];

/// Verbs that make a plan heading about carrying the plan out ("全面实现六五计划的主要
/// 措施"): the measures of the coming years, i.e. tasks, not the plan itself.
const CARRY_OUT: &[&str] = &["实现", "完成", "执行", "落实"];

fn heading_role(heading: &str) -> Option<SectionRole> {
    let set = heading_phrases();
    let hits = set.occurrences(heading).within(set, 0, heading.len());
    // List `k` of the set is the words of `ROLE_KEYWORDS[k]`.
    let has = |role: SectionRole| {
        ROLE_KEYWORDS
            .iter()
            .enumerate()
            .any(|(k, (r, _))| *r == role && hits.any(k))
    };
    let role = ROLE_KEYWORDS
        .iter()
        .enumerate()
        .find(|(k, _)| hits.any(*k))
        .map(|(_, (role, _))| *role)?;
    if role == SectionRole::Plan && has(SectionRole::Tasks) && hits.any(ROLE_KEYWORDS.len()) {
        return Some(SectionRole::Tasks);
    }
    Some(role)
}

/// The words of [`ROLE_KEYWORDS`], one list per entry in that order, then [`CARRY_OUT`]:
/// one scan of a heading answers every keyword test.
fn heading_phrases() -> &'static PhraseSet {
    static SET: OnceLock<PhraseSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut lists: Vec<&[&str]> = ROLE_KEYWORDS.iter().map(|(_, words)| *words).collect();
        lists.push(CARRY_OUT);
        PhraseSet::new(&lists)
    })
}

fn assign_roles(sections: &mut [Section], inherited: SectionRole) {
    for section in sections {
        let own = if section.level <= 2 {
            heading_role(&section.heading)
        } else {
            None
        };
        // Inside a review, sub-headings that restate a guiding idea or a goal are lessons
        // drawn from the past ("牢固树立…的指导思想"), not this year's requirements or
        // targets; only problems and the government's own conduct stand apart.
        let own = own.filter(|r| {
            inherited != SectionRole::Review
                || matches!(
                    r,
                    SectionRole::Review
                        | SectionRole::Problems
                        | SectionRole::GovernmentSelfBuilding
                )
        });
        section.role = own.unwrap_or(inherited);
        let role = section.role;
        assign_roles(&mut section.children, role);
    }
}

/// Top-level sections without a cue that follow the review or the year's requirements,
/// targets or tasks are this year's tasks. A plan part does not end this: reports that
/// present a five-year plan (1986, 2001) number the work that carries it out as further
/// uncued parts after it.
fn continue_tasks(sections: &mut [Section]) {
    let mut in_year_part = false;
    for section in sections {
        match section.role {
            SectionRole::Requirements | SectionRole::Targets | SectionRole::Tasks => {
                in_year_part = true
            }
            SectionRole::Other if in_year_part && heading_role(&section.heading).is_none() => {
                set_role_where(section, SectionRole::Other, SectionRole::Tasks);
            }
            // After the review, an uncued part looks ahead: this year's work.
            SectionRole::Review | SectionRole::Plan => in_year_part = true,
            _ => {}
        }
    }
}

fn set_role_where(section: &mut Section, from: SectionRole, to: SectionRole) {
    if section.role == from {
        section.role = to;
    }
    for child in &mut section.children {
        set_role_where(child, from, to);
    }
}

/// Whether `c` ends a sentence.
fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';')
}

/// Closing marks that stay with the sentence they follow (`。”`).
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '》' | ')' | '）' | '」' | '』')
}

/// An open quote may not keep a sentence going beyond this many bytes.
const MAX_OPEN_QUOTE_BYTES: usize = 1500;

/// A run-on sentence is cut at its next comma beyond this many bytes, and anywhere at
/// twice as many: later stages do work per sentence that grows with its length, so
/// one endless sentence would take quadratic time. The longest sentence of the
/// corpus is about 1,100 bytes.
const MAX_SENTENCE_BYTES: usize = 4096;

fn split_sentences(text: &str, lines: &[Line], headings: &[Heading]) -> Vec<Sentence> {
    let stops = stop_flags(text);
    // Sized for sentences of 96 bytes or more (most are): the vector seldom grows.
    let mut sentences = Vec::with_capacity(text.len() / 96 + 16);
    let mut heading_idx = 0;
    let mut start: Option<usize> = None;
    let mut depth: u32 = 0;
    let close = |sentences: &mut Vec<Sentence>, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            let end = trim_end(text, s, end);
            if end > s {
                sentences.push(Sentence {
                    span: ByteSpan::new(s, end),
                });
            }
        }
    };
    for &line in lines {
        if line.is_blank() {
            close(&mut sentences, &mut start, line.start);
            depth = 0;
            continue;
        }
        while headings
            .get(heading_idx)
            .is_some_and(|h| h.span.start < line.start)
        {
            heading_idx += 1;
        }
        // A heading always starts a sentence; a heading line (levels 0–3) is one.
        let mut forced_end = None;
        if let Some(h) = headings
            .get(heading_idx)
            .filter(|h| h.span.start == line.start)
        {
            close(&mut sentences, &mut start, line.start);
            depth = 0;
            if h.own_sentence {
                forced_end = Some(h.span.end);
            }
        }
        let mut at = line.start;
        while at < line.end {
            if let Some(s) = start {
                at = skip_quiet(text, &stops, at, quiet_limit(s, forced_end, at, line.end));
                if at >= line.end {
                    break;
                }
            }
            let c = text[at..].chars().next().expect("`at` is a char boundary");
            let next = at + c.len_utf8();
            if start.is_none() {
                if is_space(c) {
                    at = next;
                    continue;
                }
                start = Some(at);
            }
            match c {
                '“' | '《' | '「' | '『' => depth += 1,
                '”' | '》' | '」' | '』' => depth = depth.saturating_sub(1),
                _ => {}
            }
            // The heading ends at a terminal mark even if it left a quote open.
            if forced_end == Some(at) {
                depth = 0;
            }
            let length = start.map_or(0, |s| at - s);
            if length + c.len_utf8() > 2 * MAX_SENTENCE_BYTES {
                // No comma in sight: cut before this char, which opens the next one.
                close(&mut sentences, &mut start, at);
                start = Some(at);
                depth = 0;
            } else if length >= MAX_SENTENCE_BYTES && matches!(c, ',' | '、' | ':' | ' ') {
                close(&mut sentences, &mut start, next);
                depth = 0;
                at = next;
                continue;
            }
            at = next;
            if is_terminal(c) && depth == 0 {
                for following in text[at..line.end].chars() {
                    if !(is_terminal(following) || is_closing(following)) {
                        break;
                    }
                    at += following.len_utf8();
                }
                close(&mut sentences, &mut start, at);
            }
        }
        if forced_end.is_some() {
            depth = 0;
        }
        let too_long = start.is_some_and(|s| line.end - s > MAX_OPEN_QUOTE_BYTES);
        if depth == 0 || too_long {
            close(&mut sentences, &mut start, line.end);
            depth = 0;
        }
    }
    close(&mut sentences, &mut start, text.len());
    sentences
}

/// Where the quiet skip of [`skip_quiet`] must stop inside a sentence opened at
/// `start`: at the line end, at the heading's forced end, and where the sentence grows
/// long enough to be cut ([`MAX_SENTENCE_BYTES`]): from there on commas count, and the
/// skip, which passes over them, stops for every char.
fn quiet_limit(start: usize, forced_end: Option<usize>, at: usize, line_end: usize) -> usize {
    let mut limit = line_end.min(start + MAX_SENTENCE_BYTES);
    if let Some(forced) = forced_end.filter(|&f| f >= at) {
        limit = limit.min(forced);
    }
    limit
}

/// Whether byte `b` may start a char that sentence splitting looks at: inside a
/// sentence of less than [`MAX_SENTENCE_BYTES`] only `!?;` and the punctuation blocks
/// (lead bytes E2: “”; E3: 。《》「」『』; EF: ！？；) can end or nest it. Commas and digits,
/// the most frequent ASCII, are passed over. Continuation bytes never equal these.
fn is_stop_byte(b: u8) -> bool {
    matches!(b, b'!' | b'?' | b';' | 0xE2 | 0xE3 | 0xEF)
}

/// 1 at each byte of `text` that [`is_stop_byte`], else 0: one pass that the compiler
/// turns into vector instructions, so that [`skip_quiet`] is a `memchr`.
fn stop_flags(text: &str) -> Vec<u8> {
    text.bytes().map(|b| u8::from(is_stop_byte(b))).collect()
}

/// The first char boundary at or after `at` where a char that sentence splitting looks
/// at may stand (a byte flagged in `stops`, the [`stop_flags`] of `text`), searching up
/// to `limit`: ideographs are passed over without decoding, and so is 、, the most
/// frequent flagged char, which neither ends nor nests a sentence. Past `limit` it
/// moves on to the next boundary.
fn skip_quiet(text: &str, stops: &[u8], mut at: usize, limit: usize) -> usize {
    while at < limit {
        match memchr::memchr(1, &stops[at..limit]) {
            Some(j) if text.as_bytes()[at + j..].starts_with("、".as_bytes()) => {
                at += j + "、".len();
            }
            Some(j) => return at + j,
            None => {
                return (limit..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
            }
        }
    }
    at
}

/// Phrases that open a stretch with another role inside a section body. Targets and
/// requirements phrases are statements of this year's plan ("目标是", never "实现了预期
/// 目标"); problems phrases introduce the shortcomings after a review.
const TARGET_CUES: &[&str] = &[
    "主要预期目标是",
    "主要预期目标:",
    "预期目标是",
    "预期目标为",
    "主要目标是",
    "主要指标是",
    "主要指标安排",
    "计划主要指标",
    "主要目标:",
];
const REQUIREMENT_CUES: &[&str] = &[
    "总体要求是",
    "总体要求:",
    // 2000: "各级政府要按照党中央关于今年工作的总要求,…" closes the review part.
    "今年工作的总要求",
    "基本思路和主要任务是",
    "指导思想是",
];
const PROBLEM_CUES: &[&str] = &[
    "存在一些问题",
    "存在不少问题",
    "存在一些突出问题",
    "困难和问题",
    "问题和困难",
    "困难和挑战",
    "问题和不足",
    "清醒地看到",
    "清醒看到",
    "清醒地认识到",
    "清醒认识到",
    "存在不少困难",
];
const TASK_CUES: &[&str] = &[
    "主要任务是",
    "主要任务,是",
    // Also "要着重抓好体制改革和对外开放这两件大事" (1984), not only "着重抓好以下".
    "着重抓好",
    "着重做好以下",
    "重点抓好以下",
    "主要任务应该是",
];
/// Phrases that turn from last year to this year's work (1984: "在新的一年里,我们要…做
/// 好各方面的工作").
const TASK_OPENERS: &[&str] = &["在新的一年里", "新的一年里"];
const REVIEW_OPENERS: &[&str] = &[
    "过去的一年",
    "过去一年",
    // 1979: "从去年三月第五届全国人民代表大会第一次会议闭幕到我们这次会议召开,…".
    "从去年",
    "自去年",
    "去年",
    "一年来",
    "五年来",
    "三年来",
    "几年来",
    "刚刚过去的",
    // 2002: "首先报告2001年的工作", a title line that is not a heading.
    "首先报告",
];

fn find_role_spans(
    text: &str,
    lines: &[Line],
    outline: &Outline,
    cues: &Occurrences,
) -> Vec<RoleSpan> {
    // Candidate (cue, role, end of stretch), in text order.
    let mut found: Vec<RoleSpan> = Vec::new();
    let all_sections = outline.all_sections();
    let heading_starts: Vec<usize> = all_sections
        .iter()
        .filter(|s| s.level <= 3)
        .map(|s| s.heading_span.start)
        .collect();
    // Sections and sub-sections (levels 0–2) start where a review stretch must stop.
    let part_starts: Vec<usize> = all_sections
        .iter()
        .filter(|s| s.level <= 2)
        .map(|s| s.heading_span.start)
        .collect();
    let content: Vec<Line> = lines.iter().copied().filter(|l| !l.is_blank()).collect();
    // One scan of the text (`scan`) answers every sentence's cue questions.
    let mut sentence_idx = 0;
    for (line_idx, &line) in content.iter().enumerate() {
        if heading_starts.binary_search(&line.start).is_ok() {
            continue;
        }
        let section = outline.section_at(line.start);
        let section_role = section.map_or(SectionRole::Other, |s| s.role);
        let section_end = section.map_or(text.len(), |s| s.span.end);
        while outline
            .sentences
            .get(sentence_idx)
            .is_some_and(|s| s.span.end <= line.start)
        {
            sentence_idx += 1;
        }
        for (k, sentence) in outline.sentences[sentence_idx..]
            .iter()
            .take_while(|s| s.span.start < line.end)
            .enumerate()
        {
            let sentence_text = sentence.span.of(text);
            // A review opener may follow one preamble sentence ("根据…会议的决议,…进行
            // 了不懈的努力。一年来,…", 1984).
            let hits = cues.within(cue_phrases(), sentence.span.start, sentence.span.end);
            let cue = cue_in(sentence_text, &hits, section_role, k < 2);
            let Some((role, at, len)) = cue else { continue };
            let cue_start = sentence.span.start + at;
            let paragraph_end = sentence.span.end.max(line.end);
            let span_end = match role {
                // A tasks intro ("着重抓好以下工作:") runs to the end of its section.
                SectionRole::Tasks => section_end,
                // A review opened in an uncued part ("一年来,…", 1984; "从去年三月…", 1979)
                // goes on over the following paragraphs up to the next (sub-)section;
                // a later cue ("清醒地看到", "在新的一年里") cuts it short.
                SectionRole::Review => {
                    let k = part_starts.partition_point(|&p| p <= line.start);
                    part_starts
                        .get(k)
                        .map_or(section_end, |&p| {
                            trim_end(text, line.start, p.min(section_end))
                        })
                        .max(paragraph_end)
                }
                // "主要预期目标是:" on a line of its own introduces the list on the next
                // line (2011).
                SectionRole::Targets if ends_with_colon(&text[line.start..line.end]) => content
                    .get(line_idx + 1)
                    .filter(|next| heading_starts.binary_search(&next.start).is_err())
                    .map_or(paragraph_end, |next| next.end),
                _ => paragraph_end,
            };
            found.push(RoleSpan {
                span: ByteSpan::new(sentence.span.start, span_end),
                role,
                cue: ByteSpan::new(cue_start, cue_start + len),
            });
        }
    }
    found.sort_by_key(|r| r.span.start);
    // Later cues cut earlier stretches short; stretches never overlap.
    cut_overlaps(&mut found);
    let has_targets = found.iter().any(|r| r.role == SectionRole::Targets)
        || all_sections.iter().any(|s| s.role == SectionRole::Targets);
    if !has_targets {
        let role_before = |offset: usize| {
            let k = found.partition_point(|r| r.span.end <= offset);
            match found.get(k) {
                Some(r) if r.span.start <= offset => r.role,
                _ => outline
                    .section_at(offset)
                    .map_or(SectionRole::Other, |s| s.role),
            }
        };
        let fallback = fallback_targets(text, &content, outline, cues, role_before);
        if !fallback.is_empty() {
            found.extend(fallback);
            found.sort_by_key(|r| r.span.start);
            cut_overlaps(&mut found);
        }
    }
    found
}

/// Makes stretches disjoint: a later cue cuts an earlier stretch short. A tasks stretch
/// (which runs to the end of its section) resumes after a targets, requirements or
/// problems paragraph inside it: "今年拟发行1500亿元长期建设国债" (2002) is one paragraph
/// of the tasks, not their end.
fn cut_overlaps(found: &mut Vec<RoleSpan>) {
    let mut out: Vec<RoleSpan> = Vec::with_capacity(found.len());
    let mut pending: Vec<RoleSpan> = std::mem::take(found);
    pending.reverse();
    while let Some(next) = pending.pop() {
        if let Some(prev) = out.last_mut() {
            // A tasks intro inside a tasks stretch ("重点抓好以下几个方面" under "着重做好
            // 以下八个方面工作") adds nothing: the outer stretch goes on.
            if prev.role == SectionRole::Tasks
                && next.role == SectionRole::Tasks
                && prev.span.end >= next.span.end
            {
                continue;
            }
            if prev.span.end > next.span.start {
                let resumes = prev.role == SectionRole::Tasks
                    && !matches!(next.role, SectionRole::Tasks | SectionRole::Review)
                    && prev.span.end > next.span.end;
                if resumes {
                    let rest = RoleSpan {
                        span: ByteSpan::new(next.span.end, prev.span.end),
                        role: prev.role,
                        cue: prev.cue,
                    };
                    // Keep `pending` sorted (it pops the smallest start).
                    let k = pending.partition_point(|r| r.span.start > rest.span.start);
                    pending.insert(k, rest);
                }
                prev.span.end = next.span.start.max(prev.span.start);
            }
        }
        out.push(next);
    }
    out.retain(|r| !r.span.is_empty());
    *found = out;
}

/// The end of sentence `k` and of the list it opens: following sentences of its
/// paragraph while the previous one ends with `;` or `:` ("主要目标是:…;…;…。").
fn list_end(text: &str, outline: &Outline, k: usize, content: &[Line]) -> usize {
    let first = outline.sentences[k].span;
    let line_end = content
        .get(content.partition_point(|l| l.end < first.start))
        .map_or(first.end, |l| l.end);
    let mut end = first.end;
    for next in &outline.sentences[k + 1..] {
        let before = text[..end].trim_end_matches(is_closing);
        let open = before.ends_with([';', '；', ':', '：']);
        if !open || next.span.start >= line_end {
            break;
        }
        end = next.span.end;
    }
    end
}

fn ends_with_colon(s: &str) -> bool {
    s.ends_with(':') || s.ends_with('：')
}

/// Targets of a report that states none with a "目标是" phrase, found in this order (the
/// first kind that occurs wins):
///
/// 1. a targets cue inside the plan part: a plan report (2001) gives the main targets of
///    the plan it presents ("“十五”期间年均经济增长速度预期目标为7%左右");
/// 2. sentences on 今年/明年 with a number and a goal word ("今年拟发行1500亿元长期
///    建设国债", 2002);
/// 3. the first paragraph that sets an output growth target with a number ("第六个五年
///    计划规定,一九八五年工农业总产值达到八千七百一十亿元", 1982; "到1992年,力争…使
///    国民生产总值达到15500亿元左右", 1988);
/// 4. the first paragraph that commits to holding a macro aggregate without a number
///    ("努力保持物价总水平的基本稳定", 1985; "保持国民经济持续快速健康发展", 2000).
///
/// Kinds 3 and 4 skip the review and problems parts and past-tense sentences, and mark
/// one paragraph only, from its start unless an earlier sentence there reports results.
fn fallback_targets(
    text: &str,
    content: &[Line],
    outline: &Outline,
    cues: &Occurrences,
    role_at: impl Fn(usize) -> SectionRole,
) -> Vec<RoleSpan> {
    let cue_hits_of =
        |sentence: &Sentence| cues.within(cue_phrases(), sentence.span.start, sentence.span.end);
    let has_cue = |sentence: &Sentence, list: usize| {
        cues.any_within(cue_phrases(), list, sentence.span.start, sentence.span.end)
    };
    // The words of kinds 2 to 4 are scanned sentence by sentence, when first asked: most
    // reports state targets and never get here, the others stop at the first kind 3 or
    // 4 sentence, and kind 2 asks only sentences on 今年/明年.
    let words: Vec<OnceCell<Hits<'static>>> = vec![OnceCell::new(); outline.sentences.len()];
    let hits_of = |k: usize| {
        words[k].get_or_init(|| {
            let sentence = outline.sentences[k].span.of(text);
            fallback_phrases()
                .occurrences(sentence)
                .within(fallback_phrases(), 0, sentence.len())
        })
    };
    let line_of = |offset: usize| {
        let k = content.partition_point(|l| l.end < offset);
        content.get(k).copied()
    };
    let paragraph_span = |sentence: ByteSpan, cue_at: usize, cue_len: usize| {
        let line = line_of(sentence.start);
        let (start, end) = line.map_or((sentence.start, sentence.end), |l| (l.start, l.end));
        // Start at the paragraph unless an earlier sentence there states results.
        let earlier = &text[start..sentence.start];
        let start = if PAST_CUES.iter().any(|p| earlier.contains(p)) {
            sentence.start
        } else {
            start
        };
        RoleSpan {
            span: ByteSpan::new(start, end.max(sentence.end)),
            role: SectionRole::Targets,
            cue: ByteSpan::new(cue_at, cue_at + cue_len),
        }
    };
    // 1. Targets cues of the plan part, each with the list it opens.
    let mut found = Vec::new();
    for (k, sentence) in outline.sentences.iter().enumerate() {
        if role_at(sentence.span.start) != SectionRole::Plan {
            continue;
        }
        if let Some((at, cue_len)) = cue_hits_of(sentence).first_of(list::TARGET_CUES) {
            let cue_at = sentence.span.start + at;
            found.push(RoleSpan {
                span: ByteSpan::new(sentence.span.start, list_end(text, outline, k, content)),
                role: SectionRole::Targets,
                cue: ByteSpan::new(cue_at, cue_at + cue_len),
            });
        }
    }
    if !found.is_empty() {
        return found;
    }
    // 2. Older reports state targets without a "目标是" phrase: "今年…增长4%左右".
    for (k, sentence) in outline.sentences.iter().enumerate() {
        // `this_year_target` needs 今年 or 明年.
        if !has_cue(sentence, list::THIS_YEAR) && !has_cue(sentence, list::NEXT_YEAR) {
            continue;
        }
        let role = role_at(sentence.span.start);
        if role == SectionRole::Review || role == SectionRole::Plan {
            continue;
        }
        let s = sentence.span.of(text);
        if let Some(at) = this_year_target(s, hits_of(k)) {
            let cue_start = sentence.span.start + at;
            found.push(RoleSpan {
                span: sentence.span,
                role: SectionRole::Targets,
                cue: ByteSpan::new(cue_start, cue_start + "今年".len()),
            });
        }
    }
    if !found.is_empty() {
        return found;
    }
    // 3. and 4. The first growth target paragraph, else the first holding commitment.
    // The hits of a sentence that looks ahead (the role is asked first: it is cheaper).
    let looks_ahead = |k: usize| {
        if matches!(
            role_at(outline.sentences[k].span.start),
            SectionRole::Review | SectionRole::Problems
        ) {
            return None;
        }
        let hits = hits_of(k);
        (!hits.any(fallback_list::PAST_CUES) && !hits.any(fallback_list::LONG_TERM)).then_some(hits)
    };
    for (k, sentence) in outline.sentences.iter().enumerate() {
        let s = sentence.span.of(text);
        let Some(hits) = looks_ahead(k) else {
            continue;
        };
        if hits.any(fallback_list::OUTPUT_METRICS) && has_quantity(s) {
            if let Some((at, len)) = hits.first_of(fallback_list::GOAL_WORDS) {
                return vec![paragraph_span(sentence.span, sentence.span.start + at, len)];
            }
        }
    }
    // A commitment about this year ("今年的改革…要把物价总水平的上升幅度严格控制在…")
    // comes before general principles on the same aggregate.
    for this_year in [true, false] {
        for (j, sentence) in outline.sentences.iter().enumerate() {
            if this_year && !has_cue(sentence, list::THIS_YEAR) {
                continue;
            }
            let Some(hits) = looks_ahead(j) else {
                continue;
            };
            if hits.any(fallback_list::MACRO_AGGREGATES) {
                if let Some((at, len)) = hits.first_of(fallback_list::HOLD_WORDS) {
                    // The commitment itself: such paragraphs open with reasoning and go
                    // on to measures.
                    let k = outline
                        .sentences
                        .partition_point(|x| x.span.start < sentence.span.start);
                    let cue_at = sentence.span.start + at;
                    return vec![RoleSpan {
                        span: ByteSpan::new(
                            sentence.span.start,
                            list_end(text, outline, k, content),
                        ),
                        role: SectionRole::Targets,
                        cue: ByteSpan::new(cue_at, cue_at + len),
                    }];
                }
            }
        }
    }
    Vec::new()
}

/// Words of a sentence that reports results rather than sets goals.
const PAST_CUES: &[&str] = &[
    "比上年",
    "实际达到",
    "实际完成",
    "实际增长",
    "完成了",
    "实现了",
    "已经",
    "取得",
    "达到了",
    "增长了",
    "过去",
];
/// Goals beyond the plan period are strategy, not this report's targets ("到本世纪末…翻
/// 两番" is restated in every report of the 1980s).
const LONG_TERM: &[&str] = &["本世纪", "世纪末", "翻两番", "翻一番"];
/// Output aggregates whose growth is the headline target.
const OUTPUT_METRICS: &[&str] = &[
    "国民生产总值",
    "国内生产总值",
    "总产值",
    "经济增长速度",
    "国民收入",
];
/// Words that make a sentence with an output aggregate a goal.
const GOAL_WORDS: &[&str] = &[
    "规定",
    "预期",
    "力争",
    "争取",
    "计划",
    "要求",
    "目标",
    "要增长",
    "要达到",
];
/// Aggregates a report commits to holding steady or growing without a number.
const MACRO_AGGREGATES: &[&str] = &[
    "物价总水平",
    "国民经济",
    "发展速度",
    "增长速度",
    "经济增长",
    "速度",
];
const HOLD_WORDS: &[&str] = &["保持", "争取", "力争", "控制在"];

/// Whether `s` states a quantity: an ASCII digit, "百分之", or a Chinese numeral followed
/// by a unit or multiplier ("八千七百一十亿元", "八千亿斤"). Years ("一九八五年") are not.
fn has_quantity(s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_digit()) || s.contains("百分之") {
        return true;
    }
    let mut prev_numeral = false;
    for c in s.chars() {
        if prev_numeral && "亿万吨元斤".contains(c) {
            return true;
        }
        prev_numeral = is_numeral(c) || matches!(c, '千' | '万' | '亿');
    }
    false
}

/// The role cue in a sentence of a section with `section_role`: role, byte offset and
/// length of the cue phrase.
/// `hits` is [`cue_phrases`] scanned over `sentence`.
fn cue_in(
    sentence: &str,
    hits: &Hits,
    section_role: SectionRole,
    opens_paragraph: bool,
) -> Option<(SectionRole, usize, usize)> {
    let find = |cues: usize| hits.first_of(cues);
    if let Some((at, len)) = find(list::TARGET_CUES) {
        // "今后五年…主要目标是" in a plan part is the plan's, not this year's.
        if section_role != SectionRole::Plan && !hits.any(list::FIVE_YEARS) {
            return Some((SectionRole::Targets, at, len));
        }
    }
    if let Some((at, len)) = find(list::REQUIREMENT_CUES) {
        if section_role != SectionRole::Plan {
            return Some((SectionRole::Requirements, at, len));
        }
    }
    // The problems paragraph follows the review's last sub-section, often 政府自身建设.
    if matches!(
        section_role,
        SectionRole::Review | SectionRole::Other | SectionRole::GovernmentSelfBuilding
    ) {
        if let Some((at, len)) = find(list::PROBLEM_CUES) {
            return Some((SectionRole::Problems, at, len));
        }
    }
    // A requirements part goes on to list the tasks ("为实现上述目标,要重点抓好以下十方面
    // 工作:", Hailar 2012, under "总体要求和目标任务").
    if section_role == SectionRole::Requirements {
        if let Some((at, len)) = find(list::TASK_CUES) {
            return Some((SectionRole::Tasks, at, len));
        }
    }
    if matches!(section_role, SectionRole::Other) {
        if let Some((at, len)) = find(list::TASK_CUES) {
            if !hits.any(list::FIVE_YEARS) {
                return Some((SectionRole::Tasks, at, len));
            }
        }
        // "各位代表!为了…,在新的一年里,我们要…" (1984): the turn may follow a preamble.
        if let Some((at, len)) = find(list::TASK_OPENERS) {
            return Some((SectionRole::Tasks, at, len));
        }
        if opens_paragraph {
            if let Some(opener) = REVIEW_OPENERS.iter().find(|o| sentence.starts_with(*o)) {
                return Some((SectionRole::Review, 0, opener.len()));
            }
        }
    }
    None
}

/// The offset of 今年/明年 in a sentence that sets a quantified goal for it; `hits` is
/// [`fallback_phrases`] scanned over `sentence`.
fn this_year_target(sentence: &str, hits: &Hits) -> Option<usize> {
    let (at, _) = hits
        .first_of(fallback_list::THIS_YEAR)
        .or_else(|| hits.first_of(fallback_list::NEXT_YEAR))?;
    let has_number =
        sentence.bytes().any(|b| b.is_ascii_digit()) || hits.any(fallback_list::PERCENT_WORD);
    let has_goal = hits.any(fallback_list::THIS_YEAR_GOAL);
    let past = hits.any(fallback_list::THIS_YEAR_PAST);
    (has_number && has_goal && !past).then_some(at)
}

/// Goal words of a 今年/明年 target sentence. 拟: "今年拟发行1500亿元长期建设国债"
/// (2002), "今年拟安排财政赤字".
const THIS_YEAR_GOAL: &[&str] = &["增长", "控制在", "达到", "计划", "安排", "拟"];
/// 预计/为止: an estimate of the year under way, in a report given at its end (1982).
const THIS_YEAR_PAST: &[&str] = &["完成了", "实现了", "比去年同期", "增长了", "预计", "为止"];

/// Numbers of the phrase lists in [`cue_phrases`].
mod list {
    pub(super) const TARGET_CUES: usize = 0;
    pub(super) const REQUIREMENT_CUES: usize = 1;
    pub(super) const PROBLEM_CUES: usize = 2;
    pub(super) const TASK_CUES: usize = 3;
    pub(super) const TASK_OPENERS: usize = 4;
    pub(super) const FIVE_YEARS: usize = 5;
    pub(super) const THIS_YEAR: usize = 6;
    pub(super) const NEXT_YEAR: usize = 7;
    /// [`crate::meta::PHRASES`], for meta.
    pub(super) const META_PHRASES: usize = 8;
}

/// Numbers of the phrase lists in [`fallback_phrases`].
mod fallback_list {
    pub(super) const PAST_CUES: usize = 0;
    pub(super) const LONG_TERM: usize = 1;
    pub(super) const OUTPUT_METRICS: usize = 2;
    pub(super) const GOAL_WORDS: usize = 3;
    pub(super) const MACRO_AGGREGATES: usize = 4;
    pub(super) const HOLD_WORDS: usize = 5;
    pub(super) const THIS_YEAR: usize = 6;
    pub(super) const NEXT_YEAR: usize = 7;
    pub(super) const PERCENT_WORD: usize = 8;
    pub(super) const THIS_YEAR_GOAL: usize = 9;
    pub(super) const THIS_YEAR_PAST: usize = 10;
}

/// The phrase lists asked of every sentence, numbered as in [`list`], so that one scan
/// of the text answers all of them. 今年 and 明年 tell [`fallback_targets`] which
/// sentences to scan for [`fallback_phrases`]. Last, meta's phrases, which are rare:
/// noted in the same pass, they cost next to nothing (a search of its own cost meta
/// about half its time).
fn cue_phrases() -> &'static PhraseSet {
    static SET: OnceLock<PhraseSet> = OnceLock::new();
    SET.get_or_init(|| {
        PhraseSet::new(&[
            TARGET_CUES,
            REQUIREMENT_CUES,
            PROBLEM_CUES,
            TASK_CUES,
            TASK_OPENERS,
            &["五年"],
            &["今年"],
            &["明年"],
            &crate::meta::PHRASES,
        ])
    })
}

/// The word lists of [`fallback_targets`] kinds 2 to 4, numbered as in
/// [`fallback_list`]: a set of their own, scanned only over the sentences asked.
fn fallback_phrases() -> &'static PhraseSet {
    static SET: OnceLock<PhraseSet> = OnceLock::new();
    SET.get_or_init(|| {
        PhraseSet::new(&[
            PAST_CUES,
            LONG_TERM,
            OUTPUT_METRICS,
            GOAL_WORDS,
            MACRO_AGGREGATES,
            HOLD_WORDS,
            &["今年"],
            &["明年"],
            &["百分之"],
            THIS_YEAR_GOAL,
            THIS_YEAR_PAST,
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_flags_mark_marks_and_punctuation_lead_bytes() {
        let text = "a中,“经济”。ｂé😀;1!?:";
        let flagged: Vec<usize> = stop_flags(text)
            .iter()
            .enumerate()
            .filter(|&(_, &f)| f == 1)
            .map(|(i, _)| i)
            .collect();
        let expected: Vec<usize> = text
            .char_indices()
            .filter(|&(_, c)| matches!(c, '“' | '”' | '。' | 'ｂ' | ';' | '!' | '?'))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(flagged, expected);
    }

    #[test]
    fn role_table_answers_as_the_search_at_every_offset() {
        let text = "政府工作报告\n\n各位代表:\n\n一、过去一年的工作回顾\n经济增长。\n(一)稳增长\n\
                    投资增长。\n还存在一些问题,主要是:\n结构不优。\n二、今年的主要任务\n\
                    今年经济社会发展的主要预期目标是:增长6%。\n1.扩大内需\n消费增长。\n\
                    三、加强政府自身建设\n廉洁。\n";
        let outline = parse(text);
        assert!(!outline.roles.is_empty() && !outline.role_spans.is_empty());
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                outline.role_at(offset),
                outline.role_by_search(offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn lines_are_the_inclusive_splits_trimmed() {
        for text in [
            "",
            "a",
            "a\n",
            "\n\n",
            " 一、回顾 \n\u{3000}正文\r\n",
            "甲\n\n乙",
        ] {
            let mut expected = Vec::new();
            let mut offset = 0;
            for raw in text.split_inclusive('\n') {
                let start = offset + raw.len() - raw.trim_start_matches(is_space).len();
                let end = offset + raw.trim_end_matches(is_space).len().max(start - offset);
                expected.push((start, end));
                offset += raw.len();
            }
            let lines: Vec<(usize, usize)> =
                split_lines(text).iter().map(|l| (l.start, l.end)).collect();
            assert_eq!(lines, expected, "{text:?}");
        }
    }

    #[test]
    fn quiet_skip_stops_at_marks_and_at_the_limit() {
        let text = "我们坚持稳中求进,工作总基调;经济、社会运行总体平稳。";
        let semicolon = text.find(';').unwrap();
        let stops = stop_flags(text);
        // Commas are passed over.
        assert_eq!(skip_quiet(text, &stops, 0, text.len()), semicolon);
        // A limit inside an ideograph moves on to the next char boundary.
        assert_eq!(skip_quiet(text, &stops, 0, 4), 6);
        let period = text.find('。').unwrap();
        assert_eq!(skip_quiet(text, &stops, semicolon + 1, text.len()), period);
    }
}
