//! The query plan: what a parsed query asks of an index, whichever engine
//! runs it. Spellings from the lexicon, segmentation into words, the grams
//! of exact text and the ranking policy are decided here, once; the tantivy
//! executor ([`super::tantivy_query`]) and the OpenSearch one
//! ([`crate::opensearch::query`]) only translate a [`Plan`].
//!
//! Both engines index the same tokens (the indexer's grams and jieba
//! words), so a plan matches the same documents on either.

use anyhow::{bail, Result};

use super::syntax::{self, Filters, ParsedQuery, YearRange};
use super::HighlightWord;
use crate::analysis::{bigrams, is_term_char, normalise, Segmenter};
use crate::lexicon::Lexicon;

/// Score given to each term found verbatim (in any of its spellings, once),
/// far above any BM25 score, so documents with more terms verbatim always
/// rank above scattered matches.
pub const VERBATIM_SCORE: f32 = 1000.0;
/// Score given to each term found verbatim in the title: below a term of
/// the body, above any BM25 score, so among documents with the same terms
/// verbatim those whose title holds them come first.
pub const TITLE_SCORE: f32 = 400.0;
/// Score of a query that is the document's whole title (`食品安全法` for
/// 中华人民共和国食品安全法): the item sought, above documents that only
/// cite it in their titles (实施条例, 实施办法).
pub const WHOLE_TITLE_SCORE: f32 = 300.0;
/// Weight of a word found in the title relative to the body.
pub const TITLE_BOOST: f32 = 3.0;
/// Weight of a word found only among the facets (year, place, unit, kind).
pub const META_BOOST: f32 = 0.5;
/// Weight of the BM25 of a term's verbatim occurrences (phrase frequency):
/// frequent exact use outranks a passing mention within a tier.
pub const EXACT_BOOST: f32 = 2.0;
/// Two terms within this many characters of each other count as close.
pub const PROXIMITY_SLOP: u32 = 30;
/// Weight of two query terms found close together.
pub const PROXIMITY_BOOST: f32 = 2.0;
/// How many terms a single-character prefix may expand to in a phrase.
pub const PREFIX_EXPANSIONS: u32 = 50_000;

/// Everything a query requires, excludes, filters and scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Every clause must match.
    pub clauses: Vec<Clause>,
    /// Pairs of consecutive terms that score when close together.
    pub proximity: Vec<Proximity>,
    /// Keys of the whole title a one-term query may name (scores only).
    pub title_keys: Vec<String>,
    pub filters: Vec<FilterPlan>,
    /// Exact texts no matching document may hold.
    pub excluded: Vec<Exact>,
}

/// One required clause: alternatives (`A OR B`), the best of which scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub terms: Vec<TermPlan>,
}

/// One query term with its spellings (`计生` and `计划生育` are one term):
/// it matches when any spelling does, and scores once.
#[derive(Debug, Clone, PartialEq)]
pub struct TermPlan {
    /// Quoted: only verbatim text matches. Unquoted, a document with all
    /// the words of a spelling apart matches too.
    pub quoted: bool,
    pub spellings: Vec<Spelling>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spelling {
    pub text: String,
    /// The spelling verbatim, on a bigram field (the text's or the title's).
    pub exact: Exact,
    /// Its jieba words, on the word fields.
    pub words: Vec<String>,
}

/// Exact text over the bigram fields (see [`crate::analysis::bigrams`]).
/// The text's last run of characters may continue in the document, so its
/// final gram is never required; when that run is one character, it is a
/// prefix of whatever gram starts there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exact {
    /// One gram.
    Gram(String),
    /// Grams at consecutive positions.
    Phrase(Vec<String>),
    /// Grams at consecutive positions, the last one a prefix.
    PhrasePrefix(Vec<String>),
    /// A single character alone (with any separators after it): any gram
    /// that starts or ends with it.
    Char(String),
}

