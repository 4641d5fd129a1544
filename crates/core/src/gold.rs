//! Gold quantity annotations: parsing the TSV files of `test_data/gold/quantities/` and
//! scoring predicted quantities against them.
//!
//! Pure: the caller reads the files and passes their text. The rules (columns, anchor
//! search, what counts as a match) are those of `test_data/gold/README.md`. Used by the
//! gold tests and meant for a later `duban eval` command.

use crate::error::DataError;
use crate::quantity::{Qualifier, Quantity};
use crate::span::ByteSpan;

/// One hand-annotated quantity.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldQuantity {
    /// 1-based line in the gold file.
    pub line: usize,
    /// The expression as written in the normalized text (`4610亿元左右`).
    pub anchor: String,
    /// Value in the canonical unit; the midpoint for a range.
    pub value: f64,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// Canonical unit id, empty for a bare number.
    pub unit: String,
    /// The qualifier.
    pub qualifier: Qualifier,
}

const COLUMNS: [&str; 6] = ["anchor", "value", "low", "high", "unit", "qualifier"];

/// Parses a gold quantity file: a header line, then one quantity a line; `#` lines are
/// comments. `name` is used in errors.
pub fn parse_quantities(name: &str, tsv: &str) -> Result<Vec<GoldQuantity>, DataError> {
    let error = |line: usize, message: String| DataError {
        file: name.to_string(),
        line,
        message,
    };
    let mut gold = Vec::new();
    let mut seen_header = false;
    for (idx, raw) in tsv.lines().enumerate() {
        let line = idx + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        if !seen_header {
            if fields != COLUMNS {
                return Err(error(
                    line,
                    format!("expected header {:?}", COLUMNS.join("\t")),
                ));
            }
            seen_header = true;
            continue;
        }
        if fields.len() != COLUMNS.len() {
            return Err(error(
                line,
                format!("expected {} fields, found {}", COLUMNS.len(), fields.len()),
            ));
        }
        let number = |column: usize| -> Result<Option<f64>, DataError> {
            let field = fields[column].trim();
            if field.is_empty() {
                return Ok(None);
            }
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => Err(error(
                    line,
                    format!("{} {field:?} is not a number", COLUMNS[column]),
                )),
            }
        };
        let anchor = fields[0].to_string();
        if anchor.is_empty() {
            return Err(error(line, "empty anchor".to_string()));
        }
        let value = number(1)?.ok_or_else(|| error(line, "missing value".to_string()))?;
        let qualifier = Qualifier::from_id(fields[5].trim())
            .ok_or_else(|| error(line, format!("unknown qualifier {:?}", fields[5])))?;
        gold.push(GoldQuantity {
            line,
            anchor,
            value,
            low: number(2)?,
            high: number(3)?,
            unit: fields[4].trim().to_string(),
            qualifier,
        });
    }
    if !seen_header {
        return Err(error(1, "no header line".to_string()));
    }
    Ok(gold)
}

/// Finds each anchor in `text`, searching forward from the previous anchor's start so
/// that repeated expressions resolve in order. `None` for an anchor not found.
pub fn locate(text: &str, gold: &[GoldQuantity]) -> Vec<Option<ByteSpan>> {
    let mut from = 0;
    gold.iter()
        .map(|g| {
            let found = text[from..]
                .find(g.anchor.as_str())
                .map(|at| ByteSpan::new(from + at, from + at + g.anchor.len()));
            if let Some(span) = found {
                // Advance by one char so that two gold lines may share a start.
                from = span.start + text[span.start..].chars().next().map_or(1, char::len_utf8);
            }
            found
        })
        .collect()
}

/// The outcome of scoring predictions against gold for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Pairs (gold index, predicted index) that match.
    pub matched: Vec<(usize, usize)>,
    /// Gold indices with no matching prediction (anchor found or not).
    pub missed: Vec<usize>,
    /// Gold indices whose anchor was not found in the text (a subset of `missed`).
    pub unlocated: Vec<usize>,
    /// Predicted indices that match no gold quantity.
    pub false_positives: Vec<usize>,
    /// Number of gold quantities.
    pub n_gold: usize,
    /// Number of predicted quantities.
    pub n_predicted: usize,
}

