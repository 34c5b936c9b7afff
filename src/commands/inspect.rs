//! `govsearch inspect`: show what the indexer extracts from files.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use govsearch::document::{self, Inspection};
use govsearch::facets::Taxonomy;

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Files to inspect.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// One JSON object per file.
    #[arg(long)]
    json: bool,
}

pub fn run(args: InspectArgs) -> Result<i32> {
    let taxonomy = Taxonomy::builtin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for path in &args.files {
        match document::from_file(path, &taxonomy) {
            Ok(doc) => {
                let inspection = Inspection::from(doc);
                if args.json {
                    writeln!(out, "{}", serde_json::to_string(&inspection)?)?;
                } else {
                    write_inspection(&mut out, &inspection)?;
                }
            }
            Err(reason) => {
                out.flush()?;
                eprintln!("{}: {reason}", path.display());
                failed = true;
            }
        }
    }
    out.flush()?;
    Ok(if failed { 2 } else { 0 })
}

fn write_inspection(out: &mut dyn Write, i: &Inspection) -> std::io::Result<()> {
    let none = || "—".to_string();
    writeln!(out, "path:     {}", i.path)?;
    writeln!(out, "encoding: {}", i.encoding)?;
    writeln!(out, "title:    {}", i.title)?;
    writeln!(
        out,
        "year:     {}",
        i.year.map_or_else(none, |y| y.to_string())
    )?;
    writeln!(out, "region:   {}", i.region.clone().unwrap_or_else(none))?;
    writeln!(out, "unit:     {}", i.unit.clone().unwrap_or_else(none))?;
    writeln!(out, "kind:     {}", i.kind.clone().unwrap_or_else(none))?;
    writeln!(out, "topics:   {}", i.topics.join("、"))?;
    writeln!(out, "removed:  {} lines", i.removed.len())?;
    for line in &i.removed {
        writeln!(out, "  - {line}")?;
    }
    writeln!(out, "text:")?;
    for line in i.text.lines() {
        writeln!(out, "  {line}")?;
    }
    writeln!(out)
}
