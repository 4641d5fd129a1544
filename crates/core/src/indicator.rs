//! Indicators: quantities bound to the metric they measure, with measure, sign and role.
//!
//! "地区生产总值4610亿元左右,同比增长7.5%左右" holds two indicators of `gdp`: a level and a
//! growth rate. Binding works clause by clause inside a sentence: a quantity takes the
//! nearest catalogue alias before it in its clause; a clause that starts with a
//! continuation (同比, 比上年, 增长…) inherits the metric of the previous clause; a
//! distributive clause (分别…、…) hands its quantities to the subjects in order. Roles
//! come from the section role under the quantity and cue words (预计, 到2020年, 目标).
//!
//! What a quantity is lives in `quantity`; which sentences are targets or tasks lives
//! in `outline`. This module reads words around numbers and nothing else.

use crate::catalogue::{AliasMatch, Catalogue};
use crate::meta::ReportMeta;
use crate::outline::{Outline, SectionRole};
use crate::quantity::{Qualifier, Quantity};
use crate::span::ByteSpan;
use serde::Serialize;

/// What aspect of a metric a number gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The metric's amount: 4610亿元, 1312万人.
    Level,
    /// A percent change: 增长7.5%; a fall is negative.
    Growth,
    /// A change in percentage points: 提高3.7个百分点.
    ChangePp,
    /// A rate that is the metric itself: 失业率1.5%, 比重87%.
    Share,
    /// A number of things: 新增中小学学位1440个.
    Count,
    /// An absolute change in the metric's unit: 比2010年增加13480元.
    Change,
}

/// Whether a number reports the past, estimates it, or sets a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A past result.
    Actual,
    /// 预计: an estimate for the year just ended.
    Estimate,
    /// A target for the report's year (or, quoted in a review, for the year reviewed).
    Target,
    /// A multi-year or five-year-plan target.
    PlanTarget,
}

/// The years a value is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First year.
    pub start: i32,
    /// Last year (equal to `start` for one year).
    pub end: i32,
}

impl Period {
    /// One year.
    pub fn year(year: i32) -> Period {
        Period {
            start: year,
            end: year,
        }
    }
}

/// A number bound to what it measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    /// Catalogue id, or `None` when the metric is not in the catalogue.
    pub metric: Option<String>,
    /// What is measured, as written (`区级一般公共预算收入`).
    pub metric_text: String,
    /// Which aspect of the metric.
    pub measure: Measure,
    /// Signed value in `unit` (a fall is negative); `None` for a target without a number.
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// Canonical unit of `value`.
    pub unit: String,
    /// How the number relates to the truth; `None` for a target without a number or
    /// qualifier (完成…任务).
    pub qualifier: Option<Qualifier>,
    /// Actual, estimate, target or plan target.
    pub role: Role,
    /// The years it is for.
    pub period: Option<Period>,
    /// Comparison base as written (`同比`, `比上年`, `比2010年`).
    pub base: Option<String>,
    /// Scope as written before the metric (`区级`, `全区`, `园区`).
    pub scope: Option<String>,
    /// Starting value of a "由…提高至…" statement, in `unit`.
    pub from_value: Option<f64>,
    /// Index of the quantity in the report's quantity list.
    pub quantity: Option<usize>,
    /// The quantity (or the phrase of a target without a number), in bytes of the text.
    pub span: ByteSpan,
    /// The sentence it stands in.
    pub sentence: ByteSpan,
}

/// Words that mark a growth rate before a percentage; the bool says a fall.
const GROWTH_WORDS: &[(&str, bool)] = &[
    ("增长", false),
    ("增速", false),
    ("增幅", false),
    ("递增", false),
    ("上涨", false),
    ("涨幅", false),
    ("上升", false),
    ("提高", false),
    ("提升", false),
    ("增加", false),
    ("扩大", false),
    ("下降", true),
    ("降低", true),
    ("减少", true),
    ("回落", true),
    ("下滑", true),
    ("缩小", true),
];

/// Clause openers that continue the previous clause's subject.
const CONTINUATIONS: &[&str] = &[
    "同比",
    "比上年",
    "比去年",
    "较上年",
    "增长",
    "增速",
    "下降",
    "年均",
    "提高",
    "降低",
    "分别",
    "增加",
    "减少",
    "上涨",
    "其中",
    "占",
    "实现",
    "完成",
    "达到",
    "为",
];

