//! `govsearch bench`: speed figures on a corpus, and `govsearch generate`:
//! a corpus N times as large for measuring at scale.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use govsearch::bench::{self, generate, BenchConfig};
use govsearch::render;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Corpus folders to index and query.
    #[arg(required = true)]
    corpus: Vec<PathBuf>,
    /// Where to build the benchmark's index (emptied first); a temporary
    /// folder by default, removed afterwards.
    #[arg(long)]
    work: Option<PathBuf>,
    /// Number of queries in the set (at least 200 for stable percentiles).
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// How many of them also run as whole processes, govsearch and ripgrep.
    #[arg(long, default_value_t = 200)]
    process_runs: usize,
    /// Seed of the query set.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also run the peer systems of this folder (`../shared/peers`) on the
    /// same corpus and queries, and put their figures beside govsearch's.
    #[arg(long)]
    peers: Option<PathBuf>,
    /// With --peers: only these peers (comma-separated).
    #[arg(long, value_delimiter = ',')]
    only_peers: Vec<String>,
    /// Only time the queries, on this index of the corpus built before
    /// (an index at 30x takes minutes to build).
    #[arg(long, conflicts_with_all = ["work", "peers"])]
    index: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: BenchArgs) -> Result<i32> {
    let existing = args.index.is_some();
    let temporary = args.work.is_none() && !existing;
    let work = args
        .index
        .clone()
        .or_else(|| args.work.clone())
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("govsearch-bench-{}", std::process::id()))
        });
    let config = BenchConfig {
        corpus: args.corpus.clone(),
        exe: std::env::current_exe().context("cannot find the govsearch binary")?,
        work: work.clone(),
        existing,
        queries: args.queries,
        seed: args.seed,
        process_runs: args.process_runs,
        peers: args.peers.clone(),
        only_peers: args.only_peers.clone(),
    };
    let report = bench::run(&config, &mut |stage| eprintln!("bench: {stage}…"));
    if temporary {
        std::fs::remove_dir_all(&work).ok();
        std::fs::remove_dir_all(work.with_extension("peers")).ok();
    }
    let report = report?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        write!(out, "{}", render::bench_table(&report))?;
    }
    Ok(0)
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Source corpus folders.
    #[arg(required = true)]
    source: Vec<PathBuf>,
    /// Folder to write the generated corpus into.
    #[arg(long)]
    out: PathBuf,
    /// How many times the source (copy 0 is the source itself).
    #[arg(long, default_value_t = 10)]
    scale: usize,
    /// Seed of the variation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run_generate(args: GenerateArgs) -> Result<i32> {
    let generated = generate::generate(&args.source, &args.out, args.scale, args.seed)?;
    println!(
        "{} files, {:.1} MB written to {}",
        generated.files,
        generated.bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(0)
}
