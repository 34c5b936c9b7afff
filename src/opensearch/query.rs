//! The OpenSearch executor: a [`Plan`] as query DSL. Each part mirrors the
//! tantivy executor ([`crate::search::tantivy_query`]) clause for clause:
//! verbatim text is a phrase over the grams, words apart a `bool` of
//! terms, spellings `should`, exclusions `must_not`, filters `term`,
//! `range` and `regexp`.

use serde_json::{json, Value};

use super::mapping::TOKENS_ANALYZER;
use crate::search::plan::{
    Clause, Exact, FilterPlan, Plan, Proximity, TermPlan, EXACT_BOOST, META_BOOST,
    PREFIX_EXPANSIONS, PROXIMITY_BOOST, PROXIMITY_SLOP, TITLE_BOOST, TITLE_SCORE, VERBATIM_SCORE,
    WHOLE_TITLE_SCORE,
};

/// The query of a plan.
pub fn compile(plan: &Plan) -> Value {
    let mut must: Vec<Value> = plan.clauses.iter().map(clause).collect();
    if must.is_empty() {
        must.push(json!({"match_all": {}}));
    }
    let mut should: Vec<Value> = plan.proximity.iter().map(proximity).collect();
    if !plan.title_keys.is_empty() {
        let keys: Vec<Value> = plan
            .title_keys
            .iter()
            .map(|k| json!({"term": {"title_key": k}}))
            .collect();
        should.push(constant(any(keys), WHOLE_TITLE_SCORE));
    }
    let filter: Vec<Value> = plan.filters.iter().map(filter).collect();
    let must_not: Vec<Value> = plan.excluded.iter().map(|e| exact(e, "grams")).collect();
    json!({"bool": {"must": must, "should": should, "filter": filter, "must_not": must_not}})
}

/// `A OR B`: the better of its terms scores the clause.
fn clause(clause: &Clause) -> Value {
    let mut options: Vec<Value> = clause.terms.iter().map(term_query).collect();
    if options.len() == 1 {
        options.remove(0)
    } else {
        json!({"dis_max": {"queries": options}})
    }
}

/// See the tantivy executor's `term_query`: the verbatim tier, the title
/// tier, the phrase frequency and the words apart.
fn term_query(term: &TermPlan) -> Value {
    let mut verbatim = Vec::new();
    let mut in_title = Vec::new();
    let mut by_words = Vec::new();
    for spelling in &term.spellings {
        verbatim.push(exact(&spelling.exact, "grams"));
        in_title.push(exact(&spelling.exact, "title_grams"));
        if !spelling.words.is_empty() {
            let words: Vec<Value> = spelling.words.iter().map(|w| word_query(w)).collect();
            let occur = if term.quoted { "should" } else { "must" };
            by_words.push(json!({"bool": {
                occur: words,
                "boost": 1.0 / spelling.words.len() as f32,
            }}));
        }
    }
    let tier = constant(any(verbatim.clone()), VERBATIM_SCORE);
    let title = constant(any(in_title), TITLE_SCORE);
    let frequency = json!({"dis_max": {"queries": verbatim, "boost": EXACT_BOOST}});
    let mut should = vec![title, frequency];
    if !by_words.is_empty() {
        should.push(json!({"dis_max": {"queries": by_words}}));
    }
    if term.quoted {
        json!({"bool": {"must": [tier], "should": should}})
    } else {
        should.insert(0, tier);
        json!({"bool": {"should": should}})
    }
}

/// Two grams within the slop of their offset, in this order.
fn proximity(pair: &Proximity) -> Value {
    let slop = PROXIMITY_SLOP as usize + pair.offset.saturating_sub(1);
    json!({"span_near": {
        "clauses": [
            {"span_term": {"grams": pair.first}},
            {"span_term": {"grams": pair.second}},
        ],
        "slop": slop,
        "in_order": true,
        "boost": PROXIMITY_BOOST,
    }})
}

/// A word in the body, or (boosted) in the title, or among the facets.
fn word_query(word: &str) -> Value {
    json!({"bool": {"should": [
        {"term": {"body": {"value": word}}},
        {"term": {"title_words": {"value": word, "boost": TITLE_BOOST}}},
        {"term": {"meta_words": {"value": word, "boost": META_BOOST}}},
    ]}})
}

/// Exact text on a bigram field: grams one per line, as indexed.
pub fn exact(exact: &Exact, field: &str) -> Value {
    match exact {
        Exact::Gram(gram) => json!({"term": {field: gram}}),
        Exact::Phrase(grams) => json!({"match_phrase": {field: {
            "query": grams.join("\n"),
            "analyzer": TOKENS_ANALYZER,
        }}}),
        Exact::PhrasePrefix(grams) => json!({"match_phrase_prefix": {field: {
            "query": grams.join("\n"),
            "analyzer": TOKENS_ANALYZER,
            "max_expansions": PREFIX_EXPANSIONS,
        }}}),
        Exact::Char(c) => {
            let c = regex_escape(c);
            json!({"regexp": {field: {"value": format!("{c}.*|.{c}"), "flags": "NONE"}}})
        }
    }
}

fn filter(filter: &FilterPlan) -> Value {
    match filter {
        FilterPlan::Years(years) => {
            json!({"range": {"year": {"gte": years.from, "lte": years.to}}})
        }
        FilterPlan::Facet { facet, values, how } => {
            let field = facet.name();
            any(values
                .iter()
                .map(|v| {
                    json!({"regexp": {field: {
                        "value": how.pattern(v, regex_escape),
                        "flags": "NONE",
                    }}})
                })
                .collect())
        }
    }
}

fn any(queries: Vec<Value>) -> Value {
    json!({"bool": {"should": queries, "minimum_should_match": 1}})
}

fn constant(filter: Value, score: f32) -> Value {
    json!({"constant_score": {"filter": filter, "boost": score}})
}

/// Lucene's regular expressions reserve more characters than tantivy's;
/// any escaped character is literal in both.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"@<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
