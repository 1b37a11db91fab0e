//! Boilerplate rules on the fixtures in `fixtures/boilerplate/`: each family fires on its
//! defect and stays silent on the near-miss written next to it, blocks are reported once,
//! and the unsafe fix deletes exactly the reported lines.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/boilerplate").join(name)
}

/// (first line, last line, rule) of every finding, 1-based lines.
fn findings(name: &str) -> Vec<(u64, u64, String)> {
    let out = Command::cargo_bin("newslint")
        .expect("binary")
        .args(["check", "--format", "jsonl", "--exit-zero"])
        .arg(fixture(name))
        .output()
        .expect("run newslint");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| {
            (
                v["line"].as_u64().unwrap_or(0),
                v["end_line"].as_u64().unwrap_or(0),
                v["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn ours(f: &[(u64, u64, String)]) -> Vec<(u64, u64, String)> {
    f.iter().filter(|(_, _, r)| r.starts_with("boilerplate/") || r.starts_with("spam/")).cloned().collect()
}

/// The findings of `rule` that cover `line`.
fn at(f: &[(u64, u64, String)], line: u64, rule: &str) -> usize {
    f.iter().filter(|(a, z, r)| *a <= line && line <= *z && r == rule).count()
}

fn covered(f: &[(u64, u64, String)], line: u64) -> bool {
    ours(f).iter().any(|(a, z, _)| *a <= line && line <= *z)
}

#[test]
fn extracted_article_with_subheads_and_a_list_is_clean() {
    let f = findings("article.txt");
    assert!(ours(&f).is_empty(), "{f:?}");
}

#[test]
fn scraped_page_furniture_is_reported_as_blocks() {
    let f = findings("page.txt");
    // Navigation before the headline: one block, not one finding per menu line.
    assert_eq!(at(&f, 1, "boilerplate/page-header"), 1, "{f:?}");
    assert!(f.iter().any(|(a, z, r)| *a == 1 && *z == 11 && r == "boilerplate/page-header"), "{f:?}");
    assert_eq!(ours(&f).iter().filter(|(a, _, _)| *a <= 11).count(), 1, "menu reported twice: {f:?}");
    // The headline is kept; byline, date and photo credit under it are furniture.
    assert!(!covered(&f, 12), "headline flagged: {f:?}");
    assert!((13..=15).all(|l| covered(&f, l)), "{f:?}");
    assert_eq!(at(&f, 18, "boilerplate/related-link"), 1, "{f:?}");
    // The list the article introduces with a colon is content.
    assert!((20..=23).all(|l| !covered(&f, l)), "article list flagged: {f:?}");
    assert_eq!(at(&f, 25, "boilerplate/comment-prompt"), 1, "{f:?}");
    // Share bar, related links and footer after the article: one block.
    assert!(f.iter().any(|(a, z, r)| *a == 26 && *z == 34 && r == "boilerplate/page-footer"), "{f:?}");
    assert_eq!(ours(&f).iter().filter(|(a, _, _)| *a >= 26).count(), 1, "{f:?}");
}

#[test]
fn labels_counters_toc_and_tags() {
    let f = findings("labels.txt");
    assert!(f.iter().any(|(a, z, r)| *a == 1 && *z == 4 && r == "boilerplate/table-of-contents"), "{f:?}");
    assert!(!covered(&f, 5), "headline after the table of contents flagged: {f:?}");
    assert_eq!(at(&f, 6, "boilerplate/author-placeholder"), 1);
    assert_eq!(at(&f, 7, "boilerplate/empty-label"), 1);
    assert_eq!(at(&f, 8, "boilerplate/byline-counter"), 1);
    // Two counter lines, one finding.
    assert!(f.iter().any(|(a, z, r)| *a == 9 && *z == 10 && r == "boilerplate/counter-line"), "{f:?}");
    assert_eq!(at(&f, 15, "boilerplate/source-link"), 1);
    assert_eq!(at(&f, 16, "boilerplate/tag-list"), 1);
    // Near-misses: "admin staff" in a sentence, a sentence listing names, views in a sentence.
    for line in 11..=14 {
        assert!(!covered(&f, line), "line {line} flagged: {f:?}");
    }
}

#[test]
fn calls_to_action_depend_on_position_and_subject() {
    let f = findings("prompts.txt");
    assert_eq!(at(&f, 2, "boilerplate/cookie-notice"), 1, "{f:?}");
    // A paragraph about cookie banners quotes one: the subject, not a banner.
    assert!(!covered(&f, 3) && !covered(&f, 4), "{f:?}");
    // Subscribers and unsubscribing as news.
    assert!(!covered(&f, 5), "{f:?}");
    assert_eq!(at(&f, 6, "boilerplate/newsletter-prompt"), 1, "{f:?}");
    assert!(!covered(&f, 7), "{f:?}");
    assert_eq!(at(&f, 8, "boilerplate/social-prompt"), 1, "{f:?}");
    assert_eq!(at(&f, 9, "boilerplate/social-prompt"), 1, "{f:?}");
    assert_eq!(at(&f, 10, "boilerplate/click-here"), 1, "{f:?}");
    assert!(!covered(&f, 11), "{f:?}");
}

#[test]
fn a_prompt_closing_a_paragraph_is_reported_alone() {
    let text = std::fs::read_to_string(fixture("prompts.txt")).expect("fixture");
    let out = Command::cargo_bin("newslint")
        .expect("binary")
        .args(["check", "--format", "jsonl", "--exit-zero", "-"])
        .write_stdin(text)
        .output()
        .expect("run newslint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let social: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["rule"] == "boilerplate/social-prompt" && v["line"] == 8)
        .collect();
    assert_eq!(social.len(), 1, "{stdout}");
    assert_eq!(social[0]["matched"], "Let us know on social media using #CookieWatch.");
}

#[test]
fn unsafe_fix_deletes_the_reported_lines_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("labels.txt");
    std::fs::copy(fixture("labels.txt"), &path).expect("copy");
    Command::cargo_bin("newslint")
        .expect("binary")
        .args(["check", "--fix", "--unsafe-fixes", "--exit-zero"])
        .arg(&path)
        .assert()
        .success();
    let fixed = std::fs::read_to_string(&path).expect("read");
    for gone in
        ["Table of Contents", "- The vote", "Admin\n", "Updated on:", "57 views", "Source link", "Council,Town Centre"]
    {
        assert!(!fixed.contains(gone), "{gone:?} left in:\n{fixed}");
    }
    assert!(!fixed.lines().any(|l| l.trim() == "0" || l.trim() == "1"), "{fixed}");
    for kept in ["Council Votes To Close Harbour Bridge", "The admin staff", "Councillors Ann Lee", "12,000 views"] {
        assert!(fixed.contains(kept), "{kept:?} removed:\n{fixed}");
    }
}

#[test]
fn boilerplate_and_spam_rule_examples_behave() {
    let engine = newslint::Engine::default_rules().expect("default rules");
    let ours: Vec<usize> = engine
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.category.as_str(), "boilerplate" | "spam"))
        .map(|(i, _)| i)
        .collect();
    let (count, failures) = engine.test_examples(Some(&ours));
    assert!(count > 50, "only {count} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
