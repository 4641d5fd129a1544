//! Report metadata: region, level, years and plan period, each with the evidence for it.
//!
//! Years are often masked on scraped pages ("20xx", "××"); they are inferred from cues
//! such as "'十三五'的开局之年" and every inference says how sure it is. This module reads
//! cues from the text, the page preamble and the outline's roles; it never looks a
//! region up anywhere but the small embedded table in `data/regions.txt`.
//!
//! # Year rules and confidences
//!
//! | cue | gives | confidence |
//! |---|---|---|
//! | hint from outside the text | year | 1.0 |
//! | `2016年2月19日在…会议上`, a `2016年政府工作报告` title | year | 1.0 |
//! | review heading `一、2015年工作回顾` | review year (1.0), year + 1 (0.95) |
//! | tasks heading `二、2016年主要任务` | year | 0.95 |
//! | `2016年是“十三五”开局之年` | the year of its context (this year or the reviewed one) | 0.9 |
//! | `“十三五”的开局之年`, `收官之年`, `最后一年` without a digit year | start / end of the period | 0.85 (0.75 without a this-year/review context) |
//! | latest party meeting cited (`十九届四中全会`, `十九大`) | earliest possible year | 0.6 |
//! | page date `2017-05-12` | upper bound only, never a value | 0.5 |
//!
//! The highest-confidence cue wins; strong cues that disagree yield a `year_conflict`
//! diagnostic, no cue a `None` and a `year_unknown` diagnostic.

use crate::outline::{Outline, SectionRole};
use crate::phrases::{CharOffsets, Occurrences};
use crate::span::ByteSpan;
use crate::Diagnostic;
use memchr::memmem;
use serde::Serialize;
use std::sync::OnceLock;

/// Administrative level of the government that delivered the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国务院.
    National,
    /// 省 / 自治区 / 直辖市.
    Province,
    /// 地级市 / 州 / 盟.
    Prefecture,
    /// 县 / 县级市 / 旗.
    County,
    /// 市辖区.
    District,
}

/// One piece of evidence behind a metadata value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// Which field it supports: `region`, `level`, `year`, `review_year`, `plan_period`.
    pub field: &'static str,
    /// The value it supports, as text.
    pub value: String,
    /// The cue in the text, in bytes of the normalized text; `None` for outside hints.
    pub span: Option<ByteSpan>,
    /// What the cue is, in words (e.g. `'十三五'的开局之年 → 2016`).
    pub rule: String,
    /// How sure: 1.0 stated outright, lower for inferences.
    pub confidence: f32,
}

/// What the report says about itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReportMeta {
    /// Full region name, e.g. `北京市海淀区`, `中华人民共和国`.
    pub region: Option<String>,
    /// Administrative level.
    pub level: Option<Level>,
    /// Year the report was delivered (and whose targets it sets).
    pub year: Option<i32>,
    /// Year the report reviews (usually `year - 1`).
    pub review_year: Option<i32>,
    /// Five-year plan period in force or being set, e.g. `十三五` (2016–2020).
    pub plan_period: Option<PlanPeriod>,
    /// Title, if the text has one.
    pub title: Option<String>,
    /// The evidence for each value above.
    pub evidence: Vec<Evidence>,
}

impl ReportMeta {
    /// The evidence for one field, strongest first.
    pub fn evidence_for(&self, field: &str) -> Vec<&Evidence> {
        let mut found: Vec<&Evidence> = self.evidence.iter().filter(|e| e.field == field).collect();
        found.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        found
    }
}

/// A five-year plan period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanPeriod {
    /// As named: `十三五`.
    pub name: String,
    /// First year: 2016.
    pub start: i32,
    /// Last year: 2020.
    pub end: i32,
}

impl PlanPeriod {
    /// The `number`th five-year plan (一五 = 1, 十三五 = 13).
    pub fn nth(number: u32) -> Option<PlanPeriod> {
        if !(1..=20).contains(&number) {
            return None;
        }
        let start = first_year(number);
        Some(PlanPeriod {
            name: format!("{}五", chinese_number(number)),
            start,
            end: start + 4,
        })
    }

    /// The period that contains `year`, if any.
    pub fn containing(year: i32) -> Option<PlanPeriod> {
        period_number_containing(year).and_then(PlanPeriod::nth)
    }
}

/// First year of the `number`th five-year plan, `number` in 1..=20.
fn first_year(number: u32) -> i32 {
    // 1963–1965 was an adjustment period between 二五 and 三五.
    match number {
        1 => 1953,
        2 => 1958,
        n => 1966 + 5 * (n as i32 - 3),
    }
}

/// The number of the plan period that contains `year`, without naming it.
fn period_number_containing(year: i32) -> Option<u32> {
    (1..=20).find(|&n| (first_year(n)..=first_year(n) + 4).contains(&year))
}

/// Facts known from outside the text (a corpus record, a file name, a page date) that
/// override or support what the text says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetaHints {
    /// Region, if known.
    pub region: Option<String>,
    /// Level, if known.
    pub level: Option<Level>,
    /// Delivery year, if known.
    pub year: Option<i32>,
    /// Title, if known.
    pub title: Option<String>,
}

/// The default table of region parents: `name parent` per line, `#` comments.
pub const DEFAULT_REGIONS: &str = include_str!("../data/regions.txt");

/// Infers the metadata of a report from its normalized text, its outline and `hints`.
///
/// Same as [`infer_in_page`] with no page preamble.
pub fn infer(
    text: &str,
    outline: &Outline,
    hints: &MetaHints,
    diagnostics: &mut Vec<Diagnostic>,
) -> ReportMeta {
    infer_in_page(text, "", outline, hints, diagnostics)
}

