//! Tests of normalization: character folding, whitespace, traditional → simplified,
//! pinyin glosses, junk removal and line joining, on small inline cases and on the
//! shared corpus (seed, local_dev, Hailar, national).
//!
//! Every case goes through [`normalize`] with the default rules and one helper,
//! [`check`], which also verifies that the result maps back to the input.

mod common;

use duban_core::normalize::{clean_lines, fold_chars, normalize, CleanRules};
use duban_core::{ByteSpan, Rewritten};
use proptest::prelude::*;

/// What a case expects of the normalized text and its removals.
#[derive(Default)]
struct Expect<'a> {
    /// The whole output, when given.
    text: Option<&'a str>,
    /// Substrings that must be in the output.
    present: &'a [&'a str],
    /// Substrings that must not be in the output.
    absent: &'a [&'a str],
    /// Removals `(text, reason)` that must be listed, in any order.
    removed: &'a [(&'a str, &'a str)],
}

/// Normalizes `input`, checks `expect` and the map invariants, returns the result.
fn check(input: &str, expect: Expect<'_>) -> Rewritten {
    let out = normalize(input, &CleanRules::default());
    if let Some(text) = expect.text {
        assert_eq!(out.text, text);
    }
    for needle in expect.present {
        assert!(
            out.text.contains(needle),
            "missing {needle:?} in output:\n{}",
            out.text
        );
    }
    for needle in expect.absent {
        assert!(
            !out.text.contains(needle),
            "{needle:?} still in output:\n{}",
            out.text
        );
    }
    for (text, reason) in expect.removed {
        assert!(
            out.removals
                .iter()
                .any(|r| r.text == *text && r.reason == *reason),
            "no removal of {text:?} as {reason}; removals: {:#?}",
            out.removals
        );
    }
    check_maps(input, &out);
    out
}

/// Removals point at their own text in the input, and every char-aligned output span
/// maps back to a char-aligned input span.
fn check_maps(input: &str, out: &Rewritten) {
    // Removals hold their input text, in order and without overlaps.
    let mut last_end = 0;
    for removal in &out.removals {
        assert!(
            removal.span.start >= last_end,
            "overlapping removals: {:#?}",
            out.removals
        );
        assert_eq!(removal.span.of(input), removal.text);
        last_end = removal.span.end;
    }
    // A letter or an ideograph of the output comes from one char of the input: itself,
    // its full-width form or its traditional form.
    let n_chars = out.text.chars().count();
    for (at, c) in out.text.char_indices().step_by((n_chars / 20_000).max(1)) {
        if c.is_ascii_alphabetic() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            let src = out
                .map
                .to_source(ByteSpan::new(at, at + c.len_utf8()))
                .of(input);
            assert_eq!(src.chars().count(), 1, "{c:?} at {at} maps to {src:?}");
            if c.is_ascii_alphabetic() {
                let full_width = char::from_u32(c as u32 + 0xFEE0).unwrap();
                assert!(
                    src.starts_with([c, full_width]),
                    "{c:?} at {at} maps to {src:?}"
                );
            }
        }
    }
    let boundaries: Vec<usize> = out
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([out.text.len()])
        .collect();
    let step = (boundaries.len() / 200).max(1);
    for (k, &start) in boundaries.iter().enumerate().step_by(step) {
        for &end in boundaries[k..].iter().step_by(step).take(20) {
            let src = out.map.to_source(ByteSpan::new(start, end));
            assert!(
                src.start <= src.end && src.end <= input.len(),
                "{start}..{end} -> {src:?}"
            );
            assert!(
                input.is_char_boundary(src.start) && input.is_char_boundary(src.end),
                "{start}..{end} -> {src:?}"
            );
        }
    }
}

/// The source text of the first occurrence of `needle` in the output.
fn source_of<'i>(input: &'i str, out: &Rewritten, needle: &str) -> &'i str {
    let at = out
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in output"));
    out.map
        .to_source(ByteSpan::new(at, at + needle.len()))
        .of(input)
}

fn decode_gb18030(bytes: &[u8]) -> String {
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    assert!(!had_errors);
    text.into_owned()
}

// ---------------------------------------------------------------------------------
// Small cases.

