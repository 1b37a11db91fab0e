//! One Aho-Corasick scan of a document for the words of every attribution rule: literal cues,
//! the words each regex needs and the subject words. Five rules with three word lists each
//! used to scan the text fifteen times.

use super::AttributionCheck;
use crate::checks::literals::Upgrading;
use crate::document::Span;
use std::borrow::Cow;
use std::collections::HashMap;

#[derive(Clone, Copy)]
enum Role {
    Cue,
    Anchor,
    /// The index of the word in the rule's list of required words.
    Clause(usize),
}

/// The words of one rule found in a document.
#[derive(Default)]
pub struct Words {
    /// Literal cues, leftmost-longest and not overlapping (as a leftmost-longest search finds).
    pub cues: Vec<Span>,
    /// Subject words, leftmost-longest and not overlapping.
    pub anchors: Vec<Span>,
    /// (required word index, span) of every occurrence, overlapping, in the order found.
    pub clauses: Vec<(usize, Span)>,
}

/// The words of a list of attribution rules in one automaton.
pub struct Scanner {
    /// Overlapping search, ASCII case ignored; `None` when no rule has a word.
    ac: Option<Upgrading>,
    /// For each distinct word: (rule in the list, role) pairs it stands for.
    roles: Vec<Vec<(usize, Role)>>,
    rules: usize,
}

impl Scanner {
    /// The automaton of the rules' words: an NFA, and a DFA once enough text has been scanned
    /// (it builds slower but scans a large corpus several times faster).
    pub fn new<'a>(checks: &[&'a AttributionCheck]) -> Result<Scanner, String> {
        // Keyed by the word lower-cased, borrowed when it already is (most are).
        let mut index: HashMap<Cow<str>, usize> = HashMap::new();
        let mut words: Vec<&str> = Vec::new();
        let mut roles: Vec<Vec<(usize, Role)>> = Vec::new();
        let mut add = |word: &'a str, who: (usize, Role)| {
            let key = match word.bytes().any(|b| b.is_ascii_uppercase()) {
                true => Cow::Owned(word.to_ascii_lowercase()),
                false => Cow::Borrowed(word),
            };
            let id = *index.entry(key).or_insert_with(|| {
                words.push(word);
                roles.push(Vec::new());
                words.len() - 1
            });
            roles[id].push(who);
        };
        for (c, check) in checks.iter().enumerate() {
            for w in &check.cue_words {
                add(w, (c, Role::Cue));
            }
            for w in &check.anchor_words {
                add(w, (c, Role::Anchor));
            }
            for (i, w) in check.clause_words.iter().enumerate() {
                add(&w.word, (c, Role::Clause(i)));
            }
        }
        let ac = if words.is_empty() {
            None
        } else {
            let words = words.into_iter().map(|w| w.as_bytes().to_vec()).collect();
            Some(Upgrading::new(words, true, usize::MAX).map_err(|e| e.to_string())?)
        };
        Ok(Scanner { ac, roles, rules: checks.len() })
    }

    /// The words of each rule, in the order the rules were given.
    pub fn scan(&self, text: &str) -> Vec<Words> {
        let mut out: Vec<Words> = (0..self.rules).map(|_| Words::default()).collect();
        let Some(ac) = &self.ac else { return out };
        for m in ac.overlapping(text) {
            for &(c, role) in &self.roles[m.pattern().as_usize()] {
                let w = &mut out[c];
                match role {
                    Role::Cue => w.cues.push(m.range()),
                    Role::Anchor => w.anchors.push(m.range()),
                    Role::Clause(i) => w.clauses.push((i, m.range())),
                }
            }
        }
        for w in &mut out {
            leftmost_longest(&mut w.cues);
            leftmost_longest(&mut w.anchors);
        }
        out
    }
}

/// Keeps, from every occurrence, what a leftmost-longest search would report: the earliest
/// start, the longest there, then the same again after its end.
fn leftmost_longest(spans: &mut Vec<Span>) {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut next = 0;
    spans.retain(|s| {
        if s.start < next {
            return false;
        }
        next = s.end;
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    #[test]
    fn leftmost_longest_from_overlapping_matches_agrees_with_the_search() {
        let words = ["sources", "source", "sources say", "say", "ay", "officials", "official said"];
        let text = "Sources say the official said officials say sources sources, officialsay.";
        let ll = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .unwrap();
        let expected: Vec<Span> = ll.find_iter(text).map(|m| m.range()).collect();
        let all = AhoCorasickBuilder::new().ascii_case_insensitive(true).build(words).unwrap();
        let mut got: Vec<Span> = all.find_overlapping_iter(text).map(|m| m.range()).collect();
        leftmost_longest(&mut got);
        assert_eq!(got, expected);
    }
}
