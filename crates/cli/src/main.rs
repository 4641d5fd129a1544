//! The `duban` command line: parses arguments, runs one command, maps errors to exit codes.
//!
//! Each command lives in its own module and only wires the engine (`duban-core`) to
//! files and the terminal; nothing here decides what a report means.

mod backup;
mod corpus;
mod demo;
mod eval;
mod export;
mod extract;
mod heap;
mod ingest;
mod input;
mod serve;
mod table;
mod tasks;
mod track;
mod user;

use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// duban (督办): turn government work reports into a structured, trackable plan.
#[derive(Parser)]
#[command(name = "duban", version, about)]
struct Cli {
    /// A metric catalogue file of your own (same format as crates/core/data/metrics.tsv):
    /// its metrics are added to the built-in ones, replacing any with the same id.
    #[arg(long, global = true, value_name = "FILE")]
    metrics: Option<PathBuf>,
    /// Largest input read as one report, in bytes (default 64 MiB): a larger file is
    /// refused before it is read; in a .jsonl corpus the limit holds for each line.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,
    /// Threads for extraction (`extract --format jsonl`, `ingest`); 0 means all cores.
    #[arg(long, global = true, default_value_t = 0, value_name = "N")]
    threads: usize,
    #[command(subcommand)]
    command: Command,
}

/// The engine with the built-in data, plus the user's metric file if given.
fn engine(metrics: Option<&std::path::Path>) -> anyhow::Result<duban_core::Engine> {
    use anyhow::Context;
    let mut engine = duban_core::Engine::default();
    if let Some(path) = metrics {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("{name}: cannot read"))?;
        engine.catalogue = engine.catalogue.with_user_file(&name, &text)?;
    }
    Ok(engine)
}

