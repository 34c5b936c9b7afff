//! The binary on `../shared/corpora`: recall and precision against an exact
//! scan, GBK originals against their UTF-8 copies, ranking and filters.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// One index of the shared corpora for every test in this file.
fn shared_index() -> &'static (tempfile::TempDir, PathBuf) {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpora = shared_corpora();
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let out = govsearch(
            &[
                "index",
                &corpora.to_string_lossy(),
                "--index",
                &index.to_string_lossy(),
            ],
            &repo(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "indexing the shared corpora failed: {}",
            stderr(&out)
        );
        (dir, index)
    })
}

#[test]
fn recall_and_precision_match_an_exact_scan() {
    let (_, index) = shared_index();
    let out = govsearch(
        &[
            "eval",
            &shared_corpora().to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
            "--queries",
            "200",
            "--seed",
            "42",
            "--json",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("eval JSON");
    assert_eq!(report["queries"], 200);
    assert!(report["expected_docs"].as_u64() > Some(1000));
    for key in ["quoted_recall", "quoted_precision", "unquoted_recall"] {
        assert_eq!(report[key].as_f64(), Some(1.0), "{key}: {report}");
    }
}

fn text_of(path: &Path) -> String {
    let docs = inspect(&[path.to_path_buf()], &repo());
    docs[0]["text"].as_str().unwrap_or("").to_string()
}

#[test]
fn gbk_originals_read_the_same_as_their_utf8_copies() {
    let raw = shared_corpora().join("national_gwr_gbk_dxcarl_raw");
    let mut compared = 0;
    for entry in std::fs::read_dir(&raw).expect("raw folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let utf8 = shared_corpora()
            .join("national_gwr_gbk_dxcarl")
            .join(path.file_name().expect("name"));
        let original = inspect(std::slice::from_ref(&path), &repo());
        assert!(
            original[0]["encoding"]
                .as_str()
                .unwrap_or("")
                .contains("GB"),
            "{}",
            path.display()
        );
        assert_eq!(
            original[0]["text"].as_str(),
            Some(text_of(&utf8).as_str()),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} GBK files compared");
}

#[test]
fn verbatim_matches_rank_above_scattered_ones() {
    let (_, index) = shared_index();
    let query = "生态环境保护";
    let (code, hits, summary) = search_json(index, &[query, "-n", "60"], &repo());
    assert_eq!(code, 0);
    assert!(summary["total"].as_u64() > Some(60));
    let paths: Vec<PathBuf> = hits
        .iter()
        .map(|h| PathBuf::from(h["path"].as_str().unwrap_or("")))
        .collect();
    let verbatim: Vec<bool> = inspect(&paths, &repo())
        .iter()
        .map(|d| d["text"].as_str().unwrap_or("").contains(query))
        .collect();
    let first_scattered = verbatim.iter().position(|v| !v);
    if let Some(first) = first_scattered {
        assert!(
            verbatim[first..].iter().all(|v| !v),
            "a verbatim hit ranks below a scattered one: {verbatim:?}"
        );
    }
    assert!(verbatim[0]);
}

#[test]
fn region_and_kind_filters_keep_to_their_values() {
    let (_, index) = shared_index();
    let (code, hits, summary) =
        search_json(index, &["条例", "--region", "上海", "-n", "50"], &repo());
    assert_eq!(code, 0);
    assert!(hits
        .iter()
        .all(|h| h["region"].as_str().unwrap_or("").starts_with("上海")));
    assert!(summary["facets"]["region"]
        .as_object()
        .is_some_and(|r| r.keys().all(|k| k.starts_with("上海"))));
    let (_, hits, _) = search_json(index, &["就业", "kind:政府工作报告", "-n", "50"], &repo());
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["kind"] == "政府工作报告"));
}

/// Hits of the first `n` results with copies collapsed, and with all copies.
fn collapsed_and_all(index: &Path, query: &[&str]) -> (Vec<Value>, Vec<Value>, Value) {
    let (_, collapsed, summary) = search_json(index, query, &repo());
    let mut all_args = query.to_vec();
    all_args.push("--all-copies");
    let (_, all, _) = search_json(index, &all_args, &repo());
    (collapsed, all, summary)
}

#[test]
fn copies_of_a_national_report_fold_into_one_hit() {
    let (_, index) = shared_index();
    // Local reports of 2010 are other reports: the national one is scoped.
    let query = [
        "政府工作报告",
        "--year",
        "2010",
        "kind:政府工作报告",
        "region:全国",
        "-n",
        "20",
    ];
    let (collapsed, all, summary) = collapsed_and_all(index, &query);
    // The 2010 report exists in several transcriptions.
    assert!(all.len() >= 3, "{} copies", all.len());
    assert_eq!(collapsed.len(), 1, "{:?}", sorted_paths(&collapsed));
    let copies: Vec<String> = collapsed[0]["duplicates"]
        .as_array()
        .expect("duplicates")
        .iter()
        .filter_map(|p| p.as_str().map(String::from))
        .collect();
    let mut group = copies.clone();
    group.push(collapsed[0]["path"].as_str().unwrap_or("").to_string());
    group.sort();
    assert_eq!(group, sorted_paths(&all), "the group is every copy");
    assert_eq!(summary["total"].as_u64(), Some(all.len() as u64));
    assert_eq!(summary["distinct"].as_u64(), Some(1));
    // Different years are different reports.
    let (_, years, _) = search_json(
        index,
        &[
            "政府工作报告",
            "kind:政府工作报告",
            "region:全国",
            "--year",
            "2009..2011",
            "-n",
            "20",
        ],
        &repo(),
    );
    assert_eq!(years.len(), 3, "{:?}", sorted_paths(&years));
}

#[test]
fn an_abbreviation_finds_documents_that_spell_it_out() {
    let (_, index) = shared_index();
    let (code, hits, _) = search_json(index, &["\"计生\"", "--all-copies", "-n", "500"], &repo());
    assert_eq!(code, 0);
    let spelled_out_only = hits.iter().any(|h| {
        let text = text_of(&repo().join(h["path"].as_str().unwrap_or("")));
        text.contains("计划生育") && !text.contains("计生")
    });
    assert!(
        spelled_out_only,
        "no hit for 计生 says only 计划生育 ({} hits)",
        hits.len()
    );
}

#[test]
fn a_region_filter_covers_every_place_below_it() {
    let (_, index) = shared_index();
    let (_, city, _) = search_json(index, &["条例", "--region", "青岛", "-n", "200"], &repo());
    assert!(!city.is_empty());
    assert!(city
        .iter()
        .all(|h| h["region"].as_str() == Some("山东省/青岛市")));
    let (_, province, _) = search_json(
        index,
        &["条例", "--region", "山东", "--all-copies", "-n", "2000"],
        &repo(),
    );
    let province_paths = sorted_paths(&province);
    for path in sorted_paths(&city) {
        assert!(province_paths.contains(&path), "{path} not under 山东");
    }
    assert!(province.len() > city.len());
}

#[test]
fn generated_page_furniture_is_removed_and_body_lines_kept() {
    let corpora = shared_corpora();
    let out = govsearch(
        &[
            "eval",
            "--measure",
            "cleaning",
            &corpora.to_string_lossy(),
            "--queries",
            "300",
            "--seed",
            "7",
            "--json",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let both: Value = serde_json::from_str(stdout(&out).trim()).expect("eval JSON");
    let report = &both["generated"];
    assert!(report["pages"].as_u64().unwrap_or(0) >= 250, "{report}");
    let removed = report["removed_share"].as_f64().unwrap_or(0.0);
    let kept = report["kept_share"].as_f64().unwrap_or(0.0);
    assert!(removed >= 0.95, "furniture removed {removed}: {report}");
    assert!(kept >= 0.99, "body kept {kept}: {report}");
}

/// The files a folder's catalogue lists with `year` and a region under `province`.
fn catalogued(folder: &str, year: &str, province: &str) -> Vec<String> {
    let meta = std::fs::read_to_string(shared_corpora().join(folder).join("_meta.tsv"))
        .expect("_meta.tsv");
    meta.lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (cells.get(2) == Some(&year) && cells.get(3).is_some_and(|r| r.starts_with(province)))
                .then(|| format!("{folder}/{}", cells[0]))
        })
        .collect()
}

#[test]
fn a_region_year_and_kind_filter_finds_the_local_reports() {
    let (_, index) = shared_index();
    let (_, hits, _) = search_json(
        index,
        &[
            "--region",
            "河北",
            "--year",
            "2024",
            "--kind",
            "政府工作报告",
            "--all-copies",
            "-n",
            "500",
        ],
        &repo(),
    );
    let found = sorted_paths(&hits);
    let expected: Vec<String> = ["baoding_county_gwr", "hebei_gwr_txt"]
        .iter()
        .flat_map(|folder| catalogued(folder, "2024", "河北"))
        .collect();
    assert!(expected.len() >= 5, "{expected:?}");
    // Every hit is a catalogued 2024 Hebei report: a wrong facet hides one
    // from this filter, and shows another in its place.
    for path in &found {
        assert!(
            expected.iter().any(|e| path.ends_with(e.as_str())),
            "{path} is not a 2024 Hebei report"
        );
    }
    let missed: Vec<&String> = expected
        .iter()
        .filter(|e| !found.iter().any(|p| p.ends_with(e.as_str())))
        .collect();
    // A report whose place the text leaves unresolved has an empty region
    // (never a wrong one): 安新县's 2024 report names itself only as 县政府
    // beside 雄安新区. At most one such miss.
    assert!(missed.len() <= 1, "missed {missed:?}");
}

#[test]
fn no_local_document_is_labelled_national() {
    let (_, index) = shared_index();
    let (_, hits, _) = search_json(
        index,
        &["region:全国", "--all-copies", "-n", "10000"],
        &repo(),
    );
    assert!(hits.len() > 1000, "{} national documents", hits.len());
    let labelled = |folders: &[&str]| -> Vec<String> {
        sorted_paths(&hits)
            .into_iter()
            .filter(|p| folders.iter().any(|folder| p.contains(folder)))
            .collect()
    };
    let reports = labelled(&["baoding_county_gwr", "hebei_gwr_txt", "mpr_civility_regs"]);
    assert!(reports.is_empty(), "labelled 全国: {reports:?}");
    // Known gap: one untitled provincial rule that opens by citing
    // 《国务院关于…的特别规定》 and never says 本省 (hbp_gz_187).
    let notices = labelled(&["hebei_province_docs"]);
    assert!(notices.len() <= 1, "labelled 全国: {notices:?}");
}

/// Text as the layout-free normaliser compares it: no whitespace at all
/// (the queries below are all Chinese).
fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_quoted_phrase_finds_text_broken_over_lines_and_highlights_it_whole() {
    // hb_2002's speaker line is broken as `河北\n\n省省\n\n长 钮茂生`.
    let (_, index) = shared_index();
    let (code, hits, _) = search_json(index, &["\"河北省省长钮茂生\"", "-n", "50"], &repo());
    assert_eq!(code, 0);
    let hit = hits
        .iter()
        .find(|h| {
            h["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("hb_2002_河北省.txt"))
        })
        .unwrap_or_else(|| panic!("hb_2002 not found: {:?}", sorted_paths(&hits)));
    let snippet = &hit["snippets"][0];
    let text: Vec<char> = snippet["text"].as_str().expect("text").chars().collect();
    let [from, to] = [0, 1].map(|i| snippet["highlights"][0][i].as_u64().expect("range") as usize);
    let highlighted: String = text[from..to].iter().collect();
    assert!(
        highlighted.contains('\n'),
        "the break is shown: {highlighted:?}"
    );
    assert_eq!(without_whitespace(&highlighted), "河北省省长钮茂生");
}

#[test]
fn a_relaid_copy_is_searched_as_completely_as_an_exact_scan() {
    let corpora = shared_corpora();
    let folders = [
        "hebei_gwr_txt",
        "baoding_county_gwr",
        "national_gwr_wikisource",
    ]
    .map(|f| corpora.join(f).to_string_lossy().into_owned());
    let mut args = vec![
        "eval",
        "--relaid",
        "--queries",
        "300",
        "--seed",
        "7",
        "--json",
    ];
    args.extend(folders.iter().map(String::as_str));
    let out = govsearch(&args, &repo());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("eval JSON");
    for key in ["quoted_recall", "quoted_precision", "unquoted_recall"] {
        assert_eq!(report[key].as_f64(), Some(1.0), "{key}: {report}");
    }
    let layout = &report["across_layout"];
    assert!(layout["queries"].as_u64() > Some(10), "{layout}");
    for key in ["quoted_recall", "unquoted_recall"] {
        assert_eq!(layout[key].as_f64(), Some(1.0), "{key}: {layout}");
    }
}

#[test]
fn a_statute_named_by_its_short_title_comes_first() {
    // Citations drop 中华人民共和国; the 实施条例 and 实施办法 that cite the
    // law in their titles, and say its name more often, come after it.
    let (_, index) = shared_index();
    for (query, statute) in [
        ("食品安全法", "行政法_食品安全法(2021-04-29).txt"),
        ("义务教育法", "行政法_义务教育法(2018-12-29).txt"),
    ] {
        let (code, hits, _) = search_json(index, &[query, "-n", "3"], &repo());
        assert_eq!(code, 0);
        let first = hits[0]["path"].as_str().unwrap_or_default();
        assert!(
            first.ends_with(statute),
            "{query}: {:?}",
            sorted_paths(&hits)
        );
    }
}

#[test]
fn a_term_and_its_abbreviation_score_as_one_term() {
    // 计生 and 计划生育 are one term: a text holding both is not a whole
    // verbatim tier (1000) above a text holding one.
    let (_, index) = shared_index();
    let (code, hits, _) = search_json(index, &["计生", "-n", "50"], &repo());
    assert_eq!(code, 0);
    assert!(hits.len() >= 20);
    for hit in &hits {
        let score = hit["score"].as_f64().unwrap_or_default();
        assert!(
            (1000.0..2000.0).contains(&score),
            "{score}: {}",
            hit["path"]
        );
    }
}

#[test]
fn ranking_on_the_judged_queries_holds() {
    let (_, index) = shared_index();
    let out = govsearch(
        &[
            "eval",
            "--measure",
            "ranking",
            &shared_corpora().to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
            "--judgments",
            &repo().join("eval/judgments.tsv").to_string_lossy(),
            "--json",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).expect("ranking JSON");
    assert!(report["queries"].as_u64() >= Some(30), "{report}");
    assert!(
        report["ndcg_at_10"].as_f64() >= Some(0.95),
        "nDCG@10 {}",
        report["ndcg_at_10"]
    );
    assert_eq!(report["mrr"].as_f64(), Some(1.0), "MRR {}", report["mrr"]);
}

/// Proximity rescoring only the best-ranked window must give the pages
/// that scoring every match gives, on queries of several common words.
#[test]
fn rescoring_proximity_in_a_window_ranks_as_scoring_every_match() {
    let (_, index) = shared_index();
    let full = [("GOVSEARCH_FULL_PROXIMITY", "1")];
    for query in [
        "经济 发展",
        "深化 改革 开放",
        "人民 生活 水平",
        "农业 农村 农民",
        "生态 环境 保护",
        "依法 行政",
    ] {
        for page in [
            ["-n", "10", "--offset", "0"],
            ["-n", "10", "--offset", "40"],
        ] {
            let mut args = vec![query];
            args.extend_from_slice(&page);
            let (code, window, summary) = search_json(index, &args, &repo());
            let (full_code, whole, full_summary) = search_json_with(index, &args, &repo(), &full);
            assert_eq!((code, full_code), (0, 0), "{query}");
            assert!(summary["total"].as_u64() > Some(100), "{query}: {summary}");
            let paths = |hits: &[Value]| -> Vec<String> {
                hits.iter()
                    .map(|h| h["path"].as_str().unwrap_or("").to_string())
                    .collect()
            };
            assert_eq!(paths(&window), paths(&whole), "{query} {page:?}");
            assert_eq!(summary["total"], full_summary["total"], "{query}");
            assert_eq!(summary["facets"], full_summary["facets"], "{query}");
        }
    }
}

/// The files of `hebei_province_docs` that the catalogue places in 河北省
/// and whose text never names the province (河北, 冀) but speaks as one
/// (`本省`, and no city's or county's `本市`, `本县`).
fn provincial_documents_naming_no_province() -> Vec<PathBuf> {
    let folder = shared_corpora().join("hebei_province_docs");
    let meta = std::fs::read_to_string(folder.join("_meta.tsv")).expect("_meta.tsv");
    meta.lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (cells.get(3) == Some(&"河北省")).then(|| folder.join(cells[0]))
        })
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            text.contains("本省")
                && !["河北", "冀", "本市", "我市", "本县", "我县"]
                    .iter()
                    .any(|w| text.contains(w))
        })
        .collect()
}

