//! Facets: title, year, region, unit (issuing body), kind of document and
//! topics, extracted from a cleaned text. Unknown stays empty: a wrong year
//! hides a report from a user filtering by year, a missing one only from
//! that filter.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Serialize;

use crate::analysis::normalise;

/// A hierarchical region: `["广东省", "江门市"]`, or `["全国"]` for national documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region(pub Vec<String>);

impl Region {
    pub fn national() -> Self {
        Region(vec![NATIONAL.to_string()])
    }

    /// The path as users see it: `广东省/江门市`.
    pub fn path(&self) -> String {
        self.0.join("/")
    }

    /// The path of every level: `广东省`, `广东省/江门市`.
    pub fn levels(&self) -> Vec<String> {
        (1..=self.0.len()).map(|n| self.0[..n].join("/")).collect()
    }
}

pub const NATIONAL: &str = "全国";

/// Everything the indexer knows about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub title: String,
    pub year: Option<u16>,
    pub region: Option<Region>,
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub topics: Vec<String>,
}

/// Extracts facets from the kept lines of a cleaned document.
/// `fallback_title` is used when no line reads as a title (a page's
/// `<title>` or the file name).
/// `source_name` (the file name) is the last resort for the year.
pub fn extract(
    lines: &[String],
    fallback_title: &str,
    source_name: &str,
    taxonomy: &Taxonomy,
) -> Facets {
    let norm_lines: Vec<String> = lines.iter().map(|l| normalise(l)).collect();
    let title_index = title_line(&norm_lines);
    let title = match title_index {
        Some(i) => lines[i].clone(),
        None => official_title(lines, &norm_lines).unwrap_or_else(|| fallback_title.to_string()),
    };
    let norm_title = normalise(&title);
    let kind = kind_of(&norm_title);
    let unit = unit_of(&norm_title, &norm_lines, kind.as_deref());
    let region = region_of(&norm_title, kind.as_deref(), unit.as_deref(), &norm_lines);
    let year = year_of(&norm_title, kind.as_deref(), &norm_lines)
        .or_else(|| year_in_name(&normalise(source_name)));
    let topics = taxonomy.classify(&norm_lines);
    Facets {
        title,
        year,
        region,
        unit,
        kind,
        topics,
    }
}

// ---------------------------------------------------------------- title

