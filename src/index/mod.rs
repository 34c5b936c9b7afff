//! The index: its schema, opening and creating it, and bringing it up to date
//! with a set of folders incrementally (new and changed files indexed,
//! unchanged ones skipped by content hash, deleted ones removed), always in
//! one atomic commit.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use tantivy::columnar::StrColumn;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{
    DocId, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, Term,
};

use crate::analysis::{normalise_text, register_tokenizers, BIGRAMS_TOKENIZER, WORDS_TOKENIZER};
use crate::document::{self, content_hash, Document};
use crate::facets::folder::FolderPlaces;
use crate::facets::Taxonomy;
use crate::read::{self, Entry, SkipReason};

pub mod duplicates;
pub mod health;
mod read_only;
mod settings;
pub use duplicates::DuplicateGroups;
pub use settings::{Analysis, Settings};

/// Bumped whenever the schema or the analysis changes what is indexed.
pub const FORMAT_VERSION: u32 = 11;
const FORMAT_FILE: &str = "govsearch.json";

/// Text the indexer lets wait in tantivy's queue (see `wait_for_the_writer`).
const MAX_QUEUED_BYTES: u64 = 16 * 1024 * 1024;

/// Memory the writer may use across its threads, before it flushes a segment.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;

/// The stored texts are a quarter of the index. Each hit's snippet
/// decompresses the block that holds it, and at 30x the cache rarely has
/// it: 16 KB blocks cost a quarter of 64 KB ones to decompress, for a
/// store about 12 % larger (2026-12-06: median 3.1 -> 2.4 ms at 30x,
/// index 96.5 -> 99.2 MB at 1x).
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(DOCSTORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

const DOCSTORE_ZSTD_LEVEL: i32 = 9;
const DOCSTORE_BLOCK_BYTES: usize = 16 * 1024;

/// Decompressed store blocks a reader keeps, per segment: at most 32 MB
/// (2,048 blocks of 16 KB).
const DOCSTORE_CACHE_BLOCKS: usize = 2048;

/// The fields of a govsearch index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub path: Field,
    pub hash: Field,
    pub title: Field,
    pub title_words: Field,
    /// The title's character bigrams, for the title tier of ranking.
    pub title_grams: Field,
    /// Words of the facets (year, region path, unit, kind), so that a query
    /// naming them (`保定市清苑区2005年政府工作报告`) finds a text that never
    /// spells them out.
    pub meta_words: Field,
    /// The title as one key, letters, digits and Chinese characters only
    /// (and without `中华人民共和国`, which citations drop): a query that is
    /// the whole title names the document.
    pub title_key: Field,
    pub body: Field,
    pub grams: Field,
    pub text: Field,
    pub year: Field,
    pub region: Field,
    pub unit: Field,
    pub kind: Field,
    pub topic: Field,
    pub minhash: Field,
    pub simplified: Field,
    /// A stable id (a hash of the path): what the archive addresses a
    /// document by, never its path.
    pub doc_id: Field,
    /// Characters of the indexed text (layout removed): the size of a
    /// document when trends count per 10,000 characters.
    pub chars: Field,
}

