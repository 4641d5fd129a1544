//! Outline tests: headings, nesting, roles (with `role_at`) and sentences, on the seed,
//! all national reports, and small inline cases.

mod common;

use duban_core::outline::{self, Outline, Section, SectionRole};
use duban_core::ByteSpan;

/// The text as the engine reads it: the real normalizer, junk removal included.
fn fold(text: &str) -> String {
    duban_core::normalize::normalize(text, &Default::default()).text
}

/// `(level, heading, role)` of every section, parents first.
fn shape(text: &str, outline: &Outline) -> Vec<(u8, String, SectionRole)> {
    let _ = text;
    outline
        .all_sections()
        .iter()
        .map(|s| (s.level, s.heading.clone(), s.role))
        .collect()
}

/// Checks the outline's invariants: sentences disjoint, in order, covering every
/// non-blank byte; sibling sections in order, inside their parent.
fn check_outline(text: &str, outline: &Outline) {
    assert_eq!(
        common::section_order_fault(&outline.sections, ByteSpan::new(0, text.len())),
        None
    );
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for s in &outline.sentences {
        assert!(
            s.span.start >= last_end && s.span.start < s.span.end,
            "sentence {:?} out of order",
            s.span
        );
        last_end = s.span.end;
        covered[s.span.start..s.span.end]
            .iter_mut()
            .for_each(|b| *b = true);
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{200d}' | '\u{feff}') {
            assert!(
                covered[i],
                "byte {i} ({c:?}) in no sentence: …{}…",
                text[i..].chars().take(20).collect::<String>()
            );
        }
    }
}

/// One inline case: the outline shape and the sentences as text.
fn check(text: &str, expected_shape: &[(u8, &str, SectionRole)], expected_sentences: &[&str]) {
    let outline = outline::parse(text);
    let got: Vec<(u8, String, SectionRole)> = shape(text, &outline);
    let want: Vec<(u8, String, SectionRole)> = expected_shape
        .iter()
        .map(|(l, h, r)| (*l, h.to_string(), *r))
        .collect();
    assert_eq!(got, want);
    let sentences: Vec<&str> = outline.sentences.iter().map(|s| s.span.of(text)).collect();
    assert_eq!(sentences, expected_sentences);
    check_outline(text, &outline);
}

use SectionRole::*;

#[test]
fn headings_nest_by_level() {
    check(
        "各位代表:\n\n一、2015年工作回顾\n\n  (一)经济稳中提质\n一是加快疏解,成效明显。二是严控增量。\n——新增就业1万人;\n二、2016年主要任务\n(一)创新驱动\n1.建设科学城。\n",
        &[
            (1, "2015年工作回顾", Review),
            (2, "经济稳中提质", Review),
            (4, "加快疏解", Review),
            (4, "新增就业1万人", Review),
            (1, "2016年主要任务", Tasks),
            (2, "创新驱动", Tasks),
            (3, "建设科学城", Tasks),
        ],
        &[
            "各位代表:",
            "一、2015年工作回顾",
            "(一)经济稳中提质",
            "一是加快疏解,成效明显。",
            "二是严控增量。",
            "——新增就业1万人;",
            "二、2016年主要任务",
            "(一)创新驱动",
            "1.建设科学城。",
        ],
    );
}

#[test]
fn quotes_and_titles_hold_sentences_together() {
    check(
        "他说:“好。再好。”然后走了。出台《关于\n若干措施》。\n\n一\n\n正文;二句\n",
        &[(1, "", Other)],
        &[
            "他说:“好。再好。”然后走了。",
            "出台《关于\n若干措施》。",
            "一",
            "正文;",
            "二句",
        ],
    );
}

#[test]
fn numbers_and_year_words_are_not_headings() {
    check(
        "1.6万人就业。\n一年来成绩显著。\n十三五开局。\n第一次会议。\n",
        &[],
        &[
            "1.6万人就业。",
            "一年来成绩显著。",
            "十三五开局。",
            "第一次会议。",
        ],
    );
}

#[test]
fn part_titles_of_old_reports_are_level_zero() {
    check(
        "各位代表:\n\n过去五年的回顾\n\n五年来变化很大。\n\n今后五年的主要任务\n\n(一)关于经济建设\n\n第一、大力提高经济效益\n\n结束语\n\n谢谢。\n",
        &[
            (0, "过去五年的回顾", Review),
            (0, "今后五年的主要任务", Tasks),
            (2, "关于经济建设", Tasks),
            (3, "大力提高经济效益", Tasks),
            (0, "结束语", Tasks),
        ],
        &["各位代表:", "过去五年的回顾", "五年来变化很大。", "今后五年的主要任务", "(一)关于经济建设", "第一、大力提高经济效益", "结束语", "谢谢。"],
    );
}

