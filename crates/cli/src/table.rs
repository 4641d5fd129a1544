//! Human-readable tables for `duban extract`: what a reader of the report wants first
//! (metadata, this year's targets, last year's results, plan targets, the task count by
//! area), then the outline and every quantity by section for checking.

use duban_core::{Extraction, Indicator, Report, Role, Section};
use serde::Serialize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Writes report number `index` of `extraction` as text tables.
pub fn write_report(
    out: &mut impl Write,
    extraction: &Extraction,
    index: usize,
    report: &Report,
) -> io::Result<()> {
    let total = extraction.reports.len();
    writeln!(out, "== report {} of {total}", index + 1)?;
    write_meta(out, report)?;

    let removed: Vec<_> = if index == 0 {
        extraction.removed.iter().chain(&report.removed).collect()
    } else {
        report.removed.iter().collect()
    };
    if !removed.is_empty() {
        writeln!(out, "\nremoved as junk ({}):", removed.len())?;
        for r in removed {
            writeln!(out, "  [{}] {}", r.reason, one_line(&r.text, 60))?;
        }
    }

    let year = report
        .meta
        .year
        .map_or("this year".to_string(), |y| y.to_string());
    writeln!(out, "\nmain targets for {year} ({}):", report.targets.len())?;
    for t in &report.targets {
        let hardness = name(&t.hardness);
        write_indicator(out, report, &t.indicator, &hardness)?;
    }
    let review: Vec<&Indicator> = report
        .indicators
        .iter()
        .filter(|i| i.metric.is_some() && matches!(i.role, Role::Actual | Role::Estimate))
        .collect();
    let review_year = report
        .meta
        .review_year
        .map_or("last year".to_string(), |y| y.to_string());
    writeln!(
        out,
        "\nresults and estimates for {review_year} and earlier ({}):",
        review.len()
    )?;
    for i in review {
        write_indicator(out, report, i, &name(&i.role))?;
    }
    let plan: Vec<&Indicator> = report
        .indicators
        .iter()
        .filter(|i| i.metric.is_some() && i.role == Role::PlanTarget)
        .collect();
    if !plan.is_empty() {
        writeln!(out, "\nplan targets ({}):", plan.len())?;
        for i in plan {
            write_indicator(out, report, i, "plan_target")?;
        }
    }

    writeln!(out, "\ntasks ({}), by area:", report.tasks.len())?;
    let mut areas: Vec<(String, usize, usize)> = Vec::new();
    for task in &report.tasks {
        let area = task
            .area
            .get(1)
            .or(task.area.first())
            .cloned()
            .unwrap_or_default();
        match areas.iter_mut().find(|(a, _, _)| *a == area) {
            Some((_, n, quantified)) => {
                *n += 1;
                *quantified += usize::from(!task.indicators.is_empty());
            }
            None => areas.push((area, 1, usize::from(!task.indicators.is_empty()))),
        }
    }
    for (area, n, quantified) in &areas {
        writeln!(
            out,
            "  {:>4} tasks, {:>3} with numbers  {}",
            n,
            quantified,
            one_line(area, 40)
        )?;
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
            writeln!(out, "  -- {}", one_line(heading, 40))?;
        }
        let range = match (q.low, q.high) {
            (Some(lo), Some(hi)) => format!(" [{}, {}]", number(lo), number(hi)),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {}  {:>16}{} {:<16} {}",
            pad(q.span.of(&report.text), 22),
            number(q.value),
            range,
            q.unit,
            name(&q.qualifier)
        )?;
    }
    writeln!(out)
}

fn write_meta(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let meta = &report.meta;
    let or_unknown = |v: Option<String>| v.unwrap_or_else(|| "? (unknown)".to_string());
    writeln!(out, "region       {}", or_unknown(meta.region.clone()))?;
    writeln!(
        out,
        "level        {}",
        or_unknown(meta.level.map(|l| name(&l)))
    )?;
    writeln!(
        out,
        "year         {}",
        or_unknown(meta.year.map(|y| y.to_string()))
    )?;
    writeln!(
        out,
        "review year  {}",
        or_unknown(meta.review_year.map(|y| y.to_string()))
    )?;
    if let Some(plan) = &meta.plan_period {
        writeln!(
            out,
            "plan period  {} ({}–{})",
            plan.name, plan.start, plan.end
        )?;
    }
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for ev in &meta.evidence {
        // The same cue found twice says nothing new.
        if shown.contains(&(ev.field, ev.rule.as_str())) {
            continue;
        }
        shown.push((ev.field, ev.rule.as_str()));
        writeln!(
            out,
            "  evidence   {} = {}: {} (confidence {:.2})",
            ev.field, ev.value, ev.rule, ev.confidence
        )?;
    }
    for d in &report.diagnostics {
        writeln!(out, "  note       {}: {}", d.kind, d.message)?;
    }
    Ok(())
}

/// One indicator on one line: what, how much, qualifier, year, and the words it came from.
fn write_indicator(
    out: &mut impl Write,
    report: &Report,
    i: &Indicator,
    tag: &str,
) -> io::Result<()> {
    let what = i.metric.as_deref().unwrap_or("-");
    let value = match (i.value, i.low, i.high) {
        (_, Some(lo), Some(hi)) => format!("{}..{}", number(lo), number(hi)),
        (Some(v), _, _) => number(v),
        (None, _, _) => "(no number)".to_string(),
    };
    let qualifier = i.qualifier.map_or(String::new(), |q| name(&q));
    let period = i.period.map_or(String::new(), |p| {
        if p.start == p.end {
            p.end.to_string()
        } else {
            format!("{}–{}", p.start, p.end)
        }
    });
    writeln!(
        out,
        "  {} {:<9} {:>14} {:<16} {:<9} {:<9} {:<10} {}",
        pad(what, 36),
        name(&i.measure),
        value,
        i.unit,
        qualifier,
        period,
        tag,
        one_line(i.span.of(&report.text), 24),
    )
}

fn write_outline(out: &mut impl Write, section: &Section) -> io::Result<()> {
    let indent = "  ".repeat(section.level as usize);
    writeln!(
        out,
        "{indent}{} [{}]",
        one_line(&section.heading, 40),
        name(&section.role)
    )?;
    for child in &section.children {
        write_outline(out, child)?;
    }
    Ok(())
}

/// The name a value has in JSON (`government_self_building`, `at_least`).
fn name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => "?".to_string(),
    }
}

/// `text` padded with spaces to `width` terminal columns (CJK counts double).
pub fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The first `max` chars of `text` on one line.
pub fn one_line(text: &str, max: usize) -> String {
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
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
