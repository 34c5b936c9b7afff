//! Word and PDF reading measured on real text: documents of a corpus are
//! written out as text, turned into `.docx` and `.pdf` by LibreOffice, and
//! read back. A file is right when it reads as exactly its text, whitespace
//! ignored; and every file must be found by a quoted fragment of it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Result};
use serde::Serialize;

use super::SplitMix;
use crate::index::{self, ReportIndex, Settings};
use crate::read::{self, Format};
use crate::search::{parse, Engine};
use crate::text::{is_term_char, normalise_text};

/// LibreOffice's converter, and the import filter that reads text as UTF-8.
const SOFFICE: &str = "soffice";
const TEXT_FILTER: &str = "Text (encoded):UTF8,LF,,,";
/// Characters of a quoted fragment.
const FRAGMENT_CHARS: usize = 10;

/// Figures for one format.
#[derive(Debug, Default, Serialize)]
pub struct FormatScore {
    pub files: usize,
    /// Read as exactly their text, whitespace ignored.
    pub identical: usize,
    pub identical_share: f64,
    /// Character bigrams of the text found in what was read (Dice), mean
    /// over files: how close the misses come.
    pub mean_bigram_agreement: f64,
    /// Texts LibreOffice wrote no file for.
    pub not_converted: usize,
    /// Files skipped by the reader, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Files found by a quoted fragment of their text.
    pub found_by_fragment: usize,
    /// Files read differently: (file, first difference), at most 10.
    pub differences: Vec<(String, String)>,
}

#[derive(Debug, Default, Serialize)]
pub struct FormatsReport {
    pub docx: FormatScore,
    pub pdf: FormatScore,
}

/// Converts `count` documents (spread evenly over the source folders) and
/// reads them back. `texts` are (path, cleaned text); `work` is a scratch
/// folder.
pub fn evaluate(
    texts: &[(String, String)],
    count: usize,
    seed: u64,
    work: &Path,
) -> Result<FormatsReport> {
    let sample = spread_sample(texts, count, seed);
    let source = work.join("txt");
    std::fs::create_dir_all(&source)?;
    let mut originals = HashMap::new();
    for (n, text) in sample.iter().enumerate() {
        let stem = format!("{n:05}");
        std::fs::write(source.join(format!("{stem}.txt")), text)?;
        originals.insert(stem, text.as_str());
    }
    let mut report = FormatsReport::default();
    for (format, score) in [
        (Format::Docx, &mut report.docx),
        (Format::Pdf, &mut report.pdf),
    ] {
        let out = work.join(extension(format));
        convert(&source, &out, extension(format))?;
        score_folder(&out, format, &originals, score)?;
    }
    Ok(report)
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Pdf => "pdf",
        _ => "docx",
    }
}

/// Up to `count` texts, taken in turn from each source folder, each
/// folder's drawn at random.
fn spread_sample(texts: &[(String, String)], count: usize, seed: u64) -> Vec<String> {
    let mut by_folder: Vec<(String, Vec<&str>)> = Vec::new();
    for (path, text) in texts {
        let folder = Path::new(path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        match by_folder.iter_mut().find(|(f, _)| *f == folder) {
            Some((_, list)) => list.push(text),
            None => by_folder.push((folder, vec![text])),
        }
    }
    let mut rng = SplitMix::new(seed);
    let mut sample = Vec::new();
    while sample.len() < count && by_folder.iter().any(|(_, l)| !l.is_empty()) {
        for (_, list) in by_folder.iter_mut().filter(|(_, l)| !l.is_empty()) {
            if sample.len() == count {
                break;
            }
            let i = rng.below(list.len());
            sample.push(list.swap_remove(i).to_string());
        }
    }
    sample
}

/// Texts given to one LibreOffice run: a run that dies takes only these
/// with it.
const BATCH: usize = 40;

/// Runs LibreOffice on every `.txt` of `source`, writing `to` files into
/// `out`. A batch LibreOffice fails on is left unconverted (and counted so);
/// LibreOffice missing altogether is an error.
fn convert(source: &Path, out: &Path, to: &str) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(source)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for batch in files.chunks(BATCH) {
        let run = Command::new(SOFFICE)
            .arg("--headless")
            // A profile of its own: a LibreOffice already open elsewhere
            // would otherwise take the job and return at once.
            .arg(format!(
                "-env:UserInstallation=file://{}",
                out.with_extension("profile").display()
            ))
            .arg(format!("--infilter={TEXT_FILTER}"))
            .args(["--convert-to", to, "--outdir"])
            .arg(out)
            .args(batch)
            .output();
        if let Err(e) = run {
            bail!(
                "cannot run `{SOFFICE}` ({e}): this measure needs LibreOffice and a Chinese font \
                 (apt-get install libreoffice-writer-nogui fonts-wqy-microhei)"
            );
        }
    }
    Ok(())
}