#[test]
fn full_width_ascii_is_folded() {
    let out = check(
        "（一）增长７．５％，达到ＧＤＰ：１００",
        Expect {
            text: Some("(一)增长7.5%,达到GDP:100"),
            ..Expect::default()
        },
    );
    assert_eq!(
        source_of("（一）增长７．５％，达到ＧＤＰ：１００", &out, "7.5%"),
        "７．５％"
    );
    check(
        "比例11.8︰48.3∶39.9,增长5﹪",
        Expect {
            text: Some("比例11.8:48.3:39.9,增长5%"),
            ..Expect::default()
        },
    );
    check(
        "、。“”《》",
        Expect {
            text: Some("、。“”《》"),
            ..Expect::default()
        },
    );
}

#[test]
fn dashes_between_digits_become_hyphens() {
    check(
        "增长−2.5%,“十一五〞",
        Expect {
            text: Some("增长-2.5%,“十一五”"),
            ..Expect::default()
        },
    );
    check(
        "未来3－5年",
        Expect {
            text: Some("未来3-5年"),
            ..Expect::default()
        },
    );
    check(
        "3–5年,3—5年,3~5年,3～5年,3〜5年,3﹣5年",
        Expect {
            text: Some("3-5年,3-5年,3-5年,3-5年,3-5年,3-5年"),
            ..Expect::default()
        },
    );
    check(
        "增长6%～6.5%",
        Expect {
            text: Some("增长6%-6.5%"),
            ..Expect::default()
        },
    );
    check(
        "——过去五年,是",
        Expect {
            text: Some("——过去五年,是"),
            ..Expect::default()
        },
    );
    check(
        "目标——2020年",
        Expect {
            text: Some("目标——2020年"),
            ..Expect::default()
        },
    );
}

#[test]
fn whitespace_is_tidied() {
    check(
        "甲\u{2028}乙\u{2029}\u{2029}丙\u{85}丁",
        Expect {
            text: Some("甲\n乙\n\n丙\n丁"),
            ..Expect::default()
        },
    );
    check(
        "\u{3000}\u{3000}各位代表：\r\n\u{3000}\u{3000}现在\r\n",
        Expect {
            text: Some("各位代表:\n现在\n"),
            ..Expect::default()
        },
    );
    check(
        "甲\r乙\n\n\n\n丙  \n",
        Expect {
            text: Some("甲\n乙\n\n丙\n"),
            ..Expect::default()
        },
    );
    check(
        "\n\n  我 们 坚 持 以 习 近平 新",
        Expect {
            text: Some("我们坚持以习近平新"),
            ..Expect::default()
        },
    );
    check(
        "过去五年及 2022 年工作回顾",
        Expect {
            text: Some("过去五年及2022年工作回顾"),
            ..Expect::default()
        },
    );
    check(
        "GDP 14 万亿, PM2.5 and",
        Expect {
            text: Some("GDP 14万亿, PM2.5 and"),
            ..Expect::default()
        },
    );
    check(
        "区长\u{3000}\u{3000}杜联合",
        Expect {
            text: Some("区长 杜联合"),
            ..Expect::default()
        },
    );
    check(
        "政 府 工 作 报 告",
        Expect {
            text: Some("政府工作报告"),
            ..Expect::default()
        },
    );
    // Spaces between words of a headline or a list of names are kept.
    let headline = "绘蓝图 建陇东南大市\n【记者魏晓文 董刚 杨晓斌】";
    check(
        headline,
        Expect {
            text: Some(headline),
            ..Expect::default()
        },
    );
    check(
        "a\u{a0}\u{a0}b\u{200b}c",
        Expect {
            text: Some("a bc"),
            ..Expect::default()
        },
    );
}

#[test]
fn traditional_becomes_simplified() {
    let input = "經濟總值142億元,區預計萬戶";
    let out = check(
        input,
        Expect {
            text: Some("经济总值142亿元,区预计万户"),
            ..Expect::default()
        },
    );
    assert_eq!(source_of(input, &out, "亿元"), "億元");
}

