//! Claims with a vague or missing source: a cue ("analysts suggest", "reports indicate",
//! "a source familiar with") and no named person or organisation attached to it in the
//! same sentence.

use super::{on_word_boundary, Check, Hit};
use crate::diagnostic::Severity;
use crate::document::{Document, Span};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::sync::LazyLock;

pub struct AttributionCheck {
    pub cues: Option<AhoCorasick>,
    pub patterns: Vec<Regex>,
    pub exempt_named: bool,
    pub anonymous: bool,
}

impl AttributionCheck {
    pub fn new(cues: &[String], patterns: Vec<Regex>, exempt_named: bool, anonymous: bool) -> Result<Self, String> {
        let mut all: Vec<String> = Vec::new();
        for c in cues {
            all.push(c.to_string());
            if c.contains('\'') {
                all.push(c.replace('\'', "’"));
            }
        }
        let cues = if all.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&all)
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(AttributionCheck { cues, patterns, exempt_named, anonymous })
    }
}

/// A proper name: two to four capitalised words ("Ilya Grashchenkov", "Capital Economics").
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:the\s+)?(?:(?:[A-Z][\p{Ll}\p{Lu}'’.-]+|[A-Z]{2,})\s+){1,3}(?:[A-Z][\p{Ll}\p{Lu}'’.-]+|[A-Z]{2,})")
        .expect("static regex")
});

/// News organisations and agencies named by one word.
static OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:the\s+)?(?:Reuters|AP|AFP|BBC|CNN|NBC|CBS|ABC|Bloomberg|Tass|TASS|Interfax|RIA|Xinhua|Kremlin|Pentagon|NPR|Axios|Politico|Gallup|Pew|IMF|NATO|UN|WHO|EU|OPEC|Moody's|Fitch|[A-Z]{2,6})\b")
        .expect("static regex")
});

/// Words that tie a name to the cue right after it: "analysts at X", "experts like X".
static CONNECTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[,\s]*(?:like|such as|including|at|from|with|of|for|by|to|according to|,)\s+").expect("static regex")
});

static REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:because|not authori[sz]ed|asked not to be (?:named|identified)|on (?:the )?condition of anonymity|to discuss|speak publicly|fear of|private (?:talks|discussions|deliberations))\b").expect("static regex")
});

static SPECULATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:could|would|might|may|likely|possibly|expected to|is set to|poised to|plans? to|considering)\b",
    )
    .expect("static regex")
});

fn starts_with_name(s: &str) -> bool {
    NAME.is_match(s) || OUTLET.is_match(s)
}

/// True when a named source is attached to the cue at `cue` inside `sentence`.
pub fn named_source_attached(text: &str, sentence: &Span, cue: &Span) -> bool {
    // A name inside the cue itself ("Experts like Ilya Grashchenkov suggest").
    let inside = &text[cue.clone()];
    let mut offset = 0;
    for w in inside.split_inclusive(char::is_whitespace) {
        if offset > 0 && starts_with_name(&inside[offset..]) {
            return true;
        }
        offset += w.len();
    }
    // A name tied on right after it ("analysts at Capital Economics", "according to Reuters").
    let after = &text[cue.end..sentence.end.max(cue.end)];
    if let Some(m) = CONNECTOR.find(after) {
        if starts_with_name(&after[m.end()..]) {
            return true;
        }
    }
    if inside.to_lowercase().ends_with("according to") && starts_with_name(after.trim_start()) {
        return true;
    }
    // A link on the claim.
    let s = &text[sentence.clone()];
    s.contains("](http") || s.contains("<a href") || s.contains("https://")
}

impl Check for AttributionCheck {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let text = doc.text;
        let mut spans: Vec<Span> = Vec::new();
        if let Some(ac) = &self.cues {
            spans.extend(ac.find_iter(text).map(|m| m.range()).filter(|s| on_word_boundary(text, s)));
        }
        for re in &self.patterns {
            spans.extend(re.find_iter(text).map(|m| m.range()));
        }
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut last_end = 0;
        for cue in spans {
            if cue.start < last_end {
                continue;
            }
            last_end = cue.end;
            let Some(si) = doc.sentence_at(cue.start) else { continue };
            let sentence = &doc.sentences[si].span;
            if self.exempt_named && named_source_attached(text, sentence, &cue) {
                continue;
            }
            let mut hit = Hit::new(rule, cue);
            if self.anonymous {
                let s = &text[sentence.clone()];
                if !REASON.is_match(s) && SPECULATION.is_match(s) {
                    hit.severity = Some(Severity::Warning);
                    hit.notes.push("the sentence speculates and gives no reason for anonymity".into());
                }
            }
            out.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attached(s: &str, cue: &str) -> bool {
        let i = s.find(cue).unwrap();
        named_source_attached(s, &(0..s.len()), &(i..i + cue.len()))
    }

    #[test]
    fn names_attached_to_the_cue_exempt_it() {
        assert!(attached("Experts like Ilya Grashchenkov suggest a truce.", "Experts like Ilya Grashchenkov suggest"));
        assert!(attached("Analysts at Capital Economics said growth slowed.", "Analysts"));
        assert!(attached("Prices rose, according to Reuters.", "according to"));
        assert!(!attached("Reports indicate that North Korean troops advanced.", "Reports indicate"));
        assert!(!attached("Russian media reported an attack.", "Russian media reported"));
    }
}
