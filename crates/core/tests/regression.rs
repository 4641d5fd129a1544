//! Regressions found while measuring speed (issue 6), named after the issue.

use duban_core::{Engine, MetaHints};

/// A quote left open before a 。 keeps the sentence going past it; the clause of a
/// target after that 。 must start after all three of its bytes. Found by the
/// synthetic growth corpus (`crates/cli/examples/synth_corpus.rs`).
#[test]
fn issue_6_target_clause_after_a_full_stop_inside_a_sentence() {
    let page = "2016年政府工作报告\n二、2016年主要预期目标\n“这样的政策是危险的政策。地区生产总值增长7%左右。\n";
    let extraction = Engine::default().extract(page, &MetaHints::default());
    let report = &extraction.reports[0];
    let gdp: Vec<_> = report
        .targets
        .iter()
        .filter(|t| t.indicator.metric.as_deref() == Some("gdp"))
        .collect();
    assert_eq!(gdp.len(), 1, "{:?}", report.targets);
    assert_eq!(gdp[0].indicator.value, Some(7.0));
    assert_eq!(gdp[0].hardness, duban_core::Hardness::Soft);
}

/// An open 《 keeps the sentence going past a 。; the distributive list after it looks
/// back at the clause before, across the 。's three bytes. Found by the growth corpus.
#[test]
fn issue_6_distributive_list_after_a_full_stop_inside_a_sentence() {
    let page = "根据中英两国政府签订的《\n在我国,要大力发展社会主义的商品生产和商品交换。\
                全年中央财政用于科技、教育、卫生和文化事业的支出分别为774亿元、536亿元、138亿元和123亿元,\
                比上年增长29.2%、39.4%、65.4%和23.9%";
    let extraction = Engine::default().extract(page, &MetaHints::default());
    let values: Vec<f64> = extraction.reports[0]
        .quantities
        .iter()
        .map(|q| q.value)
        .collect();
    assert_eq!(
        values,
        [77.4e9, 53.6e9, 13.8e9, 12.3e9, 29.2, 39.4, 65.4, 23.9],
        "{:?}",
        extraction.reports[0].quantities
    );
}

/// Every verb that makes "由A…B" a change gives B its from-value A: "减少到" and
/// "扩大到" were missing from the from-value's own copy of the list, so A was taken as
/// a base but B had no from-value. Found by `duplicates` (the two lists side by side).
#[test]
fn issue_6_every_change_verb_gives_the_from_value() {
    for (sentence, from, to) in [
        ("农村贫困人口由4960万人减少到2820万人。", 4960e4, 2820e4),
        ("国家规划免疫预防的疾病由7种扩大到15种。", 7.0, 15.0),
        ("城镇登记失业率由4.5%降低至4.1%。", 4.5, 4.1),
        ("城镇登记失业率由4.5%降低到4.1%。", 4.5, 4.1),
    ] {
        let page = format!("2016年政府工作报告\n一、2015年工作回顾\n{sentence}\n");
        let extraction = Engine::default().extract(&page, &MetaHints::default());
        let indicators = &extraction.reports[0].indicators;
        let changed: Vec<_> = indicators.iter().filter(|i| i.value == Some(to)).collect();
        assert_eq!(changed.len(), 1, "{sentence}: {indicators:#?}");
        assert_eq!(changed[0].from_value, Some(from), "{sentence}");
    }
}
