//! A folder's place, for its documents that never name their own.
//!
//! A province's rules say `结合本省实际` and its notices go to `省政府各部门`
//! without ever writing the province's name: the portal they were saved
//! from said it. A crawl keeps one site's documents together, so when the
//! documents of a folder that do name their place nearly all lie in one
//! place, a sibling that speaks from that place's level (本省, 全省, 省政府)
//! and names none is that place's too. A folder of many places settles
//! nothing, and a document that names its place keeps it.

use std::collections::HashMap;

use super::{Facets, Level, Region, NATIONAL};

/// Documents that name their place a folder needs before it speaks for
/// the others.
const MIN_PLACED: usize = 5;
/// The share of them one place must hold: a folder of one site's
/// documents, not a mixed collection.
const MIN_SHARE: f64 = 0.9;

/// The places the documents of one folder name, by level.
#[derive(Debug, Default, Clone)]
pub struct FolderPlaces {
    /// Documents with a local region.
    placed: usize,
    /// Region path prefix → documents lying in it, for each level.
    within: HashMap<(Level, Vec<String>), usize>,
}

impl FolderPlaces {
    /// Counts one document's region; national and empty ones say nothing of
    /// a folder's place.
    pub fn note(&mut self, region: Option<&Region>) {
        let Some(region) = region.filter(|r| r.0 != [NATIONAL] && !r.0.is_empty()) else {
            return;
        };
        self.placed += 1;
        for (level, prefix) in levels_of(region) {
            *self.within.entry((level, prefix)).or_default() += 1;
        }
    }

    /// Counts a region stored in the index as its levels' paths
    /// (`河北省`, `河北省/保定市`): the deepest is the region.
    pub fn note_paths<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        let deepest = paths.into_iter().max_by_key(|p| p.matches('/').count());
        if let Some(path) = deepest {
            let region = Region(path.split('/').map(String::from).collect());
            self.note(Some(&region));
        }
    }

    /// The folder's place at one of `levels`, the deepest first: `市` may be
    /// a prefecture's or a county-level city's, and a folder of 涿州's
    /// documents is 涿州's before it is 保定's.
    pub fn place_at(&self, levels: &[Level]) -> Option<Region> {
        if self.placed < MIN_PLACED {
            return None;
        }
        let mut levels = levels.to_vec();
        levels.sort_by(|a, b| b.cmp(a));
        levels.into_iter().find_map(|level| {
            let (prefix, count) = self
                .within
                .iter()
                .filter(|((l, _), _)| *l == level)
                .max_by_key(|((_, prefix), count)| (**count, std::cmp::Reverse((*prefix).clone())))
                .map(|((_, prefix), count)| (prefix, *count))?;
            (count >= MIN_PLACED && count as f64 >= MIN_SHARE * self.placed as f64)
                .then(|| Region(prefix.clone()))
        })
    }

    /// Gives a document that names no place, but speaks from a level, the
    /// folder's place of that level. Whether it did.
    pub fn complete(&self, facets: &mut Facets) -> bool {
        if facets.region.is_some() {
            return false;
        }
        let Some(region) = facets.speaks_from.and_then(|levels| self.place_at(levels)) else {
            return false;
        };
        if facets.unit.is_none() {
            facets.unit = facets
                .unit_after_place
                .as_deref()
                .zip(region.0.last())
                .map(|(body, place)| format!("{place}{body}"));
            facets.title_issuer();
        }
        facets.region = Some(region);
        true
    }
}

