//! Quantities: every number of a report with its value, canonical unit and qualifier.
//!
//! A quantity is a number that measures something: an amount (4610亿元), a rate (7.5%),
//! a change (3.7个百分点), a count (1050处), a duration (3-5年). Names (16号线, 十三五,
//! 一带一路), list markers (一是), slogans (三严三实), ordinals (第十四届) and calendar
//! dates (2015年, 2月19日) are not quantities. This module only finds and reads numbers;
//! what they measure is decided in `indicator`.
//!
//! Decisions on cases the gold rules leave open:
//! - A bare Arabic number (no unit) is a quantity with an empty unit (ratios
//!   `11.8:48.3:39.9`, `1亿多`), unless it is a 4-digit 18xx–20xx number, a list marker
//!   (`(2)`, `1.` at a line start), glued to letters (`5G`, `M2`), followed by a date,
//!   time or name char (`月`, `日`, `号`, `时`, `届`, `大` …) or by a Chinese word that is
//!   not a unit (`101中学`). A bare small Chinese numeral is never one (`十分`, `三农`).
//! - A lone `一` counts only time (`一年来`, `一个月`); with a classifier it is an article.
//!   Even before a time unit it is no length in idioms (`一年比一年`, `一年一度`), in
//!   `…的一年` naming a calendar year (`新的一年`; but `过去的一年` is a length) and in
//!   an appositive after a date (`12月一个月`).
//! - A Chinese number with 万/亿 is an amount also before a noun (`十亿人口`,
//!   `四千二百多万城镇劳动力`, `上亿群众`: empty unit); `人` opening 人口/人民/人才 is no
//!   unit.
//! - `近` before a duration (`近3年`) means "the last 3 years", not "nearly": exact.
//! - Qualifier words are data (`data/qualifiers.txt`, see [`crate::qualifiers`]):
//!   `突破` means at least, `不到` at most, `N年内` at most; `达到` and `高于` are none.
//!   `多`/`余` after a number and `上` before a round one (`上万人`) mean at least.
//! - Fractions and halves are rates: `三分之一` is 33.33… percent, `一半` 50 percent.
//!   `翻一番` is 2 times, `翻两番` 4 (2^N).
//! - `N项原则`, `八项规定`, `八项主张` are titles, not counts.
//! - A per-unit amount (`26.1万元/人`) has the unit `CNY/person` (value in yuan); `per_unit`
//!   also holds the denominator alone.
//! - A range takes the unit and multiplier of its second number when the first has none
//!   (`3-5万人` is 30000–50000); a year range (`2016-2020年`) is not a quantity.
//! - Numbers inside a short quotation (“6+4”, “两个一百年”) are names.

use crate::numeral::{
    chinese_digit, is_chinese_numeral_char, read_more, read_multiplier, read_number,
};
use crate::numeral::{Numeral, NumeralKind, Script};
use crate::qualifiers::{Place, Qualifiers};
use crate::span::ByteSpan;
use crate::units::{Unit, Units};
use aho_corasick::{packed, AhoCorasick, Input, MatchKind, Span};
use compact_str::CompactString;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::OnceLock;

/// How a written number relates to the true value (左右, 以上, 以内, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// No qualifier word: the number as stated.
    Exact,
    /// 左右, 约, 大约, 上下: about.
    About,
    /// 以上, 不低于, 不少于, 超过, 突破, 多, 余, 逾, 上(万): at least (or more than).
    AtLeast,
    /// 以内, 以下, 不超过, 不高于, 不到, (两年)内, 控制在…以内: at most.
    AtMost,
    /// 近, 接近, 将近: nearly, just under.
    Nearly,
    /// 3-5年, 6%-6.5%: a range; see `low` and `high`.
    Range,
    /// 与…同步: in step with another quantity (targets only; never set by this module).
    Sync,
}

/// A number found in the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The whole expression, qualifier words and unit included, in bytes of the
    /// normalized text.
    pub span: ByteSpan,
    /// The value in the canonical unit, multipliers applied (4610亿元 → 4.61e11); for a
    /// range, its midpoint. Percentages stay in percent (7.5, not 0.075).
    pub value: f64,
    /// Lower bound of a range, else `None`.
    pub low: Option<f64>,
    /// Upper bound of a range, else `None`.
    pub high: Option<f64>,
    /// Canonical unit id (`CNY`, `percent`, `percentage_point`, `m2`, `person`,
    /// `CNY/person`, …); empty when the number has no unit (a bare count).
    pub unit: CompactString,
    /// The unit as written, multiplier included (`亿元`, `万平方米`, `%`, `万元/人`).
    pub unit_text: CompactString,
    /// For a rate per something (`26.1万元/人`), the canonical unit after the slash
    /// (`person`); empty otherwise. `unit` then names both (`CNY/person`), as the gold
    /// rules ask.
    pub per_unit: String,
    /// The multiplier applied (万 → 1e4, 亿 → 1e8); 1 when none.
    pub multiplier: f64,
    /// The qualifier.
    pub qualifier: Qualifier,
    /// The qualifier word as written, if any (`左右`, `多`, `以内`).
    pub qualifier_text: Option<String>,
}

impl Qualifier {
    /// The snake_case id used in JSON and gold files (`at_least`).
    pub fn id(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Nearly => "nearly",
            Qualifier::Range => "range",
            Qualifier::Sync => "sync",
        }
    }

    /// The qualifier of an id written by [`Qualifier::id`].
    pub fn from_id(id: &str) -> Option<Qualifier> {
        [
            Qualifier::Exact,
            Qualifier::About,
            Qualifier::AtLeast,
            Qualifier::AtMost,
            Qualifier::Nearly,
            Qualifier::Range,
            Qualifier::Sync,
        ]
        .into_iter()
        .find(|q| q.id() == id)
    }
}

/// Finds every quantity of a normalized text, in text order, with the embedded unit
/// table.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    find_quantities_with(text, Units::embedded())
}

