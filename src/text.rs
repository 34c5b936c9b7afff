//! Text normal forms shared by the index, queries, snippets and evaluation.
//!
//! Two forms:
//! - [`fold`] and [`normalise`] map every character to exactly one character
//!   (full-width to half-width, lower case, and for `normalise` traditional to
//!   simplified). Line-by-line labelling (cleaning, facets) uses them, because
//!   a character offset in the result is the same offset in the original.
//! - [`Normalised`] is what gets indexed and matched: `normalise` with layout
//!   removed. PDF extractions, Word exports and scraped HTML break lines in
//!   mid-word and space out titles (`政 府 工 作 报 告`); whitespace that touches a
//!   Chinese character is layout, not content, so it goes. Whitespace between
//!   two Latin words or numbers stays. The result keeps a map back to the
//!   original characters, so snippets and highlights show the original.

/// Maps one character to its normal form; always exactly one character out.
fn normalise_char(c: char) -> char {
    match c {
        // Ideographs are the bulk of the text and have no case: skip the
        // Unicode tables.
        '\u{4E00}'..='\u{9FFF}' => c,
        // Full-width ASCII block (！ to ～) sits at a fixed offset from ASCII.
        '\u{FF01}'..='\u{FF5E}' => {
            let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            half.to_ascii_lowercase()
        }
        '\u{3000}' | '\u{00A0}' => ' ',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        _ => c,
    }
}

/// Normalises text character by character: same number of characters as
/// the input, layout kept.
pub fn normalise(text: &str) -> String {
    simplify(fold(text))
}

/// [`normalise`] without traditional → simplified conversion, the costly
/// part: the same result for a text [`needs_simplifying`] says no about.
pub fn fold(text: &str) -> String {
    text.chars().map(normalise_char).collect()
}

fn simplify(folded: String) -> String {
    if folded.is_ascii() {
        return folded;
    }
    // fast2s converts character by character (looking at neighbours for a few
    // ambiguous ones), so the character count is preserved.
    fast2s::convert(&folded)
}

/// A CJK unified ideograph of the basic block: the characters of Chinese
/// text proper.
pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Characters that take part in terms: letters, digits and CJK ideographs.
/// Everything else (punctuation, symbols, whitespace) separates terms.
pub fn is_term_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | 'a'..='z' | 'A'..='Z' | '0'..='9')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Characters of Chinese text: ideographs and the punctuation set with them.
/// Whitespace next to one of these is layout.
fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        // CJK symbols and punctuation (、。《》「」【】〔〕), the ideographic
        // space excepted (it is whitespace).
        | '\u{3001}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Characters nobody sees, dropped wherever they are.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// For each character, whether it is layout: invisible, or in a run of
/// whitespace that touches a Chinese character on either side.
pub fn layout_mask(chars: &[char]) -> Vec<bool> {
    let mut mask: Vec<bool> = chars.iter().map(|&c| is_invisible(c)).collect();
    let blank = |c: char| c.is_whitespace() || is_invisible(c);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && blank(chars[i]) {
            i += 1;
        }
        let before = chars[..start].iter().rev().find(|c| !blank(**c));
        let after = chars.get(i);
        if before.is_some_and(|c| is_chinese(*c)) || after.is_some_and(|c| is_chinese(*c)) {
            mask[start..i].iter_mut().for_each(|m| *m = true);
        }
    }
    mask
}

/// Whether [`ideograph_matches`] finds what matching the normalised text
/// would: the text needs no simplifying and every word is ideographs alone.
pub fn matches_on_original<'a>(
    needs_no_simplifying: bool,
    mut words: impl Iterator<Item = &'a str>,
) -> bool {
    needs_no_simplifying && words.all(|w| w.chars().all(is_han))
}

/// Where `word`, ideographs alone, occurs in a text that needs no
/// simplifying, as original character ranges `(start, end)`, in order, not
/// overlapping (as `match_indices` in the normalised text), at most `most`.
/// Folding leaves an ideograph as it is and turns nothing else into one, so
/// the word stands in the original with only layout (`layout`, from
/// [`layout_mask`]) between its characters: the same matches as in the
/// normalised text, without building it.
///
/// Knuth–Morris–Pratt over the characters that are not layout: a scan that
/// restarts at every candidate costs text × word on a page of one repeated
/// character (scraped pages have them), this costs text + word.
pub fn ideograph_matches(
    chars: &[char],
    layout: &[bool],
    word: &[char],
    most: usize,
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if word.is_empty() || most == 0 {
        return found;
    }
    let fallback = longest_borders(word);
    let mut matched = 0;
    for (at, (&c, &is_layout)) in chars.iter().zip(layout).enumerate() {
        if is_layout {
            continue;
        }
        while matched > 0 && word[matched] != c {
            matched = fallback[matched - 1];
        }
        if word[matched] == c {
            matched += 1;
        }
        if matched == word.len() {
            found.push((match_start(layout, at, word.len()), at + 1));
            if found.len() == most {
                break;
            }
            // Matches do not overlap: the next starts after this one.
            matched = 0;
        }
    }
    found
}

