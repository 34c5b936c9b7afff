//! Benchmarks: indexing (wall time, throughput, peak memory, index size),
//! query latency in process and as a whole `govsearch search` process, and
//! ripgrep on the same queries and files, in one run. Figures, not tests.

pub mod generate;
pub mod peers;
pub mod queries;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::document;
use crate::eval::SplitMix;
use crate::index::{self, ReportIndex};
use crate::search::{parse, Engine, SearchRequest};
use queries::{BenchQuery, Category};

/// Latency percentiles in milliseconds.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Latency {
    pub runs: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
}

impl Latency {
    pub fn of(durations: &[Duration]) -> Latency {
        let mut ms: Vec<f64> = durations.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| {
            if ms.is_empty() {
                return 0.0;
            }
            let i = ((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1;
            ms[i]
        };
        Latency {
            runs: ms.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct IndexFigures {
    pub files: usize,
    pub bytes: u64,
    pub wall_s: f64,
    pub mb_per_s: f64,
    pub peak_rss_mb: f64,
    /// Peaks of the indexer's anonymous and file-backed resident pages,
    /// sampled from /proc (file-backed pages are the mapped segment files,
    /// which the kernel can reclaim).
    pub peak_anon_mb: f64,
    pub peak_file_mb: f64,
    pub index_bytes: u64,
    pub size_ratio: f64,
    pub reindex_wall_s: f64,
}

#[derive(Debug, Default, Serialize)]
pub struct BenchReport {
    /// None when the queries ran on an index built before (`--index`).
    pub index: Option<IndexFigures>,
    pub queries: usize,
    pub in_process: Latency,
    pub by_category: Vec<(String, Latency)>,
    pub process: Latency,
    pub ripgrep: Option<Latency>,
    /// Plain jieba-rs `cut_for_search` over the corpus texts on every core:
    /// the floor of any jieba-based indexer (not timed with `--index`).
    pub jieba_s: Option<f64>,
    pub peers: Vec<peers::PeerFigures>,
}

pub struct BenchConfig {
    pub corpus: Vec<PathBuf>,
    /// The govsearch binary to time as a whole process.
    pub exe: PathBuf,
    /// Where the index is built (emptied first), or the index to query
    /// when `existing`.
    pub work: PathBuf,
    /// Query the index in `work` as it is, built before of the same corpus:
    /// no indexing, no jieba floor, no peers.
    pub existing: bool,
    pub queries: usize,
    pub seed: u64,
    /// How many queries also run as whole processes (govsearch and rg).
    pub process_runs: usize,
    /// `../shared/peers`, to run the peer systems in the same run.
    pub peers: Option<PathBuf>,
    /// Only these peers (all when empty).
    pub only_peers: Vec<String>,
}

/// Peak resident memory of the waited-for children so far, in MB.
fn children_peak_rss_mb() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0;
    if ok {
        usage.ru_maxrss as f64 / 1024.0
    } else {
        0.0
    }
}

fn run_quiet(command: &mut Command) -> Result<Duration> {
    let start = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    let elapsed = start.elapsed();
    if !matches!(status.code(), Some(0 | 1)) {
        bail!("{command:?} failed with {status}");
    }
    Ok(elapsed)
}

/// Runs a command to its end while sampling its resident memory:
/// (wall time, peak anonymous MB, peak file-backed MB).
fn run_sampled(command: &mut Command) -> Result<(Duration, f64, f64)> {
    let start = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot run {command:?}"))?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let (mut anon, mut file) = (0f64, 0f64);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            anon = anon.max(status_kb(&text, "RssAnon:") / 1024.0);
            file = file.max(status_kb(&text, "RssFile:") / 1024.0);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok((elapsed, anon, file))
}

/// A `kB` line of /proc/PID/status.
fn status_kb(status: &str, key: &str) -> f64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0)
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Indexes the corpus from scratch and again unchanged, as child processes.
fn bench_indexing(config: &BenchConfig) -> Result<IndexFigures> {
    if config.work.exists() {
        std::fs::remove_dir_all(&config.work)
            .with_context(|| format!("cannot empty `{}`", config.work.display()))?;
    }
    let (files, _) = index::collect(&config.corpus, None, &mut |_| {});
    let bytes: u64 = files.iter().map(|f| f.size).sum();
    let index_cmd = || {
        let mut c = Command::new(&config.exe);
        c.arg("index")
            .args(&config.corpus)
            .arg("--index")
            .arg(&config.work);
        c
    };
    let (wall, peak_anon_mb, peak_file_mb) = run_sampled(&mut index_cmd())?;
    let peak = children_peak_rss_mb();
    let reindex = run_quiet(&mut index_cmd())?;
    let index_bytes = dir_bytes(&config.work);
    Ok(IndexFigures {
        files: files.len(),
        bytes,
        wall_s: wall.as_secs_f64(),
        mb_per_s: bytes as f64 / 1e6 / wall.as_secs_f64().max(1e-9),
        peak_rss_mb: peak,
        peak_anon_mb,
        peak_file_mb,
        index_bytes,
        size_ratio: index_bytes as f64 / bytes.max(1) as f64,
        reindex_wall_s: reindex.as_secs_f64(),
    })
}

/// Seconds of plain jieba-rs `cut_for_search` over every file's text on
/// every core (reading and decoding not counted): the slowest thread's sum.
fn plain_jieba(corpus: &[PathBuf]) -> f64 {
    let (files, _) = index::collect(corpus, None, &mut |_| {});
    let jieba = crate::analysis::jieba();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut busy = Duration::ZERO;
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        let Ok(bytes) = std::fs::read(&file.path) else {
                            continue;
                        };
                        let Ok(decoded) = crate::read::decode(&bytes) else {
                            continue;
                        };
                        let start = Instant::now();
                        std::hint::black_box(jieba.cut_for_search(&decoded.text, true).len());
                        busy += start.elapsed();
                    }
                    busy
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|w| w.join().ok())
            .max()
            .unwrap_or_default()
            .as_secs_f64()
    })
}

