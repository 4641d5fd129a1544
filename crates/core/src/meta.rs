//! Report metadata: region, level, years and plan period, each with the evidence for it.
//!
//! Years are often masked on scraped pages ("20xx", "××"); they are inferred from cues
//! such as "'十三五'的开局之年" and every inference says how sure it is.

use crate::span::ByteSpan;
use serde::Serialize;

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

/// Infers the metadata of a report from its normalized text, its outline and `hints`.
pub fn infer(
    _text: &str,
    _outline: &crate::outline::Outline,
    hints: &MetaHints,
    _diagnostics: &mut Vec<crate::Diagnostic>,
) -> ReportMeta {
    // Placeholder until the metadata reader lands: hints only.
    ReportMeta {
        region: hints.region.clone(),
        level: hints.level,
        year: hints.year,
        review_year: hints.year.map(|y| y - 1),
        title: hints.title.clone(),
        ..ReportMeta::default()
    }
}
