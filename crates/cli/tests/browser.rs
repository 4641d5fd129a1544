//! The web app in a real browser: headless Chromium, driven through chromedriver
//! (WebDriver), against the real `duban serve` on a free loopback port over a fresh
//! SQLite file holding the demo reports of 青川市 and an admin.
//!
//! One walk through what a supervision office does: sign in, open a report, click a
//! highlighted target and read its record, look at targets vs outcomes (table and SVG
//! chart), change a task's status, find it in the filtered ledger and in the task's
//! history, export the ledger as XLSX and read the change back from the workbook, and
//! switch to English. Screenshots of the main pages go to `target/screenshots/`, for
//! people to look at.
//!
//! Chromium and chromedriver: `.ci/run` installs Debian's `chromium`, `chromium-driver`
//! and `fonts-noto-cjk` and sets `DUBAN_REQUIRE_BROWSER=1`, under which a missing program
//! fails the test with the install line. On a machine without them and without that
//! variable, the test returns early and says NOT RUN (seen with `--nocapture`), so the README's test command
//! works on a fresh machine. `DUBAN_CHROMIUM` and `DUBAN_CHROMEDRIVER` point elsewhere.

use calamine::{Reader, Xlsx};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ADMIN: &str = "ada";
const PASSWORD: &str = "browser-test-password";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `target/screenshots`, beside the test's own temporary directory.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Where a program the test needs is: the variable's value, else the Debian path.
fn tool_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// A program the test needs; a clear failure when it is not there.
fn tool(var: &str, default: &str, package: &str) -> PathBuf {
    let path = tool_path(var, default);
    assert!(
        path.is_file(),
        "{}: not found. The browser tests need headless Chromium and chromedriver: \
         `apt-get install -y chromium chromium-driver fonts-noto-cjk` (package {package}), \
         or set {var} to the program",
        path.display()
    );
    path
}

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn duban(args: &[&str], stdin: Option<&str>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run duban");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for duban");
    assert!(
        out.status.success(),
        "duban {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `duban serve` on port 0 over `db`; the address it printed.
fn serve(db: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start duban serve");
    let stderr = child.stderr.take().expect("stderr");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stderr)
        .read_line(&mut line)
        .expect("read the server's first line");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in the server's first line: {line:?}"))
        .trim_end_matches('/')
        .to_string();
    (running, base)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// chromedriver on a free port, once it answers.
fn chromedriver() -> (Running, String) {
    let program = tool(
        "DUBAN_CHROMEDRIVER",
        "/usr/bin/chromedriver",
        "chromium-driver",
    );
    let port = free_port();
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let running = Running(child);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{} did not listen on port {port} within 20 s",
            program.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (running, format!("http://127.0.0.1:{port}"))
}

async fn browser(webdriver: &str, profile: &Path, downloads: &Path) -> Client {
    let chromium = tool("DUBAN_CHROMIUM", "/usr/bin/chromium", "chromium");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            // As root on a machine without a sandbox or GPU; no network but loopback.
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=zh-CN",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(webdriver)
        .await
        .unwrap_or_else(|e| panic!("starting Chromium through chromedriver: {e}"))
}

fn css(selector: &str) -> Locator<'_> {
    Locator::Css(selector)
}

async fn wait_for(client: &Client, selector: &str) -> Element {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(css(selector))
        .await
        .unwrap_or_else(|e| panic!("waiting for {selector}: {e}"))
}

async fn text_of(client: &Client, selector: &str) -> String {
    wait_for(client, selector)
        .await
        .text()
        .await
        .unwrap_or_else(|e| panic!("text of {selector}: {e}"))
}

