//! The document's title: the first title-like line, or the `关于……的通知`
//! inside a run-together official document.

use super::*;

/// The line that names the document, among the first few.
pub(super) fn title_line(norm_lines: &[String]) -> Option<usize> {
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
pub(super) const OFFICIAL_KINDS: &[&str] = &[
    "通知", "意见", "决定", "报告", "批复", "请示", "通报", "方案", "办法", "规定", "公告", "函",
];

/// The `关于……的通知` title inside the opening of a document whose lines
/// were run together (official documents scraped as one paragraph).
pub(super) fn official_title(lines: &[String], norm_lines: &[String]) -> Option<String> {
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
