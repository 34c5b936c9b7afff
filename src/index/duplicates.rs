//! Near-duplicate detection: the same report in several transcriptions or
//! reposted across sites. Each document gets a MinHash signature over
//! 5-character shingles of its letters and digits (punctuation, spacing
//! and layout ignored, so transcriptions that differ only there agree);
//! after each indexing run, locality-sensitive hashing over bands of the
//! signatures finds candidate pairs, and pairs whose estimated Jaccard
//! similarity reaches [`SIMILAR`] are joined into groups.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::analysis::is_term_char;

/// Bins of the one-permutation MinHash signature.
pub const BINS: usize = 128;
/// Rows per LSH band: 32 bands of 4 rows find a pair of similarity 0.5
/// with probability 0.87, of 0.6 with 0.99, of 0.2 with 0.05.
const ROWS: usize = 4;
/// Estimated Jaccard similarity from which two documents are copies.
pub const SIMILAR: f64 = 0.7;
/// Characters per shingle.
const SHINGLE: usize = 5;
/// Documents with fewer shingles are never grouped: a short notice and
/// another one of the same template would look alike.
const MIN_SHINGLES: usize = 200;
/// An empty bin (too few shingles to fill it).
const EMPTY: u16 = u16::MAX;

pub(crate) const GROUPS_FILE: &str = "duplicates.json";

/// A document in no duplicate group.
pub const NO_GROUP: u32 = u32::MAX;

/// A document's signature: the least hash per bin (its low 16 bits, which
/// keeps it small; equal bins by chance are then 1 in 65,536).
pub fn signature(normalised: &str) -> Option<Vec<u16>> {
    let chars: Vec<char> = normalised.chars().filter(|c| is_term_char(*c)).collect();
    if chars.len() < MIN_SHINGLES + SHINGLE {
        return None;
    }
    let mut mins = vec![u64::MAX; BINS];
    let mut buf = [0u8; SHINGLE * 4];
    for window in chars.windows(SHINGLE) {
        let mut len = 0;
        for c in window {
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        let h = xxh3_64(&buf[..len]);
        let bin = (h % BINS as u64) as usize;
        let value = h / BINS as u64;
        if value < mins[bin] {
            mins[bin] = value;
        }
    }
    Some(
        mins.into_iter()
            .map(|m| {
                if m == u64::MAX {
                    EMPTY
                } else {
                    (m & 0xFFFE) as u16
                }
            })
            .collect(),
    )
}

pub fn to_bytes(signature: &[u16]) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_bytes(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// Estimated Jaccard similarity: the share of filled bins that agree.
pub fn similarity(a: &[u16], b: &[u16]) -> f64 {
    let (mut same, mut filled) = (0usize, 0usize);
    for (x, y) in a.iter().zip(b) {
        if *x == EMPTY && *y == EMPTY {
            continue;
        }
        filled += 1;
        same += usize::from(x == y);
    }
    if filled == 0 {
        0.0
    } else {
        same as f64 / filled as f64
    }
}

/// What grouping knows of one document.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: String,
    pub signature: Vec<u16>,
    pub year: Option<u64>,
    /// The deepest region level, `广东省/江门市`.
    pub region: Option<String>,
}

impl Candidate {
    /// Copies are one report: two documents of different years or places
    /// (the same model statute passed by two cities, a law and its later
    /// version) are not copies however alike their texts.
    fn may_copy(&self, other: &Candidate) -> bool {
        let years_agree = match (self.year, other.year) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let regions_agree = match (&self.region, &other.region) {
            (Some(a), Some(b)) => a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
            _ => true,
        };
        years_agree && regions_agree
    }
}

/// Groups of two or more paths whose documents are near-duplicates, each
/// sorted, largest groups first.
pub fn groups(signatures: &[Candidate]) -> Vec<Vec<String>> {
    let mut parent: Vec<usize> = (0..signatures.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for band in 0..BINS / ROWS {
        let rows = band * ROWS..(band + 1) * ROWS;
        let mut buckets: HashMap<&[u16], Vec<usize>> = HashMap::new();
        for (i, doc) in signatures.iter().enumerate() {
            let sig = &doc.signature;
            if sig.len() != BINS {
                continue;
            }
            let key = &sig[rows.clone()];
            if !key.contains(&EMPTY) {
                buckets.entry(key).or_default().push(i);
            }
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            for (n, &a) in members.iter().enumerate() {
                for &b in &members[n + 1..] {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    let (x, y) = (&signatures[a], &signatures[b]);
                    if ra != rb
                        && x.may_copy(y)
                        && similarity(&x.signature, &y.signature) >= SIMILAR
                    {
                        parent[ra.max(rb)] = ra.min(rb);
                    }
                }
            }
        }
    }
    let mut by_root: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, doc) in signatures.iter().enumerate() {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(doc.path.clone());
    }
    let mut groups: Vec<Vec<String>> = by_root.into_values().filter(|g| g.len() > 1).collect();
    for group in &mut groups {
        group.sort();
    }
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    groups
}

/// The duplicate groups of an index, as stored beside it.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct DuplicateGroups {
    pub groups: Vec<Vec<String>>,
    /// Where each group's documents sat when the groups were computed
    /// (segment id, document id), so a search finds them without looking
    /// paths up. Stale after a commit that did not recompute them.
    #[serde(default)]
    pub addresses: Vec<Vec<(String, u32)>>,
    /// The commit the groups were computed for.
    #[serde(default)]
    pub opstamp: Option<u64>,
}

