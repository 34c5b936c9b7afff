//! The two engines side by side: the same queries on the local index and on
//! the cluster, compared by hit set, totals, facet counts and ranking.

use std::collections::HashSet;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use super::search::Remote;
use crate::eval::{sample_substring, ScannedText, SplitMix};
use crate::search::{parse, Engine, SearchRequest, SearchResults};

/// Filters the queries take turns with, so that every kind of filter
/// compiles on both engines.
const FILTERS: [&str; 5] = [
    "",
    " region:河北",
    " year:2000..2020",
    " kind:通知",
    " -发展",
];

/// What differed between the engines, over a set of queries.
#[derive(Debug, Default, Serialize)]
pub struct ParityReport {
    pub queries: usize,
    /// Queries whose set of matching documents differed.
    pub hit_sets_differ: usize,
    /// Queries whose total or distinct count differed.
    pub totals_differ: usize,
    /// Queries whose facet counts differed.
    pub facets_differ: usize,
    /// Mean share of the local top 10 that the cluster's top 10 holds.
    pub top10_overlap: f64,
    /// Up to 10 queries that differed, with what differed.
    pub examples: Vec<String>,
    pub local_ms: Vec<f64>,
    pub remote_ms: Vec<f64>,
}

/// Runs `queries` random substrings (quoted, unquoted, with a filter or an
/// exclusion in turn) on both engines.
pub fn compare(
    local: &Engine,
    remote: &Remote,
    texts: &[ScannedText],
    queries: usize,
    seed: u64,
) -> Result<ParityReport> {
    let mut rng = SplitMix::new(seed);
    let mut report = ParityReport::default();
    let mut overlap = 0.0;
    for i in 0..queries {
        let Some(sample) = sample_substring(texts, &mut rng) else {
            break;
        };
        let quoted = if i % 2 == 0 {
            format!("\"{}\"", sample.text)
        } else {
            sample.text.clone()
        };
        let text = format!("{quoted}{}", FILTERS[(i / 2) % FILTERS.len()]);
        let query = parse(&text)?;
        report.queries += 1;
        let mut differs = Vec::new();
        if local.matching_paths(&query)? != remote.matching_paths(&query)? {
            report.hit_sets_differ += 1;
            differs.push("hit set");
        }
        let request = SearchRequest {
            query,
            limit: 10,
            offset: 0,
            all_copies: false,
        };
        let started = Instant::now();
        let mine = local.search(&request)?;
        report
            .local_ms
            .push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        let theirs = remote.search(&request)?;
        report
            .remote_ms
            .push(started.elapsed().as_secs_f64() * 1000.0);
        if (mine.total, mine.distinct) != (theirs.total, theirs.distinct) {
            report.totals_differ += 1;
            differs.push("totals");
        }
        if mine.facets != theirs.facets {
            report.facets_differ += 1;
            differs.push("facets");
        }
        overlap += top_overlap(&mine, &theirs);
        if !differs.is_empty() && report.examples.len() < 10 {
            report.examples.push(format!(
                "{text}: {} (local {}/{}, cluster {}/{})",
                differs.join(", "),
                mine.total,
                mine.distinct,
                theirs.total,
                theirs.distinct
            ));
        }
    }
    report.top10_overlap = overlap / report.queries.max(1) as f64;
    Ok(report)
}

/// The share of the local top hits that the cluster also ranks on top.
fn top_overlap(mine: &SearchResults, theirs: &SearchResults) -> f64 {
    if mine.hits.is_empty() {
        return 1.0;
    }
    let theirs: HashSet<&str> = theirs.hits.iter().map(|h| h.path.as_str()).collect();
    let shared = mine
        .hits
        .iter()
        .filter(|h| theirs.contains(h.path.as_str()))
        .count();
    shared as f64 / mine.hits.len() as f64
}

/// The `q`-quantile of some timings, in milliseconds.
pub fn quantile(timings: &[f64], q: f64) -> f64 {
    let mut sorted = timings.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}
