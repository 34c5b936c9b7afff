//! Facet accuracy against the `_meta.tsv` that describes each folder of a
//! corpus (`file`, `title`, `year`, `region`, `unit`, and where known
//! `kind` or `category`). Empty or unknown expectations are not scored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::analysis::{is_term_char, normalise};
use crate::document;
use crate::facets::folder::FolderPlaces;
use crate::facets::{Facets, Taxonomy};

use super::SplitMix;

/// One row of `_meta.tsv`, with the fields it leaves empty as `None`.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub file: String,
    pub title: Option<String>,
    pub year: Option<u16>,
    pub region: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<String>,
}

/// One field over one source: `scored` documents where the catalogue gives
/// a value, `given` of them where extraction gave one, `correct` of those.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct FieldScore {
    pub scored: usize,
    pub given: usize,
    pub correct: usize,
}

impl FieldScore {
    /// Right of all documents: an empty value counts as wrong.
    pub fn accuracy(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.correct as f64 / self.scored as f64)
    }

    /// Right of the values given: what a user filtering by the facet trusts.
    pub fn precision(&self) -> Option<f64> {
        (self.given > 0).then(|| self.correct as f64 / self.given as f64)
    }

    /// The share of documents that get a value at all.
    pub fn coverage(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.given as f64 / self.scored as f64)
    }

    fn add(&mut self, other: FieldScore) {
        self.scored += other.scored;
        self.given += other.given;
        self.correct += other.correct;
    }
}

/// A wrong facet: file, field, expected value, extracted value.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub file: String,
    pub field: &'static str,
    pub expected: String,
    pub got: String,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct SourceScore {
    pub source: String,
    pub docs: usize,
    pub title: FieldScore,
    pub year: FieldScore,
    pub region: FieldScore,
    pub unit: FieldScore,
    pub kind: FieldScore,
    pub misses: Vec<Miss>,
}

impl SourceScore {
    pub fn fields(&self) -> [(&'static str, FieldScore); 5] {
        [
            ("title", self.title),
            ("year", self.year),
            ("region", self.region),
            ("unit", self.unit),
            ("kind", self.kind),
        ]
    }

    /// Sums sources into one line (misses are not carried).
    pub fn total(sources: &[SourceScore]) -> SourceScore {
        let mut total = SourceScore {
            source: "all".to_string(),
            ..SourceScore::default()
        };
        for s in sources {
            total.docs += s.docs;
            total.title.add(s.title);
            total.year.add(s.year);
            total.region.add(s.region);
            total.unit.add(s.unit);
            total.kind.add(s.kind);
        }
        total
    }
}

/// The folders under `roots` (themselves included) that hold a `_meta.tsv`.
pub fn described_folders(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| walkdir::WalkDir::new(root).max_depth(2))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "_meta.tsv")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    folders
}

/// The `kind` column of a folder's `_extra.tsv` (provenance beside the
/// catalogue), by file, where there is one.
fn extra_kinds(folder: &Path) -> HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(folder.join("_extra.tsv")) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let (Some(file), Some(kind)) = (
        header.iter().position(|h| *h == "file"),
        header.iter().position(|h| *h == "kind"),
    ) else {
        return HashMap::new();
    };
    lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let kind = cells.get(kind)?.trim();
            let file = cells.get(file)?.to_string();
            (!kind.is_empty()).then(|| (file, kind.to_string()))
        })
        .collect()
}

/// Reads `_meta.tsv`: a header row naming the columns, then one row per file.
/// A `kind` in `_extra.tsv` counts where `_meta.tsv` has none.
pub fn read_meta(folder: &Path) -> Result<Vec<Expected>> {
    let path = folder.join("_meta.tsv");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let extra_kinds = extra_kinds(folder);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let file_column =
        column("file").with_context(|| format!("{}: no `file` column", path.display()))?;
    let columns: HashMap<&str, Option<usize>> =
        ["title", "year", "region", "unit", "kind", "category"]
            .into_iter()
            .map(|name| (name, column(name)))
            .collect();
    let rows = lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |name: &str| {
                columns[name]
                    .and_then(|i| cells.get(i))
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .map(String::from)
            };
            let title = cell("title");
            let file = cells.get(file_column).unwrap_or(&"").to_string();
            let kind = cell("kind").or_else(|| extra_kinds.get(&file).cloned());
            Expected {
                file,
                year: cell("year").and_then(|y| y.parse().ok()),
                region: cell("region").map(|r| without_remark(&r)),
                unit: cell("unit").map(|u| without_remark(&u)),
                kind: expected_kind(kind, cell("category"), title.as_deref()),
                title,
            }
        })
        .collect();
    Ok(rows)
}

/// Drops a cataloguer's remark: `福建(闽委办)` → `福建`.
fn without_remark(value: &str) -> String {
    value
        .split(['(', '（'])
        .next()
        .unwrap_or(value)
        .trim()
        .to_string()
}

/// The kind a row implies: its own `kind` column, a statute category, or a
/// title that names a government work report.
fn expected_kind(
    kind: Option<String>,
    category: Option<String>,
    title: Option<&str>,
) -> Option<String> {
    if let Some(kind) = kind {
        return catalogue_kind(&kind);
    }
    if let Some(category) = category {
        return (!matches!(category.as_str(), "案例" | "其他")).then(|| "法律法规".to_string());
    }
    title
        .filter(|t| t.contains("政府工作报告") && !t.contains("决议"))
        .map(|_| "政府工作报告".to_string())
}

