//! The tantivy executor: a [`Plan`] as tantivy queries.

use std::ops::Bound;

use anyhow::Result;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term as IndexTerm;

use super::lazy_union::{Combine, LazyUnion};
use super::plan::{
    Clause, Exact, FilterPlan, Plan, Proximity, TermPlan, EXACT_BOOST, META_BOOST,
    PREFIX_EXPANSIONS, PROXIMITY_BOOST, PROXIMITY_SLOP, TITLE_BOOST, TITLE_SCORE, VERBATIM_SCORE,
    WHOLE_TITLE_SCORE,
};
use super::shifted::Shifted;
use crate::index::Fields;

type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// How a query scores the proximity of its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProximityScoring {
    /// Left out: the caller adds [`proximity_bonus`] to the best-ranked
    /// window, or only needs the matches.
    Apart,
    /// `should` clauses of the query: every match scored whole.
    Inside,
}

/// The tantivy query of a plan. Its proximity bonus changes no match, only
/// the order.
///
/// Proximity is phrase matching with slop over the positions of common
/// grams, half the cost of a query of several words; so search rescores the
/// best-ranked window ([`super::RESCORE_WINDOW`]) with it rather than every
/// match. OpenSearch keeps it in the query, since it cannot rescore
/// collapsed results.
pub fn compile(plan: &Plan, fields: &Fields, scoring: ProximityScoring) -> Result<Box<dyn Query>> {
    let apart = without_proximity(plan, fields)?;
    let pairs = match scoring {
        ProximityScoring::Apart => Vec::new(),
        ProximityScoring::Inside => proximity_bonus(plan, fields),
    };
    if pairs.is_empty() {
        return Ok(apart);
    }
    // The query without proximity, plus the pairs' sum: tantivy scores it
    // `apart + (p1 + p2 …)`, the very sum the rescored window adds, so
    // that both give the same floats (scores near 3,000 leave f32 a
    // precision of 0.0002, where ties between laws are decided).
    let mut clauses: Clauses = vec![(Occur::Must, apart)];
    clauses.extend(pairs.into_iter().map(|pair| (Occur::Should, pair)));
    Ok(Box::new(BooleanQuery::new(clauses)))
}

fn without_proximity(plan: &Plan, fields: &Fields) -> Result<Box<dyn Query>> {
    let mut clauses: Clauses = Vec::new();
    for clause in &plan.clauses {
        clauses.push((Occur::Must, self::clause(clause, fields)?));
    }
    if !plan.title_keys.is_empty() {
        let keys = plan
            .title_keys
            .iter()
            .map(|key| -> Box<dyn Query> { Box::new(term(fields.title_key, key, false)) })
            .collect();
        let any = union(keys, Combine::Sum);
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(any, WHOLE_TITLE_SCORE)),
        ));
    }
    for filter in &plan.filters {
        let filter = self::filter(filter, fields)?;
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    if plan.clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    for exact in &plan.excluded {
        clauses.push((Occur::MustNot, self::exact(exact, fields.grams)?));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// What proximity adds to a document's score: each pair's sloppy phrase,
/// summed, as `should` clauses of the query would score them. Apart, so
/// that each can test one document without scanning for the next match.
pub fn proximity_bonus(plan: &Plan, fields: &Fields) -> Vec<Box<dyn Query>> {
    plan.proximity
        .iter()
        .map(|pair| proximity(pair, fields))
        .collect()
}

/// `A OR B` is one clause: the better of its terms scores it.
fn clause(clause: &Clause, fields: &Fields) -> Result<Box<dyn Query>> {
    let mut options = Vec::new();
    for term in &clause.terms {
        options.push(term_query(term, fields)?);
    }
    Ok(union(options, Combine::Max))
}

/// Any of `queries`, found lazily (see [`LazyUnion`]): a `should` clause
/// beside a filter or a rarer term is matched only where they match.
fn union(mut queries: Vec<Box<dyn Query>>, combine: Combine) -> Box<dyn Query> {
    if queries.len() == 1 {
        queries.remove(0)
    } else {
        Box::new(LazyUnion::new(queries, combine))
    }
}

/// A term's score, whichever of its spellings matched:
/// - `VERBATIM_SCORE` when the text holds it verbatim;
/// - `TITLE_SCORE` when the title does;
/// - the BM25 of its verbatim occurrences and of its words.
///
/// Quoted, the text must hold it verbatim. Unquoted, a document with all
/// its words apart (in the text, title or facets) also matches.
fn term_query(term: &TermPlan, fields: &Fields) -> Result<Box<dyn Query>> {
    let mut verbatim: Vec<Box<dyn Query>> = Vec::new();
    let mut in_title: Vec<Box<dyn Query>> = Vec::new();
    let mut by_words: Vec<Box<dyn Query>> = Vec::new();
    for spelling in &term.spellings {
        verbatim.push(exact(&spelling.exact, fields.grams)?);
        in_title.push(exact(&spelling.exact, fields.title_grams)?);
        if !spelling.words.is_empty() {
            // Quoted, the words only score; unquoted, all of them match.
            let words = spelling.words.iter().map(|w| word_query(w, fields));
            let all: Box<dyn Query> = if term.quoted {
                union(words.collect(), Combine::Sum)
            } else {
                Box::new(BooleanQuery::new(words.map(|q| (Occur::Must, q)).collect()))
            };
            // The mean over its words, so that a spelling with more words
            // (简政放权、放管结合、优化服务 for 放管服) scores no higher.
            by_words.push(Box::new(BoostQuery::new(
                all,
                1.0 / spelling.words.len() as f32,
            )));
        }
    }
    // The tier and the phrase frequency from one scorer per phrase.
    let tier_and_frequency: Box<dyn Query> = Box::new(Shifted::new(
        union(verbatim, Combine::Max),
        VERBATIM_SCORE,
        EXACT_BOOST,
    ));
    let title: Box<dyn Query> = Box::new(ConstScoreQuery::new(
        union(in_title, Combine::Sum),
        TITLE_SCORE,
    ));
    let mut optional = vec![title];
    if !by_words.is_empty() {
        optional.push(union(by_words, Combine::Max));
    }
    // Summed in this order, as tantivy's `should` clauses were.
    Ok(if term.quoted {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, tier_and_frequency),
            (Occur::Should, union(optional, Combine::Sum)),
        ]))
    } else {
        optional.insert(0, tier_and_frequency);
        union(optional, Combine::Sum)
    })
}

