//! Tests of `quantity::find_quantities`: every written form a report uses, what must
//! never be read as a quantity, a proptest that no input panics, and a corpus run.

mod common;

use duban_core::quantity::{find_quantities, Quantity};
use expect_test::{expect, Expect};
use proptest::prelude::*;

/// Renders quantities one a line: `span | value unit qualifier [low..high]`.
fn render(text: &str, quantities: &[Quantity]) -> String {
    let mut out = String::new();
    for q in quantities {
        let range = match (q.low, q.high) {
            (Some(low), Some(high)) => format!(" [{low}..{high}]"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{} | {} {} {}{}\n",
            q.span.of(text),
            q.value,
            q.unit,
            q.qualifier.id(),
            range
        ));
    }
    out
}

fn check(text: &str, expected: Expect) {
    expected.assert_eq(&render(text, &find_quantities(text)));
}

#[test]
fn issue_forms() {
    check(
        "实现地区生产总值4610亿元左右,同比增长7.5%左右。商户316家、1.6万平方米。",
        expect![[r#"
            4610亿元左右 | 461000000000 CNY about
            7.5%左右 | 7.5 percent about
            316家 | 316 item exact
            1.6万平方米 | 16000 m2 exact
        "#]],
    );
    check(
        "8500多户;占比近70%;未来3-5年;增长6%-6.5%;提高3.7个百分点;授权量1.45万件;连续9个季度",
        expect![[r#"
            8500多户 | 8500 household at_least
            近70% | 70 percent nearly
            3-5年 | 4 year range [3..5]
            6%-6.5% | 6.25 percent range [6..6.5]
            3.7个百分点 | 3.7 percentage_point exact
            1.45万件 | 14500 item exact
            9个季度 | 9 quarter exact
        "#]],
    );
    check(
        "百分之七点五;一千零五十处;两万人;三百多家;十二项;二十个",
        expect![[r#"
            百分之七点五 | 7.5 percent exact
            一千零五十处 | 1050 item exact
            两万人 | 20000 person exact
            三百多家 | 300 item at_least
            十二项 | 12 item exact
            二十个 | 20 item exact
        "#]],
    );
    check(
        "“十三五”时期;一是综合经济实力稳步提升;二是严控增量",
        expect![[""]],
    );
}

#[test]
fn numerals_and_multipliers() {
    check(
        "总收入1.63万亿元;1,312个;67.7万亿;3万多人;3.6万余起;6000余个;十五万人;一点五亿元",
        expect![[r#"
            1.63万亿元 | 1630000000000 CNY exact
            1,312个 | 1312 item exact
            67.7万亿 | 67700000000000  exact
            3万多人 | 30000 person at_least
            3.6万余起 | 36000 item at_least
            6000余个 | 6000 item at_least
            十五万人 | 150000 person exact
            一点五亿元 | 150000000 CNY exact
        "#]],
    );
    check(
        "千分之六;三分之一以上;增长百分之百",
        expect![[r#"
        千分之六 | 6 permille exact
        三分之一以上 | 33.33333333333333 percent at_least
        百分之百 | 100 percent exact
    "#]],
    );
}

#[test]
fn qualifiers() {
    check(
        "约40万平方米;超过5000亿元;突破2000亿元;达到10%;逾300家;不少于150万平方米;不低于6%;不超过3%;\
         控制在1.5%以内;8%以上;接近5%;将近一半;大约20天;6%上下;3年以下",
        expect![[r#"
            约40万平方米 | 400000 m2 about
            超过5000亿元 | 500000000000 CNY at_least
            突破2000亿元 | 200000000000 CNY at_least
            10% | 10 percent exact
            逾300家 | 300 item at_least
            不少于150万平方米 | 1500000 m2 at_least
            不低于6% | 6 percent at_least
            不超过3% | 3 percent at_most
            1.5%以内 | 1.5 percent at_most
            8%以上 | 8 percent at_least
            接近5% | 5 percent nearly
            将近一半 | 50 percent nearly
            大约20天 | 20 day about
            6%上下 | 6 percent about
            3年以下 | 3 year at_most
        "#]],
    );
    check(
        "节约3万吨;最近5年;近3年;近五年来",
        expect![[r#"
        3万吨 | 30000 ton exact
        5年 | 5 year exact
        3年 | 3 year exact
        五年 | 5 year exact
    "#]],
    );
}

#[test]
fn ranges() {
    check(
        "3-5年;6%-6.5%;6-6.5%;10万至15万人;3至5年;6.5%到7%;一至两年;3-5万人;2016-2020年;1-2月份",
        expect![[r#"
            3-5年 | 4 year range [3..5]
            6%-6.5% | 6.25 percent range [6..6.5]
            6-6.5% | 6.25 percent range [6..6.5]
            10万至15万人 | 125000 person range [100000..150000]
            3至5年 | 4 year range [3..5]
            6.5%到7% | 6.75 percent range [6.5..7]
            一至两年 | 1.5 year range [1..2]
            3-5万人 | 40000 person range [30000..50000]
        "#]],
    );
}

#[test]
fn durations_and_years() {
    check("五年来;三年行动计划;2015年;20xx年;1985年底;一九八四年;二〇一五年;3年多;两个多月;90年代;建国60周年", expect![[r#"
        五年 | 5 year exact
        三年 | 3 year exact
        3年多 | 3 year at_least
        两个多月 | 2 month at_least
    "#]]);
}

#[test]
fn never_quantities() {
    check(
        "2月28日;8时30分;第十四届;第一;16号线;一带一路;三严三实;“6+4”;“8337”;“一城三街”;三大功能区;\
         五大发展理念;前五大行业;一个新阶段;一批;一系列;进一步;统一;一年一度;(一);(2)加强;十八届三中全会;\
         5G网络;G20;广义货币(M2);PM2.5;工业4.0.1版;一度",
        expect![[""]],
    );
}

#[test]
fn names_dates_and_page_junk_from_the_seed() {
    check(
        "2017-05-12;工作报告篇1;101中学;一亩园;十一届八次全会;第十三个五年规划",
        expect![[""]],
    );
}

#[test]
fn decimal_multiples_are_exact() {
    check(
        "水泥2.3亿吨;赤字2.18万亿元;1,312.5万元",
        expect![[r#"
        2.3亿吨 | 230000000 ton exact
        2.18万亿元 | 2180000000000 CNY exact
        1,312.5万元 | 13125000 CNY exact
    "#]],
    );
}

#[test]
fn distributive_lists_and_ratios() {
    check(
        "能耗、水耗分别下降2%、4.2%;三次产业结构比为11.8:48.3:39.9",
        expect![[r#"
            2% | 2 percent exact
            4.2% | 4.2 percent exact
            11.8 | 11.8  exact
            48.3 | 48.3  exact
            39.9 | 39.9  exact
        "#]],
    );
}

/// The annotators' "further rules" (test_data/gold/README.md).
#[test]
fn further_rules_of_the_gold() {
    check(
        "不到3%;两年内实现;三年之内;十年内乱;几十年内;突破2600家;6000余个",
        expect![[r#"
            不到3% | 3 percent at_most
            两年内 | 2 year at_most
            三年之内 | 3 year at_most
            十年 | 10 year exact
            突破2600家 | 2600 item at_least
            6000余个 | 6000 item at_least
        "#]],
    );
    check(
        "减少三分之一;减少一半以上;超过一半人口;翻一番;翻了两番;增长1倍多",
        expect![[r#"
            三分之一 | 33.33333333333333 percent exact
            一半以上 | 50 percent at_least
            超过一半 | 50 percent at_least
            翻一番 | 2 times exact
            翻了两番 | 4 times exact
            1倍多 | 1 times at_least
        "#]],
    );
    check(
        "26.1万元/人;实施85蒸吨燃煤锅炉改造;平板玻璃7600多万重量箱;提高1岁",
        expect![[r#"
            26.1万元/人 | 261000 CNY/person exact
            85蒸吨 | 85 steam_ton exact
            7600多万重量箱 | 76000000 weight_case at_least
            1岁 | 1 year exact
        "#]],
    );
    check(
        "十亿人口;四千二百多万城镇劳动力;上亿群众;上千种;6434万农村人口;两万人;上千",
        expect![[r#"
            十亿 | 1000000000  exact
            四千二百多万 | 42000000  at_least
            上亿 | 100000000  at_least
            上千种 | 1000 item at_least
            6434万 | 64340000  exact
            两万人 | 20000 person exact
        "#]],
    );
    check(
        "粮食四亿零七百多万吨;原煤七亿七千多万吨;三亿五千万元",
        expect![[r#"
            四亿零七百多万吨 | 407000000 ton at_least
            七亿七千多万吨 | 770000000 ton at_least
            三亿五千万元 | 350000000 CNY exact
        "#]],
    );
    check(
        "把握好三点。八点钟;一点,二是;和平共处五项原则;坚持四项基本原则;八项规定;这两条原则",
        expect![[r#"
            三点 | 3 item exact
            两条 | 2 item exact
        "#]],
    );
    check(
        "是取得伟大成就的一年。在过去的一年中;新的一年,要;一年比一年好;12月一个月的增长额;不只是一年好",
        expect![[r#"
            一年 | 1 year exact
            一年 | 1 year exact
        "#]],
    );
}

#[test]
fn spans_cover_qualifier_number_and_unit() {
    let text = "城镇登记失业率控制在1.5%以内。";
    let found = find_quantities(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span.of(text), "1.5%以内");
    assert_eq!(found[0].unit_text, "%");
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_ordered(text in "\\PC{0,40}") {
        check_spans(&text);
    }

    #[test]
    fn never_panics_on_numberish_text(text in "[0-9.,%万亿千百十一二两三五零〇点分之多余年个至-]{0,30}") {
        check_spans(&text);
    }
}

fn check_spans(text: &str) {
    let found = find_quantities(text);
    let mut last_end = 0;
    for q in &found {
        assert!(q.span.start >= last_end && q.span.start < q.span.end && q.span.end <= text.len());
        assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        assert!(q.value.is_finite());
        last_end = q.span.end;
    }
}

#[test]
fn huge_numbers_are_finite_or_rejected() {
    for text in [
        "99999999999999999999亿元",
        &"9".repeat(400),
        "1.00000000000000000000001%",
        "99999999999999万亿元",
    ] {
        check_spans(text);
    }
}

/// Folds full-width ASCII and the ideographic space, standing in for the normalizer
/// until it lands.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[test]
fn national_corpus_throughput() {
    let texts: Vec<String> = common::national()
        .into_iter()
        .map(|r| fold(&r.text))
        .collect();
    let n_bytes: usize = texts.iter().map(String::len).sum();
    let started = std::time::Instant::now();
    let n_quantities: usize = texts.iter().map(|t| find_quantities(t).len()).sum();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "national corpus: {n_bytes} bytes, {n_quantities} quantities, {:.1} MB/s",
        n_bytes as f64 / seconds / 1e6
    );
    // A count, not a timing: a fast wrong answer must fail.
    assert!(
        n_quantities > 5_000,
        "only {n_quantities} quantities in the national corpus"
    );
}
