//! The backend-neutral query layer: one connection type over SQLite and PostgreSQL.
//!
//! Every statement in this crate is written once, with `?` or `?N` placeholders, and
//! runs on both backends through [`Db`]: for PostgreSQL the placeholders are rewritten
//! to `$N` and prepared statements are cached per connection. Parameters and results
//! are one small [`Value`] type (null, integer, real, text), so queries never see a
//! driver's types. This module is not where the schema lives (`migrations/`), nor where
//! queries are written (`queries.rs`, `link.rs`, `lib.rs`).
//!
//! PostgreSQL parameters are sent in the text format and typed by the server from the
//! statement, so a text value can fill a `DATE` column and an integer a `BOOLEAN` one,
//! exactly as SQLite's loose typing allows; results are decoded from the binary format
//! by column type (dates and timestamps come back as ISO 8601 text, like SQLite's).

use crate::{Error, Result};
use duban_core::CompactString;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

/// One SQL value, as a parameter or a column of a result row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// SQL NULL.
    Null,
    /// An integer (also booleans, as 0 and 1).
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text (also dates and timestamps, as ISO 8601).
    Text(String),
}

/// Rust values that can be query parameters.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}
macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int((*self).into())
            }
        }
    )*};
}
int_to_value!(i32, u32, i16, u16, u8);
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int((*self).into())
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for CompactString {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// Query parameters: `args![a, b]` is an array of [`Value`]s.
macro_rules! args {
    ($($x:expr),* $(,)?) => {
        [$($crate::db::ToValue::to_value(&$x)),*]
    };
}
pub(crate) use args;

/// Column values that can be read into Rust.
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
    /// What was expected, for the error message.
    const EXPECTED: &'static str;
}

impl FromValue for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
}
impl FromValue for i32 {
    const EXPECTED: &'static str = "a 32-bit integer";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| i32::try_from(v).ok())
    }
}
impl FromValue for u32 {
    const EXPECTED: &'static str = "a non-negative 32-bit integer";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| u32::try_from(v).ok())
    }
}
impl FromValue for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Real(v) => Some(*v),
            // SQLite stores a REAL with an integral value as an integer when it can.
            Value::Int(v) => Some(*v as f64),
            _ => None,
        }
    }
}
impl FromValue for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).map(|v| v != 0)
    }
}
impl FromValue for String {
    const EXPECTED: &'static str = "text";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }
}
impl FromValue for CompactString {
    const EXPECTED: &'static str = "text";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => Some(CompactString::new(v)),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One result row.
#[derive(Clone, Debug)]
pub(crate) struct Row(pub(crate) Vec<Value>);

impl Row {
    /// Column `index` as a `T`; a missing column or another type is an error naming both.
    pub(crate) fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = self.0.get(index).unwrap_or(&Value::Null);
        T::from_value(value).ok_or_else(|| Error::Column {
            index,
            problem: format!("expected {}, found {value:?}", T::EXPECTED),
        })
    }
}

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Sqlite,
    Postgres,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres {
        client: Box<postgres::Client>,
        /// Prepared statements by their (rewritten) SQL, for the life of the connection.
        statements: HashMap<String, postgres::Statement>,
    },
}

/// A connection to either backend. Methods take `&self` so that read queries can keep
/// `&self` signatures; the connection is used by one thread at a time (`Db` is `Send`,
/// not `Sync`, like a rusqlite connection).
pub(crate) struct Db {
    backend: RefCell<Backend>,
}

impl Db {
    /// An SQLite database file, in WAL mode.
    pub(crate) fn open_sqlite(path: &Path) -> Result<Db> {
        let conn = rusqlite::Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Db::sqlite(conn)
    }

    /// An SQLite database in memory.
    pub(crate) fn open_sqlite_memory() -> Result<Db> {
        Db::sqlite(rusqlite::Connection::open_in_memory()?)
    }

