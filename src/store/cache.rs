//! A bounded in-memory cache of report records, keyed by share-token hash.
//!
//! A stored report never changes until it is deleted, so a cached record stays correct until
//! then, and deletion removes it. Every removal also advances a generation counter. A lookup
//! that read the database before a deletion inserts its record only if no removal happened
//! since it started, so it cannot put a deleted report back.
//!
//! Each entry can also keep one response body that the web layer rendered from the record,
//! such as the read-only report page, with a key naming what else that body depends on.
//!
//! NOTE: the cache assumes that this process makes every change to the reports table. A report
//! that another program deletes is served from here until its entry is evicted.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use bytes::Bytes;
use lru::LruCache;

use super::{ReportRecord, TokenHash};

/// Bytes counted for an entry on top of its text, for the map slot, the `Arc` and the strings'
/// headers. An estimate: it keeps a cache of many tiny tombstones bounded too.
const ENTRY_OVERHEAD_BYTES: usize = 256;

/// Report records by share-token hash, least recently used first out, holding at most
/// `max_bytes` of record text and rendered bodies.
pub struct ReportCache {
    state: Mutex<CacheState>,
    max_bytes: usize,
}

struct CacheState {
    entries: LruCache<TokenHash, Arc<CachedReport>>,
    /// Sum of `weight()` over `entries`.
    bytes: usize,
    /// Count of removals so far; see the module documentation.
    generation: u64,
}

/// A report record as read from the database, with a body rendered from it once one is stored.
#[derive(Debug)]
pub struct CachedReport {
    pub record: ReportRecord,
    rendered: OnceLock<Rendered>,
}

/// A response body rendered from a cached record, and the key of everything else it depends on.
#[derive(Debug)]
struct Rendered {
    key: String,
    body: Bytes,
}

impl CachedReport {
    fn new(record: ReportRecord) -> Self {
        CachedReport { record, rendered: OnceLock::new() }
    }

    /// Returns the stored rendered body when it was made for `key`.
    pub fn rendered(&self, key: &str) -> Option<Bytes> {
        self.rendered.get().filter(|rendered| rendered.key == key).map(|rendered| rendered.body.clone())
    }

    /// Returns the stored report JSON as a response body that shares this entry's memory
    /// instead of copying it, or `None` for a deleted report.
    pub fn report_json(self: &Arc<Self>) -> Option<Bytes> {
        match &self.record {
            ReportRecord::Live(_) => Some(Bytes::from_owner(ReportJson(Arc::clone(self)))),
            ReportRecord::Deleted { .. } => None,
        }
    }

    fn weight(&self) -> usize {
        let text = match &self.record {
            ReportRecord::Live(stored) => stored.created_at.len() + stored.profile_json.len() + stored.report_json.len(),
            ReportRecord::Deleted { deleted_at } => deleted_at.len(),
        };
        let rendered = self.rendered.get().map_or(0, |rendered| rendered.key.len() + rendered.body.len());
        ENTRY_OVERHEAD_BYTES + text + rendered
    }
}

/// Keeps a cached entry alive for as long as a response body points into its report JSON.
struct ReportJson(Arc<CachedReport>);

impl AsRef<[u8]> for ReportJson {
    fn as_ref(&self) -> &[u8] {
        match &self.0.record {
            ReportRecord::Live(stored) => stored.report_json.as_bytes(),
            ReportRecord::Deleted { .. } => &[],
        }
    }
}

impl ReportCache {
    /// Makes an empty cache bounded to `max_bytes` of records and rendered bodies.
    pub fn new(max_bytes: usize) -> Self {
        ReportCache { state: Mutex::new(CacheState { entries: LruCache::unbounded(), bytes: 0, generation: 0 }), max_bytes }
    }

    /// Locks the state. A lock poisoned by a panic is used as it is, because at worst the byte
    /// count is then off, which changes only when entries are evicted.
    fn lock(&self) -> MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Returns the cached record for `token` and marks it as recently used.
    pub fn get(&self, token: &TokenHash) -> Option<Arc<CachedReport>> {
        self.lock().entries.get(token).cloned()
    }

    /// Returns the current generation. Read it before looking a record up in the database, and
    /// pass it to `insert_read`.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Caches `record`, read from the database after `generation()` returned `generation`, and
    /// returns it for the caller's use. It is left out of the cache when any record was removed
    /// since then, because the read may predate a deletion, and when it alone exceeds the
    /// cache's size.
    pub fn insert_read(&self, token: TokenHash, record: ReportRecord, generation: u64) -> Arc<CachedReport> {
        let entry = Arc::new(CachedReport::new(record));
        let weight = entry.weight();
        let mut state = self.lock();
        if state.generation != generation || weight > self.max_bytes {
            return entry;
        }
        if let Some(replaced) = state.entries.put(token, Arc::clone(&entry)) {
            state.bytes -= replaced.weight();
        }
        state.bytes += weight;
        self.evict_to_fit(&mut state);
        entry
    }

    /// Stores `body`, rendered from `entry` for `key`, so that later requests for the same
    /// key reuse it. Does nothing when the entry already has a body or is no longer cached.
    pub fn store_rendered(&self, token: &TokenHash, entry: &Arc<CachedReport>, key: String, body: Bytes) {
        let mut state = self.lock();
        let is_cached = state.entries.peek(token).is_some_and(|cached| Arc::ptr_eq(cached, entry));
        if !is_cached || entry.rendered.get().is_some() {
            return;
        }
        let before = entry.weight();
        if entry.rendered.set(Rendered { key, body }).is_ok() {
            state.bytes = state.bytes - before + entry.weight();
            self.evict_to_fit(&mut state);
        }
    }

