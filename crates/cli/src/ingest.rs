//! `duban ingest`: files, folders and JSON-lines corpora → the store.
//!
//! Inputs are expanded into jobs (one per file, one per JSONL line), extracted in
//! parallel with rayon, and written by this thread alone, one transaction per report,
//! so the database never sees two writers. A bad file or line is reported with its
//! place and reason and the rest go on; the exit code says whether anything failed.
//! After writing, outcome links and task evidence are recomputed for the regions
//! touched.

use anyhow::{Context, Result};
use duban_core::{Engine, MetaHints};
use duban_store::{Added, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

/// One unit of work: a file to decode, or a JSONL record.
enum Job {
    File(PathBuf),
    Record {
        /// `path:line`.
        place: String,
        /// The line's bytes.
        line: Vec<u8>,
    },
    /// An input refused while listing the jobs (a JSONL line over the size limit).
    Refused {
        /// `path:line`.
        place: String,
        /// Why, in words.
        reason: String,
    },
}

/// A JSON-lines corpus record; every field but `text` is optional.
#[derive(serde::Deserialize)]
struct Record {
    title: Option<String>,
    year: Option<i32>,
    region: Option<String>,
    level: Option<String>,
    source: Option<String>,
    text: String,
}

/// What a worker sends to the writer.
struct Extracted {
    place: String,
    n_bytes: usize,
    outcome: std::result::Result<(Vec<duban_core::Report>, String), String>,
}

/// What ingest did, for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Summary {
    /// Reports newly stored.
    n_stored: usize,
    /// Reports already there.
    n_unchanged: usize,
    /// Inputs (files or lines) that failed.
    n_failed: usize,
}

/// Ingests `inputs` into the database at `db`, refusing files (and JSONL lines) over
/// `max_bytes`; fails at the end if any input failed.
pub fn run(engine: &Engine, db: &str, inputs: &[PathBuf], max_bytes: u64) -> Result<()> {
    let mut store = crate::open_store(db)?;
    let started = Instant::now();
    let jobs = expand(inputs, max_bytes)?;
    let (summary, n_bytes, regions) = ingest(engine, &mut store, jobs, max_bytes)?;
    let seconds = started.elapsed().as_secs_f64();
    let mb = n_bytes as f64 / 1e6;
    eprintln!(
        "{} reports stored, {} unchanged, {} failed; {mb:.1} MB in {seconds:.1} s ({:.2} MB/s)",
        summary.n_stored,
        summary.n_unchanged,
        summary.n_failed,
        mb / seconds.max(1e-9)
    );
    let regions: Vec<String> = regions.into_iter().collect();
    if !regions.is_empty() {
        let links = store
            .relink(&regions)
            .context("linking targets to outcomes")?;
        eprintln!(
            "linked {} targets in {} regions; {} tasks have candidate evidence",
            links.n_links,
            regions.len(),
            links.n_tasks_with_evidence
        );
    }
    if summary.n_failed > 0 {
        anyhow::bail!("{} inputs failed", summary.n_failed);
    }
    Ok(())
}

/// Files under `inputs` (folders recursively, in name order) as jobs; JSONL files are
/// split into lines here so that their records are extracted in parallel too.
fn expand(inputs: &[PathBuf], max_bytes: u64) -> Result<Vec<Job>> {
    let mut files = Vec::new();
    for input in inputs {
        collect_files(input, &mut files)?;
    }
    let mut jobs = Vec::new();
    for file in files {
        if file.extension().is_some_and(|e| e == "jsonl") {
            let name = file.display().to_string();
            let reader = std::fs::File::open(&file)
                .map(std::io::BufReader::new)
                .with_context(|| format!("{name}: cannot read"))?;
            jsonl_jobs(&name, reader, max_bytes, &mut jobs)
                .with_context(|| format!("{name}: cannot read"))?;
        } else {
            jobs.push(Job::File(file));
        }
    }
    Ok(jobs)
}

/// One job per non-blank line of a JSONL corpus; a line over `max_bytes` becomes a
/// refusal without being held in memory.
fn jsonl_jobs(
    name: &str,
    mut reader: impl std::io::BufRead,
    max_bytes: u64,
    jobs: &mut Vec<Job>,
) -> std::io::Result<()> {
    use std::io::{BufRead, Read};
    let mut line = Vec::new();
    for line_number in 1.. {
        line.clear();
        let n_read = reader
            .by_ref()
            .take(max_bytes.saturating_add(1))
            .read_until(b'\n', &mut line)?;
        if n_read == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if line.len() as u64 > max_bytes {
            reader.skip_until(b'\n')?;
            let place = format!("{name}:{line_number}");
            jobs.push(Job::Refused {
                reason: crate::input::too_large(&place, None, max_bytes),
                place,
            });
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        jobs.push(Job::Record {
            place: format!("{name}:{line_number}"),
            line: line.clone(),
        });
    }
    Ok(())
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("{}: cannot list", path.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for entry in entries {
        let wanted = entry.is_dir()
            || entry.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "txt" | "html" | "htm" | "jsonl" | "pdf" | "docx"
                )
            });
        if wanted {
            collect_files(&entry, out)?;
        }
    }
    Ok(())
}

