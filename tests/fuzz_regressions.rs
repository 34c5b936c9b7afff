//! Replays every input in `fuzz/regressions/TARGET/` through the fuzz
//! target's entry point: inputs that once crashed (or that were written to
//! probe an edge) must keep returning. `scripts/fuzz` finds new ones.

mod common;

type Target = fn(&[u8]);

#[test]
fn every_regression_input_returns() {
    let targets: [(&str, Target); 8] = [
        ("decode", govsearch::fuzzing::decode),
        ("html", govsearch::fuzzing::html),
        ("clean", govsearch::fuzzing::clean),
        ("facets", govsearch::fuzzing::facets),
        ("query", govsearch::fuzzing::query),
        ("snippets", govsearch::fuzzing::snippets),
        ("normalise", govsearch::fuzzing::normalise),
        ("docx", govsearch::fuzzing::docx),
    ];
    let root = common::repo().join("fuzz/regressions");
    let mut replayed = 0;
    for (name, target) in targets {
        let dir = root.join(name);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("entry").path();
            let data = std::fs::read(&path).expect("read input");
            target(&data);
            replayed += 1;
        }
    }
    assert!(replayed >= 8, "only {replayed} inputs");
}