/// Verbs of a change from one value to another: "由A提高至B".
const CHANGE_TO: &[&str] = &[
    "提高至",
    "提高到",
    "增加到",
    "增加至",
    "上升到",
    "上升至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "降至",
    "增至",
    "提升至",
    "提升到",
    "扩大到",
    "扩大至",
    "减少到",
    "减少至",
];

/// Cues that a number is an estimate.
const ESTIMATE_CUES: &[&str] = &["预计", "初步统计", "初步核算", "预期全年", "有望"];

/// Binds every quantity of a report to what it measures.
pub fn bind(
    text: &str,
    outline: &Outline,
    meta: &ReportMeta,
    quantities: &[Quantity],
    catalogue: &Catalogue,
) -> Vec<Indicator> {
    let mut indicators = Vec::new();
    let mut q_idx = 0;
    for sentence in &outline.sentences {
        let first = q_idx;
        while q_idx < quantities.len() && quantities[q_idx].span.start < sentence.span.end {
            q_idx += 1;
        }
        let in_sentence: Vec<usize> = (first..q_idx)
            .filter(|&i| sentence.span.contains(quantities[i].span))
            .collect();
        if in_sentence.is_empty() {
            continue;
        }
        let binder = SentenceBinder::new(text, sentence.span, catalogue, outline, meta);
        binder.bind(quantities, &in_sentence, &mut indicators);
    }
    indicators
}

/// Binding state for one sentence.
struct SentenceBinder<'a> {
    text: &'a str,
    sentence: ByteSpan,
    catalogue: &'a Catalogue,
    outline: &'a Outline,
    meta: &'a ReportMeta,
    /// Alias matches inside the sentence, in absolute offsets.
    aliases: Vec<AliasMatch>,
}

