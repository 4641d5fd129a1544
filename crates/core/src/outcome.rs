//! The linker: a target of year N against what the year-N+1 report says became of it.
//!
//! For each main target of a region's year-N report, [`link`] looks in the indicators of
//! the same region's year-N+1 report for the actual of year N (role `actual`, else an
//! `estimate` 预计), matched by metric and measure, and judges it with [`judge`]. The
//! verdict follows the qualifier's meaning and comes with its rule written out, numbers
//! included, so that a reader can check it against the two sentences.
//!
//! Verdict rules (`t` target, `a` actual; tolerance `tol` is ±0.5 percentage points for
//! values in percent — growth rates, shares, changes in points — and ±5% of the target
//! for levels, counts and absolute changes; see [`Tolerance`]):
//!
//! | qualifier | met | exceeded | missed |
//! |---|---|---|---|
//! | at_least (以上, 不低于) | a ≥ t | — | a < t |
//! | at_most (以内, 不超过) | a ≤ t | — | a > t |
//! | about (左右), nearly (近) | \|a − t\| ≤ tol | a > t + tol | a < t − tol |
//! | exact, growth/level/count | a ≥ t (a bare number is read as a floor) | — | a < t |
//! | exact, share | as about | as about | as about |
//! | range (6%-7%) | low ≤ a ≤ high | a > high | a < low |
//! | sync (与经济增长同步) | g ≥ g_ref − 0.5 pp | — | g < g_ref − 0.5 pp |
//!
//! One-sided targets are never `exceeded`: going beyond a floor is what the floor asked
//! for. `exceeded` means "above the stated band" for two-sided targets, whether or not
//! above is good (a CPI above its 3%左右 target is `exceeded`). A stated fall
//! ("下降3%以上", value −3) turns a floor on the size of the fall into a ceiling on the
//! signed value: met when a ≤ −3. `no_data` when the next report states no actual or
//! estimate of the metric in the target's measure (a GDP level does not answer a GDP
//! growth target; the rule then says what was stated); `not_comparable` when it states
//! the metric and measure in another unit (percent against percentage points, 元 against
//! 美元). Numbers over several years (年均, 累计, 比2002年增长) are never outcomes.
//!
//! This module does not decide what a target or an indicator is (see `target`,
//! `indicator`); it only compares them. Pure: no I/O.

use crate::indicator::{Indicator, Measure, Role};
use crate::quantity::Qualifier;
use crate::target::Target;
use serde::Serialize;

/// What became of a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The actual satisfies the target.
    Met,
    /// The actual is above a two-sided target's band.
    Exceeded,
    /// The actual falls short.
    Missed,
    /// The next report states nothing for the metric.
    NoData,
    /// The next report states the metric, but in another measure or unit.
    NotComparable,
}

impl Verdict {
    /// The snake_case name used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Exceeded => "exceeded",
            Verdict::Missed => "missed",
            Verdict::NoData => "no_data",
            Verdict::NotComparable => "not_comparable",
        }
    }

    /// The verdict named `name` (as written by [`Verdict::as_str`]).
    pub fn parse(name: &str) -> Option<Verdict> {
        [
            Verdict::Met,
            Verdict::Exceeded,
            Verdict::Missed,
            Verdict::NoData,
            Verdict::NotComparable,
        ]
        .into_iter()
        .find(|v| v.as_str() == name)
    }
}

/// How far from an `about` target an actual may land and still meet it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tolerance {
    /// For values in percent or percentage points: absolute, in points.
    pub percent_points: f64,
    /// For levels, counts and absolute changes: a fraction of the target.
    pub relative: f64,
    /// Metrics where less is better (catalogue column `better`): a target on them is a
    /// ceiling, so "3%左右" is met by 2% and missed only above the band.
    pub lower_is_better: Vec<String>,
}

impl Default for Tolerance {
    /// ±0.5 percentage points; ±5% of the target.
    fn default() -> Tolerance {
        let catalogue = crate::catalogue::Catalogue::default();
        Tolerance {
            percent_points: 0.5,
            relative: 0.05,
            lower_is_better: catalogue
                .metrics()
                .iter()
                .filter(|m| m.lower_is_better)
                .map(|m| m.id.clone())
                .collect(),
        }
    }
}

