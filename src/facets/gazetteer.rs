//! China's administrative divisions (GB/T 2260, every revision from 2002 to
//! 2016 in the `gb2260` crate) as a matcher over text: finds place names,
//! full (`江门市`, `海拉尔区`) or short (`江门`, `广西`), and resolves a run
//! of them to one path such as `内蒙古自治区/呼伦贝尔市/海拉尔区`.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Region;

/// Which revisions are read: every mainland one. The Hong Kong and Macao
/// revisions hold district names (`东区`, `中西区`) that read as words.
fn mainland_revisions() -> Vec<&'static str> {
    let mut revisions: Vec<&str> = gb2260::Division::revisions()
        .into_iter()
        .filter(|r| r.chars().all(|c| c.is_ascii_digit()))
        .collect();
    // Newest first, so a code's current name wins over its older ones.
    revisions.sort_unstable_by(|a, b| b.cmp(a));
    revisions
}

/// The newest revision, which the gb2260 crate (2016-07) lacks: every code
/// of 2021-01 with its name. Hundreds of counties became districts or
/// cities since 2016 (宁乡县 → 宁乡市, 芜湖县 → 湾沚区), and a report of
/// theirs names them so.
const NEWEST_REVISION: &str = include_str!("../../data/gb2260-2021.tsv");

fn newest_revision() -> HashMap<u32, &'static str> {
    NEWEST_REVISION
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (code, name) = l.split_once('\t')?;
            Some((code.parse().ok()?, name.trim()))
        })
        .collect()
}

/// Placeholder divisions that group counties but are no place themselves.
const GROUPINGS: &[&str] = &[
    "市辖区",
    "县",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
    "省直辖行政单位",
];

/// Minority names inside autonomous divisions' names: the short form of
/// `延边朝鲜族自治州` is what comes before them.
const PEOPLES: &[&str] = &[
    "壮族",
    "回族",
    "维吾尔",
    "藏族",
    "苗族",
    "彝族",
    "布依族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "普米族",
    "朝鲜族",
    "蒙古族",
    "满族",
    "独龙族",
    "怒族",
    "保安族",
    "裕固族",
    "鄂温克族",
    "鄂伦春",
    "塔吉克",
    "各族",
];

/// Endings dropped to get a short form, longest first.
const ENDINGS: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "盟",
    "区",
    "县",
    "旗",
];

/// A division's level in the tree: 省, 地级市 (州, 盟, 地区), 县 (区, 旗, 县级市).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    Prefecture,
    County,
}

#[derive(Debug)]
struct Division {
    name: String,
    level: Level,
    parent: Option<usize>,
}

/// One name the matcher knows and the divisions it may mean.
struct Name {
    divisions: Vec<usize>,
    short: bool,
    chars: usize,
    /// A county's name that is, or whose stem is, a common word (城区,
    /// 郊区, 河口区 in `重点河口区`): it names a place only after its parent
    /// or at the very start.
    word_like: bool,
}

pub(super) struct Gazetteer {
    divisions: Vec<Division>,
    /// A division gone from the newest revision, by the current one that
    /// took its place under the same parent with the same stem: 徐水县 →
    /// 徐水区 (2015), so a 2010 report and a 2020 one share a region.
    successors: HashMap<usize, usize>,
    names: Vec<Name>,
    matcher: AhoCorasick,
    /// Current counties' two-character stems (容城 for 容城县), which the
    /// matcher leaves out as too often words, with the counties of each.
    county_stems: Vec<(String, Vec<usize>)>,
    stem_matcher: AhoCorasick,
}

/// A place name found in a text.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    name: usize,
}

pub(super) fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(Gazetteer::load)
}

/// What a division's code says about its place in the tree.
fn level_of(code: u32) -> Level {
    if code.is_multiple_of(10_000) {
        Level::Province
    } else if code.is_multiple_of(100) {
        Level::Prefecture
    } else {
        Level::County
    }
}

