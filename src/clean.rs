//! Cleaning: removes the furniture of scraped pages (navigation, bylines,
//! share buttons, hotlines, related-article lists, copyright lines) and keeps
//! every line of the report itself.
//!
//! The rules work on classes of lines and on where they sit (the header zone
//! before the report starts, the tail after a "related articles" marker), not
//! on exact strings from particular sites.

use crate::analysis::normalise;

/// A cleaned text: the kept lines (original characters) and the dropped ones.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub lines: Vec<String>,
    /// `lines` normalised (see [`normalise`]), for the stages that match on them.
    pub normalised: Vec<String>,
    pub removed: Vec<String>,
}

impl Cleaned {
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Words that label a page's metadata line: `发布时间：…`, `来源：…`.
const META_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "更新时间",
    "来源",
    "文章来源",
    "信息来源",
    "作者",
    "文章作者",
    "点击次数",
    "点击数",
    "点击",
    "浏览次数",
    "阅读次数",
    "责任编辑",
    "编辑",
    "字号",
    "录入",
    // 政府信息公开 records: how and by whom a document was published.
    "公开程序",
    "公开方式",
    "公开范围",
    "责任部门",
];

/// Vocabulary of page chrome; a short line containing one of these is furniture.
const CHROME_WORDS: &[&str] = &[
    "上一篇",
    "下一篇",
    "本文链接",
    "本文地址",
    "原文链接",
    "版权所有",
    "copyright",
    "icp",
    "备案号",
    "扫一扫",
    "返回顶部",
    "设为首页",
    "加入收藏",
    "收藏本站",
    "您现在的位置",
    "当前位置",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "分享到",
    "手机版",
    "免责声明",
    "申明敬告",
    "文档为doc格式",
    "查看更多",
    "温馨提示",
    "点击下载",
    "下载文档",
    "【字号",
    "责任编辑",
    "本版编辑",
    "[详细]",
    "更多>>",
    "更多 >>",
    "网站地图",
    "联系我们",
    "关于我们",
    "微信公众号",
    "本站",
    "长者模式",
    "繁体中文",
    "无障碍",
    "主办:",
    "承办:",
    "主办单位",
    "技术支持",
    "标签:",
    "tag:",
    "tags:",
    "点赞",
    "收藏本文",
    "收藏并转发",
    "关注我们",
    "一键下载",
    "写作专家",
    "专注范文",
];

/// Chrome that no report sentence contains: a short line with one of these
/// is furniture even when it ends like a sentence (`★温馨提示：…文章。`).
const STRONG_CHROME_WORDS: &[&str] = &[
    "本文链接",
    "本文地址",
    "原文链接",
    "版权所有",
    "温馨提示",
    "申明敬告",
    "免责声明",
    "扫一扫",
    "返回顶部",
    "设为首页",
    "加入收藏",
    "旗下网站",
    "上一篇",
    "下一篇",
    "网站标识码",
    "公网安备",
    "即将离开",
    "热门搜索",
    "热搜",
    "点个赞",
];

/// Credit labels of a newspaper page, followed by a name: `校对   张彩凤`.
const CREDIT_LABELS: &[&str] = &[
    "校对",
    "图片提供",
    "摄影",
    "本报记者",
    "通讯员",
    "美编",
    "版式",
];

/// Lines that open a list of links to other articles; everything after them
/// is furniture as long as it stays a run of short lines.
const LIST_MARKERS: &[&str] = &[
    "相关文章",
    "相关阅读",
    "相关新闻",
    "相关推荐",
    "推荐阅读",
    "延伸阅读",
    "精彩推荐",
    "新闻推荐",
    "猜你喜欢",
    "您可能关注",
    "你可能感兴趣",
    "热门文章",
    "最新文章",
    "小编推荐",
    "热门推荐",
    "热点推荐",
    "相关范文",
];