impl Tolerance {
    /// The tolerance, in the target's unit, around target value `t` in `unit`.
    pub fn around(&self, t: f64, unit: &str) -> f64 {
        if is_percent(unit) {
            self.percent_points
        } else {
            (t * self.relative).abs()
        }
    }
}

fn is_percent(unit: &str) -> bool {
    matches!(unit, "percent" | "percentage_point" | "permille")
}

/// A verdict with its rule written out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// The rule applied, with the numbers: `about: |7.4 − 7| = 0.4 ≤ 0.5 → met`.
    pub rule: String,
}

impl Judgement {
    fn new(verdict: Verdict, rule: String) -> Judgement {
        Judgement { verdict, rule }
    }
}

/// A number written short: `7`, `7.5`, `4.61e11` stays readable as `461000000000`.
fn num(x: f64) -> String {
    let rounded = (x * 1e6).round() / 1e6;
    if rounded == rounded.trunc() && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// Judges `actual` against `target` by the target's qualifier (see the module table).
///
/// The caller has matched metric and measure; a unit mismatch still yields
/// `not_comparable` here. A target without a number, or a `sync` target (which needs
/// two rates, see [`judge_sync`]), yields `not_comparable`.
pub fn judge(target: &Indicator, actual: &Indicator, tolerance: &Tolerance) -> Judgement {
    if target.unit != actual.unit {
        return Judgement::new(
            Verdict::NotComparable,
            format!(
                "units differ: target in {}, actual in {}",
                unit_name(&target.unit),
                unit_name(&actual.unit)
            ),
        );
    }
    if target.measure != actual.measure {
        return Judgement::new(
            Verdict::NotComparable,
            format!(
                "measures differ: target {:?}, actual {:?}",
                target.measure, actual.measure
            ),
        );
    }
    let Some(a) = actual.value else {
        return Judgement::new(Verdict::NoData, "the outcome has no number".to_string());
    };
    let qualifier = target.qualifier.unwrap_or(Qualifier::Exact);
    if qualifier == Qualifier::Range {
        if let (Some(low), Some(high)) = (target.low, target.high) {
            return judge_range(low.min(high), low.max(high), a);
        }
    }
    let Some(t) = target.value else {
        return Judgement::new(
            Verdict::NotComparable,
            "the target has no number".to_string(),
        );
    };
    let is_change = matches!(
        target.measure,
        Measure::Growth | Measure::ChangePp | Measure::Change
    );
    // A stated fall (下降3%以上 → −3): the floor is on the size of the fall.
    let fall = is_change && t < 0.0;
    let tol = tolerance.around(t, &target.unit);
    let lower_is_better = target
        .metric
        .as_ref()
        .is_some_and(|m| tolerance.lower_is_better.iter().any(|l| l == m));
    if lower_is_better
        && !fall
        && matches!(
            qualifier,
            Qualifier::About | Qualifier::Nearly | Qualifier::Exact
        )
    {
        // A price or unemployment target is a ceiling: below it is success.
        return ceiling(
            t + if qualifier == Qualifier::Exact {
                0.0
            } else {
                tol
            },
            a,
            false,
            "ceiling (less is better)",
        );
    }
    match qualifier {
        Qualifier::AtLeast => floor(t, a, fall, "at_least"),
        Qualifier::AtMost => ceiling(t, a, fall, "at_most"),
        Qualifier::About | Qualifier::Nearly => band(t, a, tol, qualifier_name(qualifier)),
        Qualifier::Exact if target.measure == Measure::Share => band(t, a, tol, "exact share"),
        Qualifier::Exact => floor(t, a, fall, "exact (read as a floor)"),
        Qualifier::Range => band(t, a, tol, "range without bounds"),
        Qualifier::Sync => Judgement::new(
            Verdict::NotComparable,
            "sync needs the reference growth rate".to_string(),
        ),
    }
}

fn floor(t: f64, a: f64, fall: bool, name: &str) -> Judgement {
    if fall {
        let verdict = if a <= t {
            Verdict::Met
        } else {
            Verdict::Missed
        };
        let op = if a <= t { "≤" } else { ">" };
        Judgement::new(
            verdict,
            format!(
                "{name}, a fall of at least {}: {} {op} {} → {}",
                num(-t),
                num(a),
                num(t),
                verdict.as_str()
            ),
        )
    } else {
        let verdict = if a >= t {
            Verdict::Met
        } else {
            Verdict::Missed
        };
        let op = if a >= t { "≥" } else { "<" };
        Judgement::new(
            verdict,
            format!("{name}: {} {op} {} → {}", num(a), num(t), verdict.as_str()),
        )
    }
}

fn ceiling(t: f64, a: f64, fall: bool, name: &str) -> Judgement {
    if fall {
        let verdict = if a >= t {
            Verdict::Met
        } else {
            Verdict::Missed
        };
        let op = if a >= t { "≥" } else { "<" };
        Judgement::new(
            verdict,
            format!(
                "{name}, a fall of at most {}: {} {op} {} → {}",
                num(-t),
                num(a),
                num(t),
                verdict.as_str()
            ),
        )
    } else {
        let verdict = if a <= t {
            Verdict::Met
        } else {
            Verdict::Missed
        };
        let op = if a <= t { "≤" } else { ">" };
        Judgement::new(
            verdict,
            format!("{name}: {} {op} {} → {}", num(a), num(t), verdict.as_str()),
        )
    }
}

fn band(t: f64, a: f64, tol: f64, name: &str) -> Judgement {
    let diff = a - t;
    // Compare with a little slack so that 7.5 vs 7 with tolerance 0.5 is met despite
    // binary floating point.
    let verdict = if diff.abs() <= tol + 1e-9 {
        Verdict::Met
    } else if diff > 0.0 {
        Verdict::Exceeded
    } else {
        Verdict::Missed
    };
    let op = if verdict == Verdict::Met { "≤" } else { ">" };
    Judgement::new(
        verdict,
        format!(
            "{name}: |{} − {}| = {} {op} {} → {}",
            num(a),
            num(t),
            num(diff.abs()),
            num(tol),
            verdict.as_str()
        ),
    )
}

fn judge_range(low: f64, high: f64, a: f64) -> Judgement {
    let (verdict, how) = if a < low - 1e-9 {
        (Verdict::Missed, format!("{} < {}", num(a), num(low)))
    } else if a > high + 1e-9 {
        (Verdict::Exceeded, format!("{} > {}", num(a), num(high)))
    } else {
        (
            Verdict::Met,
            format!("{} ≤ {} ≤ {}", num(low), num(a), num(high)),
        )
    };
    Judgement::new(verdict, format!("range: {how} → {}", verdict.as_str()))
}

/// Judges a `sync` target (居民收入增长与经济增长同步): the metric's growth `growth`
/// against the reference growth `reference` (GDP growth of the same year), both in
/// percent. Met when `growth ≥ reference − tolerance.percent_points`.
pub fn judge_sync(growth: Option<f64>, reference: Option<f64>, tolerance: &Tolerance) -> Judgement {
    let (Some(g), Some(r)) = (growth, reference) else {
        let missing = if growth.is_none() {
            "the metric's growth"
        } else {
            "the reference growth (GDP)"
        };
        return Judgement::new(Verdict::NoData, format!("sync: {missing} is not reported"));
    };
    let bar = r - tolerance.percent_points;
    let verdict = if g >= bar - 1e-9 {
        Verdict::Met
    } else {
        Verdict::Missed
    };
    let op = if verdict == Verdict::Met { "≥" } else { "<" };
    Judgement::new(
        verdict,
        format!(
            "sync: growth {} {op} GDP growth {} − {} → {}",
            num(g),
            num(r),
            num(tolerance.percent_points),
            verdict.as_str()
        ),
    )
}

fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::Nearly => "nearly",
        Qualifier::Range => "range",
        Qualifier::Sync => "sync",
    }
}

