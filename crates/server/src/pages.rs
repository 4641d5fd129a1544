//! The HTML pages, rendered on the server with maud (every interpolated string is
//! escaped). Stable `data-testid` attributes mark what the browser tests use.

use crate::api::{self, parse_id, ReportQuery};
use crate::auth::{self, Who, LOGIN_CSRF_COOKIE};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ledger::{self, NoteInput, TaskPatch, TaskQuery};
use crate::state::AppState;
use axum::extract::{FromRequestParts, Multipart, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use duban_store::{
    AuditEntry, FactRow, ReportDetail, ReportId, ReportSummary, Status, TaskId, TaskRow, TrackRow,
};
use maud::{html, Markup, DOCTYPE};
use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;

/// What every page needs: the language, who is asking, and the request's path+query.
pub struct Ctx {
    lang: Lang,
    who: Who,
    path: String,
    query: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, Infallible> {
        Ok(Ctx {
            lang: parts.extensions.get::<Lang>().copied().unwrap_or_default(),
            who: parts.extensions.get::<Who>().cloned().unwrap_or_default(),
            path: parts.uri.path().to_string(),
            query: parts
                .uri
                .query()
                .and_then(|q| serde_urlencoded::from_str(q).ok())
                .unwrap_or_default(),
        })
    }
}

impl Ctx {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.t(zh, en)
    }

    /// This page in the other language (the query kept, `lang` replaced).
    fn lang_link(&self, lang: Lang) -> String {
        let mut query: Vec<(String, String)> = self
            .query
            .iter()
            .filter(|(k, _)| k != "lang")
            .cloned()
            .collect();
        query.push(("lang".into(), lang.code().into()));
        format!(
            "{}?{}",
            self.path,
            serde_urlencoded::to_string(&query).unwrap_or_default()
        )
    }
}

type PageResult = Result<Response, Response>;

fn page_err(lang: Lang) -> impl Fn(AppError) -> Response {
    move |err| error_page(lang, &err)
}

