//! Shared state: the configuration, the store connections and the login limiter.

use crate::auth::RateLimiter;
use crate::cache::{filter_key, Cache, Memo};
use crate::error::AppError;
use crate::Error;
use duban_store::{Filter, ReportDetail, ReportId, ReportSummary, Store, TaskRow, TrackRow};
use std::hash::Hash;
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

impl Drop for Db {
    /// Closes the connections on a thread of their own: closing a PostgreSQL client
    /// blocks on its runtime, which may not happen inside the server's.
    fn drop(&mut self) {
        let stores = std::mem::take(&mut self.stores);
        std::thread::scope(|scope| {
            scope.spawn(move || drop(stores));
        });
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
    /// The read caches; every write calls [`Cache::invalidate`].
    pub cache: Arc<Cache>,
}

impl AppState {
    /// Opens the store (running migrations) and sets up the limiter.
    ///
    /// The connections are opened on a thread of their own: the PostgreSQL client
    /// blocks on a runtime of its own, which may not start inside the caller's. For the
    /// same reason every query runs on the blocking pool ([`AppState::with_store`]).
    pub fn new(config: Config) -> Result<AppState, Error> {
        let db = std::thread::scope(|scope| {
            scope
                .spawn(|| Db::open(&config))
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })?;
        Ok(AppState {
            config: Arc::new(config),
            db: Arc::new(db),
            limiter: Arc::new(RateLimiter::default()),
            cache: Arc::new(Cache::default()),
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

    /// Runs a write with a store connection, then starts a new cache generation
    /// (whether or not the write went through: a failed one may have changed nothing,
    /// and reading again is cheap).
    pub async fn write_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut Store) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let result = self.with_store(f).await;
        self.cache.invalidate();
        result
    }

    /// The answer of `load` for `key`, from the cache `memo` when it has a fresh one;
    /// a hit needs neither a connection nor the blocking pool.
    async fn cached<K, V>(
        &self,
        memo: fn(&Cache) -> &Memo<K, V>,
        key: K,
        load: impl FnOnce(&mut Store) -> Result<V, duban_store::Error> + Send + 'static,
    ) -> Result<Arc<V>, AppError>
    where
        K: Hash + Eq + Clone + Send + 'static,
        V: Send + Sync + 'static,
    {
        let generation = self.cache.generation();
        if let Some(value) = memo(&self.cache).fresh(&key, generation) {
            return Ok(value);
        }
        let cache = self.cache.clone();
        self.with_store(move |store| {
            memo(&cache).get(key, generation, || Ok::<_, AppError>(load(store)?))
        })
        .await
    }

    /// `Store::reports`, cached.
    pub async fn reports(&self, filter: Filter) -> Result<Arc<Vec<ReportSummary>>, AppError> {
        self.cached(
            |c| &c.reports,
            filter_key(&filter),
            move |store| store.reports(&filter),
        )
        .await
    }

    /// `Store::report_detail`, cached.
    pub async fn report_detail(&self, id: ReportId) -> Result<Arc<ReportDetail>, AppError> {
        self.cached(|c| &c.details, id, move |store| store.report_detail(id))
            .await
    }

    /// `Store::track`, cached.
    pub async fn track(&self, filter: Filter) -> Result<Arc<Vec<TrackRow>>, AppError> {
        self.cached(
            |c| &c.track,
            filter_key(&filter),
            move |store| store.track(&filter),
        )
        .await
    }

    /// `Store::tasks` (read as `Store::ledger`: the same rows in three queries), cached.
    pub async fn tasks(&self, filter: Filter) -> Result<Arc<Vec<TaskRow>>, AppError> {
        self.cached(
            |c| &c.tasks,
            filter_key(&filter),
            move |store| store.ledger(&filter, true),
        )
        .await
    }
}