impl Evaluation {
    /// Matched predictions over all predictions (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.matched.len(), self.n_predicted)
    }

    /// Matched gold over all gold (1 when there is no gold).
    pub fn recall(&self) -> f64 {
        ratio(self.matched.len(), self.n_gold)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// True when a prediction agrees with a gold quantity on value (relative tolerance
/// 1e-9), unit and qualifier.
pub fn agrees(gold: &GoldQuantity, predicted: &Quantity) -> bool {
    let tolerance = 1e-9 * gold.value.abs().max(predicted.value.abs()).max(1e-300);
    (gold.value - predicted.value).abs() <= tolerance
        && gold.unit == predicted.unit
        && gold.qualifier == predicted.qualifier
}

/// Scores `predicted` (quantities found in `text`) against `gold`: a prediction matches
/// a gold quantity when their spans overlap and they [`agree`](agrees). Each prediction
/// matches at most one gold quantity, taken in text order.
pub fn evaluate(text: &str, gold: &[GoldQuantity], predicted: &[Quantity]) -> Evaluation {
    let spans = locate(text, gold);
    let mut used = vec![false; predicted.len()];
    let mut evaluation = Evaluation {
        n_gold: gold.len(),
        n_predicted: predicted.len(),
        ..Evaluation::default()
    };
    for (gold_idx, (g, span)) in gold.iter().zip(&spans).enumerate() {
        let Some(span) = span else {
            evaluation.unlocated.push(gold_idx);
            evaluation.missed.push(gold_idx);
            continue;
        };
        let hit = predicted.iter().enumerate().position(|(p_idx, p)| {
            !used[p_idx] && p.span.start < span.end && span.start < p.span.end && agrees(g, p)
        });
        match hit {
            Some(p_idx) => {
                used[p_idx] = true;
                evaluation.matched.push((gold_idx, p_idx));
            }
            None => evaluation.missed.push(gold_idx),
        }
    }
    evaluation.false_positives = used
        .iter()
        .enumerate()
        .filter(|(_, u)| !**u)
        .map(|(i, _)| i)
        .collect();
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "anchor\tvalue\tlow\thigh\tunit\tqualifier\n";

    #[test]
    fn parses_and_reports_bad_lines() {
        let tsv = format!(
            "# comment\n{HEADER}3-5年\t4\t3\t5\tyear\trange\n近70%\t70\t\t\tpercent\tnearly\n"
        );
        let gold = parse_quantities("g.tsv", &tsv).unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(
            (gold[0].line, gold[0].low, gold[0].qualifier),
            (3, Some(3.0), Qualifier::Range)
        );
        let err = parse_quantities("g.tsv", &format!("{HEADER}近70%\t70\t\t\tpercent\tsome\n"))
            .unwrap_err();
        assert_eq!(err.to_string(), "g.tsv:2: unknown qualifier \"some\"");
        let err = parse_quantities("g.tsv", "a\tb\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn anchors_resolve_in_order() {
        let tsv = format!("{HEADER}5%\t5\t\t\tpercent\texact\n5%\t5\t\t\tpercent\texact\n9天\t9\t\t\tday\texact\n");
        let gold = parse_quantities("g", &tsv).unwrap();
        let text = "增长5%,又增长5%";
        let spans = locate(text, &gold);
        assert_eq!(spans[0].unwrap().start, 6);
        assert_eq!(spans[1].unwrap().start, 18);
        assert_eq!(spans[2], None);
        let predicted = crate::quantity::find_quantities(text);
        let evaluation = evaluate(text, &gold, &predicted);
        assert_eq!(evaluation.matched, vec![(0, 0), (1, 1)]);
        assert_eq!(
            (evaluation.missed.clone(), evaluation.unlocated.clone()),
            (vec![2], vec![2])
        );
        assert_eq!(evaluation.precision(), 1.0);
        assert!((evaluation.recall() - 2.0 / 3.0).abs() < 1e-12);
    }
}
