//! Indicators: quantities bound to the metric they measure, with measure, sign and role.
//!
//! "地区生产总值4610亿元左右,同比增长7.5%左右" holds two indicators of `gdp`: a level and a
//! growth rate. Binding works clause by clause inside a sentence: a quantity takes the
//! nearest catalogue alias before it in its clause; a clause that starts with a
//! continuation (同比, 比上年, 增长…) inherits the metric of the previous clause; a
//! distributive clause (分别…、…) hands its quantities to the subjects in order. Roles
//! come from the section role under the quantity and cue words (预计, 到2020年, 目标).
//!
//! What a quantity is lives in `quantity`; which sentences are targets or tasks lives
//! in `outline`. This module reads words around numbers and nothing else.

use crate::catalogue::{AliasMatch, Catalogue};
use crate::meta::ReportMeta;
use crate::outline::{Outline, SectionRole};
use crate::phrases::{Occurrences, PhraseSet};
use crate::quantity::{Qualifier, Quantity};
use crate::span::ByteSpan;
use compact_str::CompactString;
use memchr::memmem::Finder;
use serde::Serialize;
use std::cell::{Cell, OnceCell};
use std::sync::OnceLock;

/// What aspect of a metric a number gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The metric's amount: 4610亿元, 1312万人.
    Level,
    /// A percent change: 增长7.5%; a fall is negative.
    Growth,
    /// A change in percentage points: 提高3.7个百分点.
    ChangePp,
    /// A rate that is the metric itself: 失业率1.5%, 比重87%.
    Share,
    /// A number of things: 新增中小学学位1440个.
    Count,
    /// An absolute change in the metric's unit: 比2010年增加13480元.
    Change,
}

/// Whether a number reports the past, estimates it, or sets a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A past result.
    Actual,
    /// 预计: an estimate for the year just ended.
    Estimate,
    /// A target for the report's year (or, quoted in a review, for the year reviewed).
    Target,
    /// A multi-year or five-year-plan target.
    PlanTarget,
}

/// The years a value is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First year.
    pub start: i32,
    /// Last year (equal to `start` for one year).
    pub end: i32,
}

impl Period {
    /// One year.
    pub fn year(year: i32) -> Period {
        Period {
            start: year,
            end: year,
        }
    }
}

/// A number bound to what it measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    /// Catalogue id, or `None` when the metric is not in the catalogue.
    pub metric: Option<CompactString>,
    /// What is measured, as written (`区级一般公共预算收入`).
    pub metric_text: CompactString,
    /// Which aspect of the metric.
    pub measure: Measure,
    /// Signed value in `unit` (a fall is negative); `None` for a target without a number.
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// Canonical unit of `value`.
    pub unit: CompactString,
    /// How the number relates to the truth; `None` for a target without a number or
    /// qualifier (完成…任务).
    pub qualifier: Option<Qualifier>,
    /// Actual, estimate, target or plan target.
    pub role: Role,
    /// The years it is for.
    pub period: Option<Period>,
    /// Comparison base as written (`同比`, `比上年`, `比2010年`).
    pub base: Option<String>,
    /// Scope as written before the metric (`区级`, `全区`, `园区`).
    pub scope: Option<String>,
    /// Starting value of a "由…提高至…" statement, in `unit`.
    pub from_value: Option<f64>,
    /// Index of the quantity in the report's quantity list.
    pub quantity: Option<usize>,
    /// The quantity (or the phrase of a target without a number), in bytes of the text.
    pub span: ByteSpan,
    /// The sentence it stands in.
    pub sentence: ByteSpan,
}

/// Words that mark a growth rate before a percentage; the bool says a fall.
const GROWTH_WORDS: &[(&str, bool)] = &[
    ("增长", false),
    ("增速", false),
    ("增幅", false),
    ("递增", false),
    ("上涨", false),
    ("涨幅", false),
    ("上升", false),
    ("提高", false),
    ("提升", false),
    ("增加", false),
    ("扩大", false),
    ("下降", true),
    ("降低", true),
    ("减少", true),
    ("回落", true),
    ("下滑", true),
    ("缩小", true),
    ("削减", true),
    ("压缩", true),
    ("减产", true),
    ("增产", false),
];

/// Clause openers that continue the previous clause's subject.
const CONTINUATIONS: &[&str] = &[
    "同比",
    "比上年",
    "比去年",
    "较上年",
    "增长",
    "增速",
    "下降",
    "年均",
    "提高",
    "降低",
    "分别",
    "增加",
    "减少",
    "上涨",
    "占",
    "实现",
    "完成",
    "达到",
    "为",
    "控制在",
    "定为",
    "比",
    "保持在",
    "稳定在",
    "超过",
];

/// Verbs of a change from one value to another: "由A提高至B". Read both ways: A is a
/// base (`SentenceBinder::is_base_value`) and B has A as its from-value
/// (`SentenceBinder::start_value`), so one list serves both.
const CHANGE_TO: &[&str] = &[
    "提高至",
    "提高到",
    "增加到",
    "增加至",
    "上升到",
    "上升至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "降至",
    "增至",
    "提升至",
    "提升到",
    "扩大到",
    "扩大至",
    "减少到",
    "减少至",
];

/// Cues that a sentence looks back on a past period.
const PAST_CUES: &[&str] = &[
    "这五年",
    "已经",
    "现在",
    "五年来",
    "过去五年",
    "过去一年",
    "一年来",
    "去年",
    "上年",
    "近五年",
];

/// Comparison bases, which hold 去年 or 上年 without looking back on a past period:
/// removed before [`PAST_CUES`] are looked for.
const BASE_PHRASES: &[&str] = &["比去年", "比上年", "较上年"];

/// Words that put a sentence in the present or the coming year.
const PRESENT_CUES: &[&str] = &["今年", "明年"];

/// Whether `text`, once its comparison bases are removed, holds a past cue.
fn names_past(text: &str) -> bool {
    // Each base phrase holds 去年 or 上年; without them there is nothing to remove.
    let without_bases = if text.contains("去年") || text.contains("上年") {
        let mut without = text.to_string();
        for base in BASE_PHRASES {
            without = without.replace(base, "");
        }
        without
    } else {
        text.to_string()
    };
    PAST_CUES.iter().any(|c| without_bases.contains(c))
}

/// Whether `c` is a char of a past cue or of a base phrase: elsewhere no cue can span
/// it, nor the gap where a base phrase next to it was removed.
fn in_past_phrase(c: char) -> bool {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS
        .get_or_init(|| {
            PAST_CUES
                .iter()
                .chain(BASE_PHRASES)
                .flat_map(|p| p.chars())
                .collect()
        })
        .contains(&c)
}

/// The past cues without 年, which [`context_past`] looks for apart.
const PAST_CUES_WITHOUT_NIAN: &[&str] = &["已经", "现在"];

/// Whether `text` holds one of [`PAST_CUES_WITHOUT_NIAN`].
fn past_cue_without_nian(text: &str) -> bool {
    static FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    holds_any(text.as_bytes(), PAST_CUES_WITHOUT_NIAN, &FINDERS)
}

/// Whether `text` holds one of `words`, with searchers built once in `finders`
/// (`str::contains` builds one per call, which cost more than searching a sentence).
/// Bytes, so that a stretch need not start or end at a char boundary: a phrase found
/// in the bytes of UTF-8 text starts and ends at char boundaries.
fn holds_any(
    text: &[u8],
    words: &'static [&'static str],
    finders: &'static OnceLock<Vec<Finder<'static>>>,
) -> bool {
    finders
        .get_or_init(|| words.iter().map(Finder::new).collect())
        .iter()
        .any(|finder| finder.find(text).is_some())
}

/// Cues of a five-year term, looked for in the paragraph of an average.
const TERM_CUES: &[&str] = &["这五年", "五年来", "过去五年"];

/// Whether `text` (bytes of UTF-8 text, cut anywhere) holds one of [`TERM_CUES`]: each
/// holds 五年 (tested), so one search for 五年 and a look around each.
fn holds_term_cue(text: &[u8]) -> bool {
    static WUNIAN: OnceLock<Finder<'static>> = OnceLock::new();
    static CUES: OnceLock<Vec<(&[u8], usize)>> = OnceLock::new();
    let cues = CUES.get_or_init(|| {
        TERM_CUES
            .iter()
            .filter_map(|c| Some((c.as_bytes(), c.find("五年")?)))
            .collect()
    });
    WUNIAN
        .get_or_init(|| Finder::new("五年"))
        .find_iter(text)
        .any(|at| {
            cues.iter().any(|&(cue, k)| {
                at.checked_sub(k)
                    .is_some_and(|start| text[start..].starts_with(cue))
            })
        })
}

/// Whether `c` is a char of a [`TERM_CUES`] cue (tested).
fn in_term_cue(c: char) -> bool {
    matches!(c, '这' | '五' | '年' | '来' | '过' | '去')
}

/// One less than the longest [`TERM_CUES`] cue, in bytes.
fn term_reach() -> usize {
    TERM_CUES.iter().map(|c| c.len()).max().unwrap_or(1) - 1
}

