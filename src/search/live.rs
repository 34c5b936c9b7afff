//! An engine for a long-running server that follows the index on disk:
//! when another process re-indexes, the server opens the new snapshot and
//! answers from it, without a restart. Each request keeps the engine it
//! started with, so its hits, copies and counts come from one snapshot.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::Engine;
use crate::index::ReportIndex;

/// The files a committed run changes: tantivy's `meta.json` (every commit)
/// and the near-duplicate groups (written after the last commit of a run).
const WATCHED: &[&str] = &["meta.json", crate::index::duplicates::GROUPS_FILE];

/// What the watched files look like now: length and modification time
/// of each (absent files count as absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Vec<Option<(u64, SystemTime)>>);

impl Stamp {
    pub fn of(dir: &Path) -> Stamp {
        Stamp(
            WATCHED
                .iter()
                .map(|name| {
                    let meta = std::fs::metadata(dir.join(name)).ok()?;
                    Some((meta.len(), meta.modified().ok()?))
                })
                .collect(),
        )
    }
}

/// The engine now in use, replaced whole when the index changes.
pub struct LiveEngine {
    dir: PathBuf,
    current: RwLock<Arc<Engine>>,
}

impl LiveEngine {
    pub fn open(dir: &Path) -> Result<LiveEngine> {
        Ok(LiveEngine {
            dir: dir.to_path_buf(),
            current: RwLock::new(Arc::new(open_engine(dir)?)),
        })
    }

    /// The engine a request answers from, to the end of that request.
    pub fn current(&self) -> Arc<Engine> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Opens the index again and answers from it from now on. The engine
    /// in use stays if the index cannot be opened (a run that broke it
    /// half way): the server goes on answering from what it had.
    pub fn reload(&self) -> Result<()> {
        let engine = Arc::new(open_engine(&self.dir)?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = engine;
        Ok(())
    }

    /// Watches the index every `every` on a thread of its own and reloads
    /// once a change has settled: the files must look the same at two
    /// looks in a row, so that a run that commits every few seconds is not
    /// reopened at each commit. `report` hears of each reload or failure.
    pub fn follow(
        self: &Arc<Self>,
        every: Duration,
        report: impl Fn(Result<()>) + Send + 'static,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let live = Arc::downgrade(self);
        let dir = self.dir.clone();
        std::thread::Builder::new()
            .name("index-watch".into())
            .spawn(move || {
                let mut loaded = Stamp::of(&dir);
                let mut seen = loaded.clone();
                loop {
                    std::thread::sleep(every);
                    // The server is gone: so is the watch.
                    let Some(live) = live.upgrade() else { return };
                    let now = Stamp::of(&dir);
                    if now != loaded && now == seen {
                        report(live.reload());
                        loaded = now.clone();
                    }
                    seen = now;
                }
            })
    }
}

fn open_engine(dir: &Path) -> Result<Engine> {
    Engine::new(&ReportIndex::open(dir)?)?.for_many_queries()
}