/// For each prefix of `word`, the length of its longest proper prefix that
/// is also its suffix (where a partial match goes on after a mismatch).
fn longest_borders(word: &[char]) -> Vec<usize> {
    let mut borders = vec![0; word.len()];
    let mut border = 0;
    for (i, &c) in word.iter().enumerate().skip(1) {
        while border > 0 && word[border] != c {
            border = borders[border - 1];
        }
        if word[border] == c {
            border += 1;
        }
        borders[i] = border;
    }
    borders
}

/// The first character of a match of `len` characters, layout not counted,
/// whose last character is at `last`. Matches do not overlap, so these walks
/// back cover the text at most once.
fn match_start(layout: &[bool], last: usize, len: usize) -> usize {
    (0..=last)
        .rev()
        .filter(|&i| !layout[i])
        .nth(len - 1)
        .unwrap_or(0)
}

/// Text with layout removed, original characters kept (for titles shown to
/// users): `政 府 工 作 报 告` → `政府工作报告`.
pub fn without_layout(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mask = layout_mask(&chars);
    chars
        .iter()
        .zip(&mask)
        .filter(|(_, layout)| !**layout)
        .map(|(c, _)| *c)
        .collect()
}

/// The indexed form of a text: normalised, layout removed, with the
/// character of the original each character came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    /// `to_original[i]` is the original character index of `text`'s
    /// character `i`; one more entry holds the original's length.
    to_original: Vec<u32>,
}

impl Normalised {
    /// Folds, simplifies, then drops layout. Simplifying runs before layout
    /// goes because it reads neighbouring characters as the writer set them.
    pub fn new(original: &str) -> Normalised {
        Normalised::build(original, normalise(original))
    }

    /// [`Normalised::new`], and whether simplifying changed anything (the
    /// text holds traditional characters). The index records it, so that
    /// snippets of the other documents skip the conversion.
    pub fn new_noting_simplified(original: &str) -> (Normalised, bool) {
        let folded = fold(original);
        let simplified = simplify(folded.clone());
        let changed = simplified != folded;
        (Normalised::build(original, simplified), changed)
    }

    /// [`Normalised::new`] for a text known to need no simplifying.
    pub fn folded(original: &str) -> Normalised {
        Normalised::build(original, fold(original))
    }

    /// [`Normalised::new`] (or [`Normalised::folded`] when `simplify` is
    /// false) of `original`, already cut into `chars`, and the layout mask
    /// (which original characters layout removal dropped). Snippets need
    /// all three: the text is cut and its mask computed once.
    pub fn of_chars(original: &str, chars: &[char], simplify: bool) -> (Normalised, Vec<bool>) {
        let mask = layout_mask(chars);
        let normalised = if simplify {
            Normalised::from_mask(original.len(), normalise(original).chars(), &mask)
        } else {
            let folded = chars.iter().map(|&c| normalise_char(c));
            Normalised::from_mask(original.len(), folded, &mask)
        };
        (normalised, mask)
    }

    fn build(original: &str, one_to_one: String) -> Normalised {
        let chars: Vec<char> = original.chars().collect();
        let mask = layout_mask(&chars);
        Normalised::from_mask(one_to_one.len(), one_to_one.chars(), &mask)
    }

    /// The characters of `one_to_one` that `mask` keeps, and where each
    /// came from; `bytes` is about the size of the text.
    fn from_mask(
        bytes: usize,
        one_to_one: impl Iterator<Item = char>,
        mask: &[bool],
    ) -> Normalised {
        let mut text = String::with_capacity(bytes);
        let mut to_original = Vec::with_capacity(mask.len() + 1);
        for (i, (c, layout)) in one_to_one.zip(mask).enumerate() {
            if !layout {
                text.push(c);
                to_original.push(i as u32);
            }
        }
        to_original.push(mask.len() as u32);
        Normalised { text, to_original }
    }

    /// The original character range of `text`'s characters `start..end`
    /// (layout inside it included).
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let at = |i: usize| self.to_original[i.min(self.to_original.len() - 1)] as usize;
        if end <= start {
            return (at(start), at(start));
        }
        (at(start), at(end - 1) + 1)
    }

    /// Positions of `text` that had layout just before them in the original.
    pub fn breaks(&self) -> Vec<u32> {
        let chars = self.to_original.len() - 1;
        (1..chars)
            .filter(|&i| self.to_original[i] > self.to_original[i - 1] + 1)
            .map(|i| i as u32)
            .collect()
    }
}

