//! The parts of a government work report, found by the convention every
//! level follows, whatever the layout: the title (also spaced out, or
//! missing), the dateline `——2024年1月X日在XX市第N届人民代表大会第N次会议上`
//! (also in brackets, wrapped, or in Chinese numerals), the speaker line
//! `XX市人民政府市长 某某`, the salutation `各位代表`, the opening
//! `我代表XX人民政府向大会报告工作` and the review `一、2023年工作回顾`.
//!
//! The head is read with layout removed: its lines are joined and every
//! whitespace dropped, since PDF extractions and portals break these lines
//! anywhere (`河北\n省省\n长 季允石`).

use std::sync::OnceLock;

use regex::Regex;

use super::gazetteer::{gazetteer, Level};
use super::year::{chinese_number, npc_session_year, plausible_year, year_value};
use super::Region;

/// How many characters of the head the parts are looked for in: the
/// dateline, speaker and opening come before the first chapter of the review.
const HEAD_CHARS: usize = 2500;

/// The parts of a work report's head that name who reports, when, and where.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReportHead {
    /// The place before `第N届人民代表大会` in the dateline (`顺平县`), empty
    /// when the dateline names none.
    pub congress_place: Option<String>,
    /// The year of the dateline's full date.
    pub dateline_year: Option<u16>,
    /// The year of a national congress session, where the dateline has no date.
    pub session_year: Option<u16>,
    /// What precedes the speaker's office (`顺平县人民政府县长` → `顺平县`).
    pub speaker_place: Option<String>,
    /// The government the opening names (`我代表顺平县人民政府` → `顺平县`,
    /// `我代表市人民政府` → `市`).
    pub opening_place: Option<String>,
    /// The year the review looks back on (`一、2023年工作回顾`).
    pub reviewed_year: Option<u16>,
    /// The year the plan is for (`二、2024年工作安排`, `对2012年的工作提出建议`).
    pub plan_year: Option<u16>,
    /// The document speaks as the national government: `我代表国务院`,
    /// 国务院总理, or 全国人民代表大会 in the dateline.
    pub national: bool,
    /// Whether the head reads as a report to a congress: a title naming a
    /// 政府工作报告, or an opening that reports to the congress on behalf of a
    /// government.
    pub is_report: bool,
    /// Another body reporting to the congress in the same form
    /// (`襄阳市中级人民法院`, `市人民代表大会常务委员会`): then no government's report.
    pub other_body: Option<String>,
    /// The place a title opens with (`保定市清苑区2020年政府工作报告`).
    pub title_place: Option<Region>,
}

/// Drops every whitespace character: in a report's head, spacing and line
/// breaks are layout (`政 府 工 作 报 告`, `许 喆`).
pub fn without_layout(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The head of a document as one line, layout removed.
fn head_text(norm_lines: &[String]) -> String {
    norm_lines
        .iter()
        .flat_map(|line| line.chars())
        .filter(|c| !c.is_whitespace())
        .take(HEAD_CHARS)
        .collect()
}

/// A built-in pattern, compiled once.
pub(super) fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid built-in pattern"))
}

/// `在XX市第十五届人民代表大会第二次会议上`, `在第十四届全国人民代表大会…`,
/// `在博野县十八届人民代表大会…` (第 left out).
fn congress_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"在(?P<place>[^，。；：、,;:（）()—]{0,24}?)第?(?P<term>[一二三四五六七八九十0-9]{1,4})届(?P<national>全国)?人民代表大会(?:第(?P<session>[一二三四五六七八九十0-9]{1,3})次(?:全体)?会议)?",
    )
}

/// The speaker: what precedes an office that reports to a congress. The
/// place is read off the end of `body`.
fn speaker_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<body>[^，。；：、,;:（）()—]{1,20}?)(?:人民政府|政府|行政公署)?(?:代理|代)?(?P<office>省长|市长|县长|区长|州长|盟长|旗长|专员|主席|总理)",
    )
}

/// `我代表顺平县人民政府`, `我代表市人民政府`, `我代表国务院`.
fn opening_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"我代表(?P<body>[^，。；：、,;:]{0,20}?)(?P<gov>人民政府|政府|行政公署|国务院)",
    )
}

