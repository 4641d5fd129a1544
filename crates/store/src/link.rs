//! Recomputing outcome links and task evidence from stored reports.
//!
//! For each region, the latest stored report of each year is taken as that year's
//! report (a later scrape of the same report wins). Targets of year N are linked with
//! `duban_core::outcome::link` against the year-N+1 report's indicators, and tasks get
//! candidate evidence from the review sections of the year-N+1 text with
//! `duban_core::evidence`. Everything for the given regions is replaced in one
//! transaction; evidence a reviewer confirmed is kept.

use crate::db::{args, Db, Row};
use crate::{codec, Error, LinkSummary, Result};
use duban_core::evidence::SentenceIndex;
use duban_core::indicator::{Indicator, Period};
use duban_core::outcome::{self, NextReport, Tolerance};
use duban_core::outline::{self, SectionRole};
use duban_core::target::{Hardness, Target};
use duban_core::ByteSpan;
use std::collections::BTreeMap;

/// Candidate evidence sentences kept per task.
const EVIDENCE_PER_TASK: usize = 3;

pub(crate) fn relink(db: &Db, regions: &[String]) -> Result<LinkSummary> {
    let tx = db.transaction()?;
    let regions: Vec<String> = if regions.is_empty() {
        tx.query(
            "SELECT DISTINCT region FROM reports WHERE region IS NOT NULL",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_>>()?
    } else {
        regions.to_vec()
    };
    let mut summary = LinkSummary::default();
    for region in &regions {
        relink_region(&tx, region, &mut summary)?;
    }
    tx.commit()?;
    Ok(summary)
}

fn relink_region(tx: &Db, region: &str, summary: &mut LinkSummary) -> Result<()> {
    let by_year: BTreeMap<i32, i64> = tx
        .query(
            "SELECT year, MAX(id) FROM reports WHERE region = ?1 AND year IS NOT NULL GROUP BY year",
            &args![region],
        )?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect::<Result<_>>()?;
    for (&year, &report_id) in &by_year {
        tx.execute(
            "DELETE FROM outcome_links WHERE target_id IN
                 (SELECT id FROM targets WHERE report_id = ?1)",
            &args![report_id],
        )?;
        tx.execute(
            "DELETE FROM task_evidence WHERE confirmed IS NULL AND task_id IN
                 (SELECT id FROM tasks WHERE report_id = ?1)",
            &args![report_id],
        )?;
        let targets = load(tx, "targets", report_id, target_from_row)?;
        let Some(&next_id) = by_year.get(&(year + 1)) else {
            let rule = format!("no {} report of {region} in the store", year + 1);
            for (target_id, _) in &targets {
                tx.execute(
                    "INSERT INTO outcome_links (target_id, verdict, rule) VALUES (?1, 'no_data', ?2)",
                    &args![target_id, rule],
                )?;
                summary.n_links += 1;
            }
            continue;
        };
        let next_text: String = tx
            .query_one("SELECT text FROM reports WHERE id = ?1", &args![next_id])?
            .get(0)?;
        let next = load(tx, "indicators", next_id, indicator_from_row)?;
        let next_indicators: Vec<Indicator> = next.iter().map(|(_, i)| i.clone()).collect();
        let target_values: Vec<Target> = targets.iter().map(|(_, t)| t.clone()).collect();
        let links = outcome::link(
            &target_values,
            year,
            NextReport {
                text: &next_text,
                indicators: &next_indicators,
            },
            &Tolerance::default(),
        );
        for link in links {
            let row_of = |k: Option<usize>| k.map(|k| next[k].0);
            tx.execute(
                "INSERT INTO outcome_links (target_id, outcome_report_id, outcome_id, reference_id,
                     verdict, rule)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                &args![
                    targets[link.target].0,
                    next_id,
                    row_of(link.outcome),
                    row_of(link.reference),
                    link.judgement.verdict.as_str(),
                    link.judgement.rule,
                ],
            )?;
            summary.n_links += 1;
        }
        summary.n_tasks_with_evidence += task_evidence(tx, report_id, next_id, &next_text)?;
    }
    Ok(())
}