/// Builds the schema.
pub fn schema() -> Schema {
    let mut b = Schema::builder();
    let words = TextFieldIndexing::default()
        .set_tokenizer(WORDS_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let grams = TextFieldIndexing::default()
        .set_tokenizer(BIGRAMS_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    b.add_text_field("path", STRING | STORED | FAST);
    b.add_u64_field("hash", FAST);
    // Near-duplicate signature (see `duplicates`), read back after each run.
    b.add_bytes_field("minhash", FAST);
    // 1 when the text has no traditional characters: snippets then skip
    // the conversion.
    b.add_u64_field("simplified", STORED);
    b.add_text_field("doc_id", STRING | STORED);
    b.add_u64_field("chars", FAST | STORED);
    // Indexed fields get normalised text; the originals are stored apart.
    b.add_text_field("title", STORED);
    b.add_text_field(
        "title_words",
        TextOptions::default().set_indexing_options(words.clone()),
    );
    b.add_text_field(
        "meta_words",
        TextOptions::default().set_indexing_options(words.clone()),
    );
    b.add_text_field("title_key", STRING);
    b.add_text_field("body", TextOptions::default().set_indexing_options(words));
    b.add_text_field(
        "title_grams",
        TextOptions::default().set_indexing_options(grams.clone()),
    );
    b.add_text_field("grams", TextOptions::default().set_indexing_options(grams));
    b.add_text_field("text", STORED);
    b.add_u64_field("year", INDEXED | FAST | STORED);
    for facet in ["region", "unit", "kind", "topic"] {
        b.add_text_field(facet, STRING | FAST | STORED);
    }
    b.build()
}

impl Fields {
    pub fn from_schema(schema: &Schema) -> Result<Self> {
        let f = |name: &str| {
            schema.get_field(name).with_context(|| {
                format!("index has no `{name}` field; rebuild it with `govsearch index --rebuild`")
            })
        };
        Ok(Fields {
            path: f("path")?,
            hash: f("hash")?,
            title: f("title")?,
            title_words: f("title_words")?,
            title_grams: f("title_grams")?,
            meta_words: f("meta_words")?,
            title_key: f("title_key")?,
            body: f("body")?,
            grams: f("grams")?,
            text: f("text")?,
            year: f("year")?,
            region: f("region")?,
            unit: f("unit")?,
            kind: f("kind")?,
            topic: f("topic")?,
            minhash: f("minhash")?,
            simplified: f("simplified")?,
            doc_id: f("doc_id")?,
            chars: f("chars")?,
        })
    }
}

/// An open govsearch index.
pub struct ReportIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// The lexicon and taxonomy the index was analysed with.
    pub analysis: std::sync::Arc<Analysis>,
    /// Text bytes tantivy's indexing threads have tokenized.
    tokenized: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl ReportIndex {
    /// Opens an existing index for searching.
    pub fn open(dir: &Path) -> Result<Self> {
        if let Some(problem) = health::diagnose_records(dir) {
            bail!(problem);
        }
        if !dir.join("meta.json").is_file() {
            bail!(
                "no index in `{}`: run `govsearch index` first (or pass --index DIR)",
                dir.display()
            );
        }
        check_format(dir)?;
        let analysis = Settings::stored(dir)?.analysis()?;
        if stored_fingerprint(dir) != Some(analysis.fingerprint) {
            bail!(
                "the index in `{}` was segmented with another dictionary; \
                 run `govsearch index` to re-segment it",
                dir.display()
            );
        }
        let opened = if read_only::is_read_only(dir) {
            read_only::ReadOnlyDirectory::open(dir).and_then(Index::open)
        } else {
            Index::open_in_dir(dir)
        };
        let index = opened.map_err(|e| {
            let err = anyhow::Error::new(e)
                .context(format!("cannot open the index in `{}`", dir.display()));
            health::explained(dir, err)
        })?;
        Self::with_analysis(index, dir, analysis)
    }

    fn with_analysis(index: Index, dir: &Path, analysis: Analysis) -> Result<Self> {
        let tokenized = register_tokenizers(&index, &analysis.lexicon);
        let fields = Fields::from_schema(&index.schema())?;
        Ok(ReportIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            analysis: std::sync::Arc::new(analysis),
            tokenized,
        })
    }

    /// Opens the index in `dir`, creating it with `settings` if the folder
    /// is absent or empty. Refuses a non-empty folder that is not a
    /// govsearch index. An existing index keeps its own settings: see
    /// [`is_outdated`].
    pub fn open_or_create(dir: &Path, settings: &Settings) -> Result<Self> {
        if let Some(problem) = health::diagnose_records(dir) {
            bail!(problem);
        }
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        refuse_other_data(dir)?;
        let analysis = settings.analysis()?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        let index = Index::builder()
            .schema(schema())
            .settings(index_settings())
            .create_in_dir(dir)
            .with_context(|| format!("cannot create an index in `{}`", dir.display()))?;
        settings.store(dir)?;
        std::fs::write(
            dir.join(FORMAT_FILE),
            format!(
                "{{\"format\": {FORMAT_VERSION}, \"analysis\": \"{:016x}\", \"facet_rules\": {}}}\n",
                analysis.fingerprint,
                crate::facets::RULES_VERSION
            ),
        )
        .with_context(|| format!("cannot write to `{}`", dir.display()))?;
        Self::with_analysis(index, dir, analysis)
    }

    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
            .try_into()
            .map_err(|e| health::explained(&self.dir, anyhow::Error::new(e)))
    }

    /// Groups the documents of the index that are near-duplicates.
    pub fn find_duplicates(&self) -> Result<DuplicateGroups> {
        let searcher = self.reader()?.searcher();
        let mut signatures = Vec::new();
        let mut addresses: HashMap<String, (String, u32)> = HashMap::new();
        let mut bytes = Vec::new();
        for segment in searcher.segment_readers() {
            let segment_id = segment.segment_id().uuid_string();
            let paths = segment
                .fast_fields()
                .str("path")?
                .context("index has no path column")?;
            let Some(minhash) = segment.fast_fields().bytes("minhash")? else {
                continue;
            };
            let years = segment.fast_fields().u64("year")?;
            let regions = segment.fast_fields().str("region")?;
            for doc in segment.doc_ids_alive() {
                let Some(ord) = minhash.term_ords(doc).next() else {
                    continue;
                };
                bytes.clear();
                if !minhash.ord_to_bytes(ord, &mut bytes)? {
                    continue;
                }
                let Some(path) = stored_path(&paths, doc)? else {
                    continue;
                };
                let region = match &regions {
                    Some(regions) => deepest_region(regions, doc)?,
                    None => None,
                };
                addresses.insert(path.clone(), (segment_id.clone(), doc));
                signatures.push(duplicates::Candidate {
                    path,
                    signature: duplicates::from_bytes(&bytes),
                    year: years.first(doc),
                    region,
                });
            }
        }
        let groups = duplicates::groups(&signatures);
        let addresses = groups
            .iter()
            .map(|g| g.iter().filter_map(|p| addresses.get(p).cloned()).collect())
            .collect();
        Ok(DuplicateGroups {
            groups,
            addresses,
            opstamp: None,
        })
    }

    /// Path → content hash of every document in the index.
    pub fn indexed_files(&self) -> Result<HashMap<String, u64>> {
        self.by_path(|segment| {
            let hashes = segment.fast_fields().u64("hash")?;
            Ok(move |doc| Ok(Some(hashes.first(doc).unwrap_or(0))))
        })
    }

    /// Path → region (its deepest level's path) of every document in the
    /// index that has one.
    pub fn indexed_regions(&self) -> Result<HashMap<String, String>> {
        self.by_path(|segment| {
            let column = segment.fast_fields().str("region")?;
            Ok(move |doc| match &column {
                Some(column) => Ok(deepest_region(column, doc)?),
                None => Ok(None),
            })
        })
    }

    /// Path → one value of every live document that has it: `reader` opens
    /// a segment's columns and gives the reader of one document's value.
    fn by_path<T, R>(
        &self,
        reader: impl Fn(&tantivy::SegmentReader) -> Result<R>,
    ) -> Result<HashMap<String, T>>
    where
        R: Fn(DocId) -> Result<Option<T>>,
    {
        let searcher = self.reader()?.searcher();
        let mut values = HashMap::new();
        for segment in searcher.segment_readers() {
            let paths = segment
                .fast_fields()
                .str("path")?
                .context("index has no path column")?;
            let value_of = reader(segment)?;
            for doc in segment.doc_ids_alive() {
                if let (Some(path), Some(value)) = (stored_path(&paths, doc)?, value_of(doc)?) {
                    values.insert(path, value);
                }
            }
        }
        Ok(values)
    }
}

