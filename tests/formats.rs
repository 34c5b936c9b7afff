//! Word and PDF files made by LibreOffice from real documents of
//! `../shared/corpora`: the indexer reads them as their text, a quoted
//! fragment finds each, and scans, password-protected, damaged and old
//! `.doc` files are skipped with a one-line reason while the rest is indexed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Documents from different sources: a provincial report, a county
/// report, a national report and a local regulation.
const SOURCES: [&str; 4] = [
    "hebei_gwr_txt",
    "baoding_county_gwr",
    "national_gwr_wikisource",
    "mpr_civility_regs",
];

/// The first catalogued file of a source folder.
fn first_document(folder: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("source folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.into_iter().next().expect("a .txt document")
}

fn convert(files: &[PathBuf], to: &str, out: &Path) {
    let profile = out.with_extension("profile");
    let status = Command::new("soffice")
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--infilter=Text (encoded):UTF8,LF,,,")
        .args(["--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("these tests need LibreOffice: apt-get install libreoffice-writer-nogui fonts-wqy-microhei");
    assert!(status.status.success(), "soffice: {}", stderr(&status));
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A quoted fragment of ten Chinese characters from the middle of a text.
fn fragment(text: &str) -> String {
    let chars: Vec<char> = compact(text).chars().collect();
    let middle = chars.len() / 2;
    let start = (middle..chars.len() - 10)
        .find(|&i| {
            chars[i..i + 10]
                .iter()
                .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        })
        .expect("ten Chinese characters in a row");
    chars[start..start + 10].iter().collect()
}

/// A PDF whose only page draws a line: what a scan without OCR looks like
/// to a text reader.
fn write_scan(path: &Path) {
    use pdf_extract::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"0 0 m 200 200 l S".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.save(path).expect("write the scan");
}

/// A copy of a PDF locked with a user password.
fn write_locked(from: &Path, to: &Path) {
    use pdf_extract::encryption::{EncryptionState, EncryptionVersion, Permissions};
    let mut doc = pdf_extract::Document::load(from).expect("load PDF");
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "secret",
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    doc.save(to).expect("write the locked PDF");
}

#[test]
fn word_and_pdf_files_read_as_their_text_and_bad_ones_are_skipped_with_a_reason() {
    let corpora = shared_corpora();
    let dir = tempfile::tempdir().expect("tempdir");
    let texts_dir = dir.path().join("texts");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&texts_dir).expect("mkdir");
    // The cleaned text, as the indexer sees the .txt original.
    let originals: Vec<PathBuf> = SOURCES
        .iter()
        .map(|s| first_document(&corpora.join(s)))
        .collect();
    let mut written = Vec::new();
    for (n, doc) in inspect(&originals, &repo()).iter().enumerate() {
        let path = texts_dir.join(format!("doc{n}.txt"));
        std::fs::write(&path, doc["text"].as_str().expect("text")).expect("write text");
        written.push(path);
    }
    convert(&written, "docx", &docs);
    convert(&written, "pdf", &docs);
    write_scan(&docs.join("scan.pdf"));
    write_locked(&docs.join("doc0.pdf"), &docs.join("locked.pdf"));
    std::fs::write(docs.join("broken.docx"), b"PK\x03\x04not a package").expect("write");
    std::fs::write(docs.join("old.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old").expect("write");

    let index = dir.path().join("index");
    let out = govsearch(
        &[
            "index",
            &docs.to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
            "--verbose",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = stderr(&out);
    for (file, reason) in [
        ("scan.pdf", "without a text layer"),
        ("locked.pdf", "password-protected"),
        ("broken.docx", "damaged"),
        ("old.doc", "save it as .docx"),
    ] {
        let line = log
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not reported: {log}"));
        assert!(line.contains(reason), "{line}");
    }

    for (n, text_file) in written.iter().enumerate() {
        let text = std::fs::read_to_string(text_file).expect("text");
        for ext in ["docx", "pdf"] {
            let file = docs.join(format!("doc{n}.{ext}"));
            let read = inspect(std::slice::from_ref(&file), &repo());
            let got = read[0]["text"].as_str().unwrap_or_default();
            if ext == "docx" {
                assert_eq!(
                    compact(got),
                    compact(&text),
                    "{} reads as its text",
                    file.display()
                );
            }
            let quoted = format!("\"{}\"", fragment(&text));
            // The .docx and .pdf of one text are copies: list every copy.
            let (code, hits, _) =
                search_json(&index, &[&quoted, "-n", "20", "--all-copies"], &repo());
            assert_eq!(code, 0);
            assert!(
                sorted_paths(&hits)
                    .iter()
                    .any(|p| p.ends_with(&format!("doc{n}.{ext}"))),
                "{quoted} does not find {}: {:?}",
                file.display(),
                sorted_paths(&hits)
            );
        }
    }
}