/// Waits until the address contains `part`.
async fn wait_url(client: &Client, part: &str) -> Result<(), String> {
    let started = Instant::now();
    loop {
        let url = client.current_url().await.map_err(|e| e.to_string())?;
        if url.as_str().contains(part) {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(15) {
            return Err(format!("the address never contained {part:?}: {url}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Saves the page as a user sees it: the whole page (the window grown to its height,
/// at most 4000 px) when `whole`, else the 1280×900 window where it is scrolled.
async fn screenshot(client: &Client, name: &str, whole: bool) {
    if whole {
        let size = client
            .execute(
                "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight];",
                vec![],
            )
            .await
            .expect("page height");
        let page = size[0].as_u64().unwrap_or(900).clamp(600, 4000);
        let chrome = size[1].as_u64().unwrap_or(0);
        client
            .set_window_size(1280, (page + chrome) as u32)
            .await
            .expect("resize");
    }
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    client.set_window_size(1280, 900).await.expect("resize");
}

/// Fetches `path` with the browser's own session and returns the content type and the
/// bytes.
async fn fetch(client: &Client, path: &str) -> (String, Vec<u8>) {
    let script = r#"
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], { credentials: "same-origin" })
          .then(r => r.arrayBuffer().then(b => done({
              status: r.status,
              type: r.headers.get("content-type") || "",
              bytes: Array.from(new Uint8Array(b)),
          })))
          .catch(e => done({ status: 0, type: String(e), bytes: [] }));
    "#;
    let reply = client
        .execute_async(script, vec![Value::from(path)])
        .await
        .unwrap_or_else(|e| panic!("fetch {path}: {e}"));
    assert_eq!(reply["status"], 200, "fetch {path}: {}", reply["type"]);
    let bytes = reply["bytes"]
        .as_array()
        .expect("bytes")
        .iter()
        .map(|b| b.as_u64().expect("byte") as u8)
        .collect();
    (reply["type"].as_str().unwrap_or("").to_string(), bytes)
}

/// The ledger sheet's rows as text cells.
fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("the export is an XLSX file");
    let sheet = book.sheet_names().first().cloned().expect("a sheet");
    let range = book.worksheet_range(&sheet).expect("the ledger sheet");
    range
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn a_supervision_office_in_headless_chromium() {
    let missing: Vec<PathBuf> = [
        ("DUBAN_CHROMIUM", "/usr/bin/chromium"),
        ("DUBAN_CHROMEDRIVER", "/usr/bin/chromedriver"),
    ]
    .into_iter()
    .map(|(var, default)| tool_path(var, default))
    .filter(|path| !path.is_file())
    .collect();
    if !missing.is_empty() && std::env::var_os("DUBAN_REQUIRE_BROWSER").is_none() {
        eprintln!(
            "NOT RUN: the browser test needs {missing:?} \
             (`apt-get install -y chromium chromium-driver fonts-noto-cjk`); \
             set DUBAN_REQUIRE_BROWSER=1 to make their absence a failure, as .ci/run does"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("browser.db");
    let db_arg = db.to_str().expect("UTF-8 path");
    let root = repo_root();
    duban(
        &[
            "ingest",
            "--db",
            db_arg,
            root.join("demo/2023.txt").to_str().unwrap(),
            root.join("demo/2024.txt").to_str().unwrap(),
        ],
        None,
    );
    duban(
        &[
            "user",
            "add",
            ADMIN,
            "--role",
            "admin",
            "--display-name",
            "督办员",
            "--db",
            db_arg,
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    let (_server, base) = serve(&db);
    let (_driver, webdriver) = chromedriver();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let client = browser(&webdriver, &dir.path().join("profile"), &downloads).await;
    let result = walk(&client, &base, &downloads).await;
    let _ = client.close().await;
    result.unwrap_or_else(|e| panic!("{e}"));
}

async fn walk(client: &Client, base: &str, downloads: &Path) -> Result<(), String> {
    // Sign in through the form.
    client
        .goto(&format!("{base}/login?next=/reports"))
        .await
        .map_err(|e| e.to_string())?;
    wait_for(client, "[data-testid=signin-name]")
        .await
        .send_keys(ADMIN)
        .await
        .map_err(|e| e.to_string())?;
    wait_for(client, "[data-testid=signin-password]")
        .await
        .send_keys(PASSWORD)
        .await
        .map_err(|e| e.to_string())?;
    wait_for(client, "[data-testid=signin-submit]")
        .await
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let user = text_of(client, "[data-testid=signed-in-user]").await;
    assert!(user.contains("督办员"), "signed in as {user:?}");

    // The reports list: both demo years under 青川市.
    wait_for(client, "[data-testid=report-count]").await;
    let rows = client
        .find_all(css("[data-testid=report-row]"))
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(rows.len(), 2, "two demo reports listed");
    screenshot(client, "reports", true).await;

    // Open the 2023 report and click a highlighted target.
    let mut opened = false;
    for row in rows {
        let text = row.text().await.map_err(|e| e.to_string())?;
        if text.starts_with("2023") {
            row.find(css("[data-testid=report-link]"))
                .await
                .map_err(|e| e.to_string())?
                .click()
                .await
                .map_err(|e| e.to_string())?;
            opened = true;
            break;
        }
    }
    assert!(opened, "no report row for 2023");
    wait_for(client, "[data-testid=report-title]").await;
    let meta = text_of(client, "p.meta").await;
    assert!(meta.contains("青川市 · 2023"), "report meta {meta:?}");
    let targets = client
        .find_all(css("a[data-testid=target-span]"))
        .await
        .map_err(|e| e.to_string())?;
    assert!(targets.len() >= 10, "{} highlighted targets", targets.len());
    let target = &targets[0];
    let key = target
        .attr("data-fact")
        .await
        .map_err(|e| e.to_string())?
        .expect("data-fact");
    let highlighted = target.text().await.map_err(|e| e.to_string())?;
    target.click().await.map_err(|e| e.to_string())?;
    let record = wait_for(
        client,
        &format!("#record-body [data-testid=fact-record][data-fact='{key}']"),
    )
    .await;
    let record_text = record.text().await.map_err(|e| e.to_string())?;
    assert!(
        record_text.contains("主要目标"),
        "the record panel shows a main target: {record_text:?}"
    );
    let value = record
        .find(css("[data-testid=fact-value]"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    assert!(
        value.chars().any(|c| c.is_ascii_digit()),
        "the record has a value: {value:?} (highlight {highlighted:?})"
    );
    let sentence = record
        .find(css("dd.sentence"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    assert!(
        sentence.contains(highlighted.trim())
            && sentence.chars().count() > highlighted.chars().count(),
        "the record shows the sentence around the highlight {highlighted:?}: {sentence:?}"
    );
    let url = client.current_url().await.map_err(|e| e.to_string())?;
    assert!(
        url.query().unwrap_or("").contains(&format!("fact={key}")),
        "the address names the fact: {url}"
    );
    let mark = serde_json::to_value(target).map_err(|e| e.to_string())?;
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![mark],
        )
        .await
        .map_err(|e| e.to_string())?;
    screenshot(client, "report-record", false).await;

    // Targets vs outcomes: GDP of 青川市, a table and an SVG chart with coloured outcomes.
    client
        .goto(&format!("{base}/targets?region=青川市&metric=gdp"))
        .await
        .map_err(|e| e.to_string())?;
    let heading = text_of(client, "[data-testid=targets-heading]").await;
    assert!(
        heading.contains("青川市") && heading.contains("gdp"),
        "{heading:?}"
    );
    let rows = client
        .find_all(css("[data-testid=target-row]"))
        .await
        .map_err(|e| e.to_string())?;
    assert!(!rows.is_empty(), "no GDP target rows");
    let outcomes = client
        .find_all(css("svg[data-testid=target-chart] circle.out"))
        .await
        .map_err(|e| e.to_string())?;
    assert!(!outcomes.is_empty(), "the chart has no outcome dots");
    let fill = outcomes[0]
        .css_value("fill")
        .await
        .map_err(|e| e.to_string())?;
    assert!(
        fill.starts_with("rgb(") && fill != "rgb(0, 0, 0)",
        "outcome dots are coloured by verdict, got {fill:?}"
    );
    screenshot(client, "targets", true).await;

    // Change the first 2023 task's status to done.
    client
        .goto(&format!("{base}/tasks?region=青川市&year=2023"))
        .await
        .map_err(|e| e.to_string())?;
    let first = wait_for(client, "[data-testid=ledger-row]").await;
    screenshot(client, "ledger", true).await;
    let task_id = first
        .attr("data-task-id")
        .await
        .map_err(|e| e.to_string())?
        .expect("data-task-id");
    let before = first
        .attr("data-status")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    assert_eq!(before, "open", "the demo task starts open");
    let task_text = first
        .find(css("[data-testid=task-link]"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    first
        .find(css("[data-testid=task-link]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    wait_for(client, "[data-testid=task-status]")
        .await
        .select_by_value("done")
        .await
        .map_err(|e| e.to_string())?;
    let lead = wait_for(client, "[data-testid=lead-unit]").await;
    lead.clear().await.map_err(|e| e.to_string())?;
    lead.send_keys("市发展改革委")
        .await
        .map_err(|e| e.to_string())?;
    wait_for(client, "[data-testid=task-save]")
        .await
        .click()
        .await
        .map_err(|e| e.to_string())?;
    wait_for(client, "[data-testid=saved]").await;
    let history = client
        .find_all(css("[data-testid=history-entry][data-field=status]"))
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(history.len(), 1, "one status change in the history");
    let entry = history[0].text().await.map_err(|e| e.to_string())?;
    assert!(
        entry.contains("督办员") && entry.contains("状态: 未开始 → 已完成"),
        "history entry {entry:?}"
    );
    screenshot(client, "task-history", true).await;

    // The ledger filtered by status through its form shows the task as done.
    client
        .goto(&format!("{base}/tasks"))
        .await
        .map_err(|e| e.to_string())?;
    let filter = wait_for(client, "[data-testid=ledger-filter]").await;
    filter
        .find(css("select[name=status]"))
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("done")
        .await
        .map_err(|e| e.to_string())?;
    filter
        .find(css("button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    wait_url(client, "status=done").await?;
    let done = client
        .find_all(css("[data-testid=ledger-row]"))
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(done.len(), 1, "exactly the changed task is done");
    assert_eq!(
        done[0]
            .attr("data-task-id")
            .await
            .map_err(|e| e.to_string())?,
        Some(task_id.clone())
    );
    let shown = done[0]
        .find(css("[data-testid=ledger-status]"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(shown, "已完成");
    screenshot(client, "ledger-filtered", true).await;

    // Export the filtered ledger: the link downloads an XLSX file, and the same link
    // fetched with the browser's session holds the change.
    let export = wait_for(client, "[data-testid=export-xlsx]").await;
    let href = export
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .expect("export href");
    export.click().await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let downloaded = loop {
        let files: Vec<PathBuf> = std::fs::read_dir(downloads)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
            .collect();
        if let Some(p) = files.into_iter().next() {
            break p;
        }
        if started.elapsed() > Duration::from_secs(15) {
            return Err(format!("no .xlsx file in {}", downloads.display()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let (content_type, bytes) = fetch(client, &href).await;
    assert!(
        content_type.starts_with("application/vnd.openxmlformats-officedocument.spreadsheetml"),
        "export content type {content_type:?}"
    );
    for (what, bytes) in [
        (
            "download",
            std::fs::read(&downloaded).map_err(|e| e.to_string())?,
        ),
        ("fetch", bytes),
    ] {
        let rows = xlsx_rows(bytes);
        assert!(
            rows.first().is_some_and(|h| h.iter().any(|c| c == "状态")),
            "{what}: header {:?}",
            rows.first()
        );
        assert_eq!(rows.len(), 2, "{what}: a header and the one done task");
        let row = &rows[1];
        assert!(row.iter().any(|c| c == task_text.trim()), "{what}: {row:?}");
        assert!(row.iter().any(|c| c == "市发展改革委"), "{what}: {row:?}");
        assert!(
            row.iter().any(|c| c == "已完成" || c == "done"),
            "{what}: the status is in the export: {row:?}"
        );
    }

    // English: the language switch on the ledger.
    client
        .goto(&format!("{base}/tasks?status=done&lang=en"))
        .await
        .map_err(|e| e.to_string())?;
    let shown = text_of(client, "[data-testid=ledger-status]").await;
    assert_eq!(shown, "done");
    let heading = text_of(client, "h1").await;
    assert_eq!(heading, "Task ledger");
    screenshot(client, "ledger-en", true).await;
    Ok(())
}
