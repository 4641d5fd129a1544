//! Evaluation against gold annotations: precision, recall and F1 per document, with the
//! misses and false alarms listed and a per-field breakdown of near misses.
//!
//! Gold files are tab-separated text (format in `test_data/gold/README.md`); each line
//! names an *anchor*, the expression as written, which is located in the normalized
//! text by searching forward from the previous anchor. A prediction matches a gold
//! line when their spans overlap and every compared field agrees. Parsing and matching
//! are pure; reading the files is the caller's job.

use crate::error::DataError;
use crate::indicator::{Indicator, Measure, Role};
use crate::quantity::{Qualifier, Quantity};
use crate::span::ByteSpan;
use crate::target::{Hardness, Target};
use crate::Report;

/// What a gold file annotates, told by its header line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoldKind {
    /// `anchor value low high unit qualifier`.
    Quantities,
    /// `anchor metric measure value qualifier role year`.
    Indicators,
    /// `anchor metric measure value qualifier hardness`.
    Targets,
}

/// One gold line: the anchor and the fields to compare, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldItem {
    /// 1-based line number in the gold file.
    pub line: usize,
    /// The anchor as written.
    pub anchor: String,
    /// Column name → value, in header order (without the anchor).
    pub fields: Vec<(String, String)>,
}

/// A parsed gold file.
#[derive(Clone, Debug)]
pub struct Gold {
    /// What it annotates.
    pub kind: GoldKind,
    /// Its lines in order.
    pub items: Vec<GoldItem>,
}

impl Gold {
    /// Parses a gold file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Gold, DataError> {
        let error = |line: usize, message: String| DataError {
            file: file.to_string(),
            line,
            message,
        };
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let (header_idx, header) = lines
            .next()
            .ok_or_else(|| error(1, "empty gold file".into()))?;
        let columns: Vec<&str> = header.trim_end_matches('\r').split('\t').collect();
        let kind = match columns.as_slice() {
            ["anchor", "value", "low", "high", "unit", "qualifier", ..] => GoldKind::Quantities,
            ["anchor", "metric", "measure", "value", "qualifier", "role", ..] => {
                GoldKind::Indicators
            }
            ["anchor", "metric", "measure", "value", "qualifier", "hardness", ..] => {
                GoldKind::Targets
            }
            _ => return Err(error(header_idx + 1, format!("unknown header {header:?}"))),
        };
        let mut items = Vec::new();
        for (idx, line) in lines {
            let cells: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            if cells.len() < columns.len() - 1 || cells[0].is_empty() {
                return Err(error(
                    idx + 1,
                    format!(
                        "expected {} tab-separated columns, found {}",
                        columns.len(),
                        cells.len()
                    ),
                ));
            }
            let fields = columns[1..]
                .iter()
                .zip(cells[1..].iter().chain(std::iter::repeat(&"")))
                .map(|(c, v)| (c.to_string(), v.trim().to_string()))
                .collect();
            items.push(GoldItem {
                line: idx + 1,
                anchor: cells[0].to_string(),
                fields,
            });
        }
        Ok(Gold { kind, items })
    }

    /// Locates every anchor in `text`, in order, each searched after the end of the
    /// previous one (so a repeated anchor means its next occurrence); an anchor not found
    /// is an error.
    pub fn locate(&self, file: &str, text: &str) -> Result<Vec<ByteSpan>, DataError> {
        let mut from = 0;
        let mut spans = Vec::with_capacity(self.items.len());
        let mut last = ByteSpan::new(0, 0);
        for item in &self.items {
            // "^anchor": the same occurrence as the previous line, for one number that
            // measures two metrics ("地区生产总值和城乡居民收入年均增速超过10%").
            if let Some(anchor) = item.anchor.strip_prefix('^') {
                if last.of(text).contains(anchor) {
                    spans.push(last);
                    continue;
                }
            }
            let at = text[from..]
                .find(item.anchor.as_str())
                .map(|i| from + i)
                .ok_or_else(|| DataError {
                    file: file.to_string(),
                    line: item.line,
                    message: format!("anchor {:?} not found after byte {from}", item.anchor),
                })?;
            last = ByteSpan::new(at, at + item.anchor.len());
            spans.push(last);
            from = at + item.anchor.len();
        }
        Ok(spans)
    }
}

/// One predicted fact, flattened to the compared fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Where it is.
    pub span: ByteSpan,
    /// Column name → value, as the gold file writes them.
    pub fields: Vec<(&'static str, String)>,
}