/// Removes furniture from decoded text.
pub fn clean(text: &str) -> Cleaned {
    let text = restore_paragraphs(text);
    let lines: Vec<String> = text
        .lines()
        .map(strip_inline_junk)
        .map(|l| l.trim().to_string())
        .collect();
    // Classify on normalised lines (traditional, full-width), keep originals.
    let norms: Vec<String> = lines.iter().map(|l| normalise(l)).collect();
    let mut cleaned = Cleaned::default();
    let list_start = related_list_start(&norms);
    let body_start = first_body_line(&norms);
    let menu = menu_runs(&norms);
    for (i, (line, norm)) in lines.iter().zip(&norms).enumerate() {
        if line.is_empty() {
            continue;
        }
        let furniture = i >= list_start
            || is_furniture(norm)
            || (i < body_start && is_header_chrome(norm))
            || (menu[i] && !looks_like_title(norm));
        if furniture {
            cleaned.removed.push(line.clone());
        } else {
            let kept = strip_markdown(line);
            let stripped = line.chars().count() - kept.chars().count();
            cleaned
                .normalised
                .push(norm.chars().skip(stripped).collect());
            cleaned.lines.push(kept.to_string());
        }
    }
    cleaned
}

/// Puts back the paragraph breaks of a page flattened into one line.
/// Chinese paragraphs open with two ideographic spaces, so a run of two
/// or more inside a line is where a paragraph began, when it follows the
/// end of a clause, a bracket or a date (`……通知如下：　　一、`,
/// `二〇〇四年二月二十三日　　公开程序：`) or opens a labelled field
/// (`　　副组长：`). Spaces padding a name (`王　　明`) stay.
fn restore_paragraphs(text: &str) -> std::borrow::Cow<'_, str> {
    const INDENT: &str = "\u{3000}\u{3000}";
    if !text.contains(INDENT) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let mut rest = line;
        let mut head = String::new();
        while let Some(at) = rest.find(INDENT) {
            let (before, after) = rest.split_at(at);
            let after = after.trim_start_matches(['\u{3000}', ' ', '\u{a0}']);
            head.push_str(before);
            let opened = head.trim_end();
            let breaks = !opened.is_empty()
                && !after.trim().is_empty()
                && (opened.ends_with(|c: char| "。：；！？”）」』)日".contains(c))
                    || opens_field(after));
            head.push_str(if breaks { "\n" } else { "\u{3000}" });
            rest = after;
        }
        head.push_str(rest);
        out.push_str(&head);
    }
    out.into()
}

/// `副组长：`, `责任部门：`: a short label of Chinese characters and a colon.
fn opens_field(text: &str) -> bool {
    let label = text
        .chars()
        .take_while(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || *c == '\u{3000}')
        .count();
    (2..=8).contains(&label)
        && text
            .chars()
            .nth(label)
            .is_some_and(|c| c == '：' || c == ':')
}

/// The most characters of a menu item: `政府信息公开`, `繁體中文`.
const MENU_ITEM_CHARS: usize = 6;

/// Lines in runs of five or more very short lines (blank lines between
/// them do not count): a vertical menu, one item a line, as portals are
/// saved. Items carry no digits and end no sentence, so a table exported
/// a cell a line (figures) and short headings between paragraphs stay.
fn menu_runs(norms: &[String]) -> Vec<bool> {
    let item = |l: &str| {
        let len = char_len(l);
        len <= MENU_ITEM_CHARS
            && !l.chars().any(|c| c.is_ascii_digit())
            && !ends_sentence(l)
            && !starts_with_section_number(l)
    };
    let mut menu = vec![false; norms.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut close = |run: &mut Vec<usize>| {
        if run.len() >= 5 {
            for &i in run.iter() {
                menu[i] = true;
            }
        }
        run.clear();
    };
    for (i, line) in norms.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if item(line.trim()) {
            run.push(i);
        } else {
            close(&mut run);
        }
    }
    close(&mut run);
    menu
}

