//! `duban ingest`: files, folders and JSON-lines corpora → the store.
//!
//! Inputs are expanded lazily into jobs (one per file, one per JSONL line, read as
//! the workers need them, so memory stays flat for any corpus size), extracted in
//! parallel with rayon, and written by this thread alone, one transaction per report,
//! so the database never sees two writers. A bad file or line is reported with its
//! place and reason and the rest go on; the exit code says whether anything failed.
//! After writing, outcome links and task evidence are recomputed for the regions
//! touched.

use crate::corpus::{self, Record};
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

/// One unit of work: a file to decode, a JSONL record, or a corpus or line that could
/// not be read (or was over the size limit).
enum Job {
    File(PathBuf),
    Record {
        /// `path:line`.
        place: String,
        /// The line's bytes.
        line: Vec<u8>,
    },
    Unreadable {
        /// The path, `path:line` of a line over the size limit, or `path:line` after
        /// which reading failed.
        place: String,
        /// Why.
        reason: String,
    },
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
    let mut files = Vec::new();
    for input in inputs {
        collect_files(input, &mut files)?;
    }
    let (summary, n_bytes, regions) = ingest(engine, &mut store, &files, max_bytes)?;
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

/// The jobs of `files`, produced lazily: a JSONL corpus is read line by line as the
/// workers ask for more, so that its records are extracted in parallel and memory
/// holds only the lines in flight, however large the corpus. A line over `max_bytes`
/// becomes a refusal without being held in memory.
fn jobs(files: &[PathBuf], max_bytes: u64) -> impl Iterator<Item = Job> + Send + '_ {
    files
        .iter()
        .flat_map(move |file| -> Box<dyn Iterator<Item = Job> + Send> {
            if !corpus::is_corpus(file) {
                return Box::new(std::iter::once(Job::File(file.clone())));
            }
            let name = file.display().to_string();
            let reader = match std::fs::File::open(file) {
                Ok(reader) => std::io::BufReader::with_capacity(1 << 20, reader),
                Err(err) => {
                    return Box::new(std::iter::once(Job::Unreadable {
                        place: name,
                        reason: format!("cannot read: {err}"),
                    }))
                }
            };
            let mut last_line = 0;
            Box::new(
                corpus::Lines::new(reader, max_bytes).map(move |line| match line {
                    Ok(line) => {
                        last_line = line.number;
                        let place = format!("{name}:{}", line.number);
                        match line.bytes {
                            Ok(line) => Job::Record { place, line },
                            Err(reason) => Job::Unreadable { place, reason },
                        }
                    }
                    Err(err) => Job::Unreadable {
                        place: format!("{name}:{}", last_line + 1),
                        reason: format!("cannot read: {err}"),
                    },
                }),
            )
        })
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
    files: &[PathBuf],
    max_bytes: u64,
) -> Result<(Summary, usize, BTreeSet<String>)> {
    let bar = if std::io::stderr().is_terminal() {
        // Progress in input bytes, since a corpus's lines are not counted beforehand.
        let n_bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        ProgressBar::with_draw_target(Some(n_bytes), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (sender, receiver) = mpsc::sync_channel::<Extracted>(64);
    let mut summary = Summary::default();
    let mut n_bytes = 0;
    let mut regions = BTreeSet::new();
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            jobs(files, max_bytes)
                .par_bridge()
                .for_each_with(sender, |sender, job| {
                    // The writer may have stopped on a store error; then there is
                    // nobody to tell and the send fails quietly.
                    let _ = sender.send(extract(engine, &job, max_bytes));
                });
        });
        for extracted in receiver {
            bar.inc(extracted.n_bytes as u64);
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
        Job::Unreadable { place, reason } => Extracted {
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
    let record = Record::parse(line)?;
    if record.text.trim().is_empty() {
        return Err("no text in the record, no report to read".to_string());
    }
    let hints = record.hints()?;
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
