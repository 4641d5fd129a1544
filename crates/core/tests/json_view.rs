//! The view's own JSON writer (`duban_core::json`) against serde_json on the same
//! views: byte for byte, compact and pretty, on real reports and on made-up values
//! with everything that must be escaped and awkward floats.

mod common;

use duban_core::indicator::{Measure, Period, Role};
use duban_core::json::{JsonWriter, WriteJson};
use duban_core::meta::{Level, PlanPeriod};
use duban_core::outline::SectionRole;
use duban_core::span::CharSpan;
use duban_core::task::Deadline;
use duban_core::view::{
    self, DiagnosticView, EvidenceView, IndicatorView, MetaView, QuantityView, RemovedView,
    ReportView, SectionView, TargetView, TaskView,
};
use duban_core::{Engine, Hardness, MetaHints, Qualifier};

fn assert_same<T: WriteJson + serde::Serialize + ?Sized>(value: &T, what: &str) {
    let mut compact = Vec::new();
    value.write_json(&mut JsonWriter::compact(&mut compact));
    let expected = serde_json::to_vec(value).expect("serializes");
    assert!(
        compact == expected,
        "{what}: compact output differs\n{}",
        diff(&compact, &expected)
    );
    let mut pretty = Vec::new();
    value.write_json(&mut JsonWriter::pretty(&mut pretty));
    let expected = serde_json::to_vec_pretty(value).expect("serializes");
    assert!(
        pretty == expected,
        "{what}: pretty output differs\n{}",
        diff(&pretty, &expected)
    );
}

fn diff(ours: &[u8], theirs: &[u8]) -> String {
    let at = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    let around = |b: &[u8]| {
        String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())]).into_owned()
    };
    format!(
        "at byte {at}:\n ours:   {}\n serde:  {}",
        around(ours),
        around(theirs)
    )
}