/// Every code that exists in some revision, with its names, newest first,
/// and whether the newest revision still has it.
fn read_codes() -> Vec<(u32, Vec<&'static str>, bool)> {
    let revisions = mainland_revisions();
    let newest = newest_revision();
    // The names of a code, newest first, and whether the newest revision
    // has it.
    let names_of = |code: u32| -> (Vec<&'static str>, bool) {
        let mut names: Vec<&'static str> = newest.get(&code).copied().into_iter().collect();
        let current = !names.is_empty();
        let code = code.to_string();
        for revision in &revisions {
            if let Some(d) = gb2260::Division::get_by_revision(&code, revision) {
                if !names.contains(&d.name) {
                    names.push(d.name);
                }
            }
        }
        (names, current)
    };
    let mut codes = Vec::new();
    // Walks the tree rather than all 720,000 six-digit codes.
    for province in (11..=82).map(|p| p * 10_000) {
        let (names, current) = names_of(province);
        if names.is_empty() {
            continue;
        }
        codes.push((province, names, current));
        for prefecture in (1..=99).map(|p| province + p * 100) {
            // Every county's prefecture code exists, if only as a grouping
            // (市辖区, 省直辖县级行政区划).
            let (names, current) = names_of(prefecture);
            if names.is_empty() {
                continue;
            }
            codes.push((prefecture, names, current));
            for county in (1..=99).map(|c| prefecture + c) {
                let (names, current) = names_of(county);
                if !names.is_empty() {
                    codes.push((county, names, current));
                }
            }
        }
    }
    codes
}

/// Whether a place's name, or its stem, is also a common word: jieba's
/// dictionary counts 资源 (资源县) 17,453 times, 城区 1,517 and 河口 (河口区)
/// 1,566, but 容城 4 and 徐水 7. The dictionary's counts are a static table
/// the query segmenter also reads.
fn is_common_word(word: &str) -> bool {
    const COMMON: usize = 300;
    crate::analysis::segmenter::default_freq(word).is_some_and(|f| f >= COMMON)
}

/// Whether jieba's dictionary reads a word as a place name (`ns`: 石家庄,
/// 邯郸), or barely knows it; 来宾 (`n`, guests) and 保定 (`v`) it reads as
/// words.
fn is_place_word(word: &str) -> bool {
    let tagged_place = crate::analysis::segmenter::default_tag(word).is_some_and(|t| t == "ns");
    tagged_place || !is_common_word(word)
}

/// Whether the character before `at` and the one at it make a common word.
fn joins_previous(text: &str, at: usize) -> bool {
    let Some(before) = text[..at].chars().next_back() else {
        return false;
    };
    let Some(first) = text[at..].chars().next() else {
        return false;
    };
    let mut pair = String::with_capacity(8);
    pair.push(before);
    pair.push(first);
    is_common_word(&pair)
}

/// Current counties by their two-character stems, those that are no common
/// word.
fn county_stems(divisions: &[Division], current_ids: &[usize]) -> Vec<(String, Vec<usize>)> {
    let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
    for &id in current_ids {
        let d = &divisions[id];
        if d.level != Level::County {
            continue;
        }
        let stem = short_form(&d.name).filter(|s| s.chars().count() == 2 && !is_common_word(s));
        if let Some(stem) = stem {
            by_stem.entry(stem).or_default().push(id);
        }
    }
    let mut stems: Vec<(String, Vec<usize>)> = by_stem.into_iter().collect();
    stems.sort();
    stems
}

/// The divisions that were renamed by a change of level (县 → 区, 县 →
/// 市): each one gone from the newest revision, with the current division
/// under the same parent whose name has the same stem.
fn successors(divisions: &[Division], current_ids: &[usize]) -> HashMap<usize, usize> {
    let current: HashMap<(Option<usize>, &str), usize> = current_ids
        .iter()
        .map(|&id| ((divisions[id].parent, stem(&divisions[id].name)), id))
        .collect();
    let is_current: std::collections::HashSet<usize> = current_ids.iter().copied().collect();
    (0..divisions.len())
        .filter(|id| !is_current.contains(id))
        .filter_map(|id| {
            let d = &divisions[id];
            let successor = *current.get(&(d.parent, stem(&d.name)))?;
            (successor != id).then_some((id, successor))
        })
        .collect()
}

/// A name without its ending (`徐水县` → `徐水`), or the name itself.
fn stem(name: &str) -> &str {
    ENDINGS
        .iter()
        .find_map(|ending| name.strip_suffix(ending))
        .unwrap_or(name)
}

/// The short form of a division's name, if it has one of two or more
/// characters: `江门市` → `江门`, `广西壮族自治区` → `广西`.
pub(super) fn short_form(name: &str) -> Option<String> {
    let stem = ENDINGS
        .iter()
        .find_map(|ending| name.strip_suffix(ending))?;
    let stem = PEOPLES
        .iter()
        .filter_map(|p| stem.find(p))
        .min()
        .map_or(stem, |pos| &stem[..pos]);
    (stem.chars().count() >= 2).then(|| stem.to_string())
}

/// How an autonomous division names itself in its own documents: its
/// short form with the level's character, `黔东南州` for
/// `黔东南苗族侗族自治州`, `长阳县` for `长阳土家族自治县`. It is as
/// unambiguous as the full name, so it counts as one.
fn customary_form(name: &str) -> Option<String> {
    let level = [("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")]
        .into_iter()
        .find_map(|(ending, level)| name.ends_with(ending).then_some(level))?;
    short_form(name).map(|short| format!("{short}{level}"))
}