/// Finds every quantity of a normalized text, in text order, reading units with `units`.
///
/// Only an ASCII digit or a Chinese digit (and 十, or 百/千 opening 百分之/千分之, 上
/// opening 上万) starts a parse. The text between is not walked char by char: the
/// next digit and the next char that can open a number are found by two searches (16
/// bytes a step, and SIMD), each run again only once the scan has passed what it found.
pub fn find_quantities_with(text: &str, units: &Units) -> Vec<Quantity> {
    let bytes = text.as_bytes();
    let openers = OpenerSearch::embedded();
    // Reports hold about one quantity per 400 bytes; sized so, the vector seldom grows
    // (each growth copied every quantity found so far).
    let mut found = Vec::with_capacity(text.len() / 256);
    let mut pos = 0;
    let mut digit = next_digit(bytes, 0);
    let mut opener = openers.find(text, 0);
    loop {
        if digit.is_some_and(|at| at < pos) {
            digit = next_digit(bytes, pos);
        }
        if opener.is_some_and(|(at, _)| at < pos) {
            opener = openers.find(text, pos);
        }
        pos = match (digit, opener) {
            (None, None) => break,
            (Some(at), None) => read_at(text, at, units, &mut found),
            (Some(at), Some((next_opener, _))) if at < next_opener => {
                read_at(text, at, units, &mut found)
            }
            (_, Some((at, c))) => {
                if starts_number(&text[at..], c) {
                    read_at(text, at, units, &mut found)
                } else {
                    at + c.len_utf8()
                }
            }
        };
    }
    found
}

/// Whether the char `c` opening `rest` opens a number to read (an ASCII digit aside):
/// a Chinese digit (not 零 or 〇), 十, or 百/千 opening 百分之/千分之, 上 opening 上万.
fn starts_number(rest: &str, c: char) -> bool {
    match c {
        '百' => rest.starts_with("百分之"),
        '千' => rest.starts_with("千分之"),
        '十' => true,
        '上' => read_round(rest).is_some(),
        '零' | '〇' => false,
        _ => chinese_digit(c).is_some(),
    }
}

/// Every char for which [`starts_number`] may hold.
const OPENERS: [char; 14] = [
    '百', '千', '十', '上', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九',
];

/// The search for the chars of [`OPENERS`]: SIMD (Teddy) where the CPU has it, else an
/// automaton. The chars are all three bytes long and none holds another, so the
/// leftmost match is the first opener.
enum OpenerSearch {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl OpenerSearch {
    /// The packed searcher, or the automaton when `packed` is false or the CPU has no
    /// SIMD for it.
    fn new(packed: bool) -> OpenerSearch {
        let needles = OPENERS.map(String::from);
        let searcher = packed
            .then(|| {
                packed::Config::new()
                    .match_kind(packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(&needles)
                    .build()
            })
            .flatten();
        match searcher {
            Some(searcher) => OpenerSearch::Packed(searcher),
            None => OpenerSearch::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&needles)
                    .expect("fixed needles build"),
            ),
        }
    }

    fn embedded() -> &'static OpenerSearch {
        static SEARCH: OnceLock<OpenerSearch> = OnceLock::new();
        SEARCH.get_or_init(|| OpenerSearch::new(true))
    }

    /// The first opener of `text` at or after `from` (a char boundary), with its offset.
    fn find(&self, text: &str, from: usize) -> Option<(usize, char)> {
        let span = Span::from(from..text.len());
        let found = match self {
            OpenerSearch::Packed(searcher) => searcher.find_in(text, span),
            OpenerSearch::Automaton(automaton) => automaton.find(Input::new(text).span(span)),
        }?;
        Some((found.start(), OPENERS[found.pattern().as_usize()]))
    }
}

/// A number with what directly follows it: 多/余, a multiplier and a unit.
struct Term<'u> {
    /// The digits as written (`1,312.5`).
    written: &'u str,
    numeral: Numeral,
    /// Byte offset where the number starts.
    start: usize,
    /// Byte offset after the number, 多/余, multiplier and unit.
    end: usize,
    /// `多` or `余`, if written.
    more: Option<&'static str>,
    /// Multiplier written apart from the unit (3万多人 → 1e4).
    multiplier: f64,
    /// The unit, if any.
    unit: Option<&'u Unit>,
    /// Multiplier and unit as written; borrowed while it is one piece of the text or
    /// of the unit table (most numbers read are no quantity, and their unit is never
    /// copied).
    unit_text: Cow<'u, str>,
    /// The unit after `/` (万元/人 → `person`), else empty.
    per_unit: &'u str,
    /// The part of a Chinese numeral up to its last 亿 when a 万 written after 多
    /// scales only the rest (四亿零七百多万吨: 4亿 + 700多万); 0 otherwise.
    unscaled: f64,
}

