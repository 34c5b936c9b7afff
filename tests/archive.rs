//! `govsearch serve`, `trend` and `kwic` on real documents of
//! `../shared/corpora`: the API answers as the command line does, trend and
//! KWIC counts equal an exact scan of the cleaned texts, copies count once,
//! and the server keeps to loopback, its own Host names, GET and its limits.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// Sources with work reports at three levels, national copies and statutes.
const SOURCES: [&str; 5] = [
    "national_gwr_wikisource",
    "national_gwr_textworkshop17",
    "hebei_gwr_txt",
    "baoding_county_gwr",
    "mpr_civility_regs",
];

fn folders() -> Vec<PathBuf> {
    let corpora = shared_corpora();
    SOURCES.iter().map(|s| corpora.join(s)).collect()
}

fn archive_index() -> &'static (tempfile::TempDir, PathBuf) {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let mut args: Vec<String> = vec!["index".into(), "--index".into()];
        args.push(index.to_string_lossy().into_owned());
        args.extend(folders().iter().map(|f| f.to_string_lossy().into_owned()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = govsearch(&refs, &repo());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        (dir, index)
    })
}

/// Every document of the sources as `inspect` reads it: (year, indexed text).
fn scanned() -> Vec<(Option<u64>, String)> {
    let mut files = Vec::new();
    for folder in folders() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.extension().is_some_and(|e| e == "txt") && !name.starts_with('_') {
                files.push(path);
            }
        }
    }
    inspect(&files, &repo())
        .iter()
        .map(|d| {
            let text = govsearch::text::normalise_text(d["text"].as_str().unwrap_or_default());
            (d["year"].as_u64(), text)
        })
        .collect()
}

#[test]
fn serve_announces_its_port_and_answers_the_page_with_security_headers() {
    let (_, index) = archive_index();
    let server = Server::start(index);
    assert!(server.addr.starts_with("127.0.0.1:"));
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("/assets/app.js"));
    for header in [
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
        "referrer-policy: no-referrer",
    ] {
        assert!(head.contains(header), "{header} missing: {head}");
    }
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    let openapi = server.json("/api/openapi.json");
    assert!(openapi["paths"]["/api/trend"].is_object());
}

#[test]
fn the_server_refuses_foreign_hosts_other_methods_paths_and_oversized_requests() {
    let (_, index) = archive_index();
    let server = Server::start(index);
    assert_eq!(
        server.get_with_host("/api/search?q=a", "evil.example").0,
        400
    );
    assert_eq!(
        server.get_with_host("/api/search?q=a", "localhost:1").0,
        200
    );
    assert_eq!(
        server.request("POST", "/api/search?q=a", &server.addr).0,
        405
    );
    for path in [
        "/doc/..%2f..%2fetc%2fpasswd",
        "/api/doc/..%2F..%2FCargo.toml",
        "/api/doc/%2e%2e",
        "/../../etc/passwd",
        "/assets/../Cargo.toml",
    ] {
        let (status, _, body) = server.get(path);
        let body = String::from_utf8_lossy(&body);
        assert!(
            status == 404 || (status == 200 && body.contains("<!doctype html>")),
            "{path}: {status} {body}"
        );
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
    assert_eq!(server.get("/api/search?q=a&limit=101").0, 400);
    let long = encode(&"计".repeat(201));
    assert_eq!(server.get(&format!("/api/search?q={long}")).0, 400);
    let (status, _, body) = server.get("/api/search?q=%22unbalanced");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("error"));
}