/// What a text calls a division when it counts how often it is named:
/// its short form (`江门`, `延边`), or the whole name if that is one
/// character (`易县`).
fn counted_form(name: &str) -> &str {
    let Some(short) = short_form(name) else {
        return name;
    };
    // The short form is a prefix of the name: borrow it rather than own it.
    &name[..short.len()]
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let codes = read_codes();
        let mut divisions = Vec::with_capacity(codes.len());
        let mut index_of: HashMap<u32, usize> = HashMap::new();
        let mut names: Vec<Name> = Vec::new();
        let mut name_index: HashMap<(String, bool), usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut current_ids = Vec::new();
        for (code, code_names, current) in &codes {
            // Groupings and one-character placeholders (`市`) are no places.
            if GROUPINGS.contains(&code_names[0]) || code_names[0].chars().count() < 2 {
                continue;
            }
            let level = level_of(*code);
            let parent = [code / 100 * 100, code / 10_000 * 10_000]
                .into_iter()
                .filter(|p| p != code)
                .find_map(|p| index_of.get(&p).copied());
            let id = divisions.len();
            divisions.push(Division {
                name: code_names[0].to_string(),
                level,
                parent,
            });
            index_of.insert(*code, id);
            if *current {
                current_ids.push(id);
            }
            for name in code_names
                .iter()
                .filter(|n| !GROUPINGS.contains(n) && n.chars().count() >= 2)
            {
                let forms = std::iter::once((name.to_string(), false))
                    .chain(customary_form(name).map(|s| (s, false)))
                    .chain(
                        short_form(name)
                            // A county's two-character stem is too often a word
                            // (`和平`, `城关`, `新华`).
                            .filter(|s| level != Level::County || s.chars().count() >= 3)
                            .map(|s| (s, true)),
                    );
                for (form, short) in forms {
                    let key = (form.clone(), short);
                    let n = *name_index.entry(key).or_insert_with(|| {
                        patterns.push(form.clone());
                        let word_like = level == Level::County
                            && (is_common_word(&form) || is_common_word(stem(&form)));
                        names.push(Name {
                            divisions: Vec::new(),
                            short,
                            chars: form.chars().count(),
                            word_like,
                        });
                        names.len() - 1
                    });
                    if !names[n].divisions.contains(&id) {
                        names[n].divisions.push(id);
                    }
                }
            }
        }
        let successors = successors(&divisions, &current_ids);
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("division names build a matcher");
        let county_stems = county_stems(&divisions, &current_ids);
        let stem_matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(county_stems.iter().map(|(stem, _)| stem))
            .expect("county stems build a matcher");
        Gazetteer {
            divisions,
            names,
            matcher,
            successors,
            county_stems,
            stem_matcher,
        }
    }

    /// The path from the province down to `id`, under current names.
    fn path(&self, id: usize) -> Region {
        let mut path = Vec::new();
        let mut at = Some(*self.successors.get(&id).unwrap_or(&id));
        while let Some(i) = at {
            path.push(self.divisions[i].name.clone());
            at = self.divisions[i].parent;
        }
        path.reverse();
        Region(path)
    }

    fn is_below(&self, id: usize, ancestor: usize) -> bool {
        let mut at = self.divisions[id].parent;
        while let Some(i) = at {
            if i == ancestor {
                return true;
            }
            at = self.divisions[i].parent;
        }
        false
    }

    fn mentions(&self, text: &str, short_forms: Forms) -> Vec<Mention> {
        self.matcher
            .find_iter(text)
            .map(|m| Mention {
                start: m.start(),
                end: m.end(),
                name: m.pattern().as_usize(),
            })
            // `北京军区`, `济南铁路局`: bodies named after a city that span
            // provinces say nothing of a text's place.
            .filter(|m| !NAMES_OF_BODIES.iter().any(|b| text[m.end..].starts_with(b)))
            .filter(|m| {
                let name = &self.names[m.name];
                !name.short
                    || match short_forms {
                        Forms::All => true,
                        Forms::ProvincesOnly => name
                            .divisions
                            .iter()
                            .any(|&d| self.divisions[d].level == Level::Province),
                    }
            })
            .collect()
    }

    /// The division a mention starts a path with: the highest-level reading
    /// of its name, if only one division has it, or the one the next mention
    /// lies below. A two-character county name (`和县`, `城区`), one that
    /// reads as a word (`河口区`) or one whose first character ends a word
    /// (`穿越城区`) starts a path only at the very beginning of the text.
    fn start_of(&self, text: &str, mentions: &[Mention], i: usize) -> Option<usize> {
        let m = &mentions[i];
        let name = &self.names[m.name];
        let top = name
            .divisions
            .iter()
            .map(|&d| self.divisions[d].level)
            .min()?;
        // The dictionary is asked only about a county met in running text.
        let doubtful = || name.chars <= 2 || name.word_like || joins_previous(text, m.start);
        if top == Level::County && m.start > 0 && doubtful() {
            return None;
        }
        let readings: Vec<usize> = name
            .divisions
            .iter()
            .copied()
            .filter(|&d| self.divisions[d].level == top)
            .collect();
        if let [only] = readings[..] {
            return Some(only);
        }
        let next = mentions.get(i + 1).filter(|n| n.start <= m.end + 3)?;
        let below: Vec<usize> = readings
            .into_iter()
            .filter(|&r| {
                self.names[next.name]
                    .divisions
                    .iter()
                    .any(|&d| self.is_below(d, r))
            })
            .collect();
        match below[..] {
            [only] => Some(only),
            _ => None,
        }
    }

    /// Every place a text names, in order, each followed down through the
    /// names right after it (`广东省江门市` is one place, 江门市), with the
    /// byte range it spans.
    fn places(&self, text: &str, short_forms: Forms) -> Vec<(usize, std::ops::Range<usize>)> {
        let mentions = self.mentions(text, short_forms);
        let mut places = Vec::new();
        let mut i = 0;
        while i < mentions.len() {
            let Some(mut at) = self.start_of(text, &mentions, i) else {
                i += 1;
                continue;
            };
            let (start, mut end) = (mentions[i].start, mentions[i].end);
            let mut next_i = i + 1;
            for next in &mentions[i + 1..] {
                // `广东省江门市`, `广东省 江门市`, `广东省、江门市` but not a
                // second place further on.
                if next.start > end + 3 {
                    break;
                }
                let Some(&child) = self.names[next.name]
                    .divisions
                    .iter()
                    .find(|&&d| self.is_below(d, at))
                else {
                    break;
                };
                at = child;
                end = next.end;
                next_i += 1;
            }
            places.push((at, start..end));
            i = next_i;
        }
        places
    }

    /// The place a text names first, followed down through the names right
    /// after it: `广东省江门市` and `江门市` both give `广东省/江门市`.
    pub(super) fn first_place(&self, text: &str, short_forms: Forms) -> Option<Region> {
        let (id, _) = self.places(text, short_forms).into_iter().next()?;
        Some(self.path(id))
    }

    /// The place whose name closes `text` (`……会议上顺平县` → 顺平县, with
    /// its parents): the speaker line and the opening end with the
    /// reporting government's place.
    pub(super) fn place_ending(&self, text: &str) -> Option<Region> {
        let text = text.trim_end();
        // From the earliest name on, so that `保定市清苑区` is read whole; each
        // tail is read as if it opened the text, where a place is expected
        // and a two-character county name (`易县`) counts.
        self.mentions(text, Forms::All).iter().find_map(|m| {
            let tail = &text[m.start..];
            let (id, span) = self.places(tail, Forms::All).into_iter().next()?;
            (span.start == 0 && span.end == tail.len()).then(|| self.path(id))
        })
    }

    /// The one province a text names, if it names exactly one (a rule made
    /// `结合本省实际` cites its own province's laws).
    pub(super) fn only_province(&self, text: &str) -> Option<Region> {
        let mut provinces: Vec<String> = self
            .places(text, Forms::ProvincesOnly)
            .into_iter()
            .filter_map(|(id, _)| self.path(id).0.into_iter().next())
            .collect();
        provinces.sort();
        provinces.dedup();
        match provinces.as_slice() {
            [only] => Some(Region(vec![only.clone()])),
            _ => None,
        }
    }

    /// The province a local text belongs to, from every place it names (a
    /// county names its province) and the abbreviations of the document
    /// numbers it cites (`冀交公〔2011〕287号` is Hebei's, and counts twice):
    /// the province of at least two and of three times as many as any
    /// other (the caller has found the text to be a province's own).
    pub(super) fn dominant_province(&self, text: &str) -> Option<Region> {
        self.dominant_province_among(text, false, |_| true)
    }

    /// As [`Self::dominant_province`], where the text is known to speak from
    /// a province (its addressee, `省政府各部门`): then its cities called by a
    /// short form that reads as a place (石家庄, 邯郸; not 来宾 the guest
    /// or 保定 the verb) count for their province too.
    /// Only provinces whose name ends with `called` count: a text that
    /// speaks of 全省 is no municipality's (北京, named in passing in
    /// 河北's report as 京津冀 and 北京冬奥会).
    pub(super) fn dominant_province_of_provincial_text(
        &self,
        text: &str,
        called: &str,
    ) -> Option<Region> {
        self.dominant_province_among(text, true, |province| province.ends_with(called))
    }

    fn dominant_province_among(
        &self,
        text: &str,
        short_cities: bool,
        counts_for: impl Fn(&str) -> bool,
    ) -> Option<Region> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (id, _) in self.places(text, Forms::ProvincesOnly) {
            if let Some(province) = self.path(id).0.into_iter().next() {
                *counts.entry(province).or_default() += 1;
            }
        }
        if short_cities {
            let mentions = self.mentions(text, Forms::All);
            for prefecture in self.short_prefectures(text, &mentions, is_place_word) {
                if let Some(province) = self.path(prefecture).0.into_iter().next() {
                    *counts.entry(province).or_default() += 1;
                }
            }
        }
        // A cited number is the province's own act; a place may be named
        // in passing, so one alone is not enough.
        for province in cited_number_provinces(text) {
            *counts.entry(province.to_string()).or_default() += 2;
        }
        let mut ranked: Vec<(usize, String)> = counts
            .into_iter()
            .filter(|(p, _)| counts_for(p))
            .map(|(p, n)| (n, p))
            .collect();
        ranked.sort_by(|a, b| b.cmp(a));
        match ranked.as_slice() {
            [(n, first), rest @ ..] if rest.first().is_none_or(|(m, _)| *n >= 3 * m) => {
                Some(Region(vec![first.clone()]))
            }
            _ => None,
        }
    }

    /// The one place at one of `levels` that dominates a text: named in
    /// full (a province also by its short form) at least once, named (in full or by its stem: 容城 for 容城县) at
    /// least three times, and at least twice as often as any other place at
    /// those levels. A report whose opening says only `市人民政府` is about it.
    pub(super) fn dominant_place(&self, text: &str, levels: &[Level]) -> Option<Region> {
        let mentions = self.mentions(text, Forms::All);
        let named: Vec<usize> = mentions
            .iter()
            .flat_map(|m| {
                let name = &self.names[m.name];
                name.divisions.iter().copied().filter(move |&d| {
                    // A province's short form (内蒙古, 山东) is as good as its
                    // full name; a city's (泰安) may be a word or a county's.
                    !name.short || self.divisions[d].level == Level::Province
                })
            })
            // 徐水县 and 徐水区 are one place: they must not split its count.
            .map(|d| *self.successors.get(&d).unwrap_or(&d))
            .collect();
        let mut candidates: Vec<usize> = named
            .iter()
            .copied()
            .chain(self.parents_of_named_children(&named))
            .chain(self.prefectures_said_short(text, &mentions))
            .filter(|&d| levels.contains(&self.divisions[d].level))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut ranked: Vec<(usize, usize)> = candidates
            .into_iter()
            .map(|d| {
                (
                    d,
                    text.matches(counted_form(&self.divisions[d].name)).count(),
                )
            })
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let found = ranked.first().and_then(|&(best, count)| {
            let runner_up = ranked.get(1).map_or(0, |r| r.1);
            (count >= 3 && count >= 2 * runner_up.max(1)).then(|| self.path(best))
        });
        found.or_else(|| {
            levels
                .contains(&Level::County)
                .then(|| self.dominant_county_stem(text))
                .flatten()
        })
    }

    /// Whether a stem, followed by `after`, stands for its county: a level
    /// word right after it must be one its county has borne, now or before
    /// a change of level (容城县; 徐水县 and 徐水区; 长阳县 for
    /// 长阳土家族自治县). Else the stem is part of another name: `安新` in
    /// 雄安新区 is no 安新县.
    fn stem_names_its_county(&self, stem: usize, after: &str) -> bool {
        let Some(level) = after.chars().next().filter(|c| "区县市旗".contains(*c)) else {
            return true;
        };
        let counties = &self.county_stems[stem].1;
        let borne = |id: usize| self.divisions[id].name.ends_with(level);
        counties.iter().any(|&id| borne(id))
            || self
                .successors
                .iter()
                .any(|(&old, current)| counties.contains(current) && borne(old))
    }

    /// A county report may never name its county in full: `容城` 29 times,
    /// `全县` and `县政府`, never `容城县`. A two-character stem is too often a
    /// word to count once (`和平`, `前进`), so it must be one county's only,
    /// said at least eight times and three times as often as any other.
    fn dominant_county_stem(&self, text: &str) -> Option<Region> {
        const MIN_MENTIONS: usize = 8;
        let mut counts = vec![0usize; self.county_stems.len()];
        for m in self.stem_matcher.find_iter(text) {
            let stem = m.pattern().as_usize();
            if self.stem_names_its_county(stem, &text[m.end()..]) {
                counts[stem] += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = counts
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(|(i, n)| (n, i))
            .collect();
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        let &(count, best) = ranked.first()?;
        let runner_up = ranked.get(1).map_or(0, |r| r.0);
        match self.county_stems[best].1.as_slice() {
            [only] if count >= MIN_MENTIONS && count >= 3 * runner_up => Some(self.path(*only)),
            _ => None,
        }
    }

    /// Prefectures a text calls by a short form that is no common word (廊坊,
    /// not 长治 or 来宾), five times or more: a city's report may never
    /// write its name in full.
    fn prefectures_said_short(&self, text: &str, mentions: &[Mention]) -> Vec<usize> {
        const MIN_MENTIONS: usize = 5;
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let said = |word: &str| !is_common_word(word);
        for prefecture in self.short_prefectures(text, mentions, said) {
            *counts.entry(prefecture).or_default() += 1;
        }
        counts
            .into_iter()
            .filter(|&(_, n)| n >= MIN_MENTIONS)
            .map(|(d, _)| d)
            .collect()
    }

    /// The divisions two or more of whose children a text names in full
    /// (镜湖区, 弋江区 → 芜湖市): a city's report calls itself by its short
    /// form (芜湖) and names its districts in full, and that is as good as
    /// its full name to make it a candidate.
    /// The prefecture of each mention that is one prefecture's short form
    /// and passes `said` (`廊坊`, `石家庄`).
    fn short_prefectures<'a>(
        &'a self,
        text: &'a str,
        mentions: &'a [Mention],
        said: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        mentions.iter().filter_map(move |m| {
            let name = &self.names[m.name];
            let only = match name.divisions[..] {
                [only] if name.short && self.divisions[only].level == Level::Prefecture => only,
                _ => return None,
            };
            said(&text[m.start..m.end]).then_some(only)
        })
    }

    fn parents_of_named_children(&self, named: &[usize]) -> Vec<usize> {
        let mut children: Vec<(usize, usize)> = named
            .iter()
            .filter_map(|&d| Some((self.divisions[d].parent?, d)))
            .collect();
        children.sort_unstable();
        children.dedup();
        let mut parents: Vec<usize> = children.iter().map(|(p, _)| *p).collect();
        parents.dedup();
        parents
            .into_iter()
            .filter(|p| children.iter().filter(|(q, _)| q == p).count() >= 2)
            .collect()
    }
}

