//! Quantities: every number of a report with its value, canonical unit and qualifier.
//!
//! A quantity is a number that measures something: an amount (4610亿元), a rate (7.5%),
//! a change (3.7个百分点), a count (1050处), a duration (3-5年). Names (16号线, 十三五,
//! 一带一路), list markers (一是), slogans (三严三实), ordinals (第十四届) and calendar
//! dates (2015年, 2月19日) are not quantities. This module only finds and reads numbers;
//! what they measure is decided in `indicator`.

use crate::span::ByteSpan;
use serde::Serialize;

/// How a written number relates to the true value (左右, 以上, 以内, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// No qualifier word: the number as stated.
    Exact,
    /// 左右, 约, 大约, 上下: about.
    About,
    /// 以上, 不低于, 不少于, 超过, 多, 余, 逾: at least (or more than).
    AtLeast,
    /// 以内, 以下, 不超过, 不高于, 控制在…以内: at most.
    AtMost,
    /// 近, 接近, 将近: nearly, just under.
    Nearly,
    /// 3-5年, 6%-6.5%: a range; see `low` and `high`.
    Range,
    /// 与…同步: in step with another quantity (targets only; never set by this module).
    Sync,
}

/// A number found in the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The whole expression, qualifier words and unit included, in bytes of the
    /// normalized text.
    pub span: ByteSpan,
    /// The value in the canonical unit, multipliers applied (4610亿元 → 4.61e11); for a
    /// range, its midpoint. Percentages stay in percent (7.5, not 0.075).
    pub value: f64,
    /// Lower bound of a range, else `None`.
    pub low: Option<f64>,
    /// Upper bound of a range, else `None`.
    pub high: Option<f64>,
    /// Canonical unit id (`CNY`, `percent`, `percentage_point`, `m2`, `person`, …);
    /// empty when the number has no unit (a bare count).
    pub unit: String,
    /// The unit as written, multiplier included (`亿元`, `万平方米`, `%`).
    pub unit_text: String,
    /// The multiplier applied (万 → 1e4, 亿 → 1e8); 1 when none.
    pub multiplier: f64,
    /// The qualifier.
    pub qualifier: Qualifier,
    /// The qualifier word as written, if any (`左右`, `多`, `以内`).
    pub qualifier_text: Option<String>,
}

/// Finds every quantity of a normalized text, in text order.
pub fn find_quantities(_text: &str) -> Vec<Quantity> {
    // Placeholder until the numeral reader lands.
    Vec::new()
}
