//! The JSON view of an extraction: the documented, versioned contract other programs read.
//!
//! Core types speak byte spans of the normalized text; this view speaks char spans,
//! which is what programs in other languages index by, and adds the span in the input
//! text for each fact. It is pure data shaping: serializing it is the caller's job.
//! The schema is described in `docs/extract-json.md`; bump [`SCHEMA`] on any change
//! that removes or renames a field.
//!
//! The views are written with [`crate::json`] ([`WriteJson`], below); their serde
//! derives give the same bytes through serde_json, only slower, and the tests hold
//! the two to that.

use crate::indicator::{Indicator, Measure, Period, Role};
use crate::json::{field, field_with, JsonWriter, WriteJson};
use crate::meta::{Evidence, Level, PlanPeriod, ReportMeta};
use crate::outline::{Section, SectionRole};
use crate::quantity::{Qualifier, Quantity};
use crate::span::{ByteSpan, CharIndex, CharSpan};
use crate::target::Hardness;
use crate::task::Deadline;
use crate::{Diagnostic, Extraction, Report};
use serde::Serialize;
use std::cell::Cell;
use std::ops::Range;

/// Schema id written into every document.
pub const SCHEMA: &str = "duban.extract/1";

/// One report as JSON.
#[derive(Serialize)]
pub struct ReportView<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Region, level, years, plan period and the evidence for them.
    pub meta: MetaView<'a>,
    /// Junk removed from the input, with spans in chars of the input text.
    pub removed: Vec<RemovedView<'a>>,
    /// The section tree.
    pub sections: Vec<SectionView<'a>>,
    /// Every quantity.
    pub quantities: Vec<QuantityView<'a>>,
    /// Quantities bound to what they measure.
    pub indicators: Vec<IndicatorView<'a>>,
    /// The main expected targets (indicator fields plus `hardness`).
    pub targets: Vec<TargetView<'a>>,
    /// The commitments of the task sections.
    pub tasks: Vec<TaskView<'a>>,
    /// What the engine was unsure about.
    pub diagnostics: Vec<DiagnosticView<'a>>,
    /// The normalized text every `span` points into.
    pub text: &'a str,
}

/// The report's metadata as JSON: [`ReportMeta`] with evidence spans in chars.
#[derive(Serialize)]
pub struct MetaView<'a> {
    /// Full region name.
    pub region: Option<&'a str>,
    /// Administrative level.
    pub level: Option<Level>,
    /// Year the report was delivered.
    pub year: Option<i32>,
    /// Year the report reviews.
    pub review_year: Option<i32>,
    /// Five-year plan period in force or being set.
    pub plan_period: Option<&'a PlanPeriod>,
    /// Title, if the text has one.
    pub title: Option<&'a str>,
    /// The evidence for each value above.
    pub evidence: Vec<EvidenceView<'a>>,
}

/// One piece of evidence as JSON.
#[derive(Serialize)]
pub struct EvidenceView<'a> {
    /// Which field it supports.
    pub field: &'static str,
    /// The value it supports, as text.
    pub value: &'a str,
    /// The cue, in chars of the normalized text; `None` for outside hints.
    pub span: Option<CharSpan>,
    /// What the cue is, in words.
    pub rule: &'a str,
    /// How sure.
    pub confidence: f32,
}

/// A removal as JSON.
#[derive(Serialize)]
pub struct RemovedView<'a> {
    /// The removed text.
    pub text: &'a str,
    /// Where it stood, in chars of the input text.
    pub span: CharSpan,
    /// Why it was removed.
    pub reason: &'static str,
}

/// A section as JSON.
#[derive(Serialize)]
pub struct SectionView<'a> {
    /// Heading without its marker.
    pub heading: &'a str,
    /// Role in the yearly cycle.
    pub role: SectionRole,
    /// Depth, 1 for top-level.
    pub level: u8,
    /// The whole section, in chars of the normalized text.
    pub span: CharSpan,
    /// Sub-sections.
    pub children: Vec<SectionView<'a>>,
}

