//! Cleaning: removes the furniture of scraped pages (navigation, bylines,
//! share buttons, hotlines, related-article lists, copyright lines) and keeps
//! every line of the report itself.
//!
//! The rules work on classes of lines and on where they sit (the header zone
//! before the report starts, the tail after a "related articles" marker), not
//! on exact strings from particular sites.

use crate::analysis::normalise;

/// A cleaned text: the kept lines (original characters) and the dropped ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub lines: Vec<String>,
    /// `lines` normalised (see [`normalise`]), for the stages that match on them.
    pub normalised: Vec<String>,
    pub removed: Vec<String>,
    /// In a hard-wrapped text, the runs of `lines` that are one line of
    /// their writer's (see [`crate::reflow`]), as the cleaner told them.
    pub runs: Option<Vec<std::ops::Range<usize>>>,
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
    "索引号",
    "发布机构",
    "主题分类",
    "体裁分类",
    "成文日期",
    "公开日期",
    "有效性",
    "公开程序",
    "公开方式",
    "公开范围",
    "责任部门",
];

/// Labels that a page shows with nothing after them: a line that is one of
/// these and a colon (`评论：`, `分享到：`, `当前位置：`, `字体：`) is a
/// widget's caption. `各位代表：` is the report's own.
const EMPTY_LABELS: &[&str] = &[
    "评论",
    "内容摘要",
    "摘要",
    "分享到",
    "分享",
    "当前位置",
    "您现在的位置",
    "您的位置",
    "位置",
    "字体",
    "字号",
    "标签",
    "阅读",
    "浏览",
    "点击",
    "来源",
    "发布时间",
    "发布日期",
];

/// Words of a rights notice (a licence, a copyright claim), which pages
/// append after the text: `…属于公有领域。`, `版权归原作者所有`.
const RIGHTS_WORDS: &[&str] = &[
    "公有领域",
    "public domain",
    "版权归",
    "知识共享",
    "许可协议",
    "转载请注明",
    "如有侵权",
];

/// How a rights notice opens when its links break it over several lines.
const NOTICE_OPENERS: &[&str] = &["本作品", "本文", "本站", "本网", "本页面", "本网站"];

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
    "立即下载",
    "免费下载",
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
    "点击查阅",
    "点击查看",
    "点此阅读",
    "点击阅读",
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
    "相关链接",
    "友情链接",
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

/// Sales and service words of an advert with a number to call.
const SALES_WORDS: &[&str] = &[
    "广告",
    "商务合作",
    "合作",
    "客服",
    "qq",
    "投稿",
    "加盟",
    "代理",
];

/// A site's registration and credit marks, set in its footer.
const SITE_MARKS: &[&str] = &[
    "版权所有",
    "ICP备",
    "公网安备",
    "网站标识码",
    "技术支持",
    "主办单位",
    "承办单位",
];

/// Other words that [`is_furniture`]'s worded tests look for.
const OTHER_CHROME_WORDS: &[&str] = &["热线", "www.", "http", "首页"];

/// Every word list of [`is_furniture`]'s worded tests.
const WORDED_TESTS_VOCABULARY: [&[&str]; 7] = [
    META_LABELS,
    CREDIT_LABELS,
    STRONG_CHROME_WORDS,
    CHROME_WORDS,
    SALES_WORDS,
    SITE_MARKS,
    OTHER_CHROME_WORDS,
];

/// Whether a line holds any word that one of [`is_furniture`]'s worded
/// tests looks for. Most lines are body text and hold none; one scan of
/// them replaces some 150 substring searches, which were the indexer's
/// largest cost after tantivy's own (2026-12-07).
fn holds_chrome_words(norm: &str) -> bool {
    static VOCABULARY: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    let vocabulary = VOCABULARY.get_or_init(|| {
        let words = WORDED_TESTS_VOCABULARY.concat();
        // A DFA: twice as fast as the default automaton on these lines.
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(words)
            .ok()
    });
    // Without the automaton every worded test runs, as before it existed.
    vocabulary.as_ref().is_none_or(|v| v.is_match(norm))
}

/// Removes furniture from decoded text.
pub fn clean(text: &str) -> Cleaned {
    let (lines, runs) = laid_lines(text);
    // Classify on normalised lines (traditional, full-width), keep originals.
    let norms: Vec<String> = lines.iter().map(|l| normalise(l)).collect();
    let furniture: Vec<bool> = match &runs {
        // A hard-wrapped text is told apart as its writer's lines: the last
        // piece of a wrapped sentence is no menu item.
        Some(runs) => {
            let whole = furniture_lines(&crate::reflow::joined(&norms, runs));
            runs.iter()
                .zip(whole)
                .flat_map(|(run, furniture)| run.clone().map(move |_| furniture))
                .collect()
        }
        None => furniture_lines(&norms),
    };
    let mut cleaned = Cleaned::default();
    let mut kept_as = vec![None; lines.len()];
    for (i, ((line, norm), furniture)) in lines.iter().zip(&norms).zip(furniture).enumerate() {
        if line.is_empty() {
            continue;
        }
        if furniture {
            cleaned.removed.push(line.clone());
        } else {
            kept_as[i] = Some(cleaned.lines.len());
            let kept = strip_markdown(line);
            let stripped = line.chars().count() - kept.chars().count();
            cleaned
                .normalised
                .push(norm.chars().skip(stripped).collect());
            cleaned.lines.push(kept.to_string());
        }
    }
    cleaned.runs = runs.map(|runs| kept_runs(&runs, &kept_as));
    cleaned
}

/// The runs of lines as runs of the kept lines (`kept_as[i]` is where line
/// `i` was kept, if it was); a run is kept or removed whole.
fn kept_runs(
    runs: &[std::ops::Range<usize>],
    kept_as: &[Option<usize>],
) -> Vec<std::ops::Range<usize>> {
    runs.iter()
        .filter_map(|run| {
            let mut kept = run
                .clone()
                .filter_map(|i| kept_as.get(i).copied().flatten());
            let first = kept.next()?;
            let last = kept.next_back().unwrap_or(first);
            Some(first..last + 1)
        })
        .collect()
}

