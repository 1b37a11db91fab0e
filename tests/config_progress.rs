//! The progress bar: drawn on stderr when it is a terminal, hidden under pre-commit
//! (`PRE_COMMIT` set) and whenever stderr is not a terminal (CI logs, pipes).

use std::fs;
use std::path::Path;
use std::process::Command;

fn articles(dir: &Path, n: usize) {
    for i in 0..n {
        fs::write(dir.join(format!("a{i:02}.md")), format!("Title {i}\n\nThe council met on Monday.Nobody came.\n"))
            .unwrap();
    }
}

/// What a terminal shows on stderr (stdout goes to /dev/null), through util-linux `script`.
fn terminal_stderr(dir: &Path, pre_commit: bool) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        return None;
    }
    let cmd = format!("'{}' check --isolated . > /dev/null", env!("CARGO_BIN_EXE_newslint"));
    let mut c = Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).current_dir(dir).env_remove("PRE_COMMIT").env("NO_COLOR", "1");
    if pre_commit {
        c.env("PRE_COMMIT", "1");
    }
    let out = c.output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_shows_on_a_terminal_only_outside_pre_commit() {
    let dir = tempfile::tempdir().unwrap();
    articles(dir.path(), 30);
    let Some(shown) = terminal_stderr(dir.path(), false) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(shown.contains("/30 files"), "the bar counts files: {shown:?}");
    let hidden = terminal_stderr(dir.path(), true).unwrap();
    assert!(!hidden.contains("files"), "no bar under pre-commit: {hidden:?}");
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    articles(dir.path(), 30);
    let out = Command::new(env!("CARGO_BIN_EXE_newslint"))
        .args(["check", "--isolated", "."])
        .current_dir(dir.path())
        .env_remove("PRE_COMMIT")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
