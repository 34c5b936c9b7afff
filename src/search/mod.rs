//! Search: turning a parsed query into tantivy queries, ranking, facet counts
//! over the whole result set, and snippets for the hits shown.
//!
//! Matching rests on two fields. `grams` (character bigrams with real
//! positions) answers exact text, so every document containing a term
//! verbatim is found whatever jieba made of it in context. `body`/`title`
//! (jieba words) give BM25 ranking and find documents that contain a term's
//! words apart.

pub mod facet_counts;
pub mod snippet;
pub mod syntax;

use std::collections::HashSet;
use std::ops::Bound;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term as IndexTerm};

use crate::analysis::{bigrams, normalise, Segmenter};
use crate::index::duplicates::NO_GROUP;
use crate::index::{stored_path, DuplicateGroups, Fields, ReportIndex};
pub use facet_counts::FacetCounts;
use facet_counts::{FacetCounter, GroupCounter};
pub use snippet::{HighlightWord, Snippet};
pub use syntax::{parse, Filters, ParsedQuery, SyntaxError, YearRange};

/// Score given to each term found verbatim (in any of its spellings, once),
/// far above any BM25 score, so documents with more terms verbatim always
/// rank above scattered matches.
const VERBATIM_SCORE: f32 = 1000.0;
/// Score given to each term found verbatim in the title: below a term of
/// the body, above any BM25 score, so among documents with the same terms
/// verbatim those whose title holds them come first.
const TITLE_SCORE: f32 = 400.0;
/// Score of a query that is the document's whole title (`食品安全法` for
/// 中华人民共和国食品安全法): the item sought, above documents that only
/// cite it in their titles (实施条例, 实施办法).
const WHOLE_TITLE_SCORE: f32 = 300.0;
/// Weight of a word found in the title relative to the body.
const TITLE_BOOST: f32 = 3.0;
/// Weight of a word found only among the facets (year, place, unit, kind).
const META_BOOST: f32 = 0.5;
/// Weight of the BM25 of a term's verbatim occurrences (phrase frequency):
/// frequent exact use outranks a passing mention within a tier.
const EXACT_BOOST: f32 = 2.0;
/// Two terms within this many characters of each other count as close.
const PROXIMITY_SLOP: u32 = 30;
/// Weight of two query terms found close together.
const PROXIMITY_BOOST: f32 = 2.0;
/// How many terms a single-character prefix may expand to in a phrase.
const PREFIX_EXPANSIONS: u32 = 50_000;

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
            segmenter: Segmenter::for_lexicon(&index.analysis.lexicon),
            analysis: index.analysis.clone(),
            copies,
        })
    }

    /// The lexicon queries are expanded with.
    pub fn lexicon(&self) -> &crate::lexicon::Lexicon {
        &self.analysis.lexicon
    }

    /// A term and its other spellings from the lexicon (`计生` and
    /// `计划生育`), each searched as the term would be.
    fn spellings(&self, term: &syntax::Term) -> Vec<syntax::Term> {
        self.analysis
            .lexicon
            .variants(&term.text)
            .into_iter()
            .map(|text| syntax::Term {
                text,
                quoted: term.quoted,
            })
            .collect()
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Runs a query: ranked hits with snippets, total and facet counts.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        let query = self.build(&request.query)?;
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
        let top = TopDocs::with_limit(fetch).order_by_score();
        let groups = GroupCounter(self.copies.by_document.clone());
        let (mut top, total, facets, hidden) =
            searcher.search(&query, &(top, Count, FacetCounter, groups))?;
        let mut ranked = self.collapsed(&top, collapse);
        while ranked.len() < wanted && fetch < docs.min(total) {
            fetch = fetch.saturating_mul(4).min(docs);
            top = searcher.search(&query, &TopDocs::with_limit(fetch).order_by_score())?;
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
            hits.push(self.hit(
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
        let mut needles: Vec<String> = Vec::new();
        for term in query.positive_terms().flat_map(|t| self.spellings(t)) {
            if !needles.contains(&term.text) {
                needles.push(term.text);
            }
        }
        needles
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

    /// A ranked hit of a stored document: its snippets for `words`, and
    /// its copies unless every copy is listed as a hit of its own.
    fn hit(
        &self,
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

    /// Words to highlight: each term verbatim, and its jieba words of two or
    /// more characters (single characters would light up every line).
    fn highlight_words(&self, query: &ParsedQuery) -> Vec<HighlightWord> {
        let mut words: Vec<HighlightWord> = Vec::new();
        let mut push = |text: String, weight: u32| {
            if !words.iter().any(|w| w.text == text) {
                words.push(HighlightWord { text, weight });
            }
        };
        for term in query.positive_terms().flat_map(|t| self.spellings(t)) {
            push(term.text.clone(), 3);
            if !term.quoted {
                for word in self.segmenter.query_words(&term.text) {
                    if word.chars().count() >= 2 {
                        push(word, 1);
                    }
                }
            }
        }
        words
    }

    /// Builds the tantivy query for a parsed query.
    pub fn build(&self, query: &ParsedQuery) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for alternatives in &query.clauses {
            let mut options: Vec<Box<dyn Query>> = Vec::new();
            for term in alternatives {
                options.push(self.term_query(term, query.literal)?);
            }
            // `A OR B` is one clause: the better of its terms scores it.
            let clause: Box<dyn Query> = if options.len() == 1 {
                options.remove(0)
            } else {
                Box::new(DisjunctionMaxQuery::new(options))
            };
            clauses.push((Occur::Must, clause));
        }
        clauses.extend(self.proximity(query)?);
        clauses.extend(self.whole_title(query));
        for filter in self.filters(&query.filters)? {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        if query.clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for term in query.excluded.iter().flat_map(|t| self.spellings(t)) {
            clauses.push((Occur::MustNot, self.exact(&term.text)?));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// A term's score, whichever of its spellings matched (`计生` and
    /// `计划生育` are one term, never two):
    /// - `VERBATIM_SCORE` when the text holds it verbatim;
    /// - `TITLE_SCORE` when the title does;
    /// - the BM25 of its verbatim occurrences and of its words.
    ///
    /// Quoted, the text must hold it verbatim. Unquoted, a document with
    /// all its words apart (in the text, title or facets) also matches.
    fn term_query(&self, term: &syntax::Term, literal: bool) -> Result<Box<dyn Query>> {
        let spellings = if literal {
            vec![term.clone()]
        } else {
            self.spellings(term)
        };
        let mut verbatim: Vec<Box<dyn Query>> = Vec::new();
        let mut in_title: Vec<Box<dyn Query>> = Vec::new();
        let mut by_words: Vec<Box<dyn Query>> = Vec::new();
        for spelling in &spellings {
            verbatim.push(self.exact(&spelling.text)?);
            in_title.push(self.exact_in(self.fields.title_grams, &spelling.text)?);
            let words = self.segmenter.query_words(&spelling.text);
            if !words.is_empty() {
                let occur = if term.quoted {
                    Occur::Should
                } else {
                    Occur::Must
                };
                let all: Vec<(Occur, Box<dyn Query>)> =
                    words.iter().map(|w| (occur, self.word_query(w))).collect();
                // The mean over its words, so that a spelling with more
                // words (简政放权、放管结合、优化服务 for 放管服) scores no higher.
                by_words.push(Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(all)),
                    1.0 / words.len() as f32,
                )));
            }
        }
        let any = |queries: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                queries.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        let verbatim_any = any(verbatim.iter().map(|q| q.box_clone()).collect());
        let tier: Box<dyn Query> = Box::new(ConstScoreQuery::new(verbatim_any, VERBATIM_SCORE));
        let title: Box<dyn Query> = Box::new(ConstScoreQuery::new(any(in_title), TITLE_SCORE));
        let frequency: Box<dyn Query> = Box::new(BoostQuery::new(
            Box::new(DisjunctionMaxQuery::new(verbatim)),
            EXACT_BOOST,
        ));
        let tier_occur = if term.quoted {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut clauses = vec![
            (tier_occur, tier),
            (Occur::Should, title),
            (Occur::Should, frequency),
        ];
        if !by_words.is_empty() {
            clauses.push((Occur::Should, Box::new(DisjunctionMaxQuery::new(by_words))));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Scores, never requires, a one-term query that is the whole title of
    /// a document, in any spelling.
    fn whole_title(&self, query: &ParsedQuery) -> Option<(Occur, Box<dyn Query>)> {
        let [alternatives] = &query.clauses[..] else {
            return None;
        };
        let mut keys: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in alternatives.iter().flat_map(|t| self.spellings(t)) {
            for key in crate::index::title_keys(&term.text) {
                keys.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        IndexTerm::from_field_text(self.fields.title_key, &key),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        let any: Box<dyn Query> = Box::new(BooleanQuery::new(keys));
        Some((
            Occur::Should,
            Box::new(ConstScoreQuery::new(any, WHOLE_TITLE_SCORE)),
        ))
    }

    /// Scores, never requires, consecutive terms of the query found close
    /// together in either order (`PROXIMITY_SLOP` characters).
    fn proximity(&self, query: &ParsedQuery) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let heads: Vec<(usize, String)> = query
            .clauses
            .iter()
            .filter_map(|alternatives| alternatives.first())
            .filter_map(|term| {
                let first = bigrams(&term.text).into_iter().next()?;
                (first.text.chars().count() == 2).then(|| (term.text.chars().count(), first.text))
            })
            .collect();
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for pair in heads.windows(2) {
            for (a, b) in [(&pair[0], &pair[1]), (&pair[1], &pair[0])] {
                let terms = vec![
                    (0, IndexTerm::from_field_text(self.fields.grams, &a.1)),
                    (a.0, IndexTerm::from_field_text(self.fields.grams, &b.1)),
                ];
                let phrase = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP);
                out.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(phrase), PROXIMITY_BOOST)),
                ));
            }
        }
        Ok(out)
    }

    /// A word in the body, or (boosted) in the title, or among the facets.
    fn word_query(&self, word: &str) -> Box<dyn Query> {
        let in_field = |field, boost: f32| -> (Occur, Box<dyn Query>) {
            let query = TermQuery::new(
                IndexTerm::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            );
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            )
        };
        Box::new(BooleanQuery::new(vec![
            in_field(self.fields.body, 1.0),
            in_field(self.fields.title_words, TITLE_BOOST),
            in_field(self.fields.meta_words, META_BOOST),
        ]))
    }

    /// Exact (normalised) text on the bigram field, punctuation included.
    /// The text's last run of characters may continue in the document, so
    /// its final gram is not required; when that run is one character, it is
    /// a prefix of whatever gram starts there.
    pub fn exact(&self, normalised: &str) -> Result<Box<dyn Query>> {
        self.exact_in(self.fields.grams, normalised)
    }

    /// [`Engine::exact`] on another bigram field (the title's).
    fn exact_in(&self, field: tantivy::schema::Field, normalised: &str) -> Result<Box<dyn Query>> {
        let mut grams = bigrams(normalised);
        let Some(last) = grams.pop() else {
            anyhow::bail!("`{normalised}` has nothing to search for");
        };
        let term = |text: &str| IndexTerm::from_field_text(field, text);
        let single_char_run = grams.last().is_none_or(|g| {
            g.text.chars().count() != 2 || !g.text.chars().all(crate::analysis::is_term_char)
        });
        let mut phrase: Vec<(usize, IndexTerm)> =
            grams.iter().map(|g| (g.position, term(&g.text))).collect();
        if !single_char_run {
            return Ok(match phrase.len() {
                1 => Box::new(TermQuery::new(
                    phrase.remove(0).1,
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new_with_offset(phrase)),
            });
        }
        if phrase.is_empty() {
            // One character alone: any gram that starts or ends with it.
            let c = regex_escape(&last.text);
            return Ok(Box::new(RegexQuery::from_pattern(
                &format!("{c}.*|.{c}"),
                field,
            )?));
        }
        phrase.push((last.position, term(&last.text)));
        let mut q = PhrasePrefixQuery::new_with_offset(phrase);
        q.set_max_expansions(PREFIX_EXPANSIONS);
        Ok(Box::new(q))
    }

    fn filters(&self, filters: &Filters) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.fields;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some(years) = filters.years {
            out.push(Box::new(RangeQuery::new(
                Bound::Included(IndexTerm::from_field_u64(f.year, u64::from(years.from))),
                Bound::Included(IndexTerm::from_field_u64(f.year, u64::from(years.to))),
            )));
        }
        // A region matches at any level of the path: 广东 finds 广东省/江门市.
        let region = |v: &str| format!("(.*/)?{}[^/]*", regex_escape(&normalise(v)));
        let contains = |v: &str| format!(".*{}.*", regex_escape(&normalise(v)));
        out.extend(any_of(&filters.region, f.region, region)?);
        out.extend(any_of(&filters.unit, f.unit, contains)?);
        out.extend(any_of(&filters.topic, f.topic, contains)?);
        out.extend(any_of(&filters.kind, f.kind, contains)?);
        Ok(out)
    }
}

/// A filter matching any of `values` on a facet field, or none if no values.
fn any_of(
    values: &[String],
    field: tantivy::schema::Field,
    pattern: impl Fn(&str) -> String,
) -> Result<Option<Box<dyn Query>>> {
    if values.is_empty() {
        return Ok(None);
    }
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for value in values {
        any.push((
            Occur::Should,
            Box::new(RegexQuery::from_pattern(&pattern(value), field)?),
        ));
    }
    Ok(Some(Box::new(BooleanQuery::new(any))))
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(String::from))
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
