//! The region a document belongs to: the issuer's place, 全国 for
//! national bodies and statutes.

use super::gazetteer::{gazetteer, Forms};
use super::*;

pub(super) const NATIONAL_BODIES: &[&str] = &[
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
pub(super) fn without_quoted_titles(text: &str) -> String {
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
pub(super) fn place_in(text: &str, forms: Forms) -> Option<Region> {
    if let Some(region) = gazetteer().first_place(text, forms) {
        return Some(region);
    }
    NATIONAL_BODIES
        .iter()
        .any(|b| text.contains(b))
        .then(Region::national)
}

/// Whether a title opens with a local place name (`济南市…`, `汕头经济特区…`).
pub(super) fn opens_with_local_place(title: &str) -> bool {
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

/// How often a text speaks of itself as local: `本省`, `全省`, `本市`.
fn local_self_references(lines: &[String]) -> usize {
    const LOCAL: &[&str] = &[
        "本省",
        "全省",
        "本自治区",
        "全区",
        "本市",
        "全市",
        "本县",
        "全县",
    ];
    occurrences(lines, LOCAL)
}

/// How often any of `words` occurs in the lines.
fn occurrences(lines: &[String], words: &[&str]) -> usize {
    lines
        .iter()
        .map(|l| words.iter().map(|w| l.matches(w).count()).sum::<usize>())
        .sum()
}

/// An unsigned notice to a province's departments, or one that speaks as
/// the province, is the province's own: the province its places and cited
/// document numbers point to.
pub(super) fn provincial_notice_region(lines: &[String]) -> Option<Region> {
    speaks_as_province(lines)
        .then(|| gazetteer().dominant_province(&without_quoted_titles(&lines.join("\n"))))
        .flatten()
}

/// Whether a text is addressed by a provincial body to those under it
/// (`各设区市人民政府，省政府各部门：`, `各市（含定州、辛集市）人民政府，
/// 省直有关部门：`) or speaks as the province (`全省`, `我省`).
fn speaks_as_province(lines: &[String]) -> bool {
    let province_voice = occurrences(lines, &["全省", "本省", "我省"]);
    lines.iter().take(3).any(|l| addresses_provincial_bodies(l))
        || province_voice >= 2
        || decides_for_the_province(lines)
}

/// `经省政府研究，同意…`, `省人民政府同意…`: the provincial government's
/// office writing its decision, to a city as to a department. (`经省政府
/// 批准` is left out: a city cites the province's approval so.)
fn decides_for_the_province(lines: &[String]) -> bool {
    static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let formula = super::anatomy::regex(
        &CELL,
        r"(?:经省(?:人民)?政府(?:研究|同意)|省(?:人民)?政府(?:同意|决定))",
    );
    lines.iter().any(|l| formula.is_match(l))
}

/// An addressee line whose every item is a province's body or a class of
/// bodies under it: `省交通运输厅、省财政厅：`, `各设区市人民政府，省政府各部门：`.
fn addresses_provincial_bodies(line: &str) -> bool {
    let Some((items, end)) = crate::clean::addressee_items(line) else {
        return false;
    };
    let head = line[..end].trim_end_matches(['：', ':']);
    if head.chars().count() > 80 {
        return false;
    }
    // `各市（含定州、辛集市）人民政府`: what a bracket adds is one item's.
    let items: Vec<String> = items
        .iter()
        .map(|i| without_brackets(i).trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    !items.is_empty()
        && items
            .iter()
            .all(|i| i.starts_with('省') || i.starts_with('各'))
        && items
            .iter()
            .any(|i| i.starts_with('省') || i.contains("省政府") || i.contains("省直"))
}

fn without_brackets(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| match c {
            '（' | '(' => {
                depth += 1;
                false
            }
            '）' | ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// The region, never 全国 for a text that speaks as a local body (`结合本省
/// 实际`, `全省各级`): there, the one province it names, or nothing.
pub(super) fn region_of(
    title: &str,
    kind: Option<&str>,
    unit: Option<&str>,
    lines: &[String],
) -> Option<Region> {
    let region =
        region_by_issuer(title, kind, unit, lines).or_else(|| provincial_notice_region(lines));
    if region.as_ref().is_some_and(|r| r.0 == [NATIONAL]) && local_self_references(lines) >= 2 {
        let unit_is_national = unit.is_some_and(|u| NATIONAL_BODIES.iter().any(|b| u.contains(b)));
        if !unit_is_national {
            return gazetteer().only_province(&lines.join("\n"));
        }
    }
    region
}

/// `head` without the addressee that follows the title when it spans
/// provinces (`…的批复国网河北电力，国网冀北电力，国网山西电力…：你单位…`):
/// a document so addressed comes from above them all, and their places are
/// not its issuer's. Bodies of one province (`省公安厅，国网山东省电力公司：`)
/// are written to from within it. What runs to the first colon with no
/// sentence ended is the addressee, run on or on its own line.
fn without_addressee(head: &str, title: &str) -> String {
    let Some(at) = head.find(title).filter(|_| !title.is_empty()) else {
        return head.to_string();
    };
    let after = at + title.len();
    let rest = &head[after..];
    let spans_provinces = |addressee: &str| {
        gazetteer().only_province(addressee).is_none()
            && gazetteer()
                .first_place(addressee, Forms::ProvincesOnly)
                .is_some()
    };
    match rest.find([':', '：']) {
        Some(colon)
            if !rest[..colon].contains(['。', '；', ';']) && spans_provinces(&rest[..colon]) =>
        {
            format!("{}{}", &head[..after], &rest[colon..])
        }
        _ => head.to_string(),
    }
}

fn region_by_issuer(
    title: &str,
    kind: Option<&str>,
    unit: Option<&str>,
    lines: &[String],
) -> Option<Region> {
    let full_title = title;
    let title = without_quoted_titles(title);
    // Who issues comes before 关于; what the document is about comes after.
    let issuer = title.find("关于").map_or("", |pos| &title[..pos]);
    // A place opens the issuer's name: no separator may stand before it.
    let by_issuer = std::iter::once(issuer)
        .chain(unit)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(region) = place_in(&by_issuer, Forms::All).or_else(|| place_in(&title, Forms::All))
    {
        return Some(region);
    }
    // The opening names the issuer or the legislature (`XX市…文件`,
    // `…上海市第十三届人民代表大会常务委员会…通过`).
    let head: String = lines.iter().take(3).map(String::as_str).collect();
    let opening: String = without_addressee(&head, full_title)
        .chars()
        .take(120)
        .collect();
    if let Some(region) = place_in(&without_quoted_titles(&opening), Forms::ProvincesOnly) {
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
    gazetteer().first_place(&signature, Forms::ProvincesOnly)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_addressee_across_provinces_names_no_issuers_place() {
        let title = "关于对2022年第一批电力爱心超市验收报告的批复";
        let across = format!("国网乡振办〔2022〕8号{title}国网河北电力，国网山西电力，国网山东电力：你单位报来的验收报告收悉。");
        let lines = vec![across];
        assert_eq!(region_of(title, Some("批复"), None, &lines), None);
        // Bodies of one province are written to from within it.
        let within = format!(
            "{title}省公安厅、省自然资源厅，国网山东省电力公司：根据工作安排，现函复如下。"
        );
        assert_eq!(
            region_of(title, Some("批复"), None, &[within]),
            Some(Region(vec!["山东省".to_string()]))
        );
    }

    #[test]
    fn addressee_lines_of_a_province_and_of_others() {
        assert!(addresses_provincial_bodies("省交通运输厅、省财政厅："));
        assert!(addresses_provincial_bodies(
            "各市（含定州、辛集市）人民政府，省政府各部门："
        ));
        assert!(addresses_provincial_bodies(
            "各设区市人民政府，省直有关部门："
        ));
        assert!(!addresses_provincial_bodies(
            "各区、县人民政府，市政府各委、办、局："
        ));
        assert!(!addresses_provincial_bodies("国务院各部委、各直属机构："));
    }
}
