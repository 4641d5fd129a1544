//! The bundled demo sample (`demo/2023.txt`, `demo/2024.txt`: two fictional reports of
//! 青川市, written for the project) read by the real extractor and tracker.
//!
//! The metadata must be read right; the main targets of each report must be exactly the
//! hand-made gold files `crates/core/test_data/gold/demo_{2023,2024}_targets.tsv`, scored
//! with the same `duban_core::eval` machinery as the corpus gold (and by `duban eval`);
//! after `duban ingest` of both files, `duban track --format json` must give each 2023
//! target the outcome and verdict of `demo_tracked.tsv`, and the table in `demo/README.md`
//! must say the same. The sample exists to show every verdict, so the test also checks
//! that each of them occurs.

use duban_core::eval::{self, Gold};
use duban_core::{Engine, MetaHints};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo(name: &str) -> PathBuf {
    repo_root().join("demo").join(name)
}

fn gold_path(name: &str) -> PathBuf {
    repo_root().join("crates/core/test_data/gold").join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn duban(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .output()
        .expect("run duban");
    assert!(
        out.status.success(),
        "duban {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// Rows of a tab-separated gold file as maps from header to cell; `#` lines are comments.
fn tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = read(path);
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t').chain(std::iter::repeat("")))
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

fn num(cell: &str) -> Option<f64> {
    (!cell.is_empty()).then(|| cell.parse().expect("a number"))
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => false,
    }
}

#[test]
fn metadata_outline_and_tasks_are_read() {
    for year in [2023, 2024] {
        let file = demo(&format!("{year}.txt"));
        let report = json(&duban(&[
            "extract",
            &file.display().to_string(),
            "--format",
            "json",
        ]));
        let meta = &report["meta"];
        assert_eq!(meta["region"], "青川市", "{year}: {meta}");
        assert_eq!(meta["level"], "prefecture", "{year}");
        assert_eq!(meta["year"], year, "{year}");
        assert_eq!(meta["review_year"], year - 1, "{year}");
        assert_eq!(meta["plan_period"]["name"], "十四五", "{year}");

        // The outline: review, requirements (with the target list), tasks in eight
        // areas, and the government's own conduct.
        let sections = report["sections"].as_array().unwrap();
        let role = |r: &str| {
            sections
                .iter()
                .filter(|s| s["role"] == r)
                .collect::<Vec<_>>()
        };
        assert_eq!(role("review").len(), 1, "{year}: one review section");
        assert_eq!(role("requirements").len(), 1, "{year}");
        assert_eq!(role("government_self_building").len(), 1, "{year}");
        let tasks_section = role("tasks");
        assert_eq!(tasks_section.len(), 1, "{year}");
        assert_eq!(
            tasks_section[0]["children"].as_array().unwrap().len(),
            8,
            "{year}: areas (一)…(八)"
        );

        // Tasks, some with numbers and stated deadlines of this year.
        let tasks = report["tasks"].as_array().unwrap();
        assert!(tasks.len() >= 100, "{year}: {} tasks", tasks.len());
        let with_deadline: Vec<&serde_json::Value> = tasks
            .iter()
            .filter(|t| t["deadline"]["year"] == year)
            .collect();
        assert!(
            with_deadline.len() >= 5,
            "{year}: {} tasks with a deadline in the year",
            with_deadline.len()
        );
        assert!(
            tasks.iter().any(|t| t["deadline"]["year"] == 2025),
            "{year}: a task due 2025"
        );
    }
}

#[test]
fn main_targets_match_the_gold_exactly() {
    let engine = Engine::default();
    for year in [2023, 2024] {
        let file = demo(&format!("{year}.txt"));
        let gold_file = gold_path(&format!("demo_{year}_targets.tsv"));
        let gold_name = gold_file.display().to_string();
        let gold = Gold::parse(&gold_name, &read(&gold_file)).unwrap_or_else(|e| panic!("{e}"));
        let report = engine
            .extract(&read(&file), &MetaHints::default())
            .reports
            .into_iter()
            .next()
            .expect("one report");
        let spans = gold
            .locate(&gold_name, &report.text)
            .unwrap_or_else(|e| panic!("{e}"));
        let predicted = eval::predictions(&report, gold.kind);
        let score = eval::score(&gold, &spans, &predicted, &report.text);
        let misses: Vec<String> = score
            .misses
            .iter()
            .map(|(item, near)| {
                format!(
                    "miss line {} {} {:?} got {:?}",
                    item.line,
                    item.anchor,
                    item.fields,
                    near.as_ref().map(|p| &p.fields)
                )
            })
            .chain(
                score
                    .false_alarms
                    .iter()
                    .map(|(p, text)| format!("extra {text} {:?}", p.fields)),
            )
            .collect();
        assert!(
            misses.is_empty() && score.n_matched == score.n_gold && score.n_gold >= 12,
            "{year}: gold {} predicted {} matched {}\n{}",
            score.n_gold,
            score.n_predicted,
            score.n_matched,
            misses.join("\n")
        );

        // `duban eval` scores the same way.
        let out = duban(&["eval", &gold_name, &file.display().to_string()]);
        let printed = String::from_utf8_lossy(&out.stdout);
        let want = format!(
            "gold {n}  predicted {n}  matched {n}  precision 1.000  recall 1.000  F1 1.000",
            n = score.n_gold
        );
        assert!(
            printed.contains(&want),
            "{year}: duban eval printed\n{printed}"
        );
    }
}

/// `| metric | target | outcome | verdict |` rows of the table in demo/README.md.
fn readme_verdicts() -> BTreeMap<String, String> {
    let readme = read(&demo("README.md"));
    readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            let metric = cells.first()?.trim_matches('`');
            let verdict = cells.last()?.trim_matches('`');
            let known = ["met", "exceeded", "missed", "no_data", "not_comparable"];
            (cells.len() >= 4 && known.contains(&verdict) && !metric.contains(' '))
                .then(|| (metric.to_string(), verdict.to_string()))
        })
        .collect()
}

