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

/// Siblings read to settle the place of a document that names none: a
/// folder's first thousand documents say it as well as all of them.
const SIBLINGS_READ: usize = 1000;

pub fn run(args: InspectArgs) -> Result<i32> {
    let taxonomy = Taxonomy::builtin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for path in &args.files {
        match document::from_file(path, &taxonomy) {
            Ok(mut doc) => {
                let from_folder = doc.facets.region.is_none()
                    && doc.facets.speaks_from.is_some()
                    && document::places_beside(path, &taxonomy, SIBLINGS_READ)
                        .complete(&mut doc.facets);
                let mut inspection = Inspection::from(doc);
                inspection.region_from = from_folder.then_some("folder");
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
    let from = if i.region_from.is_some() {
        " (its folder's: the text names no place)"
    } else {
        ""
    };
    writeln!(
        out,
        "region:   {}{from}",
        i.region.clone().unwrap_or_else(none)
    )?;
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
