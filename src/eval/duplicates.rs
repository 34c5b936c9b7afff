//! Precision and recall of near-duplicate detection where the truth is
//! known: national government work reports, catalogued in several
//! transcriptions, are copies exactly when their years agree.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::facets::{described_folders, read_meta};
use crate::document;
use crate::facets::Taxonomy;
use crate::index::duplicates::{groups, signature, similarity, Candidate};

#[derive(Debug, Default, Serialize)]
pub struct DuplicateReport {
    pub documents: usize,
    pub true_pairs: usize,
    pub found_pairs: usize,
    pub correct_pairs: usize,
    pub precision: f64,
    pub recall: f64,
    /// The least similarity between two copies, the greatest between two
    /// different reports.
    pub least_copy_similarity: f64,
    pub greatest_other_similarity: f64,
}

/// One catalogued report: path, catalogue year, and what grouping sees.
struct Report {
    year: u16,
    candidate: Candidate,
}

pub fn evaluate(roots: &[PathBuf], taxonomy: &Taxonomy) -> Result<DuplicateReport> {
    let mut reports = Vec::new();
    for folder in described_folders(roots) {
        for row in read_meta(&folder)? {
            let (Some(year), Some("政府工作报告"), Some("全国")) =
                (row.year, row.kind.as_deref(), row.region.as_deref())
            else {
                continue;
            };
            let Ok(doc) = document::from_file(&folder.join(&row.file), taxonomy) else {
                continue;
            };
            let Some(signature) = signature(&doc.normalised) else {
                continue;
            };
            reports.push(Report {
                year,
                candidate: Candidate {
                    path: doc.path,
                    signature,
                    year: doc.facets.year.map(u64::from),
                    region: doc.facets.region.map(|r| r.path()),
                },
            });
        }
    }
    let mut report = DuplicateReport {
        documents: reports.len(),
        least_copy_similarity: 1.0,
        ..DuplicateReport::default()
    };
    let mut truth = HashSet::new();
    for (i, a) in reports.iter().enumerate() {
        for (j, b) in reports.iter().enumerate().skip(i + 1) {
            let s = similarity(&a.candidate.signature, &b.candidate.signature);
            if a.year == b.year {
                truth.insert((i, j));
                report.least_copy_similarity = report.least_copy_similarity.min(s);
            } else {
                report.greatest_other_similarity = report.greatest_other_similarity.max(s);
            }
        }
    }
    let candidates: Vec<Candidate> = reports.iter().map(|r| r.candidate.clone()).collect();
    let index_of = |path: &str| candidates.iter().position(|c| c.path == path);
    let mut found = HashSet::new();
    for group in groups(&candidates) {
        let members: Vec<usize> = group.iter().filter_map(|p| index_of(p)).collect();
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                found.insert((a.min(b), a.max(b)));
            }
        }
    }
    report.true_pairs = truth.len();
    report.found_pairs = found.len();
    report.correct_pairs = found.intersection(&truth).count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    report.precision = ratio(report.correct_pairs, report.found_pairs);
    report.recall = ratio(report.correct_pairs, report.true_pairs);
    Ok(report)
}
