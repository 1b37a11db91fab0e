//! The duplicate rules on the articles in fixtures/duplicate/, through the real binary:
//! each kind of repeat, and the near-misses that must stay silent (a table of contents, a
//! questionnaire, two paragraphs on the same facts that are not copies).

use assert_cmd::Command;
use newslint::{fix::fix_text, Engine};
use serde_json::Value;
use std::path::Path;

fn fixture(name: &str) -> String {
    format!("fixtures/duplicate/{name}")
}

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("newslint").unwrap().args(args).arg("--exit-zero").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The duplicate findings of one file, as the JSON Lines contract prints them.
fn duplicates(path: &str) -> Vec<Value> {
    run(&["check", "--format", "jsonl", path])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["category"] == "duplicate")
        .collect()
}

fn one(path: &str) -> Value {
    let found = duplicates(path);
    assert_eq!(found.len(), 1, "expected one duplicate finding in {path}: {found:#?}");
    found.into_iter().next().unwrap()
}

/// (rule name without category, line, line of the "first printed here" label)
fn summary(v: &Value) -> (String, u64, u64) {
    let rule = v["rule"].as_str().unwrap().trim_start_matches("duplicate/").to_string();
    let label = &v["labels"][0];
    assert_eq!(label["message"], "first printed here");
    (rule, v["line"].as_u64().unwrap(), label["line"].as_u64().unwrap())
}

/// The text after applying every fix, unsafe ones included.
fn fixed(path: &str) -> String {
    let engine = Engine::default_rules().unwrap_or_else(|_| panic!("default rules load"));
    let text = std::fs::read_to_string(path).unwrap();
    // Only the duplicate fixes: other rules' fixes are not what these tests are about.
    let mut engine = engine;
    for (i, r) in engine.rules.iter().enumerate() {
        engine.enabled[i] = r.category == "duplicate";
    }
    fix_text(&engine, path, &text, true).0
}

fn without_lines(path: &str, drop: std::ops::RangeInclusive<usize>) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().enumerate().filter(|(i, _)| !drop.contains(&(i + 1))).map(|(_, l)| format!("{l}\n")).collect()
}

#[test]
fn headline_printed_again_is_an_error_pointing_at_the_first_copy() {
    // Curly quotes and capitals in one copy, straight quotes in the other.
    let path = fixture("headline.txt");
    let f = one(&path);
    assert_eq!(summary(&f), ("repeated-headline".into(), 3, 1));
    assert_eq!(f["severity"], "error");
    assert_eq!(f["fix"]["applicability"], "unsafe");
    assert_eq!(fixed(&path), without_lines(&path, 3..=3));
}

#[test]
fn copied_paragraph_and_heading_point_at_their_first_copy() {
    let found: Vec<_> = duplicates(&fixture("exact.txt")).iter().map(summary).collect();
    // Line 7 starts like line 3 but is another lane: not a copy.
    assert_eq!(found, [("repeated-block".into(), 6, 3), ("repeated-block".into(), 8, 4)]);
}

#[test]
fn long_sentence_repeated_in_another_paragraph() {
    let f = one(&fixture("sentence.txt"));
    assert_eq!(summary(&f), ("repeated-sentence".into(), 4, 2));
    assert!(f["matched"].as_str().unwrap().contains("parish registers was lost"));
    let path = fixture("sentence.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let line4 = text.lines().nth(3).unwrap();
    let expected = text.replace(line4, "Okafor thanked the volunteers at the reopening ceremony.");
    assert_eq!(fixed(&path), expected);
}

#[test]
fn lightly_edited_copy_is_one_near_duplicate_finding() {
    // The edited copy is also a reworded one; only the more specific finding is shown.
    let f = one(&fixture("near.txt"));
    assert_eq!(summary(&f), ("near-duplicate".into(), 5, 2));
    assert_eq!(f["severity"], "warning");
    assert!(f["notes"][0].as_str().unwrap().starts_with("similarity "));
}

#[test]
fn reworded_copy_is_reported_at_info_and_a_related_paragraph_is_not() {
    // Line 5 names the same company and route but says something else.
    let f = one(&fixture("reworded.txt"));
    assert_eq!(summary(&f), ("reworded-paragraph".into(), 6, 2));
    assert_eq!(f["severity"], "info");
}

#[test]
fn reworded_section_is_one_finding_over_the_later_copy() {
    let path = fixture("section.txt");
    let f = one(&path);
    assert_eq!(summary(&f), ("repeated-section".into(), 10, 1));
    assert_eq!(f["end_line"], 21);
    assert_eq!(f["severity"], "error");
    let text = std::fs::read_to_string(&path).unwrap();
    let label_end = f["labels"][0]["end"].as_u64().unwrap() as usize;
    assert_eq!(text[..label_end].lines().count(), 9, "the label spans the whole first copy");
    assert!(f["notes"][0].as_str().unwrap().contains("mean similarity"));
    assert_eq!(fixed(&path), without_lines(&path, 10..=21));
}

#[test]
fn section_finding_as_people_read_it() {
    let out = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        "rules/duplicate.toml",
        "--color",
        "never",
        &fixture("section.txt"),
    ]);
    insta::assert_snapshot!("section_human", out);
}

