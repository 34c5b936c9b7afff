//! Text analysis: the normaliser shared by documents and queries, the jieba word
//! tokenizer and the character-bigram tokenizer that gives grep-level recall.
//!
//! The normal forms themselves live in [`crate::text`]; both tokenizers
//! expect text already in its indexed form ([`crate::text::Normalised`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy_jieba::jieba_rs::Jieba;

use crate::lexicon::Lexicon;
pub use crate::text::{fold, is_term_char, normalise, normalise_text};

pub mod segmenter;
pub use segmenter::QuerySegmenter;

/// Name under which the word tokenizer is registered in the index.
pub const WORDS_TOKENIZER: &str = "govsearch_words";
/// Name under which the bigram tokenizer is registered in the index.
pub const BIGRAMS_TOKENIZER: &str = "govsearch_bigrams";

/// Words longer than this (in bytes) are not indexed: they are URLs, hashes or
/// runs of digits that nobody types, and tantivy rejects very long terms.
const MAX_WORD_BYTES: usize = 120;

/// jieba with the shipped lexicon.
pub fn jieba() -> Arc<Jieba> {
    jieba_for(Lexicon::builtin())
}

/// The process-wide jieba for a lexicon. Loading the dictionary costs 100+
/// ms, and tantivy clones tokenizers freely, so everything shares one `Arc`
/// per lexicon.
pub fn jieba_for(lexicon: &Lexicon) -> Arc<Jieba> {
    static JIEBAS: OnceLock<Mutex<HashMap<u64, Arc<Jieba>>>> = OnceLock::new();
    let mut jiebas = JIEBAS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    jiebas
        .entry(lexicon.fingerprint())
        .or_insert_with(|| {
            let mut jieba = Jieba::new();
            for (word, freq) in lexicon.words() {
                jieba.add_word(word, *freq, None);
            }
            Arc::new(jieba)
        })
        .clone()
}

/// Segments normalised text into the words a query must contain, dropping
/// punctuation and whitespace.
pub fn query_words(jieba: &Jieba, normalised: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for token in jieba.cut(normalised, true) {
        if token.word.chars().any(is_term_char)
            && token.word.len() <= MAX_WORD_BYTES
            && !words.iter().any(|w| w == token.word)
        {
            words.push(token.word.to_string());
        }
    }
    words
}

/// How queries are cut into words: against a table of the dictionary
/// (fast, see [`segmenter`]) or with the full jieba, same results.
#[derive(Clone)]
pub enum Segmenter {
    Fast(QuerySegmenter),
    Full(Arc<Jieba>),
}

impl Segmenter {
    /// The fast way when the build prepared the table, unless
    /// `GOVSEARCH_FULL_JIEBA` is set (to compare the two).
    pub fn for_lexicon(lexicon: &Lexicon) -> Segmenter {
        Self::fast_or_full(lexicon, || QuerySegmenter::new(lexicon))
    }

    /// [`Self::for_lexicon`], with the fast table an index folder keeps.
    pub fn for_index(dir: &std::path::Path, lexicon: &Lexicon) -> Segmenter {
        Self::fast_or_full(lexicon, || QuerySegmenter::kept_in(dir, lexicon))
    }

    fn fast_or_full(lexicon: &Lexicon, fast: impl FnOnce() -> Option<QuerySegmenter>) -> Segmenter {
        let forced_full = std::env::var_os("GOVSEARCH_FULL_JIEBA").is_some_and(|v| !v.is_empty());
        match fast().filter(|_| !forced_full) {
            Some(fast) => Segmenter::Fast(fast),
            None => Segmenter::Full(jieba_for(lexicon)),
        }
    }

    pub fn query_words(&self, normalised: &str) -> Vec<String> {
        match self {
            Segmenter::Fast(fast) => query_words(&fast.jieba_for(normalised), normalised),
            Segmenter::Full(jieba) => query_words(jieba, normalised),
        }
    }
}

/// Registers both analyzers on an index. The word tokenizer loads its
/// jieba on first use: searching never needs it.
/// Returns the count of text bytes the bigram tokenizer has been given,
/// which tells the indexer how far tantivy's threads have got.
pub fn register_tokenizers(index: &tantivy::Index, lexicon: &Lexicon) -> Arc<AtomicU64> {
    let manager = index.tokenizers();
    manager.register(
        WORDS_TOKENIZER,
        TextAnalyzer::from(WordTokenizer::new(lexicon.clone())),
    );
    let tokenized = Arc::new(AtomicU64::new(0));
    manager.register(
        BIGRAMS_TOKENIZER,
        TextAnalyzer::from(BigramTokenizer {
            tokenized: Some(tokenized.clone()),
        }),
    );
    tokenized
}

/// jieba in search mode over normalised text: full words plus their parts, so
/// that a query word matches whichever granularity the document was cut at.
/// Like [`BigramTokenizer`], it expects text already normalised (the index
/// stores the original apart), so no text is normalised twice.
#[derive(Clone)]
pub struct WordTokenizer {
    lexicon: Arc<Lexicon>,
    /// Shared by every clone tantivy makes, filled on the first document.
    jieba: Arc<OnceLock<Arc<Jieba>>>,
}