/// The line that names the document, among the first few.
fn title_line(norm_lines: &[String]) -> Option<usize> {
    let head = &norm_lines[..norm_lines.len().min(8)];
    // The first title-like line, unless a later one is dated and it is not
    // (a site's section name above the report's own title).
    let score = |line: &String| usize::from(!years_in(line).is_empty());
    head.iter()
        .enumerate()
        .filter(|(_, l)| crate::clean::looks_like_title(l))
        .max_by(|a, b| score(a.1).cmp(&score(b.1)).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        .or_else(|| {
            let first = head.first()?;
            let len = first.chars().count();
            ((4..=40).contains(&len) && !first.ends_with(['。', ',', ':', '；'])).then_some(0)
        })
}

/// Kinds that close the title of an official document (`关于……的通知`).
const OFFICIAL_KINDS: &[&str] = &[
    "通知", "意见", "决定", "报告", "批复", "请示", "通报", "方案", "办法", "规定", "公告", "函",
];

/// The `关于……的通知` title inside the opening of a document whose lines
/// were run together (official documents scraped as one paragraph).
fn official_title(lines: &[String], norm_lines: &[String]) -> Option<String> {
    let norm: Vec<char> = norm_lines.first()?.chars().take(300).collect();
    let original: Vec<char> = lines.first()?.chars().collect();
    let about = norm.windows(2).position(|w| w == ['关', '于'])?;
    let tail: String = norm[about..norm.len().min(about + 120)].iter().collect();
    let end_byte = OFFICIAL_KINDS
        .iter()
        .filter_map(|k| tail.find(k).map(|p| p + k.len()))
        .min()?;
    let end = about + tail[..end_byte].chars().count();
    (end - about >= 6).then(|| original[about..end].iter().collect())
}

// ---------------------------------------------------------------- kind

/// Keywords that name a kind, and the kind they name. Order only breaks ties
/// between keywords ending at the same place.
const KIND_WORDS: &[(&str, &str)] = &[
    ("政府工作报告", "政府工作报告"),
    ("工作总结", "工作总结"),
    ("总结", "工作总结"),
    ("述职报告", "工作总结"),
    ("工作汇报", "工作汇报"),
    ("情况汇报", "工作汇报"),
    ("汇报", "工作汇报"),
    ("工作计划", "工作计划"),
    ("工作思路", "工作计划"),
    ("工作要点", "工作计划"),
    ("计划", "工作计划"),
    ("讲话", "讲话"),
    ("致辞", "讲话"),
    ("通知", "通知"),
    ("通报", "通报"),
    ("公告", "公告"),
    ("决议", "决议"),
    ("决定", "决定"),
    ("意见", "意见"),
    ("方案", "方案"),
    ("批复", "批复"),
    ("纪实", "新闻报道"),
    ("侧记", "新闻报道"),
    ("报道", "新闻报道"),
    ("条例", "法律法规"),
    ("办法", "法律法规"),
    ("规定", "法律法规"),
    ("细则", "法律法规"),
    ("规则", "法律法规"),
    ("解释", "法律法规"),
    ("法典", "法律法规"),
    ("法", "法律法规"),
    ("规划", "规划"),
    ("报告", "报告"),
];

/// 计划生育 is a policy, not a plan: hides its 计划 from kind keywords.
/// The replacement has the same byte length, so positions still hold.
fn mask_family_planning(text: &str) -> String {
    text.replace("计划生育", "計劃生育")
}

/// The kind of document a title names. Chinese titles end in their head noun
/// (`……工作的通知`), so the last keyword wins, unless the title joins two
/// documents (`总结及明年计划`), where the first one is the main one.
pub fn kind_of(norm_title: &str) -> Option<String> {
    let title = mask_family_planning(norm_title);
    let title = title.trim_end_matches(|c: char| !crate::analysis::is_term_char(c));
    let mut found: Vec<(usize, &str)> = Vec::new();
    for (word, kind) in KIND_WORDS {
        // A bare 法 names a statute only at the very end (方法, 法治 are not laws).
        let pos = if *word == "法" {
            title.ends_with('法').then(|| title.len() - word.len())
        } else {
            title.rfind(word)
        };
        if let Some(pos) = pos {
            let end = pos + word.len();
            if !found.iter().any(|(e, _)| *e == end) {
                found.push((end, kind));
            }
        }
    }
    found.sort_by_key(|(end, _)| *end);
    let joined = found.len() >= 2
        && ["及", "和", "暨", "与"]
            .iter()
            .any(|c| title[found[0].0..].contains(c));
    let pick = if joined { found.first() } else { found.last() };
    pick.map(|(_, kind)| kind.to_string())
}

// ---------------------------------------------------------------- unit

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

fn ends_with_org(s: &str) -> bool {
    ORG_SUFFIXES.iter().any(|suffix| s.ends_with(suffix))
}

fn unit_of(title: &str, lines: &[String], kind: Option<&str>) -> Option<String> {
    if kind == Some("政府工作报告") {
        return government_in_title(title);
    }
    if let Some(unit) = legislature_in_head(lines) {
        return Some(unit);
    }
    if let Some(pos) = title.find("关于") {
        let issuer = title[..pos].trim();
        if issuer.chars().count() >= 2 && ends_with_org(issuer) {
            return Some(issuer.to_string());
        }
    }
    if let Some(unit) = lines.first().and_then(|l| document_header_issuer(l)) {
        return Some(unit);
    }
    signature_unit(lines).or_else(|| title_prefix_unit(title))
}

/// `镇计生协会2009年工作总结`, `2006年区计划生育协会工作总结`: the body
/// named before the year or the kind of document.
fn title_prefix_unit(title: &str) -> Option<String> {
    let title = title.trim_start_matches(|c: char| year_digit(c).is_some() || "年度".contains(c));
    let year_at = years_in(title).first().map(|(pos, _, _)| *pos);
    let masked = mask_family_planning(title);
    let kind_at = KIND_WORDS
        .iter()
        .map(|(word, _)| *word)
        .chain(["工作"])
        .filter_map(|word| masked.find(word))
        .min();
    let end = [year_at, kind_at].into_iter().flatten().min()?;
    let prefix = title[..end].trim();
    (prefix.chars().count() >= 3 && ends_with_org(prefix)).then(|| prefix.to_string())
}

/// `2017年广东省政府工作报告` → 广东省人民政府; national reports → 国务院.
fn government_in_title(title: &str) -> Option<String> {
    let before = &title[..title.find("政府工作报告")?];
    let place = before
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '年')
        .trim_end_matches("人民");
    if place.is_empty() || place.contains("国务院") || place.contains("中华人民共和国") {
        return Some("国务院".to_string());
    }
    Some(format!("{place}人民政府"))
}