/// Which of the normalised lines are furniture: first each line by its
/// class and place (the header zone, a related list, a menu run, a second
/// copy of the text), then the footer, which is found from what the first
/// pass left.
fn furniture_lines(norms: &[String]) -> Vec<bool> {
    let list_start = related_list_start(norms);
    let body_start = first_body_line(norms);
    // A page's header, counters and abstract sit within its first lines;
    // the bound keeps a text with no sentence mark at all from costing the
    // square of its length.
    const OPENING_LINES: usize = 80;
    let opening = first_running_line(norms, OPENING_LINES);
    let repeated = repeated_copy(norms);
    let menu = menu_runs(norms);
    let directory = directory_runs(norms);
    let mut furniture: Vec<bool> = norms
        .iter()
        .enumerate()
        .map(|(i, norm)| {
            repeated[i]
                || i >= list_start
                || is_furniture(norm)
                || is_empty_label(norm)
                || is_social_link(norm)
                || (i < body_start && is_header_chrome(norm))
                || (i < opening && is_opening_chrome(norms, i))
                || (menu[i] && !looks_like_title(norm))
        })
        .collect();
    mark_directories(&mut furniture, &directory, norms);
    let footer = footer_start(norms, &furniture);
    for flag in &mut furniture[footer..] {
        *flag = true;
    }
    furniture
}

/// Index of the first line of running text: a sentence of some length.
/// Above it a page has its header, counters and abstract.
fn first_running_line(norms: &[String], within: usize) -> usize {
    let within = within.min(norms.len());
    // A site's abstract is a sentence too, but the text repeats it below.
    (0..within)
        .find(|&i| {
            let l = &norms[i];
            char_len(l) >= 20
                && ends_sentence(l)
                && !is_furniture(l)
                && !repeats_what_follows(norms, i)
        })
        .unwrap_or(within)
}

/// Chrome that sits above the text's first sentence: a counter (`147`),
/// a site's abstract that repeats the opening, a line said twice.
fn is_opening_chrome(norms: &[String], i: usize) -> bool {
    let line = norms[i].trim();
    let counter =
        !line.is_empty() && char_len(line) <= 7 && line.chars().all(|c| c.is_ascii_digit());
    let said_twice = !line.is_empty()
        && norms[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|previous| previous.trim() == line);
    let caption = EMPTY_LABELS.contains(&line);
    counter || caption || said_twice || repeats_what_follows(norms, i)
}

/// A site's abstract: a long line whose opening the lines after it repeat
/// (`内容摘要：` then the first hundred characters of the report run
/// together).
fn repeats_what_follows(norms: &[String], i: usize) -> bool {
    let compact = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let line = compact(&norms[i]);
    // An abstract runs on for a paragraph, a site's excerpt of a few
    // hundred characters; a title repeated below is no abstract, nor is a
    // cover note that quotes the attachment it sends.
    if !(50..=300).contains(&char_len(&line)) || looks_like_title(&norms[i]) {
        return false;
    }
    // A line found again whole is the first of two copies, not an abstract.
    if norms[i + 1..].contains(&norms[i]) {
        return false;
    }
    // `内容摘要：…` glued to its caption: the caption is no part of the text.
    let body = match line.split_once(':') {
        Some((label, rest)) if char_len(label) <= 6 => rest,
        _ => line.as_str(),
    };
    let head: String = body.chars().take(30).collect();
    let after: String = norms[i + 1..].iter().take(12).map(|l| compact(l)).collect();
    after.chars().take(400).collect::<String>().contains(&head)
}

/// `评论：`, `分享到：`: a widget's caption with nothing after it.
fn is_empty_label(norm: &str) -> bool {
    norm.trim()
        .strip_suffix(':')
        .is_some_and(|label| EMPTY_LABELS.contains(&label.trim()))
}

/// The second copy of a text a page carries twice (a screen view and a
/// print view): a run of lines that repeats an earlier run line for line,
/// of at least `REPEATED_CHARS` characters, when such runs carry a third
/// of the page's text, and the short lines between the two copies (the first view's footer,
/// the second's header). A law that repeats a list of items in its penalty
/// article repeats far less than a third of itself.
fn repeated_copy(norms: &[String]) -> Vec<bool> {
    const REPEATED_CHARS: usize = 120;
    let page_chars: usize = norms.iter().map(|l| char_len(l)).sum();
    let mut repeated = vec![false; norms.len()];
    let runs = repeated_runs(norms, REPEATED_CHARS);
    // The second view begins after the first ends, and the first ends with
    // the last line any run repeats; a list said twice inside the first
    // view is the text's own.
    let first_view_end = runs.iter().map(|r| r.copied_end).max().unwrap_or(0);
    let second_view: Vec<&RepeatedRun> = runs
        .iter()
        .filter(|r| r.lines.start >= first_view_end)
        .collect();
    // Adverts set into one view break its copy into runs; together they
    // still carry the text.
    let copied_chars: usize = second_view.iter().map(|r| r.chars).sum();
    if copied_chars * 3 < page_chars {
        return repeated;
    }
    let mut previous_end = first_view_end;
    for run in second_view {
        // Between the views: the first's footer, the second's header.
        let gap = previous_end.min(run.lines.start)..run.lines.start;
        let short_gap = norms[gap.clone()].iter().all(|l| char_len(l) <= 40);
        let from = if short_gap {
            gap.start
        } else {
            run.lines.start
        };
        for flag in &mut repeated[from..run.lines.end] {
            *flag = true;
        }
        previous_end = run.lines.end;
    }
    repeated
}

/// A run of lines equal, line for line, to an earlier run.
struct RepeatedRun {
    lines: std::ops::Range<usize>,
    /// Where the earlier run it repeats ends.
    copied_end: usize,
    chars: usize,
}

/// The runs of at least `min_chars` characters that repeat earlier lines,
/// in page order; each is aligned on the first place its lines were said.
fn repeated_runs(norms: &[String], min_chars: usize) -> Vec<RepeatedRun> {
    let mut runs = Vec::new();
    // FxHash: every long line of every text is hashed here.
    let mut first_at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut i = 0;
    while i < norms.len() {
        let line = norms[i].as_str();
        let Some(&j) = first_at.get(line).filter(|_| char_len(line) > 30) else {
            if char_len(line) > 30 {
                first_at.insert(line, i);
            }
            i += 1;
            continue;
        };
        let offset = i - j;
        let mut start = i;
        while start > offset && norms[start - 1] == norms[start - 1 - offset] {
            start -= 1;
        }
        let mut end = i + 1;
        while end < norms.len() && norms[end] == norms[end - offset] {
            end += 1;
        }
        let chars: usize = norms[start..end].iter().map(|l| char_len(l)).sum();
        if chars >= min_chars {
            runs.push(RepeatedRun {
                lines: start..end,
                copied_end: end - offset,
                chars,
            });
        }
        i = end;
    }
    runs
}

/// Index from which the rest of the page is its footer (or `len`): a
/// rights notice near the end, or the short lines after the text's last
/// sentence and its signature, when the first pass found furniture among
/// them or they are the site's social links.
fn footer_start(norms: &[String], furniture: &[bool]) -> usize {
    let kept: Vec<usize> = (0..norms.len())
        .filter(|&i| !furniture[i] && !norms[i].trim().is_empty())
        .collect();
    rights_notice_start(norms, &kept)
        .or_else(|| tail_footer_start(norms, furniture, &kept))
        .unwrap_or(norms.len())
}