/// The national reports, many of them in traditional script, simplified exactly as
/// `fast2s` simplifies their folded text (normalize converts by tables made from it).
#[test]
fn national_reports_are_simplified_as_fast2s_does() {
    let rules = CleanRules::default();
    let mut n_traditional = 0;
    for report in common::national() {
        let folded = fold_chars(&report.text).text;
        let simplified = fast2s::convert(&folded);
        n_traditional += usize::from(simplified != folded);
        let expected = clean_lines(&simplified, &rules).text;
        assert_eq!(
            normalize(&report.text, &rules).text,
            expected,
            "{}",
            report.year
        );
    }
    assert!(n_traditional > 5, "{n_traditional} traditional reports");
}

#[test]
fn pinyin_glosses_are_removed() {
    let input = "會(huì)議現(xiàn)場,經（jīng）濟淨(jìng)增";
    check(
        input,
        Expect {
            text: Some("会议现场,经济净增"),
            removed: &[
                ("(huì)", "pinyin_gloss"),
                ("（jīng）", "pinyin_gloss"),
                ("(jìng)", "pinyin_gloss"),
            ],
            ..Expect::default()
        },
    );
    check(
        "增长(abc)和GDP(gōng)",
        Expect {
            text: Some("增长(abc)和GDP(gōng)"),
            ..Expect::default()
        },
    );
}

#[test]
fn junk_rules_remove_and_list() {
    check(
        "取得新进展。准维教育军队考试网\n\n下一段。\n",
        Expect {
            text: Some("取得新进展。\n\n下一段。\n"),
            removed: &[("准维教育军队考试网", "scrape_promo")],
            ..Expect::default()
        },
    );
    check(
        "正文。\n\n下一页更多关于海淀区政府工作报告\n\n更多相关阅读\n\n最新发布的文章\n",
        Expect {
            text: Some("正文。\n"),
            removed: &[("更多相关阅读", "link_list")],
            ..Expect::default()
        },
    );
    check(
        "正文。\n初审编辑:\n责任编辑:余梁\n",
        Expect {
            text: Some("正文。\n"),
            removed: &[("责任编辑:余梁", "site_boilerplate")],
            ..Expect::default()
        },
    );
    // A report sentence that merely mentions a blog is kept.
    check(
        "建设政务博客。开通政务博客。\n我们开设政务博客\n",
        Expect {
            text: Some("建设政务博客。开通政务博客。\n我们开设政务博客\n"),
            ..Expect::default()
        },
    );
}

#[test]
fn broken_lines_are_joined() {
    check(
        "《\n中共中央关于制定计划的建议\n》,提出了",
        Expect {
            text: Some("《中共中央关于制定计划的建议》,提出了"),
            ..Expect::default()
        },
    );
    let wrapped = "本届政府任期的五年,是新疆发展史上极不平凡的五\n年。面对严峻复杂的形势和艰巨繁重的任务,在以习近平\n同志为核心的党中央坚强领导下,深入贯彻落实党的十\n九大和十九届历次全会精神,认真学习贯彻党的二十大精\n神。\n一、过去五年工作回顾\n";
    check(
        wrapped,
        Expect {
            present: &[
                "极不平凡的五年。",
                "以习近平同志",
                "党的十九大",
                "二十大精神。\n一、过去",
            ],
            ..Expect::default()
        },
    );
    // Page numbers between wrapped lines go, and the lines still join.
    check(
        &wrapped
            .replace("十\n九大", "十\n- 12 -\n九大")
            .replace("在以习近平\n", "在以习近平\n— 3 —\n"),
        Expect {
            present: &["党的十九大", "以习近平同志"],
            removed: &[("- 12 -", "page_number"), ("— 3 —", "page_number")],
            ..Expect::default()
        },
    );
    // Paragraphs separated by blank lines: a single break after an unfinished sentence
    // is joined, a short title above its text is not.
    let paragraphs = "各位代表:\n\n".to_string()
        + &"我们在听了刘少奇同志关于宪法草案的报告以后,通过了宪法。\n\n".repeat(8)
        + "我们第一届全国人民代表大会第一次会议,在听了刘少奇同志\n关于宪法草案的报告\n并进行了讨论以后,通过了宪法。\n\n"
        + "关于国内建设\n根据决议,各级政府进行了努力。\n";
    check(
        &paragraphs,
        Expect {
            present: &[
                "在听了刘少奇同志关于宪法草案的报告并进行了讨论以后",
                "\n关于国内建设\n根据决议",
            ],
            ..Expect::default()
        },
    );
    // One paragraph per line, widths varying: nothing is joined.
    check(
        "一、工作回顾\n一年来\n我们主要做了以下几方面工作\n(一)深入开展非首都功能疏解\n",
        Expect {
            text: Some(
                "一、工作回顾\n一年来\n我们主要做了以下几方面工作\n(一)深入开展非首都功能疏解\n",
            ),
            ..Expect::default()
        },
    );
}