/// How far [`SentenceBinder::paragraph`] has read the paragraph of the sentences bound
/// so far, so that each sentence reads only the text since the last one asked.
#[derive(Clone, Copy, Debug, Default)]
struct ParagraphScan {
    /// Where the paragraph starts.
    start: usize,
    /// Up to where it has been read.
    to: usize,
    /// Whether `start..to` holds a [`TERM_CUES`] cue.
    term: bool,
}

/// Cues that an average is over five years.
const FIVE_YEAR_CUES: &[&str] = &[
    "五年",
    "5年",
    "十一五",
    "十二五",
    "十五",
    "九五",
    "八五",
    "六五",
    "七五",
];

/// Cues that a target spans several years (a plan period), not this year.
const MULTI_YEAR_CUES: &[&str] = &["期间", "年均", "五年", "时期", "到本世纪末", "届时"];

/// Cues that a review sentence quotes last year's target ("曾提出…控制在10%以内").
const TARGET_QUOTE_CUES: &[&str] = &["目标", "曾提出", "原定", "计划"];

/// Words that report a target achieved rather than quote it.
const ACHIEVED: &[&str] = &["完成", "实现", "超过", "达到", "超额"];

/// Words naming a growth rate without its metric (涨幅仍然高达…).
const GENERIC_GROWTH: &[&str] = &["增长速度", "增速", "涨幅", "增幅", "上涨幅度"];

/// Cues that a result is an average or a total over several years.
const AVERAGE_CUES: &[&str] = &["年均", "平均每年", "累计", "这五年", "五年来", "过去五年"];

/// Comparison bases named as an indicator's base, in order of preference.
const BASE_WORDS: &[&str] = &["同比", "比上年同期", "比上年", "比去年", "较上年"];

/// Words that may stand before a continuing clause's verb without naming a new subject:
/// time spans, price adjustments, scope words ("扣除物价因素,比上年增长…").
const FILLERS: &[&str] = &[
    "扣除价格和汇率变动因素",
    "扣除物价上涨因素",
    "扣除价格上涨因素",
    "扣除物价因素",
    "扣除价格因素",
    "按可比价格计算",
    "的基础上",
    "平均每年",
    "全国平均每人",
    "平均每人",
    "实际金额",
    "按可比口径",
    "按可比价计算",
    "按可比价",
    "同口径",
    "力争",
    "争取",
    "确保",
    "努力",
    "产量",
    "每年",
    "实际",
    "全年",
    "全国",
    "去年",
    "今年",
    "人均",
    "在",
    "则",
    "也",
    "又",
];

/// `lead` without leading fillers, year spans ("1979到1983年") and spaces.
fn strip_fillers(lead: &str) -> &str {
    let mut s = lead.trim_start();
    loop {
        let before = s;
        if let Some(filler) = fillers().opening(s).map(|i| FILLERS[i]) {
            s = &s[filler.len()..];
        }
        s = strip_year_span(s).trim_start();
        if s == before {
            return s;
        }
    }
}

/// `text` without a leading "1984年", "1979到1983年" or "1979-1983年".
fn strip_year_span(text: &str) -> &str {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let first = digits(text);
    if first != 4 {
        return text;
    }
    let mut rest = &text[4..];
    for joiner in ["到", "至", "-"] {
        if let Some(after) = rest.strip_prefix(joiner) {
            if digits(after) == 4 {
                rest = &after[4..];
            }
            break;
        }
    }
    rest.strip_prefix('年').unwrap_or(text)
}

/// Words between a metric and a number that make the number a share of the metric.
const SHARE_OF: &[&str] = &["比重", "占比", "比例"];

/// Words between a metric and a number that make the number an illustration.
const ILLUSTRATION: &[&str] = &["每增长", "每提高"];

/// Verbs before a clause that give the sentence a new subject (in order of preference).
const DESIGNATION: &[&str] = &["作为", "成为"];

/// Cues that a number is an estimate.
const ESTIMATE_CUES: &[&str] = &["预计", "初步统计", "初步核算", "预期全年", "有望"];

/// Numbers of the phrase lists in [`cue_phrases`].
mod list {
    pub(super) const GROWTH_WORDS: usize = 0;
    pub(super) const ESTIMATE_CUES: usize = 1;
    pub(super) const MULTI_YEAR_CUES: usize = 2;
    pub(super) const PAST_CUES: usize = 3;
    pub(super) const BASE_PHRASES: usize = 4;
    pub(super) const PRESENT_CUES: usize = 5;
    pub(super) const TARGET_QUOTE_CUES: usize = 6;
    pub(super) const ACHIEVED: usize = 7;
    pub(super) const BASE_WORDS: usize = 8;
    pub(super) const AVERAGE_CUES: usize = 9;
    pub(super) const SEVERALLY: usize = 10;
    pub(super) const GENERIC_GROWTH: usize = 11;
    pub(super) const SHARE: usize = 12;
    pub(super) const TERM_CUES: usize = 13;
    pub(super) const SHARE_OF: usize = 14;
    pub(super) const ILLUSTRATION: usize = 15;
    pub(super) const DESIGNATION: usize = 16;
}

/// The indicators of a report ordered by where they start, so that those inside a span
/// (a task's sentence, a target's clause) are found by a binary search, not by testing
/// every indicator of the report once per span, which was quadratic in a long report.
pub(crate) struct ByStart<'a> {
    indicators: &'a [Indicator],
    /// Indices into `indicators`, by span start.
    order: Vec<usize>,
    /// The span start of each indicator of `order`, side by side: the search reads
    /// these, not the indicators.
    starts: Vec<usize>,
}

impl<'a> ByStart<'a> {
    pub(crate) fn new(indicators: &'a [Indicator]) -> ByStart<'a> {
        let mut order: Vec<usize> = (0..indicators.len()).collect();
        order.sort_by_key(|&k| indicators[k].span.start);
        let starts = order.iter().map(|&k| indicators[k].span.start).collect();
        ByStart {
            indicators,
            order,
            starts,
        }
    }

    /// Indices into the indicators of those whose span lies in `span`, by span start.
    pub(crate) fn within(&self, span: ByteSpan) -> impl Iterator<Item = usize> + '_ {
        let from = self.starts.partition_point(|&start| start < span.start);
        self.starts[from..]
            .iter()
            .zip(&self.order[from..])
            .take_while(move |&(&start, _)| start <= span.end)
            .map(|(_, &k)| k)
            .filter(move |&k| span.contains(self.indicators[k].span))
    }
}

/// The phrase lists asked of every quantity's lead, numbered as in [`list`].
fn cue_phrases() -> &'static PhraseSet {
    static SET: OnceLock<PhraseSet> = OnceLock::new();
    SET.get_or_init(|| {
        let growth_words: Vec<&str> = GROWTH_WORDS.iter().map(|(w, _)| *w).collect();
        PhraseSet::new(&[
            &growth_words,
            ESTIMATE_CUES,
            MULTI_YEAR_CUES,
            PAST_CUES,
            BASE_PHRASES,
            PRESENT_CUES,
            TARGET_QUOTE_CUES,
            ACHIEVED,
            BASE_WORDS,
            AVERAGE_CUES,
            &["分别"],
            GENERIC_GROWTH,
            &["比重"],
            TERM_CUES,
            SHARE_OF,
            ILLUSTRATION,
            DESIGNATION,
        ])
    })
}

/// Binds every quantity of a report to what it measures.
pub fn bind(
    text: &str,
    outline: &Outline,
    meta: &ReportMeta,
    quantities: &[Quantity],
    catalogue: &Catalogue,
) -> Vec<Indicator> {
    // Most quantities give one indicator.
    let mut indicators = Vec::with_capacity(quantities.len());
    let mut in_sentence: Vec<usize> = Vec::new();
    let mut q_idx = 0;
    let paragraphs = Cell::new(ParagraphScan::default());
    let mut previous = ByteSpan::default();
    for sentence in &outline.sentences {
        // The sentence before, when it stands in the same paragraph: "过去一年,我们…。
        // 国内生产总值增长10.3%" reports results although the cue is one sentence back.
        let context = if text[previous.end..sentence.span.start].contains('\n') {
            ByteSpan::new(sentence.span.start, sentence.span.start)
        } else {
            previous
        };
        previous = sentence.span;
        let first = q_idx;
        while q_idx < quantities.len() && quantities[q_idx].span.start < sentence.span.end {
            q_idx += 1;
        }
        if first == q_idx {
            continue;
        }
        in_sentence.clear();
        in_sentence.extend((first..q_idx).filter(|&i| sentence.span.contains(quantities[i].span)));
        if in_sentence.is_empty() {
            continue;
        }
        let binder = SentenceBinder::new(
            text,
            sentence.span,
            context,
            &paragraphs,
            catalogue,
            outline,
            meta,
        );
        binder.bind(quantities, &in_sentence, &mut indicators);
    }
    indicators
}