/// Whether a line is a report's opening (`现在，我代表市人民政府，向大会报告工作`),
/// which a PDF may have cut short of its full stop.
pub(super) fn is_opening(line: &str) -> bool {
    opening_pattern().is_match(line)
}

/// `一、2023年工作回顾`, `2012年工作回顾`, `二〇〇七年工作回顾`.
fn review_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<year>[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:的)?(?:政府)?(?:主要)?工作(?:的)?回顾",
    )
}

/// The plan for the year, as a section heading (`二、2024年主要任务`,
/// `2012年工作总体要求和主要目标`, and in a year of new terms
/// `今后五年的目标任务和2023年工作`, where a bare `2023年工作` plans; elsewhere
/// `关于2014年政府工作` reviews) or in the opening
/// (`对2012年的工作提出建议`).
fn plan_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"^(?:[一二三四五六七八九十]+、)?(?:关于)?(?:今后五年[^年]{0,12}?(?:和|及)(?P<term_year>[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:的)?(?:政府)?工作|(?P<year>[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:的)?(?:政府)?(?:(?:主要任务|重点工作|重点任务|主要目标任务)(?:$|[和及与])|(?:工作|经济社会发展)(?:的)?(?:总体要求|安排|建议|任务|部署|目标|思路|重点)))",
    )
}

fn opening_plan_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"对(?:今后五年和|今后五年及)?(?P<year>[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:的)?(?:政府)?工作提出(?:建议|意见)",
    )
}

/// The plan year: the opening's, else the first heading that plans a year.
fn plan_year(head: &str, norm_lines: &[String]) -> Option<u16> {
    // A new term's heading holds its year as `term_year`.
    let year_of = |c: regex::Captures| year_value(c.name("year").or(c.name("term_year"))?.as_str());
    opening_plan_pattern()
        .captures(head)
        .and_then(year_of)
        .or_else(|| {
            norm_lines
                .iter()
                .map(|l| without_layout(l))
                .filter(|l| l.chars().count() <= 40)
                .find_map(|l| plan_pattern().captures(&l).and_then(year_of))
        })
}

/// A date to the month at least: `2024年1月23日`, `二〇一二年一月六日`, and
/// the month alone of datelines written before the day was set
/// (`——2023年1月在兴安盟…`, `2024年1月X日`).
fn date_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<year>[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日)?",
    )
}

/// The year of the full date nearest to a byte range of `head`, within
/// `reach` bytes on either side.
fn nearest_date_year(head: &str, start: usize, end: usize, reach: usize) -> Option<u16> {
    date_pattern()
        .captures_iter(head)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let distance = if whole.end() <= start {
                start - whole.end()
            } else if whole.start() >= end {
                whole.start() - end
            } else {
                0
            };
            (distance <= reach).then_some((distance, year_value(c.name("year")?.as_str())?))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, year)| year)
}

