//! `govsearch eval`: recall and precision against an exact scan of a corpus.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use govsearch::document;
use govsearch::eval::{recall, ScannedText};
use govsearch::facets::Taxonomy;
use govsearch::index::{self, ReportIndex};
use govsearch::search::Engine;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Corpus folders to evaluate on.
    #[arg(required = true)]
    corpus: Vec<PathBuf>,
    /// An index already built from exactly these folders; without it, a
    /// temporary index is built and removed afterwards.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Number of random substring queries (each run quoted and unquoted).
    #[arg(long, default_value_t = 300)]
    queries: usize,
    /// Seed of the random sample, for repeatable runs.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: EvalArgs) -> Result<i32> {
    let taxonomy = Taxonomy::builtin();
    let temporary = std::env::temp_dir().join(format!("govsearch-eval-{}", std::process::id()));
    let index_dir = match &args.index {
        Some(dir) => dir.clone(),
        None => {
            let report_index = ReportIndex::open_or_create(&temporary)?;
            index::update(&report_index, &args.corpus, &taxonomy, &mut |_| {})?;
            temporary.clone()
        }
    };
    let result = evaluate(&args, &index_dir, &taxonomy);
    if args.index.is_none() {
        std::fs::remove_dir_all(&temporary).ok();
    }
    let report = result?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        writeln!(
            out,
            "queries: {} random 2–6 character substrings, {} expected documents",
            report.queries, report.expected_docs
        )?;
        writeln!(
            out,
            "quoted:   recall {:.4}  precision {:.4}",
            report.quoted_recall, report.quoted_precision
        )?;
        writeln!(
            out,
            "unquoted: recall {:.4}  ({} documents returned)",
            report.unquoted_recall, report.unquoted_returned
        )?;
        for (query, path) in &report.misses {
            writeln!(out, "  missed {path} for {query}")?;
        }
        for (query, path) in &report.false_hits {
            writeln!(out, "  false hit {path} for {query}")?;
        }
    }
    Ok(0)
}

fn evaluate(
    args: &EvalArgs,
    index_dir: &std::path::Path,
    taxonomy: &Taxonomy,
) -> Result<govsearch::eval::RecallReport> {
    let report_index = ReportIndex::open(index_dir)?;
    let engine = Engine::new(&report_index)?;
    let (files, _) = index::collect(&args.corpus, None, &mut |_| {});
    let mut texts = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(&file.path) else {
            continue;
        };
        let path = file.path.to_string_lossy().into_owned();
        if let Ok(doc) = document::from_bytes(&path, file.format, &bytes, taxonomy) {
            texts.push(ScannedText {
                path: doc.path,
                normalised: doc.normalised,
            });
        }
    }
    recall(&engine, &texts, args.queries, args.seed).context("evaluation failed")
}