/// Which short forms count: all of them where a place is expected (a
/// title, an issuer's name), only provinces' in running text, where
/// `长治久安` or `来宾` are words.
/// Provinces by the one character their document numbers open with.
const NUMBER_ABBREVIATIONS: &[(char, &str)] = &[
    ('京', "北京市"),
    ('津', "天津市"),
    ('冀', "河北省"),
    ('晋', "山西省"),
    ('蒙', "内蒙古自治区"),
    ('辽', "辽宁省"),
    ('吉', "吉林省"),
    ('黑', "黑龙江省"),
    ('沪', "上海市"),
    ('苏', "江苏省"),
    ('浙', "浙江省"),
    ('皖', "安徽省"),
    ('闽', "福建省"),
    ('赣', "江西省"),
    ('鲁', "山东省"),
    ('豫', "河南省"),
    ('鄂', "湖北省"),
    ('湘', "湖南省"),
    ('粤', "广东省"),
    ('桂', "广西壮族自治区"),
    ('琼', "海南省"),
    ('渝', "重庆市"),
    ('川', "四川省"),
    ('黔', "贵州省"),
    ('滇', "云南省"),
    ('藏', "西藏自治区"),
    ('陕', "陕西省"),
    ('甘', "甘肃省"),
    ('青', "青海省"),
    ('宁', "宁夏回族自治区"),
    ('新', "新疆维吾尔自治区"),
];