    /// An SQLite database file opened read-only (a backup being checked).
    pub(crate) fn open_sqlite_read_only(path: &Path) -> Result<Db> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        Ok(Db {
            backend: RefCell::new(Backend::Sqlite(conn)),
        })
    }

    fn sqlite(conn: rusqlite::Connection) -> Result<Db> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        Ok(Db {
            backend: RefCell::new(Backend::Sqlite(conn)),
        })
    }

    /// A PostgreSQL server, by `postgres://` URL.
    pub(crate) fn open_postgres(url: &str) -> Result<Db> {
        let client =
            postgres::Client::connect(url, postgres::NoTls).map_err(|e| Error::Connect {
                url: redact_url(url),
                message: pg_message(&e),
            })?;
        Ok(Db {
            backend: RefCell::new(Backend::Postgres {
                client: Box::new(client),
                statements: HashMap::new(),
            }),
        })
    }

    /// The backend.
    pub(crate) fn kind(&self) -> Kind {
        match &*self.backend.borrow() {
            Backend::Sqlite(_) => Kind::Sqlite,
            Backend::Postgres { .. } => Kind::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (backup, pragmas); `None` on
    /// PostgreSQL.
    pub(crate) fn with_sqlite<T>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> Result<T>,
    ) -> Option<Result<T>> {
        match &mut *self.backend.borrow_mut() {
            Backend::Sqlite(conn) => Some(f(conn)),
            Backend::Postgres { .. } => None,
        }
    }

    /// Runs several statements without parameters (migrations, transaction control).
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        match &mut *self.backend.borrow_mut() {
            Backend::Sqlite(conn) => conn.execute_batch(sql)?,
            Backend::Postgres { client, .. } => client.batch_execute(sql).map_err(pg_error)?,
        }
        Ok(())
    }

    /// Runs one statement; returns the number of rows changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        match &mut *self.backend.borrow_mut() {
            Backend::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let n = stmt.execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
                Ok(n as u64)
            }
            Backend::Postgres { client, statements } => {
                let stmt = prepare(client, statements, sql)?;
                let refs = pg_params(params);
                client.execute(&stmt, &refs).map_err(pg_error)
            }
        }
    }

    /// Runs an INSERT into a table with an `id` key and returns the new row's id.
    pub(crate) fn insert(&self, sql: &str, params: &[Value]) -> Result<i64> {
        match self.kind() {
            Kind::Sqlite => {
                self.execute(sql, params)?;
                match &*self.backend.borrow() {
                    Backend::Sqlite(conn) => Ok(conn.last_insert_rowid()),
                    Backend::Postgres { .. } => unreachable!("kind checked above"),
                }
            }
            Kind::Postgres => self
                .query_one(&format!("{sql} RETURNING id"), params)?
                .get(0),
        }
    }

    /// All rows of a query.
    pub(crate) fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        match &mut *self.backend.borrow_mut() {
            Backend::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let n = stmt.column_count();
                let mut rows =
                    stmt.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    let mut values = Vec::with_capacity(n);
                    for k in 0..n {
                        values.push(from_sqlite(row.get_ref(k)?, k)?);
                    }
                    out.push(Row(values));
                }
                Ok(out)
            }
            Backend::Postgres { client, statements } => {
                let stmt = prepare(client, statements, sql)?;
                let refs = pg_params(params);
                let rows = client.query(&stmt, &refs).map_err(pg_error)?;
                rows.iter()
                    .map(|row| {
                        (0..row.len())
                            .map(|k| {
                                row.try_get::<_, PgValue>(k).map(|v| v.0).map_err(|e| {
                                    Error::Column {
                                        index: k,
                                        problem: pg_message(&e),
                                    }
                                })
                            })
                            .collect::<Result<Vec<_>>>()
                            .map(Row)
                    })
                    .collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt(&self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query, which must exist.
    pub(crate) fn query_one(&self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?.ok_or_else(|| Error::Column {
            index: 0,
            problem: "the query returned no row".to_string(),
        })
    }

    /// Starts a transaction that writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits for other
    /// writers instead of failing with "database is locked" when it upgrades.
    pub(crate) fn transaction(&self) -> Result<Tx<'_>> {
        self.begin(match self.kind() {
            Kind::Sqlite => "BEGIN IMMEDIATE",
            Kind::Postgres => "BEGIN",
        })
    }

    /// Starts a transaction with the given `BEGIN …` statement.
    pub(crate) fn begin(&self, begin: &str) -> Result<Tx<'_>> {
        self.batch(begin)?;
        Ok(Tx {
            db: self,
            done: false,
        })
    }

    /// ` FOR UPDATE OF alias` on PostgreSQL (lock the rows of `alias` read until
    /// commit); nothing on SQLite, where a write transaction already holds the
    /// database's one write lock.
    pub(crate) fn for_update(&self, alias: &str) -> String {
        match self.kind() {
            Kind::Sqlite => String::new(),
            Kind::Postgres => format!(" FOR UPDATE OF {alias}"),
        }
    }
}