fn unit_name(unit: &str) -> &str {
    if unit.is_empty() {
        "(none)"
    } else {
        unit
    }
}

/// The outcome found for one target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// Index of the target in the targets given to [`link`].
    pub target: usize,
    /// Index of the outcome in the next report's indicators, if one was found.
    pub outcome: Option<usize>,
    /// For `sync` targets: index of the reference (GDP growth) indicator.
    pub reference: Option<usize>,
    /// Verdict and rule.
    pub judgement: Judgement,
}

/// The next report, as the linker needs it.
#[derive(Clone, Copy, Debug)]
pub struct NextReport<'a> {
    /// Its normalized text (spans of `indicators` point into it).
    pub text: &'a str,
    /// Its indicators.
    pub indicators: &'a [Indicator],
}

/// Links each target of year `year` to its outcome in `next` (the same region's report
/// of year `year + 1`).
///
/// A candidate outcome is an indicator of the same metric with role `actual` or
/// `estimate` whose period is `year` (or unstated). Averages over several years
/// (年均, 累计 in the clause) are skipped. Among candidates of the right measure and
/// unit, an actual beats an estimate, then text order decides. Targets without a
/// catalogue metric get `no_data`.
pub fn link(
    targets: &[Target],
    year: i32,
    next: NextReport<'_>,
    tolerance: &Tolerance,
) -> Vec<Link> {
    let candidates: Vec<usize> = next
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.role, Role::Actual | Role::Estimate))
        .filter(|(_, i)| i.period.is_none_or(|p| p.start == year && p.end == year))
        .filter(|(_, i)| i.value.is_some() && !is_multi_year(next.text, i, year))
        .map(|(k, _)| k)
        .collect();
    let best = |metric: &str, measure: Measure, unit: &str| -> (Option<usize>, Option<usize>) {
        let mut same_metric = None;
        let mut best: Option<usize> = None;
        for &k in &candidates {
            let i = &next.indicators[k];
            if i.metric.as_deref() != Some(metric) {
                continue;
            }
            same_metric.get_or_insert(k);
            if i.measure != measure || i.unit != unit {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => next.indicators[b].role == Role::Estimate && i.role == Role::Actual,
            };
            if better {
                best = Some(k);
            }
        }
        (best, same_metric)
    };
    targets
        .iter()
        .enumerate()
        .map(|(t_idx, target)| {
            let t = &target.indicator;
            let Some(metric) = t.metric.as_deref() else {
                return Link {
                    target: t_idx,
                    outcome: None,
                    reference: None,
                    judgement: Judgement::new(
                        Verdict::NoData,
                        "the target's metric is not in the catalogue".to_string(),
                    ),
                };
            };
            if t.qualifier == Some(Qualifier::Sync) {
                let (own, _) = best(metric, Measure::Growth, "percent");
                let (reference, _) = best("gdp", Measure::Growth, "percent");
                let value = |k: Option<usize>| k.and_then(|k| next.indicators[k].value);
                return Link {
                    target: t_idx,
                    outcome: own,
                    reference,
                    judgement: judge_sync(value(own), value(reference), tolerance),
                };
            }
            let (found, same_metric) = best(metric, t.measure, &t.unit);
            let same_measure =
                found.or_else(|| same_metric.filter(|&k| next.indicators[k].measure == t.measure));
            let judgement = match (same_measure, same_metric) {
                (Some(k), _) => judge(t, &next.indicators[k], tolerance),
                (None, Some(k)) => Judgement::new(
                    Verdict::NoData,
                    format!(
                        "no {:?} of {metric} for {year} in the next report (only {:?})",
                        t.measure, next.indicators[k].measure
                    )
                    .to_lowercase(),
                ),
                (None, None) => Judgement::new(
                    Verdict::NoData,
                    format!("no actual or estimate of {metric} for {year} in the next report"),
                ),
            };
            Link {
                target: t_idx,
                outcome: same_measure,
                reference: None,
                judgement,
            }
        })
        .collect()
}

