//! One Aho-Corasick scan of a document for the words of every attribution rule: literal cues,
//! the words each regex needs and the subject words. Five rules with three word lists each
//! used to scan the text fifteen times.

use super::AttributionCheck;
use crate::checks::literals::Upgrading;
use crate::checks::repetition::index::StrMap;
use crate::document::Span;
use std::borrow::Cow;

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
    /// The distinct words, ASCII lower-cased, numbered as the search reports them.
    literals: Vec<Vec<u8>>,
    /// Overlapping search, ASCII case ignored; `None` when no rule has a word or when a
    /// [`crate::checks::word_pass::WordPass`] searches for the words with the phrases.
    ac: Option<Upgrading>,
    /// The (rule in the list, role) pairs each distinct word stands for, word by word: word
    /// `i`'s are `roles[starts[i]..starts[i + 1]]`.
    roles: Vec<(usize, Role)>,
    starts: Vec<usize>,
    rules: usize,
}

impl Scanner {
    /// The automaton of the rules' words: an NFA, and a DFA once enough text has been scanned
    /// (it builds slower but scans a large corpus several times faster).
    pub fn new(checks: &[&AttributionCheck]) -> Result<Scanner, String> {
        let mut scanner = Scanner::words_of(checks);
        if !scanner.literals.is_empty() {
            let words = scanner.literals.clone();
            scanner.ac = Some(Upgrading::new(words, true, usize::MAX).map_err(|e| e.to_string())?);
        }
        Ok(scanner)
    }

    /// The rules' words with no search of their own: the engine finds them in the same search
    /// as the phrases (see [`Scanner::record`]).
    pub fn words_of<'a>(checks: &[&'a AttributionCheck]) -> Scanner {
        // Keyed by the word lower-cased, borrowed when it already is (most are).
        let total: usize = checks.iter().map(|c| c.cue_words.len() + c.anchor_words.len() + c.clause_words.len()).sum();
        let mut index: StrMap<Cow<str>, usize> = StrMap::default();
        index.reserve(total);
        let mut pairs: Vec<(usize, (usize, Role))> = Vec::with_capacity(total);
        let mut add = |word: &'a str, who: (usize, Role)| {
            let key = match word.bytes().any(|b| b.is_ascii_uppercase()) {
                true => Cow::Owned(word.to_ascii_lowercase()),
                false => Cow::Borrowed(word),
            };
            let next = index.len();
            pairs.push((*index.entry(key).or_insert(next), who));
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
        // By word, each word's pairs in the order they were given (a counting sort).
        let mut starts = vec![0; index.len() + 1];
        for &(id, _) in &pairs {
            starts[id + 1] += 1;
        }
        let mut sum = 0;
        for n in &mut starts {
            sum += *n;
            *n = sum;
        }
        let mut next = starts.clone();
        let mut roles = vec![(0, Role::Cue); pairs.len()];
        for (id, who) in pairs {
            roles[next[id]] = who;
            next[id] += 1;
        }
        let mut literals = vec![Vec::new(); index.len()];
        for (key, id) in index {
            literals[id] = key.into_owned().into_bytes();
        }
        Scanner { literals, ac: None, roles, starts, rules: checks.len() }
    }

    /// The words to search for, ASCII lower-cased; an occurrence of word `i` is reported to
    /// [`Scanner::record`] as `i`.
    pub fn literals(&self) -> &[Vec<u8>] {
        &self.literals
    }

    /// Nothing found yet, for each rule.
    pub fn empty(&self) -> Vec<Words> {
        (0..self.rules).map(|_| Words::default()).collect()
    }

    /// Files one occurrence of word `word`, in the order of an overlapping search.
    pub fn record(&self, out: &mut [Words], word: usize, span: Span) {
        for &(c, role) in &self.roles[self.starts[word]..self.starts[word + 1]] {
            let w = &mut out[c];
            match role {
                Role::Cue => w.cues.push(span.clone()),
                Role::Anchor => w.anchors.push(span.clone()),
                Role::Clause(i) => w.clauses.push((i, span.clone())),
            }
        }
    }

    /// Keeps the leftmost-longest cues and subject words of what was recorded.
    pub fn finish(out: &mut [Words]) {
        for w in out {
            leftmost_longest(&mut w.cues);
            leftmost_longest(&mut w.anchors);
        }
    }

    /// The words of each rule, in the order the rules were given, from the scanner's own
    /// search (none when it has none).
    pub fn scan(&self, text: &str) -> Vec<Words> {
        let mut out = self.empty();
        if let Some(ac) = &self.ac {
            for m in ac.overlapping(text) {
                self.record(&mut out, m.pattern().as_usize(), m.range());
            }
        }
        Scanner::finish(&mut out);
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
