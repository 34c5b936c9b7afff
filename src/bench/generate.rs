//! A corpus generator for scale: N times a source corpus with realistic
//! variety. Copy 0 is the source as it is (decoded to UTF-8); every further
//! copy of a document gets another place, issuing body and year (in its
//! title, its text's years and a signature), has about a third of its
//! paragraphs swapped for paragraphs of other documents, and a distinct
//! file name.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::clean::clean;
use crate::eval::SplitMix;
use crate::index;
use crate::read;

const PLACES: &[&str] = &[
    "广东省",
    "江门市",
    "山东省",
    "济南市",
    "青岛市",
    "浙江省",
    "杭州市",
    "宁波市",
    "江苏省",
    "苏州市",
    "河南省",
    "郑州市",
    "洛阳市",
    "四川省",
    "成都市",
    "湖北省",
    "武汉市",
    "襄阳市",
    "湖南省",
    "长沙市",
    "福建省",
    "厦门市",
    "安徽省",
    "合肥市",
    "河北省",
    "石家庄市",
    "陕西省",
    "西安市",
    "云南省",
    "昆明市",
    "内蒙古自治区",
    "呼伦贝尔市",
    "海拉尔区",
    "广西壮族自治区",
    "南宁市",
    "贵州省",
    "遵义市",
    "甘肃省",
    "兰州市",
    "吉林省",
];

const BODIES: &[&str] = &[
    "人民政府",
    "人口和计划生育局",
    "教育局",
    "卫生健康委员会",
    "发展和改革委员会",
    "人力资源和社会保障局",
    "统计局",
    "财政局",
    "生态环境局",
    "应急管理局",
    "计划生育协会",
    "经济和信息化局",
];

pub struct Generated {
    pub files: usize,
    pub bytes: u64,
}

/// A source document's kept lines.
struct Source {
    name: String,
    lines: Vec<String>,
}

fn read_sources(roots: &[PathBuf]) -> Vec<Source> {
    let (files, _) = index::collect(roots, None, &mut |_| {});
    files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(&f.path).ok()?;
            let text = read::decode(&bytes).ok()?.text;
            let lines = clean(&text).lines;
            let name = f
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['.', ' '], "_"))
                .unwrap_or_default();
            (!lines.is_empty()).then_some(Source { name, lines })
        })
        .collect()
}

/// Years written `2017年` moved by `shift`, kept within 1949..=2025.
fn shift_years(line: &str, shift: i32) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let is_year = i + 4 < chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit());
        if is_year {
            let year: i32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(2000);
            let moved = if (1949..=2025).contains(&year) {
                (year + shift).clamp(1949, 2025)
            } else {
                year
            };
            out.push_str(&moved.to_string());
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn variant(source: &Source, pool: &[&str], rng: &mut SplitMix) -> String {
    let shift = rng.below(21) as i32 - 10;
    let place = PLACES[rng.below(PLACES.len())];
    let body = BODIES[rng.below(BODIES.len())];
    let mut out = String::new();
    for (i, line) in source.lines.iter().enumerate() {
        let line = if i == 0 {
            format!("{place}{body}{}", shift_years(line, shift))
        } else if line.chars().count() >= 20 && rng.below(3) == 0 && !pool.is_empty() {
            shift_years(pool[rng.below(pool.len())], shift)
        } else {
            shift_years(line, shift)
        };
        out.push_str(&line);
        out.push('\n');
    }
    let year = (2012 + shift).clamp(1949, 2025);
    out.push_str(&format!(
        "{place}{body}\n{year}年{}月{}日\n",
        1 + rng.below(12),
        1 + rng.below(28)
    ));
    out
}

/// Writes `scale` copies of the corpus under `out/gen_NNN/`.
pub fn generate(roots: &[PathBuf], out: &Path, scale: usize, seed: u64) -> Result<Generated> {
    let sources = read_sources(roots);
    let pool: Vec<&str> = sources
        .iter()
        .flat_map(|s| s.lines.iter().skip(1))
        .filter(|l| l.chars().count() >= 20)
        .map(String::as_str)
        .collect();
    let mut rng = SplitMix::new(seed);
    let mut generated = Generated { files: 0, bytes: 0 };
    for copy in 0..scale {
        let dir = out.join(format!("gen_{copy:03}"));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        for (n, source) in sources.iter().enumerate() {
            let text = if copy == 0 {
                source.lines.join("\n")
            } else {
                variant(source, &pool, &mut rng)
            };
            // File names stay far below the 255-byte limit of file systems.
            let stem: String = source.name.chars().take(24).collect();
            let path = dir.join(format!("{copy:03}_{n:05}_{stem}.txt"));
            std::fs::write(&path, &text)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            generated.files += 1;
            generated.bytes += text.len() as u64;
        }
    }
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_move_together_and_stay_plausible() {
        assert_eq!(
            shift_years("2017年，我县在2016年基础上", 3),
            "2020年，我县在2019年基础上"
        );
        assert_eq!(shift_years("2024年", 5), "2025年");
        assert_eq!(shift_years("第12017年", 1), "第12017年");
    }
}
