//! A real app over a real database with the demo reports of 青川市 ingested, three
//! users (admin, editor, viewer), and a request helper that goes through the whole
//! router (middleware, limits, access checks) without a socket.
//!
//! [`App::backends`] gives one app on a fresh SQLite file and, when
//! `DUBAN_TEST_POSTGRES` holds a server URL, one on a fresh PostgreSQL schema, so every
//! test runs on both backends.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use duban_store::Store;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// The users every test app has: (name, role, password).
pub const USERS: [(&str, &str, &str); 3] = [
    ("ada", "admin", "admin-password-1"),
    ("eve", "editor", "editor-password-1"),
    ("vic", "viewer", "viewer-password-1"),
];

pub struct App {
    pub router: Router,
    /// `sqlite` or `postgresql`.
    pub backend: &'static str,
    /// What `Store::open_url` takes.
    pub db: String,
    _dir: tempfile::TempDir,
    /// The PostgreSQL schema, dropped with the app.
    schema: Option<duban_store::ScratchSchema>,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(schema) = self.schema.take() {
            // Dropping the schema uses the blocking postgres client: off the test's runtime.
            std::thread::scope(|scope| {
                scope.spawn(move || drop(schema));
            });
        }
    }
}

/// Runs `f` on a thread outside any async runtime.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().expect("helper thread"))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The `name=value` of a Set-Cookie for `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|v| v.split(';').next().unwrap_or("").to_string())
    }
}

/// A signed-in user: the cookie header value and the CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Fills the fresh database at `db` with the two demo reports and the three users.
pub fn demo_db(db: &str) {
    let mut store = Store::open_url(db).expect("open store");
    let engine = duban_core::Engine::default();
    for year in [2023, 2024] {
        let path = repo_root().join(format!("demo/{year}.txt"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        duban_server::ingest::ingest_bytes(
            &mut store,
            &engine,
            &bytes,
            &format!("demo/{year}.txt"),
            None,
            None,
        )
        .expect("ingest demo");
    }
    for (name, role, password) in USERS {
        let hash = duban_server::auth::hash_password(password).expect("hash");
        store
            .add_user(name, &format!("{name} ({role})"), role, Some(&hash))
            .expect("add user");
    }
}

impl App {
    /// The demo app on every backend under test.
    pub fn backends() -> Vec<App> {
        App::backends_with(|_| {})
    }

    /// The demo app on every backend, with a changed configuration.
    pub fn backends_with(tweak: impl Fn(&mut duban_server::Config)) -> Vec<App> {
        let mut apps = vec![App::demo_with("sqlite", &tweak)];
        if std::env::var("DUBAN_TEST_POSTGRES").is_ok_and(|s| !s.is_empty()) {
            apps.push(App::demo_with("postgresql", &tweak));
        }
        apps
    }

    fn demo_with(backend: &'static str, tweak: &impl Fn(&mut duban_server::Config)) -> App {
        let dir = tempfile::tempdir().expect("tempdir");
        let (db, schema) = match backend {
            "postgresql" => {
                let server = std::env::var("DUBAN_TEST_POSTGRES").unwrap();
                let schema = off_runtime(|| duban_store::ScratchSchema::create(&server))
                    .unwrap_or_else(|e| panic!("DUBAN_TEST_POSTGRES={server}: {e}"));
                (schema.url.clone(), Some(schema))
            }
            _ => (dir.path().join("web.db").display().to_string(), None),
        };
        off_runtime(|| demo_db(&db));
        let mut config = duban_server::Config::new(&db);
        tweak(&mut config);
        let router = duban_server::app(config).expect("app");
        eprintln!("== backend: {backend}");
        App {
            router,
            backend,
            db,
            _dir: dir,
            schema,
        }
    }

    /// Runs `f` on a store connection, on a thread of its own: the PostgreSQL client
    /// blocks on a runtime of its own, which cannot run inside the test's.
    pub fn store_do<T: Send>(&self, f: impl FnOnce(&Store) -> T + Send) -> T {
        off_runtime(|| f(&Store::open_url(&self.db).expect("open store")))
    }

    /// A task as the store has it.
    pub fn task(&self, id: i64) -> duban_store::TaskRow {
        self.store_do(|s| s.task(duban_store::TaskId(id)).expect("task"))
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        let mut request = Request::get(path);
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A JSON request; `csrf` is sent as X-CSRF-Token when given.
    pub async fn json(
        &self,
        method: &str,
        path: &str,
        session: Option<&Session>,
        csrf: Option<&str>,
        body: &str,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        if let Some(token) = csrf {
            request = request.header("x-csrf-token", token);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// A form POST (fields url-encoded).
    pub async fn form(
        &self,
        path: &str,
        session: Option<&Session>,
        fields: &[(&str, &str)],
    ) -> Reply {
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// A multipart POST with a file part and text fields.
    pub async fn multipart(
        &self,
        path: &str,
        session: Option<&Session>,
        csrf_header: Option<&str>,
        file: Option<(&str, &[u8])>,
        fields: &[(&str, &str)],
    ) -> Reply {
        let boundary = "duban-test-boundary-7f3a";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        if let Some((file_name, bytes)) = file {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let mut request = Request::post(path).header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
        if let Some(s) = session {
            request = request.header(header::COOKIE, &s.cookie);
        }
        if let Some(token) = csrf_header {
            request = request.header("x-csrf-token", token);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Signs in through the API as one of [`USERS`].
    pub async fn login(&self, name: &str) -> Session {
        let password = USERS
            .iter()
            .find(|u| u.0 == name)
            .map(|u| u.2)
            .expect("known user");
        let reply = self
            .json(
                "POST",
                "/api/login",
                None,
                None,
                &serde_json::json!({ "name": name, "password": password }).to_string(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let cookie = reply.cookie("duban_session").expect("session cookie");
        let csrf = reply.json()["csrf"].as_str().expect("csrf").to_string();
        Session { cookie, csrf }
    }

    /// The id of the first task of 青川市 2023.
    pub fn first_task(&self) -> i64 {
        let filter = duban_store::Filter {
            region: Some("青川市".into()),
            metric: None,
            year: Some(2023),
        };
        self.store_do(|s| s.tasks(&filter).expect("tasks")[0].id.0)
    }

    /// What people can change, summed up: reports, tasks with their ledger fields and
    /// versions, notes, users. Sessions are left out (signing in is not a change).
    pub fn fingerprint(&self) -> String {
        self.store_do(|store| {
            let reports = store
                .reports(&duban_store::Filter::default())
                .expect("reports");
            let tasks = store.tasks(&duban_store::Filter::default()).expect("tasks");
            let users = store.users().expect("users");
            let mut out = format!("reports {} users {}\n", reports.len(), users.len());
            for t in tasks {
                out.push_str(&format!(
                    "{} v{} {:?} {:?} {:?} {:?} notes {}\n",
                    t.id.0,
                    t.version,
                    t.status,
                    t.lead_unit,
                    t.supporting_units,
                    t.due_date,
                    t.notes.len()
                ));
            }
            out
        })
    }
}