/// Reads the parts of a report's head. `norm_title` is the title as found
/// (possibly spaced out, possibly empty).
pub fn report_head(norm_title: &str, norm_lines: &[String]) -> ReportHead {
    let head = head_text(norm_lines);
    let mut parts = ReportHead::default();
    let title = without_layout(norm_title);
    let titled = title.contains("政府工作报告") || head.starts_with("政府工作报告");
    // `1985年中华人民共和国国务院政府工作报告` says who speaks.
    parts.national = title.contains("国务院");
    parts.title_place = super::region::opens_with_local_place(&title)
        .then(|| gazetteer().first_place(&title, super::gazetteer::Forms::All))
        .flatten();

    // The dateline and the speaker line come before the salutation or the
    // opening; later, 市长 and 会议 are running text.
    let opening_at = opening_pattern().find(&head).map(|m| m.start());
    let zone_end = head
        .find("各位代表")
        .into_iter()
        .chain(opening_at)
        .min()
        .unwrap_or_else(|| head.char_indices().nth(150).map_or(head.len(), |(i, _)| i));
    let zone = &head[..zone_end];
    if let Some(c) = congress_pattern().captures(zone) {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let national = c.name("national").is_some();
        let place = c.name("place").map_or("", |m| m.as_str());
        parts.congress_place = Some(strip_leading_date(place).to_string());
        parts.national |= national;
        // The date sits just before 在 (`——2024年1月23日在…`) or in brackets
        // after the speaker line (`（2008年3月27日）`).
        parts.dateline_year = nearest_date_year(&head, whole.start, whole.end, 150);
        if national {
            parts.session_year =
                npc_session_year(c.get(0).map_or("", |m| m.as_str()).trim_start_matches('在'))
                    .or_else(|| {
                        let term = chinese_number(c.name("term")?.as_str())?;
                        let session = chinese_number(c.name("session")?.as_str())?;
                        let text = format!("第{term}届全国人民代表大会第{session}次会议");
                        npc_session_year(&text)
                    });
        }
    }
    if let Some(c) = opening_pattern().captures(&head) {
        let body = c.name("body").map_or("", |m| m.as_str());
        if c.name("gov").is_some_and(|g| g.as_str() == "国务院") && body.is_empty() {
            parts.national = true;
        } else {
            // `我代表容城县第十四届人民政府`: the term is no part of the place.
            let body = match body.find('第') {
                Some(at) if body[at..].ends_with('届') => &body[..at],
                _ => body,
            };
            parts.opening_place = Some(body.to_string());
        }
        parts.is_report = true;
    }
    if let Some(c) = speaker_pattern().captures(zone) {
        let office = c.name("office").map_or("", |m| m.as_str());
        let body = c.name("body").map_or("", |m| m.as_str());
        if office == "总理" {
            parts.national |= body.ends_with("国务院");
        } else {
            // The speaker line follows the dateline or a bare title.
            let start = ["会议上", "报告", "）", ")"]
                .iter()
                .filter_map(|m| body.rfind(m).map(|i| i + m.len()))
                .max()
                .unwrap_or(0);
            parts.speaker_place = Some(body[start..].to_string());
        }
    }
    parts.reviewed_year = review_pattern()
        .captures(&head)
        .and_then(|c| year_value(c.name("year")?.as_str()));
    parts.plan_year = plan_year(&head, norm_lines);
    let to_congress = ["各位代表", "向大会", "人民代表大会", "人大", "政协委员"]
        .iter()
        .any(|cue| head.contains(cue));
    let addresses_congress = (parts.congress_place.is_some()
        && (parts.speaker_place.is_some() || head.contains("各位代表")))
        || (parts.reviewed_year.is_some() || head.contains("过去五年工作回顾")) && to_congress;
    parts.is_report |= titled || addresses_congress;
    // The congress hears its standing committee, the court and the
    // procuratorate in the same form; their reports are no government's.
    if !titled {
        // `我代表国务院…提出关于一九五八年度国民经济计划（草案）的报告`: the
        // government's own report that year.
        let delegated = opening_at.is_none() && is_delegated(&title, &head);
        parts.other_body = other_body(&title)
            .or_else(|| other_body(&head))
            .or_else(|| delegated.then(|| department_line(norm_lines)).flatten());
        if parts.other_body.is_some() || delegated {
            parts.is_report = false;
        }
    }
    parts
}

/// The plan and the budget go to the same session in the same form, read
/// by a department on the government's behalf (`受市人民政府委托`).
fn is_delegated(title: &str, head: &str) -> bool {
    const DELEGATED_TITLES: &[&str] = &[
        "计划执行情况",
        "预算执行情况",
        "决算",
        "计划草案",
        "预算草案",
    ];
    static CELL: OnceLock<Regex> = OnceLock::new();
    // `受市人民政府委托`, not `受疫情影响…委托`: the mandate in one phrase.
    let mandate = regex(&CELL, r"受[^，。；,;]{1,12}委托");
    DELEGATED_TITLES.iter().any(|t| title.contains(t)) || mandate.is_match(head)
}