impl<'a> SentenceBinder<'a> {
    fn new(
        text: &'a str,
        sentence: ByteSpan,
        catalogue: &'a Catalogue,
        outline: &'a Outline,
        meta: &'a ReportMeta,
    ) -> SentenceBinder<'a> {
        let aliases = catalogue
            .find_all(sentence.of(text))
            .into_iter()
            .map(|m| AliasMatch {
                start: m.start + sentence.start,
                end: m.end + sentence.start,
                ..m
            })
            .collect();
        SentenceBinder {
            text,
            sentence,
            catalogue,
            outline,
            meta,
            aliases,
        }
    }

    /// The clause around `at`: bounded by `,;:。!?` (not by `、`, which joins lists).
    fn clause_start(&self, at: usize) -> usize {
        let before = &self.text[self.sentence.start..at];
        before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, ',' | ';' | ':' | '。' | '!' | '?' | '，' | '；' | '：'))
            .map_or(self.sentence.start, |(i, c)| {
                self.sentence.start + i + c.len_utf8()
            })
    }

    fn bind(&self, quantities: &[Quantity], in_sentence: &[usize], out: &mut Vec<Indicator>) {
        // The subject of the previous clause, for clauses that continue it.
        let mut carried: Option<AliasMatch> = None;
        let mut i = 0;
        while i < in_sentence.len() {
            let q = &quantities[in_sentence[i]];
            let clause_start = self.clause_start(q.span.start);
            // A distributive run: 分别 before the first quantity, then 、-separated numbers.
            let run = self.distributive_run(quantities, in_sentence, i, clause_start);
            if run.len() > 1 {
                let subjects = self.distributive_subjects(clause_start, q.span.start, run.len());
                for (k, &qi) in run.iter().enumerate() {
                    let subject = subjects.as_ref().map(|s| s[k]);
                    out.push(self.indicator(&quantities[qi], qi, clause_start, subject));
                }
                carried = subjects.and_then(|s| s.last().copied()).or(carried);
                i += run.len();
                continue;
            }
            let own = self
                .aliases
                .iter()
                .rev()
                .find(|a| a.start >= clause_start && a.end <= q.span.start)
                .copied();
            let subject = match own {
                Some(alias) => Some(alias),
                None if self.continues(clause_start, q.span.start) => carried,
                None => None,
            };
            let subject = subject.filter(|a| self.compatible(a, q, clause_start));
            let indicator = self.indicator(q, in_sentence[i], clause_start, subject);
            if own.is_some() || subject.is_none() {
                carried = subject;
            }
            out.push(indicator);
            i += 1;
        }
    }

    /// Indices (into `in_sentence`) of a distributive run starting at `i`, or just `i`.
    fn distributive_run(
        &self,
        quantities: &[Quantity],
        in_sentence: &[usize],
        i: usize,
        clause_start: usize,
    ) -> Vec<usize> {
        let q = &quantities[in_sentence[i]];
        let lead = &self.text[clause_start..q.span.start];
        if !lead.contains("分别") {
            return vec![in_sentence[i]];
        }
        let mut run = vec![in_sentence[i]];
        let mut end = q.span.end;
        for &next in &in_sentence[i + 1..] {
            let gap = &self.text[end..quantities[next].span.start];
            if gap.is_empty() || gap.chars().any(|c| !matches!(c, '、' | '和' | '及' | ' ')) {
                break;
            }
            run.push(next);
            end = quantities[next].span.end;
        }
        run
    }

    /// The subjects of a distributive clause: the last `n` aliases before the numbers,
    /// or an urban/rural pair written 城、乡 before one income alias.
    fn distributive_subjects(
        &self,
        clause_start: usize,
        first_q: usize,
        n: usize,
    ) -> Option<Vec<AliasMatch>> {
        let before: Vec<AliasMatch> = self
            .aliases
            .iter()
            .filter(|a| a.start >= clause_start && a.end <= first_q)
            .copied()
            .collect();
        if before.len() >= n {
            return Some(before[before.len() - n..].to_vec());
        }
        let lead = &self.text[clause_start..first_q];
        let alias = *before.last()?;
        let id = &self.catalogue.metric(alias.metric).id;
        if n == 2
            && id == "per_capita_disposable_income"
            && (lead.contains("城、乡") || lead.contains("城乡"))
        {
            let urban = self.metric_index("urban_per_capita_disposable_income")?;
            let rural = self.metric_index("rural_per_capita_disposable_income")?;
            return Some(vec![
                AliasMatch {
                    metric: urban,
                    ..alias
                },
                AliasMatch {
                    metric: rural,
                    ..alias
                },
            ]);
        }
        None
    }

    fn metric_index(&self, id: &str) -> Option<usize> {
        self.catalogue.metrics().iter().position(|m| m.id == id)
    }

    /// True when the clause before `at` only continues the previous clause's subject.
    fn continues(&self, clause_start: usize, at: usize) -> bool {
        let lead = self.text[clause_start..at].trim_start();
        lead.is_empty() || CONTINUATIONS.iter().any(|w| lead.starts_with(w))
    }

    /// Whether `alias` can be what `q` measures: units must agree, and a share "of"
    /// the metric (占地区生产总值的比重) is not the metric itself.
    fn compatible(&self, alias: &AliasMatch, q: &Quantity, clause_start: usize) -> bool {
        let metric = self.catalogue.metric(alias.metric);
        let between = &self.text[alias.end.max(clause_start)..q.span.start];
        if !metric.is_rate()
            && (between.contains("比重") || between.contains("占比") || between.contains("比例"))
        {
            return false;
        }
        let before = &self.text[clause_start..alias.start];
        if !metric.is_rate() && before.ends_with('占') {
            return false;
        }
        match q.unit.as_str() {
            "percent" | "percentage_point" | "permille" | "" => true,
            unit => unit_family(unit) == unit_family(&metric.unit),
        }
    }

    fn indicator(
        &self,
        q: &Quantity,
        q_index: usize,
        clause_start: usize,
        subject: Option<AliasMatch>,
    ) -> Indicator {
        let metric = subject.map(|a| self.catalogue.metric(a.metric));
        let lead_start = subject.map_or(clause_start, |a| a.end.max(clause_start));
        let lead = &self.text[lead_start..q.span.start];
        let growth_word = GROWTH_WORDS
            .iter()
            .filter_map(|(w, fall)| lead.rfind(w).map(|at| (at, *w, *fall)))
            .max();
        let falls = growth_word.is_some_and(|(_, _, fall)| fall);
        let to_level = growth_word.is_some_and(|(at, w, _)| {
            let after = &lead[at + w.len()..];
            after.starts_with('到') || after.starts_with('至')
        });
        let measure = match q.unit.as_str() {
            "percentage_point" => Measure::ChangePp,
            "percent" | "permille" => {
                if (growth_word.is_some() && !to_level) || metric.is_some_and(|m| !m.is_rate()) {
                    Measure::Growth
                } else {
                    Measure::Share
                }
            }
            _ if growth_word.is_some() && !to_level && lead.ends_with(growth_word.unwrap().1) => {
                Measure::Change
            }
            "item" => Measure::Count,
            _ => Measure::Level,
        };
        let sign = if falls
            && matches!(
                measure,
                Measure::Growth | Measure::ChangePp | Measure::Change
            ) {
            -1.0
        } else {
            1.0
        };
        let (role, period) = self.role(q, clause_start);
        let metric_text = match subject {
            Some(a) => {
                let scope = self.scope_before(a.start, clause_start);
                let start = scope.map_or(a.start, |s| a.start - s.len());
                self.text[start..a.end].to_string()
            }
            None => bare_subject(&self.text[clause_start..q.span.start]).to_string(),
        };
        Indicator {
            metric: metric.map(|m| m.id.clone()),
            metric_text,
            measure,
            value: Some(sign * q.value),
            low: q.low.map(|v| sign * v),
            high: q.high.map(|v| sign * v),
            unit: q.unit.clone(),
            qualifier: Some(q.qualifier),
            role,
            period,
            base: self.base(clause_start, q.span.start),
            scope: subject
                .and_then(|a| self.scope_before(a.start, clause_start))
                .map(String::from),
            from_value: self.start_value(q, clause_start),
            quantity: Some(q_index),
            span: q.span,
            sentence: self.sentence,
        }
    }

    /// A scope word written right before the alias at `alias_start`.
    fn scope_before(&self, alias_start: usize, clause_start: usize) -> Option<&'a str> {
        let before = &self.text[clause_start..alias_start];
        [
            "区级", "市级", "省级", "县级", "全区", "全市", "全省", "全县", "全国", "园区", "地方",
        ]
        .into_iter()
        .find(|s| before.ends_with(s))
    }

    fn base(&self, clause_start: usize, at: usize) -> Option<String> {
        let lead = &self.text[clause_start..at];
        for word in ["同比", "比上年同期", "比上年", "比去年", "较上年"] {
            if lead.contains(word) {
                return Some(word.to_string());
            }
        }
        let at = lead.find('比')?;
        let rest = &lead[at..];
        let year_end = rest.find('年')?;
        let candidate = &rest[..year_end + '年'.len_utf8()];
        (candidate.chars().count() <= 7).then(|| candidate.to_string())
    }

    /// For "由A提高至B", the value A when `q` is B.
    fn start_value(&self, q: &Quantity, clause_start: usize) -> Option<f64> {
        let lead = &self.text[clause_start..q.span.start];
        let to = [
            "提高至",
            "提高到",
            "增加到",
            "增加至",
            "上升到",
            "上升至",
            "下降到",
            "下降至",
            "降低到",
            "降至",
            "增至",
            "提升至",
            "提升到",
        ]
        .into_iter()
        .find(|w| lead.ends_with(w))?;
        let from_part = &lead[..lead.len() - to.len()];
        let from_at = from_part.rfind('由').or_else(|| from_part.rfind('从'))?;
        let number: String = from_part[from_at..]
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let base = number.parse::<f64>().ok()?;
        // The from-value is written in the same unit text as the to-value.
        let same_unit = from_part[from_at..].contains(q.unit_text.as_str());
        same_unit.then_some(base * q.multiplier)
    }

    /// Whether `q` is the base a change is measured from: "由[2014年的]X提高至…" or
    /// "比2014年(X)下降…". A base is a past actual whatever section it stands in.
    fn is_base_value(&self, q: &Quantity, clause_start: usize) -> bool {
        let before = &self.text[clause_start..q.span.start];
        let after = &self.text[q.span.end..self.sentence.end];
        let from_to =
            (before.ends_with('由') || before.ends_with('从') || before.ends_with("年的"))
                && (before.contains('由') || before.contains('从'))
                && CHANGE_TO.iter().any(|w| after.starts_with(w));
        let parenthesized = before.ends_with("年(") && after.starts_with(')');
        from_to || parenthesized
    }

    /// Role and period of `q` from the section role and cue words.
    fn role(&self, q: &Quantity, clause_start: usize) -> (Role, Option<Period>) {
        let section = self.outline.role_at(q.span.start);
        let lead = &self.text[self.sentence.start..q.span.start];
        let clause = &self.text[clause_start..q.span.start];
        let year = self.meta.year;
        let review_year = self.meta.review_year.or(year.map(|y| y - 1));
        if self.is_base_value(q, clause_start) {
            let stated = last_year_in(clause.rsplit(['由', '从', '比']).next().unwrap_or(""));
            return (Role::Actual, stated.map(Period::year));
        }
        let stated_year = last_year_in(clause).or_else(|| last_year_in(lead));
        if let (Some(stated), Some(year)) = (stated_year, year) {
            if stated > year {
                return (Role::PlanTarget, Some(Period::year(stated)));
            }
        }
        let plan_end = self.meta.plan_period.as_ref().map(|p| p.end);
        match section {
            // A plan report's targets are the plan's ("“十五”期间年均经济增长速度预期目标为
            // 7%左右", 2001): a five-year average is a plan target wherever it stands.
            SectionRole::Targets
            | SectionRole::Requirements
            | SectionRole::Tasks
            | SectionRole::GovernmentSelfBuilding => {
                if lead.contains("期间") || lead.contains("年均") || lead.contains("五年") {
                    (Role::PlanTarget, plan_end.map(Period::year))
                } else {
                    (Role::Target, year.map(Period::year))
                }
            }
            SectionRole::Plan => {
                if clause.contains("五年来")
                    || lead.contains("时期") && stated_year.is_some_and(|s| Some(s) <= review_year)
                {
                    (Role::Actual, stated_year.map(Period::year))
                } else {
                    (Role::PlanTarget, plan_end.map(Period::year))
                }
            }
            SectionRole::Review | SectionRole::Problems | SectionRole::Other => {
                if clause.contains("目标") && !clause.contains("完成") {
                    (Role::Target, review_year.map(Period::year))
                } else if ESTIMATE_CUES.iter().any(|c| lead.contains(c)) {
                    (Role::Estimate, review_year.map(Period::year))
                } else {
                    (Role::Actual, stated_year.or(review_year).map(Period::year))
                }
            }
        }
    }
}