/// A document's region as stored, every level's path (`河北省`,
/// `河北省/保定市`): the longest is the deepest.
fn deepest_region(column: &StrColumn, doc: DocId) -> std::io::Result<Option<String>> {
    let mut region: Option<String> = None;
    let mut level = String::new();
    for ord in column.term_ords(doc) {
        if column.ord_to_str(ord, &mut level)?
            && region.as_ref().is_none_or(|r| r.len() < level.len())
        {
            region = Some(level.clone());
        }
    }
    Ok(region)
}

/// Errs if `dir` is a non-empty folder without a govsearch index: the
/// user's own files are never written over.
fn refuse_other_data(dir: &Path) -> Result<()> {
    // A govsearch index, whole or damaged (its record without its meta.json).
    if !dir.is_dir() || dir.join("meta.json").is_file() || dir.join(FORMAT_FILE).is_file() {
        return Ok(());
    }
    let mut entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    if entries.next().is_some() {
        bail!(
            "`{}` is not empty and holds no govsearch index; choose another --index folder",
            dir.display()
        );
    }
    Ok(())
}

/// Why indexing must rebuild the index in `dir` rather than update it:
/// another format version, or another dictionary, synonyms or topics than
/// `settings` (documents must be re-segmented).
pub fn outdated_because(dir: &Path, settings: &Settings) -> Result<Option<&'static str>> {
    if !dir.join("meta.json").is_file() {
        return Ok(None);
    }
    match stored_format(dir) {
        // An older index is rebuilt; a newer or unreadable one is refused
        // with its diagnosis (only `--rebuild` replaces it).
        Some(format) if format < FORMAT_VERSION => {
            return Ok(Some("it was built by an older version of govsearch"))
        }
        Some(FORMAT_VERSION) => {}
        _ => {
            if let Some(problem) = health::diagnose_records(dir) {
                bail!(problem);
            }
        }
    }
    let fingerprint = settings.analysis()?.fingerprint;
    if stored_fingerprint(dir) != Some(fingerprint) {
        return Ok(Some("the dictionary, synonyms or topics changed"));
    }
    // Facets of unchanged files are not read again on an update: facets
    // read by other rules would stay as they were.
    Ok(
        (stored_facet_rules(dir) != Some(crate::facets::RULES_VERSION))
            .then_some("its facets were read by older rules"),
    )
}