impl Term<'_> {
    /// The value in the canonical unit.
    fn value(&self) -> f64 {
        self.unscaled + self.scaled(self.multiplier * self.unit.map_or(1.0, |u| u.factor))
    }

    /// Whether [`Term::value`] is finite, told by a product in most cases: most terms
    /// read are no quantity, and the exact value (parsed from decimal text) is worked
    /// out only for those kept.
    fn value_is_finite(&self) -> bool {
        let factor = self.multiplier * self.unit.map_or(1.0, |u| u.factor);
        let rough = self.unscaled + self.numeral.value * factor * 100.0;
        // The exact value is within a rounding of the product (or a hundredth of it):
        // far below the largest float, it is finite too.
        if rough.abs() < 1e300 {
            return true;
        }
        self.value().is_finite()
    }

    /// The number times `factor`. For an Arabic decimal and a power-of-ten factor the
    /// product is read as decimal text (`2.3e8`), so that 2.3亿 is 230000000 and not
    /// 229999999.99999997.
    fn scaled(&self, factor: f64) -> f64 {
        if self.numeral.kind == NumeralKind::Fraction {
            // 三分之一 is a rate: 33.33… percent.
            return self.numeral.value * 100.0 * factor;
        }
        let product = self.numeral.value * factor;
        if self.numeral.script == Script::Arabic
            && self.numeral.kind == NumeralKind::Plain
            && factor > 1.0
        {
            let exponent = factor.log10().round();
            if 10f64.powf(exponent) == factor {
                if let Some(exact) = parse_scaled(self.written, exponent) {
                    return exact;
                }
            }
        }
        product
    }

    fn canonical_unit(&self) -> &str {
        match self.numeral.kind {
            NumeralKind::Percent => "percent",
            NumeralKind::Permille => "permille",
            NumeralKind::Fraction => "percent",
            NumeralKind::Plain => self.unit.map_or("", |u| u.canonical.as_str()),
        }
    }

    /// The unit id of the quantity: the canonical unit, with the per-unit after a slash
    /// (`CNY/person` for 26.1万元/人).
    fn unit_id(&self) -> CompactString {
        let unit = self.canonical_unit();
        if self.per_unit.is_empty() || unit.is_empty() {
            CompactString::new(unit)
        } else {
            compact_str::format_compact!("{unit}/{}", self.per_unit)
        }
    }

    fn has_unit(&self) -> bool {
        !self.canonical_unit().is_empty()
    }

    /// A calendar year: 2015年, 1985年底; 4-digit 18xx-20xx before 年.
    fn is_calendar_year(&self) -> bool {
        self.numeral.plain_integer_digits == 4
            && (1800.0..2100.0).contains(&self.numeral.value)
            && self.multiplier == 1.0
            && self.more.is_none()
    }

    /// A lone Chinese 一, which is mostly an article (一个, 一批, 一次性).
    fn is_lone_yi(&self) -> bool {
        self.numeral.script == Script::Chinese
            && self.numeral.len == '一'.len_utf8()
            && self.numeral.value == 1.0
    }

    /// A number with a 万/亿 multiplier (6434万, 十亿, 四千二百多万, 上亿): large enough
    /// to be an amount even without a unit (十亿人口, 6434万农村人口).
    fn is_large(&self) -> bool {
        self.multiplier != 1.0
            || (self.numeral.script == Script::Chinese && self.written.ends_with(['万', '亿']))
    }
}

/// `format!("{digits}e{exponent}").parse()` with the `,` of `written` (ASCII digits,
/// `,` and `.`) left out, for a whole `exponent` from 0 up, written in a buffer on the
/// stack: formatting it cost more than the rest of reading a number.
fn parse_scaled(written: &str, exponent: f64) -> Option<f64> {
    if (0.0..=22.0).contains(&exponent) && exponent.fract() == 0.0 {
        if let Some(value) = crate::numeral::exact_decimal(written, exponent as i32) {
            return Some(value);
        }
    }
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut push = |b: u8| {
        let slot = buf.get_mut(n)?;
        *slot = b;
        n += 1;
        Some(())
    };
    for b in written.bytes().filter(|&b| b != b',') {
        push(b)?;
    }
    push(b'e')?;
    if !(0.0..1e9).contains(&exponent) || exponent.fract() != 0.0 {
        return None;
    }
    let exponent = exponent as u32;
    let mut power = 1;
    while power * 10 <= exponent {
        power *= 10;
    }
    while power > 0 {
        push(b'0' + (exponent / power % 10) as u8)?;
        power /= 10;
    }
    std::str::from_utf8(&buf[..n]).ok()?.parse().ok()
}

/// `上百`, `上千`, `上万`, `上亿` (and `上千万`, `上百万`, `上万亿`): "a hundred or more",
/// read as a numeral of the round value; the caller adds the qualifier.
fn read_round(text: &str) -> Option<Numeral> {
    let rest = text.strip_prefix('上')?;
    let (value, len) = [
        ("千万", 1e7),
        ("百万", 1e6),
        ("万亿", 1e12),
        ("百", 1e2),
        ("千", 1e3),
        ("万", 1e4),
        ("亿", 1e8),
    ]
    .into_iter()
    .find(|(w, _)| rest.starts_with(w))
    .map(|(w, v)| (v, '上'.len_utf8() + w.len()))?;
    Some(Numeral {
        value,
        len,
        script: Script::Chinese,
        kind: NumeralKind::Plain,
        plain_integer_digits: 0,
    })
}

/// `一半` (half): 50 percent.
fn read_half(text: &str) -> Option<Numeral> {
    text.starts_with("一半").then_some(Numeral {
        value: 50.0,
        len: "一半".len(),
        script: Script::Chinese,
        kind: NumeralKind::Percent,
        plain_integer_digits: 0,
    })
}

