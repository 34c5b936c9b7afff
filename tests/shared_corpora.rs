//! The binary on `../shared/corpora`: recall and precision against an exact
//! scan, GBK originals against their UTF-8 copies, ranking and filters.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// One index of the shared corpora for every test in this file.
fn shared_index() -> &'static (tempfile::TempDir, PathBuf) {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpora = shared_corpora();
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let out = govsearch(
            &[
                "index",
                &corpora.to_string_lossy(),
                "--index",
                &index.to_string_lossy(),
            ],
            &repo(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "indexing the shared corpora failed: {}",
            stderr(&out)
        );
        (dir, index)
    })
}

#[test]
fn recall_and_precision_match_an_exact_scan() {
    let (_, index) = shared_index();
    let out = govsearch(
        &[
            "eval",
            &shared_corpora().to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
            "--queries",
            "200",
            "--seed",
            "42",
            "--json",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("eval JSON");
    assert_eq!(report["queries"], 200);
    assert!(report["expected_docs"].as_u64() > Some(1000));
    for key in ["quoted_recall", "quoted_precision", "unquoted_recall"] {
        assert_eq!(report[key].as_f64(), Some(1.0), "{key}: {report}");
    }
}

fn text_of(path: &Path) -> String {
    let docs = inspect(&[path.to_path_buf()], &repo());
    docs[0]["text"].as_str().unwrap_or("").to_string()
}

#[test]
fn gbk_originals_read_the_same_as_their_utf8_copies() {
    let raw = shared_corpora().join("national_gwr_gbk_dxcarl_raw");
    let mut compared = 0;
    for entry in std::fs::read_dir(&raw).expect("raw folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let utf8 = shared_corpora()
            .join("national_gwr_gbk_dxcarl")
            .join(path.file_name().expect("name"));
        let original = inspect(std::slice::from_ref(&path), &repo());
        assert!(
            original[0]["encoding"]
                .as_str()
                .unwrap_or("")
                .contains("GB"),
            "{}",
            path.display()
        );
        assert_eq!(
            original[0]["text"].as_str(),
            Some(text_of(&utf8).as_str()),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} GBK files compared");
}

#[test]
fn verbatim_matches_rank_above_scattered_ones() {
    let (_, index) = shared_index();
    let query = "生态环境保护";
    let (code, hits, summary) = search_json(index, &[query, "-n", "60"], &repo());
    assert_eq!(code, 0);
    assert!(summary["total"].as_u64() > Some(60));
    let paths: Vec<PathBuf> = hits
        .iter()
        .map(|h| PathBuf::from(h["path"].as_str().unwrap_or("")))
        .collect();
    let verbatim: Vec<bool> = inspect(&paths, &repo())
        .iter()
        .map(|d| d["text"].as_str().unwrap_or("").contains(query))
        .collect();
    let first_scattered = verbatim.iter().position(|v| !v);
    if let Some(first) = first_scattered {
        assert!(
            verbatim[first..].iter().all(|v| !v),
            "a verbatim hit ranks below a scattered one: {verbatim:?}"
        );
    }
    assert!(verbatim[0]);
}

#[test]
fn region_and_kind_filters_keep_to_their_values() {
    let (_, index) = shared_index();
    let (code, hits, summary) =
        search_json(index, &["条例", "--region", "上海", "-n", "50"], &repo());
    assert_eq!(code, 0);
    assert!(hits
        .iter()
        .all(|h| h["region"].as_str().unwrap_or("").starts_with("上海")));
    assert!(summary["facets"]["region"]
        .as_object()
        .is_some_and(|r| r.keys().all(|k| k.starts_with("上海"))));
    let (_, hits, _) = search_json(index, &["就业", "kind:政府工作报告", "-n", "50"], &repo());
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["kind"] == "政府工作报告"));
}
