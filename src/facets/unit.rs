//! The issuing body, in its normal form.

use super::*;

pub(super) use crate::text::ends_with_org;

/// The longest name of an issuing body; anything longer is a misread paragraph.
const MAX_UNIT_CHARS: usize = 30;

pub(super) fn unit_of(title: &str, lines: &[String], kind: Option<&str>) -> Option<String> {
    issuer(title, lines, kind).map(|unit| lead_issuer(&unit))
}

/// One name per body in the unit facet: a congress's standing committee as
/// it is customarily called (`湖南省人民代表大会常务委员会` → 湖南省人大常委会), the
/// form its statutes' preambles give, so that its notices and its laws
/// count together.
pub(super) fn customary_unit(unit: String) -> String {
    match unit.strip_suffix("人民代表大会常务委员会") {
        Some(place) => format!("{place}人大常委会"),
        None => unit,
    }
}

/// Whether a candidate reads as a body's name rather than a misread
/// sentence (too long, or quoting a title).
fn plausible_unit(unit: &str) -> bool {
    unit.chars().count() <= MAX_UNIT_CHARS && !unit.contains(['《', '》'])
}

/// The first of joint issuers (`最高人民法院、最高人民检察院` → 最高人民法院),
/// so that one body's documents count under one name.
fn lead_issuer(unit: &str) -> String {
    match unit.split_once(|c: char| c == '、' || c.is_whitespace()) {
        Some((first, _)) if ends_with_org(first) => first.to_string(),
        _ => party_and_government(unit).unwrap_or(unit).to_string(),
    }
}

/// A party committee and the government of its place run together, as a
/// title's layout leaves them (`中共温州市委　温州市人民政府关于…`): the
/// committee, which signs first.
fn party_and_government(unit: &str) -> Option<&str> {
    let place = unit.strip_prefix("中共")?;
    let stem: String = place.chars().take(2).collect();
    place
        .char_indices()
        .map(|(i, c)| "中共".len() + i + c.len_utf8())
        .find(|&end| {
            let (first, rest) = unit.split_at(end);
            (ends_with_org(first) || first == "中共中央")
                && rest.chars().count() >= 3
                && ends_with_org(rest)
                && (rest.starts_with(&stem) || rest == "国务院")
        })
        .map(|end| &unit[..end])
}

/// The text up to the second date: `2023年1月3日 甲会议、2023年3月2日乙会议`
/// → `2023年1月3日 甲会议、`.
fn first_dated_part(text: &str) -> &str {
    match years_in(text).get(1) {
        Some((pos, _, true)) => &text[..*pos],
        _ => text,
    }
}

/// A preamble line `日期 机关(会议)通过/批准/发布/公布`: the body, without
/// the meeting (`最高人民法院审判委员会第1838次会议` → 最高人民法院). The
/// first such line names who made the text (a regulation approved by 国务院
/// and published by a ministry is 国务院's).
fn preamble_issuer(preamble: &[&str]) -> Option<(usize, String)> {
    const VERBS: &[&str] = &["通过", "批准", "发布", "公布"];
    const MEETINGS: &[&str] = &["审判委员会", "检察委员会", "常务会议", "全体会议", "第"];
    preamble.iter().enumerate().find_map(|(i, &line)| {
        if !opens_with_year(line) || line.chars().count() > 80 {
            return None;
        }
        // Joint makers may each have a line, the verb only on the last
        // (`…最高人民法院审判委员会第1734次会议` / `…最高人民检察院…会议通过`).
        let joined_by_next = line.ends_with("会议")
            && preamble.get(i + 1).is_some_and(|next| {
                opens_with_year(next) && VERBS.iter().any(|v| next.ends_with(v))
            });
        let body = VERBS
            .iter()
            .find_map(|v| line.strip_suffix(v))
            .or(joined_by_next.then_some(line))?;
        // Joint makers each bring a date: the first one's body leads.
        let body = after_date(first_dated_part(body));
        let body = MEETINGS
            .iter()
            .filter_map(|m| body.find(m))
            .min()
            .map_or(body, |end| &body[..end]);
        let body = lead_issuer(body.trim());
        let body = body
            .strip_prefix("中华人民共和国")
            .unwrap_or(&body)
            .to_string();
        ((2..=20).contains(&body.chars().count()) && ends_with_org(&body)).then_some((i, body))
    })
}

