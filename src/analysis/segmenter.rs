//! Query segmentation without loading jieba's dictionary. jieba cuts a text
//! by looking up words that occur in it (every substring's frequency) and
//! the dictionary's total frequency, nothing else. So a query is cut by a
//! jieba holding only the entries for its own substrings, plus one entry
//! no text can contain that brings the total to the full dictionary's:
//! the same lookups, the same arithmetic, the same words, in microseconds
//! instead of the 100–250 ms a full dictionary takes to load. The lexicon's
//! words are added as the full jieba adds them, each frequency suggested
//! against a jieba of the word's own substrings.

use std::collections::HashMap;
use std::fmt::Write;

use tantivy_jieba::jieba_rs::Jieba;

use crate::lexicon::Lexicon;

/// jieba's default dictionary, sorted by word (`word<TAB>freq` lines), and
/// its total frequency; written by `build.rs`.
const SORTED_DICT: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba_dict_sorted.txt"));
const DICT_TOTAL: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba_dict_total.txt"));

/// A word no query can contain (noncharacters), carrying the frequency of
/// every dictionary word the query does not.
const BALANCE_WORD: &str = "\u{10FFFF}\u{10FFFE}";

/// The longest word of jieba's default dictionary, in characters.
const MAX_WORD_CHARS: usize = 16;

/// The default dictionary's frequency of a word.
pub(crate) fn default_freq(word: &str) -> Option<usize> {
    default_entry(word).and_then(|(freq, _)| freq.parse().ok())
}

/// The default dictionary's part-of-speech tag of a word (`n`, `v`, `j`
/// for an abbreviation, `nt` for an organisation …).
pub(crate) fn default_tag(word: &str) -> Option<&'static str> {
    default_entry(word).map(|(_, tag)| tag)
}

