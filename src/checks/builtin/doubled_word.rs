//! The same word twice in a row ("the the"), the commonest slip of an edit, except where
//! English repeats a word on purpose ("had had", "that that") and in names ("Sirhan Sirhan").

use super::prose::looks_english;
use crate::checks::{Check, Hit};
use crate::diagnostic::Edit;
use crate::document::Document;
use serde::Deserialize;

/// Words whose doubling is grammatical or idiomatic.
const DEFAULT_ALLOW: &[&str] = &[
    "had", "that", "is", "do", "bye", "ha", "haha", "no", "so", "very", "really", "many", "far", "long", "knock",
    "tut", "chop", "blah", "yada", "night", "tsk", "boo", "hey", "go", "yeah", "wow", "please", "ho", "la", "oh",
    "huh", "now", "more", "again", "win", "can", "tom", "dum", "pom", "tutu", "bla", "yes", "sh", "er", "um", "mm",
    "hmm",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// More words that may be repeated (case-insensitive), added to the built-in list.
    #[serde(default)]
    pub allow: Vec<String>,
}

pub struct DoubledWord {
    allow: Vec<String>,
}

impl DoubledWord {
    pub fn new(p: Params) -> Self {
        let mut allow: Vec<String> = DEFAULT_ALLOW.iter().map(|s| s.to_string()).collect();
        allow.extend(p.allow.iter().map(|s| s.to_lowercase()));
        DoubledWord { allow }
    }
}

fn title_case(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

impl Check for DoubledWord {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        // Other languages double words on purpose (Indonesian "biasa biasa").
        if !looks_english(doc) {
            return;
        }
        let text = doc.text;
        let bytes = text.as_bytes();
        for pair in doc.words.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            // Most pairs differ in their first letter: two ASCII first letters that differ in
            // more than case rule the pair out (each word's lower case begins with its own).
            let (x, y) = (bytes[a.start], bytes[b.start]);
            if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y) {
                continue;
            }
            let (first, second) = (&text[a.clone()], &text[b.clone()]);
            // Only spaces between: "the, the" or a line break are not slips of this kind.
            let gap = &text[a.end..b.start];
            if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}') {
                continue;
            }
            // Two ASCII words differ in case only if the ASCII comparison says so: no allocation.
            if !first.eq_ignore_ascii_case(second)
                && ((first.is_ascii() && second.is_ascii()) || first.to_lowercase() != second.to_lowercase())
            {
                continue;
            }
            // Single letters are initials, list labels or spelled-out sounds ("a a" aside).
            if first.chars().count() == 1 && !first.eq_ignore_ascii_case("a") {
                continue;
            }
            // Names and titles repeat capitalised words: "Sirhan Sirhan", "Bora Bora".
            if title_case(second) {
                continue;
            }
            let lower = first.to_lowercase();
            if self.allow.contains(&lower) {
                continue;
            }
            let span = a.start..b.end;
            if doc.is_protected(&span) {
                continue;
            }
            // A tag line: adjacent tags may share a word ("Tags: lexus lexus lc").
            if doc
                .block_at(a.start)
                .is_some_and(|i| super::tags::opens_with_tag_label(doc.slice(&doc.blocks[i].content)))
            {
                continue;
            }
            let mut hit = Hit::new(rule, span).with_suggestion(first);
            hit.edits = Some(vec![Edit { start: a.end, end: b.end, replacement: String::new() }]);
            out.push(hit);
        }
    }
}
