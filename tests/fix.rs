//! `--fix`, `--unsafe-fixes` and `--diff` on real files in a temporary folder: the fixed text
//! is what a person would write, a second run changes nothing, a file with nothing to fix is
//! never rewritten, permissions are kept, and a write that fails leaves the original whole.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    // Stderr is parsed: no timing table in it unless a test asks.
    c.env("NO_COLOR", "1").env_remove("NEWSLINT_TIMING");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/typo").join(name)
}

fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    fs::copy(fixture(name), &p).unwrap();
    p
}

/// Runs `check` with `args` on `path`; returns the exit code (usage and I/O errors are 2).
fn run(args: &[&str], path: &Path) -> i32 {
    newslint().arg("check").args(args).arg(path).output().unwrap().status.code().unwrap_or(-1)
}

fn findings(path: &Path) -> Vec<Value> {
    let out = newslint().args(["check", "--format", "jsonl"]).arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Modification time and, on Unix, the inode: a rename-based rewrite changes the inode.
fn identity(p: &Path) -> (std::time::SystemTime, u64) {
    let m = fs::metadata(p).unwrap();
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    (m.modified().unwrap(), ino)
}

#[test]
fn safe_fixes_give_the_expected_text_and_a_second_run_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let p = copy_fixture(dir.path(), "defects.txt");
    assert_ne!(run(&["--fix"], &p), 2);
    assert_eq!(fs::read_to_string(&p).unwrap(), fs::read_to_string(fixture("defects.fixed-safe.expected")).unwrap());
    // Fixed output lints clean for every rule that had a safe fix.
    let left: Vec<String> = findings(&p)
        .iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .map(|f| format!("{} {}", f["rule"], f["matched"]))
        .collect();
    assert!(left.is_empty(), "safe fixes left after --fix: {left:?}");
    let before = identity(&p);
    run(&["--fix"], &p);
    assert_eq!(identity(&p), before, "a second --fix must not rewrite the file");
}

#[test]
fn unsafe_fixes_go_further_and_are_stable_too() {
    let dir = tempfile::tempdir().unwrap();
    let p = copy_fixture(dir.path(), "defects.txt");
    run(&["--fix", "--unsafe-fixes"], &p);
    assert_eq!(fs::read_to_string(&p).unwrap(), fs::read_to_string(fixture("defects.fixed-unsafe.expected")).unwrap());
    let left: Vec<Value> = findings(&p).into_iter().filter(|f| !f["fix"].is_null()).collect();
    assert!(left.is_empty(), "fixes left after --fix --unsafe-fixes: {left:?}");
    let before = identity(&p);
    run(&["--fix", "--unsafe-fixes"], &p);
    assert_eq!(identity(&p), before);
}