/// A rights notice among the last lines, with the fragments of its sentence
/// before it (pages break it where its links were).
fn rights_notice_start(norms: &[String], kept: &[usize]) -> Option<usize> {
    const LAST_LINES: usize = 40;
    let tail = &kept[kept.len().saturating_sub(LAST_LINES)..];
    let at = tail.iter().position(|&i| {
        // Lowercasing never shortens a line: a long one is passed over
        // before it is lowercased.
        if char_len(&norms[i]) > 40 {
            return false;
        }
        let lower = norms[i].to_lowercase();
        char_len(&lower) <= 40
            && !starts_with_section_number(&lower)
            && RIGHTS_WORDS.iter().any(|w| lower.contains(w))
    })?;
    // A notice broken by its links runs on line after line from its opener
    // (`本作品是…`, `本站文章…`); without one only the rights line itself
    // and what follows go, so an attachment's caption above it stays.
    let adjacent = |k: usize| (tail[k - 1] + 1..tail[k]).all(|j| !norms[j].trim().is_empty());
    let mut start = at;
    let mut opener = None;
    while start > 0
        && at - start < 12
        && adjacent(start)
        && !ends_running_sentence(&norms[tail[start - 1]])
        && !belongs_to_document(norms, tail[start - 1])
        && char_len(&norms[tail[start - 1]]) <= 100
    {
        start -= 1;
        if NOTICE_OPENERS
            .iter()
            .any(|o| norms[tail[start]].trim().starts_with(o))
        {
            opener = Some(start);
        }
    }
    let start = opener.unwrap_or(at);
    let rest = &tail[start..];
    rest.iter()
        .all(|&i| char_len(&norms[i]) <= 100)
        .then(|| tail[start])
}

/// The short lines after the text's last sentence, from the first line of
/// furniture among them on (`分享到：` and the titles it links to, `©` and
/// the prompts after it): a footer's links name no furniture word
/// themselves. The document's own close (signature, date, attachments)
/// stays wherever it sits.
fn tail_footer_start(norms: &[String], furniture: &[bool], kept: &[usize]) -> Option<usize> {
    let last_sentence = kept
        .iter()
        .rposition(|&i| is_last_sentence_candidate(&norms[i]));
    let after = last_sentence.map_or(0, |p| kept[p] + 1);
    let from = (after..norms.len()).find(|&i| furniture[i] && !norms[i].trim().is_empty())?;
    let from = sidebar_start(norms, after, from);
    let rest: Vec<usize> = kept.iter().copied().filter(|&i| i > from).collect();
    let all_short = rest.iter().all(|&i| char_len(&norms[i]) <= 40);
    let closes_document = rest.iter().any(|&i| belongs_to_document(norms, i));
    (all_short && !closes_document && !rest.is_empty()).then_some(from)
}

/// Where a sidebar above the footer begins (`热点专题` / `优化营商环境` /
/// `乡村振兴` / `安全生产`): three or more short lines between the text's
/// last sentence and the footer, without figures (a table's cells have
/// them), none of them a name or closing the document. Else `footer`.
fn sidebar_start(norms: &[String], after: usize, footer: usize) -> usize {
    const SIDEBAR_ITEM_CHARS: usize = 12;
    let lines: Vec<usize> = (after..footer)
        .filter(|&i| !norms[i].trim().is_empty())
        .collect();
    let sidebar = lines.len() >= 3
        && lines.iter().all(|&i| {
            let line = norms[i].trim();
            // Topics, not a list of names: people's (张三) are shorter, and
            // bodies (市财政局) may close a commendation's list.
            (4..=SIDEBAR_ITEM_CHARS).contains(&char_len(line))
                && !crate::text::ends_with_org(line)
                && !line.chars().any(|c| c.is_ascii_digit())
                && !ends_sentence(line)
                && !belongs_to_document(norms, i)
        });
    match lines.first() {
        Some(&first) if sidebar => first,
        _ => footer,
    }
}

/// A line of running text that may close the document: a sentence of some
/// length, or a short one ended by a full stop (`本修正案自公布之日起施行。`);
/// a short headline in quotes (`盘点港台“十大美腿”`) is a link.
fn is_last_sentence_candidate(line: &str) -> bool {
    let len = char_len(line);
    (len >= 15 && ends_running_sentence(line))
        || (len >= 8 && line.trim_end().ends_with(['。', '！', '？', '!', '?']))
}

/// A line of the document's own close: its signature, date, attachments,
/// copy list; a run of four or more bodies' names is a directory instead.
fn belongs_to_document(norms: &[String], i: usize) -> bool {
    let line = norms[i].trim();
    // 续表 carries a table over a page break, 附图/附表/附录 close a statute,
    // 此复/特此通知 a reply or a notice.
    const CLOSE: &[&str] = &[
        "此复",
        "特此",
        "附件",
        "附图",
        "附表",
        "附录",
        "续表",
        "抄送",
        "印发",
        "主题词",
        "联系人",
        "联系电话",
        "(此件",
        "此件",
    ];
    // `河北省人民政府办公厅　2022年11月4日`: a signature with its date.
    let signed = char_len(line) <= 40 && line.ends_with('日') && line.contains('年');
    if CLOSE.iter().any(|c| line.starts_with(c))
        || starts_with_date(line)
        || is_date_line(line)
        || signed
    {
        return true;
    }
    if !crate::text::ends_with_org(line) {
        return false;
    }
    let org = |k: usize| crate::text::ends_with_org(norms[k].trim()) && char_len(&norms[k]) <= 20;
    let run_before = (0..i).rev().take_while(|&k| org(k)).count();
    let run_after = (i + 1..norms.len()).take_while(|&k| org(k)).count();
    run_before + 1 + run_after < 4
}

/// Lines in runs of five or more bodies' bare names, one a line
/// (`省发展和改革委员会`, `省教育厅`, …): a portal's directory of
/// departments. A signature is one or two such lines.
fn directory_runs(norms: &[String]) -> Vec<bool> {
    let org = |l: &str| {
        let l = l.trim();
        (3..=20).contains(&char_len(l))
            && crate::text::ends_with_org(l)
            && !l
                .chars()
                .any(|c| c.is_ascii_digit() || "，,。：:；;、".contains(c))
    };
    let mut directory = vec![false; norms.len()];
    let mut i = 0;
    while i < norms.len() {
        let run = norms[i..].iter().take_while(|l| org(l)).count();
        if run >= 5 {
            for flag in &mut directory[i..i + run] {
                *flag = true;
            }
        }
        i += run.max(1);
    }
    directory
}

