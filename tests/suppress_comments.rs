//! Inline suppressions: `disable`/`enable` ranges, `disable-next-line`, `disable-line`, an
//! unused suppression reported as info, an unknown rule name reported, and `--fix` leaving
//! suppressed text alone.

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

fn fixture() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/workflow/suppress/campaign.md")).unwrap()
}

/// (rule, severity, matched) of each finding of `text`, linted with no config.
fn lint(dir: &Path, text: &str, extra: &[&str]) -> (i32, Vec<(String, String, String)>) {
    fs::write(dir.join("a.md"), text).unwrap();
    let out =
        newslint().current_dir(dir).args(["check", "--format", "jsonl"]).args(extra).arg("a.md").output().unwrap();
    let f = jsonl(&out.stdout)
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("rule"), s("severity"), s("matched"))
        })
        .collect();
    (out.status.code().unwrap(), f)
}

fn t(rule: &str, severity: &str, matched: &str) -> (String, String, String) {
    (rule.into(), severity.into(), matched.into())
}

#[test]
fn ranges_and_next_line_silence_and_an_unused_comment_is_info() {
    let dir = tempfile::tempdir().unwrap();
    let (code, got) = lint(dir.path(), &fixture(), &["--isolated"]);
    assert_eq!(
        got,
        [t("typo/missing-space", "warning", "Monday.Nobody"), t("suppression/unused", "info", "spam")],
        "only the unsuppressed typo and the comment that silenced nothing"
    );
    assert_eq!(code, 1);
    // Without the comments every joined sentence is reported.
    let bare: String = fixture().lines().filter(|l| !l.starts_with("<!--")).map(|l| format!("{l}\n")).collect();
    let (_, got) = lint(dir.path(), &bare, &["--isolated"]);
    assert_eq!(got.iter().filter(|f| f.0 == "typo/missing-space").count(), 3, "{got:?}");
}

#[test]
fn an_unused_suppression_alone_does_not_fail_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- newslint-disable-next-line typo -->\nThe council met on Monday.\n";
    let (code, got) = lint(dir.path(), text, &["--isolated"]);
    assert_eq!(got, [t("suppression/unused", "info", "typo")]);
    assert_eq!(code, 0);
    let (code, _) = lint(dir.path(), text, &["--isolated", "--fail-on", "info"]);
    assert_eq!(code, 1);
    // The report is a rule like any other: it can be ignored.
    let (_, got) = lint(dir.path(), text, &["--isolated", "--ignore", "suppression/unused"]);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_bare_comment_covers_all_rules_and_disable_line_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- newslint-disable-next-line -->\nIt ended.Then &amp; after.\n\n\
                It ended.Then again. <!-- newslint-disable-line typo/missing-space -->\n\nIt ended.Then once more.\n";
    let (_, got) = lint(dir.path(), text, &["--isolated"]);
    assert_eq!(got, [t("typo/missing-space", "warning", "ended.Then")]);
    assert_eq!(got.len(), 1);
}

#[test]
fn an_unknown_rule_in_a_comment_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- newslint-disable-next-line typo/mising-space, typo/missing-space -->\nIt ended.Then it began.\n";
    let (code, got) = lint(dir.path(), text, &["--isolated"]);
    assert_eq!(got, [t("suppression/unknown-rule", "warning", "typo/mising-space")]);
    assert_eq!(code, 1);
}

#[test]
fn an_open_disable_runs_to_the_end_and_enable_closes_only_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- newslint-disable typo/missing-space -->\n<!-- newslint-disable typo/html-debris -->\n\
                A &amp; B.Then.\n<!-- newslint-enable typo/html-debris -->\nC &amp; D.Then.\n";
    let (_, got) = lint(dir.path(), text, &["--isolated"]);
    assert_eq!(got, [t("typo/html-debris", "warning", "&amp;")]);
}

#[test]
fn fix_leaves_suppressed_text_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), fixture()).unwrap();
    newslint().current_dir(dir.path()).args(["check", "--isolated", "--fix", "a.md"]).assert().code(0);
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(fixed.contains("Vote early.Vote often."), "suppressed by the next-line comment:\n{fixed}");
    assert!(fixed.contains("by hand.Some were"), "suppressed by the range:\n{fixed}");
    assert!(fixed.contains("on Monday. Nobody objected"), "not suppressed, so fixed:\n{fixed}");
}

/// A comment at the end of a line is not part of the line: a whole-line rule still sees
/// "Source link" and the comment silences it (it was reported as unused, and deleting it
/// brought the finding back). A comment on a line of its own is not the headline.
#[test]
fn comments_are_not_part_of_the_line_they_sit_on() {
    let dir = tempfile::tempdir().unwrap();
    let body = "The strike ended on Wednesday after ministers stepped in to end the long dispute.\n";
    let (code, found) =
        lint(dir.path(), &format!("{body}Source link <!-- newslint-disable-line boilerplate/source-link -->\n"), &[]);
    assert_eq!((code, found), (0, vec![]));
    let (_, found) = lint(dir.path(), &format!("{body}Source link\n"), &[]);
    assert_eq!(found, [t("boilerplate/source-link", "warning", "Source link")]);
    let headline = "Council Votes To Close The Old Bridge\n";
    let text = format!("<!-- newslint-disable-next-line typo -->\n{headline}{headline}\n{body}");
    let (_, found) = lint(dir.path(), &text, &["--select", "duplicate"]);
    assert_eq!(found, [t("duplicate/repeated-headline", "error", headline.trim())]);
}

/// `enable typo` ends `disable typo/missing-space` (it stayed in force to the end of the
/// file); `enable typo/missing-space` inside `disable typo` turns that rule back on only.
#[test]
fn enable_ends_what_it_covers_and_narrows_a_wider_disable() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- newslint-disable typo/missing-space -->\nThe plan was ready.Officials agreed.\n\
                <!-- newslint-enable typo -->\nThe vote was held.Members left.\n\n\
                <!-- newslint-disable typo -->\nThe hall was full.Teh doors shut.\n\
                <!-- newslint-enable typo/missing-space -->\nThe talks ended.Teh crowd left.\n";
    let (_, found) = lint(dir.path(), text, &["--select", "typo,suppression"]);
    assert_eq!(
        found,
        [t("typo/missing-space", "warning", "held.Members"), t("typo/missing-space", "warning", "ended.Teh")]
    );
    let (_, found) = lint(dir.path(), "Plain text.\n<!-- newslint-enable typo -->\n", &[]);
    assert_eq!(found, [t("suppression/unused", "info", "typo")]);
}
