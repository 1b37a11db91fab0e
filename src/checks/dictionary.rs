//! Word-token lookups (misspellings, lower-cased proper nouns) through hash maps, over the
//! document's one token list.

use super::{match_case, Hit};
use crate::document::Document;
use crate::rules::StaticDict;
use std::collections::HashMap;

#[derive(Default)]
pub struct DictionarySet {
    /// Lower-cased key → (rule, suggestion); the token is lower-cased for lookup.
    folded: HashMap<String, Vec<(usize, String)>>,
    /// Exact key → (rule, suggestion).
    exact: HashMap<String, Vec<(usize, String)>>,
    /// Dictionaries compiled at build time: (rule, map, case-sensitive).
    statics: Vec<(usize, &'static StaticDict, bool)>,
}

fn key(word: &str) -> String {
    word.replace('’', "'")
}

impl DictionarySet {
    pub fn add(&mut self, rule: usize, wrong: &str, right: &str, case_sensitive: bool) {
        let (map, k) =
            if case_sensitive { (&mut self.exact, key(wrong)) } else { (&mut self.folded, key(&wrong.to_lowercase())) };
        map.entry(k).or_default().push((rule, right.to_string()));
    }

    pub fn add_static(&mut self, rule: usize, map: &'static StaticDict, case_sensitive: bool) {
        self.statics.push((rule, map, case_sensitive));
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty() && self.exact.is_empty() && self.statics.is_empty()
    }

    pub fn run(&self, doc: &Document, out: &mut Vec<Hit>) {
        let mut buf = String::new();
        for w in &doc.words {
            let word = &doc.text[w.clone()];
            let curly = word.contains('’');
            if !self.exact.is_empty() {
                let found = if curly { self.exact.get(&key(word)) } else { self.exact.get(word) };
                if let Some(targets) = found {
                    if !doc.is_protected(w) {
                        for (rule, s) in targets {
                            out.push(Hit::new(*rule, w.clone()).with_suggestion(s.clone()));
                        }
                    }
                }
            }
            // The folded key, without a per-word allocation: most words are ASCII.
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
                if let Some(s) = found {
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
                for (rule, s) in targets {
                    out.push(Hit::new(*rule, w.clone()).with_suggestion(suggest(s)));
                }
            }
        }
    }
}