/// Binding state for one sentence.
struct SentenceBinder<'a> {
    text: &'a str,
    sentence: ByteSpan,
    catalogue: &'a Catalogue,
    outline: &'a Outline,
    meta: &'a ReportMeta,
    /// Alias matches inside the sentence, in absolute offsets.
    aliases: Vec<AliasMatch>,
    /// The previous sentence of the same paragraph (empty at a paragraph start).
    context: ByteSpan,
    /// The cue phrases of [`cue_phrases`] in the sentence, found in one scan, so that
    /// each quantity's questions about its lead are answered without searching again.
    cues: Occurrences,
    /// Whether the context, read as in [`SentenceBinder::role`], names a past period,
    /// when that can be told apart from the lead (see [`in_past_phrase`]); `None` when
    /// the two must be read joined. Set when first asked: most quantities are placed
    /// without it.
    context_past: OnceCell<Option<bool>>,
    /// The years written in the sentence: for each 年 after four digits 19xx or 20xx,
    /// the offset of the digits, the year and whether a digit stands right before them;
    /// by offset.
    years: Vec<(usize, i32, bool)>,
    /// Where the sentence's paragraph starts (after the last line break before it), and
    /// whether the paragraph before the sentence holds a [`TERM_CUES`] cue; set when
    /// first asked.
    paragraph: OnceCell<(usize, bool)>,
    /// The paragraph as read for the sentences before, shared by their binders.
    paragraphs: &'a Cell<ParagraphScan>,
}

