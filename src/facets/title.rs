//! The document's title: the first title-like line, or the `关于……的通知`
//! inside a run-together official document.

use super::*;

/// The line that names the document, among the first few.
pub(super) fn title_line(norm_lines: &[String]) -> Option<usize> {
    let head = &norm_lines[..norm_lines.len().min(8)];
    // A title stands above the addressee (GB/T 9704); a heading below it is
    // an attachment's (`现将《…》印发给你们` … the measures' own heading).
    let head = match head
        .iter()
        .position(|l| crate::clean::addressee_len(l).is_some() && !l.starts_with("各位"))
    {
        Some(addressee) => &head[..addressee],
        None => head,
    };
    // The first title-like line, unless a later one is dated and it is not
    // (a site's section name above the report's own title).
    let score =
        |line: &String| usize::from(!years_in(&super::anatomy::without_layout(line)).is_empty());
    head.iter()
        .enumerate()
        // Spacing is layout: `第 十 二 届 … 决 议` is read as set.
        .filter(|(_, l)| {
            crate::clean::looks_like_title(&super::anatomy::without_layout(l)) && !is_never_title(l)
        })
        .max_by(|a, b| score(a.1).cmp(&score(b.1)).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        .or_else(|| {
            let first = head.first()?;
            let len = super::anatomy::without_layout(first).chars().count();
            ((4..=40).contains(&len) && !crate::clean::ends_clause(first) && !is_never_title(first))
                .then_some(0)
        })
}

/// A statute's or a decision's title wrapped over lines, as exports and
/// gazettes set it (`银川市人民代表大会常务委员会` / `关于修改《…》的决定`):
/// the short lines just above its dated preamble in brackets
/// (`（2021年4月29日…通过…）`), which is where such a title always ends.
/// Returns the lines of the title.
pub(super) fn title_above_preamble(norm_lines: &[String]) -> Option<std::ops::Range<usize>> {
    let head = &norm_lines[..norm_lines.len().min(8)];
    let preamble = head
        .iter()
        .position(|l| super::year::opens_with_bracketed_year(&super::anatomy::without_layout(l)))?;
    let mut start = preamble;
    while start > 0 && preamble - start < 3 {
        let line = super::anatomy::without_layout(&head[start - 1]);
        let n = line.chars().count();
        // A page title repeated above the heading is not a wrapped piece.
        let repeated = start < preamble && line == super::anatomy::without_layout(&head[start]);
        // The byline's layout is what tells an office and a name apart.
        let never = is_never_title(&line) || is_office_and_name(&head[start - 1]);
        if n == 0 || n > 40 || repeated || crate::clean::ends_clause(&line) || never {
            break;
        }
        // A page's headline above the report's own heading (`2020年某县政府工作报告`
        // over `政府工作报告`): two titles, each whole, not one wrapped.
        let below: String = head[start..preamble]
            .iter()
            .map(|l| super::anatomy::without_layout(l))
            .collect();
        if start < preamble && ends_with_kind(&line) && ends_with_kind(&below) {
            return None;
        }
        start -= 1;
    }
    let title: String = head[start..preamble]
        .iter()
        .map(|l| super::anatomy::without_layout(l))
        .collect();
    super::kind::kind_of(&title).map(|_| start..preamble)
}

/// A red-header title set on two lines, the issuer over its kind
/// (`宜宾市人民政府` / `公　　告`), as 公告 and 通告 often are. Returns the
/// lines of the title.
pub(super) fn issuer_over_kind(norm_lines: &[String]) -> Option<std::ops::Range<usize>> {
    const BARE_KINDS: &[&str] = &["公告", "通告", "布告", "通知", "通报", "决定", "命令"];
    let head = &norm_lines[..norm_lines.len().min(4)];
    head.windows(2)
        .position(|pair| {
            let issuer = super::anatomy::without_layout(&pair[0]);
            let kind = super::anatomy::without_layout(&pair[1]);
            issuer.chars().count() <= 30
                && crate::text::ends_with_org(&issuer)
                && BARE_KINDS.contains(&kind.as_str())
        })
        .map(|i| i..i + 2)
}

/// Whether a line ends on the word that names its kind, as a whole title
/// does and the first piece of a wrapped one does not.
fn ends_with_kind(line: &str) -> bool {
    let line = line.trim_end();
    super::kind::KIND_WORDS
        .iter()
        .any(|(word, _)| line.ends_with(word))
}

/// Lines that open documents but never name them: a salutation (`各位代表`),
/// a dateline (`——2024年1月23日在…会议上`, `（2008年3月27日）`), a speaker
/// line (`XX市人民政府市长 某某`), an addressee line (`各市（含定州、辛集市）人民政府，…：`)
/// the opening (`现在，我代表市人民政府…`) and a numbered section heading
/// (`一、2023年工作回顾`).
pub(super) fn is_never_title(norm_line: &str) -> bool {
    let line = super::anatomy::without_layout(norm_line);
    let line = line.as_str();
    let dateline = line.starts_with(['—', '-', '－'])
        || super::year::opens_with_bracketed_year(line)
        || (line.contains('届') && line.contains("次会议") && !line.contains("报告"))
        || super::year::opens_with_year(line) && line.contains("会议");
    let speaker = ["长", "主席", "总理", "专员"].iter().any(|office| {
        line.find(office)
            .is_some_and(|at| line[..at].ends_with("人民政府") || line[..at].ends_with("政府"))
    }) && !line.contains("报告");
    let addressee = line.starts_with('各')
        && !line.starts_with("各位")
        && (line.contains(['：', ':', '，', ','])
            || line.contains("人民政府")
            || line.contains("部门"))
        || crate::clean::is_addressee_line(line);
    let salutation = line.starts_with("各位") || line.starts_with("同志们");
    let number = is_document_number(line);
    let signed_speaker = is_office_and_name(norm_line);
    dateline
        || speaker
        || number
        || addressee
        || salutation
        || signed_speaker
        || super::anatomy::is_opening(line)
        || is_photo_caption(line)
        || super::anatomy::is_section_heading(line)
}

/// A line that is a document number alone (`沪府办发〔2024〕5号`).
fn is_document_number(line: &str) -> bool {
    static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    super::anatomy::regex(
        &CELL,
        r"^\p{Han}{1,12}[〔\[［(（][0-9]{4}[〕\]］)）]第?[0-9]+号$",
    )
    .is_match(line)
}

/// A speech's byline, an office and a name apart (`县委书记　某某`,
/// `市委副书记、市长 某某`).
fn is_office_and_name(norm_line: &str) -> bool {
    const OFFICES: &[&str] = &[
        "书记",
        "省长",
        "市长",
        "县长",
        "区长",
        "州长",
        "旗长",
        "主任",
        "主席",
        "部长",
        "厅长",
        "局长",
        "总理",
        "专员",
        "秘书长",
        "委员",
    ];
    let parts: Vec<&str> = norm_line.split_whitespace().collect();
    match parts.as_slice() {
        [office, name] => {
            OFFICES.iter().any(|o| office.ends_with(o))
                && office.chars().count() <= 16
                && (2..=4).contains(&name.chars().count())
                && name.chars().all(crate::text::is_han)
        }
        _ => false,
    }
}

/// A photo's caption, closed by its credit: `王正谱作政府工作报告。河北日报记者霍艳恩摄`,
/// `（新华社记者 某某 摄）`.
fn is_photo_caption(line: &str) -> bool {
    let line = line.trim_end_matches([')', '）', ' ']);
    let Some(before) = line
        .strip_suffix('摄')
        .or_else(|| line.strip_suffix("摄影"))
    else {
        return false;
    };
    let credit: String = before
        .chars()
        .rev()
        .take(16)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    ["记者", "通讯员", "摄影", "图/", "图："]
        .iter()
        .any(|w| credit.contains(w))
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
    let about = (0..norm.len().saturating_sub(1))
        .find(|&i| norm[i] == '关' && norm[i + 1] == '于' && !cites_another_document(&norm, i))?;
    let tail = &norm[about..norm.len().min(about + 120)];
    // Official titles close with 的 and their kind (…方案的通知, …的紧急通知);
    // a bare kind word is the fallback. Words inside 《…》 never count.
    let len = kind_end(tail, true).or_else(|| kind_end(tail, false))?;
    (len >= 6).then(|| original[about..about + len].iter().collect())
}

/// Whether position `at` lies inside a `《…》` that the text cites as
/// another document's (`为贯彻《国务院关于…的规定》`), not its own title,
/// which 会签 forms also quote.
fn cites_another_document(norm: &[char], at: usize) -> bool {
    let Some(open) = norm[..at].iter().rposition(|&c| c == '《') else {
        return false;
    };
    if norm[open..at].contains(&'》') {
        return false;
    }
    let before: String = norm[open.saturating_sub(3)..open].iter().collect();
    ["贯彻", "根据", "依据", "按照", "落实", "执行"]
        .iter()
        .any(|verb| before.ends_with(verb))
}

/// Qualifiers between 的 and the kind: 的紧急通知, 的补充通知, 的实施意见.
const KIND_QUALIFIERS: &[&str] = &["", "紧急", "补充", "预", "实施", "指导", "复"];

/// Where the first kind word outside 《…》 ends in `tail` (in characters);
/// with `after_de`, only one that closes a `…的[qualifier]kind` phrase.
fn kind_end(tail: &[char], after_de: bool) -> Option<usize> {
    let mut depth = 0usize;
    for i in 0..tail.len() {
        match tail[i] {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => {
                let rest: String = tail[i..].iter().take(8).collect();
                if let Some(len) = closing_len(&rest, after_de) {
                    return Some(i + len);
                }
            }
            _ => {}
        }
    }
    None
}

/// The length in characters of the title ending that `text` starts with.
fn closing_len(text: &str, after_de: bool) -> Option<usize> {
    let kind_at = |text: &str| {
        OFFICIAL_KINDS
            .iter()
            .find(|kind| text.starts_with(**kind))
            .map(|kind| kind.chars().count())
    };
    if !after_de {
        return kind_at(text);
    }
    let after = text.strip_prefix('的')?;
    KIND_QUALIFIERS.iter().find_map(|qualifier| {
        let len = kind_at(after.strip_prefix(qualifier)?)?;
        Some(1 + qualifier.chars().count() + len)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speakers_byline_and_a_red_header_title_on_two_lines() {
        assert!(is_never_title("县委书记 某某"));
        assert!(is_never_title("市委副书记、市长 张三"));
        assert!(!is_never_title("在全县经济工作会议上的讲话"));
        let lines: Vec<String> = ["宜宾市人民政府", "公  告", "宜府公〔2024〕1号"]
            .map(String::from)
            .to_vec();
        assert_eq!(issuer_over_kind(&lines), Some(0..2));
        let not: Vec<String> = ["宜宾市人民政府", "关于春节的安排"]
            .map(String::from)
            .to_vec();
        assert_eq!(issuer_over_kind(&not), None);
    }

    #[test]
    fn a_reports_opening_cut_by_the_page_is_never_a_title() {
        assert!(is_never_title(
            "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员"
        ));
        assert!(!is_never_title("2024年淄博市政府工作报告"));
    }

    #[test]
    fn a_photo_caption_is_never_a_title() {
        for caption in [
            "王正谱作政府工作报告。河北日报记者 霍艳恩 摄",
            "（新华社记者 李学仁 摄）",
            "市长作政府工作报告 通讯员 王某 摄影",
        ] {
            assert!(
                is_never_title(&crate::analysis::normalise(caption)),
                "{caption}"
            );
        }
        for title in ["关于加强摄影器材管理的通知", "2024年政府工作报告"] {
            assert!(
                !is_never_title(&crate::analysis::normalise(title)),
                "{title}"
            );
        }
    }
}
