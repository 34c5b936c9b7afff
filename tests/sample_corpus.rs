//! The binary on the sample corpus that ships in `corpus/`: searching,
//! filters, JSON schema, exit codes, incremental re-indexing and bad input.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// A private copy of `corpus/` and a fresh index of it.
fn indexed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("corpus"), &dir.path().join("corpus"));
    let out = govsearch(&["index"], dir.path());
    assert_eq!(out.status.code(), Some(0), "index failed: {}", stderr(&out));
    let index = dir.path().join("index");
    (dir, index)
}

fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("corpus"))
        .expect("corpus")
        .map(|e| PathBuf::from("corpus").join(e.expect("entry").file_name()))
        .collect();
    files.sort();
    files
}

#[test]
fn year_filter_returns_exactly_the_documents_of_that_year_containing_the_term() {
    let (dir, index) = indexed_copy();
    let inspected = inspect(&corpus_files(dir.path()), dir.path());
    let expected: Vec<&str> = inspected
        .iter()
        .filter(|d| d["year"] == 2017 && d["text"].as_str().unwrap_or("").contains("计划生育"))
        .map(|d| d["path"].as_str().unwrap_or(""))
        .collect();
    assert!(
        !expected.is_empty(),
        "the sample corpus should have a 2017 report on 计划生育"
    );
    for args in [
        vec!["计划生育", "--year", "2017"],
        vec!["计划生育", "year:2017"],
    ] {
        let (code, hits, summary) = search_json(&index, &args, dir.path());
        assert_eq!(code, 0);
        assert_eq!(sorted_paths(&hits), expected, "{args:?}");
        assert_eq!(summary["facets"]["year"]["2017"], expected.len());
    }
    // Filters alone list every document they allow.
    let (code, hits, _) = search_json(&index, &["--year", "2017"], dir.path());
    let of_2017 = inspected.iter().filter(|d| d["year"] == 2017).count();
    assert_eq!((code, hits.len()), (0, of_2017));
    let (_, hits, _) = search_json(&index, &["计生", "--year", "2014..2017"], dir.path());
    assert!(hits
        .iter()
        .all(|h| (2014..=2017).contains(&h["year"].as_u64().unwrap_or(0))));
}

#[test]
fn json_hits_follow_the_documented_schema() {
    let (dir, index) = indexed_copy();
    let (code, hits, summary) = search_json(&index, &["计划生育", "-n", "3"], dir.path());
    assert_eq!(code, 0);
    assert!(!hits.is_empty() && hits.len() <= 3);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"], i + 1);
        assert!(hit["score"].is_number());
        let path = hit["path"].as_str().expect("path");
        assert!(
            path.starts_with("corpus/"),
            "path as reached from the indexed folder: {path}"
        );
        assert!(hit["title"].is_string());
        assert!(hit["year"].is_null() || hit["year"].is_u64());
        for key in ["region", "unit", "kind"] {
            assert!(hit[key].is_null() || hit[key].is_string(), "{key}");
        }
        assert!(hit["topics"].is_array());
        let snippets = hit["snippets"].as_array().expect("snippets");
        assert!((1..=3).contains(&snippets.len()));
        for snippet in snippets {
            let text: Vec<char> = snippet["text"].as_str().expect("text").chars().collect();
            assert!(text.len() <= 160, "snippet of {} chars", text.len());
            let highlights = snippet["highlights"].as_array().expect("highlights");
            assert!(!highlights.is_empty());
            for h in highlights {
                let (from, to) = (
                    h[0].as_u64().unwrap_or(0) as usize,
                    h[1].as_u64().unwrap_or(0) as usize,
                );
                assert!(from < to && to <= text.len());
                let word: String = text[from..to].iter().collect();
                // 计生 is the lexicon's other spelling of 计划生育.
                assert!(
                    ["计划生育", "计生"]
                        .iter()
                        .any(|s| s.contains(word.as_str()) || word.contains(s)),
                    "highlighted {word}"
                );
            }
        }
    }
    assert_eq!(
        summary["total"].as_u64().map(|t| t as usize >= hits.len()),
        Some(true)
    );
    assert!(summary["elapsed_ms"].is_number());
    for facet in ["year", "region", "unit", "topic", "kind"] {
        assert!(summary["facets"][facet].is_object(), "{facet}");
    }
}

