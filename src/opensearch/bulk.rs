//! Indexing into a cluster: the local pipeline (read → clean → facets →
//! analysis), then `_bulk` requests of bounded size. Incremental like the
//! local index: the path → content hash table it compares against is read
//! from the cluster, documents are addressed by their stable id (so a
//! re-run after a crash overwrites, never doubles), and files that are
//! gone are deleted.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use tantivy_jieba::jieba_rs::Jieba;

use super::Cluster;
use crate::analysis::{bigrams, index_words, normalise_text};
use crate::document::{self, content_hash, Document};
use crate::facets::folder::FolderPlaces;
use crate::index::{self, duplicates, Analysis, Event, IndexSummary};
use crate::read::SkipReason;

/// A bulk request is sent once it holds this many bytes...
const BULK_BYTES: usize = 8 << 20;
/// ...or this many actions.
const BULK_ACTIONS: usize = 500;
/// Documents read per page when listing what the cluster holds.
const PAGE: usize = 2_000;

/// Brings the cluster's index in line with the files under `roots`.
///
/// Copy groups must be known before a document is sent: an update of one
/// field would re-index the document from its stored source, which leaves
/// out the token fields. So a first pass extracts what changed and takes
/// its signatures, the groups are found over those and the signatures the
/// cluster holds, and a second pass sends each document with its group
/// (and sends again the unchanged ones whose group changed).
pub fn update(
    cluster: &Cluster,
    analysis: &Analysis,
    roots: &[PathBuf],
    on_event: &mut dyn FnMut(Event),
) -> Result<IndexSummary> {
    let start = Instant::now();
    let roots: Vec<PathBuf> = roots.iter().map(|r| index::tidy_root(r)).collect();
    for root in &roots {
        if !root.exists() {
            bail!("`{}` does not exist", root.display());
        }
    }
    let existing: HashMap<String, Value> =
        listing(cluster, &["hash", "minhash", "year", "region", "group"])?
            .into_iter()
            .collect();
    let (files, skipped) = index::collect(&roots, None, on_event);
    on_event(Event::Planned {
        files: files.len(),
        bytes: files.iter().map(|f| f.size).sum(),
    });
    let mut run = Run {
        analysis,
        jieba: crate::analysis::jieba_for(&analysis.lexicon),
        summary: IndexSummary::default(),
        seen: HashSet::new(),
        protected: Vec::new(),
        batch: Batch::default(),
        places: HashMap::new(),
    };
    for (path, reason) in &skipped {
        run.summary.seen += usize::from(!path.is_dir());
        *run.summary.skipped.entry(reason.label()).or_default() += 1;
        if matches!(reason, SkipReason::Unreadable(_)) {
            run.protected.push(path.clone());
        }
        run.seen.insert(path.to_string_lossy().into_owned());
    }
    // First pass: what changed, with its signature.
    let mut changed: Vec<(&index::Candidate, String, Option<duplicates::Candidate>)> = Vec::new();
    let mut unchanged: HashMap<String, &index::Candidate> = HashMap::new();
    for file in &files {
        let path = file.path.to_string_lossy().into_owned();
        run.summary.seen += 1;
        run.seen.insert(path.clone());
        let Some((bytes, hash)) = run.read(file, on_event) else {
            continue;
        };
        let previous = existing.get(&path);
        if previous.and_then(|p| p["hash"].as_str()) == Some(hash.as_str()) {
            let levels = previous
                .and_then(|p| p["region"].as_array())
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            run.places_of(&file.path).note_paths(levels);
            run.summary.unchanged += 1;
            on_event(Event::Unchanged {
                path: &path,
                bytes: bytes.len() as u64,
            });
            unchanged.insert(path, file);
            continue;
        }
        match run.extract(file, &path, &bytes, on_event) {
            Some(doc) => {
                run.places_of(&file.path).note(doc.facets.region.as_ref());
                if previous.is_some() {
                    run.summary.replaced += 1;
                } else {
                    run.summary.added += 1;
                }
                changed.push((file, path, candidate_of(&doc)));
            }
            None if previous.is_some() && !run.is_protected(&file.path) => {
                // No longer a report (emptied, now binary): drop it.
                run.batch.delete(&index::doc_id(&path));
                run.summary.removed += 1;
            }
            None => {}
        }
    }
    let mut gone = Vec::new();
    for path in existing.keys() {
        let p = Path::new(path.as_str());
        if roots.iter().any(|r| p.starts_with(r))
            && !run.is_protected(p)
            && !run.seen.contains(path.as_str())
        {
            gone.push(path.clone());
        }
    }
    // The groups over what the cluster will hold.
    let replaced: HashSet<&str> = changed.iter().map(|(_, path, _)| path.as_str()).collect();
    let mut candidates: Vec<duplicates::Candidate> = existing
        .iter()
        .filter(|(path, _)| !replaced.contains(path.as_str()) && !gone.contains(path))
        .filter_map(|(path, source)| stored_candidate(path, source))
        .collect();
    candidates.extend(changed.iter().filter_map(|(_, _, c)| c.clone()));
    let groups = group_names(&duplicates::groups(&candidates));
    // A document alone is its own group.
    let group_of = |path: &str| match groups.get(path) {
        Some(name) => (name.clone(), true),
        None => (index::doc_id(path), false),
    };
    // Second pass: send.
    for (file, path, _) in &changed {
        run.send(file, &group_of(path), cluster, on_event)?;
    }
    for (path, source) in &existing {
        let group = group_of(path);
        let stored = (
            source["group"].as_str().unwrap_or_default().to_string(),
            source["grouped"].as_bool().unwrap_or(false),
        );
        if stored == group || replaced.contains(path.as_str()) {
            continue;
        }
        // Its group changed: sent again whole, if its file is at hand.
        if let Some(file) = unchanged.get(path) {
            run.send(file, &group, cluster, &mut |_| {})?;
        }
    }
    for path in gone {
        run.batch.delete(&index::doc_id(&path));
        run.summary.removed += 1;
        on_event(Event::Removed { path: &path });
        run.batch.send_if_full(cluster)?;
    }
    run.batch.send(cluster)?;
    refresh(cluster)?;
    let mut summary = run.summary;
    summary.total_docs = count(cluster)?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// The state of one run into a cluster.
struct Run<'a> {
    analysis: &'a Analysis,
    jieba: std::sync::Arc<Jieba>,
    summary: IndexSummary,
    /// Paths met by this run's walk.
    seen: HashSet<String>,
    /// Files and folders that could not be read keep their documents.
    protected: Vec<PathBuf>,
    batch: Batch,
    /// The places each folder's documents name, for those that name none
    /// (as the local indexer counts them: [`crate::facets::folder`]).
    places: HashMap<PathBuf, FolderPlaces>,
}

