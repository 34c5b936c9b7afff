//! Answers kept for the queries asked again: a server sees the same
//! popular queries over and over, and an answer stays right until the
//! index changes (a new searcher generation empties the cache).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;

use super::{Engine, SearchRequest, SearchResults};

/// Answers kept; the least recently asked goes first.
const CAPACITY: usize = 512;

#[derive(Default)]
pub struct SearchCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    tick: u64,
    answers: HashMap<String, (Arc<SearchResults>, u64)>,
}

impl SearchCache {
    /// The answer to `request`, from the cache when the index has not
    /// changed since it was kept; `elapsed_ms` is this call's own time.
    pub fn search(&self, engine: &Engine, request: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        let generation = engine.searcher().generation().generation_id();
        let key = format!("{request:?}");
        if let Some(answer) = self.kept(generation, &key) {
            let mut results = SearchResults::clone(&answer);
            results.elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
            return Ok(results);
        }
        let results = engine.search(request)?;
        self.keep(generation, key, Arc::new(results.clone()));
        Ok(results)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn kept(&self, generation: u64, key: &str) -> Option<Arc<SearchResults>> {
        let mut inner = self.lock();
        if inner.generation != generation {
            return None;
        }
        inner.tick += 1;
        let tick = inner.tick;
        let entry = inner.answers.get_mut(key)?;
        entry.1 = tick;
        Some(entry.0.clone())
    }

    fn keep(&self, generation: u64, key: String, answer: Arc<SearchResults>) {
        let mut inner = self.lock();
        if inner.generation != generation {
            inner.answers.clear();
            inner.generation = generation;
        }
        if inner.answers.len() >= CAPACITY {
            let oldest = inner
                .answers
                .iter()
                .min_by_key(|(_, (_, tick))| *tick)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                inner.answers.remove(&oldest);
            }
        }
        inner.tick += 1;
        let tick = inner.tick;
        inner.answers.insert(key, (answer, tick));
    }
}
