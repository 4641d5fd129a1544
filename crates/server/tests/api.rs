//! Every API endpoint against a real SQLite file with the demo reports, errors included:
//! unknown ids, bad input, no session, viewer rights, missing CSRF, version conflicts.

mod common;

use axum::http::StatusCode;
use common::App;
use serde_json::{json, Value};

#[tokio::test]
async fn reports_list_and_detail() {
    for app in App::backends() {
        let reply = app.get("/api/reports", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let reports = reply.json()["reports"].as_array().unwrap().clone();
        assert_eq!(reports.len(), 2);
        for r in &reports {
            assert_eq!(r["region"], "青川市");
            assert!(r["n_targets"].as_i64().unwrap() >= 12, "{r}");
            assert!(r["n_tasks"].as_i64().unwrap() > 50, "{r}");
        }
        let reply = app.get("/api/reports?year=2024", None).await;
        assert_eq!(reply.json()["reports"].as_array().unwrap().len(), 1);
        let reply = app.get("/api/reports?year=abc", None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.json()["error"], "invalid");

        let id = reports[0]["id"].as_i64().unwrap();
        let reply = app.get(&format!("/api/reports/{id}"), None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let detail = reply.json();
        let text = detail["text"].as_str().unwrap();
        assert!(text.contains("地区生产总值增长6%左右"));
        assert!(!detail["sections"].as_array().unwrap().is_empty());
        let facts = detail["facts"].as_array().unwrap();
        // Every span cuts the text at character boundaries and names what it highlights.
        for f in facts {
            let (a, b) = (
                f["span_start"].as_u64().unwrap() as usize,
                f["span_end"].as_u64().unwrap() as usize,
            );
            let piece = text
                .get(a..b)
                .unwrap_or_else(|| panic!("span {a}..{b} off a boundary: {f}"));
            assert!(!piece.is_empty(), "{f}");
        }
        let gdp = facts
            .iter()
            .find(|f| f["kind"] == "target" && f["metric"] == "gdp")
            .expect("the GDP target");
        let piece = &text[gdp["span_start"].as_u64().unwrap() as usize
            ..gdp["span_end"].as_u64().unwrap() as usize];
        assert!(piece.contains('6'), "GDP target span reads {piece:?}");
        assert_eq!(gdp["value"].as_f64(), Some(6.0));

        assert_eq!(
            app.get("/api/reports/9999", None).await.status,
            StatusCode::NOT_FOUND
        );
        let reply = app.get("/api/reports/abc", None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(reply.json()["error"], "bad_request");
        assert_eq!(
            app.get("/api/nothing-here", None).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn targets_carry_the_demo_verdicts() {
    for app in App::backends() {
        let reply = app.get("/api/targets?region=青川市&year=2023", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let rows = reply.json()["targets"].as_array().unwrap().clone();
        let verdict = |metric: &str| {
            rows.iter()
                .find(|r| r["metric"] == metric)
                .map(|r| r["verdict"].as_str().unwrap().to_string())
                .unwrap_or_else(|| panic!("no {metric} row"))
        };
        // The table of demo/README.md.
        assert_eq!(verdict("gdp"), "missed");
        assert_eq!(verdict("retail_sales"), "exceeded");
        assert_eq!(verdict("foreign_trade"), "no_data");
        assert_eq!(verdict("cpi"), "met");
        assert_eq!(verdict("energy_intensity"), "not_comparable");
        let reply = app.get("/api/targets?region=青川市&metric=gdp", None).await;
        let years: Vec<i64> = reply.json()["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["year"].as_i64().unwrap())
            .collect();
        assert_eq!(years, [2023, 2024]);
        assert_eq!(
            app.get("/api/targets?year=20x", None).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}

#[tokio::test]
async fn tasks_filters_and_xlsx() {
    for app in App::backends() {
        let all = app
            .get("/api/tasks?region=青川市&year=2023", None)
            .await
            .json()["tasks"]
            .as_array()
            .unwrap()
            .len();
        assert!(all > 50, "{all}");
        assert_eq!(
            app.get("/api/tasks?status=bogus", None).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let open = app
            .get("/api/tasks?region=青川市&year=2023&status=open", None)
            .await
            .json()["tasks"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(open, all, "every task starts open");

        let editor = app.login("eve").await;
        let id = app.first_task();
        let body = json!({ "version": 1, "lead_unit": "市交通运输局", "supporting_units": "市发展改革委、市财政局",
                       "due_date": "2020-06-30", "status": "in_progress" });
        let reply = app
            .json(
                "PATCH",
                &format!("/api/tasks/{id}"),
                Some(&editor),
                Some(&editor.csrf),
                &body.to_string(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

        let ids = |v: Value| -> Vec<i64> {
            v["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap())
                .collect()
        };
        assert_eq!(
            ids(app.get("/api/tasks?unit=交通运输", None).await.json()),
            [id]
        );
        assert_eq!(
            ids(app.get("/api/tasks?unit=财政局", None).await.json()),
            [id]
        );
        assert_eq!(
            ids(app.get("/api/tasks?status=in_progress", None).await.json()),
            [id]
        );
        assert_eq!(
            ids(app.get("/api/tasks?overdue=1", None).await.json()),
            [id]
        );
        let area = app.task(id).area;
        let first_area_word: String = area.chars().take(4).collect();
        let in_area = ids(app
            .get(&format!("/api/tasks?area={first_area_word}"), None)
            .await
            .json());
        assert!(in_area.contains(&id) && in_area.len() < all * 2, "{area}");
        // Done tasks are not overdue.
        let reply = app
            .json(
                "PATCH",
                &format!("/api/tasks/{id}"),
                Some(&editor),
                Some(&editor.csrf),
                &json!({ "version": 2, "status": "done" }).to_string(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert!(ids(app.get("/api/tasks?overdue=1", None).await.json()).is_empty());

        // The page's filtering in SQL gives what the API's filtering gives.
        let today = duban_server::ledger::today();
        for q in [
            "",
            "unit=交通",
            "unit=%25",
            "area=重点工作",
            "area=_",
            "status=done",
            "status=in_progress&unit=交通",
            "overdue=1",
            "region=青川市&year=2023&status=open",
        ] {
            let query: duban_server::ledger::TaskQuery = serde_urlencoded::from_str(q).unwrap();
            let api = ids(app.get(&format!("/api/tasks?{q}"), None).await.json());
            let (total, page) = app.store_do(|s| {
                s.ledger_page(
                    &query.store_filter().unwrap(),
                    &query.ledger_filter(&today).unwrap(),
                    1000,
                )
                .unwrap()
            });
            let page: Vec<i64> = page.iter().map(|t| t.id.0).collect();
            assert_eq!((total, &page), (api.len(), &api), "{q}");
            let (_, first) = app.store_do(|s| {
                s.ledger_page(
                    &query.store_filter().unwrap(),
                    &query.ledger_filter(&today).unwrap(),
                    3,
                )
                .unwrap()
            });
            assert_eq!(first.len(), api.len().min(3), "{q}");
        }
        let reply = app
            .get("/api/tasks.xlsx?region=青川市&year=2023", None)
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.starts_with(b"PK\x03\x04"), "an XLSX is a zip");
        assert!(reply.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml"));
        let page = app.get("/tasks.xlsx?status=done", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.starts_with(b"PK\x03\x04"));
        assert!(
            page.body.len() < reply.body.len(),
            "the filtered export is smaller"
        );
    }
}

#[tokio::test]
async fn task_patch_rights_and_errors() {
    for app in App::backends() {
        let id = app.first_task();
        let path = format!("/api/tasks/{id}");
        let good = json!({ "version": 1, "status": "in_progress" }).to_string();

        // No session.
        let reply = app.json("PATCH", &path, None, None, &good).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["error"], "unauthorized");
        // A viewer, even with the right CSRF token.
        let viewer = app.login("vic").await;
        let reply = app
            .json("PATCH", &path, Some(&viewer), Some(&viewer.csrf), &good)
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        // An editor without or with a wrong CSRF token.
        let editor = app.login("eve").await;
        assert_eq!(
            app.json("PATCH", &path, Some(&editor), None, &good)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.json("PATCH", &path, Some(&editor), Some(&viewer.csrf), &good)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Bad input.
        let patch = |body: String| {
            let (app, path, editor) = (&app, path.clone(), editor.clone());
            async move {
                app.json("PATCH", &path, Some(&editor), Some(&editor.csrf), &body)
                    .await
            }
        };
        assert_eq!(
            patch("{not json".into()).await.status,
            StatusCode::BAD_REQUEST
        );
        for bad in [
            json!({ "status": "done" }),
            json!({ "version": 1, "status": "finished" }),
            json!({ "version": 1, "due_date": "2024-02-30" }),
            json!({ "version": 1, "due_date": "next week" }),
            json!({ "version": 1, "due_date": "" }),
            json!({ "version": 1, "colour": "red" }),
            json!({ "version": "one" }),
            json!({ "version": 1, "lead_unit": "x".repeat(201) }),
            json!({ "version": 1, "lead_unit": "a\u{0}b" }),
        ] {
            let reply = patch(bad.to_string()).await;
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{bad}: {}",
                reply.text()
            );
            assert!(!reply.json()["message"].as_str().unwrap().is_empty());
        }
        // Unknown and malformed ids.
        let reply = app
            .json(
                "PATCH",
                "/api/tasks/999999",
                Some(&editor),
                Some(&editor.csrf),
                &good,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let reply = app
            .json(
                "PATCH",
                "/api/tasks/x1",
                Some(&editor),
                Some(&editor.csrf),
                &good,
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        // Nothing above changed the task.
        assert_eq!(app.task(id).version, 1);

        // The change, then a second editor still holding version 1.
        let reply = patch(good.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert_eq!(reply.json()["version"], 2);
        assert_eq!(reply.json()["status"], "in_progress");
        let admin = app.login("ada").await;
        let stale =
            json!({ "version": 1, "status": "dropped", "lead_unit": "市民政局" }).to_string();
        let reply = app
            .json("PATCH", &path, Some(&admin), Some(&admin.csrf), &stale)
            .await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        let body = reply.json();
        assert_eq!(body["error"], "conflict");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("changed by someone else"),
            "{body}"
        );
        assert_eq!(body["current"]["version"], 2);
        assert_eq!(body["current"]["status"], "in_progress");
        let task = app.task(id);
        assert_eq!(
            (task.version, task.status, task.lead_unit),
            (2, duban_store::Status::InProgress, None)
        );

        // The history names who changed what.
        let reply = app.get(&path, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let history = reply.json()["history"].as_array().unwrap().clone();
        assert_eq!(history.len(), 1, "{history:?}");
        assert_eq!(history[0]["field"], "status");
        assert_eq!(history[0]["old"], "open");
        assert_eq!(history[0]["new"], "in_progress");
        assert_eq!(history[0]["actor"], "eve (editor)");
        assert_eq!(
            app.get("/api/tasks/999999", None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/api/tasks/-1", None).await.status,
            StatusCode::BAD_REQUEST
        );
    }
}

#[tokio::test]
async fn notes() {
    for app in App::backends() {
        let id = app.first_task();
        let path = format!("/api/tasks/{id}/notes");
        let note = json!({ "noted_on": "2023-06-30", "note": "完成可行性研究" }).to_string();
        assert_eq!(
            app.json("POST", &path, None, None, &note).await.status,
            StatusCode::UNAUTHORIZED
        );
        let viewer = app.login("vic").await;
        assert_eq!(
            app.json("POST", &path, Some(&viewer), Some(&viewer.csrf), &note)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let editor = app.login("eve").await;
        assert_eq!(
            app.json("POST", &path, Some(&editor), None, &note)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        for bad in [
            json!({ "noted_on": "2023-6-30", "note": "x" }),
            json!({ "noted_on": "2023-06-30", "note": "   " }),
            json!({ "noted_on": "2023-06-30" }),
            json!({ "noted_on": "2023-06-30", "note": "x".repeat(4001) }),
        ] {
            let reply = app
                .json(
                    "POST",
                    &path,
                    Some(&editor),
                    Some(&editor.csrf),
                    &bad.to_string(),
                )
                .await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        }
        let reply = app
            .json(
                "POST",
                "/api/tasks/999999/notes",
                Some(&editor),
                Some(&editor.csrf),
                &note,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let reply = app
            .json("POST", &path, Some(&editor), Some(&editor.csrf), &note)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        let notes = reply.json()["notes"].as_array().unwrap().clone();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0]["note"], "完成可行性研究");
        assert_eq!(notes[0]["author"], "eve (editor)");
        // The ledger's bulk read gives what the per-task read gives.
        app.store_do(|s| {
            let all = duban_store::Filter::default();
            let (bulk, one_by_one) = (s.ledger(&all, true).unwrap(), s.tasks(&all).unwrap());
            assert!(bulk
                .iter()
                .any(|t| !t.notes.is_empty() && t.evidence.is_some()));
            assert_eq!(bulk, one_by_one);
        });
        let history = app.get(&format!("/api/tasks/{id}"), None).await.json()["history"].clone();
        assert_eq!(history[0]["field"], "note");
        assert_eq!(history[0]["new"], "2023-06-30 完成可行性研究");
    }
}

const SMALL_REPORT: &str = "政府工作报告\n\n各位代表：\n\n一、2015年工作回顾\n\n全年地区生产总值增长7.5%。\n\n二、2016年主要目标\n\n今年经济社会发展的主要预期目标是：地区生产总值增长7%左右。\n";

#[tokio::test]
async fn upload() {
    for app in App::backends() {
        let fields = [("region", "甲县"), ("year", "2016")];
        let file = Some(("甲县2016.txt", SMALL_REPORT.as_bytes()));
        let reply = app
            .multipart("/api/reports", None, None, file, &fields)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        let viewer = app.login("vic").await;
        let reply = app
            .multipart(
                "/api/reports",
                Some(&viewer),
                Some(&viewer.csrf),
                file,
                &fields,
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let editor = app.login("eve").await;
        let reply = app
            .multipart("/api/reports", Some(&editor), None, file, &fields)
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "no CSRF token");
        // The token may come as a form field too.
        let mut with_field = fields.to_vec();
        with_field.push(("csrf", &editor.csrf));
        let reply = app
            .multipart("/api/reports", Some(&editor), None, file, &with_field)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        let stored = reply.json()["stored"].as_array().unwrap().clone();
        assert_eq!(stored.len(), 1);
        let again = app
            .multipart(
                "/api/reports",
                Some(&editor),
                Some(&editor.csrf),
                file,
                &fields,
            )
            .await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.json()["unchanged"], Value::Array(stored.clone()));
        let list = app.get("/api/reports?region=甲县", None).await.json();
        assert_eq!(list["reports"][0]["year"], 2016);
        assert_eq!(list["reports"][0]["source"], "甲县2016.txt");

        let send = |file: Option<(&'static str, &'static [u8])>,
                    fields: Vec<(&'static str, &'static str)>| {
            let (app, editor) = (&app, editor.clone());
            async move {
                app.multipart(
                    "/api/reports",
                    Some(&editor),
                    Some(&editor.csrf),
                    file,
                    &fields,
                )
                .await
            }
        };
        let reply = send(None, vec![("region", "甲县")]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "no file part");
        let reply = send(Some(("empty.txt", b"")), vec![]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("empty.txt"));
        let reply = send(
            Some(("blob.txt", b"\x00\x01\x02\x03binary\x00\x00\xff")),
            vec![],
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.json()["message"]
                .as_str()
                .unwrap()
                .contains("blob.txt"),
            "{}",
            reply.text()
        );
        let reply = send(
            Some(("a.txt", SMALL_REPORT.as_bytes())),
            vec![("year", "twenty")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn login_logout_and_rate_limit() {
    for app in App::backends() {
        let me = app.get("/api/me", None).await.json();
        assert_eq!(me["user"], Value::Null);
        let editor = app.login("eve").await;
        let me = app.get("/api/me", Some(&editor)).await.json();
        assert_eq!(me["user"]["name"], "eve");
        assert_eq!(me["user"]["role"], "editor");
        assert!(me["user"].get("password_hash").is_none(), "never sent");
        assert_eq!(me["csrf"], editor.csrf.as_str());

        // The cookie is HttpOnly and SameSite; the store keeps only the token's hash.
        let reply = app
            .json(
                "POST",
                "/api/login",
                None,
                None,
                &json!({ "name": "eve", "password": "editor-password-1" }).to_string(),
            )
            .await;
        let set_cookie = reply.headers["set-cookie"].to_str().unwrap().to_string();
        assert!(
            set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
            "{set_cookie}"
        );
        let token = reply
            .cookie("duban_session")
            .unwrap()
            .trim_start_matches("duban_session=")
            .to_string();
        assert_eq!(token.len(), 64);
        let (by_raw, by_hash) = app.store_do(|store| {
            (
                store.session(&token, 0).unwrap().is_some(),
                store
                    .session(&duban_server::auth::token_hash(&token), 0)
                    .unwrap()
                    .is_some(),
            )
        });
        assert!(!by_raw, "the raw token is not a key");
        assert!(by_hash);

        // Sign out: the session is gone.
        assert_eq!(
            app.json("POST", "/api/logout", Some(&editor), None, "")
                .await
                .status,
            StatusCode::FORBIDDEN,
            "CSRF"
        );
        let reply = app
            .json("POST", "/api/logout", Some(&editor), Some(&editor.csrf), "")
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/me", Some(&editor)).await.json()["user"],
            Value::Null
        );
        let id = app.first_task();
        let reply = app
            .json(
                "PATCH",
                &format!("/api/tasks/{id}"),
                Some(&editor),
                Some(&editor.csrf),
                r#"{"version":1}"#,
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

        // Bad sign-ins.
        assert_eq!(
            app.json("POST", "/api/login", None, None, "{").await.status,
            StatusCode::BAD_REQUEST
        );
        let wrong = json!({ "name": "vic", "password": "nope" }).to_string();
        for _ in 0..duban_server::auth::MAX_FAILURES {
            assert_eq!(
                app.json("POST", "/api/login", None, None, &wrong)
                    .await
                    .status,
                StatusCode::UNAUTHORIZED
            );
        }
        let reply = app.json("POST", "/api/login", None, None, &wrong).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.headers.contains_key("retry-after"));
        // Even the right password waits now.
        let right = json!({ "name": "vic", "password": "viewer-password-1" }).to_string();
        assert_eq!(
            app.json("POST", "/api/login", None, None, &right)
                .await
                .status,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
}

#[tokio::test]
async fn private_mode_needs_sign_in_to_read() {
    for app in App::backends_with(|c| c.private = true) {
        assert_eq!(
            app.get("/api/reports", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.get("/api/tasks", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        let page = app.get("/tasks?status=open", None).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(
            page.location(),
            Some("/login?next=%2Ftasks%3Fstatus%3Dopen")
        );
        assert_eq!(app.get("/login", None).await.status, StatusCode::OK);
        let viewer = app.login("vic").await;
        assert_eq!(
            app.get("/api/reports", Some(&viewer)).await.status,
            StatusCode::OK
        );
        assert_eq!(
            app.get("/reports", Some(&viewer)).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn openapi_lists_every_api_route() {
    for app in App::backends() {
        let reply = app.get("/api/openapi.json", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let doc = reply.json();
        assert_eq!(doc["openapi"], "3.1.0");
        for route in duban_server::routes::table() {
            if route.kind != duban_server::routes::Kind::Api {
                continue;
            }
            let method = route.method.to_ascii_lowercase();
            assert!(
                doc["paths"][route.path][&method].is_object(),
                "{} {} is not documented",
                route.method,
                route.path
            );
        }
    }
}

#[tokio::test]
async fn limits_and_headers() {
    for app in App::backends() {
        let editor = app.login("eve").await;
        let id = app.first_task();
        let huge = format!(
            r#"{{"version":1,"lead_unit":"{}"}}"#,
            "x".repeat(duban_server::routes::BODY_LIMIT + 10)
        );
        let reply = app
            .json(
                "PATCH",
                &format!("/api/tasks/{id}"),
                Some(&editor),
                Some(&editor.csrf),
                &huge,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            reply.text()
        );
        let css = app.get("/static/app.css", None).await;
        assert!(css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age"));
        for path in ["/reports", "/api/reports", "/login", "/nowhere"] {
            let reply = app.get(path, None).await;
            let h = &reply.headers;
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
                "{csp}"
            );
            assert!(csp.contains("frame-ancestors 'none'"));
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(h["x-frame-options"], "DENY");
            assert_eq!(h["referrer-policy"], "same-origin");
            assert_eq!(h["cache-control"], "no-store");
        }
    }
}

#[tokio::test]
async fn secure_cookies_mark_every_cookie_secure() {
    let set_cookies = |reply: &common::Reply| -> Vec<String> {
        reply
            .headers
            .get_all(axum::http::header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    };
    for (secure, apps) in [
        (true, App::backends_with(|c| c.secure_cookies = true)),
        (false, App::backends()),
    ] {
        for app in apps {
            let form = app.get("/login", None).await;
            let login = app
                .json(
                    "POST",
                    "/api/login",
                    None,
                    None,
                    &serde_json::json!({ "name": "vic", "password": common::USERS.iter().find(|u| u.0 == "vic").unwrap().2 }).to_string(),
                )
                .await;
            let cookies = [set_cookies(&form), set_cookies(&login)].concat();
            assert!(cookies.len() >= 2, "{cookies:?}");
            for cookie in cookies {
                assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");
            }
        }
    }
}
