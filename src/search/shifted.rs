//! A query that scores `shift + scale × inner`: a verbatim match's tier
//! and its phrase frequency from one phrase scorer.
//!
//! Written as `ConstScore(phrase) + Boost(phrase)`, tantivy would match
//! every verbatim phrase twice, reading the positions of its grams twice;
//! phrases are the costliest part of a query.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// Matches what `inner` matches, scored `shift + scale × inner`.
#[derive(Debug)]
pub struct Shifted {
    inner: Box<dyn Query>,
    shift: Score,
    scale: Score,
}

impl Shifted {
    pub fn new(inner: Box<dyn Query>, shift: Score, scale: Score) -> Shifted {
        Shifted {
            inner,
            shift,
            scale,
        }
    }
}

impl Clone for Shifted {
    fn clone(&self) -> Self {
        Shifted {
            inner: self.inner.box_clone(),
            shift: self.shift,
            scale: self.scale,
        }
    }
}

impl Query for Shifted {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.inner.weight(scoring)?;
        if !scoring.is_scoring_enabled() {
            return Ok(inner);
        }
        Ok(Box::new(ShiftedWeight {
            inner,
            shift: self.shift,
            scale: self.scale,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor)
    }
}

struct ShiftedWeight {
    inner: Box<dyn Weight>,
    shift: Score,
    scale: Score,
}

impl Weight for ShiftedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // A parent's boost multiplies the whole score, shift included, as it
        // would multiply a constant-score clause beside a boosted one.
        Ok(Box::new(ShiftedScorer {
            inner: self.inner.scorer(reader, boost * self.scale)?,
            shift: self.shift * boost,
        }))
    }

    /// Placed where the intersection around it asks, so that a phrase is
    /// not matched ahead to its first document.
    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(tantivy::SeekDangerResult, Box<dyn Scorer>)> {
        let (found, inner) = self
            .inner
            .scorer_danger(reader, target, boost * self.scale)?;
        let scorer = ShiftedScorer {
            inner,
            shift: self.shift * boost,
        };
        Ok((found, Box::new(scorer)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new_with_string(
            format!("{} + {} × …", self.shift, self.scale),
            self.shift + self.scale * inner.value(),
        );
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct ShiftedScorer {
    inner: Box<dyn Scorer>,
    shift: Score,
}

impl fmt::Debug for ShiftedScorer {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "ShiftedScorer(+{})", self.shift)
    }
}

impl DocSet for ShiftedScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> tantivy::SeekDangerResult {
        self.inner.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for ShiftedScorer {
    fn score(&mut self) -> Score {
        self.shift + self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    /// One scorer gives what the constant tier and the boosted phrase give
    /// as two clauses, for every document, under a parent's boost too.
    #[test]
    fn scores_as_a_constant_plus_a_boosted_phrase() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        for text in ["a b c", "a b a b", "b a", "x a b y a b z a b", "c c"] {
            writer.add_document(doc!(body => text)).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let phrase = || -> Box<dyn Query> {
            Box::new(PhraseQuery::new(vec![
                Term::from_field_text(body, "a"),
                Term::from_field_text(body, "b"),
            ]))
        };
        let two_clauses = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(phrase(), 7.0)) as Box<dyn Query>,
            ),
            (Occur::Should, Box::new(BoostQuery::new(phrase(), 2.5))),
        ]);
        let one = Shifted::new(phrase(), 7.0, 2.5);
        for boost in [1.0, 3.0] {
            let top = |query: Box<dyn Query>| {
                let query = BoostQuery::new(query, boost);
                searcher
                    .search(&query, &TopDocs::with_limit(10).order_by_score())
                    .expect("search")
            };
            let (expected, got) = (
                top(Box::new(two_clauses.clone())),
                top(Box::new(one.clone())),
            );
            assert_eq!(expected.len(), 3);
            assert_eq!(expected.len(), got.len());
            for ((a, doc_a), (b, doc_b)) in expected.iter().zip(&got) {
                assert_eq!(doc_a, doc_b);
                assert!((a - b).abs() < 1e-4, "{a} vs {b}");
            }
        }
    }
}