#[test]
fn the_api_returns_the_hits_of_the_command_line() {
    let (_, index) = archive_index();
    let server = Server::start(index);
    // The server counts facets from its table, the command line from the
    // columns: a word in nearly every document compares every value.
    for query in [
        "计划生育",
        "\"出生人口性别比\"",
        "文明行为 region:江西",
        "发展",
    ] {
        let api = server.json(&format!("/api/search?q={}&limit=10", encode(query)));
        let (code, hits, summary) = search_json(index, &[query, "-n", "10"], &repo());
        assert_eq!(code, 0);
        let ids = |hits: &[Value]| -> Vec<String> {
            hits.iter()
                .map(|h| h["id"].as_str().unwrap_or_default().to_string())
                .collect()
        };
        let api_hits = api["hits"].as_array().expect("hits").clone();
        assert_eq!(ids(&api_hits), ids(&hits), "{query}");
        assert_eq!(api["total"], summary["total"], "{query}");
        assert_eq!(api["facets"], summary["facets"], "{query}");
        // The reader marks exactly the text the hit was found for.
        let id = api_hits[0]["id"].as_str().expect("id");
        let doc = server.json(&format!("/api/doc/{id}?q={}", encode(query)));
        let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
        let needle = govsearch::text::normalise_text(
            query
                .split(' ')
                .next()
                .unwrap_or_default()
                .trim_matches('"'),
        );
        let matches = doc["matches"].as_array().expect("matches");
        assert!(!matches.is_empty(), "{query}: no match marked");
        for m in matches {
            let (from, to) = (
                m[0].as_u64().unwrap_or(0) as usize,
                m[1].as_u64().unwrap_or(0) as usize,
            );
            let shown: String = text[from..to].iter().collect();
            let normal = govsearch::text::normalise_text(&shown);
            assert!(
                normal == needle
                    || govsearch::lexicon::Lexicon::builtin()
                        .variants(&needle)
                        .contains(&normal),
                "{shown}"
            );
        }
    }
}

#[test]
fn trend_and_kwic_counts_equal_an_exact_scan() {
    let (_, index) = archive_index();
    let server = Server::start(index);
    let scan = scanned();
    for term in ["计划生育", "文明", "就业"] {
        let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (year, text) in &scan {
            let n = text.matches(term).count() as u64;
            if let (Some(year), true) = (year, n > 0) {
                let e = expected.entry(year.to_string()).or_default();
                e.0 += n;
                e.1 += 1;
            }
        }
        let trend = server.json(&format!("/api/trend?q={}&all_copies=1", encode(term)));
        let mut got: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for point in trend["terms"][0]["series"].as_array().expect("series") {
            let (count, docs) = (
                point["count"].as_u64().unwrap_or(0),
                point["docs"].as_u64().unwrap_or(0),
            );
            if count > 0 {
                got.insert(
                    point["key"].as_str().unwrap_or_default().to_string(),
                    (count, docs),
                );
            }
        }
        assert_eq!(got, expected, "trend of {term}");
        let total: u64 = expected.values().map(|v| v.0).sum();
        let kwic = server.json(&format!(
            "/api/kwic?q={}&all_copies=1&limit=5",
            encode(term)
        ));
        let with_year = kwic["total"].as_u64().unwrap_or(0);
        let undated: u64 = scan
            .iter()
            .filter(|(y, _)| y.is_none())
            .map(|(_, t)| t.matches(term).count() as u64)
            .sum();
        assert_eq!(with_year, total + undated, "KWIC total of {term}");
        let line = &kwic["lines"][0];
        assert_eq!(
            govsearch::text::normalise_text(line["match"].as_str().unwrap_or_default()),
            term
        );
    }
}

