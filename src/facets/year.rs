//! The year a document is about or was issued in. Placeholders (`xx年`)
//! and plan periods (`2021—2023年`) are never years.

pub(super) fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (1970 + secs / 31_556_952) as u16
}

pub(super) fn plausible_year(y: u32) -> Option<u16> {
    (1949..=u32::from(current_year()) + 1)
        .contains(&y)
        .then_some(y as u16)
}

/// Years written in a text, with their byte positions and whether they are
/// followed by 年. Years that are part of a range (`2021—2023`) are dropped:
/// they are a plan period, not the document's year.
pub(super) fn years_in(text: &str) -> Vec<(usize, u16, bool)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut years = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let digit_run = chars[i..]
            .iter()
            .take_while(|(_, c)| year_digit(*c).is_some())
            .count();
        if digit_run == 0 {
            i += 1;
            continue;
        }
        let run = &chars[i..i + digit_run];
        let next = chars.get(i + digit_run).map(|(_, c)| *c);
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let in_range = matches!(next, Some('-' | '—' | '–' | '~' | '至'))
            || matches!(prev, Some('-' | '—' | '–' | '~' | '至'));
        if digit_run == 4 && !in_range {
            let value = run
                .iter()
                .fold(0u32, |acc, (_, c)| acc * 10 + year_digit(*c).unwrap_or(0));
            let ascii = run.iter().all(|(_, c)| c.is_ascii_digit());
            let followed_by_year = next == Some('年');
            // Chinese numerals only count as a year when written as one (二〇一七年).
            if ascii || followed_by_year {
                if let Some(y) = plausible_year(value) {
                    years.push((run[0].0, y, followed_by_year));
                }
            }
        }
        i += digit_run;
    }
    years
}

/// A year written in four digits, ASCII or Chinese (`二〇一二`).
pub(super) fn year_value(digits: &str) -> Option<u16> {
    let value = digits
        .chars()
        .try_fold(0u32, |acc, c| year_digit(c).map(|d| acc * 10 + d))?;
    plausible_year(value)
}

pub(super) fn year_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '〇' | '○' | '零' | 'o' | 'O' | '０' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Kinds of official document that are known by the date they were issued;
/// reports, summaries and plans are known by the year they cover.
pub(super) const DATED_BY_ISSUE: &[&str] = &[
    "通知", "通报", "公告", "批复", "决定", "意见", "方案", "决议", "通告", "公报", "请示", "议案",
    "纪要", "函",
];

/// `source_name` (the file name) can name a law's version and is the last
/// resort otherwise.
pub(super) fn year_of(
    title: &str,
    kind: Option<&str>,
    lines: &[String],
    source_name: &str,
) -> Option<u16> {
    // A decree (`…人民政府令`) is dated where it is signed; the rule it
    // promulgates may take effect the next year.
    let decree = super::unit::decree_maker(title).is_some();
    if decree || kind.is_some_and(|k| DATED_BY_ISSUE.contains(&k)) {
        if let Some(y) = closing_date_year(lines).or_else(|| own_number_year(lines, title)) {
            return Some(y);
        }
    }
    if let Some(&(_, y, _)) = years_in(title).first() {
        return Some(y);
    }
    if let Some(y) = npc_session_year(title) {
        return Some(y);
    }
    if let Some(y) = document_number_year(lines) {
        return Some(y);
    }
    if let Some(y) = enactment_year(lines, dated_name_year(source_name)) {
        return Some(y);
    }
    if let Some(y) = closing_date_year(lines) {
        return Some(y);
    }
    // The opening of a report usually names its year: `2020年，我县……`.
    let opening: String = lines.iter().take(3).cloned().collect::<Vec<_>>().join("\n");
    let opening: String = opening.chars().take(120).collect();
    years_in(&opening)
        .into_iter()
        .find(|(_, _, with_nian)| *with_nian)
        .map(|(_, y, _)| y)
        .or_else(|| year_in_name(source_name))
}

/// The year each National People's Congress began; its sessions are annual.
pub(super) const NPC_TERM_STARTS: [u16; 14] = [
    1954, 1959, 1964, 1975, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023,
];

/// `第十四届全国人民代表大会第三次会议` → 2025.
pub(super) fn npc_session_year(title: &str) -> Option<u16> {
    let congress = title.find("届全国人民代表大会第")?;
    let term_start = title[..congress].rfind('第')? + '第'.len_utf8();
    let term = chinese_number(&title[term_start..congress])?;
    let after = &title[congress + "届全国人民代表大会第".len()..];
    let session = chinese_number(&after[..after.find("次会议")?])?;
    let start = *NPC_TERM_STARTS.get(usize::try_from(term).ok()?.checked_sub(1)?)?;
    plausible_year(u32::from(start) + session.checked_sub(1)?)
}