/// The department that reads a delegated report, on its own line under the
/// dateline (`温州市财政局`).
fn department_line(norm_lines: &[String]) -> Option<String> {
    norm_lines.iter().take(6).find_map(|line| {
        let line = without_layout(line);
        let short = (4..=30).contains(&line.chars().count());
        let department = crate::text::ends_with_org(&line) && !line.ends_with("人民政府");
        (short && department && !line.contains("报告")).then_some(line)
    })
}

/// The body, other than a government, whose report to the congress this is:
/// its standing committee (`我代表市人民代表大会常务委员会向大会报告工作`,
/// `…人大常委会工作报告`), a court, a procuratorate, or a CPPCC standing
/// committee reporting to its session.
fn other_body(text: &str) -> Option<String> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let pattern = regex(
        &CELL,
        r"(?:我代表|^)(?P<body>[^，。；：、,;:\n]{0,30}?(?:常务委员会|常委会|人民法院|人民检察院|检察院|法院))(?:向大会|工作报告)",
    );
    let body = pattern.captures(text)?.name("body")?.as_str();
    Some(body.trim().to_string())
}

impl ReportHead {
    /// The year the report was delivered: the dateline's date, the national
    /// session, a year in the title, the year it plans, then the reviewed
    /// year + 1.
    pub fn year(&self, title_year: Option<u16>) -> Option<u16> {
        self.dateline_year
            .or(self.session_year)
            .or(title_year)
            .or(self.plan_year)
            .or_else(|| {
                self.reviewed_year
                    .and_then(|y| plausible_year(u32::from(y) + 1))
            })
    }

    /// The places that name the reporting government, best first.
    pub fn places(&self) -> impl Iterator<Item = &str> {
        [
            &self.congress_place,
            &self.opening_place,
            &self.speaker_place,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
    }
}

/// `一、2023年工作回顾`, `（二）`, `1.`: a numbered section heading.
pub fn is_section_heading(line: &str) -> bool {
    let numeral = line
        .chars()
        .take_while(|c| "一二三四五六七八九十0123456789".contains(*c))
        .count();
    numeral > 0
        && line
            .chars()
            .nth(numeral)
            .is_some_and(|c| "、.．".contains(c))
}

/// The level a report speaks from, by how it names itself: `全县`, `县政府`.
fn self_reference_level(text: &str) -> Option<&'static str> {
    let count = |level: &str| {
        text.matches(&format!("全{level}")).count() + text.matches(&format!("{level}政府")).count()
    };
    let mut ranked: Vec<(usize, &'static str)> = ["省", "市", "县", "区", "州", "盟", "旗"]
        .into_iter()
        .map(|level| (count(level), level))
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (best, level) = ranked[0];
    (best >= 3 && best >= 2 * ranked[1].0).then_some(level)
}

/// The place a text speaks from when it names itself only by level
/// (`全省`, `省政府` …): the place of that level that dominates the text.
pub(super) fn speaking_place(text: &str) -> Option<Region> {
    let level = addressee_level(text).or_else(|| self_reference_level(text))?;
    dominant_place_at(text, level)
}

/// The place that dominates a text that speaks from the level a bare word
/// names (`省`, `自治区`, `市` …). A province is one so called: a text of
/// 全省 is no municipality's or autonomous region's.
fn dominant_place_at(text: &str, level: &str) -> Option<Region> {
    let levels = bare_levels(level)?;
    if levels != [Level::Province] {
        return gazetteer().dominant_place(text, levels);
    }
    let called = |region: &Region| region.0.first().is_some_and(|p| p.ends_with(level));
    // A province's text names its cities and counties more often than
    // itself (石家庄, 邯郸, 唐山 …): each counts for its province.
    gazetteer()
        .dominant_place(text, levels)
        .filter(called)
        .or_else(|| gazetteer().dominant_province_of_provincial_text(text, level))
}

/// The levels a text speaks from when it names itself only by level: its
/// addressee line, `全省` and `省政府`, or `本省` and `我省` (`结合本省实际，
/// 制定本办法` is a province's rule however briefly it says so).
pub(super) fn speaking_levels(text: &str) -> Option<&'static [Level]> {
    let level = addressee_level(text)
        .or_else(|| own_word_level(text))
        .or_else(|| self_reference_level(text))?;
    bare_levels(level)
}