/// Junk that scrapers leave inside body lines.
fn strip_inline_junk(line: &str) -> String {
    // Zero-width characters are invisible but split words: 制\u{200B}度.
    let mut out: String = line
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .map(|c| if c == '\u{00A0}' { ' ' } else { c })
        .collect();
    for marker in ["……此处隐藏", "...此处隐藏", "此处隐藏"] {
        if let Some(start) = out.find(marker) {
            let after = &out[start + marker.len()..];
            let end = after
                .find("字……")
                .map(|p| p + "字……".len())
                .or_else(|| after.find('字').map(|p| p + '字'.len_utf8()));
            if let Some(end) = end {
                let tail = after[end..].to_string();
                out.truncate(start);
                out.push_str(&tail);
            }
        }
    }
    out
}

fn strip_markdown(line: &str) -> &str {
    let stripped = line.trim_start_matches('#');
    if stripped.len() != line.len() && stripped.starts_with(' ') {
        stripped.trim_start()
    } else {
        line
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether a line ends like a sentence of running text.
/// Whether a line ends like a sentence or a list item; normalised lines
/// carry ASCII `;` `:` `!` `?` where the original had full-width ones.
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['。', '！', '？', '；', '：', ':', ';', '!', '?', '”', '.'])
}

/// A line of page furniture wherever it appears.
/// `norm` is the normalised line (see [`normalise`]).
fn is_furniture(norm: &str) -> bool {
    let line = norm;
    let len = char_len(line);
    let lower = line.get(..8).unwrap_or(line).to_ascii_lowercase();
    if lower.starts_with("<!--") || lower.starts_with("http://") || lower.starts_with("https:/") {
        return true;
    }
    // Page chrome is short; long lines are body text (and the bulk of the
    // work), except a breadcrumb trail ending in a long title.
    if len > 60 && !is_trail(norm) && !(norm.contains("首页") && norm.contains('>')) {
        return false;
    }
    if is_page_marker(norm) {
        return true;
    }
    let labels = META_LABELS.iter().filter(|label| {
        norm.match_indices(**label).any(|(pos, _)| {
            // A label starts a field, after at most two characters of its
            // own (`本文编辑：`, `文章来源：`): `会议时间：` is body text.
            let field_head = norm[..pos]
                .chars()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .count();
            let starts_field =
                field_head <= 2 && !norm[..pos].ends_with("会议") && !norm[..pos].ends_with("活动");
            let after = norm[pos + label.len()..].trim_start();
            starts_field && after.starts_with(':')
        })
    });
    let labels = labels.count();
    let credits = CREDIT_LABELS.iter().any(|label| {
        norm.match_indices(label)
            .any(|(pos, _)| norm[pos + label.len()..].starts_with([' ', ':', '/']))
    });
    let strong_chrome = STRONG_CHROME_WORDS.iter().any(|w| norm.contains(w));
    let hotline = norm.contains("热线") && longest_digit_run(norm) >= 7;
    let chrome = CHROME_WORDS.iter().any(|w| norm.contains(w));
    let breadcrumb = norm.matches('>').count() >= 2 || norm.contains(">>") || norm.contains("»");
    // A trail from the home page may end in a long page title.
    if (breadcrumb && norm.contains("首页") || is_trail(norm)) && len <= 160 {
        return true;
    }
    if is_menu(norm) || is_advert(norm) {
        return true;
    }
    let url = norm.contains("www.") || norm.contains("http");
    // A table row (`| 第236条 | 强奸罪 |`) is body; a menu (`首页 | 新闻 | 关于`) is not.
    let table_row = norm.starts_with('|') && norm.ends_with('|');
    if table_row {
        return norm.chars().all(|c| "|-: ".contains(c));
    }
    let pipes = norm.matches(['|', '-']).count();
    strong_chrome
        || credits && len <= 40
        || (chrome || hotline) && !ends_sentence(line)
        || labels >= 1 && len <= 40
        || labels >= 2
        || breadcrumb && len <= 40
        || url && len <= 60 && !ends_sentence(line)
        || pipes >= 3 && len <= 40 && !ends_sentence(line)
        || is_dateline_stamp(norm)
}

