//! The metric catalogue: what a number can measure, and how reports write it.
//!
//! The catalogue is data (`data/metrics.tsv`, embedded as the default); a user file in
//! the same format adds metrics or replaces them by id. Columns: id, English name, unit
//! of the level, aliases separated by `|`, and optionally `better` (`lower` for metrics
//! where less is better, whose targets are ceilings). Matching is one leftmost-longest
//! pass over a sentence, longest alias first, so `城镇居民人均可支配收入` wins over
//! `人均可支配收入`.

use crate::error::DataError;
use crate::prefix::PrefixTable;
use std::sync::{Arc, OnceLock};

/// The embedded default catalogue.
pub const DEFAULT_METRICS: &str = include_str!("../data/metrics.tsv");

/// One metric of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    /// Canonical id, e.g. `gdp`.
    pub id: String,
    /// English name.
    pub name: String,
    /// Canonical unit of the metric's level (`CNY`, `person`, `percent` for rates).
    pub unit: String,
    /// Ways reports write it.
    pub aliases: Vec<String>,
    /// True when less is better (prices, unemployment): a target on it is a ceiling even
    /// when written "3%左右".
    pub lower_is_better: bool,
}

impl Metric {
    /// True for the catalogue's placeholder entries (ids starting with `_`): phrases
    /// that contain an alias but name something else (轻工业总产值 holds 工业总产值), so
    /// that the longest match lands on them and binds no metric.
    pub fn is_placeholder(&self) -> bool {
        self.id.starts_with('_')
    }

    /// True when the metric is itself a rate, so a bare percentage is its level
    /// (失业率1.5%) rather than a growth rate.
    pub fn is_rate(&self) -> bool {
        self.unit == "percent" || self.unit == "permille"
    }
}

/// A set of metrics with a matcher over their aliases.
#[derive(Clone, Debug)]
pub struct Catalogue {
    metrics: Vec<Metric>,
    /// Shared, so that the per-call clone of the default catalogue stays cheap.
    matcher: Arc<AliasMatcher>,
}

/// An alias found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasMatch {
    /// Index of the metric in the catalogue.
    pub metric: usize,
    /// Byte offsets of the alias in the searched text.
    pub start: usize,
    /// End of the alias.
    pub end: usize,
}

impl Default for Catalogue {
    /// The embedded catalogue, built once per process: its matcher takes a few
    /// milliseconds to build, and `extract` makes a default engine per call.
    fn default() -> Catalogue {
        static DEFAULT: OnceLock<Catalogue> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                Catalogue::parse("metrics.tsv (embedded)", DEFAULT_METRICS)
                    .expect("the embedded catalogue is valid")
            })
            .clone()
    }
}

impl Catalogue {
    /// Parses a catalogue file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Catalogue, DataError> {
        Ok(Catalogue::from_metrics(parse_metrics(file, text)?))
    }

    /// The default catalogue with the metrics of a user file added; a user metric with
    /// an existing id replaces it.
    pub fn with_user_file(&self, file: &str, text: &str) -> Result<Catalogue, DataError> {
        let mut metrics = self.metrics.clone();
        for metric in parse_metrics(file, text)? {
            match metrics.iter_mut().find(|m| m.id == metric.id) {
                Some(existing) => *existing = metric,
                None => metrics.push(metric),
            }
        }
        Ok(Catalogue::from_metrics(metrics))
    }

    fn from_metrics(metrics: Vec<Metric>) -> Catalogue {
        let matcher = Arc::new(AliasMatcher::new(&metrics));
        Catalogue { metrics, matcher }
    }

    /// All metrics.
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// The metric with index `i`.
    pub fn metric(&self, i: usize) -> &Metric {
        &self.metrics[i]
    }

    /// The metric with `id`, if any.
    pub fn by_id(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id == id)
    }

    /// Every alias occurrence in `text`, leftmost-longest, in text order.
    pub fn find_all(&self, text: &str) -> Vec<AliasMatch> {
        self.matcher.find_all(text)
    }
}

/// Leftmost-longest search for the aliases of a catalogue.
///
/// Not an Aho-Corasick automaton: the catalogue has a couple of hundred short aliases
/// starting with a few dozen distinct chars, so a bit per first char rules out nearly
/// every position of a text, and at the few others the aliases starting with that char
/// are tried longest first ([`PrefixTable`]). Search is about as fast as a full DFA,
/// and building this costs next to nothing where the DFA took some 24 M instructions
/// (several milliseconds) at the start of every process.
#[derive(Debug)]
struct AliasMatcher {
    /// Every alias, with its metric index; among equal aliases the one listed first in
    /// the catalogue wins.
    table: PrefixTable<usize>,
}

impl AliasMatcher {
    fn new(metrics: &[Metric]) -> AliasMatcher {
        let aliases = metrics
            .iter()
            .enumerate()
            .flat_map(|(i, metric)| metric.aliases.iter().map(move |alias| (alias.clone(), i)));
        AliasMatcher {
            table: PrefixTable::new(aliases),
        }
    }

    fn find_all(&self, text: &str) -> Vec<AliasMatch> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some((start, end, &metric)) = self.table.find(text, from) {
            found.push(AliasMatch { metric, start, end });
            // Matches do not overlap: the search resumes after each one.
            from = end;
        }
        found
    }
}

