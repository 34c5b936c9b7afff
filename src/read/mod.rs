//! Reading: walking the corpus, deciding which files are reports, and decoding
//! their bytes (UTF-8, UTF-16 with BOM, GB18030/GBK and others by detection)
//! into text. HTML pages are reduced to their text here too; Word and PDF
//! files are read by [`docx`] and [`pdf`].

pub mod docx;
pub mod pdf;

use std::fmt;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use walkdir::WalkDir;

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    UnsupportedExtension,
    Hidden,
    Empty,
    Binary,
    Undecodable,
    NoText,
    Unreadable(String),
    /// Extraction failed on this file (a bug in govsearch); the file is
    /// skipped and the run goes on.
    ExtractionFailed,
    /// A PDF whose pages carry no text, only images (a scan).
    NoTextLayer,
    /// A password-protected Word or PDF file.
    Encrypted,
    /// A Word or PDF file whose structure is broken.
    Damaged(String),
    /// A legacy binary Word `.doc`.
    LegacyWord,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::UnsupportedExtension => {
                write!(f, "not a .txt, .md, .html, .docx or .pdf file")
            }
            SkipReason::Hidden => write!(f, "hidden"),
            SkipReason::Empty => write!(f, "empty file"),
            SkipReason::Binary => write!(f, "binary file"),
            SkipReason::Undecodable => write!(f, "encoding not recognised"),
            SkipReason::NoText => write!(f, "no text left after cleaning"),
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            SkipReason::NoTextLayer => {
                write!(f, "PDF without a text layer (a scan?): it needs OCR first")
            }
            SkipReason::Encrypted => write!(f, "password-protected: cannot be read"),
            SkipReason::Damaged(e) => write!(f, "damaged: {e}"),
            SkipReason::LegacyWord => write!(
                f,
                "old binary Word .doc: save it as .docx (soffice --headless --convert-to docx)"
            ),
            SkipReason::ExtractionFailed => write!(
                f,
                "extraction failed (a bug in govsearch: please report it with this file)"
            ),
        }
    }
}

impl SkipReason {
    /// Whether the user should hear about it without `--verbose`: the file
    /// looked like a report but could not be read.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable(_)
                | SkipReason::Undecodable
                | SkipReason::ExtractionFailed
                | SkipReason::NoTextLayer
                | SkipReason::Encrypted
                | SkipReason::Damaged(_)
                | SkipReason::LegacyWord
        )
    }

    /// A short label for grouping skips in the summary.
    pub fn label(&self) -> &'static str {
        match self {
            SkipReason::UnsupportedExtension => "other file types",
            SkipReason::Hidden => "hidden",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::Undecodable => "undecodable",
            SkipReason::NoText => "no text",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::ExtractionFailed => "extraction failed",
            SkipReason::NoTextLayer => "PDF without text",
            SkipReason::Encrypted => "password-protected",
            SkipReason::Damaged(_) => "damaged",
            SkipReason::LegacyWord => "old .doc",
        }
    }
}

/// The kinds of file the indexer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
    /// Legacy binary Word: recognised so that it is skipped with advice.
    Doc,
}

impl Format {
    /// What `inspect` reports as the encoding of a file read as a document
    /// rather than decoded as text.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Docx => "Word .docx",
            Format::Pdf => "PDF text layer",
            Format::Doc => "Word .doc",
        }
    }
}

/// The first bytes of an OLE compound file (legacy Office, or an encrypted
/// Office package).
pub(crate) const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The text of a Word or PDF file, or `None` for formats read as text.
pub fn document_text(format: Format, bytes: &[u8]) -> Option<Result<String, SkipReason>> {
    match format {
        Format::Docx => Some(docx::text(bytes)),
        Format::Pdf => Some(pdf::text(bytes)),
        Format::Doc => Some(Err(SkipReason::LegacyWord)),
        Format::Text | Format::Html => None,
    }
}

/// What walking a root found at one path.
#[derive(Debug)]
pub enum Entry {
    File(PathBuf, Format),
    Skipped(PathBuf, SkipReason),
}

/// Walks a file or folder at any depth, in a stable (sorted) order.
/// `prune` (a canonical path, such as the index folder) is never entered.
pub fn walk(root: &Path, prune: Option<&Path>) -> impl Iterator<Item = Entry> {
    Walk {
        entries: WalkDir::new(root).sort_by_file_name().into_iter(),
        prune: prune.map(Path::to_path_buf),
    }
}

