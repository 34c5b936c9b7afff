//! The archive's views over search results: trends (how often a term is
//! used, by year, region or kind), keyword-in-context lines, and the
//! document reader's match offsets. Counts are exact: occurrences of the
//! text in the indexed form of each document (layout removed), the same
//! form search matches, so they equal an exact scan of the cleaned texts.
//! Copies of one report count once unless asked otherwise.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use crate::search::syntax::Term;
use crate::search::{Engine, Filters, ParsedQuery, StoredDoc};
use crate::text::Normalised;

/// What a trend is split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Year,
    Region,
    Kind,
}

impl By {
    pub fn parse(text: &str) -> Option<By> {
        match text {
            "year" => Some(By::Year),
            "region" => Some(By::Region),
            "kind" => Some(By::Kind),
            _ => None,
        }
    }

    /// A document's group: its year, its province (or 全国), its kind.
    fn key(self, doc: &StoredDoc) -> Option<String> {
        match self {
            By::Year => doc.year.map(|y| y.to_string()),
            By::Region => doc
                .region
                .as_deref()
                .and_then(|r| r.split('/').next())
                .map(str::to_string),
            By::Kind => doc.kind.clone(),
        }
    }
}

/// One group of a trend.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Point {
    pub key: String,
    /// Occurrences of the term.
    pub count: u64,
    /// Documents that contain it.
    pub docs: u64,
    /// Documents in the group, and their characters.
    pub group_docs: u64,
    pub chars: u64,
    /// Occurrences per 10,000 characters of the group.
    pub per_10k: f64,
}

/// A term's trend.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub term: String,
    /// The spellings counted (the term alone unless spellings were asked for).
    pub spellings: Vec<String>,
    pub series: Vec<Point>,
    /// The first group the term appears in, and groups where its rate is
    /// at least twice the mean of the groups before (for years).
    pub first: Option<String>,
    pub spikes: Vec<String>,
}

/// A trend request: terms, the filters every document must pass, the split.
pub struct TrendRequest<'a> {
    pub terms: &'a [String],
    pub filters: &'a Filters,
    pub by: By,
    pub spellings: bool,
    pub all_copies: bool,
    /// Texts kept from earlier requests (a server's), or none.
    pub cache: Option<&'a TextCache>,
}

/// Most text a [`TextCache`] keeps, in bytes; beyond, texts are read anew.
const CACHE_BYTES: usize = 1 << 30;

/// The indexed form and the groups of documents a long-running server has
/// read once, so that later trends only count: reading and normalising the
/// stored texts is nearly all of a trend's time.
#[derive(Default)]
pub struct TextCache {
    docs: std::sync::RwLock<
        std::collections::HashMap<(tantivy::index::SegmentId, u32), std::sync::Arc<Cached>>,
    >,
    bytes: std::sync::atomic::AtomicUsize,
}

/// One document as trends need it.
struct Cached {
    text: String,
    year: Option<String>,
    region: Option<String>,
    kind: Option<String>,
}

impl Cached {
    fn read(engine: &Engine, address: tantivy::DocAddress) -> Result<Cached> {
        let doc = engine.stored(address)?;
        Ok(Cached {
            text: crate::text::indexed_form(&doc.text, !doc.simplified),
            year: By::Year.key(&doc),
            region: By::Region.key(&doc),
            kind: By::Kind.key(&doc),
        })
    }

    fn key(&self, by: By) -> Option<&String> {
        match by {
            By::Year => self.year.as_ref(),
            By::Region => self.region.as_ref(),
            By::Kind => self.kind.as_ref(),
        }
    }
}

impl TextCache {
    /// Reads the documents of `engine` into the cache until it is full, on
    /// the calling thread: a server's first trends under load then count
    /// in kept texts instead of all reading the index at once (under load
    /// at 1x, trend p99 231-243 ms cold, 4-6 ms warm).
    pub fn warm(&self, engine: &Engine) -> Result<usize> {
        let searcher = engine.searcher();
        let mut read = 0;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc_id in segment.doc_ids_alive() {
                if self.is_full() {
                    return Ok(read);
                }
                let address = tantivy::DocAddress::new(ord as u32, doc_id);
                self.get(engine, segment.segment_id(), address)?;
                read += 1;
            }
        }
        Ok(read)
    }

    /// Forgets the texts of segments `engine` no longer has: after a
    /// reload they would hold the budget, and new texts go unkept.
    pub fn keep_only(&self, engine: &Engine) {
        let searcher = engine.searcher();
        let live: std::collections::HashSet<_> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        if let Ok(mut docs) = self.docs.write() {
            docs.retain(|(segment, _), _| live.contains(segment));
            let bytes = docs.values().map(|d| d.text.len()).sum();
            self.bytes
                .store(bytes, std::sync::atomic::Ordering::Relaxed);
        }
    }

    fn is_full(&self) -> bool {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed) >= CACHE_BYTES
    }

    fn get(
        &self,
        engine: &Engine,
        segment: tantivy::index::SegmentId,
        address: tantivy::DocAddress,
    ) -> Result<std::sync::Arc<Cached>> {
        use std::sync::atomic::Ordering;
        let key = (segment, address.doc_id);
        if let Some(found) = self.docs.read().ok().and_then(|d| d.get(&key).cloned()) {
            return Ok(found);
        }
        let cached = std::sync::Arc::new(Cached::read(engine, address)?);
        if !self.is_full() {
            self.bytes.fetch_add(cached.text.len(), Ordering::Relaxed);
            if let Ok(mut docs) = self.docs.write() {
                docs.insert(key, cached.clone());
            }
        }
        Ok(cached)
    }
}

