//! The parts of an official document (通知, 复函, 批复, 意见, 规章) that
//! name it when it has no title line, as portals often publish the body
//! alone: the addressee line (`各市（含定州、辛集市）人民政府，…：`, which is
//! never the issuer), the signature with its date run together at the end
//! (`…良好氛围。河北省人民政府办公厅2024年7月4日`), and the phrases each
//! kind is written with (`现将有关事项通知如下`, `…的请示》收悉`,
//! `制定本办法`).

use std::sync::OnceLock;

use regex::Regex;

use super::anatomy::regex;
use super::gazetteer::{gazetteer, Forms, Level};
use super::unit::ends_with_org;
use super::year::year_value;
use super::Region;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OfficialParts {
    /// The body that signs the document, lead issuer first.
    pub signer: Option<String>,
    /// The year of the signature's date.
    pub signed_year: Option<u16>,
    /// The kind its phrases name.
    pub kind: Option<&'static str>,
    /// What a reply answers: `关于X的请示` → `X`.
    pub request: Option<String>,
    /// What a notice issues: `《X》已经省政府同意，现印发给你们` → `X`.
    pub issued: Option<String>,
    /// What a notice or 通报 is about, in its own words: `现就进一步加强电子
    /// 政务工作通知如下` → `进一步加强电子政务工作`, with the kind its
    /// formula names.
    pub subject: Option<(String, &'static str)>,
    /// A rule made `结合本省实际` / `本市`: the level that made it.
    pub rule_level: Option<&'static str>,
    /// The opening addressee line (主送机关), if the text has one.
    pub addressee: Option<String>,
    /// Unsigned, it speaks for a government in the third person (`经省政府
    /// 同意`, `省政府同意设置…`): the formula of that government's office.
    pub for_government: bool,
}

fn signature_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?:^|[。；！？”」）):：])(?P<body>[^。；！？，,：:“”（）()\s]{3,30}?)?(?P<year>[0-9]{4}|[〇○零oO一二三四五六七八九]{4})年(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日",
    )
}

/// `经省政府研究，同意`, `省人民政府同意`, `经市政府批准`: a government named in
/// the third person as the one that decides, which is how its office
/// writes (the government itself says `经研究，同意`).
fn speaks_for_a_government(compact: &str) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?:经)?[省市县](?:人民)?政府(?:研究|批准|同意|领导同意)",
    )
    .is_match(compact)
}

/// The opening of a notice that issues a document: the first 《…》 before
/// `印发给你们` in its opening sentence (the formula of 印发 notices).
fn issue_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"^[^。]{0,120}?《(?P<name>[^《》]{2,80})》[^。《》]{0,40}?印发给你们",
    )
}

/// `现将《X》印发给你们` after sentences of purpose (`为…，我省组织开展了…。`):
/// `现将` names what is issued, never a document cited as grounds.
fn issued_later_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"现将《(?P<name>[^《》]{2,80})》[^。《》]{0,12}?印发给你们",
    )
}

/// `现就X通知如下` and `现将X通报如下`: the sentence a notice or 通报 names
/// its subject in, which its title repeats (`关于X的通知`).
fn subject_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?:现就(?P<notice>[^。；：:，,《》]{4,60}?)(?:通知|作如下通知)|现将(?P<report>[^。；：:，,《》]{4,60}?)通报)如下",
    )
}

/// The subject a notice or 通报 states, with the kind of the formula; none
/// when it says only `有关事项` (a title `关于有关事项的通知` names nothing).
fn stated_subject(compact: &str) -> Option<(String, &'static str)> {
    let captures = subject_pattern().captures(opening(compact))?;
    let (found, kind) = match captures.name("notice") {
        Some(notice) => (notice, "通知"),
        None => (captures.name("report")?, "通报"),
    };
    let subject = strip_parenthetical(found.as_str());
    let generic = ["有关", "相关", "以下", "如下", "具体", "上述"]
        .iter()
        .any(|word| subject.starts_with(word));
    (!generic && subject.chars().count() >= 4).then_some((subject, kind))
}

/// `述职评议考核(以下简称“述职评议考核”)有关事项` without its `以下简称`
/// aside, which a title leaves out.
fn strip_parenthetical(text: &str) -> String {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"[（(]以下简称[^）)]{0,30}[）)]")
        .replace_all(text, "")
        .into_owned()
}