/// Extracts in parallel and writes from this thread; returns the summary, the input
/// bytes read and the regions touched.
fn ingest(
    engine: &Engine,
    store: &mut Store,
    jobs: Vec<Job>,
    max_bytes: u64,
) -> Result<(Summary, usize, BTreeSet<String>)> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(jobs.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (sender, receiver) = mpsc::sync_channel::<Extracted>(64);
    let mut summary = Summary::default();
    let mut n_bytes = 0;
    let mut regions = BTreeSet::new();
    std::thread::scope(|scope| -> Result<()> {
        let jobs = &jobs;
        scope.spawn(move || {
            jobs.par_iter().for_each_with(sender, |sender, job| {
                // The writer may have stopped on a store error; then there is
                // nobody to tell and the send fails quietly.
                let _ = sender.send(extract(engine, job, max_bytes));
            });
        });
        for extracted in receiver {
            bar.inc(1);
            n_bytes += extracted.n_bytes;
            match extracted.outcome {
                Ok((reports, source)) => {
                    for report in &reports {
                        match store.add_report(report, &source)? {
                            Added::Stored(_) => summary.n_stored += 1,
                            Added::Unchanged(_) => summary.n_unchanged += 1,
                        }
                        if let Some(region) = &report.meta.region {
                            regions.insert(region.clone());
                        }
                    }
                }
                Err(reason) => {
                    summary.n_failed += 1;
                    // Decoding errors already name the file.
                    let message = if reason.starts_with(&extracted.place) {
                        reason
                    } else {
                        format!("{}: {reason}", extracted.place)
                    };
                    bar.suspend(|| eprintln!("duban: {message}"));
                }
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    Ok((summary, n_bytes, regions))
}

/// Reads and extracts one job; errors are reasons in words.
fn extract(engine: &Engine, job: &Job, max_bytes: u64) -> Extracted {
    match job {
        Job::File(path) => {
            let place = path.display().to_string();
            let bytes = match crate::input::read_limited(path, max_bytes) {
                Ok((_, b)) => b,
                Err(e) => {
                    return Extracted {
                        place,
                        n_bytes: 0,
                        outcome: Err(format!("{e:#}")),
                    }
                }
            };
            let outcome = crate::input::decode(&bytes, &place)
                .map_err(|e| format!("{e:#}"))
                .map(|decoded| {
                    let extraction = engine.extract(&decoded.text, &MetaHints::default());
                    (extraction.reports, place.clone())
                });
            Extracted {
                place,
                n_bytes: bytes.len(),
                outcome,
            }
        }
        Job::Record { place, line } => Extracted {
            place: place.clone(),
            n_bytes: line.len(),
            outcome: extract_record(engine, place, line),
        },
        Job::Refused { place, reason } => Extracted {
            place: place.clone(),
            n_bytes: 0,
            outcome: Err(reason.clone()),
        },
    }
}

fn extract_record(
    engine: &Engine,
    place: &str,
    line: &[u8],
) -> std::result::Result<(Vec<duban_core::Report>, String), String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("not UTF-8: {e}"))?;
    let record: Record = serde_json::from_str(text).map_err(|e| format!("bad JSON: {e}"))?;
    if record.text.trim().is_empty() {
        return Err("no text in the record, no report to read".to_string());
    }
    let level = match record.level.as_deref() {
        None => None,
        Some(name) => {
            Some(duban_store::codec::level(name).ok_or_else(|| format!("unknown level {name:?}"))?)
        }
    };
    let hints = MetaHints {
        region: record.region,
        level,
        year: record.year,
        title: record.title,
    };
    let mut reports = engine.extract(&record.text, &hints).reports;
    // A corpus record is one report: the given fields hold even if the engine
    // inferred otherwise (until meta inference lands, hints are all it has).
    for report in &mut reports {
        if hints.region.is_some() {
            report.meta.region = hints.region.clone();
        }
        if hints.year.is_some() {
            report.meta.year = hints.year;
        }
        if hints.level.is_some() {
            report.meta.level = hints.level;
        }
        if hints.title.is_some() {
            report.meta.title = hints.title.clone();
        }
    }
    Ok((reports, record.source.unwrap_or_else(|| place.to_string())))
}