/// The provinces of the document numbers cited in `text`: an abbreviation,
/// up to five characters of agency, then `〔year〕` (`冀政办字〔2015〕12号`).
/// The province a document number's one-character abbreviation stands for
/// (`冀` → 河北省).
/// What follows a city's name in the name of a body that is no city's.
const NAMES_OF_BODIES: &[&str] = &["军区", "铁路局"];

pub(super) fn province_of_abbreviation(abbreviation: char) -> Option<&'static str> {
    NUMBER_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == abbreviation)
        .map(|(_, p)| *p)
}

fn cited_number_provinces(text: &str) -> Vec<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, '〔' | '[' | '［') {
            continue;
        }
        let year_closes = chars
            .get(i + 5)
            .is_some_and(|c| matches!(c, '〕' | ']' | '］'))
            && chars[i + 1..i + 5].iter().all(char::is_ascii_digit);
        if !year_closes {
            continue;
        }
        // The abbreviation opens the number, the agency's characters
        // follow: the first abbreviation among the six characters before.
        let run = (0..i)
            .rev()
            .take(6)
            .take_while(|&j| crate::text::is_han(chars[j]))
            .last()
            .unwrap_or(i);
        let province = (run..i.saturating_sub(1)).find_map(|j| province_of_abbreviation(chars[j]));
        found.extend(province);
    }
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Forms {
    All,
    ProvincesOnly,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_county_stem_inside_another_name_is_not_counted() {
        // `安新` in 雄安新区 is no 安新县; 容城 is the county that reports.
        let text = "雄安新区规划，雄安新区建设。".repeat(6) + &"容城发展，容城县建设。".repeat(5);
        let g = gazetteer();
        assert_eq!(
            g.dominant_county_stem(&text).map(|r| r.path()).as_deref(),
            Some("河北省/保定市/容城县")
        );
        let renamed = "徐水区发展，徐水县建设，徐水产业。".repeat(3);
        assert_eq!(
            g.dominant_county_stem(&renamed)
                .map(|r| r.path())
                .as_deref(),
            Some("河北省/保定市/徐水区")
        );
    }

    #[test]
    fn a_military_region_named_after_a_city_is_no_place() {
        let g = gazetteer();
        let text = "根据北京军区民用运力国防动员预案及驻冀部队需求，报北京军区备案。";
        assert!(g.first_place(text, Forms::All).is_none());
        assert!(g.first_place("北京市人民政府", Forms::All).is_some());
    }

    #[test]
    fn cited_document_numbers_name_their_province() {
        let text =
            "冀交公〔2011〕287号文收悉。根据《通知》（国办发〔2004〕90号）和鲁政办字[2015]12号";
        assert_eq!(cited_number_provinces(text), ["河北省", "山东省"]);
        assert!(cited_number_provinces("2011年〔2011〕").is_empty());
    }

    fn place(text: &str) -> Option<String> {
        gazetteer().first_place(text, Forms::All).map(|r| r.path())
    }

    #[test]
    fn divisions_made_since_2016_are_known() {
        assert_eq!(place("宁乡市").as_deref(), Some("湖南省/长沙市/宁乡市"));
        assert_eq!(place("湾沚区").as_deref(), Some("安徽省/芜湖市/湾沚区"));
        // The old name still resolves, to the place as it is now.
        assert_eq!(place("宁乡县").as_deref(), Some("湖南省/长沙市/宁乡市"));
    }

    #[test]
    fn a_city_named_by_its_short_form_and_its_districts_in_full_dominates() {
        let text = "芜湖经济持续向好。镜湖区、弋江区、鸠江区竞相发展。芜湖港吞吐量创新高，芜湖将加快发展。";
        let levels = [Level::Prefecture, Level::County];
        let found = gazetteer().dominant_place(text, &levels).map(|r| r.path());
        assert_eq!(found.as_deref(), Some("安徽省/芜湖市"));
        // One district named is no evidence for its city.
        let one = "芜湖经济持续向好。镜湖区发展。芜湖港吞吐量创新高，芜湖将加快发展。";
        assert_eq!(gazetteer().dominant_place(one, &levels), None);
    }

    #[test]
    fn a_county_named_only_by_its_stem_many_times_dominates_but_a_word_does_not() {
        let levels = [Level::County];
        let report = "容城经济平稳增长。".repeat(8) + "全县上下共同努力。";
        let found = gazetteer()
            .dominant_place(&report, &levels)
            .map(|r| r.path());
        assert_eq!(found.as_deref(), Some("河北省/保定市/容城县"));
        // Seven times is not enough, and a stem two counties share is no one's.
        let seven = "容城经济平稳增长。".repeat(7);
        assert_eq!(gazetteer().dominant_place(&seven, &levels), None);
        let shared = "城关建设加快推进。".repeat(10);
        assert_eq!(gazetteer().dominant_place(&shared, &levels), None);
    }

    #[test]
    fn a_city_said_only_by_its_short_form_often_dominates_its_report() {
        let levels = [Level::Prefecture, Level::County];
        let text =
            "廊坊主动融入京津冀。廊坊片区加快建设。廊坊全市上下共同奋斗，廊坊将坚持，廊坊加油。";
        let found = gazetteer().dominant_place(text, &levels).map(|r| r.path());
        assert_eq!(found.as_deref(), Some("河北省/廊坊市"));
        let four = "廊坊主动融入京津冀。廊坊片区加快建设。廊坊全市上下共同奋斗，廊坊将坚持。";
        assert_eq!(gazetteer().dominant_place(four, &levels), None);
    }

    #[test]
    fn a_county_name_inside_common_words_is_no_place() {
        // 河口区 in 重点河口区, 越城区 in 穿越城区, 市郊区 in 城市郊区.
        for text in [
            "在重点海湾、重点河口区建设海洋保护区。",
            "其中穿越城区的管道向外延伸五米。",
            "城市郊区的宅基地，由乡级人民政府审批。",
        ] {
            assert_eq!(place(text), None, "{text}");
        }
        // After its parent, or opening a title, the same names are places.
        assert_eq!(
            place("东营市河口区").as_deref(),
            Some("山东省/东营市/河口区")
        );
        assert_eq!(
            place("绍兴市越城区").as_deref(),
            Some("浙江省/绍兴市/越城区")
        );
        assert_eq!(
            place("河口区人民政府关于…的通知").as_deref(),
            Some("山东省/东营市/河口区")
        );
    }

    #[test]
    fn short_forms_drop_endings_and_peoples() {
        assert_eq!(short_form("江门市").as_deref(), Some("江门"));
        assert_eq!(short_form("广西壮族自治区").as_deref(), Some("广西"));
        assert_eq!(short_form("延边朝鲜族自治州").as_deref(), Some("延边"));
        assert_eq!(short_form("内蒙古自治区").as_deref(), Some("内蒙古"));
        assert_eq!(short_form("沛县"), None);
    }

    #[test]
    fn an_autonomous_division_by_its_customary_name() {
        assert_eq!(
            customary_form("黔东南苗族侗族自治州").as_deref(),
            Some("黔东南州")
        );
        assert_eq!(
            customary_form("长阳土家族自治县").as_deref(),
            Some("长阳县")
        );
        assert_eq!(customary_form("江门市"), None);
        assert_eq!(
            place("黔东南州2024年政府工作报告").as_deref(),
            Some("贵州省/黔东南苗族侗族自治州")
        );
        let report = "我代表州人民政府报告工作。黔东南州坚持发展，凯里市、黎平县推进。黔东南全州增长。黔东南州今年";
        assert_eq!(
            gazetteer()
                .dominant_place(report, &[Level::Prefecture])
                .map(|r| r.0.join("/"))
                .as_deref(),
            Some("贵州省/黔东南苗族侗族自治州")
        );
    }

    #[test]
    fn resolves_short_and_full_names_to_paths() {
        assert_eq!(
            place("江门2017年工作总结").as_deref(),
            Some("广东省/江门市")
        );
        assert_eq!(
            place("海拉尔区人民政府").as_deref(),
            Some("内蒙古自治区/呼伦贝尔市/海拉尔区")
        );
        assert_eq!(place("北京市海淀区").as_deref(), Some("北京市/海淀区"));
        assert_eq!(place("湖北省仙桃市").as_deref(), Some("湖北省/仙桃市"));
    }

    #[test]
    fn a_renamed_county_counts_once_under_its_current_name() {
        let text = "徐水县撤县设区，徐水区人民政府。徐水区经济发展，徐水区城乡建设，徐水县老城。";
        let region = gazetteer().dominant_place(text, &[Level::County]);
        assert_eq!(
            region.map(|r| r.path()).as_deref(),
            Some("河北省/保定市/徐水区")
        );
    }

    #[test]
    fn an_ambiguous_name_needs_its_parent() {
        // 朝阳区 is in Beijing and in Changchun.
        assert_eq!(place("朝阳区人民政府"), None);
        assert_eq!(
            place("长春市朝阳区").as_deref(),
            Some("吉林省/长春市/朝阳区")
        );
        // 吉林 is a province before it is a city.
        assert_eq!(place("吉林").as_deref(), Some("吉林省"));
    }

    #[test]
    fn running_text_takes_only_provinces_short_forms() {
        let g = gazetteer();
        assert!(g
            .first_place("社会长治久安", Forms::ProvincesOnly)
            .is_none());
        assert!(g.first_place("乡镇和县直部门", Forms::All).is_none());
        assert_eq!(
            g.first_place("广东江门", Forms::ProvincesOnly)
                .map(|r| r.path())
                .as_deref(),
            Some("广东省")
        );
    }
}