/// Infers the metadata of a report, also reading `preamble`: the text of its page
/// before the first report (site blurb, page date), whose cues carry no span.
pub fn infer_in_page(
    text: &str,
    preamble: &str,
    outline: &Outline,
    hints: &MetaHints,
    diagnostics: &mut Vec<Diagnostic>,
) -> ReportMeta {
    let scan = crate::outline::scan(text);
    infer_scanned(text, preamble, outline, &scan, hints, diagnostics)
}

/// [`infer_in_page`], given the outline's scan of the text ([`crate::outline::scan`]),
/// which notes where [`PHRASES`] occur.
pub(crate) fn infer_scanned(
    text: &str,
    preamble: &str,
    outline: &Outline,
    scan: &Occurrences,
    hints: &MetaHints,
    diagnostics: &mut Vec<Diagnostic>,
) -> ReportMeta {
    let marks = &Marks::new(text, scan);
    let mut meta = ReportMeta {
        title: hints.title.clone().or_else(|| find_title(text)),
        ..ReportMeta::default()
    };
    infer_region(text, preamble, hints, &mut meta);
    infer_years(
        text,
        preamble,
        outline,
        hints,
        marks,
        &mut meta,
        diagnostics,
    );
    infer_plan_period(text, marks, &mut meta);
    meta
}

// ---------------------------------------------------------------- marks

/// The cue words of the years with a kind of their own, which the outline's scan of
/// the text notes ([`crate::outline::scan`]); the kind of a mark indexes them.
pub(crate) const PHRASES: [&str; 7] = [
    "开局",
    "收官之年",
    "最后一年",
    "作了布置",
    "作了部署",
    "作出部署",
    "作了安排",
];
const KAIJU: u8 = 0;
const SHOUGUAN: u8 = 1;
const ZUIHOU: u8 = 2;
/// Kinds 3 to 6 are the [`ARRANGED`] phrases.
const ARRANGED_FIRST: u8 = 3;
const ARRANGED_LAST: u8 = 6;

/// Where the cue words of the years and the plan period are: [`PHRASES`], found by the
/// outline's scan of the text, and 十 and 五, found by a search each.
struct Marks {
    /// (byte offset, index in [`PHRASES`]), in text order.
    phrases: Vec<(usize, u8)>,
    /// Byte offsets of every 十, in text order: every congress from the 16th to the
    /// 20th is written with one (十六届, 二十大).
    shi: Vec<usize>,
    /// Byte offsets of every 五, in text order: plan periods (十三五, “九五”).
    wu: Vec<usize>,
}

impl Marks {
    fn new(text: &str, scan: &Occurrences) -> Marks {
        static SHI: CharOffsets = CharOffsets::new("十");
        static WU: CharOffsets = CharOffsets::new("五");
        Marks {
            phrases: crate::outline::meta_phrases(scan, text.len()).collect(),
            shi: SHI.in_text(text).collect(),
            wu: WU.in_text(text).collect(),
        }
    }

    /// The marks of a text, from a scan of its own.
    #[cfg(test)]
    fn of_text(text: &str) -> Marks {
        Marks::new(text, &crate::outline::scan(text))
    }

    /// Offsets of the phrases of kinds `kinds`, in text order.
    fn phrases(&self, kinds: std::ops::RangeInclusive<u8>) -> impl Iterator<Item = usize> + '_ {
        self.phrases
            .iter()
            .filter(move |(_, k)| kinds.contains(k))
            .map(|&(at, _)| at)
    }
}

// ---------------------------------------------------------------- region

fn evidence(
    field: &'static str,
    value: impl Into<String>,
    span: Option<ByteSpan>,
    rule: impl Into<String>,
    confidence: f32,
) -> Evidence {
    Evidence {
        field,
        value: value.into(),
        span,
        rule: rule.into(),
        confidence,
    }
}

/// The first non-blank line, when it reads like a title.
fn find_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    (compact.contains("工作报告") && compact.chars().count() <= 40).then_some(compact)
}

/// Characters that end a region name when reading backwards from its suffix.
fn stops_name(c: char) -> bool {
    !('\u{4e00}'..='\u{9fff}').contains(&c)
        || "我代表向在的是和与为对经由届长及、人本全该".contains(c)
}

/// The region name that ends just before byte `end` of `text` with a suffix char.
fn name_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let before = &text[..end];
    let last = before.chars().next_back()?;
    if !"区县市旗省州盟".contains(last) {
        return None;
    }
    let body_end = end - last.len_utf8();
    let mut start = body_end;
    for (n, (i, c)) in before[..body_end].char_indices().rev().enumerate() {
        if n >= 10 || stops_name(c) {
            break;
        }
        start = i;
    }
    // 自治区 is a suffix of its own: 新疆维吾尔自治区.
    (body_end - start >= 3).then(|| (start, &text[start..end]))
}

fn level_of(name: &str) -> Option<Level> {
    const MUNICIPALITIES: [&str; 4] = ["北京市", "上海市", "天津市", "重庆市"];
    if name.ends_with("自治区") || name.ends_with('省') || MUNICIPALITIES.contains(&name) {
        Some(Level::Province)
    } else if name.ends_with('区') {
        Some(Level::District)
    } else if name.ends_with('县') || name.ends_with('旗') {
        Some(Level::County)
    } else if name.ends_with('市') || name.ends_with('州') || name.ends_with('盟') {
        Some(Level::Prefecture)
    } else {
        None
    }
}

