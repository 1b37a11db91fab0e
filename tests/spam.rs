//! Spam rules on `fixtures/boilerplate/spam.txt`: injected ad copy between paragraphs is
//! reported; prices, discounts and subscriptions in the news are not.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn spam_lines(text: &str) -> Vec<u64> {
    let out = Command::cargo_bin("newslint")
        .expect("binary")
        .args(["check", "--format", "jsonl", "--exit-zero", "-"])
        .write_stdin(text.to_string())
        .output()
        .expect("run newslint");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["category"] == "spam")
        .filter_map(|v| v["line"].as_u64())
        .collect()
}

#[test]
fn injected_offers_are_reported_once_and_news_prices_are_not() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/boilerplate/spam.txt");
    let text = std::fs::read_to_string(path).expect("fixture");
    // Line 3: scored fragment; line 5: a known injection (one finding, not two).
    assert_eq!(spam_lines(&text), [3, 5]);
}

#[test]
fn the_score_needs_several_signals() {
    let para = "The ministers met for three hours in Geneva on Monday and agreed to meet again next week.";
    let after = "The ministers said the next round would take place in Vienna, with officials from both sides.";
    // Offer wording and an unfinished ending, no words shared with the story: reported.
    assert_eq!(spam_lines(&format!("{para}\n\nsave up to 40% on hosting plans from\n\n{after}\n")), [3]);
    // A price in a finished news sentence about the story: not reported.
    assert!(spam_lines(&format!("{para}\n\nThe talks cost Geneva $2 million, officials said.\n\n{after}\n")).is_empty());
    // The same offer as the first line of a page, not between paragraphs: not a fragment.
    assert!(spam_lines(&format!("save up to 40% on hosting plans from\n\n{para}\n")).is_empty());
}
