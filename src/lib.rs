//! govsearch: full-text search for Chinese government reports.
//!
//! The pipeline, in the order data flows through it:
//! [`read`] files and decode them → [`clean`] away page furniture (a
//! hard-wrapped text read as its writer's lines, see [`reflow`]) →
//! extract [`facets`] (year, region, unit, kind, topics) into a
//! [`document::Document`] → [`analysis`] (normaliser, jieba words, character
//! bigrams) → [`index`] with tantivy → [`search`] (query language, ranking,
//! facet counts, snippets) → [`render`] for the terminal or as JSON.
//! [`lexicon`] holds the government words and abbreviations that analysis
//! and search share. [`eval`] measures recall against an exact scan, and
//! facets against a corpus's catalogue; [`bench`] measures speed and
//! generates corpora for scale. [`opensearch`] runs the same pipeline and
//! the same query plans on an OpenSearch cluster.

pub mod analysis;
pub mod archive;
pub mod bench;
pub mod clean;
pub mod document;
pub mod eval;
pub mod facets;
pub mod fuzzing;
pub mod index;
pub mod lexicon;
pub mod opensearch;
pub mod read;
pub mod reflow;
pub mod render;
pub mod search;
pub mod text;