/// Marks the directory runs that furniture borders (the line just before
/// or after, blank lines aside): a portal's list of departments sits among
/// its links, while a document's own list of bodies (the courts a rule
/// names) sits among its text.
fn mark_directories(furniture: &mut [bool], directory: &[bool], norms: &[String]) {
    let n = norms.len();
    let mut i = 0;
    while i < n {
        if !directory[i] {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&k| !directory[k]).unwrap_or(n);
        let before = (0..i).rev().find(|&k| !norms[k].trim().is_empty());
        let after = (end..n).find(|&k| !norms[k].trim().is_empty());
        if before.is_some_and(|k| furniture[k]) || after.is_some_and(|k| furniture[k]) {
            for flag in &mut furniture[i..end] {
                *flag = true;
            }
        }
        i = end;
    }
}

/// `2024年7月4日`, `二〇〇四年五月十日`: a date alone on its line.
fn is_date_line(line: &str) -> bool {
    char_len(line) <= 16 && line.contains('年') && line.contains('月') && line.ends_with('日')
}

/// `河北省人民政府微信`, `政务微博`: a link to the site's social accounts.
fn is_social_link(norm: &str) -> bool {
    const CHANNELS: &[&str] = &[
        "微信",
        "微博",
        "客户端",
        "公众号",
        "抖音号",
        "头条",
        "视频号",
    ];
    let line = norm.trim();
    let channel = |item: &str| CHANNELS.iter().any(|w| item.ends_with(w));
    // `政务微博 政务微信 政务头条`: a row of channels.
    let row = || {
        line.split_whitespace().count() >= 2
            && line
                .split_whitespace()
                .all(|item| char_len(item) <= 8 && channel(item))
    };
    line == "©"
        || char_len(line) <= 20 && !starts_with_section_number(line) && (channel(line) || row())
}

/// Whether a line ends a sentence of running text (not a label's colon).
fn ends_running_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['。', '！', '？', '!', '?', '”', '…'])
}

/// The text's lines, trimmed, with the paragraph breaks of a flattened
/// page put back ([`restore_paragraphs`], [`split_addressee`]), and, in a
/// hard-wrapped text, the runs of them that are one line of their
/// writer's. The wrap is told from the lines as laid out, before breaks
/// are put back: a wrapped line that holds the end of one paragraph and the
/// start of the next (`适用本规定。　　本规定所称…`) reaches the width, but
/// its pieces do not, and would read as a text of short lines.
fn laid_lines(text: &str) -> (Vec<String>, Option<Vec<std::ops::Range<usize>>>) {
    let tidy = |line: &str| strip_inline_junk(line).trim().to_string();
    // An indent takes its width on the page as any character does.
    let physical: Vec<String> = text
        .lines()
        .map(|line| strip_inline_junk(line).trim_end().to_string())
        .collect();
    let wrapped = crate::reflow::wrapped_runs(&physical);
    let first = text.lines().position(|l| !l.trim().is_empty());
    let mut lines = Vec::with_capacity(physical.len());
    // For each line, the physical line it is on and whether it opens it.
    let mut origin = Vec::with_capacity(physical.len());
    for (i, line) in text.lines().enumerate() {
        let opening = Some(i) == first;
        let restored = restore_paragraphs(line);
        if let (false, std::borrow::Cow::Borrowed(_), Some(stripped)) =
            (opening, &restored, physical.get(i))
        {
            // The line as it stands, one piece: its tidy form is the
            // physical line's, junk already stripped.
            lines.push(stripped.trim_start().to_string());
            origin.push((i, true));
            continue;
        }
        let restored = if opening {
            split_addressee(&restored).into_owned()
        } else {
            restored.into_owned()
        };
        let mut pieces = restored.lines().peekable();
        if pieces.peek().is_none() {
            lines.push(String::new());
            origin.push((i, true));
        }
        for (k, piece) in pieces.enumerate() {
            lines.push(tidy(piece));
            origin.push((i, k == 0));
        }
    }
    let runs = wrapped.map(|runs| {
        let opens_run: std::collections::HashSet<usize> = runs.iter().map(|r| r.start).collect();
        let mut pieces: Vec<std::ops::Range<usize>> = Vec::with_capacity(runs.len());
        for (at, &(i, opens_line)) in origin.iter().enumerate() {
            match pieces.last_mut() {
                Some(run) if opens_line && !opens_run.contains(&i) => run.end = at + 1,
                _ => pieces.push(at..at + 1),
            }
        }
        pieces
    });
    (lines, runs)
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

/// A page flattened with no paragraph marks at all still opens with its
/// addressee (`各设区市人民政府，省政府各部门：为…`), which a 公文 always sets
/// on a line of its own: puts that line break back.
fn split_addressee(text: &str) -> std::borrow::Cow<'_, str> {
    let start = text.len() - text.trim_start().len();
    let first = text[start..].lines().next().unwrap_or("");
    match addressee_len(first) {
        Some(len) if !first[len..].trim().is_empty() => {
            let at = start + len;
            format!("{}\n{}", &text[..at], &text[at..]).into()
        }
        _ => text.into(),
    }
}

/// Bytes of the addressee that opens `line`, colon included: bodies'
/// names (`承德市人民政府`, `雄安新区管委会`) and classes of them
/// (`省政府各部门`, `各县（市、区）人民政府`), separated by `，` or `、`.
pub(crate) fn addressee_len(line: &str) -> Option<usize> {
    const CLASSES: &[&str] = &["部门", "单位", "机构", "机关"];
    let (items, end) = addressee_items(line)?;
    let is_body = |item: &str| {
        let item = item.trim();
        (2..=30).contains(&char_len(item))
            && !item.contains(['。', '；', '《'])
            && (crate::text::ends_with_org(item) || CLASSES.iter().any(|c| item.ends_with(c)))
    };
    items.iter().all(|item| is_body(item)).then_some(end)
}

/// Whether `line` is an addressee and nothing more (`石家庄市人民政府：`).
pub(crate) fn is_addressee_line(line: &str) -> bool {
    addressee_len(line) == Some(line.len())
}

