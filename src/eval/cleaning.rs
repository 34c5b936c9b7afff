//! Furniture removal measured on generated pages: documents of a corpus
//! (their lines as the cleaner keeps them on their own) are wrapped in page
//! furniture drawn at random from the kinds scraped report pages carry —
//! site names and menus, breadcrumbs, bylines, font-size and print bars,
//! share buttons, hotlines and ads, hidden-text and pagination junk inside
//! the text, related-article lists, previous/next links, editors, links,
//! copyright and ICP lines, QR-code and back-to-top prompts. The cleaner
//! should remove the furniture and keep every body line.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::facets::{described_folders, read_meta};
use super::SplitMix;
use crate::clean::clean;
use crate::read;

#[derive(Debug, Default, Serialize)]
pub struct CleaningReport {
    pub pages: usize,
    pub body_lines: usize,
    pub body_kept: usize,
    pub furniture_lines: usize,
    pub furniture_removed: usize,
    pub kept_share: f64,
    pub removed_share: f64,
    /// Lines of the sampled documents themselves, and how many the cleaner
    /// removes from them unwrapped (their own furniture, or losses).
    pub own_lines: usize,
    pub own_removed: usize,
    /// Furniture the cleaner kept, at most 30.
    pub furniture_kept: Vec<String>,
    /// Body lines the cleaner dropped, at most 30.
    pub body_dropped: Vec<String>,
}

fn pick<'a>(rng: &mut SplitMix, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

fn digits(rng: &mut SplitMix, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

fn letters(rng: &mut SplitMix, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'a' + rng.below(26) as u8))
        .collect()
}

/// A page's invented identity: site name, domain, section names.
struct Site {
    name: String,
    domain: String,
    sections: Vec<&'static str>,
}

impl Site {
    fn new(rng: &mut SplitMix) -> Site {
        let name = format!(
            "{}{}{}",
            pick(
                rng,
                &[
                    "中国", "华夏", "第一", "优秀", "好", "快乐", "天天", "易", "中华", "新"
                ]
            ),
            pick(
                rng,
                &[
                    "范文", "文库", "公文", "秘书", "写作", "资料", "文秘", "文章", "党建", "教育"
                ]
            ),
            pick(rng, &["网", "站", "之家", "吧", "大全", "在线", "中心"])
        );
        let len = 4 + rng.below(6);
        let domain = format!(
            "{}.{}",
            letters(rng, len),
            pick(rng, &["com", "cn", "com.cn", "net", "org"])
        );
        let mut sections = vec![
            "工作总结",
            "工作计划",
            "心得体会",
            "述职报告",
            "演讲稿",
            "调研报告",
            "规章制度",
            "合同范本",
            "党团范文",
            "致辞讲话",
            "思想汇报",
            "实习报告",
            "申请书",
            "范文大全",
        ];
        for i in (1..sections.len()).rev() {
            sections.swap(i, rng.below(i + 1));
        }
        sections.truncate(3 + rng.below(5));
        Site {
            name,
            domain,
            sections,
        }
    }
}

fn date(rng: &mut SplitMix) -> String {
    let (y, m, d) = (2006 + rng.below(19), 1 + rng.below(12), 1 + rng.below(28));
    match rng.below(3) {
        0 => format!(
            "{y}-{m:02}-{d:02} {:02}:{:02}",
            rng.below(24),
            rng.below(60)
        ),
        1 => format!("{y}年{m}月{d}日"),
        _ => format!("{y}/{m}/{d}"),
    }
}

fn name(rng: &mut SplitMix) -> String {
    format!(
        "{}{}",
        pick(
            rng,
            &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
        ),
        pick(
            rng,
            &[
                "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "小明", "晓东"
            ]
        )
    )
}

fn other_title(rng: &mut SplitMix) -> String {
    format!(
        "{}年{}{}{}",
        2008 + rng.below(17),
        pick(
            rng,
            &[
                "乡镇", "社区", "街道", "县", "市", "区", "学校", "医院", "单位", "个人"
            ]
        ),
        pick(
            rng,
            &[
                "计划生育",
                "安全生产",
                "党风廉政",
                "扶贫",
                "教育",
                "卫生",
                "信访",
                "综治"
            ]
        ),
        pick(
            rng,
            &[
                "工作总结",
                "工作计划",
                "工作汇报",
                "自查报告",
                "实施方案",
                "述职报告"
            ]
        )
    )
}

