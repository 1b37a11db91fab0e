//! Word-token lookups (misspellings, lower-cased proper nouns) through hash maps, over the
//! document's one token list.

use super::{match_case, Hit};
use crate::checks::repetition::text::hash_bytes;
use crate::document::Document;
use crate::rules::StaticDict;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

#[derive(Default)]
pub struct DictionarySet {
    /// Lower-cased key → (rule, suggestion); the token is lower-cased for lookup.
    folded: HashMap<String, Vec<(usize, String)>>,
    /// Exact key → (rule, suggestion).
    exact: HashMap<String, Vec<(usize, String)>>,
    /// Dictionaries compiled at build time: (rule, map, case-sensitive).
    statics: Vec<(usize, &'static StaticDict, bool)>,
    /// Every key, folded, in a Bloom filter made once [`FILTER_AFTER`] words have been
    /// looked up without it: building it costs more than a short text's lookups.
    filter: OnceLock<Filter>,
    looked_up: AtomicUsize,
}

/// Words looked up in the dictionaries themselves before the filter is built.
const FILTER_AFTER: usize = 20_000;

/// A Bloom filter over the folded form of every key of every dictionary: most words of a
/// text are in none, and one cheap hash rules them out before any dictionary is asked.
struct Filter {
    bits: Vec<u64>,
}

/// 2^19 bits (64 KiB), two probes in one 64-bit word (one memory access): about 1% false
/// positives for the 25,000 default keys.
const FILTER_BITS: u32 = 19;

impl Filter {
    /// The word of the filter and the two bits in it.
    fn probes(folded: &str) -> (usize, u64) {
        Filter::probes_folding(folded.as_bytes(), false)
    }

    /// The hash of `word` (lower-cased on the way when `fold`, see
    /// [`hash_bytes`]) split into the word and the two bits it sets.
    #[inline(always)]
    fn probes_folding(word: &[u8], fold: bool) -> (usize, u64) {
        let h = hash_bytes(word, fold);
        let word = (h >> 32) as usize & ((1 << (FILTER_BITS - 6)) - 1);
        (word, (1 << (h & 63)) | (1 << ((h >> 6) & 63)))
    }

    fn insert(&mut self, folded: &str) {
        let (w, bits) = Filter::probes(folded);
        self.bits[w] |= bits;
    }

    fn may_contain(&self, folded: &str) -> bool {
        let (w, bits) = Filter::probes(folded);
        self.bits[w] & bits == bits
    }

