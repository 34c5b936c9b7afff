//! Lines hard-wrapped at one width, as PDF extraction, Word exports and
//! fixed-width text lay them out, read as the lines their writer ended.
//! Furniture is told from text and facets are read line by line (a title
//! line, a dateline, a speaker line, a statute's dated history), and a wrap
//! cuts each in two: `2011年11月17日 上海市第十三届人民` / `代表大会常务委员会…
//! 通过`, whose last piece alone looks like a menu item. The text indexed and
//! shown keeps its own lines.

use std::collections::HashMap;
use std::ops::Range;

use crate::clean::Cleaned;

/// Lines shorter than this are never full lines of a wrapped paragraph
/// (headings, salutations, signatures, the members of a committee listed
/// one a line). A 公文 page holds 28 characters a line (GB/T 9704), a PDF
/// column rarely fewer than 18.
const SHORTEST_WIDTH: usize = 16;
/// How many characters a full line may fall short of the width: a line of
/// half-width digits and punctuation holds more characters than one of
/// ideographs, so widths in characters vary a little.
const SLACK: usize = 2;
/// The share of the lines of at least [`SHORTEST_WIDTH`] characters that
/// must be full for the text to count as hard-wrapped. Paragraphs written
/// as lines end anywhere; a wrapped text's lines all end at the width but
/// each paragraph's last.
const FULL_SHARE: f64 = 0.5;
/// The share of the lines that may run more than a quarter over the width.
const OVER_SHARE: f64 = 0.1;
/// The share of full lines of exactly the width above which a text counts
/// as cut at a count of characters.
const EXACT_SHARE: f64 = 0.8;
/// Fewer such lines than this, told apart, say nothing about how a text is
/// laid out.
const FEWEST_LINES: usize = 10;
/// A short text cut at a count of characters has at least this many lines
/// of exactly its width ([`cut_at_a_count`]).
const FEWEST_EXACT: usize = 4;
/// and at most this many shorter lines of at least [`SHORTEST_WIDTH`]: the
/// last lines of its paragraphs.
const SHORT_TEXT_ENDS: usize = 2;
/// No page or export wraps wider than this: longer lines are paragraphs.
const WIDEST_WRAP: usize = 100;

/// The runs of lines that are one line of their writer's, in order and
/// covering every line, or `None` when the text is not hard-wrapped: each
/// full line runs on into the next unless it ends a sentence or is set
/// apart by spacing; an empty line runs into nothing.
pub fn wrapped_runs(lines: &[String]) -> Option<Vec<Range<usize>>> {
    // Spacing and indents take their width on the page as any character.
    let lengths: Vec<usize> = lines.iter().map(|l| l.trim_end().chars().count()).collect();
    // A page that holds its text twice has every length twice: each line
    // is counted once.
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<usize> = lines
        .iter()
        .zip(&lengths)
        .filter(|(line, _)| seen.insert(line.trim()))
        .map(|(_, &len)| len)
        .collect();
    let (width, slack) = wrap_width(&distinct).or_else(|| {
        cut_at_a_count(&distinct).filter(|&(w, _)| full_lines_are_prose(lines, &lengths, w))
    })?;
    let mut runs: Vec<Range<usize>> = Vec::with_capacity(lines.len());
    let mut goes_on = false;
    for (i, (line, &len)) in lines.iter().zip(&lengths).enumerate() {
        match runs.last_mut() {
            Some(run) if goes_on && len > 0 => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
        goes_on = len + slack >= width
            && len >= SHORTEST_WIDTH
            && !ends_paragraph(line)
            && !is_spaced_out(line);
    }
    Some(runs)
}

/// Each run's lines joined into one (see [`join`]).
pub fn joined(lines: &[String], runs: &[Range<usize>]) -> Vec<String> {
    runs.iter()
        .map(|run| {
            let mut line = String::new();
            for piece in &lines[run.clone()] {
                join(&mut line, piece);
            }
            line
        })
        .collect()
}

/// `cleaned` with the lines of each run of a hard-wrapped text joined, or
/// `None` when the text is not hard-wrapped.
/// The cleaner's runs are used where it found the text wrapped: it read the
/// lines before a Markdown heading lost its `# ` and the page its furniture.
pub fn reflowed(cleaned: &Cleaned) -> Option<Cleaned> {
    let runs = match &cleaned.runs {
        Some(runs) => runs.clone(),
        None => wrapped_runs(&cleaned.lines)?,
    };
    // Runs cover every line in order, or the lines are read as they are.
    let covered = runs
        .iter()
        .try_fold(0, |next, run| (run.start == next).then_some(run.end));
    if covered != Some(cleaned.lines.len()) || cleaned.normalised.len() != cleaned.lines.len() {
        return None;
    }
    Some(Cleaned {
        lines: joined(&cleaned.lines, &runs),
        normalised: joined(&cleaned.normalised, &runs),
        removed: cleaned.removed.clone(),
        runs: None,
    })
}

/// The first of `cleaned`'s lines as its writer ended it: the first run's
/// lines joined where the cleaner found the text hard-wrapped.
pub fn first_line(cleaned: &Cleaned) -> Option<String> {
    let first = match cleaned.runs.as_ref().and_then(|runs| runs.first()) {
        Some(run) => joined(&cleaned.lines, std::slice::from_ref(run)).pop(),
        None => cleaned.lines.first().cloned(),
    };
    first.filter(|line| !line.is_empty())
}

/// The width of a short text cut at a count of characters, too few lines
/// to tell wrapping by shares: every line of at least [`SHORTEST_WIDTH`]
/// characters but its paragraphs' last ([`SHORT_TEXT_ENDS`] at most) of
/// exactly one width, at least [`FEWEST_EXACT`] of them, and none wider.
/// A page's lines fall on one length so often only by being cut there.
fn cut_at_a_count(lengths: &[usize]) -> Option<(usize, usize)> {
    let long = long_lines(lengths);
    if long.len() >= FEWEST_LINES {
        return None;
    }
    let counts = length_counts(&long);
    let (&width, &exact) = counts.iter().max_by_key(|&(&width, &n)| (n, width))?;
    let fits = long.iter().all(|&n| n <= width);
    (fits && exact >= FEWEST_EXACT && exact + SHORT_TEXT_ENDS >= long.len()).then_some((width, 0))
}

/// Whether half the lines of exactly `width` characters hold a clause mark, as
/// prose cut at a count does; a list of titles of one length holds none.
fn full_lines_are_prose(lines: &[String], lengths: &[usize], width: usize) -> bool {
    let full: Vec<&String> = lines
        .iter()
        .zip(lengths)
        .filter(|(_, &n)| n == width)
        .map(|(line, _)| line)
        .collect();
    let prose = full
        .iter()
        .filter(|line| line.contains(['，', '、', '；', '。', '：', ',', ';', ':']))
        .count();
    prose * 2 >= full.len()
}

/// The lengths of at least [`SHORTEST_WIDTH`] characters.
fn long_lines(lengths: &[usize]) -> Vec<usize> {
    lengths
        .iter()
        .copied()
        .filter(|&n| n >= SHORTEST_WIDTH)
        .collect()
}

/// How many lines have each length, up to [`WIDEST_WRAP`].
fn length_counts(long: &[usize]) -> HashMap<usize, usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &n in long.iter().filter(|&&n| n <= WIDEST_WRAP) {
        *counts.entry(n).or_default() += 1;
    }
    counts
}