fn infer_region(text: &str, preamble: &str, hints: &MetaHints, meta: &mut ReportMeta) {
    if let Some(region) = &hints.region {
        meta.region = Some(region.clone());
        meta.evidence.push(evidence(
            "region",
            region.clone(),
            None,
            "given as a hint",
            1.0,
        ));
    }
    if let Some(level) = hints.level {
        meta.level = Some(level);
        meta.evidence.push(evidence(
            "level",
            format!("{level:?}"),
            None,
            "given as a hint",
            1.0,
        ));
    }
    if meta.region.is_some() && meta.level.is_some() {
        return;
    }
    if let Some((at, len)) = state_council_cue(text) {
        let span = ByteSpan::new(at, at + len);
        meta.region
            .get_or_insert_with(|| "中华人民共和国".to_string());
        meta.level.get_or_insert(Level::National);
        meta.evidence.push(evidence(
            "region",
            "中华人民共和国",
            Some(span),
            "the State Council (国务院) reports",
            0.95,
        ));
        return;
    }
    // Candidate names with a weight: who delivers (X人民政府, 在X第N届人民代表大会) counts
    // more than who is mentioned.
    let mut candidates: Vec<(String, usize, f32)> = Vec::new();
    for (cue, weight) in [
        ("人民政府", 1.0),
        ("第", 0.8),
        ("政府工作报告", 0.7),
        ("人民代表大会", 0.6),
    ] {
        for at in memmem::find_iter(text.as_bytes(), cue) {
            let from = at + cue.len();
            if cue == "第" && !text[from..].chars().take(8).any(|c| c == '届') {
                continue;
            }
            if let Some((_, name)) = name_before(text, at) {
                let name = best_supported_suffix(text, name);
                let start = at - name.len();
                if let Some(c) = candidates.iter_mut().find(|c| c.0 == name) {
                    c.2 += weight;
                } else {
                    candidates.push((name.to_string(), start, weight));
                }
            }
        }
    }
    // A longer name that contains a shorter one (呼伦贝尔市海拉尔区 ⊃ 海拉尔区) adds up.
    let scores: Vec<f32> = candidates
        .iter()
        .map(|(name, _, w)| {
            w + candidates
                .iter()
                .filter(|(other, _, _)| other != name && name.ends_with(other.as_str()))
                .map(|c| c.2)
                .sum::<f32>()
        })
        .collect();
    let best = candidates
        .iter()
        .zip(&scores)
        .filter(|((name, _, _), _)| level_of(name).is_some())
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0 .1.cmp(&a.0 .1)));
    let Some(((name, start, _), _)) = best else {
        return;
    };
    let span = Some(ByteSpan::new(*start, start + name.len()));
    let local = local_part(name);
    let mut region = name.clone();
    if local == name.as_str() {
        if let Some((parent, rule, confidence)) = find_parent(text, preamble, name) {
            region = format!("{parent}{name}");
            meta.evidence
                .push(evidence("region", region.clone(), None, rule, confidence));
        }
    }
    meta.evidence.push(evidence(
        "region",
        name.clone(),
        span,
        format!("{name} named as the reporting government"),
        0.9,
    ));
    let level = level_of(local);
    meta.region.get_or_insert(region);
    if let Some(level) = level {
        meta.evidence.push(evidence(
            "level",
            format!("{level:?}"),
            span,
            format!("suffix of {local}"),
            0.9,
        ));
        meta.level.get_or_insert(level);
    }
}

/// Where the text says the State Council reports: the first `代表国务院`, else
/// `受国务院`, else `国务院向` in its first 6000 bytes, else its first `国务院` when it
/// names it three times or more. Offset and length in bytes.
fn state_council_cue(text: &str) -> Option<(usize, usize)> {
    static FINDER: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    let finder = FINDER.get_or_init(|| memmem::Finder::new("国务院"));
    let name = "国务院".len();
    let head = &text[..floor_char_boundary(text, 6000)];
    // Every cue holds 国务院: its occurrences in the head are the places of the cues.
    let mut shou = None;
    let mut xiang = None;
    for at in finder.find_iter(head.as_bytes()) {
        if head[..at].ends_with("代表") {
            return Some((at - "代表".len(), "代表".len() + name));
        }
        if shou.is_none() && head[..at].ends_with('受') {
            shou = Some((at - '受'.len_utf8(), '受'.len_utf8() + name));
        }
        if xiang.is_none() && head[at + name..].starts_with('向') {
            xiang = Some((at, name + '向'.len_utf8()));
        }
    }
    // 1985 opens with the year's events; the State Council still speaks throughout.
    shou.or(xiang).or_else(|| {
        let mut all = finder.find_iter(text.as_bytes());
        let first = all.next()?;
        (all.nth(1).is_some()).then_some((first, name))
    })
}

/// The longest suffix of a name read backwards (`关于海淀区`) that the text repeats about
/// as often as its shortest form (`淀区`): junk words glued in front occur once.
fn best_supported_suffix<'t>(text: &str, name: &'t str) -> &'t str {
    let starts: Vec<usize> = name.char_indices().map(|(i, _)| i).collect();
    // Shortest form: one char before the suffix char.
    let shortest = starts.len().saturating_sub(2);
    let base = count(text, &name[starts[shortest]..]);
    starts[..=shortest]
        .iter()
        .map(|&i| &name[i..])
        .find(|candidate| 2 * count(text, candidate) >= base)
        .unwrap_or(name)
}

