//! Snippets: one to three passages of about 80–160 characters, cut at
//! sentence or clause boundaries, with every matched query word highlighted.
//! Offsets count characters, never bytes.
//!
//! Words are matched in the indexed form of the text (layout removed, see
//! [`Normalised`]) and mapped back to the original, so a highlight may run
//! across a line break, and the passage shows the original's line breaks.

use serde::Serialize;

use crate::text::{ideograph_matches, layout_mask, matches_on_original, Normalised};

/// A passage of a document and the character ranges to highlight in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// A word to highlight (normalised) and how much a passage containing it is worth.
#[derive(Debug, Clone)]
pub struct HighlightWord {
    pub text: String,
    pub weight: u32,
}

pub const MAX_SNIPPETS: usize = 3;
const MIN_CHARS: usize = 80;
/// Passages are at most 160 characters shown, `…` marks included.
const MAX_CHARS: usize = 158;
/// Stop collecting matches of very common words after this many.
const MAX_MATCHES: usize = 20_000;

#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    word: usize,
}

/// Picks the best passages of `text` for the given words.
/// `simplified`: the text has no traditional characters (recorded at index
/// time), so folding it normalises it.
pub fn snippets(text: &str, words: &[HighlightWord], simplified: bool) -> Vec<Snippet> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let (matches, removed) =
        if matches_on_original(simplified, words.iter().map(|w| w.text.as_str())) {
            let removed = layout_mask(&chars);
            (find_matches_in_original(&chars, &removed, words), removed)
        } else {
            let (norm, removed) = Normalised::of_chars(text, &chars, !simplified);
            (find_matches(&norm, words), removed)
        };
    let sentences = sentences(&chars, &removed);
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut covered = vec![false; words.len()];
    while windows.len() < MAX_SNIPPETS {
        let best = sentences
            .iter()
            .filter(|s| !windows.iter().any(|w| s.0 < w.1 && w.0 < s.1))
            .map(|s| (sentence_score(*s, &matches, words, &covered), *s))
            .filter(|(score, _)| *score > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1 .0.cmp(&a.1 .0)));
        let Some((_, sentence)) = best else { break };
        let window = widen(sentence, &sentences, &chars, &matches, &windows);
        for m in matches
            .iter()
            .filter(|m| m.start >= window.0 && m.end <= window.1)
        {
            covered[m.word] = true;
        }
        windows.push(window);
        // A second or third passage only if it shows words not seen yet.
        if covered.iter().all(|c| *c) {
            break;
        }
    }
    if windows.is_empty() {
        let first = widen(sentences[0], &sentences, &chars, &matches, &[]);
        windows.push(first);
    }
    windows.sort();
    windows
        .into_iter()
        .map(|w| render(w, &chars, &matches))
        .collect()
}

/// Every occurrence of every word, as original character ranges.
fn find_matches(normalised: &Normalised, words: &[HighlightWord]) -> Vec<Match> {
    let norm = normalised.text.as_str();
    let mut matches = Vec::new();
    for (word, w) in words.iter().enumerate() {
        if w.text.is_empty() {
            continue;
        }
        let len = w.text.chars().count();
        // Walk forward counting characters incrementally instead of from 0 each time.
        let (mut last_byte, mut last_char) = (0usize, 0usize);
        for (byte, _) in norm.match_indices(w.text.as_str()).take(MAX_MATCHES) {
            last_char += norm[last_byte..byte].chars().count();
            last_byte = byte;
            let (start, end) = normalised.original_range(last_char, last_char + len);
            matches.push(Match { start, end, word });
        }
    }
    matches.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    matches
}

/// [`find_matches`] without building the normalised text, for a text that
/// needs no simplifying and words of ideographs alone (see
/// [`crate::text::ideograph_matches`]). Building the normalised text and
/// its map was a sixth of a query's time.
fn find_matches_in_original(
    chars: &[char],
    removed: &[bool],
    words: &[HighlightWord],
) -> Vec<Match> {
    let mut matches = Vec::new();
    for (word, w) in words.iter().enumerate() {
        let needle: Vec<char> = w.text.chars().collect();
        for (start, end) in ideograph_matches(chars, removed, &needle, MAX_MATCHES) {
            matches.push(Match { start, end, word });
        }
    }
    matches.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    matches
}

