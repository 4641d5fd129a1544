//! duban-server: the supervision web app over a duban store.
//!
//! Server-rendered HTML pages (maud templates, so every stored string is escaped) and a
//! JSON API with the same rights, both built from one route table ([`routes::table`]):
//! each route names who may call it ([`routes::Access`]), and the router wraps every
//! route in the check for its access, so no route exists without one. Pages read
//! without JavaScript; `static/app.js` only opens a highlighted fact's record in place.
//!
//! The store is synchronous (rusqlite); handlers run their queries on tokio's blocking
//! pool through [`state::Db`], a few connections to the same SQLite file (WAL mode
//! lets readers run beside the one writer).
//!
//! Stable hooks for browser tests (`data-testid` attributes): `signin-form` (fields
//! `signin-name`, `signin-password`, button `signin-submit`), `signin-link`,
//! `signed-in-user`, `signout-form`; `report-link` and `report-row` on the report list,
//! `upload-form`; on a report `target-span` and `indicator-span` (each with `data-fact`),
//! `record-panel` (the shown record is `fact-record`), `outline`; on targets vs
//! outcomes `target-chart`, `targets-table`, `target-row` (with `data-year`,
//! `data-verdict`); on the ledger `ledger-row` (with `data-task-id`, `data-status`),
//! `ledger-status`, `task-link`, `ledger-count`, `export-xlsx`; on a task
//! `task-status-form` (fields `lead-unit`, `supporting-units`, `due-date`,
//! `task-status`, button `task-save`), `saved`, `conflict`, `invalid`, `notes`,
//! `note-form`, `history` (entries `history-entry`, with `data-field`).
//!
//! Security: argon2 password hashes, random session tokens stored hashed, HttpOnly +
//! SameSite cookies, a CSRF token on every form and every API write, a login rate
//! limit, body-size and time limits and security headers (`security.rs`).

pub mod api;
pub mod auth;
pub mod cache;
pub mod error;
mod i18n;
pub mod ingest;
pub mod ledger;
mod openapi;
mod pages;
pub mod routes;
mod security;
pub mod state;

pub use state::{AppState, Config};

use std::net::SocketAddr;

/// What can stop the server from starting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store could not be opened.
    #[error("{path}: {source}")]
    Store {
        /// The database path.
        path: String,
        /// Why.
        source: duban_store::Error,
    },
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The application: every route of [`routes::table`] with its checks, and the limits.
pub fn app(config: Config) -> Result<axum::Router, Error> {
    let state = AppState::new(config)?;
    Ok(routes::router(state))
}

/// Binds `addr` now and returns the bound address and a future that serves until
/// Ctrl-C; for callers that print the address (port 0 picks a free one).
pub fn run_with(
    config: Config,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let router = app(config)?;
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_bound(listener.local_addr()?);
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}