/// An open transaction; rolled back when dropped without [`Tx::commit`].
pub(crate) struct Tx<'a> {
    db: &'a Db,
    done: bool,
}

impl Tx<'_> {
    /// Makes the transaction's writes permanent.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.done = true;
        self.db.batch("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing to do if this fails: the connection is gone or the transaction
            // was already ended by the server, and either way nothing was committed.
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

fn to_sqlite(value: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match value {
        Value::Null => V::Null,
        Value::Int(v) => V::Integer(*v),
        Value::Real(v) => V::Real(*v),
        Value::Text(v) => V::Text(v.clone()),
    }
}

fn from_sqlite(value: rusqlite::types::ValueRef<'_>, index: usize) -> Result<Value> {
    use rusqlite::types::ValueRef as V;
    Ok(match value {
        V::Null => Value::Null,
        V::Integer(v) => Value::Int(v),
        V::Real(v) => Value::Real(v),
        V::Text(v) => Value::Text(String::from_utf8(v.to_vec()).map_err(|_| Error::Column {
            index,
            problem: "text is not UTF-8".to_string(),
        })?),
        V::Blob(_) => {
            return Err(Error::Column {
                index,
                problem: "unexpected blob".to_string(),
            })
        }
    })
}

/// `?` and `?N` placeholders to PostgreSQL's `$N`, leaving quoted text alone.
pub(crate) fn postgres_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0u32;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    out.push_str(&format!("${next}"));
                } else {
                    out.push('$');
                    out.push_str(&digits);
                }
            }
            None => out.push(c),
        }
    }
    out
}

fn prepare(
    client: &mut postgres::Client,
    statements: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<postgres::Statement> {
    if let Some(stmt) = statements.get(sql) {
        return Ok(stmt.clone());
    }
    let stmt = client.prepare(&postgres_sql(sql)).map_err(pg_error)?;
    statements.insert(sql.to_string(), stmt.clone());
    Ok(stmt)
}

fn pg_params(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// Parameters go in PostgreSQL's text format, which every column type parses, so the
/// server's inferred type decides (text into `DATE`, 0/1 into `BOOLEAN`).
impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        _ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::IsNull;
        let text = match self {
            Value::Null => return Ok(IsNull::Yes),
            Value::Int(v) => v.to_string(),
            Value::Real(v) if v.is_nan() => "NaN".to_string(),
            Value::Real(v) if v.is_infinite() => {
                if *v > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
            }
            // Rust's shortest round-trip form, which PostgreSQL reads back exactly.
            Value::Real(v) => format!("{v:?}"),
            Value::Text(v) => {
                if v.contains('\0') {
                    return Err("PostgreSQL text cannot hold a NUL character".into());
                }
                v.clone()
            }
        };
        out.extend_from_slice(text.as_bytes());
        Ok(IsNull::No)
    }

    fn accepts(_ty: &postgres::types::Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &postgres::types::Type) -> postgres::types::Format {
        postgres::types::Format::Text
    }

    postgres::types::to_sql_checked!();
}

/// A result column read from PostgreSQL's binary format.
struct PgValue(Value);

impl<'a> postgres::types::FromSql<'a> for PgValue {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> std::result::Result<PgValue, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        fn be<const N: usize>(raw: &[u8]) -> std::result::Result<[u8; N], String> {
            raw.try_into()
                .map_err(|_| format!("expected {N} bytes, got {}", raw.len()))
        }
        let value = match *ty {
            Type::BOOL => Value::Int(i64::from(raw.first().is_some_and(|&b| b != 0))),
            Type::INT2 => Value::Int(i16::from_be_bytes(be(raw)?).into()),
            Type::INT4 => Value::Int(i32::from_be_bytes(be(raw)?).into()),
            Type::INT8 => Value::Int(i64::from_be_bytes(be(raw)?)),
            Type::FLOAT4 => Value::Real(f32::from_be_bytes(be(raw)?).into()),
            Type::FLOAT8 => Value::Real(f64::from_be_bytes(be(raw)?)),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::Text(std::str::from_utf8(raw)?.to_string())
            }
            Type::DATE => Value::Text(iso_date(i32::from_be_bytes(be(raw)?).into())),
            Type::TIMESTAMP | Type::TIMESTAMPTZ => {
                Value::Text(iso_timestamp(i64::from_be_bytes(be(raw)?)))
            }
            _ => return Err(format!("unsupported column type {ty}").into()),
        };
        Ok(PgValue(value))
    }

    fn from_sql_null(
        _ty: &postgres::types::Type,
    ) -> std::result::Result<PgValue, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_ty: &postgres::types::Type) -> bool {
        true
    }
}