/// Chinese numerals up to 99 (`三`, `十四`, `二十`) or ASCII digits.
pub(super) fn chinese_number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let digit = |c: char| year_digit(c).filter(|_| c != '〇' && c != 'o');
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// A year in a file name, only where it is written as a date (`2020-05-14`)
/// or as a year (`2017年`, or four digits opening the name).
pub(super) fn year_in_name(name: &str) -> Option<u16> {
    if let Some(year) = dated_name_year(name) {
        return Some(year);
    }
    let opening: String = name.chars().take_while(char::is_ascii_digit).collect();
    if opening.len() == 4 {
        return opening.parse().ok().and_then(plausible_year);
    }
    years_in(name)
        .into_iter()
        .find(|(_, _, nian)| *nian)
        .map(|(_, y, _)| y)
}

/// The year of a full date (`2020-05-14`) in a file name.
pub(super) fn dated_name_year(name: &str) -> Option<u16> {
    let pos = name.as_bytes().windows(10).position(|w| {
        w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'-'
            && w[5..7].iter().all(u8::is_ascii_digit)
            && w[7] == b'-'
    })?;
    name[pos..pos + 4].parse().ok().and_then(plausible_year)
}

/// The year in a document number: `国卫指导发〔2020〕38号`.
pub(super) fn document_number_year(lines: &[String]) -> Option<u16> {
    lines.iter().take(5).find_map(|line| number_year_in(line))
}

/// The year of the first document number in `text`.
fn number_year_in(text: &str) -> Option<u16> {
    for open in ['〔', '[', '('] {
        for (pos, _) in text.match_indices(open) {
            let after = &text[pos + open.len_utf8()..];
            let digits: String = after.chars().take(4).collect();
            let closes = after[digits.len().min(after.len())..].starts_with(['〕', ']', ')']);
            if digits.len() == 4 && closes && after[digits.len()..].contains('号') {
                if let Some(y) = digits.parse().ok().and_then(plausible_year) {
                    return Some(y);
                }
            }
        }
    }
    None
}

/// The year of a document's own number, set above its title (GB/T 9704):
/// `…办值通〔2020〕622号关于召开…2021年安委会…的通知`. A number inside the
/// title or after it is another document's, cited; so is every number of
/// a text whose title is not among its first lines.
fn own_number_year(lines: &[String], title: &str) -> Option<u16> {
    let title = title.trim();
    if title.is_empty() {
        return None;
    }
    let (title_line, at) = lines
        .iter()
        .take(5)
        .enumerate()
        .find_map(|(k, line)| line.find(title).map(|at| (k, at)))?;
    lines[..title_line]
        .iter()
        .find_map(|line| number_year_in(line))
        .or_else(|| number_year_in(&lines[title_line][..at]))
}

/// `第一章 总则`, `第一条 为了……`: where a law's body begins.
pub(super) fn starts_body(line: &str) -> bool {
    let line = line.trim_start_matches(['#', ' ', '\u{3000}']);
    let Some(after) = line.strip_prefix('第') else {
        return false;
    };
    let numeral = after
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇0123456789".contains(*c))
        .count();
    numeral > 0
        && after
            .chars()
            .nth(numeral)
            .is_some_and(|c| c == '章' || c == '条')
}

/// The year of the version a law's text is: the preamble lists when it was
/// passed, approved and amended; a dated file name names the version, so it
/// picks one of those dates, or a later one (an amendment published after
/// the text's last date, which collections often leave out of the
/// preamble). A file-name date before the preamble's latest is ignored.
pub(super) fn enactment_year(lines: &[String], version: Option<u16>) -> Option<u16> {
    let years = enactment_years(lines);
    let latest = years.iter().copied().max()?;
    match version {
        Some(v) if years.contains(&v) || v > latest => Some(v),
        _ => Some(latest),
    }
}

/// The years of a law's preamble: when it was passed, approved, amended
/// and published. The day it takes effect (`自2017年1月1日起施行`) dates no
/// version, so it counts only when the preamble gives no other date.
fn enactment_years(lines: &[String]) -> Vec<u16> {
    let dated = preamble_years(lines);
    let versions: Vec<u16> = dated
        .iter()
        .filter(|(_, effective)| !effective)
        .map(|(y, _)| *y)
        .collect();
    if versions.is_empty() {
        dated.into_iter().map(|(y, _)| y).collect()
    } else {
        versions
    }
}

