//! `--format github`: one workflow command per finding, escaped the way the Actions runner
//! reads them (`%`, CR and LF in the message; also `,` and `:` in properties), and the
//! `--statistics` summary that CI logs show.

use assert_cmd::Command;
use std::fs;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

/// A rule whose message carries `%` (from the matched text) and whose help becomes a second line.
const RULE: &str = r#"
[[rule]]
id = "spam/discount"
category = "spam"
severity = "error"
message = "discount offer: {match}"
help = "delete the offer line"
examples = { fire = ["Save 50% today"], pass = ["Turnout was 50 percent."] }
[rule.check.pattern]
regex = '\d+% today'
"#;

#[test]
fn annotations_are_escaped_for_the_runner() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("offer.toml"), RULE).unwrap();
    fs::create_dir(dir.path().join("desk")).unwrap();
    fs::write(dir.path().join("desk/a,b:c.md"), "Sales news\n\nShoppers can “Save 50% today” at the mall.\n").unwrap();
    let out = newslint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "github", "--rules", "offer.toml", "desk/a,b:c.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        ["::error file=desk/a%2Cb%3Ac.md,line=3,col=20,endLine=3,endColumn=29,title=newslint spam/discount\
             ::discount offer: 50%25 today%0Ahelp: delete the offer line"],
        "{text}"
    );
}

#[test]
fn severities_map_to_error_warning_and_notice() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- newslint-disable-next-line typo -->\nThe council met.\n\nIt ended.Then it began.\n\nPutinâ€™s envoy arrived.\n";
    fs::write(dir.path().join("a.md"), text).unwrap();
    let out = newslint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "github", "a.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let kinds: Vec<&str> = text.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(kinds, ["::notice", "::warning", "::error"], "{text}");
    assert!(text.contains("title=newslint suppression/unused::unused suppression"), "{text}");
    // Lines and columns are 1-based; the end column is one past the last character.
    assert!(text.contains("file=a.md,line=4,col=4,endLine=4,endColumn=14,title=newslint typo/missing-space"), "{text}");
}

#[test]
fn statistics_count_findings_per_rule_most_frequent_first() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "It ended.Then it began.\n\nIt rained.Then it stopped.\n\nTom &amp; Ann.\n")
        .unwrap();
    let out =
        newslint().current_dir(dir.path()).args(["check", "--isolated", "--statistics", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the exit code still gates");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, "2  typo/missing-space  typo         warning\n1  typo/html-debris    typo         warning\n");
    let out = newslint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--statistics", "--format", "json", "a.md"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["rule"], "typo/missing-space");
    assert_eq!(v[0]["count"], 2);
    assert_eq!(v[1]["count"], 1);
}
