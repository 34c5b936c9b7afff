//! The entry points fuzzing drives (`fuzz/`, `scripts/fuzz`) and the
//! regression test replays (`tests/fuzz_regressions.rs`): every stage that
//! takes outside input, each of which must return, never panic.

use crate::read::{self, Format};

/// Decoding bytes of any encoding.
pub fn decode(data: &[u8]) {
    let _ = read::decode(data);
}

/// Stripping HTML.
pub fn html(data: &[u8]) {
    let _ = read::html_to_text(&String::from_utf8_lossy(data));
}

/// Cleaning page furniture.
pub fn clean(data: &[u8]) {
    let _ = crate::clean::clean(&String::from_utf8_lossy(data));
}

/// The whole extraction of a text file: decode, clean, facets.
pub fn facets(data: &[u8]) {
    let taxonomy = crate::facets::Taxonomy::builtin();
    let _ = crate::document::from_bytes("fuzz.txt", Format::Text, data, &taxonomy);
}

/// The query language.
pub fn query(data: &[u8]) {
    let _ = crate::search::parse(&String::from_utf8_lossy(data));
}

/// Snippets: the first line holds the words to highlight, the rest is the
/// text.
pub fn snippets(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let (words, text) = input.split_once('\n').unwrap_or((&input, ""));
    let words: Vec<crate::search::HighlightWord> = words
        .split_whitespace()
        .map(|w| crate::search::HighlightWord {
            text: crate::text::normalise_text(w),
            weight: 1,
        })
        .collect();
    let simplified = data.first().is_some_and(|b| b % 2 == 0);
    for snippet in crate::search::snippet::snippets(text, &words, simplified) {
        let len = snippet.text.chars().count();
        assert!(snippet.highlights.iter().all(|[a, b]| a < b && *b <= len));
    }
}

/// The layout-free normal form and its map back: every character range
/// maps to original text with the same normal form.
pub fn normalise(data: &[u8]) {
    let original = String::from_utf8_lossy(data);
    let normalised = crate::text::Normalised::new(&original);
    let chars: Vec<char> = normalised.text.chars().collect();
    let originals: Vec<char> = original.chars().collect();
    for start in (0..chars.len()).step_by(7) {
        let end = (start + 5).min(chars.len());
        let (from, to) = normalised.original_range(start, end);
        assert!(from <= to && to <= originals.len());
    }
}

/// Word packages.
pub fn docx(data: &[u8]) {
    let _ = read::docx::text(data);
}