#[derive(Subcommand)]
enum Command {
    /// Read one report (.txt, .html, .pdf with a text layer, or .docx; text in UTF-8,
    /// GB18030 or UTF-16) and print what it says.
    Extract {
        /// The report file, or `-` for standard input.
        file: PathBuf,
        /// Output: a table for people, JSON for programs (schema in docs/extract-json.md),
        /// or, for a JSON-lines corpus, one JSON document per line.
        #[arg(long, value_enum, default_value_t = extract::ExtractFormat::Table)]
        format: extract::ExtractFormat,
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
    /// Store reports from files, folders (recursive) and JSON-lines corpora, then link
    /// targets to the next year's outcomes.
    Ingest {
        #[command(flatten)]
        db: Db,
        /// .txt/.html/.pdf/.docx files, folders, or .jsonl corpora (title, year, region, level,
        /// source, text per line; given fields override what is inferred).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Targets against outcomes by region, metric and year.
    Track {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        filter: FilterArgs,
        /// Metric id (e.g. gdp, cpi, urban_new_jobs).
        #[arg(long)]
        metric: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = track::TrackFormat::Table)]
        format: track::TrackFormat,
    },
    /// The task ledger with each task's best candidate evidence from the next review.
    Tasks {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        filter: FilterArgs,
        /// Output: a table or JSON.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Export indicators, targets with outcomes, or the task ledger.
    Export {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        filter: FilterArgs,
        /// Metric id, for indicators and targets.
        #[arg(long)]
        metric: Option<String>,
        /// Output format.
        #[arg(long, value_enum)]
        format: export::ExportFormat,
        /// What to export.
        #[arg(long, value_enum, default_value_t = export::What::Targets)]
        what: export::What,
        /// Output file (standard output when absent).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// Copy the whole database (SQLite or PostgreSQL) into a new SQLite backup file,
    /// while others may go on writing.
    Backup {
        #[command(flatten)]
        db: Db,
        /// The backup file to create (must not exist).
        out: PathBuf,
    },
    /// Replace the whole contents of the database with a backup made by `duban backup`
    /// (checked first; an older schema version is migrated).
    Restore {
        #[command(flatten)]
        db: Db,
        /// The backup file.
        input: PathBuf,
    },
    /// Serve the web app: reports, targets vs outcomes and the task ledger.
    Serve {
        #[command(flatten)]
        db: Db,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Reading needs a signed-in user too (by default anyone may read).
        #[arg(long)]
        private: bool,
        /// Mark cookies `Secure` (sent over HTTPS only): set it when a TLS proxy fronts
        /// the server.
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Two fictional reports (青川市 2023, 2024) in a fresh database, a demo admin, and
    /// the web app; prints the address and the credentials.
    Demo {
        /// Database file to create (default: a new file in the temporary directory).
        #[arg(long = "db")]
        db: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Manage the users of the web app.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

/// `duban user` actions.
#[derive(Subcommand)]
enum UserAction {
    /// Add a user; the password is asked on the terminal, or read from standard input.
    Add {
        #[command(flatten)]
        db: Db,
        /// Sign-in name.
        name: String,
        /// admin, editor or viewer.
        #[arg(long)]
        role: String,
        /// Name shown on pages and in the history (default: the sign-in name).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// Where the database is.
#[derive(clap::Args)]
struct Db {
    /// The database: an SQLite file (a path, or sqlite:PATH), or a PostgreSQL URL
    /// (postgres://user:password@host:port/database).
    #[arg(
        long = "db",
        env = "DUBAN_DB",
        default_value = "duban.db",
        value_name = "FILE|URL"
    )]
    location: String,
}

/// Opens the store at `location` (a file or a URL), naming it, password hidden, if that fails.
fn open_store(location: &str) -> anyhow::Result<duban_store::Store> {
    use anyhow::Context;
    match duban_store::Store::open_url(location) {
        // That message already names the server.
        Err(err @ duban_store::Error::Connect { .. }) => Err(err.into()),
        other => {
            other.with_context(|| format!("{}: cannot open", duban_store::redact_url(location)))
        }
    }
}

/// Region and year filters.
#[derive(clap::Args)]
struct FilterArgs {
    /// Region: full name or its end (海拉尔区).
    #[arg(long)]
    region: Option<String>,
    /// Report year.
    #[arg(long)]
    year: Option<i32>,
}

impl FilterArgs {
    fn with_metric(self, metric: Option<String>) -> duban_store::Filter {
        duban_store::Filter {
            region: self.region,
            metric,
            year: self.year,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// One JSON document.
    Json,
}

/// Installs a panic hook that stays quiet about panics inside PDF text extraction.
///
/// duban-input catches those (pdf-extract panics on some Chinese fonts) and returns an
/// error naming the file, which ingest and extract print; the default hook's
/// "thread panicked" line would only repeat it as noise. The flag it checks is per
/// thread, so every other panic still reaches the default hook.
fn quiet_pdf_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !duban_input::pdf_extraction_running() {
            default_hook(info);
        }
    }));
}

fn main() -> ExitCode {
    quiet_pdf_panics();
    heap::set_up();
    let cli = Cli::parse();
    if cli.threads > 0 {
        let mut pool = rayon::ThreadPoolBuilder::new().num_threads(cli.threads);
        // `extract` runs its parallel loop from this thread, which then works as one
        // of the pool's threads instead of waiting for them: with `--threads 1` no
        // other thread is started at all, and glibc's allocator keeps to its
        // single-thread paths (no atomic operations, no arena lock). `ingest` feeds
        // the pool from a thread of its own while this one writes to the store, so
        // there this thread must stay out of the pool.
        if matches!(cli.command, Command::Extract { .. }) {
            pool = pool.use_current_thread();
        }
        // Fails only if the pool was built already, which nothing here does before.
        if let Err(err) = pool.build_global() {
            eprintln!("duban: cannot set up {} threads: {err}", cli.threads);
            return ExitCode::FAILURE;
        }
    }
    let max_bytes = cli.max_input_bytes;
    let result = match cli.command {
        Command::Extract { file, format } => {
            engine(cli.metrics.as_deref()).and_then(|e| extract::run(&e, &file, format, max_bytes))
        }
        Command::Eval { gold, file, year } => engine(cli.metrics.as_deref())
            .and_then(|e| eval::run(&e, &gold, &file, year, max_bytes)),
        Command::Ingest { db, inputs } => engine(cli.metrics.as_deref())
            .and_then(|e| ingest::run(&e, &db.location, &inputs, max_bytes)),
        Command::Track {
            db,
            filter,
            metric,
            format,
        } => track::run(&db.location, &filter.with_metric(metric), format),
        Command::Tasks { db, filter, format } => tasks::run(
            &db.location,
            &filter.with_metric(None),
            format == Format::Json,
        ),
        Command::Export {
            db,
            filter,
            metric,
            format,
            what,
            output,
        } => export::run(
            &db.location,
            &filter.with_metric(metric),
            what,
            format,
            output.as_ref(),
        ),
        Command::Backup { db, out } => backup::backup(&db.location, &out),
        Command::Restore { db, input } => backup::restore(&db.location, &input),
        Command::Serve {
            db,
            addr,
            private,
            secure_cookies,
        } => engine(cli.metrics.as_deref())
            .and_then(|e| serve::run(e, &db.location, addr, private, secure_cookies)),
        Command::Demo { db, addr } => {
            engine(cli.metrics.as_deref()).and_then(|e| demo::run(e, db, addr))
        }
        Command::User {
            action:
                UserAction::Add {
                    db,
                    name,
                    role,
                    display_name,
                    password_stdin,
                },
        } => user::add(
            &db.location,
            &name,
            display_name.as_deref(),
            &role,
            password_stdin,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`duban extract … | head`) is not an error.
        Err(err)
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("duban: {err:#}");
            ExitCode::FAILURE
        }
    }
}