/// Reads a number and what follows it; `None` when `start` holds no number.
fn read_term<'u>(text: &'u str, start: usize, units: &'u Units) -> Option<Term<'u>> {
    let round = read_round(&text[start..]);
    let numeral = round
        .or_else(|| read_half(&text[start..]))
        .or_else(|| read_number(&text[start..]))?;
    let mut pos = start + numeral.len;
    let mut term = Term {
        written: &text[start..start + numeral.len],
        numeral,
        start,
        end: pos,
        more: None,
        multiplier: 1.0,
        unit: None,
        unit_text: Cow::Borrowed(""),
        per_unit: "",
        unscaled: 0.0,
    };
    if round.is_some() {
        term.more = Some("上");
    }
    if numeral.kind != NumeralKind::Plain {
        term.unit_text = Cow::Borrowed(match numeral.kind {
            NumeralKind::Percent if text[start..].starts_with("一半") => "一半",
            NumeralKind::Percent => "百分之",
            NumeralKind::Permille => "千分之",
            _ => "",
        });
        return Some(term);
    }
    let read_more_at = |pos: &mut usize, more: &mut Option<&'static str>| {
        if more.is_none() && read_more(&text[*pos..]).is_some() {
            *more = Some(if text[*pos..].starts_with('多') {
                "多"
            } else {
                "余"
            });
            *pos += '多'.len_utf8();
        }
    };
    read_more_at(&mut pos, &mut term.more);
    if let Some(unit) = unit_at(text, pos, units) {
        pos += unit.written.len();
        term.unit = Some(unit);
        term.unit_text = Cow::Borrowed(&unit.written);
    } else if let Some((factor, len)) = read_multiplier(&text[pos..]) {
        term.multiplier = factor;
        term.unit_text = Cow::Borrowed(&text[pos..pos + len]);
        pos += len;
        read_more_at(&mut pos, &mut term.more);
        if let Some(unit) = unit_at(text, pos, units) {
            pos += unit.written.len();
            term.unit = Some(unit);
            term.unit_text.to_mut().push_str(&unit.written);
        }
    } else if let Some(len) = count_of_points(text, &term, pos) {
        // 把握好三点。: 点 classifies points of an argument here, not a clock hour.
        term.unit = units.longest_prefix("项");
        term.unit_text = Cow::Borrowed("点");
        pos += len;
    }
    // 四亿零七百多万吨: the 万 after 多 scales only the part after the last 亿.
    if term.more.is_some()
        && numeral.script == Script::Chinese
        && term.multiplier * term.unit.map_or(1.0, |u| u.factor) == 1e4
    {
        if let Some(yi) = term.written.rfind('亿') {
            let head_end = yi + '亿'.len_utf8();
            if head_end < term.written.len() {
                if let Some(head) = read_number(&term.written[..head_end]) {
                    term.unscaled = head.value;
                    term.numeral.value -= head.value;
                }
            }
        }
    }
    if let Some(unit) = term.unit {
        // 两个多月: 个 + 多 + 月 is a month count.
        if unit.written == "个" && text[pos..].starts_with("多月") {
            if let Some(month) = units.longest_prefix("个月") {
                term.unit = Some(month);
                term.unit_text = Cow::Owned(format!(
                    "{}个月",
                    &term.unit_text[..term.unit_text.len() - "个".len()]
                ));
                term.more = Some("多");
                pos += "多月".len();
            }
        } else if unit.is_duration() || unit.canonical == "times" {
            // 三年多, 一年余, 1倍多
            read_more_at(&mut pos, &mut term.more);
        }
        // 26.1万元/人, 3000元/平方米: a rate per some other unit.
        if let Some(per) = text[pos..]
            .strip_prefix('/')
            .and_then(|rest| units.longest_prefix(rest))
        {
            term.per_unit = per.canonical.as_str();
            let unit_text = term.unit_text.to_mut();
            unit_text.push('/');
            unit_text.push_str(&per.written);
            pos += 1 + per.written.len();
        }
    }
    term.end = pos;
    term.value_is_finite().then_some(term)
}

/// The unit written at `pos`, except `人` opening a word (人口, 人民, 人才): `十亿人口`
/// is a number before a noun, not a head count.
fn unit_at<'u>(text: &str, pos: usize, units: &'u Units) -> Option<&'u Unit> {
    let unit = units.longest_prefix(&text[pos..])?;
    let next = text[pos + unit.written.len()..].chars().next();
    if unit.written == "人" && next.is_some_and(|c| "口民才".contains(c)) {
        return None;
    }
    Some(unit)
}

/// `三点。`, `两点意见`: a Chinese numeral (not a lone 一, which is "a little") counting
/// points of an argument; returns the length of `点`. A clock hour (八点钟, 八点半) is
/// followed by other words.
fn count_of_points(text: &str, term: &Term, pos: usize) -> Option<usize> {
    if term.numeral.script != Script::Chinese || term.is_lone_yi() || term.more.is_some() {
        return None;
    }
    let after = text[pos..].strip_prefix('点')?;
    let ends_clause = after.starts_with(['。', ',', ';', ':', '!', '?', '、']);
    let names_points = ["意见", "建议", "要求", "体会", "希望", "认识"]
        .iter()
        .any(|w| after.starts_with(w));
    (ends_clause || names_points).then_some('点'.len_utf8())
}

/// Connectors of a range: 3-5年, 3至5年, 6.5%到7%, 3~5.
const RANGE_CONNECTORS: [&str; 5] = ["-", "~", "至", "到", "—"];

/// Chars that, right after a number without unit, make it a date, time, name or
/// ordinal (2月, 28日, 16号线, 8时30分, 十八届, 3期, 2.0版).
const NOT_AFTER_BARE: &[char] = &[
    '年', '月', '日', '号', '时', '分', '秒', '届', '期', '版', '点', '代', '级', '·', '大', '线',
    '路', '楼', '层',
];

/// Reads whatever starts at `start` (a digit or a Chinese numeral char), pushes the
/// quantities found and returns where scanning continues.
fn read_at(text: &str, start: usize, units: &Units, found: &mut Vec<Quantity>) -> usize {
    // Where to go on when what starts here is no quantity (most numbers are not).
    let skip = || numeral_run_end(text, start);
    if let Some(quantity) = doubling(text, start) {
        let end = quantity.span.end;
        found.push(quantity);
        return end;
    }
    let prev = text[..start].chars().next_back();
    let arabic = text.as_bytes()[start].is_ascii_digit();
    // 第十四届, 第一: ordinals. 十八届三中全会, 第十三个五年规划: parts of ordinals.
    // 篇1: a page marker of the scraped page.
    // 几十年, 几百个: indefinites.
    if matches!(prev, Some('第' | '篇')) || (!arabic && matches!(prev, Some('个' | '届' | '几')))
    {
        return skip();
    }
    // 2017-05-12: the later parts of a date.
    if arabic && prev == Some('-') && text[..start - 1].ends_with(|c: char| c.is_ascii_digit()) {
        return skip();
    }
    if arabic
        && prev.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '·' | '/'))
    {
        return skip(); // M2, G20, PM2.5
    }
    let Some(first) = read_term(text, start, units) else {
        return skip();
    };
    if arabic {
        // 20xx年, 5G, 3D: an ASCII letter or × glued to the digits.
        let after_digits = text[start + first.numeral.len..].chars().next();
        if after_digits.is_some_and(|c| c.is_ascii_alphabetic() || c == '×') {
            return skip();
        }
        // 1.2.3: a version, not a number.
        let rest = &text.as_bytes()[start + first.numeral.len..];
        if rest.first() == Some(&b'.') && rest.get(1).is_some_and(u8::is_ascii_digit) {
            return skip();
        }
    }

    // A range: a connector and a second number right after the first.
    if first.more.is_none() {
        if let Some(connector) = RANGE_CONNECTORS
            .iter()
            .find(|c| text[first.end..].starts_with(**c))
        {
            let second_start = first.end + connector.len();
            if let Some(second) = read_term(text, second_start, units).filter(|s| s.more.is_none())
            {
                match read_range(text, &first, &second) {
                    RangeReading::Range(quantity) => {
                        let end = quantity.span.end;
                        if !in_short_quote(text, quantity.span) {
                            found.push(quantity);
                        }
                        return end;
                    }
                    RangeReading::Reject => return numeral_run_end(text, second_start),
                    RangeReading::NotARange => {}
                }
            }
        }
    }
    match single(text, &first) {
        Some(quantity) => {
            let end = quantity.span.end;
            found.push(quantity);
            end
        }
        None => skip().max(first.start + first.numeral.len),
    }
}