/// The opening paragraphs of a compact text, where its formulas stand.
fn opening(compact: &str) -> &str {
    let end = compact
        .char_indices()
        .nth(OPENING_CHARS)
        .map_or(compact.len(), |(byte, _)| byte);
    &compact[..end]
}

const OPENING_CHARS: usize = 600;

/// `提出以下实施意见`, `现提出如下指导意见`: the sentence an 意见 opens with
/// (not a rule's `提出以下书面审核意见`, an opinion it asks for).
fn opinion_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"提出(?:如下|以下)(?:实施|指导|若干|具体|工作|贯彻)?意见",
    )
}

/// The kind a document says it is in its own formula (`现将有关事项通知如下`,
/// `现将考核情况通报如下`, `现将自查情况函告如下`, `提出以下实施意见`,
/// `现转发给你们`); the first one said, as a notice goes on to quote the 意见
/// it issues.
fn stated_kind(compact: &str) -> Option<&'static str> {
    const FORMULAS: &[(&str, &str)] = &[
        ("印发给你们", "通知"),
        ("转发给你们", "通知"),
        ("现予印发", "通知"),
        ("现予公布", "通知"),
        ("现予发布", "通知"),
        ("通知如下", "通知"),
        ("特此通知", "通知"),
        ("作如下通知", "通知"),
        ("通报如下", "通报"),
        ("特此通报", "通报"),
        ("函告如下", "函"),
        ("特此函告", "函"),
        ("特此函复", "复函"),
        ("函复如下", "复函"),
    ];
    let opinion = opinion_pattern().find(compact).map(|m| (m.start(), "意见"));
    FORMULAS
        .iter()
        .filter_map(|(formula, kind)| compact.find(formula).map(|at| (at, *kind)))
        .chain(opinion)
        .min_by_key(|(at, _)| *at)
        .map(|(_, kind)| kind)
}

fn request_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"《关于(?P<subject>[^《》]{2,80}?)的(?:请示|报告|函)》(?:[（(][^）)]{0,30}[）)])?收悉",
    )
}

/// The last signature in the text: a full date right after the end of a
/// sentence, with the body's name before it where there is one.
fn signature(text: &str) -> Option<(Option<String>, u16)> {
    signature_pattern()
        .captures_iter(text)
        .filter_map(|c| {
            let year = year_value(c.name("year")?.as_str())?;
            // A contact line run into the signature (`联系电话：0531-5177xxxx省直机关工委`)
            // leaves digits and masks before the body's name.
            let body = c.name("body").map(|b| {
                b.as_str()
                    .trim_start_matches(|ch: char| !crate::text::is_han(ch))
            });
            match body {
                Some(body) if body.chars().count() >= 3 && ends_with_org(body) => {
                    Some((Some(body.to_string()), year))
                }
                Some("") => Some((None, year)),
                // A date alone on its line signs too (the body may be a seal).
                None => Some((None, year)),
                Some(_) => None,
            }
        })
        .last()
}