/// Laws name the legislature that passed them: `…人民代表大会常务委员会…通过`.
fn legislature_in_head(lines: &[String]) -> Option<String> {
    for line in lines.iter().take(6) {
        if !(line.contains("通过")
            || line.contains("公布")
            || line.contains("修正")
            || line.contains("修订"))
        {
            continue;
        }
        let pos = line.find("人民代表大会")?;
        let before = &line[..pos];
        // The place is what precedes the session number (`第十三届`).
        let place_end = before.rfind('第').unwrap_or(before.len());
        let place: String = before[..place_end]
            .chars()
            .rev()
            .take_while(|c| !c.is_ascii_digit() && !matches!(c, '日' | ' ' | '(' | '（'))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let standing = line[pos..].starts_with("人民代表大会常务委员会");
        let body = if standing {
            "人大常委会"
        } else {
            "人民代表大会"
        };
        let place = if place.is_empty() {
            "全国"
        } else {
            place.as_str()
        };
        return Some(format!("{place}{body}"));
    }
    None
}

/// `XX局文件` at the top of an official document.
fn document_header_issuer(first_line: &str) -> Option<String> {
    let pos = first_line.find("文件")?;
    let issuer = &first_line[..pos];
    (issuer.chars().count() >= 3 && ends_with_org(issuer)).then(|| issuer.to_string())
}

/// A short line near the end naming an organisation: the signature.
fn signature_unit(lines: &[String]) -> Option<String> {
    for line in lines.iter().rev().take(6) {
        let line = strip_date(line);
        let len = line.chars().count();
        if (3..=25).contains(&len) && ends_with_org(line) && !line.contains(['。', ',', ':', '、'])
        {
            return Some(line.to_string());
        }
    }
    None
}

/// Drops a trailing date (`… 2017年12月20日`) from a signature line.
fn strip_date(line: &str) -> &str {
    match line.find(|c: char| c.is_ascii_digit() || "二〇○零".contains(c)) {
        Some(pos) if line[pos..].ends_with('日') => line[..pos].trim(),
        _ => line.trim(),
    }
}

// ---------------------------------------------------------------- region

struct Province {
    name: String,
    short: Vec<String>,
}

fn provinces() -> &'static [Province] {
    static PROVINCES: OnceLock<Vec<Province>> = OnceLock::new();
    PROVINCES.get_or_init(|| {
        include_str!("../data/provinces.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, short) = l.split_once('\t')?;
                Some(Province {
                    name: name.to_string(),
                    short: short
                        .split(',')
                        .filter(|s| s.chars().count() >= 2)
                        .map(String::from)
                        .collect(),
                })
            })
            .collect()
    })
}

fn province_in(text: &str) -> Option<&'static Province> {
    provinces()
        .iter()
        .filter_map(|p| {
            let pos = std::iter::once(&p.name)
                .chain(p.short.iter())
                .filter_map(|n| text.find(n.as_str()))
                .min()?;
            Some((pos, p))
        })
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, p)| p)
}

const NATIONAL_BODIES: &[&str] = &[
    "国务院",
    "全国人民代表大会",
    "全国人大",
    "中共中央",
    "最高人民法院",
    "最高人民检察院",
    "中华人民共和国",
];

/// Removes `《…》` spans: a law quoted by name says nothing about who issued
/// the document (`青岛市实施《中华人民共和国水法》办法` is local).
fn without_quoted_titles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The region of a place named in `text`, or 全国 for a national body.
fn place_in(text: &str) -> Option<Region> {
    if let Some(p) = province_in(text) {
        return Some(Region(vec![p.name.clone()]));
    }
    NATIONAL_BODIES
        .iter()
        .any(|b| text.contains(b))
        .then(Region::national)
}

