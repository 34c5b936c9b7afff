//! `govsearch bench --peers` on real documents: the peers of
//! `../shared/peers` run in the same run on the same files and queries,
//! and their figures come back beside govsearch's.

mod common;

use common::*;
use serde_json::Value;

/// Forty real local work reports in a folder of their own, as the peers
/// read one folder.
fn small_corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let source = shared_corpora().join("hebei_gwr_txt");
    let mut files: Vec<_> = std::fs::read_dir(&source)
        .expect("hebei_gwr_txt")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for file in files.iter().take(40) {
        std::fs::copy(file, corpus.join(file.file_name().expect("name"))).expect("copy");
    }
    corpus
}

#[test]
fn bench_puts_the_peers_beside_govsearch_from_one_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = small_corpus(dir.path());
    let peers = shared_corpora().parent().expect("shared").join("peers");
    let out = govsearch(
        &[
            "bench",
            &corpus.to_string_lossy(),
            "--queries",
            "40",
            "--process-runs",
            "5",
            "--peers",
            &peers.to_string_lossy(),
            "--only-peers",
            "fts5-trigram",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("a JSON report");
    assert!(report["index"]["wall_s"].as_f64().is_some_and(|s| s > 0.0));
    assert!(report["index"]["peak_anon_mb"]
        .as_f64()
        .is_some_and(|m| m > 0.0));
    assert!(report["jieba_s"].as_f64().is_some_and(|s| s > 0.0));
    let peers = report["peers"].as_array().expect("peers");
    assert_eq!(peers.len(), 1, "{peers:?}");
    let fts5 = &peers[0];
    assert_eq!(fts5["peer"], "fts5-trigram");
    assert_eq!(fts5["status"], "ok", "{fts5}");
    assert!(fts5["index_s"].as_f64().is_some_and(|s| s > 0.0), "{fts5}");
    assert!(
        fts5["index_bytes"].as_u64().is_some_and(|b| b > 0),
        "{fts5}"
    );
    // The peer ran govsearch's queries over the same reports: they match.
    assert!(
        fts5["mean_hits"].as_f64().is_some_and(|h| h > 0.0),
        "{fts5}"
    );
}

#[test]
fn an_unknown_peer_or_several_folders_are_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = small_corpus(dir.path());
    let peers = shared_corpora().parent().expect("shared").join("peers");
    let corpus = corpus.to_string_lossy();
    let peers = peers.to_string_lossy();
    for (extra, expected) in [
        (
            vec![corpus.as_ref(), "--only-peers", "elastic"],
            "is not a peer",
        ),
        (vec![corpus.as_ref(), corpus.as_ref()], "one corpus folder"),
    ] {
        let mut args = vec![
            "bench",
            "--queries",
            "20",
            "--process-runs",
            "2",
            "--peers",
            &peers,
        ];
        args.extend(extra);
        let out = govsearch(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

/// `--index` times the queries on an index built before, and leaves it as
/// it was: a user's index is never emptied by a benchmark.
#[test]
fn bench_on_an_existing_index_times_the_queries_and_keeps_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = small_corpus(dir.path());
    let index = dir.path().join("index");
    let (corpus, index_arg) = (corpus.to_string_lossy(), index.to_string_lossy());
    let built = govsearch(&["index", &corpus, "--index", &index_arg], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let before = govsearch(&["check", "--index", &index_arg, "--json"], dir.path());
    let out = govsearch(
        &[
            "bench",
            &corpus,
            "--index",
            &index_arg,
            "--queries",
            "40",
            "--process-runs",
            "3",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("a JSON report");
    assert!(report["index"].is_null(), "{report}");
    assert!(report["jieba_s"].is_null(), "{report}");
    assert_eq!(report["in_process"]["runs"], 40, "{report}");
    assert!(report["in_process"]["p50"]
        .as_f64()
        .is_some_and(|p| p > 0.0));
    let after = govsearch(&["check", "--index", &index_arg, "--json"], dir.path());
    let documents = |out: &std::process::Output| -> Value {
        serde_json::from_str::<Value>(stdout(out).trim()).expect("check JSON")["documents"].clone()
    };
    assert_eq!(documents(&before), documents(&after));
    assert!(documents(&after).as_u64() > Some(0));
    // No index there: one line that says so.
    let missing = dir.path().join("nothing");
    let out = govsearch(
        &["bench", &corpus, "--index", &missing.to_string_lossy()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
}
