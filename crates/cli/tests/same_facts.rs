//! The seed report disguised as traditional characters, as GBK bytes and inside an HTML
//! page must yield the same facts as the original: decoding, HTML reduction and
//! normalization are transparent to extraction.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use duban_core::{Engine, MetaHints};

/// The facts that must not depend on how the report was delivered: no raw text, only
/// values, units, qualifiers, metrics, roles and the outline's shape.
fn facts(name: &str, bytes: &[u8]) -> Vec<String> {
    let decoded = duban_input::decode(bytes, name).unwrap_or_else(|e| panic!("{e}"));
    let extraction = Engine::default().extract(&decoded.text, &MetaHints::default());
    let report = &extraction.reports[0];
    let meta = &report.meta;
    let mut out = vec![format!(
        "meta {:?} {:?} {:?} {:?}",
        meta.region, meta.level, meta.year, meta.review_year
    )];
    fn shape(sections: &[duban_core::Section], out: &mut Vec<String>) {
        for s in sections {
            out.push(format!(
                "section {} {:?} children {}",
                s.level,
                s.role,
                s.children.len()
            ));
            shape(&s.children, out);
        }
    }
    shape(&report.outline.sections, &mut out);
    out.extend(report.quantities.iter().map(|q| {
        format!(
            "quantity {} {} {:?} {:?}",
            q.value,
            q.unit,
            q.qualifier,
            (q.low, q.high)
        )
    }));
    out.extend(report.indicators.iter().map(|i| {
        format!(
            "indicator {:?} {:?} {:?} {:?} {:?}",
            i.metric, i.measure, i.value, i.qualifier, i.role
        )
    }));
    out.extend(report.targets.iter().map(|t| {
        format!(
            "target {:?} {:?} {:?}",
            t.indicator.metric, t.indicator.value, t.hardness
        )
    }));
    out.push(format!("tasks {}", report.tasks.len()));
    out
}

fn check_same(name: &str, bytes: &[u8], original: &[String]) {
    let got = facts(name, bytes);
    let first_difference = original.iter().zip(&got).position(|(a, b)| a != b);
    assert!(
        got == original,
        "{name}: facts differ from the original ({} vs {} facts); first difference at {:?}: {:?} vs {:?}",
        got.len(),
        original.len(),
        first_difference,
        first_difference.map(|i| &original[i]),
        first_difference.map(|i| &got[i]),
    );
}

#[test]
fn seed_in_disguise_gives_the_same_facts() {
    let seed = common::seed();
    let original = facts("haidian_seed.txt", seed.as_bytes());
    assert!(
        original
            .iter()
            .filter(|f| f.starts_with("quantity"))
            .count()
            > 100,
        "the seed has hundreds of quantities"
    );

    let s2t = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t)
        .expect("built-in s2t config");
    let traditional = s2t.convert(&seed);
    assert_ne!(traditional, seed, "the conversion changed nothing");
    check_same("seed-traditional.txt", traditional.as_bytes(), &original);

    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&seed);
    assert!(!unmappable, "the seed has characters GBK cannot hold");
    check_same("seed-gbk.txt", &gbk, &original);

    let paragraphs: String = seed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{l}</p>\n"))
        .collect();
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>海淀区政府工作报告</title>\
         <script>var nav = '首页 新闻 下载';</script><style>p {{ margin: 0 }}</style></head><body>\
         <nav class=\"menu\"><a href=\"/\">首页</a> <a href=\"/news\">新闻中心</a></nav>\
         <div class=\"ad\">热门推荐:考试培训班火热报名中</div>\
         <article>{paragraphs}</article>\
         <footer>版权所有 © 某某网 京ICP备00000000号</footer></body></html>"
    );
    check_same("seed.html", html.as_bytes(), &original);
}
