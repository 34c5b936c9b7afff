//! `govsearch lexicon --suggest`: abbreviations a corpus defines, for review.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use govsearch::lexicon::{suggest, Lexicon};

#[derive(Args, Debug)]
pub struct LexiconArgs {
    /// Mine the corpus's own definitions (`（以下简称“X”）`) into synonym
    /// suggestions with counts, written in the `--synonyms` format.
    #[arg(long, required = true)]
    suggest: bool,
    /// Corpus folders to mine.
    #[arg(required = true)]
    corpus: Vec<PathBuf>,
    /// Only suggest forms defined in at least this many documents.
    #[arg(long, default_value_t = 1)]
    min_documents: usize,
    /// Print the suggestions as JSON Lines instead.
    #[arg(long)]
    json: bool,
}

pub fn run(args: LexiconArgs) -> Result<i32> {
    let taxonomy = govsearch::facets::Taxonomy::builtin();
    let texts = govsearch::eval::cleaned_texts(&args.corpus, &taxonomy);
    let suggestions: Vec<_> = suggest::suggest(&texts, Lexicon::builtin())
        .into_iter()
        .filter(|s| s.documents >= args.min_documents)
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        for s in &suggestions {
            writeln!(out, "{}", serde_json::to_string(s)?)?;
        }
        return Ok(0);
    }
    writeln!(
        out,
        "# Abbreviations defined in {} documents (以下简称…), most documents first.\n\
         # Keep the right ones and pass this file to `govsearch index --synonyms FILE`.",
        texts.len()
    )?;
    let (kept, left_out): (Vec<_>, Vec<_>) = suggestions.iter().partition(|s| s.left_out.is_none());
    for s in kept {
        writeln!(out, "# {} documents, e.g. {}", s.documents, s.example)?;
        writeln!(out, "{}\t{}", s.short, s.long)?;
    }
    for s in left_out {
        writeln!(
            out,
            "# left out, {}: {} = {} ({} documents)",
            s.left_out.unwrap_or_default(),
            s.short,
            s.long,
            s.documents
        )?;
    }
    Ok(0)
}
