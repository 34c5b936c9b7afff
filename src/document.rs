//! The document that flows down the pipeline: read → clean → facets, then
//! handed to the indexer.

use std::path::Path;

use serde::Serialize;
use std::sync::OnceLock;

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::clean;
use crate::facets::folder::FolderPlaces;
use crate::facets::{self, Facets, Taxonomy};
use crate::read::{self, Format, SkipReason};
use crate::text::Normalised;

/// A report ready to index: its cleaned text (original characters) and facets.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as reached from the folder named on the command line.
    pub path: String,
    pub encoding: String,
    pub text: String,
    /// `text` in its indexed form: normalised, layout removed
    /// ([`crate::text::Normalised`]).
    pub normalised: String,
    /// Whether `text` holds traditional characters (normalising changed
    /// more than folding).
    pub traditional: bool,
    pub removed: Vec<String>,
    pub facets: Facets,
    /// Hash of the file's bytes, to skip unchanged files when re-indexing.
    pub hash: u64,
    pub bytes: u64,
}

/// Hash of a file's content and of the rules that extract a document from
/// it, as stored in the index: an unchanged file read by changed rules is
/// extracted again, so an upgrade never leaves old facets behind.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxh3_64_with_seed(bytes, extraction_fingerprint())
}

/// A fingerprint of the reading, cleaning and facet code and data built into
/// this binary.
fn extraction_fingerprint() -> u64 {
    static FINGERPRINT: OnceLock<u64> = OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let sources = EXTRACTION_SOURCES.map(|(_, source)| source);
        sources
            .iter()
            .fold(0, |seed, source| xxh3_64_with_seed(source.as_bytes(), seed))
    })
}

/// Every source file and data file that extraction depends on, by path
/// under `src/`; a test checks that no file of `facets/` is left out.
const EXTRACTION_SOURCES: [(&str, &str); 21] = [
    ("text.rs", include_str!("text.rs")),
    ("read/mod.rs", include_str!("read/mod.rs")),
    ("read/docx.rs", include_str!("read/docx.rs")),
    ("read/pdf.rs", include_str!("read/pdf.rs")),
    ("clean.rs", include_str!("clean.rs")),
    ("reflow.rs", include_str!("reflow.rs")),
    ("document.rs", include_str!("document.rs")),
    ("analysis/mod.rs", include_str!("analysis/mod.rs")),
    ("facets/mod.rs", include_str!("facets/mod.rs")),
    ("facets/anatomy.rs", include_str!("facets/anatomy.rs")),
    ("facets/official.rs", include_str!("facets/official.rs")),
    ("facets/kind.rs", include_str!("facets/kind.rs")),
    ("facets/region.rs", include_str!("facets/region.rs")),
    ("facets/title.rs", include_str!("facets/title.rs")),
    ("facets/topics.rs", include_str!("facets/topics.rs")),
    ("facets/unit.rs", include_str!("facets/unit.rs")),
    ("facets/year.rs", include_str!("facets/year.rs")),
    ("facets/gazetteer.rs", include_str!("facets/gazetteer.rs")),
    ("facets/folder.rs", include_str!("facets/folder.rs")),
    ("../data/topics.tsv", include_str!("../data/topics.tsv")),
    (
        "../data/gb2260-2021.tsv",
        include_str!("../data/gb2260-2021.tsv"),
    ),
];

#[cfg(test)]
mod fingerprint_tests {
    #[test]
    fn every_facet_module_is_in_the_extraction_fingerprint() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/facets");
        for entry in std::fs::read_dir(&dir).expect("src/facets") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let path = format!("facets/{name}");
            assert!(
                super::EXTRACTION_SOURCES.iter().any(|(p, _)| *p == path),
                "{path} changes extraction but is not in EXTRACTION_SOURCES"
            );
        }
    }
}

/// What a file reads as before cleaning: its text (markup gone), the
/// page's `<title>` if it is a web page, and the encoding it was read in.
pub struct RawText {
    pub text: String,
    pub page_title: Option<String>,
    pub encoding: String,
}

/// Reads one file's bytes: Word and PDF by their readers, the rest decoded
/// from whatever encoding it is in, web pages without their markup.
pub fn raw_text(format: Format, bytes: &[u8]) -> Result<RawText, SkipReason> {
    let decoded = match read::document_text(format, bytes) {
        Some(text) => read::Decoded {
            text: text?,
            encoding: format.name().to_string(),
        },
        None => read::decode(bytes)?,
    };
    let sniffed_html =
        format == Format::Html || (format == Format::Text && looks_like_html(&decoded.text));
    let (page_title, text) = if sniffed_html {
        let html = read::html_to_text(&decoded.text);
        (html.title, html.text)
    } else if format == Format::Text {
        // Text copied out of a page keeps its character references
        // (`&nbsp;` lines, `第一章 总则&#10;`): markup, not words.
        (None, read::decode_entities(&decoded.text))
    } else {
        (None, decoded.text)
    };
    Ok(RawText {
        text,
        page_title,
        encoding: decoded.encoding,
    })
}