#[test]
fn copies_count_once_and_the_2022_national_report_says_jiuye_34_times() {
    let (_, index) = archive_index();
    let out = govsearch(
        &[
            "trend",
            "就业",
            "稳",
            "--region",
            "全国",
            "--kind",
            "政府工作报告",
            "--year",
            "2022",
            "--json",
            "--index",
            &index.to_string_lossy(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let series: Value = serde_json::from_str(stdout(&out).trim()).expect("trend JSON");
    let count = |n: usize| series[n]["series"][0]["count"].as_u64();
    assert_eq!(count(0), Some(34), "{series}");
    assert_eq!(count(1), Some(78), "{series}");
    // The 1998 report is in two transcriptions here: counted once, unless asked.
    let once = govsearch(
        &[
            "trend",
            "国有企业",
            "--year",
            "1998",
            "--region",
            "全国",
            "--json",
            "--index",
            &index.to_string_lossy(),
        ],
        &repo(),
    );
    let every = govsearch(
        &[
            "trend",
            "国有企业",
            "--year",
            "1998",
            "--region",
            "全国",
            "--json",
            "--all-copies",
            "--index",
            &index.to_string_lossy(),
        ],
        &repo(),
    );
    let docs = |out: &std::process::Output| -> u64 {
        let v: Value = serde_json::from_str(stdout(out).trim()).expect("JSON");
        v[0]["series"][0]["docs"].as_u64().unwrap_or(0)
    };
    assert_eq!(docs(&once), 1);
    assert_eq!(docs(&every), 2);
}

#[test]
fn exports_carry_the_query_and_every_hit_and_csv_cells_cannot_run() {
    let (_, index) = archive_index();
    let server = Server::start(index);
    let (status, head, body) = server.get(&format!("/export?q={}&format=csv", encode("文明行为")));
    assert_eq!(status, 200);
    assert!(head.contains("text/csv"));
    let text = String::from_utf8_lossy(&body);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("# govsearch export: q=文明行为"),
        "{first}"
    );
    assert!(first.contains("all "), "{first}");
    let api = server.json(&format!("/api/search?q={}&limit=1", encode("文明行为")));
    let rows = text.lines().skip(2).filter(|l| !l.is_empty()).count() as u64;
    assert!(
        rows >= api["distinct"].as_u64().unwrap_or(u64::MAX),
        "{rows} rows for {}",
        api["distinct"]
    );
    let out = govsearch(
        &[
            "search",
            "文明行为",
            "--csv",
            "-n",
            "3",
            "--index",
            &index.to_string_lossy(),
        ],
        &repo(),
    );
    assert!(
        stdout(&out).starts_with("rank,id,path,title"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        govsearch::render::csv_safe("=cmd|' /C calc'!A0"),
        "'=cmd|' /C calc'!A0"
    );
    assert_eq!(govsearch::render::csv_safe("-1"), "'-1");
    assert_eq!(govsearch::render::csv_safe("计划生育"), "计划生育");
}

/// Raises this process's soft limit of open files, for the connection test.
fn allow_many_files() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write `limit`.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max.min(8192);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

fn status_of(response: &[u8]) -> Option<u16> {
    String::from_utf8_lossy(response)
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn the_server_holds_under_abuse_and_serves_again_after_a_kill() {
    use std::io::{Read, Write};
    let (_, index) = archive_index();
    let mut server = Server::start_with(index, &[("GOVSEARCH_HEADER_TIMEOUT_SECONDS", "1")]);
    // Malformed requests get 400 and change nothing.
    for garbage in [
        &b"\x00\x01\x02 garbage\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nHost localhost\r\n\r\n",
    ] {
        let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
        stream.write_all(garbage).expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).ok();
        assert_eq!(
            status_of(&answer),
            Some(400),
            "{}",
            String::from_utf8_lossy(&answer)
        );
    }
    // A slow client that never finishes its headers is cut off.
    let mut slow = std::net::TcpStream::connect(&server.addr).expect("connect");
    slow.write_all(b"GET /api/search?q=a HTTP/1.1\r\nHost: loc")
        .expect("send");
    slow.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .expect("timeout");
    let started = std::time::Instant::now();
    let mut buf = [0u8; 256];
    let closed = slow.read(&mut buf).is_ok();
    assert!(
        closed && started.elapsed() < std::time::Duration::from_secs(4),
        "the slow client was not cut off"
    );
    // A thousand connections at once: each is answered, 200 or 503.
    allow_many_files();
    let request = format!(
        "GET /api/search?q={}&limit=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        encode("计划生育")
    );
    let mut streams = Vec::new();
    for _ in 0..1000 {
        let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        streams.push(stream);
    }
    let mut statuses = std::collections::BTreeMap::new();
    for mut stream in streams {
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .ok();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).ok();
        *statuses.entry(status_of(&answer)).or_insert(0) += 1;
    }
    assert!(
        statuses.keys().all(|s| matches!(s, Some(200 | 503))),
        "{statuses:?}"
    );
    assert!(
        statuses.get(&Some(200)).copied().unwrap_or(0) >= 500,
        "{statuses:?}"
    );
    let rss_kb: u64 = std::fs::read_to_string(format!("/proc/{}/status", server.pid()))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    assert!(rss_kb < 1_500_000, "the server holds {rss_kb} kB");
    eprintln!("1,000 connections: {statuses:?}; server RSS {rss_kb} kB");
    assert_eq!(
        server.json("/api/search?q=a&limit=1")["hits"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // Killed as a crash would kill it, it serves again on restart.
    server.kill();
    let again = Server::start(index);
    assert!(
        again.json(&format!("/api/search?q={}", encode("计划生育")))["total"].as_u64() > Some(0)
    );
}

/// The server keeps the answers of queries asked again and answers them
/// the same. It follows the index: once a re-index has settled it answers
/// from the new snapshot (hits, copies and counts from one snapshot), kept
/// answers of the old one forgotten, with no restart. With
/// `--reload-every 0` it keeps the snapshot it started with.
#[test]
fn answers_asked_again_are_the_same_and_a_new_commit_is_served_without_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("new").join("index");
    let index_of = |folders: &[PathBuf]| {
        let mut args: Vec<String> = vec!["index".into()];
        args.extend(folders.iter().map(|p| p.to_string_lossy().into_owned()));
        args.extend(["--index".to_string(), index.to_string_lossy().into_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = govsearch(&args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    let first = shared_corpora().join("hebei_gwr_txt");
    let second = shared_corpora().join("baoding_county_gwr");
    index_of(std::slice::from_ref(&first));
    let index_arg = index.to_string_lossy().into_owned();
    let live = Server::start_args(&["--index", &index_arg, "--reload-every", "0.2"], &[]);
    let fixed = Server::start_args(&["--index", &index_arg, "--reload-every", "0"], &[]);
    let path = format!("/api/search?q={}&limit=5", encode("政府工作报告"));
    let trend = format!("/api/trend?q={}", encode("政府工作报告"));
    let before = live.json(&path);
    let again = live.json(&path);
    assert_eq!(before["total"], again["total"]);
    assert_eq!(before["hits"], again["hits"]);
    assert_eq!(before["facets"], again["facets"]);
    let cli = search_json(&index, &["政府工作报告", "-n", "5"], dir.path()).2;
    assert_eq!(before["total"], cli["total"]);
    let trend_before = live.json(&trend);
    assert_eq!(fixed.json(&path)["total"], before["total"]);

    index_of(&[first, second]);
    let (_, cli_hits, cli) = search_json(&index, &["政府工作报告", "-n", "5"], dir.path());
    assert!(
        cli["total"].as_u64() > before["total"].as_u64(),
        "{before} / {cli}"
    );
    let waited = std::time::Instant::now();
    let after = loop {
        let now = live.json(&path);
        if now["total"] == cli["total"] || waited.elapsed().as_secs() > 30 {
            break now;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(after["total"], cli["total"], "the new commit is served");
    let paths = |hits: &[Value]| -> Vec<String> {
        hits.iter()
            .map(|h| h["path"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let served = after["hits"].as_array().cloned().unwrap_or_default();
    assert_eq!(paths(&served), paths(&cli_hits), "{after}");
    // The kept trend of the old snapshot is not the answer any more.
    assert_ne!(live.json(&trend), trend_before);
    // A document of the new commit opens in the reader.
    let new_hit = after["hits"]
        .as_array()
        .and_then(|hits| {
            hits.iter()
                .find(|h| h["path"].as_str().is_some_and(|p| p.contains("baoding")))
        })
        .or_else(|| after["hits"].get(0))
        .expect("a hit");
    let id = new_hit["id"].as_str().expect("id");
    assert_eq!(live.get(&format!("/api/doc/{id}")).0, 200);
    assert_eq!(fixed.json(&path)["total"], before["total"], "one snapshot");
    // An index broken under it leaves the server on the snapshot it has.
    std::fs::write(index.join("meta.json"), "{ broken").expect("break meta.json");
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_eq!(
        live.json(&path)["total"],
        cli["total"],
        "the snapshot in use"
    );
}

/// A reload interval that is no number of seconds is refused in one line,
/// before anything is opened.
#[test]
fn serve_refuses_a_reload_interval_that_is_no_duration() {
    let dir = tempfile::tempdir().expect("tempdir");
    for every in ["nan", "inf", "1e30"] {
        let out = govsearch(
            &["serve", "--addr", "127.0.0.1:0", "--reload-every", every],
            dir.path(),
        );
        assert_ne!(out.status.code(), Some(0), "{every}");
        let err = stderr(&out);
        assert!(err.contains("--reload-every"), "{every}: {err}");
        assert!(!err.contains("panicked"), "{every}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{every}: {err}");
    }
}
