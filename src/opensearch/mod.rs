//! The OpenSearch engine: the same pipeline and the same query plan as the
//! local index, on a cluster.
//!
//! - [`mapping`]: the index govsearch creates and versions itself;
//! - [`bulk`]: indexing (read → clean → facets → analysis, then `_bulk`);
//! - [`query`]: a [`crate::search::Plan`] as query DSL;
//! - [`search`]: running it and building the same results as the local
//!   engine.
//!
//! The cluster indexes the tokens govsearch made (grams and jieba words,
//! one per line, split by a `pattern` tokenizer on line breaks), so it
//! matches exactly what the local index matches.

pub mod bulk;
pub mod mapping;
pub mod parity;
pub mod query;
pub mod search;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// The index name when none is given.
pub const DEFAULT_INDEX: &str = "govsearch";

/// Attempts of one request when the cluster answers 429 or 5xx, or drops
/// the connection.
const ATTEMPTS: u32 = 6;
/// The first wait between attempts; each later one doubles it.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);

/// A govsearch index on an OpenSearch cluster.
pub struct Cluster {
    /// The nodes given (`--url a,b`); requests go to one of them and move
    /// to the next when it stops answering, as the official clients do.
    bases: Vec<String>,
    /// The node requests go to now.
    current: AtomicUsize,
    pub index: String,
    agent: ureq::Agent,
}

/// An answer that is not a success, kept apart from transport failures so
/// that callers can tell a missing index (404) from a dead node.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    pub body: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let reason = serde_json::from_str::<Value>(&self.body)
            .ok()
            .and_then(|v| {
                let error = v.get("error")?;
                let reason = error
                    .get("root_cause")
                    .and_then(|r| r.get(0))
                    .and_then(|r| r.get("reason"))
                    .or_else(|| error.get("reason"))?;
                reason.as_str().map(String::from)
            })
            .unwrap_or_else(|| self.body.chars().take(200).collect());
        write!(f, "HTTP {}: {reason}", self.status)
    }
}

impl std::error::Error for Refused {}

impl Cluster {
    /// Connects to the cluster at `url` (`http://host:port`, or several
    /// nodes separated by commas) and checks that it answers and is not
    /// red. Nothing is written.
    pub fn connect(url: &str, index: &str) -> Result<Cluster> {
        let cluster = Cluster::new(url, index)?;
        let health = cluster
            .get_any("/_cluster/health")
            .with_context(|| format!("cannot reach OpenSearch at `{url}`"))?;
        if health.get("status").and_then(Value::as_str) == Some("red") {
            bail!(
                "the OpenSearch cluster at `{url}` is red (some primary shards are \
                 unassigned); bring its nodes back before using it"
            );
        }
        Ok(cluster)
    }

    /// A client for the cluster at `url`, without asking it anything (for
    /// administration whatever its state).
    pub fn new(url: &str, index: &str) -> Result<Cluster> {
        let bases = url
            .split(',')
            .map(|u| node_base(u.trim()))
            .collect::<Result<Vec<_>>>()?;
        if index.is_empty()
            || !index
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c))
            || index.starts_with(['-', '_'])
        {
            bail!("`{index}` is not a valid index name: use lower-case letters, digits, - and _");
        }
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .timeout_connect(Some(Duration::from_secs(5)))
            .http_status_as_error(false)
            .build();
        Ok(Cluster {
            bases,
            current: AtomicUsize::new(0),
            index: index.to_string(),
            agent: config.into(),
        })
    }

    /// The nodes' URLs, as given.
    pub fn url(&self) -> String {
        self.bases.join(",")
    }

    fn base(&self) -> &str {
        &self.bases[self.current.load(Ordering::Relaxed) % self.bases.len()]
    }

    /// After a transport failure, the next request goes to the next node.
    fn next_node(&self) {
        self.current.fetch_add(1, Ordering::Relaxed);
    }

    /// `/{index}{path}`.
    pub fn index_path(&self, path: &str) -> String {
        format!("/{}{path}", self.index)
    }

    /// One GET to each node in turn until one answers, without backoff (to
    /// tell quickly that a cluster is unreachable).
    fn get_any(&self, path: &str) -> Result<Value> {
        let mut last = None;
        for _ in 0..self.bases.len() {
            match self.agent.get(format!("{}{path}", self.base())).call() {
                Ok(response) => return parse(response),
                Err(e) => {
                    self.next_node();
                    last = Some(e);
                }
            }
        }
        Err(last.map_or_else(|| anyhow::anyhow!("no node given"), Into::into))
    }

    /// A request with a JSON body (or none), retried with backoff on 429,
    /// 5xx and dropped connections.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let body = body.map(|b| b.to_string().into_bytes());
        self.send_bytes(method, path, body.as_deref(), "application/json")
    }

    /// [`Cluster::send`] of a prepared body (NDJSON for `_bulk`).
    pub fn send_bytes(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        content_type: &str,
    ) -> Result<Value> {
        let mut wait = FIRST_BACKOFF;
        let mut attempt = 1;
        loop {
            let url = format!("{}{path}", self.base());
            let outcome = self.call(method, &url, body, content_type);
            let retry = match &outcome {
                Ok(_) => false,
                Err(e) => match e.downcast_ref::<Refused>() {
                    Some(r) => r.status == 429 || r.status >= 500,
                    None => {
                        self.next_node();
                        true
                    }
                },
            };
            if !retry || attempt >= ATTEMPTS {
                return outcome.with_context(|| format!("OpenSearch {method} {path}"));
            }
            std::thread::sleep(wait);
            wait *= 2;
            attempt += 1;
        }
    }

    fn call(
        &self,
        method: &str,
        url: &str,
        body: Option<&[u8]>,
        content_type: &str,
    ) -> Result<Value> {
        let response = match (method, body) {
            ("GET", None) => self.agent.get(url).call(),
            ("DELETE", None) => self.agent.delete(url).call(),
            ("HEAD", None) => self.agent.head(url).call(),
            ("GET", Some(body)) => self
                .agent
                .get(url)
                .force_send_body()
                .header("Content-Type", content_type)
                .send(body),
            ("PUT", Some(body)) => self
                .agent
                .put(url)
                .header("Content-Type", content_type)
                .send(body),
            ("POST", Some(body)) => self
                .agent
                .post(url)
                .header("Content-Type", content_type)
                .send(body),
            ("POST", None) => self.agent.post(url).send_empty(),
            _ => bail!("unsupported request {method} {url}"),
        }?;
        parse(response)
    }

    /// Whether the index exists.
    pub fn exists(&self) -> Result<bool> {
        match self.send("HEAD", &self.index_path(""), None) {
            Ok(_) => Ok(true),
            Err(e) if e.downcast_ref::<Refused>().is_some_and(|r| r.status == 404) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// One node's base URL, checked.
fn node_base(url: &str) -> Result<String> {
    let base = url.trim_end_matches('/').to_string();
    if !(base.starts_with("http://") || base.starts_with("https://")) || base.len() < 10 {
        bail!("`{url}` is not an OpenSearch URL: give one like http://127.0.0.1:9200");
    }
    if base.starts_with("https://") {
        bail!("`{url}`: this build of govsearch speaks plain HTTP to OpenSearch only");
    }
    Ok(base)
}

fn parse(mut response: ureq::http::Response<ureq::Body>) -> Result<Value> {
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(Refused { status, body: text }.into());
    }
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&text).context("OpenSearch answered with something that is not JSON")
}