/// Precision, recall and the lists behind them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Number of gold items.
    pub n_gold: usize,
    /// Number of predictions.
    pub n_predicted: usize,
    /// Predictions that match a gold item on every field.
    pub n_matched: usize,
    /// Gold items no prediction matched, with what the nearest overlapping prediction
    /// said instead (`None` if nothing overlapped).
    pub misses: Vec<(GoldItem, Option<Prediction>)>,
    /// Predictions that matched no gold item, with their text.
    pub false_alarms: Vec<(Prediction, String)>,
    /// For each field, gold items whose overlapping prediction got that field wrong.
    pub field_errors: Vec<(String, usize)>,
}

impl Score {
    /// Matched predictions over predictions (1 when nothing was predicted and nothing
    /// was expected).
    pub fn precision(&self) -> f64 {
        ratio(self.n_matched, self.n_predicted, self.n_gold)
    }

    /// Matched gold items over gold items.
    pub fn recall(&self) -> f64 {
        ratio(
            self.n_gold - self.misses.len(),
            self.n_gold,
            self.n_predicted,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(num: usize, den: usize, other: usize) -> f64 {
    if den == 0 {
        if other == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        num as f64 / den as f64
    }
}

/// The predictions of `report` for a gold file of `kind`. Indicators without a
/// catalogue metric, and absolute changes, are left out: the gold format covers
/// catalogue metrics in the measures level, growth, change_pp and share.
pub fn predictions(report: &Report, kind: GoldKind) -> Vec<Prediction> {
    match kind {
        GoldKind::Quantities => report.quantities.iter().map(quantity_prediction).collect(),
        GoldKind::Indicators => report
            .indicators
            .iter()
            .filter(|i| i.metric.is_some() && i.measure != Measure::Change)
            .map(indicator_prediction)
            .collect(),
        GoldKind::Targets => report.targets.iter().map(target_prediction).collect(),
    }
}

fn quantity_prediction(q: &Quantity) -> Prediction {
    Prediction {
        span: q.span,
        fields: vec![
            ("value", number(Some(q.value))),
            ("low", number(q.low)),
            ("high", number(q.high)),
            ("unit", q.unit.to_string()),
            ("qualifier", qualifier(Some(q.qualifier))),
        ],
    }
}

fn indicator_prediction(i: &Indicator) -> Prediction {
    Prediction {
        span: i.span,
        fields: vec![
            (
                "metric",
                i.metric.as_deref().unwrap_or_default().to_string(),
            ),
            ("measure", measure(i.measure)),
            ("value", number(i.value)),
            ("qualifier", qualifier(i.qualifier)),
            ("role", role(i.role)),
            (
                "year",
                i.period.map(|p| p.end.to_string()).unwrap_or_default(),
            ),
        ],
    }
}

fn target_prediction(t: &Target) -> Prediction {
    let i = &t.indicator;
    Prediction {
        span: i.span,
        fields: vec![
            (
                "metric",
                i.metric.as_deref().unwrap_or_default().to_string(),
            ),
            ("measure", measure(i.measure)),
            ("value", number(i.value)),
            ("qualifier", qualifier(i.qualifier)),
            (
                "hardness",
                if t.hardness == Hardness::Hard {
                    "hard"
                } else {
                    "soft"
                }
                .to_string(),
            ),
        ],
    }
}

/// Fields compared for each kind; others in a gold file are informative only.
fn compared(kind: GoldKind) -> &'static [&'static str] {
    match kind {
        GoldKind::Quantities => &["value", "low", "high", "unit", "qualifier"],
        GoldKind::Indicators => &["metric", "measure", "value", "qualifier", "role"],
        GoldKind::Targets => &["metric", "measure", "value", "qualifier", "hardness"],
    }
}

/// Scores `predicted` against `gold` whose anchors were located at `gold_spans`.
pub fn score(gold: &Gold, gold_spans: &[ByteSpan], predicted: &[Prediction], text: &str) -> Score {
    let fields = compared(gold.kind);
    let agrees = |g: &GoldItem, p: &Prediction, field: &str| {
        let gv = g
            .fields
            .iter()
            .find(|(k, _)| k == field)
            .map_or("", |(_, v)| v.as_str());
        let pv = p
            .fields
            .iter()
            .find(|(k, _)| *k == field)
            .map_or("", |(_, v)| v.as_str());
        same_value(gv, pv)
    };
    let overlaps = |a: ByteSpan, b: ByteSpan| a.start < b.end && b.start < a.end;
    let mut taken = vec![false; predicted.len()];
    let mut score = Score {
        n_gold: gold.items.len(),
        n_predicted: predicted.len(),
        ..Score::default()
    };
    let mut field_errors: Vec<(String, usize)> =
        fields.iter().map(|f| (f.to_string(), 0)).collect();
    for (item, &span) in gold.items.iter().zip(gold_spans) {
        let full = (0..predicted.len()).find(|&k| {
            !taken[k]
                && overlaps(span, predicted[k].span)
                && fields.iter().all(|f| agrees(item, &predicted[k], f))
        });
        match full {
            Some(k) => {
                taken[k] = true;
                score.n_matched += 1;
            }
            None => {
                let near =
                    (0..predicted.len()).find(|&k| !taken[k] && overlaps(span, predicted[k].span));
                if let Some(k) = near {
                    for (field, count) in field_errors.iter_mut() {
                        if !agrees(item, &predicted[k], field) {
                            *count += 1;
                        }
                    }
                }
                score
                    .misses
                    .push((item.clone(), near.map(|k| predicted[k].clone())));
            }
        }
    }
    score.false_alarms = predicted
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(p, _)| (p.clone(), p.span.of(text).to_string()))
        .collect();
    score.field_errors = field_errors;
    score
}

/// Whether two field values agree: numbers within a relative 1e-9, text exactly.
fn same_value(gold: &str, predicted: &str) -> bool {
    match (gold.parse::<f64>(), predicted.parse::<f64>()) {
        (Ok(g), Ok(p)) => (g - p).abs() <= 1e-9 * g.abs().max(p.abs()).max(1e-12),
        _ => gold == predicted,
    }
}

fn number(v: Option<f64>) -> String {
    v.map(|v| format!("{v}")).unwrap_or_default()
}

fn qualifier(q: Option<Qualifier>) -> String {
    let Some(q) = q else { return String::new() };
    match q {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::Nearly => "nearly",
        Qualifier::Range => "range",
        Qualifier::Sync => "sync",
    }
    .to_string()
}

fn measure(m: Measure) -> String {
    match m {
        Measure::Level => "level",
        Measure::Growth => "growth",
        Measure::ChangePp => "change_pp",
        Measure::Share => "share",
        Measure::Count => "count",
        Measure::Change => "change",
    }
    .to_string()
}

fn role(r: Role) -> String {
    match r {
        Role::Actual => "actual",
        Role::Estimate => "estimate",
        Role::Target => "target",
        Role::PlanTarget => "plan_target",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_resolve_in_order_and_scores_count_fields() {
        let text = "增长8%、9%,增长8%";
        let gold = Gold::parse(
            "g.tsv",
            "anchor\tvalue\tlow\thigh\tunit\tqualifier\n8%\t8\t\t\tpercent\texact\n9%\t9\t\t\tpercent\texact\n8%\t8\t\t\tpercent\tabout\n",
        )
        .unwrap();
        assert_eq!(gold.kind, GoldKind::Quantities);
        let spans = gold.locate("g.tsv", text).unwrap();
        assert_eq!(
            spans.iter().map(|s| s.of(text)).collect::<Vec<_>>(),
            ["8%", "9%", "8%"]
        );
        assert_eq!(spans[2].start, text.rfind("8%").unwrap());
        let predicted: Vec<Prediction> = spans
            .iter()
            .map(|&span| Prediction {
                span,
                fields: vec![
                    ("value", span.of(text).trim_end_matches('%').to_string()),
                    ("low", String::new()),
                    ("high", String::new()),
                    ("unit", "percent".into()),
                    ("qualifier", "exact".into()),
                ],
            })
            .collect();
        let score = score(&gold, &spans, &predicted, text);
        assert_eq!(
            (
                score.n_matched,
                score.misses.len(),
                score.false_alarms.len()
            ),
            (2, 1, 1)
        );
        assert_eq!(
            score
                .field_errors
                .iter()
                .find(|(f, _)| f == "qualifier")
                .unwrap()
                .1,
            1
        );
        assert!((score.precision() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn bad_gold_names_file_and_line() {
        let err = Gold::parse("x.tsv", "nonsense\n").unwrap_err();
        assert_eq!(err.line, 1);
        let gold = Gold::parse(
            "x.tsv",
            "anchor\tvalue\tlow\thigh\tunit\tqualifier\n# c\n7%\t7\t\t\tpercent\texact\n",
        )
        .unwrap();
        let err = gold.locate("x.tsv", "没有").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.tsv:3: anchor \"7%\" not found after byte 0"
        );
    }
}
