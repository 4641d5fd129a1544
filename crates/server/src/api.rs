//! The JSON API: the same reads and changes as the pages, described in
//! `/api/openapi.json`. Refusals are `{"error": code, "message": text}` with the HTTP
//! status saying which (400 unreadable, 401 signed out, 403 no right or bad CSRF token,
//! 404 unknown id, 409 version conflict, 422 invalid value).

use crate::auth::{self, Who, SESSION_COOKIE};
use crate::error::{ApiError, AppError};
use crate::ingest::Ingested;
use crate::ledger::{self, NoteInput, Picked, TaskPatch, TaskQuery};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Extension, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use duban_store::{Filter, ReportId, TaskId, TaskRow, UserRecord};
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;

type ApiResult<T> = Result<T, ApiError>;

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

/// Sign-in input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    /// User name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// The client's address for the rate limit ("local" when unknown, as in tests).
pub(crate) fn client_of(request: &Request) -> String {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "local".to_string(), |c| c.0.ip().to_string())
}

/// Checks a password under the rate limit and opens a session: (token, csrf, user).
pub(crate) async fn sign_in(
    state: &AppState,
    client: &str,
    name: &str,
    password: &str,
) -> Result<(String, String, UserRecord), AppError> {
    let keys = [format!("ip:{client}"), format!("name:{name}")];
    if let Some(wait) = state.limiter.blocked(&keys) {
        return Err(AppError::TooManyRequests(wait));
    }
    let owned = name.to_string();
    let user = state
        .with_store(move |store| Ok(store.user_by_name(&owned)?))
        .await?;
    let password = password.to_string();
    // Hashing is slow on purpose: off the async threads. An unknown user costs the
    // same as a wrong password.
    let user = tokio::task::spawn_blocking(move || {
        let hash = user
            .as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone());
        let ok = match &hash {
            Some(hash) => auth::verify_password(hash, &password),
            None => {
                let _ = auth::hash_password(&password);
                false
            }
        };
        user.filter(|_| ok)
    })
    .await
    .map_err(|_| AppError::Internal("password check failed".into()))?;
    let Some(user) = user else {
        state.limiter.fail(&keys);
        return Err(AppError::Unauthorized);
    };
    state.limiter.clear(&keys);
    let token = auth::random_token();
    let csrf = auth::random_token();
    let (hash, csrf2, id) = (auth::token_hash(&token), csrf.clone(), user.id);
    state
        .with_store(move |store| {
            let now = auth::now();
            Ok(store.create_session(&hash, id, &csrf2, now, now + auth::SESSION_SECONDS)?)
        })
        .await?;
    Ok((token, csrf, user))
}

/// The `Set-Cookie` header value that opens a session.
pub(crate) fn session_cookie(state: &AppState, token: &str) -> String {
    auth::set_cookie(
        SESSION_COOKIE,
        token,
        auth::SESSION_SECONDS,
        state.config.secure_cookies,
    )
}

/// Ends the session named by the request's cookie; returns the clearing cookie.
pub(crate) async fn sign_out(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    if let Some(token) = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| auth::cookie(c, SESSION_COOKIE))
    {
        let hash = auth::token_hash(token);
        state
            .with_store(move |store| Ok(store.delete_session(&hash)?))
            .await?;
    }
    Ok(auth::set_cookie(
        SESSION_COOKIE,
        "",
        0,
        state.config.secure_cookies,
    ))
}

/// `POST /api/login` `{"name", "password"}`: sets the session cookie and returns the
/// user and the CSRF token to send as `X-CSRF-Token` with every change.
pub async fn login(State(state): State<AppState>, request: Request) -> ApiResult<Response> {
    let client = client_of(&request);
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024)
        .await
        .map_err(|_| AppError::TooLarge)?;
    let input: LoginInput =
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest(format!("body: {e}")))?;
    let (token, csrf, user) = sign_in(&state, &client, &input.name, &input.password).await?;
    let cookie = session_cookie(&state, &token);
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({ "user": user, "csrf": csrf })),
    )
        .into_response())
}

/// `POST /api/logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let cookie = sign_out(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/me`: the signed-in user and CSRF token, or `{"user": null}`.
pub async fn me(Extension(who): Extension<Who>) -> Json<Value> {
    match who.session {
        Some(s) => Json(json!({ "user": s.user, "csrf": s.csrf })),
        None => Json(json!({ "user": null })),
    }
}

