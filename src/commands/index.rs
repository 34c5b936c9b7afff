//! `govsearch index`: build or update an index from folders of reports.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use govsearch::index::{self, Event, ReportIndex, Settings};
use govsearch::opensearch;
use govsearch::render;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Files or folders to index (any depth).
    #[arg(default_value = "corpus")]
    paths: Vec<PathBuf>,
    /// Where the index lives.
    #[arg(long, default_value_os_t = super::default_index())]
    index: PathBuf,
    /// List every skipped file with its reason.
    #[arg(short, long)]
    verbose: bool,
    /// Build a fresh index beside the old one and swap it in.
    #[arg(long)]
    rebuild: bool,
    /// A user dictionary for jieba (`word [frequency]` per line), added to
    /// the shipped lexicon. Kept in the index for later runs.
    #[arg(long, value_name = "FILE")]
    dict: Option<PathBuf>,
    /// User synonyms (equivalent forms separated by tabs, a group per
    /// line), added to the shipped ones. Kept in the index for later runs.
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,
    /// A topic taxonomy replacing the shipped one (`topic<TAB>term:weight,…`).
    /// Kept in the index for later runs.
    #[arg(long, value_name = "FILE")]
    topics: Option<PathBuf>,
    /// Drop the user dictionary, synonyms and topics kept in the index.
    #[arg(long)]
    default_lexicon: bool,
    #[command(flatten)]
    engine: super::EngineArgs,
    /// Primary shards of a new index on the cluster.
    #[arg(long, default_value_t = 2)]
    shards: u32,
    /// Replicas of each shard of a new index on the cluster.
    #[arg(long, default_value_t = 1)]
    replicas: u32,
}

/// The settings to index with: those kept in the index, replaced by any
/// given on the command line.
fn settings(args: &IndexArgs) -> Result<Settings> {
    let mut settings = if args.default_lexicon {
        Settings::default()
    } else {
        Settings::stored(&args.index)?
    };
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
    };
    if let Some(path) = &args.dict {
        settings.dict = Some(read(path)?);
    }
    if let Some(path) = &args.synonyms {
        settings.synonyms = Some(read(path)?);
    }
    if let Some(path) = &args.topics {
        settings.topics = Some(read(path)?);
    }
    Ok(settings)
}

pub fn run(args: IndexArgs) -> Result<i32> {
    if let Some(url) = args.engine.cluster_url()? {
        return run_on_cluster(&args, url);
    }
    let settings = settings(&args)?;
    // One writer at a time; a search meanwhile sees the last commit.
    let _lock = index::health::WriterLock::acquire(&index::tidy_root(&args.index))
        .map_err(|e| index::health::explain_write_failure(&args.index, e))?;
    // A user file with an error stops the run before anything is touched.
    // `--rebuild` replaces whatever is there, damaged or foreign.
    let outdated = if args.rebuild {
        None
    } else {
        index::outdated_because(&args.index, &settings)?
    };
    let bar = progress_bar();
    let note = |line: String| note_beside(&bar, line);
    let mut on_event = |event: Event| on_progress(&bar, args.verbose, event);
    if let Some(reason) = outdated {
        note(format!(
            "rebuilding the index in `{}`: {reason}",
            args.index.display()
        ));
    }
    let summary = if args.rebuild || outdated.is_some() {
        index::rebuild(&args.index, &args.paths, &settings, &mut on_event)
    } else {
        ReportIndex::open_or_create(&args.index, &settings)
            .and_then(|report_index| index::update(&report_index, &args.paths, &mut on_event))
    }
    .map_err(|e| index::health::explain_write_failure(&args.index, e))?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    render::index_summary(&mut out, &summary)?;
    out.flush()?;
    Ok(0)
}

/// `govsearch index --engine opensearch`: the same pipeline into a
/// cluster. The settings come from the flags for a new index, from the
/// cluster's index otherwise; nothing local is read or written.
fn run_on_cluster(args: &IndexArgs, url: &str) -> Result<i32> {
    if args.rebuild {
        anyhow::bail!(
            "--rebuild is for the local index; on a cluster, index into a new --name \
             (the old index keeps serving until you delete it)"
        );
    }
    let cluster = opensearch::Cluster::connect(url, &args.engine.name)?;
    let mut given = Settings::default();
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
    };
    given.dict = args.dict.as_ref().map(read).transpose()?;
    given.synonyms = args.synonyms.as_ref().map(read).transpose()?;
    given.topics = args.topics.as_ref().map(read).transpose()?;
    let layout = opensearch::mapping::Layout {
        shards: args.shards.max(1),
        replicas: args.replicas,
    };
    let settings = opensearch::mapping::open_or_create(&cluster, &given, layout)?;
    let analysis = settings.analysis()?;
    let bar = progress_bar();
    let mut on_event = |event: Event| on_progress(&bar, args.verbose, event);
    let summary = opensearch::bulk::update(&cluster, &analysis, &args.paths, &mut on_event)?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    render::index_summary(&mut out, &summary)?;
    out.flush()?;
    Ok(0)
}

/// Advances the bar, and notes skips (problems, or all when verbose) and
/// removals (when verbose).
fn on_progress(bar: &ProgressBar, verbose: bool, event: Event) {
    match event {
        Event::Planned { bytes, .. } => bar.set_length(bytes),
        Event::Indexed { bytes, .. } | Event::Unchanged { bytes, .. } => bar.inc(bytes),
        Event::Skipped { path, reason } if verbose || reason.is_problem() => {
            note_beside(bar, format!("skipped {}: {reason}", path.display()))
        }
        Event::Removed { path } if verbose => note_beside(bar, format!("removed {path}")),
        _ => {}
    }
}

/// A hidden bar drops its println, so without a terminal write directly.
fn note_beside(bar: &ProgressBar, line: String) {
    if bar.is_hidden() {
        eprintln!("{line}");
    } else {
        bar.println(line);
    }
}

/// A byte-counting bar on a terminal, hidden otherwise; its length comes
/// with the indexer's plan.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(
        "{spinner} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar
}