#[test]
fn diff_prints_a_patch_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    let text = "Title\n\nThe talks ended,officials said. The goverment left.\nNothing else.\n";
    fs::write(&p, text).unwrap();
    let before = identity(&p);
    let out = newslint().args(["check", "--diff"]).arg(&p).output().unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("--- a/") && diff.contains("+++ b/"), "{diff}");
    assert!(diff.contains("\n-The talks ended,officials said. The goverment left.\n"), "{diff}");
    assert!(diff.contains("\n+The talks ended, officials said. The government left.\n"), "{diff}");
    assert!(!diff.contains("+Nothing else."), "only changed lines and context: {diff}");
    assert_eq!(fs::read_to_string(&p).unwrap(), text);
    assert_eq!(identity(&p), before);
    // Nothing to fix: no diff at all.
    let clean = dir.path().join("clean.txt");
    fs::write(&clean, "The talks ended, officials said.\n").unwrap();
    let out = newslint().args(["check", "--diff"]).arg(&clean).output().unwrap();
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_with_nothing_to_fix_is_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    // Findings without a fix (an unclosed quotation) and no findings at all.
    let quote = dir.path().join("quote.txt");
    fs::write(&quote, "The mayor said: “We will rebuild the bridge by spring.\n").unwrap();
    let clean = copy_fixture(dir.path(), "near-misses.txt");
    for p in [&quote, &clean] {
        let before = identity(p);
        run(&["--fix", "--unsafe-fixes"], p);
        assert_eq!(identity(p), before, "{} was rewritten", p.display());
    }
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let out =
        newslint().args(["check", "--fix", "-"]).write_stdin("The talks ended,Ana Silva said.\n").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "The talks ended, Ana Silva said.\n");
    assert_eq!(out.status.code(), Some(0), "nothing is left to report");

    // What fixing leaves is shown on stderr and counted, as for a file: stdout stays the text.
    let left = |format: &str| {
        let out = newslint()
            .args(["check", "--fix", "--format", format, "-"])
            .write_stdin("The talks ended,Ana Silva said, analysts say.\n")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "The talks ended, Ana Silva said, analysts say.\n");
        assert_eq!(out.status.code(), Some(1), "{format}: a warning is left");
        String::from_utf8(out.stderr).unwrap()
    };
    // Every format shows it; people's formats with the summary.
    for format in ["human", "concise", "jsonl"] {
        let err = left(format);
        let people = format != "jsonl";
        assert_eq!(err.contains("0 errors, 1 warning, 0 infos in 1 file"), people, "{format}: {err}");
        assert!(err.contains("attribution/vague-authority"), "{format}: {err}");
    }
    // Machine formats put a whole document there, which parses as it does on stdout.
    let rule_of = |v: &Value| v["rule"].as_str().unwrap().to_string();
    let jsonl: Vec<String> = left("jsonl").lines().map(|l| rule_of(&serde_json::from_str(l).unwrap())).collect();
    assert_eq!(jsonl, ["attribution/vague-authority"]);
    let json: Value = serde_json::from_str(&left("json")).unwrap();
    assert_eq!(json.as_array().unwrap().iter().map(rule_of).collect::<Vec<_>>(), jsonl);
    let sarif: Value = serde_json::from_str(&left("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect::<Vec<_>>(), jsonl);
    assert!(left("github").starts_with("::warning file=<stdin>,line=1,"), "{}", left("github"));
}

/// Classic Mac OS line ends (a lone CR) are line ends: each line is reported on its own line
/// number, and fixing keeps every CR it does not delete (a file, a diff, standard input).
#[test]
fn lone_carriage_returns_are_line_ends_and_survive_fixing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Admin\rThe talks ended,Ana Silva said.\rThe goverment agreed.\r";
    let p = dir.path().join("mac.txt");
    fs::write(&p, text).unwrap();
    let lines: Vec<(String, u64)> =
        findings(&p).iter().map(|f| (f["rule"].as_str().unwrap().into(), f["line"].as_u64().unwrap())).collect();
    assert_eq!(
        lines,
        [
            ("boilerplate/author-placeholder".into(), 1),
            ("typo/missing-space".into(), 2),
            ("typo/misspelling".into(), 3)
        ]
    );
    let diff = newslint().args(["check", "--diff"]).arg(&p).output().unwrap();
    assert!(String::from_utf8_lossy(&diff.stdout).contains("+The talks ended, Ana Silva said.\r"));
    assert_eq!(fs::read_to_string(&p).unwrap(), text, "--diff writes nothing");
    let out = newslint().args(["check", "--fix", "-"]).write_stdin(text).output().unwrap();
    let safe = "Admin\rThe talks ended, Ana Silva said.\rThe government agreed.\r";
    assert_eq!(String::from_utf8_lossy(&out.stdout), safe);
    // The unsafe fix deletes the placeholder line with its CR.
    assert_ne!(run(&["--fix", "--unsafe-fixes"], &p), 2);
    assert_eq!(fs::read_to_string(&p).unwrap(), &safe["Admin\r".len()..]);
    let before = identity(&p);
    run(&["--fix", "--unsafe-fixes"], &p);
    assert_eq!(identity(&p), before, "a second --fix must not rewrite the file");
}

/// Fixed standard input fills stdout, so it is not fixed beside other inputs, whose findings
/// would be written into it.
#[test]
fn standard_input_is_fixed_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    fs::write(&p, "The talks ended,officials said.\n").unwrap();
    let out = newslint().args(["check", "--fix", "-"]).arg(&p).write_stdin("The vote,they said.\n").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("fix standard input alone"));
    assert_eq!(fs::read_to_string(&p).unwrap(), "The talks ended,officials said.\n", "nothing fixed");
    // A patch of both is fine.
    let out = newslint().args(["check", "--diff", "-"]).arg(&p).write_stdin("The vote,they said.\n").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).matches("+++ b/").count(), 2);
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = copy_fixture(dir.path(), "defects.txt");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    run(&["--fix"], &p);
    assert_ne!(fs::read_to_string(&p).unwrap(), fs::read_to_string(fixture("defects.txt")).unwrap());
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
}