/// Non-overlapping occurrences of `needle`, as `text.matches(needle).count()`.
fn count(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return text.matches(needle).count();
    }
    memmem::find_iter(text.as_bytes(), needle).count()
}

/// The last administrative unit of a composed name: 海拉尔区 of 呼伦贝尔市海拉尔区.
fn local_part(name: &str) -> &str {
    let body = &name[..name.len() - name.chars().next_back().map_or(0, char::len_utf8)];
    match body.rfind(['市', '省', '州', '盟']) {
        Some(i) if body.ends_with("自治") => &name[i..],
        Some(i) => {
            let after = i + body[i..].chars().next().map_or(0, char::len_utf8);
            if name.len() - after >= 2 * 3 {
                &name[after..]
            } else {
                name
            }
        }
        None => name,
    }
}

/// The parent of a district or county: from the text (`北京市的城八区之一`) when the
/// embedded table names a parent the text or page also mentions, else from the table.
fn find_parent(text: &str, preamble: &str, name: &str) -> Option<(String, String, f32)> {
    let parent = parse_regions(DEFAULT_REGIONS)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p)?;
    let short = parent.trim_end_matches(['市', '省']);
    if preamble.contains(parent) || text.contains(parent) {
        Some((
            parent.to_string(),
            format!("{name} lies in {parent} (regions table), and the page names {parent}"),
            0.9,
        ))
    } else if text.contains("首都") && short == "北京" {
        Some((
            parent.to_string(),
            format!("{name} lies in {parent} (regions table), and the text says 首都"),
            0.8,
        ))
    } else {
        Some((
            parent.to_string(),
            format!("{name} lies in {parent} (regions table only)"),
            0.6,
        ))
    }
}

/// `name parent` pairs of a regions table; `#` starts a comment.
pub fn parse_regions(table: &str) -> Vec<(&str, &str)> {
    table
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some((parts.next()?, parts.next()?))
        })
        .collect()
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ---------------------------------------------------------------- years

/// A candidate value for the delivery year.
struct YearCue {
    year: i32,
    evidence: Evidence,
}

/// Digit value of an ASCII or Chinese digit (〇○零 are 0).
fn digit_value(c: char) -> Option<i32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d as i32);
    }
    "〇一二三四五六七八九"
        .chars()
        .position(|x| x == c)
        .map(|d| d as i32)
        .or(match c {
            '○' | '零' | 'О' => Some(0),
            _ => None,
        })
}

/// Every `YYYY年` in `s` (ASCII or Chinese digits), with its byte offset.
fn years_in(s: &str) -> Vec<(usize, i32)> {
    let mut found = Vec::new();
    // Each 年 with four digit chars right before it and no fifth: read backwards.
    'nian: for at in crate::phrases::nian_offsets(s) {
        let mut start = at;
        let mut year = 0;
        let mut scale = 1;
        for _ in 0..4 {
            let Some(d) = s[..start].chars().next_back() else {
                continue 'nian;
            };
            let Some(value) = digit_value(d) else {
                continue 'nian;
            };
            year += value * scale;
            scale *= 10;
            start -= d.len_utf8();
        }
        let before_is_digit = s[..start]
            .chars()
            .next_back()
            .is_some_and(|c| digit_value(c).is_some());
        if !before_is_digit && (1900..=2100).contains(&year) {
            found.push((start, year));
        }
    }
    found
}

/// Masked year placeholders: `20xx`, `20XX`, `××`.
const MASKS: &[&str] = &["20xx", "20XX", "20××", "××年", "XX年", "xx年", "20ＸＸ"];

