//! `govsearch search`: run a query and print ranked hits, snippets and facets.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use govsearch::index::ReportIndex;
use govsearch::opensearch::search::Remote;
use govsearch::render::{self, Style};
use govsearch::search::syntax::{parse_with_filters, parse_years};
use govsearch::search::{Engine, Filters, SearchRequest};

use super::ColorChoice;

/// The filter flags `search`, `trend` and `kwic` share.
#[derive(Args, Debug, Default)]
pub struct FilterArgs {
    /// Only documents of this year or range (2017, 2014..2017).
    #[arg(long)]
    year: Option<String>,
    /// Only documents from this region, at any level (广东, 江门市, 全国).
    #[arg(long)]
    region: Vec<String>,
    /// Only documents whose issuing body contains this.
    #[arg(long)]
    unit: Vec<String>,
    /// Only documents with this topic.
    #[arg(long)]
    topic: Vec<String>,
    /// Only documents of this kind (工作总结, 通知, 政府工作报告, ...).
    #[arg(long)]
    kind: Vec<String>,
}

impl FilterArgs {
    pub fn into_filters(self) -> Result<Filters> {
        Ok(Filters {
            years: self.year.as_deref().map(parse_years).transpose()?,
            region: self.region,
            unit: self.unit,
            topic: self.topic,
            kind: self.kind,
        })
    }
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Query terms: all required; `A OR B`, `-term` to exclude, `"exact text"`,
    /// and filters such as `year:2014..2017` or `region:广东`.
    /// (May be left out when a filter flag is given.)
    query: Vec<String>,
    /// Where the index lives.
    #[arg(long, default_value_os_t = super::default_index())]
    index: PathBuf,
    /// Number of hits to show.
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    /// Number of hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[command(flatten)]
    filters: FilterArgs,
    /// Show every copy of a report; by default near-duplicates (the same
    /// report in several transcriptions or reposts) collapse into the
    /// best-ranked one, with the others listed.
    #[arg(long)]
    all_copies: bool,
    /// JSON Lines output for scripts.
    #[arg(long)]
    json: bool,
    /// CSV output (every hit of the page, first snippet), for Stata or R.
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// Colour the terminal output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    engine: super::EngineArgs,
}

pub fn run(args: SearchArgs) -> Result<i32> {
    let text = args.query.join(" ").replace(super::EXCLUDE_MARK, "-");
    let query = parse_with_filters(&text, args.filters.into_filters()?)?;
    let request = SearchRequest {
        query,
        limit: args.limit,
        offset: args.offset,
        all_copies: args.all_copies,
    };
    let results = match args.engine.cluster_url()? {
        Some(url) => Remote::open(url, &args.engine.name)?.search(&request)?,
        None => Engine::new(&ReportIndex::open(&args.index)?)?.search(&request)?,
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        render::json_lines(&mut out, &results)?;
    } else if args.csv {
        render::hits_csv(&mut out, &results.hits)?;
    } else {
        let style = Style {
            color: args.color.enabled(),
        };
        render::terminal(&mut out, &results, style)?;
    }
    out.flush()?;
    Ok(if results.total > 0 { 0 } else { 1 })
}