/// Text well over the size limit the write tests set, with a fix on every line.
fn long_defective_text() -> String {
    "The talks ended,officials said on Monday after a long day of meetings.\n".repeat(200)
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".newslint-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_original_and_no_temporary_file() {
    // The file-size limit makes the write of the temporary file fail halfway (EFBIG), which
    // works for every user, root included.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    let text = long_defective_text();
    fs::write(&p, &text).unwrap();
    let out = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 4; trap '' XFSZ; exec \"$0\" check --fix --format jsonl \"$1\""])
        .arg(env!("CARGO_BIN_EXE_newslint"))
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a failed write is an error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write fixes"));
    assert_eq!(fs::read_to_string(&p).unwrap(), text, "the original survives");
    assert!(temp_files(dir.path()).is_empty(), "the temporary file is removed");
    // The findings still in the file are reported beside the error, as a plain check finds them.
    let reported: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(reported.len(), findings(&p).len());
    assert!(reported.iter().any(|f| f["rule"] == "typo/missing-space"));
}

#[cfg(unix)]
#[test]
fn killed_mid_write_leaves_the_original() {
    // Without the signal ignored, passing the size limit kills the process in the middle of
    // writing: the rename never happens, so the original is untouched.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    let text = long_defective_text();
    fs::write(&p, &text).unwrap();
    let out = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 4; exec \"$0\" check --fix \"$1\""])
        .arg(env!("CARGO_BIN_EXE_newslint"))
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), None, "killed by a signal");
    assert_eq!(fs::read_to_string(&p).unwrap(), text, "the original survives");
}

/// Ctrl-C in the middle of fixing a folder: every file is either fixed whole or untouched,
/// no temporary file is left, the files not reached are named by count, and the exit status
/// is the shell's for SIGINT (130), not a death by signal.
#[cfg(unix)]
#[test]
fn interrupted_fix_leaves_whole_files_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The goverment met on Monday.\n\nIt was a bold move,U.S. officials said.\n";
    let fixed = "The government met on Monday.\n\nIt was a bold move, U.S. officials said.\n";
    // Enough files that the run cannot end between the first fixed file and the signal:
    // each write is synced to disk.
    let names: Vec<String> = (0..3000).map(|i| format!("a{i:04}.md")).collect();
    for n in &names {
        fs::write(dir.path().join(n), text).unwrap();
    }
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_newslint"))
        .args(["check", "--fix", "--isolated", "--exit-zero", "-j", "2", "."])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The handler is in place before the first file is checked, so once one is fixed.
    let first = dir.path().join(&names[0]);
    let started = std::time::Instant::now();
    while fs::read_to_string(&first).unwrap() == text {
        assert!(started.elapsed().as_secs() < 60, "no file was fixed");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // SAFETY: a signal to our own child, still running (not yet waited for).
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(temp_files(dir.path()).is_empty(), "no temporary file left");
    let contents: Vec<String> = names.iter().map(|n| fs::read_to_string(dir.path().join(n)).unwrap()).collect();
    assert!(contents.iter().all(|c| c == text || c == fixed), "every file is whole");
    let untouched = contents.iter().filter(|c| *c == text).count();
    assert!(untouched > 0, "the run stopped early");
    assert!(stderr.contains(&format!("interrupted; {untouched} file(s) not checked")), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_an_error_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    let p = sub.join("a.txt");
    let text = "The talks ended,officials said.\n";
    fs::write(&p, text).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(sub.join("probe"), "").is_ok() {
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user can write to read-only folders (root); the size-limit tests cover it");
        return;
    }
    let code = run(&["--fix"], &p);
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2);
    assert_eq!(fs::read_to_string(&p).unwrap(), text);
}

/// A file without write permission is not replaced (the rename would have done it, even for
/// a user who may not write to it): an error, and the file as it was.
#[cfg(unix)]
#[test]
fn a_read_only_file_is_an_error_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    let text = "The talks ended,officials said.\n";
    fs::write(&p, text).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let out = newslint().args(["check", "--fix"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write fixes: the file is read-only"));
    assert_eq!(fs::read_to_string(&p).unwrap(), text);
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o444);
}