fn infer_years(
    text: &str,
    preamble: &str,
    outline: &Outline,
    hints: &MetaHints,
    marks: &Marks,
    meta: &mut ReportMeta,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut cues: Vec<YearCue> = Vec::new();
    let mut review_cues: Vec<YearCue> = Vec::new();
    if let Some(year) = hints.year {
        cues.push(YearCue {
            year,
            evidence: evidence("year", year.to_string(), None, "given as a hint", 1.0),
        });
    }
    stated_date(text, &mut cues);
    heading_years(text, outline, &mut cues, &mut review_cues);
    period_cues(text, outline, marks, &mut cues, &mut review_cues);
    party_meeting_bound(text, marks, &mut cues);
    work_arranged(text, marks, &mut cues);

    // Review cues are also year cues, one year later and a little less sure.
    for r in &review_cues {
        let year = r.year + 1;
        let mut e = r.evidence.clone();
        e.field = "year";
        e.value = year.to_string();
        e.rule = format!("{} → reviews {}, so delivered {year}", e.rule, r.year);
        e.confidence = (e.confidence - 0.05).max(0.0);
        cues.push(YearCue { year, evidence: e });
    }
    // A cited party meeting is a hard lower bound: cues before it describe another year.
    let lower = cues
        .iter()
        .filter(|c| c.evidence.rule.starts_with("latest party meeting"))
        .map(|c| c.year)
        .max();
    if let Some(lower) = lower {
        cues.retain(|c| c.year >= lower || c.evidence.confidence >= 1.0);
    }
    let best = cues
        .iter()
        .max_by(|a, b| a.evidence.confidence.total_cmp(&b.evidence.confidence));
    let upper = page_date(preamble).or_else(|| page_date(&text[..floor_char_boundary(text, 400)]));
    if let Some(best) = best {
        let year = best.year;
        let confidence = best.evidence.confidence;
        for other in cues
            .iter()
            .filter(|c| c.year != year && c.evidence.confidence >= 0.8)
        {
            diagnostics.push(Diagnostic {
                span: other.evidence.span,
                kind: "year_conflict",
                message: format!(
                    "{} says {}, but {} (confidence {confidence}) was chosen",
                    other.evidence.rule, other.year, year
                ),
            });
        }
        if confidence < 1.0 {
            diagnostics.push(Diagnostic {
                span: best.evidence.span,
                kind: "year_inferred",
                message: format!(
                    "year {year} inferred with confidence {confidence}: {}",
                    best.evidence.rule
                ),
            });
        }
        meta.year = Some(year);
        let review = review_cues
            .iter()
            .filter(|r| r.year == year - 1)
            .max_by(|a, b| a.evidence.confidence.total_cmp(&b.evidence.confidence));
        meta.review_year = Some(year - 1);
        match review {
            Some(r) => meta.evidence.push(r.evidence.clone()),
            None => meta.evidence.push(evidence(
                "review_year",
                (year - 1).to_string(),
                best.evidence.span,
                format!("a report reviews the year before it is delivered ({year} − 1)"),
                confidence * 0.95,
            )),
        }
    } else {
        // Every mask holds x, X, × or Ｘ; most texts have none, and a search for a char
        // is much cheaper than eight searches of the text for the masks.
        let may_be_masked = ['x', 'X', '×', 'Ｘ'].iter().any(|&c| text.contains(c));
        let masked = MASKS
            .iter()
            .filter(|_| may_be_masked)
            .find_map(|m| text.find(m).map(|at| (at, m.len())));
        diagnostics.push(Diagnostic {
            span: masked.map(|(at, len)| ByteSpan::new(at, at + len)),
            kind: "year_unknown",
            message: if masked.is_some() {
                "years are masked and no cue fixes the year".to_string()
            } else {
                "no stated year and no cue fixes the year".to_string()
            },
        });
    }
    meta.evidence.extend(cues.into_iter().map(|c| c.evidence));
    if let Some((bound, span)) = upper {
        meta.evidence.push(evidence(
            "year",
            format!("<= {bound}"),
            span,
            format!("page date {bound}: delivered in or before {bound}"),
            0.5,
        ));
        if meta.year.is_some_and(|y| y > bound) {
            diagnostics.push(Diagnostic {
                span,
                kind: "year_conflict",
                message: format!("the page is dated {bound}, before the inferred year"),
            });
        }
    }
}

/// `2016年2月19日在…会议上` or a `2016年…政府工作报告` title in the head of the text.
fn stated_date(text: &str, cues: &mut Vec<YearCue>) {
    let head = &text[..floor_char_boundary(text, 800)];
    for (at, year) in years_in(head) {
        let after = &head[at..];
        let line = after.split('\n').next().unwrap_or("");
        let delivered = line.contains("日在") && (line.contains("会议") || line.contains("大会"));
        let title = line.contains("政府工作报告") && line.chars().count() <= 40;
        if delivered || title {
            let rule = if delivered {
                "delivery date stated: …年…月…日在…会议上"
            } else {
                "title names the year"
            };
            let end = at + line.len().min(40);
            let end = floor_char_boundary(text, end);
            cues.push(YearCue {
                year,
                evidence: evidence(
                    "year",
                    year.to_string(),
                    Some(ByteSpan::new(at, end)),
                    rule,
                    1.0,
                ),
            });
            return;
        }
    }
}

/// Years in the headings of review and this-year sections.
fn heading_years(
    text: &str,
    outline: &Outline,
    cues: &mut Vec<YearCue>,
    review_cues: &mut Vec<YearCue>,
) {
    for section in outline.all_sections().into_iter().filter(|s| s.level <= 2) {
        let heading = section.heading_span.of(text);
        let years = years_in(heading);
        let span = Some(section.heading_span);
        match section.role {
            SectionRole::Review => {
                if let Some(&(_, year)) = years.iter().min_by_key(|(_, y)| *y) {
                    review_cues.push(YearCue {
                        year,
                        evidence: evidence(
                            "review_year",
                            year.to_string(),
                            span,
                            format!("review heading “{heading}”"),
                            1.0,
                        ),
                    });
                }
                // 一、1998年工作回顾和1999年工作的总体要求
                if years.len() >= 2 && (heading.contains("要求") || heading.contains("任务")) {
                    let year = years.iter().map(|(_, y)| *y).max().unwrap_or_default();
                    cues.push(YearCue {
                        year,
                        evidence: evidence(
                            "year",
                            year.to_string(),
                            span,
                            format!("heading “{heading}”"),
                            0.95,
                        ),
                    });
                }
            }
            SectionRole::Tasks | SectionRole::Requirements | SectionRole::Targets => {
                if let Some(&(_, year)) = years.iter().max_by_key(|(_, y)| *y) {
                    cues.push(YearCue {
                        year,
                        evidence: evidence(
                            "year",
                            year.to_string(),
                            span,
                            format!("this year's heading “{heading}”"),
                            0.95,
                        ),
                    });
                }
            }
            _ => {}
        }
    }
}

/// Words that put a sentence in the reviewed year or in this year.
const PAST_WORDS: &[&str] = &[
    "去年",
    "过去",
    "刚刚",
    "收获",
    "一年来",
    "取得了",
    "实现了",
    "完成了",
];
const PRESENT_WORDS: &[&str] = &["今年", "本年", "明年"];

