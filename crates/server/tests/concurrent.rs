//! Many editors changing one task at once through the web API: every change lands
//! exactly once (a stale version gets 409 and is retried on the current one), nothing
//! is silently overwritten, and the history holds every change.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{App, Session};
use serde_json::{json, Value};
use tower::ServiceExt;

const EDITORS: usize = 24;

async fn call(
    router: &Router,
    s: &Session,
    method: &str,
    path: &str,
    body: String,
) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_editors_lose_no_update() {
    for app in App::backends() {
        let id = app.first_task();
        let path = format!("/api/tasks/{id}");
        let mut sessions = Vec::new();
        for k in 0..EDITORS {
            sessions.push(app.login(if k % 2 == 0 { "eve" } else { "ada" }).await);
        }
        let mut handles = Vec::new();
        for (k, session) in sessions.into_iter().enumerate() {
            let (router, path) = (app.router.clone(), path.clone());
            handles.push(tokio::spawn(async move {
                let mut conflicts = 0;
                loop {
                    let (status, task) = call(&router, &session, "GET", &path, String::new()).await;
                    assert_eq!(status, StatusCode::OK);
                    let version = task["task"]["version"].as_i64().unwrap();
                    let body =
                        json!({ "version": version, "supporting_units": format!("单位{k}") })
                            .to_string();
                    let (status, reply) = call(&router, &session, "PATCH", &path, body).await;
                    match status {
                        StatusCode::OK => break,
                        StatusCode::CONFLICT => {
                            assert!(reply["current"]["version"].as_i64().unwrap() > version);
                            conflicts += 1;
                        }
                        other => panic!("editor {k}: {other} {reply}"),
                    }
                }
                let note = json!({ "noted_on": "2024-03-01", "note": format!("编辑{k}的进展") })
                    .to_string();
                let (status, _) =
                    call(&router, &session, "POST", &format!("{path}/notes"), note).await;
                assert_eq!(status, StatusCode::CREATED);
                conflicts
            }));
        }
        let mut conflicts = 0;
        for h in handles {
            conflicts += h.await.unwrap();
        }
        let task = app.task(id);
        assert_eq!(
            task.version,
            1 + EDITORS as i64,
            "{}: one version per change",
            app.backend
        );
        assert_eq!(task.notes.len(), EDITORS);
        let history = app.store_do(|s| s.task_history(duban_store::TaskId(id)).unwrap());
        let mut values: Vec<String> = history
            .iter()
            .filter(|e| e.field == "supporting_units")
            .filter_map(|e| e.new.clone())
            .collect();
        values.sort();
        let mut want: Vec<String> = (0..EDITORS).map(|k| format!("单位{k}")).collect();
        want.sort();
        assert_eq!(
            values, want,
            "{}: every editor's change is in the history",
            app.backend
        );
        // Each change saw the one before it: the old values chain.
        let chain: Vec<&duban_store::AuditEntry> = history
            .iter()
            .filter(|e| e.field == "supporting_units")
            .collect();
        for pair in chain.windows(2) {
            assert_eq!(
                pair[1].old, pair[0].new,
                "{}: a change was overwritten",
                app.backend
            );
        }
        eprintln!(
            "{}: {EDITORS} editors, {conflicts} conflicts answered 409 and retried",
            app.backend
        );
    }
}