fn stored_facet_rules(dir: &Path) -> Option<u32> {
    let rules = format_record(dir)?.get("facet_rules")?.as_u64()?;
    u32::try_from(rules).ok()
}

fn format_record(dir: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join(FORMAT_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

fn stored_format(dir: &Path) -> Option<u32> {
    format_record(dir)?
        .get("format")?
        .as_u64()
        .map(|v| v as u32)
}

fn stored_fingerprint(dir: &Path) -> Option<u64> {
    let hex = format_record(dir)?.get("analysis")?.as_str()?.to_string();
    u64::from_str_radix(&hex, 16).ok()
}

/// A document's path, read from the `path` fast-field column of its segment.
pub fn stored_path(column: &StrColumn, doc: DocId) -> std::io::Result<Option<String>> {
    let Some(ord) = column.term_ords(doc).next() else {
        return Ok(None);
    };
    let mut path = String::new();
    Ok(column.ord_to_str(ord, &mut path)?.then_some(path))
}

fn check_format(dir: &Path) -> Result<()> {
    if stored_format(dir) != Some(FORMAT_VERSION) {
        bail!(
            "the index in `{}` was built by another version of govsearch; \
             run `govsearch index --rebuild` to rebuild it",
            dir.display()
        );
    }
    Ok(())
}

/// Something the indexer did with one path, reported as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// The walk is done: this many files, of this many bytes, will be read.
    Planned {
        files: usize,
        bytes: u64,
    },
    Indexed {
        path: &'a str,
        bytes: u64,
    },
    Unchanged {
        path: &'a str,
        bytes: u64,
    },
    Skipped {
        path: &'a Path,
        reason: &'a SkipReason,
    },
    Removed {
        path: &'a str,
    },
}

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct IndexSummary {
    pub seen: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub skipped: BTreeMap<&'static str, usize>,
    pub bytes_read: u64,
    pub elapsed: Duration,
    pub total_docs: u64,
}

impl IndexSummary {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes_read as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-6)
    }
}

/// A file found by walking, with its size for progress reporting.
pub struct Candidate {
    pub path: PathBuf,
    pub format: read::Format,
    pub size: u64,
}

/// Walks the roots, never entering `prune`; returns the files to read and
/// reports the rest.
pub fn collect(
    roots: &[PathBuf],
    prune: Option<&Path>,
    on_event: &mut dyn FnMut(Event),
) -> (Vec<Candidate>, Vec<(PathBuf, SkipReason)>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        for entry in read::walk(&tidy_root(root), prune) {
            match entry {
                Entry::File(path, format) => {
                    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                    files.push(Candidate { path, format, size });
                }
                Entry::Skipped(path, reason) => {
                    on_event(Event::Skipped {
                        path: &path,
                        reason: &reason,
                    });
                    skipped.push((path, reason));
                }
            }
        }
    }
    (files, skipped)
}

