//! The `duban` command line: parses arguments, runs one command, maps errors to exit codes.
//!
//! Each command lives in its own module and only wires the engine (`duban-core`) to
//! files and the terminal; nothing here decides what a report means.

mod eval;
mod extract;
mod table;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// duban (督办): turn government work reports into a structured, trackable plan.
#[derive(Parser)]
#[command(name = "duban", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read one report (.txt or .html; UTF-8, GB18030 or UTF-16) and print what it says.
    Extract {
        /// The report file, or `-` for standard input.
        file: PathBuf,
        /// Output: a table for people or JSON for programs (schema in docs/extract-json.md).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Score an extraction against a gold annotation file (format in
    /// crates/core/test_data/gold/README.md): precision, recall, F1 and the misses.
    Eval {
        /// The gold file (.tsv).
        gold: PathBuf,
        /// The report file, or a .jsonl corpus with --year.
        file: PathBuf,
        /// For a .jsonl corpus: the year of the report to score.
        #[arg(long)]
        year: Option<i32>,
    },
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// One JSON document.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract { file, format } => extract::run(&file, format),
        Command::Eval { gold, file, year } => eval::run(&gold, &file, year),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("duban: {err:#}");
            ExitCode::FAILURE
        }
    }
}