/// A breadcrumb run into the headline ("HomeLocal NewsRiver Council …") above the headline:
/// the breadcrumb is the stray copy, reported and deleted by the fix; the headline stays.
#[test]
fn a_breadcrumb_holding_the_headline_is_the_copy_reported() {
    let path = fixture("breadcrumb-headline.txt");
    let v = one(&path);
    assert_eq!((v["rule"].as_str(), v["line"].as_u64()), (Some("duplicate/near-duplicate"), Some(5)));
    assert_eq!(
        (v["labels"][0]["line"].as_u64(), v["labels"][0]["message"].as_str()),
        (Some(6), Some("the same without the extra words"))
    );
    assert_eq!(fixed(&path), without_lines(&path, 5..=5));
}

#[test]
fn table_of_contents_is_not_a_copy_of_its_headings() {
    for name in ["toc.txt", "toc-plain.txt"] {
        assert_eq!(duplicates(&fixture(name)), Vec::<Value>::new(), "{name}");
    }
}

#[test]
fn same_facts_told_twice_and_refrains_are_not_copies() {
    // near-miss.txt: paragraphs on the same vote with the same names and numbers.
    // refrain.txt: the same two questions put to three chefs.
    // schedule.txt: a session repeated from one week of a plan to the next, under the same
    // "Week N" / "Morning session" lines.
    for name in ["near-miss.txt", "refrain.txt", "schedule.txt"] {
        assert_eq!(duplicates(&fixture(name)), Vec::<Value>::new(), "{name}");
    }
}

#[test]
fn a_paragraph_printed_twice_between_advertisement_lines_is_still_a_copy() {
    // One refrain line ("ADVERTISEMENT") before a block does not make it a schedule entry.
    let found: Vec<_> = duplicates(&fixture("advertisement.txt")).iter().map(summary).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "repeated-block");
    assert_eq!(found[0].1, 9, "the later copy is reported");
}

const SEEDS: &str = "../shared/acceptance/seeds";

#[test]
fn acceptance_seeds() {
    if !Path::new(SEEDS).is_dir() {
        println!("skipped: {SEEDS} not found");
        return;
    }
    for seed in ["000_b212b023ddfd2cea.txt", "001_1b5ca818b942003a.txt"] {
        let f = one(&format!("{SEEDS}/{seed}"));
        let (rule, _, first) = summary(&f);
        assert_eq!((rule.as_str(), first, f["severity"].as_str()), ("repeated-headline", 1, Some("error")), "{seed}");
    }
    // The second, reworded interview (line 49 on, through its conclusion) is one finding
    // whose label is the first interview.
    let f = one(&format!("{SEEDS}/003_07ae77feae1830e6.txt"));
    assert_eq!(summary(&f), ("repeated-section".into(), 49, 27));
    assert_eq!(f["end_line"], 73);
}

const CLEAN: &str = "../shared/devset/aeb/clean";

/// Repeats in the edited articles of the development set, each read: text that really is
/// printed twice. (file prefix, line)
const TRUE_REPEATS: &[(&str, u64)] = &[
    ("2f42ef1d", 23),  // pull quote: a sentence of line 19 set again on its own
    ("3c6d3381", 447), // the contest rules of line 7 stated again at the end
    ("3f65af7b", 47),  // a tweet quoted in line 41, then embedded
    ("c00962aa", 51),  // a quote of line 41 given again after the figures
    ("e7d77f18", 28),  // the feature list of one pair of earphones printed for the next model
];

#[test]
fn edited_articles_have_no_duplicates_but_true_repeats() {
    if !Path::new(CLEAN).is_dir() {
        println!("skipped: {CLEAN} not found");
        return;
    }
    let unexpected: Vec<String> = duplicates(CLEAN)
        .iter()
        .filter_map(|v| {
            let file = Path::new(v["path"].as_str()?).file_name()?.to_str()?.to_string();
            let line = v["line"].as_u64()?;
            let known = TRUE_REPEATS.iter().any(|(p, l)| file.starts_with(p) && *l == line);
            (!known).then(|| format!("{file}:{line} {} {}", v["rule"], v["message"]))
        })
        .collect();
    assert!(unexpected.is_empty(), "duplicate findings on clean text:\n{}", unexpected.join("\n"));
}