#[test]
fn exit_codes_follow_grep() {
    let (dir, index) = indexed_copy();
    let index_arg = index.to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let mut full = vec!["search", "--index", &index_arg];
        full.extend_from_slice(args);
        govsearch(&full, dir.path())
    };
    assert_eq!(run(&["计划生育"]).status.code(), Some(0));
    assert_eq!(run(&["量子纠缠超导"]).status.code(), Some(1));
    // Absurd page sizes are clamped, not allocated.
    let huge = run(&["计生", "-n", "100000000000", "--offset", "99999999999999"]);
    assert_eq!(huge.status.code(), Some(0), "{}", stderr(&huge));
    for bad in [
        &["\"计划生育"][..],
        &["，。！"],
        &["计生", "OR"],
        &["year:20x7", "计生"],
    ] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = stderr(&out);
        assert_eq!(
            err.trim().lines().count(),
            1,
            "one-line message for {bad:?}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    let missing = govsearch(&["search", "--index", "no-such-index", "计生"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    let err = stderr(&missing);
    assert!(
        err.contains("no-such-index") && err.contains("govsearch index"),
        "{err}"
    );
}

#[test]
fn exclusions_and_or() {
    let (dir, index) = indexed_copy();
    let (_, all, _) = search_json(&index, &["工作", "-n", "100"], dir.path());
    let (_, without, _) = search_json(&index, &["工作", "-关爱女孩", "-n", "100"], dir.path());
    let inspected = inspect(&corpus_files(dir.path()), dir.path());
    let mentions = |path: &str| {
        inspected
            .iter()
            .any(|d| d["path"] == path && d["text"].as_str().unwrap_or("").contains("关爱女孩"))
    };
    assert!(without.len() < all.len());
    assert!(without
        .iter()
        .all(|h| !mentions(h["path"].as_str().unwrap_or(""))));
    let (_, either, _) = search_json(&index, &["关爱女孩", "OR", "东昌", "-n", "100"], dir.path());
    let (_, a, _) = search_json(&index, &["关爱女孩", "-n", "100"], dir.path());
    let (_, b, _) = search_json(&index, &["东昌", "-n", "100"], dir.path());
    assert!(either.len() >= a.len().max(b.len()) && either.len() <= a.len() + b.len());
}

fn summary_line(out: &std::process::Output) -> String {
    stdout(out).lines().next().unwrap_or("").to_string()
}

#[test]
fn reindexing_is_incremental() {
    let (dir, index) = indexed_copy();
    let again = govsearch(&["index", "./corpus/"], dir.path());
    assert!(
        summary_line(&again).contains("0 indexed") && summary_line(&again).contains("5 unchanged"),
        "{}",
        stdout(&again)
    );

    let corpus = dir.path().join("corpus");
    std::fs::write(
        corpus.join("new.txt"),
        "独角兽孵化基地建设工作总结\n今年我区独角兽孵化基地建设稳步推进。",
    )
    .expect("write");
    let files = corpus_files(dir.path());
    std::fs::write(
        dir.path().join(&files[1]),
        "修改后的报告\n全区推进蓝莓产业示范园建设。",
    )
    .expect("write");
    std::fs::remove_file(dir.path().join(&files[2])).expect("remove");
    let update = govsearch(&["index"], dir.path());
    let line = summary_line(&update);
    assert!(
        line.contains("2 indexed (1 new, 1 changed)")
            && line.contains("3 unchanged")
            && line.contains("1 removed"),
        "{line}"
    );

    let (code, hits, _) = search_json(&index, &["独角兽孵化"], dir.path());
    assert_eq!((code, hits.len()), (0, 1));
    let (_, hits, _) = search_json(&index, &["蓝莓产业"], dir.path());
    assert_eq!(hits[0]["path"], files[1].to_string_lossy().as_ref());
    let (_, hits, summary) = search_json(&index, &["计划生育", "-n", "100"], dir.path());
    let removed = files[2].to_string_lossy();
    assert!(hits.iter().all(|h| h["path"] != removed.as_ref()));
    assert!(summary["total"].as_u64() < Some(5));
}