/// Two terms' first grams, `offset` positions apart at best, that score
/// when within [`PROXIMITY_SLOP`] of that, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proximity {
    pub first: String,
    pub second: String,
    pub offset: usize,
}

/// A facet filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterPlan {
    Years(YearRange),
    /// Any of `values` (normalised) matches the facet as `how` says.
    Facet {
        facet: FacetField,
        values: Vec<String>,
        how: FacetMatch,
    },
}

/// The string facets a filter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    Region,
    Unit,
    Topic,
    Kind,
}

impl FacetField {
    /// The field's name in both engines' schemas.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Region => "region",
            FacetField::Unit => "unit",
            FacetField::Topic => "topic",
            FacetField::Kind => "kind",
        }
    }
}

/// How a filter value matches a facet value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetMatch {
    /// A level of the region path starts with it: 广东 finds 广东省/江门市.
    AnyLevel,
    /// The value contains it.
    Contains,
}

impl FacetMatch {
    /// The whole-value regular expression for a normalised filter value;
    /// `escape` quotes the characters the engine's regex syntax reserves.
    pub fn pattern(self, value: &str, escape: impl Fn(&str) -> String) -> String {
        match self {
            FacetMatch::AnyLevel => format!("(.*/)?{}[^/]*", escape(value)),
            FacetMatch::Contains => format!(".*{}.*", escape(value)),
        }
    }
}

/// The verbatim forms of a query's positive terms, each spelling: what a
/// reader marks and what trends and KWIC count.
pub fn needles(query: &ParsedQuery, lexicon: &Lexicon) -> Vec<String> {
    let mut needles: Vec<String> = Vec::new();
    for term in query.positive_terms().flat_map(|t| spellings(lexicon, t)) {
        if !needles.contains(&term.text) {
            needles.push(term.text);
        }
    }
    needles
}

/// Words to highlight: each term verbatim, and its jieba words of two or
/// more characters (single characters would light up every line).
pub fn highlight_words(
    query: &ParsedQuery,
    lexicon: &Lexicon,
    segmenter: &Segmenter,
) -> Vec<HighlightWord> {
    let mut words: Vec<HighlightWord> = Vec::new();
    let mut push = |text: String, weight: u32| {
        if !words.iter().any(|w| w.text == text) {
            words.push(HighlightWord { text, weight });
        }
    };
    for term in query.positive_terms().flat_map(|t| spellings(lexicon, t)) {
        push(term.text.clone(), 3);
        if !term.quoted {
            for word in segmenter.query_words(&term.text) {
                if word.chars().count() >= 2 {
                    push(word, 1);
                }
            }
        }
    }
    words
}

/// Builds the plan of a query.
pub fn plan(query: &ParsedQuery, lexicon: &Lexicon, segmenter: &Segmenter) -> Result<Plan> {
    let mut clauses = Vec::new();
    for alternatives in &query.clauses {
        let mut terms = Vec::new();
        for term in alternatives {
            terms.push(term_plan(term, query.literal, lexicon, segmenter)?);
        }
        clauses.push(Clause { terms });
    }
    let mut excluded = Vec::new();
    for term in query.excluded.iter().flat_map(|t| spellings(lexicon, t)) {
        excluded.push(Exact::of(&term.text)?);
    }
    Ok(Plan {
        clauses,
        proximity: proximity(query),
        title_keys: whole_title_keys(query, lexicon),
        filters: filters(&query.filters),
        excluded,
    })
}

/// A term and its other spellings from the lexicon (`计生` and
/// `计划生育`), each searched as the term would be.
pub fn spellings(lexicon: &Lexicon, term: &syntax::Term) -> Vec<syntax::Term> {
    lexicon
        .variants(&term.text)
        .into_iter()
        .map(|text| syntax::Term {
            text,
            quoted: term.quoted,
        })
        .collect()
}

