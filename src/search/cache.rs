//! Answers kept for the queries asked again: a server sees the same
//! popular queries over and over, and an answer stays right until the
//! index changes (a new searcher generation empties the cache).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Result;

use super::Engine;

/// Answers of any kind, by key, for one generation of the index.
pub struct AnswerCache<V> {
    inner: Mutex<Inner<V>>,
    capacity: usize,
}

struct Inner<V> {
    generation: u64,
    tick: u64,
    answers: HashMap<String, (Arc<V>, u64)>,
}

impl<V> AnswerCache<V> {
    /// A cache of at most `capacity` answers.
    pub fn new(capacity: usize) -> Self {
        AnswerCache {
            inner: Mutex::new(Inner {
                generation: 0,
                tick: 0,
                answers: HashMap::new(),
            }),
            capacity: capacity.max(1),
        }
    }

    /// The answer kept under `key` for the index as `engine` sees it, or
    /// the one `compute` gives (then kept).
    pub fn get_or(
        &self,
        engine: &Engine,
        key: String,
        compute: impl FnOnce() -> Result<V>,
    ) -> Result<Arc<V>> {
        let generation = engine.searcher().generation().generation_id();
        if let Some(answer) = self.kept(generation, &key) {
            return Ok(answer);
        }
        let answer = Arc::new(compute()?);
        self.keep(generation, key, answer.clone());
        Ok(answer)
    }

    /// The answer kept under `key`, if any, without computing one: cheap
    /// enough for an async thread.
    pub fn peek(&self, engine: &Engine, key: &str) -> Option<Arc<V>> {
        self.kept(engine.searcher().generation().generation_id(), key)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<V>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn kept(&self, generation: u64, key: &str) -> Option<Arc<V>> {
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

    fn keep(&self, generation: u64, key: String, answer: Arc<V>) {
        let mut inner = self.lock();
        if inner.generation != generation {
            inner.answers.clear();
            inner.generation = generation;
        }
        if inner.answers.len() >= self.capacity {
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