/// Each level a region lies in, with the path down to it: 河北省/保定市/涿州市
/// lies in the province 河北省, the prefecture 河北省/保定市 and the county
/// itself. A municipality's districts are counties one step down
/// (北京市/朝阳区).
fn levels_of(region: &Region) -> Vec<(Level, Vec<String>)> {
    let parts = &region.0;
    let municipality = parts
        .first()
        .is_some_and(|p| ["北京市", "天津市", "上海市", "重庆市"].contains(&p.as_str()));
    let level_at = |depth: usize| match (depth, municipality) {
        (0, _) => Level::Province,
        (1, true) => Level::County,
        (1, false) => Level::Prefecture,
        _ => Level::County,
    };
    (0..parts.len().min(3))
        .map(|depth| (level_at(depth), parts[..=depth].to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(path: &str) -> Region {
        Region(path.split('/').map(String::from).collect())
    }

    fn folder(paths: &[&str]) -> FolderPlaces {
        let mut places = FolderPlaces::default();
        for p in paths {
            places.note(Some(&region(p)));
        }
        places
    }

    fn speaking(levels: &'static [Level]) -> Facets {
        Facets {
            speaks_from: Some(levels),
            ..Facets::default()
        }
    }

    #[test]
    fn a_provinces_folder_places_its_unnamed_rules() {
        let mut paths = vec!["河北省"; 8];
        paths.extend(["河北省/秦皇岛市", "河北省/保定市/涿州市"]);
        let places = folder(&paths);
        let mut rule = speaking(&[Level::Province]);
        assert!(places.complete(&mut rule));
        assert_eq!(rule.region, Some(region("河北省")));
        // Its city-level voice finds no one city in a province's folder.
        let mut city = speaking(&[Level::Prefecture, Level::County]);
        assert!(!places.complete(&mut city));
        assert_eq!(city.region, None);
    }

    #[test]
    fn an_unsigned_rule_placed_by_its_folder_is_its_governments() {
        let places = folder(&["河北省"; 6]);
        let mut rule = Facets {
            speaks_from: Some(&[Level::Province]),
            unit_after_place: Some("人民政府".to_string()),
            ..Facets::default()
        };
        assert!(places.complete(&mut rule));
        assert_eq!(rule.unit.as_deref(), Some("河北省人民政府"));
        // A title that was its kind alone is led by the issuer now known.
        let mut notice = Facets {
            title: "通知".to_string(),
            kind: Some("通知".to_string()),
            speaks_from: Some(&[Level::Province]),
            unit_after_place: Some("人民政府办公厅".to_string()),
            ..Facets::default()
        };
        assert!(places.complete(&mut notice));
        assert_eq!(notice.title, "河北省人民政府办公厅通知");
        // A unit the document names is its own.
        let mut signed = Facets {
            unit: Some("省发展改革委".to_string()),
            speaks_from: Some(&[Level::Province]),
            unit_after_place: Some("人民政府".to_string()),
            ..Facets::default()
        };
        assert!(places.complete(&mut signed));
        assert_eq!(signed.unit.as_deref(), Some("省发展改革委"));
    }

    #[test]
    fn a_mixed_folder_or_a_small_one_settles_nothing() {
        let mixed = folder(&[
            "河北省",
            "河北省",
            "河北省",
            "河北省",
            "河北省",
            "山东省",
            "广东省",
        ]);
        assert_eq!(mixed.place_at(&[Level::Province]), None);
        let small = folder(&["河北省", "河北省", "河北省", "河北省"]);
        assert_eq!(small.place_at(&[Level::Province]), None);
        // National documents are no evidence either way.
        let mut national = folder(&["河北省"; 6]);
        national.note(Some(&Region::national()));
        assert_eq!(
            national.place_at(&[Level::Province]),
            Some(region("河北省"))
        );
    }

    #[test]
    fn a_city_folder_is_the_deepest_place_its_documents_share() {
        let prefecture = folder(&["河北省/保定市"; 6]);
        let mut notice = speaking(&[Level::Prefecture, Level::County]);
        assert!(prefecture.complete(&mut notice));
        assert_eq!(notice.region, Some(region("河北省/保定市")));
        // A county's voice in a prefecture's folder is one of its counties:
        // which, the folder cannot say.
        let mut county = speaking(&[Level::County]);
        assert!(!prefecture.complete(&mut county));
        let city = folder(&["河北省/保定市/涿州市"; 6]);
        let mut notice = speaking(&[Level::Prefecture, Level::County]);
        assert!(city.complete(&mut notice));
        assert_eq!(notice.region, Some(region("河北省/保定市/涿州市")));
        let district = folder(&["北京市/朝阳区"; 6]);
        assert_eq!(
            district.place_at(&[Level::County]),
            Some(region("北京市/朝阳区"))
        );
    }

    #[test]
    fn a_named_place_is_kept_and_a_silent_document_stays_empty() {
        let places = folder(&["河北省"; 6]);
        let mut named = Facets {
            region: Some(region("山东省")),
            speaks_from: Some(&[Level::Province]),
            ..Facets::default()
        };
        assert!(!places.complete(&mut named));
        assert_eq!(named.region, Some(region("山东省")));
        let mut silent = Facets::default();
        assert!(!places.complete(&mut silent));
        assert_eq!(silent.region, None);
    }

    #[test]
    fn stored_paths_count_as_their_deepest() {
        let mut places = FolderPlaces::default();
        for _ in 0..5 {
            places.note_paths(["河北省", "河北省/保定市"]);
        }
        assert_eq!(
            places.place_at(&[Level::Prefecture]),
            Some(region("河北省/保定市"))
        );
    }
}
