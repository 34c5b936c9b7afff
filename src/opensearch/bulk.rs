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
use crate::index::{self, duplicates, Analysis, Event, IndexSummary};
use crate::read::SkipReason;

/// A bulk request is sent once it holds this many bytes...
const BULK_BYTES: usize = 8 << 20;
/// ...or this many actions.
const BULK_ACTIONS: usize = 500;
/// Documents read per page when listing what the cluster holds.
const PAGE: usize = 2_000;

/// Brings the cluster's index in line with the files under `roots`.
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
    let existing: HashMap<String, String> = listing(cluster, &["hash"])?
        .into_iter()
        .map(|(path, source)| {
            let hash = source["hash"].as_str().unwrap_or_default().to_string();
            (path, hash)
        })
        .collect();
    let (files, skipped) = index::collect(&roots, None, on_event);
    on_event(Event::Planned {
        files: files.len(),
        bytes: files.iter().map(|f| f.size).sum(),
    });
    let jieba = crate::analysis::jieba_for(&analysis.lexicon);
    let mut summary = IndexSummary::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut protected: Vec<PathBuf> = Vec::new();
    let mut batch = Batch::default();
    for (path, reason) in &skipped {
        summary.seen += usize::from(!path.is_dir());
        *summary.skipped.entry(reason.label()).or_default() += 1;
        if matches!(reason, SkipReason::Unreadable(_)) {
            protected.push(path.clone());
        }
        seen.insert(path.to_string_lossy().into_owned());
    }
    for file in &files {
        summary.seen += 1;
        let path = file.path.to_string_lossy().into_owned();
        seen.insert(path.clone());
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let reason = SkipReason::Unreadable(e.to_string());
                on_event(Event::Skipped {
                    path: &file.path,
                    reason: &reason,
                });
                *summary.skipped.entry(reason.label()).or_default() += 1;
                protected.push(file.path.clone());
                continue;
            }
        };
        summary.bytes_read += bytes.len() as u64;
        let hash = format!("{:016x}", content_hash(&bytes));
        let previous = existing.get(&path);
        if previous == Some(&hash) {
            summary.unchanged += 1;
            on_event(Event::Unchanged {
                path: &path,
                bytes: bytes.len() as u64,
            });
            continue;
        }
        let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            document::from_bytes(&path, file.format, &bytes, &analysis.taxonomy)
        }))
        .unwrap_or(Err(SkipReason::ExtractionFailed));
        match extracted {
            Ok(doc) => {
                if previous.is_some() {
                    summary.replaced += 1;
                } else {
                    summary.added += 1;
                }
                batch.index(&index::doc_id(&path), &to_json(&doc, &hash, &jieba));
                on_event(Event::Indexed {
                    path: &path,
                    bytes: doc.bytes,
                });
            }
            Err(reason) => {
                on_event(Event::Skipped {
                    path: &file.path,
                    reason: &reason,
                });
                *summary.skipped.entry(reason.label()).or_default() += 1;
                if matches!(reason, SkipReason::ExtractionFailed) {
                    protected.push(file.path.clone());
                } else if previous.is_some() {
                    batch.delete(&index::doc_id(&path));
                    summary.removed += 1;
                }
            }
        }
        batch.send_if_full(cluster)?;
    }
    for path in existing.keys() {
        let p = Path::new(path.as_str());
        let gone = roots.iter().any(|r| p.starts_with(r))
            && !protected.iter().any(|d| p.starts_with(d))
            && !seen.contains(path.as_str());
        if gone {
            batch.delete(&index::doc_id(path));
            summary.removed += 1;
            on_event(Event::Removed { path });
            batch.send_if_full(cluster)?;
        }
    }
    batch.send(cluster)?;
    refresh(cluster)?;
    regroup(cluster)?;
    summary.total_docs = count(cluster)?;
    summary.elapsed = start.elapsed();
    Ok(summary)
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
        // Its own group until the copies are found (see `regroup`).
        "group": id,
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

    fn update(&mut self, id: &str, fields: &Value) {
        self.push(
            json!({"update": {"_id": id}}),
            Some(json!({"doc": fields}).to_string()),
        );
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

/// Finds the near-duplicate groups over every document in the cluster,
/// as the local index does over its segments, and writes each document's
/// group where it changed: the group is named by its first member's id.
fn regroup(cluster: &Cluster) -> Result<()> {
    let docs = listing(cluster, &["id", "minhash", "year", "region", "group"])?;
    let mut candidates = Vec::new();
    for (path, source) in &docs {
        let Some(signature) = source["minhash"].as_str().and_then(unhex) else {
            continue;
        };
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
        candidates.push(duplicates::Candidate {
            path: path.clone(),
            signature: duplicates::from_bytes(&signature),
            year: source["year"].as_u64(),
            region,
        });
    }
    let mut group_of: HashMap<&str, String> = HashMap::new();
    let groups = duplicates::groups(&candidates);
    for group in &groups {
        let mut members: Vec<&String> = group.iter().collect();
        members.sort();
        let name = index::doc_id(members[0]);
        for member in members {
            group_of.insert(member.as_str(), name.clone());
        }
    }
    let mut batch = Batch::default();
    for (path, source) in &docs {
        let id = source["id"].as_str().unwrap_or_default();
        let wanted = group_of
            .get(path.as_str())
            .cloned()
            .unwrap_or_else(|| id.to_string());
        if source["group"].as_str() != Some(wanted.as_str()) {
            batch.update(id, &json!({"group": wanted}));
            batch.send_if_full(cluster)?;
        }
    }
    batch.send(cluster)?;
    refresh(cluster)
}