fn header(rng: &mut SplitMix, site: &Site, title: &str) -> Vec<String> {
    let sep = pick(rng, &[" | ", "  ", " ", "｜", " · "]);
    let mut lines = vec![
        match rng.below(3) {
            0 => site.name.clone(),
            1 => format!(
                "{} - {}",
                site.name,
                pick(
                    rng,
                    &["免费范文下载", "专业的范文写作网站", "您身边的写作助手"]
                )
            ),
            _ => format!("{} www.{}", site.name, site.domain),
        },
        format!("首页{sep}{}", site.sections.join(sep)),
    ];
    if rng.below(2) == 0 {
        lines.push(
            pick(
                rng,
                &["登录 | 注册", "设为首页 | 加入收藏", "手机版 | 网站地图"],
            )
            .to_string(),
        );
    }
    lines.push(format!(
        "{}{}{}",
        pick(rng, &["您现在的位置：", "当前位置：", "位置：", ""]),
        ["首页", site.sections[0], "正文"].join(pick(rng, &[" > ", " >> ", "»", " / "])),
        if rng.below(2) == 0 {
            format!(" > {title}")
        } else {
            String::new()
        }
    ));
    lines.push(title.to_string());
    let mut meta = Vec::new();
    for (label, value) in [
        (
            pick(rng, &["发布时间", "发布日期", "时间", "更新时间"]),
            date(rng),
        ),
        (
            pick(rng, &["来源", "文章来源", "信息来源"]),
            pick(rng, &[site.name.as_str(), "网络", "本站原创", "某某日报"]).to_string(),
        ),
        (pick(rng, &["作者", "录入", "编辑"]), name(rng)),
        (
            pick(rng, &["点击次数", "浏览次数", "阅读", "点击"]),
            format!("{}", rng.below(50_000)),
        ),
    ] {
        if rng.below(4) > 0 {
            meta.push(format!("{label}：{value}"));
        }
    }
    if !meta.is_empty() {
        lines.push(meta.join(pick(rng, &["  ", " ", " | ", "　"])));
    }
    match rng.below(4) {
        0 => lines.push("【字号 大 中 小】 【打印】 【关闭】".to_string()),
        1 => lines.push("下载 打印 全屏 收藏 【字号：加大 还原 减小】".to_string()),
        2 => lines.push(format!(
            "分享到：{}",
            ["微信", "微博", "QQ空间", "豆瓣"][..2 + rng.below(3)].join(" ")
        )),
        _ => {}
    }
    lines
}

fn middle_junk(rng: &mut SplitMix, site: &Site) -> String {
    match rng.below(5) {
        0 => format!("……此处隐藏{}个字……", 1000 + rng.below(9000)),
        1 => format!("第{}页 下一页", 1 + rng.below(3)),
        2 => "文档为doc格式".to_string(),
        3 => format!(
            "更多{}请访问 www.{}",
            pick(rng, &["范文", "精彩内容", "相关资料"]),
            site.domain
        ),
        _ => format!(
            "{}：400-{}-{}",
            pick(rng, &["咨询热线", "服务热线", "客服热线"]),
            digits(rng, 3),
            digits(rng, 4)
        ),
    }
}

fn footer(rng: &mut SplitMix, site: &Site) -> Vec<String> {
    let mut lines = Vec::new();
    if rng.below(3) > 0 {
        lines.push(format!("上一篇：{}", other_title(rng)));
        lines.push(format!("下一篇：{}", other_title(rng)));
    }
    if rng.below(2) == 0 {
        lines.push(format!(
            "{}：{}",
            pick(rng, &["责任编辑", "编辑", "本文编辑"]),
            name(rng)
        ));
    }
    if rng.below(2) == 0 {
        lines.push(format!(
            "{}：http://www.{}/{}/{}.html",
            pick(rng, &["本文链接", "本文地址", "原文链接"]),
            site.domain,
            letters(rng, 4),
            digits(rng, 6)
        ));
    }
    if rng.below(3) > 0 {
        lines.push(pick(rng, &["相关文章：", "相关阅读", "猜你喜欢", "推荐阅读："]).to_string());
        for _ in 0..3 + rng.below(5) {
            lines.push(other_title(rng));
        }
    }
    if rng.below(2) == 0 {
        lines.push(
            pick(
                rng,
                &[
                    "扫一扫，手机浏览",
                    "扫一扫关注微信公众号",
                    "扫一扫 分享到朋友圈",
                ],
            )
            .to_string(),
        );
    }
    if rng.below(2) == 0 {
        lines.push(format!(
            "广告合作：QQ {}  电话：{}",
            digits(rng, 9),
            digits(rng, 11)
        ));
    }
    lines.push(format!(
        "Copyright © {}-{} {} 版权所有 {}ICP备{}号",
        2005 + rng.below(10),
        2020 + rng.below(6),
        site.domain,
        pick(rng, &["京", "沪", "粤", "浙", "苏", "鲁"]),
        digits(rng, 8)
    ));
    if rng.below(2) == 0 {
        lines.push("返回顶部".to_string());
    }
    lines
}

