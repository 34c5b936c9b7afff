//! Rendering results for people (terminal, with optional colour) and for
//! scripts (JSON Lines). Renderers only format; they never search.

use std::io::{self, Write};

use serde::Serialize;

use crate::index::IndexSummary;
use crate::search::{FacetCounts, Hit, SearchResults, Snippet};

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const HIGHLIGHT: &str = "\x1b[1;31m";
const PATH: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Facet values shown per facet on the terminal.
const FACET_VALUES_SHOWN: usize = 8;

/// Writes results for a person at a terminal.
pub fn terminal(out: &mut dyn Write, results: &SearchResults, style: Style) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, style)?;
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    let range = if shown > 0 {
        format!(" (showing {}–{})", first, first + shown - 1)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}",
        style.paint(
            BOLD,
            &format!(
                "{} {}{}{} in {:.1} ms",
                results.total,
                if results.total == 1 { "hit" } else { "hits" },
                folded(results),
                range,
                results.elapsed_ms
            )
        )
    )?;
    for (name, counts) in results.facets.named() {
        if counts.is_empty() {
            continue;
        }
        let mut values: Vec<(&String, &u64)> = counts.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = values
            .iter()
            .take(FACET_VALUES_SHOWN)
            .map(|(v, n)| format!("{v} ({n})"))
            .collect();
        let more = values.len().saturating_sub(FACET_VALUES_SHOWN);
        let more = if more > 0 {
            format!(" … +{more}")
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {}: {}{}",
            style.paint(DIM, name),
            listed.join("  "),
            more
        )?;
    }
    Ok(())
}

fn write_hit(out: &mut dyn Write, hit: &Hit, style: Style) -> io::Result<()> {
    let copies = match hit.duplicates.len() {
        0 => String::new(),
        1 => style.paint(DIM, "  +1 copy"),
        n => style.paint(DIM, &format!("  +{n} copies")),
    };
    writeln!(
        out,
        "{}. {}{}",
        hit.rank,
        style.paint(BOLD, &hit.title),
        copies
    )?;
    writeln!(out, "   {}", style.paint(PATH, &hit.path))?;
    let year = hit.year.map(|y| y.to_string());
    let topics = (!hit.topics.is_empty()).then(|| hit.topics.join("、"));
    let facts: Vec<&str> = [&year, &hit.region, &hit.unit, &hit.kind, &topics]
        .into_iter()
        .filter_map(|v| v.as_deref())
        .collect();
    if !facts.is_empty() {
        writeln!(out, "   {}", style.paint(DIM, &facts.join(" · ")))?;
    }
    for snippet in &hit.snippets {
        // The original's line breaks, indented like the passage.
        let shown = highlighted(snippet, style).replace('\n', "\n   ");
        writeln!(out, "   {shown}")?;
    }
    writeln!(out)
}

/// The snippet text with highlights painted (or bracketed without colour).
fn highlighted(snippet: &Snippet, style: Style) -> String {
    let chars: Vec<char> = snippet.text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for [from, to] in &snippet.highlights {
        let (from, to) = ((*from).min(chars.len()), (*to).min(chars.len()));
        out.extend(&chars[at.min(from)..from]);
        let word: String = chars[from..to].iter().collect();
        if style.color {
            out.push_str(&style.paint(HIGHLIGHT, &word));
        } else {
            out.push('【');
            out.push_str(&word);
            out.push('】');
        }
        at = to;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}

/// A hit as one JSON line, tagged with its type first.
#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(rename = "type")]
    tag: &'static str,
    #[serde(flatten)]
    hit: &'a Hit,
}

/// `, 2 once copies are folded`, when near-duplicates were folded.
fn folded(results: &SearchResults) -> String {
    if results.distinct == results.total {
        String::new()
    } else {
        format!(", {} once copies are folded", results.distinct)
    }
}

/// The closing JSON line: totals and facet counts of the whole result set.
#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(rename = "type")]
    tag: &'static str,
    total: usize,
    distinct: usize,
    elapsed_ms: f64,
    facets: &'a FacetCounts,
}

/// Writes results as JSON Lines: one `hit` object per hit, then a `summary`.
pub fn json_lines(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        let line = serde_json::to_string(&JsonHit { tag: "hit", hit }).map_err(io::Error::other)?;
        writeln!(out, "{line}")?;
    }
    let summary = JsonSummary {
        tag: "summary",
        total: results.total,
        distinct: results.distinct,
        elapsed_ms: (results.elapsed_ms * 1000.0).round() / 1000.0,
        facets: &results.facets,
    };
    let summary = serde_json::to_string(&summary).map_err(io::Error::other)?;
    writeln!(out, "{summary}")
}