/// The indexed form of a text (see [`Normalised`]), without the map: what
/// documents are indexed as and what queries are matched as.
pub fn normalise_text(text: &str) -> String {
    indexed_form(text, true)
}

/// [`normalise_text`], skipping the traditional → simplified pass when
/// `simplify` is false (a text known to hold no traditional characters).
pub fn indexed_form(text: &str, simplify: bool) -> String {
    let one_to_one = if simplify {
        normalise(text)
    } else {
        fold(text)
    };
    let chars: Vec<char> = text.chars().collect();
    let mask = layout_mask(&chars);
    one_to_one
        .chars()
        .zip(&mask)
        .filter(|(_, layout)| !**layout)
        .map(|(c, _)| c)
        .collect()
}

/// Endings of the names of issuing bodies, longest first.
const ORG_SUFFIXES: &[&str] = &[
    "人民政府",
    "人大常委会",
    "常务委员会",
    "委员会",
    "办公厅",
    "办公室",
    "协会",
    "政府",
    "中心",
    "总局",
    "管委会",
    "党委",
    "党组",
    "小组",
    "局",
    "厅",
    "委",
    "办",
    "部",
    "院",
    "署",
    "所",
    "站",
    "处",
    "科",
    "会",
];

/// Whether `s` ends like the name of a body (`…人民政府`, `…办公厅`, `…局`):
/// the facets read issuers by it, the cleaner tells a signature from a
/// page's directory by it.
pub fn ends_with_org(s: &str) -> bool {
    ORG_SUFFIXES.iter().any(|suffix| s.ends_with(suffix))
}

/// The first sentence of a line, cut at thirty characters (`为全面落实…`).
pub fn first_sentence(line: &str) -> String {
    let sentence: Vec<char> = line
        .chars()
        .take_while(|c| !matches!(c, '。' | '；' | ';' | '！' | '？'))
        .collect();
    if sentence.len() > 30 {
        format!("{}…", sentence[..30].iter().collect::<String>())
    } else {
        sentence.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_keeps_character_count() {
        let text = "２０１７年ＧＤＰ增長，計劃生育　工作";
        let normalised = normalise(text);
        assert_eq!(normalised.chars().count(), text.chars().count());
        assert_eq!(normalised, "2017年gdp增长,计划生育 工作");
    }

    #[test]
    fn line_breaks_and_spacing_between_chinese_characters_are_layout() {
        assert_eq!(normalise_text("河北\n省省\n长 季允石"), "河北省省长季允石");
        assert_eq!(
            normalise_text("在\r\n全面建设小康社会\n  道路上"),
            "在全面建设小康社会道路上"
        );
        assert_eq!(normalise_text("政 府 工 作 报 告"), "政府工作报告");
        assert_eq!(
            normalise_text("第十四届\n人民代表大会"),
            "第十四届人民代表大会"
        );
        assert_eq!(normalise_text("增长 ，\n达到"), "增长,达到");
        assert_eq!(normalise_text("2024 年"), "2024年");
    }

    #[test]
    fn spacing_between_latin_words_and_numbers_stays() {
        assert_eq!(normalise_text("GDP growth 6.5 %"), "gdp growth 6.5 %");
        assert_eq!(normalise_text("line one\nline two"), "line one\nline two");
        assert_eq!(normalise_text("计划\u{200B}生育"), "计划生育");
    }

    #[test]
    fn traditional_text_is_simplified_and_mapped_back() {
        let original = "計劃\n生育　工作";
        let n = Normalised::new(original);
        assert_eq!(n.text, "计划生育工作");
        let (from, to) = n.original_range(1, 3);
        let shown: String = original.chars().skip(from).take(to - from).collect();
        assert_eq!(shown, "劃\n生");
    }

    /// The invariant every consumer relies on: a match in the normalised
    /// text maps to an original range whose normal form is the match.
    #[test]
    fn every_range_maps_to_original_text_with_the_same_normal_form() {
        let original = "政 府 工 作 报 告\n\n各位代表：\n现在，我代表市人民\n政府，向大会报告工作。\nGDP  增长 6.5 %，計劃\u{200B}生育。";
        let n = Normalised::new(original);
        let chars: Vec<char> = n.text.chars().collect();
        let originals: Vec<char> = original.chars().collect();
        for start in 0..chars.len() {
            for end in start + 1..=chars.len().min(start + 8) {
                let (from, to) = n.original_range(start, end);
                let piece: String = originals[from..to].iter().collect();
                let expected: String = chars[start..end].iter().collect();
                assert_eq!(normalise_text(&piece), expected, "{piece:?}");
            }
        }
        let (same, removed) = Normalised::of_chars(original, &originals, true);
        assert_eq!(same, n);
        let (folded, _) = Normalised::of_chars(original, &originals, false);
        assert_eq!(folded, Normalised::folded(original));
        assert_eq!(removed.iter().filter(|r| !**r).count(), chars.len());
    }
}
