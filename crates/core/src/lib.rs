//! duban-core: the extraction engine of duban.
//!
//! Text in, structures out. [`extract`] takes the decoded text of a web page or file
//! holding one or more government work reports (政府工作报告) and returns, for each
//! report, its normalized text, what was removed as junk, its metadata, its outline and
//! every quantity, each with a span back into the input.
//!
//! The engine does no I/O of any kind: no files, environment, clock, logging or
//! database. Data it needs (junk patterns, the metric catalogue) is embedded as a
//! default and can be replaced by the caller with text it has read itself.
//!
//! ```
//! let page = "2016年政府工作报告\n\n一、2015年工作回顾\n\n地区生产总值增长7.5%左右。\n";
//! let engine = duban_core::Engine::default();
//! let extraction = engine.extract(page, &duban_core::MetaHints::default());
//! let report = &extraction.reports[0];
//! assert_eq!(report.quantities.len(), 1);
//! assert_eq!(report.quantities[0].value, 7.5);
//! assert_eq!(report.indicators[0].metric.as_deref(), Some("gdp"));
//! ```

pub mod catalogue;
pub mod clean;
pub mod error;
pub mod eval;
pub mod evidence;
pub mod indicator;
pub mod json;
pub mod meta;
pub mod normalize;
pub mod numeral;
pub mod outcome;
pub mod outline;
pub mod pages;
mod phrases;
mod prefix;
pub mod qualifiers;
pub mod quantity;
pub mod rewrite;
pub mod span;
pub mod target;
pub mod task;
pub mod units;
pub mod view;

pub use catalogue::Catalogue;
/// The string type of the short public fields (task ids, units, metric ids and names):
/// a `str` up to 24 bytes long is kept inline, without an allocation.
pub use compact_str::CompactString;
pub use error::DataError;
pub use indicator::{Indicator, Measure, Role};
pub use meta::{MetaHints, ReportMeta};
pub use outline::{Outline, Section, SectionRole, Sentence};
pub use quantity::{Qualifier, Quantity};
pub use rewrite::{OffsetMap, Removal, Rewritten};
pub use span::{ByteSpan, CharIndex, CharSpan};
pub use target::{Hardness, Target};
pub use task::Task;
pub use units::{Unit, Units};

use serde::Serialize;

/// Something the engine noticed but could not settle: an unreadable number, a guessed
/// year, a skipped clause. Messy input is normal; it yields diagnostics, never errors.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Where, in bytes of the report's normalized text, if it has a place.
    pub span: Option<ByteSpan>,
    /// A short machine-readable kind, e.g. `year_masked`.
    pub kind: &'static str,
    /// What happened, in words.
    pub message: String,
}

/// One work report read from a page.
#[derive(Clone, Debug)]
pub struct Report {
    /// The normalized text of this report; every span of this report points into it.
    pub text: String,
    /// Byte offsets of `text` → byte offsets of the input given to [`extract`].
    pub map: OffsetMap,
    /// Junk removed from this report's part of the input, in input offsets.
    pub removed: Vec<Removal>,
    /// Region, level, years, plan period, with evidence.
    pub meta: ReportMeta,
    /// Sections and sentences.
    pub outline: Outline,
    /// Every quantity, in text order.
    pub quantities: Vec<Quantity>,
    /// Quantities bound to what they measure, in text order.
    pub indicators: Vec<Indicator>,
    /// The main expected targets of the report's year.
    pub targets: Vec<Target>,
    /// The commitments of the task sections.
    pub tasks: Vec<Task>,
    /// What the engine was unsure about.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything read from one input text.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// The reports found, in page order; at least one, possibly with empty text.
    pub reports: Vec<Report>,
    /// Junk removed outside any report (page headers, link lists), in input offsets.
    pub removed: Vec<Removal>,
}

/// The data an extraction uses: cleaning rules, metric catalogue, task verbs. Build it
/// once and reuse it for many reports; `Engine::default()` uses the embedded data.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    /// Junk patterns and other cleaning data.
    pub clean_rules: normalize::CleanRules,
    /// The metric catalogue.
    pub catalogue: Catalogue,
    /// Verbs that open a task.
    pub task_verbs: task::TaskVerbs,
}

impl Engine {
    /// Reads every report in `input` (decoded text of a page or file).
    ///
    /// `hints` are facts known from outside the text (a corpus record's region and
    /// year); they override what the text suggests and are recorded as evidence.
    pub fn extract(&self, input: &str, hints: &MetaHints) -> Extraction {
        let page = normalize::normalize(input, &self.clean_rules);
        let report_spans = pages::split_reports(&page.text);
        // The page preamble (site blurb, page date) is no report, but meta reads its cues.
        let preamble = pages::preamble(&report_spans).of(&page.text).to_string();
        let mut removed_in_reports = vec![false; page.removals.len()];
        let mut reports = Vec::with_capacity(report_spans.len());
        if let [span] = report_spans[..] {
            // One report, the common case: it takes the page's text and map rather
            // than copies of them.
            if span == ByteSpan::new(0, page.text.len()) {
                let input_span = page.map.to_source(span);
                let (removed, outside) = page
                    .removals
                    .into_iter()
                    .partition(|r| input_span.contains(r.span));
                let map = page.map.into_slice(span);
                reports.push(self.read_report(page.text, map, removed, &preamble, hints));
                return Extraction {
                    reports,
                    removed: outside,
                };
            }
        }
        for span in report_spans {
            let input_span = page.map.to_source(span);
            let removed: Vec<Removal> = page
                .removals
                .iter()
                .zip(removed_in_reports.iter_mut())
                .filter(|(r, _)| input_span.contains(r.span))
                .map(|(r, taken)| {
                    *taken = true;
                    r.clone()
                })
                .collect();
            let text = span.of(&page.text).to_string();
            let map = page.map.then(&OffsetMap::slice(page.text.len(), span));
            reports.push(self.read_report(text, map, removed, &preamble, hints));
        }
        let removed = page
            .removals
            .into_iter()
            .zip(removed_in_reports)
            .filter(|(_, taken)| !taken)
            .map(|(r, _)| r)
            .collect();
        Extraction { reports, removed }
    }

    fn read_report(
        &self,
        text: String,
        map: OffsetMap,
        removed: Vec<Removal>,
        preamble: &str,
        hints: &MetaHints,
    ) -> Report {
        // The outline's scan of the text serves meta too.
        let scan = outline::scan(&text);
        let outline = outline::parse_scanned(&text, &scan);
        let mut diagnostics = Vec::new();
        let meta = meta::infer_scanned(&text, preamble, &outline, &scan, hints, &mut diagnostics);
        let mut quantities = quantity::find_quantities(&text);
        quantity::drop_absurd(&text, &mut quantities, &mut diagnostics);
        let indicators = indicator::bind(&text, &outline, &meta, &quantities, &self.catalogue);
        let targets = target::main_targets(&text, &outline, &meta, &indicators, &self.catalogue);
        let tasks = task::find_tasks(&text, &outline, &meta, &indicators, &self.task_verbs);
        Report {
            text,
            map,
            removed,
            meta,
            outline,
            quantities,
            indicators,
            targets,
            tasks,
            diagnostics,
        }
    }
}

/// Reads every report in `input` with the embedded default data; see [`Engine::extract`].
pub fn extract(input: &str, hints: &MetaHints) -> Extraction {
    Engine::default().extract(input, hints)
}
