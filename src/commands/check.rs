//! `govsearch check`: opens every segment and reads every stored document.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use govsearch::index::health;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Where the index lives.
    #[arg(long, default_value_os_t = super::default_index())]
    index: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn run(args: CheckArgs) -> Result<i32> {
    let report = health::check(&args.index)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        writeln!(
            out,
            "{} segments, {} documents, {} read back whole, {} paths recorded, copy groups {}",
            report.segments,
            report.documents,
            report.read,
            report.paths,
            if report.groups_current {
                "current"
            } else {
                "stale"
            }
        )?;
        for problem in &report.problems {
            writeln!(out, "problem: {problem}")?;
        }
    }
    Ok(if report.problems.is_empty() { 0 } else { 2 })
}