#[test]
fn real_reports_are_written_as_serde_json_writes_them() {
    let engine = Engine::default();
    let mut texts = vec![common::seed()];
    for year in ["2012", "2016"] {
        let bytes = common::bytes(&format!("hailar/{year}.txt"));
        texts.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    // A few national reports, spread over the years.
    texts.extend(common::national().into_iter().step_by(11).map(|r| r.text));
    for (i, text) in texts.iter().enumerate() {
        let extraction = engine.extract(text, &MetaHints::default());
        let views = view::reports(text, &extraction);
        assert!(!views.is_empty());
        assert!(
            views.iter().any(|v| !v.indicators.is_empty()),
            "report {i} has indicators"
        );
        assert_same(views.as_slice(), &format!("report {i}"));
    }
}

#[test]
fn awkward_strings_and_floats_are_written_as_serde_json_writes_them() {
    let nasty = "引号\" 反斜杠\\ 控制\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} del\u{7f} \
                 分隔\u{2028}\u{2029} 扩展𠀀😀 slash/ 0123456789abcdef";
    // The same string cut at every char boundary, so that escapes fall at every place
    // of a 16-byte chunk and at the end.
    let cuts: Vec<&str> = nasty
        .char_indices()
        .map(|(i, _)| &nasty[i..])
        .chain(nasty.char_indices().map(|(i, _)| &nasty[..i]))
        .collect();
    let floats = [
        0.1,
        1e21,
        1e20,
        -0.0,
        7.5,
        1.0,
        1.0 / 3.0,
        f64::NAN,
        f64::INFINITY,
        5e-324,
    ];
    let plan_period = PlanPeriod {
        name: "十三五".to_string(),
        start: 2016,
        end: 2020,
    };
    let meta = MetaView {
        region: Some(nasty),
        level: Some(Level::District),
        year: Some(2016),
        review_year: None,
        plan_period: Some(&plan_period),
        title: None,
        evidence: vec![EvidenceView {
            field: "year",
            value: "2016",
            span: Some(CharSpan { start: 1, end: 3 }),
            rule: nasty,
            confidence: 0.9,
        }],
    };
    let deadline = Deadline {
        text: "年底前\n".to_string(),
        year: Some(2016),
        month: None,
    };
    let span = CharSpan { start: 1, end: 17 };
    let indicator = |k: usize| IndicatorView {
        metric: k.is_multiple_of(2).then_some("gdp"),
        metric_text: cuts[k % cuts.len()],
        measure: Measure::ChangePp,
        value: Some(floats[k % floats.len()]),
        low: k.is_multiple_of(3).then_some(-0.0),
        high: Some(1e21),
        unit: "%",
        qualifier: [None, Some(Qualifier::AtLeast), Some(Qualifier::Sync)][k % 3],
        role: [Role::Actual, Role::Estimate, Role::Target, Role::PlanTarget][k % 4],
        period: Some(Period {
            start: 2016,
            end: 2020,
        }),
        base: None,
        scope: Some(cuts[(k * 7) % cuts.len()]),
        from_value: Some(0.1),
        text: cuts[(k * 3) % cuts.len()],
        span,
        source_span: span,
        sentence: nasty,
        sentence_span: span,
    };
    let area = [nasty.to_string(), "二、".to_string()];
    let report = ReportView {
        schema: view::SCHEMA,
        meta,
        removed: cuts
            .iter()
            .map(|&text| RemovedView {
                text,
                span,
                reason: "pinyin_gloss",
            })
            .collect(),
        sections: vec![SectionView {
            heading: nasty,
            role: SectionRole::GovernmentSelfBuilding,
            level: 1,
            span,
            children: vec![SectionView {
                heading: "二、",
                role: SectionRole::Other,
                level: 2,
                span,
                children: vec![],
            }],
        }],
        quantities: floats
            .iter()
            .enumerate()
            .map(|(k, &value)| QuantityView {
                text: cuts[k],
                value,
                low: Some(value),
                high: None,
                unit: "亿元",
                unit_text: "亿",
                qualifier: Qualifier::About,
                span,
                source_span: span,
            })
            .collect(),
        indicators: (0..cuts.len()).map(indicator).collect(),
        targets: (0..4)
            .map(|k| TargetView {
                indicator: indicator(k),
                hardness: if k.is_multiple_of(2) {
                    Hardness::Hard
                } else {
                    Hardness::Soft
                },
            })
            .collect(),
        tasks: vec![TaskView {
            id: "t1",
            area: &area,
            text: nasty,
            action: Some("推进"),
            object: None,
            indicators: vec![indicator(5)],
            deadline: Some(&deadline),
            span,
        }],
        diagnostics: vec![DiagnosticView {
            kind: "year_masked",
            message: nasty,
            span: None,
        }],
        text: nasty,
    };
    assert_same(&report, "made-up report");
}

#[test]
fn every_unit_enum_is_written_with_its_serde_name() {
    fn check<T: WriteJson + serde::Serialize>(values: &[T]) {
        for v in values {
            assert_same(v, "enum");
        }
    }
    check(&[
        Level::National,
        Level::Province,
        Level::Prefecture,
        Level::County,
        Level::District,
    ]);
    check(&[
        SectionRole::Review,
        SectionRole::Problems,
        SectionRole::Requirements,
        SectionRole::Targets,
        SectionRole::Tasks,
        SectionRole::Plan,
        SectionRole::GovernmentSelfBuilding,
        SectionRole::Other,
    ]);
    check(&[
        Measure::Level,
        Measure::Growth,
        Measure::ChangePp,
        Measure::Share,
        Measure::Count,
        Measure::Change,
    ]);
    check(&[Role::Actual, Role::Estimate, Role::Target, Role::PlanTarget]);
    check(&[
        Qualifier::Exact,
        Qualifier::About,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::Nearly,
        Qualifier::Range,
        Qualifier::Sync,
    ]);
    check(&[Hardness::Hard, Hardness::Soft]);
}

/// Every span of the JSON is in chars of the normalized text, the evidence of the
/// metadata included: slicing the text's chars with it gives the cue.
#[test]
fn meta_evidence_spans_are_chars_of_the_text() {
    let engine = Engine::default();
    let seed = common::seed();
    let extraction = engine.extract(&seed, &MetaHints::default());
    let views = view::reports(&seed, &extraction);
    let report = &extraction.reports[0];
    let chars: Vec<char> = report.text.chars().collect();
    let mut placed = 0;
    for (evidence, shown) in report.meta.evidence.iter().zip(&views[0].meta.evidence) {
        let (Some(bytes), Some(span)) = (evidence.span, shown.span) else {
            assert!(evidence.span.is_none() && shown.span.is_none());
            continue;
        };
        let cue: String = chars[span.start..span.end].iter().collect();
        assert_eq!(cue, bytes.of(&report.text), "{}", evidence.rule);
        placed += 1;
    }
    // The seed's year cues (开局之年, 十八届五中全会, …) lie past its first line, where
    // byte and char offsets part.
    assert!(placed >= 5, "{placed} placed evidence");
    assert!(views[0]
        .meta
        .evidence
        .iter()
        .filter_map(|e| e.span)
        .any(|s| s.start > 100));
}
