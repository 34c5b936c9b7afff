//! Helpers for driving the real `govsearch` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpora` beside the repository; the tests that use it fail
/// loudly when it is missing rather than passing vacuously.
pub fn shared_corpora() -> PathBuf {
    let path = repo().join("../shared/corpora");
    assert!(
        path.is_dir(),
        "{} is missing: these tests need ../shared beside the repo",
        path.display()
    );
    path
}

pub fn govsearch(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_govsearch"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run govsearch")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a search with `--json` and returns (exit code, hit objects, summary).
pub fn search_json(index: &Path, args: &[&str], cwd: &Path) -> (i32, Vec<Value>, Value) {
    let mut full = vec!["search", "--json", "--index"];
    let index = index.to_string_lossy().into_owned();
    full.push(&index);
    full.extend_from_slice(args);
    let out = govsearch(&full, cwd);
    let code = out.status.code().unwrap_or(-1);
    let mut hits = Vec::new();
    let mut summary = Value::Null;
    for line in stdout(&out).lines() {
        let value: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line {line}: {e}"));
        match value["type"].as_str() {
            Some("hit") => hits.push(value),
            Some("summary") => summary = value,
            other => panic!("unexpected type {other:?} in {line}"),
        }
    }
    (code, hits, summary)
}

/// The paths of hits, sorted, for comparing result sets.
pub fn sorted_paths(hits: &[Value]) -> Vec<String> {
    let mut paths: Vec<String> = hits
        .iter()
        .map(|h| h["path"].as_str().unwrap_or("").to_string())
        .collect();
    paths.sort();
    paths
}

/// `govsearch inspect --json` on files, one object each.
pub fn inspect(files: &[PathBuf], cwd: &Path) -> Vec<Value> {
    let mut args: Vec<String> = vec!["inspect".into(), "--json".into()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = govsearch(&refs, cwd);
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("inspect JSON"))
        .collect()
}

/// Copies a folder's files (one level) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}