#[test]
fn bad_files_are_skipped_with_a_reason_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    copy_dir(&repo().join("corpus"), &corpus);
    std::fs::write(corpus.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).expect("write");
    std::fs::write(corpus.join("empty.txt"), b"").expect("write");
    let mut broken = "破损文件中的蓝鲸计划生育内容。".as_bytes().to_vec();
    broken.extend_from_slice(&[0xFF, 0xFE, 0xC3]);
    broken.extend_from_slice("后面还有正常的文字。".repeat(20).as_bytes());
    std::fs::write(corpus.join("broken-utf8.txt"), broken).expect("write");
    std::fs::write(corpus.join("report.pdf"), b"%PDF-1.4").expect("write");
    std::fs::create_dir_all(corpus.join(".hidden")).expect("mkdir");
    std::fs::write(corpus.join(".hidden/secret.txt"), "隐藏文件夹里的计划生育").expect("write");

    let out = govsearch(&["index", "--verbose"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(summary.contains("6 indexed"), "{summary}");
    assert!(
        summary.contains("binary: 1")
            && summary.contains("empty: 1")
            && summary.contains("hidden: 1"),
        "{summary}"
    );
    let verbose = stderr(&out);
    assert!(
        verbose.contains("binary.txt") && verbose.contains("report.pdf"),
        "{verbose}"
    );

    let index = dir.path().join("index");
    let (code, hits, _) = search_json(&index, &["蓝鲸计划生育"], dir.path());
    assert_eq!(
        (code, hits.len()),
        (0, 1),
        "invalid UTF-8 is decoded with replacement, not dropped"
    );
    let (code, _, _) = search_json(&index, &["隐藏文件夹里"], dir.path());
    assert_eq!(code, 1, "hidden folders are not indexed");
}

#[test]
fn index_refuses_a_folder_that_is_not_an_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("corpus"), &dir.path().join("corpus"));
    std::fs::create_dir_all(dir.path().join("notes")).expect("mkdir");
    std::fs::write(dir.path().join("notes/keep.txt"), "mine").expect("write");
    for args in [
        &["index", "--index", "notes"][..],
        &["index", "--rebuild", "--index", "notes"],
    ] {
        let out = govsearch(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("notes"));
        assert!(
            dir.path().join("notes/keep.txt").exists(),
            "{args:?} must not touch the folder"
        );
    }
}

#[test]
fn inspect_reports_exactly_the_documented_keys() {
    let files = vec![repo().join("corpus/000_194b2d0ba02f0ad5.txt")];
    let docs = inspect(&files, &repo());
    let Value::Object(map) = &docs[0] else {
        panic!("object expected")
    };
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "encoding", "kind", "path", "region", "removed", "text", "title", "topics", "unit",
            "year"
        ]
    );
    let removed: Vec<&str> = docs[0]["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        removed.iter().any(|l| l.contains("点击次数")),
        "{removed:?}"
    );
    assert!(!docs[0]["text"].as_str().unwrap_or("").contains("点击次数"));
}

/// Encodes text as GBK bytes, the way many government sites still serve pages.
fn gbk(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = encoding_rs::GBK.new_encoder();
    out.resize(text.len() * 2 + 16, 0);
    let (_, _, written, _) = encoder.encode_from_utf8(text, &mut out, true);
    out.truncate(written);
    out
}

