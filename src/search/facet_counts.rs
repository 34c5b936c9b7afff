//! Facet counts over every matching document (not only the page shown):
//! year, region (every level of the path), unit, topic and kind, read from
//! fast fields by term ordinal and resolved to strings once per segment.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::duplicates::NO_GROUP;

/// Counts per facet value, for the whole result set.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FacetCounts {
    pub year: BTreeMap<String, u64>,
    pub region: BTreeMap<String, u64>,
    pub unit: BTreeMap<String, u64>,
    pub topic: BTreeMap<String, u64>,
    pub kind: BTreeMap<String, u64>,
}

impl FacetCounts {
    /// Facets in display order, with their names.
    pub fn named(&self) -> [(&'static str, &BTreeMap<String, u64>); 5] {
        [
            ("year", &self.year),
            ("region", &self.region),
            ("unit", &self.unit),
            ("topic", &self.topic),
            ("kind", &self.kind),
        ]
    }
}

const STRING_FACETS: [&str; 4] = ["region", "unit", "topic", "kind"];

/// Collects [`FacetCounts`].
pub struct FacetCounter;

pub struct SegmentFacetCounter {
    years: Column<u64>,
    year_counts: HashMap<u64, u64>,
    columns: Vec<Option<StrColumn>>,
    ord_counts: Vec<Vec<u64>>,
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let fast = segment.fast_fields();
        let columns: Vec<Option<StrColumn>> = STRING_FACETS
            .iter()
            .map(|name| fast.str(name))
            .collect::<tantivy::Result<_>>()?;
        let ord_counts = columns
            .iter()
            .map(|c| vec![0u64; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        Ok(SegmentFacetCounter {
            years: fast.u64("year")?,
            year_counts: HashMap::new(),
            columns,
            ord_counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut total = FacetCounts::default();
        for fruit in fruits {
            for (into, from) in [
                (&mut total.year, fruit.year),
                (&mut total.region, fruit.region),
                (&mut total.unit, fruit.unit),
                (&mut total.topic, fruit.topic),
                (&mut total.kind, fruit.kind),
            ] {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(year) = self.years.first(doc) {
            *self.year_counts.entry(year).or_default() += 1;
        }
        for (column, counts) in self.columns.iter().zip(self.ord_counts.iter_mut()) {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut counts = FacetCounts {
            year: self
                .year_counts
                .into_iter()
                .map(|(y, n)| (y.to_string(), n))
                .collect(),
            ..FacetCounts::default()
        };
        let targets = [
            &mut counts.region,
            &mut counts.unit,
            &mut counts.topic,
            &mut counts.kind,
        ];
        for ((column, ords), target) in self.columns.iter().zip(self.ord_counts).zip(targets) {
            if let Some(column) = column {
                resolve(column, &ords, target);
            }
        }
        counts
    }
}

/// Turns counts per term ordinal into counts per value. Many values are
/// read in one pass over the dictionary; a few by lookup (each lookup
/// decodes a dictionary block, so thousands of them cost more than the pass).
fn resolve(column: &StrColumn, ords: &[u64], target: &mut BTreeMap<String, u64>) {
    let wanted = ords.iter().filter(|n| **n > 0).count();
    if wanted == 0 {
        return;
    }
    if wanted * 16 < ords.len() {
        let mut value = String::new();
        for (ord, n) in ords.iter().enumerate().filter(|(_, n)| **n > 0) {
            if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                target.insert(value.clone(), *n);
            }
        }
        return;
    }
    let Ok(mut stream) = column.dictionary().stream() else {
        return;
    };
    while stream.advance() {
        let n = ords.get(stream.term_ord() as usize).copied().unwrap_or(0);
        if n > 0 {
            target.insert(String::from_utf8_lossy(stream.key()).into_owned(), n);
        }
    }
}

/// Counts the matching members of each near-duplicate group (by the
/// group table of each segment), so that copies can be told from reports.
pub struct GroupCounter(pub std::sync::Arc<Vec<Vec<u32>>>);

/// Matching documents per group.
#[derive(Debug, Default)]
pub struct GroupMatches(HashMap<u32, u64>);

impl GroupMatches {
    /// Matches that are copies of another match: all but one per group.
    pub fn copies(&self) -> usize {
        self.0
            .values()
            .map(|n| (*n as usize).saturating_sub(1))
            .sum()
    }
}

pub struct SegmentGroupCounter {
    groups: std::sync::Arc<Vec<Vec<u32>>>,
    segment: usize,
    matched: GroupMatches,
}

impl Collector for GroupCounter {
    type Fruit = GroupMatches;
    type Child = SegmentGroupCounter;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<SegmentGroupCounter> {
        Ok(SegmentGroupCounter {
            groups: self.0.clone(),
            segment: segment as usize,
            matched: GroupMatches::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<GroupMatches>) -> tantivy::Result<GroupMatches> {
        let mut total = GroupMatches::default();
        for fruit in fruits {
            for (group, n) in fruit.0 {
                *total.0.entry(group).or_default() += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentGroupCounter {
    type Fruit = GroupMatches;

    fn collect(&mut self, doc: DocId, _: Score) {
        let group = self
            .groups
            .get(self.segment)
            .and_then(|docs| docs.get(doc as usize))
            .copied()
            .unwrap_or(NO_GROUP);
        if group != NO_GROUP {
            *self.matched.0.entry(group).or_default() += 1;
        }
    }

    fn harvest(self) -> GroupMatches {
        self.matched
    }
}
