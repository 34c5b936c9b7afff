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
        let total: u64 = report.space.iter().map(|row| row.bytes).sum();
        for row in report.space.iter().take(12) {
            writeln!(
                out,
                "  {:>9} {:<12} {:>8.1} MB {:>5.1} %",
                row.part,
                row.field,
                row.bytes as f64 / 1e6,
                100.0 * row.bytes as f64 / total.max(1) as f64
            )?;
        }
        for problem in &report.problems {
            writeln!(out, "problem: {problem}")?;
        }
    }
    Ok(if report.problems.is_empty() { 0 } else { 2 })
}