/// `“十三五”的开局之年`, `十二五收官之年`, optionally with `2016年是`.
fn period_cues(
    text: &str,
    outline: &Outline,
    marks: &Marks,
    cues: &mut Vec<YearCue>,
    review_cues: &mut Vec<YearCue>,
) {
    for (word, pick_start, kind) in [
        ("开局之年", true, KAIJU),
        ("开局", true, KAIJU),
        ("收官之年", false, SHOUGUAN),
        ("最后一年", false, ZUIHOU),
    ] {
        // 开局之年 is 开局 followed by 之年; the others are needles of their own.
        let found = marks
            .phrases(kind..=kind)
            .filter(|&at| text.as_bytes()[at..].starts_with(word.as_bytes()));
        for at in found {
            // Sentences are in text order and disjoint: the one holding `at`, if any, is
            // the first that ends after it.
            let k = outline.sentences.partition_point(|s| s.span.end <= at);
            let Some(sentence) = outline
                .sentences
                .get(k)
                .filter(|s| s.span.start <= at && at < s.span.end)
            else {
                continue;
            };
            let s = sentence.span.of(text);
            let wu = marks
                .wu
                .iter()
                .copied()
                .skip_while(|&w| w < sentence.span.start)
                .take_while(|&w| w < sentence.span.end)
                .map(|w| w - sentence.span.start);
            let Some(period) = period_mentions_at(s, wu)
                .into_iter()
                .last()
                .and_then(|(_, n)| PlanPeriod::nth(n))
            else {
                continue;
            };
            let year = if pick_start { period.start } else { period.end };
            // Which year the phrase describes: a digit year in the sentence, else context.
            let stated = years_in(s).into_iter().map(|(_, y)| y).find(|y| *y == year);
            let role = outline.role_at(at);
            let past = PAST_WORDS.iter().any(|w| s.contains(w)) || role == SectionRole::Review;
            let present = PRESENT_WORDS.iter().any(|w| s.contains(w))
                || matches!(
                    role,
                    SectionRole::Requirements | SectionRole::Targets | SectionRole::Tasks
                );
            if past && present && stated.is_none() {
                // "去年是…开局之年,今年…" cannot say which year it means.
                continue;
            }
            let confidence = match (stated.is_some(), past != present) {
                (true, _) => 0.9,
                (false, true) => 0.85,
                (false, false) => 0.75,
            };
            let rule = format!("“{}”的{word} → {year}", period.name);
            let span = Some(ByteSpan::new(at, at + word.len()));
            if past && !present {
                review_cues.push(YearCue {
                    year,
                    evidence: evidence("review_year", year.to_string(), span, rule, confidence),
                });
            } else {
                cues.push(YearCue {
                    year,
                    evidence: evidence("year", year.to_string(), span, rule, confidence),
                });
            }
        }
    }
}

/// Phrases that say a year's work was arranged.
const ARRANGED: [&str; 4] = ["作了布置", "作了部署", "作出部署", "作了安排"];

/// News of a session: `对2006年的政府工作作了布置` names the year being planned.
fn work_arranged(text: &str, marks: &Marks, cues: &mut Vec<YearCue>) {
    let is_break = ['。', '\n'];
    // The first line (split at 。 and line breaks) that names a year before the phrase.
    // The scan of the text finds the lines holding one, instead of searching every
    // line for every phrase. No phrase holds a break, so a match lies in one line.
    let found = marks.phrases(ARRANGED_FIRST..=ARRANGED_LAST);
    let mut searched_until = 0;
    for at in found {
        if at < searched_until {
            continue;
        }
        let start = text[..at].rfind(is_break).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = text[at..].find(is_break).map_or(text.len(), |i| at + i);
        searched_until = end;
        let line = &text[start..end];
        let Some(phrase) = ARRANGED.iter().find_map(|w| line.find(w)) else {
            continue;
        };
        // The year planned is the last one named before the phrase.
        if let Some(&(at, year)) = years_in(&line[..phrase]).last() {
            let start = line.as_ptr() as usize - text.as_ptr() as usize + at;
            let span = Some(ByteSpan::new(start, start + "2006年".len()));
            let rule = format!("work of {year} arranged (…年…工作作了布置)");
            cues.push(YearCue {
                year,
                evidence: evidence("year", year.to_string(), span, rule, 0.7),
            });
            return;
        }
    }
}

/// Plan periods named in `s` (`十三五`, `“九五”`), with their byte offsets.
#[cfg(test)]
fn period_mentions(s: &str) -> Vec<(usize, u32)> {
    period_mentions_at(s, memmem::find_iter(s.as_bytes(), "五"))
}

/// [`period_mentions`] given the offsets of every 五 in `s`, in order.
fn period_mentions_at(s: &str, wu: impl Iterator<Item = usize>) -> Vec<(usize, u32)> {
    let mut found = Vec::new();
    for at in wu {
        let from = at + '五'.len_utf8();
        let before = &s[..at];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_numeral(c))
            .last()
            .map_or(at, |(j, _)| j);
        if start == at {
            continue;
        }
        let after = &s[from..];
        let quoted = before[..start].ends_with('“') || after.starts_with('”');
        let named = ["时期", "规划", "计划", "期间", "开局", "收官", "末"]
            .iter()
            .any(|w| after.starts_with(w));
        if !(quoted || named) || after.starts_with("届") {
            continue;
        }
        if let Some(n) = small_chinese_number(&s[start..at]) {
            found.push((start, n));
        }
    }
    found
}