/// Runs read → clean → facets on one file's bytes.
pub fn from_bytes(
    path: &str,
    format: Format,
    bytes: &[u8],
    taxonomy: &Taxonomy,
) -> Result<Document, SkipReason> {
    let RawText {
        text: raw_text,
        page_title,
        encoding,
    } = raw_text(format, bytes)?;
    let cleaned = clean::clean(&raw_text);
    if cleaned.lines.is_empty() {
        return Err(SkipReason::NoText);
    }
    let fallback_title = page_title
        .map(|t| without_site_name(&t))
        .unwrap_or_else(|| name_or_opening(&file_title(path), &cleaned));
    let facets = facets::extract(&cleaned, &fallback_title, &file_title(path), taxonomy);
    let text = cleaned.text();
    let (normalised, traditional) = Normalised::new_noting_simplified(&text);
    Ok(Document {
        path: path.to_string(),
        encoding,
        text,
        normalised: normalised.text,
        traditional,
        removed: cleaned.removed,
        facets,
        hash: content_hash(bytes),
        bytes: bytes.len() as u64,
    })
}

/// Reads a file from disk and runs the pipeline on it.
pub fn from_file(path: &Path, taxonomy: &Taxonomy) -> Result<Document, SkipReason> {
    let (format, bytes) = read_file(path)?;
    from_bytes(&path.to_string_lossy(), format, &bytes, taxonomy)
}

/// A file's format, by its name (text when unknown), and its bytes.
pub fn read_file(path: &Path) -> Result<(Format, Vec<u8>), SkipReason> {
    let format = read::format_of(path).unwrap_or(Format::Text);
    let bytes = std::fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    Ok((format, bytes))
}