/// Whether a title opens with a local place name (`济南市…`, `汕头经济特区…`).
fn opens_with_local_place(title: &str) -> bool {
    const PLACE_ENDINGS: &[&str] = &[
        "省",
        "市",
        "县",
        "州",
        "盟",
        "旗",
        "自治区",
        "经济特区",
        "特别行政区",
    ];
    let head: String = title.chars().take(9).collect();
    PLACE_ENDINGS.iter().any(|ending| {
        head.find(ending)
            .is_some_and(|pos| head[..pos].chars().count() >= 2)
    })
}

fn region_of(
    title: &str,
    kind: Option<&str>,
    unit: Option<&str>,
    lines: &[String],
) -> Option<Region> {
    let title = without_quoted_titles(title);
    // Who issues comes before 关于; what the document is about comes after.
    let issuer = title.find("关于").map_or("", |pos| &title[..pos]);
    let by_issuer = std::iter::once(issuer)
        .chain(unit)
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(region) = place_in(&by_issuer).or_else(|| place_in(&title)) {
        return Some(region);
    }
    // The opening names the issuer or the legislature (`XX市…文件`,
    // `…上海市第十三届人民代表大会常务委员会…通过`).
    let opening: String = lines
        .iter()
        .take(3)
        .flat_map(|l| l.chars())
        .take(120)
        .collect();
    if let Some(region) = place_in(&without_quoted_titles(&opening)) {
        return Some(region);
    }
    // Local legislation is always named after its place; a statute whose
    // name opens with none is national.
    if kind == Some("法律法规") && !opens_with_local_place(&title) {
        return Some(Region::national());
    }
    // Only signature-like short lines: a long closing sentence may mention
    // any place in passing.
    let signature: String = lines
        .iter()
        .rev()
        .take(4)
        .filter(|l| l.chars().count() <= 25)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    province_in(&signature).map(|p| Region(vec![p.name.clone()]))
}

// ---------------------------------------------------------------- year

fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (1970 + secs / 31_556_952) as u16
}

fn plausible_year(y: u32) -> Option<u16> {
    (1949..=u32::from(current_year()) + 1)
        .contains(&y)
        .then_some(y as u16)
}

