//! Metadata tests: region, level, years with evidence and plan period, on the seed,
//! the national reports, the Hailar district reports and the local_dev excerpts.

mod common;

use duban_core::meta::{self, Level, MetaHints, ReportMeta};
use duban_core::{outline, pages, Diagnostic};

/// The text as the engine reads it: the real normalizer, junk removal included.
fn fold(text: &str) -> String {
    duban_core::normalize::normalize(text, &Default::default()).text
}

/// Reads the meta of the first report of a page, as `extract` does.
fn read(page: &str, hints: &MetaHints) -> (ReportMeta, Vec<Diagnostic>) {
    let spans = pages::split_reports(page);
    let text = spans[0].of(page);
    let preamble = pages::preamble(&spans).of(page);
    let outline = outline::parse(text);
    let mut diagnostics = Vec::new();
    let meta = meta::infer_in_page(text, preamble, &outline, hints, &mut diagnostics);
    (meta, diagnostics)
}

/// What a test expects; `None` fields are not checked.
#[derive(Default)]
struct Expect<'a> {
    region: Option<&'a str>,
    level: Option<Level>,
    year: Option<Option<i32>>,
    review_year: Option<Option<i32>>,
    plan: Option<&'a str>,
    diagnostic: Option<&'static str>,
}

fn check(name: &str, page: &str, hints: &MetaHints, expect: Expect) -> ReportMeta {
    let (meta, diagnostics) = read(page, hints);
    let context = format!("{name}: {meta:#?} {diagnostics:#?}");
    if let Some(region) = expect.region {
        assert_eq!(meta.region.as_deref(), Some(region), "{context}");
    }
    if let Some(level) = expect.level {
        assert_eq!(meta.level, Some(level), "{context}");
    }
    if let Some(year) = expect.year {
        assert_eq!(meta.year, year, "{context}");
        if year.is_some() {
            assert!(!meta.evidence_for("year").is_empty(), "{context}");
        }
    }
    if let Some(review_year) = expect.review_year {
        assert_eq!(meta.review_year, review_year, "{context}");
    }
    if let Some(plan) = expect.plan {
        assert_eq!(
            meta.plan_period.as_ref().map(|p| p.name.as_str()),
            Some(plan),
            "{context}"
        );
    }
    if let Some(kind) = expect.diagnostic {
        assert!(diagnostics.iter().any(|d| d.kind == kind), "{context}");
    }
    meta
}

#[test]
fn seed_meta() {
    let page = fold(&common::seed());
    let meta = check(
        "seed",
        &page,
        &MetaHints::default(),
        Expect {
            region: Some("北京市海淀区"),
            level: Some(Level::District),
            year: Some(Some(2016)),
            review_year: Some(Some(2015)),
            plan: Some("十三五"),
            ..Expect::default()
        },
    );
    let year = meta.evidence_for("year");
    assert!(year[0].rule.contains("开局"), "{year:#?}");
    assert!(year[0].confidence >= 0.85 && year[0].confidence < 1.0);
    assert!(
        meta.evidence
            .iter()
            .any(|e| e.rule.contains("page date 2017")),
        "{meta:#?}"
    );
    assert_eq!(meta.evidence_for("review_year")[0].value, "2015");
}

/// National reports 2004–2016 whose year the text alone does not yet give: (true, inferred).
const KNOWN_WRONG_NATIONAL_YEARS: &[(i32, Option<i32>)] = &[(2007, Some(2008)), (2012, Some(2015))];

#[test]
fn national_years_from_hints_and_from_text() {
    let mut wrong = Vec::new();
    for report in common::national() {
        let text = fold(&report.text);
        let hints = MetaHints {
            year: Some(report.year),
            ..MetaHints::default()
        };
        let name = report.year.to_string();
        check(
            &name,
            &text,
            &hints,
            Expect {
                year: Some(Some(report.year)),
                ..Expect::default()
            },
        );
        if report.year >= 1978 {
            check(
                &name,
                &text,
                &MetaHints::default(),
                Expect {
                    region: Some("中华人民共和国"),
                    level: Some(Level::National),
                    ..Expect::default()
                },
            );
        }
        if report.year >= 2004 {
            let (meta, _) = read(&text, &MetaHints::default());
            if meta.year != Some(report.year) || meta.review_year != Some(report.year - 1) {
                wrong.push((report.year, meta.year));
            }
        }
    }
    // FIXME: these years are inferred wrongly without hints; see the evidence of each.
    assert_eq!(wrong, KNOWN_WRONG_NATIONAL_YEARS);
    let text = fold(&common::national_year(2016).text);
    check(
        "2016",
        &text,
        &MetaHints::default(),
        Expect {
            plan: Some("十三五"),
            ..Expect::default()
        },
    );
}

#[test]
fn hailar_without_hints() {
    for year in 2012..=2019 {
        let bytes = common::hailar_bytes(year);
        let (text, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
        assert!(!had_errors);
        let text = fold(&text);
        check(
            &format!("hailar {year}"),
            &text,
            &MetaHints::default(),
            Expect {
                region: Some("呼伦贝尔市海拉尔区"),
                level: Some(Level::District),
                year: Some(Some(year)),
                review_year: Some(Some(year - 1)),
                ..Expect::default()
            },
        );
    }
}

#[test]
fn local_dev_years_are_inferred_or_unknown() {
    // (file, year the code infers, diagnostic expected); true years in SOURCES.md.
    let cases: [(u32, Option<i32>, Option<&'static str>); 10] = [
        (1, Some(2006), Some("year_inferred")),
        (2, Some(2009), Some("year_inferred")),
        // FIXME: true year 2011; the doc farm's fake "2023年工作回忆" is not at a line
        // start (no line breaks), so no cue is read and the year stays unknown.
        (3, None, Some("year_unknown")),
        (4, Some(2013), Some("year_inferred")),
        (5, Some(2017), Some("year_inferred")),
        // Digits stripped: only the 十九大 lower bound (2018) is left; true year ≈2019.
        (6, Some(2018), Some("year_inferred")),
        (7, Some(2020), Some("year_inferred")),
        (8, Some(2022), Some("year_inferred")),
        (9, Some(2023), None),
        // FIXME: true year 2025 (十四届人大三次); session numbers are not read yet.
        (10, None, Some("year_unknown")),
    ];

    let mut got = Vec::new();
    for (n, _, _) in cases {
        let text = fold(&common::local_dev(n));
        let (meta, diagnostics) = read(&text, &MetaHints::default());
        let kinds: Vec<&str> = diagnostics.iter().map(|d| d.kind).collect();
        let diagnostic = ["year_unknown", "year_inferred"]
            .into_iter()
            .find(|k| kinds.contains(k));
        got.push((n, meta.year, diagnostic));
    }
    assert_eq!(got, cases);
}