impl<'a> SentenceBinder<'a> {
    fn new(
        text: &'a str,
        sentence: ByteSpan,
        context: ByteSpan,
        paragraphs: &'a Cell<ParagraphScan>,
        catalogue: &'a Catalogue,
        outline: &'a Outline,
        meta: &'a ReportMeta,
    ) -> SentenceBinder<'a> {
        let aliases = catalogue
            .find_all(sentence.of(text))
            .into_iter()
            .map(|m| AliasMatch {
                start: m.start + sentence.start,
                end: m.end + sentence.start,
                ..m
            })
            .collect();
        SentenceBinder {
            text,
            sentence,
            catalogue,
            outline,
            meta,
            aliases,
            context,
            cues: cue_phrases().occurrences(sentence.of(text)),
            context_past: OnceCell::new(),
            years: years_in(text, sentence),
            paragraph: OnceCell::new(),
            paragraphs,
        }
    }

    /// Whether the context and the sentence up to `end`, comparison bases removed, name
    /// a past period: `names_past` of the two joined, asked of the context once per
    /// sentence and of the lead from the sentence's cue scan.
    fn looks_back_to(&self, end: usize) -> bool {
        let lead = &self.text[self.sentence.start..end];
        let context_past = *self
            .context_past
            .get_or_init(|| context_past(self.context.of(self.text)));
        let Some(context_past) = context_past else {
            let context = present_context(self.context.of(self.text));
            return names_past(&format!("{context}{lead}"));
        };
        if context_past {
            return true;
        }
        let (start, end) = (0, end - self.sentence.start);
        names_past_in(
            lead,
            self.cues
                .of_list_within(cue_phrases(), list::PAST_CUES, start, end),
            self.cues
                .of_list_within(cue_phrases(), list::BASE_PHRASES, start, end),
        )
    }

    /// Whether the sentence up to `end` quotes a target set earlier ("去年…曾提出,要把…
    /// 控制在10%以内") rather than reporting that it was achieved ("全面实现年初确定的
    /// 主要目标,国内生产总值增长7.8%").
    fn quotes_target(&self, end: usize) -> bool {
        let lead = &self.text[self.sentence.start..end];
        // The rightmost cue (`rfind` of each).
        let Some((at, _)) = self
            .cues_at(list::TARGET_QUOTE_CUES, self.sentence.start, end)
            .map(|(k, at, _)| (at, TARGET_QUOTE_CUES[k]))
            .max()
        else {
            return false;
        };
        let window_start = lead[..at]
            .char_indices()
            .rev()
            .nth(11)
            .map_or(0, |(i, _)| i);
        !self.holds(list::ACHIEVED, self.sentence.start + window_start, end)
    }

    /// `last_year_in(&text[start..end])` for a stretch of the sentence, from the years
    /// found in it once.
    fn last_year_between(&self, start: usize, end: usize) -> Option<i32> {
        self.years
            .iter()
            .rev()
            .filter(|&&(at, _, _)| at >= start && at + 4 + '年'.len_utf8() <= end)
            .find(|&&(at, _, digit_before)| at == start || !digit_before)
            .map(|&(_, year, _)| year)
    }

    /// Whether `text[start..end]` (inside the sentence) holds a phrase of list `list`.
    fn holds(&self, list: usize, start: usize, end: usize) -> bool {
        let from = self.sentence.start;
        self.cues
            .any_within(cue_phrases(), list, start - from, end - from)
    }

    /// Every occurrence in `text[start..end]` (inside the sentence) of a phrase of
    /// list `list` (whose phrases are distinct, tested), as (index in the list, offset
    /// from `start`, length). The first phrase in list order at its leftmost is their
    /// `min()`, the rightmost occurrence of any their `max()` by offset.
    fn cues_at(
        &self,
        list: usize,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let from = self.sentence.start;
        self.cues
            .indexed_within(cue_phrases(), list, start - from, end - from)
    }

    /// The clause around `at`: bounded by `,;:。!?` (not by `、`, which joins lists).
    fn clause_start(&self, at: usize) -> usize {
        clause_start_in(&self.text.as_bytes()[self.sentence.start..at]) + self.sentence.start
    }

    fn bind(&self, quantities: &[Quantity], in_sentence: &[usize], out: &mut Vec<Indicator>) {
        // The subject of the previous clause, for clauses that continue it.
        let mut carried: Option<AliasMatch> = None;
        // End of the last number bound to no catalogue metric: a subject we do not know
        // took over there, so aliases before it are not inherited.
        let mut unbound_until = self.sentence.start;
        // The subjects of the last distributive run, which a following "分别同比增长…"
        // clause refers to again.
        let mut group: Vec<AliasMatch> = Vec::new();
        let mut i = 0;
        while i < in_sentence.len() {
            let q = &quantities[in_sentence[i]];
            let clause_start = self.clause_start(q.span.start);
            // A distributive run: 分别 before the first quantity, then 、-separated numbers.
            let run = self.distributive_run(quantities, in_sentence, i, clause_start);
            let head_names_none = !self
                .aliases
                .iter()
                .any(|a| a.start >= clause_start && a.end <= q.span.start);
            if run.len() > 1 {
                let subjects = if head_names_none && group.len() == run.len() {
                    Some(group.iter().map(|a| Some(*a)).collect())
                } else {
                    self.distributive_subjects(clause_start, q.span.start, run.len())
                };
                group = subjects.iter().flatten().flatten().copied().collect();
                for (k, &qi) in run.iter().enumerate() {
                    let subject = subjects.as_ref().and_then(|s| s[k]);
                    out.push(self.indicator(&quantities[qi], qi, clause_start, subject));
                }
                carried = subjects
                    .and_then(|s| s.into_iter().flatten().last())
                    .or(carried);
                i += run.len();
                continue;
            }
            let own = self
                .aliases
                .iter()
                .rev()
                .find(|a| a.start >= clause_start && a.end <= q.span.start)
                .copied();
            let subject = match own {
                Some(alias) => Some(alias),
                None if self.continues(clause_start, q.span.start) && !self.modifies_noun(q) => {
                    // The rightmost 作为, else the rightmost 成为.
                    let mut rightmost = [None; 2];
                    for (k, at, _) in
                        self.cues_at(list::DESIGNATION, self.sentence.start, clause_start)
                    {
                        rightmost[k] = Some(at);
                    }
                    let resubjected = rightmost[0].or(rightmost[1]).is_some_and(|at| {
                        carried.is_some_and(|c| c.end <= self.sentence.start + at)
                    });
                    if resubjected {
                        None
                    } else {
                        carried.or_else(|| self.inherited(clause_start, unbound_until))
                    }
                }
                None => None,
            };
            let subject = subject
                .filter(|a| self.compatible(a, q, clause_start))
                .filter(|a| !self.catalogue.metric(a.metric).is_placeholder())
                .or_else(|| self.subject_after(q))
                .or_else(|| self.subject_from_context(clause_start, q))
                .or_else(|| self.share_subject(clause_start, q.span.start));
            // "地区生产总值和城乡居民收入年均增速超过10%", "城镇…、农村…收入均增长8%":
            // joined subjects share the number.
            let lead = &self.text[clause_start..q.span.start];
            let severally = self.holds(list::SEVERALLY, clause_start, q.span.start);
            let shared = lead.contains('均') || severally;
            if let Some(partner) = own.and_then(|a| self.joined_before(a, shared)) {
                if self.units_agree(&partner, q) {
                    out.push(self.indicator(q, in_sentence[i], clause_start, Some(partner)));
                }
            }
            // "…分别达35512元、25689元,分别同比增长7.8%": one number for each subject of the
            // run before.
            if head_names_none && group.len() > 1 && severally {
                for subject in group.clone() {
                    out.push(self.indicator(q, in_sentence[i], clause_start, Some(subject)));
                }
                i += 1;
                continue;
            }
            // "城乡居民人均可支配收入分别增长7.5%": one number for the urban and the rural
            // income.
            if let Some([urban, rural]) =
                subject.and_then(|a| self.urban_rural_pair(a, clause_start))
            {
                out.push(self.indicator(q, in_sentence[i], clause_start, Some(urban)));
                out.push(self.indicator(q, in_sentence[i], clause_start, Some(rural)));
                carried = Some(rural);
                i += 1;
                continue;
            }
            let indicator = self.indicator(q, in_sentence[i], clause_start, subject);
            if own.is_some() || subject.is_none() {
                carried = subject;
            }
            // A duration ("连续四年增产") names no subject of its own.
            if subject.is_none()
                && !matches!(
                    q.unit.as_str(),
                    "year" | "month" | "day" | "quarter" | "week"
                )
            {
                unbound_until = q.span.end;
            }
            out.push(indicator);
            i += 1;
        }
    }

    /// The quantities (a stretch of `in_sentence`) of a distributive run starting at
    /// `i`, or just `i`.
    fn distributive_run<'s>(
        &self,
        quantities: &[Quantity],
        in_sentence: &'s [usize],
        i: usize,
        clause_start: usize,
    ) -> &'s [usize] {
        let q = &quantities[in_sentence[i]];
        let mut len = 1;
        let mut end = q.span.end;
        for &next in &in_sentence[i + 1..] {
            let gap = &self.text[end..quantities[next].span.start];
            if gap.is_empty() || gap.chars().any(|c| !matches!(c, '、' | '和' | '及' | ' ')) {
                break;
            }
            len += 1;
            end = quantities[next].span.end;
        }
        let mut run = &in_sentence[i..i + len];
        // "增长8.4%和11.4%" distributes like "分别增长8.4%、11.4%" when the clause names
        // no subject of its own before the numbers, or names at least as many.
        if run.len() > 1 && !self.holds(list::SEVERALLY, clause_start, q.span.start) {
            let own = self
                .aliases
                .iter()
                .filter(|a| a.start >= clause_start && a.end <= q.span.start)
                .count();
            if own != 0 && own < run.len() {
                run = &run[..1];
            }
        }
        run
    }

    /// The subjects of a distributive clause, one per number (`None` where an item
    /// names no catalogue metric): the 、-separated items before 分别 when they are as
    /// many as the numbers, else the last `n` aliases, or an urban/rural pair written
    /// 城、乡 before one income alias.
    fn distributive_subjects(
        &self,
        clause_start: usize,
        first_q: usize,
        n: usize,
    ) -> Option<Vec<Option<AliasMatch>>> {
        let lead = &self.text[clause_start..first_q];
        let head_end = clause_start + lead.find("分别").unwrap_or(lead.len());
        let in_head: Vec<AliasMatch> = self
            .aliases
            .iter()
            .filter(|a| a.start >= clause_start && a.end <= head_end)
            .copied()
            .collect();
        let head = &self.text[clause_start..head_end];
        if n == 2 {
            if let Some(pair) = in_head
                .last()
                .and_then(|a| self.urban_rural_pair(*a, clause_start))
            {
                return Some(pair.map(Some).to_vec());
            }
        }
        let mut items = Vec::new();
        let mut start = clause_start;
        for (i, c) in head.char_indices().filter(|(_, c)| *c == '、') {
            items.push((start, clause_start + i));
            start = clause_start + i + c.len_utf8();
        }
        items.push((start, head_end));
        if items.len() == n {
            let per_item = items
                .iter()
                .map(|&(s, e)| {
                    in_head
                        .iter()
                        .rev()
                        .find(|a| a.start >= s && a.end <= e)
                        .copied()
                })
                .collect();
            return Some(per_item);
        }
        if in_head.len() >= n {
            return Some(
                in_head[in_head.len() - n..]
                    .iter()
                    .map(|a| Some(*a))
                    .collect(),
            );
        }
        // "化学需氧量、二氧化硫排放总量…,比上年分别下降3.14%和4.66%": the previous clause
        // lists as many subjects as there are numbers.
        if in_head.is_empty() {
            // Back over the delimiter that opens this clause (。 is three bytes).
            let delimiter = self.text[..clause_start]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            let previous_start = self.clause_start(
                clause_start
                    .saturating_sub(delimiter)
                    .max(self.sentence.start),
            );
            let previous = &self.text[previous_start..clause_start];
            let items: Vec<(usize, usize)> = split_items(previous, previous_start);
            if items.len() == n && previous_start < clause_start {
                return Some(
                    items
                        .iter()
                        .map(|&(s, e)| {
                            self.aliases
                                .iter()
                                .rev()
                                .find(|a| a.start >= s && a.end <= e)
                                .copied()
                        })
                        .collect(),
                );
            }
        }
        // "进出口总额达4743亿美元,其中出口2492亿美元,分别比1995年增长69%和67%": the
        // subjects were named in earlier clauses of the sentence.
        let earlier: Vec<AliasMatch> = self
            .aliases
            .iter()
            .filter(|a| a.end <= clause_start)
            .copied()
            .collect();
        (in_head.is_empty() && earlier.len() >= n).then(|| {
            earlier[earlier.len() - n..]
                .iter()
                .map(|a| Some(*a))
                .collect()
        })
    }

    /// The alias joined to `alias` by 和/与/及 right before it ("A和B增长…"), or by 、
    /// when the clause says the number is `shared` (均, 分别), if any.
    fn joined_before(&self, alias: AliasMatch, shared: bool) -> Option<AliasMatch> {
        self.aliases
            .iter()
            .rev()
            .find(|a| a.end <= alias.start)
            .filter(|a| match &self.text[a.end..alias.start] {
                "和" | "与" | "及" => true,
                "、" => shared,
                _ => false,
            })
            .filter(|a| a.metric != alias.metric)
            .copied()
    }

    /// "涨幅仍然高达百分之二十一点七": a clause naming only a growth rate refers to the
    /// metric of the previous sentence in the paragraph.
    fn subject_from_context(&self, clause_start: usize, q: &Quantity) -> Option<AliasMatch> {
        let generic = self.holds(list::GENERIC_GROWTH, clause_start, q.span.start);
        if !generic || self.context.is_empty() || !matches!(q.unit.as_str(), "percent" | "") {
            return None;
        }
        let found = self.catalogue.find_all(self.context.of(self.text));
        let last = found.last()?;
        let metric = self.catalogue.metric(last.metric);
        (!metric.is_rate() && !metric.is_placeholder()).then_some(AliasMatch {
            start: self.context.start + last.start,
            end: self.context.start + last.end,
            ..*last
        })
    }

    /// A metric named right after the number: "完成1000万以上农村贫困人口脱贫任务".
    fn subject_after(&self, q: &Quantity) -> Option<AliasMatch> {
        self.aliases.iter().find(|a| a.start == q.span.end).copied()
    }

    /// "服务业在国内生产总值中的比重上升到50.5%": the share of the words before 在,
    /// looked up as "服务业比重" in the catalogue.
    fn share_subject(&self, clause_start: usize, at: usize) -> Option<AliasMatch> {
        let lead = &self.text[clause_start..at];
        if !self.holds(list::SHARE, clause_start, at) {
            return None;
        }
        let subject_end = lead.find('在').or_else(|| lead.find('占'))?;
        let candidate = format!("{}比重", lead[..subject_end].trim());
        let found = self.catalogue.find_all(&candidate);
        let whole = found.iter().find(|m| m.end == candidate.len())?;
        Some(AliasMatch {
            metric: whole.metric,
            start: clause_start,
            end: clause_start + subject_end,
        })
    }

    /// The urban and rural income metrics, when `alias` is an income written for both:
    /// "城乡居民…收入", "城、乡居民…", "城镇和农村居民…".
    fn urban_rural_pair(&self, alias: AliasMatch, clause_start: usize) -> Option<[AliasMatch; 2]> {
        let id = self.catalogue.metric(alias.metric).id.as_str();
        if !matches!(
            id,
            "per_capita_disposable_income" | "rural_per_capita_disposable_income"
        ) {
            return None;
        }
        let from = clause_start
            .min(alias.start)
            .max(self.sentence.start.min(alias.start));
        let before = &self.text[from..alias.start];
        let written = alias_text(self.text, alias);
        let both = written.starts_with("城乡")
            || ["城乡", "城、乡", "城镇和", "城镇与"]
                .iter()
                .any(|w| before.ends_with(w))
            || (before.ends_with("城乡常住") || before.ends_with("城乡居民"));
        if !both {
            return None;
        }
        let urban = self.metric_index("urban_per_capita_disposable_income")?;
        let rural = self.metric_index("rural_per_capita_disposable_income")?;
        Some([
            AliasMatch {
                metric: urban,
                ..alias
            },
            AliasMatch {
                metric: rural,
                ..alias
            },
        ])
    }

    fn metric_index(&self, id: &str) -> Option<usize> {
        self.catalogue.metrics().iter().position(|m| m.id == id)
    }

    /// True when the clause before `at` only continues the previous clause's subject.
    fn continues(&self, clause_start: usize, at: usize) -> bool {
        let lead = strip_fillers(&self.text[clause_start..at]);
        lead.is_empty() || opens_continuation(lead)
    }

    /// True when the number is an attribute of the noun after it ("约1亿人居住的棚户区"):
    /// then it does not measure the subject of an earlier clause.
    fn modifies_noun(&self, q: &Quantity) -> bool {
        let after = &self.text[q.span.end..self.sentence.end];
        after
            .chars()
            .next()
            .is_some_and(|c| is_cjk(c) && !"和与及或的".contains(c))
    }

    /// The subject a continuing clause inherits: the nearest alias before it in the
    /// sentence, unless a number about something else stands in between.
    fn inherited(&self, clause_start: usize, unbound_until: usize) -> Option<AliasMatch> {
        self.aliases
            .iter()
            .rev()
            .find(|a| a.end <= clause_start)
            .filter(|a| a.end >= unbound_until)
            .copied()
    }

    /// Whether the unit of `q` can measure the metric of `alias`.
    fn units_agree(&self, alias: &AliasMatch, q: &Quantity) -> bool {
        let metric = self.catalogue.metric(alias.metric);
        match q.unit.as_str() {
            "percent" | "percentage_point" | "permille" | "times" | "" => true,
            unit => unit_family(unit) == unit_family(&metric.unit),
        }
    }

    /// Whether `alias` can be what `q` measures: units must agree, and a share "of"
    /// the metric (占地区生产总值的比重) is not the metric itself.
    fn compatible(&self, alias: &AliasMatch, q: &Quantity, clause_start: usize) -> bool {
        let metric = self.catalogue.metric(alias.metric);
        let between_start = alias.end.max(clause_start);
        let between = &self.text[between_start..q.span.start];
        if !metric.is_rate() && self.holds(list::SHARE_OF, between_start, q.span.start) {
            return false;
        }
        // "2300元(2010年不变价)作为新的国家扶贫标准": the number is designated as something
        // else.
        let after = &self.text[q.span.end..self.sentence.end];
        let after = after
            .strip_prefix('(')
            .map_or(after, |a| a.split_once(')').map_or(a, |(_, rest)| rest));
        if after.starts_with("作为") {
            return false;
        }
        // "对经济增长的贡献率": the alias only modifies another noun. "每增长1个百分点":
        // an illustration, not a fact.
        if between.starts_with('的') || self.holds(list::ILLUSTRATION, between_start, q.span.start)
        {
            return false;
        }
        // "A增长3%、B增长4%": after an enumeration comma a new subject takes over unless
        // the item only continues the old one ("、同比增长…").
        if let Some(dun) = between.rfind('、') {
            let item = between[dun + '、'.len_utf8()..].trim_start();
            let continues = opens_continuation(item);
            if !item.is_empty() && !continues && item.chars().next().is_some_and(is_cjk) {
                return false;
            }
        }
        // A carried subject stands in an earlier clause: nothing of this clause precedes it.
        let before = &self.text[clause_start.min(alias.start)..alias.start];
        if !metric.is_rate() && before.ends_with('占') {
            return false;
        }
        self.units_agree(alias, q)
    }

    fn indicator(
        &self,
        q: &Quantity,
        q_index: usize,
        clause_start: usize,
        subject: Option<AliasMatch>,
    ) -> Indicator {
        let metric = subject.map(|a| self.catalogue.metric(a.metric));
        // A subject written after the number (subject_after) leaves the whole clause as lead.
        let lead_start = subject
            .map_or(clause_start, |a| a.end.max(clause_start))
            .min(q.span.start);
        let lead = &self.text[lead_start..q.span.start];
        // The rightmost growth word (`rfind` of each), from the sentence's cue scan.
        let growth_word = self
            .cues_at(list::GROWTH_WORDS, lead_start, q.span.start)
            .map(|(k, at, _)| (at, GROWTH_WORDS[k].0, GROWTH_WORDS[k].1))
            .max();
        let falls = growth_word.is_some_and(|(_, _, fall)| fall);
        let to_level = growth_word.is_some_and(|(at, w, _)| {
            let after = &lead[at + w.len()..];
            after.starts_with('到') || after.starts_with('至')
        });
        // "削减财政赤字450亿元": the verb before the metric makes the number a change.
        let change_before = subject.and_then(|a| {
            let end = a.start.min(q.span.start);
            let before = &self.text[self.sentence.start.min(end)..end];
            growth_words().closing(before).map(|i| GROWTH_WORDS[i].1)
        });
        let falls = falls || change_before == Some(true);
        let measure = match q.unit.as_str() {
            _ if change_before.is_some()
                && !matches!(q.unit.as_str(), "percent" | "percentage_point") =>
            {
                Measure::Change
            }
            "percentage_point" => Measure::ChangePp,
            "percent" | "permille" => {
                if (growth_word.is_some() && !to_level) || metric.is_some_and(|m| !m.is_rate()) {
                    Measure::Growth
                } else {
                    Measure::Share
                }
            }
            // 增长1.71倍 is growth in multiples; 翻两番 (no growth word) a change as a
            // multiple of a base year's level.
            "times" if growth_word.is_some() => Measure::Growth,
            "times" => Measure::Change,
            _ if growth_word.is_some() && !to_level && lead.ends_with(growth_word.unwrap().1) => {
                Measure::Change
            }
            "item" => Measure::Count,
            _ => Measure::Level,
        };
        let sign = if falls
            && !to_level
            && matches!(
                measure,
                Measure::Growth | Measure::ChangePp | Measure::Change
            ) {
            -1.0
        } else {
            1.0
        };
        let (role, period) = self.role(q, clause_start);
        let scope = subject.and_then(|a| self.scope_before(a.start));
        let metric_text = match subject {
            Some(a) => {
                let start = scope.map_or(a.start, |s| a.start - s.len());
                CompactString::new(&self.text[start..a.end])
            }
            None => CompactString::new(bare_subject(&self.text[clause_start..q.span.start])),
        };
        Indicator {
            metric: metric.map(|m| CompactString::new(&m.id)),
            metric_text,
            measure,
            value: Some(sign * q.value),
            low: q.low.map(|v| sign * v),
            high: q.high.map(|v| sign * v),
            unit: q.unit.clone(),
            // "控制在4%": holding something within a number is a ceiling.
            qualifier: Some(
                if q.qualifier == Qualifier::Exact && lead.trim_end().ends_with("控制在") {
                    Qualifier::AtMost
                } else {
                    q.qualifier
                },
            ),
            role,
            period,
            base: self.base(clause_start, q.span.start),
            scope: scope.map(String::from),
            from_value: self.start_value(q, clause_start),
            quantity: Some(q_index),
            span: q.span,
            sentence: self.sentence,
        }
    }

    /// A scope word written right before the alias at `alias_start`.
    fn scope_before(&self, alias_start: usize) -> Option<&'a str> {
        let before = &self.text[self.sentence.start.min(alias_start)..alias_start];
        static ENDS: OnceLock<WordEnds> = OnceLock::new();
        let ends = ENDS.get_or_init(|| WordEnds::new(SCOPE_WORDS.iter().copied()));
        ends.closing(before).map(|i| SCOPE_WORDS[i])
    }

    fn base(&self, clause_start: usize, at: usize) -> Option<String> {
        let lead = &self.text[clause_start..at];
        // The first of the base words, in their order, that the clause holds.
        if let Some((_, at, len)) = self.cues_at(list::BASE_WORDS, clause_start, at).min() {
            return Some(lead[at..at + len].to_string());
        }
        let at = lead.find('比')?;
        let rest = &lead[at..];
        let year_end = rest.find('年')?;
        let candidate = &rest[..year_end + '年'.len_utf8()];
        (candidate.chars().count() <= 7).then(|| candidate.to_string())
    }

    /// For "由A提高至B", the value A when `q` is B.
    fn start_value(&self, q: &Quantity, clause_start: usize) -> Option<f64> {
        let lead = &self.text[clause_start..q.span.start];
        static ENDS: OnceLock<WordEnds> = OnceLock::new();
        let ends = ENDS.get_or_init(|| WordEnds::new(CHANGE_TO.iter().copied()));
        let to = CHANGE_TO[ends.closing(lead)?];
        let from_part = &lead[..lead.len() - to.len()];
        let from_at = from_part.rfind('由').or_else(|| from_part.rfind('从'))?;
        let number: String = from_part[from_at..]
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let base = number.parse::<f64>().ok()?;
        // The from-value is written in the same unit text as the to-value.
        let same_unit = from_part[from_at..].contains(q.unit_text.as_str());
        same_unit.then_some(base * q.multiplier)
    }

    /// Whether `q` is the base a change is measured from: "由[2014年的]X提高至…" or
    /// "比2014年(X)下降…". A base is a past actual whatever section it stands in.
    fn is_base_value(&self, q: &Quantity, clause_start: usize) -> bool {
        let before = &self.text[clause_start..q.span.start];
        let after = &self.text[q.span.end..self.sentence.end];
        // Between 由/从 and the number only a year or a per-head word may stand.
        let from_at = before.rfind(['由', '从']);
        let from_to = from_at.is_some_and(|at| {
            let gap = &before[at + '由'.len_utf8()..];
            gap.is_empty()
                || gap.ends_with("年的")
                || ["人均", "每人", "上年的", "去年的"].contains(&gap)
        }) && CHANGE_TO.iter().any(|w| after.starts_with(w));
        let parenthesized = before.ends_with("年(") && after.starts_with(')');
        from_to || parenthesized
    }

    /// Where the sentence's paragraph starts, and whether the paragraph before the
    /// sentence holds a [`TERM_CUES`] cue: found once per sentence.
    fn paragraph(&self) -> (usize, bool) {
        *self.paragraph.get_or_init(|| {
            let bytes = &self.text.as_bytes()[..self.sentence.start];
            let mut scan = self.paragraphs.get();
            if scan.to > bytes.len() {
                scan = ParagraphScan::default();
            }
            if let Some(at) = memchr::memrchr(b'\n', &bytes[scan.to..]) {
                let start = scan.to + at + 1;
                scan = ParagraphScan {
                    start,
                    to: start,
                    term: false,
                };
            }
            if !scan.term {
                // A cue across `to` begins less than its length before it.
                let from = scan.start.max(scan.to.saturating_sub(term_reach()));
                scan.term = holds_term_cue(&bytes[from..]);
            }
            scan.to = bytes.len();
            self.paragraphs.set(scan);
            (scan.start, scan.term)
        })
    }

    /// The paragraph up to the end of `lead` (a paragraph opener such as "这五年,…" frames
    /// every sentence after it).
    fn paragraph_lead(&self, lead: &str) -> &'a str {
        &self.text[self.paragraph().0..self.sentence.start + lead.len()]
    }

    /// Whether the paragraph up to `lead_end` holds a [`TERM_CUES`] cue: the paragraph
    /// before the sentence (asked once), the sentence up to `lead_end` (from its cue
    /// scan) or a cue across the sentence's start.
    fn paragraph_names_term(&self, lead_end: usize) -> bool {
        let (start, before) = self.paragraph();
        if before || self.holds(list::TERM_CUES, self.sentence.start, lead_end) {
            return true;
        }
        // A cue across the start begins less than its length before it and ends less
        // than its length after it.
        // None does when the char before the start is in no cue (the 。 or line break
        // before most sentences).
        let across = self.text[start..self.sentence.start]
            .chars()
            .next_back()
            .is_some_and(in_term_cue);
        let from = start.max(self.sentence.start.saturating_sub(term_reach()));
        let to = lead_end.min(self.sentence.start + term_reach());
        across && holds_term_cue(&self.text.as_bytes()[from..to])
    }

    /// The period of a result ending in `end`: one year, or five for an average over a
    /// five-year term ("这五年…年均增长9.3%").
    fn result_period(&self, lead_end: usize, end: Option<i32>) -> Option<Period> {
        let end = end?;
        let lead = &self.text[self.sentence.start..lead_end];
        // Averages and totals over a five-year term ("这五年…城镇新增就业5771万人").
        // Most results are neither, so the paragraph is searched only when needed.
        static FIVE_YEAR_FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
        let average = self.holds(list::AVERAGE_CUES, self.sentence.start, lead_end)
            || (self
                .last_year_between(self.sentence.start, lead_end)
                .is_none()
                && self.paragraph_names_term(lead_end));
        if !average {
            return Some(Period::year(end));
        }
        let context = format!("{}{lead}", self.context.of(self.text));
        let five_years = holds_any(context.as_bytes(), FIVE_YEAR_CUES, &FIVE_YEAR_FINDERS)
            || holds_any(
                self.paragraph_lead(lead).as_bytes(),
                FIVE_YEAR_CUES,
                &FIVE_YEAR_FINDERS,
            );
        Some(if five_years {
            Period {
                start: end - 4,
                end,
            }
        } else {
            Period::year(end)
        })
    }

    /// Role and period of `q` from the section role and cue words.
    fn role(&self, q: &Quantity, clause_start: usize) -> (Role, Option<Period>) {
        let section = self.outline.role_at(q.span.start);
        let clause = &self.text[clause_start..q.span.start];
        let year = self.meta.year;
        let review_year = self.meta.review_year.or(year.map(|y| y - 1));
        if self.is_base_value(q, clause_start) {
            let after_from = clause.rsplit(['由', '从', '比']).next().unwrap_or("");
            let stated = self.last_year_between(q.span.start - after_from.len(), q.span.start);
            return (Role::Actual, stated.map(Period::year));
        }
        let stated_year = self
            .last_year_between(clause_start, q.span.start)
            .or_else(|| self.last_year_between(self.sentence.start, q.span.start));
        if let (Some(stated), Some(year)) = (stated_year, year) {
            if stated > year {
                return (Role::PlanTarget, Some(Period::year(stated)));
            }
        }
        let plan_end = self.meta.plan_period.as_ref().map(|p| p.end);
        let estimate = self.holds(list::ESTIMATE_CUES, self.sentence.start, q.span.start);
        let quotes_target = self.quotes_target(q.span.start);
        let in_review = matches!(
            section,
            SectionRole::Review | SectionRole::Problems | SectionRole::Other
        );
        if quotes_target && in_review {
            return (Role::Target, review_year.map(Period::year));
        }
        // A past period named in the sentence ("五年来", "去年") makes a result, wherever
        // the sentence stands: plan explanations and task sections look back too.
        let looks_back = !self.holds(list::PRESENT_CUES, clause_start, q.span.start)
            && self.looks_back_to(q.span.start);
        if looks_back {
            let role = if estimate {
                Role::Estimate
            } else {
                Role::Actual
            };
            return (
                role,
                self.result_period(q.span.start, stated_year.or(review_year)),
            );
        }
        let multi_year = self.holds(list::MULTI_YEAR_CUES, self.sentence.start, q.span.start);
        match section {
            SectionRole::Targets | SectionRole::Requirements => {
                if multi_year {
                    (Role::PlanTarget, plan_end.map(Period::year))
                } else {
                    (Role::Target, year.map(Period::year))
                }
            }
            SectionRole::Tasks | SectionRole::GovernmentSelfBuilding | SectionRole::Plan => {
                if multi_year || section == SectionRole::Plan {
                    (Role::PlanTarget, plan_end.map(Period::year))
                } else {
                    (Role::Target, year.map(Period::year))
                }
            }
            SectionRole::Review | SectionRole::Problems | SectionRole::Other => {
                if estimate {
                    (Role::Estimate, review_year.map(Period::year))
                } else {
                    (
                        Role::Actual,
                        self.result_period(q.span.start, stated_year.or(review_year)),
                    )
                }
            }
        }
    }
}