/// The seed's paragraphs, hard-wrapped at `width` CJK chars as a PDF would be, come back
/// whole unless a wrap point falls right after a sentence end or at a heading, and
/// no line ever runs across two paragraphs.
#[test]
fn hard_wrapped_seed_is_rejoined() {
    let clean = normalize(&common::seed(), &CleanRules::default())
        .text
        .replace(' ', "");
    // From the report's first words on: the page blurb before them ends in a comma once
    // the editor talk is cut, and a full line ending in a comma is rightly joined.
    let body = &clean[clean.find("各位代表").unwrap()..];
    let paragraphs: Vec<&str> = body.lines().filter(|p| !p.is_empty()).collect();
    for width in [25, 30, 40] {
        let mut wrapped = String::new();
        // Wrap by printed width, as a PDF does: ASCII chars take half the room.
        for paragraph in &paragraphs {
            let mut room = 2 * width;
            for c in paragraph.chars() {
                let need = if c.is_ascii() { 1 } else { 2 };
                if need > room {
                    wrapped.push('\n');
                    room = 2 * width;
                }
                wrapped.push(c);
                room -= need;
            }
            wrapped.push('\n');
        }
        let out = check(&wrapped, Expect::default());
        let lines: Vec<&str> = out.text.lines().collect();
        for line in &lines {
            assert!(
                paragraphs.iter().any(|p| p.contains(line)),
                "width {width}: {line:?} runs across paragraphs"
            );
        }
        let n_whole = lines.iter().filter(|l| paragraphs.contains(l)).count();
        assert!(
            n_whole * 100 >= paragraphs.len() * 84,
            "width {width}: {n_whole} of {} paragraphs whole",
            paragraphs.len()
        );
    }
}

#[test]
fn custom_rules_replace_the_default() {
    let rules = CleanRules::parse("mine.txt", "phrase\t广告\tscrape_promo\n").unwrap();
    let out = normalize("正文广告。更多相关阅读", &rules);
    assert_eq!(out.text, "正文。更多相关阅读");
    assert_eq!(out.removals[0].reason, "scrape_promo");
}

// ---------------------------------------------------------------------------------
// Corpus cases.

#[test]
fn seed_junk_goes_and_report_sentences_stay() {
    let seed = common::seed();
    let out = check(
        &seed,
        Expect {
            present: &[
                "城镇登记失业率控制在1.5%以内",
                "建成83个",
                "是北京市的城八区之一,",
                "海淀区政府工作报告篇1",
            ],
            absent: &[
                "小编",
                "考试网",
                "张为臻博客",
                "下一页",
                "更多相关阅读",
                "最新发布的文章",
            ],
            removed: &[
                (
                    "下面小编给大家分享几篇海淀区政府工作报告,一起看一下吧!",
                    "editor_talk",
                ),
                ("准维教育军队考试网", "scrape_promo"),
                ("张为臻博客", "scrape_promo"),
                ("下一页更多关于海淀区政府工作报告", "link_list"),
                ("更多相关阅读", "link_list"),
                ("最新发布的文章", "link_list"),
            ],
            ..Expect::default()
        },
    );
    assert_eq!(out.removals.len(), 6, "{:#?}", out.removals);
    // Paragraph structure: as many paragraphs as before, less the junk-only ones.
    let paragraphs = |t: &str| t.split("\n\n").filter(|p| !p.trim().is_empty()).count();
    assert_eq!(paragraphs(&out.text), paragraphs(&seed) - 3);
    let n_lines = |t: &str| t.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(n_lines(&out.text), n_lines(&seed) - 3);
}