fn score_folder(
    folder: &Path,
    format: Format,
    originals: &HashMap<String, &str>,
    score: &mut FormatScore,
) -> Result<()> {
    let mut agreement = 0.0;
    let mut fragments = Vec::new();
    let mut rng = SplitMix::new(originals.len() as u64);
    let mut stems: Vec<&String> = originals.keys().collect();
    stems.sort();
    for stem in stems {
        let original = originals[stem];
        let path = folder.join(format!("{stem}.{}", extension(format)));
        let Ok(bytes) = std::fs::read(&path) else {
            // LibreOffice gave up on this one: not a reading failure.
            score.not_converted += 1;
            continue;
        };
        score.files += 1;
        let read = match read::document_text(format, &bytes) {
            Some(Ok(text)) => text,
            Some(Err(reason)) => {
                score.skipped.push((stem.clone(), reason.to_string()));
                continue;
            }
            None => bail!("{} is not read as a document", path.display()),
        };
        let (want, got) = (without_whitespace(original), without_whitespace(&read));
        if want == got {
            score.identical += 1;
        } else if score.differences.len() < 10 {
            score
                .differences
                .push((stem.clone(), first_difference(&want, &got)));
        }
        agreement += bigram_agreement(&want, &got);
        if let Some(fragment) = fragment(original, &mut rng) {
            fragments.push((path.to_string_lossy().into_owned(), fragment));
        }
    }
    score.identical_share = ratio(score.identical, score.files);
    score.mean_bigram_agreement = agreement / score.files.max(1) as f64;
    score.found_by_fragment = found_by_fragment(folder, &fragments)?;
    Ok(())
}

/// Indexes the converted files and counts those a quoted fragment finds.
fn found_by_fragment(folder: &Path, fragments: &[(String, String)]) -> Result<usize> {
    let dir = folder.with_extension("index");
    let report_index = ReportIndex::open_or_create(&dir, &Settings::default())?;
    index::update(&report_index, &[folder.to_path_buf()], &mut |_| {})?;
    let engine = Engine::new(&report_index)?;
    let mut found = 0;
    for (path, fragment) in fragments {
        let paths = engine.matching_paths(&parse(&format!("\"{fragment}\""))?)?;
        found += usize::from(paths.contains(path));
    }
    Ok(found)
}

/// A fragment from the middle of a text, in its indexed form.
fn fragment(text: &str, rng: &mut SplitMix) -> Option<String> {
    let chars: Vec<char> = normalise_text(text).chars().collect();
    for _ in 0..100 {
        if chars.len() <= FRAGMENT_CHARS {
            return None;
        }
        let start = rng.below(chars.len() - FRAGMENT_CHARS);
        let piece = &chars[start..start + FRAGMENT_CHARS];
        let clean = piece
            .iter()
            .all(|c| is_term_char(*c) || "，、。；：".contains(*c))
            && is_term_char(piece[0])
            && is_term_char(piece[FRAGMENT_CHARS - 1]);
        if clean {
            return Some(piece.iter().collect());
        }
    }
    None
}

fn without_whitespace(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where two texts part, with a little context of each.
fn first_difference(want: &[char], got: &[char]) -> String {
    let at = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    let show = |t: &[char]| {
        t[at.min(t.len())..(at + 15).min(t.len())]
            .iter()
            .collect::<String>()
    };
    format!("at {at}: expected `{}` read `{}`", show(want), show(got))
}

/// Dice coefficient of the two texts' character bigrams.
fn bigram_agreement(a: &[char], b: &[char]) -> f64 {
    let grams = |t: &[char]| {
        let mut counts: HashMap<(char, char), usize> = HashMap::new();
        for w in t.windows(2) {
            *counts.entry((w[0], w[1])).or_default() += 1;
        }
        counts
    };
    let (ga, gb) = (grams(a), grams(b));
    let common: usize = ga
        .iter()
        .map(|(g, n)| (*n).min(gb.get(g).copied().unwrap_or(0)))
        .sum();
    let total = a.len().saturating_sub(1) + b.len().saturating_sub(1);
    if total == 0 {
        return 1.0;
    }
    2.0 * common as f64 / total as f64
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}