/// The context as [`SentenceBinder::role`] reads it: none when it speaks of the
/// present or coming year.
fn present_context(context: &str) -> &str {
    if PRESENT_CUES.iter().any(|c| context.contains(c)) {
        ""
    } else {
        context
    }
}

/// `names_past(text)`, from where the past cues and the base phrases occur in `text`
/// (byte ranges, overlapping ones included).
fn names_past_in(
    text: &str,
    past: impl IntoIterator<Item = (usize, usize)>,
    bases: impl IntoIterator<Item = (usize, usize)> + Clone,
) -> bool {
    // A base phrase next to a char of a cue or of another base phrase: its removal
    // could join a new cue, so the text is read as written.
    let joins = bases.clone().into_iter().any(|(s, e)| {
        text[..s].chars().next_back().is_some_and(in_past_phrase)
            || text[e..].chars().next().is_some_and(in_past_phrase)
    });
    if joins {
        return names_past(text);
    }
    // Otherwise removing the bases removes exactly the cues inside them.
    past.into_iter().any(|(s, e)| {
        !bases
            .clone()
            .into_iter()
            .any(|(base_start, base_end)| s < base_end && base_start < e)
    })
}

/// Whether `context`, read as [`SentenceBinder::role`] reads it ([`present_context`]),
/// names a past period on its own, when it ends in a char outside every past cue and
/// base phrase (a sentence's closing 。): then nothing spans from it into the sentence
/// after, and it can be judged once. `None` otherwise.
///
/// Contexts are whole sentences, most without a quantity, so they are not scanned for
/// phrases: the present cues, the base phrases and most past cues hold 年, and are
/// looked for around each 年 only.
fn context_past(context: &str) -> Option<bool> {
    /// The phrases holding 年, each with the offset of its 年 and its list.
    fn with_nian() -> &'static [(&'static str, usize, usize)] {
        static PHRASES: OnceLock<Vec<(&str, usize, usize)>> = OnceLock::new();
        PHRASES.get_or_init(|| {
            [
                (PRESENT_CUES, list::PRESENT_CUES),
                (PAST_CUES, list::PAST_CUES),
                (BASE_PHRASES, list::BASE_PHRASES),
            ]
            .into_iter()
            .flat_map(|(phrases, list)| {
                phrases
                    .iter()
                    .filter_map(move |p| p.find('年').map(|at| (*p, at, list)))
            })
            .collect()
        })
    }
    let bytes = context.as_bytes();
    let (mut present, mut past, mut bases) = (false, Vec::new(), Vec::new());
    for at in crate::phrases::nian_offsets(context) {
        for &(phrase, nian_at, list) in with_nian() {
            let Some(start) = at.checked_sub(nian_at) else {
                continue;
            };
            if bytes[start..].starts_with(phrase.as_bytes()) {
                let range = (start, start + phrase.len());
                match list {
                    list::PRESENT_CUES => present = true,
                    list::PAST_CUES => past.push(range),
                    _ => bases.push(range),
                }
            }
        }
    }
    // Every present cue holds 年 (tested).
    if present {
        return Some(false); // present_context reads it as empty
    }
    match context.chars().next_back() {
        None => Some(false),
        Some(c) if in_past_phrase(c) => None,
        // A past cue without 年 shares no char with a base phrase (tested): removing
        // the bases leaves it whole.
        Some(_) => Some(
            names_past_in(context, past, bases.iter().copied()) || past_cue_without_nian(context),
        ),
    }
}

