//! `duban user add`: creates a user with an argon2-hashed password.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, IsTerminal};

/// Reads the password: one line of standard input with `--password-stdin`, else a
/// prompt on the terminal (asked twice, not echoed).
fn read_password(from_stdin: bool) -> Result<String> {
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password")?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let first = rpassword::prompt_password("password: ").context("reading the password")?;
        let again = rpassword::prompt_password("again: ").context("reading the password")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    };
    if password.chars().count() < 8 {
        bail!("the password must have at least 8 characters");
    }
    Ok(password)
}

/// Adds user `name` with `role` to the database at `db`.
pub fn add(
    db: &str,
    name: &str,
    display_name: Option<&str>,
    role: &str,
    password_stdin: bool,
) -> Result<()> {
    if duban_server::auth::Role::parse(role).is_none() {
        bail!("role {role:?}: use admin, editor or viewer");
    }
    if name.trim().is_empty() || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        bail!("user name {name:?}: one word, no spaces or control characters");
    }
    let mut store = crate::open_store(db)?;
    if store.user_by_name(name)?.is_some() {
        bail!(
            "{}: a user named {name:?} exists already",
            duban_store::redact_url(db)
        );
    }
    let password = read_password(password_stdin)?;
    let hash = duban_server::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
    store.add_user(name, display_name.unwrap_or(name), role, Some(&hash))?;
    eprintln!(
        "duban: added {role} {name:?} to {}",
        duban_store::redact_url(db)
    );
    Ok(())
}
