//! The government lexicon: words jieba must keep whole (十四五, 放管服,
//! 新质生产力) and groups of equivalent forms that a query expands to
//! (计生 ↔ 计划生育). A shipped default, extended by user files; its
//! fingerprint is recorded in the index, which is re-segmented when it
//! changes.

use std::collections::HashMap;
use std::sync::OnceLock;

pub mod suggest;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{bail, Result};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::analysis::normalise;

const BUILTIN_WORDS: &str = include_str!("../../data/lexicon.txt");
const BUILTIN_SYNONYMS: &str = include_str!("../../data/synonyms.tsv");

/// At most this many spellings of one query term are searched: each form
/// found in a term multiplies them.
const MAX_VARIANTS: usize = 16;

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Words for jieba, with an optional frequency.
    words: Vec<(String, Option<usize>)>,
    /// Groups of equivalent forms, normalised.
    groups: Vec<Vec<String>>,
    /// Every form of every group, leftmost-longest.
    matcher: AhoCorasick,
    /// The group of each matcher pattern.
    group_of: Vec<usize>,
    fingerprint: u64,
}

impl Lexicon {
    /// The lexicon that ships with govsearch.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Lexicon::parse(BUILTIN_WORDS, BUILTIN_SYNONYMS).expect("the shipped lexicon parses")
        })
    }

    /// The shipped lexicon extended by a user dictionary (jieba's format:
    /// `word [frequency [tag]]`) and user synonyms (tab-separated groups).
    pub fn with_user(dict: Option<&str>, synonyms: Option<&str>) -> Result<Lexicon> {
        let mut words = parse_words(BUILTIN_WORDS)?;
        let mut groups = parse_groups(BUILTIN_SYNONYMS)?;
        words.extend(
            parse_words(dict.unwrap_or_default())
                .map_err(|e| e.context("in the user dictionary"))?,
        );
        groups.extend(
            parse_groups(synonyms.unwrap_or_default())
                .map_err(|e| e.context("in the user synonyms"))?,
        );
        Self::build(words, groups)
    }

    fn parse(words_text: &str, synonyms_text: &str) -> Result<Lexicon> {
        Self::build(parse_words(words_text)?, parse_groups(synonyms_text)?)
    }

    fn build(mut words: Vec<(String, Option<usize>)>, groups: Vec<Vec<String>>) -> Result<Lexicon> {
        let mut group_of = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (g, forms) in groups.iter().enumerate() {
            for form in forms {
                words.push((form.clone(), None));
                // A form listed twice belongs to its first group.
                if seen.insert(form.clone(), g).is_none() {
                    patterns.push(form.clone());
                    group_of.push(g);
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        let mut fingerprint = 0x6c65_7869_636f_6e00;
        for (word, freq) in &words {
            fingerprint =
                xxh3_64_with_seed(word.as_bytes(), fingerprint ^ freq.unwrap_or(0) as u64);
        }
        for forms in &groups {
            fingerprint =
                xxh3_64_with_seed(forms.join("\t").as_bytes(), fingerprint.rotate_left(1));
        }
        Ok(Lexicon {
            words,
            groups,
            matcher,
            group_of,
            fingerprint,
        })
    }

    pub fn words(&self) -> &[(String, Option<usize>)] {
        &self.words
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Every spelling of a normalised term: itself first, then each form
    /// found in it swapped for its equivalents (`计生工作` → `计划生育工作`).
    pub fn variants(&self, term: &str) -> Vec<String> {
        let mut variants = vec![String::new()];
        let mut last = 0;
        for m in self.matcher.find_iter(term) {
            let literal = &term[last..m.start()];
            let found = &term[m.start()..m.end()];
            let group = &self.groups[self.group_of[m.pattern().as_usize()]];
            let mut next = Vec::new();
            for prefix in &variants {
                // The form as written comes first, so the term itself stays first.
                for form in std::iter::once(found)
                    .chain(group.iter().map(String::as_str).filter(|f| *f != found))
                {
                    if next.len() < MAX_VARIANTS {
                        next.push(format!("{prefix}{literal}{form}"));
                    }
                }
            }
            variants = next;
            last = m.end();
        }
        let rest = &term[last..];
        variants.into_iter().map(|v| v + rest).collect()
    }

    /// The text with every short form spelled out (the group's longest
    /// form), for comparing names such as issuing bodies.
    pub fn expand_abbreviations(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        let mut last = 0;
        for m in self.matcher.find_iter(text) {
            out.push_str(&text[last..m.start()]);
            let group = &self.groups[self.group_of[m.pattern().as_usize()]];
            let longest = group
                .iter()
                .max_by_key(|f| f.chars().count())
                .map_or("", |f| f.as_str());
            out.push_str(longest);
            last = m.end();
        }
        out.push_str(&text[last..]);
        out
    }

    /// The groups, for listing (`govsearch lexicon`).
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }
}

/// `word [frequency [tag]]` lines.
fn parse_words(text: &str) -> Result<Vec<(String, Option<usize>)>> {
    let mut words = Vec::new();
    for (n, line) in content_lines(text) {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq = match fields.next() {
            None => None,
            Some(f) => match f.parse::<usize>() {
                Ok(f) => Some(f),
                Err(_) => bail!("line {n}: `{f}` is not a frequency"),
            },
        };
        words.push((normalise(word), freq));
    }
    Ok(words)
}

/// Tab-separated groups of two or more equivalent forms.
fn parse_groups(text: &str) -> Result<Vec<Vec<String>>> {
    let mut groups = Vec::new();
    for (n, line) in content_lines(text) {
        let forms: Vec<String> = line
            .split('\t')
            .map(|f| normalise(f.trim()))
            .filter(|f| !f.is_empty())
            .collect();
        if forms.len() < 2 {
            bail!("line {n}: expected two or more forms separated by tabs");
        }
        groups.push(forms);
    }
    Ok(groups)
}

/// Non-empty lines that are not `#` comments, numbered from 1.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// jieba's dictionary frequency from which a word is common in its own
/// right (科技 15,691, 高考 3,565; 低保 40, 医保 273).
pub const COMMON_WORD_FREQ: usize = 1000;

/// Whether a form is a common word in its own right, too common to stand
/// for one long form: frequent in jieba's dictionary and tagged there as an
/// ordinary word, not as an abbreviation (`j`) or a name (`nt`, `nz`, `ns`,
/// `nr`). 人大 (`j`) and 人大常委会 (`nt`) stand for their long forms; 科技
/// (`n`) and 高考 (`v`) are words of their own.
pub fn is_common_word(form: &str) -> bool {
    use crate::analysis::segmenter::{default_freq, default_tag};
    let frequent = default_freq(form).is_some_and(|f| f >= COMMON_WORD_FREQ);
    let named = default_tag(form).is_some_and(|t| t == "j" || t.starts_with('n') && t.len() == 2);
    frequent && !named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_swap_each_form_for_its_equivalents() {
        let lexicon = Lexicon::builtin();
        assert_eq!(
            lexicon.variants("计生工作"),
            vec!["计生工作", "计划生育工作"]
        );
        assert_eq!(lexicon.variants("计划生育"), vec!["计划生育", "计生"]);
        assert_eq!(
            lexicon.variants("全国人大常委会"),
            vec!["全国人大常委会", "全国人民代表大会常务委员会"]
        );
        assert_eq!(lexicon.variants("教育"), vec!["教育"]);
    }

    #[test]
    fn no_shipped_short_form_is_a_common_word() {
        let lexicon = Lexicon::builtin();
        assert!(
            lexicon.groups.len() > 150,
            "{} groups",
            lexicon.groups.len()
        );
        for group in &lexicon.groups {
            let short = group
                .iter()
                .min_by_key(|f| f.chars().count())
                .expect("a form");
            assert!(
                !is_common_word(short),
                "{short} is a common word: {group:?}"
            );
        }
        assert!(is_common_word("科技") && !is_common_word("低保"));
    }

    #[test]
    fn abbreviations_expand_to_the_longest_form() {
        let lexicon = Lexicon::builtin();
        assert_eq!(
            lexicon.expand_abbreviations("上海市人大常委会"),
            "上海市人民代表大会常务委员会"
        );
        assert_eq!(lexicon.expand_abbreviations("县计生局"), "县计划生育局");
    }

    #[test]
    fn user_files_extend_the_lexicon_and_change_its_fingerprint() {
        let user =
            Lexicon::with_user(Some("数字乡村 5000"), Some("数乡\t数字乡村")).expect("parses");
        assert!(user
            .words()
            .iter()
            .any(|(w, f)| w == "数字乡村" && *f == Some(5000)));
        assert_eq!(user.variants("数乡"), vec!["数乡", "数字乡村"]);
        assert_ne!(user.fingerprint(), Lexicon::builtin().fingerprint());
    }

    #[test]
    fn bad_user_files_are_refused_with_the_line() {
        let err = Lexicon::with_user(Some("词 很多"), None).expect_err("bad frequency");
        assert!(format!("{err:#}").contains("not a frequency"), "{err:#}");
        let err = Lexicon::with_user(None, Some("孤单")).expect_err("one form");
        assert!(format!("{err:#}").contains("two or more forms"), "{err:#}");
    }
}