/// Reads the parts of an untitled official document from its text (lines
/// joined, normalised).
pub fn official_parts(text: &str) -> OfficialParts {
    let compact = super::anatomy::without_layout(text);
    let mut parts = OfficialParts::default();
    if let Some((signer, year)) = signature(&compact) {
        parts.signer = signer;
        parts.signed_year = Some(year);
    }
    parts.request = request_pattern()
        .captures(&compact)
        .and_then(|c| Some(c.name("subject")?.as_str().to_string()));
    parts.issued = issue_pattern()
        .captures(&compact)
        .or_else(|| issued_later_pattern().captures(opening(&compact)))
        .and_then(|c| Some(c.name("name")?.as_str().to_string()));
    parts.subject = stated_subject(&compact);
    let replies = parts.request.is_some() || compact.contains("收悉");
    parts.for_government = parts.signer.is_none() && speaks_for_a_government(&compact);
    let by_office = parts.for_government
        || parts
            .signer
            .as_deref()
            .is_some_and(|s| s.ends_with("办公厅") || s.ends_with("办公室"));
    // An opening addressee line (`各设区市人民政府，省直有关部门：`) says the
    // text is a document sent down, as a signature does.
    parts.addressee = text
        .lines()
        .next()
        // `关于X的说明财务部：` is a title run into its addressee.
        .filter(|l| !l.starts_with("关于"))
        .filter(|l| super::title::is_never_title(l) && l.trim_end().ends_with(['：', ':']))
        .map(String::from);
    let addressed = parts.addressee.is_some();
    let sent = parts.signer.is_some() || addressed;
    parts.kind = if replies && (compact.contains("同意") || compact.contains("批复如下")) {
        Some(if by_office { "复函" } else { "批复" })
    } else if let Some(kind) = stated_kind(&compact).filter(|_| sent) {
        Some(kind)
    } else if [
        "现将",
        "认真贯彻落实",
        "认真贯彻执行",
        "遵照执行",
        "认真组织实施",
    ]
    .iter()
    .any(|cue| compact.contains(cue))
        && sent
    {
        Some("通知")
    } else if opinion_pattern().is_match(&compact) {
        Some("意见")
    } else if [
        "制定本办法",
        "制定本规定",
        "制定本细则",
        "本办法自",
        "本规定自",
        "本细则自",
    ]
    .iter()
    .any(|cue| compact.contains(cue))
    {
        Some("法律法规")
    } else if addressed && parts.signed_year.is_some() && !replies {
        // Sent down to the bodies it names and dated, in none of the other
        // kinds' formulas: the 通知 is what such a document is. A reply
        // that states no decision is left unnamed, 批复 and 复函 alike.
        Some("通知")
    } else {
        None
    };
    if parts.kind == Some("法律法规") {
        parts.rule_level = ["本省", "本自治区", "本市"]
            .into_iter()
            .find(|level| compact.contains(level));
    }
    parts
}

impl OfficialParts {
    /// The region of the issuer: the signer's place; for a rule made for
    /// `本省`, the one province the text names.
    pub fn region(&self, text: &str) -> Option<Region> {
        if let Some(region) = self
            .signer
            .as_deref()
            .and_then(|s| gazetteer().first_place(s, Forms::All))
        {
            return Some(region);
        }
        let by_rule = match self.rule_level {
            Some("本市") => gazetteer().dominant_place(text, &[Level::Prefecture]),
            Some(_) => gazetteer().only_province(text),
            None => None,
        };
        by_rule
            .or_else(|| {
                let lines: Vec<String> = text.lines().map(String::from).collect();
                super::region::provincial_notice_region(&lines)
            })
            .or_else(|| self.replying_level())
    }

    /// An unsigned reply that names no deciding government (`经省政府研究`)
    /// answers a body below its issuer: to one city's government
    /// (`沧州市人民政府：`) it is the province's, to a county's the city's.
    fn replying_level(&self) -> Option<Region> {
        if !matches!(self.kind, Some("复函" | "批复")) {
            return None;
        }
        let addressee = self.addressee.as_deref()?;
        let mut path = gazetteer().first_place(addressee, Forms::All)?.0;
        path.pop();
        (!path.is_empty()).then_some(Region(path))
    }

    /// The issuer: the signer; for a rule with no signature, the people's
    /// government of its place (only governments make 规章).
    pub fn unit(&self, region: Option<&Region>) -> Option<String> {
        if let Some(signer) = &self.signer {
            return Some(signer.clone());
        }
        let body = self.unsigned_body()?;
        Some(format!("{}{body}", region?.0.last()?))
    }