#[test]
fn corpus_normalization_is_idempotent() {
    let mut inputs: Vec<String> = (1..=10).map(common::local_dev).collect();
    inputs.extend((2012..=2019).map(|y| decode_gb18030(&common::hailar_bytes(y))));
    inputs.extend(common::national().into_iter().map(|r| r.text));
    for input in &inputs {
        let once = normalize(input, &CleanRules::default());
        let twice = normalize(&once.text, &CleanRules::default());
        assert_eq!(twice.text, once.text);
    }
}

#[test]
fn seed_normalization_is_idempotent() {
    let once = normalize(&common::seed(), &CleanRules::default());
    let twice = normalize(&once.text, &CleanRules::default());
    assert_eq!(twice.text, once.text);
    assert!(twice.removals.is_empty(), "{:#?}", twice.removals);
}

#[test]
fn hailar_reports_keep_their_lines() {
    for year in 2012..=2019 {
        let input = decode_gb18030(&common::hailar_bytes(year));
        let out = check(
            &input,
            Expect {
                absent: &["\r", "\u{3000}"],
                ..Expect::default()
            },
        );
        let n_lines = |t: &str| t.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(n_lines(&out.text), n_lines(&input), "hailar {year}");
        assert!(
            out.removals.is_empty(),
            "hailar {year}: {:#?}",
            out.removals
        );
    }
}

#[test]
fn local_dev_traditional_pages_are_simplified() {
    check(
        &common::local_dev(1),
        Expect {
            present: &["经济", "总值", "亿元", "区域"],
            absent: &["經濟", "億"],
            ..Expect::default()
        },
    );
    check(
        &common::local_dev(2),
        Expect {
            present: &["经济", "142亿元", "各位代表:", "一、2008年工作回顾"],
            absent: &["導語", "导语", "时间:2022"],
            removed: &[
                ("時間:2022-07-15 08:03:00", "page_header"),
                ("導語:區政府工作會議的講話一文來源于網友上傳,不代表本站觀點,若需要原創文章可咨詢客服老師,歡迎參考。", "site_disclaimer"),
            ],
            ..Expect::default()
        },
    );
}

#[test]
fn local_dev_glosses_are_removed() {
    let out = check(
        &common::local_dev(8),
        Expect {
            present: &["经济", "现场", "会议", "凤县新闻网讯"],
            absent: &["(xiàn)", "(jīng)"],
            ..Expect::default()
        },
    );
    assert!(out.removals.iter().all(|r| r.reason == "pinyin_gloss"));
    assert!(out.removals.len() > 20);
    check(
        &common::local_dev(10),
        Expect {
            present: &["会议", "预计2024年", "净增98万户", "经济", "14万亿元"],
            absent: &["(jì)", "(jìng)"],
            ..Expect::default()
        },
    );
}

#[test]
fn local_dev_site_junk_is_removed() {
    check(
        &common::local_dev(4),
        Expect {
            present: &["人口自然增长率控制在6‰以内", "必须加强对通胀预期的管理。"],
            absent: &["编辑", "网友评论", "本文相关新闻"],
            removed: &[
                ("初审编辑:", "site_boilerplate"),
                ("责任编辑:余梁", "site_boilerplate"),
                ("网友评论[点击评论]", "site_boilerplate"),
            ],
            ..Expect::default()
        },
    );
    check(
        &common::local_dev(5),
        Expect {
            present: &["3月28日讯", "全市生产总值达到3843亿元"],
            absent: &["365体育"],
            removed: &[
                ("365体育官方中文版", "spam_injection"),
                ("图为张兵市长作政府工作报告", "photo_caption"),
                ("图为代表、委员听报告", "photo_caption"),
            ],
            ..Expect::default()
        },
    );
    check(
        &common::local_dev(7),
        Expect {
            present: &["11.8:48.3:39.9", "综合实力显著增强\n"],
            absent: &["登录"],
            removed: &[("(阅读全部图文内容,您需要先登录!)", "paywall")],
            ..Expect::default()
        },
    );
}