/// The offset in `before` (UTF-8 text) right after its last clause delimiter
/// (`,;:。!?，；：`), or 0. Reads chars back from the end by their bytes, three-byte
/// chars (nearly all) in one step, without decoding them.
fn clause_start_in(before: &[u8]) -> usize {
    let mut i = before.len();
    while i > 0 {
        let last = before[i - 1];
        if last < 0x80 {
            if matches!(last, b',' | b';' | b':' | b'!' | b'?') {
                return i;
            }
            i -= 1;
        } else if i >= 3 && (0xE0..0xF0).contains(&before[i - 3]) {
            // A three-byte char: 。 is E3 80 82; ，；： are EF BC 8C, 9B, 9A.
            let (lead, middle) = (before[i - 3], before[i - 2]);
            if (lead == 0xE3 && middle == 0x80 && last == 0x82)
                || (lead == 0xEF && middle == 0xBC && matches!(last, 0x8C | 0x9B | 0x9A))
            {
                return i;
            }
            i -= 3;
        } else {
            // A char of two or four bytes: back to its lead byte.
            i -= 1;
            while i > 0 && before[i] & 0xC0 == 0x80 {
                i -= 1;
            }
        }
    }
    0
}

/// The words an alias match covers.
fn alias_text(text: &str, alias: AliasMatch) -> &str {
    &text[alias.start..alias.end]
}