/// A quantity as JSON.
#[derive(Serialize)]
pub struct QuantityView<'a> {
    /// The expression as it stands in the normalized text.
    pub text: &'a str,
    /// Value in the canonical unit (midpoint for a range).
    pub value: f64,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// Canonical unit id.
    pub unit: &'a str,
    /// Unit as written.
    pub unit_text: &'a str,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Chars of the normalized text.
    pub span: CharSpan,
    /// Chars of the input text.
    pub source_span: CharSpan,
}

/// An indicator as JSON.
#[derive(Clone, Serialize)]
pub struct IndicatorView<'a> {
    /// Catalogue id or null.
    pub metric: Option<&'a str>,
    /// What is measured, as written.
    pub metric_text: &'a str,
    /// level, growth, change_pp, share, count, change.
    pub measure: Measure,
    /// Signed value (a fall is negative); null for a target without a number.
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// Canonical unit.
    pub unit: &'a str,
    /// exact, about, at_least, at_most, nearly, range, sync, or null.
    pub qualifier: Option<Qualifier>,
    /// actual, estimate, target, plan_target.
    pub role: Role,
    /// Years the value is for: {start, end}.
    pub period: Option<Period>,
    /// Comparison base as written.
    pub base: Option<&'a str>,
    /// Scope as written.
    pub scope: Option<&'a str>,
    /// Start value of a 由…至… statement.
    pub from_value: Option<f64>,
    /// The quantity's expression.
    pub text: &'a str,
    /// Chars of the normalized text.
    pub span: CharSpan,
    /// Chars of the input text.
    pub source_span: CharSpan,
    /// The sentence it stands in.
    pub sentence: &'a str,
    /// The sentence, in chars of the normalized text.
    pub sentence_span: CharSpan,
}

/// A target as JSON: the indicator fields plus hardness.
#[derive(Serialize)]
pub struct TargetView<'a> {
    /// The indicator fields.
    #[serde(flatten)]
    pub indicator: IndicatorView<'a>,
    /// hard or soft.
    pub hardness: Hardness,
}

/// A task as JSON.
#[derive(Serialize)]
pub struct TaskView<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Heading path, outermost first.
    pub area: &'a [String],
    /// The task sentence.
    pub text: &'a str,
    /// Action verb.
    pub action: Option<&'a str>,
    /// Object of the action.
    pub object: Option<&'a str>,
    /// The indicators inside the task.
    pub indicators: Vec<IndicatorView<'a>>,
    /// Stated deadline.
    pub deadline: Option<&'a Deadline>,
    /// Chars of the normalized text.
    pub span: CharSpan,
}

/// A diagnostic as JSON.
#[derive(Serialize)]
pub struct DiagnosticView<'a> {
    /// Kind.
    pub kind: &'static str,
    /// Message.
    pub message: &'a str,
    /// Chars of the normalized text, if placed.
    pub span: Option<CharSpan>,
}

/// Spans of one report, converted to chars of its normalized text and of the input.
pub struct Spans<'a> {
    text: &'a str,
    text_index: CharIndex,
    input: &'a str,
    input_index: CharIndex,
    report: &'a Report,
    /// Where the last span's start and end were found in the report's offset map:
    /// spans are mostly asked for in text order, so the next is found from there.
    map_hints: Cell<(usize, usize)>,
    /// The last span of the normalized text converted to chars, and its chars: a task
    /// mostly starts where the one before ended, and indicators of one sentence ask
    /// for the same sentence in turn, so its ends are taken from here, not counted.
    last_text: Cell<(ByteSpan, CharSpan)>,
}