#[test]
fn html_pages_and_utf16_files_are_read_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("deep/er")).expect("mkdir");
    let page = "<html><head><meta charset=\"gbk\"><title>某县2016年人口计生工作总结_某某网</title>\
                <script>var tracker = '脚本里的秘密词';</script><style>p{color:red}</style></head>\
                <body><div class=nav>首页 &gt; 工作总结 &gt; 正文</div>\
                <h1>某县2016年人口计生工作总结</h1><p>今年全县人口计生工作以山茶花行动为抓手，全面完成目标任务。</p>\
                <p>二〇一六年十二月三十日</p></body></html>";
    std::fs::write(corpus.join("deep/er/page.html"), gbk(page)).expect("write");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "某区2015年工作汇报\n全区推进雪松工程建设。".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(corpus.join("utf16.txt"), utf16).expect("write");

    let out = govsearch(&["index"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = dir.path().join("index");
    let (code, hits, _) = search_json(&index, &["山茶花行动"], dir.path());
    assert_eq!(code, 0);
    assert_eq!(hits[0]["path"], "corpus/deep/er/page.html");
    assert_eq!(hits[0]["title"], "某县2016年人口计生工作总结");
    assert_eq!(hits[0]["year"], 2016);
    let (code, _, _) = search_json(&index, &["脚本里的秘密词"], dir.path());
    assert_eq!(code, 1, "script contents are not text");
    let (code, hits, _) = search_json(&index, &["雪松工程"], dir.path());
    assert_eq!((code, hits[0]["year"].as_u64()), (0, Some(2015)));
    let inspected = inspect(&[PathBuf::from("corpus/deep/er/page.html")], dir.path());
    assert!(inspected[0]["removed"]
        .as_array()
        .is_some_and(|r| r.iter().any(|l| l.as_str().unwrap_or("").contains("首页"))));
}

#[test]
fn indexing_a_folder_that_holds_the_index_skips_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("corpus"), dir.path());
    let first = govsearch(&["index", "."], dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let again = govsearch(&["index", ".", "--verbose"], dir.path());
    let line = stdout(&again);
    assert!(
        line.starts_with("5 files seen") && line.contains("5 unchanged"),
        "{line}"
    );
    assert!(!stderr(&again).contains("index/"), "{}", stderr(&again));
}

#[test]
fn unreadable_files_are_reported_without_verbose() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    copy_dir(&repo().join("corpus"), &corpus);
    // Windows-1252 mojibake of random high bytes: no encoding reads it as text.
    let noise: Vec<u8> = (0..400u32).map(|i| 0x80 + (i * 37 % 0x7f) as u8).collect();
    std::fs::write(corpus.join("noise.txt"), noise).expect("write");
    std::fs::write(corpus.join("chart.png"), b"\x89PNG").expect("write");
    // A PDF is read now: a broken one is a problem worth telling.
    std::fs::write(corpus.join("notes.pdf"), b"%PDF").expect("write");
    let out = govsearch(&["index"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("noise.txt") && err.contains("encoding"),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("notes.pdf") && l.contains("damaged")),
        "{err}"
    );
    assert!(
        !err.contains("chart.png"),
        "benign skips only with --verbose: {err}"
    );
    assert!(stdout(&out).contains("undecodable: 1"), "{}", stdout(&out));
}

/// Normalised cleaned texts of the sample corpus, by path.
fn scanned_texts(dir: &Path) -> Vec<(String, String)> {
    inspect(&corpus_files(dir), dir)
        .iter()
        .map(|d| {
            let text = d["text"].as_str().unwrap_or("");
            (d["path"].as_str().unwrap_or("").to_string(), fold(text))
        })
        .collect()
}

/// The folding the README promises: full-width to half-width, lower case,
/// and the traditional characters these tests use.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '計' => '计',
            '劃' => '划',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn hits_equal_an_exact_scan_for_single_characters_punctuation_and_variants() {
    let (dir, index) = indexed_copy();
    let texts = scanned_texts(dir.path());
    for (query, needle) in [
        ("女", "女"),
        ("\"计划，生育\"", "计划,生育"),
        ("\"生育\"", "生育"),
        ("\"計劃生育\"", "计划生育"),
        ("\"２０１４年\"", "2014年"),
        ("\"，全区\"", "全区"),
    ] {
        let mut expected: Vec<&str> = texts
            .iter()
            .filter(|(_, text)| text.contains(needle))
            .map(|(path, _)| path.as_str())
            .collect();
        expected.sort();
        let (_, hits, _) = search_json(&index, &[query, "-n", "100"], dir.path());
        assert_eq!(sorted_paths(&hits), expected, "{query}");
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let (dir, index) = indexed_copy();
    let index = index.to_string_lossy().into_owned();
    let run = |color: &str, no_color: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_govsearch"));
        cmd.args([
            "search", "计生", "-n", "1", "--index", &index, "--color", color,
        ]);
        cmd.current_dir(dir.path()).env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        String::from_utf8_lossy(&cmd.output().expect("run").stdout).into_owned()
    };
    assert!(
        run("always", Some("1")).contains("\x1b["),
        "always wins over NO_COLOR"
    );
    assert!(!run("never", None).contains("\x1b["));
    // Not a terminal: auto means no colour, and highlights are bracketed.
    let plain = run("auto", None);
    assert!(
        !plain.contains("\x1b[") && plain.contains("【计生】"),
        "{plain}"
    );
}