/// A term as typed, quoted: what trends and KWIC count.
fn quoted_term(term: &str) -> Result<ParsedQuery> {
    crate::search::parse(&format!("\"{}\"", term.replace('"', "")))
        .map_err(|e| anyhow::anyhow!("`{term}`: {}", e.0))
}

/// Counts each term in every group of documents passing the filters.
pub fn trend(engine: &Engine, request: &TrendRequest) -> Result<Vec<Series>> {
    let everything = ParsedQuery {
        filters: request.filters.clone(),
        ..ParsedQuery::default()
    };
    // The documents that pass the filters, by group: (documents, characters).
    let mut groups: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let documents = engine.matching_documents(&everything, request.all_copies)?;
    for (key, chars) in group_keys(engine, &documents, request.by)? {
        if let Some(key) = key {
            let size = groups.entry(key).or_default();
            size.0 += 1;
            size.1 += chars;
        }
    }
    let mut out = Vec::new();
    for term in request.terms {
        let query = quoted_term(term)?;
        let needles = if request.spellings {
            engine.needles(&query)
        } else {
            query.positive_terms().map(|t| t.text.clone()).collect()
        };
        let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        let mut with_term = ParsedQuery {
            filters: request.filters.clone(),
            ..query.clone()
        };
        if request.spellings {
            with_term = spelled_out(with_term, &needles);
        } else {
            with_term = verbatim_only(with_term);
        }
        let containing = engine.matching_documents(&with_term, request.all_copies)?;
        for (key, n) in counted(engine, &containing, request.by, &needles, request.cache)? {
            let c = counts.entry(key).or_default();
            c.0 += n;
            c.1 += 1;
        }
        let series: Vec<Point> = groups
            .iter()
            .map(|(key, &(group_docs, chars))| {
                let (count, docs) = counts.get(key).copied().unwrap_or_default();
                Point {
                    key: key.clone(),
                    count,
                    docs,
                    group_docs,
                    chars,
                    per_10k: if chars == 0 {
                        0.0
                    } else {
                        count as f64 * 10_000.0 / chars as f64
                    },
                }
            })
            .collect();
        let (first, spikes) = debut_and_spikes(&series);
        out.push(Series {
            term: term.clone(),
            spellings: needles,
            series,
            first,
            spikes,
        });
    }
    Ok(out)
}

/// Each document's group and size, from the fast fields (no stored text
/// is read for the documents that do not contain the term).
fn group_keys(
    engine: &Engine,
    documents: &[tantivy::DocAddress],
    by: By,
) -> Result<Vec<(Option<String>, u64)>> {
    let searcher = engine.searcher();
    let mut out = Vec::with_capacity(documents.len());
    let mut text = String::new();
    let mut columns = Vec::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        columns.push((
            fast.u64("chars")?,
            fast.u64("year")?,
            fast.str("region")?,
            fast.str("kind")?,
        ));
    }
    for address in documents {
        let Some((chars, years, regions, kinds)) = columns.get(address.segment_ord as usize) else {
            continue;
        };
        let doc = address.doc_id;
        let key = match by {
            By::Year => years.first(doc).map(|y| y.to_string()),
            By::Region | By::Kind => {
                let column = if by == By::Region { regions } else { kinds };
                // Region levels are stored top-down: the shortest is the province.
                let mut best: Option<String> = None;
                if let Some(column) = column {
                    for ord in column.term_ords(doc) {
                        text.clear();
                        if column.ord_to_str(ord, &mut text)?
                            && best.as_ref().is_none_or(|b| text.len() < b.len())
                        {
                            best = Some(text.clone());
                        }
                    }
                }
                best
            }
        };
        out.push((key, chars.first(doc).unwrap_or(0)));
    }
    Ok(out)
}