    /// What an unsigned document's issuer is called after its place: a
    /// reply for the government is its office's (`人民政府办公厅`), a rule
    /// the government's own (`人民政府`).
    pub fn unsigned_body(&self) -> Option<&'static str> {
        if self.signer.is_some() {
            return None;
        }
        if self.for_government && self.rule_level.is_none() {
            return Some("人民政府办公厅");
        }
        self.rule_level.map(|_| "人民政府")
    }

    /// A title built from the parts: `X办公厅关于Y的复函`, `X人民政府通知`,
    /// or the signer alone when the kind is unknown.
    pub fn title(&self, unit: Option<&str>) -> Option<String> {
        let kind = match self.kind {
            Some("法律法规") => return None,
            kind => kind.unwrap_or_default(),
        };
        let unit = unit.unwrap_or_default();
        // A unit alone names no document.
        if kind.is_empty() {
            return None;
        }
        Some(match (&self.request, &self.issued) {
            (Some(subject), _) if !kind.is_empty() => format!("{unit}关于{subject}的{kind}"),
            (None, Some(issued)) if kind == "通知" => format!("{unit}关于印发{issued}的通知"),
            (None, None) => match &self.subject {
                Some((subject, formula)) if *formula == kind => {
                    format!("{unit}关于{subject}的{kind}")
                }
                _ => format!("{unit}{kind}"),
            },
            _ => format!("{unit}{kind}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsigned_reply_for_the_government_is_its_offices_letter() {
        let text = "省交通运输厅、省财政厅：\n冀交公〔2011〕287号文收悉。省政府同意设置收费站。\n二〇一一年五月二十日";
        let parts = official_parts(text);
        assert_eq!(parts.kind, Some("复函"));
        let region = parts.region(text);
        assert_eq!(
            region.as_ref().map(|r| r.0.clone()),
            Some(vec!["河北省".to_string()])
        );
        assert_eq!(
            parts.unit(region.as_ref()).as_deref(),
            Some("河北省人民政府办公厅")
        );
    }

    #[test]
    fn a_reply_that_names_the_government_as_the_one_deciding_is_its_offices() {
        // The government's own reply says `经研究，同意`; its office names it.
        for cue in ["经省政府研究，同意", "经省政府批准，同意", "省人民政府同意"]
        {
            let text = format!("保定市人民政府：\n你市保政〔2003〕5号文收悉。{cue}设立自然保护区。\n二〇〇四年三月二十四日");
            assert_eq!(official_parts(&text).kind, Some("复函"), "{cue}");
        }
        let own = "保定市人民政府：\n你市保政〔2003〕5号文收悉。经研究，同意设立自然保护区。\n二〇〇四年三月二十四日";
        assert_eq!(official_parts(own).kind, Some("批复"));
    }

    #[test]
    fn a_provincial_reply_to_one_city_is_of_that_citys_province() {
        // No document number, no 全省: only the addressee names a place.
        let text = "承德市人民政府：\n你市来文收悉。经省政府研究，同意建立省级自然保护区。\n二〇〇四年三月二十四日";
        let parts = official_parts(text);
        let region = parts.region(text);
        assert_eq!(
            region.as_ref().map(|r| r.0.clone()),
            Some(vec!["河北省".to_string()])
        );
        // A city citing the province's approval speaks for itself.
        let city = "各县（市、区）人民政府：\n经省政府批准，本市调整部分收费标准。\n二〇〇四年三月二十四日";
        assert_eq!(official_parts(city).region(city), None);
    }

    #[test]
    fn a_sent_down_document_is_the_kind_its_formula_states() {
        // Made-up bodies in the formulas of each kind; the first formula
        // said is the document's own.
        let cases = [
            ("现将年度考核情况通报如下：一、优秀等次单位。", "通报"),
            ("现将自查自评情况函告如下：一、基本情况。", "函"),
            ("对你市收费项目进行了清理，现就有关问题函复如下：", "复函"),
            ("结合实际，提出以下实施意见。一、总体要求。", "意见"),
            (
                "现将有关事项通知如下：请按照《关于X的意见》执行，特此通报。",
                "通知",
            ),
            ("《某某保护规划》已经省政府批准，现予公布。", "通知"),
            (
                "《某厅关于X的意见》已经省政府同意，现转发给你们。现提出以下意见。",
                "通知",
            ),
            // Dated and sent down, in no other formula: a notice.
            ("经省政府研究确定，对委员会部分成员进行了调整。", "通知"),
        ];
        for (body, kind) in cases {
            let text = format!("各设区市人民政府，省政府有关部门：\n{body}\n二〇〇四年四月十三日");
            assert_eq!(official_parts(&text).kind, Some(kind), "{body}");
        }
        // Neither addressed nor signed, a report's sentence states no kind.
        let page = "现将年度考核情况通报如下：一、优秀等次单位。";
        assert_eq!(official_parts(page).kind, None);
        // A rule asks for opinions; it is no 意见.
        let rule = "各设区市人民政府：\n审核机构应当提出以下书面审核意见：（一）合法。\n二〇〇四年四月十三日";
        assert_ne!(official_parts(rule).kind, Some("意见"));
        let undated = "各设区市人民政府，省政府有关部门：\n经省政府研究确定，调整部分成员。";
        assert_eq!(official_parts(undated).kind, None);
    }

    #[test]
    fn an_unsigned_reply_is_of_the_level_above_the_one_it_answers() {
        let region = |addressee: &str| {
            let text = format!("{addressee}\n你市来文收悉。现就有关问题函复如下：请按规定办理。\n二〇〇四年四月三十日");
            let parts = official_parts(&text);
            assert_eq!(parts.kind, Some("复函"), "{addressee}");
            parts.region(&text).map(|r| r.0)
        };
        assert_eq!(region("沧州市人民政府："), Some(vec!["河北省".to_string()]));
        assert_eq!(
            region("围场满族蒙古族自治县人民政府："),
            Some(vec!["河北省".to_string(), "承德市".to_string()])
        );
    }

    #[test]
    fn a_contact_line_run_into_the_signature_is_not_the_signer() {
        let text = "各单位：\n请于6月5日前报送。特此通知。\n联系电话：0531-5177xxxx省直机关工委组织部2017年5月31日";
        assert_eq!(
            official_parts(text).signer.as_deref(),
            Some("省直机关工委组织部")
        );
    }

    #[test]
    fn a_reply_signed_by_a_general_office() {
        let text = "省交通运输厅、省发展改革委、省财政厅：《关于秦皇岛至唐山高速公路秦皇岛段设站收费及核准收费期限的请示》（冀交公〔2024〕84号）收悉。省政府同意……收费期限15年。河北省人民政府办公厅2024年6月15日";
        let parts = official_parts(text);
        assert_eq!(parts.signer.as_deref(), Some("河北省人民政府办公厅"));
        assert_eq!(parts.signed_year, Some(2024));
        assert_eq!(parts.kind, Some("复函"));
        assert_eq!(
            parts.title(parts.signer.as_deref()).as_deref(),
            Some(
                "河北省人民政府办公厅关于秦皇岛至唐山高速公路秦皇岛段设站收费及核准收费期限的复函"
            )
        );
        assert_eq!(
            parts.region(text).map(|r| r.path()).as_deref(),
            Some("河北省")
        );
    }

    #[test]
    fn a_notice_whose_addressee_names_other_bodies() {
        let text = "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：为深入学习……现将有关事项通知如下：一、推进补网……营造良好氛围。河北省人民政府办公厅2024年7月4日";
        let parts = official_parts(text);
        assert_eq!(parts.kind, Some("通知"));
        assert_eq!(parts.signer.as_deref(), Some("河北省人民政府办公厅"));
    }

    /// The subject a notice or 通报 states in its formula becomes its
    /// title; one that says only `有关事项` does not, nor one whose formula
    /// is not the document's kind.
    #[test]
    fn an_untitled_notice_is_titled_by_the_subject_it_states() {
        let title = |text: &str| {
            let parts = official_parts(text);
            parts.title(Some("某某省人民政府办公厅"))
        };
        let signed = "某某省人民政府办公厅2024年3月1日";
        assert_eq!(
            title(&format!("各市人民政府，省政府各部门：\n为提升服务水平，现就进一步加强电子政务工作通知如下：\n一、统筹建设。{signed}")).as_deref(),
            Some("某某省人民政府办公厅关于进一步加强电子政务工作的通知")
        );
        assert_eq!(
            title(&format!(
                "各市人民政府：\n现将2023年度考核结果(以下简称“结果”)通报如下：一、优秀。{signed}"
            ))
            .as_deref(),
            Some("某某省人民政府办公厅关于2023年度考核结果的通报")
        );
        assert_eq!(
            title(&format!(
                "各市人民政府：\n现就有关事项通知如下：一、统筹建设。{signed}"
            ))
            .as_deref(),
            Some("某某省人民政府办公厅通知")
        );
        // A notice that relays a 通报's findings is still a notice.
        assert_eq!(
            title(&format!(
                "各市人民政府：\n现印发给你们。现将检查情况通报如下：一、总体。{signed}"
            ))
            .as_deref(),
            Some("某某省人民政府办公厅通知")
        );
    }

    #[test]
    fn a_provincial_rule_without_signature() {
        let text = "为了规范……根据《中华人民共和国行政处罚法》和《河北省行政执法监督条例》，结合本省实际，制定本办法。……本办法自2023年8月1日起施行。";
        let parts = official_parts(text);
        assert_eq!(parts.kind, Some("法律法规"));
        let region = parts.region(text);
        assert_eq!(region.as_ref().map(|r| r.path()).as_deref(), Some("河北省"));
        assert_eq!(
            parts.unit(region.as_ref()).as_deref(),
            Some("河北省人民政府")
        );
    }
}
