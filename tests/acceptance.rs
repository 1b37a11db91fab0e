//! The acceptance score on the five seed articles, when `../shared/acceptance` exists.

use std::path::Path;
use std::process::Command;

#[test]
fn seeds_every_must_hit_and_no_clean_text_flagged() {
    let score = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/score.py");
    if !score.exists() {
        eprintln!("skipped: {} not found (the acceptance material lives beside the repository)", score.display());
        return;
    }
    let out = Command::new("python3")
        .arg(&score)
        // Every filler label is a `may`: the filler rules are meant to find them all.
        .args(["--require", "filler:may:1"])
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_newslint"))
        .args(["check", "--format", "jsonl"])
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
    assert_eq!(out.status.code(), Some(0), "acceptance failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
}