/// Texts of up to `n` files of the corpus, evenly spread, for drawing queries.
fn sample_texts(corpus: &[PathBuf], n: usize, seed: u64) -> Vec<String> {
    let (files, _) = index::collect(corpus, None, &mut |_| {});
    let mut rng = SplitMix::new(seed);
    let taxonomy = crate::facets::Taxonomy::builtin();
    (0..n.min(files.len()))
        .filter_map(|_| document::from_file(&files[rng.below(files.len())].path, &taxonomy).ok())
        .map(|d| d.normalised)
        .collect()
}

/// The clauses ripgrep can run: literal texts, without quotes or filters.
fn literal_clauses(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .filter(|c| !c.contains(':'))
        .map(|c| c.trim_matches('"').to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// ripgrep as a user would chain it for an AND query: the first clause
/// over the corpus, each next one over the files the previous one listed.
fn ripgrep(rg: &Path, corpus: &[PathBuf], query: &str) -> Result<Duration> {
    let start = Instant::now();
    let mut files: Option<Vec<String>> = None;
    for clause in literal_clauses(query) {
        let run = |targets: &[String]| -> Result<Vec<String>> {
            let out = Command::new(rg)
                .args([
                    "--files-with-matches",
                    "--fixed-strings",
                    "--no-ignore",
                    "--hidden",
                    "--no-messages",
                    "--no-config",
                    "-e",
                ])
                .arg(&clause)
                .arg("--")
                .args(targets)
                .stderr(Stdio::null())
                .output()
                .context("cannot run rg")?;
            Ok(String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(String::from)
                .collect())
        };
        files = Some(match &files {
            None => run(&corpus
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>())?,
            Some(list) if list.is_empty() => break,
            // A command line holds only so many paths.
            Some(list) => {
                let mut next = Vec::new();
                for chunk in list.chunks(RG_PATHS_PER_RUN) {
                    next.extend(run(chunk)?);
                }
                next
            }
        });
    }
    Ok(start.elapsed())
}

const RG_PATHS_PER_RUN: usize = 2000;

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
}

/// Runs every measurement; `on_stage` hears what is being measured.
pub fn run(config: &BenchConfig, on_stage: &mut dyn FnMut(&str)) -> Result<BenchReport> {
    if let Some(dir) = &config.peers {
        peers::check(dir, &config.corpus, &config.only_peers)?;
    }
    let index = if config.existing {
        None
    } else {
        on_stage("indexing (twice: from scratch, then unchanged)");
        Some(bench_indexing(config)?)
    };
    let report_index = ReportIndex::open(&config.work)?;
    on_stage("drawing queries");
    // As the server answers: see `Engine::for_many_queries`.
    let engine = Engine::new(&report_index)?.for_many_queries()?;
    let texts = sample_texts(&config.corpus, 400, config.seed);
    let queries: Vec<BenchQuery> = queries::draw(&engine, &texts, config.queries, config.seed)?;
    on_stage("in-process queries");
    let search = |q: &BenchQuery| -> Result<Duration> {
        let request = SearchRequest {
            query: parse(&q.text)?,
            limit: 10,
            offset: 0,
            all_copies: false,
        };
        let start = Instant::now();
        engine.search(&request)?;
        Ok(start.elapsed())
    };
    for q in &queries {
        search(q)?; // warm the page cache and the searcher
    }
    let mut timed: Vec<(Category, Duration)> = Vec::new();
    for q in &queries {
        timed.push((q.category, search(q)?));
    }
    let all: Vec<Duration> = timed.iter().map(|(_, d)| *d).collect();
    let mut by_category = Vec::new();
    for category in [
        Category::Word,
        Category::Words,
        Category::Phrase,
        Category::Rare,
        Category::Filtered,
    ] {
        let ds: Vec<Duration> = timed
            .iter()
            .filter(|(c, _)| *c == category)
            .map(|(_, d)| *d)
            .collect();
        by_category.push((category.name().to_string(), Latency::of(&ds)));
    }
    on_stage("whole processes: govsearch search, then ripgrep");
    let runs: Vec<&BenchQuery> = queries.iter().take(config.process_runs).collect();
    let mut process = Vec::new();
    for q in &runs {
        let mut c = Command::new(&config.exe);
        c.arg("search")
            .arg("--index")
            .arg(&config.work)
            .args(["-n", "10", "--color", "never"])
            .args(q.text.split_whitespace());
        process.push(run_quiet(&mut c)?);
    }
    let ripgrep_latency = match which("rg") {
        Some(rg) => {
            let mut times = Vec::new();
            for q in &runs {
                times.push(ripgrep(&rg, &config.corpus, &q.text)?);
            }
            Some(Latency::of(&times))
        }
        None => None,
    };
    let jieba_s = (!config.existing).then(|| {
        on_stage("plain jieba segmentation");
        plain_jieba(&config.corpus)
    });
    let peers = match &config.peers {
        Some(dir) => {
            on_stage("the peers (../shared/peers/run_all.sh)");
            let texts: Vec<String> = queries.iter().map(|q| q.text.clone()).collect();
            peers::run(
                dir,
                &config.corpus,
                &texts,
                &config.only_peers,
                &config.work.with_extension("peers"),
            )?
        }
        None => Vec::new(),
    };
    Ok(BenchReport {
        index,
        queries: queries.len(),
        in_process: Latency::of(&all),
        by_category,
        process: Latency::of(&process),
        ripgrep: ripgrep_latency,
        jieba_s,
        peers,
    })
}