/// True when the number is over several years: the clause before it says 年均, 累计
/// or 五年, or its base is a year before `year - 1` (比2002年增长65.5%).
fn is_multi_year(text: &str, indicator: &Indicator, year: i32) -> bool {
    let base_year = indicator.base.as_deref().and_then(|b| {
        let digits: String = b.chars().filter(char::is_ascii_digit).collect();
        (digits.len() == 4)
            .then(|| digits.parse::<i32>().ok())
            .flatten()
    });
    if base_year.is_some_and(|b| b < year - 1) {
        return true;
    }
    let (start, end) = (indicator.sentence.start, indicator.span.start);
    let Some(lead) = text.get(start..end) else {
        return false;
    };
    let clause = lead
        .rfind([',', ';', '，', '；'])
        .map_or(lead, |at| &lead[at..]);
    ["年均", "累计", "五年", "平均每年"]
        .iter()
        .any(|w| clause.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Period;
    use crate::span::ByteSpan;
    use crate::target::Hardness;

    fn ind(metric: &str, measure: Measure, value: f64, unit: &str, q: Qualifier) -> Indicator {
        Indicator {
            metric: Some(metric.into()),
            metric_text: metric.into(),
            measure,
            value: Some(value),
            low: None,
            high: None,
            unit: unit.into(),
            qualifier: Some(q),
            role: Role::Target,
            period: Some(Period::year(2015)),
            base: None,
            scope: None,
            from_value: None,
            quantity: None,
            span: ByteSpan::new(0, 0),
            sentence: ByteSpan::new(0, 0),
        }
    }

    /// One verdict rule case: target qualifier and value, actual, expected verdict.
    fn check(q: Qualifier, measure: Measure, unit: &str, t: f64, a: f64, want: Verdict) {
        let target = ind("gdp", measure, t, unit, q);
        let mut actual = ind("gdp", measure, a, unit, Qualifier::Exact);
        actual.role = Role::Actual;
        let got = judge(&target, &actual, &Tolerance::default());
        assert_eq!(got.verdict, want, "{q:?} t={t} a={a}: {}", got.rule);
        assert!(got.rule.ends_with(want.as_str()), "{}", got.rule);
    }

    #[test]
    fn verdict_rules() {
        use Measure::*;
        use Qualifier::*;
        use Verdict::*;
        let pct = "percent";
        let cases = [
            // at_least: floor, never exceeded.
            (AtLeast, Growth, pct, 7.0, 7.0, Met),
            (AtLeast, Growth, pct, 7.0, 9.0, Met),
            (AtLeast, Growth, pct, 7.0, 6.9, Missed),
            // at_least on a stated fall: 下降3%以上.
            (AtLeast, Growth, pct, -3.0, -3.5, Met),
            (AtLeast, Growth, pct, -3.0, -2.0, Missed),
            // at_most: ceiling.
            (AtMost, Share, pct, 4.5, 4.1, Met),
            (AtMost, Share, pct, 4.5, 4.5, Met),
            (AtMost, Share, pct, 3.0, 5.9, Missed),
            // at_most on a fall: 下降不超过2%.
            (AtMost, Growth, pct, -2.0, -1.0, Met),
            (AtMost, Growth, pct, -2.0, -3.0, Missed),
            // about: ±0.5 pp for percent.
            (About, Growth, pct, 8.0, 8.5, Met),
            (About, Growth, pct, 8.0, 7.5, Met),
            (About, Growth, pct, 8.0, 9.9, Exceeded),
            (About, Growth, pct, 7.0, 6.4, Missed),
            (Nearly, Growth, pct, 7.0, 6.8, Met),
            // about: ±5% for levels.
            (About, Level, "CNY", 100.0, 104.0, Met),
            (About, Level, "CNY", 100.0, 106.0, Exceeded),
            (About, Level, "CNY", 100.0, 94.0, Missed),
            // exact growth or level: a floor.
            (Exact, Growth, pct, 7.5, 7.7, Met),
            (Exact, Growth, pct, 7.5, 7.4, Missed),
            (Exact, Level, "person", 900.0, 1300.0, Met),
            // exact share: a band.
            (Exact, Share, pct, 4.0, 4.3, Met),
            (Exact, Share, pct, 4.0, 4.6, Exceeded),
        ];
        for (q, measure, unit, t, a, want) in cases {
            check(q, measure, unit, t, a, want);
        }
    }

    #[test]
    fn targets_on_lower_is_better_metrics_are_ceilings() {
        let tol = Tolerance::default();
        assert!(
            tol.lower_is_better.iter().any(|m| m == "cpi"),
            "{:?}",
            tol.lower_is_better
        );
        let cases = [
            // 涨幅3%左右 on CPI: at or under the band is success.
            ("cpi", Qualifier::About, 3.0, 2.0, Verdict::Met),
            ("cpi", Qualifier::About, 3.0, 3.4, Verdict::Met),
            ("cpi", Qualifier::About, 3.0, 3.8, Verdict::Missed),
            // 失业率4.6% (exact): a ceiling without slack.
            (
                "urban_registered_unemployment_rate",
                Qualifier::Exact,
                4.6,
                4.1,
                Verdict::Met,
            ),
            (
                "urban_registered_unemployment_rate",
                Qualifier::Exact,
                4.6,
                4.7,
                Verdict::Missed,
            ),
            // More is better for GDP: the same numbers keep the band rule.
            ("gdp", Qualifier::About, 3.0, 2.0, Verdict::Missed),
        ];
        for (metric, qualifier, t, a, want) in cases {
            let measure = if metric == "cpi" || metric == "gdp" {
                Measure::Growth
            } else {
                Measure::Share
            };
            let target = ind(metric, measure, t, "percent", qualifier);
            let actual = ind(metric, measure, a, "percent", Qualifier::Exact);
            let got = judge(&target, &actual, &tol);
            assert_eq!(got.verdict, want, "{metric} {t} vs {a}: {}", got.rule);
        }
    }

    #[test]
    fn range_rule() {
        let mut target = ind("gdp", Measure::Growth, 6.75, "percent", Qualifier::Range);
        target.low = Some(6.5);
        target.high = Some(7.0);
        for (a, want) in [
            (6.5, Verdict::Met),
            (6.7, Verdict::Met),
            (7.0, Verdict::Met),
            (7.1, Verdict::Exceeded),
            (6.4, Verdict::Missed),
        ] {
            let actual = ind("gdp", Measure::Growth, a, "percent", Qualifier::Exact);
            let got = judge(&target, &actual, &Tolerance::default());
            assert_eq!(got.verdict, want, "{a}: {}", got.rule);
        }
    }

    #[test]
    fn not_comparable_and_sync() {
        let t = ind("gdp", Measure::Growth, 7.0, "percent", Qualifier::About);
        let level = ind("gdp", Measure::Level, 6.7e13, "CNY", Qualifier::Exact);
        assert_eq!(
            judge(&t, &level, &Tolerance::default()).verdict,
            Verdict::NotComparable
        );
        let tol = Tolerance::default();
        assert_eq!(judge_sync(Some(7.4), Some(7.8), &tol).verdict, Verdict::Met);
        assert_eq!(
            judge_sync(Some(7.2), Some(7.8), &tol).verdict,
            Verdict::Missed
        );
        assert_eq!(judge_sync(None, Some(7.8), &tol).verdict, Verdict::NoData);
        assert_eq!(
            judge_sync(Some(7.2), Some(7.8), &tol).rule,
            "sync: growth 7.2 < GDP growth 7.8 − 0.5 → missed"
        );
    }

    fn target(i: Indicator) -> Target {
        Target {
            indicator: i,
            hardness: Hardness::Soft,
        }
    }

    #[test]
    fn link_prefers_actual_and_skips_averages() {
        let text = "国内生产总值年均增长10%,预计增长7.6%。国内生产总值增长7.4%。";
        let span_of = |needle: &str| {
            let at = text.find(needle).unwrap();
            ByteSpan::new(at, at + needle.len())
        };
        let first_sentence = ByteSpan::new(0, text.find('。').unwrap() + '。'.len_utf8());
        let mk = |needle: &str, v: f64, role: Role, sentence: ByteSpan| {
            let mut i = ind("gdp", Measure::Growth, v, "percent", Qualifier::Exact);
            i.role = role;
            i.span = span_of(needle);
            i.sentence = sentence;
            i
        };
        let second_sentence = ByteSpan::new(first_sentence.end, text.len());
        let next = vec![
            mk("10%", 10.0, Role::Actual, first_sentence),
            mk("7.6%", 7.6, Role::Estimate, first_sentence),
            mk("7.4%", 7.4, Role::Actual, second_sentence),
        ];
        let targets = vec![
            target(ind(
                "gdp",
                Measure::Growth,
                7.0,
                "percent",
                Qualifier::About,
            )),
            target(ind(
                "cpi",
                Measure::Growth,
                3.0,
                "percent",
                Qualifier::About,
            )),
        ];
        let links = link(
            &targets,
            2015,
            NextReport {
                text,
                indicators: &next,
            },
            &Tolerance::default(),
        );
        assert_eq!(links[0].outcome, Some(2));
        assert_eq!(links[0].judgement.verdict, Verdict::Met);
        assert_eq!(
            links[0].judgement.rule,
            "about: |7.4 − 7| = 0.4 ≤ 0.5 → met"
        );
        assert_eq!(links[1].outcome, None);
        assert_eq!(links[1].judgement.verdict, Verdict::NoData);
    }

    #[test]
    fn link_skips_multi_year_bases_and_other_measures() {
        let mut since_2002 = ind("gdp", Measure::Growth, 65.5, "percent", Qualifier::Exact);
        since_2002.role = Role::Actual;
        since_2002.period = Some(Period::year(2007));
        since_2002.base = Some("比2002年".to_string());
        let mut level = ind("gdp", Measure::Level, 2.466e13, "CNY", Qualifier::Exact);
        level.role = Role::Actual;
        level.period = Some(Period::year(2007));
        let mut points = ind(
            "gdp",
            Measure::Growth,
            1.0,
            "percentage_point",
            Qualifier::Exact,
        );
        points.role = Role::Actual;
        points.period = Some(Period::year(2007));
        let growth = ind("gdp", Measure::Growth, 8.0, "percent", Qualifier::About);
        let next = [since_2002, level];
        let links = link(
            &[target(growth.clone())],
            2007,
            NextReport {
                text: "",
                indicators: &next,
            },
            &Tolerance::default(),
        );
        assert_eq!(links[0].outcome, None);
        assert_eq!(links[0].judgement.verdict, Verdict::NoData);
        assert_eq!(
            links[0].judgement.rule,
            "no growth of gdp for 2007 in the next report (only level)"
        );
        let next = [points];
        let links = link(
            &[target(growth)],
            2007,
            NextReport {
                text: "",
                indicators: &next,
            },
            &Tolerance::default(),
        );
        assert_eq!(links[0].outcome, Some(0));
        assert_eq!(links[0].judgement.verdict, Verdict::NotComparable);
    }

    #[test]
    fn link_sync_uses_gdp_growth() {
        let mut income = ind(
            "per_capita_disposable_income",
            Measure::Growth,
            0.0,
            "percent",
            Qualifier::Sync,
        );
        income.value = None;
        let mut g = ind("gdp", Measure::Growth, 6.9, "percent", Qualifier::Exact);
        g.role = Role::Actual;
        let mut inc = ind(
            "per_capita_disposable_income",
            Measure::Growth,
            7.4,
            "percent",
            Qualifier::Exact,
        );
        inc.role = Role::Actual;
        let next = [g, inc];
        let links = link(
            &[target(income)],
            2015,
            NextReport {
                text: "",
                indicators: &next,
            },
            &Tolerance::default(),
        );
        assert_eq!(links[0].outcome, Some(1));
        assert_eq!(links[0].reference, Some(0));
        assert_eq!(links[0].judgement.verdict, Verdict::Met);
    }
}
