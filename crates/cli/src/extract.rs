//! `duban extract`: one report file → table or JSON on standard output, or a JSON-lines
//! corpus → one JSON document per line (`--format jsonl`).

use crate::corpus::{Line, Lines};
use crate::table;
use anyhow::{Context, Result};
use duban_core::json::{JsonWriter, WriteJson};
use duban_core::{view, Engine, MetaHints};
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::Path;

/// Output formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// Human-readable tables.
    Table,
    /// One JSON document (schema in docs/extract-json.md).
    Json,
    /// The input is a JSON-lines corpus; one compact JSON document per input line, in
    /// input order (a bad line gives an `error` document and a non-zero exit code).
    Jsonl,
}

/// Reads `path` (or stdin for `-`), extracts, and prints in `format`. A report file
/// over `max_bytes` is refused unread; for a corpus the limit holds for each line.
pub fn run(engine: &Engine, path: &Path, format: ExtractFormat, max_bytes: u64) -> Result<()> {
    if format == ExtractFormat::Jsonl {
        return run_jsonl(engine, path, max_bytes);
    }
    let (name, bytes) = crate::input::read_limited(path, max_bytes)?;
    let decoded = crate::input::decode(&bytes, &name)?;
    let extraction = engine.extract(&decoded.text, &MetaHints::default());
    let views = view::reports(&decoded.text, &extraction);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        ExtractFormat::Json | ExtractFormat::Jsonl => {
            let doc = JsonDoc::new(&name, decoded.encoding, views).context("no report in input")?;
            let mut json = Vec::with_capacity(decoded.text.len() * 6 + 512);
            doc.write_json(&mut JsonWriter::pretty(&mut json));
            out.write_all(&json)?;
            writeln!(out)?;
        }
        ExtractFormat::Table => {
            for (i, report) in extraction.reports.iter().enumerate() {
                table::write_report(&mut out, &extraction, i, report)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// The document of one input: written with [`WriteJson`] (the serde derive, which
/// gives the same bytes, is what the tests compare with).
#[derive(serde::Serialize)]
struct JsonDoc<'a> {
    source: Source<'a>,
    #[serde(flatten)]
    report: view::ReportView<'a>,
    /// Further reports on the same page ("篇2", "篇3"), same shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    more_reports: Vec<view::ReportView<'a>>,
}

impl<'a> JsonDoc<'a> {
    /// The document of a page's reports; `None` if there is none.
    fn new(
        name: &'a str,
        encoding: &'static str,
        views: Vec<view::ReportView<'a>>,
    ) -> Option<JsonDoc<'a>> {
        let mut docs = views.into_iter();
        let report = docs.next()?;
        Some(JsonDoc {
            source: Source { name, encoding },
            report,
            more_reports: docs.collect(),
        })
    }
}

impl WriteJson for JsonDoc<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            w.field("source", &self.source);
            self.report.write_fields(w);
            if !self.more_reports.is_empty() {
                w.field("more_reports", &self.more_reports);
            }
        });
    }
}

#[derive(serde::Serialize)]
struct Source<'a> {
    name: &'a str,
    encoding: &'static str,
}

impl WriteJson for Source<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.object(|w| {
            w.field("name", self.name);
            w.field("encoding", self.encoding);
        });
    }
}

/// The document written for a corpus line that could not be read.
#[derive(serde::Serialize)]
struct ErrorDoc<'a> {
    schema: &'static str,
    source: Source<'a>,
    error: &'a str,
}

/// At most this many input bytes are held at once (plus one line, however long), so
/// memory stays flat whatever the size of the corpus.
const BATCH_BYTES: usize = 16 << 20;

/// `extract --format jsonl`: reads the corpus in bounded batches, extracts each batch
/// in parallel on the current rayon pool, and writes the documents in input order.
/// Bad lines (and lines over `max_bytes`, which are skipped unread) are named on
/// stderr and written as error documents; the run goes on and fails at the end.
fn run_jsonl(engine: &Engine, path: &Path, max_bytes: u64) -> Result<()> {
    let (name, reader): (String, Box<dyn BufRead>) = if path.as_os_str() == "-" {
        ("<stdin>".to_string(), Box::new(std::io::stdin().lock()))
    } else {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).with_context(|| format!("{name}: cannot read"))?;
        (
            name,
            // Small enough to stay in the same few pages: a buffer of 1 MiB was 130 fresh
            // pages for the kernel to fault in on a corpus of 0.5 MB.
            Box::new(std::io::BufReader::with_capacity(64 << 10, file)),
        )
    };
    let stdout = std::io::stdout();
    // Documents are written whole; one longer than the buffer (most are: about 300 KB)
    // goes straight to stdout instead of being copied into it.
    let mut out = std::io::BufWriter::with_capacity(64 << 10, stdout.lock());
    let n_failed = write_jsonl(engine, &name, reader, max_bytes, &mut out)?;
    out.flush()?;
    if n_failed > 0 {
        anyhow::bail!("{name}: {n_failed} lines failed");
    }
    Ok(())
}

