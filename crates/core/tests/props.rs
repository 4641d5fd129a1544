//! Property tests over the whole engine: any string into the numeral readers and
//! `extract` never panics, every span of the result lies inside its text on char
//! boundaries (and maps back inside the input), and every number is finite.
//!
//! Normalization and quantities have their own properties in `normalize.rs` and
//! `quantity.rs`; fixed examples belong in the stage's test file, and regressions
//! found by fuzzing in `fuzz_regressions.rs`. Speed is checked by `bench/linear.sh`,
//! never here.

mod common;

use duban_core::numeral::{parse_number, read_arabic, read_chinese, read_number};
use duban_core::{ByteSpan, Extraction, MetaHints, Report};
use proptest::prelude::*;

/// Report-like pieces: headings of every level, numbers of every script, units,
/// qualifiers, cue words, quotes, page markers and line breaks, so that random
/// sequences reach the outline, meta, quantity, indicator and task stages.
const REPORT_PIECES: &str = "(一、|二、|（三）|\\(4\\)|1\\.|2、|一是|第一部分|——|[0-9]{1,22}|\
[0-9]\\.[0-9]{1,14}|[,.%:;]|万|亿|万亿|多|千分之|百分之|分之|左右|以上|以内|不低于|增长|下降|\
地区生产总值|居民消费价格|城镇新增就业|个百分点|亿元|万人|公里|[〇零一二两三四五六七八九十百千点]{1,6}|\
。|;|,|、|\n|\n\n|\r\n|年|月|主要预期目标|今年|2016年|\"十三五\"|篇[1-3]|“|”|《|》|\
政府工作报告|海拉尔区|各位代表|推进|加快| |\t|\u{3000}|１２|ＡＢ|經濟)";

fn check_span(text: &str, span: ByteSpan, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= text.len(),
        "{}: {:?} outside {} bytes",
        what,
        span,
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{}: {:?} not on char boundaries",
        what,
        span
    );
    Ok(())
}

fn check_finite(values: &[Option<f64>], what: &str) -> Result<(), TestCaseError> {
    for value in values.iter().flatten() {
        prop_assert!(value.is_finite(), "{}: {}", what, value);
    }
    Ok(())
}

/// Every span of `report` in its text and, through its map, in `input`; sibling
/// sections in order, inside their parent.
fn check_report(input: &str, report: &Report) -> Result<(), TestCaseError> {
    let text = report.text.as_str();
    let both = |span: ByteSpan, what: &str| -> Result<(), TestCaseError> {
        check_span(text, span, what)?;
        check_span(input, report.map.to_source(span), what)
    };
    both(ByteSpan::new(0, text.len()), "report")?;
    for removal in &report.removed {
        check_span(input, removal.span, "removal")?;
    }
    for evidence in &report.meta.evidence {
        if let Some(span) = evidence.span {
            both(span, "evidence")?;
        }
    }
    for section in report.outline.all_sections() {
        both(section.span, "section")?;
        both(section.heading_span, "heading")?;
    }
    prop_assert_eq!(
        common::section_order_fault(&report.outline.sections, ByteSpan::new(0, text.len())),
        None
    );
    for sentence in &report.outline.sentences {
        both(sentence.span, "sentence")?;
    }
    for role_span in &report.outline.role_spans {
        both(role_span.span, "role span")?;
        both(role_span.cue, "role cue")?;
    }
    for q in &report.quantities {
        both(q.span, "quantity")?;
        check_finite(
            &[Some(q.value), Some(q.multiplier), q.low, q.high],
            "quantity",
        )?;
    }
    let indicators = report
        .indicators
        .iter()
        .chain(report.targets.iter().map(|t| &t.indicator));
    for i in indicators {
        both(i.span, "indicator")?;
        both(i.sentence, "indicator sentence")?;
        check_finite(&[i.value, i.low, i.high, i.from_value], "indicator")?;
    }
    for task in &report.tasks {
        both(task.span, "task")?;
    }
    for diagnostic in &report.diagnostics {
        if let Some(span) = diagnostic.span {
            both(span, "diagnostic")?;
        }
    }
    Ok(())
}

fn check_extraction(input: &str, extraction: &Extraction) -> Result<(), TestCaseError> {
    prop_assert!(!extraction.reports.is_empty());
    for removal in &extraction.removed {
        check_span(input, removal.span, "page removal")?;
    }
    for report in &extraction.reports {
        check_report(input, report)?;
    }
    // The JSON view converts every span to chars, which would panic on a bad one.
    let views = duban_core::view::reports(input, extraction);
    serde_json::to_string(&views).expect("view serializes");
    Ok(())
}

fn check_numerals(text: &str) -> Result<(), TestCaseError> {
    for read in [read_arabic, read_chinese, read_number] {
        if let Some(n) = read(text) {
            prop_assert!(n.len > 0 && n.len <= text.len() && text.is_char_boundary(n.len));
            prop_assert!(n.value.is_finite());
        }
    }
    if let Some(parsed) = parse_number(text) {
        prop_assert!(parsed.value.is_finite());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn numerals_of_any_text(text in any::<String>()) {
        check_numerals(&text)?;
    }

    #[test]
    fn numerals_of_numberish_text(text in "[0-9.,〇零一二两三四五六七八九十百千万亿点分之多余]{0,60}") {
        check_numerals(&text)?;
    }

    #[test]
    fn extract_any_text(input in any::<String>()) {
        let extraction = duban_core::extract(&input, &MetaHints::default());
        check_extraction(&input, &extraction)?;
    }

    #[test]
    fn extract_report_like_text(pieces in proptest::collection::vec(REPORT_PIECES, 0..200)) {
        let input = pieces.concat();
        let extraction = duban_core::extract(&input, &MetaHints::default());
        check_extraction(&input, &extraction)?;
    }
}
