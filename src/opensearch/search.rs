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
/// Below this many groups the cardinality of the group field is exact.
const CARDINALITY_PRECISION: u32 = 40_000;
/// OpenSearch's window for `from + size`.
const MAX_WINDOW: usize = 10_000;
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
            "_source": ["path", "id", "title", "year", "region", "unit", "kind", "topic",
                        "text", "simplified", "chars"],
            "aggs": aggregations(),
        });
        if collapse {
            body["collapse"] = json!({
                "field": "group",
                "inner_hits": {"name": "copies", "size": COPIES_SHOWN, "_source": ["path"]},
            });
        }
        let answer = self.cluster.send(
            "POST",
            &self
                .cluster
                .index_path("/_search?search_type=dfs_query_then_fetch"),
            Some(&body),
        )?;
        let total = answer
            .pointer("/hits/total/value")
            .and_then(Value::as_u64)
            .context("OpenSearch returned no total")? as usize;
        let distinct = if collapse {
            answer
                .pointer("/aggregations/groups/value")
                .and_then(Value::as_u64)
                .unwrap_or(total as u64) as usize
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
            let answer =
                self.cluster
                    .send("POST", &self.cluster.index_path("/_search"), Some(&body))?;
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

fn aggregations() -> Value {
    let terms = |field: &str| json!({"terms": {"field": field, "size": FACET_VALUES, "shard_size": FACET_VALUES}});
    json!({
        "year": terms("year"),
        "region": terms("region"),
        "unit": terms("unit"),
        "topic": terms("topic"),
        "kind": terms("kind"),
        "groups": {"cardinality": {"field": "group", "precision_threshold": CARDINALITY_PRECISION}},
    })
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