/// `翻一番`, `翻了两番`, `翻一番多`: doubling N times is 2^N times.
fn doubling(text: &str, start: usize) -> Option<Quantity> {
    let before = &text[..start];
    let open = ["翻了", "翻"]
        .into_iter()
        .find(|w| before.ends_with(w))
        .map(|w| start - w.len())?;
    let numeral = read_number(&text[start..])?;
    if numeral.kind != NumeralKind::Plain || !(1.0..=10.0).contains(&numeral.value) {
        return None;
    }
    let mut end = start + numeral.len;
    end += text[end..].strip_prefix('番').map(|_| '番'.len_utf8())?;
    let mut qualifier = Qualifier::Exact;
    let mut qualifier_text = None;
    if let Some(word) = ["多", "以上"]
        .into_iter()
        .find(|w| text[end..].starts_with(w))
    {
        end += word.len();
        qualifier = Qualifier::AtLeast;
        qualifier_text = Some(word.to_string());
    }
    Some(Quantity {
        span: ByteSpan::new(open, end),
        value: 2f64.powf(numeral.value.round()),
        low: None,
        high: None,
        unit: CompactString::const_new("times"),
        unit_text: CompactString::const_new("番"),
        per_unit: String::new(),
        multiplier: 1.0,
        qualifier,
        qualifier_text,
    })
}

enum RangeReading {
    Range(Quantity),
    /// Both numbers are something else (2016-2020年, 1-2月): skip both.
    Reject,
    /// Read the first number alone.
    NotARange,
}

fn read_range(text: &str, first: &Term, second: &Term) -> RangeReading {
    // 百分之八至九: the second, a bare numeral, is read in the first's percent.
    let rate = matches!(
        first.numeral.kind,
        NumeralKind::Percent | NumeralKind::Permille
    );
    if rate
        && second.numeral.kind == NumeralKind::Plain
        && !second.has_unit()
        && second.multiplier == 1.0
    {
        let (low, high) = (first.value(), second.numeral.value);
        if low < high && high.is_finite() {
            return RangeReading::Range(Quantity {
                span: ByteSpan::new(first.start, second.end),
                value: (low + high) / 2.0,
                low: Some(low),
                high: Some(high),
                unit: first.unit_id(),
                unit_text: CompactString::new(&first.unit_text),
                per_unit: String::new(),
                multiplier: 1.0,
                qualifier: Qualifier::Range,
                qualifier_text: None,
            });
        }
    }
    let second_alone = single(text, second);
    if first.has_unit() {
        if first.canonical_unit() != second.canonical_unit() || second_alone.is_none() {
            return RangeReading::NotARange;
        }
    } else if second_alone.is_none() {
        // 1-2月, 2016-2020年 (the second is a year), 8-9时
        let is_year_range = first.is_calendar_year() || second.is_calendar_year();
        return if is_year_range
            || !second.has_unit()
            || second.unit.is_some_and(|u| u.canonical == "year")
        {
            RangeReading::Reject
        } else {
            RangeReading::NotARange
        };
    }
    if first.is_calendar_year() {
        return RangeReading::Reject;
    }
    let Some(second_alone) = second_alone else {
        return RangeReading::NotARange;
    };
    let high = second.value();
    let low = if first.has_unit() || first.multiplier != 1.0 {
        // 10万至15万人: the first has its own multiplier.
        first.scaled(first.multiplier * second.unit.map_or(1.0, |u| u.factor))
    } else {
        // 3-5年, 6-6.5%, 3-5万人: the first borrows the second's multiplier and unit.
        first.scaled(second.multiplier * second.unit.map_or(1.0, |u| u.factor))
    };
    let low = if first.has_unit() { first.value() } else { low };
    if low >= high || !low.is_finite() {
        return RangeReading::NotARange;
    }
    RangeReading::Range(Quantity {
        span: ByteSpan::new(first.start, second_alone.span.end),
        value: (low + high) / 2.0,
        low: Some(low),
        high: Some(high),
        unit: second.unit_id(),
        unit_text: CompactString::new(&second.unit_text),
        per_unit: second.per_unit.to_string(),
        multiplier: second.multiplier * second.unit.map_or(1.0, |u| u.factor),
        qualifier: Qualifier::Range,
        qualifier_text: None,
    })
}

