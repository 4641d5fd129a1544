//! Runs a store test on every backend: a fresh SQLite file always, and a fresh
//! PostgreSQL schema too when `DUBAN_TEST_POSTGRES` holds a server URL
//! (`postgres://user@host:port/database`).
//!
//! Each PostgreSQL test gets its own schema (selected through the URL's
//! `options=-c search_path=…`), so tests run in parallel on one database; the schema is
//! dropped when the test's [`TestDb`] is.
//!
//! Test reports are built by the engine from short texts (for outline, metadata and
//! text), with indicators, targets and tasks set by hand so the store tests do not
//! depend on the quantity reader.

#![allow(dead_code)]

use duban_core::indicator::{Indicator, Measure, Period, Role};
use duban_core::quantity::Qualifier;
use duban_core::target::{Hardness, Target};
use duban_core::task::Task;
use duban_core::{ByteSpan, MetaHints, Report};
use duban_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "DUBAN_TEST_POSTGRES";

/// A fresh, empty database on one backend.
pub struct TestDb {
    /// `sqlite` or `postgresql`.
    pub backend: &'static str,
    /// What [`Store::open_url`] takes; every open sees the same database.
    pub url: String,
    /// The SQLite file's folder.
    dir: Option<tempfile::TempDir>,
    /// The server URL and the schema to drop.
    schema: Option<(String, String)>,
}

impl TestDb {
    /// A new connection to this database (migrations run on the first).
    pub fn open(&self) -> Store {
        Store::open_url(&self.url)
            .unwrap_or_else(|e| panic!("{}: cannot open {}: {e}", self.backend, self.url))
    }

    /// The SQLite file, on that backend.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self.dir.as_ref().map(|d| d.path().join("duban.db"))
    }

    /// A fresh SQLite database file.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        TestDb {
            backend: "sqlite",
            url: dir.path().join("duban.db").display().to_string(),
            dir: Some(dir),
            schema: None,
        }
    }

    /// A fresh schema on the server at `server`.
    pub fn postgres(server: &str) -> TestDb {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let schema = format!(
            "duban_test_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = postgres::Client::connect(server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={server}: cannot connect: {e}"));
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap();
        let sep = if server.contains('?') { '&' } else { '?' };
        TestDb {
            backend: "postgresql",
            url: format!("{server}{sep}options=-c%20search_path%3D{schema}"),
            dir: None,
            schema: Some((server.to_string(), schema)),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, schema)) = &self.schema {
            // Best effort: a schema left behind by a failed test does no harm.
            if let Ok(mut client) = postgres::Client::connect(server, postgres::NoTls) {
                let _ = client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
            }
        }
    }
}

/// The backends to test on: SQLite, and PostgreSQL when configured.
pub fn backends() -> Vec<TestDb> {
    let mut all = vec![TestDb::sqlite()];
    if let Some(server) = std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty()) {
        all.push(TestDb::postgres(&server));
    }
    all
}

/// Runs `test` on a fresh database of every backend. The backend's name is printed
/// first, so a failure's captured output says which one failed.
pub fn each_backend(test: impl Fn(&TestDb)) {
    for db in backends() {
        eprintln!("== backend: {}", db.backend);
        test(&db);
    }
}

/// A fact to put in a test report: metric, measure, value, unit, qualifier, the
/// sentence it stands in (which must occur in the report text).
pub type Fact<'a> = (&'a str, Measure, f64, &'a str, Qualifier, &'a str);

pub fn indicator(text: &str, year: i32, role: Role, fact: &Fact<'_>) -> Indicator {
    let (metric, measure, value, unit, qualifier, sentence) = *fact;
    let at = text.find(sentence).expect("sentence in text");
    let span = ByteSpan::new(at, at + sentence.len());
    Indicator {
        metric: Some(metric.into()),
        metric_text: metric.into(),
        measure,
        value: Some(value),
        low: None,
        high: None,
        unit: unit.into(),
        qualifier: Some(qualifier),
        role,
        period: Some(Period::year(year)),
        base: None,
        scope: None,
        from_value: None,
        quantity: None,
        span,
        sentence: span,
    }
}

/// A report of `region` delivered in `year` with `text`, stating last year's
/// `actuals`, this year's `targets` and `tasks` (sentences of the text).
pub fn report(
    region: &str,
    year: i32,
    text: &str,
    actuals: &[Fact<'_>],
    targets: &[Fact<'_>],
    tasks: &[&str],
) -> Report {
    let hints = MetaHints {
        region: Some(region.to_string()),
        year: Some(year),
        ..MetaHints::default()
    };
    let mut r = duban_core::extract(text, &hints).reports.remove(0);
    r.meta.region = Some(region.to_string());
    r.meta.year = Some(year);
    let text = r.text.clone();
    r.indicators = actuals
        .iter()
        .map(|f| indicator(&text, year - 1, Role::Actual, f))
        .collect();
    r.targets = targets
        .iter()
        .map(|f| Target {
            indicator: indicator(&text, year, Role::Target, f),
            hardness: Hardness::Soft,
        })
        .collect();
    r.tasks = tasks
        .iter()
        .enumerate()
        .map(|(k, sentence)| {
            let at = text.find(sentence).expect("task in text");
            Task {
                id: format!("t{k:012x}").into(),
                area: vec!["主要任务".to_string()].into(),
                action: None,
                object: None,
                indicators: Vec::new(),
                deadline: None,
                span: ByteSpan::new(at, at + sentence.len()),
            }
        })
        .collect();
    r
}

pub const Y2015: &str = "2015年政府工作报告\n地区生产总值增长7.5%。\n今年地区生产总值增长7%左右。\n城镇登记失业率控制在4.5%以内。\n新增中小学学位1440个。\n";
pub const Y2016: &str = "2016年政府工作报告\n地区生产总值增长6.9%。\n城镇登记失业率4.1%。\n新增中小学学位1500个,改扩建学校12所。\n今年地区生产总值增长6.5%左右。\n";

pub fn two_years() -> (Report, Report) {
    use Measure::*;
    use Qualifier::*;
    let r2015 = report(
        "甲省乙市",
        2015,
        Y2015,
        &[(
            "gdp",
            Growth,
            7.5,
            "percent",
            Exact,
            "地区生产总值增长7.5%。",
        )],
        &[
            (
                "gdp",
                Growth,
                7.0,
                "percent",
                About,
                "今年地区生产总值增长7%左右。",
            ),
            (
                "urban_registered_unemployment_rate",
                Share,
                4.5,
                "percent",
                AtMost,
                "城镇登记失业率控制在4.5%以内。",
            ),
            (
                "cpi",
                Growth,
                3.0,
                "percent",
                About,
                "今年地区生产总值增长7%左右。",
            ),
        ],
        &["新增中小学学位1440个。"],
    );
    let r2016 = report(
        "甲省乙市",
        2016,
        Y2016,
        &[
            (
                "gdp",
                Growth,
                6.9,
                "percent",
                Exact,
                "地区生产总值增长6.9%。",
            ),
            (
                "urban_registered_unemployment_rate",
                Share,
                4.1,
                "percent",
                Exact,
                "城镇登记失业率4.1%。",
            ),
        ],
        &[(
            "gdp",
            Growth,
            6.5,
            "percent",
            About,
            "今年地区生产总值增长6.5%左右。",
        )],
        &[],
    );
    (r2015, r2016)
}