/// The walk itself: hidden folders are reported once and never entered,
/// and `prune` is neither reported nor entered.
struct Walk {
    entries: walkdir::IntoIter,
    prune: Option<PathBuf>,
}

impl Iterator for Walk {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            let entry = match self.entries.next()? {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                    return Some(Entry::Skipped(
                        path,
                        SkipReason::Unreadable(err.to_string()),
                    ));
                }
            };
            let is_dir = entry.file_type().is_dir();
            if is_dir && self.is_pruned(entry.path()) {
                self.entries.skip_current_dir();
                continue;
            }
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                if is_dir {
                    self.entries.skip_current_dir();
                }
                if self.is_pruned_lock(entry.path()) {
                    continue;
                }
                return Some(Entry::Skipped(entry.into_path(), SkipReason::Hidden));
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.into_path();
            return Some(match format_of(&path) {
                Some(format) => Entry::File(path, format),
                None => Entry::Skipped(path, SkipReason::UnsupportedExtension),
            });
        }
    }
}

impl Walk {
    /// The writer lock that sits beside the pruned index folder.
    fn is_pruned_lock(&self, file: &Path) -> bool {
        self.prune.as_deref().is_some_and(|p| {
            let lock = crate::index::health::lock_path(p);
            file.file_name() == lock.file_name() && file.canonicalize().is_ok_and(|c| c == lock)
        })
    }

    fn is_pruned(&self, dir: &Path) -> bool {
        self.prune
            .as_deref()
            .is_some_and(|p| dir.canonicalize().is_ok_and(|c| c == p))
    }
}

/// The format a path's extension announces, if it is one we read.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "md" | "text" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "docx" => Some(Format::Docx),
        "pdf" => Some(Format::Pdf),
        "doc" => Some(Format::Doc),
        _ => None,
    }
}

/// Text decoded from a file's bytes, and how it was encoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

/// Decodes a file's bytes: BOM first, then strict UTF-8, then nearly-valid
/// UTF-8, then the encoding chardetng guesses (GB18030/GBK, Big5, ...).
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SkipReason::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && !mostly_text(&text) {
            return Err(SkipReason::Undecodable);
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: format!("{} (BOM)", encoding.name()),
        });
    }
    if let Some(decoded) = utf16_without_bom(bytes) {
        return Ok(decoded);
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8".to_string(),
        });
    }
    let lossy = String::from_utf8_lossy(bytes);
    let replaced = lossy
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count();
    // A scraped page cut mid-character, or a few corrupt bytes, is still
    // UTF-8; GBK read as UTF-8 replaces most of its Chinese characters.
    if replaced * 20 <= lossy.chars().count() {
        return Ok(Decoded {
            text: lossy.into_owned(),
            encoding: format!("UTF-8 ({replaced} invalid sequences replaced)"),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    if !mostly_text(&text) {
        return Err(SkipReason::Undecodable);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name().to_string(),
    })
}

/// UTF-16 saved without a BOM: the high byte of every ASCII character
/// (newlines, digits, punctuation) is NUL, always on the same side of the pair.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let encoding = match (zeros_even, zeros_odd) {
        (0, odd) if odd * 20 >= pairs => encoding_rs::UTF_16LE,
        (even, 0) if even * 20 >= pairs => encoding_rs::UTF_16BE,
        _ => return None,
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (!had_errors && mostly_text(&text)).then(|| Decoded {
        text: text.into_owned(),
        encoding: format!("{} (no BOM)", encoding.name()),
    })
}

/// NUL bytes or a high share of control bytes mean the file is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > head.len()
}

/// Whether decoded text reads as Chinese or ASCII text rather than mojibake.
fn mostly_text(text: &str) -> bool {
    let mut plausible = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(20_000) {
        total += 1;
        let cjk = ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3000}'..='\u{303F}').contains(&c);
        let fullwidth = ('\u{FF00}'..='\u{FFEF}').contains(&c);
        if c.is_ascii() && (!c.is_ascii_control() || c.is_ascii_whitespace()) || cjk || fullwidth {
            plausible += 1;
        }
    }
    total > 0 && plausible * 10 >= total * 8
}

