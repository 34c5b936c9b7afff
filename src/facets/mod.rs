//! Facets: title, year, region, unit (issuing body), kind of document and
//! topics, extracted from a cleaned text. Unknown stays empty: a wrong year
//! hides a report from a user filtering by year, a missing one only from
//! that filter.

pub mod anatomy;
pub mod folder;
mod gazetteer;
mod kind;
pub mod official;
mod region;
mod title;
mod topics;
mod unit;
mod year;

use serde::Serialize;

use crate::analysis::normalise;
use crate::clean::Cleaned;
pub use gazetteer::Level;
pub use kind::kind_of;
use kind::*;
use region::*;
use title::*;
pub use topics::Taxonomy;
use unit::*;
use year::*;

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

/// The version of the rules that read facets, recorded in each index: bump
/// it with every change that gives an indexed document other facets, and
/// the next `govsearch index` rebuilds an index read by older rules
/// (searching one still works meanwhile).
pub const RULES_VERSION: u32 = 5;

/// Everything the indexer knows about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub title: String,
    pub year: Option<u16>,
    pub region: Option<Region>,
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub topics: Vec<String>,
    /// The levels a document without a region speaks from (`结合本省实际`,
    /// `省政府各部门：`): its folder's place of that level may stand in
    /// ([`folder`]).
    pub speaks_from: Option<&'static [Level]>,
    /// What its issuer is called after that place, when the place is all
    /// the document lacks to name it (`人民政府` for a rule of `本省`).
    pub unit_after_place: Option<String>,
}

impl Facets {
    /// A title that is its kind alone (`通知`, built for a document with no
    /// title line before its issuer was known) is led by the issuer once
    /// known (`河北省人民政府办公厅通知`), as such documents are cited.
    pub(crate) fn title_issuer(&mut self) {
        if let (Some(unit), Some(kind)) = (&self.unit, &self.kind) {
            if self.title == *kind {
                self.title = format!("{unit}{kind}");
            }
        }
    }
}

/// Extracts facets from the kept lines of a cleaned document.
/// `fallback_title` is used when no line reads as a title (a page's
/// `<title>` or the file name).
/// `source_name` (the file name) is the last resort for the year.
pub fn extract(
    cleaned: &Cleaned,
    fallback_title: &str,
    source_name: &str,
    taxonomy: &Taxonomy,
) -> Facets {
    // Each part of a document is read from its own line: a hard-wrapped
    // text (PDF, Word export) is read as the lines its writer ended.
    let reflowed = crate::reflow::reflowed(cleaned);
    let cleaned = reflowed.as_ref().unwrap_or(cleaned);
    let mut facets = read_facets(cleaned, fallback_title, source_name, taxonomy);
    if facets.region.is_none() {
        facets.speaks_from = anatomy::speaking_levels(&cleaned.normalised.join("\n"));
    }
    if facets.unit.is_none() {
        if let Some(issuer) = disclosed_issuer(&cleaned.removed) {
            adopt_disclosed_issuer(&mut facets, issuer);
        }
    }
    facets.unit = facets.unit.map(unit::customary_unit);
    facets.title_issuer();
    facets
}

/// A portal's record of who issued a document stands in for the issuer its
/// text never names. It is placed in the document's region, which it may
/// name itself; named by its level alone (`省人民政府办公厅`) in a document
/// that names no place, it waits for its folder's place of that level.
fn adopt_disclosed_issuer(facets: &mut Facets, issuer: String) {
    if facets.region.is_none() {
        facets.region = gazetteer::gazetteer().first_place(&issuer, gazetteer::Forms::All);
    }
    match level_and_body(&issuer) {
        Some((level, body)) if facets.region.is_none() => {
            facets.speaks_from = anatomy::bare_levels(level);
            facets.unit_after_place = Some(body.to_string());
        }
        _ => facets.unit = placed_unit(issuer, facets.region.as_ref()),
    }
    if facets.region.is_some() {
        facets.speaks_from = None;
    }
}

