//! The JSON view of an extraction: the documented, versioned contract other programs read.
//!
//! Core types speak byte spans of the normalized text; this view speaks char spans,
//! which is what programs in other languages index by, and adds the span in the input
//! text for each fact. It is pure data shaping: serializing it is the caller's job.
//! The schema is described in `docs/extract-json.md`; bump [`SCHEMA`] on any change
//! that removes or renames a field.

use crate::meta::ReportMeta;
use crate::outline::{Section, SectionRole};
use crate::quantity::{Qualifier, Quantity};
use crate::span::{ByteSpan, CharIndex, CharSpan};
use crate::{Diagnostic, Extraction, Report};
use serde::Serialize;

/// Schema id written into every document.
pub const SCHEMA: &str = "duban.extract/1";

/// One report as JSON.
#[derive(Serialize)]
pub struct ReportView<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Region, level, years, plan period and the evidence for them.
    pub meta: &'a ReportMeta,
    /// Junk removed from the input, with spans in chars of the input text.
    pub removed: Vec<RemovedView<'a>>,
    /// The section tree.
    pub sections: Vec<SectionView<'a>>,
    /// Every quantity.
    pub quantities: Vec<QuantityView<'a>>,
    /// What the engine was unsure about.
    pub diagnostics: Vec<DiagnosticView<'a>>,
    /// The normalized text every `span` points into.
    pub text: &'a str,
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
        }
    }

    /// A span of the normalized text in chars of it.
    pub fn text_chars(&self, span: ByteSpan) -> CharSpan {
        self.text_index.char_span(self.text, span)
    }

    /// A span of the normalized text in chars of the input.
    pub fn input_chars(&self, span: ByteSpan) -> CharSpan {
        self.input_index
            .char_span(self.input, self.report.map.to_source(span))
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
            ReportView {
                schema: SCHEMA,
                meta: &report.meta,
                removed,
                sections: report
                    .outline
                    .sections
                    .iter()
                    .map(|s| section(&spans, s))
                    .collect(),
                quantities: report
                    .quantities
                    .iter()
                    .map(|q| quantity(&spans, report, q))
                    .collect(),
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

fn diagnostic<'a>(spans: &Spans<'a>, d: &'a Diagnostic) -> DiagnosticView<'a> {
    DiagnosticView {
        kind: d.kind,
        message: &d.message,
        span: d.span.map(|s| spans.text_chars(s)),
    }
}
