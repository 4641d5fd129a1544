//! The read caches (`cache.rs`) never show a reader something older than their rules
//! allow: a change made through the server is on the next page and API answer at once,
//! and a change made by another process shows within `cache::MAX_AGE`.

mod common;

use axum::http::StatusCode;
use common::App;

/// The status of `task` as the anonymous ledger page and API show it.
async fn shown_status(app: &App, task: i64) -> (String, String) {
    let page = app.get("/tasks?region=青川市&year=2023", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let marker = format!(r#"data-task-id="{task}" data-status=""#);
    let at = html.find(&marker).expect("the task's ledger row") + marker.len();
    let from_page = html[at..].split('"').next().unwrap_or("").to_string();
    let api = app.get("/api/tasks?region=青川市&year=2023", None).await;
    assert_eq!(api.status, StatusCode::OK);
    let from_api = api.json()["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["id"] == task)
        .expect("the task in the API")["status"]
        .as_str()
        .unwrap_or("")
        .to_string();
    (from_page, from_api)
}

#[tokio::test]
async fn anonymous_readers_see_changes_through_the_server_at_once() {
    for app in App::backends() {
        through_the_server(&app).await;
    }
}

async fn through_the_server(app: &App) {
    let task = app.first_task();
    assert_eq!(
        shown_status(app, task).await,
        ("open".into(), "open".into())
    );
    // Read twice so that both answers are cached before the change.
    assert_eq!(
        shown_status(app, task).await,
        ("open".into(), "open".into())
    );
    let eve = app.login("eve").await;
    let version = app.task(task).version;
    let reply = app
        .json(
            "PATCH",
            &format!("/api/tasks/{task}"),
            Some(&eve),
            Some(&eve.csrf),
            &serde_json::json!({ "version": version, "status": "done" }).to_string(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        shown_status(app, task).await,
        ("done".into(), "done".into())
    );
}

#[tokio::test]
async fn changes_by_another_process_show_within_the_cache_age() {
    for app in App::backends() {
        by_another_process(&app).await;
    }
}

async fn by_another_process(app: &App) {
    let task = app.first_task();
    assert_eq!(
        shown_status(app, task).await,
        ("open".into(), "open".into())
    );
    let change = duban_store::TaskChange {
        status: Some(duban_store::Status::InProgress),
        ..Default::default()
    };
    let actor = duban_store::Actor {
        user: None,
        name: "another process".into(),
    };
    // Another connection, as another process would have, on a thread of its own (the
    // PostgreSQL client blocks on a runtime of its own).
    std::thread::scope(|scope| {
        scope.spawn(|| {
            duban_store::Store::open_url(&app.db)
                .expect("open store")
                .update_task(duban_store::TaskId(task), &change, &actor)
                .expect("update")
        });
    });
    std::thread::sleep(duban_server::cache::MAX_AGE + std::time::Duration::from_millis(100));
    assert_eq!(
        shown_status(app, task).await,
        ("in_progress".into(), "in_progress".into())
    );
}