fn read_facets(
    cleaned: &Cleaned,
    fallback_title: &str,
    source_name: &str,
    taxonomy: &Taxonomy,
) -> Facets {
    let (lines, norm_lines) = (&cleaned.lines, &cleaned.normalised);
    let above_preamble =
        title::title_above_preamble(norm_lines).or_else(|| title::issuer_over_kind(norm_lines));
    let title_index = above_preamble
        .as_ref()
        .map(|lines| lines.start)
        .or_else(|| title_line(norm_lines));
    let official = title_index
        .is_none()
        .then(|| official_title(lines, norm_lines))
        .flatten();
    // Where the title came from: a line, the `关于……` of a run-together
    // document, or the fallback (the page's `<title>` or the file name).
    let from_fallback = title_index.is_none() && official.is_none();
    let mut title = match (title_index, &above_preamble) {
        (_, Some(wrapped)) => lines[wrapped.clone()].concat(),
        (Some(i), None) => lines[i].clone(),
        (None, None) => official.unwrap_or_else(|| fallback_title.to_string()),
    };
    // Spacing inside a title is layout: `政 府 工 作 报 告`.
    let norm_title = anatomy::without_layout(&normalise(&title));
    if title_index.is_some() && title.chars().any(char::is_whitespace) {
        title = title_without_layout(&title);
    }
    let topics = taxonomy.classify(norm_lines);
    // A reply's body quotes the request it answers (`《关于…的请示》收悉`):
    // that title is not its own.
    let quoted_request = title_index.is_none()
        && norm_title.ends_with("请示")
        && norm_lines.iter().take(3).any(|l| l.contains("收悉"));
    let title_kind = kind_of(&norm_title).filter(|_| !quoted_request);
    // The anatomy of a report is read only where the title leaves the kind
    // open: a statute or a notice never needs it.
    let head = match title_kind.as_deref() {
        None | Some("政府工作报告" | "报告" | "讲话") => {
            Some(anatomy::report_head(&norm_title, norm_lines))
        }
        _ => None,
    };
    let reads_as_report =
        title_kind.as_deref() == Some("政府工作报告") || head.as_ref().is_some_and(|h| h.is_report);
    // A court's or a standing committee's report to the congress is dated
    // and signed by the same anatomy.
    let (congress_year, other_body) = head
        .as_ref()
        .map(|h| (h.dateline_year, h.other_body.clone()))
        .unwrap_or_default();
    if let Some(head) = head.filter(|_| reads_as_report) {
        let region = head.region(&cleaned.normalised.join("\n"));
        let unit = head.unit(region.as_ref());
        // Only a title that names a report dates it: a section heading read
        // as the title (`一、2018年工作回顾`) names the year reviewed.
        let titles_a_report = norm_title.contains("报告") && !is_never_title(&norm_title);
        let title_year = years_in(&norm_title)
            .first()
            .map(|(_, y, _)| *y)
            .filter(|_| titles_a_report);
        let year = head
            .year(title_year)
            .or_else(|| year_of(&norm_title, None, norm_lines, &normalise(source_name)));
        // `2024年政府工作报告` is what the national report is called; a local
        // one so titled is one of a hundred, and gets its place.
        let national = region.as_ref().is_some_and(|r| r.0 == [NATIONAL]);
        let generic = is_generic_report_title(&norm_title)
            && !(national && without_leading_year(&norm_title) != norm_title);
        if generic {
            title = report_title(year, region.as_ref(), unit.as_deref());
        }
        return Facets {
            title,
            year,
            region,
            unit,
            kind: Some("政府工作报告".to_string()),
            topics,
            speaks_from: None,
            unit_after_place: None,
        };
    }
    let not_a_title = is_never_title(&norm_title);
    // A reply whose first title-like line is the request it answers
    // (`你单位《关于X的请示》收悉`) is titled as the reply.
    let cites_its_request = norm_title.starts_with("关于")
        && ["请示", "报告", "函"]
            .iter()
            .any(|k| norm_title.ends_with(k))
        && official::official_parts(&norm_lines.join("\n"))
            .request
            .is_some_and(|r| norm_title.contains(r.as_str()));
    // With no title anywhere, the fallback may be the opening sentence
    // (`为规范……决定法制审核工作，…`): its words name no kind.
    let opening_as_title =
        from_fallback && (norm_title.contains(['，', ',']) || norm_title.ends_with('…'));
    let not_a_title = not_a_title || cites_its_request || opening_as_title;
    if title_kind.is_none() || not_a_title {
        let text = norm_lines.join("\n");
        let parts = official::official_parts(&text);
        if parts.kind.is_some() || parts.signer.is_some() {
            // A document that names no issuer, but speaks from its level
            // (全省, 省政府), is of the place of that level it names most.
            // A province's document number (`沪府办发〔2024〕5号`) names the
            // issuer its signature may give by level alone (`市政府办公厅`).
            let numbered = number_issuer(norm_lines);
            let region = parts
                .region(&text)
                .or_else(|| {
                    let issuer = numbered.as_deref()?;
                    gazetteer::gazetteer().first_place(issuer, gazetteer::Forms::All)
                })
                // A title line that names no kind still names its issuer
                // (`某省人民政府办公厅关于某市收费项目`, cut short).
                .or_else(|| {
                    let issuer = (!not_a_title).then_some(norm_title.as_str())?;
                    gazetteer::gazetteer().first_place(issuer, gazetteer::Forms::All)
                })
                .or_else(|| anatomy::speaking_place(&text));
            let unit = match (parts.unit(region.as_ref()), numbered) {
                (Some(signed), Some(numbered)) if is_bare_unit(&signed) => Some(numbered),
                (None, numbered) => numbered,
                (signed, _) => signed,
            };
            let year = parts
                .signed_year
                .or_else(|| year_of("", None, norm_lines, &normalise(source_name)));
            let unit_after_place = (region.is_none() && unit.is_none())
                .then(|| parts.unsigned_body())
                .flatten()
                .map(String::from);
            let built = (from_fallback || not_a_title)
                .then(|| parts.title(unit.as_deref()))
                .flatten()
                .map(|t| with_original_letters(&t, lines));
            return Facets {
                title: built.unwrap_or(title),
                year,
                region,
                unit,
                kind: parts.kind.map(String::from),
                topics,
                speaks_from: None,
                unit_after_place,
            };
        }
    }
    let kind = title_kind;
    let unit = unit_of(&norm_title, norm_lines, kind.as_deref()).or(other_body);
    let region = region_of(&norm_title, kind.as_deref(), unit.as_deref(), norm_lines)
        // A title read off the file name or the page is no evidence of a
        // national statute.
        .filter(|r| !(from_fallback && r.0 == [NATIONAL] && unit.is_none()))
        .or_else(|| anatomy::speaking_place(&norm_lines.join("\n")));
    let unit = unit.and_then(|u| placed_unit(u, region.as_ref()));
    let year = congress_year.or_else(|| {
        year_of(
            &norm_title,
            kind.as_deref(),
            norm_lines,
            &normalise(source_name),
        )
    });
    // Facets are read with the addressee as the title's stand-in; a reader
    // is shown the sentence it addresses instead.
    if crate::clean::is_addressee_line(&title) {
        if let Some(opening) = lines.get(1) {
            title = crate::text::first_sentence(opening);
        }
    }
    Facets {
        title,
        year,
        region,
        unit,
        kind,
        topics,
        speaks_from: None,
        unit_after_place: None,
    }
}