/// Brings the index in line with the files under `roots`.
pub fn update(
    report_index: &ReportIndex,
    roots: &[PathBuf],
    on_event: &mut dyn FnMut(Event),
) -> Result<IndexSummary> {
    let taxonomy = &report_index.analysis.taxonomy;
    let start = Instant::now();
    let roots: Vec<PathBuf> = roots.iter().map(|r| tidy_root(r)).collect();
    let roots = roots.as_slice();
    for root in roots {
        if !root.exists() {
            bail!("`{}` does not exist", root.display());
        }
    }
    let existing = report_index.indexed_files()?;
    // The index may sit inside a folder being indexed (`govsearch index .`).
    let index_dir = report_index.dir.canonicalize().ok();
    let (files, skipped) = collect(roots, index_dir.as_deref(), on_event);
    on_event(Event::Planned {
        files: files.len(),
        bytes: files.iter().map(|f| f.size).sum(),
    });
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    let writer: IndexWriter = report_index
        .index
        .writer_with_num_threads(threads, WRITER_MEMORY)
        .context("cannot open the index for writing (is another govsearch indexing it?)")?;
    let mut run = Updater {
        index: report_index,
        writer,
        fields: report_index.fields,
        existing,
        summary: IndexSummary::default(),
        seen: HashSet::new(),
        protected: Vec::new(),
        changed: false,
        sent: report_index
            .tokenized
            .load(std::sync::atomic::Ordering::Relaxed),
        tokenized: report_index.tokenized.clone(),
        last_commit: Instant::now(),
        since_commit: 0,
        commit_interval: commit_interval(),
        folders: HashMap::new(),
        waiting_bytes: 0,
    };
    for (path, reason) in &skipped {
        run.note_walk_skip(path, reason);
    }
    for file in &files {
        run.update_file(file, taxonomy, on_event)?;
    }
    run.add_waiting(on_event)?;
    run.remove_vanished(roots, on_event);
    let changed = run.changed;
    let mut summary = run.finish()?;
    // Groups computed for another commit (a run killed between its commit
    // and the groups, or periodic commits) are computed again.
    let opstamp = report_index.index.load_metas()?.opstamp;
    if changed || DuplicateGroups::load(&report_index.dir)?.opstamp != Some(opstamp) {
        let mut groups = report_index.find_duplicates()?;
        groups.opstamp = Some(opstamp);
        groups.store(&report_index.dir)?;
    }
    // Searches read the query segmenter from here instead of computing it;
    // without the file they compute it, so a failure here loses nothing.
    crate::analysis::QuerySegmenter::keep_current_in(
        &report_index.dir,
        &report_index.analysis.lexicon,
    )
    .ok();
    summary.total_docs = report_index.reader()?.searcher().num_docs();
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// `./corpus/` and `corpus` name the same folder: give them one spelling, so
/// the paths stored (the keys of incremental indexing) do not depend on it.
pub fn tidy_root(root: &Path) -> PathBuf {
    let mut text = root.to_string_lossy().into_owned();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.trim_start_matches('/').to_string();
    }
    while text.len() > 1 && text.ends_with('/') {
        text.pop();
    }
    if text.is_empty() {
        text.push('.');
    }
    PathBuf::from(text)
}

/// The state of one indexing run.
struct Updater<'a> {
    index: &'a ReportIndex,
    writer: IndexWriter,
    fields: Fields,
    /// Path → content hash of what the index held before this run.
    existing: HashMap<String, u64>,
    summary: IndexSummary,
    /// Paths met by this run's walk.
    seen: HashSet<String>,
    /// Files and folders that could not be read keep their documents:
    /// absence is not deletion.
    protected: Vec<PathBuf>,
    changed: bool,
    /// Text bytes handed to the writer, and those its threads have taken
    /// up: the difference waits in tantivy's queue, in memory.
    sent: u64,
    tokenized: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// When the run last committed, and the text bytes added since: a long
    /// run commits every `COMMIT_INTERVAL` or `COMMIT_BYTES`, so a crash
    /// loses at most that much work.
    last_commit: Instant,
    since_commit: u64,
    commit_interval: std::time::Duration,
    /// Each folder's places, and its documents that wait for them.
    folders: HashMap<PathBuf, Folder>,
    /// Text bytes of the documents waiting in `folders`.
    waiting_bytes: u64,
}

/// One folder of a run: the places its documents name (those read in this
/// run; those unchanged are counted from the index when it matters), and
/// the documents that name none but speak from a level, held until the
/// folder's place is known ([`crate::facets::folder`]).
#[derive(Default)]
struct Folder {
    places: FolderPlaces,
    unchanged: Vec<String>,
    waiting: Vec<(Document, bool)>,
}

/// Text that may wait for its folder's place before the run gives the
/// waiting documents the place known so far.
const MAX_WAITING_BYTES: u64 = 64 << 20;

/// How often a long run commits (`GOVSEARCH_COMMIT_SECONDS` overrides it).
const COMMIT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(30);
/// Text bytes added after which a run commits, whatever the time.
const COMMIT_BYTES: u64 = 64 << 20;

