//! Random queries through parsing, query building and search on a real index
//! of `corpus/`: each one parses and runs, or is refused with a message;
//! none panics.

use std::path::PathBuf;

use govsearch::eval::SplitMix;
use govsearch::index::{self, ReportIndex, Settings};
use govsearch::search::{parse, Engine, SearchRequest};

#[test]
fn random_queries_never_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report_index = ReportIndex::open_or_create(&dir.path().join("index"), &Settings::default())
        .expect("create");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    index::update(&report_index, &[corpus], &mut |_| {}).expect("index");
    let engine = Engine::new(&report_index).expect("engine");
    let pieces = [
        "计",
        "生",
        "计划生育",
        "女",
        "\"",
        "“",
        "”",
        "-",
        "OR",
        " ",
        ",",
        "，",
        "。",
        "、",
        ":",
        "year:2017",
        "year:2014..",
        "region:广东",
        "unit:局",
        "kind:总结",
        "topic:人口",
        "２",
        "Ａ",
        "a",
        "1",
        "(",
        "*",
        ".",
        "  ",
        "計劃",
    ];
    let mut rng = SplitMix::new(3);
    let (mut ran, mut refused) = (0, 0);
    for _ in 0..3000 {
        let query: String = (0..1 + rng.below(6))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect();
        let Ok(parsed) = parse(&query) else {
            refused += 1;
            continue;
        };
        let request = SearchRequest {
            query: parsed,
            limit: 1 + rng.below(5),
            offset: rng.below(3),
            all_copies: rng.below(2) == 0,
        };
        let results = engine
            .search(&request)
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        assert!(results.hits.len() <= request.limit);
        ran += 1;
    }
    assert!(ran > 1000 && refused > 100, "ran {ran}, refused {refused}");
}