fn field_count_message(found: usize) -> String {
    format!("expected 4 or 5 tab-separated fields (id, name, unit, aliases, better), found {found}")
}

fn parse_metrics(file: &str, text: &str) -> Result<Vec<Metric>, DataError> {
    let mut metrics: Vec<Metric> = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let error = |message: String| DataError {
            file: file.to_string(),
            line: idx + 1,
            message,
        };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (id, name, unit, aliases, better) = match fields[..] {
            [id, name, unit, aliases] => (id, name, unit, aliases, ""),
            [id, name, unit, aliases, better] => (id, name, unit, aliases, better),
            _ => return Err(error(field_count_message(fields.len()))),
        };
        if !matches!(better, "" | "higher" | "lower") {
            return Err(error(format!(
                "better must be higher or lower, not {better:?}"
            )));
        }
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(error(format!(
                "metric id {id:?} must be lowercase ascii letters, digits and _"
            )));
        }
        if metrics.iter().any(|m| m.id == id) {
            return Err(error(format!("metric id {id:?} appears twice")));
        }
        let aliases: Vec<String> = aliases
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        if aliases.is_empty() {
            return Err(error(format!("metric {id:?} has no aliases")));
        }
        metrics.push(Metric {
            id: id.to_string(),
            name: name.to_string(),
            unit: unit.to_string(),
            aliases,
            lower_is_better: better == "lower",
        });
    }
    Ok(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_catalogue_has_the_product_brief_metrics() {
        let catalogue = Catalogue::default();
        for id in [
            "gdp",
            "general_budget_revenue",
            "fixed_asset_investment",
            "retail_sales",
            "industrial_value_added",
            "per_capita_disposable_income",
            "urban_registered_unemployment_rate",
            "urban_surveyed_unemployment_rate",
            "urban_new_jobs",
            "cpi",
            "grain_output",
            "energy_intensity",
            "water_intensity",
            "deficit_ratio",
            "deficit",
            "local_special_bonds",
            "m2",
            "foreign_trade",
            "resident_population",
            "labor_productivity",
        ] {
            assert!(catalogue.by_id(id).is_some(), "{id} missing");
        }
    }

    #[test]
    fn longest_alias_wins() {
        let catalogue = Catalogue::default();
        let text = "城镇居民人均可支配收入增长8%,区级一般公共预算收入增长8%";
        let ids: Vec<&str> = catalogue
            .find_all(text)
            .iter()
            .map(|m| catalogue.metric(m.metric).id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "urban_per_capita_disposable_income",
                "general_budget_revenue"
            ]
        );
    }

    /// The matcher must find what a leftmost-longest Aho-Corasick search over the same
    /// aliases (in catalogue order) finds, duplicate and overlapping aliases included.
    #[test]
    fn alias_search_agrees_with_aho_corasick() {
        let extended = Catalogue::default()
            .with_user_file(
                "mine.tsv",
                "dup\tDuplicate\tCNY\t地区生产总值|GDP|G\nshort\tShort\tCNY\t城镇|地区生产\n",
            )
            .unwrap();
        let texts = [
            "城镇居民人均可支配收入增长8%,区级一般公共预算收入增长8%",
            "全年地区生产总值达到1000亿元,GDP增长7%,CPI涨幅3%,M2增长12%,PM2.5年均浓度下降",
            "农村居民人均纯收入6977元,城镇登记失业率4.1%,城镇化率达到60%。粮食产量6亿吨",
            "城城镇镇居居民GGDPDP地区生产总地区生产总值值",
            "",
            "城",
        ];
        for catalogue in [Catalogue::default(), extended] {
            let mut patterns = Vec::new();
            let mut alias_metric = Vec::new();
            for (i, metric) in catalogue.metrics().iter().enumerate() {
                for alias in &metric.aliases {
                    patterns.push(alias.as_str());
                    alias_metric.push(i);
                }
            }
            let reference = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&patterns)
                .unwrap();
            let sentences = texts.iter().map(|t| t.to_string()).chain(
                DEFAULT_METRICS
                    .lines()
                    .map(|l| l.replace(['\t', '|'], "的")),
            );
            for text in sentences {
                let expected: Vec<AliasMatch> = reference
                    .find_iter(&text)
                    .map(|m| AliasMatch {
                        metric: alias_metric[m.pattern().as_usize()],
                        start: m.start(),
                        end: m.end(),
                    })
                    .collect();
                assert_eq!(catalogue.find_all(&text), expected, "{text}");
            }
        }
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let err = Catalogue::parse("mine.tsv", "# c\ngdp\tGDP\tCNY\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.tsv:2: expected 4 or 5 tab-separated fields (id, name, unit, aliases, better), found 3"
        );
        let err = Catalogue::default()
            .with_user_file("mine.tsv", "Bad Id\tx\tCNY\ty\n")
            .unwrap_err();
        assert_eq!(err.line, 1);
        let extended = Catalogue::default()
            .with_user_file(
                "mine.tsv",
                "tourism_revenue\tTourism revenue\tCNY\t旅游收入\n",
            )
            .unwrap();
        assert!(extended.by_id("tourism_revenue").is_some());
    }
}