/// The end-of-run summary of `govsearch index`.
pub fn index_summary(out: &mut dyn Write, s: &IndexSummary) -> io::Result<()> {
    writeln!(
        out,
        "{} files seen: {} indexed ({} new, {} changed), {} unchanged, {} removed, {} skipped",
        s.seen,
        s.added + s.replaced,
        s.added,
        s.replaced,
        s.unchanged,
        s.removed,
        s.skipped_total()
    )?;
    if !s.skipped.is_empty() {
        let reasons: Vec<String> = s.skipped.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        writeln!(out, "  skipped: {}", reasons.join(", "))?;
    }
    writeln!(
        out,
        "  {:.1} MB read in {:.2} s ({:.1} MB/s); the index holds {} documents",
        s.bytes_read as f64 / 1e6,
        s.elapsed.as_secs_f64(),
        s.megabytes_per_second(),
        s.total_docs
    )
}

/// Facet accuracy per source, as a Markdown table (accuracy and the number
/// of documents scored; `—` where the catalogue says nothing).
pub fn facet_table(
    sources: &[crate::eval::facets::SourceScore],
    total: &crate::eval::facets::SourceScore,
) -> String {
    // Per field: right of all documents / right of the values given /
    // coverage, then the number of documents the catalogue scores.
    let mut table = String::from(
        "| source | docs | title | year | region | unit | kind |\n|---|---|---|---|---|---|---|\n",
    );
    let figure = |f: Option<f64>| f.map_or("—".to_string(), |f| format!("{f:.3}"));
    for source in sources.iter().chain(std::iter::once(total)) {
        let cells: Vec<String> = source
            .fields()
            .iter()
            .map(|(_, score)| match score.accuracy() {
                Some(a) => format!(
                    "{a:.3} / {} / {} ({})",
                    figure(score.precision()),
                    figure(score.coverage()),
                    score.scored
                ),
                None => "—".to_string(),
            })
            .collect();
        table.push_str(&format!(
            "| {} | {} | {} |\n",
            source.source,
            source.docs,
            cells.join(" | ")
        ));
    }
    table
}

/// The benchmark report as Markdown tables.
pub fn bench_table(r: &crate::bench::BenchReport) -> String {
    let lat = |l: &crate::bench::Latency| format!("{:.1} | {:.1} | {:.1}", l.p50, l.p95, l.p99);
    let mut t = match &r.index {
        Some(i) => format!(
            "| indexing | figure |\n|---|---|\n\
             | corpus | {} files, {:.1} MB |\n\
             | from scratch | {:.2} s wall, {:.1} MB/s |\n\
             | peak RSS | {:.0} MB (sampled: anonymous {:.0} MB, file-backed {:.0} MB) |\n\
             | index size | {:.1} MB ({:.2}× the corpus) |\n\
             | re-index, unchanged | {:.2} s |\n\n",
            i.files,
            i.bytes as f64 / 1e6,
            i.wall_s,
            i.mb_per_s,
            i.peak_rss_mb,
            i.peak_anon_mb,
            i.peak_file_mb,
            i.index_bytes as f64 / 1e6,
            i.size_ratio,
            i.reindex_wall_s
        ),
        None => String::from("(queries only, on an index built before)\n\n"),
    };
    t.push_str(&format!(
        "| queries ({}) | runs | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|\n",
        r.queries
    ));
    t.push_str(&format!(
        "| in process, 10 hits with snippets and facet counts | {} | {} |\n",
        r.in_process.runs,
        lat(&r.in_process)
    ));
    for (name, l) in &r.by_category {
        t.push_str(&format!("| … {name} | {} | {} |\n", l.runs, lat(l)));
    }
    t.push_str(&format!(
        "| `govsearch search` whole process | {} | {} |\n",
        r.process.runs,
        lat(&r.process)
    ));
    match &r.ripgrep {
        Some(rg) => {
            t.push_str(&format!(
                "| ripgrep, same queries and files | {} | {} |\n",
                rg.runs,
                lat(rg)
            ));
            t.push_str(&format!(
                "\ngovsearch / ripgrep, median whole process: {:.2}\n",
                r.process.p50 / rg.p50.max(1e-9)
            ));
        }
        None => t.push_str("| ripgrep | not installed | | | |\n"),
    }
    if let (Some(i), Some(jieba_s)) = (&r.index, r.jieba_s) {
        t.push_str(&format!(
            "\nplain jieba-rs cut_for_search over the texts, every core: {:.2} s; \
             govsearch indexing ÷ jieba: {:.1}\n",
            jieba_s,
            i.wall_s / jieba_s.max(1e-9)
        ));
        if !r.peers.is_empty() {
            t.push_str(&peers_table(r, i));
        }
    }
    t
}

