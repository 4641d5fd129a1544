//! Checks shared by the fuzz targets: every span of an extraction lies inside its text
//! on char boundaries, every number is finite, and the JSON view can be built.
//!
//! A failed check panics, which libFuzzer records as a crash with the input that
//! caused it. Not for tests of expected values: those live in each crate's tests.

use duban_core::{ByteSpan, Extraction, Report};

/// Panics unless `span` lies within `text` and starts and ends on char boundaries.
pub fn check_span(text: &str, span: ByteSpan, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Panics unless `value` is finite.
pub fn check_finite(value: f64, what: &str) {
    assert!(value.is_finite(), "{what}: non-finite value {value}");
}

/// Panics unless every span of `extraction` (from `input`) is sound, every value
/// finite, and the JSON view serializes.
pub fn check_extraction(input: &str, extraction: &Extraction) {
    assert!(!extraction.reports.is_empty(), "no report at all");
    for removal in &extraction.removed {
        check_span(input, removal.span, "page removal");
    }
    for report in &extraction.reports {
        check_report(input, report);
    }
    let views = duban_core::view::reports(input, extraction);
    serde_json::to_string(&views).expect("the view serializes");
}

fn check_report(input: &str, report: &Report) {
    let text = report.text.as_str();
    let to_input = |span: ByteSpan, what: &str| {
        check_span(text, span, what);
        check_span(input, report.map.to_source(span), what);
    };
    to_input(ByteSpan::new(0, text.len()), "report text");
    for removal in &report.removed {
        check_span(input, removal.span, "removal");
    }
    for evidence in &report.meta.evidence {
        if let Some(span) = evidence.span {
            to_input(span, "meta evidence");
        }
    }
    for section in report.outline.all_sections() {
        to_input(section.span, "section");
        to_input(section.heading_span, "heading");
    }
    for sentence in &report.outline.sentences {
        to_input(sentence.span, "sentence");
    }
    for role_span in &report.outline.role_spans {
        to_input(role_span.span, "role span");
        to_input(role_span.cue, "role cue");
    }
    for quantity in &report.quantities {
        to_input(quantity.span, "quantity");
        check_finite(quantity.value, "quantity value");
        check_finite(quantity.multiplier, "quantity multiplier");
        for bound in [quantity.low, quantity.high].into_iter().flatten() {
            check_finite(bound, "quantity bound");
        }
    }
    let indicators = report
        .indicators
        .iter()
        .chain(report.targets.iter().map(|t| &t.indicator));
    for indicator in indicators {
        to_input(indicator.span, "indicator");
        to_input(indicator.sentence, "indicator sentence");
        let values = [
            indicator.value,
            indicator.low,
            indicator.high,
            indicator.from_value,
        ];
        for value in values.into_iter().flatten() {
            check_finite(value, "indicator value");
        }
        if let Some(k) = indicator.quantity {
            assert!(k < report.quantities.len(), "indicator quantity index");
        }
    }
    for task in &report.tasks {
        to_input(task.span, "task");
        for &k in &task.indicators {
            assert!(k < report.indicators.len(), "task indicator index");
        }
    }
    for diagnostic in &report.diagnostics {
        if let Some(span) = diagnostic.span {
            to_input(span, "diagnostic");
        }
    }
}

/// Makes panics caught inside PDF text extraction harmless again.
///
/// libFuzzer's hook aborts on every panic, even one that `duban-input` catches around
/// pdf-extract (which panics on some fonts) and turns into an error; this hook passes
/// only the others on.
pub fn quiet_pdf_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !duban_input::pdf_extraction_running() {
                fuzzer_hook(info);
            }
        }));
    });
}