    /// [`Filter::may_contain`] of an ASCII word's lower case.
    fn may_contain_ascii(&self, word: &[u8]) -> bool {
        let (w, bits) = Filter::probes_folding(word, true);
        self.bits[w] & bits == bits
    }
}

/// The lookup form of a word for the folded dictionaries and the filter: curly apostrophes
/// straightened and each character lower-cased on its own (what [`DictionarySet::run`] does).
fn fold_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '’' {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

fn key(word: &str) -> String {
    word.replace('’', "'")
}

impl DictionarySet {
    pub fn add(&mut self, rule: usize, wrong: &str, right: &str, case_sensitive: bool) {
        let (map, k) =
            if case_sensitive { (&mut self.exact, key(wrong)) } else { (&mut self.folded, key(&wrong.to_lowercase())) };
        map.entry(k).or_default().push((rule, right.to_string()));
        self.filter = OnceLock::new();
    }

    pub fn add_static(&mut self, rule: usize, map: &'static StaticDict, case_sensitive: bool) {
        self.statics.push((rule, map, case_sensitive));
        self.filter = OnceLock::new();
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty() && self.exact.is_empty() && self.statics.is_empty()
    }

    /// The filter: folded dictionaries hold their keys as looked up; a case-sensitive key
    /// matches a word only if both fold to the same string.
    fn make_filter(&self) -> Filter {
        let mut f = Filter { bits: vec![0; 1 << (FILTER_BITS - 6)] };
        let mut buf = String::new();
        for k in self.folded.keys() {
            f.insert(k);
        }
        for k in self.exact.keys() {
            fold_into(k, &mut buf);
            f.insert(&buf);
        }
        for (_, map, case_sensitive) in &self.statics {
            for &[ks, ke, _, _] in map.entries {
                let k = map.blob.get(ks as usize..ke as usize).unwrap_or_default();
                if *case_sensitive {
                    fold_into(k, &mut buf);
                    f.insert(&buf);
                } else {
                    f.insert(k);
                }
            }
        }
        f
    }

    pub fn run(&self, doc: &Document, out: &mut Vec<Hit>) {
        let n = doc.words.len();
        let filter = if self.looked_up.fetch_add(n, Ordering::Relaxed) + n >= FILTER_AFTER {
            Some(self.filter.get_or_init(|| self.make_filter()))
        } else {
            self.filter.get()
        };
        let mut buf = String::new();
        for w in &doc.words {
            let word = &doc.text[w.clone()];
            // Most words are ASCII and in no dictionary: they are ruled out before any copy.
            let ascii = word.is_ascii();
            if ascii && filter.is_some_and(|f| !f.may_contain_ascii(word.as_bytes())) {
                continue;
            }
            // The folded key, without a per-word allocation.
            fold_into(word, &mut buf);
            if !ascii && filter.is_some_and(|f| !f.may_contain(&buf)) {
                continue;
            }
            // A word an ellipsis cut short, as teasers end ("suppor..."): the start of its
            // suggestion is no misspelling.
            let rest = &doc.text.as_bytes()[w.end..];
            let cut = rest.starts_with(b"...") || rest.starts_with("…".as_bytes());
            let cut_short = |s: &str| cut && s.split(',').any(|p| p.trim().to_lowercase().starts_with(&buf));
            let curly = word.contains('’');
            if !self.exact.is_empty() {
                let found = if curly { self.exact.get(&key(word)) } else { self.exact.get(word) };
                if let Some(targets) = found {
                    if !doc.is_protected(w) {
                        for (rule, s) in targets.iter().filter(|(_, s)| !cut_short(s)) {
                            out.push(Hit::new(*rule, w.clone()).with_suggestion(s.clone()));
                        }
                    }
                }
            }
            let suggest = |s: &str| s.split(',').map(|p| match_case(word, p.trim())).collect::<Vec<_>>().join(", ");
            for (rule, map, case_sensitive) in &self.statics {
                let found = if *case_sensitive {
                    if curly {
                        map.get(key(word).as_str())
                    } else {
                        map.get(word)
                    }
                } else {
                    map.get(buf.as_str())
                };
                if let Some(s) = found.filter(|s| !cut_short(s)) {
                    if !doc.is_protected(w) {
                        let s = if *case_sensitive { s.to_string() } else { suggest(s) };
                        out.push(Hit::new(*rule, w.clone()).with_suggestion(s));
                    }
                }
            }
            if let Some(targets) = self.folded.get(&buf) {
                if doc.is_protected(w) {
                    continue;
                }
                for (rule, s) in targets.iter().filter(|(_, s)| !cut_short(s)) {
                    out.push(Hit::new(*rule, w.clone()).with_suggestion(suggest(s)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filter's hash of an ASCII word lower-cased in registers is the hash of its
    /// lower-cased copy, for words of every length around the eight-byte chunks.
    #[test]
    fn ascii_probes_are_those_of_the_lower_cased_copy() {
        let mut words: Vec<String> =
            ["", "a", "Z", "@[`{", "AbCdEfGh", "abcdefghI", "HELLO-World's", "x1Y2z3W4v5U6t7S8r"]
                .map(String::from)
                .to_vec();
        for t in crate::document::sample_texts() {
            words.extend(t.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'').map(String::from));
        }
        for w in &words {
            assert_eq!(Filter::probes_folding(w.as_bytes(), true), Filter::probes(&w.to_ascii_lowercase()), "{w:?}");
        }
    }

    fn found(set: &DictionarySet, text: &str) -> Vec<(String, String)> {
        let doc = Document::new("t", text);
        let mut hits = Vec::new();
        set.run(&doc, &mut hits);
        hits.iter().map(|h| (text[h.span.clone()].to_string(), h.suggestion.clone().unwrap_or_default())).collect()
    }

    #[test]
    fn the_filter_keeps_every_key() {
        let mut set = DictionarySet::default();
        set.add(0, "recieve", "receive", false);
        set.add(1, "Didnt", "Didn’t", true);
        set.add(2, "ΟΔΟΣ", "οδός", true);
        let words = "We recieve, RECIEVE and Didnt but not didnt; ΟΔΟΣ here and receive there.";
        let got = found(&set, words);
        assert!(set.filter.get().is_none(), "no filter for a few words");
        let spans: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(spans, ["recieve", "RECIEVE", "Didnt", "ΟΔΟΣ"]);
        // Once enough words have been looked up, through the filter: the same findings.
        found(&set, &"filler ".repeat(FILTER_AFTER));
        assert!(set.filter.get().is_some(), "the filter once it pays");
        assert_eq!(found(&set, words), got);
        // A key added after a run is found too.
        set.add(3, "there", "their", false);
        assert_eq!(found(&set, "over there").len(), 1);
    }
}