impl<'a> Spans<'a> {
    /// Prepares span conversion for `report`, which was extracted from `input`.
    pub fn new(input: &'a str, report: &'a Report) -> Spans<'a> {
        Spans {
            text: &report.text,
            text_index: CharIndex::new(&report.text),
            input,
            input_index: CharIndex::new(input),
            report,
            map_hints: Cell::new((0, 0)),
            last_text: Cell::new((ByteSpan::default(), CharSpan::default())),
        }
    }

    /// A span of the normalized text in chars of it.
    pub fn text_chars(&self, span: ByteSpan) -> CharSpan {
        let (last, last_chars) = self.last_text.get();
        let chars = |byte: usize| {
            if byte == last.end {
                last_chars.end
            } else if byte == last.start {
                last_chars.start
            } else {
                self.text_index.char_offset(self.text, byte)
            }
        };
        let span_chars = CharSpan {
            start: chars(span.start),
            end: chars(span.end),
        };
        self.last_text.set((span, span_chars));
        span_chars
    }

    /// A span of the normalized text in chars of the input.
    pub fn input_chars(&self, span: ByteSpan) -> CharSpan {
        let (mut at_start, mut at_end) = self.map_hints.get();
        let source = self
            .report
            .map
            .to_source_from(span, &mut at_start, &mut at_end);
        self.map_hints.set((at_start, at_end));
        self.input_index.char_span(self.input, source)
    }

    /// A span of the input in chars of the input.
    pub fn input_span_chars(&self, span: ByteSpan) -> CharSpan {
        self.input_index.char_span(self.input, span)
    }
}

/// The views of every report of `extraction`, which was extracted from `input`.
/// Removals outside any report are attached to the first report.
pub fn reports<'a>(input: &'a str, extraction: &'a Extraction) -> Vec<ReportView<'a>> {
    extraction
        .reports
        .iter()
        .enumerate()
        .map(|(i, report)| {
            let spans = Spans::new(input, report);
            let page_removals = if i == 0 {
                extraction.removed.as_slice()
            } else {
                &[]
            };
            let mut removed: Vec<RemovedView> = page_removals
                .iter()
                .chain(&report.removed)
                .map(|r| RemovedView {
                    text: &r.text,
                    span: spans.input_span_chars(r.span),
                    reason: r.reason,
                })
                .collect();
            removed.sort_by_key(|r| r.span.start);
            let quantities: Vec<QuantityView> = report
                .quantities
                .iter()
                .map(|q| quantity(&spans, report, q))
                .collect();
            // Most indicators stand on a quantity: they take its spans in chars of the
            // text and of the input rather than convert theirs again (mapping to the
            // input is the dearest step of the view).
            let span_chars =
                |span: ByteSpan| match report.quantities.binary_search_by_key(&span, |q| q.span) {
                    Ok(k) => (quantities[k].span, quantities[k].source_span),
                    Err(_) => (spans.text_chars(span), spans.input_chars(span)),
                };
            let indicators: Vec<IndicatorView> = report
                .indicators
                .iter()
                .map(|i| indicator(&spans, report, i, span_chars(i.span)))
                .collect();
            let targets = report
                .targets
                .iter()
                .map(|t| TargetView {
                    indicator: indicator(
                        &spans,
                        report,
                        &t.indicator,
                        span_chars(t.indicator.span),
                    ),
                    hardness: t.hardness,
                })
                .collect();
            let tasks = report
                .tasks
                .iter()
                .map(|t| TaskView {
                    id: &t.id,
                    area: &t.area,
                    text: t.span.of(&report.text),
                    action: t.action.as_deref(),
                    object: t.object.as_deref(),
                    indicators: t
                        .indicators
                        .iter()
                        .map(|&k| indicators[k].clone())
                        .collect(),
                    deadline: t.deadline.as_ref(),
                    span: spans.text_chars(t.span),
                })
                .collect();
            ReportView {
                schema: SCHEMA,
                meta: meta(&spans, &report.meta),
                removed,
                sections: report
                    .outline
                    .sections
                    .iter()
                    .map(|s| section(&spans, s))
                    .collect(),
                quantities,
                indicators,
                targets,
                tasks,
                diagnostics: report
                    .diagnostics
                    .iter()
                    .map(|d| diagnostic(&spans, d))
                    .collect(),
                text: &report.text,
            }
        })
        .collect()
}