/// Proposes evidence for the tasks of `report_id` from the review of `next_id`.
fn task_evidence(tx: &Db, report_id: i64, next_id: i64, next_text: &str) -> Result<usize> {
    let tasks: Vec<(i64, String)> = tx
        .query(
            "SELECT id, text FROM tasks WHERE report_id = ?1 ORDER BY ord",
            &args![report_id],
        )?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect::<Result<_>>()?;
    if tasks.is_empty() {
        return Ok(0);
    }
    let parsed = outline::parse(next_text);
    let all: Vec<ByteSpan> = parsed.sentences.iter().map(|s| s.span).collect();
    let review: Vec<ByteSpan> = all
        .iter()
        .copied()
        .filter(|s| parsed.role_at(s.start) == SectionRole::Review)
        .collect();
    // A report whose outline shows no review (no headings recognised) is searched
    // whole: a candidate from the wrong part is better than none, and a person confirms.
    let review = if review.is_empty() { all } else { review };
    let index = SentenceIndex::new(next_text, &review);
    let mut n = 0;
    for (task_id, text) in &tasks {
        let best = index.best(text, EVIDENCE_PER_TASK);
        n += usize::from(!best.is_empty());
        for (rank, c) in best.iter().enumerate() {
            tx.execute(
                "INSERT INTO task_evidence (task_id, report_id, rank, span_start, span_end,
                     sentence, score)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &args![
                    task_id,
                    next_id,
                    rank as i64,
                    c.sentence.start as i64,
                    c.sentence.end as i64,
                    c.sentence.of(next_text),
                    c.score,
                ],
            )?;
        }
    }
    Ok(n)
}

/// Columns shared by `indicators` and `targets`, in the order the row readers expect.
const INDICATOR_COLUMNS: &str =
    "id, metric, metric_text, measure, value, low, high, unit, qualifier, role,
     period_start, period_end, base, scope, from_value, span_start, span_end,
     sentence_start, sentence_end";

fn load<T>(
    tx: &Db,
    table: &str,
    report_id: i64,
    read: fn(&Row) -> Result<T>,
) -> Result<Vec<(i64, T)>> {
    let extra = if table == "targets" { ", hardness" } else { "" };
    let sql =
        format!("SELECT {INDICATOR_COLUMNS}{extra} FROM {table} WHERE report_id = ?1 ORDER BY ord");
    tx.query(&sql, &args![report_id])?
        .iter()
        .map(|r| Ok((r.get(0)?, read(r)?)))
        .collect()
}

fn bad(index: usize, what: &str, found: &str) -> Error {
    Error::Column {
        index,
        problem: format!("unknown {what} {found:?}"),
    }
}

fn indicator_from_row(r: &Row) -> Result<Indicator> {
    let measure: String = r.get(3)?;
    let qualifier: Option<String> = r.get(8)?;
    let role: String = r.get(9)?;
    let period = match (r.get::<Option<i32>>(10)?, r.get::<Option<i32>>(11)?) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        _ => None,
    };
    let span = |a: usize, b: usize| -> Result<ByteSpan> {
        Ok(ByteSpan::new(
            r.get::<i64>(a)? as usize,
            r.get::<i64>(b)? as usize,
        ))
    };
    Ok(Indicator {
        metric: r.get(1)?,
        metric_text: r.get(2)?,
        measure: codec::measure(&measure).ok_or_else(|| bad(3, "measure", &measure))?,
        value: r.get(4)?,
        low: r.get(5)?,
        high: r.get(6)?,
        unit: r.get(7)?,
        qualifier: match qualifier {
            Some(q) => Some(codec::qualifier(&q).ok_or_else(|| bad(8, "qualifier", &q))?),
            None => None,
        },
        role: codec::role(&role).ok_or_else(|| bad(9, "role", &role))?,
        period,
        base: r.get(12)?,
        scope: r.get(13)?,
        from_value: r.get(14)?,
        quantity: None,
        span: span(15, 16)?,
        sentence: span(17, 18)?,
    })
}

fn target_from_row(r: &Row) -> Result<Target> {
    let hardness: String = r.get(19)?;
    Ok(Target {
        indicator: indicator_from_row(r)?,
        hardness: codec::hardness(&hardness).unwrap_or(Hardness::Soft),
    })
}