/// The 、-separated items of `text`, which starts at byte `offset` of the report.
fn split_items(text: &str, offset: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut start = offset;
    for (i, c) in text.char_indices().filter(|(_, c)| *c == '、') {
        items.push((start, offset + i));
        start = offset + i + c.len_utf8();
    }
    items.push((start, offset + text.len()));
    items
}

/// The years of `sentence` as [`SentenceBinder::last_year_between`] reads them.
fn years_in(text: &str, sentence: ByteSpan) -> Vec<(usize, i32, bool)> {
    let bytes = text.as_bytes();
    crate::phrases::nian_offsets(sentence.of(text))
        .filter_map(|at| {
            let nian = sentence.start + at;
            let start = nian.checked_sub(4).filter(|&i| i >= sentence.start)?;
            let digits = &bytes[start..nian];
            if !(digits.iter().all(u8::is_ascii_digit)
                && (digits.starts_with(b"19") || digits.starts_with(b"20")))
            {
                return None;
            }
            let year = std::str::from_utf8(digits).ok()?.parse().ok()?;
            let digit_before = start > 0 && bytes[start - 1].is_ascii_digit();
            Some((start, year, digit_before))
        })
        .collect()
}

/// The subject words of a clause without a catalogue metric: the clause before the
/// number, with leading connectives and trailing verbs trimmed.
fn bare_subject(lead: &str) -> &str {
    static SUFFIXES: OnceLock<WordEnds> = OnceLock::new();
    let suffixes = SUFFIXES.get_or_init(|| WordEnds::new(BARE_SUFFIXES.iter().copied()));
    let mut s = lead.trim();
    for prefix in BARE_PREFIXES {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    loop {
        let before = s;
        s = suffixes.strip_closing(s);
        if s == before {
            return s;
        }
    }
}

/// A coarse unit family, so that 亿元 can measure GDP but 万人 cannot.
fn unit_family(unit: &str) -> &str {
    // A rate per head or per unit (CNY/person) belongs to its numerator's family.
    let unit = unit.split('/').next().unwrap_or(unit);
    let unit = unit.split("_per_").next().unwrap_or(unit);
    match unit {
        "CNY" | "USD" => "money",
        "ton" | "kg" | "jin" => "mass",
        "person" | "person_time" => "person",
        other => other,
    }
}

/// A list of words (up to 64, none empty) indexed by the chars they open and close
/// with, so that the first or last char of a text rules out most of them at once: the
/// words a text may start or end with are then tested in list order.
struct WordEnds {
    words: Vec<&'static str>,
    /// For each of 64 buckets of chars (the code point's low bits), the words (as bits
    /// of their index) that open with a char of the bucket.
    first: [u64; 64],
    /// The same for the char a word closes with.
    last: [u64; 64],
}

impl WordEnds {
    fn new(words: impl IntoIterator<Item = &'static str>) -> WordEnds {
        let words: Vec<&'static str> = words.into_iter().collect();
        assert!(words.len() <= 64, "at most 64 words");
        let (mut first, mut last) = ([0u64; 64], [0u64; 64]);
        for (i, word) in words.iter().enumerate() {
            let (Some(a), Some(z)) = (word.chars().next(), word.chars().next_back()) else {
                panic!("words are not empty");
            };
            first[bucket(a)] |= 1 << i;
            last[bucket(z)] |= 1 << i;
        }
        WordEnds { words, first, last }
    }

    /// The first word, in list order, that `text` starts with, as its index.
    fn opening(&self, text: &str) -> Option<usize> {
        let c = text.chars().next()?;
        ones(self.first[bucket(c)]).find(|&i| text.starts_with(self.words[i]))
    }

    /// The first word, in list order, that `text` ends with, as its index.
    fn closing(&self, text: &str) -> Option<usize> {
        let c = text.chars().next_back()?;
        ones(self.last[bucket(c)]).find(|&i| text.ends_with(self.words[i]))
    }

    /// `text` with each word of the list, in order, removed from its end when it ends
    /// with it: `for w in words { text = text.strip_suffix(w).unwrap_or(text) }`.
    fn strip_closing<'t>(&self, mut text: &'t str) -> &'t str {
        let mut from = 0;
        while let Some(c) = text.chars().next_back() {
            // The words after the last one tried that close with this char.
            let candidates = self.last[bucket(c)] & (u64::MAX << from);
            let Some(i) = ones(candidates).next() else {
                break;
            };
            if let Some(rest) = text.strip_suffix(self.words[i]) {
                text = rest;
            }
            from = i + 1;
            if from == 64 {
                break;
            }
        }
        text
    }
}

/// The bucket of `c` in a [`WordEnds`].
fn bucket(c: char) -> usize {
    (u32::from(c) & 63) as usize
}

/// The indices of the set bits of `mask`, lowest first.
fn ones(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let i = mask.trailing_zeros() as usize;
        (mask != 0).then(|| {
            mask &= mask - 1;
            i
        })
    })
}

/// [`FILLERS`] indexed.
fn fillers() -> &'static WordEnds {
    static ENDS: OnceLock<WordEnds> = OnceLock::new();
    ENDS.get_or_init(|| WordEnds::new(FILLERS.iter().copied()))
}

/// [`GROWTH_WORDS`] indexed.
fn growth_words() -> &'static WordEnds {
    static ENDS: OnceLock<WordEnds> = OnceLock::new();
    ENDS.get_or_init(|| WordEnds::new(GROWTH_WORDS.iter().map(|(w, _)| *w)))
}

/// [`CONTINUATIONS`] and then the [`GROWTH_WORDS`], indexed.
fn continuing_words() -> &'static WordEnds {
    static ENDS: OnceLock<WordEnds> = OnceLock::new();
    ENDS.get_or_init(|| {
        WordEnds::new(
            CONTINUATIONS
                .iter()
                .copied()
                .chain(GROWTH_WORDS.iter().map(|(w, _)| *w)),
        )
    })
}

/// Whether `text` opens with a continuation or a growth word.
fn opens_continuation(text: &str) -> bool {
    continuing_words().opening(text).is_some()
}

/// Scope words written before a metric.
const SCOPE_WORDS: &[&str] = &[
    "区级", "市级", "省级", "县级", "全区", "全市", "全省", "全县", "全国", "园区", "地方",
];

/// Words trimmed from the start of a bare subject, in order.
const BARE_PREFIXES: &[&str] = &["其中", "全年", "预计", "今年", "累计", "共", "新"];