/// The files among `paths` that a search for 本省 within 河北省 finds.
fn found_in_hebei(index: &Path, paths: &[PathBuf]) -> Vec<PathBuf> {
    let (code, hits, _) = search_json(
        index,
        &["本省", "--region", "河北省", "-n", "1000", "--all-copies"],
        &repo(),
    );
    assert_eq!(code, 0);
    let names: std::collections::HashSet<String> = hits
        .iter()
        .filter_map(|h| h["path"].as_str())
        .filter_map(|p| Path::new(p).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    paths
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| names.contains(n.to_string_lossy().as_ref()))
        })
        .cloned()
        .collect()
}

fn index_folder(folder: &Path, index: &Path) {
    let out = govsearch(
        &[
            "index",
            &folder.to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_provincial_rule_that_names_no_province_takes_its_folders() {
    let unnamed = provincial_documents_naming_no_province();
    assert!(unnamed.len() >= 50, "{} documents", unnamed.len());
    // Indexed with the folder: nearly every one is found under 河北省.
    let (_, index) = shared_index();
    let found = found_in_hebei(index, &unnamed);
    assert!(
        found.len() * 10 >= unnamed.len() * 9,
        "{} of {} found under 河北省",
        found.len(),
        unnamed.len()
    );
    // Inspected alone, each reads its folder as the indexer does.
    let inspected = inspect(&unnamed[..5], &repo());
    for doc in &inspected {
        assert_eq!(doc["region"], "河北省", "{doc}");
        assert_eq!(doc["region_from"], "folder", "{doc}");
    }
}

#[test]
fn a_document_added_later_reads_the_place_of_its_indexed_siblings() {
    let unnamed = provincial_documents_naming_no_province();
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("hebei");
    copy_dir(&shared_corpora().join("hebei_province_docs"), &folder);
    let later: Vec<PathBuf> = unnamed.iter().take(10).cloned().collect();
    for path in &later {
        std::fs::remove_file(folder.join(path.file_name().expect("name"))).expect("remove");
    }
    let index = dir.path().join("index");
    index_folder(&folder, &index);
    for path in &later {
        std::fs::copy(path, folder.join(path.file_name().expect("name"))).expect("copy");
    }
    // Only the ten are read again; their siblings' places come from the index.
    index_folder(&folder, &index);
    let found = found_in_hebei(&index, &later);
    assert_eq!(found.len(), later.len(), "found {found:?}");
}

#[test]
fn a_folder_of_many_provinces_places_none_of_them() {
    let unnamed = provincial_documents_naming_no_province();
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("mixed");
    // Regulations of 30 provinces' cities, and the rules that name none.
    copy_dir(&shared_corpora().join("mpr_civility_regs"), &folder);
    for path in &unnamed {
        std::fs::copy(path, folder.join(path.file_name().expect("name"))).expect("copy");
    }
    let index = dir.path().join("index");
    index_folder(&folder, &index);
    // Those placed are placed by their own words (昌黎, a county of Hebei),
    // as `inspect` reads them, and never by the folder.
    let copies: Vec<PathBuf> = unnamed
        .iter()
        .map(|p| folder.join(p.file_name().expect("name")))
        .collect();
    let inspected = inspect(&copies, &repo());
    assert_eq!(inspected.len(), copies.len());
    assert!(inspected.iter().all(|d| d.get("region_from").is_none()));
    let placed_alone: Vec<PathBuf> = copies
        .iter()
        .zip(&inspected)
        .filter(|(_, d)| d["region"] == "河北省")
        .map(|(p, _)| p.clone())
        .collect();
    assert!(
        placed_alone.len() * 5 <= copies.len(),
        "{} of {} place themselves",
        placed_alone.len(),
        copies.len()
    );
    assert_eq!(found_in_hebei(&index, &copies), placed_alone);
}

/// The facet targets of the genre, over every catalogued document, as the
/// corpus is laid out and re-laid as PDF extraction and Word exports lay
/// text out (lines hard-wrapped at 18–40 characters, first lines spaced
/// out): facets must not depend on where a line breaks.
#[test]
fn facets_meet_their_targets_as_laid_out_and_re_laid() {
    let corpora = shared_corpora();
    let corpora = corpora.to_string_lossy();
    for relaid in [false, true] {
        let mut args = vec!["eval", "--measure", "facets", &corpora, "--json"];
        if relaid {
            args.push("--relaid");
        }
        let out = govsearch(&args, &repo());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: Value = serde_json::from_str(stdout(&out).trim()).expect("facets JSON");
        let all = &report["all"];
        for (field, target) in [
            ("year", 0.98),
            ("region", 0.95),
            ("unit", 0.90),
            ("kind", 0.95),
        ] {
            let score = &all[field];
            let count = |key: &str| score[key].as_f64().unwrap_or(0.0);
            assert!(count("scored") >= 4000.0, "{field}: {score}");
            let right = count("correct") / count("scored");
            let right_of_given = count("correct") / count("given");
            assert!(
                right >= target,
                "re-laid {relaid}: {field} right {right:.3}: {score}"
            );
            assert!(
                right_of_given >= 0.98,
                "re-laid {relaid}: {field} right of given {right_of_given:.3}: {score}"
            );
        }
    }
}