    /// Forgets the record for `token`. Call it after the database change commits.
    pub fn remove(&self, token: &TokenHash) {
        let mut state = self.lock();
        state.generation += 1;
        if let Some(removed) = state.entries.pop(token) {
            state.bytes -= removed.weight();
        }
    }

    /// Returns the number of cached records and the bytes they count for.
    pub fn usage(&self) -> (usize, usize) {
        let state = self.lock();
        (state.entries.len(), state.bytes)
    }

    fn evict_to_fit(&self, state: &mut CacheState) {
        while state.bytes > self.max_bytes {
            let Some((_, evicted)) = state.entries.pop_lru() else { break };
            state.bytes -= evicted.weight();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{StoredReport, Token};

    fn live(text_bytes: usize) -> ReportRecord {
        ReportRecord::Live(StoredReport {
            created_at: "2026-12-04T10:00:00Z".to_owned(),
            planner_version: 1,
            profile_json: String::new(),
            report_json: "x".repeat(text_bytes),
            manage_hash: None,
        })
    }

    fn hash() -> TokenHash {
        Token::generate().expect("random").hash()
    }

    #[test]
    fn read_record_is_served_until_removed() {
        let cache = ReportCache::new(1 << 20);
        let token = hash();

        cache.insert_read(token, live(100), cache.generation());
        assert!(cache.get(&token).is_some());

        cache.remove(&token);
        assert!(cache.get(&token).is_none());
        assert_eq!(cache.usage(), (0, 0));
    }

    #[test]
    fn read_older_than_a_removal_is_not_cached() {
        let cache = ReportCache::new(1 << 20);
        let token = hash();
        let generation = cache.generation();

        cache.remove(&token);
        let entry = cache.insert_read(token, live(100), generation);

        assert!(matches!(entry.record, ReportRecord::Live(_)), "the caller still gets its record");
        assert!(cache.get(&token).is_none(), "a read that may predate the deletion stays out");
    }

    #[test]
    fn least_recently_used_evicted_first() {
        let entry_bytes = CachedReport::new(live(1000)).weight();
        let cache = ReportCache::new(entry_bytes * 2);
        let (first, second, third) = (hash(), hash(), hash());

        cache.insert_read(first, live(1000), cache.generation());
        cache.insert_read(second, live(1000), cache.generation());
        assert!(cache.get(&first).is_some(), "touch the first, so the second is oldest");
        cache.insert_read(third, live(1000), cache.generation());

        assert!(cache.get(&first).is_some());
        assert!(cache.get(&second).is_none(), "the least recently used was evicted");
        assert!(cache.get(&third).is_some());
        assert_eq!(cache.usage(), (2, entry_bytes * 2));
    }

    #[test]
    fn report_json_body_shares_entry() {
        let cache = ReportCache::new(1 << 20);
        let token = hash();
        let entry = cache.insert_read(token, live(100), cache.generation());

        let body = entry.report_json().expect("live report");

        assert_eq!(body, "x".repeat(100));
        assert_eq!(Arc::strong_count(&entry), 3, "the cache, the caller and the body hold the entry");
        let tombstone = cache.insert_read(hash(), ReportRecord::Deleted { deleted_at: "2026-12-04T10:00:00Z".to_owned() }, cache.generation());
        assert!(tombstone.report_json().is_none());
    }

    #[test]
    fn oversized_record_not_cached() {
        let cache = ReportCache::new(500);
        let token = hash();

        cache.insert_read(token, live(1000), cache.generation());

        assert!(cache.get(&token).is_none());
        assert_eq!(cache.usage(), (0, 0));
    }

    #[test]
    fn rendered_body_matches_its_key() {
        let cache = ReportCache::new(1 << 20);
        let token = hash();
        let entry = cache.insert_read(token, live(100), cache.generation());
        let (_, bytes_before) = cache.usage();

        cache.store_rendered(&token, &entry, "http://a 2026".to_owned(), Bytes::from_static(b"<html>"));

        let cached = cache.get(&token).expect("cached");
        assert_eq!(cached.rendered("http://a 2026").as_deref(), Some(&b"<html>"[..]));
        assert!(cached.rendered("http://b 2026").is_none(), "another key needs its own render");
        assert_eq!(cache.usage().1, bytes_before + "http://a 2026".len() + "<html>".len(), "the body counts toward the size");
    }

    #[test]
    fn rendered_body_evicts_when_over_size() {
        let entry_bytes = CachedReport::new(live(1000)).weight();
        let cache = ReportCache::new(entry_bytes * 2);
        let (first, second) = (hash(), hash());
        cache.insert_read(first, live(1000), cache.generation());
        let entry = cache.insert_read(second, live(1000), cache.generation());

        cache.store_rendered(&second, &entry, "key".to_owned(), Bytes::from(vec![b'a'; 100]));

        assert!(cache.get(&first).is_none(), "the older entry made room");
        assert!(cache.get(&second).is_some());
        assert!(cache.usage().1 <= entry_bytes * 2);
    }

    #[test]
    fn rendered_body_of_removed_entry_ignored() {
        let cache = ReportCache::new(1 << 20);
        let token = hash();
        let entry = cache.insert_read(token, live(100), cache.generation());
        cache.remove(&token);

        cache.store_rendered(&token, &entry, "key".to_owned(), Bytes::from_static(b"<html>"));

        assert!(cache.get(&token).is_none());
        assert_eq!(cache.usage(), (0, 0));
    }
}
