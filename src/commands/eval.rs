//! `govsearch eval`: recall and precision against an exact scan of a corpus.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use govsearch::eval::{facets, recall, relay, ScannedText};
use govsearch::index::{self, ReportIndex, Settings};
use govsearch::search::Engine;

/// What an evaluation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Measure {
    /// Recall and precision of search against an exact scan.
    Recall,
    /// Facets (title, year, region, unit, kind) against each folder's `_meta.tsv`.
    Facets,
    /// Near-duplicate detection on catalogued national work reports (same
    /// year, same report).
    Duplicates,
    /// Furniture removal on pages generated around the corpus's documents
    /// (`--queries` sets the number of pages).
    Cleaning,
    /// Word and PDF reading: documents turned into .docx and .pdf by
    /// LibreOffice and read back (`--queries` sets the number of documents).
    Formats,
    /// Ranking on hand-judged queries (`--judgments`): nDCG@10 and the MRR
    /// of known items.
    Ranking,
    /// The local index against an OpenSearch cluster indexed from the same
    /// folders (`--url`, `--name`): hit sets, totals, facet counts and
    /// top-10 overlap of random queries with filters and exclusions.
    Engines,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// What to measure.
    #[arg(long, value_enum, default_value_t = Measure::Recall)]
    measure: Measure,
    /// With `--measure facets`: list every wrong facet.
    #[arg(long)]
    misses: bool,
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
    /// With `--measure recall` or `facets`: measure on a re-laid copy of
    /// the corpus (lines hard-wrapped at 18–40 characters, titles spaced
    /// out).
    #[arg(long)]
    relaid: bool,
    /// With `--measure facets`: read every file under a name that says
    /// nothing (`d00042.txt`), as a crawler saves pages, so that no facet
    /// comes from the file name.
    #[arg(long)]
    blind_names: bool,
    /// With `--measure ranking`: the judgments file (paths relative to the
    /// one corpus folder given).
    #[arg(long, default_value = "eval/judgments.tsv")]
    judgments: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// With `--measure engines`: the cluster's base URL.
    #[arg(long)]
    url: Option<String>,
    /// With `--measure engines`: the index name on the cluster.
    #[arg(long, default_value = govsearch::opensearch::DEFAULT_INDEX)]
    name: String,
}

pub fn run(args: EvalArgs) -> Result<i32> {
    match args.measure {
        Measure::Facets => return run_facets(&args),
        Measure::Duplicates => return run_duplicates(&args),
        Measure::Cleaning => return run_cleaning(&args),
        Measure::Formats => return run_formats(&args),
        Measure::Ranking => return run_ranking(&args),
        Measure::Engines => return run_engines(&args),
        Measure::Recall => {}
    }
    if args.relaid && args.index.is_some() {
        anyhow::bail!("--relaid builds its own index of the re-laid copy; drop --index");
    }
    let temporary = std::env::temp_dir().join(format!("govsearch-eval-{}", std::process::id()));
    let result = evaluate_recall(&args, &temporary);
    std::fs::remove_dir_all(&temporary).ok();
    let report = result?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(0);
    }
    let laid = if args.relaid {
        "re-laid copy (hard wraps at 18–40 characters, spaced titles)"
    } else {
        "corpus as it is"
    };
    writeln!(
        out,
        "{laid}: {} random 2–6 character substrings, {} expected documents",
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
    let layout = &report.across_layout;
    writeln!(
        out,
        "across layout: {} queries ran across a line break or spacing; every document found for {:.4} quoted, {:.4} unquoted",
        layout.queries, layout.quoted_recall, layout.unquoted_recall
    )?;
    for (query, path) in &report.misses {
        writeln!(out, "  missed {path} for {query}")?;
    }
    for (query, path) in &report.false_hits {
        writeln!(out, "  false hit {path} for {query}")?;
    }
    Ok(0)
}

/// Indexes the corpus (or its re-laid copy) unless `--index` names one, and
/// measures recall against a scan of exactly what was indexed.
fn evaluate_recall(args: &EvalArgs, temporary: &Path) -> Result<govsearch::eval::RecallReport> {
    let taxonomy = govsearch::facets::Taxonomy::builtin();
    let mut folders = args.corpus.clone();
    if args.relaid {
        let copy = temporary.join("relaid");
        let cleaned = govsearch::eval::cleaned_texts(&args.corpus, &taxonomy);
        relay::write_copy(&cleaned, &copy, args.seed)?;
        folders = vec![copy];
    }
    let report_index = ReportIndex::open(&index_to_evaluate(args, &folders, temporary)?)?;
    let engine = Engine::new(&report_index)?;
    let texts: Vec<ScannedText> =
        govsearch::eval::cleaned_texts(&folders, &report_index.analysis.taxonomy)
            .into_iter()
            .map(|(path, text)| ScannedText::new(path, &text))
            .collect();
    recall(&engine, &texts, args.queries, args.seed).context("evaluation failed")
}

