//! Walks every route of the route table and proves that anonymous users and viewers
//! cannot change anything, while an editor sending the same requests can.

mod common;

use axum::http::StatusCode;
use common::{App, Reply, Session};
use duban_server::routes::{table, Access, Kind, RouteInfo};

const REPORT: &str = "政府工作报告\n\n各位代表：\n\n一、2015年工作回顾\n\n全年地区生产总值增长7.5%。\n\n二、2016年主要目标\n\n地区生产总值增长7%左右。\n";

/// Sends the request an editor would send to `route` to change something, as `who`
/// (whose CSRF token, if any, rides in both the header and the body).
async fn attempt(app: &App, route: &RouteInfo, who: Option<&Session>, task: i64) -> Reply {
    let path = route.path.replace(
        "{id}",
        &if route.path.contains("/reports/") {
            "1".to_string()
        } else {
            task.to_string()
        },
    );
    let csrf = who.map(|s| s.csrf.as_str());
    let version = app.task(task).version.to_string();
    match (route.method, route.path) {
        ("GET", _) => app.get(&path, who).await,
        ("PATCH", "/api/tasks/{id}") => {
            let body =
                format!(r#"{{"version":{version},"status":"not_done","lead_unit":"市统计局"}}"#);
            app.json("PATCH", &path, who, csrf, &body).await
        }
        ("POST", "/api/tasks/{id}/notes") => {
            app.json(
                "POST",
                &path,
                who,
                csrf,
                r#"{"noted_on":"2024-01-02","note":"进展"}"#,
            )
            .await
        }
        ("POST", "/api/reports") | ("POST", "/reports") => {
            let year = if who.is_some() { "2016" } else { "2017" };
            let fields = [
                ("region", "乙县"),
                ("year", year),
                ("csrf", csrf.unwrap_or("")),
            ];
            app.multipart(
                &path,
                who,
                csrf,
                Some(("r.txt", REPORT.as_bytes())),
                &fields,
            )
            .await
        }
        ("POST", "/tasks/{id}") => {
            let fields = [
                ("csrf", csrf.unwrap_or("")),
                ("version", &version),
                ("status", "done"),
                ("lead_unit", "市审计局"),
            ];
            app.form(&path, who, &fields).await
        }
        ("POST", "/tasks/{id}/notes") => {
            let fields = [
                ("csrf", csrf.unwrap_or("")),
                ("noted_on", "2024-01-03"),
                ("note", "进展二"),
            ];
            app.form(&path, who, &fields).await
        }
        ("POST", "/logout") => app.form(&path, who, &[("csrf", csrf.unwrap_or(""))]).await,
        ("POST", "/api/logout") => app.json("POST", &path, who, csrf, "").await,
        ("POST", "/login") => {
            let login = app.get("/login", None).await;
            let cookie = login.cookie("duban_login_csrf").unwrap();
            let token = cookie.trim_start_matches("duban_login_csrf=").to_string();
            let session = Session {
                cookie,
                csrf: token.clone(),
            };
            app.form(
                &path,
                Some(&session),
                &[
                    ("csrf", &token),
                    ("name", "vic"),
                    ("password", "viewer-password-1"),
                ],
            )
            .await
        }
        ("POST", "/api/login") => {
            app.json(
                "POST",
                &path,
                None,
                None,
                r#"{"name":"vic","password":"viewer-password-1"}"#,
            )
            .await
        }
        (method, path) => panic!("no request written for {method} {path}: add one to this test"),
    }
}

fn refused(route: &RouteInfo, reply: &Reply) -> bool {
    match route.kind {
        Kind::Api => matches!(
            reply.status,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
        ),
        Kind::Page => {
            reply.status == StatusCode::FORBIDDEN
                || (reply.status == StatusCode::SEE_OTHER
                    && reply.location().is_some_and(|l| l.starts_with("/login")))
        }
    }
}

#[test]
fn changing_routes_are_never_plain_reads() {
    let routes = table();
    assert!(routes.len() >= 25);
    for r in &routes {
        if r.method != "GET" {
            assert!(
                r.access != Access::Read,
                "{} {} changes state but is open to readers",
                r.method,
                r.path
            );
        }
        if r.access == Access::Public && r.method != "GET" {
            assert!(
                r.path.ends_with("/login"),
                "{} {} is public and not a sign-in",
                r.method,
                r.path
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for r in &routes {
        assert!(
            seen.insert((r.method, r.path)),
            "{} {} twice",
            r.method,
            r.path
        );
    }
}

#[tokio::test]
async fn anonymous_users_and_viewers_cannot_change_anything() {
    for app in App::backends() {
        let task = app.first_task();
        for route in table() {
            for identity in ["anonymous", "viewer"] {
                let session = match identity {
                    "viewer" => Some(app.login("vic").await),
                    _ => None,
                };
                let before = app.fingerprint();
                let reply = attempt(&app, &route, session.as_ref(), task).await;
                assert_eq!(
                    app.fingerprint(),
                    before,
                    "{identity} changed something with {} {} ({})",
                    route.method,
                    route.path,
                    reply.status
                );
                if route.access == Access::Write
                    || (route.access == Access::Session && identity == "anonymous")
                {
                    assert!(
                        refused(&route, &reply),
                        "{identity} was not refused by {} {}: {} {}",
                        route.method,
                        route.path,
                        reply.status,
                        reply.text()
                    );
                }
                if route.method == "GET" {
                    assert!(
                        reply.status.is_success() || reply.status.is_redirection(),
                        "{identity} GET {}: {}",
                        route.path,
                        reply.status
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn an_editor_can_make_each_change() {
    for app in App::backends() {
        let task = app.first_task();
        let mut n_changes = 0;
        for route in table().into_iter().filter(|r| r.access == Access::Write) {
            let editor = app.login("eve").await;
            let before = app.fingerprint();
            let reply = attempt(&app, &route, Some(&editor), task).await;
            assert!(
                reply.status.is_success() || reply.status == StatusCode::SEE_OTHER,
                "editor refused by {} {}: {} {}",
                route.method,
                route.path,
                reply.status,
                reply.text()
            );
            let changed = app.fingerprint() != before;
            // The second upload of the same report changes nothing, by design.
            let repeat_upload = route.path.ends_with("/reports") && n_changes > 0 && !changed;
            assert!(
                changed || repeat_upload,
                "{} {} changed nothing for an editor",
                route.method,
                route.path
            );
            n_changes += usize::from(changed);
        }
        assert!(n_changes >= 5, "{n_changes}");
    }
}