/// The role at the first occurrence of `needle`.
fn role_of(text: &str, outline: &Outline, needle: &str) -> SectionRole {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    outline.role_at(at)
}

#[test]
fn roles_change_inside_section_bodies() {
    let text = "一、去年工作回顾\n增长7%。\n我们也清醒地看到,还存在一些问题,主要是:创新不足。\n二、今年主要任务\n今年工作的总体要求是:稳中求进。\n主要预期目标是:地区生产总值增长7%以上;失业率控制在1.5%以内。\n(一)改革\n深化改革。\n";
    let outline = outline::parse(text);
    for (needle, role) in [
        ("增长7%", Review),
        ("创新不足", Problems),
        ("稳中求进", Requirements),
        ("地区生产总值增长7%以上", Targets),
        ("失业率", Targets),
        ("深化改革", Tasks),
    ] {
        assert_eq!(role_of(text, &outline, needle), role, "{needle}");
    }
}

fn find_section<'a>(sections: &'a [Section], heading_start: &str) -> &'a Section {
    sections
        .iter()
        .find(|s| s.heading.starts_with(heading_start))
        .unwrap_or_else(|| panic!("no section {heading_start}"))
}

#[test]
fn seed_outline() {
    let text = fold(&common::seed());
    let outline = outline::parse(&text);
    check_outline(&text, &outline);
    let top: Vec<(&str, SectionRole, usize)> = outline
        .sections
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| (s.heading.as_str(), s.role, s.children.len()))
        .collect();
    assert_eq!(
        top,
        vec![
            ("20xx年工作回顾", Review, 8),
            ("20xx年主要任务", Tasks, 7),
            (
                "关于《海淀区国民经济和社会发展第十三个五年规划纲要(草案)》的说明",
                Plan,
                3
            ),
        ]
    );
    let review = find_section(&outline.sections, "20xx年工作回顾");
    assert_eq!(
        find_section(&review.children, "政府自身建设").role,
        GovernmentSelfBuilding
    );
    let tasks = find_section(&outline.sections, "20xx年主要任务");
    assert_eq!(
        find_section(&tasks.children, "深入推进政府自身建设").role,
        GovernmentSelfBuilding
    );
    for (needle, role) in [
        ("全区经济社会发展的主要预期目标是", Targets),
        ("区级一般公共预算收入增长8%", Targets),
        ("政府工作的总体要求是", Requirements),
        ("主要是:全国科技创新中心核心区建设面临", Problems),
        ("严控增量,疏解存量", Review),
        ("全区常住人口总量要比", Plan),
    ] {
        assert_eq!(role_of(&text, &outline, needle), role, "{needle}");
    }
    // Every 一是 of the first review sub-section is its own lead-in section.
    let first = &review.children[0];
    assert_eq!(first.heading, "深入开展非首都功能疏解");
    assert_eq!(
        first.children.len(),
        1,
        "only line-initial 一是 open sections"
    );
}

#[test]
fn national_reports_have_review_targets_and_tasks() {
    let mut missing = Vec::new();
    for report in common::national() {
        let text = fold(&report.text);
        let outline = outline::parse(&text);
        check_outline(&text, &outline);
        if report.year < 1978 {
            continue;
        }
        let roles: Vec<SectionRole> = outline
            .sentences
            .iter()
            .map(|s| outline.role_at(s.span.start))
            .collect();
        for role in [Review, Targets, Tasks] {
            if !roles.contains(&role) {
                missing.push((report.year, role));
            }
        }
    }
    assert_eq!(
        missing,
        Vec::<(i32, SectionRole)>::new(),
        "(year, part) not found"
    );
}

#[test]
fn national_2016_targets_sentence() {
    let text = fold(&common::national_year(2016).text);
    let outline = outline::parse(&text);
    assert_eq!(role_of(&text, &outline, "国内生产总值增长6.5%-7%"), Targets);
    assert_eq!(role_of(&text, &outline, "城镇新增就业1312万人"), Review);
    let top: Vec<SectionRole> = outline.sections.iter().map(|s| s.role).collect();
    assert!(top.starts_with(&[Review, Plan]), "{top:?}");
}