/// A menu: four or more short items between explicit separators
/// (`首页 | 新闻 | 公告 | 下载`), or words between spaces that start from the
/// home page (`首页  工作总结  工作计划  演讲稿`).
fn is_menu(norm: &str) -> bool {
    let short_items = |items: Vec<&str>| {
        let items: Vec<&str> = items
            .into_iter()
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        items.len() >= 4
            && items
                .iter()
                .all(|i| char_len(i) <= 8 && !ends_sentence(i) && !i.ends_with(['，', ',']))
    };
    if char_len(norm) > 100 {
        return false;
    }
    let explicit = short_items(norm.split(['|', '｜', '·', '•', '/']).collect());
    // `登录 | 注册`: a pair of links.
    let links = char_len(norm) <= 15
        && norm.contains('|')
        && norm
            .split('|')
            .all(|i| (1..=4).contains(&char_len(i.trim())));
    let spaced = norm.trim_start().starts_with("首页")
        && short_items(norm.split_whitespace().collect())
        && !norm.chars().any(|c| c.is_ascii_digit());
    explicit || spaced || links
}

/// A breadcrumb trail: from the home page, through a separator, as in
/// `位置:首页 / 工作总结 / 正文`.
fn is_trail(norm: &str) -> bool {
    let rest = norm.trim_start();
    let rest = rest.find("位置").filter(|&p| p <= 12).map_or(rest, |p| {
        rest[p + "位置".len()..].trim_start_matches([':', ' '])
    });
    rest.strip_prefix("首页").is_some_and(|after| {
        after
            .trim_start()
            .starts_with(['>', '/', '»', '|', '-', '→'])
    })
}

/// Advertising and site contact lines: a sales or service word with a
/// number to call (`广告合作：QQ 12345678`, `客服热线：400-…`). A notice's own
/// `联系电话：…` line is body.
fn is_advert(norm: &str) -> bool {
    const SALES: &[&str] = &[
        "广告",
        "商务合作",
        "合作",
        "客服",
        "qq",
        "投稿",
        "加盟",
        "代理",
    ];
    char_len(norm) <= 60
        && longest_digit_run(norm) >= 5
        && SALES.iter().any(|w| norm.contains(w))
        && !ends_sentence(norm)
}

fn longest_digit_run(s: &str) -> usize {
    s.split(|c: char| !c.is_ascii_digit() && c != '-')
        .map(|run| run.chars().filter(char::is_ascii_digit).count())
        .max()
        .unwrap_or(0)
}

/// `第1页 下一页`, `共3页`, `(第2页)`: pagination left in the text.
fn is_page_marker(norm: &str) -> bool {
    let t = norm.trim_matches(|c: char| c.is_whitespace() || "()（）《》".contains(c));
    // 首页 alone is also a home-page link, or a word in a sentence.
    let paging = t.contains("下一页")
        || t.contains("上一页")
        || t.contains("尾页")
        || is_page_number_suffix(t);
    paging && char_len(t) <= 30 && !ends_sentence(t)
}

