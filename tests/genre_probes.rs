//! Documents nobody tuned a rule to: hand-written reports, summaries,
//! plans, notices, rules and speeches in the genre's conventions, for
//! provinces, levels and layouts the corpus lacks (a PDF's wrapped
//! dateline, a portal page, a GBK county report, a Word notice, a court's
//! report to the congress). `tests/probes/expect.tsv` says what a reader
//! expects of each; the binary's `inspect` must give it.

mod common;

use std::path::PathBuf;

use common::*;

struct Expected {
    file: String,
    fields: Vec<(&'static str, String)>,
}

fn expectations(dir: &std::path::Path) -> Vec<Expected> {
    let table = std::fs::read_to_string(dir.join("expect.tsv")).expect("tests/probes/expect.tsv");
    let mut rows = table.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = rows.next().expect("a header").split('\t').collect();
    assert_eq!(header, ["file", "title", "year", "region", "unit", "kind"]);
    rows.map(|line| {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), header.len(), "{line}");
        let fields = ["title", "year", "region", "unit", "kind"]
            .into_iter()
            .zip(cells[1..].iter())
            .filter(|(_, v)| **v != "-")
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        Expected {
            file: cells[0].to_string(),
            fields,
        }
    })
    .collect()
}

fn field(doc: &serde_json::Value, key: &str) -> String {
    match &doc[key] {
        serde_json::Value::Null => "-".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn facets_of_documents_in_the_genres_conventions_are_what_a_reader_expects() {
    let dir = repo().join("tests").join("probes");
    let expected = expectations(&dir);
    assert!(expected.len() >= 30, "{} probes", expected.len());
    let files: Vec<PathBuf> = expected.iter().map(|e| dir.join(&e.file)).collect();
    let docs = inspect(&files, &repo());
    assert_eq!(docs.len(), expected.len(), "one inspection per file");
    let mut wrong = Vec::new();
    for (doc, want) in docs.iter().zip(&expected) {
        for (key, value) in &want.fields {
            let got = field(doc, key);
            if &got != value {
                wrong.push(format!("{} {key}: expected {value}, got {got}", want.file));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn pages_lose_their_furniture_and_keep_every_body_line() {
    let dir = repo().join("tests").join("probes").join("pages");
    let table = std::fs::read_to_string(dir.join("expect.tsv")).expect("pages/expect.tsv");
    let rows: Vec<(String, usize)> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let (file, count) = l.split_once('\t').expect("file<TAB>furniture");
            (file.to_string(), count.parse().expect("a count"))
        })
        .collect();
    assert_eq!(rows.len(), 5);
    let files: Vec<PathBuf> = rows.iter().map(|(f, _)| dir.join(f)).collect();
    let docs = inspect(&files, &repo());
    for ((file, furniture), doc) in rows.iter().zip(&docs) {
        let removed: Vec<&str> = doc["removed"]
            .as_array()
            .expect("removed lines")
            .iter()
            .filter_map(|l| l.as_str())
            .collect();
        assert_eq!(removed.len(), *furniture, "{file}: {removed:?}");
        // A body line is a sentence: none of them may be among the removed.
        let lost: Vec<&&str> = removed.iter().filter(|l| l.ends_with('。')).collect();
        assert!(lost.is_empty(), "{file} lost {lost:?}");
        let page = std::fs::read_to_string(dir.join(file)).expect("page");
        let sentences = page.lines().filter(|l| l.trim().ends_with('。')).count();
        let text = doc["text"].as_str().expect("text");
        let kept = text.lines().filter(|l| l.trim().ends_with('。')).count();
        assert_eq!(kept, sentences, "{file}: every sentence kept");
    }
}