impl DuplicateGroups {
    /// Reads the groups of the index in `dir`; none if never computed.
    pub fn load(dir: &Path) -> Result<DuplicateGroups> {
        let path = dir.join(GROUPS_FILE);
        if !path.is_file() {
            return Ok(DuplicateGroups::default());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("`{}` is damaged", path.display()))
    }

    /// Writes the groups atomically (a reader never sees half a file).
    pub fn store(&self, dir: &Path) -> Result<()> {
        let path = dir.join(GROUPS_FILE);
        let temporary = dir.join(format!("{GROUPS_FILE}.tmp"));
        std::fs::write(&temporary, serde_json::to_string(self)?)
            .with_context(|| format!("cannot write `{}`", temporary.display()))?;
        std::fs::rename(&temporary, &path)
            .with_context(|| format!("cannot write `{}`", path.display()))
    }

    /// Whether the index in `dir` has had its groups computed.
    pub fn stored(dir: &Path) -> bool {
        dir.join(GROUPS_FILE).is_file()
    }

    /// For each segment of `searcher`, the group of each document
    /// (`NO_GROUP` if none), from the stored addresses, or by looking the
    /// paths up when those are stale.
    pub fn by_document(
        &self,
        searcher: &tantivy::Searcher,
        path_field: tantivy::schema::Field,
    ) -> Result<Vec<Vec<u32>>> {
        let segments = searcher.segment_readers();
        let mut table: Vec<Vec<u32>> = segments
            .iter()
            .map(|s| vec![NO_GROUP; s.max_doc() as usize])
            .collect();
        let ord_of: HashMap<String, usize> = segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.segment_id().uuid_string(), i))
            .collect();
        let stored_fit = self.addresses.len() == self.groups.len()
            && self.addresses.iter().zip(&self.groups).all(|(a, g)| {
                a.len() == g.len() && a.iter().all(|(segment, _)| ord_of.contains_key(segment))
            });
        if stored_fit {
            for (g, members) in self.addresses.iter().enumerate() {
                for (segment, doc) in members {
                    if let Some(slot) = table[ord_of[segment]].get_mut(*doc as usize) {
                        *slot = g as u32;
                    }
                }
            }
            return Ok(table);
        }
        for (g, paths) in self.groups.iter().enumerate() {
            for path in paths {
                let term = tantivy::Term::from_field_text(path_field, path);
                for (s, segment) in segments.iter().enumerate() {
                    let index = segment.inverted_index(path_field)?;
                    let Some(mut postings) =
                        index.read_postings(&term, tantivy::schema::IndexRecordOption::Basic)?
                    else {
                        continue;
                    };
                    use tantivy::DocSet;
                    while postings.doc() != tantivy::TERMINATED {
                        let doc = postings.doc();
                        if segment.alive_bitset().is_none_or(|a| a.is_alive(doc)) {
                            table[s][doc as usize] = g as u32;
                        }
                        postings.advance();
                    }
                }
            }
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(seed: u64, chars: usize) -> String {
        let mut rng = crate::eval::SplitMix::new(seed);
        (0..chars)
            .map(|_| char::from_u32(0x4E00 + rng.below(2000) as u32).unwrap_or('一'))
            .collect()
    }

    #[test]
    fn copies_differing_in_punctuation_are_similar() {
        let a = text(1, 3000);
        let b: String = a
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i % 40 == 0 { vec!['，', c] } else { vec![c] })
            .collect();
        let (sa, sb) = (signature(&a).expect("long"), signature(&b).expect("long"));
        assert_eq!(similarity(&sa, &sb), 1.0);
        let other = signature(&text(2, 3000)).expect("long");
        assert!(similarity(&sa, &other) < 0.05);
    }

    #[test]
    fn groups_join_copies_and_leave_others_alone() {
        let a = text(1, 3000);
        let mut edited = a.clone();
        edited.push_str(&text(3, 300));
        let doc = |path: &str, text: &str, year: u64| Candidate {
            path: path.to_string(),
            signature: signature(text).expect("long"),
            year: Some(year),
            region: None,
        };
        let docs = vec![
            doc("a", &a, 2017),
            doc("b", &text(2, 3000), 2017),
            doc("a2", &edited, 2017),
            doc("a-next-year", &a, 2018),
        ];
        assert_eq!(groups(&docs), vec![vec!["a".to_string(), "a2".to_string()]]);
    }

    #[test]
    fn short_documents_get_no_signature() {
        assert!(signature(&text(1, 100)).is_none());
    }
}