/// The query with every needle a term of its own alternatives, quoted.
fn spelled_out(mut query: ParsedQuery, needles: &[String]) -> ParsedQuery {
    query.clauses = vec![needles
        .iter()
        .map(|n| Term {
            text: n.clone(),
            quoted: true,
        })
        .collect()];
    query.literal = true;
    query
}

/// The query's terms searched as typed, no other spellings.
fn verbatim_only(mut query: ParsedQuery) -> ParsedQuery {
    for term in query.clauses.iter_mut().flatten() {
        term.quoted = true;
    }
    query.literal = true;
    query
}

/// Groups before a point that its rate is compared with.
const SPIKE_WINDOW: usize = 3;

/// The first group with the term, and its spikes: groups whose rate is at
/// least twice the mean of the `SPIKE_WINDOW` groups before them (a term's
/// debut is its first appearance, not a spike).
fn debut_and_spikes(series: &[Point]) -> (Option<String>, Vec<String>) {
    let first = series.iter().position(|p| p.count > 0);
    let mut spikes = Vec::new();
    if let Some(first) = first {
        for i in first + 1..series.len() {
            let window = &series[i.saturating_sub(SPIKE_WINDOW)..i];
            let mean = window.iter().map(|p| p.per_10k).sum::<f64>() / window.len() as f64;
            if series[i].count > 0 && series[i].per_10k >= 2.0 * mean {
                spikes.push(series[i].key.clone());
            }
        }
    }
    (first.map(|i| series[i].key.clone()), spikes)
}

/// Each document's group and its occurrences of the needles (documents
/// with none left out): reading and normalising the texts is the whole
/// cost of a trend.
fn counted(
    engine: &Engine,
    documents: &[tantivy::DocAddress],
    by: By,
    needles: &[String],
    cache: Option<&TextCache>,
) -> Result<Vec<(String, u64)>> {
    let searcher = engine.searcher();
    let segment_of =
        |address: tantivy::DocAddress| searcher.segment_reader(address.segment_ord).segment_id();
    on_every_core(documents, |address| {
        let doc = match cache {
            Some(cache) => cache.get(engine, segment_of(address), address)?,
            None => std::sync::Arc::new(Cached::read(engine, address)?),
        };
        let Some(key) = doc.key(by) else {
            return Ok(None);
        };
        let n: u64 = needles
            .iter()
            .map(|n| doc.text.matches(n.as_str()).count() as u64)
            .sum();
        Ok((n > 0).then(|| (key.clone(), n)))
    })
}

/// `each` of the documents, in their order, run on every core in turn over
/// contiguous parts: trends and KWIC read and scan every matching text.
fn on_every_core<T: Send, I: IntoIterator<Item = T>>(
    documents: &[tantivy::DocAddress],
    each: impl Fn(tantivy::DocAddress) -> Result<I> + Sync,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = documents.len().div_ceil(threads).max(1);
    let each = &each;
    let parts: Vec<Result<Vec<T>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = documents
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for &address in part {
                        out.extend(each(address)?);
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a scanning thread failed")))
            })
            .collect()
    });
    let mut all = Vec::new();
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}

fn normalised(doc: &StoredDoc) -> Normalised {
    if doc.simplified {
        Normalised::folded(&doc.text)
    } else {
        Normalised::new(&doc.text)
    }
}

/// Each occurrence of the needles in a document, as original character
/// ranges `[start, end)`, in order.
pub fn match_ranges(doc: &StoredDoc, needles: &[String]) -> Vec<[usize; 2]> {
    let needles: Vec<&String> = needles.iter().filter(|n| !n.is_empty()).collect();
    let mut ranges =
        if crate::text::matches_on_original(doc.simplified, needles.iter().map(|n| n.as_str())) {
            ideograph_ranges(&doc.text, &needles)
        } else {
            normalised_ranges(doc, &needles)
        };
    ranges.sort_unstable();
    ranges.dedup();
    ranges
}

/// [`match_ranges`] found in the original characters: the document needs
/// no simplifying and the needles are ideographs (most KWIC terms), so the
/// normalised text is not built (a third of a KWIC scan's time at 1x).
fn ideograph_ranges(text: &str, needles: &[&String]) -> Vec<[usize; 2]> {
    let chars: Vec<char> = text.chars().collect();
    let layout = crate::text::layout_mask(&chars);
    needles
        .iter()
        .flat_map(|needle| {
            let word: Vec<char> = needle.chars().collect();
            crate::text::ideograph_matches(&chars, &layout, &word, usize::MAX)
        })
        .map(|(start, end)| [start, end])
        .collect()
}

