//! The outline of a report: its section tree with a role per section, and its sentences.
//!
//! Headings are 一、 / (一) / 一是、二是 / —— lead lines and plain paragraphs. Roles say
//! what part of the yearly cycle a section belongs to (review, targets, tasks, …), which
//! is what later stages use to tell an actual from a target.

use crate::span::ByteSpan;
use serde::Serialize;

/// What part of a work report a section is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionRole {
    /// 工作回顾: last year's (or the last period's) results.
    Review,
    /// 存在的问题: problems and shortcomings.
    Problems,
    /// 总体要求: this year's general requirements.
    Requirements,
    /// 主要预期目标: this year's main expected targets.
    Targets,
    /// 主要任务 / 重点工作: this year's tasks.
    Tasks,
    /// 五年规划 (纲要) and its indicator system.
    Plan,
    /// 政府自身建设: the government's own conduct.
    GovernmentSelfBuilding,
    /// Anything else (greetings, closing words).
    Other,
}

/// One section of the outline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// The heading text without its marker (`20xx年工作回顾` for `一、20xx年工作回顾`).
    pub heading: String,
    /// The heading line, marker included, in bytes of the normalized text.
    pub heading_span: ByteSpan,
    /// The role, inherited from the parent when the heading says nothing.
    pub role: SectionRole,
    /// Depth: 1 for 一、, 2 for (一), 3 for 一是 / 1. and so on.
    pub level: u8,
    /// The whole section, heading and body, in bytes of the normalized text.
    pub span: ByteSpan,
    /// Sub-sections in text order.
    pub children: Vec<Section>,
}

/// A sentence (or a heading line) of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Bytes of the normalized text, final punctuation included.
    pub span: ByteSpan,
}

/// The outline of one report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Outline {
    /// Top-level sections in text order.
    pub sections: Vec<Section>,
    /// All sentences in text order.
    pub sentences: Vec<Sentence>,
}

/// Parses the outline of a report's normalized text.
pub fn parse(text: &str) -> Outline {
    // Placeholder until the heading parser lands: one sentence per line.
    let mut sentences = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        sentences.push(Sentence { span: ByteSpan::new(start, start + line.len()) });
        start += line.len();
    }
    Outline { sections: Vec::new(), sentences }
}