fn meta<'a>(spans: &Spans<'a>, meta: &'a ReportMeta) -> MetaView<'a> {
    MetaView {
        region: meta.region.as_deref(),
        level: meta.level,
        year: meta.year,
        review_year: meta.review_year,
        plan_period: meta.plan_period.as_ref(),
        title: meta.title.as_deref(),
        evidence: meta
            .evidence
            .iter()
            .map(|e: &'a Evidence| EvidenceView {
                field: e.field,
                value: &e.value,
                span: e.span.map(|span| spans.text_chars(span)),
                rule: &e.rule,
                confidence: e.confidence,
            })
            .collect(),
    }
}

fn section<'a>(spans: &Spans<'a>, s: &'a Section) -> SectionView<'a> {
    SectionView {
        heading: &s.heading,
        role: s.role,
        level: s.level,
        span: spans.text_chars(s.span),
        children: s.children.iter().map(|c| section(spans, c)).collect(),
    }
}

fn quantity<'a>(spans: &Spans<'a>, report: &'a Report, q: &'a Quantity) -> QuantityView<'a> {
    QuantityView {
        text: q.span.of(&report.text),
        value: q.value,
        low: q.low,
        high: q.high,
        unit: &q.unit,
        unit_text: &q.unit_text,
        qualifier: q.qualifier,
        span: spans.text_chars(q.span),
        source_span: spans.input_chars(q.span),
    }
}

/// The view of `i`, whose span is `span` in chars of the normalized text and
/// `source_span` in chars of the input.
fn indicator<'a>(
    spans: &Spans<'a>,
    report: &'a Report,
    i: &'a Indicator,
    (span, source_span): (CharSpan, CharSpan),
) -> IndicatorView<'a> {
    IndicatorView {
        metric: i.metric.as_deref(),
        metric_text: &i.metric_text,
        measure: i.measure,
        value: i.value,
        low: i.low,
        high: i.high,
        unit: &i.unit,
        qualifier: i.qualifier,
        role: i.role,
        period: i.period,
        base: i.base.as_deref(),
        scope: i.scope.as_deref(),
        from_value: i.from_value,
        text: i.span.of(&report.text),
        span,
        source_span,
        sentence: i.sentence.of(&report.text).trim(),
        sentence_span: spans.text_chars(i.sentence),
    }
}

fn diagnostic<'a>(spans: &Spans<'a>, d: &'a Diagnostic) -> DiagnosticView<'a> {
    DiagnosticView {
        kind: d.kind,
        message: &d.message,
        span: d.span.map(|s| spans.text_chars(s)),
    }
}

impl WriteJson for ReportView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| self.write_fields(w));
    }
}

impl ReportView<'_> {
    /// Writes the members of the report's object, for a caller that adds its own
    /// around them (as `#[serde(flatten)]` does).
    pub fn write_fields(&self, w: &mut JsonWriter) {
        field!(w, "schema", self.schema);
        field!(w, "meta", &self.meta);
        field!(w, "removed", &self.removed);
        field!(w, "sections", &self.sections);
        field!(w, "quantities", &self.quantities);
        let mut copies = Copies {
            indicators: &self.indicators,
            indicator_bytes: Vec::with_capacity(self.indicators.len()),
            area: None,
        };
        field_with!(w, "indicators", |w| {
            w.array_with(&self.indicators, |w, i| {
                let start = w.compact_len();
                i.write_json(w);
                if let (Some(start), Some(end)) = (start, w.compact_len()) {
                    copies.indicator_bytes.push(start..end);
                }
            })
        });
        field!(w, "targets", &self.targets);
        field_with!(w, "tasks", |w| {
            w.array_with(&self.tasks, |w, task| task.write_copying(w, &mut copies))
        });
        field!(w, "diagnostics", &self.diagnostics);
        field!(w, "text", self.text);
    }
}

/// What a report's tasks copy from the bytes written before rather than write
/// again: in compact output a value's bytes do not depend on where it stands.
struct Copies<'v, 'a> {
    /// The report's indicators (a task's indicators are copies of some of them).
    indicators: &'v [IndicatorView<'a>],
    /// The bytes written for each of `indicators`; none in pretty output.
    indicator_bytes: Vec<Range<usize>>,
    /// The area of the last task written and its bytes: the tasks of one section
    /// share one area.
    area: Option<(&'a [String], Range<usize>)>,
}