/// The last four-digit calendar year (19xx/20xx + 年) written in `text`.
fn last_year_in(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let digits = &bytes[i..i + 4];
        let starts_number = i == 0 || !bytes[i - 1].is_ascii_digit();
        if starts_number
            && digits.iter().all(u8::is_ascii_digit)
            && (digits.starts_with(b"19") || digits.starts_with(b"20"))
            && text[i + 4..].starts_with('年')
        {
            found = std::str::from_utf8(digits)
                .ok()
                .and_then(|d| d.parse().ok());
            i += 4;
        } else {
            i += 1;
        }
    }
    found
}

/// The subject words of a clause without a catalogue metric: the clause before the
/// number, with leading connectives and trailing verbs trimmed.
fn bare_subject(lead: &str) -> &str {
    let mut s = lead.trim();
    for prefix in ["其中", "全年", "预计", "今年", "累计", "共", "新"] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    loop {
        let before = s;
        for suffix in [
            "增长",
            "下降",
            "提高",
            "降低",
            "达到",
            "实现",
            "完成",
            "突破",
            "超过",
            "为",
            "达",
            "到",
            "至",
            "约",
            "近",
            "分别",
            "控制在",
            "稳定在",
            "保持在",
            "同比",
            "比上年",
            "增加",
            "减少",
            "了",
            "新增",
            "累计",
        ] {
            s = s.strip_suffix(suffix).unwrap_or(s);
        }
        if s == before {
            return s;
        }
    }
}

/// A coarse unit family, so that 亿元 can measure GDP but 万人 cannot.
fn unit_family(unit: &str) -> &str {
    // A rate per head or per unit (CNY/person) belongs to its numerator's family.
    let unit = unit.split('/').next().unwrap_or(unit);
    let unit = unit.split("_per_").next().unwrap_or(unit);
    match unit {
        "CNY" | "USD" => "money",
        "ton" | "kg" | "jin" => "mass",
        "person" | "person_time" => "person",
        other => other,
    }
}