/// The frame of every page.
fn layout(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let nav = [
        ("/reports", ctx.t("报告", "Reports"), "nav-reports"),
        (
            "/targets",
            ctx.t("目标与完成", "Targets vs outcomes"),
            "nav-targets",
        ),
        ("/tasks", ctx.t("任务台账", "Task ledger"), "nav-tasks"),
    ];
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.html()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · duban 督办" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/reports" { "督办 duban" }
                    nav {
                        @for (href, label, id) in nav {
                            a href=(href) data-testid=(id) class=[ctx.path.starts_with(href).then_some("current")] { (label) }
                        }
                    }
                    div.lang data-testid="lang-switch" {
                        a href=(ctx.lang_link(Lang::Zh)) lang="zh-CN" class=[(ctx.lang == Lang::Zh).then_some("current")] { "中文" }
                        " | "
                        a href=(ctx.lang_link(Lang::En)) lang="en" class=[(ctx.lang == Lang::En).then_some("current")] { "English" }
                    }
                    div.user {
                        @if let Some(s) = &ctx.who.session {
                            span data-testid="signed-in-user" { (s.user.display_name) " (" (s.user.role) ")" }
                            form.inline method="post" action="/logout" data-testid="signout-form" {
                                input type="hidden" name="csrf" value=(s.csrf);
                                button type="submit" { (ctx.t("退出", "Sign out")) }
                            }
                        } @else {
                            a href="/login" data-testid="signin-link" { (ctx.t("登录", "Sign in")) }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn respond(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// An error as a page (bilingual when no context is at hand).
pub fn error_page(lang: Lang, err: &AppError) -> Response {
    let title = match err.status() {
        StatusCode::NOT_FOUND => lang.t("找不到", "Not found"),
        StatusCode::FORBIDDEN => lang.t("无权操作", "Forbidden"),
        StatusCode::UNAUTHORIZED => lang.t("请先登录", "Sign in first"),
        StatusCode::CONFLICT => lang.t("修改冲突", "Edit conflict"),
        StatusCode::TOO_MANY_REQUESTS => lang.t("请稍后再试", "Try again later"),
        s if s.is_client_error() => lang.t("请求有误", "Bad request"),
        _ => lang.t("服务器出错", "Server error"),
    };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.html()) {
            head {
                meta charset="utf-8";
                title { (title) " · duban 督办" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                main {
                    h1 { (title) }
                    p.error data-testid="error-message" { (err.message()) }
                    p { a href="/reports" { (lang.t("返回报告列表", "Back to the reports")) } }
                }
            }
        }
    };
    respond(err.status(), markup)
}

/// `GET /`.
pub async fn home() -> Redirect {
    Redirect::to("/reports")
}

/// `GET /static/app.css`.
pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

/// `GET /static/app.js`.
pub async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.js"),
    )
}

// ---- sign-in ----

fn safe_next(next: Option<&str>) -> String {
    match next {
        // Only a path on this site: not `//host`, no backslashes or control characters
        // (browsers drop tabs and newlines, turning `/\t/host` into `//host`).
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.chars().any(|c| c == '\\' || c.is_control()) =>
        {
            n.to_string()
        }
        _ => "/reports".to_string(),
    }
}

fn login_page(
    ctx: &Ctx,
    status: StatusCode,
    next: &str,
    message: Option<&str>,
    headers: &HeaderMap,
    secure_cookies: bool,
) -> Response {
    // Double-submit: the form's token must equal the cookie's.
    let existing = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| auth::cookie(c, LOGIN_CSRF_COOKIE))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string);
    let token = existing.clone().unwrap_or_else(auth::random_token);
    let body = html! {
        h1 { (ctx.t("登录", "Sign in")) }
        @if let Some(m) = message { p.error data-testid="signin-error" { (m) } }
        form.signin method="post" action="/login" data-testid="signin-form" id="signin-form" {
            input type="hidden" name="csrf" value=(token);
            input type="hidden" name="next" value=(next);
            label { (ctx.t("用户名", "User name")) input type="text" name="name" autocomplete="username" required data-testid="signin-name"; }
            label { (ctx.t("密码", "Password")) input type="password" name="password" autocomplete="current-password" required data-testid="signin-password"; }
            button type="submit" data-testid="signin-submit" { (ctx.t("登录", "Sign in")) }
        }
    };
    let mut response = respond(status, layout(ctx, ctx.t("登录", "Sign in"), body));
    if existing.is_none() {
        if let Ok(v) = auth::set_cookie(LOGIN_CSRF_COOKIE, &token, 3600, secure_cookies).parse() {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// `GET /login?next=`.
pub async fn login_form(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Response {
    let next = ctx
        .query
        .iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.clone());
    login_page(
        &ctx,
        StatusCode::OK,
        &safe_next(next.as_deref()),
        None,
        &headers,
        state.config.secure_cookies,
    )
}

/// `POST /login` (form: csrf, next, name, password).
pub async fn login(State(state): State<AppState>, ctx: Ctx, request: Request) -> Response {
    let client = api::client_of(&request);
    let headers = request.headers().clone();
    let form: Vec<(String, String)> =
        match Form::<Vec<(String, String)>>::from_request(request, &state).await {
            Ok(Form(f)) => f,
            Err(_) => return error_page(ctx.lang, &AppError::BadRequest("unreadable form".into())),
        };
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let next = safe_next(field("next"));
    let cookie_token = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| auth::cookie(c, LOGIN_CSRF_COOKIE))
        .unwrap_or("");
    if !auth::same_token(field("csrf").unwrap_or(""), cookie_token) {
        let message = ctx.t(
            "表单已失效，请重新登录。",
            "The form expired; sign in again.",
        );
        return login_page(
            &ctx,
            StatusCode::FORBIDDEN,
            &next,
            Some(message),
            &headers,
            state.config.secure_cookies,
        );
    }
    let (name, password) = (field("name").unwrap_or(""), field("password").unwrap_or(""));
    match api::sign_in(&state, &client, name, password).await {
        Ok((token, _, _)) => {
            let mut response = Redirect::to(&next).into_response();
            if let Ok(v) = api::session_cookie(&state, &token).parse() {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(AppError::TooManyRequests(s)) => error_page(ctx.lang, &AppError::TooManyRequests(s)),
        Err(AppError::Unauthorized) => {
            let message = ctx.t("用户名或密码不对。", "Wrong user name or password.");
            login_page(
                &ctx,
                StatusCode::UNAUTHORIZED,
                &next,
                Some(message),
                &headers,
                state.config.secure_cookies,
            )
        }
        Err(other) => error_page(ctx.lang, &other),
    }
}

use axum::extract::FromRequest;

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Response {
    match api::sign_out(&state, &headers).await {
        Ok(cookie) => {
            let mut response = Redirect::to("/reports").into_response();
            if let Ok(v) = cookie.parse() {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(err) => error_page(ctx.lang, &err),
    }
}

// ---- reports ----

fn upload_form(ctx: &Ctx) -> Markup {
    html! {
        @if ctx.who.can_edit() {
            section.upload {
                h2 { (ctx.t("上传报告", "Upload a report")) }
                form method="post" action="/reports" enctype="multipart/form-data" data-testid="upload-form" {
                    input type="hidden" name="csrf" value=(ctx.who.csrf());
                    label { (ctx.t("文件（.txt .html .pdf .docx）", "File (.txt .html .pdf .docx)"))
                        input type="file" name="file" required accept=".txt,.html,.htm,.pdf,.docx"; }
                    label { (ctx.t("地区", "Region")) input type="text" name="region" placeholder=(ctx.t("如：青川市", "e.g. 青川市")); }
                    label { (ctx.t("年份", "Year")) input type="number" name="year" min="1900" max="2200"; }
                    button type="submit" { (ctx.t("上传", "Upload")) }
                }
            }
        } @else if ctx.who.session.is_none() {
            p.hint { a href="/login?next=/reports" { (ctx.t("登录", "Sign in")) } (ctx.t("后可上传报告。", " to upload reports.")) }
        }
    }
}

/// `GET /reports?region&year`: reports by region and year with counts.
pub async fn reports(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    let filter = query.filter().map_err(page_err(ctx.lang))?;
    let rows = state.reports(filter).await.map_err(page_err(ctx.lang))?;
    let mut by_region: BTreeMap<String, Vec<&ReportSummary>> = BTreeMap::new();
    for row in rows.iter() {
        by_region
            .entry(row.region.clone().unwrap_or_else(|| "?".into()))
            .or_default()
            .push(row);
    }
    let body = html! {
        h1 { (ctx.t("报告", "Reports")) }
        p.count data-testid="report-count" { (rows.len()) (ctx.t(" 篇报告，", " reports in ")) (by_region.len()) (ctx.t(" 个地区", " regions")) }
        @if rows.is_empty() { p.hint { (ctx.t("还没有报告。", "No reports yet.")) } }
        @for (region, list) in &by_region {
            section.region data-testid="report-region" {
                h2 { (region) }
                table.reports {
                    thead { tr {
                        th { (ctx.t("年份", "Year")) } th { (ctx.t("标题", "Title")) }
                        th.num { (ctx.t("指标", "Indicators")) } th.num { (ctx.t("目标", "Targets")) } th.num { (ctx.t("任务", "Tasks")) }
                        th { "" }
                    } }
                    tbody {
                        @for r in list {
                            tr data-testid="report-row" {
                                td { (r.year.map_or("?".to_string(), |y| y.to_string())) }
                                td { a href={"/reports/" (r.id.0)} data-testid="report-link" { (r.title.as_deref().unwrap_or("(untitled)")) } }
                                td.num { (r.n_indicators) } td.num { (r.n_targets) } td.num { (r.n_tasks) }
                                td.links {
                                    a href={"/targets?region=" (urlenc(r.region.as_deref().unwrap_or("")))} { (ctx.t("目标", "targets")) } " · "
                                    a href={"/tasks?region=" (urlenc(r.region.as_deref().unwrap_or(""))) "&year=" (r.year.unwrap_or_default())} { (ctx.t("台账", "ledger")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        (upload_form(&ctx))
    };
    Ok(respond(
        StatusCode::OK,
        layout(&ctx, ctx.t("报告", "Reports"), body),
    ))
}

fn urlenc(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)])
        .unwrap_or_default()
        .trim_start_matches("x=")
        .to_string()
}

/// `POST /reports` (multipart upload).
pub async fn upload(State(state): State<AppState>, ctx: Ctx, multipart: Multipart) -> Response {
    match api::store_upload(&state, multipart).await {
        Ok(ingested) => match ingested.first() {
            Some(id) => Redirect::to(&format!("/reports/{}", id.0)).into_response(),
            None => Redirect::to("/reports").into_response(),
        },
        Err(err) => error_page(ctx.lang, &err),
    }
}

fn fact_key(f: &FactRow) -> String {
    format!("{}-{}", f.kind, f.id)
}

fn number(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn value_text(f: &FactRow) -> String {
    match (f.low, f.high, f.value) {
        (Some(l), Some(h), _) if l != h => format!("{}–{}", number(l), number(h)),
        (_, _, Some(v)) => number(v),
        _ => "—".into(),
    }
}

fn kind_label(ctx: &Ctx, f: &FactRow) -> &'static str {
    if f.kind == "target" {
        ctx.t("主要目标", "Main target")
    } else {
        ctx.t("指标", "Indicator")
    }
}

fn period_text(f: &FactRow) -> String {
    match (f.period_start, f.period_end) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => "—".into(),
    }
}

fn record(ctx: &Ctx, f: &FactRow) -> Markup {
    html! {
        div.rec data-testid="fact-record" data-fact=(fact_key(f)) {
            h3 { (kind_label(ctx, f)) ": " (f.metric_text) }
            dl {
                dt { (ctx.t("指标代码", "Metric")) } dd { (f.metric.as_deref().unwrap_or("—")) }
                dt { (ctx.t("度量", "Measure")) } dd { (ctx.lang.term(&f.measure)) }
                dt { (ctx.t("数值", "Value")) } dd data-testid="fact-value" { (value_text(f)) " " (ctx.lang.term(&f.unit)) }
                dt { (ctx.t("限定", "Qualifier")) } dd { (ctx.lang.term(f.qualifier.as_deref().unwrap_or("—"))) }
                dt { (ctx.t("角色", "Role")) } dd { (ctx.lang.term(&f.role)) }
                dt { (ctx.t("时期", "Period")) } dd { (period_text(f)) }
                dt { (ctx.t("约束性", "Hardness")) } dd { (ctx.lang.term(f.hardness.as_deref().unwrap_or("—"))) }
                dt { (ctx.t("原句", "Sentence")) } dd.sentence { (f.sentence) }
            }
        }
    }
}

enum Piece<'a> {
    Text(&'a str),
    Anchor(i64),
    Mark(&'a FactRow, &'a str),
}

/// The report text cut at section starts and fact spans (overlaps: the target wins,
/// then the earlier fact).
fn pieces(detail: &ReportDetail) -> Vec<Piece<'_>> {
    let text = detail.text.as_str();
    let mut facts: Vec<&FactRow> = detail
        .facts
        .iter()
        .filter(|f| f.span_start >= 0 && f.span_start < f.span_end)
        .filter(|f| {
            text.get(f.span_start as usize..f.span_end as usize)
                .is_some()
        })
        .collect();
    facts.sort_by_key(|f| (f.span_start, f.kind != "target", -(f.span_end)));
    let mut marks: Vec<&FactRow> = Vec::new();
    for f in facts {
        if marks.last().is_none_or(|m| f.span_start >= m.span_end) {
            marks.push(f);
        }
    }
    let mut anchors: Vec<(usize, i64)> = detail
        .sections
        .iter()
        .filter(|s| text.is_char_boundary(s.span_start.max(0) as usize))
        .map(|s| (s.span_start.max(0) as usize, s.id))
        .collect();
    anchors.sort();
    let mut out = Vec::new();
    let mut at = 0usize;
    let mut a = anchors.into_iter().peekable();
    for m in marks {
        let (start, end) = (m.span_start as usize, m.span_end as usize);
        while let Some(&(pos, id)) = a.peek() {
            if pos > start {
                break;
            }
            let pos = pos.max(at);
            out.push(Piece::Text(&text[at..pos]));
            out.push(Piece::Anchor(id));
            at = pos;
            a.next();
        }
        out.push(Piece::Text(&text[at..start]));
        out.push(Piece::Mark(m, &text[start..end]));
        at = end;
    }
    for (pos, id) in a {
        let pos = pos.max(at);
        out.push(Piece::Text(&text[at..pos]));
        out.push(Piece::Anchor(id));
        at = pos;
    }
    out.push(Piece::Text(&text[at..]));
    out
}

fn role_label(ctx: &Ctx, role: &str) -> &'static str {
    match role {
        "review" => ctx.t("回顾", "review"),
        "problems" => ctx.t("问题", "problems"),
        "requirements" => ctx.t("总体要求", "requirements"),
        "targets" => ctx.t("目标", "targets"),
        "tasks" => ctx.t("任务", "tasks"),
        "plan" => ctx.t("规划", "plan"),
        "government_self_building" => ctx.t("自身建设", "self-building"),
        _ => "",
    }
}

/// `GET /reports/{id}?fact=`: the text with facts highlighted, the outline, the record.
pub async fn report(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let id = ReportId(parse_id(&id).map_err(page_err(ctx.lang))?);
    let detail = state.report_detail(id).await.map_err(page_err(ctx.lang))?;
    let selected = ctx
        .query
        .iter()
        .find(|(k, _)| k == "fact")
        .map(|(_, v)| v.clone());
    let s = &detail.summary;
    let title = s.title.clone().unwrap_or_else(|| format!("#{}", s.id.0));
    let pieces = pieces(&detail);
    let body = html! {
        h1 data-testid="report-title" { (title) }
        p.meta {
            (s.region.as_deref().unwrap_or("?")) " · " (s.year.map_or("?".into(), |y| y.to_string())) " · "
            (s.n_indicators) (ctx.t(" 个指标 · ", " indicators · ")) (s.n_targets) (ctx.t(" 个目标 · ", " targets · "))
            a href={"/tasks?region=" (urlenc(s.region.as_deref().unwrap_or(""))) "&year=" (s.year.unwrap_or_default())} { (s.n_tasks) (ctx.t(" 项任务", " tasks")) }
        }
        p.legend { span.hl.hl-target { (ctx.t("目标", "target")) } " " span.hl.hl-indicator { (ctx.t("指标", "indicator")) } " " (ctx.t("点击高亮处查看结构化记录。", "Click a highlight to see its record.")) }
        div.report-view {
            nav.outline data-testid="outline" {
                h2 { (ctx.t("目录", "Outline")) }
                ul {
                    @for sec in &detail.sections {
                        li class={"lvl-" (sec.level.clamp(1, 4))} {
                            a href={"#sec-" (sec.id)} { (sec.heading) }
                            @let role = role_label(&ctx, &sec.role);
                            @if !role.is_empty() { " " span.role { (role) } }
                        }
                    }
                }
            }
            article.text data-testid="report-text" {
                @for piece in &pieces {
                    @match piece {
                        Piece::Text(t) => { (t) }
                        Piece::Anchor(id) => { span.anchor id={"sec-" (id)} {} }
                        Piece::Mark(f, t) => {
                            a class={"hl hl-" (f.kind)} href={"?fact=" (fact_key(f)) "#record"}
                              data-testid={(f.kind) "-span"} data-fact=(fact_key(f))
                              data-kind=(kind_label(&ctx, f)) data-title=(f.metric_text)
                              data-metric=(f.metric.as_deref().unwrap_or("—")) data-measure=(ctx.lang.term(&f.measure))
                              data-value={(value_text(f)) " " (ctx.lang.term(&f.unit))}
                              data-qualifier=(ctx.lang.term(f.qualifier.as_deref().unwrap_or("—"))) data-role=(ctx.lang.term(&f.role))
                              data-period=(period_text(f)) data-hardness=(ctx.lang.term(f.hardness.as_deref().unwrap_or("—"))) { (t) }
                        }
                    }
                }
            }
            aside.record id="record" data-testid="record-panel" {
                h2 { (ctx.t("结构化记录", "Record")) }
                // Filled by app.js from the clicked highlight's data attributes.
                template id="record-template" {
                    div.rec data-testid="fact-record" {
                        h3 { span data-slot="kind" {} ": " span data-slot="title" {} }
                        dl {
                            dt { (ctx.t("指标代码", "Metric")) } dd data-slot="metric" {}
                            dt { (ctx.t("度量", "Measure")) } dd data-slot="measure" {}
                            dt { (ctx.t("数值", "Value")) } dd data-slot="value" data-testid="fact-value" {}
                            dt { (ctx.t("限定", "Qualifier")) } dd data-slot="qualifier" {}
                            dt { (ctx.t("角色", "Role")) } dd data-slot="role" {}
                            dt { (ctx.t("时期", "Period")) } dd data-slot="period" {}
                            dt { (ctx.t("约束性", "Hardness")) } dd data-slot="hardness" {}
                            dt { (ctx.t("原句", "Sentence")) } dd.sentence data-slot="sentence" {}
                        }
                    }
                }
                div id="record-body" {
                    @match selected.as_deref().and_then(|k| detail.facts.iter().find(|f| fact_key(f) == k)) {
                        Some(f) => { (record(&ctx, f)) }
                        None => { p.hint { (ctx.t("点击文中高亮的指标或目标。", "Click a highlighted indicator or target in the text.")) } }
                    }
                }
            }
        }
    };
    Ok(respond(StatusCode::OK, layout(&ctx, &title, body)))
}

// ---- targets vs outcomes ----

fn verdict_label(ctx: &Ctx, verdict: &str) -> &'static str {
    match verdict {
        "met" => ctx.t("完成", "met"),
        "exceeded" => ctx.t("超额完成", "exceeded"),
        "missed" => ctx.t("未完成", "missed"),
        "no_data" => ctx.t("无数据", "no data"),
        "not_comparable" => ctx.t("无法比较", "not comparable"),
        _ => "?",
    }
}

fn target_text(lang: Lang, row: &TrackRow) -> String {
    let t = &row.target;
    let v = match (t.low, t.high, t.value) {
        (Some(l), Some(h), _) if l != h => format!("{}–{}", number(l), number(h)),
        (_, _, Some(v)) => number(v),
        _ => return t.metric_text.clone(),
    };
    format!(
        "{v} {}{}",
        lang.term(&t.unit),
        t.qualifier
            .as_deref()
            .filter(|q| *q != "exact")
            .map(|q| format!(" ({})", lang.term(q)))
            .unwrap_or_default()
    )
}

/// A metric as people name it: the first name reports use for it in Chinese, the
/// catalogue's English name in English, with the id after it (ids are what the API and
/// the CLI take).
fn metric_label(state: &AppState, lang: Lang, id: &str) -> String {
    match state.config.engine.catalogue.by_id(id) {
        Some(m) => {
            let name = match lang {
                Lang::Zh => m.aliases.first().map_or(m.name.as_str(), String::as_str),
                Lang::En => m.name.as_str(),
            };
            format!("{name} ({id})")
        }
        None => id.to_string(),
    }
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) at least `raw`, for axis ticks.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// An SVG chart of targets (hollow marks, range bars) and outcomes (dots coloured by
/// verdict) across years.
fn chart(ctx: &Ctx, rows: &[&TrackRow]) -> Markup {
    let (w, h, left, right, top, bottom) = (720.0, 260.0, 56.0, 16.0, 28.0, 36.0);
    let years: Vec<i32> = rows.iter().filter_map(|r| r.year).collect();
    let (Some(&y0), Some(&y1)) = (years.iter().min(), years.iter().max()) else {
        return html! {};
    };
    let mut values: Vec<f64> = Vec::new();
    for r in rows {
        values.extend(
            [r.target.value, r.target.low, r.target.high]
                .into_iter()
                .flatten(),
        );
        values.extend(r.outcome.as_ref().and_then(|o| o.value));
    }
    let values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return html! {};
    }
    let (mut v0, mut v1) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    if v1 - v0 < 1e-9 {
        v0 -= 1.0;
        v1 += 1.0;
    }
    let pad = (v1 - v0) * 0.1;
    let tick_step = nice_step((v1 - v0 + 2.0 * pad) / 4.0);
    let (v0, v1) = (
        ((v0 - pad) / tick_step).floor() * tick_step,
        ((v1 + pad) / tick_step).ceil() * tick_step,
    );
    // Half a year of room on each side keeps the end points off the axes.
    let x = |year: i32| {
        left + (f64::from(year - y0) + 0.5) / (f64::from(y1 - y0) + 1.0) * (w - left - right)
    };
    let y = |v: f64| top + (v1 - v) / (v1 - v0) * (h - top - bottom);
    let step = ((y1 - y0) / 12 + 1).max(1);
    let n_ticks = ((v1 - v0) / tick_step).round() as i32;
    let ticks: Vec<f64> = (0..=n_ticks)
        .map(|k| v0 + tick_step * f64::from(k))
        .collect();
    let unit = rows.first().map_or("", |r| r.target.unit.as_str());
    let outcome_points: Vec<String> = rows
        .iter()
        .filter_map(|r| Some((r.year?, r.outcome.as_ref()?.value?)))
        .map(|(yr, v)| format!("{:.1},{:.1}", x(yr), y(v)))
        .collect();
    html! {
        svg.chart viewBox={"0 0 " (w) " " (h)} role="img" data-testid="target-chart"
            aria-label=(ctx.t("目标与实际完成情况", "Targets and outcomes")) {
            text.unit x=(left - 6.0) y=(top - 12.0) text-anchor="end" { (ctx.lang.term(unit)) }
            line.axis x1=(left) y1=(h - bottom) x2=(w - right) y2=(h - bottom) {}
            line.axis x1=(left) y1=(top) x2=(left) y2=(h - bottom) {}
            @for t in &ticks {
                line.grid x1=(left) y1=(format!("{:.1}", y(*t))) x2=(w - right) y2=(format!("{:.1}", y(*t))) {}
                text.tick x=(left - 6.0) y=(format!("{:.1}", y(*t) + 4.0)) text-anchor="end" { (number((t / tick_step).round() * tick_step)) }
            }
            @for yr in (y0..=y1).step_by(step as usize) {
                text.tick x=(format!("{:.1}", x(yr))) y=(h - bottom + 18.0) text-anchor="middle" data-year=(yr) { (yr) }
            }
            @if outcome_points.len() > 1 { polyline.out-line points=(outcome_points.join(" ")) {} }
            @for r in rows {
                @if let Some(yr) = r.year {
                    @let cx = format!("{:.1}", x(yr));
                    @if let (Some(l), Some(hh)) = (r.target.low, r.target.high) {
                        @if l != hh { line.tgt-range x1=(cx) x2=(cx) y1=(format!("{:.1}", y(l))) y2=(format!("{:.1}", y(hh))) {} }
                    }
                    @if let Some(v) = r.target.value {
                        rect.tgt x=(format!("{:.1}", x(yr) - 5.0)) y=(format!("{:.1}", y(v) - 5.0)) width="10" height="10" {
                            title { (yr) " " (ctx.t("目标", "target")) " " (target_text(ctx.lang, r)) }
                        }
                    }
                    @if let Some(v) = r.outcome.as_ref().and_then(|o| o.value) {
                        circle class={"out v-" (r.verdict)} cx=(cx) cy=(format!("{:.1}", y(v))) r="5" {
                            title { (yr) " " (ctx.t("实际", "outcome")) " " (number(v)) " · " (verdict_label(ctx, &r.verdict)) }
                        }
                    }
                }
            }
        }
        p.legend {
            span.key-tgt { "□ " (ctx.t("目标", "target")) } " "
            span.key-out { "● " (ctx.t("实际（颜色为结论）", "outcome (colour = verdict)")) } " "
            @for v in ["met", "exceeded", "missed", "no_data", "not_comparable"] {
                span class={"verdict v-" (v)} { (verdict_label(ctx, v)) } " "
            }
        }
    }
}

/// `GET /targets?region&metric`: targets vs outcomes, a table and a chart per measure.
pub async fn targets(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    let mut filter = query.filter().map_err(page_err(ctx.lang))?;
    let wanted_metric = filter.metric.take();
    let region_asked = filter.region.clone();
    let all = state
        .reports(duban_store::Filter::default())
        .await
        .map_err(page_err(ctx.lang))?;
    let regions: Vec<String> = all
        .iter()
        .filter_map(|r| r.region.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let region = filter.region.clone().or_else(|| {
        all.iter()
            .max_by_key(|r| r.n_targets)
            .and_then(|r| r.region.clone())
    });
    let rows = match &region {
        Some(r) => state
            .track(duban_store::Filter {
                region: Some(r.clone()),
                metric: None,
                year: filter.year,
            })
            .await
            .map_err(page_err(ctx.lang))?,
        None => Default::default(),
    };
    let region = region_asked
        .or_else(|| rows.first().and_then(|r| r.region.clone()))
        .unwrap_or_default();
    let metrics: BTreeSet<String> = rows.iter().filter_map(|r| r.metric.clone()).collect();
    let metric = wanted_metric
        .or_else(|| metrics.contains("gdp").then(|| "gdp".to_string()))
        .or_else(|| metrics.iter().next().cloned())
        .unwrap_or_default();
    let mut by_measure: BTreeMap<&str, Vec<&TrackRow>> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| r.metric.as_deref() == Some(metric.as_str()))
    {
        by_measure.entry(r.measure.as_str()).or_default().push(r);
    }
    let body = html! {
        h1 { (ctx.t("目标与完成情况", "Targets vs outcomes")) }
        form.filters method="get" action="/targets" data-testid="targets-filter" {
            label { (ctx.t("地区", "Region"))
                select name="region" {
                    @for r in &regions { option value=(r) selected[*r == region] { (r) } }
                }
            }
            label { (ctx.t("指标", "Metric"))
                select name="metric" {
                    @for m in &metrics { option value=(m) selected[*m == metric] { (metric_label(&state, ctx.lang, m)) } }
                }
            }
            button type="submit" { (ctx.t("查看", "Show")) }
        }
        h2 data-testid="targets-heading" { (region) " · " (metric_label(&state, ctx.lang, &metric)) }
        @if by_measure.is_empty() { p.hint { (ctx.t("该地区没有此指标的目标。", "No targets for this metric in this region.")) } }
        @for (measure, list) in &by_measure {
            section.measure data-measure=(measure) {
                h3 { (ctx.t("度量：", "Measure: ")) (ctx.lang.term(measure)) }
                (chart(&ctx, list))
                table.track data-testid="targets-table" {
                    thead { tr {
                        th { (ctx.t("年份", "Year")) } th { (ctx.t("目标", "Target")) } th { (ctx.t("实际", "Outcome")) }
                        th { (ctx.t("结论", "Verdict")) } th { (ctx.t("规则", "Rule")) }
                    } }
                    tbody {
                        @for r in list {
                            tr data-testid="target-row" data-year=[r.year] data-verdict=(r.verdict) {
                                td { (r.year.map_or("?".into(), |y| y.to_string())) }
                                td title=(r.target.source.sentence) { (target_text(ctx.lang, r)) }
                                td {
                                    @if let Some(o) = &r.outcome {
                                        span title=(o.source.sentence) { (o.value.map_or("—".into(), number)) " " (ctx.lang.term(&o.unit)) }
                                        @if o.role == "estimate" { " " small { (ctx.t("（预计）", "(estimate)")) } }
                                    } @else { "—" }
                                }
                                td { span class={"verdict v-" (r.verdict)} { (verdict_label(&ctx, &r.verdict)) } }
                                td.rule { (r.rule) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(respond(
        StatusCode::OK,
        layout(&ctx, ctx.t("目标与完成", "Targets vs outcomes"), body),
    ))
}

// ---- the ledger ----

fn status_label(ctx: &Ctx, status: Status) -> &'static str {
    match status {
        Status::Open => ctx.t("未开始", "open"),
        Status::InProgress => ctx.t("推进中", "in progress"),
        Status::Done => ctx.t("已完成", "done"),
        Status::NotDone => ctx.t("未完成", "not done"),
        Status::Dropped => ctx.t("已取消", "dropped"),
    }
}

const STATUSES: [Status; 5] = [
    Status::Open,
    Status::InProgress,
    Status::Done,
    Status::NotDone,
    Status::Dropped,
];

/// Rows shown on one ledger page; the export holds them all.
const LEDGER_PAGE_ROWS: usize = 500;

/// `GET /tasks?region&year&area&unit&status&overdue`.
pub async fn tasks(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TaskQuery>,
) -> PageResult {
    let today = ledger::today();
    let filters = query
        .store_filter()
        .and_then(|f| Ok((f, query.ledger_filter(&today)?)));
    let (filter, more) = filters.map_err(page_err(ctx.lang))?;
    let (total, rows) = state
        .with_store(move |store| Ok(store.ledger_page(&filter, &more, LEDGER_PAGE_ROWS)?))
        .await
        .map_err(page_err(ctx.lang))?;
    let q = |v: &Option<String>| v.clone().unwrap_or_default();
    let export_query: Vec<(&str, String)> = [
        ("region", q(&query.region)),
        ("year", q(&query.year)),
        ("area", q(&query.area)),
        ("unit", q(&query.unit)),
        ("status", q(&query.status)),
        ("overdue", q(&query.overdue)),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let export = format!(
        "/tasks.xlsx?{}",
        serde_urlencoded::to_string(&export_query).unwrap_or_default()
    );
    let status = q(&query.status);
    let body = html! {
        h1 { (ctx.t("任务台账", "Task ledger")) }
        form.filters method="get" action="/tasks" data-testid="ledger-filter" {
            label { (ctx.t("地区", "Region")) input type="text" name="region" value=(q(&query.region)); }
            label { (ctx.t("年份", "Year")) input type="number" name="year" value=(q(&query.year)); }
            label { (ctx.t("领域", "Area")) input type="text" name="area" value=(q(&query.area)); }
            label { (ctx.t("单位", "Unit")) input type="text" name="unit" value=(q(&query.unit)); }
            label { (ctx.t("状态", "Status"))
                select name="status" {
                    option value="" { (ctx.t("全部", "any")) }
                    @for s in STATUSES { option value=(s.as_str()) selected[status == s.as_str()] { (status_label(&ctx, s)) } }
                }
            }
            label.check { input type="checkbox" name="overdue" value="1" checked[query.overdue()]; (ctx.t("仅逾期", "overdue only")) }
            button type="submit" { (ctx.t("筛选", "Filter")) }
        }
        p.count {
            span data-testid="ledger-count" { (total) } (ctx.t(" 项任务", " tasks"))
            @if total > rows.len() { (ctx.t("，显示前 500 项", "; the first 500 are shown")) }
            " · " a href=(export) data-testid="export-xlsx" download { (ctx.t("导出 Excel", "Export XLSX")) }
        }
        table.ledger data-testid="ledger" {
            thead { tr {
                th { (ctx.t("序号", "No.")) } th { (ctx.t("地区/年份", "Region/year")) } th { (ctx.t("领域", "Area")) }
                th { (ctx.t("任务", "Task")) } th { (ctx.t("牵头单位", "Lead unit")) } th { (ctx.t("配合单位", "Supporting units")) }
                th { (ctx.t("完成时限", "Deadline")) } th { (ctx.t("状态", "Status")) }
            } }
            tbody {
                @for (k, t) in rows.iter().enumerate() {
                    @let overdue = ledger::is_overdue(t, &today);
                    tr data-testid="ledger-row" data-task-id=(t.id.0) data-status=(t.status.as_str()) class=[overdue.then_some("overdue")] {
                        td { (k + 1) }
                        td { (t.region.as_deref().unwrap_or("?")) " " (t.year.map_or(String::new(), |y| y.to_string())) }
                        td.area { (t.area) }
                        td.task { a href={"/tasks/" (t.id.0)} data-testid="task-link" { (t.text.trim()) } }
                        td { (t.lead_unit.as_deref().unwrap_or("")) }
                        td { (t.supporting_units.as_deref().unwrap_or("")) }
                        td {
                            @if let Some(d) = t.due_date.as_deref().filter(|d| !d.is_empty()) { (d) }
                            @else if let Some(d) = &t.stated_deadline { span.stated { (d) } }
                            @if overdue { " " span.badge.overdue { (ctx.t("逾期", "overdue")) } }
                        }
                        td { span class={"status s-" (t.status.as_str())} data-testid="ledger-status" { (status_label(&ctx, t.status)) } }
                    }
                }
            }
        }
    };
    Ok(respond(
        StatusCode::OK,
        layout(&ctx, ctx.t("任务台账", "Task ledger"), body),
    ))
}

/// `GET /tasks.xlsx` with the ledger filters.
pub async fn tasks_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TaskQuery>,
) -> Response {
    match api::xlsx(&state, query).await {
        Ok(r) => r,
        Err(err) => error_page(ctx.lang, &err),
    }
}

/// What to say above the task form.
enum Notice {
    None,
    Saved,
    Conflict(String),
    Invalid(String),
}

fn history_text(ctx: &Ctx, e: &AuditEntry) -> String {
    let field = match e.field.as_str() {
        "lead_unit" => ctx.t("牵头单位", "lead unit"),
        "supporting_units" => ctx.t("配合单位", "supporting units"),
        "due_date" => ctx.t("完成时限", "deadline"),
        "status" => ctx.t("状态", "status"),
        "note" => ctx.t("进展", "progress note"),
        _ => "",
    };
    let field = if field.is_empty() {
        e.field.clone()
    } else {
        field.to_string()
    };
    let value = |v: &Option<String>| match v.as_deref() {
        None | Some("") => "—".to_string(),
        Some(v) if e.field == "status" => {
            Status::parse(v).map_or(v.to_string(), |s| status_label(ctx, s).to_string())
        }
        Some(v) => v.to_string(),
    };
    format!("{field}: {} → {}", value(&e.old), value(&e.new))
}

/// `2026-12-04T21:53:51.153Z` as `2026-12-04 21:53:51` (UTC).
fn when(at: &str) -> String {
    at.get(..19).unwrap_or(at).replace('T', " ")
}

fn task_page(
    ctx: &Ctx,
    task: &TaskRow,
    history: &[AuditEntry],
    notice: Notice,
    status: StatusCode,
) -> Response {
    let editable = ctx.who.can_edit();
    let today = ledger::today();
    let body = html! {
        p.crumbs { a href="/tasks" { (ctx.t("任务台账", "Task ledger")) } " › "
            a href={"/reports/" (task.report_id.0)} { (task.region.as_deref().unwrap_or("?")) " " (task.year.map_or(String::new(), |y| y.to_string())) } }
        h1 { (ctx.t("任务", "Task")) " #" (task.id.0) }
        blockquote.task-text data-testid="task-text" { (task.text.trim()) }
        p.meta { (ctx.t("领域：", "Area: ")) (task.area)
            @if let Some(d) = &task.stated_deadline { " · " (ctx.t("文中时限：", "Deadline in text: ")) (d) }
            " · " (ctx.t("版本 ", "version ")) span data-testid="task-version" { (task.version) } }
        @match &notice {
            Notice::Saved => { p.notice.ok data-testid="saved" { (ctx.t("已保存。", "Saved.")) } }
            Notice::Conflict(m) => { div.notice.conflict data-testid="conflict" role="alert" {
                strong { (ctx.t("未保存：此任务已被他人修改。", "Not saved: someone else changed this task.")) }
                p { (m) }
                p { (ctx.t("下面是当前内容，请核对后重新提交。", "Below is the task as it is now; check it and submit again.")) }
            } }
            Notice::Invalid(m) => { p.notice.error data-testid="invalid" role="alert" { (m) } }
            Notice::None => {}
        }
        section.ledger-fields {
            h2 { (ctx.t("台账信息", "Ledger")) }
            form.task-form method="post" action={"/tasks/" (task.id.0)} data-testid="task-status-form" id="task-status-form" {
                input type="hidden" name="csrf" value=(ctx.who.csrf());
                input type="hidden" name="version" value=(task.version);
                label { (ctx.t("牵头单位", "Lead unit")) input type="text" name="lead_unit" maxlength="200" value=(task.lead_unit.as_deref().unwrap_or("")) disabled[!editable] data-testid="lead-unit"; }
                label { (ctx.t("配合单位", "Supporting units")) input type="text" name="supporting_units" maxlength="200" value=(task.supporting_units.as_deref().unwrap_or("")) disabled[!editable] data-testid="supporting-units"; }
                label { (ctx.t("完成时限", "Due date")) input type="date" name="due_date" value=(task.due_date.as_deref().unwrap_or("")) disabled[!editable] data-testid="due-date"; }
                label { (ctx.t("状态", "Status"))
                    select name="status" disabled[!editable] data-testid="task-status" {
                        @for s in STATUSES { option value=(s.as_str()) selected[task.status == s] { (status_label(ctx, s)) } }
                    }
                }
                @if editable { button type="submit" data-testid="task-save" { (ctx.t("保存", "Save")) } }
                @else { p.hint { (ctx.t("编辑需以编辑或管理员身份登录。", "Sign in as an editor or admin to edit.")) } }
            }
        }
        section.notes {
            h2 { (ctx.t("进展情况", "Progress notes")) }
            ul data-testid="notes" {
                @for n in &task.notes { li data-testid="note" { time { (n.noted_on) } " " (n.note) " — " span.author { (n.author) } } }
                @if task.notes.is_empty() { li.hint { (ctx.t("暂无进展记录。", "No notes yet.")) } }
            }
            @if editable {
                form method="post" action={"/tasks/" (task.id.0) "/notes"} data-testid="note-form" {
                    input type="hidden" name="csrf" value=(ctx.who.csrf());
                    label { (ctx.t("日期", "Date")) input type="date" name="noted_on" value=(today) required; }
                    label.wide { (ctx.t("进展", "Progress")) textarea name="note" rows="3" maxlength="4000" required {} }
                    button type="submit" { (ctx.t("添加", "Add")) }
                }
            }
        }
        @if let Some(e) = &task.evidence {
            section.evidence {
                h2 { (ctx.t("次年报告中的可能进展", "Candidate evidence from the next report")) }
                blockquote { (e.sentence) }
                p.meta { (ctx.t("相似度 ", "similarity ")) (format!("{:.2}", e.score)) }
            }
        }
        section.history {
            h2 { (ctx.t("修改记录", "History")) }
            ol data-testid="history" {
                @for e in history {
                    li data-testid="history-entry" data-field=(e.field) {
                        time datetime=(e.at) { (when(&e.at)) } " " span.author { (e.actor) } " — " (history_text(ctx, e))
                    }
                }
                @if history.is_empty() { li.hint { (ctx.t("尚无修改。", "No changes yet.")) } }
            }
        }
    };
    respond(status, layout(ctx, ctx.t("任务", "Task"), body))
}

/// `GET /tasks/{id}`.
pub async fn task(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let id = TaskId(parse_id(&id).map_err(page_err(ctx.lang))?);
    let (task, history) = api::task_with_history(&state, id)
        .await
        .map_err(page_err(ctx.lang))?;
    let notice = if ctx.query.iter().any(|(k, _)| k == "saved") {
        Notice::Saved
    } else {
        Notice::None
    };
    Ok(task_page(&ctx, &task, &history, notice, StatusCode::OK))
}

fn form_field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /tasks/{id}` (form: csrf, version, lead_unit, supporting_units, due_date, status).
pub async fn task_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let id = TaskId(parse_id(&id).map_err(page_err(ctx.lang))?);
    let (current, _) = api::task_with_history(&state, id)
        .await
        .map_err(page_err(ctx.lang))?;
    let version = form_field(&form, "version")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| {
            error_page(
                ctx.lang,
                &AppError::BadRequest("version: missing or not a number".into()),
            )
        })?;
    // An empty field where nothing was set is no change.
    let field = |name: &str, now: &Option<String>| {
        form_field(&form, name)
            .map(str::trim)
            .filter(|v| !(v.is_empty() && now.as_deref().unwrap_or("").is_empty()))
            .map(str::to_string)
    };
    let patch = TaskPatch {
        version,
        lead_unit: field("lead_unit", &current.lead_unit),
        supporting_units: field("supporting_units", &current.supporting_units),
        // A due date can be changed, not removed: an empty field is no change.
        due_date: form_field(&form, "due_date")
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string),
        status: form_field(&form, "status").map(str::to_string),
    };
    match api::apply_patch(&state, &ctx.who, id, patch).await {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{}?saved=1", id.0)).into_response()),
        Err(AppError::Conflict { message, .. }) => {
            task_page_again(
                &state,
                &ctx,
                id,
                Notice::Conflict(message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(AppError::Invalid(message)) => {
            task_page_again(
                &state,
                &ctx,
                id,
                Notice::Invalid(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(err) => Err(error_page(ctx.lang, &err)),
    }
}

/// The task page as the store has it now, with a notice: after an edit or a note that
/// did not go through, so the editor sees the current values and why.
async fn task_page_again(
    state: &AppState,
    ctx: &Ctx,
    id: TaskId,
    notice: Notice,
    status: StatusCode,
) -> PageResult {
    let (task, history) = api::task_with_history(state, id)
        .await
        .map_err(page_err(ctx.lang))?;
    Ok(task_page(ctx, &task, &history, notice, status))
}

/// `POST /tasks/{id}/notes` (form: csrf, noted_on, note).
pub async fn task_note(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let id = TaskId(parse_id(&id).map_err(page_err(ctx.lang))?);
    let input = NoteInput {
        noted_on: form_field(&form, "noted_on").unwrap_or("").to_string(),
        note: form_field(&form, "note").unwrap_or("").to_string(),
    };
    match api::add_note(&state, &ctx.who, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{}?saved=1", id.0)).into_response()),
        Err(AppError::Invalid(message)) => {
            task_page_again(
                &state,
                &ctx,
                id,
                Notice::Invalid(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(err) => Err(error_page(ctx.lang, &err)),
    }
}