impl Run<'_> {
    fn places_of(&mut self, path: &Path) -> &mut FolderPlaces {
        let parent = path.parent().unwrap_or(Path::new("")).to_path_buf();
        self.places.entry(parent).or_default()
    }

    fn is_protected(&self, path: &Path) -> bool {
        self.protected.iter().any(|d| path.starts_with(d))
    }

    fn skip(&mut self, path: &Path, reason: SkipReason, on_event: &mut dyn FnMut(Event)) {
        on_event(Event::Skipped {
            path,
            reason: &reason,
        });
        *self.summary.skipped.entry(reason.label()).or_default() += 1;
        if matches!(
            reason,
            SkipReason::Unreadable(_) | SkipReason::ExtractionFailed
        ) {
            self.protected.push(path.to_path_buf());
        }
    }

    /// The file's bytes and content hash, or a skip.
    fn read(
        &mut self,
        file: &index::Candidate,
        on_event: &mut dyn FnMut(Event),
    ) -> Option<(Vec<u8>, String)> {
        match std::fs::read(&file.path) {
            Ok(bytes) => {
                self.summary.bytes_read += bytes.len() as u64;
                let hash = stamp(&bytes);
                Some((bytes, hash))
            }
            Err(e) => {
                self.skip(&file.path, SkipReason::Unreadable(e.to_string()), on_event);
                None
            }
        }
    }

    /// The document of a file; a bug in extraction costs one file.
    fn extract(
        &mut self,
        file: &index::Candidate,
        path: &str,
        bytes: &[u8],
        on_event: &mut dyn FnMut(Event),
    ) -> Option<Document> {
        match extract(self.analysis, file, path, bytes) {
            Ok(doc) => Some(doc),
            Err(reason) => {
                self.skip(&file.path, reason, on_event);
                None
            }
        }
    }

    /// Reads and extracts a file again and queues it with its group.
    fn send(
        &mut self,
        file: &index::Candidate,
        (group, grouped): &(String, bool),
        cluster: &Cluster,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<()> {
        let path = file.path.to_string_lossy().into_owned();
        let Ok(bytes) = std::fs::read(&file.path) else {
            return Ok(());
        };
        let hash = stamp(&bytes);
        let Ok(mut doc) = extract(self.analysis, file, &path, &bytes) else {
            return Ok(());
        };
        if let Some(places) = file.path.parent().and_then(|dir| self.places.get(dir)) {
            places.complete(&mut doc.facets);
        }
        let mut json = to_json(&doc, &hash, &self.jieba);
        json["group"] = Value::String(group.clone());
        json["grouped"] = Value::Bool(*grouped);
        self.batch.index(&index::doc_id(&path), &json);
        on_event(Event::Indexed {
            path: &path,
            bytes: doc.bytes,
        });
        self.batch.send_if_full(cluster)
    }
}

