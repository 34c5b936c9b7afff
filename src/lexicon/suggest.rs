//! Abbreviations a corpus defines itself, mined for review: statutes and
//! notices introduce their short forms as `国家医疗保障局（以下简称医保局）`.
//! The long form is the end of the phrase before the bracket that starts
//! with the short form's first character and holds all its characters in
//! order, as abbreviations are made.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::{is_common_word, Lexicon};
use crate::text::{is_term_char, normalise_text};

/// One abbreviation and the long form it was defined for.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub short: String,
    pub long: String,
    /// Documents that define it.
    pub documents: usize,
    /// One of them.
    pub example: String,
    /// Why it is left out, if it is (a common word, already known).
    pub left_out: Option<&'static str>,
}

/// `(以下简称“X”)`, `(简称x)`, `(下称“X”)` in the indexed form of a text.
fn definition() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r#"\((?:以下|下)?简?称[:]?[“"「]?([^”"」)(]{2,12})[”"」]?\)"#)
            .expect("a valid built-in pattern")
    })
}

/// The phrase a definition closes: back to the previous punctuation.
fn phrase_before(text: &str, at: usize) -> &str {
    let before = &text[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !is_term_char(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// The long form a short form abbreviates within `phrase`: the shortest
/// tail starting with its first character that holds its characters in order.
fn long_form(short: &str, phrase: &str) -> Option<String> {
    let first = short.chars().next()?;
    let chars: Vec<char> = phrase.chars().collect();
    (0..chars.len())
        .rev()
        .filter(|&p| chars[p] == first)
        .find(|&p| is_subsequence(short, &chars[p..]))
        .map(|p| chars[p..].iter().collect())
}

fn is_subsequence(short: &str, within: &[char]) -> bool {
    let mut rest = within.iter();
    short.chars().all(|c| rest.any(|w| *w == c))
}

/// Mines `texts` (path, cleaned text) for definitions, most documents first.
pub fn suggest(texts: &[(String, String)], lexicon: &Lexicon) -> Vec<Suggestion> {
    let mut found: HashMap<(String, String), BTreeSet<&str>> = HashMap::new();
    for (path, text) in texts {
        let normalised = normalise_text(text);
        for captures in definition().captures_iter(&normalised) {
            let (Some(whole), Some(short)) = (captures.get(0), captures.get(1)) else {
                continue;
            };
            let short = short.as_str();
            if !short.chars().all(is_term_char) {
                continue;
            }
            let Some(long) = long_form(short, phrase_before(&normalised, whole.start())) else {
                continue;
            };
            if long.chars().count() > short.chars().count() && !long.contains(short) {
                found
                    .entry((short.to_string(), long))
                    .or_default()
                    .insert(path.as_str());
            }
        }
    }
    let mut suggestions: Vec<Suggestion> = found
        .into_iter()
        .map(|((short, long), paths)| {
            let left_out = if is_common_word(&short) {
                Some("a common word in its own right")
            } else if lexicon.variants(&short).len() > 1 {
                Some("already in the lexicon")
            } else {
                None
            };
            Suggestion {
                documents: paths.len(),
                example: paths
                    .iter()
                    .next()
                    .map_or_else(String::new, |p| p.to_string()),
                short,
                long,
                left_out,
            }
        })
        .collect();
    suggestions.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then_with(|| a.short.cmp(&b.short))
            .then_with(|| a.long.cmp(&b.long))
    });
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mined(text: &str) -> Vec<(String, String)> {
        suggest(
            &[("a.txt".to_string(), text.to_string())],
            Lexicon::builtin(),
        )
        .into_iter()
        .map(|s| (s.short, s.long))
        .collect()
    }

    #[test]
    fn definitions_give_their_long_forms() {
        assert_eq!(
            mined("由国家医疗保障局（以下简称医保局）负责。"),
            vec![("医保局".to_string(), "医疗保障局".to_string())]
        );
        assert_eq!(
            mined("各级住房公积金管理中心（以下简称“公积金中心”）应当"),
            vec![("公积金中心".to_string(), "公积金管理中心".to_string())]
        );
    }

    #[test]
    fn a_name_cited_whole_or_unrelated_gives_nothing() {
        assert!(mined("《中华人民共和国食品安全法》（以下简称食品安全法）").is_empty());
        assert!(mined("本条例（以下简称办法）").is_empty());
    }
}