/// Text and title of an HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlText {
    pub title: Option<String>,
    pub text: String,
}

/// Reduces HTML to text: drops scripts, styles and comments, turns block
/// elements into line breaks and decodes entities.
pub fn html_to_text(html: &str) -> HtmlText {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() / 2);
    let mut title = None;
    // Where the last link ended in `out`: links side by side (a menu of
    // `<a>`s with no separator) are kept apart by a space, so that the
    // cleaner sees items, not one run-together word.
    let mut link_end: Option<usize> = None;
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = lower[i..].find('<').map(|p| p + i) else {
            out.push_str(&decode_entities(&html[i..]));
            break;
        };
        out.push_str(&decode_entities(&html[i..lt]));
        let rest = &lower[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |p| lt + p + 3);
            continue;
        }
        let name = tag_name(&rest[1..]);
        let Some(gt) = rest.find('>').map(|p| lt + p + 1) else {
            break;
        };
        match name.as_str() {
            "script" | "style" | "noscript" | "title" => {
                let close = format!("</{name}");
                let end = lower[gt..].find(&close).map_or(html.len(), |p| gt + p);
                if name == "title" && title.is_none() {
                    let t = decode_entities(&html[gt..end]).trim().to_string();
                    title = (!t.is_empty()).then_some(t);
                }
                i = lower[end..].find('>').map_or(html.len(), |p| end + p + 1);
                continue;
            }
            _ if is_block(&name) => out.push('\n'),
            "a" if rest.starts_with("</") => link_end = Some(out.len()),
            "a" => {
                let adjacent = link_end.is_some_and(|end| out[end..].trim().is_empty());
                if adjacent && !out.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
            _ => {}
        }
        i = gt;
    }
    HtmlText { title, text: out }
}

fn tag_name(after_lt: &str) -> String {
    after_lt
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "table"
            | "ul"
            | "ol"
            | "dd"
            | "dt"
            | "blockquote"
            | "pre"
            | "hr"
            | "header"
            | "footer"
            | "nav"
    )
}

/// Replaces character references (`&nbsp;`, `&#10;`, `&#x4e2d;`) by their
/// characters; an `&` that starts none is kept.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&tail[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let numeric = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "nbsp" | "ensp" | "emsp" => Some(' '),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "ldquo" => Some('“'),
        "rdquo" => Some('”'),
        "middot" => Some('·'),
        "mdash" => Some('—'),
        "hellip" => Some('…'),
        _ => {
            let hex = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"));
            match hex {
                Some(h) => numeric(h, 16),
                None => name.strip_prefix('#').and_then(|d| numeric(d, 10)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("政府工作报告：计划生育");
        let decoded = decode(&bytes).expect("decodes");
        assert_eq!(decoded.text, "政府工作报告：计划生育");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "计划生育".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).expect("decodes").text, "计划生育");
    }

    #[test]
    fn decodes_utf16_without_bom() {
        let text = "2017年工作总结\n计划生育工作取得新进展。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).expect("LE").text, text);
        assert_eq!(decode(&be).expect("BE").text, text);
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert_eq!(decode(b"\x00\x01\x02abc").unwrap_err(), SkipReason::Binary);
        assert_eq!(decode(b"  \n").unwrap_err(), SkipReason::Empty);
    }

    #[test]
    fn html_keeps_text_and_title() {
        let page = "<html><head><title>通知</title><script>var a='<p>';</script></head>\
                    <body><p>第一段&nbsp;文字</p><div>第二段&#x4E00;</div><!-- x --></body></html>";
        let html = html_to_text(page);
        assert_eq!(html.title.as_deref(), Some("通知"));
        assert!(html.text.contains("第一段 文字"));
        assert!(html.text.contains("第二段一"));
        assert!(!html.text.contains("var a"));
    }

    #[test]
    fn links_side_by_side_are_kept_apart_but_a_link_in_a_sentence_is_not() {
        let page = "<div><a>首页</a><a>要闻动态</a>\n<a>政务公开</a></div>\
                    <p>详见<a>附件</a>。</p>";
        let text = html_to_text(page).text;
        assert!(text.contains("首页 要闻动态\n政务公开"), "{text}");
        assert!(text.contains("详见附件。"), "{text}");
    }
}
