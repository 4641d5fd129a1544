//! `duban demo`: the bundled fictional reports of 青川市 (demo/2023.txt, demo/2024.txt)
//! in a fresh database, a demo admin, and the web app.

use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The two bundled reports, as (file name, text).
pub const REPORTS: [(&str, &str); 2] = [
    ("demo/2023.txt", include_str!("../../../demo/2023.txt")),
    ("demo/2024.txt", include_str!("../../../demo/2024.txt")),
];

/// The demo admin's name.
pub const ADMIN: &str = "demo";

/// Creates the demo database at `db` (which must not exist): both reports, linked, and
/// the admin with `password`.
pub fn prepare(engine: &duban_core::Engine, db: &Path, password: &str) -> Result<()> {
    if db.exists() {
        bail!(
            "{}: exists already; the demo wants a fresh file",
            db.display()
        );
    }
    let mut store =
        duban_store::Store::open(db).with_context(|| format!("{}: cannot create", db.display()))?;
    for (name, text) in REPORTS {
        duban_server::ingest::ingest_bytes(&mut store, engine, text.as_bytes(), name, None, None)
            .map_err(|e| anyhow::anyhow!("{name}: {}", e.message()))?;
    }
    let hash = duban_server::auth::hash_password(password).map_err(anyhow::Error::msg)?;
    store.add_user(ADMIN, "演示管理员", "admin", Some(&hash))?;
    Ok(())
}

/// Builds the demo database (in the temporary directory unless `db` is given) and
/// serves it on `addr`.
pub fn run(engine: duban_core::Engine, db: Option<PathBuf>, addr: SocketAddr) -> Result<()> {
    let db = db.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("duban-demo-{}.db", std::process::id()))
    });
    let password = duban_server::auth::random_token()[..16].to_string();
    prepare(&engine, &db, &password)?;
    let mut config = duban_server::Config::new(&db);
    config.engine = std::sync::Arc::new(engine);
    duban_server::run_with(config, addr, |bound| {
        println!(
            "duban demo: 青川市 2023 and 2024 (fictional) in {}",
            db.display()
        );
        println!("  open     http://{bound}/");
        println!("  sign in  user {ADMIN}, password {password}");
        println!("  Ctrl-C stops the server");
    })
    .with_context(|| format!("serving the demo on {addr}"))
}