/// Whether the date written from byte `at` of `line` is the day the law
/// takes effect: `自` before it, `起施行` (or `起实施`) after it, within its
/// clause.
fn is_effective_date(line: &str, at: usize) -> bool {
    let opens = line[..at].trim_end().ends_with('自');
    let clause: String = line[at..]
        .chars()
        .take_while(|c| !"，。；,;　 ）)".contains(*c))
        .take(20)
        .collect();
    opens && (clause.ends_with("起施行") || clause.ends_with("起实施"))
}

/// Each year of the preamble's dates, and whether it is an effective date.
fn preamble_years(lines: &[String]) -> Vec<(u16, bool)> {
    // The preamble runs until the first chapter or article, however many
    // amendments it lists.
    lines
        .iter()
        .take(40)
        .take_while(|l| !starts_body(l))
        .filter(|l| {
            ["通过", "批准", "修正", "修订", "公布", "发布", "施行"]
                .iter()
                .any(|w| l.contains(w))
        })
        // A preamble line opens with its date, and one listing every
        // amendment runs long; other long lines are body text.
        // (in brackets, as most preambles are written).
        .filter(|l| {
            l.chars().count() <= 200
                || opens_with_year(l.trim_start_matches(['（', '(', '【', '〔']))
        })
        .flat_map(|l| {
            years_in(l)
                .into_iter()
                .filter(|(_, _, n)| *n)
                .map(|(at, y, _)| (y, is_effective_date(l, at)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether a line opens with a year written as one (`2018年…`,
/// `二〇一八年…`), as datelines and a law's preamble lines do.
pub(super) fn opens_with_year(line: &str) -> bool {
    let head: String = line.chars().take(6).collect();
    years_in(&head)
        .first()
        .is_some_and(|(pos, _, nian)| *pos == 0 && *nian)
}

/// Whether a line opens with a year inside a bracket (`（2008年3月27日）`,
/// `（2021年4月29日…通过）`): a dateline, or a statute's preamble.
pub(super) fn opens_with_bracketed_year(line: &str) -> bool {
    let inside = line.trim_start_matches(['(', '（']);
    inside.len() < line.len() && opens_with_year(inside)
}

/// The date that closes a document (`……国网办公室2021年1月7日`), on its own
/// line or at the very end of the last one, before any trailing note in
/// brackets (`(此件不公开发布……)`) or `印发`.
pub(super) fn closing_date_year(lines: &[String]) -> Option<u16> {
    line_end_date_year(lines).or_else(|| signed_date_year(lines))
}

/// A signature run together with its date and whatever follows
/// (`…山东省能源局2020年10月28日山东省发展和改革委员会公文稿纸`,
/// `…国网办公室2020年12月25日(此件不公开发布…)附件…`): the last full date
/// right after the name of a body, near the end.
fn signed_date_year(lines: &[String]) -> Option<u16> {
    let tail: String = lines
        .iter()
        .rev()
        .take(3)
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join("");
    let chars: Vec<char> = tail.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(600)..].iter().collect();
    years_in(&tail)
        .into_iter()
        .filter(|(pos, _, nian)| {
            // The year may be written in Chinese numerals: count characters.
            let after: String = tail[*pos..].chars().skip(4).take(10).collect();
            let full_date =
                *nian && after.chars().take(7).any(|c| c == '月') && after.contains('日');
            full_date && super::unit::ends_with_org(&tail[..*pos])
        })
        .map(|(_, y, _)| y)
        .next_back()
}

fn line_end_date_year(lines: &[String]) -> Option<u16> {
    lines.iter().rev().take(5).find_map(|line| {
        let mut tail = line.trim_end();
        if tail.ends_with([')', '）']) {
            if let Some(open) = tail.rfind(['(', '（']) {
                tail = tail[..open].trim_end();
            }
        }
        let tail = tail
            .trim_end_matches("印发")
            .trim_end_matches("发布")
            .trim_end();
        if !tail.ends_with('日') {
            return None;
        }
        // The date itself: at most 4+1+2+1+2+1 characters before the end.
        let start = tail.char_indices().rev().nth(12).map_or(0, |(i, _)| i);
        let date = &tail[start..];
        if !date.contains('月') {
            return None;
        }
        years_in(date)
            .into_iter()
            .rev()
            .find(|(_, _, n)| *n)
            .map(|(_, y, _)| y)
    })
}