fn commit_interval() -> std::time::Duration {
    std::env::var("GOVSEARCH_COMMIT_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(COMMIT_INTERVAL, std::time::Duration::from_secs_f64)
}

impl Updater<'_> {
    /// Reading and extracting outpace tantivy's indexing threads, and its
    /// queue holds up to 10,000 documents (each text in three copies): at
    /// ten times the shared corpus that was 700 MB. Waiting while more than
    /// `MAX_QUEUED_BYTES` of text is queued bounds that memory. The count
    /// comes from the bigram tokenizer, which sees every non-empty text; a
    /// text it never sees only makes the wait end by its time limit.
    fn wait_for_the_writer(&self) {
        let started = Instant::now();
        while self
            .sent
            .saturating_sub(self.tokenized.load(std::sync::atomic::Ordering::Relaxed))
            > MAX_QUEUED_BYTES
            && started.elapsed() < Duration::from_secs(2)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn note_walk_skip(&mut self, path: &Path, reason: &SkipReason) {
        self.summary.seen += usize::from(!path.is_dir());
        *self.summary.skipped.entry(reason.label()).or_default() += 1;
        if matches!(reason, SkipReason::Unreadable(_)) {
            self.protected.push(path.to_path_buf());
        }
        self.seen.insert(path.to_string_lossy().into_owned());
    }

    fn skip(&mut self, path: &Path, reason: &SkipReason, on_event: &mut dyn FnMut(Event)) {
        on_event(Event::Skipped { path, reason });
        *self.summary.skipped.entry(reason.label()).or_default() += 1;
    }

    fn delete(&mut self, path: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, path));
        self.changed = true;
    }

    /// Indexes a new or changed file, skips an unchanged one.
    fn update_file(
        &mut self,
        file: &Candidate,
        taxonomy: &Taxonomy,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<()> {
        self.summary.seen += 1;
        let path = file.path.to_string_lossy().into_owned();
        self.seen.insert(path.clone());
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.skip(&file.path, &SkipReason::Unreadable(e.to_string()), on_event);
                self.protected.push(file.path.clone());
                return Ok(());
            }
        };
        self.summary.bytes_read += bytes.len() as u64;
        let previous = self.existing.get(&path).copied();
        if previous == Some(content_hash(&bytes)) {
            self.folder_of(&file.path).unchanged.push(path.clone());
            self.summary.unchanged += 1;
            let bytes = bytes.len() as u64;
            on_event(Event::Unchanged { path: &path, bytes });
            return Ok(());
        }
        // A bug in extraction must cost one file, not the run (and never
        // the documents already indexed).
        let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            document::from_bytes(&path, file.format, &bytes, taxonomy)
        }))
        .unwrap_or(Err(SkipReason::ExtractionFailed));
        match extracted {
            Ok(doc) => {
                let waits = doc.facets.region.is_none() && doc.facets.speaks_from.is_some();
                if waits {
                    self.waiting_bytes += doc.normalised.len() as u64;
                }
                let folder = self.folder_of(&file.path);
                folder.places.note(doc.facets.region.as_ref());
                if waits {
                    folder.waiting.push((doc, previous.is_some()));
                    if self.waiting_bytes > MAX_WAITING_BYTES {
                        self.add_waiting(on_event)?;
                    }
                } else {
                    self.add(doc, previous.is_some(), on_event)?;
                }
            }
            Err(SkipReason::ExtractionFailed) => {
                // Keep whatever version was indexed before.
                self.skip(&file.path, &SkipReason::ExtractionFailed, on_event);
                self.protected.push(file.path.clone());
            }
            Err(reason) => {
                self.skip(&file.path, &reason, on_event);
                if previous.is_some() {
                    // The file is no longer a report (emptied, now binary): drop it.
                    self.delete(&path);
                    self.summary.removed += 1;
                }
            }
        }
        Ok(())
    }

    fn folder_of(&mut self, path: &Path) -> &mut Folder {
        let parent = path.parent().unwrap_or(Path::new("")).to_path_buf();
        self.folders.entry(parent).or_default()
    }

    /// Adds one extracted document, in place of its earlier version.
    fn add(
        &mut self,
        doc: Document,
        replaces: bool,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<()> {
        if replaces {
            self.delete(&doc.path);
            self.summary.replaced += 1;
        } else {
            self.summary.added += 1;
        }
        self.writer.add_document(to_tantivy(&doc, &self.fields))?;
        self.changed = true;
        self.sent += doc.normalised.len() as u64;
        self.since_commit += doc.normalised.len() as u64;
        self.wait_for_the_writer();
        on_event(Event::Indexed {
            path: &doc.path,
            bytes: doc.bytes,
        });
        self.commit_if_due()
    }

    /// Adds the documents waiting for their folders' places, each given the
    /// place its folder's documents settle, counting the folder's unchanged
    /// documents from the index.
    fn add_waiting(&mut self, on_event: &mut dyn FnMut(Event)) -> Result<()> {
        let mut folders = std::mem::take(&mut self.folders);
        let needs_index = folders
            .values()
            .any(|f| !f.waiting.is_empty() && !f.unchanged.is_empty());
        let indexed = if needs_index {
            self.index.indexed_regions()?
        } else {
            HashMap::new()
        };
        for folder in folders.values_mut() {
            if folder.waiting.is_empty() {
                continue;
            }
            for path in std::mem::take(&mut folder.unchanged) {
                folder
                    .places
                    .note_paths(indexed.get(&path).map(String::as_str));
            }
            for (mut doc, replaces) in std::mem::take(&mut folder.waiting) {
                folder.places.complete(&mut doc.facets);
                self.add(doc, replaces, on_event)?;
            }
        }
        self.folders = folders;
        self.waiting_bytes = 0;
        Ok(())
    }

    /// Removes documents under the walked roots whose files are gone.
    fn remove_vanished(&mut self, roots: &[PathBuf], on_event: &mut dyn FnMut(Event)) {
        let vanished: Vec<String> = self
            .existing
            .keys()
            .filter(|path| {
                let p = Path::new(path.as_str());
                roots.iter().any(|r| p.starts_with(r))
                    && !self.protected.iter().any(|d| p.starts_with(d))
                    && !self.seen.contains(path.as_str())
            })
            .cloned()
            .collect();
        for path in vanished {
            self.delete(&path);
            self.summary.removed += 1;
            on_event(Event::Removed { path: &path });
        }
    }

    /// Commits what was added so far once the interval or the byte budget
    /// is spent. Each commit is atomic: a crash keeps every document of the
    /// last one, and a re-run skips them as unchanged.
    fn commit_if_due(&mut self) -> Result<()> {
        let due =
            self.last_commit.elapsed() >= self.commit_interval || self.since_commit >= COMMIT_BYTES;
        if due && self.changed {
            self.writer.commit().context("cannot commit the index")?;
            release_freed_heap();
            self.last_commit = Instant::now();
            self.since_commit = 0;
        }
        Ok(())
    }

    /// Commits the rest, or nothing if nothing changed; a run that wrote
    /// most of the index then merges it into one segment.
    fn finish(mut self) -> Result<IndexSummary> {
        if self.changed {
            self.writer.commit().context("cannot commit the index")?;
            self.writer
                .wait_merging_threads()
                .context("cannot finish merging segments")?;
            let written = (self.summary.added + self.summary.replaced) as u64;
            release_freed_heap();
            merge_if_mostly_new(&self.index.index, written)?;
        }
        Ok(self.summary)
    }
}

