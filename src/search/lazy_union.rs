//! A union of clauses that finds a child's matches only where asked.
//!
//! tantivy's union of `should` clauses (`BooleanQuery` of shoulds,
//! `DisjunctionMaxQuery`) computes the next 4,096 documents of every child
//! at once. Under a filter (`--year 2024`) or beside a rarer term, almost
//! all of that work is thrown away, and for phrases over bigrams it is most
//! of a query's cost: every candidate's positions are compared. This union
//! moves its children only as far as the intersection around it asks
//! (`seek_danger`), so a phrase is checked on the documents the other
//! clauses leave, and scores the same as tantivy's unions do.

use std::fmt;

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{
    DocId, DocSet, Score, SeekDangerResult, SegmentReader, TantivyError, Term, TERMINATED,
};

/// How the scores of the children matching a document are combined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Combine {
    /// Their sum, as a `BooleanQuery` of `should` clauses scores.
    Sum,
    /// The best of them, as a `DisjunctionMaxQuery` with no tie breaker.
    Max,
}

/// Matches what any of its clauses matches.
#[derive(Debug)]
pub struct LazyUnion {
    clauses: Vec<Box<dyn Query>>,
    combine: Combine,
}

impl LazyUnion {
    pub fn new(clauses: Vec<Box<dyn Query>>, combine: Combine) -> LazyUnion {
        LazyUnion { clauses, combine }
    }
}

impl Clone for LazyUnion {
    fn clone(&self) -> Self {
        LazyUnion {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
            combine: self.combine,
        }
    }
}

impl Query for LazyUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(LazyUnionWeight {
            weights,
            combine: self.combine,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct LazyUnionWeight {
    weights: Vec<Box<dyn Weight>>,
    combine: Combine,
}

impl LazyUnionWeight {
    /// The children placed around `target`, and whether one is on it.
    fn children(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<Vec<Child>> {
        let mut children = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let (found, scorer) = weight.scorer_danger(reader, target, boost)?;
            let state = match found {
                SeekDangerResult::Found => State::Valid,
                SeekDangerResult::SeekLowerBound(bound) => State::after(bound),
            };
            if state != State::Done {
                children.push(Child { scorer, state });
            }
        }
        Ok(children)
    }
}

impl Weight for LazyUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let (_, scorer) = self.scorer_danger(reader, 0, boost)?;
        Ok(scorer)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let children = self.children(reader, target, boost)?;
        if children.is_empty() {
            return Ok((
                SeekDangerResult::SeekLowerBound(TERMINATED),
                Box::new(EmptyScorer),
            ));
        }
        let mut union = LazyUnionScorer {
            children,
            doc: target,
            combine: self.combine,
        };
        let found = if union.any_on(target) {
            SeekDangerResult::Found
        } else if target == 0 {
            // `scorer` promises a valid scorer on its first document.
            union.settle();
            SeekDangerResult::SeekLowerBound(union.doc)
        } else {
            SeekDangerResult::SeekLowerBound(union.lower_bound())
        };
        Ok((found, Box::new(union)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        let name = match self.combine {
            Combine::Sum => "sum of",
            Combine::Max => "max of",
        };
        let mut explanation = Explanation::new(name, scorer.score());
        for weight in &self.weights {
            if let Ok(child) = weight.explain(reader, doc) {
                explanation.add_detail(child);
            }
        }
        Ok(explanation)
    }
}

/// Where a child stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// On its `doc()`, a match.
    Valid,
    /// Moved by `seek_danger` and left short of a match: none lies
    /// between its last target and this bound, and only `seek_danger`
    /// may be called on it until it finds one.
    Danger(DocId),
    /// No match left.
    Done,
}

impl State {
    fn after(bound: DocId) -> State {
        if bound >= TERMINATED {
            State::Done
        } else {
            State::Danger(bound)
        }
    }
}

struct Child {
    scorer: Box<dyn Scorer>,
    state: State,
}

impl Child {
    /// The first document it may match, as far as it is known.
    fn lower_bound(&self) -> DocId {
        match self.state {
            State::Valid => self.scorer.doc(),
            State::Danger(bound) => bound,
            State::Done => TERMINATED,
        }
    }

    fn is_on(&self, doc: DocId) -> bool {
        self.state == State::Valid && self.scorer.doc() == doc
    }

    /// Moves it to `target` if it lies before: afterwards it is on
    /// `target`, past it, or in danger with a bound past it.
    fn reach(&mut self, target: DocId) {
        let behind = match self.state {
            State::Valid => self.scorer.doc() < target,
            // The bound itself is not known to miss: it is checked.
            State::Danger(bound) => bound <= target,
            State::Done => false,
        };
        if behind {
            self.state = match self.scorer.seek_danger(target) {
                SeekDangerResult::Found => State::Valid,
                SeekDangerResult::SeekLowerBound(bound) => State::after(bound),
            };
        }
    }
}

struct LazyUnionScorer {
    children: Vec<Child>,
    /// The current document when the union is valid; its last target
    /// when it is in danger.
    doc: DocId,
    combine: Combine,
}

impl LazyUnionScorer {
    fn any_on(&self, doc: DocId) -> bool {
        self.children.iter().any(|child| child.is_on(doc))
    }

    fn lower_bound(&self) -> DocId {
        self.children
            .iter()
            .map(Child::lower_bound)
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Goes to the first match at or after every child's bound, checking
    /// only the children that could be on it.
    fn settle(&mut self) -> DocId {
        loop {
            let candidate = self.lower_bound();
            if candidate >= TERMINATED {
                self.children.clear();
                self.doc = TERMINATED;
                return TERMINATED;
            }
            for child in &mut self.children {
                child.reach(candidate);
            }
            if self.any_on(candidate) {
                self.doc = candidate;
                return candidate;
            }
        }
    }

    fn reach_all(&mut self, target: DocId) {
        for child in &mut self.children {
            child.reach(target);
        }
    }
}

impl fmt::Debug for LazyUnionScorer {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "LazyUnionScorer({} children)", self.children.len())
    }
}