/// Furniture of kinds added for issue 8, written before the cleaner was
/// changed for them: a portal's vertical menu (one item a line), its
/// footer, hot-search and tag lines, calls to action and site slogans.
fn portal_menu(rng: &mut SplitMix) -> Vec<String> {
    const ITEMS: &[&str] = &[
        "中国政府网",
        "省人大",
        "省政协",
        "长者模式",
        "繁體中文",
        "EN",
        "无障碍",
        "首页",
        "领导之窗",
        "政府信息公开",
        "政务服务",
        "政府数据",
        "互动交流",
        "走进本省",
        "|",
    ];
    let start = rng.below(4);
    let count = 5 + rng.below(ITEMS.len() - 5 - start);
    ITEMS[start..start + count]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn portal_footer(rng: &mut SplitMix, site: &Site) -> Vec<String> {
    let mut lines = vec![
        format!("网站标识码：{}", digits(rng, 10)),
        format!(
            "{}公网安备 {}号",
            pick(rng, &["冀", "鲁", "豫", "晋"]),
            digits(rng, 14)
        ),
    ];
    if rng.below(2) == 0 {
        lines.push(format!("主办：{}  承办：{}信息中心", site.name, site.name));
    }
    if rng.below(2) == 0 {
        lines.push(format!(
            "您访问的链接即将离开“{}”门户网站 是否继续？",
            site.name
        ));
    }
    lines
}

fn engagement(rng: &mut SplitMix) -> String {
    match rng.below(4) {
        0 => format!(
            "热门搜索：{} {} {}",
            other_title(rng),
            pick(rng, &["述职报告", "心得体会", "工作计划"]),
            pick(rng, &["入党申请书", "自我鉴定", "演讲稿"])
        ),
        1 => format!(
            "{}：{} {}",
            pick(rng, &["标签", "TAG", "Tags"]),
            pick(rng, &["工作总结", "工作计划", "范文"]),
            pick(rng, &["年终总结", "个人总结", "述职"])
        ),
        2 => pick(
            rng,
            &[
                "点赞 收藏 分享",
                "觉得有用就点个赞吧！",
                "关注我们，获取更多范文",
                "喜欢本文请收藏并转发",
            ],
        )
        .to_string(),
        _ => pick(
            rng,
            &[
                "让写作更简单",
                "专注范文十五年",
                "海量范文 一键下载",
                "您身边的公文写作专家",
            ],
        )
        .to_string(),
    }
}

/// Furniture of kinds added on 2026-12-03, written before the cleaner was
/// changed for them: a portal's directory of departments down the side,
/// with its social-media links; a rights notice broken into link
/// fragments; view and comment counters and a site's abstract that repeats
/// the opening; a clock-time stamp and a call to read more; the whole text
/// carried twice (a screen view and a print view).
fn directory(rng: &mut SplitMix, site: &Site) -> Vec<String> {
    const FIELDS: &[&str] = &[
        "发展和改革",
        "教育",
        "科学技术",
        "工业和信息化",
        "民族事务",
        "人力资源和社会保障",
        "生态环境",
        "交通运输",
        "住房和城乡建设",
        "水利",
        "农业农村",
        "商务",
        "文化和旅游",
        "卫生健康",
        "退役军人事务",
        "应急管理",
        "审计",
        "统计",
        "体育",
        "医疗保障",
        "林业和草原",
        "市场监督管理",
        "广播电视",
        "机关事务管理",
        "粮食和物资储备",
        "药品监督管理",
    ];
    let level = pick(rng, &["省", "市", "自治区"]);
    let mut lines: Vec<String> = (0..6 + rng.below(14))
        .map(|_| {
            format!(
                "{level}{}{}",
                pick(rng, FIELDS),
                pick(rng, &["委员会", "厅", "局", "办公室"])
            )
        })
        .collect();
    if rng.below(2) == 0 {
        lines.push("©".to_string());
    }
    lines.push(format!("{}微信", site.name));
    lines.push(format!("{}微博", site.name));
    lines
}

/// A rights notice, broken where its links were: each fragment a line.
fn rights_notice(rng: &mut SplitMix) -> Vec<String> {
    let fragments: &[&str] = match rng.below(3) {
        0 => &[
            "本作品是",
            "政府文件",
            "，根据《",
            "著作权法",
            "》的规定，不适用于该法，属于",
            "公有领域",
            "。",
        ],
        1 => &[
            "本文采用",
            "知识共享署名-相同方式共享",
            "许可协议授权，转载请注明出处。",
        ],
        _ => &[
            "本站文章来源于网络，",
            "版权归原作者所有",
            "，如有侵权请联系删除。",
        ],
    };
    let mut lines: Vec<String> = fragments.iter().map(|f| f.to_string()).collect();
    if rng.below(2) == 0 {
        lines.push("Public domain".to_string());
    }
    lines
}

/// Counters under the title and a site's abstract of the opening.
fn counters(rng: &mut SplitMix, body: &[String]) -> Vec<String> {
    let mut lines = vec![
        format!("{}", rng.below(5000)),
        pick(rng, &["评论：", "评论", "阅读："]).to_string(),
        format!("{}", rng.below(100)),
    ];
    let opening: String = body
        .iter()
        .skip(1)
        .flat_map(|l| l.chars())
        .take(80)
        .collect();
    if opening.chars().count() >= 40 && rng.below(2) == 0 {
        lines.push(pick(rng, &["内容摘要：", "摘要："]).to_string());
        lines.push(format!("{opening}…"));
    }
    lines
}

fn stamp_and_more(rng: &mut SplitMix) -> Vec<String> {
    vec![
        format!(
            "{}年{:02}月{:02}日 {:02}:{:02}",
            2000 + rng.below(25),
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(24),
            rng.below(60)
        ),
        format!(
            "（{}更多{}）",
            pick(rng, &["点击查阅", "点击查看", "点此阅读"]),
            pick(rng, &["地方政府工作报告", "相关文件", "工作总结范文"])
        ),
    ]
}

/// A page around `body` and the furniture lines it added. The body's
/// first line stands as the page title, inside the header where pages put
/// it (after the menus, before the byline).
pub fn wrap(body: &[String], rng: &mut SplitMix) -> (String, Vec<String>) {
    let site = Site::new(rng);
    let title = body.first().cloned().unwrap_or_default();
    let mut page = Vec::new();
    if rng.below(2) == 0 {
        page.extend(portal_menu(rng));
    }
    if rng.below(2) == 0 {
        page.push(engagement(rng));
    }
    page.extend(header(rng, &site, &title));
    match rng.below(4) {
        0 => page.extend(counters(rng, body)),
        1 => page.extend(stamp_and_more(rng)),
        _ => {}
    }
    let mut furniture: Vec<String> = page.iter().filter(|l| **l != title).cloned().collect();
    let mut insert_at: Vec<usize> = (0..rng.below(3))
        .map(|_| 1 + rng.below(body.len().max(1)))
        .collect();
    insert_at.sort_unstable();
    for (i, line) in body.iter().enumerate().skip(1) {
        if insert_at.contains(&i) {
            let junk = middle_junk(rng, &site);
            furniture.push(junk.clone());
            page.push(junk);
        }
        page.push(line.clone());
    }
    let mut tail = Vec::new();
    if rng.below(2) == 0 {
        tail.push(engagement(rng));
    }
    if rng.below(4) == 0 {
        tail.extend(rights_notice(rng));
    }
    if rng.below(4) == 0 {
        tail.extend(directory(rng, &site));
    }
    // A screen view and a print view: the whole text again under its title.
    if rng.below(6) == 0 && body.len() >= 2 {
        tail.extend(body.iter().cloned());
    }
    tail.extend(footer(rng, &site));
    if rng.below(2) == 0 {
        tail.extend(portal_footer(rng, &site));
    }
    furniture.extend(tail.iter().cloned());
    page.extend(tail);
    (page.join("\n"), furniture)
}

/// Wraps `pages` documents drawn from the described folders under `roots`
/// and scores the cleaner on them.
pub fn evaluate(roots: &[PathBuf], pages: usize, seed: u64) -> Result<CleaningReport> {
    let mut files = Vec::new();
    for folder in described_folders(roots) {
        for row in read_meta(&folder)? {
            files.push(folder.join(row.file));
        }
    }
    let mut rng = SplitMix::new(seed);
    let mut report = CleaningReport::default();
    for _ in 0..pages {
        if files.is_empty() {
            break;
        }
        let path = &files[rng.below(files.len())];
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(decoded) = read::decode(&bytes) else {
            continue;
        };
        let own = clean(&decoded.text);
        report.own_lines += own.lines.len() + own.removed.len();
        report.own_removed += own.removed.len();
        let body = own.lines;
        if body.is_empty() {
            continue;
        }
        let (page, furniture) = wrap(&body, &mut rng);
        let cleaned = clean(&page);
        let mut kept: HashMap<&str, usize> = HashMap::new();
        for line in &cleaned.lines {
            *kept.entry(line.as_str()).or_default() += 1;
        }
        let mut take = |line: &str| match kept.get_mut(line) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        report.pages += 1;
        for line in &body {
            report.body_lines += 1;
            if take(line) {
                report.body_kept += 1;
            } else if report.body_dropped.len() < 30 {
                report.body_dropped.push(line.clone());
            }
        }
        for line in &furniture {
            report.furniture_lines += 1;
            if take(line) {
                if report.furniture_kept.len() < 30 {
                    report.furniture_kept.push(line.clone());
                }
            } else {
                report.furniture_removed += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    report.kept_share = ratio(report.body_kept, report.body_lines);
    report.removed_share = ratio(report.furniture_removed, report.furniture_lines);
    Ok(report)
}