fn term_plan(
    term: &syntax::Term,
    literal: bool,
    lexicon: &Lexicon,
    segmenter: &Segmenter,
) -> Result<TermPlan> {
    let forms = if literal {
        vec![term.clone()]
    } else {
        spellings(lexicon, term)
    };
    let mut out = Vec::new();
    for form in forms {
        out.push(Spelling {
            exact: Exact::of(&form.text)?,
            words: segmenter.query_words(&form.text),
            text: form.text,
        });
    }
    Ok(TermPlan {
        quoted: term.quoted,
        spellings: out,
    })
}

impl Exact {
    /// The exact form of normalised text.
    pub fn of(normalised: &str) -> Result<Exact> {
        let mut grams = bigrams(normalised);
        let Some(last) = grams.pop() else {
            bail!("`{normalised}` has nothing to search for");
        };
        let single_char_run = grams
            .last()
            .is_none_or(|g| g.text.chars().count() != 2 || !g.text.chars().all(is_term_char));
        let mut texts: Vec<String> = grams.into_iter().map(|g| g.text).collect();
        if !single_char_run {
            return Ok(match texts.len() {
                1 => Exact::Gram(texts.remove(0)),
                _ => Exact::Phrase(texts),
            });
        }
        if texts.is_empty() {
            return Ok(Exact::Char(last.text));
        }
        texts.push(last.text);
        Ok(Exact::PhrasePrefix(texts))
    }
}

/// Consecutive terms of the query, by their first full bigram, in either
/// order.
fn proximity(query: &ParsedQuery) -> Vec<Proximity> {
    let heads: Vec<(usize, String)> = query
        .clauses
        .iter()
        .filter_map(|alternatives| alternatives.first())
        .filter_map(|term| {
            let first = bigrams(&term.text).into_iter().next()?;
            (first.text.chars().count() == 2).then(|| (term.text.chars().count(), first.text))
        })
        .collect();
    let mut out = Vec::new();
    for pair in heads.windows(2) {
        for (a, b) in [(&pair[0], &pair[1]), (&pair[1], &pair[0])] {
            out.push(Proximity {
                first: a.1.clone(),
                second: b.1.clone(),
                offset: a.0,
            });
        }
    }
    out
}

/// The title keys a one-term query names, in any spelling.
fn whole_title_keys(query: &ParsedQuery, lexicon: &Lexicon) -> Vec<String> {
    let [alternatives] = &query.clauses[..] else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for term in alternatives.iter().flat_map(|t| spellings(lexicon, t)) {
        for key in crate::index::title_keys(&term.text) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

fn filters(filters: &Filters) -> Vec<FilterPlan> {
    let mut out = Vec::new();
    if let Some(years) = filters.years {
        out.push(FilterPlan::Years(years));
    }
    let facets = [
        (FacetField::Region, &filters.region, FacetMatch::AnyLevel),
        (FacetField::Unit, &filters.unit, FacetMatch::Contains),
        (FacetField::Topic, &filters.topic, FacetMatch::Contains),
        (FacetField::Kind, &filters.kind, FacetMatch::Contains),
    ];
    for (facet, values, how) in facets {
        if !values.is_empty() {
            out.push(FilterPlan::Facet {
                facet,
                values: values.iter().map(|v| normalise(v)).collect(),
                how,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_forms_follow_the_last_run() {
        assert_eq!(
            Exact::of("计划生育").ok(),
            Some(Exact::Phrase(vec![
                "计划".into(),
                "划生".into(),
                "生育".into()
            ]))
        );
        assert_eq!(Exact::of("计划").ok(), Some(Exact::Gram("计划".into())));
        assert_eq!(Exact::of("计").ok(), Some(Exact::Char("计".into())));
        assert_eq!(
            Exact::of("生育，好").ok(),
            Some(Exact::PhrasePrefix(vec![
                "生育".into(),
                "育，".into(),
                "好".into()
            ]))
        );
        assert!(Exact::of("，").is_err());
    }
}
