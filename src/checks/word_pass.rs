//! One search of each document for the phrases of the phrase rules and the words of the
//! attribution rules. Both are literal lists searched with ASCII case ignored, every
//! occurrence reported; they were two passes over the text and are one, with each occurrence
//! handed to the list (or both lists) that holds its literal.

use super::literals::Upgrading;
use crate::document::Span;
use std::collections::HashMap;

/// No literal of this list.
const NONE: u32 = u32::MAX;

pub struct WordPass {
    ac: Upgrading,
    /// For each literal searched: its number among the phrases and among the words.
    ids: Vec<[u32; 2]>,
}

impl WordPass {
    /// The search for `phrases` and `words` (each ASCII lower-cased); `None` when both are
    /// empty.
    pub fn new(phrases: &[String], words: &[Vec<u8>]) -> Result<Option<WordPass>, String> {
        let mut index: HashMap<&[u8], usize> = HashMap::with_capacity(phrases.len() + words.len());
        let mut literals: Vec<Vec<u8>> = Vec::with_capacity(phrases.len() + words.len());
        let mut ids: Vec<[u32; 2]> = Vec::with_capacity(phrases.len() + words.len());
        let lists =
            [phrases.iter().map(|p| p.as_bytes()).collect::<Vec<_>>(), words.iter().map(Vec::as_slice).collect()];
        for (list, items) in lists.iter().enumerate() {
            for (n, &lit) in items.iter().enumerate() {
                let id = *index.entry(lit).or_insert_with(|| {
                    literals.push(lit.to_vec());
                    ids.push([NONE; 2]);
                    ids.len() - 1
                });
                ids[id][list] = n as u32;
            }
        }
        if literals.is_empty() {
            return Ok(None);
        }
        // A one-file run (pre-commit) searches the sorted literals and builds no automaton; a
        // corpus soon earns the DFA, which scans about 40% faster (see `Upgrading`).
        let ac = Upgrading::new(literals, true, usize::MAX).map_err(|e| e.to_string())?;
        Ok(Some(WordPass { ac, ids }))
    }

    /// Calls `phrase(i, span)` for every occurrence of phrase `i` and `word(i, span)` for
    /// every occurrence of word `i`, in the order of an overlapping search.
    pub fn scan(&self, text: &str, mut phrase: impl FnMut(usize, Span), mut word: impl FnMut(usize, Span)) {
        for m in self.ac.overlapping(text) {
            let [p, w] = self.ids[m.pattern().as_usize()];
            if p != NONE {
                phrase(p as usize, m.range());
            }
            if w != NONE {
                word(w as usize, m.range());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A literal in both lists is reported to both, each under its own number, and the
    /// lists' occurrences come in the order a search of that list alone gives.
    #[test]
    fn each_list_sees_what_its_own_search_finds() {
        let phrases: Vec<String> = ["sources say", "say", "prosperous mediation"].map(String::from).to_vec();
        let words: Vec<Vec<u8>> =
            ["sources", "say", "officials", "official said"].map(|w| w.as_bytes().to_vec()).to_vec();
        let text = "Sources say the official said officials say; prosperous mediation, sources sources.";
        let pass = WordPass::new(&phrases, &words).unwrap().unwrap();
        let (mut got_p, mut got_w) = (Vec::new(), Vec::new());
        pass.scan(text, |i, s| got_p.push((i, s)), |i, s| got_w.push((i, s)));
        let alone = |lits: Vec<Vec<u8>>| {
            let ac = Upgrading::new(lits, true, usize::MAX).unwrap();
            ac.overlapping(text).map(|m| (m.pattern().as_usize(), m.range())).collect::<Vec<_>>()
        };
        assert_eq!(got_p, alone(phrases.iter().map(|p| p.as_bytes().to_vec()).collect()));
        assert_eq!(got_w, alone(words.clone()));
        assert!(got_p.iter().any(|(i, _)| *i == 1) && got_w.iter().any(|(i, _)| *i == 1), "`say` reaches both");
        assert!(WordPass::new(&[], &[]).unwrap().is_none());
    }
}