/// The index an evaluation runs on: `--index` if given, else one of
/// `folders` built in `temporary` (which the caller removes).
fn index_to_evaluate(args: &EvalArgs, folders: &[PathBuf], temporary: &Path) -> Result<PathBuf> {
    if let Some(dir) = &args.index {
        return Ok(dir.clone());
    }
    let dir = temporary.join("index");
    let report_index = ReportIndex::open_or_create(&dir, &Settings::default())?;
    index::update(&report_index, folders, &mut |_| {})?;
    Ok(dir)
}

fn run_engines(args: &EvalArgs) -> Result<i32> {
    use govsearch::opensearch::parity;
    let url = args
        .url
        .as_deref()
        .context("--measure engines needs --url of a cluster indexed from these folders")?;
    let remote = govsearch::opensearch::search::Remote::open(url, &args.name)?;
    let temporary = std::env::temp_dir().join(format!("govsearch-eval-{}", std::process::id()));
    let result = (|| -> Result<parity::ParityReport> {
        let report_index = ReportIndex::open(&index_to_evaluate(args, &args.corpus, &temporary)?)?;
        let engine = Engine::new(&report_index)?;
        let texts: Vec<ScannedText> =
            govsearch::eval::cleaned_texts(&args.corpus, &report_index.analysis.taxonomy)
                .into_iter()
                .map(|(path, text)| ScannedText::new(path, &text))
                .collect();
        parity::compare(&engine, &remote, &texts, args.queries, args.seed)
    })();
    std::fs::remove_dir_all(&temporary).ok();
    let report = result?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(0);
    }
    writeln!(
        out,
        "{} queries on both engines: hit sets differ {}, totals differ {}, facets differ {}; top-10 overlap {:.3}",
        report.queries, report.hit_sets_differ, report.totals_differ, report.facets_differ, report.top10_overlap
    )?;
    writeln!(
        out,
        "search p50/p99: local {:.1}/{:.1} ms, cluster {:.1}/{:.1} ms",
        parity::quantile(&report.local_ms, 0.5),
        parity::quantile(&report.local_ms, 0.99),
        parity::quantile(&report.remote_ms, 0.5),
        parity::quantile(&report.remote_ms, 0.99)
    )?;
    for example in &report.examples {
        writeln!(out, "  {example}")?;
    }
    Ok(0)
}

fn run_facets(args: &EvalArgs) -> Result<i32> {
    let folders = facets::described_folders(&args.corpus);
    if folders.is_empty() {
        anyhow::bail!("no folder with a `_meta.tsv` under the given paths");
    }
    let taxonomy = govsearch::facets::Taxonomy::builtin();
    let mut sources = Vec::new();
    for folder in &folders {
        let reading = facets::Reading {
            relaid: args.relaid.then_some(args.seed),
            blind_names: args.blind_names,
        };
        sources.push(facets::score_folder(folder, &taxonomy, reading)?);
    }
    let total = facets::SourceScore::total(&sources);
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = serde_json::json!({ "sources": sources, "all": total });
        writeln!(out, "{report}")?;
        return Ok(0);
    }
    if args.relaid {
        writeln!(
            out,
            "re-laid copy (hard wraps at 18–40 characters, spaced first lines, seed {})",
            args.seed
        )?;
    }
    if args.blind_names {
        writeln!(
            out,
            "every file read under a name that says nothing (d00042.txt)"
        )?;
    }
    writeln!(out, "{}", govsearch::render::facet_table(&sources, &total))?;
    if args.misses {
        for source in &sources {
            for m in &source.misses {
                writeln!(
                    out,
                    "{}/{}  {}: expected {} got {}",
                    source.source,
                    m.file,
                    m.field,
                    m.expected,
                    if m.got.is_empty() { "—" } else { &m.got }
                )?;
            }
        }
    }
    Ok(0)
}

fn run_duplicates(args: &EvalArgs) -> Result<i32> {
    let report = govsearch::eval::duplicates::evaluate(
        &args.corpus,
        &govsearch::facets::Taxonomy::builtin(),
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        writeln!(
            out,
            "{} national reports: {} pairs of copies, {} found, {} right",
            report.documents, report.true_pairs, report.found_pairs, report.correct_pairs
        )?;
        writeln!(
            out,
            "precision {:.4}  recall {:.4}  (least similarity of copies {:.2}, greatest of different reports {:.2})",
            report.precision,
            report.recall,
            report.least_copy_similarity,
            report.greatest_other_similarity
        )?;
    }
    Ok(0)
}

