//! The main expected targets (主要预期目标) of a report, numeric or not, with hardness.
//!
//! Numeric targets are the indicators of role `target` standing in the targets part of
//! the outline. Targets without a number are read from the same sentences:
//! "居民人均可支配收入增速与经济增长同步" (qualifier `sync`) and "完成市下达的…能耗水耗…
//! 任务" (no qualifier). Hardness follows how researchers code target language: 确保,
//! 以上, 以内, 不低于 are hard; 左右, 力争, 争取 are soft.

use crate::catalogue::Catalogue;
use crate::indicator::{role_at, Indicator, Measure, Period, Role};
use crate::meta::ReportMeta;
use crate::outline::{Outline, SectionRole};
use crate::quantity::Qualifier;
use crate::span::ByteSpan;
use serde::Serialize;

/// How binding a target's wording is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hardness {
    /// 确保, 以上, 以内, 不低于, 控制在, or a bare number.
    Hard,
    /// 左右, 力争, 争取, 预期, a range.
    Soft,
}

/// One main expected target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// The target as an indicator (role `target`); `value` is `None` without a number.
    #[serde(flatten)]
    pub indicator: Indicator,
    /// Hard or soft wording.
    pub hardness: Hardness,
}

const SOFT_CUES: &[&str] = &["力争", "争取", "左右", "预期", "预计", "努力"];
const HARD_CUES: &[&str] = &["确保", "控制在", "不低于", "不少于", "不超过", "必须"];

/// The main targets of a report: target indicators in the targets part, plus the
/// targets stated without a number in the same sentences.
pub fn main_targets(
    text: &str,
    outline: &Outline,
    meta: &ReportMeta,
    indicators: &[Indicator],
    catalogue: &Catalogue,
) -> Vec<Target> {
    let in_targets = |span: ByteSpan| role_at(outline, span.start) == SectionRole::Targets;
    let mut targets: Vec<Target> = indicators
        .iter()
        .filter(|i| i.role == Role::Target && in_targets(i.span))
        .map(|i| Target {
            indicator: i.clone(),
            hardness: hardness(text, i),
        })
        .collect();
    for sentence in outline.sentences.iter().filter(|s| in_targets(s.span)) {
        for clause in clauses(text, sentence.span) {
            if indicators.iter().any(|i| clause.contains(i.span)) {
                continue;
            }
            targets.extend(non_numeric(text, clause, sentence.span, meta, catalogue));
        }
    }
    targets.sort_by_key(|t| t.indicator.span.start);
    targets
}

/// The clauses of a sentence, split at `;` and `,` and `:`.
fn clauses(text: &str, sentence: ByteSpan) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut start = sentence.start;
    for (i, c) in sentence.of(text).char_indices() {
        if matches!(c, ';' | ',' | ':' | '。') {
            out.push(ByteSpan::new(start, sentence.start + i));
            start = sentence.start + i + c.len_utf8();
        }
    }
    if start < sentence.end {
        out.push(ByteSpan::new(start, sentence.end));
    }
    out
}

/// Targets without a number in one clause.
fn non_numeric(
    text: &str,
    clause: ByteSpan,
    sentence: ByteSpan,
    meta: &ReportMeta,
    catalogue: &Catalogue,
) -> Vec<Target> {
    let words = clause.of(text);
    let aliases = catalogue.find_all(words);
    let make = |alias_start: usize,
                alias_end: usize,
                metric: usize,
                qualifier: Option<Qualifier>,
                span: ByteSpan| Target {
        indicator: Indicator {
            metric: Some(catalogue.metric(metric).id.clone()),
            metric_text: words[alias_start..alias_end].to_string(),
            measure: if qualifier.is_some() {
                Measure::Growth
            } else {
                Measure::Level
            },
            value: None,
            low: None,
            high: None,
            unit: String::new(),
            qualifier,
            role: Role::Target,
            period: meta.year.map(Period::year),
            base: None,
            scope: None,
            from_value: None,
            quantity: None,
            span,
            sentence,
        },
        hardness: Hardness::Soft,
    };
    // 甲与乙同步: 甲 in step with 乙.
    if let (Some(with), Some(_)) = (words.find('与'), words.find("同步")) {
        return aliases
            .iter()
            .rev()
            .find(|a| a.end <= with)
            .map(|a| {
                let span = ByteSpan::new(clause.start + with, clause.end);
                vec![make(a.start, a.end, a.metric, Some(Qualifier::Sync), span)]
            })
            .unwrap_or_default();
    }
    // 完成…任务 / 实现…目标: each named metric is a target without a number.
    if (words.contains("完成") || words.contains("实现"))
        && (words.contains("任务") || words.contains("目标"))
    {
        return aliases
            .iter()
            .map(|a| {
                make(
                    a.start,
                    a.end,
                    a.metric,
                    None,
                    ByteSpan::new(clause.start + a.start, clause.start + a.end),
                )
            })
            .collect();
    }
    Vec::new()
}

fn hardness(text: &str, indicator: &Indicator) -> Hardness {
    let clause_start = text[indicator.sentence.start..indicator.span.start]
        .rfind([';', ','])
        .map_or(indicator.sentence.start, |i| {
            indicator.sentence.start + i + 1
        });
    let lead = &text[clause_start..indicator.span.end];
    if SOFT_CUES.iter().any(|c| lead.contains(c)) {
        return Hardness::Soft;
    }
    if HARD_CUES.iter().any(|c| lead.contains(c)) {
        return Hardness::Hard;
    }
    match indicator.qualifier {
        Some(Qualifier::About | Qualifier::Nearly | Qualifier::Range) => Hardness::Soft,
        _ => Hardness::Hard,
    }
}
