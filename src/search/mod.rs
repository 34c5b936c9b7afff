//! Search: turning a parsed query into tantivy queries, ranking, facet counts
//! over the whole result set, and snippets for the hits shown.
//!
//! Matching rests on two fields. `grams` (character bigrams with real
//! positions) answers exact text, so every document containing a term
//! verbatim is found whatever jieba made of it in context. `body`/`title`
//! (jieba words) give BM25 ranking and find documents that contain a term's
//! words apart.

pub mod cache;
pub mod facet_counts;
mod lazy_union;
pub mod live;
pub mod plan;
mod shifted;
pub mod snippet;
pub mod syntax;
pub mod tantivy_query;

use std::collections::HashSet;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term as IndexTerm};
use tantivy_query::ProximityScoring;

use crate::analysis::Segmenter;
use crate::index::duplicates::NO_GROUP;
use crate::index::{stored_path, DuplicateGroups, Fields, ReportIndex};
pub use facet_counts::FacetCounts;
use facet_counts::{FacetCounter, FacetTable, GroupCounter};
pub use plan::Plan;
pub use snippet::{HighlightWord, Snippet};
pub use syntax::{parse, Filters, ParsedQuery, SyntaxError, YearRange};

/// What to search for and which page of results to return.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: ParsedQuery,
    pub limit: usize,
    pub offset: usize,
    /// Show every copy of a near-duplicate group instead of its best one.
    pub all_copies: bool,
}

/// One ranked result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The document's stable id (see [`crate::index::doc_id`]).
    pub id: String,
    pub rank: usize,
    pub score: f32,
    pub path: String,
    pub title: String,
    pub year: Option<u64>,
    pub region: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub topics: Vec<String>,
    pub snippets: Vec<Snippet>,
    /// Other copies of this document (near-duplicates), collapsed into it.
    pub duplicates: Vec<String>,
}

/// A document's stored fields, as the archive shows them.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDoc {
    pub id: String,
    pub path: String,
    pub title: String,
    pub year: Option<u64>,
    pub region: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub topics: Vec<String>,
    /// The cleaned text, original characters.
    pub text: String,
    #[serde(skip)]
    pub simplified: bool,
    /// Characters of the indexed text.
    pub chars: u64,
    /// Paths of the other copies of this report.
    pub copies: Vec<String>,
}

/// A page of results with the total count and facet counts of all matches.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Matching documents, copies included.
    pub total: usize,
    /// Matching documents once near-duplicates are folded into one
    /// (`total` with `--all-copies`).
    pub distinct: usize,
    pub facets: FacetCounts,
    pub elapsed_ms: f64,
}

/// A searcher over one index.
pub struct Engine {
    fields: Fields,
    reader: IndexReader,
    segmenter: Segmenter,
    /// The lexicon and taxonomy of the index.
    analysis: std::sync::Arc<crate::index::Analysis>,
    copies: Copies,
    /// Kept by long-lived engines: see [`FacetTable`].
    facet_table: Option<std::sync::Arc<FacetTable>>,
    /// Unique to this engine in the process: answers kept for one engine
    /// are not answers of another opened later on a changed index.
    epoch: u64,
}

/// Near-duplicate groups and, per segment, the group of each document.
struct Copies {
    groups: Vec<Vec<String>>,
    by_document: std::sync::Arc<Vec<Vec<u32>>>,
}

impl Copies {
    fn new(groups: DuplicateGroups, searcher: &Searcher, fields: &Fields) -> Result<Copies> {
        let by_document = if groups.groups.is_empty() {
            Vec::new()
        } else {
            groups.by_document(searcher, fields.path)?
        };
        Ok(Copies {
            groups: groups.groups,
            by_document: std::sync::Arc::new(by_document),
        })
    }

    fn group_of(&self, address: DocAddress) -> Option<usize> {
        let g = *self
            .by_document
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)?;
        (g != NO_GROUP).then_some(g as usize)
    }

    /// The other members of `path`'s group.
    fn others(&self, group: Option<usize>, path: &str) -> Vec<String> {
        group.map_or_else(Vec::new, |g| {
            self.groups[g]
                .iter()
                .filter(|p| *p != path)
                .cloned()
                .collect()
        })
    }
}

