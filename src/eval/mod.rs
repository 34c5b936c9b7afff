//! Evaluation of recall and precision against an exact scan of the cleaned
//! texts with layout removed: random substrings of the corpus are searched
//! quoted and unquoted, and the hits compared with every document that
//! contains them. [`relay`] makes a re-laid copy of a corpus (hard wraps,
//! spaced titles) to measure the same on text laid out as PDFs and Word
//! exports lay it.

pub mod cleaning;
pub mod duplicates;
pub mod facets;
pub mod formats;
pub mod ranking;
pub mod real_pages;
pub mod relay;

use std::collections::HashSet;

use anyhow::Result;
use serde::Serialize;

use crate::analysis::is_term_char;
use crate::search::{parse, Engine};
use crate::text::{normalise_text, Normalised};

/// A cleaned document as the indexer saw it: its path, its text in the
/// indexed form (layout removed), and where layout was removed.
pub struct ScannedText {
    pub path: String,
    pub normalised: String,
    /// Character positions of `normalised` that had layout (a line break,
    /// spacing) just before them in the original.
    breaks: Vec<u32>,
}

impl ScannedText {
    /// Scans a cleaned text (original characters, layout and all).
    pub fn new(path: String, cleaned: &str) -> ScannedText {
        let normalised = Normalised::new(cleaned);
        ScannedText {
            path,
            breaks: normalised.breaks(),
            normalised: normalised.text,
        }
    }

    /// Whether characters `start..end` ran across layout in the original.
    fn crosses_layout(&self, start: usize, end: usize) -> bool {
        let first = self.breaks.partition_point(|&b| (b as usize) <= start);
        self.breaks.get(first).is_some_and(|&b| (b as usize) < end)
    }
}

/// Recall and precision over a sample of substring queries.
#[derive(Debug, Default, Serialize)]
pub struct RecallReport {
    pub queries: usize,
    pub expected_docs: usize,
    pub quoted_found: usize,
    pub quoted_returned: usize,
    pub unquoted_found: usize,
    pub unquoted_returned: usize,
    pub quoted_recall: f64,
    pub quoted_precision: f64,
    pub unquoted_recall: f64,
    /// The same over the queries whose sampled occurrence ran across a
    /// line break or spacing in the original.
    pub across_layout: LayoutRecall,
    /// Queries whose hits missed a document (query, missed path), at most 20.
    pub misses: Vec<(String, String)>,
    /// Quoted queries that returned a document without the text, at most 20.
    pub false_hits: Vec<(String, String)>,
}

/// Every readable document of `folders` as the indexer cleans it: (path,
/// cleaned text in original characters).
pub fn cleaned_texts(
    folders: &[std::path::PathBuf],
    taxonomy: &crate::facets::Taxonomy,
) -> Vec<(String, String)> {
    let (files, _) = crate::index::collect(folders, None, &mut |_| {});
    let mut texts = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(&file.path) else {
            continue;
        };
        let path = file.path.to_string_lossy().into_owned();
        if let Ok(doc) = crate::document::from_bytes(&path, file.format, &bytes, taxonomy) {
            texts.push((doc.path, doc.text));
        }
    }
    texts
}

/// Recall of the queries whose text crossed layout where it was sampled.
#[derive(Debug, Default, Serialize)]
pub struct LayoutRecall {
    pub queries: usize,
    pub quoted_found: usize,
    pub unquoted_found: usize,
    pub quoted_recall: f64,
    pub unquoted_recall: f64,
}

/// A small deterministic generator (SplitMix64), so runs are repeatable.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// A query drawn from a document: its text and the document it came from.
pub struct Sample {
    pub text: String,
    /// Whether the occurrence drawn ran across layout in its document.
    pub across_layout: bool,
}

/// Draws a 2–6 character substring that starts and ends with a searchable
/// character and holds no whitespace or quote, as a user would type it.
pub fn sample_substring(texts: &[ScannedText], rng: &mut SplitMix) -> Option<Sample> {
    for _ in 0..1000 {
        let doc = &texts[rng.below(texts.len())];
        let chars: Vec<char> = doc.normalised.chars().collect();
        if chars.len() < 6 {
            continue;
        }
        let len = 2 + rng.below(5);
        let start = rng.below(chars.len() - len);
        let piece = &chars[start..start + len];
        let usable = is_term_char(piece[0])
            && is_term_char(piece[len - 1])
            && !piece
                .iter()
                .any(|c| c.is_whitespace() || matches!(c, '"' | '“' | '”'));
        let text: String = piece.iter().collect();
        if usable && text != "OR" && !text.contains(':') {
            return Some(Sample {
                text,
                across_layout: doc.crosses_layout(start, start + len),
            });
        }
    }
    None
}

/// Runs `queries` random substrings through the engine, quoted and unquoted.
pub fn recall(
    engine: &Engine,
    texts: &[ScannedText],
    queries: usize,
    seed: u64,
) -> Result<RecallReport> {
    let mut rng = SplitMix::new(seed);
    let mut report = RecallReport::default();
    for _ in 0..queries {
        let Some(Sample {
            text: sample,
            across_layout,
        }) = sample_substring(texts, &mut rng)
        else {
            break;
        };
        // A query also finds the other spellings the lexicon knows (计生,
        // 计划生育), so the scan looks for all of them.
        let needles = engine.lexicon().variants(&normalise_text(&sample));
        let expected: HashSet<&str> = texts
            .iter()
            .filter(|t| needles.iter().any(|n| t.normalised.contains(n.as_str())))
            .map(|t| t.path.as_str())
            .collect();
        report.queries += 1;
        report.expected_docs += expected.len();
        report.across_layout.queries += usize::from(across_layout);
        for quoted in [true, false] {
            let text = if quoted {
                format!("\"{sample}\"")
            } else {
                sample.clone()
            };
            let got = engine.matching_paths(&parse(&text)?)?;
            let found = expected.iter().filter(|p| got.contains(**p)).count();
            // The document drawn from is always expected: did it come back?
            if across_layout && !expected.is_empty() && found == expected.len() {
                if quoted {
                    report.across_layout.quoted_found += 1;
                } else {
                    report.across_layout.unquoted_found += 1;
                }
            }
            for missed in expected.iter().filter(|p| !got.contains(**p)).take(2) {
                if report.misses.len() < 20 {
                    report.misses.push((text.clone(), missed.to_string()));
                }
            }
            if quoted {
                report.quoted_found += found;
                report.quoted_returned += got.len();
                for extra in got
                    .iter()
                    .filter(|p| !expected.contains(p.as_str()))
                    .take(2)
                {
                    if report.false_hits.len() < 20 {
                        report.false_hits.push((text.clone(), extra.clone()));
                    }
                }
            } else {
                report.unquoted_found += found;
                report.unquoted_returned += got.len();
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    report.quoted_recall = ratio(report.quoted_found, report.expected_docs);
    report.quoted_precision = ratio(report.quoted_found, report.quoted_returned);
    report.unquoted_recall = ratio(report.unquoted_found, report.expected_docs);
    let layout = &mut report.across_layout;
    layout.quoted_recall = ratio(layout.quoted_found, layout.queries);
    layout.unquoted_recall = ratio(layout.unquoted_found, layout.queries);
    Ok(report)
}
