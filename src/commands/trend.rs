//! `govsearch trend` and `govsearch kwic`: the archive's trend and
//! keyword-in-context views at the terminal, or as JSON or CSV.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use govsearch::archive::{self, By, KwicSort, TrendRequest};
use govsearch::index::ReportIndex;
use govsearch::render;
use govsearch::search::Engine;

use super::search::FilterArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Per {
    /// Occurrences per 10,000 characters of the group.
    #[value(name = "10k")]
    TenThousand,
    /// Share of the group's documents that contain the term.
    Doc,
    /// Raw occurrences.
    Raw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Split {
    Year,
    Region,
    Kind,
}

#[derive(Args, Debug)]
pub struct TrendArgs {
    /// Terms to count (up to five), each as typed.
    #[arg(required = true)]
    terms: Vec<String>,
    #[arg(long, default_value_os_t = super::default_index())]
    index: PathBuf,
    /// What to split by.
    #[arg(long, value_enum, default_value_t = Split::Year)]
    by: Split,
    /// What the bars show.
    #[arg(long, value_enum, default_value_t = Per::TenThousand)]
    per: Per,
    /// Count the lexicon's other spellings too (计生 with 计划生育).
    #[arg(long)]
    spellings: bool,
    /// Count every copy of a report, not one per report.
    #[arg(long)]
    all_copies: bool,
    #[command(flatten)]
    filters: FilterArgs,
    #[arg(long)]
    json: bool,
    #[arg(long, conflicts_with = "json")]
    csv: bool,
}

pub fn run_trend(args: TrendArgs) -> Result<i32> {
    if args.terms.len() > 5 {
        bail!("at most five terms can be compared");
    }
    let index = ReportIndex::open(&args.index)?;
    let engine = Engine::new(&index)?;
    let filters = args.filters.into_filters()?;
    let by = match args.by {
        Split::Year => By::Year,
        Split::Region => By::Region,
        Split::Kind => By::Kind,
    };
    let series = archive::trend(
        &engine,
        &TrendRequest {
            terms: &args.terms,
            filters: &filters,
            by,
            spellings: args.spellings,
            all_copies: args.all_copies,
            cache: None,
        },
    )?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&series)?)?;
    } else if args.csv {
        let rows = series.iter().flat_map(|s| {
            s.series.iter().map(move |p| {
                vec![
                    s.term.clone(),
                    p.key.clone(),
                    p.count.to_string(),
                    p.docs.to_string(),
                    p.group_docs.to_string(),
                    p.chars.to_string(),
                    format!("{:.4}", p.per_10k),
                ]
            })
        });
        render::csv_rows(
            &mut out,
            &[
                "term",
                "key",
                "count",
                "docs",
                "group_docs",
                "chars",
                "per_10k",
            ],
            rows,
        )?;
    } else {
        for s in &series {
            draw(&mut out, s, args.per)?;
        }
    }
    out.flush()?;
    Ok(0)
}

/// A small bar chart of one term.
fn draw(out: &mut impl Write, series: &archive::Series, per: Per) -> Result<()> {
    let value = |p: &archive::Point| match per {
        Per::TenThousand => p.per_10k,
        Per::Doc => {
            if p.group_docs == 0 {
                0.0
            } else {
                p.docs as f64 / p.group_docs as f64
            }
        }
        Per::Raw => p.count as f64,
    };
    let max = series.series.iter().map(value).fold(0.0, f64::max);
    let total: u64 = series.series.iter().map(|p| p.count).sum();
    writeln!(out, "{}: {total} occurrences", series.term)?;
    for p in &series.series {
        let width = if max > 0.0 {
            (value(p) / max * 40.0).round() as usize
        } else {
            0
        };
        writeln!(
            out,
            "  {:<10} {:<40} {:>9.3}  ({} in {} of {} documents)",
            p.key,
            "█".repeat(width),
            value(p),
            p.count,
            p.docs,
            p.group_docs
        )?;
    }
    if let Some(first) = &series.first {
        writeln!(
            out,
            "  first: {first}; spikes: {}",
            series.spikes.join(", ")
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    Left,
    Right,
    Year,
    Region,
    Document,
}

#[derive(Args, Debug)]
pub struct KwicArgs {
    /// The text to show in context, as typed.
    term: String,
    #[arg(long, default_value_os_t = super::default_index())]
    index: PathBuf,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 20)]
    width: usize,
    #[arg(long, value_enum, default_value_t = SortBy::Document)]
    sort: SortBy,
    /// Lines to show (all with --csv unless given).
    #[arg(short = 'n', long)]
    limit: Option<usize>,
    #[arg(long)]
    all_copies: bool,
    #[command(flatten)]
    filters: FilterArgs,
    #[arg(long)]
    csv: bool,
    #[arg(long, conflicts_with = "csv")]
    json: bool,
}

pub fn run_kwic(args: KwicArgs) -> Result<i32> {
    let index = ReportIndex::open(&args.index)?;
    let engine = Engine::new(&index)?;
    let sort = match args.sort {
        SortBy::Left => KwicSort::Left,
        SortBy::Right => KwicSort::Right,
        SortBy::Year => KwicSort::Year,
        SortBy::Region => KwicSort::Region,
        SortBy::Document => KwicSort::Document,
    };
    let filters = args.filters.into_filters()?;
    let lines = archive::kwic(
        &engine,
        &args.term,
        &filters,
        args.width,
        sort,
        args.all_copies,
    )?;
    let total = lines.len();
    let default_limit = if args.csv || args.json {
        usize::MAX
    } else {
        50
    };
    let shown = lines.iter().take(args.limit.unwrap_or(default_limit));
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.csv {
        let shown: Vec<_> = shown.cloned().collect();
        render::kwic_csv(&mut out, &shown)?;
    } else if args.json {
        for line in shown {
            writeln!(out, "{}", serde_json::to_string(line)?)?;
        }
    } else {
        for l in shown {
            writeln!(
                out,
                "{:>width$} 【{}】 {:<width$}  {} {}",
                l.left,
                l.matched,
                l.right,
                l.year.map(|y| y.to_string()).unwrap_or_default(),
                l.title,
                width = args.width
            )?;
        }
        writeln!(out, "{total} occurrences")?;
    }
    out.flush()?;
    Ok(if total > 0 { 0 } else { 1 })
}
