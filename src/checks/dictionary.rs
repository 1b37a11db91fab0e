//! Word-token lookups (misspellings, lower-cased proper nouns) through hash maps, over the
//! document's one token list.

use super::{match_case, Hit};
use crate::document::Document;
use std::collections::HashMap;

#[derive(Default)]
pub struct DictionarySet {
    /// Lower-cased key → (rule, suggestion); the token is lower-cased for lookup.
    folded: HashMap<String, Vec<(usize, String)>>,
    /// Exact key → (rule, suggestion).
    exact: HashMap<String, Vec<(usize, String)>>,
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

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty() && self.exact.is_empty()
    }

    pub fn run(&self, doc: &Document, out: &mut Vec<Hit>) {
        let mut buf = String::new();
        for w in &doc.words {
            let word = &doc.text[w.clone()];
            let curly = word.contains('’');
            if !self.exact.is_empty() {
                let k = if curly { key(word) } else { word.to_string() };
                if let Some(targets) = self.exact.get(&k) {
                    if !doc.is_protected(w) {
                        for (rule, s) in targets {
                            out.push(Hit::new(*rule, w.clone()).with_suggestion(s.clone()));
                        }
                    }
                }
            }
            if self.folded.is_empty() {
                continue;
            }
            buf.clear();
            for c in word.chars() {
                if c == '’' {
                    buf.push('\'');
                } else {
                    buf.extend(c.to_lowercase());
                }
            }
            if let Some(targets) = self.folded.get(&buf) {
                if doc.is_protected(w) {
                    continue;
                }
                for (rule, s) in targets {
                    let sugg = s.split(',').map(|p| match_case(word, p.trim())).collect::<Vec<_>>().join(", ");
                    out.push(Hit::new(*rule, w.clone()).with_suggestion(sugg));
                }
            }
        }
    }
}