fn issuer(title: &str, lines: &[String], kind: Option<&str>) -> Option<String> {
    if kind == Some("政府工作报告") {
        return government_in_title(title);
    }
    if let Some(unit) = legislature_in_head(lines)
        .filter(|u| plausible_unit(u))
        .or_else(|| preamble_maker(lines))
    {
        return Some(unit);
    }
    if let Some(unit) = decree_maker(title) {
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
    if let Some(unit) = number_issuer(lines) {
        return Some(unit);
    }
    signature_unit(lines)
        .or_else(|| title_prefix_unit(title))
        .filter(|u| plausible_unit(u))
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
/// The preamble is read with layout removed, since exports wrap it anywhere
/// (`…人民代表大会常务\n委员会…`, `江西\n省第十三届…`).
pub(super) fn legislature_in_head(lines: &[String]) -> Option<String> {
    let joined = without_citations(&preamble_text(lines).unwrap_or_default());
    let parts = dated_parts(&joined);
    // A clause may name its maker before its date
    // (`已由白城市…常务委员会第二十三次会议于2019年12月26日通过`): a part that
    // names a legislature but no verb is read with the verb that follows.
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| match parts.get(i + 1) {
            Some(next) if part.contains("人民代表大会") && !names_enactment(part) => {
                format!("{part}{next}")
            }
            _ => part.to_string(),
        })
        .chain(
            lines
                .iter()
                .take(8)
                .filter(|l| !is_body_sentence(l))
                .cloned(),
        )
        .find_map(|line| legislature_in_line(&line))
}

/// A preamble cut before each of its dates: one enactment a part.
fn dated_parts(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = years_in(text)
        .into_iter()
        .filter(|(_, _, nian)| *nian)
        .map(|(pos, _, _)| pos)
        .collect();
    starts.insert(0, 0);
    starts.push(text.len());
    starts.dedup();
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// The preamble of a statute as one line without layout: from its first
/// line that opens with a bracket or a date, up to six lines, to the close
/// of the bracket.
fn preamble_text(lines: &[String]) -> Option<String> {
    let start = lines.iter().take(8).position(|l| {
        let l = l.trim_start();
        l.starts_with(['(', '（']) || opens_with_year(l)
    })?;
    let mut text = String::new();
    for line in lines.iter().skip(start).take(6) {
        // A statute with no preamble opens its body at once.
        if super::year::starts_body(line) || is_body_sentence(line) {
            break;
        }
        text.push_str(&super::anatomy::without_layout(line));
        if text.ends_with([')', '）']) {
            break;
        }
    }
    Some(text)
}

/// A sentence of the body (`为正确适用…，作如下规定。`), which may cite the
/// legislature of another law: no preamble line, which opens with a bracket
/// or a date and holds no full stop outside it.
fn is_body_sentence(line: &str) -> bool {
    let line = line.trim_start();
    !(line.starts_with(['(', '（']) || opens_with_year(line)) && line.contains('。')
}

fn names_enactment(text: &str) -> bool {
    ["通过", "公布", "修正", "修订", "批准"]
        .iter()
        .any(|w| text.contains(w))
}

fn legislature_in_line(line: &str) -> Option<String> {
    let line = &without_citations(line);
    let pos = line
        .find("人民代表大会")
        .filter(|_| names_enactment(line))?;
    // The place is what precedes the session number (`第十三届`).
    let before = &line[..pos];
    let place_end = before.rfind('第').unwrap_or(before.len());
    let place = without_agent(after_date(&before[..place_end]));
    let standing = line[pos..].starts_with("人民代表大会常务委员会");
    let body = if standing {
        "人大常委会"
    } else {
        "人民代表大会"
    };
    let place = if place.is_empty() { "全国" } else { place };
    Some(format!("{place}{body}"))
}

/// A line without the laws it cites: a law cited by name
/// (`根据《全国人民代表大会常务委员会关于…》`), with the bracket of its own
/// enactment right after the name (`《…》（2012年8月31日…会议通过）`), is not
/// the one that passed this text.
fn without_citations(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let (mut quoted, mut bracketed) = (0usize, 0usize);
    let mut after_title = false;
    for c in line.chars() {
        match c {
            '《' => quoted += 1,
            '》' => {
                quoted = quoted.saturating_sub(1);
                after_title = quoted == 0;
                continue;
            }
            '（' | '(' if quoted == 0 && (after_title || bracketed > 0) => bracketed += 1,
            '）' | ')' if bracketed > 0 => bracketed -= 1,
            _ if quoted == 0 && bracketed == 0 => out.push(c),
            _ => {}
        }
        after_title = false;
    }
    out
}

/// The place without the words that introduce the agent of a passive
/// clause (`《X条例》已由白城市…`, `经吉林省…`); 经济… is a place's own word.
fn without_agent(place: &str) -> &str {
    let place = place
        .rfind("已由")
        .map_or(place, |at| &place[at + "已由".len()..]);
    match place.strip_prefix(['经', '由']) {
        Some(rest) if !rest.starts_with('济') => rest,
        _ => place,
    }
}

/// Regulations name the body whose decree issued them:
/// `2014年11月24日 中华人民共和国国务院令第656号公布` → 国务院.
fn decree_issuer(preamble: &[&str]) -> Option<(usize, String)> {
    preamble.iter().enumerate().find_map(|(i, &line)| {
        // A preamble line, not a paragraph that cites some decree.
        let issued = (line.contains("公布") || line.contains("发布")) && line.chars().count() <= 60;
        let pos = line.find("令第").filter(|_| issued)?;
        let issuer = after_date(&line[..pos]);
        let issuer = issuer.strip_prefix("中华人民共和国").unwrap_or(issuer);
        let named = (2..=20).contains(&issuer.chars().count());
        (named && (ends_with_org(issuer) || issuer.ends_with("国务院")))
            .then(|| (i, issuer.to_string()))
    })
}

/// Who made a statute, by its preamble: the first line that names a maker,
/// whether by a decree (`民政部令第14号发布`) or by a meeting or approval
/// (`国务院批准` above it makes it 国务院's).
fn preamble_maker(lines: &[String]) -> Option<String> {
    // Both readers number the same lines, so the first maker line wins.
    let preamble: Vec<&str> = lines
        .iter()
        .take(8)
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    [decree_issuer(&preamble), preamble_issuer(&preamble)]
        .into_iter()
        .flatten()
        .min_by_key(|(at, _)| *at)
        .map(|(_, maker)| maker)
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

/// The government whose decree a title names: `深圳市人民政府令` →
/// 深圳市人民政府, `中华人民共和国国务院令` → 国务院.
pub(super) fn decree_maker(title: &str) -> Option<String> {
    let maker = title.trim().strip_suffix('令')?;
    let maker = maker.strip_prefix("中华人民共和国").unwrap_or(maker);
    (maker.ends_with("政府") || maker == "国务院").then(|| maker.to_string())
}

/// A provincial government's document number under the title
/// (`鲁政办字〔2024〕12号`): the province's abbreviation and the organ's
/// code name the issuer, 山东省人民政府办公厅. A city's abbreviation (`烟政发`)
/// is no fixed table's, so only provinces' are read. Five provinces number
/// as `府` (`沪府办发`, `粤府函`, `渝府发`, `川府发`, `琼府`); elsewhere `苏府`
/// is 苏州's, so `府` is read for those five alone.
pub(super) fn number_issuer(lines: &[String]) -> Option<String> {
    const NUMBERED_AS_FU: &str = "沪粤渝川琼";
    static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pattern = super::anatomy::regex(
        &CELL,
        r"^(?P<abbr>\p{Han})(?P<organ>政办发|政办字|政办函|政办明电|政发|政字|政函|府办发|府办函|府办|府发|府函|府)[〔\[［(（][0-9]{4}[〕\]］)）][0-9]+号$",
    );
    lines.iter().take(4).find_map(|line| {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        let c = pattern.captures(&line)?;
        let abbreviation = c.name("abbr")?.as_str().chars().next()?;
        let organ = c.name("organ")?.as_str();
        if organ.starts_with('府') && !NUMBERED_AS_FU.contains(abbreviation) {
            return None;
        }
        let province = super::gazetteer::province_of_abbreviation(abbreviation)?;
        let organ = if organ.starts_with("政办") || organ.starts_with("府办") {
            "人民政府办公厅"
        } else {
            "人民政府"
        };
        Some(format!("{province}{organ}"))
    })
}

/// A government or its office named by level alone: `市政府办公厅`,
/// `省人民政府`.
pub(super) fn is_bare_unit(unit: &str) -> bool {
    unit.strip_prefix(['省', '市', '县', '区', '州'])
        .is_some_and(|body| body.starts_with("政府") || body.starts_with("人民政府"))
}

/// A unit named by its level alone (`市人民政府关于…`, `县人社局`) is the
/// body of that level in the document's region (`青岛市人民政府`); with no
/// place of that level known it is no unit.
pub(super) fn placed_unit(unit: String, region: Option<&Region>) -> Option<String> {
    let Some((level, body)) = level_and_body(&unit) else {
        return Some(unit);
    };
    let place = region?
        .0
        .iter()
        .find(|place| place.ends_with(level) && place.chars().count() >= 2)?;
    Some(format!("{place}{body}"))
}

/// A unit named by its level alone, split into the level and the rest
/// (`市人社局` → 市, 人社局); `市场监督管理局`, `区域…`, `市民…`, `县级…`
/// name no level.
pub(super) fn level_and_body(unit: &str) -> Option<(&str, &str)> {
    let level = unit.chars().next().filter(|c| "省市县区州".contains(*c))?;
    let (level, body) = unit.split_at(level.len_utf8());
    let names_level =
        !body.starts_with(['场', '域', '民', '级', '属']) && unit.chars().count() >= 3;
    names_level.then_some((level, body))
}

/// The labels of a government portal's disclosure record that name who
/// issued a document, the surest first: the issuing organ, the publisher,
/// the office that answers for it.
const DISCLOSURE_LABELS: &[&str] = &["发文机关", "发文单位", "发布机构", "责任部门"];

/// The issuer a portal's disclosure record names (`发文机关：`,
/// `责任部门：省政府办公厅秘书一处`), read from the lines the cleaner
/// removed: the last resort of a document whose text names no issuer.
/// Every line of one label must name one body, or a table of duties
/// (`责任部门：市交通局`) is at hand and none is taken.
pub(super) fn disclosed_issuer(removed: &[String]) -> Option<String> {
    // A record wrapped over two lines (`责任部门：省政府` / `办公厅秘书一处`)
    // is read joined too.
    let lines: Vec<String> = removed.iter().map(|l| normalise(l)).collect();
    let joined: Vec<String> = lines.windows(2).map(|pair| pair.concat()).collect();
    DISCLOSURE_LABELS.iter().find_map(|label| {
        let organs: Vec<String> = lines
            .iter()
            .chain(&joined)
            .filter_map(|line| disclosed_value(line, label))
            .filter_map(|value| organ_of(&value))
            .collect();
        // A line cut short names the body's head (`省政府` of
        // `省政府办公厅`): the fullest name stands for them all.
        let fullest = organs.iter().max_by_key(|o| o.len())?;
        organs
            .iter()
            .all(|o| fullest.starts_with(o.as_str()))
            .then(|| fullest.clone())
    })
}

/// The body after `label：` on a record line, up to the addressee or the
/// sentence that a page run together with it. The label opens the line,
/// follows a space, or follows another field of the row
/// (`公开程序：本单位审核后公开责任部门：…`).
fn disclosed_value(line: &str, label: &str) -> Option<String> {
    let rest = line.match_indices(label).find_map(|(pos, _)| {
        let before = &line[..pos];
        let opens_field = before.trim_end().len() < before.len()
            || before.is_empty()
            || before.contains([':', '：']);
        let rest = line[pos + label.len()..].strip_prefix([':', '：'])?;
        opens_field.then_some(rest)
    })?;
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| "各，,。；;：:、 \u{3000}".contains(c))
        .unwrap_or(rest.len());
    // A value run into the addressee that follows it
    // (`…秘书一处省体育局：你局…`) cannot be told from it.
    if rest[end..].starts_with([':', '：']) {
        return None;
    }
    // A division is the last part of a name: what follows it is the
    // addressee run in (`…秘书一处省政府各部门`).
    let end = rest[..end].find('处').map_or(end, |i| i + '处'.len_utf8());
    let value = &rest[..end];
    let len = value.chars().count();
    ((3..=MAX_UNIT_CHARS).contains(&len) && ends_with_org(value)).then(|| value.to_string())
}

/// The body a division belongs to (`省政府办公厅秘书一处` → 省政府办公厅,
/// `市财政局预算科` → 市财政局): a division signs nothing, its body does.
/// A government named by its level gets its full name (`省人民政府办公厅`).
fn organ_of(value: &str) -> Option<String> {
    const ORGANS: &[&str] = &["政府", "办公厅", "办公室", "委员会", "厅", "局", "委"];
    let is_organ = |s: &str| ORGANS.iter().any(|o| s.ends_with(o));
    let organ = if is_organ(value) {
        value
    } else {
        let end = value
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .rev()
            .find(|&end| end < value.len() && is_organ(&value[..end]))?;
        &value[..end]
    };
    let organ = match organ.char_indices().nth(1) {
        Some((i, _)) if is_bare_unit(organ) && organ[i..].starts_with("政府") => {
            format!("{}人民{}", &organ[..i], &organ[i..])
        }
        _ => organ.to_string(),
    };
    (organ.chars().count() >= 3).then_some(organ)
}

/// `XX局文件` at the top of an official document.
pub(super) fn document_header_issuer(first_line: &str) -> Option<String> {
    let pos = first_line.find("文件")?;
    let issuer = &first_line[..pos];
    (issuer.chars().count() >= 3 && ends_with_org(issuer)).then(|| issuer.to_string())
}

/// A short line near the end naming an organisation: the signature.
/// Joint signers each on a line lead with the first (`中共惠州市委办公室` /
/// `惠州市人民政府办公室` / date).
pub(super) fn signature_unit(lines: &[String]) -> Option<String> {
    let signs = |line: &str| {
        let line = strip_date(line);
        let len = line.chars().count();
        (3..=25).contains(&len) && ends_with_org(line) && !line.contains(['。', ',', ':', '、'])
    };
    let tail = &lines[lines.len().saturating_sub(6)..];
    let last = tail.iter().rposition(|l| signs(l))?;
    let first = (0..last)
        .rev()
        .take_while(|&i| signs(&tail[i]))
        .last()
        .unwrap_or(last);
    Some(strip_date(&tail[first]).to_string())
}

/// Drops a trailing date (`… 2017年12月20日`) from a signature line.
pub(super) fn strip_date(line: &str) -> &str {
    match line.find(|c: char| c.is_ascii_digit() || "二〇○零".contains(c)) {
        Some(pos) if line[pos..].ends_with('日') => line[..pos].trim(),
        _ => line.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn a_disclosure_record_names_the_body_its_division_belongs_to() {
        let removed = lines(
            "二〇〇五年五月二十二日　公开程序：本单位审核后公开责任部门：省政府办公厅秘书一处\n\
             责任部门：省政府办公厅秘书一处省体育局：你局冀体〔2005〕3号收悉",
        );
        assert_eq!(
            disclosed_issuer(&removed).as_deref(),
            Some("省人民政府办公厅")
        );
        // Wrapped, and run into the addressee after its division.
        let wrapped =
            lines("责任部门：省政府\n办公厅秘书一处\n责任部门：省政府办公厅秘书一处省政府各部门：");
        assert_eq!(
            disclosed_issuer(&wrapped).as_deref(),
            Some("省人民政府办公厅")
        );
        let publisher = lines("索引号：000014349/2024-01234\n发布机构：杭州市财政局预算处");
        assert_eq!(
            disclosed_issuer(&publisher).as_deref(),
            Some("杭州市财政局")
        );
    }

    #[test]
    fn a_table_of_duties_is_no_disclosure_record() {
        // Each task's own office: no one body issued the document.
        let duties = lines("责任部门：市交通局\n责任部门：市财政局");
        assert_eq!(disclosed_issuer(&duties), None);
        // A label inside a sentence opens no field.
        let sentence = lines("明确各责任部门：市交通局牵头");
        assert_eq!(disclosed_issuer(&sentence), None);
    }

    #[test]
    fn joint_signers_each_on_a_line_lead_with_the_first() {
        let lines: Vec<String> = [
            "现印发给你们，请认真贯彻落实。",
            "中共惠州市委办公室",
            "惠州市人民政府办公室",
            "2023年5月6日",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            signature_unit(&lines).as_deref(),
            Some("中共惠州市委办公室")
        );
        let one: Vec<String> = ["特此通知。", "惠州市人民政府办公室", "2023年5月6日"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            signature_unit(&one).as_deref(),
            Some("惠州市人民政府办公室")
        );
    }

    #[test]
    fn preambles_name_the_first_maker() {
        let joint = lines("2004年9月1日 最高人民法院审判委员会第1323次会议、2004年9月2日最高人民检察院第十届检察委员会第26次会议通过\n2004年9月3日 最高人民法院公告公布");
        assert_eq!(preamble_maker(&joint).as_deref(), Some("最高人民法院"));
        let approved = lines("1992年2月12日 国务院批准\n1992年3月1日 林业部发布");
        assert_eq!(preamble_maker(&approved).as_deref(), Some("国务院"));
        let decreed = lines("1999年5月12日 国务院批准　\n\n1999年5月25日 民政部令第14号发布　");
        assert_eq!(preamble_maker(&decreed).as_deref(), Some("国务院"));
        let own_lines = lines("2018年2月23日 最高人民法院审判委员会第1734次会议\n\n2018年2月11日 最高人民检察院第十二届检察委员会第73次会议通过\n\n2018年3月2日 施行");
        assert_eq!(preamble_maker(&own_lines).as_deref(), Some("最高人民法院"));
        let decree = lines("2014年11月24日 中华人民共和国国务院令第656号公布");
        assert_eq!(preamble_maker(&decree).as_deref(), Some("国务院"));
        assert_eq!(lead_issuer("最高人民法院、最高人民检察院"), "最高人民法院");
        assert_eq!(lead_issuer("中共温州市委温州市人民政府"), "中共温州市委");
        assert_eq!(
            lead_issuer("中共温州市委办公室温州市人民政府办公室"),
            "中共温州市委办公室"
        );
        assert_eq!(lead_issuer("中共中央国务院"), "中共中央");
        assert_eq!(lead_issuer("中共温州市委办公室"), "中共温州市委办公室");
    }

    #[test]
    fn a_provincial_document_number_names_its_issuer() {
        let office =
            lines("关于进一步加强城市生活垃圾分类工作的通知\n鲁政办字〔2024〕12号\n各市人民政府：");
        assert_eq!(
            number_issuer(&office).as_deref(),
            Some("山东省人民政府办公厅")
        );
        let government = lines("关于印发某方案的通知\n冀政发〔2023〕5号");
        assert_eq!(
            number_issuer(&government).as_deref(),
            Some("河北省人民政府")
        );
        let city = lines("关于印发某方案的通知\n烟政发〔2023〕5号");
        assert_eq!(number_issuer(&city), None);
        let shanghai = lines("沪府办发〔2024〕5号\n各区人民政府：");
        assert_eq!(
            number_issuer(&shanghai).as_deref(),
            Some("上海市人民政府办公厅")
        );
        let guangdong = lines("粤府函〔2023〕45号");
        assert_eq!(number_issuer(&guangdong).as_deref(), Some("广东省人民政府"));
        // 苏州 numbers as 苏府; 江苏 as 苏政.
        assert_eq!(number_issuer(&lines("苏府〔2023〕12号")), None);
        let cited = lines("关于某事的通知\n根据《关于某事的意见》（鲁政办字〔2024〕12号）要求，");
        assert_eq!(number_issuer(&cited), None);
    }

    #[test]
    fn a_decree_is_its_governments() {
        assert_eq!(
            decree_maker("深圳市人民政府令").as_deref(),
            Some("深圳市人民政府")
        );
        assert_eq!(
            decree_maker("中华人民共和国国务院令").as_deref(),
            Some("国务院")
        );
        assert_eq!(decree_maker("关于严格执行禁令"), None);
    }

    #[test]
    fn a_unit_named_by_its_level_takes_the_regions_place() {
        let qingdao = Region(vec!["山东省".into(), "青岛市".into()]);
        assert_eq!(
            placed_unit("市人民政府".into(), Some(&qingdao)).as_deref(),
            Some("青岛市人民政府")
        );
        assert_eq!(placed_unit("县人社局".into(), Some(&qingdao)), None);
        assert_eq!(placed_unit("市人民政府".into(), None), None);
        assert_eq!(
            placed_unit("市场监督管理局".into(), None).as_deref(),
            Some("市场监督管理局")
        );
        assert_eq!(
            placed_unit("济南市教育局".into(), Some(&qingdao)).as_deref(),
            Some("济南市教育局")
        );
    }

    #[test]
    fn a_cited_law_and_its_enactment_are_no_maker() {
        let cited = "为正确适用《全国人民代表大会常务委员会关于修改〈民事诉讼法〉的决定》（2012年8月31日第十一届全国人民代表大会常务委员会第二十八次会议通过，2013年1月1日起施行）";
        assert_eq!(without_citations(cited), "为正确适用");
        assert_eq!(legislature_in_line(cited), None);
        let own = "（《威海市海水浴场管理条例》已由威海市第十七届人民代表大会常务委员会第九次会议于2018年6月27日通过）";
        assert_eq!(
            legislature_in_line(own).as_deref(),
            Some("威海市人大常委会")
        );
    }
}