/// Reads one term as a quantity, or `None` when it is a date, name, ordinal or article.
fn single(text: &str, term: &Term) -> Option<Quantity> {
    if is_name_date_or_article(text, term) {
        return None;
    }
    let after = &text[term.end..];
    let mut end = term.end;
    let mut qualifier = Qualifier::Exact;
    let mut qualifier_text: Option<String> = None;
    let mut start = term.start;
    if let Some((word, q, at)) = qualifier_before(text, term) {
        start = at;
        qualifier = q;
        qualifier_text = Some(word.to_string());
    }
    if let Some(more) = term.more {
        qualifier = Qualifier::AtLeast;
        qualifier_text = Some(more.to_string());
    }
    let qualifiers = Qualifiers::embedded();
    let word_after = qualifiers.starting(Place::After, after).or_else(|| {
        // 两年内, 三年之内: within a length of time.
        term.unit
            .is_some_and(Unit::is_duration)
            .then(|| qualifiers.starting(Place::AfterDuration, after))
            .flatten()
    });
    if let Some(word) = word_after {
        end += word.word.len();
        qualifier = word.qualifier;
        qualifier_text = Some(word.word.clone());
    }
    let span = ByteSpan::new(start, end);
    if in_short_quote(text, ByteSpan::new(term.start, term.end)) {
        return None; // “8337”, “两个一百年”
    }
    Some(Quantity {
        span,
        value: term.value(),
        low: None,
        high: None,
        unit: term.unit_id(),
        unit_text: CompactString::new(&term.unit_text),
        per_unit: term.per_unit.to_string(),
        multiplier: term.multiplier * term.unit.map_or(1.0, |u| u.factor),
        qualifier,
        qualifier_text,
    })
}

/// True when a term is a date, ordinal, name or article rather than a quantity.
fn is_name_date_or_article(text: &str, term: &Term) -> bool {
    let after = &text[term.end..];
    match term.unit {
        // A number without unit. Chinese ones are words (十分, 三农, 十八大) far more
        // often than counts, so only Arabic ones are kept.
        // 十亿人口, 四千二百多万城镇劳动力, 上亿群众: a large Chinese number is an amount.
        None if term.numeral.kind == NumeralKind::Plain => {
            (term.numeral.script == Script::Chinese && !term.is_large())
                || after.starts_with(NOT_AFTER_BARE)
                || term.is_calendar_year()
                || is_list_marker(text, term)
                || (!term.is_large() && starts_with_unknown_word(after))
        }
        None => false,
        // 2015年, 90年代, 三年级
        Some(unit) if unit.canonical == "year" && term.is_calendar_year() => true,
        Some(unit) if unit.canonical == "year" && after.starts_with(['代', '级']) => true,
        // 五项原则, 四项基本原则, 八项规定: titles of doctrines and documents.
        Some(unit) if unit.written == "项" && NAME_HEADS.iter().any(|w| after.starts_with(w)) => {
            true
        }
        // 60周年: an anniversary
        Some(unit) if unit.written == "周" => after.starts_with('年'),
        // 三次产业: the tertiary sector
        Some(unit) if unit.written == "次" && after.starts_with("产业") => true,
        // 一个新阶段, 一批, 一度, 一亩园: a lone 一 counts only time (一年来, 一个月).
        Some(unit) => term.is_lone_yi() && (!unit.is_duration() || lone_yi_not_length(text, term)),
    }
}

/// Words after a numeral and `项` that make the whole a title (五项原则, 四项基本
/// 原则, 八项规定, 八项主张).
const NAME_HEADS: [&str; 4] = ["原则", "基本原则", "规定", "主张"];

/// A lone `一` before a time unit that is not a length of time: `一年一度`, `一年比一年`
/// (idioms), `…的一年` naming a calendar year (`是取得伟大成就的一年`, `新的一年`; but
/// `过去的一年` is a length), `12月一个月` (an appositive restating a date).
fn lone_yi_not_length(text: &str, term: &Term) -> bool {
    let Some(unit) = term.unit else {
        return false;
    };
    let before = &text[..term.start];
    let after = &text[term.end..];
    let idiom_after = after.starts_with("一度")
        || after
            .strip_prefix("比一")
            .is_some_and(|rest| rest.starts_with(unit.written.as_str()));
    let idiom_before = before
        .strip_suffix('比')
        .and_then(|b| b.strip_suffix(unit.written.as_str()))
        .is_some_and(|b| b.ends_with('一'));
    let names_year = before
        .strip_suffix('的')
        .is_some_and(|b| !b.ends_with("过去") && !b.ends_with("这"))
        && !after.starts_with('间');
    let appositive = before.ends_with('月');
    idiom_after || idiom_before || names_year || appositive
}

/// True when `after` starts with a Chinese word that is neither a unit (those were
/// read already) nor a qualifier: a bare number glued to it is part of a name (101中学,
/// 798艺术区) or carries a unit the table lacks.
fn starts_with_unknown_word(after: &str) -> bool {
    let Some(c) = after.chars().next() else {
        return false;
    };
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        && Qualifiers::embedded()
            .starting(Place::After, after)
            .is_none()
}

/// The qualifier word right before a term, with its start offset.
fn qualifier_before(text: &str, term: &Term) -> Option<(&'static str, Qualifier, usize)> {
    let word = Qualifiers::embedded().ending(&text[..term.start])?;
    // 近3年 means "the last 3 years", not "nearly 3 years".
    if word.word == "近" && term.unit.is_some_and(Unit::is_duration) {
        return None;
    }
    Some((&word.word, word.qualifier, term.start - word.word.len()))
}

/// `1.`, `1、` at the start of a line, or `(1)`: a list marker.
fn is_list_marker(text: &str, term: &Term) -> bool {
    let prev = text[..term.start].chars().next_back();
    let after = &text[term.end..];
    if prev == Some('(') && after.starts_with(')') {
        return true;
    }
    let at_line_start = prev.is_none_or(|c| c == '\n' || c.is_whitespace());
    at_line_start
        && (after.starts_with('、')
            || (after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit())))
}