fn normalised_ranges(doc: &StoredDoc, needles: &[&String]) -> Vec<[usize; 2]> {
    let normalised = normalised(doc);
    let mut ranges = Vec::new();
    for needle in needles {
        let len = needle.chars().count();
        let (mut byte_at, mut char_at) = (0usize, 0usize);
        for (byte, _) in normalised.text.match_indices(needle.as_str()) {
            char_at += normalised.text[byte_at..byte].chars().count();
            byte_at = byte;
            let (start, end) = normalised.original_range(char_at, char_at + len);
            ranges.push([start, end]);
        }
    }
    ranges
}

/// One keyword-in-context line.
#[derive(Debug, Clone, Serialize)]
pub struct KwicLine {
    pub id: String,
    pub path: String,
    pub title: String,
    pub year: Option<u64>,
    pub region: Option<String>,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
    /// The match's first character in the document's cleaned text.
    pub offset: usize,
}

/// How KWIC lines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KwicSort {
    /// By the left context read backwards from the match (AntConc's 1L, 2L …).
    Left,
    Right,
    Year,
    Region,
    /// In document order.
    Document,
}

impl KwicSort {
    pub fn parse(text: &str) -> Option<KwicSort> {
        match text {
            "left" => Some(KwicSort::Left),
            "right" => Some(KwicSort::Right),
            "year" => Some(KwicSort::Year),
            "region" => Some(KwicSort::Region),
            "document" | "doc" => Some(KwicSort::Document),
            _ => None,
        }
    }
}

/// A document's KWIC lines, in order. Contexts are cut from the text by
/// walking characters on from one match to the next and back from each,
/// not by indexing a copy of the whole text as characters.
fn kwic_lines(doc: &StoredDoc, needles: &[String], width: usize) -> Vec<KwicLine> {
    let text = doc.text.as_str();
    let shown = |part: &mut dyn Iterator<Item = char>| -> String {
        part.map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    let mut at = CharCursor::new(text);
    match_ranges(doc, needles)
        .into_iter()
        .map(|[start, end]| {
            let from = at.byte_of(start);
            let to = from + bytes_of_chars(&text[from..], end - start);
            let mut left: Vec<char> = text[..from].chars().rev().take(width).collect();
            left.reverse();
            KwicLine {
                id: doc.id.clone(),
                path: doc.path.clone(),
                title: doc.title.clone(),
                year: doc.year,
                region: doc.region.clone(),
                left: shown(&mut left.into_iter()),
                matched: shown(&mut text[from..to].chars()),
                right: shown(&mut text[to..].chars().take(width)),
                offset: start,
            }
        })
        .collect()
}

fn bytes_of_chars(text: &str, chars: usize) -> usize {
    text.chars().take(chars).map(char::len_utf8).sum()
}

/// Byte offsets of character offsets asked in increasing order, each found
/// by walking on from the one before.
struct CharCursor<'a> {
    text: &'a str,
    char_at: usize,
    byte_at: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            char_at: 0,
            byte_at: 0,
        }
    }

    fn byte_of(&mut self, char_offset: usize) -> usize {
        if char_offset < self.char_at {
            self.char_at = 0;
            self.byte_at = 0;
        }
        self.byte_at += bytes_of_chars(&self.text[self.byte_at..], char_offset - self.char_at);
        self.char_at = char_offset;
        self.byte_at
    }
}

/// Every occurrence of a term in the documents passing the filters, with
/// `width` characters of context on each side (line breaks shown as spaces).
pub fn kwic(
    engine: &Engine,
    term: &str,
    filters: &Filters,
    width: usize,
    sort: KwicSort,
    all_copies: bool,
) -> Result<Vec<KwicLine>> {
    let query = quoted_term(term)?;
    let needles: Vec<String> = query.positive_terms().map(|t| t.text.clone()).collect();
    let query = verbatim_only(ParsedQuery {
        filters: filters.clone(),
        ..query
    });
    let documents = engine.matching_documents(&query, all_copies)?;
    let mut lines = on_every_core(&documents, |address| {
        Ok(kwic_lines(&engine.stored(address)?, &needles, width))
    })?;
    match sort {
        KwicSort::Left => lines.sort_by(|a, b| {
            a.left
                .chars()
                .rev()
                .cmp(b.left.chars().rev())
                .then(a.offset.cmp(&b.offset))
        }),
        KwicSort::Right => {
            lines.sort_by(|a, b| a.right.cmp(&b.right).then(a.offset.cmp(&b.offset)))
        }
        KwicSort::Year => lines.sort_by(|a, b| a.year.cmp(&b.year).then(a.path.cmp(&b.path))),
        KwicSort::Region => lines.sort_by(|a, b| a.region.cmp(&b.region).then(a.path.cmp(&b.path))),
        KwicSort::Document => {}
    }
    Ok(lines)
}