/// Writes one document per non-blank line of `reader` to `out`, refusing lines over
/// `max_line_bytes`; returns the number of bad lines.
fn write_jsonl(
    engine: &Engine,
    name: &str,
    reader: impl BufRead,
    max_line_bytes: u64,
    out: &mut impl Write,
) -> Result<usize> {
    let mut lines = Lines::new(reader, max_line_bytes);
    // With several threads, enough lines per batch to keep every thread busy while one
    // long report finishes; with one, a line at a time (nothing to balance).
    let threads = rayon::current_num_threads();
    let max_lines = if threads == 1 { 1 } else { 16 * threads };
    // Document buffers are handed back after writing and reused: a fresh buffer per
    // document was fresh memory for the kernel to map in, a third of the run's time
    // on one thread.
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let mut n_failed = 0;
    loop {
        let batch = lines.batch(max_lines, BATCH_BYTES);
        if batch.is_empty() {
            return Ok(n_failed);
        }
        let buffers: Vec<Vec<u8>> = (0..batch.len())
            .map(|_| spare.pop().unwrap_or_default())
            .collect();
        let docs: Vec<(Vec<u8>, Option<String>)> = batch
            .into_par_iter()
            .zip(buffers)
            .map(|(line, mut doc)| match line {
                Ok(line) => {
                    let error = jsonl_doc(engine, name, &line, &mut doc);
                    (doc, error)
                }
                Err(err) => {
                    let reason = format!("{name}: cannot read: {err}");
                    doc.clear();
                    (doc, Some(reason))
                }
            })
            .collect();
        for (mut doc, error) in docs {
            if let Some(error) = error {
                n_failed += 1;
                eprintln!("duban: {error}");
                // A read error ends the stream; there is no line to align with.
                if doc.is_empty() {
                    break;
                }
            }
            out.write_all(&doc)?;
            doc.clear();
            spare.push(doc);
        }
    }
}

/// The document of one corpus line, newline-terminated, and the error message if the
/// line was bad.
fn jsonl_doc(engine: &Engine, name: &str, line: &Line, doc: &mut Vec<u8>) -> Option<String> {
    let place = format!("{name}:{}", line.number);
    let source = Source {
        name: &place,
        encoding: "utf-8",
    };
    let read = line.record().and_then(|record| {
        let hints = record.hints()?;
        Ok((record, hints))
    });
    // A document is about five times its line (the text, and each quoted sentence;
    // up to seven times on the national corpus): reserved at once, it is never copied
    // to grow.
    let wanted = line.n_bytes() * 7 + 512;
    if doc.capacity() < wanted {
        // A fresh buffer: growing the cleared one would have the allocator copy its
        // old contents, all of which are stale.
        *doc = Vec::new();
        doc.reserve_exact(wanted);
    } else {
        doc.clear();
    }
    let mut error = match &read {
        Ok((record, hints)) => {
            // The engine must not panic on any text; if it does all the same, this line
            // gets an error document and the rest of a long run goes on (the panic hook
            // has printed where).
            let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let extraction = engine.extract(&record.text, hints);
                let views = view::reports(&record.text, &extraction);
                let doc_view = JsonDoc::new(&place, "utf-8", views);
                doc_view.write_json(&mut JsonWriter::compact(&mut *doc));
                None
            }));
            written.unwrap_or_else(|_| Some("internal error: extraction panicked".to_string()))
        }
        Err(reason) => Some(reason.clone()),
    };
    if let Some(reason) = &error {
        doc.clear();
        let written = serde_json::to_writer(
            &mut *doc,
            &ErrorDoc {
                schema: view::SCHEMA,
                source,
                error: reason,
            },
        );
        if let Err(e) = written {
            error = Some(format!("{reason}; cannot serialize the error: {e}"));
        }
    }
    doc.push(b'\n');
    error.map(|reason| format!("{place}: {reason}"))
}