/// Report list filters.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// Region (full name or its end).
    pub region: Option<String>,
    /// Year.
    pub year: Option<String>,
    /// Metric id (targets only).
    pub metric: Option<String>,
}

impl ReportQuery {
    pub(crate) fn filter(&self) -> Result<Filter, AppError> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Ok(Filter {
            region: given(&self.region),
            metric: given(&self.metric),
            year: ledger::parse_year(given(&self.year).as_deref())?,
        })
    }
}

/// A path id: digits, else 400.
pub(crate) fn parse_id(text: &str) -> Result<i64, AppError> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::BadRequest(format!("{text:?} is not an id")))
}

/// `GET /api/reports?region&year`.
pub async fn reports(
    State(state): State<AppState>,
    Query(query): Query<ReportQuery>,
) -> ApiResult<Json<Value>> {
    let rows = state.reports(query.filter()?).await?;
    Ok(Json(json!({ "reports": &*rows })))
}

/// `GET /api/reports/{id}`: text, outline and every fact with its byte span.
pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = ReportId(parse_id(&id)?);
    let detail = state.report_detail(id).await?;
    Ok(Json(
        serde_json::to_value(&*detail).map_err(|e| AppError::Internal(e.to_string()))?,
    ))
}

/// Reads an upload: the `file` part and optional `region` and `year` fields.
pub(crate) async fn read_upload(
    mut multipart: Multipart,
) -> Result<(String, Vec<u8>, Option<String>, Option<i32>), AppError> {
    let mut file = None;
    let mut region = None;
    let mut year = None;
    let bad =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("upload: {e}"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "file" => {
                let name = field.file_name().unwrap_or("upload.txt").to_string();
                let bytes = field.bytes().await.map_err(bad)?;
                file = Some((name, bytes.to_vec()));
            }
            "region" => {
                let text = field.text().await.map_err(bad)?;
                let text = text.trim();
                if text.chars().count() > 100 || text.chars().any(char::is_control) {
                    return Err(AppError::Invalid(
                        "region: at most 100 characters on one line".into(),
                    ));
                }
                region = Some(text.to_string()).filter(|t| !t.is_empty());
            }
            "year" => {
                let text = field.text().await.map_err(bad)?;
                year = ledger::parse_year(Some(text.trim()).filter(|t| !t.is_empty()))?;
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| AppError::BadRequest("upload: no file part".into()))?;
    // Only the file's own name, never a path the client chose.
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("upload.txt")
        .to_string();
    if bytes.is_empty() {
        return Err(AppError::Invalid(format!("{name}: empty file")));
    }
    Ok((name, bytes, region, year))
}

/// Stores an upload.
pub(crate) async fn store_upload(
    state: &AppState,
    multipart: Multipart,
) -> Result<Ingested, AppError> {
    let (name, bytes, region, year) = read_upload(multipart).await?;
    let engine = state.config.engine.clone();
    state
        .write_store(move |store| {
            crate::ingest::ingest_bytes(store, &engine, &bytes, &name, region, year)
        })
        .await
}

/// `POST /api/reports` (multipart: `file`, optional `region`, `year`).
pub async fn upload(State(state): State<AppState>, multipart: Multipart) -> ApiResult<Response> {
    let ingested = store_upload(&state, multipart).await?;
    Ok((StatusCode::CREATED, Json(ingested)).into_response())
}

/// `GET /api/targets?region&metric&year`: targets with outcomes and verdicts.
pub async fn targets(
    State(state): State<AppState>,
    Query(query): Query<ReportQuery>,
) -> ApiResult<Json<Value>> {
    let rows = state.track(query.filter()?).await?;
    Ok(Json(json!({ "targets": &*rows })))
}

/// The ledger rows matching `query`.
pub(crate) async fn ledger_rows(state: &AppState, query: TaskQuery) -> Result<Picked, AppError> {
    let filter = query.store_filter()?;
    query.status()?;
    let rows = state.tasks(filter).await?;
    query.select(rows, &ledger::today())
}

/// `GET /api/tasks?region&year&area&unit&status&overdue`.
pub async fn tasks(
    State(state): State<AppState>,
    Query(query): Query<TaskQuery>,
) -> ApiResult<Json<Value>> {
    let rows = ledger_rows(&state, query).await?;
    Ok(Json(json!({ "tasks": rows.iter().collect::<Vec<_>>() })))
}

/// The ledger as an XLSX file.
pub(crate) async fn xlsx(state: &AppState, query: TaskQuery) -> Result<Response, AppError> {
    let rows = ledger_rows(state, query).await?;
    let mut bytes = Vec::new();
    duban_export::ledger(&rows.to_vec(), duban_export::Format::Xlsx, &mut bytes)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6.xlsx",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/tasks.xlsx` with the ledger filters.
pub async fn tasks_xlsx(
    State(state): State<AppState>,
    Query(query): Query<TaskQuery>,
) -> ApiResult<Response> {
    Ok(xlsx(&state, query).await?)
}

/// A task and its history.
pub(crate) async fn task_with_history(
    state: &AppState,
    id: TaskId,
) -> Result<(TaskRow, Vec<duban_store::AuditEntry>), AppError> {
    state
        .with_store(move |store| Ok((store.task(id)?, store.task_history(id)?)))
        .await
}

/// `GET /api/tasks/{id}`: the task with notes, evidence and history.
pub async fn task(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let id = TaskId(parse_id(&id)?);
    let (task, history) = task_with_history(&state, id).await?;
    Ok(Json(json!({ "task": task, "history": history })))
}

/// Applies an edit; a version conflict comes back with the current task.
pub(crate) async fn apply_patch(
    state: &AppState,
    who: &Who,
    id: TaskId,
    patch: TaskPatch,
) -> Result<TaskRow, AppError> {
    let change = patch.to_change()?;
    let actor = who.actor().ok_or(AppError::Unauthorized)?;
    state
        .write_store(move |store| match store.update_task(id, &change, &actor) {
            Ok(_) => Ok(store.task(id)?),
            Err(duban_store::Error::Conflict {
                task,
                expected,
                found,
            }) => {
                let current = store.task(id)?;
                let mut err = AppError::from(duban_store::Error::Conflict {
                    task,
                    expected,
                    found,
                });
                if let AppError::Conflict { current: c, .. } = &mut err {
                    *c = Some(Box::new(current));
                }
                Err(err)
            }
            Err(e) => Err(e.into()),
        })
        .await
}

/// A JSON body, with unreadable JSON as 400 and wrong fields as 422.
fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    match body {
        Ok(Json(v)) => Ok(v),
        Err(JsonRejection::JsonDataError(e)) => Err(AppError::Invalid(e.body_text())),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(AppError::TooLarge),
        Err(e) => Err(AppError::BadRequest(e.body_text())),
    }
}

/// `PATCH /api/tasks/{id}` `{"version", "lead_unit"?, "supporting_units"?, "due_date"?,
/// "status"?}`: 409 with `current` when the version is not the task's.
pub async fn task_update(
    State(state): State<AppState>,
    Extension(who): Extension<Who>,
    Path(id): Path<String>,
    body: Result<Json<TaskPatch>, JsonRejection>,
) -> ApiResult<Json<TaskRow>> {
    let id = TaskId(parse_id(&id)?);
    let patch = json_body(body)?;
    Ok(Json(apply_patch(&state, &who, id, patch).await?))
}

/// Adds a note.
pub(crate) async fn add_note(
    state: &AppState,
    who: &Who,
    id: TaskId,
    input: NoteInput,
) -> Result<TaskRow, AppError> {
    let (noted_on, note) = input.check()?;
    let actor = who.actor().ok_or(AppError::Unauthorized)?;
    state
        .write_store(move |store| {
            store.add_note(id, &noted_on, &note, &actor)?;
            Ok(store.task(id)?)
        })
        .await
}

/// `POST /api/tasks/{id}/notes` `{"noted_on": "YYYY-MM-DD", "note"}`.
pub async fn task_note(
    State(state): State<AppState>,
    Extension(who): Extension<Who>,
    Path(id): Path<String>,
    body: Result<Json<NoteInput>, JsonRejection>,
) -> ApiResult<Response> {
    let id = TaskId(parse_id(&id)?);
    let input = json_body(body)?;
    let task = add_note(&state, &who, id, input).await?;
    Ok((StatusCode::CREATED, Json(task)).into_response())
}