/// Where the parts are in the national reports that lack "目标是"/"主要任务" phrasing: per
/// year, phrases (first occurrence) with the role they must have. Plan reports (1978,
/// 1982, 1986, 2001) and term reports (1983, 1988) have the main targets of the plan or
/// term as their targets; 1985, 1987 and 2000 state none with a number, and their
/// targets are the macro commitment of the year.
const NATIONAL_PARTS: &[(i32, &[(&str, SectionRole)])] = &[
    (
        1978,
        &[
            ("粮食产量达到八千亿斤", Targets),
            ("全国社会秩序大为安定", Review),
            ("加强山区建设", Tasks),
        ],
    ),
    (
        1979,
        &[
            ("一九七八年仍然夺得了丰收", Review),
            ("坚持贯彻以农业为基础的指导思想", Tasks),
            ("今年政府对农业的投资比重", Targets),
        ],
    ),
    (
        1982,
        &[
            ("我国工农业总产值计划增长百分之二十一点七", Targets),
            ("全面实现六五计划的主要措施", Tasks),
            ("严格控制固定资产投资的总规模", Tasks),
        ],
    ),
    (
        1983,
        &[
            (
                "争取生产的发展达到经过努力可以达到的实实在在的速度",
                Targets,
            ),
            ("今后五年政府的主要任务应该是", Tasks),
        ],
    ),
    (
        1984,
        &[
            ("一年来,我国各条战线都取得了令人振奋的", Review),
            ("要着重抓好体制改革和对外开放这两件大事", Tasks),
        ],
    ),
    (
        1985,
        &[
            ("刚刚过去的1984年", Review),
            ("努力保持物价总水平的基本稳定", Targets),
            ("今年价格改革的主要内容是", Tasks),
        ],
    ),
    (
        1986,
        &[
            ("五年内全国工农业总产值增长百分之三十八", Targets),
            ("确定适度的经济增长率", Tasks),
        ],
    ),
    (
        1987,
        &[
            ("全国社会总产值达到18774亿元", Review),
            (
                "要把物价总水平的上升幅度严格控制在低于去年的幅度之内",
                Targets,
            ),
        ],
    ),
    (
        1988,
        &[
            ("回顾过去五年建设和改革的历程", Review),
            ("使国民生产总值达到15500亿元左右", Targets),
            ("国务院要在今后五年里努力实现以下的十项主要任务", Tasks),
        ],
    ),
    (
        2000,
        &[
            // The review quoting last year's target stays review.
            ("国内生产总值增长率达到预期目标", Review),
            ("保持国民经济持续快速健康发展", Targets),
        ],
    ),
    (
        2001,
        &[
            ("年均经济增长速度预期目标为7%左右", Targets),
            // The comparison with the 九五 actual right after it is not a target.
            ("这个速度虽然比“九五”实际达到的速度低一点", Plan),
            ("加强农业基础地位,努力增加农民收入", Tasks),
        ],
    ),
    (
        2002,
        &[
            ("2001年国内生产总值达到95933亿元", Review),
            ("今年拟发行1500亿元长期建设国债", Targets),
            // Tasks go on after the targets paragraph inside them.
            ("继续大力整顿和规范市场经济秩序", Tasks),
        ],
    ),
    (
        2011,
        &[
            // The list on the line after "主要预期目标是:".
            ("国内生产总值增长8%左右", Targets),
            ("实现上述目标,要保持宏观经济政策的连续性", Tasks),
        ],
    ),
];

#[test]
fn national_parts_where_phrasing_is_old() {
    let reports = common::national();
    for (year, cases) in NATIONAL_PARTS {
        let report = reports
            .iter()
            .find(|r| r.year == *year)
            .unwrap_or_else(|| panic!("no national report for {year}"));
        let text = fold(&report.text);
        let outline = outline::parse(&text);
        for (needle, role) in *cases {
            assert_eq!(role_of(&text, &outline, needle), *role, "{year}: {needle}");
        }
    }
}

#[test]
fn hailar_reports_have_review_targets_and_tasks() {
    let mut missing = Vec::new();
    for year in 2012..=2019 {
        let bytes = common::hailar_bytes(year);
        let (raw, _, _) = encoding_rs::GB18030.decode(&bytes);
        let text = fold(&raw);
        let outline = outline::parse(&text);
        check_outline(&text, &outline);
        let roles: Vec<SectionRole> = outline
            .sentences
            .iter()
            .map(|s| outline.role_at(s.span.start))
            .collect();
        for role in [Review, Targets, Tasks] {
            if !roles.contains(&role) {
                missing.push((year, role));
            }
        }
    }
    assert_eq!(
        missing,
        Vec::<(i32, SectionRole)>::new(),
        "(year, part) not found"
    );
}
