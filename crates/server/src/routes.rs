//! The route table: every route with its method, path and who may call it, and the
//! router built from it.
//!
//! The router is made only from [`table`]'s entries, and each entry is wrapped in the
//! check for its [`Access`], so a route cannot exist without a rule; the authorization
//! test walks the same table.

use crate::auth::{self, Who, CSRF_HEADER, SESSION_COOKIE};
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::{api, pages, security};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{self, MethodRouter};
use axum::Router;
use std::collections::BTreeMap;
use std::time::Duration;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, always (sign-in, static files, the OpenAPI document).
    Public,
    /// Anyone unless the server runs `--private`, then any signed-in user.
    Read,
    /// Any signed-in user, with the session's CSRF token (signing out).
    Session,
    /// A signed-in editor or admin, with the session's CSRF token.
    Write,
}

/// Whether a route answers with pages or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// HTML for people; refusals redirect to sign-in or show a page.
    Page,
    /// JSON; refusals are 401/403 with a JSON body.
    Api,
}

/// One route of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    /// HTTP method.
    pub method: &'static str,
    /// Path pattern (`{id}` for a parameter).
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Pages or API.
    pub kind: Kind,
}

/// The largest request body accepted (report uploads).
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;
/// The longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

type Entry = (RouteInfo, MethodRouter<AppState>);

fn entry(
    method: &'static str,
    path: &'static str,
    access: Access,
    kind: Kind,
    handler: MethodRouter<AppState>,
) -> Entry {
    (
        RouteInfo {
            method,
            path,
            access,
            kind,
        },
        handler,
    )
}

fn entries() -> Vec<Entry> {
    use routing::{get, patch, post};
    use Access::*;
    use Kind::*;
    vec![
        entry("GET", "/", Read, Page, get(pages::home)),
        entry("GET", "/static/app.css", Public, Page, get(pages::css)),
        entry("GET", "/static/app.js", Public, Page, get(pages::js)),
        entry("GET", "/login", Public, Page, get(pages::login_form)),
        entry("POST", "/login", Public, Page, post(pages::login)),
        entry("POST", "/logout", Session, Page, post(pages::logout)),
        entry("GET", "/reports", Read, Page, get(pages::reports)),
        entry("POST", "/reports", Write, Page, post(pages::upload)),
        entry("GET", "/reports/{id}", Read, Page, get(pages::report)),
        entry("GET", "/targets", Read, Page, get(pages::targets)),
        entry("GET", "/tasks", Read, Page, get(pages::tasks)),
        entry("GET", "/tasks.xlsx", Read, Page, get(pages::tasks_xlsx)),
        entry("GET", "/tasks/{id}", Read, Page, get(pages::task)),
        entry("POST", "/tasks/{id}", Write, Page, post(pages::task_update)),
        entry(
            "POST",
            "/tasks/{id}/notes",
            Write,
            Page,
            post(pages::task_note),
        ),
        entry("GET", "/api/openapi.json", Public, Api, get(api::openapi)),
        entry("POST", "/api/login", Public, Api, post(api::login)),
        entry("POST", "/api/logout", Session, Api, post(api::logout)),
        entry("GET", "/api/me", Public, Api, get(api::me)),
        entry("GET", "/api/reports", Read, Api, get(api::reports)),
        entry("POST", "/api/reports", Write, Api, post(api::upload)),
        entry("GET", "/api/reports/{id}", Read, Api, get(api::report)),
        entry("GET", "/api/targets", Read, Api, get(api::targets)),
        entry("GET", "/api/tasks", Read, Api, get(api::tasks)),
        entry("GET", "/api/tasks.xlsx", Read, Api, get(api::tasks_xlsx)),
        entry("GET", "/api/tasks/{id}", Read, Api, get(api::task)),
        entry(
            "PATCH",
            "/api/tasks/{id}",
            Write,
            Api,
            patch(api::task_update),
        ),
        entry(
            "POST",
            "/api/tasks/{id}/notes",
            Write,
            Api,
            post(api::task_note),
        ),
    ]
}

/// Every route of the app.
pub fn table() -> Vec<RouteInfo> {
    entries().into_iter().map(|(info, _)| info).collect()
}

/// The router: the table's routes, each behind its access check, then the shared
/// layers (who is asking, limits, security headers).
pub fn router(state: AppState) -> Router {
    let mut by_path: BTreeMap<&'static str, MethodRouter<AppState>> = BTreeMap::new();
    for (info, handler) in entries() {
        let guarded = handler.route_layer(middleware::from_fn_with_state(
            (state.clone(), info),
            check_access,
        ));
        let merged = match by_path.remove(info.path) {
            Some(existing) => existing.merge(guarded),
            None => guarded,
        };
        by_path.insert(info.path, merged);
    }
    let mut router = Router::new();
    for (path, handler) in by_path {
        router = router.route(path, handler);
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), context))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(security::headers))
        .with_state(state)
}

async fn not_found(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        ApiError(AppError::NotFound(format!(
            "no route {} {}",
            request.method(),
            request.uri().path()
        )))
        .into_response()
    } else {
        pages::error_page(
            Lang::from_request(&request),
            &AppError::NotFound(request.uri().path().to_string()),
        )
    }
}