/// Days from 1970-01-01 to the first day of 2000, PostgreSQL's epoch.
const PG_EPOCH_DAYS: i64 = 10_957;

/// A civil date from days since 1970-01-01 (proleptic Gregorian calendar).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The civil date `days` after 1970-01-01, as `YYYY-MM-DD` (proleptic Gregorian).
pub fn date_of_unix_days(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A PostgreSQL `DATE` (days since 2000-01-01) as `YYYY-MM-DD`.
fn iso_date(pg_days: i64) -> String {
    date_of_unix_days(pg_days + PG_EPOCH_DAYS)
}

/// A PostgreSQL timestamp (microseconds since 2000-01-01 UTC) as
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form the SQLite schema writes.
fn iso_timestamp(pg_micros: i64) -> String {
    let days = pg_micros.div_euclid(86_400_000_000);
    let micros = pg_micros.rem_euclid(86_400_000_000);
    let (y, m, d) = civil(days + PG_EPOCH_DAYS);
    let secs = micros / 1_000_000;
    let millis = (micros % 1_000_000) / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A PostgreSQL error as one line: the server's message with its detail and hint, or
/// the client's description (connection refused, bad URL, …).
pub(crate) fn pg_message(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => {
            let mut text = format!("{} ({})", db.message(), db.code().code());
            if let Some(detail) = db.detail() {
                text.push_str(&format!("; {detail}"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; hint: {hint}"));
            }
            text
        }
        None => {
            let mut text = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                let s_text = s.to_string();
                if !text.contains(&s_text) {
                    text.push_str(&format!(": {s_text}"));
                }
                source = s.source();
            }
            text
        }
    }
}

fn pg_error(err: postgres::Error) -> Error {
    Error::Postgres {
        code: err.code().map(|c| c.code().to_string()),
        message: pg_message(&err),
    }
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let userinfo = &authority[..at];
    let user = match userinfo.find(':') {
        Some(colon) => format!("{}:***", &userinfo[..colon]),
        None => userinfo.to_string(),
    };
    let mut out = url[..scheme_end + 3].to_string();
    out.push_str(&user);
    out.push_str(&rest[at..]);
    // A password can also be given as a query parameter.
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|kv| {
                if kv.to_ascii_lowercase().starts_with("password=") {
                    "password=***".to_string()
                } else {
                    kv.to_string()
                }
            })
            .collect();
        out = format!("{head}{}", query.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered() {
        assert_eq!(
            postgres_sql("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2"
        );
        assert_eq!(
            postgres_sql("(?1 IS NULL OR r.region LIKE '%' || ?1) AND ?12"),
            "($1 IS NULL OR r.region LIKE '%' || $1) AND $12"
        );
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_url("postgres://duban:s3cret@db.example:5432/duban"),
            "postgres://duban:***@db.example:5432/duban"
        );
        assert_eq!(
            redact_url("postgresql://duban@localhost/x?password=s3cret&sslmode=disable"),
            "postgresql://duban@localhost/x?password=***&sslmode=disable"
        );
        assert_eq!(
            redact_url("postgres://localhost/x"),
            "postgres://localhost/x"
        );
        assert_eq!(redact_url("/tmp/duban.db"), "/tmp/duban.db");
    }

    #[test]
    fn postgres_dates_and_timestamps() {
        assert_eq!(iso_date(0), "2000-01-01");
        assert_eq!(iso_date(-1), "1999-12-31");
        assert_eq!(iso_date(5_843), "2015-12-31");
        assert_eq!(iso_timestamp(0), "2000-01-01T00:00:00.000Z");
        assert_eq!(
            iso_timestamp(86_400_000_000 + 3_723_456_789),
            "2000-01-02T01:02:03.456Z"
        );
        assert_eq!(iso_timestamp(-1_000), "1999-12-31T23:59:59.999Z");
    }
}
