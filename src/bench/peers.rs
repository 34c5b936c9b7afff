//! The peer systems in the same run: `../shared/peers/run_all.sh` indexes
//! the corpus with each peer that is installed and runs govsearch's own
//! query set through it; its `summary.tsv` is read back here. A peer that
//! is not installed is skipped, with the reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde::Serialize;

/// The peers `run_all.sh` knows, in its order.
pub const ALL: [&str; 6] = [
    "ripgrep",
    "fts5-trigram",
    "fts5-jieba",
    "lucene-cjk",
    "lucene-smartcn",
    "whoosh-jieba",
];

/// One peer's figures, or why there are none.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PeerFigures {
    pub peer: String,
    /// `ok`, or what stopped it (`skipped: …`, `index timed out …`).
    pub status: String,
    pub index_s: Option<f64>,
    pub index_cpu_s: Option<f64>,
    pub peak_rss_mb: Option<f64>,
    pub index_bytes: Option<u64>,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub mean_hits: Option<f64>,
}

/// Why a peer cannot run on this machine, if it cannot.
fn missing(peer: &str) -> Option<String> {
    let python = |module: &str| {
        Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let lucene = Path::new("/usr/share/java/lucene-core-8.7.0.jar").is_file()
        && super::which("javac").is_some();
    let absent = match peer {
        "ripgrep" => super::which("rg")
            .is_none()
            .then_some("rg is not on PATH (apt-get install ripgrep)"),
        "fts5-trigram" => (!python("sqlite3")).then_some("python3 with sqlite3 is not installed"),
        "fts5-jieba" => (!python("jieba")).then_some("jieba is not installed (pip install jieba)"),
        "lucene-cjk" | "lucene-smartcn" => (!lucene).then_some(
            "Lucene 8.7 is not installed (apt-get install liblucene8-java default-jdk-headless)",
        ),
        "whoosh-jieba" => (!(python("whoosh") && python("jieba")))
            .then_some("whoosh or jieba is not installed (pip install whoosh jieba)"),
        _ => Some("not a peer run_all.sh knows"),
    };
    absent.map(String::from)
}

/// A govsearch query as the peers read it: clauses separated by spaces,
/// quoted phrases kept, filters (`year:2017`) dropped since no peer has
/// the facets.
pub fn peer_query(query: &str) -> Option<String> {
    let clauses: Vec<&str> = query
        .split_whitespace()
        .filter(|c| !c.contains(':') && !c.starts_with('-'))
        .collect();
    (!clauses.is_empty()).then(|| clauses.join(" "))
}

/// Refuses, before anything is measured, what the peers cannot run: more
/// than one corpus folder, a folder without the runners, an unknown peer.
pub fn check<'a>(peers_dir: &Path, corpus: &'a [PathBuf], only: &[String]) -> Result<&'a Path> {
    let [corpus] = corpus else {
        bail!(
            "the peers read one corpus folder; give one (`govsearch generate --out DIR` makes a \
             larger corpus in one folder)"
        );
    };
    if !peers_dir.join("run_all.sh").is_file() {
        bail!("no run_all.sh in `{}`", peers_dir.display());
    }
    if let Some(unknown) = only.iter().find(|o| !ALL.contains(&o.as_str())) {
        bail!("`{unknown}` is not a peer: choose among {}", ALL.join(", "));
    }
    Ok(corpus)
}

/// Runs the peers over one corpus folder with the given queries; `only`
/// restricts them (all when empty).
pub fn run(
    peers_dir: &Path,
    corpus: &[PathBuf],
    queries: &[String],
    only: &[String],
    work: &Path,
) -> Result<Vec<PeerFigures>> {
    let corpus = check(peers_dir, corpus, only)?;
    let script = peers_dir.join("run_all.sh");
    let wanted: Vec<&str> = ALL
        .into_iter()
        .filter(|p| only.is_empty() || only.iter().any(|o| o == p))
        .collect();
    let mut figures = Vec::new();
    let mut runnable = Vec::new();
    for peer in wanted {
        match missing(peer) {
            Some(why) => figures.push(PeerFigures {
                peer: peer.to_string(),
                status: format!("skipped: {why}"),
                ..PeerFigures::default()
            }),
            None => runnable.push(peer),
        }
    }
    if runnable.is_empty() {
        return Ok(figures);
    }
    std::fs::create_dir_all(work).with_context(|| format!("cannot create `{}`", work.display()))?;
    let query_file = work.join("queries.txt");
    let lines: Vec<String> = queries.iter().filter_map(|q| peer_query(q)).collect();
    std::fs::write(&query_file, lines.join("\n") + "\n")?;
    let out = work.join("peers");
    let status = Command::new("bash")
        .arg(&script)
        .arg(corpus)
        .arg(&query_file)
        .arg(&out)
        .env("PEERS", runnable.join(" "))
        .env("KEEP_INDEXES", "0")
        // The Lucene runner compiles into its own folder unless told.
        .env("LUCENE_CLASSES", work.join("lucene-classes"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("cannot run `{}`", script.display()))?;
    if !status.success() {
        bail!(
            "`{}` failed with {status}; see {}",
            script.display(),
            out.join("run.log").display()
        );
    }
    figures.extend(read_summary(&out)?);
    figures.sort_by_key(|f| ALL.iter().position(|p| *p == f.peer));
    Ok(figures)
}

/// The rows of `summary.tsv` and `summary_extra.tsv`, joined by peer.
fn read_summary(out: &Path) -> Result<Vec<PeerFigures>> {
    let read = |name: &str| -> Result<Vec<Vec<String>>> {
        let path = out.join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("the peers wrote no `{}`", path.display()))?;
        Ok(text
            .lines()
            .skip(1)
            .map(|l| l.split('\t').map(String::from).collect())
            .collect())
    };
    let extra = read("summary_extra.tsv")?;
    let number = |row: &[String], i: usize| row.get(i).and_then(|v| v.parse::<f64>().ok());
    Ok(read("summary.tsv")?
        .into_iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            let more = extra.iter().find(|e| e.first() == row.first());
            let status = more.and_then(|e| e.get(1)).cloned().unwrap_or_default();
            let note = more.and_then(|e| e.get(10)).cloned().unwrap_or_default();
            let cpu = more.and_then(|e| Some(number(e, 2)? + number(e, 3)?));
            PeerFigures {
                peer: row[0].clone(),
                status: if status == "ok" || note.is_empty() {
                    status
                } else {
                    format!("{status}: {note}")
                },
                index_s: number(&row, 3),
                index_cpu_s: cpu,
                peak_rss_mb: number(&row, 4),
                index_bytes: row.get(5).and_then(|v| v.parse().ok()),
                p50_ms: number(&row, 6).map(|us| us / 1000.0),
                p95_ms: number(&row, 7).map(|us| us / 1000.0),
                p99_ms: number(&row, 8).map(|us| us / 1000.0),
                mean_hits: number(&row, 9),
            }
        })
        .collect())
}
