//! The same search on a real OpenSearch cluster: `scripts/opensearch start`
//! brings up (or reuses) two nodes on loopback, and each test indexes real
//! documents into an index of its own (2 shards, 1 replica).
//!
//! The tests share one cluster and some of them stop nodes or turn it red,
//! so they run one at a time.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;
use govsearch::opensearch::Cluster;
use serde_json::{json, Value};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Starts the cluster's nodes that are not running and returns its URL.
fn cluster_url() -> String {
    let out = Command::new(repo().join("scripts/opensearch"))
        .args(["start", "--nodes", "2"])
        .output()
        .expect("scripts/opensearch");
    assert!(
        out.status.success(),
        "scripts/opensearch start failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    url
}

fn stop_node(node: &str) {
    let out = Command::new(repo().join("scripts/opensearch"))
        .args(["stop", "--node", node])
        .output()
        .expect("scripts/opensearch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The node that is not the elected cluster manager: with two nodes, only
/// the other one may go without the cluster losing its manager.
fn follower(url: &str) -> String {
    let cluster = Cluster::connect(url, "x").expect("connect");
    let manager = cluster
        .send("GET", "/_cat/cluster_manager?format=json", None)
        .expect("manager");
    let name = manager[0]["node"]
        .as_str()
        .expect("manager name")
        .to_string();
    if name == "node-0" { "1" } else { "0" }.to_string()
}

/// Every node's HTTP address, comma-separated, as a user lists them in
/// `--url` so that a search goes on when one node stops; node `first`
/// is listed first.
fn every_node(url: &str, first: &str) -> String {
    let cluster = Cluster::connect(url, "x").expect("connect");
    let nodes = cluster
        .send("GET", "/_nodes/http", None)
        .expect("nodes info");
    let mut urls: Vec<(bool, String)> = nodes["nodes"]
        .as_object()
        .expect("nodes")
        .values()
        .filter_map(|n| {
            let address = n.pointer("/http/publish_address")?.as_str()?;
            let name = n["name"].as_str()?;
            Some((name != format!("node-{first}"), format!("http://{address}")))
        })
        .collect();
    urls.sort();
    assert!(urls.len() >= 2, "{nodes}");
    urls.into_iter()
        .map(|(_, url)| url)
        .collect::<Vec<_>>()
        .join(",")
}

/// Real documents of several kinds: national reports in two transcriptions
/// (copies to fold), Hebei's local reports (region filters), 公文 (kinds).
fn corpus() -> Vec<PathBuf> {
    let shared = shared_corpora();
    [
        "gongwen_govdocclass",
        "hebei_gwr_txt",
        "national_gwr_wikisource",
        "national_gwr_textworkshop17",
    ]
    .iter()
    .map(|name| shared.join(name))
    .collect()
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix}-{}", std::process::id())
}

fn index_into_cluster(
    url: &str,
    name: &str,
    paths: &[PathBuf],
    cwd: &Path,
) -> std::process::Output {
    let mut args: Vec<String> = vec!["index".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(
        ["--engine", "opensearch", "--url", url, "--name", name]
            .iter()
            .map(|s| s.to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    govsearch(&args, cwd)
}

fn local_index(paths: &[PathBuf], dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let mut args: Vec<String> = vec!["index".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--index".to_string(), index.to_string_lossy().into_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = govsearch(&args, dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    index
}

/// Deletes its index when dropped, so a failed test leaves the cluster
/// as it found it (a red index left behind would hold every later start
/// back from green).
struct Scratch(String, String);

impl Drop for Scratch {
    fn drop(&mut self) {
        delete_index(&self.0, &self.1);
    }
}

fn delete_index(url: &str, name: &str) {
    if let Ok(cluster) = Cluster::new(url, name) {
        cluster.send("DELETE", &format!("/{name}"), None).ok();
    }
}

/// `search --json` on the cluster: (exit code, hits, summary).
fn remote_search(url: &str, name: &str, args: &[&str], cwd: &Path) -> (i32, Vec<Value>, Value) {
    let mut all = vec![
        "search",
        "--json",
        "--engine",
        "opensearch",
        "--url",
        url,
        "--name",
        name,
    ];
    all.extend_from_slice(args);
    let out = govsearch(&all, cwd);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let (summary, hits) = lines
        .split_last()
        .unwrap_or_else(|| panic!("no summary line: {}", stderr(&out)));
    (
        out.status.code().unwrap_or(-1),
        hits.to_vec(),
        summary.clone(),
    )
}

/// ≥ 200 random substrings, quoted and unquoted, with region, year and kind
/// filters and exclusions in turn: the cluster returns exactly the local
/// hit sets, totals (copies folded) and facet counts.
#[test]
fn the_cluster_finds_exactly_what_the_local_index_finds() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let url = cluster_url();
    let dir = tempfile::tempdir().expect("tempdir");
    let name = unique_name("parity");
    let _scratch_parity = Scratch(url.clone(), name.clone());
    let paths = corpus();
    let out = index_into_cluster(&url, &name, &paths, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = local_index(&paths, dir.path());
    let mut args: Vec<String> = vec!["eval".into(), "--measure".into(), "engines".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(
        [
            "--index",
            &index.to_string_lossy(),
            "--url",
            &url,
            "--name",
            &name,
            "--queries",
            "240",
            "--json",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = govsearch(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("json report");
    delete_index(&url, &name);
    assert!(report["queries"].as_u64() >= Some(200), "{report}");
    for field in ["hit_sets_differ", "totals_differ", "facets_differ"] {
        assert_eq!(report[field], 0, "{field}: {}", report["examples"]);
    }
    eprintln!(
        "top-10 overlap with the local ranking: {}",
        report["top10_overlap"]
    );
}

/// A document an older govsearch sent (its `hash` a bare content hash, with
/// no facet rules' version) is read again by the next run; the run after
/// that finds every file unchanged.
#[test]
fn documents_read_by_older_facet_rules_are_read_again_on_the_cluster() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let url = cluster_url();
    let dir = tempfile::tempdir().expect("tempdir");
    let name = unique_name("rules");
    let _scratch_rules = Scratch(url.clone(), name.clone());
    let paths = vec![repo().join("../shared/corpora/hebei_gwr_txt")];
    let out = index_into_cluster(&url, &name, &paths, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cluster = Cluster::connect(&url, &name).expect("connect");
    // As an older govsearch wrote them: the content hash alone.
    let listed = govsearch::opensearch::bulk::listing(&cluster, &["hash"]).expect("listing");
    for (path, source) in &listed {
        let hash = source["hash"].as_str().expect("hash");
        let bare = hash.split('/').next().unwrap_or(hash);
        assert_ne!(bare, hash, "the hash names the facet rules: {hash}");
        let id = govsearch::index::doc_id(path);
        cluster
            .send(
                "POST",
                &format!("/{name}/_update/{id}"),
                Some(&json!({"doc": {"hash": bare}})),
            )
            .expect("update");
    }
    cluster
        .send("POST", &format!("/{name}/_refresh"), None)
        .expect("refresh");
    let docs = listed.len();
    assert!(docs > 0);
    let summary = |out: &std::process::Output| {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
        stdout(out)
    };
    let again = summary(&index_into_cluster(&url, &name, &paths, dir.path()));
    assert!(
        again.contains(&format!("(0 new, {docs} changed), 0 unchanged")),
        "{again}"
    );
    let third = summary(&index_into_cluster(&url, &name, &paths, dir.path()));
    assert!(
        third.contains(&format!("(0 new, 0 changed), {docs} unchanged")),
        "{third}"
    );
    delete_index(&url, &name);
}

/// The national reports in two transcriptions fold into one hit on the
/// cluster as locally, with the copy listed, and filters apply.
#[test]
fn copies_fold_and_filters_apply_on_the_cluster_as_locally() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let url = cluster_url();
    let dir = tempfile::tempdir().expect("tempdir");
    let name = unique_name("fold");
    let _scratch_fold = Scratch(url.clone(), name.clone());
    let paths = corpus();
    let out = index_into_cluster(&url, &name, &paths[2..], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = local_index(&paths[2..], dir.path());
    let query = ["政府工作报告", "--year", "2015", "--region", "全国"];
    let (code, local_hits, local_summary) = search_json(&index, &query, dir.path());
    let (remote_code, remote_hits, remote_summary) = remote_search(&url, &name, &query, dir.path());
    assert_eq!((code, remote_code), (0, 0));
    assert_eq!(local_summary["total"], remote_summary["total"]);
    assert_eq!(local_summary["distinct"], remote_summary["distinct"]);
    assert!(local_summary["total"].as_u64() > local_summary["distinct"].as_u64());
    assert_eq!(local_hits.len(), remote_hits.len());
    let top = &remote_hits[0];
    assert_eq!(top["year"], 2015);
    assert!(
        !top["duplicates"].as_array().expect("duplicates").is_empty(),
        "the other transcription is listed: {top}"
    );
    assert_eq!(local_summary["facets"], remote_summary["facets"]);

    // The archive fronts the cluster: search and the reader, the same
    // totals; the views that scan local texts say so.
    let server = Server::start_args(
        &["--engine", "opensearch", "--url", &url, "--name", &name],
        &[],
    );
    let api = server.json(&format!(
        "/api/search?q={}&year=2015&region={}",
        encode("政府工作报告"),
        encode("全国")
    ));
    assert_eq!(api["total"], local_summary["total"]);
    assert_eq!(api["distinct"], local_summary["distinct"]);
    let id = api["hits"][0]["id"].as_str().expect("an id").to_string();
    let doc = server.json(&format!("/api/doc/{id}?q={}", encode("就业")));
    assert!(doc["text"].as_str().is_some_and(|t| t.contains("就业")));
    assert!(!doc["matches"].as_array().expect("matches").is_empty());
    assert!(!doc["copies"].as_array().expect("copies").is_empty());
    let (status, _, _) = server.get(&format!("/api/trend?q={}", encode("就业")));
    assert_eq!(status, 501);
}

/// With one node stopped, searches keep answering from the replicas with
/// the same hits; the node then rejoins. The stopped node may be the one
/// the searches were sent to: the client moves to the next node listed.
#[test]
fn searches_answer_from_replicas_when_a_node_stops() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let one = cluster_url();
    let stopped = follower(&one);
    let url = every_node(&one, &stopped);
    let dir = tempfile::tempdir().expect("tempdir");
    let name = unique_name("failover");
    let _scratch_failover = Scratch(url.clone(), name.clone());
    let out = index_into_cluster(&url, &name, &corpus()[..2], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let queries: [&[&str]; 3] = [
        &["\"安全生产\""],
        &["政府工作报告", "--region", "河北"],
        &["通知", "-n", "20"],
    ];
    let before: Vec<_> = queries
        .iter()
        .map(|q| remote_search(&url, &name, q, dir.path()))
        .collect();
    stop_node(&stopped);
    for (query, (code, hits, summary)) in queries.iter().zip(&before) {
        let (code_after, hits_after, summary_after) = remote_search(&url, &name, query, dir.path());
        assert_eq!(
            (code_after, &summary_after["total"]),
            (*code, &summary["total"]),
            "{query:?}"
        );
        assert_eq!(sorted_paths(&hits_after), sorted_paths(hits), "{query:?}");
    }
    cluster_url();
    delete_index(&url, &name);
}

/// A node killed while documents are being sent: the run may fail, and
/// the next run leaves every document there exactly once.
#[test]
fn a_node_killed_during_bulk_indexing_loses_and_doubles_nothing_after_a_rerun() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let url = cluster_url();
    let dir = tempfile::tempdir().expect("tempdir");
    let name = unique_name("killed");
    let _scratch_killed = Scratch(url.clone(), name.clone());
    let paths = corpus();
    let mut args: Vec<String> = vec!["index".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--engine", "opensearch", "--url", &url, "--name", &name].map(String::from));
    let mut run = Command::new(env!("CARGO_BIN_EXE_govsearch"))
        .args(&args)
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let cluster = Cluster::connect(&url, &name).expect("connect");
    // Kill once documents are arriving.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        let count = cluster
            .send("GET", &format!("/{name}/_count"), None)
            .ok()
            .and_then(|c| c["count"].as_u64())
            .unwrap_or(0);
        if count > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let node = follower(&url);
    let pid = std::fs::read_to_string(repo().join(format!("target/opensearch/node-{node}.pid")))
        .expect("pid file");
    Command::new("kill")
        .args(["-9", pid.trim()])
        .status()
        .expect("kill");
    let first = run.wait().expect("wait");
    cluster_url();
    let out = index_into_cluster(&url, &name, &paths, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = local_index(&paths, dir.path());
    let local: std::collections::BTreeSet<String> = govsearch::index::ReportIndex::open(&index)
        .expect("local index")
        .indexed_files()
        .expect("local files")
        .into_keys()
        .collect();
    let all = govsearch::opensearch::bulk::listing(&cluster, &[]).expect("listing");
    let count = cluster
        .send("GET", &format!("/{name}/_count"), None)
        .expect("count")["count"]
        .clone();
    delete_index(&url, &name);
    let remote: std::collections::BTreeSet<String> = all.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(remote.len(), all.len(), "no path twice");
    assert_eq!(count, json!(all.len()), "no document twice");
    assert_eq!(remote, local, "nothing missing");
    eprintln!("first run: {first}; after the re-run the cluster holds {count} documents");
}

/// A bad URL, a red cluster, or an index with another govsearch's mapping:
/// one line, exit 2, and nothing written locally.
#[test]
fn bad_url_red_cluster_and_foreign_mapping_give_one_line_and_exit_2() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let url = cluster_url();
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = shared_corpora().join("hebei_gwr_txt");
    let doc = doc.to_string_lossy();
    let expect_refusal = |args: &[&str], needle: &str| {
        let out = govsearch(args, dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(needle), "{needle:?} in {err}");
    };
    // Nothing listens on port 9: refused at once.
    let dead = "http://127.0.0.1:9";
    expect_refusal(
        &["search", "x", "--engine", "opensearch", "--url", dead],
        "cannot reach OpenSearch",
    );
    expect_refusal(
        &["index", &doc, "--engine", "opensearch", "--url", dead],
        "cannot reach OpenSearch",
    );
    expect_refusal(
        &[
            "search",
            "x",
            "--engine",
            "opensearch",
            "--url",
            "localhost:9200",
        ],
        "not an OpenSearch URL",
    );
    expect_refusal(&["search", "x", "--engine", "opensearch"], "needs --url");

    let cluster = Cluster::connect(&url, "x").expect("connect");
    let foreign = unique_name("foreign");
    let _scratch_foreign = Scratch(url.clone(), foreign.clone());
    cluster
        .send(
            "PUT",
            &format!("/{foreign}"),
            Some(&json!({"mappings": {"_meta": {"govsearch_mapping": 999}}})),
        )
        .expect("create foreign index");
    expect_refusal(
        &[
            "index",
            &doc,
            "--engine",
            "opensearch",
            "--url",
            &url,
            "--name",
            &foreign,
        ],
        "another version of govsearch",
    );
    expect_refusal(
        &[
            "search",
            "x",
            "--engine",
            "opensearch",
            "--url",
            &url,
            "--name",
            &foreign,
        ],
        "another version of govsearch",
    );
    delete_index(&url, &foreign);

    // A primary that can never be allocated turns the cluster red.
    let red = unique_name("red");
    let _scratch_red = Scratch(url.clone(), red.clone());
    cluster
        .send(
            "PUT",
            &format!("/{red}"),
            Some(&json!({"settings": {"index.routing.allocation.require._name": "nowhere"}})),
        )
        .expect("create red index");
    expect_refusal(
        &["search", "x", "--engine", "opensearch", "--url", &url],
        "is red",
    );
    delete_index(&url, &red);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).expect("read dir").collect();
    assert!(entries.is_empty(), "nothing local was written: {entries:?}");
}