/// glibc keeps the pages of freed allocations (the flushed arenas, the
/// queue's texts, a merge's buffers) in its per-thread heaps: without this
/// the anonymous pages of a 30x run climbed over the indexing and peaked at
/// 613 MB in the final merge; with it, at 353 MB (2026-12-06). A run
/// commits every 30 s or 64 MB of text, whichever comes first; at 1x the
/// trims cost no more than the run-to-run spread of the indexing time, at
/// 30x 5 % and 21 % of the run in two pairs (380 MB against 564 MB).
fn release_freed_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Each segment has its own term dictionaries, and every bigram of a
/// corpus is in most segments: at 1x, six segments spent 12 MB on terms
/// that one segment holds in 5 MB, and every query looks each term up in
/// each segment. So a run that wrote at least half of the documents (a
/// first build, a re-analysis) merges them all: about 2 s at 1x, and no
/// longer a run at 30x, where tantivy's policy has merged most of it by
/// then. A run that changed a few files leaves the policy to it, rather
/// than rewrite a large index for them. The merge follows the commit, so
/// a failed one loses nothing: the index answers as committed.
fn merge_if_mostly_new(index: &Index, written: u64) -> Result<()> {
    let segments = index.searchable_segment_metas()?;
    let docs: u64 = segments.iter().map(|s| u64::from(s.num_docs())).sum();
    if segments.len() < 2 || written * 2 < docs {
        return Ok(());
    }
    let ids: Vec<_> = segments.iter().map(|s| s.id()).collect();
    // A segment's files stay while any of its metas is alive.
    drop(segments);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, MERGE_WRITER_MEMORY)
        .context("cannot open the index to merge its segments")?;
    writer
        .merge(&ids)
        .wait()
        .context("cannot merge the index's segments (every document is committed)")?;
    // The merge leaves the merged segments' files behind.
    writer
        .garbage_collect_files()
        .wait()
        .context("cannot delete the merged segments' files")?;
    writer
        .wait_merging_threads()
        .context("cannot finish merging segments")?;
    Ok(())
}