/// Years written in a text, with their byte positions and whether they are
/// followed by 年. Years that are part of a range (`2021—2023`) are dropped:
/// they are a plan period, not the document's year.
fn years_in(text: &str) -> Vec<(usize, u16, bool)> {
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

fn year_digit(c: char) -> Option<u32> {
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
const DATED_BY_ISSUE: &[&str] = &[
    "通知", "通报", "公告", "批复", "决定", "意见", "方案", "决议",
];

fn year_of(title: &str, kind: Option<&str>, lines: &[String]) -> Option<u16> {
    if kind.is_some_and(|k| DATED_BY_ISSUE.contains(&k)) {
        if let Some(y) = closing_date_year(lines) {
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
    if let Some(y) = enactment_year(lines) {
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
}

/// The year each National People's Congress began; its sessions are annual.
const NPC_TERM_STARTS: [u16; 14] = [
    1954, 1959, 1964, 1975, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023,
];

/// `第十四届全国人民代表大会第三次会议` → 2025.
fn npc_session_year(title: &str) -> Option<u16> {
    let congress = title.find("届全国人民代表大会第")?;
    let term_start = title[..congress].rfind('第')? + '第'.len_utf8();
    let term = chinese_number(&title[term_start..congress])?;
    let after = &title[congress + "届全国人民代表大会第".len()..];
    let session = chinese_number(&after[..after.find("次会议")?])?;
    let start = *NPC_TERM_STARTS.get(usize::try_from(term).ok()?.checked_sub(1)?)?;
    plausible_year(u32::from(start) + session.checked_sub(1)?)
}

/// Chinese numerals up to 99 (`三`, `十四`, `二十`) or ASCII digits.
fn chinese_number(text: &str) -> Option<u32> {
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
fn year_in_name(name: &str) -> Option<u16> {
    let bytes = name.as_bytes();
    let iso = bytes.windows(10).position(|w| {
        w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'-'
            && w[5..7].iter().all(u8::is_ascii_digit)
            && w[7] == b'-'
    });
    if let Some(pos) = iso {
        return name[pos..pos + 4].parse().ok().and_then(plausible_year);
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

/// The year in a document number: `国卫指导发〔2020〕38号`.
fn document_number_year(lines: &[String]) -> Option<u16> {
    for line in lines.iter().take(5) {
        for open in ['〔', '[', '('] {
            for (pos, _) in line.match_indices(open) {
                let after = &line[pos + open.len_utf8()..];
                let digits: String = after.chars().take(4).collect();
                let closes = after[digits.len().min(after.len())..].starts_with(['〕', ']', ')']);
                if digits.len() == 4 && closes && after[digits.len()..].contains('号') {
                    if let Some(y) = digits.parse().ok().and_then(plausible_year) {
                        return Some(y);
                    }
                }
            }
        }
    }
    None
}

/// The latest of the dates a law's preamble says it was passed or amended.
fn enactment_year(lines: &[String]) -> Option<u16> {
    lines
        .iter()
        .take(8)
        .filter(|l| {
            ["通过", "修正", "修订", "公布", "施行"]
                .iter()
                .any(|w| l.contains(w))
        })
        .filter(|l| l.chars().count() <= 200)
        .flat_map(|l| {
            years_in(l)
                .into_iter()
                .filter(|(_, _, n)| *n)
                .map(|(_, y, _)| y)
        })
        .max()
}

/// The date that closes a document (`……国网办公室2021年1月7日`), on its own
/// line or at the very end of the last one, before any trailing note in
/// brackets (`(此件不公开发布……)`) or `印发`.
fn closing_date_year(lines: &[String]) -> Option<u16> {
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

// ---------------------------------------------------------------- topics

/// A topic taxonomy: topic names and the weighted terms that are evidence for them.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    names: Vec<String>,
    /// All evidence terms in one automaton, so a text is read once.
    matcher: AhoCorasick,
    /// For each distinct term (pattern id): the topics it is evidence for, with weights.
    evidence: Vec<Vec<(usize, u32)>>,
}

/// Minimum weighted evidence per 10,000 characters for a topic to apply.
const TOPIC_MIN_DENSITY: u32 = 12;
/// Minimum weighted evidence overall, so that one mention never decides.
const TOPIC_MIN_EVIDENCE: u32 = 6;

impl Taxonomy {
    /// The taxonomy that ships with govsearch (`data/topics.tsv`).
    pub fn builtin() -> Self {
        Self::parse(include_str!("../data/topics.tsv"))
            .or_else(|_| Self::build(Vec::new()))
            .expect("an empty taxonomy always builds")
    }

    /// Parses `topic<TAB>term:weight,term:weight` lines; `#` starts a comment.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let mut topics = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, terms) = line.split_once('\t').ok_or_else(|| {
                anyhow::anyhow!("line {}: expected `topic<TAB>term:weight,...`", n + 1)
            })?;
            let mut parsed = Vec::new();
            for item in terms.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let (term, weight) = item.rsplit_once(':').unwrap_or((item, "1"));
                let weight = weight
                    .parse()
                    .map_err(|_| anyhow::anyhow!("line {}: bad weight in `{item}`", n + 1))?;
                parsed.push((normalise(term), weight));
            }
            topics.push((name.trim().to_string(), parsed));
        }
        Self::build(topics)
    }

    fn build(topics: Vec<(String, Vec<(String, u32)>)>) -> anyhow::Result<Self> {
        let mut terms: Vec<String> = Vec::new();
        let mut evidence: Vec<Vec<(usize, u32)>> = Vec::new();
        for (topic, (_, topic_terms)) in topics.iter().enumerate() {
            for (term, weight) in topic_terms {
                let id = match terms.iter().position(|t| t == term) {
                    Some(id) => id,
                    None => {
                        terms.push(term.clone());
                        evidence.push(Vec::new());
                        terms.len() - 1
                    }
                };
                evidence[id].push((topic, *weight));
            }
        }
        let matcher = AhoCorasick::new(&terms)?;
        Ok(Taxonomy {
            names: topics.into_iter().map(|(name, _)| name).collect(),
            matcher,
            evidence,
        })
    }

    /// Up to three topics with enough weighted evidence, strongest first.
    pub fn classify(&self, norm_lines: &[String]) -> Vec<String> {
        let chars: usize = norm_lines
            .iter()
            .map(|l| l.chars().count())
            .sum::<usize>()
            .max(1);
        let mut totals = vec![0u32; self.names.len()];
        for line in norm_lines {
            for found in self.matcher.find_overlapping_iter(line.as_str()) {
                for &(topic, weight) in &self.evidence[found.pattern().as_usize()] {
                    totals[topic] += weight;
                }
            }
        }
        let mut scored: Vec<(u32, &str)> = totals
            .into_iter()
            .zip(self.names.iter().map(String::as_str))
            .filter(|(evidence, _)| {
                *evidence >= TOPIC_MIN_EVIDENCE
                    && (*evidence as usize) * 10_000 / chars >= TOPIC_MIN_DENSITY as usize
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        let best = scored.first().map_or(0, |s| s.0);
        scored
            .into_iter()
            .filter(|(evidence, _)| evidence * 10 >= best * 3)
            .take(3)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn year_ignores_placeholders_and_ranges() {
        let summary = Some("工作总结");
        let placeholder = lines("xx年,我区人口工作");
        assert_eq!(year_of("xx年计生工作总结", summary, &placeholder), None);
        assert_eq!(
            year_of("行动计划(2021—2023年)", Some("工作计划"), &[]),
            None
        );
        assert_eq!(year_of("二〇一七年工作总结", summary, &[]), Some(2017));
        assert_eq!(year_of("镇二0一一年度工作总结", summary, &[]), Some(2011));
        let signed = lines("正文\n县人口计生局\n2016年12月1日");
        assert_eq!(year_of("工作总结", summary, &signed), Some(2016));
        // A 2017 summary written in January 2018 is the 2017 summary.
        let written_later = lines("正文\n县人口计生局\n2018年1月10日");
        assert_eq!(
            year_of("2017年工作总结", summary, &written_later),
            Some(2017)
        );
        // A notice is dated by its issue: after the signature, before a note.
        let notice = lines(
            "……请于2021年1月26日前反馈。国网办公室2021年1月7日(此件不公开发布，发至收文单位。)",
        );
        let title = "关于报送2020年度档案统计报表的通知";
        assert_eq!(year_of(title, Some("通知"), &notice), Some(2021));
    }

    #[test]
    fn title_skips_numbered_clauses_and_site_sections() {
        let law = lines("上海市地名管理条例\n第一章 总则\n第三条 本条例所称地名包括：");
        assert_eq!(
            extract(&law, "x", "", &Taxonomy::builtin()).title,
            "上海市地名管理条例"
        );
        let page = lines("机关单位工作总结\n基层民政局2017年计生宣传工作总结\n正文");
        assert_eq!(
            extract(&page, "x", "", &Taxonomy::builtin()).title,
            "基层民政局2017年计生宣传工作总结"
        );
    }

    #[test]
    fn official_title_from_a_run_together_document() {
        let doc = lines("山东省医疗保险事业中心文件鲁医保中心发〔2020〕11号关于做好省直生育保险待遇联网结算工作的通知各省直医疗保险参保单位，各有关定点医疗机构:根据省直医疗保障经办服务流程再造工作要求，为进一步优化生育保险待遇结算流程，现将有关事项通知如下。");
        let facets = extract(&doc, "train_0001", "", &Taxonomy::builtin());
        assert_eq!(facets.title, "关于做好省直生育保险待遇联网结算工作的通知");
        assert_eq!(facets.kind.as_deref(), Some("通知"));
        assert_eq!(facets.unit.as_deref(), Some("山东省医疗保险事业中心"));
        assert_eq!(facets.year, Some(2020));
    }

    #[test]
    fn year_of_a_national_congress_session() {
        assert_eq!(
            npc_session_year("第十四届全国人民代表大会第三次会议关于政府工作报告的决议"),
            Some(2025)
        );
        assert_eq!(
            npc_session_year("第十届全国人民代表大会第一次会议关于政府工作报告的决议"),
            Some(2003)
        );
        assert_eq!(npc_session_year("第二十届全国人民代表大会第一次会议"), None);
        assert_eq!(npc_session_year("十四届全国人大"), None);
    }

    #[test]
    fn year_from_a_dated_file_name_only_as_last_resort() {
        assert_eq!(
            year_in_name("上海_上海市产品质量条例(2012-04-19)"),
            Some(2012)
        );
        assert_eq!(year_in_name("1954政府工作报告_周恩来"), Some(1954));
        assert_eq!(year_in_name("000_194b2d0ba02f0ad5"), None);
        assert_eq!(year_in_name("行动计划2021-2023"), None);
    }

    #[test]
    fn topics_need_weighted_evidence_not_one_mention() {
        let taxonomy = Taxonomy::builtin();
        let report = lines("今年全县计划生育工作扎实推进，计划生育服务水平提高，育龄妇女服务全覆盖，生育关怀深入人心。");
        assert_eq!(
            taxonomy.classify(&report),
            vec!["计划生育/人口".to_string()]
        );
        let passing = lines(&format!(
            "{}教育。",
            "全县各项事业稳步推进，群众生活持续改善。".repeat(20)
        ));
        assert!(taxonomy.classify(&passing).is_empty());
    }

    #[test]
    fn kind_reads_the_head_noun() {
        assert_eq!(
            kind_of("关于做好计划生育工作的通知").as_deref(),
            Some("通知")
        );
        assert_eq!(
            kind_of("2012年计生宣传教育工作总结").as_deref(),
            Some("工作总结")
        );
        assert_eq!(
            kind_of("xx镇人口和计划生育工作总结及2012年工作计划").as_deref(),
            Some("工作总结")
        );
        assert_eq!(
            kind_of("2025年国务院政府工作报告").as_deref(),
            Some("政府工作报告")
        );
        assert_eq!(kind_of("上海口岸服务条例").as_deref(), Some("法律法规"));
    }

    #[test]
    fn unit_and_region_of_a_national_report() {
        let facets = extract(
            &lines("2025年中华人民共和国国务院政府工作报告\n各位代表："),
            "",
            "",
            &Taxonomy::builtin(),
        );
        assert_eq!(facets.unit.as_deref(), Some("国务院"));
        assert_eq!(facets.region, Some(Region::national()));
        assert_eq!(facets.year, Some(2025));
    }

    #[test]
    fn region_follows_the_issuer_not_the_subject() {
        let region = |title: &str| {
            let facets = extract(&lines(title), "", "", &Taxonomy::builtin());
            facets.region.map(|r| r.path())
        };
        assert_eq!(
            region("最高人民法院关于内地与香港特别行政区法院相互委托送达司法文书的安排").as_deref(),
            Some("全国")
        );
        assert_eq!(region("中华人民共和国公司法").as_deref(), Some("全国"));
        assert_eq!(region("中华人民共和国民法典").as_deref(), Some("全国"));
        assert_eq!(region("青岛市实施《中华人民共和国水法》的若干规定"), None);
        assert_eq!(
            region("广东省人口与计划生育条例").as_deref(),
            Some("广东省")
        );
        assert_eq!(region("2012年计生宣传教育工作总结"), None);
    }

    #[test]
    fn unit_named_at_the_head_of_a_title() {
        assert_eq!(
            title_prefix_unit("镇计生协会2009年工作总结").as_deref(),
            Some("镇计生协会")
        );
        assert_eq!(
            title_prefix_unit("2006年区计划生育协会工作总结").as_deref(),
            Some("区计划生育协会")
        );
        assert_eq!(title_prefix_unit("2012年计生宣传教育工作总结"), None);
        assert_eq!(
            title_prefix_unit("xx镇二0一一年度人口和计划生育工作总结"),
            None
        );
    }

    #[test]
    fn law_unit_from_preamble() {
        let text =
            "上海口岸服务条例\n2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过";
        let facets = extract(&lines(text), "", "", &Taxonomy::builtin());
        assert_eq!(facets.unit.as_deref(), Some("上海市人大常委会"));
        assert_eq!(facets.region.map(|r| r.path()).as_deref(), Some("上海市"));
    }
}