/// Words trimmed from the end of a bare subject, in order, until none is left.
const BARE_SUFFIXES: &[&str] = &[
    "增长",
    "下降",
    "提高",
    "降低",
    "达到",
    "实现",
    "完成",
    "突破",
    "超过",
    "为",
    "达",
    "到",
    "至",
    "约",
    "近",
    "分别",
    "控制在",
    "稳定在",
    "保持在",
    "同比",
    "比上年",
    "增加",
    "减少",
    "了",
    "新增",
    "累计",
];

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indicators inside each span are those a test of every indicator finds, with
    /// indicators listed out of order, nested and sharing starts, and spans that hold
    /// none, one, several or all.
    #[test]
    fn indicators_within_agree_with_testing_every_indicator() {
        let indicator = |start: usize, end: usize| Indicator {
            metric: None,
            metric_text: CompactString::default(),
            measure: Measure::Level,
            value: None,
            low: None,
            high: None,
            unit: CompactString::default(),
            qualifier: None,
            role: Role::Actual,
            period: None,
            base: None,
            scope: None,
            from_value: None,
            quantity: None,
            span: ByteSpan::new(start, end),
            sentence: ByteSpan::new(start, end),
        };
        let indicators: Vec<Indicator> = [(40, 45), (3, 9), (10, 12), (10, 30), (50, 60), (0, 2)]
            .into_iter()
            .map(|(start, end)| indicator(start, end))
            .collect();
        let spans = [
            (0, 9),
            (10, 30),
            (10, 11),
            (31, 49),
            (40, 60),
            (5, 45),
            (0, 100),
            (61, 70),
        ];
        let by_start = ByStart::new(&indicators);
        for (start, end) in spans {
            let span = ByteSpan::new(start, end);
            let mut expected: Vec<usize> = (0..indicators.len())
                .filter(|&k| span.contains(indicators[k].span))
                .collect();
            expected.sort_by_key(|&k| indicators[k].span.start);
            assert_eq!(
                by_start.within(span).collect::<Vec<_>>(),
                expected,
                "{start}..{end}"
            );
        }
    }

    /// The last four-digit calendar year (19xx/20xx + 年) written in `text`.
    fn last_year_in(text: &str) -> Option<i32> {
        // From each 年, last first (a memrchr-driven search), rather than testing every byte.
        // Not memmem: building its reverse searcher costs more than these short texts.
        let bytes = text.as_bytes();
        text.rmatch_indices('年').find_map(|(at, _)| {
            let i = at.checked_sub(4)?;
            let digits = &bytes[i..at];
            let starts_number = i == 0 || !bytes[i - 1].is_ascii_digit();
            if starts_number
                && digits.iter().all(u8::is_ascii_digit)
                && (digits.starts_with(b"19") || digits.starts_with(b"20"))
            {
                std::str::from_utf8(digits).ok()?.parse().ok()
            } else {
                None
            }
        })
    }

    /// The years found once per sentence answer as `last_year_in` of every stretch.
    #[test]
    fn years_of_a_sentence_answer_for_every_stretch() {
        let text = "前言。12019年,2015年比1998年增长,到2020年底前20201年、1999年完成。";
        let sentence = ByteSpan::new("前言。".len(), text.len());
        let catalogue = Catalogue::default();
        let outline = crate::outline::parse(text);
        let meta = ReportMeta::default();
        let paragraphs = Cell::new(ParagraphScan::default());
        let binder = SentenceBinder::new(
            text,
            sentence,
            ByteSpan::new(0, 0),
            &paragraphs,
            &catalogue,
            &outline,
            &meta,
        );
        let bounds: Vec<usize> = (sentence.start..=sentence.end)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                assert_eq!(
                    binder.last_year_between(start, end),
                    last_year_in(&text[start..end]),
                    "{:?}",
                    &text[start..end]
                );
            }
        }
    }

    /// The byte scan for a clause's start agrees with reading chars back.
    #[test]
    fn clause_start_agrees_with_reading_chars() {
        let text = "甲,乙;丙:丁。戊!己?庚，辛；壬：癸、子丑 a。b，c";
        let by_chars = |before: &str| {
            before
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, ',' | ';' | ':' | '。' | '!' | '?' | '，' | '；' | '：'))
                .map_or(0, |(i, c)| i + c.len_utf8())
        };
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let before = &text[..end];
            assert_eq!(
                clause_start_in(before.as_bytes()),
                by_chars(before),
                "{before:?}"
            );
        }
        // Continuation bytes equal to a delimiter's last byte close other chars.
        for c in ['傂', '茂', '蔚', '亂', '。', '，', 'é', '😀', 'a'] {
            let before = format!("前{c}");
            assert_eq!(
                clause_start_in(before.as_bytes()),
                by_chars(&before),
                "{before:?}"
            );
        }
    }

    /// What `holds_term_cue` and `in_term_cue` take for granted of [`TERM_CUES`], and
    /// the search agrees with looking for each cue.
    #[test]
    fn term_cues_are_found_as_by_searching_each() {
        let mut chars: Vec<char> = TERM_CUES.iter().flat_map(|c| c.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        let all: Vec<char> = ('\u{0}'..='\u{ffff}').filter(|&c| in_term_cue(c)).collect();
        assert_eq!(all, chars);
        for cue in TERM_CUES {
            assert!(cue.contains("五年"), "{cue}");
        }
        let text = "这五年来,过去五年,五年来过去这五,过去五,五年";
        let bytes = text.as_bytes();
        for start in 0..=bytes.len() {
            for end in start..=bytes.len() {
                let stretch = &bytes[start..end];
                let expected = TERM_CUES
                    .iter()
                    .any(|c| stretch.windows(c.len()).any(|w| w == c.as_bytes()));
                assert_eq!(holds_term_cue(stretch), expected, "{start}..{end}");
            }
        }
    }

    /// `WordEnds` finds and strips what testing each word in order does.
    #[test]
    fn word_ends_agree_with_testing_each_word() {
        let lists: [&[&'static str]; 4] = [FILLERS, BARE_SUFFIXES, CHANGE_TO, SCOPE_WORDS];
        let texts = [
            "",
            "在",
            "按可比价计算增长",
            "全年产量达到",
            "新增了",
            "累计新增",
            "收入比上年增长了",
            "控制在",
            "由3%提高至",
            "全国",
            "全区全市",
            "a增长a",
            "了了",
            "分别增长达到了",
        ];
        for words in lists {
            let ends = WordEnds::new(words.iter().copied());
            for text in texts {
                let opening = words.iter().position(|w| text.starts_with(w));
                let closing = words.iter().position(|w| text.ends_with(w));
                let mut stripped = text;
                for w in words {
                    stripped = stripped.strip_suffix(w).unwrap_or(stripped);
                }
                assert_eq!(ends.opening(text), opening, "{text}");
                assert_eq!(ends.closing(text), closing, "{text}");
                assert_eq!(ends.strip_closing(text), stripped, "{text}");
            }
        }
        let all = continuing_words();
        for text in texts {
            let expected = CONTINUATIONS.iter().any(|w| text.starts_with(w))
                || GROWTH_WORDS.iter().any(|(w, _)| text.starts_with(w));
            assert_eq!(opens_continuation(text), expected, "{text}");
        }
        assert_eq!(all.words.len(), CONTINUATIONS.len() + GROWTH_WORDS.len());
    }

    /// The lists read with `cues_at` hold distinct phrases.
    #[test]
    fn indexed_lists_hold_distinct_phrases() {
        let growth: Vec<&str> = GROWTH_WORDS.iter().map(|(w, _)| *w).collect();
        for list in [&growth[..], TARGET_QUOTE_CUES, BASE_WORDS, DESIGNATION] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "{list:?}");
        }
    }

    /// What `context_past` takes for granted of the cue lists.
    #[test]
    fn cue_lists_hold_what_context_past_assumes() {
        for phrase in PRESENT_CUES.iter().chain(BASE_PHRASES) {
            assert!(phrase.contains('年'), "{phrase}");
        }
        let without: Vec<&str> = PAST_CUES
            .iter()
            .copied()
            .filter(|p| !p.contains('年'))
            .collect();
        assert_eq!(without, PAST_CUES_WITHOUT_NIAN);
        for text in ["", "已经", "现在已", "已 经", "过去已经完成", "在现"] {
            let expected = PAST_CUES_WITHOUT_NIAN.iter().any(|p| text.contains(p));
            assert_eq!(past_cue_without_nian(text), expected, "{text}");
        }
        for phrase in PAST_CUES_WITHOUT_NIAN {
            for base in BASE_PHRASES {
                assert!(!phrase.chars().any(|c| base.contains(c)), "{phrase} {base}");
            }
        }
    }

    /// `context_past` and the lead's reading agree with `names_past` of the text as
    /// written, bases next to cues and cues spanning removed bases included.
    #[test]
    fn past_cues_found_around_bases_agree_with_removing_them() {
        let texts = [
            "比去年增长8%。",
            "过去一年,我们比上年多办了实事。",
            "过去比去年五年来。",
            "这五比上年年,工作。",
            "已经比去年完成。",
            "今年比去年增长。",
            "上年比上年增长。",
            "比上年比去年。",
            "去年,",
            "较上年下降,现在。",
            "五年来,",
            "",
        ];
        let set = cue_phrases();
        for text in texts {
            let expected = names_past(present_context(text));
            if let Some(past) = context_past(text) {
                assert_eq!(past, expected, "context {text:?}");
            }
            let occurrences = set.occurrences(text);
            let end = text.len();
            let lead = names_past_in(
                text,
                occurrences.of_list_within(set, list::PAST_CUES, 0, end),
                occurrences.of_list_within(set, list::BASE_PHRASES, 0, end),
            );
            assert_eq!(lead, names_past(text), "lead {text:?}");
        }
    }
}