/// The width a text is wrapped at, and how far short of it a full line may
/// end: the line length that the most lines of at least [`SHORTEST_WIDTH`]
/// characters reach within [`SLACK`], if at least [`FULL_SHARE`] of them
/// do. A text cut at a count of characters has its full lines all of one
/// length: then only a line of that length goes on, and a paragraph whose
/// last piece falls just short is not run into the next.
fn wrap_width(lengths: &[usize]) -> Option<(usize, usize)> {
    let long = long_lines(lengths);
    if long.len() < FEWEST_LINES {
        return None;
    }
    let counts = length_counts(&long);
    let near = |width: usize| -> usize {
        (width.saturating_sub(SLACK)..=width)
            .map(|n| counts.get(&n).copied().unwrap_or(0))
            .sum()
    };
    let (width, full) = counts
        .keys()
        .map(|&width| (width, near(width)))
        .max_by_key(|&(width, full)| (full, width))?;
    // Wrapping leaves no line much wider than the width (half-width digits
    // and letters let a few run over); paragraphs written as lines leave
    // many, however many titles of one length a page lists.
    let over = long.iter().filter(|&&n| n > width + width / 4).count();
    if (full as f64) < FULL_SHARE * long.len() as f64
        || over as f64 > OVER_SHARE * long.len() as f64
    {
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
pub fn join(line: &mut String, next: &str) {
    if line.is_empty() {
        line.push_str(next);
        return;
    }
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
            runs: None,
        }
    }

    /// Every line longer than 20 characters cut at 20.
    fn wrapped(lines: &[&str]) -> String {
        let pieces: Vec<String> = lines
            .iter()
            .flat_map(|line| {
                let chars: Vec<char> = line.chars().collect();
                chars
                    .chunks(20)
                    .map(|piece| piece.iter().collect())
                    .collect::<Vec<String>>()
            })
            .collect();
        pieces.join("\n")
    }

    /// Each part of a report's head wrapped at 20 characters comes back as
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
            "全市地区生产总值增长百分之六点五，一般公共预算收入增长百分之七，城乡居民收入稳步增长，就业形势保持稳定。",
            "我们坚持把发展经济的着力点放在实体经济上，推动制造业高端化、智能化、绿色化发展，新兴产业加快成长。",
            "二、2024年主要任务",
            "今年是实现“十四五”规划目标任务的关键一年，做好政府工作，要坚持以人民为中心的发展思想。",
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

    /// A notice of a few lines cut at one count of characters is read as
    /// wrapped; a few lines of one length that end sentences are not.
    #[test]
    fn a_short_text_cut_at_one_count_is_joined_back() {
        let notice = "鲁委〔2021〕145号中共山东省委山东省人民政府关于调整省委外事工作委员会办公室设置形式的通知各市党委和人民政府，省委和省政府各部门(单位)，各人民团体，各高等院校:经省委研究并报中央编办批准，将省委外事工作委员会办公室调整为省委工作机关。";
        let joined = reflowed(&cleaned(&wrapped(&[notice]))).expect("cut at 20");
        assert_eq!(joined.lines, [notice]);
        let sentences = "一、提高认识，充分认识防汛工作的重要性。\n二、压实责任，逐级落实防汛工作责任制。\n三、加强值守，汛期实行二十四小时值班。\n四、强化保障，及时调运各类防汛物资。";
        assert_eq!(reflowed(&cleaned(sentences)), None);
        let menu = "关于做好2024年防汛工作的通知发布\n关于做好2024年抗旱工作的通知发布\n关于做好2024年森林防火的通知发布\n关于做好2024年安全生产的通知发布";
        assert_eq!(
            reflowed(&cleaned(menu)),
            None,
            "lines of one length, each whole"
        );
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