/// The document of a file; a bug in extraction costs one file, not the run.
fn extract(
    analysis: &Analysis,
    file: &index::Candidate,
    path: &str,
    bytes: &[u8],
) -> Result<Document, SkipReason> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        document::from_bytes(path, file.format, bytes, &analysis.taxonomy)
    }))
    .unwrap_or(Err(SkipReason::ExtractionFailed))
}

/// What near-duplicate detection needs of a document; none for a text too
/// short to have a signature (it is never a copy, as locally).
fn candidate_of(doc: &Document) -> Option<duplicates::Candidate> {
    Some(duplicates::Candidate {
        path: doc.path.clone(),
        signature: duplicates::signature(&doc.normalised)?,
        year: doc.facets.year.map(u64::from),
        region: doc.facets.region.as_ref().and_then(|r| r.levels().pop()),
    })
}

/// The same of a document the cluster holds, if it has a signature.
fn stored_candidate(path: &str, source: &Value) -> Option<duplicates::Candidate> {
    let signature = source["minhash"].as_str().and_then(unhex)?;
    // The longest level is the deepest.
    let region = source["region"]
        .as_array()
        .and_then(|levels| {
            levels
                .iter()
                .filter_map(Value::as_str)
                .max_by_key(|l| l.len())
        })
        .map(String::from);
    Some(duplicates::Candidate {
        path: path.to_string(),
        signature: duplicates::from_bytes(&signature),
        year: source["year"].as_u64(),
        region,
    })
}

/// Path → group name, for the members of each group: the id of its first
/// member in path order, so that a group keeps its name across runs.
fn group_names(groups: &[Vec<String>]) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for group in groups {
        let Some(first) = group.iter().min() else {
            continue;
        };
        let name = index::doc_id(first);
        for member in group {
            names.insert(member.clone(), name.clone());
        }
    }
    names
}

/// What a document's `hash` records: its content hash and the version of
/// the facet rules that read it, so that a file read by older rules counts
/// as changed and is read again (an update reads no unchanged file).
fn stamp(bytes: &[u8]) -> String {
    format!(
        "{:016x}/{}",
        content_hash(bytes),
        crate::facets::RULES_VERSION
    )
}

