//! Writes a large synthetic JSON-lines corpus for growth measurements
//! (`bench/growth.sh`): reports recombined from the sentences of a real corpus, so the
//! engine meets the same kind of text at any size. Not a test fixture and never
//! committed; write it under `target/`.
//!
//! Each synthetic report takes a real report as its skeleton (headings and paragraph
//! breaks stay as they are) and fills every paragraph with sentences drawn from the
//! whole corpus. A fixed seed gives the same bytes on every run.
//!
//! ```text
//! cargo run --release -p duban --example synth_corpus -- \
//!     --bytes 1000000000 --seed 1 --out target/growth/1000MB.jsonl [SOURCE.jsonl]
//! ```
//! SOURCE defaults to `../shared/corpus/national_1954_2016.jsonl`.

use std::io::{BufRead, Write};
use std::path::PathBuf;

/// splitmix64: small, fast and deterministic; quality is ample for picking sentences.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(serde::Deserialize)]
struct Record {
    year: Option<i32>,
    text: String,
}

/// A line that is a heading or too short to be prose keeps its place in the skeleton.
fn is_prose(line: &str) -> bool {
    line.chars().count() > 40 && line.contains('。')
}

/// The sentences of a paragraph, each with its closing 。 (a trailing fragment too).
fn sentences(paragraph: &str) -> impl Iterator<Item = &str> {
    paragraph
        .split_inclusive('。')
        .filter(|s| !s.trim().is_empty())
}

fn usage() -> ! {
    eprintln!("usage: synth_corpus --bytes N --out FILE [--seed S] [SOURCE.jsonl]");
    std::process::exit(2)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut n_bytes, mut seed, mut out, mut source) = (None, 1u64, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bytes" => n_bytes = args.next().and_then(|v| v.parse::<u64>().ok()),
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--out" => out = args.next().map(PathBuf::from),
            _ if !arg.starts_with("--") => source = Some(PathBuf::from(arg)),
            _ => usage(),
        }
    }
    let (Some(n_bytes), Some(out)) = (n_bytes, out) else {
        usage()
    };
    let source = source.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/national_1954_2016.jsonl")
    });
    let file = std::fs::File::open(&source).unwrap_or_else(|e| {
        eprintln!("{}: {e}", source.display());
        std::process::exit(1)
    });
    let mut skeletons: Vec<(Option<i32>, String)> = Vec::new();
    for (k, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.unwrap_or_else(|e| {
            eprintln!("{}: {e}", source.display());
            std::process::exit(1)
        });
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(&line) {
            Ok(record) => skeletons.push((record.year, record.text)),
            Err(e) => {
                eprintln!("{}:{}: {e}", source.display(), k + 1);
                std::process::exit(1)
            }
        }
    }
    let pool: Vec<&str> = skeletons
        .iter()
        .flat_map(|(_, text)| text.lines().filter(|l| is_prose(l)).flat_map(sentences))
        .collect();
    if pool.is_empty() {
        eprintln!("{}: no sentences to recombine", source.display());
        std::process::exit(1)
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).ok();
    }
    let file = std::fs::File::create(&out).unwrap_or_else(|e| {
        eprintln!("{}: {e}", out.display());
        std::process::exit(1)
    });
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut rng = Rng(seed);
    let (mut written, mut n_reports) = (0u64, 0u64);
    let mut text = String::new();
    while written < n_bytes {
        let (year, skeleton) = &skeletons[rng.below(skeletons.len())];
        text.clear();
        for line in skeleton.lines() {
            if is_prose(line) {
                for _ in sentences(line) {
                    text.push_str(pool[rng.below(pool.len())].trim());
                }
            } else {
                text.push_str(line);
            }
            text.push('\n');
        }
        // Twenty years per synthetic region, as a region's archive would have.
        let region = format!("合成{}市", n_reports / 20);
        let record = serde_json::json!({
            "title": format!("{}年{region}政府工作报告", year.unwrap_or(2000)),
            "year": year,
            "region": region,
            "level": "prefecture",
            "source": format!("synthetic:{seed}:{n_reports}"),
            "text": text,
        });
        let line = record.to_string();
        let result = writer
            .write_all(line.as_bytes())
            .and_then(|()| writer.write_all(b"\n"));
        if let Err(e) = result {
            eprintln!("{}: {e}", out.display());
            std::process::exit(1)
        }
        written += line.len() as u64 + 1;
        n_reports += 1;
    }
    if let Err(e) = writer.flush() {
        eprintln!("{}: {e}", out.display());
        std::process::exit(1)
    }
    eprintln!("{}: {n_reports} reports, {written} bytes", out.display());
}