/// The peers beside govsearch, from the same run.
fn peers_table(r: &crate::bench::BenchReport, i: &crate::bench::IndexFigures) -> String {
    let num =
        |v: Option<f64>, digits: usize| v.map_or("–".to_string(), |v| format!("{v:.digits$}"));
    let mut t = String::from(
        "\n| system | index s | peer ÷ govsearch, index time | index CPU s | peak RSS MB | \
         index ÷ corpus | p50 ms | p99 ms | mean hits | status |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    t.push_str(&format!(
        "| govsearch | {:.2} | 1.0 | | {:.0} | {:.2} | {:.1} | {:.1} | | in process, with snippets and facets |\n",
        i.wall_s, i.peak_rss_mb, i.size_ratio, r.in_process.p50, r.in_process.p99
    ));
    for p in &r.peers {
        let indexed = p.index_s.filter(|s| *s > 0.0);
        t.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            p.peer,
            num(indexed, 2),
            num(indexed.map(|s| s / i.wall_s.max(1e-9)), 1),
            num(p.index_cpu_s.filter(|_| indexed.is_some()), 1),
            num(p.peak_rss_mb.filter(|_| indexed.is_some()), 0),
            num(
                p.index_bytes
                    .filter(|_| indexed.is_some())
                    .map(|b| b as f64 / i.bytes.max(1) as f64),
                2
            ),
            num(p.p50_ms, 1),
            num(p.p99_ms, 1),
            num(p.mean_hits, 1),
            p.status
        ));
    }
    if let Some(fastest) = r
        .peers
        .iter()
        .filter(|p| p.peer != "ripgrep")
        .filter_map(|p| Some((p.index_s.filter(|s| *s > 0.0)?, p.peer.as_str())))
        .min_by(|a, b| a.0.total_cmp(&b.0))
    {
        t.push_str(&format!(
            "\nfastest peer to index: {} in {:.2} s, {:.1}× govsearch's time (target ≥ 3)\n",
            fastest.1,
            fastest.0,
            fastest.0 / i.wall_s.max(1e-9)
        ));
    }
    t
}

/// A CSV cell that a spreadsheet will not run: a leading `=`, `+`, `-`,
/// `@`, tab or carriage return is escaped with `'`.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes CSV rows, every cell made safe.
pub fn csv_rows<W: Write>(
    out: W,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|c| csv_safe(c).into_owned()))?;
    }
    writer.flush()
}

/// Hits as CSV: one row each, with the first snippet.
pub fn hits_csv<W: Write>(out: W, hits: &[Hit]) -> std::io::Result<()> {
    csv_rows(out, &HIT_COLUMNS, hits.iter().map(hit_row))
}

/// The columns of a hit row.
pub const HIT_COLUMNS: [&str; 11] = [
    "rank", "id", "path", "title", "year", "region", "unit", "kind", "topics", "score", "snippet",
];

/// A hit's cells, in [`HIT_COLUMNS`] order.
pub fn hit_row(hit: &Hit) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        hit.rank.to_string(),
        hit.id.clone(),
        hit.path.clone(),
        hit.title.clone(),
        hit.year.map(|y| y.to_string()).unwrap_or_default(),
        opt(&hit.region),
        opt(&hit.unit),
        opt(&hit.kind),
        hit.topics.join("、"),
        format!("{:.3}", hit.score),
        hit.snippets
            .first()
            .map(|s| s.text.replace('\n', " "))
            .unwrap_or_default(),
    ]
}

/// KWIC lines as CSV.
pub fn kwic_csv<W: Write>(out: W, lines: &[crate::archive::KwicLine]) -> std::io::Result<()> {
    let rows = lines.iter().map(|l| {
        vec![
            l.id.clone(),
            l.path.clone(),
            l.year.map(|y| y.to_string()).unwrap_or_default(),
            l.region.clone().unwrap_or_default(),
            l.left.clone(),
            l.matched.clone(),
            l.right.clone(),
            l.offset.to_string(),
        ]
    });
    csv_rows(
        out,
        &[
            "id", "path", "year", "region", "left", "match", "right", "offset",
        ],
        rows,
    )
}