impl WordTokenizer {
    pub fn new(lexicon: Lexicon) -> Self {
        WordTokenizer {
            lexicon: Arc::new(lexicon),
            jieba: Arc::new(OnceLock::new()),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&mut self, normalised: &'a str) -> WordStream<'a> {
        let jieba = self.jieba.get_or_init(|| jieba_for(&self.lexicon));
        WordStream {
            words: jieba.cut_for_search(normalised, true),
            next: 0,
            token: Token {
                position: usize::MAX,
                ..Token::default()
            },
        }
    }
}

/// Whether a word jieba cut from a text is indexed: not punctuation or
/// whitespace, not overlong.
fn is_indexed_word(word: &str) -> bool {
    word.len() <= MAX_WORD_BYTES && word.chars().any(is_term_char)
}

/// The words the word fields index for normalised text, in order: what
/// [`WordTokenizer`] gives tantivy, for another engine to index as is.
pub fn index_words<'a>(jieba: &Jieba, normalised: &'a str) -> Vec<&'a str> {
    jieba
        .cut_for_search(normalised, true)
        .into_iter()
        .map(|token| token.word)
        .filter(|word| is_indexed_word(word))
        .collect()
}

/// jieba's words one at a time into a single reused token, punctuation
/// and overlong words skipped.
pub struct WordStream<'a> {
    words: Vec<tantivy_jieba::jieba_rs::Token<'a>>,
    next: usize,
    token: Token,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some(word) = self.words.get(self.next) {
            self.next += 1;
            if is_indexed_word(word.word) {
                self.token.position = self.token.position.wrapping_add(1);
                self.token.offset_from = word.byte_start;
                self.token.offset_to = word.byte_end;
                self.token.text.clear();
                self.token.text.push_str(word.word);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Overlapping character bigrams at consecutive positions, so a phrase of
/// bigrams matches exactly the text it was cut from (see [`bigrams`]).
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    /// Bytes of text tokenized so far, shared by every clone.
    pub tokenized: Option<Arc<AtomicU64>>,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream(&mut self, normalised: &str) -> BigramStream {
        if let Some(count) = &self.tokenized {
            count.fetch_add(normalised.len() as u64, Ordering::Relaxed);
        }
        BigramStream {
            chars: normalised.chars().collect(),
            next: 0,
            token: Token {
                position: usize::MAX,
                ..Token::default()
            },
        }
    }
}

/// The grams of [`bigrams`], one at a time into a single reused token:
/// tens of millions of grams, no allocation each.
pub struct BigramStream {
    chars: Vec<char>,
    next: usize,
    token: Token,
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        while let Some(&c) = self.chars.get(self.next) {
            let i = self.next;
            self.next += 1;
            if is_term_char(c) {
                self.token.position = self.token.position.wrapping_add(1);
                self.token.text.clear();
                push_gram(&self.chars, i, &mut self.token.text);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// One bigram (or run-final unigram) and its character position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gram {
    pub position: usize,
    pub text: String,
}

/// Separators kept in a run-final gram; longer runs of punctuation are cut.
const MAX_SEPARATORS: usize = 4;

/// Cuts normalised text into the grams the bigram field indexes. Positions
/// count term characters only, so text on both sides of punctuation stays
/// adjacent; the punctuation itself is carried by the gram of the character
/// before it (`育，`), which keeps exact matching exact.
pub fn bigrams(normalised: &str) -> Vec<Gram> {
    let chars: Vec<char> = normalised.chars().collect();
    let mut grams = Vec::with_capacity(chars.len());
    let mut position = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !is_term_char(c) {
            continue;
        }
        let mut text = String::new();
        push_gram(&chars, i, &mut text);
        grams.push(Gram { position, text });
        position += 1;
    }
    grams
}

/// The gram starting at term character `chars[i]`: with the next character
/// inside a run, or a run's last character and the separators after it
/// (whitespace folded).
fn push_gram(chars: &[char], i: usize, text: &mut String) {
    let c = chars[i];
    text.push(c);
    match chars.get(i + 1) {
        Some(&next) if is_term_char(next) => text.push(next),
        Some(_) => {
            let mut last = c;
            for &s in chars[i + 1..]
                .iter()
                .take_while(|s| !is_term_char(**s))
                .take(MAX_SEPARATORS)
            {
                let s = if s.is_whitespace() { ' ' } else { s };
                if !(s == ' ' && last == ' ') {
                    text.push(s);
                }
                last = s;
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_have_consecutive_positions_and_run_tails() {
        let grams = bigrams("计划生育,  好");
        let texts: Vec<_> = grams
            .iter()
            .map(|g| (g.position, g.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            vec![
                (0, "计划"),
                (1, "划生"),
                (2, "生育"),
                (3, "育, "),
                (4, "好")
            ]
        );
    }

    #[test]
    fn words_drop_punctuation() {
        let jieba = jieba();
        let words = query_words(&jieba, "计划生育，工作。");
        assert!(words.contains(&"计划生育".to_string()));
        assert!(words.iter().all(|w| w.chars().all(is_term_char)));
    }

    #[test]
    fn the_bigram_stream_gives_the_grams_of_bigrams() {
        let text = normalise("计划生育，工作。 2017年 gdp增长…… 好");
        let mut stream = BigramTokenizer::default().token_stream(&text);
        let mut streamed = Vec::new();
        while stream.advance() {
            let t = stream.token();
            streamed.push((t.position, t.text.clone()));
        }
        let expected: Vec<(usize, String)> = bigrams(&text)
            .into_iter()
            .map(|g| (g.position, g.text))
            .collect();
        assert_eq!(streamed, expected);
    }
}
