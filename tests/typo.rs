//! Typo and spun rules on the fixtures of `fixtures/typo/`: every defect is reported with the
//! right rule and suggestion, and none of the near-misses is.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/typo").join(name)
}

/// Typo and spun findings as JSON objects, for a file or for standard input.
fn findings(args: &[&str], stdin: Option<&str>) -> Vec<Value> {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.args(["check", "--format", "jsonl"]).args(args);
    if let Some(s) = stdin {
        c.arg("-").write_stdin(s);
    }
    let out = c.output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|f| f["category"] == "typo" || f["category"] == "spun")
        .collect()
}

fn summary(f: &Value) -> (String, String, String) {
    let fix = match &f["fix"] {
        Value::Null => "-".to_string(),
        x => format!("{} {:?}", x["applicability"].as_str().unwrap(), x["replacement"].as_str().unwrap()),
    };
    (f["rule"].as_str().unwrap().to_string(), f["matched"].as_str().unwrap().to_string(), fix)
}

#[test]
fn every_defect_is_reported_with_its_fix() {
    let path = fixture("defects.txt");
    let got: Vec<_> = findings(&[path.to_str().unwrap()], None).iter().map(summary).collect();
    let want = [
        ("typo/lowercase-proper-noun", "geneva", "safe \"Geneva\""),
        ("typo/lowercase-proper-noun", "tuesday", "safe \"Tuesday\""),
        ("typo/misspelling", "importent", "safe \"important\""),
        ("typo/missing-space", "talks,officials", "safe \" \""),
        ("typo/missing-space", "hours.Reporters", "safe \" \""),
        ("typo/doubled-word", "the the", "unsafe \"\""),
        ("typo/missing-space", "close.”We", "safe \" \""),
        ("typo/closing-quote-opens", "”", "safe \"“\""),
        ("typo/sentence-case", "negotiators", "unsafe \"Negotiators\""),
        ("typo/misspelling", "goverment", "safe \"government\""),
        ("typo/mojibake", "â€™", "safe \"’\""),
        ("typo/mojibake", "Ã©", "safe \"é\""),
        ("typo/html-debris", "&amp;", "safe \"&\""),
        ("typo/html-debris", "<br/>", "safe \" \""),
        ("typo/lowercase-proper-noun", "friday", "safe \"Friday\""),
        ("typo/unbalanced-quote", "“", "-"),
        ("typo/lost-character", "\u{fffd}", "unsafe \"’\""),
        ("typo/informal-spelling", "alot", "unsafe \"a lot\""),
    ];
    let want: Vec<_> = want.iter().map(|(r, m, f)| (r.to_string(), m.to_string(), f.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn near_misses_are_not_reported() {
    let path = fixture("near-misses.txt");
    let got: Vec<_> = findings(&[path.to_str().unwrap()], None).iter().map(summary).collect();
    assert!(got.is_empty(), "near-misses reported: {got:?}");
}

#[test]
fn suggestions_follow_the_case_of_the_word() {
    let f = findings(&[], Some("Importent talks began. TEH END came. The goverment spoke.\n"));
    let sugg: Vec<(&str, &str)> =
        f.iter().map(|f| (f["matched"].as_str().unwrap(), f["fix"]["replacement"].as_str().unwrap())).collect();
    assert_eq!(sugg, [("Importent", "Important"), ("TEH", "THE"), ("goverment", "government")]);
}

#[test]
fn fixes_are_byte_edits_in_the_json() {
    let text = "Prices rose “sharply”,officials said.\n";
    let f = findings(&[], Some(text));
    let f = f.iter().find(|f| f["rule"] == "typo/missing-space").expect("missing space");
    let edit = &f["fix"]["edits"][0];
    let at = edit["start"].as_u64().unwrap() as usize;
    assert_eq!(edit["end"].as_u64().unwrap() as usize, at, "an insertion");
    assert_eq!(&text[..at], "Prices rose “sharply”,");
    assert_eq!(f["fix"]["applicability"], "safe");
}

#[test]
fn several_suggestions_are_reported_without_a_fix() {
    // An entry with more than one suggestion must not be applied blindly.
    let f = findings(&[], Some("He said the idenfity of the man was unknown.\n"));
    let f = f.iter().find(|f| f["rule"] == "typo/misspelling").expect("misspelling");
    assert_eq!(f["fix"], Value::Null);
    assert!(f["help"].as_str().unwrap().contains("identify, identity"));
}

#[test]
fn a_space_goes_on_the_right_side_of_a_quote_mark() {
    // A quote that closes takes the space after it; one that opens, before it.
    let f = findings(&[], Some("She said “we will win.”The crowd cheered.\n"));
    assert_eq!(
        f.iter().map(summary).collect::<Vec<_>>(),
        [("typo/missing-space".into(), "win.”The".into(), "safe \" \"".into())]
    );
    let text = "She urged action.”We will win,” she said.\n";
    let f = findings(&[], Some(text));
    let space = f.iter().find(|f| f["rule"] == "typo/missing-space").unwrap();
    let at = space["fix"]["edits"][0]["start"].as_u64().unwrap() as usize;
    assert_eq!(&text[..at], "She urged action.");
}

#[test]
fn other_languages_are_left_to_their_own_rules() {
    // Lower-case words after German abbreviations and Indonesian doubled words are correct.
    let de = "Die Patientenakte ist wie die ePA eine übergreifende bzw. lebenslange Akte und wird sowohl vom \
              Patienten als auch vom Arzt geführt. Bei über 70 Mio. gesetzlich Versicherten in Deutschland \
              erreichen die Kassen damit sehr viele Menschen, sagte ein Sprecher der Kasse am Montag in Berlin. \
              Die Daten liegen verschlüsselt auf Servern in Deutschland, und nur die Versicherten haben den \
              Schlüssel dafür, hieß es weiter.\n";
    assert!(findings(&[], Some(de)).is_empty());
}

#[test]
fn spun_phrases_and_a_rewritten_article() {
    let text = "The unfamiliar clergyman arrived on Tuesday. Officials said the demise toll had risen. \
                The prosperous mediation was praised. Analysts said counterfeit consciousness would help.\n";
    let f = findings(&[], Some(text));
    let rules: Vec<&str> = f.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules.iter().filter(|r| **r == "spun/spinner-phrase").count(), 4, "{rules:?}");
    assert!(rules.contains(&"spun/machine-rewritten"), "{rules:?}");
    let one = findings(&[], Some("The prosperous mediation was praised by both sides on Monday.\n"));
    assert!(!one.iter().any(|f| f["rule"] == "spun/machine-rewritten"), "one phrase is not an article");
}

#[test]
fn english_word_lists_stay_quiet_on_other_languages() {
    // Lower-case "muslim" is correct Indonesian; the English proper-noun list must not fire.
    let path = fixture("other-language.txt");
    let got = findings(&[path.to_str().unwrap()], None);
    assert!(got.is_empty(), "findings on an Indonesian article: {got:?}");
    // The same word in an English article of the same length is reported.
    let english = "The regional government said on Monday that the new market will open next month. Traders who \
                   want a stall must first register at the district office, the head of the trade department said. \
                   Residents, whether muslim or of another faith, welcomed the plan because the old market is too \
                   small and floods every rainy season. The market cost about two billion rupiah to build.";
    let got = findings(&[], Some(english));
    assert!(got.iter().any(|f| f["rule"] == "typo/lowercase-proper-noun" && f["matched"] == "muslim"), "{got:?}");
}
