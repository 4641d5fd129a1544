//! The web app through the real binary on a real socket: `duban demo` prints a working
//! address and credentials, `duban user add` creates users, and (the acceptance test of
//! issue 5) with the national corpus ingested the GDP targets-vs-outcomes page of
//! 中华人民共和国 shows every year from 2004 to 2015.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

#[path = "../../core/tests/common/mod.rs"]
mod common;

fn duban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_duban"))
}

/// A server child process, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    /// Everything it printed up to the address line.
    banner: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `duban ARGS` (serve or demo, on port 0) and waits for the address it prints.
fn start(args: &[&str]) -> Server {
    let mut child = duban()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start duban");
    // serve prints on stderr, demo on stdout: read both until the address shows.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let mut banner = String::new();
    let addr = loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("no address printed; output so far:\n{banner}"));
        banner.push_str(&line);
        banner.push('\n');
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // The demo prints its credentials after the address.
    while let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(500)) {
        banner.push_str(&line);
        banner.push('\n');
    }
    Server {
        child,
        addr,
        banner,
    }
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'/'
            | b'?'
            | b'='
            | b'&' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One HTTP/1.1 request; returns (status, body).
fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let request = format!(
        "{method} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        percent(path),
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |p| p.1)
        .to_string();
    (status, body)
}

#[test]
fn demo_prints_a_working_address_and_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let server = start(&[
        "demo",
        "--db",
        db.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ]);
    let password = server
        .banner
        .lines()
        .find_map(|l| l.split("password ").nth(1))
        .unwrap_or_else(|| panic!("no password in:\n{}", server.banner))
        .trim()
        .to_string();
    let (status, body) = http(&server.addr, "GET", "/reports", "");
    assert_eq!(status, 200);
    assert!(body.contains("青川市") && body.matches(r#"data-testid="report-link""#).count() == 2);
    let login = format!(r#"{{"name":"demo","password":"{password}"}}"#);
    let (status, body) = http(&server.addr, "POST", "/api/login", &login);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""role":"admin""#));
    // A second demo on the same file refuses: it wants a fresh one.
    let out = duban()
        .args([
            "demo",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
}

#[test]
fn user_add() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let add = |name: &str, role: &str, password: &str| {
        let mut child = duban()
            .args([
                "user",
                "add",
                name,
                "--role",
                role,
                "--password-stdin",
                "--db",
            ])
            .arg(&db)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // duban may refuse before reading the password; a closed pipe is fine then.
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes());
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, err) = add("alice", "admin", "long enough password");
    assert!(ok, "{err}");
    let (ok, err) = add("alice", "viewer", "long enough password");
    assert!(!ok && err.contains("exists already"), "{err}");
    let (ok, err) = add("bob", "boss", "long enough password");
    assert!(!ok && err.contains("admin, editor or viewer"), "{err}");
    let (ok, err) = add("bob", "editor", "short");
    assert!(!ok && err.contains("at least 8"), "{err}");
    let store = duban_store::Store::open(&db).unwrap();
    let alice = store.user_by_name("alice").unwrap().unwrap();
    assert_eq!(alice.role, "admin");
    assert!(alice.password_hash.unwrap().starts_with("$argon2id$"));
    assert!(store.user_by_name("bob").unwrap().is_none());
}

#[test]
fn national_gdp_page_shows_2004_to_2015() {
    let corpus = common::corpus_dir().join("national_1954_2016.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("national.db");
    let out = duban()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = start(&[
        "serve",
        "--db",
        db.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ]);
    let (status, html) = http(
        &server.addr,
        "GET",
        "/targets?region=中华人民共和国&metric=gdp",
        "",
    );
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-testid="target-chart""#));
    // The outcome of year Y is the previous-year growth the year-Y+1 report states
    // (the gold series read by hand); where it states none, the verdict is no_data.
    let gold = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/test_data/gold/national_gdp.tsv"),
    )
    .unwrap();
    let prev_actual = |year: i32| -> Option<String> {
        gold.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|cells| cells[0] == year.to_string())
            .and_then(|cells| cells.get(5).map(|c| c.to_string()))
            .filter(|c| !c.is_empty())
    };
    for year in 2004..=2015 {
        let row = format!(r#"data-testid="target-row" data-year="{year}""#);
        let at = html
            .find(&row)
            .unwrap_or_else(|| panic!("no {year} row on the GDP page"));
        let rest = &html[at + row.len()..];
        let verdict = rest.split('"').nth(1).unwrap();
        let cells = rest.split("</tr>").next().unwrap();
        match prev_actual(year + 1) {
            Some(actual) => {
                assert!(
                    ["met", "exceeded", "missed"].contains(&verdict),
                    "{year}: verdict {verdict}"
                );
                assert!(
                    cells.contains(&format!(">{actual} ")),
                    "{year}: no {actual} in {cells}"
                );
            }
            None => assert_eq!(verdict, "no_data", "{year}"),
        }
    }
    assert!(Path::new(&db).exists());
}
