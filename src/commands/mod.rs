//! Subcommands. Each parses nothing itself beyond its clap arguments and
//! prints what the library returns.

mod bench;
mod check;
mod eval;
mod index;
mod inspect;
mod lexicon;
mod search;
mod serve;
mod trend;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "govsearch",
    version,
    about = "Full-text search for Chinese government reports"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Index (or re-index incrementally) folders of reports.
    Index(index::IndexArgs),
    /// Search the index.
    Search(search::SearchArgs),
    /// Show what the indexer extracts from files, without indexing them.
    Inspect(inspect::InspectArgs),
    /// Measure recall and precision against an exact scan of a corpus.
    Eval(eval::EvalArgs),
    /// How often terms are used, by year, region or kind (exact counts).
    Trend(trend::TrendArgs),
    /// Every occurrence of a text with its context (keyword in context).
    Kwic(trend::KwicArgs),
    /// Serve the archive: a web page and a read-only HTTP API on loopback.
    Serve(serve::ServeArgs),
    /// Open every segment and read every stored document of an index.
    Check(check::CheckArgs),
    /// Suggest synonyms from the abbreviations a corpus defines.
    Lexicon(lexicon::LexiconArgs),
    /// Measure indexing and query speed (with ripgrep side by side).
    Bench(bench::BenchArgs),
    /// Write a corpus N times as large as a source, for benchmarks at scale.
    Generate(bench::GenerateArgs),
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto` colours a terminal unless NO_COLOR is set.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Stands in for the `-` of an excluded query term while clap parses, so
/// `search 计划生育 -宣传 -n 5` reads `-宣传` as a term and `-n` as a flag.
pub const EXCLUDE_MARK: char = '\u{E000}';

/// Marks `-term` arguments of `search` that are not one of its short flags.
pub fn protect_exclusions(
    args: impl Iterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let mut in_search = false;
    let mut after_separator = false;
    args.enumerate()
        .map(|(position, arg)| {
            let Some(text) = arg.to_str() else { return arg };
            // Only the subcommand itself, right after the program name, counts.
            if position <= 1 {
                in_search = position == 1 && text == "search";
                return arg;
            }
            if !in_search {
                return arg;
            }
            after_separator |= text == "--";
            let short_flag =
                text.len() >= 2 && matches!(text.as_bytes()[1], b'n' | b'h' | b'V' | b'-');
            if !after_separator && text.starts_with('-') && text.len() > 1 && !short_flag {
                return format!("{EXCLUDE_MARK}{}", &text[1..]).into();
            }
            arg
        })
        .collect()
}

/// Which engine holds the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum EngineChoice {
    /// The tantivy index in --index.
    #[default]
    Local,
    /// An OpenSearch cluster at --url.
    Opensearch,
}

/// The flags `index` and `search` share to choose their engine.
#[derive(clap::Args, Debug, Default)]
pub struct EngineArgs {
    /// Where the documents live: the local index, or an OpenSearch cluster.
    #[arg(long, value_enum, default_value_t = EngineChoice::Local)]
    pub engine: EngineChoice,
    /// The cluster's base URL, e.g. http://127.0.0.1:9200, or several nodes'
    /// separated by commas: requests move to the next node when one stops
    /// answering (with --engine opensearch).
    #[arg(long)]
    pub url: Option<String>,
    /// The index name on the cluster.
    #[arg(long, default_value = govsearch::opensearch::DEFAULT_INDEX)]
    pub name: String,
}

impl EngineArgs {
    /// The cluster's URL when the engine is OpenSearch, `None` for the
    /// local index.
    pub fn cluster_url(&self) -> anyhow::Result<Option<&str>> {
        match (self.engine, self.url.as_deref()) {
            (EngineChoice::Local, None) => Ok(None),
            (EngineChoice::Local, Some(_)) => {
                anyhow::bail!("--url needs --engine opensearch")
            }
            (EngineChoice::Opensearch, Some(url)) => Ok(Some(url)),
            (EngineChoice::Opensearch, None) => {
                anyhow::bail!("--engine opensearch needs --url http://HOST:PORT")
            }
        }
    }
}

/// The default index folder.
pub fn default_index() -> PathBuf {
    PathBuf::from("index")
}

/// Runs a subcommand and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Check(args) => check::run(args),
        Command::Trend(args) => trend::run_trend(args),
        Command::Kwic(args) => trend::run_kwic(args),
        Command::Serve(args) => serve::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Generate(args) => bench::run_generate(args),
    }
}

/// Whether an error is a closed pipe (`govsearch search … | head`), which
/// ends the program quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protect(args: &[&str]) -> Vec<String> {
        protect_exclusions(args.iter().map(std::ffi::OsString::from))
            .into_iter()
            .map(|a| a.to_string_lossy().replace(EXCLUDE_MARK, "¬"))
            .collect()
    }

    #[test]
    fn only_search_terms_are_protected() {
        assert_eq!(
            protect(&[
                "govsearch",
                "search",
                "计生",
                "-宣传",
                "-n",
                "5",
                "--json",
                "-gdp"
            ]),
            [
                "govsearch",
                "search",
                "计生",
                "¬宣传",
                "-n",
                "5",
                "--json",
                "¬gdp"
            ]
        );
        assert_eq!(
            protect(&["govsearch", "index", "search", "-v"]),
            ["govsearch", "index", "search", "-v"]
        );
    }
}
