//! Inputs that once made the engine panic or misbehave, found by fuzzing
//! (`fuzz/`, cargo-fuzz) or by the property tests in `props.rs`. Each case runs the
//! whole `extract` and checks that every span of the result is sound.
//!
//! Add a case with the smallest input that showed the bug and a line saying what
//! went wrong; the input alone is the test.

use duban_core::{ByteSpan, MetaHints};

/// Extracts `input` and checks every span of every report: inside the text, on char
/// boundaries, mapped back inside the input; and the JSON view builds.
fn check(input: &str) {
    let extraction = duban_core::extract(input, &MetaHints::default());
    for report in &extraction.reports {
        let text = report.text.as_str();
        let mut spans: Vec<ByteSpan> = report.quantities.iter().map(|q| q.span).collect();
        spans.extend(report.outline.sentences.iter().map(|s| s.span));
        spans.extend(report.outline.all_sections().iter().map(|s| s.span));
        spans.extend(report.indicators.iter().flat_map(|i| [i.span, i.sentence]));
        spans.extend(report.targets.iter().map(|t| t.indicator.span));
        spans.extend(report.tasks.iter().map(|t| t.span));
        for span in spans {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let source = report.map.to_source(span);
            assert!(source.end <= input.len() && input.is_char_boundary(source.start));
            assert!(input.is_char_boundary(source.end));
        }
        for q in &report.quantities {
            assert!(q.value.is_finite(), "{q:?}");
        }
    }
    let views = duban_core::view::reports(input, &extraction);
    serde_json::to_string(&views).expect("the view serializes");
}

/// The clause around a target started one byte after a `。` boundary, inside the
/// char (`target::clause_around` assumed one-byte separators). Found by props.rs.
#[test]
fn target_clause_after_full_stop() {
    check("——《一、。一、万主要预期目标地区生产总值两万。");
}

/// A distributive run ("2、0") right after `。`: the binder stepped one byte back
/// from the clause start to find the previous clause, into the middle of `。`.
/// Found by props.rs.
#[test]
fn previous_clause_after_full_stop() {
    check("“。2、0——");
}

/// Absurd numbers: never a non-finite value; a digit run too long to be an amount
/// and a value beyond 1e18 are not quantities, and each leaves a diagnostic.
#[test]
fn absurd_numbers_are_dropped_with_a_diagnostic() {
    let input = "一、总体要求\n收入1e400元,增长99999999999999999999亿元,\
                 九千九百万亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿元,另有新增就业1200万人。\n";
    check(input);
    let extraction = duban_core::extract(input, &MetaHints::default());
    let report = &extraction.reports[0];
    let values: Vec<(f64, &str)> = report
        .quantities
        .iter()
        .map(|q| (q.value, q.unit.as_str()))
        .collect();
    assert_eq!(values, [(1.2e7, "person")], "{:#?}", report.quantities);
    let kinds: Vec<&str> = report.diagnostics.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&"number_too_long"), "{kinds:?}");
    assert!(kinds.contains(&"number_implausible"), "{kinds:?}");
}

/// One endless sentence (no `。` in 35 KB) took quadratic time: every stage that
/// looks back over the sentence from each of its numbers did so over all of it. A
/// run-on sentence is now cut at a comma beyond 4 KB, or anywhere at 8 KB; the time
/// itself is measured by `bench/linear.sh`, not here.
#[test]
fn run_on_sentences_are_cut() {
    let with_commas = "地区生产总值增长7.5%左右,".repeat(1000);
    let without = "地区生产总值增长百分之七点五左右".repeat(700);
    for input in [with_commas, without] {
        check(&input);
        let report = &duban_core::extract(&input, &MetaHints::default()).reports[0];
        let sentences = &report.outline.sentences;
        assert!(sentences.len() >= 4, "{}", sentences.len());
        assert!(sentences.iter().all(|s| s.span.len() <= 8192));
        // Still every non-blank byte in a sentence: the pieces tile the text.
        for pair in sentences.windows(2) {
            assert_eq!(pair[0].span.end, pair[1].span.start);
        }
    }
}