/// Sentences as character ranges, ending after 。！？； or a line break that
/// is not layout (`removed` marks the characters layout removal dropped:
/// a line wrapped mid-sentence goes on).
fn sentences(chars: &[char], removed: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        let line_end = *c == '\n' && !removed.get(i).copied().unwrap_or(false);
        if line_end || matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            if i + 1 > start {
                out.push((start, i + 1));
            }
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

fn sentence_score(
    s: (usize, usize),
    matches: &[Match],
    words: &[HighlightWord],
    covered: &[bool],
) -> u32 {
    // Matches are sorted by start: only those from the sentence's start on
    // are read, not every match of the text for every sentence.
    let first = matches.partition_point(|m| m.start < s.0);
    let mut inside = matches[first..]
        .iter()
        .take_while(|m| m.start < s.1)
        .filter(|m| m.end <= s.1)
        .peekable();
    if inside.peek().is_none() {
        return 0;
    }
    let mut seen = vec![false; words.len()];
    let mut score = 0;
    for m in inside {
        if !seen[m.word] {
            seen[m.word] = true;
            // Words not yet shown in an earlier passage count double.
            let fresh = if covered[m.word] { 1 } else { 2 };
            score += words[m.word].weight * fresh * 4;
        } else {
            score += 1;
        }
    }
    score
}

/// Grows a sentence into a passage of MIN..=MAX characters: long sentences are
/// cut at clause boundaries around the first match, short ones take their
/// neighbours.
fn widen(
    sentence: (usize, usize),
    sentences: &[(usize, usize)],
    chars: &[char],
    matches: &[Match],
    taken: &[(usize, usize)],
) -> (usize, usize) {
    let (mut start, mut end) = sentence;
    if end - start > MAX_CHARS {
        let anchor = matches
            .iter()
            .find(|m| m.start >= start && m.end <= end)
            .map_or(start, |m| m.start);
        // Some context before the match, but never so late that the
        // passage runs out at the sentence's end.
        let lead = anchor.saturating_sub(40).clamp(start, end - MAX_CHARS);
        start = clause_start(chars, lead, anchor).unwrap_or(lead);
        end = (start + MAX_CHARS).min(end);
        end = clause_end(chars, start + MIN_CHARS, end).unwrap_or(end);
        return (start, end);
    }
    let free = |s: &(usize, usize)| !taken.iter().any(|w| s.0 < w.1 && w.0 < s.1);
    let index = sentences.iter().position(|s| *s == sentence).unwrap_or(0);
    let (mut before, mut after) = (index, index + 1);
    while end - start < MIN_CHARS {
        let next = sentences
            .get(after)
            .filter(|s| free(s) && s.1 - start <= MAX_CHARS);
        if let Some(s) = next {
            end = s.1;
            after += 1;
            continue;
        }
        let prev = before
            .checked_sub(1)
            .and_then(|i| sentences.get(i))
            .filter(|s| free(s) && end - s.0 <= MAX_CHARS);
        match prev {
            Some(s) => {
                start = s.0;
                before -= 1;
            }
            None => break,
        }
    }
    (start, end)
}

fn is_clause_break(c: char) -> bool {
    matches!(c, '，' | '、' | '：' | ',' | ':' | '。' | '；' | ' ')
}

/// The first position after a clause break in `from..to`.
fn clause_start(chars: &[char], from: usize, to: usize) -> Option<usize> {
    (from..to)
        .find(|&i| is_clause_break(chars[i]))
        .map(|i| i + 1)
        .filter(|&i| i <= to)
}

/// The last position just after a clause break in `from..to`.
fn clause_end(chars: &[char], from: usize, to: usize) -> Option<usize> {
    (from..to)
        .rev()
        .find(|&i| is_clause_break(chars[i]))
        .map(|i| i + 1)
}

/// The passage text (line breaks kept, other whitespace folded, `…` where
/// it was cut mid-clause) and its highlights in characters of that text.
fn render(window: (usize, usize), chars: &[char], matches: &[Match]) -> Snippet {
    let (start, end) = window;
    let cut_before = start > 0 && !is_clause_break(chars[start - 1]) && chars[start - 1] != '\n';
    let cut_after = end < chars.len() && !is_clause_break(chars[end - 1]);
    let mut text = String::new();
    let mut written = 0;
    if cut_before {
        text.push('…');
        written += 1;
    }
    let mut offset_map = Vec::with_capacity(end - start + 1);
    let mut leading = true;
    for (i, &c) in chars[start..end].iter().enumerate() {
        offset_map.push(written);
        let c = match c {
            '\r' => continue,
            '\n' => '\n',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        let repeated = c == '\n' && i > 0 && text.ends_with('\n');
        if (leading && c.is_whitespace()) || repeated {
            continue;
        }
        leading = false;
        text.push(c);
        written += 1;
    }
    offset_map.push(written);
    // A passage ending at a line break shows no empty line after it.
    let shown = text.trim_end().len();
    text.truncate(shown);
    let shown_chars = text.chars().count();
    offset_map
        .iter_mut()
        .for_each(|o| *o = (*o).min(shown_chars));
    if cut_after {
        text.push('…');
    }
    let mut highlights: Vec<[usize; 2]> = Vec::new();
    for m in matches.iter().filter(|m| m.start < end && m.end > start) {
        let from = offset_map[m.start.max(start) - start];
        let to = offset_map[m.end.min(end) - start];
        match highlights.last_mut() {
            Some(last) if from <= last[1] => last[1] = last[1].max(to),
            _ if from < to => highlights.push([from, to]),
            _ => {}
        }
    }
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> HighlightWord {
        HighlightWord {
            text: text.to_string(),
            weight: 1,
        }
    }

    /// Both ways of finding matches agree wherever the shortcut applies:
    /// layout inside a word, repeats that would overlap, words at the ends.
    #[test]
    fn matches_found_in_the_original_equal_those_found_in_the_normalised_text() {
        let texts = [
            "政 府 工 作 报 告\n各位代表：\n现在，我代表市人民政府，向大会报告工作。",
            "哈哈哈哈哈，就业\n优先。就\u{200B}业稳定，就 业，就业\r\n\r\n就业",
            "乡村振兴 战略 乡村\t振兴 Rural 乡村。振兴",
            "",
            "就",
            "哈哈哈嘿哈 哈嘿哈哈哈哈\n哈嘿嘿，哈哈嘿",
            "发展发展发展观发\n展观，发展发展",
        ];
        let words = [
            "哈哈",
            "就业",
            "乡村振兴",
            "政府工作报告",
            "振兴",
            "就",
            "哈哈嘿",
            "哈哈哈哈嘿",
            "嘿哈",
            "发展观",
            "发展发展观",
            "展发",
        ];
        for text in texts {
            let chars: Vec<char> = text.chars().collect();
            let (norm, removed) = Normalised::of_chars(text, &chars, false);
            for w in words {
                let one = [word(w)];
                let slow = find_matches(&norm, &one);
                let fast = find_matches_in_original(&chars, &removed, &one);
                let pairs = |m: &[Match]| m.iter().map(|m| (m.start, m.end)).collect::<Vec<_>>();
                assert_eq!(pairs(&fast), pairs(&slow), "{w} in {text:?}");
            }
        }
    }

    #[test]
    fn highlights_count_characters_in_original_text() {
        let text = "第一句话没有关键词。今年全县計劃生育工作取得新进展，群众满意。最后一句。";
        let got = snippets(text, &[word("计划生育")], false);
        assert_eq!(got.len(), 1);
        let s = &got[0];
        let [from, to] = s.highlights[0];
        let shown: String = s.text.chars().skip(from).take(to - from).collect();
        assert_eq!(shown, "計劃生育");
    }

    #[test]
    fn a_highlight_runs_across_a_line_break_and_the_break_is_shown() {
        let text = "河北省第十一届人民代表大会第一次会议\n各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。今年召开第十四届\n人民代表大会。";
        let got = snippets(text, &[word("第十四届人民代表大会")], false);
        let s = &got[0];
        let [from, to] = s.highlights[0];
        let shown: String = s.text.chars().skip(from).take(to - from).collect();
        assert_eq!(shown, "第十四届\n人民代表大会", "{s:?}");
        let chars: Vec<char> = text.chars().collect();
        let (_, removed) = Normalised::of_chars(text, &chars, true);
        let ends: Vec<char> = sentences(&chars, &removed)
            .iter()
            .map(|s| chars[s.1 - 1])
            .collect();
        assert_eq!(ends, vec!['。', '。'], "a wrapped line is no sentence end");
    }

    #[test]
    fn a_spaced_title_is_matched_and_highlighted_whole() {
        let text = "政 府 工 作 报 告\n各位代表：现在，我代表市人民政府，向大会报告工作。";
        let got = snippets(text, &[word("政府工作报告")], true);
        let s = &got[0];
        let [from, to] = s.highlights[0];
        let shown: String = s.text.chars().skip(from).take(to - from).collect();
        assert_eq!(shown, "政 府 工 作 报 告");
    }

    #[test]
    fn a_match_near_the_end_of_a_long_sentence_still_gets_a_full_passage() {
        let text = format!("{}流动人口服务管理。", "各项工作稳步推进，".repeat(40));
        let got = snippets(&text, &[word("流动人口")], false);
        let n = got[0].text.chars().count();
        assert!((MIN_CHARS..=160).contains(&n), "{n} chars: {}", got[0].text);
        assert!(got[0].text.contains("流动人口"));
    }

    #[test]
    fn cuts_inside_a_sentence_are_marked() {
        let text = format!(
            "{}发电项目上网电价放管服政策执行情况{}",
            "甲".repeat(200),
            "乙".repeat(200)
        );
        let got = snippets(&text, &[word("放管服")], false);
        let s = &got[0];
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        let [from, to] = s.highlights[0];
        let shown: String = s.text.chars().skip(from).take(to - from).collect();
        assert_eq!(shown, "放管服");
        assert!(s.text.chars().count() <= 160);
    }

    #[test]
    fn long_sentences_are_cut_near_the_match() {
        let filler = "各项工作稳步推进，".repeat(40);
        let text = format!("{filler}流动人口服务管理全面加强，{filler}。");
        let got = snippets(&text, &[word("流动人口")], false);
        let n = got[0].text.chars().count();
        assert!((MIN_CHARS..=160).contains(&n), "{n} chars");
        assert!(got[0].text.contains("流动人口"));
    }
}