/// A title built from normalised text, with each run of Latin letters
/// spelt as the document spells it (`G2002石家庄绕城高速`, not `g2002`).
fn with_original_letters(title: &str, lines: &[String]) -> String {
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        let original = lines.iter().find_map(|line| {
            line.char_indices()
                .filter(|(_, c)| c.is_ascii_alphabetic())
                .map(|(i, _)| i)
                .find_map(|i| {
                    line.get(i..i + run.len())
                        .filter(|s| s.eq_ignore_ascii_case(run))
                })
        });
        out.push_str(original.unwrap_or(run));
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    out
}

/// A title line with its layout dropped (`政 府 工 作 报 告` → 政府工作报告),
/// spacing between Latin words and numbers kept as one space.
fn title_without_layout(title: &str) -> String {
    let laid = crate::text::without_layout(title);
    let words: Vec<&str> = laid.split_whitespace().collect();
    // `1 9 9 7年…` is spaced out letter by letter, digits too.
    let letter_spaced = words.len() > 2 && words.iter().all(|w| w.chars().count() == 1);
    if letter_spaced {
        return words.concat();
    }
    let mut out = String::with_capacity(laid.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 && !spaced_digit_gap(words[i - 1], word) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether the space between two words of a title splits one number that
/// was spaced out digit by digit (`2 0 1 1年`, `1月2 0日`): a lone digit
/// before it and a digit after. `2023 2024` keeps its space.
fn spaced_digit_gap(before: &str, after: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut tail = before.chars().rev();
    let lone_digit = tail.next().is_some_and(digit) && !tail.next().is_some_and(digit);
    lone_digit && after.chars().next().is_some_and(digit)
}

/// A title that names no report in particular: `政府工作报告`, `工作报告`, none,
/// also with only its year (`2024年政府工作报告`, `二〇二四年政府工作报告`): a
/// hundred governments' reports share it.
fn is_generic_report_title(norm_title: &str) -> bool {
    let bare: String = norm_title
        .chars()
        .filter(|c| crate::analysis::is_term_char(*c))
        .collect();
    let bare = without_leading_year(&bare);
    matches!(bare, "" | "政府工作报告" | "工作报告" | "报告") || !bare.contains("报告")
}

/// `2024年…`, `二〇二四年度…` without the year.
fn without_leading_year(title: &str) -> &str {
    const DIGITS: &str = "0123456789〇○零一二三四五六七八九";
    let digits: usize = title
        .chars()
        .take_while(|c| DIGITS.contains(*c))
        .map(char::len_utf8)
        .sum();
    let rest = &title[digits..];
    match rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
    {
        Some(after) if title[..digits].chars().count() == 4 => after,
        _ => title,
    }
}

/// The title of an untitled report, built from its facets:
/// `2024年威海市政府工作报告`, `2025年国务院政府工作报告`.
fn report_title(year: Option<u16>, region: Option<&Region>, unit: Option<&str>) -> String {
    let year = year.map(|y| format!("{y}年")).unwrap_or_default();
    let place = match (region.and_then(|r| r.0.last()), unit) {
        (Some(place), _) if place != NATIONAL => place.clone(),
        (_, Some(unit)) => unit.trim_end_matches("人民政府").to_string(),
        _ => String::new(),
    };
    format!("{year}{place}政府工作报告")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_spaced_out_digit_by_digit_gets_its_numbers_back() {
        assert_eq!(
            title_without_layout("2 0 0 4年政府工作报告"),
            "2004年政府工作报告"
        );
        assert_eq!(
            title_without_layout("资料:河北省2 0 1 1年政府工作报告"),
            "资料:河北省2011年政府工作报告"
        );
        assert_eq!(title_without_layout("1月2 0日"), "1月20日");
        // Two numbers apart stay apart.
        assert_eq!(title_without_layout("2023 2024年规划"), "2023 2024年规划");
        assert_eq!(
            title_without_layout("Made in China 2025"),
            "Made in China 2025"
        );
    }

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    /// Facets of a text given as lines, with a fallback title.
    fn facets_of(lines: Vec<String>, fallback_title: &str) -> Facets {
        extract(&cleaned(lines), fallback_title, "", &Taxonomy::builtin())
    }

    /// Lines as the cleaning stage hands them on.
    fn cleaned(lines: Vec<String>) -> Cleaned {
        Cleaned {
            normalised: lines.iter().map(|l| normalise(l)).collect(),
            lines,
            removed: Vec::new(),
            runs: None,
        }
    }

    #[test]
    fn a_regulation_is_dated_by_its_promulgation_not_the_day_it_takes_effect() {
        let regulation = lines("青岛市文明行为促进条例\n（2016年11月2日青岛市第十五届人民代表大会常务委员会第三十八次会议通过　2016年11月26日山东省第十二届人民代表大会常务委员会第二十四次会议批准　2016年11月26日青岛市人民代表大会常务委员会公告公布　自2017年1月1日起施行）\n第一章  总则\n第一条  为了弘扬社会主义核心价值观，制定本条例。");
        assert_eq!(facets_of(regulation, "").year, Some(2016));
        // With no other date, the day it takes effect is all there is.
        let effective_only = lines(
            "某市养犬管理条例\n（自2019年5月1日起施行）\n第一条  为了加强养犬管理，制定本条例。",
        );
        assert_eq!(facets_of(effective_only, "").year, Some(2019));
    }

    #[test]
    fn a_section_heading_read_as_the_title_gives_no_year() {
        // A report cut before its opening: the fallback title is its first
        // heading, which names the year reviewed; the plan names the year.
        let cut = lines("一、2018年工作回顾\n2018年，在县人大、县政协的监督支持下，全县经济平稳，县政府推进改革，全县上下努力，全县增长。\n二、2019年工作总体要求\n三、2019年主要任务\n全县要……");
        let facets = facets_of(cut, "一、2018年工作回顾");
        assert_eq!(facets.kind.as_deref(), Some("政府工作报告"));
        assert_eq!(facets.year, Some(2019));
        let titled = facets_of(
            lines("2019年政府工作报告\n各位代表：\n一、2017年工作回顾"),
            "",
        );
        assert_eq!(titled.year, Some(2019));
    }

    #[test]
    fn a_portals_record_names_the_issuer_a_bare_notice_omits() {
        // A notice crawled without its head or signature: only the portal's
        // record, which the cleaner removed, says who issued it.
        let body = lines("各设区市人民政府，省政府各部门：\n为了加强我省信息安全保障工作，省政府决定成立协调小组。现通知如下。");
        let mut cleaned = cleaned(body);
        cleaned.removed = lines("公开程序：本单位审核后公开\n责任部门：省政府办公厅秘书一处");
        let facets = extract(&cleaned, "", "", &Taxonomy::builtin());
        // It names no place: the office waits for its folder's province.
        assert_eq!(facets.region, None);
        assert_eq!(facets.speaks_from, Some(&[Level::Province][..]));
        assert_eq!(facets.unit_after_place.as_deref(), Some("人民政府办公厅"));
        cleaned.lines[1].insert_str(0, "河北省");
        cleaned.normalised[1].insert_str(0, "河北省");
        let placed = extract(&cleaned, "", "", &Taxonomy::builtin());
        assert_eq!(placed.unit.as_deref(), Some("河北省人民政府办公厅"));
        cleaned.removed.clear();
        let unrecorded = extract(&cleaned, "", "", &Taxonomy::builtin());
        assert_eq!(unrecorded.unit, None);
    }

    #[test]
    fn a_built_title_keeps_the_documents_capitals() {
        let lines = lines("关于G2002绕城高速设置PM2.5监测站的请示收悉\n同意。");
        assert_eq!(
            with_original_letters("省政府办公厅关于g2002绕城高速设置pm2.5监测站的复函", &lines),
            "省政府办公厅关于G2002绕城高速设置PM2.5监测站的复函"
        );
        // A run the text does not have stays as it is.
        assert_eq!(
            with_original_letters("关于abc的通知", &lines),
            "关于abc的通知"
        );
    }

    #[test]
    fn year_ignores_placeholders_and_ranges() {
        let summary = Some("工作总结");
        let placeholder = lines("xx年,我区人口工作");
        assert_eq!(year_of("xx年计生工作总结", summary, &placeholder, ""), None);
        assert_eq!(
            year_of("行动计划(2021—2023年)", Some("工作计划"), &[], ""),
            None
        );
        assert_eq!(year_of("二〇一七年工作总结", summary, &[], ""), Some(2017));
        assert_eq!(
            year_of("镇二0一一年度工作总结", summary, &[], ""),
            Some(2011)
        );
        let signed = lines("正文\n县人口计生局\n2016年12月1日");
        assert_eq!(year_of("工作总结", summary, &signed, ""), Some(2016));
        // A 2017 summary written in January 2018 is the 2017 summary.
        let written_later = lines("正文\n县人口计生局\n2018年1月10日");
        assert_eq!(
            year_of("2017年工作总结", summary, &written_later, ""),
            Some(2017)
        );
        // A notice is dated by its issue: after the signature, before a note.
        let notice = lines(
            "……请于2021年1月26日前反馈。国网办公室2021年1月7日(此件不公开发布，发至收文单位。)",
        );
        let title = "关于报送2020年度档案统计报表的通知";
        assert_eq!(year_of(title, Some("通知"), &notice, ""), Some(2021));
        // Unsigned, it is dated by its own number above the title, not by
        // the meeting the title names nor by a number it cites.
        let title = "关于召开2021年安委会第一次会议的通知";
        let unsigned = lines(&format!(
            "特急办值通〔2020〕622号{title}各单位：根据《关于…的通知》（办发〔2019〕3号），定于2021年1月5日召开。"
        ));
        assert_eq!(year_of(title, Some("通知"), &unsigned, ""), Some(2020));
        // A title found nowhere in the text (a file's name): its numbers are
        // cited ones, and the title's year stands.
        let untitled =
            lines("各单位：根据《关于…的通知》（办发〔2019〕3号），定于2021年1月5日召开。");
        assert_eq!(year_of(title, Some("通知"), &untitled, ""), Some(2021));
        // A law's version: the dated file name picks an attested date.
        let preamble = lines(
            "上海市住宅物业管理规定\n2004年8月19日 上海市第十二届人民代表大会常务委员会第十四次会议通过\n\
             2010年12月23日 上海市第十三届人民代表大会常务委员会第二十三次会议修订\n\
             2018年11月22日 上海市第十五届人民代表大会常务委员会第七次会议修正\n第一章 总则",
        );
        let (law, name) = (Some("法律法规"), "上海市住宅物业管理规定");
        assert_eq!(
            year_of(name, law, &preamble, "规定(2010-12-23)"),
            Some(2010)
        );
        assert_eq!(year_of(name, law, &preamble, "规定"), Some(2018));
        // A later file-name date names a version the preamble leaves out;
        // an earlier one it does not attest is ignored.
        assert_eq!(year_of(name, law, &preamble, "2023-01-05 规定"), Some(2023));
        assert_eq!(year_of(name, law, &preamble, "2009-01-05 规定"), Some(2018));
        // A city's regulation is law from the province's approval.
        let approved = lines(
            "临沂市献血条例\n2018年12月27日 临沂市第十九届人民代表大会常务委员会第十七次会议通过\n\
             2019年2月12日 山东省第十三届人民代表大会常务委员会第十次会议批准",
        );
        assert_eq!(year_of("临沂市献血条例", law, &approved, ""), Some(2019));
    }

    #[test]
    fn title_skips_numbered_clauses_and_site_sections() {
        let law = lines("上海市地名管理条例\n第一章 总则\n第三条 本条例所称地名包括：");
        assert_eq!(facets_of(law, "x").title, "上海市地名管理条例");
        let page = lines("机关单位工作总结\n基层民政局2017年计生宣传工作总结\n正文");
        assert_eq!(
            facets_of(page, "x").title,
            "基层民政局2017年计生宣传工作总结"
        );
    }

    #[test]
    fn official_title_from_a_run_together_document() {
        let doc = lines("山东省医疗保险事业中心文件鲁医保中心发〔2020〕11号关于做好省直生育保险待遇联网结算工作的通知各省直医疗保险参保单位，各有关定点医疗机构:根据省直医疗保障经办服务流程再造工作要求，为进一步优化生育保险待遇结算流程，现将有关事项通知如下。");
        let facets = facets_of(doc, "train_0001");
        assert_eq!(facets.title, "关于做好省直生育保险待遇联网结算工作的通知");
        assert_eq!(facets.kind.as_deref(), Some("通知"));
        assert_eq!(facets.unit.as_deref(), Some("山东省医疗保险事业中心"));
        assert_eq!(facets.year, Some(2020));
        let quoted = lines("国网团委文件关于印发《共青团国家电网有限公司委员会工作组分工调整方案》的通知各单位团委：现将方案印发给你们，请认真贯彻执行。");
        let facets = facets_of(quoted, "x");
        assert_eq!(
            facets.title,
            "关于印发《共青团国家电网有限公司委员会工作组分工调整方案》的通知"
        );
    }

    #[test]
    fn a_flattened_notice_is_never_titled_by_its_addressee() {
        let page = "各设区市人民政府，省直有关部门：安全生产事关人民群众生命财产安全，各地务必高度重视，切实抓好落实。";
        let cleaned = crate::clean::clean(page);
        let facets = extract(
            &cleaned,
            "各设区市人民政府，省直有关部门：",
            "",
            &Taxonomy::builtin(),
        );
        assert_eq!(
            facets.title,
            "安全生产事关人民群众生命财产安全，各地务必高度重视，切实抓好…"
        );
        assert_eq!(facets.unit, None);
    }

    #[test]
    fn an_untitled_notice_and_reply_are_titled_by_their_formulas() {
        // Made-up documents in the two formulas of the genre: a notice that
        // issues a document, a reply that answers a request.
        let notice = lines("各市人民政府，省政府有关部门：《某某省支持养老服务发展若干措施》已经省政府同意，现印发给你们，请认真贯彻落实。某某省人民政府办公厅2024年4月28日为加快养老服务发展，制定如下措施。");
        let facets = facets_of(notice, "x");
        assert_eq!(
            facets.title,
            "某某省人民政府办公厅关于印发某某省支持养老服务发展若干措施的通知"
        );
        assert_eq!(facets.kind.as_deref(), Some("通知"));
        let reply = lines("省交通运输厅：《关于某高速公路增设收费站的请示》（某交〔2024〕8号）收悉。经省政府同意，现函复如下：同意增设收费站。某某省人民政府办公厅2024年5月6日");
        let facets = facets_of(reply, "y");
        assert_eq!(
            facets.title,
            "某某省人民政府办公厅关于某高速公路增设收费站的复函"
        );
        assert_eq!(facets.kind.as_deref(), Some("复函"));
    }

    #[test]
    fn a_notice_that_issues_a_document_after_sentences_of_purpose_is_titled_by_it() {
        // `现将《X》印发给你们` after the purpose; the 《…》 cited as grounds
        // before it is not what is issued.
        let notice = lines("各市人民政府，省政府有关部门：为落实《某某省科技创新条例》，推动县域创新，我省组织开展了2023年县域科技创新能力监测评价。现将《全省县域科技创新能力监测评价结果（2023）》印发给你们，请结合实际抓好落实。某某省人民政府办公厅2024年1月5日");
        let facets = facets_of(notice, "w");
        assert_eq!(
            facets.title,
            "某某省人民政府办公厅关于印发全省县域科技创新能力监测评价结果(2023)的通知"
        );
    }

    #[test]
    fn an_unsigned_document_that_speaks_for_a_province_is_of_the_province_it_names() {
        let text = lines("各市人民政府，省政府各部门：全省各级各部门要认真落实省委、省政府部署。河北省将加快发展，河北省各市要加强协调，推动河北高质量发展。全省上下要形成合力，省政府将定期督查。");
        let facets = facets_of(text, "z");
        assert_eq!(facets.region.map(|r| r.path()), Some("河北省".to_string()));
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
        for (title, kind) in [
            ("关于2024年春运期间部分路段实行交通管制的通告", "通告"),
            ("关于推荐某某同志为代表候选人预备人选的请示", "请示"),
            ("2023年全市国民经济和社会发展统计公报", "公报"),
            ("市政府第12次常务会议纪要", "纪要"),
        ] {
            assert_eq!(kind_of(title).as_deref(), Some(kind), "{title}");
        }
        assert_eq!(
            kind_of("图解:一图读懂2024年丽水市政府工作报告").as_deref(),
            Some("新闻报道")
        );
        assert_eq!(
            kind_of("关于2024年政府工作报告解读材料的通知").as_deref(),
            Some("通知")
        );
    }

    #[test]
    fn a_courts_or_standing_committees_report_to_the_congress_is_no_government_report() {
        let head = "——2024年1月17日在襄阳市第十八届人民代表大会第四次会议上\n各位代表：\n";
        let court = format!("襄阳市中级人民法院工作报告\n{head}现在，我代表襄阳市中级人民法院向大会报告工作。\n一、2023年工作回顾");
        let facets = facets_of(lines(&court), "x");
        assert_eq!(facets.kind.as_deref(), Some("报告"));
        assert_eq!(facets.unit.as_deref(), Some("襄阳市中级人民法院"));
        assert_eq!(facets.year, Some(2024));
        let committee = format!("{head}现在，我代表襄阳市人民代表大会常务委员会向大会报告工作，请予审议。\n一、2023年主要工作");
        let facets = facets_of(lines(&committee), "x");
        assert_ne!(facets.kind.as_deref(), Some("政府工作报告"));
        assert_eq!(facets.unit.as_deref(), Some("襄阳市人大常委会"));
        let government = format!("政府工作报告\n{head}现在，我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n市人大常委会工作报告另行审议。");
        let facets = facets_of(lines(&government), "x");
        assert_eq!(facets.kind.as_deref(), Some("政府工作报告"));
    }

    #[test]
    fn a_local_report_titled_by_its_year_alone_is_titled_with_its_place() {
        assert!(is_generic_report_title("2024年政府工作报告"));
        assert!(is_generic_report_title("二〇二四年政府工作报告"));
        assert!(!is_generic_report_title("2024年威海市政府工作报告"));
        let text = "二〇二四年政府工作报告\n（2024年1月5日在乌鲁木齐市第十六届人民代表大会第四次会议上）\n\
                    各位代表：\n现在，我代表市人民政府，向大会报告工作。";
        assert_eq!(
            facets_of(lines(text), "x").title,
            "2024年乌鲁木齐市政府工作报告"
        );
        // The national report is called so, and keeps its title.
        let national = "2024年政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\
                        各位代表：\n现在，我代表国务院，向大会报告政府工作。";
        assert_eq!(facets_of(lines(national), "x").title, "2024年政府工作报告");
    }

    #[test]
    fn the_plan_and_the_budget_read_to_the_congress_are_their_departments_reports() {
        let text = "关于温州市2023年预算执行情况和2024年预算草案的报告\n\
                    ——2024年1月22日在温州市第十四届人民代表大会第四次会议上\n温州市财政局\n各位代表：\n\
                    受市人民政府委托，现将温州市2023年预算执行情况和2024年预算草案提请大会审议。";
        let facets = facets_of(lines(text), "x");
        assert_eq!(facets.kind.as_deref(), Some("报告"));
        assert_eq!(facets.unit.as_deref(), Some("温州市财政局"));
        assert_eq!(facets.year, Some(2024));
    }

    #[test]
    fn a_local_report_without_title_or_place_in_its_opening() {
        // `市人民政府` only: the place is the prefecture that dominates the text.
        let text = "各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n\
                    过去一年，威海市经济运行稳中向好。威海市荣成市、文登区协同发展，威海港吞吐量创新高。\n\
                    二、2024年主要任务\n威海市将持续推进高质量发展。";
        let facets = facets_of(lines(text), "x");
        assert_eq!(facets.kind.as_deref(), Some("政府工作报告"));
        assert_eq!(facets.year, Some(2024));
        assert_eq!(
            facets.region.as_ref().map(|r| r.path()).as_deref(),
            Some("山东省/威海市")
        );
        assert_eq!(facets.unit.as_deref(), Some("威海市人民政府"));
        assert_eq!(facets.title, "2024年威海市政府工作报告");
    }

    #[test]
    fn a_provincial_report_titled_only_政府工作报告_is_not_national() {
        let text = "政 府 工 作 报 告\n——2024年1月20日在河北省第十四届人民代表大会第二次会议上\n\
                    河北\n省省\n长 王正谱\n各位代表：\n现在，我代表省人民政府，向大会报告工作。";
        let facets = facets_of(lines(text), "x");
        assert_eq!(facets.region.map(|r| r.path()).as_deref(), Some("河北省"));
        assert_eq!(facets.unit.as_deref(), Some("河北省人民政府"));
        assert_eq!(facets.year, Some(2024));
        assert_eq!(facets.kind.as_deref(), Some("政府工作报告"));
        assert_eq!(facets.title, "2024年河北省政府工作报告");
    }

    #[test]
    fn unit_and_region_of_a_national_report() {
        let facets = facets_of(
            lines("2025年中华人民共和国国务院政府工作报告\n各位代表："),
            "",
        );
        assert_eq!(facets.unit.as_deref(), Some("国务院"));
        assert_eq!(facets.region, Some(Region::national()));
        assert_eq!(facets.year, Some(2025));
    }

    #[test]
    fn region_follows_the_issuer_not_the_subject() {
        let region = |title: &str| {
            let facets = facets_of(lines(title), "");
            facets.region.map(|r| r.path())
        };
        assert_eq!(
            region("最高人民法院关于内地与香港特别行政区法院相互委托送达司法文书的安排").as_deref(),
            Some("全国")
        );
        assert_eq!(region("中华人民共和国公司法").as_deref(), Some("全国"));
        assert_eq!(region("中华人民共和国民法典").as_deref(), Some("全国"));
        assert_eq!(
            region("青岛市实施《中华人民共和国水法》的若干规定").as_deref(),
            Some("山东省/青岛市")
        );
        assert_eq!(
            region("广东省人口与计划生育条例").as_deref(),
            Some("广东省")
        );
        assert_eq!(region("2012年计生宣传教育工作总结"), None);
    }

    #[test]
    fn a_government_decree_is_a_rule_dated_where_it_is_signed() {
        let facets = facets_of(
            lines("深圳市人民政府令\n第350号\n《深圳市数据交易管理暂行办法》已经市政府七届第五次常务会议审议通过，现予公布，自2024年1月1日起施行。\n市长  覃伟中\n2023年12月10日"),
            "",
        );
        assert_eq!(facets.kind.as_deref(), Some("法律法规"));
        assert_eq!(facets.unit.as_deref(), Some("深圳市人民政府"));
        assert_eq!(facets.year, Some(2023));
        assert_eq!(
            facets.region.map(|r| r.0.join("/")).as_deref(),
            Some("广东省/深圳市")
        );
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
    fn units_from_decrees_and_city_legislatures() {
        let unit = |text: &str| facets_of(lines(text), "").unit;
        assert_eq!(
            unit("不动产登记暂行条例\n2014年11月24日 中华人民共和国国务院令第656号公布").as_deref(),
            Some("国务院")
        );
        assert_eq!(
            unit("专利代理条例\n2018年9月6日 国务院第23次常务会议修订通过\n2018年11月6日 中华人民共和国国务院令第706号公布").as_deref(),
            Some("国务院")
        );
        assert_eq!(
            unit("日照市公园条例\n2018年12月27日 日照市第十九届人民代表大会常务委员会第十七次会议通过").as_deref(),
            Some("日照市人大常委会")
        );
    }

    #[test]
    fn law_unit_from_preamble() {
        let text =
            "上海口岸服务条例\n2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过";
        let facets = facets_of(lines(text), "");
        assert_eq!(facets.unit.as_deref(), Some("上海市人大常委会"));
        assert_eq!(facets.region.map(|r| r.path()).as_deref(), Some("上海市"));
    }

    #[test]
    fn a_title_wrapped_above_its_preamble_is_read_whole() {
        let decision = lines(
            "威海市人民代表大会常务委员会\n关于修改《威海市养犬管理条例》\n的决定\n\
             （2022年6月28日威海市第十八届人民代表大会常务委员会第三次会议通过）\n\
             威海市第十八届人民代表大会常务委员会第三次会议决定对《威海市养犬管理条例》作如下修改：",
        );
        let facets = facets_of(decision, "x");
        assert_eq!(
            facets.title,
            "威海市人民代表大会常务委员会关于修改《威海市养犬管理条例》的决定"
        );
        assert_eq!(facets.kind.as_deref(), Some("决定"));
        // A regulation's latest amendment, in a bracketed preamble that runs
        // long, dates the version.
        let amended = lines(
            "威海市海洋牧场促进条例\n（2015年3月5日威海市第十六届人民代表大会常务委员会第二十次会议通过　\
             根据2019年1月9日威海市第十七届人民代表大会常务委员会第十五次会议通过的\
             《威海市人民代表大会常务委员会关于修改〈威海市海洋牧场促进条例〉等四项地方性法规的决定》第一次修正　\
             根据2021年8月26日威海市第十八届人民代表大会常务委员会第一次会议通过的\
             《威海市人民代表大会常务委员会关于修改〈威海市海洋牧场促进条例〉的决定》第二次修正）\n第一章　总则",
        );
        assert_eq!(facets_of(amended, "x").year, Some(2021));
    }

    #[test]
    fn a_city_regulation_is_the_citys_whichever_way_its_preamble_runs() {
        // The maker named before the date, the approving province after.
        let passive = lines(
            "威海市海水浴场管理条例\n（《威海市海水浴场管理条例》已由威海市第十七届人民代表大会常务委员会\
             第九次会议于2018年6月27日通过，于2018年7月27日经山东省第十三届人民代表大会常务委员会\
             第四次会议批准，自2018年10月1日起施行）\n第一章　总则",
        );
        let facets = facets_of(passive, "x");
        assert_eq!(facets.unit.as_deref(), Some("威海市人大常委会"));
        assert_eq!(
            facets.region.map(|r| r.path()).as_deref(),
            Some("山东省/威海市")
        );
        // A statute with no preamble: the laws its first article cites are
        // not its makers.
        let bare = lines(
            "威海市荣誉市民称号授予规定\n第一条　为了表彰对本市发展作出贡献的人士，根据\
             《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》，制定本规定。",
        );
        let facets = facets_of(bare, "x");
        assert_ne!(facets.unit.as_deref(), Some("全国人民代表大会"));
        assert_ne!(facets.region.map(|r| r.path()).as_deref(), Some("全国"));
    }

    #[test]
    fn an_untitled_rule_is_known_by_its_formula_not_by_its_opening_words() {
        // No title line: the fallback is the opening sentence, whose
        // 决定 is a word of the subject, not the kind.
        let rule = lines(
            "为规范重大行政执法决定的审核工作，根据有关法律、法规，结合本省实际，制定本办法。\n\
             本办法自2020年1月1日起施行。",
        );
        let opening = "为规范重大行政执法决定的审核工作，根据有关法律…";
        assert_eq!(facets_of(rule, opening).kind.as_deref(), Some("法律法规"));
    }
}
