//! Topics from a replaceable taxonomy, by weighted evidence.

use aho_corasick::AhoCorasick;

use super::*;

/// A topic taxonomy: topic names and the weighted terms that are evidence for them.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    names: Vec<String>,
    /// All evidence terms in one automaton, so a text is read once.
    matcher: AhoCorasick,
    /// The same terms as a DFA, built when a text is first classified:
    /// twice as fast to scan, four times as slow to build, which a search
    /// process (it opens the index's taxonomy and classifies nothing)
    /// should not pay.
    scanner: std::sync::Arc<std::sync::OnceLock<AhoCorasick>>,
    terms: std::sync::Arc<Vec<String>>,
    /// For each distinct term (pattern id): the topics it is evidence for, with weights.
    evidence: Vec<Vec<(usize, u32)>>,
}

/// Terms up to which the matcher is a DFA, whose size grows with them.
const DFA_TERMS: usize = 2_000;

/// Minimum weighted evidence per 10,000 characters for a topic to apply.
pub(super) const TOPIC_MIN_DENSITY: u32 = 12;
/// Minimum weighted evidence overall, so that one mention never decides.
pub(super) const TOPIC_MIN_EVIDENCE: u32 = 6;

impl Taxonomy {
    /// The taxonomy that ships with govsearch (`data/topics.tsv`).
    pub fn builtin() -> Self {
        Self::parse(include_str!("../../data/topics.tsv"))
            .or_else(|_| Self::build(Vec::new()))
            .expect("an empty taxonomy always builds")
    }

    /// Parses `topic<TAB>term:weight,term:weight` lines; `#` starts a comment.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let mut topics = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, terms) = line.split_once('\t').ok_or_else(|| {
                anyhow::anyhow!("line {}: expected `topic<TAB>term:weight,...`", n + 1)
            })?;
            let mut parsed = Vec::new();
            for item in terms.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let (term, weight) = item.rsplit_once(':').unwrap_or((item, "1"));
                let weight = weight
                    .parse()
                    .map_err(|_| anyhow::anyhow!("line {}: bad weight in `{item}`", n + 1))?;
                parsed.push((normalise(term), weight));
            }
            topics.push((name.trim().to_string(), parsed));
        }
        Self::build(topics)
    }

    fn build(topics: Vec<(String, Vec<(String, u32)>)>) -> anyhow::Result<Self> {
        let mut terms: Vec<String> = Vec::new();
        let mut evidence: Vec<Vec<(usize, u32)>> = Vec::new();
        for (topic, (_, topic_terms)) in topics.iter().enumerate() {
            for (term, weight) in topic_terms {
                let id = match terms.iter().position(|t| t == term) {
                    Some(id) => id,
                    None => {
                        terms.push(term.clone());
                        evidence.push(Vec::new());
                        terms.len() - 1
                    }
                };
                evidence[id].push((topic, *weight));
            }
        }
        let matcher = AhoCorasick::new(&terms)?;
        Ok(Taxonomy {
            names: topics.into_iter().map(|(name, _)| name).collect(),
            matcher,
            scanner: Default::default(),
            terms: std::sync::Arc::new(terms),
            evidence,
        })
    }

    /// The automaton texts are classified with. Every line of every text
    /// is scanned: a DFA for the builtin's few terms (classifying the
    /// shared corpus 0.83 -> 0.35 s, 2026-12-07); for a large user
    /// taxonomy, or if the DFA cannot be built, the automaton of its own
    /// choice.
    fn scanner(&self) -> &AhoCorasick {
        self.scanner.get_or_init(|| {
            (self.terms.len() <= DFA_TERMS)
                .then(|| {
                    AhoCorasick::builder()
                        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                        .build(self.terms.as_slice())
                        .ok()
                })
                .flatten()
                .unwrap_or_else(|| self.matcher.clone())
        })
    }

    /// Up to three topics with enough weighted evidence, strongest first.
    pub fn classify(&self, norm_lines: &[String]) -> Vec<String> {
        let chars: usize = norm_lines
            .iter()
            .map(|l| l.chars().count())
            .sum::<usize>()
            .max(1);
        let mut totals = vec![0u32; self.names.len()];
        for line in norm_lines {
            for found in self.scanner().find_overlapping_iter(line.as_str()) {
                for &(topic, weight) in &self.evidence[found.pattern().as_usize()] {
                    totals[topic] += weight;
                }
            }
        }
        let mut scored: Vec<(u32, &str)> = totals
            .into_iter()
            .zip(self.names.iter().map(String::as_str))
            .filter(|(evidence, _)| {
                *evidence >= TOPIC_MIN_EVIDENCE
                    && (*evidence as usize) * 10_000 / chars >= TOPIC_MIN_DENSITY as usize
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        let best = scored.first().map_or(0, |s| s.0);
        scored
            .into_iter()
            .filter(|(evidence, _)| evidence * 10 >= best * 3)
            .take(3)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}
