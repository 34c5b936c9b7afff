//! schemathesis (from PyPI, installed by `.ci/setup`) generates requests
//! from the server's own OpenAPI description, `/api/openapi.json`, and
//! checks that none gets a server error.

mod common;

use std::process::Command;

#[test]
fn no_request_the_openapi_description_allows_gets_a_server_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let corpus = common::shared_corpora().join("national_gwr_wikisource");
    let out = common::govsearch(
        &[
            "index",
            &corpus.to_string_lossy(),
            "--index",
            &index.to_string_lossy(),
        ],
        &common::repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let server = common::Server::start(&index);
    // As a module of the Python that pip installed it into, so that no
    // script directory needs to be on PATH.
    let run = Command::new("python3")
        .args(["-m", "schemathesis.cli", "run"])
        .arg(format!("http://{}/api/openapi.json", server.addr))
        .args([
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "40",
            "--seed",
            "1",
        ])
        .output()
        .expect("run python3 (schemathesis: pip install schemathesis, or run .ci/setup)");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(report.contains("passed"), "{report}");
}
