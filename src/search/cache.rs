//! Answers kept for the queries asked again: a server sees the same
//! popular queries over and over, and an answer stays right until the
//! index changes (a new snapshot, of the same engine or of one reopened
//! on the changed index, empties the cache).

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

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
    /// Answers being computed: who asks for one of them waits for it
    /// rather than computing it again (fifty clients asking for the same
    /// new query at once compute it once).
    pending: HashMap<String, Arc<Flight<V>>>,
}

/// One answer being computed, and whoever waits for it.
struct Flight<V> {
    done: Mutex<Option<Option<Arc<V>>>>,
    ready: Condvar,
}

impl<V> Flight<V> {
    fn new() -> Self {
        Flight {
            done: Mutex::new(None),
            ready: Condvar::new(),
        }
    }

    /// The answer once computed; None if its computation failed.
    fn wait(&self) -> Option<Arc<V>> {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(answer) = done.as_ref() {
                return answer.clone();
            }
            done = self.ready.wait(done).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn finish(&self, answer: Option<Arc<V>>) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = Some(answer);
        self.ready.notify_all();
    }
}

/// Ends a flight however its computation ends, an error or a panic
/// included, so that no waiter waits for ever.
struct Landing<'a, V> {
    cache: &'a AnswerCache<V>,
    key: &'a str,
    flight: Arc<Flight<V>>,
    answer: Option<Arc<V>>,
}

impl<V> Drop for Landing<'_, V> {
    fn drop(&mut self) {
        self.cache.lock().pending.remove(self.key);
        self.flight.finish(self.answer.take());
    }
}

impl<V> AnswerCache<V> {
    /// A cache of at most `capacity` answers.
    pub fn new(capacity: usize) -> Self {
        AnswerCache {
            inner: Mutex::new(Inner {
                generation: 0,
                tick: 0,
                answers: HashMap::new(),
                pending: HashMap::new(),
            }),
            capacity: capacity.max(1),
        }
    }

    /// The answer kept under `key` for the index as `engine` sees it, or
    /// the one `compute` gives (then kept). While one is being computed,
    /// others asking for it wait for that one.
    pub fn get_or(
        &self,
        engine: &Engine,
        key: String,
        compute: impl FnOnce() -> Result<V>,
    ) -> Result<Arc<V>> {
        let generation = engine.snapshot_id();
        self.get_or_at(generation, key, compute)
    }

    /// [`Self::get_or`] for a searcher generation.
    fn get_or_at(
        &self,
        generation: u64,
        key: String,
        compute: impl FnOnce() -> Result<V>,
    ) -> Result<Arc<V>> {
        let (flight, leads) = {
            let mut inner = self.lock();
            if let Some(answer) = inner.kept(generation, &key) {
                return Ok(answer);
            }
            match inner.pending.get(&key) {
                Some(flight) => (flight.clone(), false),
                None => {
                    let flight = Arc::new(Flight::new());
                    inner.pending.insert(key.clone(), flight.clone());
                    (flight, true)
                }
            }
        };
        if !leads {
            // The computation failed for the one who ran it: this request
            // tries again on its own, and gets its own error.
            return match flight.wait() {
                Some(answer) => Ok(answer),
                None => compute().map(Arc::new),
            };
        }
        let mut landing = Landing {
            cache: self,
            key: &key,
            flight,
            answer: None,
        };
        let answer = Arc::new(compute()?);
        self.keep(generation, key.clone(), answer.clone());
        landing.answer = Some(answer.clone());
        drop(landing);
        Ok(answer)
    }

    /// The answer kept under `key`, if any, without computing one: cheap
    /// enough for an async thread.
    pub fn peek(&self, engine: &Engine, key: &str) -> Option<Arc<V>> {
        self.kept(engine.snapshot_id(), key)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<V>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn kept(&self, generation: u64, key: &str) -> Option<Arc<V>> {
        self.lock().kept(generation, key)
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

impl<V> Inner<V> {
    fn kept(&mut self, generation: u64, key: &str) -> Option<Arc<V>> {
        if self.generation != generation {
            return None;
        }
        self.tick += 1;
        let tick = self.tick;
        let entry = self.answers.get_mut(key)?;
        entry.1 = tick;
        Some(entry.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn concurrent_askers_of_one_new_answer_compute_it_once() {
        let cache: AnswerCache<usize> = AnswerCache::new(8);
        let computed = AtomicUsize::new(0);
        let barrier = std::sync::Barrier::new(16);
        std::thread::scope(|scope| {
            for _ in 0..16 {
                scope.spawn(|| {
                    barrier.wait();
                    let answer = cache
                        .get_or_at(1, "发展".to_string(), || {
                            computed.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            Ok(42)
                        })
                        .expect("answer");
                    assert_eq!(*answer, 42);
                });
            }
        });
        assert_eq!(computed.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_failed_computation_leaves_nobody_waiting_and_keeps_nothing() {
        let cache: AnswerCache<usize> = AnswerCache::new(8);
        let failed = cache.get_or_at(1, "q".to_string(), || anyhow::bail!("no"));
        assert!(failed.is_err());
        let computed = AtomicUsize::new(0);
        let answer = cache.get_or_at(1, "q".to_string(), || {
            computed.fetch_add(1, Ordering::SeqCst);
            Ok(7)
        });
        assert_eq!(answer.ok().as_deref(), Some(&7));
        assert_eq!(computed.load(Ordering::SeqCst), 1);
        // A panic in the computation ends its flight too.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = cache.get_or_at(1, "p".to_string(), || panic!("boom"));
        }));
        assert!(panicked.is_err());
        assert!(cache.lock().pending.is_empty());
        assert_eq!(
            cache
                .get_or_at(1, "p".to_string(), || Ok(3))
                .ok()
                .as_deref(),
            Some(&3)
        );
    }
}