impl<'a> Copies<'_, 'a> {
    /// Writes `area`, the area of a task, or copies it if it is the last task's.
    fn write_area(&mut self, w: &mut JsonWriter, area: &'a [String]) {
        match &self.area {
            Some((last, bytes)) if std::ptr::eq(*last, area) => w.copy_written(bytes.clone()),
            _ => {
                let start = w.compact_len();
                area.write_json(w);
                self.area = start
                    .zip(w.compact_len())
                    .map(|(start, end)| (area, start..end));
            }
        }
    }

    /// Writes `view`, an indicator of a task, or copies the bytes written for an
    /// equal indicator of the report: those are in text order, so only the ones
    /// starting where `view` starts are compared.
    fn write_indicator(&self, w: &mut JsonWriter, view: &IndicatorView) {
        let from = self
            .indicators
            .partition_point(|i| i.span.start < view.span.start);
        let written = self.indicators[from..]
            .iter()
            .zip(self.indicator_bytes.get(from..).unwrap_or_default())
            .take_while(|(i, _)| i.span.start == view.span.start)
            .find(|(i, _)| i.writes_as(view));
        match written {
            Some((_, bytes)) => w.copy_written(bytes.clone()),
            None => view.write_json(w),
        }
    }
}

impl WriteJson for RemovedView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "text", self.text);
            field!(w, "span", &self.span);
            field!(w, "reason", self.reason);
        });
    }
}

impl WriteJson for SectionView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "heading", self.heading);
            field!(w, "role", &self.role);
            field!(w, "level", &self.level);
            field!(w, "span", &self.span);
            field!(w, "children", &self.children);
        });
    }
}

impl WriteJson for QuantityView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "text", self.text);
            field!(w, "value", &self.value);
            field!(w, "low", &self.low);
            field!(w, "high", &self.high);
            field!(w, "unit", self.unit);
            field!(w, "unit_text", self.unit_text);
            field!(w, "qualifier", &self.qualifier);
            field!(w, "span", &self.span);
            field!(w, "source_span", &self.source_span);
        });
    }
}

impl WriteJson for IndicatorView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| self.write_fields(w));
    }
}

impl IndicatorView<'_> {
    /// Whether `self` and `other` are written the same: all their fields are equal,
    /// floats to the bit (`0.0` and `-0.0` are written differently). Every field is
    /// named, so a field added to the view without being compared here fails to build.
    fn writes_as(&self, other: &IndicatorView) -> bool {
        let IndicatorView {
            metric,
            metric_text,
            measure,
            value,
            low,
            high,
            unit,
            qualifier,
            role,
            period,
            base,
            scope,
            from_value,
            text,
            span,
            source_span,
            sentence,
            sentence_span,
        } = self;
        let bits = |x: &Option<f64>| x.map(f64::to_bits);
        *metric == other.metric
            && *metric_text == other.metric_text
            && *measure == other.measure
            && bits(value) == bits(&other.value)
            && bits(low) == bits(&other.low)
            && bits(high) == bits(&other.high)
            && *unit == other.unit
            && *qualifier == other.qualifier
            && *role == other.role
            && *period == other.period
            && *base == other.base
            && *scope == other.scope
            && bits(from_value) == bits(&other.from_value)
            && *text == other.text
            && *span == other.span
            && *source_span == other.source_span
            && *sentence == other.sentence
            && *sentence_span == other.sentence_span
    }

    fn write_fields(&self, w: &mut JsonWriter) {
        field!(w, "metric", &self.metric);
        field!(w, "metric_text", self.metric_text);
        field!(w, "measure", &self.measure);
        field!(w, "value", &self.value);
        field!(w, "low", &self.low);
        field!(w, "high", &self.high);
        field!(w, "unit", self.unit);
        field!(w, "qualifier", &self.qualifier);
        field!(w, "role", &self.role);
        field!(w, "period", &self.period);
        field!(w, "base", &self.base);
        field!(w, "scope", &self.scope);
        field!(w, "from_value", &self.from_value);
        field!(w, "text", self.text);
        field!(w, "span", &self.span);
        field!(w, "source_span", &self.source_span);
        field!(w, "sentence", self.sentence);
        field!(w, "sentence_span", &self.sentence_span);
    }
}