/// A title repeated with a page number: `…工作情况汇报(第2页)`.
fn is_page_number_suffix(t: &str) -> bool {
    let Some(open) = t.rfind("(第") else {
        return false;
    };
    let rest = &t[open + "(第".len()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with("页")
}

/// A bare publication stamp such as `东昌时讯 2012-01-13 11:42 大字`.
fn is_dateline_stamp(norm: &str) -> bool {
    let has_iso_date = norm
        .as_bytes()
        .windows(10)
        .any(|w| w[4] == b'-' && w[7] == b'-' && w[..4].iter().all(u8::is_ascii_digit));
    // A bare date is the document's own date line; a site's stamp has a
    // time or a name with it.
    let has_time = norm
        .as_bytes()
        .windows(5)
        .any(|w| w[2] == b':' && w[..2].iter().chain(&w[3..]).all(u8::is_ascii_digit));
    let other_text = norm.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    has_iso_date && char_len(norm) <= 40 && (has_time || other_text)
}

/// Short navigation lines before the report begins: slogans, menu items.
fn is_header_chrome(line: &str) -> bool {
    if line.starts_with('#') {
        // A markdown heading is the document's own structure.
        return false;
    }
    const SITE_ENDINGS: &[&str] = &["网", "站", "吧", "在线", "之家", "文库", "大全", "首页"];
    let len = char_len(line);
    // A site's name and slogan: `某某范文网 - 专业的写作网站`.
    let site_name =
        len <= 30 && (line.contains(" - ") || SITE_ENDINGS.iter().any(|e| line.ends_with(e)));
    // A date line (`2018年3月2日 施行`) belongs to the document.
    len <= 12 && !looks_like_title(line) && !starts_with_date(line)
        || site_name
        || line.contains("[详细]")
        || line.contains("更多")
}

/// Whether a line stops mid-sentence or at a clause break, as a title never
/// does (full-width marks for original lines, ASCII ones for normalised).
pub fn ends_clause(line: &str) -> bool {
    line.ends_with(['。', '，', ',', '：', ':', '；', ';'])
}

/// Whether a short line reads like a document title.
pub fn looks_like_title(line: &str) -> bool {
    const TITLE_WORDS: &[&str] = &[
        "报告", "总结", "汇报", "计划", "通知", "意见", "方案", "决定", "决议", "条例", "办法",
        "规定", "讲话", "纪实", "通报", "要点", "思路", "规划", "公告", "批复", "法典", "细则",
    ];
    let len = char_len(line);
    // 法 and 函 name a document only as its last word (…保护法, …的函);
    // elsewhere they are 法院, 方法, 函数.
    let names_kind = TITLE_WORDS.iter().any(|w| line.contains(w))
        || line.trim_end_matches(['）', ')']).ends_with(['法', '函']);
    (4..=60).contains(&len)
        && names_kind
        && !ends_clause(line)
        && !starts_with_section_number(line)
        && !starts_with_date(line)
}

/// `2020年5月14日 …会议通过`: a dateline or a law's preamble, not a title.
fn starts_with_date(line: &str) -> bool {
    const DIGITS: &str = "0123456789〇○零一二三四五六七八九十";
    let mut chars = line.chars();
    let year = chars.by_ref().take_while(|c| *c != '年').count();
    let month = chars.by_ref().take_while(|c| *c != '月').count();
    let head: String = line.chars().take(year).collect();
    year == 4 && head.chars().all(|c| DIGITS.contains(c)) && (1..=3).contains(&month)
}

/// `第三条`, `第一章`, `一、`, `（二）`, `3.`: the start of a numbered part, not a title.
pub(crate) fn starts_with_section_number(line: &str) -> bool {
    const NUMERALS: &str = "0123456789一二三四五六七八九十百零〇○";
    let inner = line.trim_start_matches(['(', '（']);
    let after_di = inner.strip_prefix('第').unwrap_or(inner);
    let digits = after_di
        .chars()
        .take_while(|c| NUMERALS.contains(*c))
        .count();
    if digits == 0 {
        return false;
    }
    let rest: String = after_di.chars().skip(digits).take(1).collect();
    let marker = ["条", "章", "节", "款", "、", ".", "．", ")", "）"];
    (inner.len() != after_di.len() && ["条", "章", "节", "款"].contains(&rest.as_str()))
        || (inner.len() == after_di.len() && marker[4..].contains(&rest.as_str()))
}

/// Index of the document's title line, where the page's header zone ends.
/// Only a page whose title is found near the top has a header zone above it;
/// without one, nothing is removed for its position alone.
fn first_body_line(lines: &[String]) -> usize {
    lines
        .iter()
        .take(20)
        // Furniture (menus, breadcrumbs) may be long; running text ends the search.
        .take_while(|l| char_len(l) < 40 || is_furniture(l))
        .position(|l| looks_like_title(l) && !is_furniture(l))
        .unwrap_or(0)
}

/// Index from which the rest is a related-articles list, or `len` if none.
fn related_list_start(lines: &[String]) -> usize {
    let total: usize = lines.iter().map(|l| char_len(l)).sum();
    let mut seen = 0usize;
    for (i, line) in lines.iter().enumerate() {
        seen += char_len(line);
        let marker = char_len(line) <= 40 && LIST_MARKERS.iter().any(|m| line.contains(m));
        // Only in the second half of the page, and only if the rest is a list.
        if marker && seen * 2 >= total && rest_is_link_list(&lines[i + 1..]) {
            return i;
        }
    }
    lines.len()
}

fn rest_is_link_list(rest: &[String]) -> bool {
    let non_empty: Vec<&String> = rest.iter().filter(|l| !l.is_empty()).collect();
    let long = non_empty.iter().filter(|l| char_len(l) > 60).count();
    long * 4 <= non_empty.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flattened_page_gets_its_paragraphs_back_but_a_padded_name_does_not_split() {
        let page = "各设区市人民政府，省政府各部门：\u{3000}\u{3000}根据工作需要，决定调整。\u{3000}\u{3000}组\u{3000}长：王\u{3000}\u{3000}明（省长）\u{3000}\u{3000}二〇〇四年二月二十三日\u{3000}\u{3000}公开程序：本单位审核后公开";
        let restored = restore_paragraphs(page);
        let lines: Vec<&str> = restored.lines().map(str::trim).collect();
        assert_eq!(
            lines,
            [
                "各设区市人民政府，省政府各部门：",
                "根据工作需要，决定调整。",
                "组\u{3000}长：王\u{3000}明（省长）",
                "二〇〇四年二月二十三日",
                "公开程序：本单位审核后公开",
            ]
        );
    }

    #[test]
    fn removes_bylines_and_related_lists() {
        let page = "首页 > 范文 > 工作总结\n\
                    2017年计生工作总结\n\
                    发布时间：2017-04-18  来源：某网\n\
                    今年以来，我县认真贯彻落实计划生育基本国策，全面完成了各项任务指标，群众满意度明显提高。\n\
                    一、加强领导\n\
                    县人口计生局\n\
                    2017年12月20日\n\
                    相关文章\n\
                    2016年计生工作总结\n\
                    2018年计生工作计划\n";
        let cleaned = clean(page);
        let text = cleaned.text();
        assert!(text.starts_with("2017年计生工作总结"));
        assert!(text.contains("一、加强领导"));
        assert!(text.contains("县人口计生局"));
        assert!(text.contains("2017年12月20日"));
        assert!(!text.contains("发布时间"));
        assert!(!text.contains("2016年计生工作总结"));
        assert!(cleaned.removed.iter().any(|l| l.contains("首页")));
    }

    #[test]
    fn removes_site_notices_credits_and_page_numbers_but_keeps_body() {
        for furniture in [
            "★温馨提示:你可以返回到 工作汇报 也可以利用本站页顶的站内搜索功能查找你想要的文章。",
            "申明敬告: 本站不保证该用户上传的文档完整性,不预览、不比对内容而直接下载产生的反悔问题本站不予受理。",
            "校对   张彩凤",
            "图片提供   李念刚",
            "《创建全国计划生育优质服务先进区工作情况汇报(第2页)》",
        ] {
            assert!(is_furniture(&normalise(furniture)), "{furniture}");
        }
        for body in [
            "一、加强组织领导",
            "各位代表：",
            "区法院认真受理计生案件，积极配合计生部门，对有能力缴交而又拒不缴交社会抚养费的违生对象，依法采取强制执行措施。",
            "会议时间：2017年3月5日上午9时",
            "县人口计生局",
            "本站全年共开展技术服务1200人次。",
            "（二）未在首页显著位置持续公示终止电子商务的有关信息的；",
            "（四）郁家巷历史文化街区，镇明路-大沙泥街-解放路-仓桥街围合的三角形街区；",
            "（二）登录国家安全机关互联网举报受理平台网站www.12339.gov.cn；",
            "（五）利用广播电台、微信公众号等方式及时发布城市道路拥堵信息，提醒市民及时绕行；",
        ] {
            assert!(!is_furniture(&normalise(body)), "{body}");
        }
    }

    #[test]
    fn titles_are_not_datelines_or_numbered_clauses() {
        assert!(looks_like_title("上海口岸服务条例"));
        assert!(looks_like_title("中华人民共和国乡村振兴促进法"));
        assert!(!looks_like_title("最高人民法院发布"));
        assert!(looks_like_title("2017年计生宣传工作总结"));
        assert!(!looks_like_title("2020年5月14日 上海市第十五届人民代表大会常务委员会《关于修改本市部分地方性法规的决定》第一次修正"));
        assert!(!looks_like_title("第三条 本条例所称地名包括："));
        assert!(!looks_like_title("二〇一六年十二月三十日通过的决定"));
    }

    #[test]
    fn traditional_titles_survive_the_header_zone() {
        let cleaned = clean("鎮計生協會工作總結\n時間:2022-11-11 08:19:00\n一年來,我鎮計生協把每階段協會工作都向黨委政府匯報,爭取了黨政領導的重視和支持,協會工作順利開展。");
        assert_eq!(cleaned.lines[0], "鎮計生協會工作總結");
        assert_eq!(
            cleaned.removed,
            vec!["時間:2022-11-11 08:19:00".to_string()]
        );
    }

    #[test]
    fn keeps_tables_and_headings_of_documents_without_a_page_header() {
        let doc = "# 人体损伤程度鉴定标准\n## 范围\n## 第一章 总则\n| 刑法条文 |罪名 |\n|-----|-----|\n| 第236条 |强奸罪 |\n\
                   本标准规定了人体损伤程度鉴定的原则、方法、内容和等级划分，适用于刑法、刑事诉讼法规定的人体损伤程度鉴定。";
        let cleaned = clean(doc);
        assert_eq!(cleaned.removed, vec!["|-----|-----|".to_string()]);
        assert!(cleaned.lines.contains(&"范围".to_string()));
        assert!(cleaned.lines.contains(&"| 第236条 |强奸罪 |".to_string()));
    }

    #[test]
    fn strips_hidden_text_marker() {
        assert_eq!(
            strip_inline_junk("前文……此处隐藏12345个字……后文"),
            "前文后文"
        );
    }

    #[test]
    fn menus_trails_adverts_and_site_names_are_furniture() {
        let page = "好范文网 - 专业的写作网站\n\
                    首页 · 工作总结 · 工作计划 · 述职报告 · 演讲稿\n\
                    登录 | 注册\n\
                    位置:首页 / 工作总结 / 正文\n\
                    2019年乡镇计划生育工作总结\n\
                    今年以来，我镇计划生育工作取得新成效。\n\
                    广告合作：QQ 12345678  电话：13800000000\n\
                    本文编辑：王芳";
        let cleaned = clean(page);
        assert_eq!(
            cleaned.lines,
            vec![
                "2019年乡镇计划生育工作总结",
                "今年以来，我镇计划生育工作取得新成效。"
            ]
        );
    }

    #[test]
    fn a_portal_menu_one_item_a_line_and_its_footer_are_furniture() {
        let page = "政府工作报告\n\n中国政府网\n\n河北省人大\n\n长者模式\n\n|\n\n繁體中文\n\n无障碍\n\n首页\n\n领导之窗\n\n\
                    各位代表：\n\n现在，我代表省人民政府，向大会报告工作。\n\n\
                    网站标识码：1300000038\n\n冀公网安备 13010202002023号\n\n您访问的链接即将离开“河北省人民政府”门户网站 是否继续？";
        let cleaned = clean(page);
        assert_eq!(
            cleaned.lines,
            vec![
                "政府工作报告",
                "各位代表：",
                "现在，我代表省人民政府，向大会报告工作。"
            ]
        );
        assert_eq!(cleaned.removed.len(), 11);
    }

    #[test]
    fn short_headings_and_table_cells_are_not_a_menu() {
        let text =
            "项目\n2023年\n增长\n产值\n12.5\n8%\n一、总则\n二、目标\n三、任务\n四、保障\n五、附则";
        assert_eq!(clean(text).removed, Vec::<String>::new());
    }

    #[test]
    fn a_bare_date_line_and_a_notice_contact_are_kept() {
        let text = "关于开展安全生产检查的通知\n各单位：请于月底前完成自查。\n\
                    联系人：张三，联系电话：0531-86061234\n2022-03-15\n2018年3月2日 施行";
        let cleaned = clean(text);
        assert_eq!(cleaned.removed, Vec::<String>::new());
    }
}