/// The items before the first colon of `line` (within its first 150
/// characters), split at `，` and `、` outside brackets (`各市（含定州、
/// 辛集市）人民政府` is one item), and the byte just past that colon.
pub(crate) fn addressee_items(line: &str) -> Option<(Vec<&str>, usize)> {
    let colon = line
        .char_indices()
        .take(150)
        .find(|(_, c)| *c == '：' || *c == ':')
        .map(|(i, _)| i)?;
    let head = &line[..colon];
    let mut items = Vec::new();
    let (mut depth, mut from) = (0usize, 0usize);
    for (i, c) in head.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '，' | '、' | ',' if depth == 0 => {
                items.push(&head[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(&head[from..]);
    let end = colon + line[colon..].chars().next().map_or(0, char::len_utf8);
    Some((items, end))
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
        // A widget's caption (`字体：`) sits inside its run of items.
        if line.trim().is_empty() || is_empty_label(line) {
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
    let invisible = |c: char| {
        matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        ) || is_private_use(c)
    };
    // Most lines hold none: copied whole rather than char by char.
    let mut out: String = if line.chars().any(|c| invisible(c) || c == '\u{00A0}') {
        line.chars()
            .filter(|c| !invisible(*c))
            .map(|c| if c == '\u{00A0}' { ' ' } else { c })
            .collect()
    } else {
        line.to_string()
    };
    if out.contains("??") {
        out = unmangled_spaces(&out);
    }
    if !out.contains("此处隐藏") {
        return out;
    }
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

/// A private-use code point: a PDF font's glyph with no character behind
/// it (`…无障碍通道；\u{E004}`), which hides how a line ends.
fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// `县长????尤志敬`: spaces that a conversion to a narrower encoding turned
/// into question marks. A run of two or more beside a Chinese character is
/// layout; a lone `?` or one between Latin words is text.
fn unmangled_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|&&c| c == '?').count();
        if run == 0 {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let beside_han = (i > 0 && crate::text::is_han(chars[i - 1]))
            || chars.get(i + run).is_some_and(|&c| crate::text::is_han(c));
        if run >= 2 && beside_han {
            out.push(' ');
        } else {
            out.extend(&chars[i..i + run]);
        }
        i += run;
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
    // work), except a breadcrumb trail ending in a long title and a row of
    // publication fields.
    // Every worded test below needs one of these words.
    let worded = holds_chrome_words(norm);
    if len > 60 && !(worded && is_long_chrome(norm, len)) {
        return false;
    }
    if is_page_marker(norm) {
        return true;
    }
    let labels = if worded {
        META_LABELS
            .iter()
            .filter(|label| {
                norm.match_indices(**label).any(|(pos, _)| {
                    // A label starts a field, after at most two characters of its
                    // own (`本文编辑：`, `文章来源：`): `会议时间：` is body text.
                    let field_head = norm[..pos]
                        .chars()
                        .rev()
                        .take_while(|c| !c.is_whitespace())
                        .count();
                    let starts_field = field_head <= 2
                        && !norm[..pos].ends_with("会议")
                        && !norm[..pos].ends_with("活动");
                    let after = norm[pos + label.len()..].trim_start();
                    starts_field && after.starts_with(':')
                })
            })
            .count()
    } else {
        0
    };
    let credits = worded
        && CREDIT_LABELS.iter().any(|label| {
            norm.match_indices(label)
                .any(|(pos, _)| norm[pos + label.len()..].starts_with([' ', ':', '/']))
        });
    let strong_chrome = worded && STRONG_CHROME_WORDS.iter().any(|w| norm.contains(w));
    let hotline = worded && norm.contains("热线") && longest_digit_run(norm) >= 7;
    let chrome = worded && CHROME_WORDS.iter().any(|w| norm.contains(w));
    let breadcrumb = norm.matches('>').count() >= 2 || norm.contains(">>") || norm.contains("»");
    // A trail from the home page may end in a long page title.
    if worded && (breadcrumb && norm.contains("首页") || is_trail(norm)) && len <= 160 {
        return true;
    }
    if is_menu(norm) || worded && is_advert(norm) {
        return true;
    }
    let url = worded && (norm.contains("www.") || norm.contains("http"));
    // A table row (`| 第236条 | 强奸罪 |`) is body; a menu (`首页 | 新闻 | 关于`) is not.
    let table_row = norm.starts_with('|') && norm.ends_with('|');
    if table_row {
        return norm.chars().all(|c| "|-: ".contains(c));
    }
    let pipes = norm.matches(['|', '-']).count();
    strong_chrome
        || credits && len <= 40
        || (chrome || hotline) && !ends_sentence(line) && !starts_with_section_number(line)
        || labels >= 1 && len <= 40
        || labels >= 2
        || breadcrumb && len <= 40
        || url && len <= 60 && !ends_sentence(line)
        || pipes >= 3 && len <= 40 && !ends_sentence(line)
        || is_dateline_stamp(norm)
        || is_calendar_widget(norm)
}

/// A portal's calendar (`今天是：2023年2月10日 星期五`): a date with its
/// weekday and nothing else. A meeting notice's `时间：2024年1月12日（星期五）下午3:00`
/// says more, and stays.
fn is_calendar_widget(norm: &str) -> bool {
    const WEEKDAYS: &str = "一二三四五六日天";
    let line = norm.trim();
    let line = ["今天是", "今天", "今日", "当前日期"]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .unwrap_or(line);
    let Some(at) = line.find("星期") else {
        return false;
    };
    let after = &line[at + "星期".len()..];
    let Some(day) = after.chars().next().filter(|c| WEEKDAYS.contains(*c)) else {
        return false;
    };
    let rest = format!("{}{}", &line[..at], &after[day.len_utf8()..]);
    let is_date_part = |c: char| c.is_ascii_digit() || "年月日:：()（） ".contains(c);
    rest.contains('年') && rest.chars().all(is_date_part)
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
    const SEPARATORS: [char; 5] = ['|', '｜', '·', '•', '/'];
    if char_len(norm) > 100 {
        return false;
    }
    // Four items need three separators at least.
    let explicit =
        norm.matches(SEPARATORS).nth(2).is_some() && short_items(norm.split(SEPARATORS).collect());
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
    char_len(norm) <= 60
        && longest_digit_run(norm) >= 5
        && SALES_WORDS.iter().any(|w| norm.contains(w))
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
    // 首页 alone is also a home-page link, or a word in a sentence. Every
    // marker of paging holds 页; most lines do not.
    let paging = t.contains('页')
        && (t.contains("下一页")
            || t.contains("上一页")
            || t.contains("尾页")
            || is_page_number_suffix(t)
            || is_page_of_pages(t));
    paging && char_len(t) <= 30 && !ends_sentence(t) || is_folio(t)
}

/// `— 3 —`, `-12-`: the page number a 公文 prints between dashes (GB/T
/// 9704), left in by PDF extraction. A bare number may be a table's cell;
/// between dashes it is the page's.
fn is_folio(t: &str) -> bool {
    const DASHES: &[char] = &['-', '—', '－', '─', '–'];
    let inner = t.strip_prefix(DASHES).and_then(|r| r.strip_suffix(DASHES));
    inner.is_some_and(|n| {
        let n = n.trim();
        (1..=4).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit())
    })
}

/// `第 1 页 共 3 页`, `第1页/共3页`: a viewer's page count.
fn is_page_of_pages(t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    fn counted(s: &str, open: char) -> Option<&str> {
        let rest = s.strip_prefix(open)?;
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits > 0).then_some(())?;
        rest[digits..].strip_prefix('页')
    }
    counted(&compact, '第')
        .map(|r| r.trim_start_matches(['/', ',', '，']))
        .and_then(|r| counted(r, '共'))
        .is_some_and(str::is_empty)
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

/// Chrome that runs longer than a short line: a breadcrumb trail, a row of
/// publication fields, a footer set as one line.
fn is_long_chrome(norm: &str, len: usize) -> bool {
    is_trail(norm)
        || norm.contains("首页") && norm.contains('>')
        || len <= 160 && is_stamp_row(norm)
        || len <= 200 && is_site_footer(norm)
}

/// A portal's footer set as one line (`版权所有：… 技术支持：… 鄂ICP备… 网站标识码…`):
/// two of a site's registration and credit marks, which no document cites
/// together.
fn is_site_footer(norm: &str) -> bool {
    // An event's plan names its 主办单位 and 承办单位 on one line too; a
    // site's footer carries its registration.
    const REGISTRATION: &[&str] = &["版权所有", "ICP备", "公网安备", "网站标识码"];
    SITE_MARKS.iter().filter(|m| norm.contains(*m)).count() >= 2
        && REGISTRATION.iter().any(|m| norm.contains(m))
}

/// A portal's row of publication fields, long with its widgets
/// (`发布时间：… 来源：… 浏览次数：… 字号：[大 中 小] 打印本页`): three labels,
/// each opening a field, make it one; body text names one at most.
fn is_stamp_row(norm: &str) -> bool {
    let opens_field = |label: &str| {
        norm.match_indices(label).any(|(pos, _)| {
            let before = norm[..pos].chars().next_back();
            let starts = before.is_none_or(|c| c.is_whitespace());
            starts && norm[pos + label.len()..].trim_start().starts_with(':')
        })
    };
    META_LABELS.iter().filter(|l| opens_field(l)).count() >= 3
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
    if !has_iso_date && !has_time {
        return false;
    }
    let other_text = norm.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    // `2011年01月13日 16:40`: a date the way a site stamps it, with the clock.
    let clock_stamp = has_time && starts_with_date(norm.trim()) && char_len(norm) <= 30;
    // With the clock, a portal's stamp carries its source and font widget
    // along (`2024-01-22 16:05 来源：… 【字体：大 中 小】`); a sentence that names
    // a time is no stamp.
    let widget_stamp = has_time && char_len(norm) <= 60 && !ends_sentence(norm);
    has_iso_date && (char_len(norm) <= 40 && (has_time || other_text) || widget_stamp)
        || clock_stamp
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
    // 法, 函, 规则 and 解释 name a document only as its last word (…保护法,
    // …的函, …议事规则, 最高人民法院关于…的解释); elsewhere they are 法院,
    // 方法, 函数, 规则意识, 解释如下.
    let last_word = line.trim_end_matches(['）', ')']);
    let names_kind = TITLE_WORDS.iter().any(|w| line.contains(w))
        || last_word.ends_with(['法', '函'])
        || last_word.ends_with("规则")
        || last_word.ends_with("解释");
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
        .enumerate()
        // An HTML page's blocks leave empty lines between its items.
        .filter(|(_, l)| !l.trim().is_empty())
        .take(20)
        // Furniture (menus, breadcrumbs) may be long; running text ends the
        // search, and so does a salutation or an addressee (`各位代表：`):
        // the document has begun, and its title was above.
        .take_while(|(_, l)| (char_len(l) < 40 && !l.trim_end().ends_with(':')) || is_furniture(l))
        .find(|(_, l)| looks_like_title(l) && !is_furniture(l))
        .map_or(0, |(i, _)| i)
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
        assert!(looks_like_title(
            "最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释"
        ));
        assert!(!looks_like_title("现就有关问题解释如下："));
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
    fn a_portal_page_loses_its_link_menu_and_stamp_row_but_not_its_text() {
        let page = "<ul><li>首页</li><li>长者模式</li><li>无障碍</li></ul>\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\
                    首页 要闻动态 政务公开 政务服务 互动交流\n\
                    2024年绵阳市人民政府工作报告\n\
                    发布时间：2024-01-25 09:30　来源：市政府办公室　浏览次数：3521　字号：[大 中 小]　打印本页　关闭窗口\n\
                    ——2024年1月19日在绵阳市第八届人民代表大会第四次会议上\n\
                    各位代表：\n\
                    现在，我代表市人民政府向大会报告工作，请予审议。";
        let lines = clean(page).lines;
        assert_eq!(lines[0], "2024年绵阳市人民政府工作报告");
        assert_eq!(lines.len(), 4, "{lines:?}");
    }

    #[test]
    fn a_portal_footer_on_one_line_and_a_clocked_stamp_with_its_widget_are_furniture() {
        let page = "政府工作报告\n2024-01-22 16:05　来源：襄阳市人民政府办公室　【字体：大 中 小】\n\
                    现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。\n\
                    版权所有：襄阳市人民政府办公室　技术支持：襄阳市大数据中心　鄂ICP备05001234号-1　鄂公网安备 42060202000123号　网站标识码：4206000009";
        let cleaned = clean(page);
        assert_eq!(cleaned.lines.len(), 2, "{:?}", cleaned.lines);
        // An event's organisers on one line are no footer.
        assert!(!is_site_footer(
            "主办单位：市文化广电旅游局　承办单位：市图书馆　协办单位：各区文化馆"
        ));
        // A sentence that names a date and a time is no stamp.
        let text = "会议定于2024-01-22 16:05在市政府召开，请各单位主要负责同志准时参加，不得缺席。";
        assert!(clean(text).removed.is_empty());
    }

    #[test]
    fn a_portals_disclosure_record_channels_and_links_go_but_the_notice_stays() {
        let page = "政务微博 政务微信 政务头条\n索引号：11330100002489-2024-00012\n\
                    发布机构：杭州市人民政府办公厅\n主题分类：综合政务\n\
                    杭州市人民政府办公厅关于做好2024年春节期间有关工作的通知\n\
                    各区、县（市）人民政府，市政府各部门：\n\
                    春节将至，为切实做好节日期间各项工作，经市政府同意，现就有关事项通知如下：\n\
                    一、做好市场保供稳价工作。各地要加强重要民生商品供应保障。\n\
                    杭州市人民政府办公厅\n2024年1月15日\n附件下载：春节期间值班安排表.docx\n\
                    相关链接：\n杭州市人民政府\n浙江省人民政府";
        let cleaned = clean(page);
        assert_eq!(cleaned.removed.len(), 7, "{:?}", cleaned.removed);
        assert_eq!(
            cleaned.lines.first().map(String::as_str),
            Some("杭州市人民政府办公厅关于做好2024年春节期间有关工作的通知")
        );
        assert!(cleaned.lines.iter().any(|l| l == "杭州市人民政府办公厅"));
    }

    #[test]
    fn a_sidebar_above_the_footer_goes_but_a_table_or_a_signature_stays() {
        let body = "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员提出意见。\n\
                    今年是实现“十四五”规划目标任务的关键一年，全市上下要共同奋斗。";
        let footer =
            "版权所有：襄阳市人民政府办公室　技术支持：襄阳市大数据中心　网站标识码：4206000009";
        let sidebar = format!("{body}\n热点专题\n优化营商环境\n乡村振兴\n安全生产\n{footer}");
        assert_eq!(clean(&sidebar).lines.len(), 2);
        let table = format!("{body}\n项目\n2023年\n增长8%\n{footer}");
        assert_eq!(clean(&table).lines.len(), 5, "{:?}", clean(&table).lines);
        let signed = format!("{body}\n特此通知\n襄阳市人民政府\n办公室\n{footer}");
        assert!(clean(&signed).lines.iter().any(|l| l == "襄阳市人民政府"));
        let names = format!("{body}\n市财政局\n市教育局\n市民政局\n市卫生健康委员会\n{footer}");
        assert_eq!(clean(&names).lines.len(), 6, "{:?}", clean(&names).lines);
        let people = format!("{body}\n张三\n李四\n王五\n{footer}");
        assert_eq!(clean(&people).lines.len(), 5, "{:?}", clean(&people).lines);
    }

    #[test]
    fn a_viewers_page_count_is_furniture() {
        assert!(is_page_marker("第 1 页 共 3 页"));
        assert!(is_page_marker("第1页/共12页"));
        assert!(!is_page_marker("第1页"));
        assert!(!is_page_marker("共3页"));
    }

    #[test]
    fn a_portal_calendar_is_furniture_but_a_dated_meeting_is_not() {
        let cleaned = clean(
            "今天是：2023年2月10日 星期五\n2023年政府工作报告\n各位代表：\n\
             现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员提出意见。\n\
             会议定于2023年2月10日（星期五）召开\n\
             过去一年，全市经济运行稳中向好，地区生产总值增长百分之六。",
        );
        assert_eq!(cleaned.removed, vec!["今天是：2023年2月10日 星期五"]);
        assert!(is_calendar_widget("2024年1月5日 星期五"));
        assert!(!is_calendar_widget("时间：2024年1月12日（星期五）下午3:00"));
    }

    #[test]
    fn a_pdf_reports_opening_and_salutation_stay_and_its_folio_goes() {
        // The opening, cut by the page's width, mentions 报告 and does not end
        // a clause: no title, and no header zone above it.
        let text = "——2024年1月\n18日在淄博市第十七届人民代表大会第四次会议上\n淄博市市长　马晓\n磊\n\
                    各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员\n\
                    和其他列席人员提出意见。\n— 3 —\n一、2023年工作回顾\n-12-\n过去一年，淄博经济稳中向好，全市地区生产总值增长6.1%。";
        let cleaned = clean(text);
        assert_eq!(cleaned.removed, vec!["— 3 —", "-12-"]);
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
    const REPORT: &[&str] = &[
        "各位代表：",
        "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
        "过去一年，全市经济运行稳中向好，地区生产总值增长百分之六，一般公共预算收入增长百分之八。",
        "今年是全面贯彻落实党的二十大精神的开局之年，做好政府工作意义重大，任务艰巨，使命光荣。",
        "各位代表，新征程上，我们将更加紧密地团结在党中央周围，为建设现代化强市而不懈奋斗！",
    ];

    fn kept(page: &str) -> Vec<String> {
        clean(page).lines
    }

    /// Each of `text` kept exactly once.
    fn assert_kept_once(lines: &[String], text: &[&str]) {
        for line in text {
            let n = lines.iter().filter(|l| l.as_str() == *line).count();
            assert_eq!(n, 1, "{line} kept {n} times: {lines:?}");
        }
    }

    /// No kept line holds any of `gone`.
    fn assert_none_kept(lines: &[String], gone: &[&str]) {
        for word in gone {
            assert!(
                !lines.iter().any(|l| l.contains(word)),
                "{word} kept: {lines:?}"
            );
        }
    }

    #[test]
    fn a_page_that_carries_its_text_twice_keeps_one_copy() {
        let mut page: Vec<&str> = REPORT.to_vec();
        page.extend(["打印本页", "关闭窗口"]);
        page.extend(REPORT);
        let lines = kept(&page.join("\n"));
        assert_kept_once(&lines, REPORT);
    }

    #[test]
    fn a_law_that_repeats_a_list_keeps_both_lists() {
        let items = [
            "（一）擅自在城市道路上设置摊点、堆放物料或者从事其他经营活动的；",
            "（二）擅自在城市道路上挖掘、占用或者改变道路设施用途的；",
            "（三）在城市道路上倾倒垃圾、渣土、污水或者其他废弃物的；",
            "（四）擅自在城市照明设施上张贴、悬挂、设置标识、宣传品或者广告的；",
            "（五）在城市照明设施附近搭设炉灶、焚烧物品或者使用其他明火的。",
        ];
        let articles: Vec<String> = (11..23)
            .map(|n| format!("第{n}条 市政设施管理部门应当加强第{n}类设施的日常巡查，发现损坏的，应当及时组织修复，保障安全。"))
            .collect();
        let mut page = vec!["第十条 禁止下列行为："];
        page.extend(items);
        page.extend(articles.iter().map(String::as_str));
        page.push("第二十三条 有下列行为之一的，由主管部门责令改正，处五百元以上五千元以下罚款：");
        page.extend(items);
        let lines = kept(&page.join("\n"));
        for item in items {
            assert_eq!(
                lines.iter().filter(|l| l.as_str() == item).count(),
                2,
                "{item}"
            );
        }
    }

    #[test]
    fn a_rights_notice_broken_by_its_links_goes_but_a_caption_above_it_stays() {
        let mut page: Vec<&str> = REPORT.to_vec();
        page.extend([
            "",
            "附图：某某市城区道路示意图",
            "本作品是",
            "中华人民共和国的",
            "法律",
            "，根据《",
            "著作权法",
            "》的规定，属于",
            "公有领域",
            "。",
            "Public domain",
        ]);
        let lines = kept(&page.join("\n"));
        assert!(
            lines
                .iter()
                .any(|l| l == "附图:某某市城区道路示意图" || l == "附图：某某市城区道路示意图"),
            "{lines:?}"
        );
        assert_none_kept(
            &lines,
            &["本作品是", "公有领域", "著作权法", "Public domain"],
        );
        assert!(lines.iter().any(|l| l.contains("不懈奋斗")));
    }

    #[test]
    fn a_department_directory_beside_the_copyright_line_is_furniture() {
        let mut page: Vec<&str> = REPORT.to_vec();
        page.extend([
            "某某市人民政府办公室",
            "2023年2月1日",
            "省发展和改革委员会",
            "省教育厅",
            "省科学技术厅",
            "省工业和信息化厅",
            "省民政厅",
            "省财政厅",
            "©",
            "某某市人民政府微信",
            "某某市人民政府微博",
        ]);
        let lines = kept(&page.join("\n"));
        assert!(
            lines.iter().any(|l| l == "某某市人民政府办公室"),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("2023年2月1日")),
            "{lines:?}"
        );
        assert_none_kept(&lines, &["省教育厅", "省财政厅", "©", "微博"]);
    }

    #[test]
    fn counters_an_abstract_and_a_clock_stamp_above_the_text_are_furniture() {
        let abstract_line = format!("内容摘要：{}{}", REPORT[1], REPORT[2]);
        let mut page = vec![
            "某某市2023年政府工作报告",
            "2023年01月13日 16:40",
            "阅读：",
            "270",
            "评论：",
            "0",
            abstract_line.as_str(),
        ];
        page.extend(REPORT);
        let lines = kept(&page.join("\n"));
        assert_eq!(
            lines.first().map(String::as_str),
            Some("某某市2023年政府工作报告"),
            "{lines:?}"
        );
        assert_none_kept(&lines, &["270", "16:40", "内容摘要", "评论"]);
        assert_eq!(lines.len(), 1 + REPORT.len(), "{lines:?}");
    }

    #[test]
    fn links_after_share_buttons_go_but_the_signature_stays() {
        let mut page: Vec<&str> = REPORT.to_vec();
        page.extend([
            "某某县人民政府",
            "2023年1月20日",
            "分享到：",
            "某某县2022年政府工作报告",
            "某某县2024年政府工作报告",
            "点击查阅更多地方政府工作报告",
        ]);
        let lines = kept(&page.join("\n"));
        assert!(lines.iter().any(|l| l == "某某县人民政府"), "{lines:?}");
        assert!(lines.iter().any(|l| l == "2023年1月20日"), "{lines:?}");
        assert_none_kept(
            &lines,
            &[
                "分享到",
                "2022年政府工作报告",
                "2024年政府工作报告",
                "点击查阅",
            ],
        );
    }

    #[test]
    fn question_marks_a_crawler_left_for_spaces_become_a_space() {
        let lines = kept("定兴县人民政府县长?? 吴?? 鹏\n各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员提出意见。");
        assert!(
            lines.iter().any(|l| !l.contains('?') && l.contains("吴")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_page_carried_twice_keeps_the_first_view_whole_around_an_advert() {
        // Articles of under forty characters, as a statute's often are.
        let text = [
            "第一条 为了规范领馆工作，根据有关法律的规定，制定本条例，依照本条例执行。",
            "第二条 领事官员应当是具有派遣国国籍的人，并且依法履行职责，依照本条例执行。",
            "第三条 领馆及其馆长有权在领馆馆舍使用派遣国的国旗和国徽，依照本条例执行。",
            "第四条 领馆馆舍不受侵犯，国家工作人员未经同意不得进入其中，依照本条例执行。",
            "第五条 领馆的档案和文件不受侵犯，任何单位和个人不得查阅，依照本条例执行。",
            "第六条 本条例中领馆成员是指领事官员和领馆行政技术人员，依照本条例执行。",
            "第七条 领馆成员在执行职务时应当尊重所在地的法律和风俗习惯，依照本条例执行。",
            "第八条 领馆可以同所在地的主管机关联系，商谈有关领事事务，依照本条例执行。",
            "第九条 本条例的具体应用问题由外交部负责解释和组织实施，依照本条例执行。",
            "第十条 本条例自公布之日起施行，此前的有关规定同时废止，依照本条例执行。",
        ];
        let mut page: Vec<&str> = text[..5].to_vec();
        page.push("咨询热线：400-461-6158");
        page.extend(&text[5..]);
        page.extend(["打印本页", "关闭窗口"]);
        page.extend(text);
        let lines = kept(&page.join("\n"));
        assert_kept_once(&lines, &text);
    }

    #[test]
    fn a_statutes_last_short_article_and_its_figures_stay_above_the_footer() {
        let footer = [
            "上一篇：2019年区综治自查报告",
            "下一篇：2015年社区信访工作汇报",
            "返回顶部",
        ];
        let article = "第二十一条 本规定由主管部门负责解释，各地可以根据本规定制定实施办法。";
        let advert = "更多范文请访问 www.example.com";
        for (page, own) in [
            (
                vec![article, advert, "本规定自发布之日起施行。"],
                vec!["本规定自发布之日起施行。"],
            ),
            (vec![article, advert, "附图："], vec!["附图："]),
            (vec![article, advert, "此复。"], vec!["此复。"]),
            (vec![article, advert, "续表"], vec!["续表"]),
        ] {
            let lines = kept(&[page, footer.to_vec()].concat().join("\n"));
            for line in own {
                assert!(lines.iter().any(|l| l == line), "{line} lost: {lines:?}");
            }
            assert!(!lines.iter().any(|l| l.contains("上一篇")), "{lines:?}");
        }
    }

    #[test]
    fn a_flattened_notice_gets_its_addressee_line_back() {
        let page = "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：为全面落实省委、省政府工作部署，现将有关事项通知如下。";
        let lines = kept(page);
        assert_eq!(
            lines[0],
            "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门："
        );
        assert_eq!(
            lines[1],
            "为全面落实省委、省政府工作部署，现将有关事项通知如下。"
        );
        // A sentence with a colon in it is no addressee.
        let lines = kept("会议指出：要全面落实省委、省政府工作部署。");
        assert_eq!(lines.len(), 1, "{lines:?}");
    }

    #[test]
    fn every_word_a_worded_test_looks_for_passes_the_gate() {
        for word in WORDED_TESTS_VOCABULARY.concat() {
            assert!(holds_chrome_words(&format!("前文{word}后文")), "{word}");
        }
        assert!(!holds_chrome_words(
            "第二条 本市行政区域内的公园适用本条例。"
        ));
    }
}
