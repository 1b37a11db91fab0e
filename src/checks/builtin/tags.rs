//! Tag and keyword lists ("Putin, Vladimir V,Witkoff, Steven,Ukraine,Russia"): a line of
//! short comma-separated names with no sentence shape, often joined without spaces where
//! the page had one link per tag.

use crate::checks::{delete_lines, Check, Hit};
use crate::document::Document;
use crate::rules::compiled::RuleRegex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Items a list needs when items are joined without a space after the comma.
    #[serde(default = "four")]
    pub min_items: usize,
    /// Items a list needs when every comma is followed by a space (a sentence listing
    /// names looks the same, so more are required).
    #[serde(default = "seven")]
    pub min_items_spaced: usize,
    /// Items a list needs after a "Tags:" label.
    #[serde(default = "two")]
    pub min_items_labelled: usize,
    /// Longest item, in words.
    #[serde(default = "four")]
    pub max_item_words: usize,
}

fn two() -> usize {
    2
}
fn four() -> usize {
    4
}
fn seven() -> usize {
    7
}

pub(super) static LABEL: RuleRegex = RuleRegex::fixed(
    r"(?i)^(?:tags?|tagged(?:\s+with)?|keywords?|topics?|temas?|etiquetas?|schlagwörter|themen|метки|теги)\s*[:：]\s*",
);
pub(super) static JOINED: RuleRegex = RuleRegex::fixed(r"[\p{L})],[\p{L}(]");

/// Whether `s` opens with a tag label ("Tags:", "Keywords:"): a tag line, whose tags stand
/// side by side ("lexus lexus lc" is two tags, not a doubled word).
pub(super) fn opens_with_tag_label(s: &str) -> bool {
    may_be_label(s) && LABEL.find(s).is_some()
}

/// Can `s` start with one of `LABEL`'s words? An ASCII first letter other than t, k, e or s
/// (in either case) rules it out before the regex runs; any other first character (`т`,
/// `м`, the Kelvin sign that case-folds to k) leaves it to the regex.
fn may_be_label(s: &str) -> bool {
    s.as_bytes().first().is_some_and(|&b| !b.is_ascii() || matches!(b.to_ascii_lowercase(), b't' | b'k' | b'e' | b's'))
}

pub struct TagList {
    p: Params,
}

impl TagList {
    pub fn new(p: Params) -> Self {
        TagList { p }
    }

    fn is_tag_list(&self, s: &str) -> bool {
        let s = s.trim();
        if s.ends_with(['.', '!', '?', ':', '"', '”']) {
            return false;
        }
        // Every list needs some separators, and most lines have none: count bytes that may
        // be one (`·` ends in B7 and `•` in A2; other characters ending so only raise the
        // count) before any regex or split, with `memchr`'s many bytes at a time.
        let bytes = s.as_bytes();
        let mut most = memchr::memchr3_iter(b',', b'|', b';', bytes).count() + 1;
        if !s.is_ascii() {
            most += memchr::memchr2_iter(0xB7, 0xA2, bytes).count();
        }
        if most < self.p.min_items.min(self.p.min_items_spaced).min(self.p.min_items_labelled) {
            return false;
        }
        let (body, labelled) = match may_be_label(s).then(|| LABEL.find(s)).flatten() {
            Some(m) => (&s[m.end..], true),
            None => (s, false),
        };
        let items: Vec<&str> = body.split([',', '|', '·', '•', ';']).map(str::trim).collect();
        // (`nth`: a paragraph's words are not all counted to learn it has too many.)
        if items.iter().any(|i| i.is_empty() || i.split_whitespace().nth(self.p.max_item_words).is_some()) {
            return false;
        }
        // Too few items for either unlabelled list: the comma test need not run.
        if !labelled && items.len() < self.p.min_items.min(self.p.min_items_spaced) {
            return false;
        }
        let needed = if labelled {
            self.p.min_items_labelled
        } else if body.contains(',') && JOINED.is_match(body) {
            self.p.min_items
        } else {
            // Commas with spaces: a sentence listing names looks the same, so demand more
            // items, and short ones (credit lists such as "Director Jane Roe" are longer).
            let words: usize = items.iter().map(|i| i.split_whitespace().count()).sum();
            if words * 2 > items.len() * 5 {
                return false;
            }
            self.p.min_items_spaced
        };
        if items.len() < needed {
            return false;
        }
        // Names and keywords: capitalised, or all lower case after a label.
        labelled
            || items.iter().filter(|i| i.chars().next().is_some_and(|c| !c.is_lowercase())).count() * 4
                >= items.len() * 3
    }
}

impl Check for TagList {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        for b in &doc.blocks {
            if self.is_tag_list(doc.slice(&b.content)) {
                let mut hit = Hit::new(rule, b.span.clone());
                hit.block_level = true;
                hit.edits = Some(vec![delete_lines(doc, b.line, b.line)]);
                out.push(hit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-letter test never stops a label the regex would find.
    #[test]
    fn label_first_letters() {
        let labels = ["Tags: a", "tag: a", "Tagged with: a", "KEYWORDS: a", "Topics: a", "temas: a", "Etiquetas: a"];
        let more =
            ["Schlagwörter: a", "Themen: a", "Метки: a", "Теги: a", "\u{212A}eywords: a", "\u{17F}chlagwörter: a"];
        for s in labels.iter().chain(&more) {
            assert!(LABEL.is_match(s), "{s}");
            assert!(may_be_label(s), "{s}");
        }
        for s in ["News: a", "Bylines: a", "1 Tags: a", ""] {
            assert!(!may_be_label(s) && !LABEL.is_match(s), "{s}");
        }
    }

    #[test]
    fn shapes() {
        let t = TagList::new(Params { min_items: 4, min_items_spaced: 7, min_items_labelled: 2, max_item_words: 4 });
        assert!(t.is_tag_list("Putin, Vladimir V,Witkoff, Steven,Ukraine,Russia,Kursk (Russia)"));
        assert!(t.is_tag_list("Tags: elections, budget"));
        // Separators outside ASCII count too.
        assert!(t.is_tag_list("Tags: elections · budget"));
        assert!(t.is_tag_list("Putin • Xi • Modi • Trump • Macron • Scholz • Sunak"));
        assert!(!t.is_tag_list("Tags: elections"));
        let one = TagList::new(Params { min_items: 4, min_items_spaced: 7, min_items_labelled: 1, max_item_words: 4 });
        assert!(one.is_tag_list("Tags: elections"));
        assert!(!t.is_tag_list("Trump, Putin, Xi and Modi met in Osaka"));
        assert!(!t.is_tag_list("Apples, pears, plums, cherries, figs, dates, grapes were on sale."));
        assert!(!t.is_tag_list("Los Angeles, CA"));
        assert!(!t.is_tag_list("Director Jane Roe, Set Design Jon Fox, Sound Design Ann Lee, Music Kim Park, Light Ian Low, Stage Manager Bo Li, Costume Design Al Ng"));
    }
}