#[test]
fn a_user_dictionary_is_kept_and_a_changed_one_re_segments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let index_arg = index.to_string_lossy().into_owned();
    let dict = dir.path().join("dict.txt");
    let dict_arg = dict.to_string_lossy().into_owned();
    let index_with = |words: Option<&str>| {
        let mut args = vec!["index", "corpus", "--index", &index_arg];
        if let Some(words) = words {
            std::fs::write(&dict, words).expect("write dict");
            args.extend(["--dict", &dict_arg]);
        }
        govsearch(&args, &repo())
    };
    let record = || std::fs::read_to_string(index.join("govsearch.json")).expect("record");
    let out = index_with(Some("生育关怀行动 100000\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(index.join("user-dict.txt").is_file());
    let first = record();
    // Later runs keep the dictionary without the flag: nothing to redo.
    let out = index_with(None);
    assert!(!stderr(&out).contains("rebuilding"), "{}", stderr(&out));
    assert_eq!(record(), first);
    // Another dictionary rebuilds, with a note, and searches still answer.
    let out = index_with(Some("生育关怀行动 100000\n幸福家庭创建 100000\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("dictionary"), "{}", stderr(&out));
    let second = record();
    assert_ne!(second, first);
    let (code, hits, _) = search_json(&index, &["计划生育"], &repo());
    assert_eq!(code, 0);
    assert!(!hits.is_empty());
    // A broken dictionary is refused before the index is touched.
    let out = index_with(Some("词 很多\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a frequency"), "{}", stderr(&out));
    assert_eq!(record(), second);
}

/// An index whose facets older rules read (its record names other rules,
/// or none, as one built before they were recorded) still answers, and the
/// next `index` reads every file again; the one after has nothing to redo.
#[test]
fn an_index_read_by_older_facet_rules_is_rebuilt_on_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let index_arg = index.to_string_lossy().into_owned();
    let index_corpus = || govsearch(&["index", "corpus", "--index", &index_arg], &repo());
    let out = index_corpus();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record_path = index.join("govsearch.json");
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record_path).expect("record"))
            .expect("JSON record");
    assert!(record["facet_rules"].as_u64().is_some(), "{record}");
    let mut older = record.clone();
    older.as_object_mut().map(|o| o.remove("facet_rules"));
    std::fs::write(&record_path, older.to_string()).expect("write record");
    let (code, hits, _) = search_json(&index, &["计划生育"], &repo());
    assert_eq!(code, 0);
    assert!(!hits.is_empty());
    let out = index_corpus();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("older rules"), "{}", stderr(&out));
    let again: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record_path).expect("record"))
            .expect("JSON record");
    assert_eq!(again, record);
    let out = index_corpus();
    assert!(!stderr(&out).contains("rebuilding"), "{}", stderr(&out));
}

/// The JSON output of a search, without its timing.
fn results_without_timing(dir: &Path, query: &[&str], full_jieba: bool) -> String {
    let mut args = vec!["search", "--json", "-n", "50"];
    args.extend_from_slice(query);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_govsearch"))
        .args(&args)
        .current_dir(dir)
        .env("GOVSEARCH_FULL_JIEBA", if full_jieba { "1" } else { "" })
        .output()
        .expect("run govsearch");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            value.as_object_mut().map(|o| o.remove("elapsed_ms"));
            value.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fast_query_segmentation_gives_the_results_of_the_full_dictionary() {
    let (dir, _) = indexed_copy();
    let queries: &[&[&str]] = &[
        &["计划生育"],
        &["流动人口", "管理"],
        &["关爱女孩行动"],
        &["\"出生人口性别比\""],
        &["计生协会", "宣传教育"],
        &["人口和计划生育工作", "OR", "优质服务"],
        &["创建全国计划生育优质服务先进区"],
        &["工作总结", "--year", "2010..2020"],
        &["和谐计生气象新"],
    ];
    for query in queries {
        let fast = results_without_timing(dir.path(), query, false);
        let full = results_without_timing(dir.path(), query, true);
        assert!(fast.contains("\"hit\""), "{query:?} found nothing");
        assert_eq!(fast, full, "{query:?}");
    }
}