/// A catalogue's kind in the names govsearch gives kinds: `report` and
/// `政府工作报告`, `政府规章:办法` and `地方性法规` (statutes), `复函`.
fn catalogue_kind(kind: &str) -> Option<String> {
    let kind = if kind.starts_with("report") {
        "政府工作报告"
    } else if kind.starts_with("resolution") {
        "决议"
    } else if kind.starts_with("政府规章") || kind == "地方性法规" {
        "法律法规"
    } else if kind.ends_with("决定") {
        "决定"
    } else if ["政府工作报告", "通知", "复函", "函", "意见", "批复"].contains(&kind)
    {
        kind
    } else {
        return None;
    };
    Some(kind.to_string())
}

/// How the files of a folder are read for scoring.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading {
    /// Each file's text laid out again as PDF extraction and Word export
    /// lay it (see [`super::relay`], seeded by the value): the facets must
    /// not depend on where lines break.
    pub relaid: Option<u64>,
    /// Each file read under a name that says nothing (`d00042.txt`), as a
    /// crawler saves pages: the facets must come from the text.
    pub blind_names: bool,
}

/// The name a file is read under: its own, or with `blind_names` a
/// number in its folder with its own extension.
fn name_read_as(path: &Path, index: usize, blind_names: bool) -> String {
    if !blind_names {
        return path.to_string_lossy().into_owned();
    }
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("d{index:05}{extension}"))
        .to_string_lossy()
        .into_owned()
}

/// A file read as `reading` says, then run through the pipeline. A
/// re-laid web page loses its `<title>` on the way, as a page saved as
/// text does.
fn read_document(
    path: &Path,
    index: usize,
    reading: Reading,
    rng: Option<&mut SplitMix>,
    taxonomy: &Taxonomy,
) -> Result<document::Document, crate::read::SkipReason> {
    let (format, bytes) = document::read_file(path)?;
    let name = name_read_as(path, index, reading.blind_names);
    let Some(rng) = rng else {
        return document::from_bytes(&name, format, &bytes, taxonomy);
    };
    let raw = document::raw_text(format, &bytes)?;
    let laid = super::relay::relay(&raw.text, rng);
    document::from_bytes(&name, crate::read::Format::Text, laid.as_bytes(), taxonomy)
}

/// Letters and digits only, normalised: titles compare without spacing
/// and punctuation.
fn compact(text: &str) -> String {
    normalise(text)
        .chars()
        .filter(|c| is_term_char(*c))
        .collect()
}

/// Whether an extracted region path agrees with the catalogue's region
/// (`山东` for `山东省/青岛市`, `全国` for national).
fn region_matches(expected: &str, got: &str) -> bool {
    let expected = normalise(expected);
    if expected.contains('/') {
        // A full path agrees with itself or with a place below it.
        return got == expected || got.starts_with(&format!("{expected}/"));
    }
    got.split('/')
        .next()
        .is_some_and(|top| top.starts_with(expected.as_str()))
        || got.split('/').any(|level| level == expected)
}

/// Whether two names of an issuing body agree, abbreviations expanded:
/// `全国人大常委会` and `全国人民代表大会常务委员会`.
fn unit_matches(expected: &str, got: &str) -> bool {
    let (expected, got) = (canonical_unit(expected), canonical_unit(got));
    expected == got || (!got.is_empty() && (expected.ends_with(&got) || got.ends_with(&expected)))
}

fn canonical_unit(unit: &str) -> String {
    crate::lexicon::Lexicon::builtin().expand_abbreviations(&compact(unit))
}

/// Scores one described folder: extracts every listed file, read as
/// `reading` says, and compares.
pub fn score_folder(folder: &Path, taxonomy: &Taxonomy, reading: Reading) -> Result<SourceScore> {
    let rows = read_meta(folder)?;
    let mut score = SourceScore {
        source: folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..SourceScore::default()
    };
    // Extracted as the indexer does: the folder's place completes the
    // documents that never name theirs.
    let mut rng = reading.relaid.map(SplitMix::new);
    let mut docs: Vec<(Expected, Facets)> = rows
        .into_iter()
        .enumerate()
        .filter_map(|(index, row)| {
            let path = folder.join(&row.file);
            let doc = read_document(&path, index, reading, rng.as_mut(), taxonomy);
            Some((row, doc.ok()?.facets))
        })
        .collect();
    let mut places = FolderPlaces::default();
    for (_, facets) in &docs {
        places.note(facets.region.as_ref());
    }
    for (_, facets) in &mut docs {
        places.complete(facets);
    }
    for (row, f) in docs {
        score.docs += 1;
        let f = &f;
        let mut check = |field: &'static str,
                         expected: Option<String>,
                         got: Option<String>,
                         ok: &dyn Fn(&str, &str) -> bool| {
            let Some(expected) = expected else { return };
            let given = got.as_deref().is_some_and(|g| !g.is_empty());
            let got = got.unwrap_or_default();
            let correct = given && ok(&expected, &got);
            let slot = match field {
                "title" => &mut score.title,
                "year" => &mut score.year,
                "region" => &mut score.region,
                "unit" => &mut score.unit,
                _ => &mut score.kind,
            };
            slot.scored += 1;
            slot.given += usize::from(given);
            slot.correct += usize::from(correct);
            if !correct {
                score.misses.push(Miss {
                    file: row.file.clone(),
                    field,
                    expected,
                    got,
                });
            }
        };
        check(
            "title",
            row.title.clone(),
            Some(f.title.clone()),
            &|e, g| compact(e) == compact(g),
        );
        check(
            "year",
            row.year.map(|y| y.to_string()),
            f.year.map(|y| y.to_string()),
            &|e, g| e == g,
        );
        check(
            "region",
            row.region.clone(),
            f.region.as_ref().map(|r| r.path()),
            &region_matches,
        );
        check("unit", row.unit.clone(), f.unit.clone(), &unit_matches);
        check("kind", row.kind.clone(), f.kind.clone(), &|e, g| e == g);
    }
    Ok(score)
}