/// A merge streams its segments: the writer's own arena goes unused.
const MERGE_WRITER_MEMORY: usize = 15_000_000;

/// The keys a whole-title query is matched against: the title's letters,
/// digits and Chinese characters, and the same without the state's name
/// that national statutes open with and citations leave out.
pub fn title_keys(normalised_title: &str) -> Vec<String> {
    let key: String = normalised_title
        .chars()
        .filter(|c| crate::analysis::is_term_char(*c))
        .collect();
    let mut keys = vec![key.clone()];
    if let Some(short) = key.strip_prefix(STATE_NAME).filter(|s| !s.is_empty()) {
        keys.push(short.to_string());
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// How national statutes open their titles.
const STATE_NAME: &str = "中华人民共和国";

/// A document's stable id: 16 hex digits of a hash of its path.
pub fn doc_id(path: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(path.as_bytes()))
}

/// The facets as words: `2005年 河北省 保定市 清苑区 清苑区人民政府 政府工作报告`.
pub fn meta_text(facets: &crate::facets::Facets) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(year) = facets.year {
        parts.push(format!("{year}年"));
    }
    if let Some(region) = &facets.region {
        parts.extend(region.0.iter().cloned());
    }
    parts.extend(facets.unit.iter().cloned());
    parts.extend(facets.kind.iter().cloned());
    parts.join(" ")
}

fn to_tantivy(doc: &Document, f: &Fields) -> TantivyDocument {
    let mut t = TantivyDocument::default();
    t.add_text(f.path, &doc.path);
    t.add_text(f.doc_id, doc_id(&doc.path));
    t.add_u64(f.chars, doc.normalised.chars().count() as u64);
    t.add_u64(f.hash, doc.hash);
    t.add_text(f.title, &doc.facets.title);
    let title = normalise_text(&doc.facets.title);
    t.add_text(f.title_words, &title);
    t.add_text(f.title_grams, &title);
    t.add_text(f.meta_words, normalise_text(&meta_text(&doc.facets)));
    for key in title_keys(&title) {
        t.add_text(f.title_key, key);
    }
    t.add_text(f.body, &doc.normalised);
    t.add_text(f.grams, &doc.normalised);
    if let Some(signature) = duplicates::signature(&doc.normalised) {
        t.add_bytes(f.minhash, &duplicates::to_bytes(&signature));
    }
    t.add_text(f.text, &doc.text);
    t.add_u64(f.simplified, u64::from(!doc.traditional));
    if let Some(year) = doc.facets.year {
        t.add_u64(f.year, u64::from(year));
    }
    if let Some(region) = &doc.facets.region {
        for level in region.levels() {
            t.add_text(f.region, &level);
        }
    }
    if let Some(unit) = &doc.facets.unit {
        t.add_text(f.unit, unit);
    }
    if let Some(kind) = &doc.facets.kind {
        t.add_text(f.kind, kind);
    }
    for topic in &doc.facets.topics {
        t.add_text(f.topic, topic);
    }
    t
}

/// Builds a fresh index of `roots` beside `dir` and swaps it in, so the old
/// index stays usable until the new one is complete.
pub fn rebuild(
    dir: &Path,
    roots: &[PathBuf],
    settings: &Settings,
    on_event: &mut dyn FnMut(Event),
) -> Result<IndexSummary> {
    refuse_other_data(dir)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let fresh = dir.with_file_name(format!(".{name}.rebuild"));
    let old = dir.with_file_name(format!(".{name}.old"));
    for stale in [&fresh, &old] {
        if stale.exists() {
            std::fs::remove_dir_all(stale)
                .with_context(|| format!("cannot remove `{}`", stale.display()))?;
        }
    }
    let summary = update(
        &ReportIndex::open_or_create(&fresh, settings)?,
        roots,
        on_event,
    )?;
    if dir.exists() {
        std::fs::rename(dir, &old)
            .with_context(|| format!("cannot move `{}` aside", dir.display()))?;
    }
    std::fs::rename(&fresh, dir)
        .with_context(|| format!("cannot move the new index to `{}`", dir.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove `{}`", old.display()))?;
    }
    Ok(summary)
}