impl Engine {
    pub fn new(index: &ReportIndex) -> Result<Self> {
        let reader = index.reader()?;
        let copies = Copies::new(
            DuplicateGroups::load(&index.dir)?,
            &reader.searcher(),
            &index.fields,
        )?;
        Ok(Engine {
            fields: index.fields,
            reader,
            segmenter: Segmenter::for_index(&index.dir, &index.analysis.lexicon),
            analysis: index.analysis.clone(),
            copies,
            facet_table: None,
            epoch: {
                static EPOCHS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                EPOCHS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        })
    }

    /// Which snapshot of which index this engine answers from: one value
    /// per engine and searcher generation, for caches of answers.
    pub fn snapshot_id(&self) -> u64 {
        (self.epoch << 32) | (self.searcher().generation().generation_id() & 0xffff_ffff)
    }

    /// The engine as long-lived engines (serve, bench) keep it, for
    /// answering many queries:
    /// - a [`FacetTable`] of its snapshot: facet counts then cost a third
    ///   as much;
    /// - the whole jieba dictionary, loaded once a process (see
    ///   [`crate::analysis::jieba_for`]): about 150 ms and 30 MB, instead of
    ///   a small jieba built for each query (0.1 ms, a sixth of a new
    ///   query's time). Same words.
    pub fn for_many_queries(mut self) -> Result<Self> {
        self.facet_table = Some(std::sync::Arc::new(FacetTable::build(&self.searcher())?));
        self.segmenter = Segmenter::Full(crate::analysis::jieba_for(&self.analysis.lexicon));
        Ok(self)
    }

    /// The lexicon queries are expanded with.
    pub fn lexicon(&self) -> &crate::lexicon::Lexicon {
        &self.analysis.lexicon
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Runs a query: ranked hits with snippets, total and facet counts.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        let plan = self.plan(&request.query)?;
        let scoring = if every_match_scored_whole() {
            ProximityScoring::Inside
        } else {
            ProximityScoring::Apart
        };
        let query = tantivy_query::compile(&plan, &self.fields, scoring)?;
        let bonus = match scoring {
            ProximityScoring::Apart => tantivy_query::proximity_bonus(&plan, &self.fields),
            ProximityScoring::Inside => Vec::new(),
        };
        let searcher = self.searcher();
        // tantivy allocates the whole page up front: never ask for more
        // documents than the index holds.
        let docs = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let wanted = request.offset.saturating_add(request.limit).clamp(1, docs);
        let collapse = !request.all_copies && !self.copies.groups.is_empty();
        // Collapsing drops copies: fetch a margin, and more if that was short.
        let mut fetch = if collapse {
            wanted.saturating_mul(2).saturating_add(20).min(docs)
        } else {
            wanted
        };
        let window = |fetch: usize| {
            if bonus.is_empty() {
                fetch
            } else {
                fetch.max(RESCORE_WINDOW).min(docs)
            }
        };
        let top = TopDocs::with_limit(window(fetch)).order_by_score();
        let groups = GroupCounter(self.copies.by_document.clone());
        let (top, total, facets, hidden) = searcher.search(
            &query,
            &(top, Count, FacetCounter(self.facet_table.clone()), groups),
        )?;
        let mut top = rescored(&searcher, &bonus, top, fetch)?;
        let mut ranked = self.collapsed(&top, collapse);
        while ranked.len() < wanted && fetch < docs.min(total) {
            fetch = fetch.saturating_mul(4).min(docs);
            let wider = TopDocs::with_limit(window(fetch)).order_by_score();
            top = rescored(&searcher, &bonus, searcher.search(&query, &wider)?, fetch)?;
            ranked = self.collapsed(&top, collapse);
        }
        let distinct = if collapse {
            total.saturating_sub(hidden.copies())
        } else {
            total
        };
        let words = self.highlight_words(&request.query);
        let mut hits = Vec::new();
        let page = ranked.into_iter().skip(request.offset).take(request.limit);
        for (i, (score, address, _)) in page.enumerate() {
            let doc = self.stored_in(&searcher, address)?;
            hits.push(ranked_hit(
                request.offset + i + 1,
                score,
                doc,
                &words,
                request.all_copies,
            ));
        }
        Ok(SearchResults {
            hits,
            total,
            distinct,
            facets,
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// The ranked documents with their duplicate group, keeping only the
    /// best-ranked member of each group when `collapse`.
    fn collapsed(
        &self,
        top: &[(f32, DocAddress)],
        collapse: bool,
    ) -> Vec<(f32, DocAddress, Option<usize>)> {
        let mut seen_groups = HashSet::new();
        top.iter()
            .map(|&(score, address)| (score, address, self.copies.group_of(address)))
            .filter(|(_, _, group)| !collapse || group.is_none_or(|g| seen_groups.insert(g)))
            .collect()
    }

    /// Every document matching a query, in index order; copies of one
    /// report count once (the first in index order) unless `all_copies`.
    pub fn matching_documents(
        &self,
        query: &ParsedQuery,
        all_copies: bool,
    ) -> Result<Vec<DocAddress>> {
        let searcher = self.searcher();
        let mut docs: Vec<DocAddress> = searcher
            .search(&self.build(query)?, &DocSetCollector)?
            .into_iter()
            .collect();
        docs.sort();
        if !all_copies {
            let mut seen = HashSet::new();
            docs.retain(|d| self.copies.group_of(*d).is_none_or(|g| seen.insert(g)));
        }
        Ok(docs)
    }

    /// The stored fields of a document.
    pub fn stored(&self, address: DocAddress) -> Result<StoredDoc> {
        self.stored_in(&self.searcher(), address)
    }

    /// [`Engine::stored`] from one searcher's snapshot.
    fn stored_in(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredDoc> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let f = &self.fields;
        let path = first_str(&doc, f.path).unwrap_or_default();
        Ok(StoredDoc {
            id: first_str(&doc, f.doc_id).unwrap_or_default(),
            title: first_str(&doc, f.title).unwrap_or_default(),
            year: doc.get_first(f.year).and_then(|v| v.as_u64()),
            // Levels are stored top-down; the deepest is the full path.
            region: doc
                .get_all(f.region)
                .filter_map(|v| v.as_str().map(String::from))
                .last(),
            unit: first_str(&doc, f.unit),
            kind: first_str(&doc, f.kind),
            topics: doc
                .get_all(f.topic)
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            text: first_str(&doc, f.text).unwrap_or_default(),
            simplified: doc.get_first(f.simplified).and_then(|v| v.as_u64()) == Some(1),
            chars: doc.get_first(f.chars).and_then(|v| v.as_u64()).unwrap_or(0),
            copies: self.copies.others(self.copies.group_of(address), &path),
            path,
        })
    }

    /// The document with this id, if the index holds one.
    pub fn find(&self, id: &str) -> Result<Option<DocAddress>> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let query = TermQuery::new(
            IndexTerm::from_field_text(self.fields.doc_id, id),
            IndexRecordOption::Basic,
        );
        let found = self
            .searcher()
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(found.first().map(|(_, address)| *address))
    }

    /// The verbatim forms of a query's positive terms, each spelling: what a
    /// reader marks and what trends and KWIC count.
    pub fn needles(&self, query: &ParsedQuery) -> Vec<String> {
        plan::needles(query, &self.analysis.lexicon)
    }

    /// Paths of every matching document (for evaluation against a scan).
    pub fn matching_paths(&self, query: &ParsedQuery) -> Result<HashSet<String>> {
        let searcher = self.searcher();
        let docs = searcher.search(&self.build(query)?, &DocSetCollector)?;
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            columns.push(segment.fast_fields().str("path")?);
        }
        let mut paths = HashSet::new();
        for address in docs {
            let column = columns
                .get(address.segment_ord as usize)
                .and_then(Option::as_ref);
            if let Some(column) = column {
                paths.extend(stored_path(column, address.doc_id)?);
            }
        }
        Ok(paths)
    }

    fn highlight_words(&self, query: &ParsedQuery) -> Vec<HighlightWord> {
        plan::highlight_words(query, &self.analysis.lexicon, &self.segmenter)
    }

    /// The plan of a parsed query against this index's lexicon.
    pub fn plan(&self, query: &ParsedQuery) -> Result<Plan> {
        plan::plan(query, &self.analysis.lexicon, &self.segmenter)
    }

    /// Builds the tantivy query for a parsed query.
    pub fn build(&self, query: &ParsedQuery) -> Result<Box<dyn Query>> {
        let plan = self.plan(query)?;
        tantivy_query::compile(&plan, &self.fields, ProximityScoring::Apart)
    }
}

/// How many of the best-ranked matches proximity rescores. Its bonus moves
/// a document some places, not hundreds: on the shared corpora and at 10x
/// the pages are those of scoring every match (see the test
/// `rescoring_proximity_in_a_window_ranks_as_scoring_every_match`).
pub const RESCORE_WINDOW: usize = 200;

/// `GOVSEARCH_FULL_PROXIMITY` set: proximity scores every match, not only
/// the rescored window (to compare the two).
fn every_match_scored_whole() -> bool {
    std::env::var_os("GOVSEARCH_FULL_PROXIMITY").is_some_and(|v| !v.is_empty())
}

/// `top` with the `bonus` queries' scores added to each document they
/// match, best first, cut to `keep`; ties keep index order, as tantivy
/// ranks them.
fn rescored(
    searcher: &Searcher,
    bonus: &[Box<dyn Query>],
    mut top: Vec<(f32, DocAddress)>,
    keep: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    if !bonus.is_empty() {
        let scoring = tantivy::query::EnableScoring::enabled_from_searcher(searcher);
        let mut order: Vec<usize> = (0..top.len()).collect();
        order.sort_by_key(|&i| top[i].1);
        // Summed apart, then added once: `score + (p1 + p2 …)`, as the
        // query with proximity inside scores it (see `compile`).
        let mut bonuses = vec![0.0f32; top.len()];
        for query in bonus {
            let weight = query.weight(scoring)?;
            let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
            for &i in &order {
                let address = top[i].1;
                if current
                    .as_ref()
                    .is_none_or(|(s, _)| *s != address.segment_ord)
                {
                    let reader = searcher.segment_reader(address.segment_ord);
                    current = Some((address.segment_ord, weight.scorer(reader, 1.0)?));
                }
                let Some((_, scorer)) = current.as_mut() else {
                    continue;
                };
                // Tests this document alone (targets rise within a segment);
                // `seek` would scan positions up to the next match. A scorer
                // already past the document does not hold it.
                if scorer.doc() <= address.doc_id
                    && scorer.seek_danger(address.doc_id) == tantivy::SeekDangerResult::Found
                {
                    bonuses[i] += scorer.score();
                }
            }
        }
        for (entry, bonus) in top.iter_mut().zip(&bonuses) {
            entry.0 += bonus;
        }
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    top.truncate(keep);
    Ok(top)
}

/// A ranked hit of a stored document: its snippets for `words`, and
/// its copies unless every copy is listed as a hit of its own.
pub fn ranked_hit(
    rank: usize,
    score: f32,
    doc: StoredDoc,
    words: &[HighlightWord],
    all_copies: bool,
) -> Hit {
    Hit {
        snippets: snippet::snippets(&doc.text, words, doc.simplified),
        duplicates: if all_copies { Vec::new() } else { doc.copies },
        id: doc.id,
        rank,
        score,
        path: doc.path,
        title: doc.title,
        year: doc.year,
        region: doc.region,
        unit: doc.unit,
        kind: doc.kind,
        topics: doc.topics,
    }
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(String::from))
}