/// The level of `本省`, `我市`, `本县`, when one level's words outnumber
/// every other's three to one: a city's report says `我省` now and then, a
/// province's rule `本市` once (`本区` and `我区` may be a 自治区's, and are
/// left out).
fn own_word_level(text: &str) -> Option<&'static str> {
    let mut said: Vec<(usize, &'static str)> = [
        ("自治区", &["本自治区"][..]),
        ("省", &["本省", "我省"][..]),
        ("市", &["本市", "我市"][..]),
        ("县", &["本县", "我县"][..]),
    ]
    .into_iter()
    .map(|(level, words)| (words.iter().map(|w| text.matches(w).count()).sum(), level))
    .collect();
    said.sort_by_key(|&(count, _)| std::cmp::Reverse(count));
    let ((most, level), (next, _)) = (said[0], said[1]);
    (most > 0 && most >= 3 * next).then_some(level)
}

/// The level a notice is sent from, read off its addressee line (主送机关):
/// a government writes to its own departments (`省政府各部门`, `市直各单位`)
/// and to the governments one level down (`各设区市人民政府` from a
/// province, `各县（市、区）人民政府` from a city, `各乡镇人民政府` from a
/// county).
fn addressee_level(text: &str) -> Option<&'static str> {
    let line = text
        .lines()
        .take(8)
        .find(|l| crate::clean::addressee_len(l).is_some())?;
    let (items, _) = crate::clean::addressee_items(line)?;
    let own = |item: &str, level: &str| {
        item.starts_with(&format!("{level}政府")) || item.starts_with(&format!("{level}直"))
    };
    let below = |item: &str, opening: &[&str]| opening.iter().any(|o| item.starts_with(o));
    // `市政府各部门` before `各县（市、区）人民政府`: its own departments say
    // the level best.
    for level in ["省", "自治区", "市", "州", "盟", "县", "区", "旗"] {
        if items.iter().any(|i| own(i.trim(), level)) {
            return Some(level);
        }
    }
    // No department of its own named: the level below says it.
    for (level, lower) in [
        ("省", &["各市", "各设区市", "各地级市", "各设区的市"][..]),
        ("市", &["各县", "各区", "各市辖区"][..]),
        ("县", &["各乡", "各镇"][..]),
    ] {
        if items.iter().any(|i| below(i.trim(), lower)) {
            return Some(level);
        }
    }
    None
}

/// The levels a bare government word stands for: `市人民政府` is a
/// prefecture's or a county-level city's.
pub(super) fn bare_levels(place: &str) -> Option<&'static [Level]> {
    Some(match place {
        "省" | "自治区" => &[Level::Province],
        "市" => &[Level::Prefecture, Level::County],
        "州" | "盟" | "地区" => &[Level::Prefecture],
        "县" | "区" | "旗" => &[Level::County],
        _ => return None,
    })
}

impl ReportHead {
    /// The region of the reporting government: 全国 only on national
    /// evidence; else the place the dateline, the opening or the speaker
    /// names, with its parents; a bare `市人民政府` is the place of that level
    /// that dominates `text`.
    pub fn region(&self, text: &str) -> Option<Region> {
        if self.national {
            return Some(Region::national());
        }
        let named = self.places().find_map(|place| match bare_levels(place) {
            Some(_) if self.titled_at_level(place) => self.title_place.clone(),
            Some(_) => dominant_place_at(text, place),
            None => gazetteer().place_ending(place),
        });
        if named.is_some() || self.places().next().is_some() {
            return named;
        }
        // No place named at all: the level the report speaks from (全县,
        // 县政府), and the place of that level that dominates it.
        speaking_place(text)
    }

    /// Whether the title names a place of the level a bare `区政府` speaks
    /// from: a report is titled with its own government's place.
    fn titled_at_level(&self, bare: &str) -> bool {
        self.title_place
            .as_ref()
            .and_then(|r| r.0.last())
            .is_some_and(|place| place.ends_with(bare))
    }