/// A word's line of the sorted table, by binary search (line starts found
/// by scanning back to a newline): its frequency and tag.
fn default_entry(word: &str) -> Option<(&'static str, &'static str)> {
    let table = SORTED_DICT.as_bytes();
    let (mut lo, mut hi) = (0usize, table.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = table[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = start + table[start..].iter().position(|&b| b == b'\n')?;
        let line = &SORTED_DICT[start..end];
        let (entry, rest) = line.split_once('\t')?;
        match entry.as_bytes().cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => {
                let (freq, tag) = rest.split_once('\t').unwrap_or((rest, ""));
                return Some((freq, tag));
            }
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// Where an index keeps its lexicon's segmenter (see [`QuerySegmenter::keep_in`]).
const TABLE_FILE: &str = "query-segmenter.tsv";

/// What a kept table was computed from: the lexicon and the compiled-in
/// dictionary (its total and size).
fn table_key(lexicon: &Lexicon) -> String {
    format!(
        "{:016x}-{}-{}",
        lexicon.fingerprint(),
        DICT_TOTAL.trim(),
        SORTED_DICT.len()
    )
}

/// Segments queries as `jieba_for(lexicon)` would, without loading it.
#[derive(Debug, Clone)]
pub struct QuerySegmenter {
    /// Lexicon words' frequencies, as the full jieba holds them.
    overrides: HashMap<String, usize>,
    total: usize,
    /// The longest word worth looking up, in characters.
    max_chars: usize,
}

impl QuerySegmenter {
    /// `None` when the build found no dictionary table: use the full jieba.
    pub fn new(lexicon: &Lexicon) -> Option<QuerySegmenter> {
        let total: usize = DICT_TOTAL.trim().parse().ok().filter(|t| *t > 0)?;
        let mut segmenter = QuerySegmenter {
            overrides: HashMap::new(),
            total,
            max_chars: MAX_WORD_CHARS,
        };
        for (word, freq) in lexicon.words() {
            segmenter.add_word(word, *freq);
        }
        Some(segmenter)
    }

    /// The segmenter of `lexicon` from the table an index folder keeps for
    /// it, or computed when there is none or it was made for another
    /// lexicon. Computing it builds a small jieba per lexicon word, which
    /// was 40 % of a one-shot `govsearch search`.
    pub fn kept_in(dir: &std::path::Path, lexicon: &Lexicon) -> Option<QuerySegmenter> {
        std::fs::read_to_string(dir.join(TABLE_FILE))
            .ok()
            .and_then(|table| Self::from_table(&table, &table_key(lexicon)))
            .or_else(|| Self::new(lexicon))
    }

    /// Keeps `lexicon`'s segmenter in an index folder unless the one kept
    /// there is already its own: computing it is the cost being saved.
    pub fn keep_current_in(dir: &std::path::Path, lexicon: &Lexicon) -> std::io::Result<()> {
        let kept = std::fs::read_to_string(dir.join(TABLE_FILE)).ok();
        if kept.is_some_and(|table| Self::from_table(&table, &table_key(lexicon)).is_some()) {
            return Ok(());
        }
        match Self::new(lexicon) {
            Some(segmenter) => segmenter.keep_in(dir, lexicon),
            None => Ok(()),
        }
    }

    /// Keeps this segmenter of `lexicon` in an index folder, written whole
    /// or not at all (a temporary file renamed).
    pub fn keep_in(&self, dir: &std::path::Path, lexicon: &Lexicon) -> std::io::Result<()> {
        if self.overrides.keys().any(|w| w.contains(['\t', '\n'])) {
            return Ok(());
        }
        let mut table = format!(
            "{}\t{}\t{}\n",
            table_key(lexicon),
            self.total,
            self.max_chars
        );
        let mut words: Vec<_> = self.overrides.iter().collect();
        words.sort();
        for (word, freq) in words {
            let _ = writeln!(table, "{word}\t{freq}");
        }
        let temporary = dir.join(format!("{TABLE_FILE}.tmp"));
        std::fs::write(&temporary, table)?;
        std::fs::rename(&temporary, dir.join(TABLE_FILE))
    }

    fn from_table(table: &str, key: &str) -> Option<QuerySegmenter> {
        let mut lines = table.lines();
        let mut head = lines.next()?.split('\t');
        if head.next()? != key {
            return None;
        }
        let total = head.next()?.parse().ok()?;
        let max_chars = head.next()?.parse().ok()?;
        let mut overrides = HashMap::new();
        for line in lines {
            let (word, freq) = line.split_once('\t')?;
            overrides.insert(word.to_string(), freq.parse().ok()?);
        }
        Some(QuerySegmenter {
            overrides,
            total,
            max_chars,
        })
    }

    /// What `Jieba::add_word` does to the full dictionary.
    fn add_word(&mut self, word: &str, freq: Option<usize>) {
        if word.is_empty() {
            return;
        }
        let mut mini = self.jieba_for(word);
        let freq = mini.add_word(word, freq, None);
        let old = self.freq(word).unwrap_or(0);
        self.total = self.total + freq - old;
        self.overrides.insert(word.to_string(), freq);
        self.max_chars = self.max_chars.max(word.chars().count());
    }

    fn freq(&self, word: &str) -> Option<usize> {
        self.overrides
            .get(word)
            .copied()
            .or_else(|| default_freq(word))
    }

    /// A jieba holding the entries of `text`'s substrings and the balance.
    pub fn jieba_for(&self, text: &str) -> Jieba {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut entries: HashMap<&str, usize> = HashMap::new();
        for (i, &(start, _)) in chars.iter().enumerate() {
            for j in i + 1..=(i + self.max_chars).min(chars.len()) {
                let end = chars.get(j).map_or(text.len(), |&(e, _)| e);
                let word = &text[start..end];
                if let Some(freq) = self.freq(word) {
                    entries.insert(word, freq);
                }
            }
        }
        let mut dict = String::new();
        let mut included = 0usize;
        for (word, freq) in &entries {
            included += freq;
            let _ = writeln!(dict, "{word} {freq}");
        }
        let _ = writeln!(
            dict,
            "{BALANCE_WORD} {}",
            self.total.saturating_sub(included)
        );
        Jieba::with_dict(&mut dict.as_bytes()).unwrap_or_else(|_| Jieba::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{jieba_for, normalise, query_words};
    use crate::eval::SplitMix;

    /// The normalised texts of the sample corpus.
    fn sample_texts() -> Vec<Vec<char>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(dir).expect("corpus/").flatten() {
            let bytes = std::fs::read(entry.path()).expect("read");
            if let Ok(decoded) = crate::read::decode(&bytes) {
                texts.push(normalise(&decoded.text).chars().collect());
            }
        }
        texts
    }

    fn assert_same_words(lexicon: &Lexicon, queries: &[String]) {
        let fast = QuerySegmenter::new(lexicon).expect("the build prepared the table");
        let full = jieba_for(lexicon);
        for q in queries {
            assert_eq!(
                query_words(&fast.jieba_for(q), q),
                query_words(&full, q),
                "query {q:?}"
            );
        }
    }

    #[test]
    fn fast_segmentation_equals_the_full_dictionary() {
        let texts = sample_texts();
        let mut rng = SplitMix::new(11);
        let mut queries: Vec<String> = Vec::new();
        for _ in 0..3000 {
            let text = &texts[rng.below(texts.len())];
            let len = 1 + rng.below(40);
            if text.len() <= len {
                continue;
            }
            let start = rng.below(text.len() - len);
            queries.push(text[start..start + len].iter().collect());
        }
        queries.extend(
            [
                "十四五规划",
                "新质生产力发展",
                "计生协会工作",
                "六稳六保",
                "中华人民共和国国务院令",
            ]
            .map(String::from),
        );
        assert_same_words(Lexicon::builtin(), &queries);
        let user = Lexicon::with_user(
            Some("生育关怀行动计划 \n数字乡村示范建设工程项目管理办法细则规定 9000\n"),
            Some("数乡\t数字乡村"),
        )
        .expect("user lexicon");
        queries.push("开展生育关怀行动计划和数字乡村示范建设工程项目管理办法细则规定".to_string());
        assert_same_words(&user, &queries);
    }

    #[test]
    fn a_kept_table_gives_the_segmenter_it_was_made_from() {
        let lexicon = Lexicon::builtin();
        let computed = QuerySegmenter::new(lexicon).expect("table built");
        let dir = tempfile::tempdir().expect("tempdir");
        computed.keep_in(dir.path(), lexicon).expect("kept");
        let table = std::fs::read_to_string(dir.path().join(TABLE_FILE)).expect("table");
        let read = QuerySegmenter::from_table(&table, &table_key(lexicon)).expect("read back");
        assert_eq!(read.overrides, computed.overrides);
        assert_eq!(
            (read.total, read.max_chars),
            (computed.total, computed.max_chars)
        );
        // A table made for another lexicon is not used.
        assert!(QuerySegmenter::from_table(&table, "another").is_none());
        for query in ["放管服改革", "计划生育工作", "营商环境优化提升"] {
            assert_eq!(
                query_words(&read.jieba_for(query), query),
                query_words(&computed.jieba_for(query), query)
            );
        }
    }
}
