//! `duban serve`: the web app over a database file.

use anyhow::{Context, Result};
use std::net::SocketAddr;

/// Serves `db` on `addr` until Ctrl-C; `secure_cookies` when HTTPS fronts it.
pub fn run(
    engine: duban_core::Engine,
    db: &str,
    addr: SocketAddr,
    private: bool,
    secure_cookies: bool,
) -> Result<()> {
    let mut config = duban_server::Config::new(db);
    config.private = private;
    config.secure_cookies = secure_cookies;
    config.engine = std::sync::Arc::new(engine);
    duban_server::run_with(config, addr, |bound| {
        eprintln!(
            "duban: serving {} on http://{bound}/ ({}); Ctrl-C stops",
            duban_store::redact_url(db),
            if private {
                "private: sign-in needed to read"
            } else {
                "anyone may read"
            }
        );
    })
    .with_context(|| format!("serving {} on {addr}", duban_store::redact_url(db)))
}