/// One of 一二三四五六七八九十: a match, where a search of that string would run memchr.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Value of a Chinese number below 100 (`十三` → 13, `九` → 9, `十` → 10).
fn small_chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|d| d as u32 + 1)
    };
    let mut chars = ['\0'; 3];
    let mut len = 0;
    for c in s.chars() {
        if len == chars.len() {
            return None;
        }
        chars[len] = c;
        len += 1;
    }
    match &chars[..len] {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        _ => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
    }
}

/// Earliest year in which a report can cite the `plenum`th plenary session of the
/// `congress`th Central Committee as past (sessions from the 16th committee on).
fn plenum_bound(congress: u32, plenum: u32) -> Option<i32> {
    let elected = 2002 + 5 * (congress as i32 - 16);
    if !(16..=20).contains(&congress) || !(1..=7).contains(&plenum) {
        return None;
    }
    // Second sessions meet in the first weeks of the year after a congress, before the
    // 两会; the 19th committee's third did too, the 20th's third met in July 2024.
    let offset = match (congress, plenum) {
        (_, 1) => 1,
        (_, 2) => 1,
        (19, 3) => 1,
        (20, 3) => 2,
        (_, p) => p as i32 - 1,
    };
    Some(elected + offset)
}

/// The latest party congress or plenum cited (`十九届四中全会`, `党的十九大`).
fn party_meeting_bound(text: &str, marks: &Marks, cues: &mut Vec<YearCue>) {
    let numeral = is_numeral;
    // (bound, span, number run, plenum): the rule is written for the winner only.
    type Meeting = (i32, ByteSpan, (usize, usize), Option<u32>);
    let mut best: Option<Meeting> = None;
    let mut consider = |bound: i32, span: ByteSpan, run: (usize, usize), plenum: Option<u32>| {
        if best.as_ref().is_none_or(|(b, _, _, _)| bound > *b) {
            best = Some((bound, span, run, plenum));
        }
    };
    // A congress number (十六 to 二十, or 一十六) holds exactly one 十: each 十 found
    // leads to the run of numerals around it and to the marker (届 or 大) after it,
    // in text order. A run with two 十 is no number, so none is read twice.
    for &shi in &marks.shi {
        let start = text[..shi]
            .char_indices()
            .rev()
            .take_while(|(_, c)| numeral(*c))
            .last()
            .map_or(shi, |(j, _)| j);
        let at = shi
            + text[shi..]
                .chars()
                .take_while(|&c| numeral(c))
                .map(char::len_utf8)
                .sum::<usize>();
        let Some(marker) = text[at..]
            .chars()
            .next()
            .filter(|c| matches!(c, '届' | '大'))
        else {
            continue;
        };
        let from = at + marker.len_utf8();
        let before = &text[..at];
        let Some(congress) = small_chinese_number(&before[start..]) else {
            continue;
        };
        if !(16..=20).contains(&congress) {
            continue;
        }
        if marker == '大' {
            // 十九大, but not 十九大代表 counts alike; a congress meets in the autumn.
            if before[..start].ends_with('第') {
                continue;
            }
            let bound = 2002 + 5 * (congress as i32 - 16) + 1;
            consider(bound, ByteSpan::new(start, from), (start, at), None);
            continue;
        }
        // 十八届三中、四中、五中全会: read the list of sessions up to 全会.
        let tail = &text[from..floor_char_boundary(text, from + 60)];
        let Some(end) = tail.find("全会") else {
            continue;
        };
        let list = &tail[..end];
        if list
            .chars()
            .any(|c| !"一二三四五六七八九中、和及".contains(c))
        {
            continue;
        }
        for part in list.split(['、', '和', '及']) {
            let Some(n) = part.strip_suffix('中').and_then(small_chinese_number) else {
                continue;
            };
            if let Some(bound) = plenum_bound(congress, n) {
                let span = ByteSpan::new(start, from + end + "全会".len());
                consider(bound, span, (start, at), Some(n));
            }
        }
    }
    if let Some((bound, span, (start, at), plenum)) = best {
        let congress = &text[start..at];
        let what = match plenum {
            None => format!("{congress}大"),
            Some(n) => format!("{congress}届{}中全会", chinese_number(n)),
        };
        cues.push(YearCue {
            year: bound,
            evidence: evidence(
                "year",
                bound.to_string(),
                Some(span),
                format!("latest party meeting cited: {what} → delivered {bound} or later"),
                0.6,
            ),
        });
    }
}

/// A `YYYY-MM-DD` or `YYYY年M月D日` page date near the start of `s`: an upper bound.
fn page_date(s: &str) -> Option<(i32, Option<ByteSpan>)> {
    for line in s.lines().take(6) {
        let l = line.trim();
        let b = l.as_bytes();
        if b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-' {
            let year: i32 = l[..4].parse().ok()?;
            return Some((year, None));
        }
    }
    None
}

// ---------------------------------------------------------------- plan period

