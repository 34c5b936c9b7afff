//! `govsearch index`: build or update an index from folders of reports.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use govsearch::facets::Taxonomy;
use govsearch::index::{self, Event, ReportIndex};
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
}

pub fn run(args: IndexArgs) -> Result<i32> {
    let taxonomy = Taxonomy::builtin();
    let bar = progress_bar();
    let verbose = args.verbose;
    // A hidden bar drops its println, so without a terminal write directly.
    let note = |line: String| {
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
    };
    let mut on_event = |event: Event| match event {
        Event::Planned { bytes, .. } => bar.set_length(bytes),
        Event::Indexed { bytes, .. } | Event::Unchanged { bytes, .. } => bar.inc(bytes),
        Event::Skipped { path, reason } if verbose || reason.is_problem() => {
            note(format!("skipped {}: {reason}", path.display()))
        }
        Event::Removed { path } if verbose => note(format!("removed {path}")),
        _ => {}
    };
    let outdated = index::is_outdated(&args.index);
    if outdated {
        note(format!(
            "the index in `{}` was built by another version of govsearch; rebuilding it",
            args.index.display()
        ));
    }
    let summary = if args.rebuild || outdated {
        index::rebuild(&args.index, &args.paths, &taxonomy, &mut on_event)?
    } else {
        let report_index = ReportIndex::open_or_create(&args.index)?;
        index::update(&report_index, &args.paths, &taxonomy, &mut on_event)?
    };
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    render::index_summary(&mut out, &summary)?;
    out.flush()?;
    Ok(0)
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
