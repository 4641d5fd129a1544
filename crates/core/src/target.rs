//! The main expected targets (主要预期目标) of a report, numeric or not, with hardness.
//!
//! Numeric targets are the indicators of role `target` standing in the targets part of
//! the outline. Targets without a number are read from the same sentences:
//! "居民人均可支配收入增速与经济增长同步" (qualifier `sync`) and "完成市下达的…能耗水耗…
//! 任务" (no qualifier). Hardness follows how researchers code target language: 确保,
//! 以上, 以内, 不低于 are hard; 左右, 力争, 争取 are soft.

use crate::catalogue::Catalogue;
use crate::indicator::{ByStart, Indicator, Measure, Period, Role};
use crate::meta::ReportMeta;
use crate::outline::{Outline, SectionRole};
use crate::quantity::Qualifier;
use crate::span::ByteSpan;
use compact_str::CompactString;
use serde::Serialize;
use std::collections::HashSet;

/// How binding a target's wording is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hardness {
    /// No hedge: 确保, 以上, 以内, 控制在, a bare number or a range.
    Hard,
    /// A hedge word: 左右, 力争, 争取, 基本.
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

/// Hedge words: any of them in a target's own clause makes it soft.
const SOFT_CUES: &[&str] = &[
    "力争", "争取", "左右", "预期", "预计", "努力", "基本", "上下",
];

