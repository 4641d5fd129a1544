//! The pages: sign-in, the report view's highlights, the ledger form with its conflict
//! message, the language switch, and hostile strings shown inert.

mod common;

use axum::http::StatusCode;
use common::{App, Session};

/// Signs in through the page form (double-submit CSRF cookie).
async fn page_login(app: &App, name: &str, password: &str, next: &str) -> common::Reply {
    let form = app.get("/login", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains(r#"data-testid="signin-form""#));
    let cookie = form.cookie("duban_login_csrf").expect("login CSRF cookie");
    let token = cookie.trim_start_matches("duban_login_csrf=").to_string();
    let pre = Session {
        cookie,
        csrf: token.clone(),
    };
    app.form(
        "/login",
        Some(&pre),
        &[
            ("csrf", &token),
            ("next", next),
            ("name", name),
            ("password", password),
        ],
    )
    .await
}

#[tokio::test]
async fn sign_in_form() {
    for app in App::backends() {
        let reply = page_login(&app, "eve", "editor-password-1", "/tasks").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), Some("/tasks"));
        let cookie = reply.cookie("duban_session").expect("session");
        let page = app
            .get(
                "/tasks",
                Some(&Session {
                    cookie,
                    csrf: String::new(),
                }),
            )
            .await;
        assert!(page.text().contains(r#"data-testid="signed-in-user""#));

        let reply = page_login(&app, "eve", "wrong", "/tasks").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.text().contains(r#"data-testid="signin-error""#));
        // No open redirect.
        for next in [
            "//evil.example/",
            "/\t/evil.example/",
            "https://evil.example/",
            "/\\evil",
        ] {
            let reply = page_login(&app, "eve", "editor-password-1", next).await;
            assert_eq!(reply.location(), Some("/reports"), "{next:?}");
        }
        // Without the form token.
        let reply = app
            .form(
                "/login",
                None,
                &[("name", "eve"), ("password", "editor-password-1")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(reply.cookie("duban_session").is_none());
    }
}

#[tokio::test]
async fn report_view_highlights_targets_and_shows_records() {
    for app in App::backends() {
        let page = app.get("/reports/1", None).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        let n_targets = html.matches(r#"data-testid="target-span""#).count();
        let n_indicators = html.matches(r#"data-testid="indicator-span""#).count();
        assert!(n_targets >= 10, "{n_targets} target highlights");
        assert!(n_indicators >= 100, "{n_indicators} indicator highlights");
        assert!(html.contains(r#"data-testid="record-panel""#));
        assert!(html.contains(r#"data-testid="outline""#));
        assert!(
            html.contains("2023年重点工作"),
            "the outline lists the task section"
        );
        // Without JavaScript the highlight's link opens its record in the panel.
        let link = html
            .split(r#"data-testid="target-span""#)
            .next()
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|h| h.split('"').next())
            .unwrap()
            .replace("&amp;", "&");
        assert!(link.starts_with("?fact=target-"), "{link}");
        let fact = link
            .trim_start_matches("?fact=")
            .trim_end_matches("#record");
        let page = app
            .get(&format!("/reports/1?fact={fact}"), None)
            .await
            .text();
        let panel = page
            .split(r#"id="record-body""#)
            .nth(1)
            .unwrap()
            .split("</aside>")
            .next()
            .unwrap();
        assert!(
            panel.contains(&format!(r#"data-fact="{fact}""#)) && !panel.contains("hidden"),
            "{panel}"
        );
        assert!(panel.contains("主要目标"));
        assert_eq!(
            app.get("/reports/999", None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/reports/zz", None).await.status,
            StatusCode::BAD_REQUEST
        );
    }
}

#[tokio::test]
async fn targets_page_shows_the_demo_series() {
    for app in App::backends() {
        let page = app.get("/targets?region=青川市&metric=gdp", None).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains(r#"data-testid="target-chart""#));
        assert!(
            html.contains(r#"data-year="2023" data-verdict="missed""#),
            "{html}"
        );
        assert!(html.contains("未完成"));
        let page = app
            .get("/targets?region=青川市&metric=retail_sales&lang=en", None)
            .await
            .text();
        assert!(page.contains(r#"data-verdict="exceeded""#));
        assert!(page.contains("exceeded") && page.contains("Targets vs outcomes"));
    }
}

#[tokio::test]
async fn ledger_form_saves_and_reports_conflicts() {
    for app in App::backends() {
        let id = app.first_task();
        let eve = app.login("eve").await;
        let ada = app.login("ada").await;
        let path = format!("/tasks/{id}");
        let page = app.get(&path, Some(&eve)).await.text();
        assert!(page.contains(r#"data-testid="task-status-form""#));
        assert!(page.contains(r#"name="version" value="1""#));

        let fields = |s: &Session, version: &str, status: &str, lead: &str| {
            vec![
                ("csrf".to_string(), s.csrf.clone()),
                ("version".to_string(), version.to_string()),
                ("status".to_string(), status.to_string()),
                ("lead_unit".to_string(), lead.to_string()),
                ("supporting_units".to_string(), String::new()),
                ("due_date".to_string(), "2023-12-31".to_string()),
            ]
        };
        let send = |s: Session, f: Vec<(String, String)>| {
            let (app, path) = (&app, path.clone());
            async move {
                let f: Vec<(&str, &str)> =
                    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                app.form(&path, Some(&s), &f).await
            }
        };
        // Both open version 1; Eve saves first.
        let reply = send(eve.clone(), fields(&eve, "1", "in_progress", "市教育局")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
        assert_eq!(
            reply.location(),
            Some(format!("/tasks/{id}?saved=1").as_str())
        );
        let reply = send(ada.clone(), fields(&ada, "1", "done", "市卫健委")).await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        let html = reply.text();
        assert!(
            html.contains(r#"data-testid="conflict""#) && html.contains("未保存"),
            "{html}"
        );
        // The page shows the task as it is now, with the new version to resubmit.
        assert!(
            html.contains(r#"value="市教育局""#) && html.contains(r#"name="version" value="2""#)
        );
        let task = app.task(id);
        assert_eq!(task.lead_unit.as_deref(), Some("市教育局"));
        assert_eq!(task.status, duban_store::Status::InProgress);

        // Blank fields that were never set stay unset; a bad date is refused on the page.
        assert!(task.supporting_units.is_none());
        let reply = send(
            ada.clone(),
            fields(&ada, "2", "done", "市教育局")
                .into_iter()
                .map(|(k, v)| {
                    if k == "due_date" {
                        (k, "31/12/2023".into())
                    } else {
                        (k, v)
                    }
                })
                .collect(),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.text().contains(r#"data-testid="invalid""#));

        // Notes, the history and the ledger row.
        let reply = app
            .form(
                &format!("{path}/notes"),
                Some(&ada),
                &[
                    ("csrf", &ada.csrf),
                    ("noted_on", "2023-09-01"),
                    ("note", "已开工"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let page = app.get(&format!("{path}?saved=1"), None).await.text();
        assert!(page.contains(r#"data-testid="saved""#));
        assert!(page.contains("已开工"));
        let history = page.split(r#"data-testid="history""#).nth(1).unwrap();
        assert_eq!(
            history.matches(r#"data-testid="history-entry""#).count(),
            4,
            "status, lead unit, due date, note"
        );
        assert!(history.contains("未开始") || history.contains("open"));
        let ledger = app.get("/tasks?unit=教育局", None).await.text();
        assert_eq!(ledger.matches(r#"data-testid="ledger-row""#).count(), 1);
        assert!(ledger.contains(&format!(r#"data-task-id="{id}" data-status="in_progress""#)));
        assert!(
            ledger.contains(r#"data-testid="export-xlsx""#) && ledger.contains("/tasks.xlsx?unit=")
        );
        // A viewer sees the form disabled.
        let vic = app.login("vic").await;
        let page = app.get(&path, Some(&vic)).await.text();
        assert!(page.contains("disabled") && !page.contains(r#"data-testid="task-save""#));
    }
}

#[tokio::test]
async fn english_switch_is_remembered() {
    for app in App::backends() {
        let reply = app.get("/reports?lang=en", None).await;
        assert!(reply.text().contains("<h1>Reports</h1>"));
        let cookie = reply.cookie("duban_lang").expect("language cookie");
        assert_eq!(cookie, "duban_lang=en");
        let page = app
            .get(
                "/tasks",
                Some(&Session {
                    cookie,
                    csrf: String::new(),
                }),
            )
            .await
            .text();
        assert!(page.contains("Task ledger") && page.contains(r#"lang="en""#));
        assert!(app.get("/tasks", None).await.text().contains("任务台账"));
    }
}

#[tokio::test]
async fn hostile_strings_are_stored_and_shown_inert() {
    for app in App::backends() {
        let id = app.first_task();
        let eve = app.login("eve").await;
        let script = "<script>alert(1)</script>";
        let sql = "'; DROP TABLE tasks; --";
        let html_attr = "\"><img src=x onerror=alert(2)>";
        let body =
            serde_json::json!({ "version": 1, "lead_unit": script, "supporting_units": sql })
                .to_string();
        let reply = app
            .json(
                "PATCH",
                &format!("/api/tasks/{id}"),
                Some(&eve),
                Some(&eve.csrf),
                &body,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let note =
        serde_json::json!({ "noted_on": "2023-05-05", "note": format!("{html_attr} & {script}") })
            .to_string();
        let reply = app
            .json(
                "POST",
                &format!("/api/tasks/{id}/notes"),
                Some(&eve),
                Some(&eve.csrf),
                &note,
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED);
        // A report whose region and text carry markup.
        let report = format!("政府工作报告\n\n一、2015年工作回顾\n\n{script}全年地区生产总值增长7.5%。{html_attr}\n\n二、2016年主要目标\n\n地区生产总值增长7%左右。\n");
        let region = "<b>丙县</b><script>x()</script>";
        let fields = [("region", region), ("year", "2016")];
        let reply = app
            .multipart(
                "/api/reports",
                Some(&eve),
                Some(&eve.csrf),
                Some(("<x>.txt", report.as_bytes())),
                &fields,
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        let report_id = reply.json()["stored"][0].as_i64().unwrap();

        // Stored exactly; the tasks table is still there.
        let task = app.get(&format!("/api/tasks/{id}"), None).await.json();
        assert_eq!(task["task"]["lead_unit"], script);
        assert_eq!(task["task"]["supporting_units"], sql);
        assert!(app.get("/api/tasks", None).await.status.is_success());

        for path in [
            format!("/tasks/{id}"),
            "/tasks?region=青川市&year=2023".to_string(),
            "/reports".to_string(),
            format!("/reports/{report_id}"),
            format!("/tasks?region={}", "%3Cb%3E"),
            "/targets?region=%3Cb%3E%E4%B8%99%E5%8E%BF%3C%2Fb%3E%3Cscript%3Ex()%3C%2Fscript%3E"
                .to_string(),
        ] {
            let page = app.get(&path, None).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            let html = page.text();
            // The only script element is the app's own file.
            assert_eq!(html.matches("<script").count(), 1, "{path}: {html}");
            assert!(html.contains(r#"<script src="/static/app.js" defer></script>"#));
            assert!(!html.contains("<img src=x"), "{path}");
            assert!(!html.contains("<b>丙县"), "{path}");
        }
        let page = app.get(&format!("/tasks/{id}"), None).await.text();
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "escaped, still readable"
        );
        assert!(
            page.contains("&#39;; DROP TABLE tasks; --")
                || page.contains("'; DROP TABLE tasks; --")
        );
        let page = app.get(&format!("/reports/{report_id}"), None).await.text();
        assert!(page.contains("&lt;b&gt;丙县&lt;/b&gt;"));
    }
}
