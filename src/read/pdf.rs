//! The text layer of `.pdf` files, read with `pdf-extract` (over `lopdf`),
//! the maintained pure-Rust reader that maps CID fonts through their
//! ToUnicode tables, which Chinese PDFs need. Layout it adds (spaces between
//! glyphs, line breaks) is removed later like any other layout.
//!
//! Glyphs are placed by position, not by the order the content stream draws
//! them: writers draw each font's glyphs of a line in turn, so quotation
//! marks set in a Latin font would otherwise land at the start of the line
//! (`“”理论伟大旗帜，认真实践 三个代表`).

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::SkipReason;

/// The text layer of a PDF.
pub fn text(bytes: &[u8]) -> Result<String, SkipReason> {
    let mut doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| SkipReason::Damaged(format!("not a readable PDF ({e})")))?;
    // Many portals "protect" PDFs with an empty user password: try it.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(SkipReason::Encrypted);
    }
    let mut text = String::new();
    // The reader panics on some malformed content streams: one such file
    // must be a skip with a reason, never the end of the run.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut output = Placed::new(&mut text);
        pdf_extract::output_doc(&doc, &mut output)
    }));
    match read {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(SkipReason::Damaged(format!("PDF content unreadable ({e})"))),
        Err(_) => return Err(SkipReason::Damaged("PDF content unreadable".to_string())),
    }
    if !text.chars().any(crate::text::is_term_char) {
        return Err(SkipReason::NoTextLayer);
    }
    Ok(text)
}

/// One glyph where the page shows it (y grows downwards).
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// Collects a page's glyphs and writes them line by line, top to bottom,
/// each line left to right.
struct Placed<'a> {
    out: &'a mut String,
    page_height: f64,
    glyphs: Vec<Glyph>,
}

impl<'a> Placed<'a> {
    fn new(out: &'a mut String) -> Self {
        Placed {
            out,
            page_height: 0.0,
            glyphs: Vec::new(),
        }
    }

    /// Lines are glyphs whose baselines lie within half a glyph of the
    /// line's first; a gap wider than a tenth of a glyph is a space.
    fn write_page(&mut self) {
        let mut glyphs = std::mem::take(&mut self.glyphs);
        glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
        let mut lines: Vec<Vec<Glyph>> = Vec::new();
        for glyph in glyphs {
            match lines.last_mut() {
                Some(line) if (glyph.y - line[0].y).abs() <= line[0].size.max(glyph.size) * 0.5 => {
                    line.push(glyph)
                }
                _ => lines.push(vec![glyph]),
            }
        }
        for mut line in lines {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut last_end: Option<f64> = None;
            for glyph in &line {
                if last_end.is_some_and(|end| glyph.x > end + glyph.size * 0.1) {
                    self.out.push(' ');
                }
                self.out.push_str(&glyph.text);
                last_end = Some(glyph.end);
            }
            self.out.push('\n');
        }
    }
}

impl OutputDev for Placed<'_> {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.write_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The glyph's size on the page: the side of a square of the same
        // area as its transformed em box.
        let scaled_x = font_size * (trm.m11 + trm.m21);
        let scaled_y = font_size * (trm.m12 + trm.m22);
        let size = (scaled_x * scaled_y).abs().sqrt();
        let x = trm.m31;
        self.glyphs.push(Glyph {
            x,
            y: self.page_height - trm.m32,
            end: x + width * size,
            size,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_pdf_is_a_reason_not_a_panic() {
        assert!(matches!(
            text(b"%PDF-1.4\nbroken"),
            Err(SkipReason::Damaged(_))
        ));
        assert!(matches!(text(b""), Err(SkipReason::Damaged(_))));
    }
}