/// The main targets of a report: target indicators in the targets part, plus the
/// targets stated without a number in the same sentences.
///
/// Linear in the report: indicators are looked up by position (`ByStart`) and
/// targets by key (hash sets), never by scanning every indicator or target once per
/// clause or target; a report of one endless target sentence was quadratic.
pub fn main_targets(
    text: &str,
    outline: &Outline,
    meta: &ReportMeta,
    indicators: &[Indicator],
    catalogue: &Catalogue,
) -> Vec<Target> {
    let in_targets = |span: ByteSpan| outline.role_at(span.start) == SectionRole::Targets;
    let by_start = ByStart::new(indicators);
    let mut targets: Vec<Target> = indicators
        .iter()
        .filter(|i| i.role == Role::Target && in_targets(i.span) && !is_duration(&i.unit))
        .map(|i| Target {
            indicator: i.clone(),
            hardness: hardness(text, i),
        })
        .collect();
    for sentence in outline.sentences.iter().filter(|s| in_targets(s.span)) {
        for clause in clauses(text, sentence.span) {
            if by_start.within(clause).next().is_some() {
                continue;
            }
            // "经济增长速度的宏观调控目标,定为百分之八至九": the number in the next clause
            // already makes this metric a target of the sentence.
            let stated = non_numeric(text, clause, sentence.span, meta, catalogue);
            targets.extend(stated.into_iter().filter(|t| {
                !by_start.within(sentence.span).any(|k| {
                    indicators[k].metric == t.indicator.metric && indicators[k].role == Role::Target
                })
            }));
        }
    }
    // Old reports without a target list state some targets where the policy is set out:
    // "宏观调控的目标是,…力争控制在百分之十五左右" (1995). Take target indicators of a
    // catalogue metric from sentences naming a 目标, once per metric and measure.
    let mut known: HashSet<(&Option<CompactString>, Measure)> = targets
        .iter()
        .map(|t| (&t.indicator.metric, t.indicator.measure))
        .collect();
    let mut goals = Vec::new();
    for i in indicators
        .iter()
        .filter(|i| i.role == Role::Target && i.metric.is_some() && !in_targets(i.span))
    {
        if i.sentence.of(text).contains("目标") && known.insert((&i.metric, i.measure)) {
            goals.push(Target {
                indicator: i.clone(),
                hardness: hardness(text, i),
            });
        }
    }
    targets.append(&mut goals);
    targets.sort_by_key(|t| t.indicator.span.start);
    // A target restated later ("中央提出今年经济增长预期目标为8%左右") is the same target.
    let mut seen = HashSet::new();
    targets.retain(|t| {
        let i = &t.indicator;
        i.metric.is_none()
            || seen.insert((
                i.metric.clone(),
                i.measure,
                i.value.map(f64::to_bits),
                i.qualifier,
            ))
    });
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

/// Targets without a number in one clause of the target list: "A与B同步" (sync), and
/// every metric a clause names without a number ("完成…能耗水耗…任务", "进出口回稳向好").
fn non_numeric(
    text: &str,
    clause: ByteSpan,
    sentence: ByteSpan,
    meta: &ReportMeta,
    catalogue: &Catalogue,
) -> Vec<Target> {
    let words = clause.of(text);
    let aliases = catalogue.find_all(words);
    let make = |metric: usize, qualifier: Option<Qualifier>, span: ByteSpan| {
        let m = catalogue.metric(metric);
        let grows = qualifier == Some(Qualifier::Sync)
            || m.unit.contains("_per_")
            || m.unit == "CNY"
            || m.unit == "index";
        let indicator = Indicator {
            metric: Some(CompactString::new(&m.id)),
            metric_text: CompactString::new(span.of(text)),
            measure: if grows {
                Measure::Growth
            } else {
                Measure::Level
            },
            value: None,
            low: None,
            high: None,
            unit: CompactString::default(),
            qualifier,
            role: Role::Target,
            period: meta.year.map(Period::year),
            base: None,
            scope: None,
            from_value: None,
            quantity: None,
            span,
            sentence,
        };
        let hardness = if SOFT_CUES.iter().any(|c| words.contains(c)) {
            Hardness::Soft
        } else {
            Hardness::Hard
        };
        Target {
            indicator,
            hardness,
        }
    };
    // 甲与乙同步: 甲 in step with 乙; the span is the "与乙同步" part.
    if let Some(sync_start) = words.find("同步") {
        let with = words[..sync_start].rfind(['与', '和', '同']);
        let subject = with.and_then(|w| aliases.iter().rev().find(|a| a.end <= w));
        if let (Some(with), Some(subject)) = (with, subject) {
            let span = ByteSpan::new(
                clause.start + with,
                clause.start + sync_start + "同步".len(),
            );
            return vec![make(subject.metric, Some(Qualifier::Sync), span)];
        }
    }
    // Only a clause that says what should become of the metric is a target: "完成…任务",
    // "回稳向好", "基本平衡", "继续改善"; "保持适当的经济增长速度" is a policy, not a target.
    aliases
        .iter()
        .filter(|a| {
            GOAL_PREDICATES.iter().any(|p| words[a.end..].contains(p))
                || words[a.start..].starts_with("节能减排")
        })
        .filter(|a| !catalogue.metric(a.metric).is_placeholder())
        .map(|a| {
            make(
                a.metric,
                None,
                ByteSpan::new(clause.start + a.start, clause.start + a.end),
            )
        })
        .collect()
}

/// Words after a metric that make a clause without a number a target.
const GOAL_PREDICATES: &[&str] = &[
    "任务", "向好", "平衡", "改善", "稳定", "好转", "回升", "目标",
];

/// Durations ("三年") are the time a target takes, never a target themselves.
fn is_duration(unit: &str) -> bool {
    matches!(unit, "year" | "month" | "day" | "quarter" | "week")
}

fn hardness(text: &str, indicator: &Indicator) -> Hardness {
    let clause = clause_around(text, indicator.sentence, indicator.span);
    if SOFT_CUES.iter().any(|c| clause.contains(c))
        || matches!(
            indicator.qualifier,
            Some(Qualifier::About | Qualifier::Nearly)
        )
    {
        Hardness::Soft
    } else {
        Hardness::Hard
    }
}

/// The clause of `sentence` holding `span`, bounded by `;,:。`.
fn clause_around(text: &str, sentence: ByteSpan, span: ByteSpan) -> &str {
    let lead = &text[sentence.start..span.start];
    // The clause starts after the delimiter, which may be the three bytes of 。.
    let start = lead
        .char_indices()
        .rfind(|&(_, c)| matches!(c, ';' | ',' | ':' | '。'))
        .map_or(sentence.start, |(i, c)| sentence.start + i + c.len_utf8());
    let end = text[span.end..sentence.end]
        .find([';', ',', ':', '。'])
        .map_or(sentence.end, |i| span.end + i);
    &text[start..end]
}
