//! A re-laid copy of a corpus, as PDF extraction and Word export lay text
//! out: every line hard-wrapped at 18–40 characters and the title spaced
//! out (`政 府 工 作 报 告`). Search must find the same documents in it.

use std::path::Path;

use anyhow::{Context, Result};

use super::SplitMix;

/// Shortest and longest wrap width, in characters.
const WRAP: (usize, usize) = (18, 40);
/// A first line longer than this is body text, not a title to space out.
const TITLE_CHARS: usize = 40;

/// Re-lays one cleaned text: its first line spaced out if it is short
/// enough to be a title, every line wrapped at one width drawn per document.
pub fn relay(text: &str, rng: &mut SplitMix) -> String {
    let width = WRAP.0 + rng.below(WRAP.1 - WRAP.0 + 1);
    let mut out = String::with_capacity(text.len() + text.len() / width * 2);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let chars: Vec<char> = line.chars().collect();
        if i == 0 && chars.len() <= TITLE_CHARS {
            // A Markdown heading's `# ` is markup, which no layout spaces out.
            let marker = chars
                .iter()
                .take_while(|c| **c == '#' || **c == ' ')
                .count();
            out.extend(&chars[..marker]);
            out.push_str(&spaced(&chars[marker..]));
            continue;
        }
        for (k, piece) in chars.chunks(width).enumerate() {
            if k > 0 {
                out.push('\n');
            }
            out.extend(piece);
        }
    }
    out
}

/// `政府工作报告` → `政 府 工 作 报 告`.
fn spaced(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() * 4);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push(*c);
    }
    out
}

/// Writes `texts` (path, cleaned text) re-laid into `out` as numbered
/// `.txt` files, returning how many were written.
pub fn write_copy(texts: &[(String, String)], out: &Path, seed: u64) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rng = SplitMix::new(seed);
    for (n, (_, text)) in texts.iter().enumerate() {
        let file = out.join(format!("{n:05}.txt"));
        std::fs::write(&file, relay(text, &mut rng))
            .with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(texts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_every_line_and_spaces_the_title() {
        let body =
            "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。";
        let text = format!("政府工作报告\n{body}");
        let relaid = relay(&text, &mut SplitMix::new(3));
        let lines: Vec<&str> = relaid.lines().collect();
        assert_eq!(lines[0], "政 府 工 作 报 告");
        assert!(lines.len() > 2, "{relaid}");
        assert!(lines[1..].iter().all(|l| l.chars().count() <= WRAP.1));
        assert_eq!(lines[1..].concat(), body);
        let heading = relay(&format!("# 口岸服务条例\n{body}"), &mut SplitMix::new(3));
        assert!(heading.starts_with("# 口 岸 服 务 条 例\n"), "{heading}");
    }
}
