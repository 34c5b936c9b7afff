//! Nothing lost, nothing unexplained: damaged and foreign indexes get one
//! line naming the folder and the fix, `--rebuild` recovers each, one writer
//! at a time, `check` reads everything back, and a run killed midway keeps
//! what it committed and finishes equal to a clean build.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

fn sample_index(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let out = govsearch(
        &[
            "index",
            &repo().join("corpus").to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    index
}

fn segment_files(index: &Path, ext: &str) -> Vec<PathBuf> {
    std::fs::read_dir(index)
        .expect("index dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

/// Each damage gives one line with the folder and the fix, exit 2; then
/// `--rebuild` recovers and search answers again.
#[test]
fn damaged_and_foreign_indexes_say_how_to_recover_and_rebuild_recovers() {
    type Damage = fn(&Path);
    let cases: [(&str, Damage); 6] = [
        ("a truncated segment", |i| {
            let f = &segment_files(i, "store")[0];
            let len = std::fs::metadata(f).expect("meta").len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(f)
                .expect("open")
                .set_len(len / 2)
                .expect("truncate");
        }),
        ("a deleted segment file", |i| {
            std::fs::remove_file(&segment_files(i, "idx")[0]).expect("rm")
        }),
        ("a missing meta.json", |i| {
            std::fs::remove_file(i.join("meta.json")).expect("rm")
        }),
        ("a garbled meta.json", |i| {
            std::fs::write(i.join("meta.json"), "{not json").expect("write")
        }),
        ("a garbled govsearch.json", |i| {
            std::fs::write(i.join("govsearch.json"), "garbage").expect("write")
        }),
        ("an index from a newer govsearch", |i| {
            std::fs::write(
                i.join("govsearch.json"),
                "{\"format\": 999, \"analysis\": \"0\"}",
            )
            .expect("write")
        }),
    ];
    for (name, damage) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = sample_index(dir.path());
        damage(&index);
        let index_arg = index.to_string_lossy().into_owned();
        for args in [
            vec!["search", "计划生育", "--index", &index_arg],
            vec!["index", "corpus", "--index", &index_arg],
            vec!["check", "--index", &index_arg],
        ] {
            let out = govsearch(&args, &repo());
            assert_eq!(
                out.status.code(),
                Some(2),
                "{name}, {args:?}: {}",
                stdout(&out)
            );
            let told = format!("{}{}", stderr(&out), stdout(&out));
            let problem: Vec<&str> = told.lines().filter(|l| l.contains("--rebuild")).collect();
            assert_eq!(problem.len(), 1, "{name}, {args:?}: {told}");
            assert!(problem[0].contains(&index_arg), "{name}: {told}");
            assert!(!told.contains("IoError {"), "{name}: a raw dump: {told}");
        }
        let out = govsearch(
            &["index", "corpus", "--index", &index_arg, "--rebuild"],
            &repo(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: rebuild: {}",
            stderr(&out)
        );
        let (code, hits, _) = search_json(&index, &["计划生育"], &repo());
        assert_eq!(code, 0, "{name}");
        assert!(!hits.is_empty(), "{name}");
        assert_eq!(
            govsearch(&["check", "--index", &index_arg], &repo())
                .status
                .code(),
            Some(0),
            "{name}"
        );
    }
}

#[test]
fn one_writer_at_a_time_and_a_dead_writers_lock_is_cleared() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = sample_index(dir.path());
    let lock = index.with_file_name(".index.lock");
    // This test's own process stands in for a live writer.
    std::fs::write(&lock, format!("{} 1796160600\n", std::process::id())).expect("write lock");
    let out = govsearch(
        &["index", "corpus", "--index", &index.to_string_lossy()],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&std::process::id().to_string())
            && err.contains("since 2026-12-01 21:30:00 UTC"),
        "{err}"
    );
    // A search while it is held sees the last commit.
    let (code, hits, _) = search_json(&index, &["计划生育"], &repo());
    assert_eq!(code, 0);
    assert!(!hits.is_empty());
    std::fs::write(&lock, "999999999 0\n").expect("write stale lock");
    let out = govsearch(
        &["index", "corpus", "--index", &index.to_string_lossy()],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!lock.exists(), "the lock is released");
}

fn documents(index: &Path) -> u64 {
    let out = govsearch(
        &["check", "--index", &index.to_string_lossy(), "--json"],
        &repo(),
    );
    let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap_or(Value::Null);
    report["documents"].as_u64().unwrap_or(0)
}

fn groups(index: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(index.join("duplicates.json")).expect("duplicates.json");
    let value: Value = serde_json::from_str(&text).expect("groups JSON");
    let mut groups: Vec<Vec<String>> = value["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            let mut g: Vec<String> = g
                .as_array()
                .expect("group")
                .iter()
                .map(|p| p.as_str().unwrap_or_default().to_string())
                .collect();
            g.sort();
            g
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn a_run_killed_midway_keeps_its_commits_and_finishes_equal_to_a_clean_build() {
    let corpora = shared_corpora();
    let sources = [
        "national_gwr_wikisource",
        "national_gwr_textworkshop17",
        "mpr_civility_regs",
        "baoding_county_gwr",
    ];
    let roots: Vec<String> = sources
        .iter()
        .map(|s| corpora.join(s).to_string_lossy().into_owned())
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let mut args = vec![
        "index".to_string(),
        "--index".into(),
        index.to_string_lossy().into_owned(),
    ];
    args.extend(roots.iter().cloned());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_govsearch"))
        .args(&args)
        .env("GOVSEARCH_COMMIT_SECONDS", "0.2")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start indexing");
    // Kill it once something is committed, before it finishes.
    let start = Instant::now();
    let mut killed_at = 0;
    while start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        let committed = std::fs::read_to_string(index.join("meta.json")).unwrap_or_default();
        let meta: Value = serde_json::from_str(&committed).unwrap_or(Value::Null);
        if meta["segments"].as_array().is_some_and(|s| !s.is_empty()) {
            child.kill().expect("kill -9");
            child.wait().ok();
            killed_at = documents(&index);
            break;
        }
    }
    // Never leave the child behind, whatever happened above.
    child.kill().ok();
    child.wait().ok();
    assert!(killed_at > 0, "nothing was committed before the kill");
    let out = govsearch(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "re-run: {}", stderr(&out));
    let clean = dir.path().join("clean");
    let mut clean_args = vec![
        "index".to_string(),
        "--index".into(),
        clean.to_string_lossy().into_owned(),
    ];
    clean_args.extend(roots.iter().cloned());
    let out = govsearch(
        &clean_args.iter().map(String::as_str).collect::<Vec<_>>(),
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    let total = documents(&clean);
    assert!(
        killed_at < total,
        "killed after the end ({killed_at} of {total})"
    );
    assert_eq!(documents(&index), total, "nothing missing, nothing doubled");
    assert_eq!(groups(&index), groups(&clean), "the same copy groups");
    for query in ["文明行为", "\"乡村振兴\" year:2022", "计划生育 region:全国"] {
        // Every copy: which copy of a group ranks first may differ with the
        // segments' layout, the set of documents may not.
        let (_, a, sa) = search_json(&index, &[query, "-n", "1000", "--all-copies"], &repo());
        let (_, b, sb) = search_json(&clean, &[query, "-n", "1000", "--all-copies"], &repo());
        assert_eq!(sa["total"], sb["total"], "{query}");
        assert_eq!(sa["facets"], sb["facets"], "{query}");
        assert_eq!(sorted_paths(&a), sorted_paths(&b), "{query}");
    }
    assert_eq!(
        govsearch(&["check", "--index", &index.to_string_lossy()], &repo())
            .status
            .code(),
        Some(0)
    );
}

/// A write that hits a file-size limit midway (what a full disk does to
/// the store file too): one line naming the cause, exit 2, and the index
/// as last committed still answers with every document it had.
#[test]
fn a_write_that_runs_out_of_room_says_why_and_keeps_the_last_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = sample_index(dir.path());
    let before = documents(&index);
    assert!(before > 0);
    let more = shared_corpora().join("mpr_civility_regs");
    // 1 MB per file: the new segment's stored texts (5 MB of regulations)
    // cannot be written.
    let script = "ulimit -f 1024 && exec \"$0\" index \"$1\" \"$2\" --index \"$3\"";
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            script,
            env!("CARGO_BIN_EXE_govsearch"),
            &repo().join("corpus").to_string_lossy(),
            &more.to_string_lossy(),
            &index.to_string_lossy(),
        ])
        .current_dir(dir.path())
        .output()
        .expect("bash");
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains("size limit"), "{message}");
    assert!(message.contains("intact"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert_eq!(documents(&index), before);
    let (code, hits, _) = search_json(&index, &["政府工作报告"], dir.path());
    assert_eq!(code, 0);
    assert!(!hits.is_empty());
}
