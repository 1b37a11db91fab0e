//! Baselines: written, then read back; line shifts do not make old findings new; a new typo
//! is exactly one new finding; a second copy of a known one is new; fixed ones are stale.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

const ARTICLE: &str = "# Harbour reopens\n\nThe harbour reopened on Monday.Boats came back by noon.\n\n\
                       Fishers &amp; traders met at the quay.\n\nThe port authority thanked the crews.\n";

/// Runs `check --baseline` in `dir`; returns (exit code, matched texts, stderr).
fn with_baseline(dir: &Path, baseline: &str, path: &str) -> (i32, Vec<String>, String) {
    let out = newslint()
        .current_dir(dir)
        .args(["check", "--isolated", "--format", "jsonl", "--baseline", baseline, path])
        .output()
        .unwrap();
    let matched = jsonl(&out.stdout).iter().map(|f| f["matched"].as_str().unwrap().to_string()).collect();
    (out.status.code().unwrap(), matched, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn round_trip_survives_shifted_lines_and_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("articles")).unwrap();
    let article = root.join("articles/harbour.md");
    fs::write(&article, ARTICLE).unwrap();

    let out = newslint()
        .current_dir(root)
        .args(["check", "--isolated", "--write-baseline", "newslint-baseline.json", "articles"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "writing a baseline adopts the findings: {out:?}");
    let written: Value =
        serde_json::from_str(&fs::read_to_string(root.join("newslint-baseline.json")).unwrap()).unwrap();
    let entries = written["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{written}");
    for e in entries {
        assert_eq!(e["path"], "articles/harbour.md", "paths are relative to the baseline's folder");
        assert_eq!(e["count"], 1);
        assert_eq!(e["hash"].as_str().unwrap().len(), 16);
        assert!(e.get("line").is_none(), "no line numbers in the key");
    }

    let (code, matched, _) = with_baseline(root, "newslint-baseline.json", "articles");
    assert_eq!((code, matched.len()), (0, 0));

    // Re-scraped with a new first paragraph: every finding moves down, none is new.
    let shifted = ARTICLE.replace("# Harbour reopens\n", "# Harbour reopens\n\nUpdated with the quay's hours.\n");
    fs::write(&article, &shifted).unwrap();
    let (code, matched, _) = with_baseline(root, "newslint-baseline.json", "articles");
    assert_eq!((code, matched), (0, vec![]));

    // One new typo: exactly one finding, the new one.
    let one_more = shifted.replace("thanked the crews.", "thanked the crews.Repairs start in May.");
    fs::write(&article, &one_more).unwrap();
    let (code, matched, _) = with_baseline(root, "newslint-baseline.json", "articles");
    assert_eq!((code, matched), (1, vec!["crews.Repairs".to_string()]));

    // A second copy of a known finding is beyond the recorded count: new.
    let copied = shifted.replace("thanked the crews.", "thanked the crews. Fishers &amp; traders cheered.");
    fs::write(&article, &copied).unwrap();
    let (code, matched, _) = with_baseline(root, "newslint-baseline.json", "articles");
    assert_eq!((code, matched), (1, vec!["&amp;".to_string()]));

    // The baseline is found from another folder too: paths are keyed from its own folder.
    let (code, matched, _) = with_baseline(&root.join("articles"), "../newslint-baseline.json", "harbour.md");
    assert_eq!((code, matched), (1, vec!["&amp;".to_string()]));
}

#[test]
fn fixed_findings_make_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("harbour.md"), ARTICLE).unwrap();
    fs::write(root.join("gone.md"), "It ended.Then it began.\n").unwrap();
    newslint()
        .current_dir(root)
        .args(["check", "--isolated", "--write-baseline", "base.json", "harbour.md", "gone.md"])
        .assert()
        .code(0);
    fs::write(root.join("harbour.md"), ARTICLE.replace("Monday.Boats", "Monday. Boats")).unwrap();
    fs::remove_file(root.join("gone.md")).unwrap();
    let (code, matched, err) = with_baseline(root, "base.json", "harbour.md");
    assert_eq!((code, matched), (0, vec![]));
    assert!(err.contains("stale baseline entry: harbour.md typo/missing-space \"Monday.Boats\""), "{err}");
    assert!(err.contains("stale baseline entry: gone.md typo/missing-space"), "{err}");
    assert!(err.contains("2 stale baseline entries"), "{err}");
    assert!(!err.contains("typo/html-debris"), "the &amp; finding is still there: {err}");
}

#[test]
fn a_broken_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), ARTICLE).unwrap();
    fs::write(dir.path().join("base.json"), "{\"version\": 1, \"entries\": [{\"path\": 3}]}").unwrap();
    let (code, _, err) = with_baseline(dir.path(), "base.json", "a.md");
    assert_eq!(code, 2);
    assert!(err.contains("invalid baseline base.json"), "{err}");
}

/// Standard input named with `--stdin-filename` meets the baseline entries of that file,
/// whether the name is relative, `./`-prefixed or absolute (editors pass absolute paths).
#[test]
fn named_standard_input_is_keyed_as_its_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/a.md"), ARTICLE).unwrap();
    newslint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--write-baseline", "base.json", "sub/a.md"])
        .assert()
        .code(0);
    // `check --baseline` on `text` piped in under `name`.
    let piped = |name: &str, text: String| {
        newslint()
            .current_dir(dir.path())
            .args([
                "check",
                "--isolated",
                "--format",
                "jsonl",
                "--baseline",
                "base.json",
                "--stdin-filename",
                name,
                "-",
            ])
            .write_stdin(text)
            .output()
            .unwrap()
    };
    let absolute = dir.path().join("sub/a.md").display().to_string();
    for name in ["sub/a.md", "./sub/a.md", absolute.as_str()] {
        let out = piped(name, ARTICLE.to_string());
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stdout));
        assert!(out.stdout.is_empty(), "{name}");
    }
    // A new finding in the piped text is still reported.
    let out = piped("sub/a.md", format!("{ARTICLE}\nThe goverment agreed.\n"));
    let matched: Vec<Value> = jsonl(&out.stdout);
    assert_eq!(matched.len(), 1);
    assert_eq!(matched[0]["matched"], "goverment");
}

/// A file named twice (a folder and a file in it, `a.md ./a.md`) is linted once: else the
/// baseline records each finding twice, and a new finding of the same kind hides behind the
/// copy, so the gate passes.
#[test]
fn a_file_named_twice_is_linted_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("arts/sub")).unwrap();
    fs::write(root.join("arts/sub/a.md"), "The talks ended.Nobody spoke.\n").unwrap();
    let out = newslint()
        .current_dir(root)
        .args(["check", "--isolated", "--write-baseline", "b.json", "arts", "arts/sub", "./arts/sub/a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("for 1 finding"), "{}", String::from_utf8_lossy(&out.stderr));
    fs::write(root.join("arts/sub/a.md"), "The talks ended.Nobody spoke.\nThe vote ended.Nobody cheered.\n").unwrap();
    let (code, matched, _) = with_baseline(root, "b.json", "arts");
    assert_eq!((code, matched), (1, vec!["ended.Nobody".to_string()]));
    let out = newslint().current_dir(root).args(["check", "--isolated", "arts/sub/a.md", "arts"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("in 1 file"), "{}", String::from_utf8_lossy(&out.stdout));
}