/// The places named by the documents beside `path` in its folder (at most
/// `limit` of them read), for a document read alone that names none: the
/// indexer counts the same places as it walks the folder.
pub fn places_beside(path: &Path, taxonomy: &Taxonomy, limit: usize) -> FolderPlaces {
    let mut places = FolderPlaces::default();
    let Some(dir) = path.parent() else {
        return places;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let siblings = read::walk(dir, None)
        .filter_map(|entry| match entry {
            read::Entry::File(p, _) if p.parent() == Some(dir) && p != path => Some(p),
            _ => None,
        })
        .take(limit);
    for sibling in siblings {
        if let Ok(doc) = from_file(&sibling, taxonomy) {
            places.note(doc.facets.region.as_ref());
        }
    }
    places
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// A page's `<title>` without the site name sites append to it
/// (`2016年工作总结_某某范文网`, `… - 某某网`, `… | 某某政府网`).
fn without_site_name(title: &str) -> String {
    let cut = [" - ", " — ", "_", "|", "｜", " -- "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min();
    match cut {
        Some(pos) if title[..pos].trim().chars().count() >= 4 => title[..pos].trim().to_string(),
        _ => title.trim().to_string(),
    }
}

/// The file name as a title if it says something (has Chinese in it);
/// otherwise (`001_2d38804e309aa9b4`) the start of the text's first sentence.
fn name_or_opening(name: &str, cleaned: &clean::Cleaned) -> String {
    if name.chars().any(crate::text::is_han) {
        return name.to_string();
    }
    // A hard wrap cuts the opening sentence short.
    match crate::reflow::first_line(cleaned) {
        Some(first) => crate::text::first_sentence(&first),
        None => name.to_string(),
    }
}

/// A title from the file name, when the text offers none. Scrapers name
/// files `01_site_标题` or `标题_副标题`: the longest part with Chinese in it
/// is the title.
fn file_title(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.split('_')
        .filter(|part| part.chars().any(|c| c as u32 >= 0x4E00))
        .max_by_key(|part| part.chars().count())
        .map_or_else(|| stem.clone(), str::to_string)
}

/// What `govsearch inspect` prints for one file.
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub path: String,
    pub encoding: String,
    pub title: String,
    pub year: Option<u16>,
    pub region: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub topics: Vec<String>,
    /// `folder` when the region is the one the document's folder settles
    /// (the text speaks as `本省` and names no place).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_from: Option<&'static str>,
    pub text: String,
    pub removed: Vec<String>,
}

impl From<Document> for Inspection {
    fn from(doc: Document) -> Self {
        Inspection {
            path: doc.path,
            encoding: doc.encoding,
            title: doc.facets.title,
            year: doc.facets.year,
            region: doc.facets.region.map(|r| r.path()),
            unit: doc.facets.unit,
            kind: doc.facets.kind,
            topics: doc.facets.topics,
            region_from: None,
            text: doc.text,
            removed: doc.removed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_texts_character_references_are_markup() {
        let text = "第一章  总则&#10;\n&nbsp;\n研发（R&D;）投入增长。\n";
        let raw = raw_text(Format::Text, text.as_bytes()).expect("text reads");
        assert_eq!(raw.text, "第一章  总则\n\n \n研发（R&D;）投入增长。\n");
    }

    /// Random bytes shaped like scraped pages (CJK, GBK pairs, tags, entities,
    /// dates, punctuation) never make the pipeline panic.
    #[test]
    fn extraction_never_panics_on_random_input() {
        let mut rng = crate::eval::SplitMix::new(7);
        let pieces: &[&[u8]] = &[
            "计划生育".as_bytes(),
            "２０１７年".as_bytes(),
            "二〇一七年十二月".as_bytes(),
            "关于".as_bytes(),
            "的通知".as_bytes(),
            "〔2020〕".as_bytes(),
            "第十四届全国人民代表大会第三次会议".as_bytes(),
            "，。：；（）《》“”".as_bytes(),
            b"<p>",
            b"</div>",
            b"<title>",
            b"&nbsp;&#x4E00;&",
            b"\n",
            b"\r\n",
            b"  ",
            b"\xB9\xFA\xCE\xF1\xD4\xBA",
            b"\xFF\xFE",
            b"\x00",
            b"#",
            b"2021-05-14",
            "相关文章".as_bytes(),
            "县人口计生局".as_bytes(),
        ];
        let taxonomy = Taxonomy::builtin();
        for case in 0..2000 {
            let mut bytes = Vec::new();
            for _ in 0..rng.below(40) {
                if rng.below(4) == 0 {
                    bytes.push(rng.next_u64() as u8);
                } else {
                    bytes.extend_from_slice(pieces[rng.below(pieces.len())]);
                }
            }
            let format = [Format::Text, Format::Html, Format::Docx, Format::Pdf][case % 4];
            let _ = from_bytes("fuzz.txt", format, &bytes, &taxonomy);
        }
    }

    #[test]
    fn a_meaningless_file_name_gives_way_to_the_first_sentence() {
        let cleaned = clean::clean("xx年,我区人口与计划生育工作在区委的领导下稳步推进。");
        assert_eq!(
            name_or_opening("001_2d38804e309aa9b4", &cleaned),
            "xx年,我区人口与计划生育工作在区委的领导下稳步推进"
        );
        assert_eq!(
            name_or_opening("2012年计生宣传教育工作总结", &cleaned),
            "2012年计生宣传教育工作总结"
        );
    }

    #[test]
    fn a_hard_wrap_does_not_cut_the_opening_sentence_short() {
        let opening = "为贯彻国务院关于预防煤矿生产安全事故的特别规定，及时发现和排除煤矿安全生产隐患，制定本办法。";
        let body = "煤矿企业是预防煤矿生产安全事故的责任主体，企业负责人对预防事故负主要责任，必须建立健全各级各类人员安全生产责任制，将安全生产责任落实到基层班组和个人，并定期组织检查考核。".repeat(3);
        let chars: Vec<char> = format!("{opening}{body}").chars().collect();
        let wrapped: Vec<String> = chars.chunks(24).map(|c| c.iter().collect()).collect();
        let cleaned = clean::clean(&wrapped.join("\n"));
        assert!(cleaned.runs.is_some(), "read as hard-wrapped");
        let title = name_or_opening("hbp_gz_187", &cleaned);
        let kept = title.trim_end_matches('…');
        assert!(opening.starts_with(kept), "{title}");
        assert!(kept.chars().count() > 24, "cut at the wrap: {title}");
    }

    #[test]
    fn page_titles_lose_the_site_name() {
        assert_eq!(
            without_site_name("某县2016年人口计生工作总结_某某网"),
            "某县2016年人口计生工作总结"
        );
        assert_eq!(
            without_site_name("关于做好春节工作的通知 - 某市人民政府"),
            "关于做好春节工作的通知"
        );
        assert_eq!(without_site_name("通知_首页"), "通知_首页");
    }
}