fn proximity(pair: &Proximity, fields: &Fields) -> Box<dyn Query> {
    let terms = vec![
        (0, IndexTerm::from_field_text(fields.grams, &pair.first)),
        (
            pair.offset,
            IndexTerm::from_field_text(fields.grams, &pair.second),
        ),
    ];
    let phrase = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP);
    Box::new(BoostQuery::new(Box::new(phrase), PROXIMITY_BOOST))
}

/// A word in the body, or (boosted) in the title, or among the facets.
fn word_query(word: &str, fields: &Fields) -> Box<dyn Query> {
    let in_field = |field, boost: f32| -> Box<dyn Query> {
        Box::new(BoostQuery::new(Box::new(term(field, word, true)), boost))
    };
    union(
        vec![
            in_field(fields.body, 1.0),
            in_field(fields.title_words, TITLE_BOOST),
            in_field(fields.meta_words, META_BOOST),
        ],
        Combine::Sum,
    )
}

fn term(field: Field, text: &str, with_freqs: bool) -> TermQuery {
    let option = if with_freqs {
        IndexRecordOption::WithFreqs
    } else {
        IndexRecordOption::Basic
    };
    TermQuery::new(IndexTerm::from_field_text(field, text), option)
}

/// Exact text on a bigram field.
pub fn exact(exact: &Exact, field: Field) -> Result<Box<dyn Query>> {
    let phrase = |grams: &[String]| -> Vec<(usize, IndexTerm)> {
        grams
            .iter()
            .enumerate()
            .map(|(i, g)| (i, IndexTerm::from_field_text(field, g)))
            .collect()
    };
    Ok(match exact {
        Exact::Gram(gram) => Box::new(term(field, gram, true)),
        Exact::Phrase(grams) => Box::new(PhraseQuery::new_with_offset(phrase(grams))),
        Exact::PhrasePrefix(grams) => {
            let mut q = PhrasePrefixQuery::new_with_offset(phrase(grams));
            q.set_max_expansions(PREFIX_EXPANSIONS);
            Box::new(q)
        }
        Exact::Char(c) => {
            let c = regex_escape(c);
            Box::new(RegexQuery::from_pattern(&format!("{c}.*|.{c}"), field)?)
        }
    })
}

fn filter(filter: &FilterPlan, fields: &Fields) -> Result<Box<dyn Query>> {
    Ok(match filter {
        FilterPlan::Years(years) => Box::new(RangeQuery::new(
            Bound::Included(IndexTerm::from_field_u64(
                fields.year,
                u64::from(years.from),
            )),
            Bound::Included(IndexTerm::from_field_u64(fields.year, u64::from(years.to))),
        )),
        FilterPlan::Facet { facet, values, how } => {
            let field = match facet {
                super::plan::FacetField::Region => fields.region,
                super::plan::FacetField::Unit => fields.unit,
                super::plan::FacetField::Topic => fields.topic,
                super::plan::FacetField::Kind => fields.kind,
            };
            let mut any: Clauses = Vec::new();
            for value in values {
                let pattern = how.pattern(value, regex_escape);
                any.push((
                    Occur::Should,
                    Box::new(RegexQuery::from_pattern(&pattern, field)?),
                ));
            }
            Box::new(BooleanQuery::new(any))
        }
    })
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
