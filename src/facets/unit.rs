//! The issuing body, in its normal form.

use super::*;

/// Endings of the names of issuing bodies, longest first.
pub(super) const ORG_SUFFIXES: &[&str] = &[
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

pub(super) fn ends_with_org(s: &str) -> bool {
    ORG_SUFFIXES.iter().any(|suffix| s.ends_with(suffix))
}

/// The longest name of an issuing body; anything longer is a misread paragraph.
const MAX_UNIT_CHARS: usize = 30;

pub(super) fn unit_of(title: &str, lines: &[String], kind: Option<&str>) -> Option<String> {
    issuer(title, lines, kind).filter(|unit| unit.chars().count() <= MAX_UNIT_CHARS)
}

fn issuer(title: &str, lines: &[String], kind: Option<&str>) -> Option<String> {
    if kind == Some("政府工作报告") {
        return government_in_title(title);
    }
    if let Some(unit) = legislature_in_head(lines).or_else(|| decree_issuer(lines)) {
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
pub(super) fn title_prefix_unit(title: &str) -> Option<String> {
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
pub(super) fn government_in_title(title: &str) -> Option<String> {
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
pub(super) fn legislature_in_head(lines: &[String]) -> Option<String> {
    for line in lines.iter().take(8) {
        let enacted = ["通过", "公布", "修正", "修订", "批准"]
            .iter()
            .any(|w| line.contains(w));
        let Some(pos) = line.find("人民代表大会").filter(|_| enacted) else {
            continue;
        };
        // The place is what precedes the session number (`第十三届`).
        let before = &line[..pos];
        let place_end = before.rfind('第').unwrap_or(before.len());
        let place = after_date(&before[..place_end]);
        let standing = line[pos..].starts_with("人民代表大会常务委员会");
        let body = if standing {
            "人大常委会"
        } else {
            "人民代表大会"
        };
        let place = if place.is_empty() { "全国" } else { place };
        return Some(format!("{place}{body}"));
    }
    None
}

/// Regulations name the body whose decree issued them:
/// `2014年11月24日 中华人民共和国国务院令第656号公布` → 国务院.
pub(super) fn decree_issuer(lines: &[String]) -> Option<String> {
    lines.iter().take(8).find_map(|line| {
        // A preamble line, not a paragraph that cites some decree.
        let issued = (line.contains("公布") || line.contains("发布")) && line.chars().count() <= 60;
        let pos = line.find("令第").filter(|_| issued)?;
        let issuer = after_date(&line[..pos]);
        let issuer = issuer.strip_prefix("中华人民共和国").unwrap_or(issuer);
        let named = (2..=20).contains(&issuer.chars().count());
        (named && (ends_with_org(issuer) || issuer.ends_with("国务院"))).then(|| issuer.to_string())
    })
}

/// What follows a leading date (`2018年12月27日 日照市…` → `日照市…`),
/// trimmed of spaces and brackets. Only a 日 after a numeral ends a date.
fn after_date(text: &str) -> &str {
    const NUMERALS: &str = "0123456789一二三四五六七八九十〇○零";
    let mut start = 0;
    let mut previous = None;
    for (i, c) in text.char_indices() {
        if c == '日' && previous.is_some_and(|p: char| NUMERALS.contains(p)) {
            start = i + c.len_utf8();
        }
        previous = Some(c);
    }
    text[start..].trim_matches(|c: char| c.is_whitespace() || "()（）".contains(c))
}

/// `XX局文件` at the top of an official document.
pub(super) fn document_header_issuer(first_line: &str) -> Option<String> {
    let pos = first_line.find("文件")?;
    let issuer = &first_line[..pos];
    (issuer.chars().count() >= 3 && ends_with_org(issuer)).then(|| issuer.to_string())
}

/// A short line near the end naming an organisation: the signature.
pub(super) fn signature_unit(lines: &[String]) -> Option<String> {
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
pub(super) fn strip_date(line: &str) -> &str {
    match line.find(|c: char| c.is_ascii_digit() || "二〇○零".contains(c)) {
        Some(pos) if line[pos..].ends_with('日') => line[..pos].trim(),
        _ => line.trim(),
    }
}
