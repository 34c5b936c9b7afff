//! Searching a cluster: the plan compiled by [`super::query`], copies folded
//! by `collapse` on the group field, facet counts from `terms`
//! aggregations, and hits built by govsearch's own snippet code from the
//! returned text, so the output is the local engine's.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::{mapping, query, Cluster};
use crate::analysis::Segmenter;
use crate::index::Analysis;
use crate::search::plan::{self, Plan};
use crate::search::{
    ranked_hit, FacetCounts, ParsedQuery, SearchRequest, SearchResults, StoredDoc,
};

/// Facet values returned per facet: every value, at the scale of the
/// corpora govsearch serves (terms aggregations are exact when each shard
/// returns all its values).
const FACET_VALUES: usize = 10_000;
/// OpenSearch's window for `from + size`.
const MAX_WINDOW: usize = 10_000;
/// What a hit or a document needs of the stored source.
const SOURCE_FIELDS: [&str; 12] = [
    "path",
    "id",
    "title",
    "year",
    "region",
    "unit",
    "kind",
    "topic",
    "text",
    "simplified",
    "chars",
    "group",
];
/// Copies listed with a hit.
const COPIES_SHOWN: usize = 100;

/// A searcher over a govsearch index on a cluster.
pub struct Remote {
    pub cluster: Cluster,
    analysis: Analysis,
    segmenter: Segmenter,
}

impl Remote {
    /// Connects and reads what the index was analysed with.
    pub fn open(url: &str, index: &str) -> Result<Remote> {
        let cluster = Cluster::connect(url, index)?;
        if !cluster.exists()? {
            bail!(
                "no index `{index}` on {url}: run `govsearch index PATH --engine opensearch \
                 --url {url}` first"
            );
        }
        let stored = mapping::stored(&cluster)?;
        let analysis = stored.settings.analysis()?;
        Ok(Remote {
            segmenter: Segmenter::for_lexicon(&analysis.lexicon),
            cluster,
            analysis,
        })
    }

    pub fn plan(&self, query: &ParsedQuery) -> Result<Plan> {
        plan::plan(query, &self.analysis.lexicon, &self.segmenter)
    }