#[test]
fn tracking_gives_the_verdicts_of_the_readme() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").display().to_string();
    duban(&[
        "ingest",
        "--db",
        &db,
        &demo("2023.txt").display().to_string(),
        &demo("2024.txt").display().to_string(),
    ]);
    let rows = json(&duban(&[
        "track",
        "--db",
        &db,
        "--region",
        "青川市",
        "--format",
        "json",
    ]));
    let rows = rows.as_array().expect("an array of rows");
    let of_2023: Vec<&serde_json::Value> = rows.iter().filter(|r| r["year"] == 2023).collect();

    let gold = tsv(&gold_path("demo_tracked.tsv"));
    assert_eq!(
        of_2023.len(),
        gold.len(),
        "one track row per 2023 target: {of_2023:#?}"
    );
    let mut wrong = Vec::new();
    for g in &gold {
        let key = format!("{} {} {}", g["year"], g["metric"], g["measure"]);
        let Some(row) = of_2023
            .iter()
            .find(|r| r["metric"] == g["metric"].as_str() && r["measure"] == g["measure"].as_str())
        else {
            wrong.push(format!("{key}: no track row"));
            continue;
        };
        let got = (
            row["target"]["value"].as_f64(),
            row["outcome"]["value"].as_f64(),
            row["verdict"].as_str().unwrap_or(""),
        );
        let want = (num(&g["target"]), num(&g["actual"]), g["verdict"].as_str());
        if !same(got.0, want.0) || !same(got.1, want.1) || got.2 != want.2 {
            wrong.push(format!(
                "{key}: got target {:?} actual {:?} {} (rule: {}), want {want:?}",
                got.0, got.1, got.2, row["rule"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // The README's table says the same, metric by metric.
    let readme = readme_verdicts();
    let tracked: BTreeMap<String, String> = gold
        .iter()
        .map(|g| (g["metric"].clone(), g["verdict"].clone()))
        .collect();
    assert_eq!(readme, tracked, "demo/README.md against demo_tracked.tsv");

    // Every verdict occurs, which is what the sample is for.
    for verdict in ["met", "exceeded", "missed", "no_data", "not_comparable"] {
        assert!(
            tracked.values().any(|v| v == verdict),
            "no {verdict} among the demo's verdicts"
        );
    }
    // The 2024 targets wait for a 2025 report.
    assert!(rows
        .iter()
        .filter(|r| r["year"] == 2024)
        .all(|r| r["verdict"] == "no_data"));
}

#[test]
fn completed_tasks_find_their_evidence_in_the_next_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").display().to_string();
    duban(&[
        "ingest",
        "--db",
        &db,
        &demo("2023.txt").display().to_string(),
        &demo("2024.txt").display().to_string(),
    ]);
    let tasks = json(&duban(&[
        "tasks",
        "--db",
        &db,
        "--region",
        "青川市",
        "--year",
        "2023",
        "--format",
        "json",
    ]));
    let tasks = tasks.as_array().expect("an array of tasks");
    // A 2023 commitment and the words of the 2024 review that report on it.
    for (task, done) in [
        (
            "年底前建成青川东站综合客运枢纽",
            "青川东站综合客运枢纽建成投用",
        ),
        ("新建改扩建中小学和幼儿园18所", "新增学位1.26万个"),
        ("市中心医院新院区年底前投入使用", "市中心医院新院区投入使用"),
        // Not done: the review says the application awaits approval.
        ("全力推进青川综合保税区申报", "正在等待审批"),
    ] {
        let row = tasks
            .iter()
            .find(|t| t["text"].as_str().is_some_and(|s| s.contains(task)))
            .unwrap_or_else(|| panic!("no 2023 task with {task}"));
        let evidence = row["evidence"]["sentence"].as_str().unwrap_or("");
        assert!(
            evidence.contains(done),
            "{task}: evidence {evidence:?}, want the sentence with {done}"
        );
    }
}
