//! One error type for handlers, shown as JSON by the API and as a page by the pages.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use duban_store::TaskRow;

/// What a request can fail with; each maps to one HTTP status.
#[derive(Debug)]
pub enum AppError {
    /// 400: the request could not be read (malformed JSON, form or multipart).
    BadRequest(String),
    /// 401: a signed-in user is needed.
    Unauthorized,
    /// 403: signed in, but the role does not allow it; or the CSRF token is wrong.
    Forbidden(String),
    /// 404: no such thing.
    NotFound(String),
    /// 409: someone else changed the task first; the current row comes along.
    Conflict {
        /// What happened, in words.
        message: String,
        /// The task as it is now.
        current: Option<Box<TaskRow>>,
    },
    /// 413: the body is larger than the limit.
    TooLarge,
    /// 422: well-formed but invalid input (bad date, unknown status, undecodable file).
    Invalid(String),
    /// 429: too many failed sign-ins.
    TooManyRequests(u64),
    /// 500: the store failed.
    Internal(String),
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict { .. } => "conflict",
            AppError::TooLarge => "too_large",
            AppError::Invalid(_) => "invalid",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message for people.
    pub fn message(&self) -> String {
        match self {
            AppError::BadRequest(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Invalid(m)
            | AppError::Internal(m) => m.clone(),
            AppError::Conflict { message, .. } => message.clone(),
            AppError::Unauthorized => "sign in first (请先登录)".into(),
            AppError::TooLarge => "the request body is too large (请求过大)".into(),
            AppError::TooManyRequests(s) => {
                format!("too many failed sign-ins; try again in {s} s (登录失败次数过多)")
            }
        }
    }
}

impl From<duban_store::Error> for AppError {
    fn from(err: duban_store::Error) -> AppError {
        match err {
            duban_store::Error::NotFound { what, id } => {
                AppError::NotFound(format!("no {what} with id {id}"))
            }
            duban_store::Error::Conflict {
                task,
                expected,
                found,
            } => AppError::Conflict {
                message: format!(
                    "task {task} was changed by someone else (now version {found}, you edited \
                     version {expected}); nothing was saved: reload it and apply your change again"
                ),
                current: None,
            },
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// An error answered as JSON: `{"error": code, "message": …}` (plus `current` on 409).
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> ApiError {
        ApiError(err)
    }
}

impl From<duban_store::Error> for ApiError {
    fn from(err: duban_store::Error) -> ApiError {
        ApiError(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({
            "error": self.0.code(),
            "message": self.0.message(),
        });
        if let AppError::Conflict {
            current: Some(task),
            ..
        } = &self.0
        {
            body["current"] = serde_json::to_value(task).unwrap_or_default();
        }
        let mut response = (self.0.status(), axum::Json(body)).into_response();
        if let AppError::TooManyRequests(seconds) = self.0 {
            if let Ok(value) = seconds.to_string().parse() {
                response.headers_mut().insert("retry-after", value);
            }
        }
        response
    }
}