/// True when `span` lies inside a short quotation (“6+4”, “一城三街”): numbers there are
/// parts of names and slogans.
fn in_short_quote(text: &str, span: ByteSpan) -> bool {
    const MAX_CHARS: usize = 10;
    // Walks the bytes rather than decoding chars: every mark looked for is ASCII or
    // three bytes E2/E3 80 xx, told apart by its first and last byte.
    let bytes = text.as_bytes();
    let mark = |at: usize| -> Option<bool> {
        // Some(true) for an opening quote, Some(false) for any other stop mark.
        match bytes[at] {
            b'\n' | b';' => Some(false),
            lead @ (0xE2 | 0xE3) if bytes.get(at + 1) == Some(&0x80) => {
                match (lead, bytes.get(at + 2)) {
                    (0xE2, Some(0x9C)) | (0xE3, Some(0x8C)) => Some(true),
                    (0xE2, Some(0x9D)) | (0xE3, Some(0x8D | 0x82)) => Some(false),
                    _ => None,
                }
            }
            _ => None,
        }
    };
    let mut opened = false;
    let mut at = span.start;
    for _ in 0..MAX_CHARS {
        if at == 0 {
            break;
        }
        // Step back one char: ASCII, three bytes (nearly all the rest), or whatever.
        at = if bytes[at - 1] < 0x80 {
            at - 1
        } else if at >= 3 && bytes[at - 3] & 0xF0 == 0xE0 {
            at - 3
        } else {
            text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
        };
        if let Some(open) = mark(at) {
            opened = open;
            break;
        }
    }
    if !opened {
        return false;
    }
    let mut at = span.end;
    for _ in 0..MAX_CHARS {
        let Some(&lead) = bytes.get(at) else {
            break;
        };
        if let Some(open) = mark(at) {
            // Only a closing quote closes; an opening one or a stop ends the search.
            return !open && matches!(lead, 0xE2 | 0xE3) && matches!(bytes[at + 2], 0x9D | 0x8D);
        }
        at += match lead {
            0..0x80 => 1,
            0x80..0xE0 => 2,
            0xE0..0xF0 => 3,
            _ => 4,
        };
    }
    false
}

/// Where the run of number chars starting at `start` ends: what to skip when the run is
/// not a quantity, so that 一九八四 or 2015 are not re-read from their middle.
fn numeral_run_end(text: &str, start: usize) -> usize {
    // Walks bytes, decoding only three-byte chars (where a Chinese numeral may be).
    let bytes = text.as_bytes();
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        end += match b {
            b'0'..=b'9' | b'.' | b',' | b'x' | b'X' => 1,
            0xC3 if bytes.get(end + 1) == Some(&0x97) => '×'.len_utf8(),
            0xE0..0xF0 => {
                let c = text[end..].chars().next().unwrap_or_default();
                if !(is_chinese_numeral_char(c) || (c == '点' && end > start)) {
                    break;
                }
                c.len_utf8()
            }
            _ => break,
        };
    }
    // A trailing separator belongs to the sentence.
    while end > start + 1 && matches!(text.as_bytes()[end - 1], b'.' | b',') {
        end -= 1;
    }
    end.max(start + text[start..].chars().next().map_or(1, char::len_utf8))
}

/// The offset of the first ASCII digit of `bytes` at or after `from`. Most of a report
/// holds no digit, so it is skipped 16 bytes at a time with a test the compiler turns
/// into a few vector instructions (a byte-by-byte search cost 6 instructions a byte).
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const CHUNK: usize = 16;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + CHUNK) {
        if chunk
            .iter()
            .fold(false, |any, b| any | (b.wrapping_sub(b'0') < 10))
        {
            break;
        }
        at += CHUNK;
    }
    bytes[at..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|offset| at + offset)
}

/// Largest magnitude kept as a quantity, in its canonical unit: 1e18 is ten thousand
/// times China's GDP in yuan, so anything larger is a typo, an identifier or a
/// hostile input, never an amount a report states.
pub const MAX_MAGNITUDE: f64 = 1e18;

/// Drops the quantities of `text` whose value or bounds exceed [`MAX_MAGNITUDE`]
/// (九千九百万亿亿亿…), and notes each with a `number_implausible` diagnostic; notes too
/// every digit run too long to be read as an amount (`99999999999999999999亿`, an ID
/// number), which [`find_quantities`] skipped, as `number_too_long`.
pub fn drop_absurd(
    text: &str,
    quantities: &mut Vec<Quantity>,
    diagnostics: &mut Vec<crate::Diagnostic>,
) {
    quantities.retain(|q| {
        let magnitude = [Some(q.value), q.low, q.high]
            .into_iter()
            .flatten()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let keep = magnitude <= MAX_MAGNITUDE;
        if !keep {
            let written: String = q.span.of(text).chars().take(40).collect();
            diagnostics.push(crate::Diagnostic {
                span: Some(q.span),
                kind: "number_implausible",
                message: format!(
                    "{written} reads as {:e} {}, beyond {MAX_MAGNITUDE:e}: not kept as a quantity",
                    q.value, q.unit
                ),
            });
        }
        keep
    });
    // A run of more than MAX_INTEGER_DIGITS digits holds a byte at a multiple of
    // STRIDE: only those bytes are tested, and the run around a digit among them is
    // measured both ways (a walk over every byte cost a tenth of the text's reading).
    const STRIDE: usize = crate::numeral::MAX_INTEGER_DIGITS + 1;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if !b.is_ascii_digit() {
            at += STRIDE;
            continue;
        }
        let start = at
            - bytes[..at]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let n_digits = end - start;
        if n_digits > crate::numeral::MAX_INTEGER_DIGITS {
            diagnostics.push(crate::Diagnostic {
                span: Some(ByteSpan::new(start, end)),
                kind: "number_too_long",
                message: format!(
                    "a run of {n_digits} digits is an identifier, not an amount: not read as a quantity"
                ),
            });
        }
        // The next multiple of STRIDE after the run (whose end is no digit).
        at = (end / STRIDE + 1) * STRIDE;
    }
}

#[cfg(test)]
mod tests {
    use super::{
        drop_absurd, in_short_quote, next_digit, numeral_run_end, parse_scaled, starts_number,
        ByteSpan, OpenerSearch, OPENERS,
    };

