//! Ranking measured on hand-judged queries: nDCG@10 over graded judgments
//! (0 not relevant, 1 relevant, 2 highly relevant or the item sought) and
//! the mean reciprocal rank of the known-item queries.
//!
//! The judgments file has one line per judged document:
//! `query<TAB>kind<TAB>path<TAB>grade`, `path` relative to the corpus root
//! (`lawrefbook_laws/…txt`). `kind` is `topical`, `known`, `abbreviation` or
//! `traditional`; a `known` query's item is its grade-2 document. `#` starts
//! a comment. `query<TAB>kind` alone declares a query before it is judged.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::search::{parse, Engine, SearchRequest};

const DEPTH: usize = 10;

/// One judged query.
#[derive(Debug, Clone, Serialize)]
pub struct JudgedQuery {
    pub query: String,
    pub kind: String,
    /// Judged paths (relative to the corpus root) and their grades.
    pub grades: Vec<(String, u8)>,
}

/// Reads a judgments file, queries in the order they first appear.
pub fn read_judgments(path: &Path) -> Result<Vec<JudgedQuery>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read judgments {}", path.display()))?;
    let mut queries: Vec<JudgedQuery> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        // `query<TAB>kind` alone declares a query not judged yet.
        if let [query, kind] = fields[..] {
            if !queries.iter().any(|q| q.query == query) {
                queries.push(JudgedQuery {
                    query: query.to_string(),
                    kind: kind.to_string(),
                    grades: Vec::new(),
                });
            }
            continue;
        }
        let [query, kind, doc, grade] = fields[..] else {
            bail!(
                "{}:{}: expected query, kind, path and grade separated by tabs",
                path.display(),
                n + 1
            );
        };
        let grade: u8 = match grade.trim().parse() {
            Ok(g @ 0..=2) => g,
            _ => bail!(
                "{}:{}: grade `{grade}` is not 0, 1 or 2",
                path.display(),
                n + 1
            ),
        };
        match queries.iter_mut().find(|q| q.query == query) {
            Some(q) => q.grades.push((doc.to_string(), grade)),
            None => queries.push(JudgedQuery {
                query: query.to_string(),
                kind: kind.to_string(),
                grades: vec![(doc.to_string(), grade)],
            }),
        }
    }
    Ok(queries)
}

/// A query's figures and what it ranked.
#[derive(Debug, Serialize)]
pub struct QueryScore {
    pub query: String,
    pub kind: String,
    pub ndcg: f64,
    /// 1/rank of the first grade-2 document, for known-item queries.
    pub reciprocal_rank: Option<f64>,
    /// The top ten: (path relative to the root, title, grade if judged).
    pub top: Vec<(String, String, Option<u8>)>,
}

#[derive(Debug, Serialize)]
pub struct RankingReport {
    pub queries: usize,
    pub ndcg_at_10: f64,
    pub known_items: usize,
    pub mrr: f64,
    /// Documents in a top ten that nobody judged (counted as grade 0).
    pub unjudged: usize,
    pub by_kind: Vec<(String, f64)>,
    pub per_query: Vec<QueryScore>,
}

/// Runs every judged query against the engine. `root` is the folder the
/// judged paths are relative to.
pub fn evaluate(engine: &Engine, root: &Path, judged: &[JudgedQuery]) -> Result<RankingReport> {
    let root = root.to_string_lossy().trim_end_matches('/').to_string();
    let mut per_query = Vec::new();
    for q in judged {
        let request = SearchRequest {
            query: parse(&q.query).map_err(|e| anyhow::anyhow!("`{}`: {}", q.query, e.0))?,
            limit: DEPTH,
            offset: 0,
            all_copies: false,
        };
        let results = engine.search(&request)?;
        let grades: HashMap<&str, u8> = q.grades.iter().map(|(p, g)| (p.as_str(), *g)).collect();
        let top: Vec<(String, String, Option<u8>)> = results
            .hits
            .iter()
            .map(|hit| {
                let relative = |path: &str| {
                    path.strip_prefix(&root)
                        .unwrap_or(path)
                        .trim_start_matches('/')
                        .to_string()
                };
                let shown = relative(&hit.path);
                // A copy of a judged document has its grade: which copy a
                // search shows is not a ranking decision.
                let grade = std::iter::once(shown.clone())
                    .chain(hit.duplicates.iter().map(|p| relative(p)))
                    .find_map(|p| grades.get(p.as_str()).copied());
                (shown, hit.title.clone(), grade)
            })
            .collect();
        let gains: Vec<u8> = top.iter().map(|t| t.2.unwrap_or(0)).collect();
        let mut ideal: Vec<u8> = q.grades.iter().map(|(_, g)| *g).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let ndcg = ratio(dcg(&gains), dcg(&ideal));
        let reciprocal_rank = (q.kind == "known").then(|| {
            gains
                .iter()
                .position(|g| *g == 2)
                .map_or(0.0, |i| 1.0 / (i + 1) as f64)
        });
        per_query.push(QueryScore {
            query: q.query.clone(),
            kind: q.kind.clone(),
            ndcg,
            reciprocal_rank,
            top,
        });
    }
    let mean = |scores: &[f64]| scores.iter().sum::<f64>() / scores.len().max(1) as f64;
    let ndcgs: Vec<f64> = per_query.iter().map(|q| q.ndcg).collect();
    let rrs: Vec<f64> = per_query.iter().filter_map(|q| q.reciprocal_rank).collect();
    let mut kinds: Vec<String> = per_query.iter().map(|q| q.kind.clone()).collect();
    kinds.dedup();
    kinds.sort();
    kinds.dedup();
    let by_kind = kinds
        .into_iter()
        .map(|k| {
            let scores: Vec<f64> = per_query
                .iter()
                .filter(|q| q.kind == k)
                .map(|q| q.ndcg)
                .collect();
            (k, mean(&scores))
        })
        .collect();
    Ok(RankingReport {
        queries: per_query.len(),
        ndcg_at_10: mean(&ndcgs),
        known_items: rrs.len(),
        mrr: mean(&rrs),
        unjudged: per_query
            .iter()
            .flat_map(|q| &q.top)
            .filter(|t| t.2.is_none())
            .count(),
        by_kind,
        per_query,
    })
}

/// Discounted cumulative gain of the first ten grades, gain 2^g − 1.
fn dcg(grades: &[u8]) -> f64 {
    grades
        .iter()
        .take(DEPTH)
        .enumerate()
        .map(|(i, g)| (f64::from(1u32 << g) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_order_scores_one_and_a_reversed_one_less() {
        assert!((ratio(dcg(&[2, 1, 0]), dcg(&[2, 1, 0])) - 1.0).abs() < 1e-9);
        assert!(ratio(dcg(&[0, 1, 2]), dcg(&[2, 1, 0])) < 0.7);
    }
}