impl WriteJson for TargetView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            self.indicator.write_fields(w);
            field!(w, "hardness", &self.hardness);
        });
    }
}

impl WriteJson for TaskView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        let mut copies = Copies {
            indicators: &[],
            indicator_bytes: Vec::new(),
            area: None,
        };
        self.write_copying(w, &mut copies);
    }
}

impl<'a> TaskView<'a> {
    /// Writes the task's object, copying what `copies` holds.
    fn write_copying(&self, w: &mut JsonWriter, copies: &mut Copies<'_, 'a>) {
        w.object(|w| {
            field!(w, "id", self.id);
            field_with!(w, "area", |w| copies.write_area(w, self.area));
            field!(w, "text", self.text);
            field!(w, "action", &self.action);
            field!(w, "object", &self.object);
            field_with!(w, "indicators", |w| {
                w.array_with(&self.indicators, |w, i| copies.write_indicator(w, i))
            });
            field!(w, "deadline", &self.deadline);
            field!(w, "span", &self.span);
        });
    }
}

impl WriteJson for DiagnosticView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "kind", self.kind);
            field!(w, "message", self.message);
            field!(w, "span", &self.span);
        });
    }
}

impl WriteJson for MetaView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "region", &self.region);
            field!(w, "level", &self.level);
            field!(w, "year", &self.year);
            field!(w, "review_year", &self.review_year);
            field!(w, "plan_period", &self.plan_period);
            field!(w, "title", &self.title);
            field!(w, "evidence", &self.evidence);
        });
    }
}

impl WriteJson for PlanPeriod {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "name", &self.name);
            field!(w, "start", &self.start);
            field!(w, "end", &self.end);
        });
    }
}

impl WriteJson for EvidenceView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "field", self.field);
            field!(w, "value", &self.value);
            field!(w, "span", &self.span);
            field!(w, "rule", &self.rule);
            field!(w, "confidence", &self.confidence);
        });
    }
}

impl WriteJson for Period {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "start", &self.start);
            field!(w, "end", &self.end);
        });
    }
}

impl WriteJson for Deadline {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            field!(w, "text", &self.text);
            field!(w, "year", &self.year);
            field!(w, "month", &self.month);
        });
    }
}

/// Unit enums are written as their serde names (`rename_all = "snake_case"`).
macro_rules! names {
    ($($t:ty { $($variant:ident => $name:literal),* $(,)? })*) => {$(
        impl WriteJson for $t {
            fn write_json(&self, w: &mut JsonWriter) {
                w.quoted(match self {
                    $(<$t>::$variant => concat!("\"", $name, "\""),)*
                });
            }
        }
    )*};
}

names! {
    Level {
        National => "national",
        Province => "province",
        Prefecture => "prefecture",
        County => "county",
        District => "district",
    }
    SectionRole {
        Review => "review",
        Problems => "problems",
        Requirements => "requirements",
        Targets => "targets",
        Tasks => "tasks",
        Plan => "plan",
        GovernmentSelfBuilding => "government_self_building",
        Other => "other",
    }
    Measure {
        Level => "level",
        Growth => "growth",
        ChangePp => "change_pp",
        Share => "share",
        Count => "count",
        Change => "change",
    }
    Role {
        Actual => "actual",
        Estimate => "estimate",
        Target => "target",
        PlanTarget => "plan_target",
    }
    Qualifier {
        Exact => "exact",
        About => "about",
        AtLeast => "at_least",
        AtMost => "at_most",
        Nearly => "nearly",
        Range => "range",
        Sync => "sync",
    }
    Hardness {
        Hard => "hard",
        Soft => "soft",
    }
}