    /// Runs a query: ranked hits with snippets, total and facet counts.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        let plan = self.plan(&request.query)?;
        if request.offset.saturating_add(request.limit) > MAX_WINDOW {
            bail!("OpenSearch pages only the first {MAX_WINDOW} hits: lower --offset");
        }
        let collapse = !request.all_copies;
        let mut body = json!({
            "query": query::compile(&plan),
            "from": request.offset,
            "size": request.limit,
            "track_total_hits": true,
            "_source": SOURCE_FIELDS,
            "aggs": aggregations(),
        });
        if collapse {
            body["collapse"] = json!({
                "field": "group",
                "inner_hits": {"name": "copies", "size": COPIES_SHOWN, "_source": ["path"]},
            });
        }
        let answer = self.whole_search("/_search?search_type=dfs_query_then_fetch", &body)?;
        let total = answer
            .pointer("/hits/total/value")
            .and_then(Value::as_u64)
            .context("OpenSearch returned no total")? as usize;
        let distinct = if collapse {
            total.saturating_sub(extra_copies(&answer)?)
        } else {
            total
        };
        let words = plan::highlight_words(&request.query, &self.analysis.lexicon, &self.segmenter);
        let mut hits = Vec::new();
        let returned = answer
            .pointer("/hits/hits")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, hit) in returned.iter().enumerate() {
            let score = hit["_score"].as_f64().unwrap_or(0.0) as f32;
            let doc = stored_doc(hit);
            hits.push(ranked_hit(
                request.offset + i + 1,
                score,
                doc,
                &words,
                request.all_copies,
            ));
        }
        Ok(SearchResults {
            hits,
            total,
            distinct,
            facets: facet_counts(&answer),
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// The verbatim forms of a query's terms, as [`crate::search::Engine::needles`].
    pub fn needles(&self, query: &ParsedQuery) -> Vec<String> {
        plan::needles(query, &self.analysis.lexicon)
    }

    /// The document with this id, with the paths of its copies.
    pub fn document(&self, id: &str) -> Result<Option<StoredDoc>> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let body = json!({
            "query": {"term": {"id": id}},
            "size": 1,
            "_source": SOURCE_FIELDS,
        });
        let answer =
            self.cluster
                .send("POST", &self.cluster.index_path("/_search"), Some(&body))?;
        let Some(hit) = answer.pointer("/hits/hits/0") else {
            return Ok(None);
        };
        let mut doc = stored_doc(hit);
        if let Some(group) = hit.pointer("/_source/group").and_then(Value::as_str) {
            let body = json!({
                "query": {"term": {"group": group}},
                "size": COPIES_SHOWN,
                "_source": ["path"],
                "sort": [{"path": "asc"}],
            });
            let copies =
                self.cluster
                    .send("POST", &self.cluster.index_path("/_search"), Some(&body))?;
            doc.copies = copies
                .pointer("/hits/hits")
                .and_then(Value::as_array)
                .map(|hits| {
                    hits.iter()
                        .filter_map(|h| h.pointer("/_source/path").and_then(Value::as_str))
                        .filter(|p| *p != doc.path)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
        }
        Ok(Some(doc))
    }

    /// Paths of every matching document, copies included (for comparison
    /// with the local engine and an exact scan).
    pub fn matching_paths(&self, query: &ParsedQuery) -> Result<HashSet<String>> {
        let plan = self.plan(query)?;
        let mut paths = HashSet::new();
        let mut after: Option<Value> = None;
        loop {
            let mut body = json!({
                "query": {"constant_score": {"filter": query::compile(&plan)}},
                "size": MAX_WINDOW,
                "sort": [{"path": "asc"}],
                "_source": ["path"],
                "track_total_hits": false,
            });
            if let Some(after) = &after {
                body["search_after"] = after.clone();
            }
            let answer = self.whole_search("/_search", &body)?;
            let hits = answer
                .pointer("/hits/hits")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for hit in &hits {
                if let Some(path) = hit.pointer("/_source/path").and_then(Value::as_str) {
                    paths.insert(path.to_string());
                }
            }
            match hits.last() {
                Some(last) if hits.len() == MAX_WINDOW => after = Some(last["sort"].clone()),
                _ => return Ok(paths),
            }
        }
    }
}

impl Remote {
    /// A search answered by every shard. While a node leaves, shards can
    /// fail until the cluster routes to their replicas, so a partial answer
    /// is asked again a few times before it is refused.
    fn whole_search(&self, path: &str, body: &Value) -> Result<Value> {
        let mut wait = std::time::Duration::from_millis(500);
        let mut attempt = 1;
        loop {
            let answer = self
                .cluster
                .send("POST", &self.cluster.index_path(path), Some(body))?;
            match whole(&answer) {
                Err(_) if attempt < PARTIAL_ATTEMPTS => {
                    std::thread::sleep(wait);
                    wait *= 2;
                    attempt += 1;
                }
                outcome => return outcome.map(|()| answer),
            }
        }
    }
}

/// Searches of a partial answer before it is refused (about 7 s in all).
const PARTIAL_ATTEMPTS: u32 = 4;

/// Refuses an answer from only some shards: counts and facets that
/// silently miss documents are worse than an error.
fn whole(answer: &Value) -> Result<()> {
    let failed = answer
        .pointer("/_shards/failed")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if failed > 0 || answer["timed_out"].as_bool() == Some(true) {
        let total = answer
            .pointer("/_shards/total")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let reason = answer
            .pointer("/_shards/failures/0/reason/reason")
            .and_then(Value::as_str)
            .unwrap_or("timed out");
        bail!(
            "OpenSearch answered from only {} of {total} shards ({reason}); try again",
            total.saturating_sub(failed)
        );
    }
    Ok(())
}

fn aggregations() -> Value {
    let terms = |field: &str| json!({"terms": {"field": field, "size": FACET_VALUES, "shard_size": FACET_VALUES}});
    json!({
        "year": terms("year"),
        "region": terms("region"),
        "unit": terms("unit"),
        "topic": terms("topic"),
        "kind": terms("kind"),
        // Matches in groups of copies, per group: all but one of each are
        // copies.
        "copies": {
            "filter": {"term": {"grouped": true}},
            "aggs": {"groups": {"terms": {
                "field": "group", "size": FACET_VALUES, "shard_size": FACET_VALUES,
            }}},
        },
    })
}

/// Matching documents that are copies of another match: all but one per
/// group of copies.
fn extra_copies(answer: &Value) -> Result<usize> {
    let groups = answer
        .pointer("/aggregations/copies/groups")
        .context("OpenSearch returned no copy groups")?;
    if groups["sum_other_doc_count"].as_u64().unwrap_or(0) > 0 {
        bail!("more than {FACET_VALUES} groups of copies match: add --all-copies");
    }
    Ok(groups["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|b| b["doc_count"].as_u64())
                .map(|n| n.saturating_sub(1) as usize)
                .sum()
        })
        .unwrap_or(0))
}

fn facet_counts(answer: &Value) -> FacetCounts {
    let buckets = |name: &str| -> BTreeMap<String, u64> {
        answer
            .pointer(&format!("/aggregations/{name}/buckets"))
            .and_then(Value::as_array)
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|b| {
                        let key = match &b["key"] {
                            Value::String(s) => s.clone(),
                            Value::Number(n) => n.to_string(),
                            _ => return None,
                        };
                        Some((key, b["doc_count"].as_u64()?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    FacetCounts {
        year: buckets("year"),
        region: buckets("region"),
        unit: buckets("unit"),
        topic: buckets("topic"),
        kind: buckets("kind"),
    }
}

/// A hit's source as the stored document the local engine would read.
fn stored_doc(hit: &Value) -> StoredDoc {
    let source = &hit["_source"];
    let text = |key: &str| source[key].as_str().map(String::from);
    let list = |key: &str| -> Vec<String> {
        match &source[key] {
            Value::Array(values) => values
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let path = text("path").unwrap_or_default();
    let copies = hit
        .pointer("/inner_hits/copies/hits/hits")
        .and_then(Value::as_array)
        .map(|copies| {
            let mut copies: Vec<String> = copies
                .iter()
                .filter_map(|c| c.pointer("/_source/path").and_then(Value::as_str))
                .filter(|p| *p != path)
                .map(String::from)
                .collect();
            copies.sort();
            copies
        })
        .unwrap_or_default();
    StoredDoc {
        id: text("id").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        year: source["year"].as_u64(),
        // Levels are sent top-down; the deepest is the full path.
        region: list("region").pop(),
        unit: text("unit"),
        kind: text("kind"),
        topics: list("topic"),
        text: text("text").unwrap_or_default(),
        simplified: source["simplified"].as_bool().unwrap_or(false),
        chars: source["chars"].as_u64().unwrap_or(0),
        copies,
        path,
    }
}
