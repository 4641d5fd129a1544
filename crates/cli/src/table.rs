//! Human-readable tables: the report's metadata, its outline, then quantities by section.

use duban_core::{Extraction, Report, Section};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Writes report number `index` of `extraction` as text tables.
pub fn write_report(
    out: &mut impl Write,
    extraction: &Extraction,
    index: usize,
    report: &Report,
) -> io::Result<()> {
    let meta = &report.meta;
    let unknown = || "?".to_string();
    writeln!(
        out,
        "== report {} of {}",
        index + 1,
        extraction.reports.len()
    )?;
    writeln!(
        out,
        "region       {}",
        meta.region.clone().unwrap_or_else(unknown)
    )?;
    writeln!(
        out,
        "level        {}",
        meta.level
            .map(|l| format!("{l:?}").to_lowercase())
            .unwrap_or_else(unknown)
    )?;
    writeln!(
        out,
        "year         {}",
        meta.year.map(|y| y.to_string()).unwrap_or_else(unknown)
    )?;
    writeln!(
        out,
        "review year  {}",
        meta.review_year
            .map(|y| y.to_string())
            .unwrap_or_else(unknown)
    )?;
    if let Some(plan) = &meta.plan_period {
        writeln!(
            out,
            "plan period  {} ({}–{})",
            plan.name, plan.start, plan.end
        )?;
    }
    for ev in &meta.evidence {
        writeln!(
            out,
            "  evidence   {} = {}: {} (confidence {:.2})",
            ev.field, ev.value, ev.rule, ev.confidence
        )?;
    }
    let removed: Vec<_> = if index == 0 {
        extraction.removed.iter().chain(&report.removed).collect()
    } else {
        report.removed.iter().collect()
    };
    if !removed.is_empty() {
        writeln!(out, "\nremoved ({}):", removed.len())?;
        for r in removed {
            writeln!(out, "  [{}] {}", r.reason, one_line(&r.text, 60))?;
        }
    }
    writeln!(out, "\noutline:")?;
    for section in &report.outline.sections {
        write_outline(out, section)?;
    }
    writeln!(out, "\nquantities ({}):", report.quantities.len())?;
    let mut current_section = None;
    for q in &report.quantities {
        let section = report
            .outline
            .sections
            .iter()
            .position(|s| s.span.contains(q.span));
        if section != current_section {
            current_section = section;
            let heading = section.map_or("(before the first section)", |i| {
                report.outline.sections[i].heading.as_str()
            });
            writeln!(out, "  -- {heading}")?;
        }
        let text = q.span.of(&report.text);
        let range = match (q.low, q.high) {
            (Some(lo), Some(hi)) => format!(" [{}, {}]", number(lo), number(hi)),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {}  {:>16}{} {:<16} {}",
            pad(text, 22),
            number(q.value),
            range,
            q.unit,
            format!("{:?}", q.qualifier).to_lowercase()
        )?;
    }
    writeln!(out)
}

fn write_outline(out: &mut impl Write, section: &Section) -> io::Result<()> {
    let indent = "  ".repeat(section.level as usize);
    let role = format!("{:?}", section.role).to_lowercase();
    writeln!(out, "{indent}{} [{role}]", one_line(&section.heading, 40))?;
    for child in &section.children {
        write_outline(out, child)?;
    }
    Ok(())
}

/// `text` padded with spaces to `width` terminal columns (CJK counts double).
pub(crate) fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The first `max` chars of `text` on one line.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut cut: String = flat.chars().take(max).collect();
    if flat.chars().count() > max {
        cut.push('…');
    }
    cut
}

/// A number without trailing zeros or exponent noise.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