#[test]
fn seeds_fix_round_trip() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: {} not found (the acceptance material lives beside the repository)", seeds.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for e in fs::read_dir(&seeds).unwrap() {
        let src = e.unwrap().path();
        let p = dir.path().join(src.file_name().unwrap());
        fs::copy(&src, &p).unwrap();
        // The copy keeps the seed's mode, and the seeds are read-only.
        let mut perm = fs::metadata(&p).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perm.set_readonly(false);
        fs::set_permissions(&p, perm).unwrap();
        files.push(p);
    }
    for unsafe_fixes in [false, true] {
        let args: &[&str] = if unsafe_fixes { &["--fix", "--unsafe-fixes"] } else { &["--fix"] };
        let code = newslint().arg("check").args(args).arg(dir.path()).output().unwrap().status.code();
        assert_ne!(code, Some(2));
        for p in &files {
            let left: Vec<String> = findings(p)
                .iter()
                .filter(|f| !f["fix"].is_null() && (unsafe_fixes || f["fix"]["applicability"] == "safe"))
                .map(|f| format!("{} {}", f["rule"], f["matched"]))
                .collect();
            assert!(left.is_empty(), "{}: fixes left after {args:?}: {left:?}", p.display());
        }
        let before: Vec<_> = files.iter().map(|p| identity(p)).collect();
        newslint().arg("check").args(args).arg(dir.path()).output().unwrap();
        let after: Vec<_> = files.iter().map(|p| identity(p)).collect();
        assert_eq!(before, after, "a second {args:?} rewrote a seed");
    }
}

/// Calls of `rule` in the `NEWSLINT_TIMING=all` table on stderr.
fn calls(stderr: &[u8], rule: &str) -> usize {
    let err = String::from_utf8_lossy(stderr);
    let row =
        err.lines().find(|l| l.starts_with(&format!("{rule} "))).unwrap_or_else(|| panic!("no {rule} row:\n{err}"));
    row.split('|').nth(3).and_then(|c| c.trim().parse().ok()).unwrap_or_else(|| panic!("bad row {row}"))
}

/// `--fix` reports what the fixed text still holds from the fix loop's last round, which
/// found nothing more to fix, instead of linting the same text again: a round per text it
/// lints, and the same findings a fresh `check` of the fixed file gives.
#[test]
fn fixing_lints_each_text_once_and_reports_what_a_fresh_check_finds() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    fs::write(&p, "Title\n\nThe talks ended,officials said. “They left.\n").unwrap();
    let fix = |p: &Path| {
        newslint().env("NEWSLINT_TIMING", "all").args(["check", "--format", "jsonl", "--fix"]).arg(p).output().unwrap()
    };
    let out = fix(&p);
    assert_eq!(fs::read_to_string(&p).unwrap(), "Title\n\nThe talks ended, officials said. “They left.\n");
    assert_eq!(calls(&out.stderr, "typo/missing-space"), 2, "the text with the defect, then the fixed text");
    let reported: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(reported.iter().any(|f| f["rule"] == "typo/unbalanced-quote"), "{reported:?}");
    assert_eq!(reported, findings(&p), "what --fix reports is what a fresh check finds");
    assert_eq!(out.status.code(), Some(1), "a warning is left");
    // Nothing (more) to fix: one round.
    let again = fix(&p);
    assert_eq!(calls(&again.stderr, "typo/missing-space"), 1);
    assert_eq!(String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&out.stdout));
}

/// Each fixed file is named on stderr in the order the files are linted (paths sorted), not
/// in the order parallel workers happen to finish them.
#[test]
fn fixed_files_are_named_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    // More files than a worker takes at once, the first of them long: the second worker
    // finishes its share before the first file is done.
    let names: Vec<String> = (0..70).map(|i| format!("page{i:02}.txt")).collect();
    for (i, n) in names.iter().enumerate() {
        let body = "The vote was close, officials said.\n".repeat(if i == 0 { 8_000 } else { 1 });
        fs::write(dir.path().join(n), format!("Title\n\nThe talks ended,officials said.\n{body}")).unwrap();
    }
    let out = newslint().args(["check", "--fix", "--exit-zero", "-j", "2"]).arg(dir.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let fixed: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("fixed 1 finding(s) in "))
        .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
        .collect();
    assert_eq!(fixed, names, "{err}");
}

/// An escaped apostrophe entity is one defect (typo/html-debris), not also a missing space
/// inside it: fixing gives the apostrophe with no space after it.
#[test]
fn an_entity_is_fixed_without_a_space_inside_it() {
    let out = newslint()
        .args(["check", "--fix", "-"])
        .write_stdin("The new model is good and it&amp;#8217;s ready for the shops, the maker said.\n")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "The new model is good and it\u{2019}s ready for the shops, the maker said.\n"
    );
}
