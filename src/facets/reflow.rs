//! Lines hard-wrapped at one width, as PDF extraction, Word exports and
//! fixed-width text lay them out, joined back into the lines their writer
//! ended. Facets are read line by line (a title line, a dateline, a speaker
//! line, a statute's dated history), and a wrap cuts each part in two:
//! `2011年11月17日 上海市第十三届人民` / `代表大会常务委员会…通过`. Only the
//! facets read the joined lines; the text indexed and shown keeps its own.

use std::collections::HashMap;

use crate::clean::Cleaned;

/// Lines shorter than this are never full lines of a wrapped paragraph
/// (headings, salutations, signatures).
const SHORTEST_WIDTH: usize = 12;
/// How many characters a full line may fall short of the width: a line of
/// half-width digits and punctuation holds more characters than one of
/// ideographs, so widths in characters vary a little.
const SLACK: usize = 2;
/// The share of the lines of at least [`SHORTEST_WIDTH`] characters that
/// must be full for the text to count as hard-wrapped. Paragraphs written
/// as lines end anywhere; a wrapped text's lines all end at the width but
/// each paragraph's last.
const FULL_SHARE: f64 = 0.5;
/// The share of full lines of exactly the width above which a text counts
/// as cut at a count of characters.
const EXACT_SHARE: f64 = 0.8;
/// Fewer such lines than this say nothing about how a text is laid out.
const FEWEST_LINES: usize = 6;

/// `cleaned` with each full line of a hard-wrapped text joined to the line
/// that goes on from it, or `None` when the text is not hard-wrapped.
pub fn reflowed(cleaned: &Cleaned) -> Option<Cleaned> {
    // Spacing and indents take their width on the page as any character.
    let lengths: Vec<usize> = cleaned
        .lines
        .iter()
        .map(|l| l.trim_end().chars().count())
        .collect();
    let (width, slack) = wrap_width(&lengths)?;
    let mut out = Cleaned {
        lines: Vec::with_capacity(cleaned.lines.len()),
        normalised: Vec::with_capacity(cleaned.lines.len()),
        removed: cleaned.removed.clone(),
    };
    let mut goes_on = false;
    for ((line, norm), &len) in cleaned.lines.iter().zip(&cleaned.normalised).zip(&lengths) {
        match (goes_on, out.lines.last_mut(), out.normalised.last_mut()) {
            (true, Some(last), Some(last_norm)) => {
                join(last, line);
                join(last_norm, norm);
            }
            _ => {
                out.lines.push(line.clone());
                out.normalised.push(norm.clone());
            }
        }
        goes_on = len + slack >= width
            && len >= SHORTEST_WIDTH
            && !ends_paragraph(norm)
            && !is_spaced_out(line);
    }
    Some(out)
}

/// The width a text is wrapped at, and how far short of it a full line may
/// end: the line length that the most lines of at least [`SHORTEST_WIDTH`]
/// characters reach within [`SLACK`], if at least [`FULL_SHARE`] of them
/// do. A text cut at a count of characters has its full lines all of one
/// length: then only a line of that length goes on, and a paragraph whose
/// last piece falls just short is not run into the next.
fn wrap_width(lengths: &[usize]) -> Option<(usize, usize)> {
    let long: Vec<usize> = lengths
        .iter()
        .copied()
        .filter(|&n| n >= SHORTEST_WIDTH)
        .collect();
    if long.len() < FEWEST_LINES {
        return None;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &n in &long {
        *counts.entry(n).or_default() += 1;
    }
    let near = |width: usize| -> usize {
        (width.saturating_sub(SLACK)..=width)
            .map(|n| counts.get(&n).copied().unwrap_or(0))
            .sum()
    };
    let (width, full) = counts
        .keys()
        .map(|&width| (width, near(width)))
        .max_by_key(|&(width, full)| (full, width))?;
    if (full as f64) < FULL_SHARE * long.len() as f64 {
        return None;
    }
    let exact = counts.get(&width).copied().unwrap_or(0);
    let slack = if exact as f64 >= EXACT_SHARE * full as f64 {
        0
    } else {
        SLACK
    };
    Some((width, slack))
}

/// A line that ends a sentence or opens a list (`：`) ends its paragraph
/// even when it is full.
fn ends_paragraph(norm: &str) -> bool {
    norm.trim_end()
        .ends_with(['。', '！', '？', '；', '：', ':', '!', '?', ';'])
}

/// `政 府 工 作 报 告`: a line set apart by spacing (a title, a heading, a
/// signature) stands alone, however wide it is.
fn is_spaced_out(line: &str) -> bool {
    let line = line.trim();
    let spaces = line.chars().filter(|c| c.is_whitespace()).count();
    spaces * 3 > line.chars().count()
}

/// Appends the piece a wrap cut off: with nothing between ideographs (the
/// break was layout), with a space between words of Latin letters or digits.
fn join(line: &mut String, next: &str) {
    let next = next.trim_start();
    let trimmed = line.trim_end().len();
    line.truncate(trimmed);
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(line.chars().last()) && latin(next.chars().next()) {
        line.push(' ');
    }
    line.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> Cleaned {
        let lines: Vec<String> = text.lines().map(String::from).collect();
        Cleaned {
            normalised: lines.iter().map(|l| crate::text::normalise(l)).collect(),
            lines,
            removed: Vec::new(),
        }
    }

    /// Every line longer than 16 characters cut at 16.
    fn wrapped(lines: &[&str]) -> String {
        let pieces: Vec<String> = lines
            .iter()
            .flat_map(|line| {
                let chars: Vec<char> = line.chars().collect();
                chars
                    .chunks(16)
                    .map(|piece| piece.iter().collect())
                    .collect::<Vec<String>>()
            })
            .collect();
        pieces.join("\n")
    }

    /// Each part of a report's head wrapped at 16 characters comes back as
    /// one line; a spaced title, short, stays as it is.
    #[test]
    fn a_text_wrapped_at_one_width_is_joined_back_into_its_lines() {
        let lines = [
            "政  府  工  作  报  告",
            "——2024年1月8日在威海市第十八届人民代表大会第三次会议上",
            "威海市人民政府市长 某某",
            "各位代表：",
            "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
            "一、2023年工作回顾",
            "过去一年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济社会发展取得新成效。",
        ];
        let joined = reflowed(&cleaned(&wrapped(&lines))).expect("hard-wrapped");
        assert_eq!(joined.lines, lines);
        assert_eq!(joined.lines.len(), joined.normalised.len());
    }

    /// Paragraphs written as lines end anywhere: nothing is joined.
    #[test]
    fn paragraphs_of_any_length_are_not_a_wrapped_text() {
        let text = "关于做好2024年防汛工作的通知\n各市人民政府：\n为切实做好今年防汛工作，确保人民群众生命财产安全，现就有关事项通知如下。\n一、提高认识\n各地要充分认识防汛工作的重要性。\n二、压实责任\n要逐级落实防汛责任制，明确责任人，确保责任到位到岗到人，不留死角。\n三、加强值守\n汛期实行24小时值班制度。\n某某省人民政府办公厅\n2024年5月1日";
        assert_eq!(reflowed(&cleaned(text)), None);
    }

    #[test]
    fn latin_words_cut_by_a_wrap_keep_a_space() {
        let mut line = String::from("发展 Rural");
        join(&mut line, "Development 计划");
        assert_eq!(line, "发展 Rural Development 计划");
        let mut line = String::from("威海市第十八届人");
        join(&mut line, " 民代表大会");
        assert_eq!(line, "威海市第十八届人民代表大会");
    }
}
