//! The index govsearch creates on a cluster: its settings, its mapping and
//! the version recorded in the mapping's `_meta`, with what it was
//! analysed with (user dictionary, synonyms, topics), so that searches
//! segment queries as the documents were.

use anyhow::{bail, Result};
use serde_json::{json, Value};

use super::Cluster;
use crate::index::Settings;

/// Bumped whenever the mapping or the tokens sent change: an index made by
/// another version is refused, never half-updated.
pub const MAPPING_VERSION: u64 = 2;

/// The analyzer of every analysed field: one token per line, exactly as
/// govsearch cut them. Grams carry the punctuation after a run's last
/// character (`育，`) and every term character has its own position, so a
/// phrase over grams matches a substring and never runs across
/// punctuation, with no position gap needed.
pub const TOKENS_ANALYZER: &str = "govsearch_tokens";

/// Shards and replicas of a new index.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub shards: u32,
    pub replicas: u32,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            shards: 2,
            replicas: 1,
        }
    }
}

fn body(layout: Layout, settings: &Settings, fingerprint: u64) -> Value {
    let tokens = |positions: bool| {
        json!({
            "type": "text",
            "analyzer": TOKENS_ANALYZER,
            "index_options": if positions { "positions" } else { "freqs" },
            "norms": true,
        })
    };
    let keyword = json!({"type": "keyword"});
    let stored_only = json!({"type": "keyword", "index": false, "doc_values": false});
    json!({
        "settings": {
            "number_of_shards": layout.shards,
            "number_of_replicas": layout.replicas,
            // The stored texts are most of an index: compress them harder.
            "codec": "best_compression",
            "analysis": {
                "tokenizer": {
                    "govsearch_lines": {"type": "pattern", "pattern": "\n"}
                },
                "analyzer": {
                    TOKENS_ANALYZER: {"type": "custom", "tokenizer": "govsearch_lines"}
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {
                "govsearch_mapping": MAPPING_VERSION,
                "analysis": format!("{fingerprint:016x}"),
                "dict": settings.dict,
                "synonyms": settings.synonyms,
                "topics": settings.topics,
            },
            // The token fields are indexed, never returned: leave them out
            // of the stored source.
            "_source": {"excludes": ["body", "grams", "title_words", "title_grams", "meta_words"]},
            "properties": {
                "path": keyword,
                "id": keyword,
                "hash": keyword,
                "group": keyword,
                // Whether the group has other members: copies are counted
                // from these few, exactly.
                "grouped": {"type": "boolean"},
                "title_key": keyword,
                "region": keyword,
                "unit": keyword,
                "kind": keyword,
                "topic": keyword,
                "year": {"type": "integer"},
                "chars": {"type": "long"},
                "simplified": {"type": "boolean"},
                "title": {"type": "text", "index": false},
                "text": {"type": "text", "index": false},
                "minhash": stored_only,
                "body": tokens(false),
                "title_words": tokens(false),
                "meta_words": tokens(false),
                "grams": tokens(true),
                "title_grams": tokens(true),
            }
        }
    })
}

/// What the cluster's index was made with.
pub struct Stored {
    pub settings: Settings,
    pub fingerprint: String,
}

/// Reads the index's `_meta` and refuses one made by another version of
/// govsearch, or an index govsearch did not make.
pub fn stored(cluster: &Cluster) -> Result<Stored> {
    let mapping = cluster.send("GET", &cluster.index_path("/_mapping"), None)?;
    let meta = mapping
        .get(&cluster.index)
        .and_then(|m| m.pointer("/mappings/_meta"))
        .cloned()
        .unwrap_or(Value::Null);
    match meta.get("govsearch_mapping").and_then(Value::as_u64) {
        Some(MAPPING_VERSION) => {}
        Some(other) => bail!(
            "the index `{}` on {} was made by another version of govsearch (mapping \
             {other}, this one writes {MAPPING_VERSION}); index into another --name, \
             or delete it and index again",
            cluster.index,
            cluster.url()
        ),
        None => bail!(
            "the index `{}` on {} was not made by govsearch; choose another --name",
            cluster.index,
            cluster.url()
        ),
    }
    let text = |key: &str| meta.get(key).and_then(Value::as_str).map(String::from);
    Ok(Stored {
        settings: Settings {
            dict: text("dict"),
            synonyms: text("synonyms"),
            topics: text("topics"),
        },
        fingerprint: text("analysis").unwrap_or_default(),
    })
}

/// Opens the index for writing, creating it with `settings` if it is
/// absent. An existing index keeps its own settings; other ones than
/// those given are refused (the documents would need re-segmenting).
pub fn open_or_create(cluster: &Cluster, settings: &Settings, layout: Layout) -> Result<Settings> {
    let wanted = settings.analysis()?.fingerprint;
    if cluster.exists()? {
        let stored = stored(cluster)?;
        let given_any = settings != &Settings::default();
        if given_any && stored.fingerprint != format!("{wanted:016x}") {
            bail!(
                "the index `{}` on {} was analysed with another dictionary, synonyms or \
                 topics; index into another --name to use these",
                cluster.index,
                cluster.url()
            );
        }
        return Ok(stored.settings);
    }
    cluster.send(
        "PUT",
        &cluster.index_path(""),
        Some(&body(layout, settings, wanted)),
    )?;
    // Writes wait for the primaries; replicas follow.
    cluster.send(
        "GET",
        &format!(
            "/_cluster/health/{}?wait_for_status=yellow&timeout=60s",
            cluster.index
        ),
        None,
    )?;
    Ok(settings.clone())
}
