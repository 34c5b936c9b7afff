//! Prepares jieba's default dictionary for fast query segmentation: the
//! entries sorted by word, and their total frequency, so that a search
//! looks up the few words a query contains instead of loading all 349,000
//! (see `analysis::segmenter`). Read from the jieba-rs sources cargo has
//! fetched; if they cannot be found, an empty table is written and searches
//! load jieba in full, with the same results, only slower.

use std::path::{Path, PathBuf};

fn candidate_dicts() -> Vec<PathBuf> {
    let homes: Vec<PathBuf> = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .collect();
    let mut found = Vec::new();
    for home in homes {
        let Ok(indexes) = std::fs::read_dir(home.join("registry").join("src")) else {
            continue;
        };
        for index in indexes.flatten() {
            let Ok(crates) = std::fs::read_dir(index.path()) else {
                continue;
            };
            for krate in crates.flatten() {
                let name = krate.file_name().to_string_lossy().into_owned();
                if name.starts_with("jieba-rs-0.11.") {
                    let dict = krate.path().join("src").join("data").join("dict.txt");
                    if dict.is_file() {
                        found.push(dict);
                    }
                }
            }
        }
    }
    if found.is_empty() {
        found.extend(dict_from_cargo_metadata());
    }
    // The highest version is the one cargo resolves for `^0.11`.
    found.sort();
    found
}

/// Where cargo keeps jieba-rs when the registry is somewhere else
/// (vendored sources, an unusual CARGO_HOME): `cargo metadata` names its
/// manifest.
fn dict_from_cargo_metadata() -> Option<PathBuf> {
    let cargo = std::env::var_os("CARGO")?;
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(std::env::var_os("CARGO_MANIFEST_DIR")?)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split("\"manifest_path\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|path| path.contains("jieba-rs-0.11."))
        .map(|manifest| {
            Path::new(manifest)
                .with_file_name("src")
                .join("data")
                .join("dict.txt")
        })
        .find(|dict| dict.is_file())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut entries: Vec<(String, u64, String)> = Vec::new();
    let mut total: u64 = 0;
    if let Some(dict) = candidate_dicts().pop() {
        println!("cargo:rerun-if-changed={}", dict.display());
        let text = std::fs::read_to_string(&dict).unwrap_or_default();
        for line in text.lines() {
            let mut fields = line.split_ascii_whitespace();
            let (Some(word), Some(freq)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Ok(freq) = freq.parse::<u64>() else {
                continue;
            };
            total += freq;
            let tag = fields.next().unwrap_or_default();
            entries.push((word.to_string(), freq, tag.to_string()));
        }
    } else {
        println!("cargo:warning=jieba-rs's dictionary not found: searches will load jieba in full");
    }
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut table = String::with_capacity(entries.len() * 16);
    for (word, freq, tag) in &entries {
        table.push_str(word);
        table.push('\t');
        table.push_str(&freq.to_string());
        table.push('\t');
        table.push_str(tag);
        table.push('\n');
    }
    std::fs::write(out.join("jieba_dict_sorted.txt"), table).expect("write the sorted dictionary");
    std::fs::write(out.join("jieba_dict_total.txt"), total.to_string()).expect("write the total");
}
