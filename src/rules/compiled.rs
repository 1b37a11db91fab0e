//! Rule regexes compiled on first use, in two steps. Most of a rule regex's build is its lazy
//! DFA's reverse automaton, and a regex gated to a few short lines or sentences never earns
//! it back: a one-file run would spend most of its time compiling. So a regex is first built
//! without the lazy DFA (the backtracker and the PikeVM are quick on short text), and built
//! again with it once it has searched enough text to repay the cost. Both find the same
//! matches: they are the same regex, run by different engines of one library.

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Bytes a regex searches with its quick build before it gets the lazy DFA.
const UPGRADE_AFTER: usize = 64 << 10;

/// A rule regex, compiled on first use (see the module documentation).
pub struct RuleRegex {
    pattern: String,
    size_limit: usize,
    quick: OnceLock<Option<meta::Regex>>,
    full: OnceLock<Option<meta::Regex>>,
    searched: AtomicUsize,
}

/// Compiles `pattern` as `regex::Regex::new` would (leftmost-first, UTF-8, the same
/// syntax), with or without the lazy DFA; `None` over the size limit.
fn build(pattern: &str, size_limit: usize, dfa: bool) -> Option<meta::Regex> {
    let started = crate::timing::start();
    let config = meta::Config::new()
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(size_limit))
        .hybrid_cache_capacity(super::DFA_CACHE)
        .hybrid(dfa)
        .dfa(dfa);
    let r = meta::Builder::new().configure(config).syntax(syntax::Config::new().utf8(true)).build(pattern).ok();
    // Also counted in the rule's own time: this row says how much of it is compiling.
    crate::timing::checked(crate::timing::COMPILING, started);
    r
}

impl RuleRegex {
    /// `pattern` must already be known to parse (rule loading checks it).
    pub fn new(pattern: String, size_limit: usize) -> Self {
        RuleRegex { pattern, size_limit, quick: OnceLock::new(), full: OnceLock::new(), searched: AtomicUsize::new(0) }
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The build to search `len` more bytes with; `None` when the regex exceeds the size
    /// limit (the quick build reports it: both have the same automaton size).
    fn engine(&self, len: usize) -> Option<&meta::Regex> {
        if let Some(Some(full)) = self.full.get() {
            return Some(full);
        }
        let quick = self.quick.get_or_init(|| build(&self.pattern, self.size_limit, false)).as_ref()?;
        if self.searched.fetch_add(len, Ordering::Relaxed) + len < UPGRADE_AFTER {
            return Some(quick);
        }
        self.full.get_or_init(|| build(&self.pattern, self.size_limit, true)).as_ref().or(Some(quick))
    }

    /// Whether the regex compiles (within its size limit).
    pub fn compiles(&self) -> bool {
        self.engine(0).is_some()
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.engine(haystack.len()).is_some_and(|r| r.is_match(haystack))
    }

    /// The leftmost-first match's span.
    pub fn find(&self, haystack: &str) -> Option<Range<usize>> {
        self.engine(haystack.len())?.find(haystack).map(|m| m.range())
    }

    /// The groups of the leftmost-first match.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let re = self.engine(haystack.len())?;
        let mut caps = re.create_captures();
        re.captures(haystack, &mut caps);
        caps.is_match().then_some(Groups { haystack, caps })
    }

    /// The groups of every successive non-overlapping match.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        self.engine(haystack.len())
            .into_iter()
            .flat_map(move |re| re.captures_iter(haystack).map(move |caps| Groups { haystack, caps }))
    }
}

/// The capture groups of one match.
pub struct Groups<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    /// Group `i` (0 is the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Group<'h>> {
        self.caps.get_group(i).map(|s| Group { haystack: self.haystack, start: s.start, end: s.end })
    }

    /// The group named `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        self.caps.get_group_by_name(name).map(|s| Group { haystack: self.haystack, start: s.start, end: s.end })
    }
}

/// One matched group: its span in the haystack.
#[derive(Clone, Copy, Debug)]
pub struct Group<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_builds_find_what_the_regex_crate_finds() {
        let patterns = [
            r"(?i)(?-u:\b)(?:some|many)\s+(?P<who>analysts?|experts?)\s+(?:say|said)(?-u:\b)",
            r"^(?:(?i:photo:?\s+(\p{Lu}[\w.’-]*)))$",
            r"(?i)\bcookies\b[^.!?]{0,80}\byour (?:browser|consent)",
            r"x*",
        ];
        let texts = [
            "Many analysts said so. Some experts say otherwise; some EXPERTS SAID it twice.",
            "Photo: Reuters",
            "photo:  Ǆemal",
            "We use cookies – in your browser.",
            "naïve xx café",
            "",
        ];
        for p in patterns {
            let expected = regex::Regex::new(p).unwrap();
            let r = RuleRegex::new(p.to_string(), 1 << 20);
            // Quick build first, then (after enough text) the full one: both must agree.
            for round in 0..2 {
                for t in texts {
                    assert_eq!(r.is_match(t), expected.is_match(t), "{p} on {t:?}, round {round}");
                    assert_eq!(r.find(t), expected.find(t).map(|m| m.range()), "{p} on {t:?}");
                    let ours: Vec<Vec<Option<Range<usize>>>> = r
                        .captures_iter(t)
                        .map(|c| (0..expected.captures_len()).map(|i| c.get(i).map(|g| g.range())).collect())
                        .collect();
                    let theirs: Vec<Vec<Option<Range<usize>>>> =
                        expected.captures_iter(t).map(|c| c.iter().map(|g| g.map(|g| g.range())).collect()).collect();
                    assert_eq!(ours, theirs, "{p} on {t:?}");
                }
                r.is_match(&"filler ".repeat(UPGRADE_AFTER / 7 + 1));
                assert!(r.full.get().is_some(), "the lazy DFA is built after enough text");
            }
            assert!(r.quick.get().is_some_and(Option::is_some));
        }
        let named = RuleRegex::new(r"(?P<who>\w+) said".into(), 1 << 20);
        assert_eq!(named.captures("Ann said").and_then(|c| c.name("who")).map(|g| g.as_str()), Some("Ann"));
        assert!(!RuleRegex::new(r"\w{100}{100}".into(), 1 << 10).compiles(), "over the size limit");
    }
}
