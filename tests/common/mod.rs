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
    govsearch_with(args, cwd, &[])
}

/// Runs the binary with extra environment variables.
pub fn govsearch_with(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_govsearch"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
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
    search_json_with(index, args, cwd, &[])
}

/// [`search_json`] with extra environment variables.
pub fn search_json_with(
    index: &Path,
    args: &[&str],
    cwd: &Path,
    env: &[(&str, &str)],
) -> (i32, Vec<Value>, Value) {
    let mut full = vec!["search", "--json", "--index"];
    let index = index.to_string_lossy().into_owned();
    full.push(&index);
    full.extend_from_slice(args);
    let out = govsearch_with(&full, cwd, env);
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

/// A `govsearch serve` on a free loopback port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    pub addr: String,
}

impl Server {
    pub fn start(index: &Path) -> Server {
        Server::start_with(index, &[])
    }

    /// Starts a server with extra environment variables.
    pub fn start_with(index: &Path, env: &[(&str, &str)]) -> Server {
        Server::start_args(&["--index", &index.to_string_lossy()], env)
    }

    /// Starts a server with these arguments after `serve --addr …`.
    pub fn start_args(args: &[&str], env: &[(&str, &str)]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_govsearch"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start govsearch serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .expect("read the first line");
        let addr = first
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .to_string();
        Server { child, addr }
    }

    /// GET `path` with the server's own Host: (status, headers, body).
    pub fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        self.get_with_host(path, &self.addr)
    }

    pub fn get_with_host(&self, path: &str, host: &str) -> (u16, String, Vec<u8>) {
        self.request("GET", path, host)
    }

    pub fn request(&self, method: &str, path: &str, host: &str) -> (u16, String, Vec<u8>) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        (status, head.to_ascii_lowercase(), raw[split + 4..].to_vec())
    }

    /// GET a JSON endpoint that must answer 200.
    pub fn json(&self, path: &str) -> Value {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).expect("JSON body")
    }
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server as a crash would (SIGKILL).
    pub fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