fn infer_plan_period(text: &str, marks: &Marks, meta: &mut ReportMeta) {
    let mentions = period_mentions_at(text, marks.wu.iter().copied());
    let year_confidence = meta
        .evidence_for("year")
        .first()
        .map_or(0.0, |e| e.confidence);
    if let Some(year) = meta.year {
        let Some(period) = PlanPeriod::containing(year) else {
            return;
        };
        // nth(n) is that period exactly when n is its number.
        let number = period_number_containing(year);
        let mentioned = mentions.iter().find(|(_, n)| Some(*n) == number);
        let (span, confidence, rule) = match mentioned {
            Some(&(at, _)) => (
                Some(ByteSpan::new(at, at + period.name.len())),
                0.9f32.min(year_confidence),
                format!(
                    "{year} lies in {} ({}–{}), which the text names",
                    period.name, period.start, period.end
                ),
            ),
            None => (
                None,
                0.7f32.min(year_confidence),
                format!(
                    "{year} lies in {} ({}–{})",
                    period.name, period.start, period.end
                ),
            ),
        };
        meta.evidence.push(evidence(
            "plan_period",
            period.name.clone(),
            span,
            rule,
            confidence,
        ));
        meta.plan_period = Some(period);
        return;
    }
    // Without a year: the period named most often.
    let mut counts: Vec<(u32, usize, usize)> = Vec::new();
    for &(at, n) in &mentions {
        match counts.iter_mut().find(|c| c.0 == n) {
            Some(c) => c.1 += 1,
            None => counts.push((n, 1, at)),
        }
    }
    if let Some(&(n, count, at)) = counts.iter().max_by_key(|c| c.1) {
        if let Some(period) = PlanPeriod::nth(n) {
            let rule = format!("{} named {count} times; year unknown", period.name);
            meta.evidence.push(evidence(
                "plan_period",
                period.name.clone(),
                Some(ByteSpan::new(at, at + period.name.len())),
                rule,
                0.5,
            ));
            meta.plan_period = Some(period);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_periods_follow_the_calendar() {
        let check = |n: u32, name: &str, start: i32| {
            let p = PlanPeriod::nth(n).expect("valid");
            assert_eq!((p.name.as_str(), p.start, p.end), (name, start, start + 4));
        };
        check(1, "一五", 1953);
        check(9, "九五", 1996);
        check(10, "十五", 2001);
        check(11, "十一五", 2006);
        check(13, "十三五", 2016);
        check(14, "十四五", 2021);
        assert_eq!(PlanPeriod::containing(1964), None);
        assert_eq!(
            PlanPeriod::containing(2015).map(|p| p.name),
            Some("十二五".to_string())
        );
    }

    #[test]
    fn periods_and_plenums_are_read_from_words() {
        assert_eq!(
            period_mentions("“十三五”的开局之年,十二五时期,十五届五中全会"),
            vec![(3, 13), (31, 12)]
        );
        let mut cues = Vec::new();
        let text = "党的十九大和十九届二中、三中、四中全会精神";
        party_meeting_bound(text, &Marks::of_text(text), &mut cues);
        assert_eq!(cues[0].year, 2020);
        assert_eq!(
            years_in("一九八○年和2015年,12345年"),
            vec![(0, 1980), (18, 2015)]
        );
        assert_eq!(years_in("015年,年,2015年"), vec![(11, 2015)]);
    }

    #[test]
    fn the_scans_find_every_needle() {
        let text = [
            include_str!("../../../demo/2023.txt"),
            include_str!("../../../demo/2024.txt"),
            "开局开局之年十十五五作了布置作了部署作出部署作了安排收官之年最后一年十三五",
        ]
        .concat();
        let marks = Marks::of_text(&text);
        let all = |needle: &str| memmem::find_iter(text.as_bytes(), needle).collect::<Vec<_>>();
        for (kind, needle) in PHRASES.iter().enumerate() {
            let kind = kind as u8;
            let expected = all(needle);
            assert!(!expected.is_empty(), "{needle}");
            assert_eq!(
                marks.phrases(kind..=kind).collect::<Vec<_>>(),
                expected,
                "{needle}"
            );
        }
        assert!(!marks.shi.is_empty() && !marks.wu.is_empty());
        assert_eq!(marks.shi, all("十"));
        assert_eq!(marks.wu, all("五"));
        assert_eq!(
            marks.phrases(ARRANGED_FIRST..=ARRANGED_LAST).count(),
            PHRASES[usize::from(ARRANGED_FIRST)..=usize::from(ARRANGED_LAST)]
                .iter()
                .map(|p| memmem::find_iter(text.as_bytes(), p).count())
                .sum::<usize>()
        );
    }

    #[test]
    fn the_state_council_is_found_by_its_cues() {
        assert_eq!(
            state_council_cue("国务院向大会,受国务院委托,代表国务院"),
            Some((38, 15))
        );
        assert_eq!(
            state_council_cue("国务院向大会,受国务院委托"),
            Some((19, 12))
        );
        assert_eq!(state_council_cue("各位代表,国务院向大会"), Some((13, 12)));
        // Past the head only a text naming 国务院 three times counts, at its first.
        let far = format!("{}代表国务院", "。".repeat(2000));
        assert_eq!(state_council_cue(&far), None);
        assert_eq!(
            state_council_cue(&format!("国务院,国务院{far}")),
            Some((0, 9))
        );
    }

    #[test]
    fn party_meetings_are_read_around_their_shi() {
        let bound = |text: &str| {
            let mut cues = Vec::new();
            party_meeting_bound(text, &Marks::of_text(text), &mut cues);
            cues.first().map(|c| (c.year, c.evidence.rule.clone()))
        };
        let rule = |what: &str, year: i32| {
            Some((
                year,
                format!("latest party meeting cited: {what} → delivered {year} or later"),
            ))
        };
        assert_eq!(bound("第十九大代表"), None);
        assert_eq!(bound("十十九大"), None);
        assert_eq!(bound("十五届五中全会"), None);
        assert_eq!(bound("十九大代表"), rule("十九大", 2018));
        assert_eq!(bound("一十六届三中全会"), rule("一十六届三中全会", 2004));
        assert_eq!(
            bound("二十届三中全会和十九届六中全会"),
            rule("二十届三中全会", 2024)
        );
    }
}
