//! A query set drawn from a corpus, deterministic for a seed: single words,
//! two and three words, quoted phrases, rare words and filtered words, the
//! kinds of queries people type.

use std::collections::HashSet;

use anyhow::Result;
use serde::Serialize;

use crate::analysis::{jieba, query_words};
use crate::eval::SplitMix;
use crate::search::{parse, Engine};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Category {
    Word,
    Words,
    Phrase,
    Rare,
    Filtered,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Word => "single word",
            Category::Words => "2–3 words",
            Category::Phrase => "phrase",
            Category::Rare => "rare word",
            Category::Filtered => "word + filter",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchQuery {
    pub text: String,
    pub category: Category,
}

fn is_han_word(w: &str) -> bool {
    let n = w.chars().count();
    (2..=4).contains(&n) && w.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Draws `n` queries (a fifth of each category, rounded) from the texts.
pub fn draw(engine: &Engine, texts: &[String], n: usize, seed: u64) -> Result<Vec<BenchQuery>> {
    let jieba = jieba();
    let mut rng = SplitMix::new(seed);
    let mut words: Vec<String> = Vec::new();
    let mut phrases: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for _ in 0..texts.len().max(1) * 4 {
        if texts.is_empty() {
            break;
        }
        let text: Vec<char> = texts[rng.below(texts.len())].chars().collect();
        if text.len() < 40 {
            continue;
        }
        let start = rng.below(text.len() - 30);
        let window: String = text[start..start + 30].iter().collect();
        for w in query_words(&jieba, &window) {
            if is_han_word(&w) && seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let len = 4 + rng.below(5);
        let phrase: String = text[start..start + len].iter().collect();
        if phrase
            .chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        {
            phrases.push(phrase);
        }
        if words.len() > n * 20 && phrases.len() > n {
            break;
        }
    }
    let hits = |q: &str| -> usize {
        parse(q)
            .ok()
            .and_then(|p| engine.matching_paths(&p).ok())
            .map_or(0, |p| p.len())
    };
    let per = n.div_ceil(5);
    let mut queries = Vec::new();
    let mut push = |text: String, category| queries.push(BenchQuery { text, category });
    let pick = |rng: &mut SplitMix| words[rng.below(words.len().max(1))].clone();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    for _ in 0..per {
        push(pick(&mut rng), Category::Word);
    }
    for i in 0..per {
        let count = 2 + i % 2;
        let text = (0..count)
            .map(|_| pick(&mut rng))
            .collect::<Vec<_>>()
            .join(" ");
        push(text, Category::Words);
    }
    for phrase in phrases.iter().take(per) {
        push(format!("\"{phrase}\""), Category::Phrase);
    }
    // The least frequent of many candidates: in 1–3 documents at 1x, and
    // in proportionally more in a generated corpus where every text recurs.
    let mut candidates: Vec<(usize, String)> = (0..per * 8)
        .map(|_| pick(&mut rng))
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|w| (hits(&format!("\"{w}\"")), w))
        .filter(|(n, _)| *n > 0)
        .collect();
    candidates.sort();
    for (_, w) in candidates.into_iter().take(per) {
        push(w, Category::Rare);
    }
    const FILTERS: &[&str] = &[
        "year:2010..2020",
        "year:2017",
        "region:全国",
        "region:山东",
        "kind:通知",
        "kind:法律法规",
        "kind:政府工作报告",
    ];
    for i in 0..per {
        push(
            format!("{} {}", pick(&mut rng), FILTERS[i % FILTERS.len()]),
            Category::Filtered,
        );
    }
    Ok(queries)
}