impl DocSet for LazyUnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc >= TERMINATED {
            return TERMINATED;
        }
        self.reach_all(self.doc + 1);
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.doc {
            return self.doc;
        }
        self.reach_all(target);
        self.settle()
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= TERMINATED {
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        self.reach_all(target);
        self.doc = target;
        if self.any_on(target) {
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(self.lower_bound())
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|child| child.scorer.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.children.iter().map(|child| child.scorer.cost()).sum()
    }
}

impl Scorer for LazyUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        // In child order and in tantivy's arithmetic, so that scores equal
        // those of the unions this replaces to the last bit.
        let (mut sum, mut max) = (0.0, 0.0);
        for child in &mut self.children {
            if child.is_on(doc) {
                let score = child.scorer.score();
                sum += score;
                max = Score::max(score, max);
            }
        }
        match self.combine {
            Combine::Sum => sum,
            Combine::Max => max + (sum - max) * 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
        TermQuery,
    };
    use tantivy::schema::{IndexRecordOption, Schema, STRING, TEXT};
    use tantivy::{doc, Index, Searcher};

    struct Fixture {
        searcher: Searcher,
        body: tantivy::schema::Field,
        tag: tantivy::schema::Field,
    }

    /// Enough documents for several of tantivy's 4,096-document windows
    /// and blocks of postings, with phrases that match and that do not.
    fn fixture() -> Fixture {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        let texts = [
            "a b c",
            "b a",
            "x a b y a b",
            "c c d",
            "d a",
            "b b a b",
            "y z",
        ];
        for i in 0..9_000usize {
            let text = texts[(i * 7 + i / 13) % texts.len()];
            let tag_value = if i % 97 == 0 { "rare" } else { "common" };
            writer
                .add_document(doc!(body => text, tag => tag_value))
                .expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        Fixture {
            searcher,
            body,
            tag,
        }
    }

    impl Fixture {
        fn term(&self, text: &str) -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(self.body, text),
                IndexRecordOption::WithFreqs,
            ))
        }

        fn phrase(&self, words: &[&str]) -> Box<dyn Query> {
            let terms = words
                .iter()
                .map(|w| Term::from_field_text(self.body, w))
                .collect();
            Box::new(PhraseQuery::new(terms))
        }

        /// Every clause kind the search builds unions of.
        fn clauses(&self) -> Vec<Box<dyn Query>> {
            vec![
                self.phrase(&["a", "b"]),
                Box::new(ConstScoreQuery::new(self.phrase(&["c", "d"]), 3.0)),
                Box::new(BoostQuery::new(self.term("y"), 2.0)),
                self.phrase(&["b", "a"]),
            ]
        }

        fn rare(&self) -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.tag, "rare"),
                    IndexRecordOption::Basic,
                )),
                0.0,
            ))
        }

        fn ranked(&self, query: &dyn Query) -> Vec<(Score, tantivy::DocAddress)> {
            self.searcher
                .search(query, &TopDocs::with_limit(20_000).order_by_score())
                .expect("search")
        }
    }

    fn assert_same(
        expected: Vec<(Score, tantivy::DocAddress)>,
        got: Vec<(Score, tantivy::DocAddress)>,
    ) {
        assert!(!expected.is_empty());
        assert_eq!(expected.len(), got.len());
        let key = |hits: Vec<(Score, tantivy::DocAddress)>| {
            let mut hits: Vec<(u32, u32)> = hits
                .into_iter()
                .map(|(score, address)| (address.doc_id, score.to_bits()))
                .collect();
            hits.sort_unstable();
            hits
        };
        assert_eq!(key(expected), key(got));
    }

    /// The same documents with the same scores, bit for bit, as tantivy's
    /// unions, alone and under a filter that makes the intersection seek.
    #[test]
    fn scores_as_tantivy_unions_do() {
        let f = fixture();
        let shoulds = |clauses: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        let filtered = |query: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, f.rare()),
                (Occur::Must, query),
            ]))
        };
        let pairs: Vec<(Box<dyn Query>, Box<dyn Query>)> = vec![
            (
                shoulds(f.clauses()),
                Box::new(LazyUnion::new(f.clauses(), Combine::Sum)),
            ),
            (
                Box::new(DisjunctionMaxQuery::new(f.clauses())),
                Box::new(LazyUnion::new(f.clauses(), Combine::Max)),
            ),
        ];
        for (tantivy_union, lazy) in pairs {
            assert_same(f.ranked(tantivy_union.as_ref()), f.ranked(lazy.as_ref()));
            let (a, b) = (
                filtered(tantivy_union.box_clone()),
                filtered(lazy.box_clone()),
            );
            assert_same(f.ranked(a.as_ref()), f.ranked(b.as_ref()));
            let count = |q: &dyn Query| f.searcher.search(q, &Count).expect("count");
            assert_eq!(count(a.as_ref()), count(b.as_ref()));
            assert_eq!(count(tantivy_union.as_ref()), count(lazy.as_ref()));
        }
    }

    /// Nested, and beside a phrase that must match, as a term's clause is.
    #[test]
    fn nests_and_intersects() {
        let f = fixture();
        let inner = |lazy: bool| -> Box<dyn Query> {
            let clauses = vec![f.phrase(&["x", "a"]), f.term("z")];
            if lazy {
                Box::new(LazyUnion::new(clauses, Combine::Max))
            } else {
                Box::new(DisjunctionMaxQuery::new(clauses))
            }
        };
        let outer = |lazy: bool| -> Box<dyn Query> {
            let clauses = vec![f.phrase(&["a", "b"]), inner(lazy), f.term("d")];
            let union: Box<dyn Query> = if lazy {
                Box::new(LazyUnion::new(clauses, Combine::Sum))
            } else {
                Box::new(BooleanQuery::new(
                    clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
                ))
            };
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, union),
                (Occur::Must, f.phrase(&["b", "a"])),
                (Occur::Must, f.rare()),
            ]))
        };
        assert_same(
            f.ranked(outer(false).as_ref()),
            f.ranked(outer(true).as_ref()),
        );
    }

    #[test]
    fn explains_a_match() {
        let f = fixture();
        let lazy = LazyUnion::new(f.clauses(), Combine::Sum);
        let (score, address) = f.ranked(&lazy)[0];
        let explanation = lazy.explain(&f.searcher, address).expect("explain");
        assert_eq!(explanation.value(), score);
    }
}