    /// The reporting government: 国务院, `威海市人民政府`, and for a league
    /// (盟) or a 地区 its `行政公署`.
    pub fn unit(&self, region: Option<&Region>) -> Option<String> {
        if self.national {
            return Some("国务院".to_string());
        }
        let place = region.and_then(|r| r.0.last())?;
        let body = if place.ends_with('盟') || place.ends_with("地区") {
            "行政公署"
        } else {
            "人民政府"
        };
        Some(format!("{place}{body}"))
    }
}

/// `2010年1月26日保定市` → `保定市`: a dateline's date may run into the place.
fn strip_leading_date(place: &str) -> &str {
    match date_pattern().find(place) {
        Some(m) if m.start() == 0 => &place[m.end()..],
        _ => place,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_mandate_is_one_phrase() {
        assert!(is_delegated(
            "",
            "受市人民政府委托，现将预算草案提请大会审议。"
        ));
        assert!(!is_delegated(
            "",
            "受疫情影响，经济下行。我们委托第三方评估。"
        ));
    }

    #[test]
    fn an_addressee_line_says_the_level_a_notice_is_sent_from() {
        let level = |t: &str| addressee_level(t);
        assert_eq!(
            level("各设区市人民政府，省政府各部门：\n现将……"),
            Some("省")
        );
        assert_eq!(
            level("各县（市、区）人民政府，市政府各部门：\n现将……"),
            Some("市")
        );
        assert_eq!(
            level("各乡镇人民政府，县直各有关单位：\n为切实……"),
            Some("县")
        );
        assert_eq!(
            level("各市（含定州、辛集市）人民政府：\n现将……"),
            Some("省")
        );
        assert_eq!(level("为切实做好防汛工作，现通知如下。"), None);
    }

    #[test]
    fn a_provincial_notice_naming_its_cities_by_short_forms_is_the_provinces() {
        let text = "各设区市人民政府，省政府有关部门：\n\
                    石家庄、邯郸、唐山等地要加快项目建设，秦皇岛、邢台要抓好落实。";
        assert_eq!(
            speaking_place(text).map(|r| r.path()).as_deref(),
            Some("河北省")
        );
        // The same cities, from a city's notice, are no province's say.
        let city = "各县（市、区）人民政府，市政府各部门：\n石家庄、邯郸、唐山等地要加快项目建设。";
        assert_ne!(
            speaking_place(city).map(|r| r.path()).as_deref(),
            Some("河北省")
        );
    }

    use super::*;

    #[test]
    fn a_rule_speaks_from_the_level_it_calls_its_own() {
        // A provincial rule names 本省 throughout and 本市 once; it counts
        // the cities' governments it charges more often than its own.
        let rule = "为保障流动人口的合法权益，结合本省实际，制定本规定。本规定适用于本省行政区域。\
                    本省设区的市政府负责，市政府、市政府、市政府落实。本市户籍人员除外。本省、本省另行规定。";
        assert_eq!(speaking_levels(rule), Some(&[Level::Province][..]));
        // A city's report that mentions its province now and then is the city's.
        let report = "我市经济增长，我市、我市、我市在我省率先。";
        assert_eq!(
            speaking_levels(report),
            Some(&[Level::Prefecture, Level::County][..])
        );
        // Neither outnumbers the other: no level.
        assert_eq!(speaking_levels("本省本市"), None);
    }

    fn head(text: &str) -> ReportHead {
        let lines: Vec<String> = text.lines().map(crate::analysis::normalise).collect();
        let title = lines.first().cloned().unwrap_or_default();
        report_head(&title, &lines)
    }

    #[test]
    fn a_spaced_title_and_a_bracketed_date() {
        let h = head("政 府 工 作 报 告\n——在顺平县第十五届人民代表大会第二次会议上\n顺平县人民政府县长 岳文民\n（2008年3月27日）\n各位代表：\n现在，我代表顺平县人民政府向大会作政府工作报告。\n一、2007年工作回顾");
        assert!(h.is_report);
        assert_eq!(h.dateline_year, Some(2008));
        assert_eq!(h.congress_place.as_deref(), Some("顺平县"));
        assert_eq!(h.speaker_place.as_deref(), Some("顺平县"));
        assert_eq!(h.opening_place.as_deref(), Some("顺平县"));
        assert_eq!(h.reviewed_year, Some(2007));
        assert!(!h.national);
    }

    #[test]
    fn a_wrapped_dateline_in_chinese_numerals_and_a_split_speaker_line() {
        let h = head("政府工作报告\n——二〇一二年一月六日在河北省第十一届\n人民代表大会第五次会议上\n河北\n省省\n长 张庆伟\n各位代表：");
        assert_eq!(h.dateline_year, Some(2012));
        assert_eq!(h.congress_place.as_deref(), Some("河北省"));
        assert_eq!(h.speaker_place.as_deref(), Some("河北省"));
    }

    #[test]
    fn a_dateline_to_the_month_gives_the_year() {
        let h = head("政府工作报告\n——2023年1月在兴安盟第五届人民代表大会第二次会议上\n各位代表：\n现在，我代表盟行政公署向大会报告工作，请予审议。");
        assert_eq!(h.dateline_year, Some(2023));
        assert_eq!(h.congress_place.as_deref(), Some("兴安盟"));
    }

    #[test]
    fn an_untitled_report_reviews_the_year_before() {
        let h = head("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n过去一年……");
        assert!(h.is_report);
        assert_eq!(h.opening_place.as_deref(), Some("市"));
        assert_eq!(h.year(None), Some(2024));
        assert!(!h.national);
    }

    #[test]
    fn a_new_term_plans_its_first_year_after_five_years_reviewed() {
        let h = head("各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、过去五年工作回顾\n2018—2022年，全市增长5%。\n二、今后五年的目标任务和2023年工作\n我们将……");
        assert!(h.is_report);
        assert_eq!(h.reviewed_year, None);
        assert_eq!(h.year(None), Some(2023));
        let done = head("各位代表：\n现在，我代表县人民政府向大会报告工作。\n一、2022年重点工作完成情况\n二、2023年重点工作\n……");
        assert_eq!(done.year(None), Some(2023));
        let reviewed =
            head("各位代表：\n一、关于2014年政府工作\n二、2015年经济社会发展的任务目标和重点工作");
        assert_eq!(reviewed.plan_year, Some(2015));
    }

    #[test]
    fn an_autonomous_region_speaks_by_its_short_name() {
        let text = "政府工作报告\n2024年1月24日在自治区第十四届人民代表大会第二次会议上\n自治区主席 王莉霞\n各位代表：\n现在，我代表自治区人民政府，向大会报告工作。\n过去一年，内蒙古经济回升向好。呼和浩特、包头增长较快。内蒙古全区上下共同努力，内蒙古……";
        let h = head(text);
        assert_eq!(h.dateline_year, Some(2024));
        assert_eq!(
            h.region(text).map(|r| r.0.join("/")).as_deref(),
            Some("内蒙古自治区")
        );
    }

    #[test]
    fn a_province_that_names_the_capital_in_passing_is_still_a_province() {
        // 北京 nearly as often as 河北 (京津冀, 北京冬奥会): a text of 全省 is a
        // province's, and 北京 is a municipality.
        let text = "各位代表：\n现在，我代表省人民政府向大会作工作报告。\n一、2014年工作回顾\n\
            全省经济平稳。河北与北京合作，北京冬奥会筹办，河北承接北京产业，河北与北京、天津协同，\
            北京非首都功能疏解，河北全省推进，北京北京，河北唐山邯郸增长，河北邯郸、唐山发展，河北。";
        let h = head(text);
        assert_eq!(h.opening_place.as_deref(), Some("省"));
        assert_eq!(
            h.region(text).map(|r| r.0.join("/")).as_deref(),
            Some("河北省")
        );
    }

    #[test]
    fn national_only_on_national_evidence() {
        let national = head("政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n国务院总理 李强\n各位代表：\n现在，我代表国务院，向大会报告政府工作。");
        assert!(national.national);
        assert_eq!(national.year(None), Some(2025));
        let bare = head("政府工作报告\n各位代表：\n过去的一年，全省经济稳中有进。");
        assert!(bare.is_report && !bare.national);
    }
}