#[test]
fn local_dev_pdf_text_is_rejoined() {
    let out = check(
        &common::local_dev(9),
        Expect {
            present: &[
                "地区生产总值",
                "十九大",
                "请予审议",
                "我们坚持以习近平新时代",
                "2023年新疆自治区政府工作报告\n",
                "\n一、过去五年及2022年工作回顾\n",
                "果品产量超过1300万吨",
                "培育壮大",
            ],
            absent: &["VIP", "999+", "60.39KB", "52页", "海报", "侵权投诉"],
            removed: &[
                ("VIP专免", "doc_site_header"),
                ("999+", "doc_site_header"),
                ("60.39KB", "doc_site_header"),
                ("52 页", "doc_site_header"),
                ("海报", "doc_site_header"),
                ("侵权投诉", "doc_site_header"),
            ],
            ..Expect::default()
        },
    );
    // Paragraphs ending in a full stop stay separate.
    assert!(out.text.contains("提出意见。\n一、"), "{}", out.text);
}

#[test]
fn local_dev_other_pages_do_not_panic_or_lose_text() {
    // 03 is a doc-farm rewrite (发展→开展 …); its words are left as they are.
    check(
        &common::local_dev(3),
        Expect {
            present: &[
                "经济社会开展",
                "生产总值249.1亿元",
                "“十一五”及2023年工作回忆",
            ],
            ..Expect::default()
        },
    );
    check(
        &common::local_dev(6),
        Expect {
            removed: &[
                ("(会议现场邓正可摄)", "photo_caption"),
                (
                    "(芙蓉区委副书记、区长周春晖作《*府工作报告》邓正可摄)",
                    "photo_caption",
                ),
            ],
            ..Expect::default()
        },
    );
    check(
        &common::local_dev(6),
        Expect {
            present: &["*府工作报告", "地区生产总值增长7.5%以上"],
            ..Expect::default()
        },
    );
}

#[test]
fn national_reports_are_folded() {
    let reports = common::national();
    let mut total = 0;
    for report in &reports {
        let out = check(&report.text, Expect::default());
        assert!(
            !out.text
                .chars()
                .any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c)),
            "{} still has full-width",
            report.year
        );
        assert!(
            !out.text.contains("维基文库") && !out.text.contains("Public domain"),
            "{} keeps the licence",
            report.year
        );
        // The licence notice is the only junk in the national reports.
        let reasons: Vec<&str> = out.removals.iter().map(|r| r.reason).collect();
        assert_eq!(reasons, ["license_notice"], "{}", report.year);
        total += out.text.len();
    }
    assert!(total > 1_000_000);
    let r1984 = reports.iter().find(|r| r.year == 1984).unwrap();
    check(
        &r1984.text,
        Expect {
            present: &["达到526元,比上年增长6.4%"],
            absent: &["１９８４年"],
            ..Expect::default()
        },
    );
    let r1987 = reports.iter().find(|r| r.year == 1987).unwrap();
    let out = check(
        &r1987.text,
        Expect {
            present: &["就是把1984年末至1985年一度出现的经济过热现象"],
            ..Expect::default()
        },
    );
    assert_eq!(source_of(&r1987.text, &out, "1984年末"), "１９８４年末");
    // Traditional text whose web copy put each link on a line of its own.
    let r1954 = reports.iter().find(|r| r.year == 1954).unwrap();
    check(
        &r1954.text,
        Expect {
            present: &[
                "在听了刘少奇同志关于宪法草案的报告并进行了三天的讨论以后",
                "代表:\n\n我们第一届",
            ],
            ..Expect::default()
        },
    );
    let r2001 = reports.iter().find(|r| r.year == 2001).unwrap();
    check(
        &r2001.text,
        Expect {
            present: &["通过的《中共中央关于制定国民经济和社会发展第十个五年计划的建议》,提出了"],
            ..Expect::default()
        },
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_normalizes_and_maps_back(input in "(?s)[a-z0-9 \t\r\n(),.。、《》一二是年经經濟(xiàn)（jīng）\u{3000}１２３－～—%ＡＢ准维考试网博客小编!下面更多相关阅读]{0,80}") {
        let out = normalize(&input, &CleanRules::default());
        check_maps(&input, &out);
    }

    #[test]
    fn arbitrary_unicode_never_panics(input in any::<String>()) {
        let out = normalize(&input, &CleanRules::default());
        check_maps(&input, &out);
    }
}
