//! The workflow examples of README.md are run, so the README sections made from it stay true:
//! `console` blocks run in order in a copy of fixtures/workflow (from its `site` folder) and
//! their output must match (a `...` line stands for any lines, a `...` inside a line for any
//! text); `file=NAME` blocks must equal the fixture of that name, or are written into the copy
//! when there is none; the `newslint` steps of the CI workflow run and must not exit 2.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Block {
    info: String,
    body: String,
    line: usize,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, l) in text.lines().enumerate() {
        match (&mut current, l.strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Block { info: info.trim().to_string(), body: String::new(), line: i + 1 })
            }
            (Some(_), Some("")) => out.extend(current.take()),
            (Some(b), _) => {
                b.body.push_str(l);
                b.body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Runs one shell command as a reader would type it, stderr into stdout.
fn shell(cwd: &Path, cmd: &str) -> (i32, String) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_newslint"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["-c", &format!("{{ {cmd} ; }} 2>&1")])
        .current_dir(cwd)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("PRE_COMMIT")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn line_matches(expected: &str, got: &str) -> bool {
    let parts: Vec<&str> = expected.split("...").collect();
    if parts.len() == 1 {
        return expected == got;
    }
    let mut rest = got;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(p) else { return false };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(p);
        } else {
            let Some(at) = rest.find(p) else { return false };
            rest = &rest[at + p.len()..];
        }
    }
    true
}

/// Expected lines against actual ones; a line that is only `...` matches any run of lines.
fn matches(expected: &[&str], got: &[&str]) -> bool {
    match expected.split_first() {
        None => got.is_empty(),
        Some((&"...", rest)) => (0..=got.len()).any(|k| matches(rest, &got[k..])),
        Some((e, rest)) => got.split_first().is_some_and(|(g, grest)| line_matches(e, g) && matches(rest, grest)),
    }
}

#[test]
fn workflow_docs_examples_run_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("README.md")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root.join("fixtures/workflow"), tmp.path());
    let site = tmp.path().join("site");
    let mut commands = 0;
    let mut ci_steps = 0;
    for b in blocks(&doc) {
        if let Some(name) = b.info.split_whitespace().find_map(|w| w.strip_prefix("file=")) {
            let fixture = root.join("fixtures/workflow/site").join(name);
            if fixture.exists() {
                assert_eq!(
                    fs::read_to_string(&fixture).unwrap(),
                    b.body,
                    "docs line {}: {name} differs from {}",
                    b.line,
                    fixture.display()
                );
            }
            // Run the `newslint` steps of a CI workflow.
            for l in b.body.lines() {
                if let Some(cmd) = l.trim().strip_prefix("run: newslint ") {
                    let (code, out) = shell(&site, &format!("newslint {cmd}"));
                    assert!(code == 0 || code == 1, "docs line {}: `newslint {cmd}` exited {code}:\n{out}", b.line);
                    ci_steps += 1;
                }
            }
            continue;
        }
        if b.info != "console" {
            continue;
        }
        // Split into (command, expected output) pairs.
        let mut pairs: Vec<(String, Vec<&str>)> = Vec::new();
        for l in b.body.lines() {
            match l.strip_prefix("$ ") {
                Some(cmd) => pairs.push((cmd.to_string(), Vec::new())),
                None => pairs.last_mut().expect("a console block starts with `$ `").1.push(l),
            }
        }
        for (cmd, expected) in pairs {
            let (code, out) = shell(&site, &cmd);
            assert!(code == 0 || code == 1, "docs line {}: `{cmd}` exited {code}:\n{out}", b.line);
            let got: Vec<&str> = out.lines().map(str::trim_end).collect();
            let want: Vec<&str> = expected.iter().map(|l| l.trim_end()).collect();
            assert!(
                matches(&want, &got),
                "docs line {}: `{cmd}` printed:\n{}\n--- but the docs show:\n{}",
                b.line,
                got.join("\n"),
                want.join("\n")
            );
            commands += 1;
        }
    }
    assert!(commands >= 8, "only {commands} commands found in the docs");
    assert_eq!(ci_steps, 2, "the CI workflow's newslint steps");
    // The SARIF file written by the docs' example is one JSON document.
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("newslint.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn the_matcher_needs_the_lines_it_is_shown() {
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "d"], &["a", "d"]));
    assert!(!matches(&["a", "...", "d"], &["a", "b"]));
    assert!(!matches(&["a"], &["a", "b"]));
    assert!(line_matches("x = [\"a\", ..., \"z\"]", "x = [\"a\", \"b\", \"z\"]"));
    assert!(!line_matches("x = [\"a\", ..., \"z\"]", "x = [\"b\", \"z\"]"));
}