/// The document as the cluster indexes it: the facets as keywords, the
/// tokens govsearch cut (one per line), the cleaned text stored.
fn to_json(doc: &Document, hash: &str, jieba: &Jieba) -> Value {
    let title = normalise_text(&doc.facets.title);
    let lines = |tokens: Vec<&str>| tokens.join("\n");
    let grams = |text: &str| {
        bigrams(text)
            .into_iter()
            .map(|g| g.text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let meta = normalise_text(&index::meta_text(&doc.facets));
    let id = index::doc_id(&doc.path);
    json!({
        "path": doc.path,
        "id": id,
        "hash": hash,
        // Set by `update` once the groups are known.
        "group": id,
        "grouped": false,
        "chars": doc.normalised.chars().count(),
        "title": doc.facets.title,
        "title_words": lines(index_words(jieba, &title)),
        "title_grams": grams(&title),
        "meta_words": lines(index_words(jieba, &meta)),
        "title_key": index::title_keys(&title),
        "body": lines(index_words(jieba, &doc.normalised)),
        "grams": grams(&doc.normalised),
        "text": doc.text,
        "simplified": !doc.traditional,
        "minhash": duplicates::signature(&doc.normalised)
            .map(|s| hex(&duplicates::to_bytes(&s))),
        "year": doc.facets.year,
        "region": doc.facets.region.as_ref().map(|r| r.levels()).unwrap_or_default(),
        "unit": doc.facets.unit,
        "kind": doc.facets.kind,
        "topic": doc.facets.topics,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Actions waiting to be sent: NDJSON lines, an action and its document.
#[derive(Default)]
struct Batch {
    actions: Vec<(String, Option<String>)>,
    bytes: usize,
}

impl Batch {
    fn index(&mut self, id: &str, doc: &Value) {
        self.push(json!({"index": {"_id": id}}), Some(doc.to_string()));
    }

    fn delete(&mut self, id: &str) {
        self.push(json!({"delete": {"_id": id}}), None);
    }

    fn push(&mut self, action: Value, doc: Option<String>) {
        let action = action.to_string();
        self.bytes += action.len() + doc.as_ref().map_or(0, String::len) + 2;
        self.actions.push((action, doc));
    }

    fn send_if_full(&mut self, cluster: &Cluster) -> Result<()> {
        if self.bytes >= BULK_BYTES || self.actions.len() >= BULK_ACTIONS {
            self.send(cluster)?;
        }
        Ok(())
    }

    /// Sends the batch; actions the cluster pushed back (429, 5xx) are
    /// sent again with backoff, other failures stop the run.
    fn send(&mut self, cluster: &Cluster) -> Result<()> {
        let mut pending = std::mem::take(&mut self.actions);
        self.bytes = 0;
        let mut wait = Duration::from_millis(250);
        for _ in 0..6 {
            if pending.is_empty() {
                return Ok(());
            }
            let mut body = String::new();
            for (action, doc) in &pending {
                body.push_str(action);
                body.push('\n');
                if let Some(doc) = doc {
                    body.push_str(doc);
                    body.push('\n');
                }
            }
            let answer = cluster.send_bytes(
                "POST",
                &cluster.index_path("/_bulk"),
                Some(body.as_bytes()),
                "application/x-ndjson",
            )?;
            if answer.get("errors").and_then(Value::as_bool) != Some(true) {
                return Ok(());
            }
            let items = answer["items"].as_array().cloned().unwrap_or_default();
            let mut again = Vec::new();
            for (item, action) in items.iter().zip(pending) {
                let result = item.as_object().and_then(|o| o.values().next());
                let status = result.and_then(|r| r["status"].as_u64()).unwrap_or(0);
                // Deleting what is not there is done.
                if status == 404 && action.1.is_none() {
                    continue;
                }
                if status == 429 || status >= 500 {
                    again.push(action);
                } else if !(200..300).contains(&status) {
                    let reason = result
                        .and_then(|r| r.pointer("/error/reason"))
                        .and_then(Value::as_str)
                        .unwrap_or("unknown error");
                    bail!("OpenSearch refused a document (HTTP {status}): {reason}");
                }
            }
            pending = again;
            std::thread::sleep(wait);
            wait *= 2;
        }
        if pending.is_empty() {
            Ok(())
        } else {
            bail!(
                "OpenSearch kept refusing {} actions (busy or failing); run the same \
                 command again to send the rest",
                pending.len()
            )
        }
    }
}

/// Every document's path and the `fields` asked for, in path order.
pub fn listing(cluster: &Cluster, fields: &[&str]) -> Result<Vec<(String, Value)>> {
    if !cluster.exists()? {
        return Ok(Vec::new());
    }
    let mut source = vec!["path"];
    source.extend_from_slice(fields);
    let mut out = Vec::new();
    let mut after: Option<Value> = None;
    loop {
        let mut request = json!({
            "size": PAGE,
            "query": {"match_all": {}},
            "sort": [{"path": "asc"}],
            "_source": source,
            "track_total_hits": false,
        });
        if let Some(after) = &after {
            request["search_after"] = after.clone();
        }
        let answer = cluster.send("POST", &cluster.index_path("/_search"), Some(&request))?;
        let hits = answer
            .pointer("/hits/hits")
            .and_then(Value::as_array)
            .context("OpenSearch returned no hits array")?;
        for hit in hits {
            let source = hit["_source"].clone();
            if let Some(path) = source["path"].as_str() {
                out.push((path.to_string(), source.clone()));
            }
        }
        match hits.last() {
            Some(last) if hits.len() == PAGE => after = Some(last["sort"].clone()),
            _ => return Ok(out),
        }
    }
}

fn refresh(cluster: &Cluster) -> Result<()> {
    cluster.send("POST", &cluster.index_path("/_refresh"), None)?;
    Ok(())
}

/// Documents in the index.
pub fn count(cluster: &Cluster) -> Result<u64> {
    let answer = cluster.send("GET", &cluster.index_path("/_count"), None)?;
    answer["count"]
        .as_u64()
        .context("OpenSearch returned no count")
}
