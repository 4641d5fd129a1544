//! Shared state: the configuration, the store connections and the login limiter.

use crate::auth::RateLimiter;
use crate::error::AppError;
use crate::Error;
use duban_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// How the server runs.
#[derive(Clone)]
pub struct Config {
    /// The database: an SQLite file path or a `postgres://` URL.
    pub db: String,
    /// When true, reading needs a signed-in user too.
    pub private: bool,
    /// The extraction engine used for uploads.
    pub engine: Arc<duban_core::Engine>,
    /// Store connections kept open (readers run in parallel in WAL mode).
    pub connections: usize,
    /// Whether cookies get the `Secure` attribute (set it behind HTTPS).
    pub secure_cookies: bool,
}

impl Config {
    /// The defaults for a database file: public reading, the built-in engine,
    /// four connections, cookies without `Secure` (plain HTTP on a local port).
    pub fn new(db: impl AsRef<std::ffi::OsStr>) -> Config {
        Config {
            db: db.as_ref().to_string_lossy().into_owned(),
            private: false,
            engine: Arc::new(duban_core::Engine::default()),
            connections: 4,
            secure_cookies: false,
        }
    }
}

/// A few connections to one database (SQLite file or PostgreSQL); a caller takes
/// whichever is free.
pub struct Db {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
}

impl Db {
    fn open(config: &Config) -> Result<Db, Error> {
        let open = || {
            Store::open_url(&config.db).map_err(|source| Error::Store {
                path: duban_store::redact_url(&config.db),
                source,
            })
        };
        let stores = (0..config.connections.max(1))
            .map(|_| open().map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Db {
            stores,
            next: AtomicUsize::new(0),
        })
    }

    /// A free connection, or the next one in turn (waiting for it) when all are busy.
    fn get(&self) -> MutexGuard<'_, Store> {
        for store in &self.stores {
            if let Ok(guard) = store.try_lock() {
                return guard;
            }
        }
        let k = self.next.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        // A panic while holding a connection leaves the connection usable (every write
        // is one transaction that rolled back), so a poisoned lock is taken anyway.
        self.stores[k]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The configuration.
    pub config: Arc<Config>,
    /// The store connections.
    pub db: Arc<Db>,
    /// Failed sign-ins by client and by name.
    pub limiter: Arc<RateLimiter>,
}

impl AppState {
    /// Opens the store (running migrations) and sets up the limiter.
    pub fn new(config: Config) -> Result<AppState, Error> {
        let db = Db::open(&config)?;
        Ok(AppState {
            config: Arc::new(config),
            db: Arc::new(db),
            limiter: Arc::new(RateLimiter::default()),
        })
    }

    /// Runs `f` with a store connection on the blocking pool.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut Store) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.db.clone();
        match tokio::task::spawn_blocking(move || f(&mut db.get())).await {
            Ok(result) => result,
            Err(_) => Err(AppError::Internal("a database task failed".into())),
        }
    }
}
