//! Cleaning measured on the real pages of the corpora, where no line is
//! labelled, so the evidence is the corpus itself:
//! - a short line that recurs, digits masked, in three or more documents
//!   of one folder is a site's furniture (a menu item, a footer link, a
//!   view counter), unless it is the genre's own: a sentence or a clause, a
//!   numbered heading, or a title that names a kind of document;
//! - a long line kept twice in one document is a page that carries its
//!   text twice (a print view and a screen view).
//!
//! Both are suspects, not verdicts. They fall as the cleaner improves, and
//! `--misses` lists them so that a reader can judge.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use super::facets::described_folders;
use crate::clean::{ends_clause, starts_with_section_number};

/// Lines of at most this many characters count as short.
const SHORT_LINE: usize = 30;
/// Lines of more than this many characters count as long.
const LONG_LINE: usize = 30;
/// A short line recurring in this many documents of a folder is a suspect.
const RECURRING_DOCS: usize = 3;

#[derive(Debug, Default, Serialize)]
pub struct FolderPages {
    pub folder: String,
    pub docs: usize,
    pub kept_lines: usize,
    /// Kept short lines that recur across documents of the folder.
    pub recurring_kept: usize,
    /// Documents that keep at least one recurring short line.
    pub docs_with_recurring: usize,
    /// Kept long lines that repeat a line earlier in the same document.
    pub repeated_kept: usize,
    pub docs_with_repeats: usize,
    /// The recurring lines (masked) and how many documents keep each, most
    /// frequent first, at most 20.
    pub examples: Vec<(String, usize)>,
}

#[derive(Debug, Default, Serialize)]
pub struct RealPagesReport {
    pub folders: Vec<FolderPages>,
}

fn masked(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A line the genre itself repeats from report to report.
fn is_genre_line(line: &str) -> bool {
    const KINDS: &[&str] = &[
        "报告", "总结", "计划", "通知", "意见", "办法", "规定", "条例", "决定", "方案",
    ];
    ends_clause(line)
        || line.ends_with(['。', '！', '？', '!', '?', '”'])
        || starts_with_section_number(line)
        || KINDS.iter().any(|k| line.ends_with(k))
}

fn short_suspect(line: &str) -> bool {
    let chars = line.chars().count();
    chars > 0 && chars <= SHORT_LINE && !is_genre_line(line)
}

/// Measures one folder's cleaned texts.
fn measure_folder(folder: &str, texts: &[(String, String)]) -> FolderPages {
    let mut report = FolderPages {
        folder: folder.to_string(),
        docs: texts.len(),
        ..FolderPages::default()
    };
    let mut in_docs: HashMap<String, usize> = HashMap::new();
    let per_doc: Vec<HashSet<String>> = texts
        .iter()
        .map(|(_, text)| {
            text.lines()
                .map(str::trim)
                .filter(|l| short_suspect(l))
                .map(masked)
                .collect()
        })
        .collect();
    for lines in &per_doc {
        for line in lines {
            *in_docs.entry(line.clone()).or_default() += 1;
        }
    }
    for (_, text) in texts {
        let mut seen_long: HashSet<&str> = HashSet::new();
        let mut repeats = 0;
        let mut recurring = 0;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            report.kept_lines += 1;
            if line.chars().count() > LONG_LINE && !seen_long.insert(line) {
                repeats += 1;
            }
            if short_suspect(line)
                && in_docs.get(&masked(line)).copied().unwrap_or(0) >= RECURRING_DOCS
            {
                recurring += 1;
            }
        }
        report.recurring_kept += recurring;
        report.docs_with_recurring += usize::from(recurring > 0);
        report.repeated_kept += repeats;
        report.docs_with_repeats += usize::from(repeats > 0);
    }
    let mut examples: Vec<(String, usize)> = in_docs
        .into_iter()
        .filter(|(_, n)| *n >= RECURRING_DOCS)
        .collect();
    examples.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    examples.truncate(20);
    report.examples = examples;
    report
}

/// Measures every described folder under `roots`, each on its own (a
/// folder is one site or one collection).
pub fn evaluate(roots: &[PathBuf], taxonomy: &crate::facets::Taxonomy) -> RealPagesReport {
    let folders = described_folders(roots)
        .into_iter()
        .map(|folder| {
            let texts = super::cleaned_texts(std::slice::from_ref(&folder), taxonomy);
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            measure_folder(&name, &texts)
        })
        .collect();
    RealPagesReport { folders }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lines: &[&str]) -> (String, String) {
        (String::new(), lines.join("\n"))
    }

    #[test]
    fn a_recurring_menu_item_is_a_suspect_and_a_heading_is_not() {
        let texts = [
            doc(&["分享到", "一、2023年工作回顾", "各位代表：", "浏览 12"]),
            doc(&["分享到", "一、2022年工作回顾", "各位代表：", "浏览 7"]),
            doc(&["分享到", "一、2021年工作回顾", "各位代表：", "正文"]),
        ];
        let report = measure_folder("f", &texts);
        let examples: Vec<&str> = report.examples.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(examples, ["分享到"]);
        assert_eq!(report.recurring_kept, 3);
        assert_eq!(report.docs_with_recurring, 3);
    }

    #[test]
    fn a_text_carried_twice_is_counted_once_per_repeated_line() {
        let long = "过去的一年，是实施计划的最后一年，全省人民团结奋斗，开拓进取，国民经济保持了较快增长。";
        let texts = [doc(&[long, "各位代表：", long])];
        let report = measure_folder("f", &texts);
        assert_eq!(report.repeated_kept, 1);
        assert_eq!(report.docs_with_repeats, 1);
    }
}