/// Finds who is asking (session cookie) and the language, for every request.
async fn context(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| auth::cookie(c, SESSION_COOKIE))
        .map(auth::token_hash);
    let session = match token {
        Some(hash) => state
            .with_store(move |store| Ok(store.session(&hash, auth::now())?))
            .await
            .unwrap_or(None),
        None => None,
    };
    request.extensions_mut().insert(Who { session });
    let (lang, chosen) = Lang::choose(&request);
    request.extensions_mut().insert(lang);
    let mut response = next.run(request).await;
    if chosen {
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            crate::i18n::LANG_COOKIE,
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Refuses the request unless the caller has the route's access (and, for changes,
/// the session's CSRF token).
async fn check_access(
    State((state, info)): State<(AppState, RouteInfo)>,
    request: Request,
    next: Next,
) -> Response {
    let who = request
        .extensions()
        .get::<Who>()
        .cloned()
        .unwrap_or_default();
    let refusal = match info.access {
        Access::Public => None,
        Access::Read if state.config.private && who.session.is_none() => {
            Some(AppError::Unauthorized)
        }
        Access::Read => None,
        Access::Session | Access::Write if who.session.is_none() => Some(AppError::Unauthorized),
        Access::Write if !who.can_edit() => Some(AppError::Forbidden(
            "viewers may read but not change anything (只读用户不能修改)".into(),
        )),
        Access::Session | Access::Write => None,
    };
    if let Some(err) = refusal {
        return refuse(info.kind, &request, err);
    }
    // Downloads are neither HTML nor JSON, so they are never kept.
    if info.access == Access::Read
        && request.method() == Method::GET
        && who.session.is_none()
        && !info.path.ends_with(".xlsx")
    {
        return cached_read(&state, request, next).await;
    }
    if !matches!(info.access, Access::Session | Access::Write) {
        return next.run(request).await;
    }
    match with_csrf_checked(request, who.csrf()).await {
        Ok(request) => next.run(request).await,
        Err((err, request)) => refuse(info.kind, &request, err),
    }
}

/// An anonymous read: every anonymous reader of an address in one language gets the
/// same page or JSON, so a finished HTML or JSON response is kept (see `cache.rs`).
async fn cached_read(state: &AppState, request: Request, next: Next) -> Response {
    let lang = request
        .extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_default();
    let key = (request.uri().to_string(), lang.code());
    let generation = state.cache.generation();
    let hit = |state: &AppState| {
        state.cache.responses.fresh(&key, generation).map(|hit| {
            let mut response = Response::new(Body::from(hit.body.clone()));
            *response.headers_mut() = hit.headers.clone();
            response
        })
    };
    if let Some(response) = hit(state) {
        return response;
    }
    let _rendering = state.cache.rendering.lock().await;
    if let Some(response) = hit(state) {
        return response;
    }
    let response = next.run(request).await;
    let keep = response.status() == StatusCode::OK
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if !keep {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if body.len() <= crate::cache::MAX_RESPONSE {
        let mut headers = parts.headers.clone();
        headers.remove(header::SET_COOKIE);
        state.cache.responses.put(
            key,
            generation,
            crate::cache::CachedResponse {
                headers,
                body: body.clone(),
            },
        );
    }
    Response::from_parts(parts, Body::from(body))
}

fn refuse(kind: Kind, request: &Request, err: AppError) -> Response {
    match (kind, &err) {
        (Kind::Api, _) => ApiError(err).into_response(),
        (Kind::Page, AppError::Unauthorized) => {
            let next = if request.method() == Method::GET {
                request
                    .uri()
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_string()
            } else {
                "/".to_string()
            };
            let to = format!(
                "/login?next={}",
                serde_urlencoded::to_string([("n", next)])
                    .unwrap_or_default()
                    .trim_start_matches("n=")
            );
            Redirect::to(&to).into_response()
        }
        (Kind::Page, _) => pages::error_page(Lang::from_request(request), &err),
    }
}

/// Checks the CSRF token (header, or the `csrf` field of a form or multipart body)
/// against `expected`, giving the request back with its body intact.
async fn with_csrf_checked(
    request: Request,
    expected: &str,
) -> Result<Request, (AppError, Request)> {
    let missing =
        || AppError::Forbidden("CSRF token missing or wrong (表单已失效，请刷新页面)".into());
    if let Some(value) = request.headers().get(CSRF_HEADER) {
        let given = value.to_str().unwrap_or("");
        return if auth::same_token(given, expected) {
            Ok(request)
        } else {
            Err((missing(), request))
        };
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err((
                AppError::TooLarge,
                Request::from_parts(parts, Body::empty()),
            ))
        }
    };
    let given = if content_type.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|fields| fields.into_iter().find(|(k, _)| k == "csrf").map(|f| f.1))
    } else if content_type.starts_with("multipart/form-data") {
        multipart_field(&content_type, bytes.clone(), "csrf").await
    } else {
        None
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    match given {
        Some(given) if auth::same_token(&given, expected) => Ok(request),
        _ => Err((missing(), request)),
    }
}

/// The text of field `name` in a multipart body.
async fn multipart_field(content_type: &str, body: bytes::Bytes, name: &str) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}
