//! The archive page in headless Chromium: runs `node --test tests/e2e/`
//! (playwright-core driving Debian's /usr/bin/chromium) against the binary
//! cargo built. `.ci/run` installs chromium, a CJK font and the npm
//! packages; without them this test fails and says what is missing.

mod common;

use std::process::Command;

#[test]
fn the_archive_page_works_in_a_real_browser() {
    let e2e = common::repo().join("tests/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "run `npm ci` in tests/e2e first (playwright-core from npm)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} is missing: apt-get install chromium fonts-wqy-microhei"
    );
    common::shared_corpora();
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "archive.test.mjs"])
        .current_dir(&e2e)
        .env("GOVSEARCH_BIN", env!("CARGO_BIN_EXE_govsearch"))
        .env("GOVSEARCH_SCREENSHOTS", common::repo().join("target/e2e"))
        .output()
        .expect("run node (Node.js 20)");
    assert!(
        out.status.success(),
        "browser tests failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
