//! Read caches: the report lists, report details, target tracks and ledgers that the
//! read pages and the API ask for, and the finished responses anonymous readers get,
//! kept in memory between requests.
//!
//! Under load the same few lists are asked for over and over; reading them from the
//! store each time (the whole ledger is one query per task for its notes and evidence)
//! caps a page at a few dozen requests a second. Entries hold the store's answer as it
//! is, so filtering and rendering stay in the handlers.
//!
//! An entry is good for one *generation* and at most [`MAX_AGE`]. The server's own
//! writes (ledger edits, notes, uploads) start a new generation, so a change is on the
//! next page at once; a write by another process (`duban ingest` into a served file,
//! another server on the same PostgreSQL database) shows within `MAX_AGE`. Nothing
//! that guards a write reads from here: edits check the task's version in the store.
//!
//! This is not a general cache: it knows only the reads below, each with a small number
//! of keys (a filter, an address), and a memo that is full starts afresh.

use axum::http::HeaderMap;
use duban_store::{Filter, ReportDetail, ReportId, ReportSummary, TaskRow, TrackRow};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest an entry is served before it is read again.
pub const MAX_AGE: Duration = Duration::from_secs(2);

/// Entries a memo of store answers holds before it starts afresh.
const CAPACITY: usize = 256;

/// Entries the memo of responses holds; responses are larger than store answers.
const RESPONSE_CAPACITY: usize = 64;

/// The largest response body kept.
pub const MAX_RESPONSE: usize = 1 << 20;

/// A filter as a map key.
pub type FilterKey = (Option<String>, Option<String>, Option<i32>);

/// The key of `filter`.
pub fn filter_key(filter: &Filter) -> FilterKey {
    (filter.region.clone(), filter.metric.clone(), filter.year)
}

struct Entry<V> {
    generation: u64,
    at: Instant,
    value: Arc<V>,
}

/// One read's answers by key.
pub struct Memo<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    capacity: usize,
    /// Held while reading the store, so that when an entry expires under load one
    /// request reads it again and the others wait for its answer.
    loading: Mutex<()>,
}

impl<K: Hash + Eq, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo::with_capacity(CAPACITY)
    }
}

impl<K: Hash + Eq, V> Memo<K, V> {
    fn with_capacity(capacity: usize) -> Self {
        Memo {
            entries: Mutex::new(HashMap::new()),
            capacity,
            loading: Mutex::new(()),
        }
    }
}

impl<K: Hash + Eq + Clone, V> Memo<K, V> {
    /// The answer for `key` if memory holds a fresh one.
    pub fn fresh(&self, key: &K, generation: u64) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == generation && e.at.elapsed() < MAX_AGE)
            .map(|e| e.value.clone())
    }

    /// The answer for `key` in `generation`, from memory or else from `load`.
    /// Blocking: call it on the blocking pool.
    pub fn get<E>(
        &self,
        key: K,
        generation: u64,
        load: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(value) = self.fresh(&key, generation) {
            return Ok(value);
        }
        let _loading = self.loading.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(value) = self.fresh(&key, generation) {
            return Ok(value);
        }
        let at = Instant::now();
        let value = Arc::new(load()?);
        self.insert(key, generation, at, value.clone());
        Ok(value)
    }

    /// Keeps `value`, made from what the store held in `generation` (taken before
    /// reading it, so that a write meanwhile leaves the value stale, not wrong).
    pub fn put(&self, key: K, generation: u64, value: V) {
        self.insert(key, generation, Instant::now(), Arc::new(value));
    }

    fn insert(&self, key: K, generation: u64, at: Instant, value: Arc<V>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                generation,
                at,
                value,
            },
        );
    }
}

/// A finished response to an anonymous GET: its headers (no cookies) and body.
pub struct CachedResponse {
    /// The headers the handler set.
    pub headers: HeaderMap,
    /// The body.
    pub body: bytes::Bytes,
}

/// The server's read caches and their generation.
pub struct Cache {
    generation: AtomicU64,
    /// `Store::reports` by filter.
    pub reports: Memo<FilterKey, Vec<ReportSummary>>,
    /// `Store::report_detail` by report.
    pub details: Memo<ReportId, ReportDetail>,
    /// `Store::track` by filter.
    pub track: Memo<FilterKey, Vec<TrackRow>>,
    /// `Store::tasks` by filter.
    pub tasks: Memo<FilterKey, Vec<TaskRow>>,
    /// Responses to anonymous GETs of read routes, by address and language.
    pub responses: Memo<(String, &'static str), CachedResponse>,
    /// Held while a missing response is made, so that when one expires under load
    /// one request makes it again and the others wait for it.
    pub rendering: tokio::sync::Mutex<()>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            generation: AtomicU64::new(0),
            reports: Memo::default(),
            details: Memo::default(),
            track: Memo::default(),
            tasks: Memo::default(),
            responses: Memo::with_capacity(RESPONSE_CAPACITY),
            rendering: tokio::sync::Mutex::new(()),
        }
    }
}

impl Cache {
    /// The current generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Starts a new generation: every entry is read again. Call it after every write.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_last_one_generation() {
        let memo: Memo<i32, String> = Memo::default();
        let mut reads = 0;
        let mut read = |text: &str| {
            reads += 1;
            Ok::<_, ()>(text.to_string())
        };
        assert_eq!(*memo.get(1, 0, || read("a")).unwrap(), "a");
        assert_eq!(*memo.get(1, 0, || read("b")).unwrap(), "a");
        assert_eq!(*memo.get(2, 0, || read("c")).unwrap(), "c");
        assert_eq!(*memo.get(1, 1, || read("d")).unwrap(), "d");
        assert_eq!(reads, 3);
        let failed: Result<Arc<String>, &str> = memo.get(3, 1, || Err("no"));
        assert_eq!(failed, Err("no"));
        assert_eq!(*memo.get(3, 1, || Ok::<_, ()>("e".into())).unwrap(), "e");
    }
}
