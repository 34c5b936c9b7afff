//! The kind of document, read from the head noun that ends its title.

/// Keywords that name a kind, and the kind they name. Order only breaks ties
/// between keywords ending at the same place.
pub(super) const KIND_WORDS: &[(&str, &str)] = &[
    ("政府工作报告", "政府工作报告"),
    ("工作总结", "工作总结"),
    ("总结", "工作总结"),
    ("述职报告", "工作总结"),
    ("工作汇报", "工作汇报"),
    ("情况汇报", "工作汇报"),
    ("汇报", "工作汇报"),
    ("工作计划", "工作计划"),
    ("工作思路", "工作计划"),
    ("工作要点", "工作计划"),
    ("计划", "工作计划"),
    ("讲话", "讲话"),
    ("致辞", "讲话"),
    ("通知", "通知"),
    ("通报", "通报"),
    ("公告", "公告"),
    // The rest of GB/T 9704's kinds of 公文.
    ("通告", "通告"),
    ("公报", "公报"),
    ("请示", "请示"),
    ("议案", "议案"),
    ("纪要", "纪要"),
    ("决议", "决议"),
    ("决定", "决定"),
    ("意见", "意见"),
    ("方案", "方案"),
    ("批复", "批复"),
    ("复函", "复函"),
    ("的函", "函"),
    ("纪实", "新闻报道"),
    ("侧记", "新闻报道"),
    ("报道", "新闻报道"),
    // A decree (`深圳市人民政府令 第350号`) promulgates a rule.
    ("政府令", "法律法规"),
    ("国务院令", "法律法规"),
    ("条例", "法律法规"),
    ("办法", "法律法规"),
    ("规定", "法律法规"),
    ("细则", "法律法规"),
    ("规则", "法律法规"),
    ("解释", "法律法规"),
    ("法典", "法律法规"),
    ("法", "法律法规"),
    ("规划", "规划"),
    ("报告", "报告"),
];

/// A press explainer of a document (`图解：一图读懂2024年丽水市政府工作报告`,
/// `解读《…》`): it names the document it explains, but is news about it.
fn is_explainer(norm_title: &str) -> bool {
    const MARKS: &[&str] = &[
        "图解",
        "一图读懂",
        "一图看懂",
        "读懂",
        "看懂",
        "速览",
        "划重点",
    ];
    let opens_with_reading = norm_title.starts_with("解读") || norm_title.starts_with("权威解读");
    opens_with_reading || MARKS.iter().any(|m| norm_title.contains(m))
}

/// 计划生育 is a policy, not a plan: hides its 计划 from kind keywords.
/// The replacement has the same byte length, so positions still hold.
pub(super) fn mask_family_planning(text: &str) -> String {
    text.replace("计划生育", "計劃生育")
}

/// The kind of document a title names. Chinese titles end in their head noun
/// (`……工作的通知`), so the last keyword wins, unless the title joins two
/// documents (`总结及明年计划`), where the first one is the main one.
pub fn kind_of(norm_title: &str) -> Option<String> {
    if is_explainer(norm_title) {
        return Some("新闻报道".to_string());
    }
    let title = mask_family_planning(norm_title);
    let title = title.trim_end_matches(|c: char| !crate::analysis::is_term_char(c));
    let mut found: Vec<(usize, &str)> = Vec::new();
    for (word, kind) in KIND_WORDS {
        // A bare 法 names a statute only at the very end (方法, 法治 are not laws).
        let pos = if *word == "法" {
            title.ends_with('法').then(|| title.len() - word.len())
        } else {
            title.rfind(word)
        };
        if let Some(pos) = pos {
            let end = pos + word.len();
            if !found.iter().any(|(e, _)| *e == end) {
                found.push((end, kind));
            }
        }
    }
    found.sort_by_key(|(end, _)| *end);
    let joined = found.len() >= 2
        && ["及", "和", "暨", "与"]
            .iter()
            .any(|c| title[found[0].0..].contains(c));
    let pick = if joined { found.first() } else { found.last() };
    pick.map(|(_, kind)| kind.to_string())
}