    /// The byte walk ends a run where the char-by-char one did.
    #[test]
    fn numeral_run_end_agrees_with_a_char_walk() {
        let by_chars = |text: &str, start: usize| {
            let mut end = start;
            for (idx, c) in text[start..].char_indices() {
                let part = c.is_ascii_digit()
                    || matches!(c, '.' | ',' | 'x' | 'X' | '×')
                    || crate::numeral::is_chinese_numeral_char(c)
                    || (c == '点' && idx > 0);
                if !part {
                    break;
                }
                end = start + idx + c.len_utf8();
            }
            while end > start + 1 && matches!(text.as_bytes()[end - 1], b'.' | b',') {
                end -= 1;
            }
            end.max(start + text[start..].chars().next().map_or(1, char::len_utf8))
        };
        let text = "2015年一九八四点五,3×4x5X6.7.和十三五点、1,000.〇零两万亿😀¥Ã3点";
        for (start, _) in text.char_indices() {
            assert_eq!(
                numeral_run_end(text, start),
                by_chars(text, start),
                "{start}"
            );
        }
    }

    /// The byte walk finds the quotation a char-by-char search finds, for every span of
    /// a text with quotes of both kinds, stops, ASCII and two- and four-byte chars.
    #[test]
    fn in_short_quote_agrees_with_a_char_search() {
        const MARKS: [char; 7] = ['“', '”', '「', '」', '。', '\n', ';'];
        let by_chars = |text: &str, span: ByteSpan| {
            let opened = text[..span.start]
                .chars()
                .rev()
                .take(10)
                .find(|c| MARKS.contains(c))
                .is_some_and(|c| c == '“' || c == '「');
            opened
                && text[span.end..]
                    .chars()
                    .take(10)
                    .find(|c| MARKS.contains(c))
                    .is_some_and(|c| c == '”' || c == '」')
        };
        let text = "提出“6+4”和「一城三街」,a×b😀“两个一百年”奋斗目标。\n“十三五”规划纲要;“1+N”";
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut quoted = 0;
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                let span = ByteSpan::new(start, end);
                let expected = by_chars(text, span);
                quoted += usize::from(expected);
                assert_eq!(in_short_quote(text, span), expected, "{start}..{end}");
            }
        }
        assert!(quoted > 10);
    }

    /// The stack-built text parses as the formatted one.
    #[test]
    fn parse_scaled_reads_as_formatted() {
        for written in [
            "2.3",
            "1,312.5",
            "4610",
            "0.07",
            "999999999999999",
            "1,234,567",
        ] {
            for exponent in [0.0, 1.0, 4.0, 8.0, 12.0, 16.0, 300.0] {
                let digits = written.replace(',', "");
                let expected = format!("{digits}e{exponent}").parse::<f64>().ok();
                assert_eq!(
                    parse_scaled(written, exponent),
                    expected,
                    "{written} {exponent}"
                );
            }
        }
    }

    /// Every char that may open a number is among the openers the scan searches for,
    /// with the text after it most favourable.
    #[test]
    fn openers_hold_every_char_that_opens_a_number() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let may_open = ["分之", "万", ""]
                .iter()
                .any(|after| starts_number(&format!("{c}{after}"), c));
            if may_open {
                assert!(OPENERS.contains(&c), "{c}");
            }
        }
    }

    /// Both searches (SIMD where the CPU has it, and the automaton) find the next opener
    /// a char walk finds, from every char of a text with chars of every width, and
    /// from every char of a text of every three-byte char.
    #[test]
    fn opener_search_agrees_with_a_char_walk() {
        let every: String = ('\u{800}'..='\u{FFFF}').collect();
        let mixed = "增长7.5%,é十三五😀规划𠀀纲要一二三abc百分之九Ã两万人上亿九".repeat(3);
        for search in [OpenerSearch::new(true), OpenerSearch::new(false)] {
            // From every char of the mixed text, from every 61st of the long one.
            for (text, step) in [(mixed.as_str(), 1), (every.as_str(), 61)] {
                let mut expected = None;
                for (k, (start, c)) in text.char_indices().rev().enumerate() {
                    if OPENERS.contains(&c) {
                        expected = Some((start, c));
                    }
                    if k % step == 0 {
                        assert_eq!(search.find(text, start), expected, "{start}");
                    }
                }
                assert_eq!(search.find(text, text.len()), None);
            }
        }
    }

    /// The strided search notes every run of more than 15 digits a byte walk finds, of
    /// every length from 14 to 40 at every offset from 0 to 40, alone and next to others.
    #[test]
    fn long_digit_runs_agree_with_a_byte_walk() {
        let by_bytes = |text: &str| {
            let mut runs = Vec::new();
            let mut start = None;
            for (i, b) in text.bytes().chain([b' ']).enumerate() {
                match (b.is_ascii_digit(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        if i - s > 15 {
                            runs.push(ByteSpan::new(s, i));
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
            runs
        };
        for offset in 0..=40 {
            for len in 14..=40 {
                let text = format!(
                    "{}{}亿,{}x{}",
                    "a".repeat(offset),
                    "7".repeat(len),
                    "12345678901234567".repeat(offset % 3),
                    "9".repeat(len % 20)
                );
                let mut diagnostics = Vec::new();
                drop_absurd(&text, &mut Vec::new(), &mut diagnostics);
                let spans: Vec<ByteSpan> = diagnostics.iter().filter_map(|d| d.span).collect();
                assert_eq!(spans, by_bytes(&text), "{text}");
            }
        }
    }

    /// The chunked search finds what a byte-by-byte search finds, from every offset,
    /// digits in and across chunks and in a short tail included.
    #[test]
    fn next_digit_agrees_with_a_byte_search() {
        let text = format!(
            "{}{}2015年abcdefghijklmnop9{}",
            "增长7.5%,".repeat(3),
            "国内生产总值".repeat(9),
            "十二五".repeat(7)
        );
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            let expected = bytes[from..]
                .iter()
                .position(u8::is_ascii_digit)
                .map(|k| from + k);
            assert_eq!(next_digit(bytes, from), expected, "from {from}");
        }
    }
}