fn run_cleaning(args: &EvalArgs) -> Result<i32> {
    let report = govsearch::eval::cleaning::evaluate(&args.corpus, args.queries, args.seed)?;
    let taxonomy = govsearch::facets::Taxonomy::builtin();
    let real = govsearch::eval::real_pages::evaluate(&args.corpus, &taxonomy);
    let mut out = std::io::stdout().lock();
    if args.json {
        let both = serde_json::json!({"generated": report, "real": real});
        writeln!(out, "{both}")?;
        return Ok(0);
    }
    writeln!(
        out,
        "{} generated pages: furniture removed {:.4} ({} of {} lines), body kept {:.4} ({} of {} lines)",
        report.pages,
        report.removed_share,
        report.furniture_removed,
        report.furniture_lines,
        report.kept_share,
        report.body_kept,
        report.body_lines
    )?;
    writeln!(
        out,
        "the same documents unwrapped: {} of {} lines removed (their own furniture, or losses)",
        report.own_removed, report.own_lines
    )?;
    if args.misses {
        for line in &report.furniture_kept {
            writeln!(out, "  kept furniture: {line}")?;
        }
        for line in &report.body_dropped {
            writeln!(out, "  dropped body:   {line}")?;
        }
    }
    write_real_pages(&mut out, &real, args.misses)?;
    Ok(0)
}

/// The real pages' suspects: short lines that recur across a folder's
/// documents, and long lines a document keeps twice.
fn write_real_pages(
    out: &mut impl Write,
    real: &govsearch::eval::real_pages::RealPagesReport,
    misses: bool,
) -> Result<()> {
    writeln!(out, "\nreal pages (suspects; no line is labelled):")?;
    writeln!(
        out,
        "| folder | docs | kept lines | recurring short lines kept (docs) | long lines kept twice (docs) |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for f in &real.folders {
        writeln!(
            out,
            "| {} | {} | {} | {} ({}) | {} ({}) |",
            f.folder,
            f.docs,
            f.kept_lines,
            f.recurring_kept,
            f.docs_with_recurring,
            f.repeated_kept,
            f.docs_with_repeats
        )?;
        if misses {
            for (line, docs) in &f.examples {
                writeln!(out, "  {}: {docs} docs keep `{line}`", f.folder)?;
            }
        }
    }
    Ok(())
}

fn run_formats(args: &EvalArgs) -> Result<i32> {
    let taxonomy = govsearch::facets::Taxonomy::builtin();
    let texts = govsearch::eval::cleaned_texts(&args.corpus, &taxonomy);
    let work = std::env::temp_dir().join(format!("govsearch-formats-{}", std::process::id()));
    let result = govsearch::eval::formats::evaluate(&texts, args.queries, args.seed, &work);
    std::fs::remove_dir_all(&work).ok();
    let report = result?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(0);
    }
    for (name, score) in [("docx", &report.docx), ("pdf", &report.pdf)] {
        writeln!(
            out,
            "{name}: {} files, {} read as exactly their text ({:.4}), bigram agreement {:.4}, {} found by a quoted fragment, {} skipped, {} not converted by LibreOffice",
            score.files,
            score.identical,
            score.identical_share,
            score.mean_bigram_agreement,
            score.found_by_fragment,
            score.skipped.len(),
            score.not_converted
        )?;
        if args.misses {
            for (file, difference) in &score.differences {
                writeln!(out, "  {file}: {difference}")?;
            }
            for (file, reason) in &score.skipped {
                writeln!(out, "  {file}: skipped, {reason}")?;
            }
        }
    }
    Ok(0)
}

fn run_ranking(args: &EvalArgs) -> Result<i32> {
    let [root] = &args.corpus[..] else {
        anyhow::bail!("--measure ranking takes one corpus folder, the root of the judged paths");
    };
    let judged = govsearch::eval::ranking::read_judgments(&args.judgments)?;
    let temporary = std::env::temp_dir().join(format!("govsearch-ranking-{}", std::process::id()));
    let result = index_to_evaluate(args, &args.corpus, &temporary).and_then(|dir| {
        let engine = Engine::new(&ReportIndex::open(&dir)?)?;
        govsearch::eval::ranking::evaluate(&engine, root, &judged)
    });
    std::fs::remove_dir_all(&temporary).ok();
    let report = result?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(0);
    }
    writeln!(
        out,
        "{} judged queries: nDCG@10 {:.4}; {} known items: MRR {:.4}; {} unjudged documents in the top tens",
        report.queries, report.ndcg_at_10, report.known_items, report.mrr, report.unjudged
    )?;
    for (kind, ndcg) in &report.by_kind {
        writeln!(out, "  {kind}: nDCG@10 {ndcg:.4}")?;
    }
    if args.misses {
        for q in &report.per_query {
            writeln!(out, "{}\t{}\tnDCG {:.3}", q.query, q.kind, q.ndcg)?;
            for (rank, (path, title, grade)) in q.top.iter().enumerate() {
                let grade = grade.map_or("?".to_string(), |g| g.to_string());
                writeln!(out, "  {:>2} [{grade}] {path}  {title}", rank + 1)?;
            }
        }
    }
    Ok(0)
}
