//! Word `.docx` files: the body's paragraphs in order, each table row as a
//! line with its cells apart. Headers, footers, comments and footnotes live
//! in other parts of the package and are never read; deleted revisions,
//! field codes and the fallback copies of text boxes are skipped.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::SkipReason;

/// The part of the package that holds the body.
const BODY_PART: &str = "word/document.xml";
/// A body larger than this unpacked is refused (a zip bomb, not a report).
const MAX_BODY_BYTES: u64 = 256 << 20;

/// The text of a `.docx` file, paragraphs and table rows one per line.
pub fn text(bytes: &[u8]) -> Result<String, SkipReason> {
    if bytes.starts_with(super::OLE_MAGIC) {
        // Office wraps an encrypted package in an OLE container.
        return Err(SkipReason::Encrypted);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| SkipReason::Damaged(format!("not a Word package ({e})")))?;
    let part = archive
        .by_name(BODY_PART)
        .map_err(|_| SkipReason::Damaged(format!("no {BODY_PART} in the package")))?;
    let mut xml = String::new();
    part.take(MAX_BODY_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| SkipReason::Damaged(format!("{BODY_PART} unreadable ({e})")))?;
    body_text(&xml).map_err(|e| SkipReason::Damaged(format!("{BODY_PART}: {e}")))
}

/// Where the reader is in the body.
#[derive(Default)]
struct Body {
    lines: Vec<String>,
    paragraph: String,
    /// Cells of the current row of the outermost table.
    cells: Vec<String>,
    /// Tables open around the reader (nested tables flatten into cells).
    tables: usize,
    /// Inside `<w:t>`, whose text is the document's.
    in_text: bool,
    /// Depth inside a subtree whose text is not the document's.
    skipping: usize,
}

impl Body {
    fn end_paragraph(&mut self) {
        let paragraph = std::mem::take(&mut self.paragraph);
        if self.tables == 0 {
            self.lines.push(paragraph);
        } else if let Some(cell) = self.cells.last_mut() {
            if !cell.is_empty() && !paragraph.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&paragraph);
        }
    }

    fn end_row(&mut self) {
        let cells = std::mem::take(&mut self.cells);
        let row: Vec<String> = cells.into_iter().filter(|c| !c.trim().is_empty()).collect();
        if !row.is_empty() {
            self.lines.push(row.join("\t"));
        }
    }
}

/// Elements whose whole subtree is not body text: `mc:Fallback` repeats a
/// text box's content for old readers, `w:del` holds deleted revisions.
fn skipped(local: &str) -> bool {
    matches!(local, "Fallback" | "del" | "instrText" | "delText")
}

fn body_text(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut body = Body::default();
    loop {
        match reader.read_event()? {
            Event::Start(e) => {
                let name = e.local_name();
                let local = name.as_ref();
                if body.skipping > 0 || skipped(local) {
                    body.skipping += 1;
                    continue;
                }
                match local {
                    "t" => body.in_text = true,
                    "tbl" => body.tables += 1,
                    "tr" if body.tables == 1 => body.cells.clear(),
                    "tc" if body.tables == 1 => body.cells.push(String::new()),
                    _ => {}
                }
            }
            Event::Empty(e) if body.skipping == 0 => match e.local_name().as_ref() {
                "tab" => body.paragraph.push('\t'),
                "br" | "cr" => body.paragraph.push('\n'),
                _ => {}
            },
            Event::End(e) => {
                if body.skipping > 0 {
                    body.skipping -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => body.in_text = false,
                    "p" => body.end_paragraph(),
                    "tr" if body.tables == 1 => body.end_row(),
                    "tbl" => body.tables = body.tables.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if body.in_text && body.skipping == 0 => {
                body.paragraph.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if body.in_text && body.skipping == 0 => {
                let reference = format!("&{};", r.xml10_content());
                match quick_xml::escape::unescape(&reference) {
                    Ok(text) => body.paragraph.push_str(&text),
                    Err(_) => body.paragraph.push_str(&reference),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body.lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_in_order_runs_joined_entities_resolved() {
        let xml = doc(
            "<w:p><w:r><w:t>政府</w:t></w:r><w:r><w:t xml:space=\"preserve\">工作报告</w:t></w:r></w:p>\
             <w:p><w:r><w:t>A &amp; B</w:t><w:tab/><w:t>完</w:t></w:r></w:p>",
        );
        assert_eq!(body_text(&xml).unwrap(), "政府工作报告\nA & B\t完");
    }

    #[test]
    fn table_rows_are_lines_and_revisions_and_fallbacks_are_skipped() {
        let xml = doc(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>增长</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:t>保留</w:t></w:r></w:p>\
             <w:p><mc:AlternateContent><mc:Choice><w:t>文本框</w:t></mc:Choice>\
             <mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:p>",
        );
        assert_eq!(body_text(&xml).unwrap(), "指标\t增长\n保留\n文本框");
    }

    #[test]
    fn a_broken_package_is_a_reason_not_a_panic() {
        assert!(matches!(
            text(b"PK\x03\x04broken"),
            Err(SkipReason::Damaged(_))
        ));
        assert!(matches!(
            text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Err(SkipReason::Encrypted)
        ));
    }
}
