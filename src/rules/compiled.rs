//! Rule regexes compiled on first use, in two steps. Most of a rule regex's build is its lazy
//! DFA's reverse automaton, and a regex gated to a few short lines or sentences never earns
//! it back: a one-file run would spend most of its time compiling. So a regex is first built
//! without the lazy DFA (the backtracker and the PikeVM are quick on short text), and built
//! again with it once it has searched enough text to repay the cost. Both find the same
//! matches: they are the same regex, run by different engines of one library.
//!
//! The quick build comes in two widths. Most of the rest of a build is turning Unicode classes
//! (`\w`, `.`, `[^,.;]`) into UTF-8 automata, once per copy in a bounded repetition; but
//! news text is nearly all ASCII, Latin letters and general punctuation. So the first quick
//! build is of the regex with every class cut down to those characters, used only on texts
//! made of them alone, where it matches exactly what the whole regex matches (a class member
//! outside them cannot occur there); any other text gets the full-width quick build. The
//! lazy-DFA build comes in the same two widths, the full-width one only after much more text.
//!
//! The automata of the default rules' regexes are stored in the binary
//! ([`super::known_nfas`]: narrow ones, and full-width ones up to a size) and searched where
//! they lie by [`super::flat`], with no parsing or compiling at all; a haystack too long for
//! that backtracker gets a quick build rebuilt from the stored states.

use super::flat::Flat;
use regex_automata::meta;
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::util::syntax;
use regex_automata::{Input, Match, PatternID};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use std::borrow::Cow;
use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Bytes of narrow text a regex searches with its quick build before it gets the lazy DFA
/// (weighted by the automaton's size: see [`RuleRegex::upgrade_weight`]).
const UPGRADE_AFTER: usize = 64 << 10;
/// Automaton states a narrow stored regex has for each unit of its upgrade weight.
const UPGRADE_STATES: usize = 512;
/// The most a byte counts towards the upgrade.
const UPGRADE_WEIGHT_MAX: usize = 8;
/// The same for other texts. Their full build is the full-width automaton, several times
/// the size (and its lazy DFA often too big for the cache, so slow anyway): it is made only
/// for a corpus with much text outside the narrow characters.
const UPGRADE_WIDE_AFTER: usize = 1 << 20;

/// A rule regex, compiled on first use (see the module documentation).
pub struct RuleRegex {
    pattern: Cow<'static, str>,
    limits: Limits,
    /// Quick build with its classes cut down to [`narrow_text`]'s characters.
    narrow: OnceLock<Option<Quick>>,
    /// The stored narrow automaton, for the flat backtracker; `None` for a pattern not stored.
    stored: OnceLock<Option<Flat>>,
    /// The stored full-width automaton, when there is one.
    stored_wide: OnceLock<Option<Flat>>,
    quick: OnceLock<Option<Quick>>,
    /// The full build for narrow texts, made from the narrow automaton (see [`build`]).
    full_narrow: OnceLock<Option<meta::Regex>>,
    full: OnceLock<Option<meta::Regex>>,
    /// Bytes searched so far, of narrow texts and of others.
    searched: [AtomicUsize; 2],
}

#[cfg(test)]
thread_local! {
    /// The patterns of the rule regexes made on this thread (see `known_nfas`).
    pub(crate) static MADE: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How big a regex's automaton may be, and its lazy DFA's cache.
#[derive(Clone, Copy)]
struct Limits {
    nfa: usize,
    cache: usize,
}

/// `regex::Regex`'s own limits, for the program's own regexes.
const REGEX_DEFAULTS: Limits = Limits { nfa: 10 << 20, cache: 2 << 20 };

/// The syntax `regex::Regex::new` reads: every build of a rule regex parses with it.
fn syntax_config() -> syntax::Config {
    syntax::Config::new().utf8(true)
}

/// Compiles `pattern` as `regex::Regex::new` would (leftmost-first, UTF-8, the same
/// syntax), lazy DFA included; `None` over the size limit. `narrow`: with its classes cut
/// down as for the narrow quick build, for narrow texts only: the full-width automaton of a
/// case-insensitive Unicode pattern is several times bigger, and so is the lazy-DFA cache
/// it needs (see [`super::DFA_CACHE`]).
fn build(pattern: &str, limits: Limits, narrow: bool) -> Option<meta::Regex> {
    let started = crate::timing::start();
    let config = meta::Config::new()
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(limits.nfa))
        .hybrid_cache_capacity(limits.cache);
    let mut builder = meta::Builder::new();
    builder.configure(config).syntax(syntax_config());
    let r = if narrow { builder.build_from_hir(&narrow_hir(pattern)?) } else { builder.build(pattern) }.ok();
    // Also counted in the rule's own time: this row says how much of it is compiling.
    crate::timing::checked(crate::timing::COMPILING, started);
    r
}

/// The characters of a narrow text: ASCII, Latin-1, Latin Extended-A and -B, general
/// punctuation (curly quotes, dashes, ellipsis) and currency signs.
const NARROW: [(char, char); 2] = [('\0', '\u{24F}'), ('\u{2000}', '\u{20CF}')];

/// Is every character of `text` one a narrow build handles? Asked before every search, so
/// read by bytes: in UTF-8 the non-ASCII characters of [`NARROW`] are C2-C8 xx, C9 80-8F,
/// E2 80-82 xx and E2 83 80-8F.
pub(crate) fn narrow_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(k) = crate::document::chars::first_non_ascii(&bytes[i..]) {
        i += k;
        let at = |j: usize| bytes.get(i + j).copied().unwrap_or(0);
        i += match (at(0), at(1)) {
            (0xC2..=0xC8, _) | (0xC9, 0x80..=0x8F) => 2,
            (0xE2, 0x80..=0x82) => 3,
            (0xE2, 0x83) if at(2) <= 0x8F => 3,
            _ => return false,
        };
    }
    true
}

/// `hir` with every Unicode class intersected with `keep`; the rest as it was.
fn narrowed(hir: &Hir, keep: &ClassUnicode) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(keep);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(narrowed(&r.sub, keep)),
        }),
        HirKind::Capture(c) => {
            Hir::capture(hir::Capture { index: c.index, name: c.name.clone(), sub: Box::new(narrowed(&c.sub, keep)) })
        }
        HirKind::Concat(v) => Hir::concat(v.iter().map(|h| narrowed(h, keep)).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(|h| narrowed(h, keep)).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) | HirKind::Look(_) => hir.clone(),
    }
}

/// `pattern` (parsed as [`build`] parses it) with its classes cut down to the characters of
/// [`narrow_text`].
fn narrow_hir(pattern: &str) -> Option<Hir> {
    let keep = ClassUnicode::new(NARROW.map(|(a, b)| ClassUnicodeRange::new(a, b)));
    syntax::parse_with(pattern, &syntax_config()).ok().map(|h| narrowed(&h, &keep))
}

/// The forward automaton [`build`] makes for `hir` (the same options): all the quick engines
/// need.
fn nfa(hir: &Hir, size_limit: usize) -> Option<NFA> {
    let config = thompson::Config::new()
        .utf8(true)
        .reverse(false)
        .nfa_size_limit(Some(size_limit))
        .shrink(false)
        .which_captures(WhichCaptures::All);
    thompson::Compiler::new().configure(config).build_from_hir(hir).ok()
}

/// The narrow automaton of `pattern`, compiled now.
pub(crate) fn narrow_nfa(pattern: &str, size_limit: usize) -> Option<NFA> {
    nfa(&narrow_hir(pattern)?, size_limit)
}

/// The full-width automaton of `pattern`, compiled now.
pub(crate) fn wide_nfa(pattern: &str, size_limit: usize) -> Option<NFA> {
    nfa(&syntax::parse_with(pattern, &syntax_config()).ok()?, size_limit)
}

/// A quick build: narrow ones come from the table of the default rules' automata when the
/// pattern is there.
fn build_quick(pattern: &str, limits: Limits, narrow: bool) -> Option<Quick> {
    let started = crate::timing::start();
    let nfa = if narrow {
        super::known_nfas::lookup(pattern, limits.nfa).or_else(|| narrow_nfa(pattern, limits.nfa))
    } else {
        wide_nfa(pattern, limits.nfa)
    };
    let q = nfa.and_then(Quick::new);
    crate::timing::checked(crate::timing::COMPILING, started);
    q
}

/// The caches of a quick build's two engines, one per thread at a time.
struct QuickCache {
    pikevm: pikevm::Cache,
    backtrack: backtrack::Cache,
}

type MakeCache = Box<dyn Fn() -> QuickCache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The engines `regex`'s own meta regex runs when it has no DFA, chosen as it chooses
/// them: the bounded backtracker where the haystack is short enough, else the PikeVM. Built
/// from an automaton directly, so that one can come from the table.
struct Quick {
    pikevm: PikeVM,
    backtrack: BoundedBacktracker,
    pool: Pool<QuickCache, MakeCache>,
}

impl Quick {
    fn new(nfa: NFA) -> Option<Quick> {
        let pikevm = PikeVM::new_from_nfa(nfa.clone()).ok()?;
        let backtrack = BoundedBacktracker::new_from_nfa(nfa).ok()?;
        let (p, b) = (pikevm.clone(), backtrack.clone());
        let make: MakeCache = Box::new(move || QuickCache { pikevm: p.create_cache(), backtrack: b.create_cache() });
        Some(Quick { pikevm, backtrack, pool: Pool::new(make) })
    }

    /// Whether the backtracker serves `input` (the rule of `regex`'s meta regex: it cannot
    /// give up early, so it runs an earliest-match search only on short haystacks).
    fn backtracks(&self, input: &Input<'_>) -> bool {
        !(input.get_earliest() && input.haystack().len() > 128)
            && input.get_span().len() <= self.backtrack.max_haystack_len()
    }

    fn search_slots(
        &self,
        cache: &mut QuickCache,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<PatternID> {
        if self.backtracks(input) {
            if let Ok(pid) = self.backtrack.try_search_slots(&mut cache.backtrack, input, slots) {
                return pid;
            }
        }
        self.pikevm.search_slots(&mut cache.pikevm, input, slots)
    }

    fn search(&self, cache: &mut QuickCache, input: &Input<'_>) -> Option<Match> {
        let mut slots = [None, None];
        let pid = self.search_slots(cache, input, &mut slots)?;
        Some(Match::new(pid, slots[0]?.get()..slots[1]?.get()))
    }

    fn search_captures(&self, cache: &mut QuickCache, input: &Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        let pid = self.search_slots(cache, input, caps.slots_mut());
        caps.set_pattern(pid);
    }

    fn is_match(&self, haystack: &str) -> bool {
        self.search_slots(&mut self.pool.get(), &Input::new(haystack).earliest(true), &mut []).is_some()
    }

    fn find(&self, haystack: &str) -> Option<Match> {
        self.search(&mut self.pool.get(), &Input::new(haystack))
    }

    fn find_all(&self, haystack: &str) -> Vec<Match> {
        let mut cache = self.pool.get();
        every_match(haystack, |input| self.search(&mut cache, input))
    }

    fn create_captures(&self) -> Captures {
        Captures::all(self.pikevm.get_nfa().group_info().clone())
    }

    fn captures(&self, haystack: &str) -> Captures {
        let mut caps = self.create_captures();
        self.search_captures(&mut self.pool.get(), &Input::new(haystack), &mut caps);
        caps
    }

    fn captures_all(&self, haystack: &str) -> Vec<Captures> {
        let mut cache = self.pool.get();
        every_captures(haystack, self.create_captures(), |input, caps| self.search_captures(&mut cache, input, caps))
    }
}

/// Every successive non-overlapping match `find` finds, as `regex` iterates them (an empty
/// match right after the previous one is skipped).
fn every_match(haystack: &str, mut find: impl FnMut(&Input<'_>) -> Option<Match>) -> Vec<Match> {
    let mut it = Searcher::new(Input::new(haystack));
    std::iter::from_fn(|| it.advance(|input| Ok(find(input)))).collect()
}

/// [`every_match`] with the groups `fill` writes into `caps`.
fn every_captures(
    haystack: &str,
    mut caps: Captures,
    mut fill: impl FnMut(&Input<'_>, &mut Captures),
) -> Vec<Captures> {
    let mut it = Searcher::new(Input::new(haystack));
    std::iter::from_fn(|| {
        it.advance(|input| {
            fill(input, &mut caps);
            Ok(caps.get_match())
        })?;
        Some(caps.clone())
    })
    .collect()
}

/// The build a search runs on.
enum Built<'r> {
    Full(&'r meta::Regex),
    Quick(&'r Quick),
    Flat(&'r Flat),
}

impl Flat {
    fn find_match(&self, input: &Input<'_>) -> Option<Match> {
        let mut slots = [None, None];
        self.search(input, &mut slots)?;
        Some(Match::new(PatternID::ZERO, slots[0]?.get()..slots[1]?.get()))
    }

    fn find_all(&self, haystack: &str) -> Vec<Match> {
        every_match(haystack, |input| self.find_match(input))
    }

    fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        let found = self.search(input, caps.slots_mut()).is_some();
        caps.set_pattern(found.then_some(PatternID::ZERO));
    }

    fn captures(&self, haystack: &str) -> Captures {
        let mut caps = Captures::all(self.group_info().clone());
        self.search_captures(&Input::new(haystack), &mut caps);
        caps
    }

    fn captures_all(&self, haystack: &str) -> Vec<Captures> {
        every_captures(haystack, Captures::all(self.group_info().clone()), |input, caps| {
            self.search_captures(input, caps)
        })
    }
}

impl std::fmt::Debug for RuleRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RuleRegex").field(&self.pattern).finish()
    }
}

impl RuleRegex {
    /// `pattern` must already be known to parse (rule loading checks it).
    pub fn new(pattern: String, size_limit: usize) -> Self {
        RuleRegex::with_cache(pattern, size_limit, super::DFA_CACHE)
    }

    /// [`RuleRegex::new`] with a lazy-DFA cache of `cache` bytes per thread and direction.
    pub fn with_cache(pattern: String, size_limit: usize, cache: usize) -> Self {
        #[cfg(test)]
        MADE.with(|m| m.borrow_mut().push(pattern.clone()));
        RuleRegex::with(Cow::Owned(pattern), Limits { nfa: size_limit, cache })
    }

    /// A regex of the program's own, for a `static`: it costs nothing until first used, and
    /// then only its quick build until it has searched enough text (a one-file run is mostly
    /// compiling otherwise). Its limits are `regex::Regex`'s.
    pub const fn fixed(pattern: &'static str) -> Self {
        RuleRegex::with(Cow::Borrowed(pattern), REGEX_DEFAULTS)
    }

    /// [`RuleRegex::fixed`] for a pattern put together at run time.
    pub fn own(pattern: String) -> Self {
        #[cfg(test)]
        MADE.with(|m| m.borrow_mut().push(pattern.clone()));
        RuleRegex::with(Cow::Owned(pattern), REGEX_DEFAULTS)
    }

    const fn with(pattern: Cow<'static, str>, limits: Limits) -> Self {
        RuleRegex {
            pattern,
            limits,
            narrow: OnceLock::new(),
            stored: OnceLock::new(),
            stored_wide: OnceLock::new(),
            quick: OnceLock::new(),
            full_narrow: OnceLock::new(),
            full: OnceLock::new(),
            searched: [AtomicUsize::new(0), AtomicUsize::new(0)],
        }
    }

    /// Has any build been made yet?
    #[cfg(test)]
    pub fn built(&self) -> bool {
        self.narrow.get().is_some()
            || self.quick.get().is_some()
            || self.full.get().is_some()
            || self.full_narrow.get().is_some()
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The build to search `haystack` with; `None` when the regex exceeds the size limit (the
    /// quick builds report it: they have the automaton the full one has, or a smaller one).
    fn engine(&self, haystack: &str) -> Option<Built<'_>> {
        self.engine_for(haystack, narrow_text(haystack))
    }

    /// [`RuleRegex::engine`], told whether `haystack` is [`narrow_text`].
    fn engine_for(&self, haystack: &str, narrow: bool) -> Option<Built<'_>> {
        let (full, searched, after) = if narrow {
            (&self.full_narrow, &self.searched[0], UPGRADE_AFTER)
        } else {
            (&self.full, &self.searched[1], UPGRADE_WIDE_AFTER)
        };
        if let Some(Some(full)) = full.get() {
            return Some(Built::Full(full));
        }
        let cost = haystack.len() * self.upgrade_weight(narrow);
        if searched.fetch_add(cost, Ordering::Relaxed) + cost >= after {
            if let Some(full) = full.get_or_init(|| build(&self.pattern, self.limits, narrow)) {
                return Some(Built::Full(full));
            }
        }
        if let Some(flat) = self.stored(narrow).as_ref().filter(|f| f.fits(haystack.len())) {
            return Some(Built::Flat(flat));
        }
        let cell = if narrow { &self.narrow } else { &self.quick };
        cell.get_or_init(|| build_quick(&self.pattern, self.limits, narrow)).as_ref().map(Built::Quick)
    }

    /// How much each byte searched counts towards the lazy-DFA upgrade: 1, or for a narrow
    /// stored automaton, its states over [`UPGRADE_STATES`], at most [`UPGRADE_WEIGHT_MAX`].
    /// The backtracker's cost grows with the automaton, the DFA's does not: the share bar's
    /// regex (3,400 states, weight 6), the attribution rules' subject-verb ones (1,600-2,200)
    /// and the copyright line's (1,100) took 5-12 µs a line or sentence on it. One article
    /// still stays on the backtracker: the development set's largest page (100 KB) builds no
    /// lazy DFA, as before.
    fn upgrade_weight(&self, narrow: bool) -> usize {
        if !narrow {
            return 1;
        }
        self.stored(narrow).as_ref().map_or(1, |f| (f.len() / UPGRADE_STATES).clamp(1, UPGRADE_WEIGHT_MAX))
    }

    /// The flat automaton for texts of the narrow characters (`narrow`) or any, read on
    /// first use; `None` when the pattern has no stored NFA.
    fn stored(&self, narrow: bool) -> &Option<Flat> {
        let stored = if narrow { &self.stored } else { &self.stored_wide };
        stored.get_or_init(|| {
            let started = crate::timing::start();
            let flat = super::known_nfas::flat(&self.pattern, narrow);
            crate::timing::checked(crate::timing::COMPILING, started);
            flat
        })
    }

    /// No match can start in `haystack`: the regex is anchored at its start and the first
    /// byte cannot begin a match (read off the flat automaton's start). The whole-line rules
    /// ask of every short line their gate lets through, and most lines fail at the first
    /// byte; a search of any build costs a few hundred nanoseconds before it reads one.
    fn cannot_start(&self, haystack: &str, narrow: bool) -> bool {
        self.stored(narrow).as_ref().is_some_and(|f| f.rules_out_start(haystack.as_bytes()))
    }

    /// Whether the regex compiles (within its size limit).
    pub fn compiles(&self) -> bool {
        self.engine("").is_some()
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        let narrow = narrow_text(haystack);
        if self.cannot_start(haystack, narrow) {
            return false;
        }
        match self.engine_for(haystack, narrow) {
            Some(Built::Full(re)) => re.is_match(haystack),
            Some(Built::Quick(q)) => q.is_match(haystack),
            Some(Built::Flat(f)) => f.search(&Input::new(haystack).earliest(true), &mut []).is_some(),
            None => false,
        }
    }

    /// The leftmost-first match's span.
    pub fn find(&self, haystack: &str) -> Option<Range<usize>> {
        match self.engine(haystack)? {
            Built::Full(re) => re.find(haystack),
            Built::Quick(q) => q.find(haystack),
            Built::Flat(f) => f.find_match(&Input::new(haystack)),
        }
        .map(|m| m.range())
    }

    /// Every successive non-overlapping match.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Group<'h>> + 'r
    where
        'h: 'r,
    {
        let (full, quick) = match self.engine(haystack) {
            Some(Built::Full(re)) => (Some(re.find_iter(haystack)), None),
            Some(Built::Quick(q)) => (None, Some(q.find_all(haystack))),
            Some(Built::Flat(f)) => (None, Some(f.find_all(haystack))),
            None => (None, None),
        };
        full.into_iter().flatten().chain(quick.into_iter().flatten()).map(move |m| Group {
            haystack,
            start: m.start(),
            end: m.end(),
        })
    }

    /// The groups of the leftmost-first match.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let caps = match self.engine(haystack)? {
            Built::Full(re) => {
                let mut caps = re.create_captures();
                re.captures(haystack, &mut caps);
                caps
            }
            Built::Quick(q) => q.captures(haystack),
            Built::Flat(f) => f.captures(haystack),
        };
        caps.is_match().then_some(Groups { haystack, caps })
    }

    /// The groups of every successive non-overlapping match.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        let (full, quick) = match self.engine(haystack) {
            Some(Built::Full(re)) => (Some(re.captures_iter(haystack)), None),
            Some(Built::Quick(q)) => (None, Some(q.captures_all(haystack))),
            Some(Built::Flat(f)) => (None, Some(f.captures_all(haystack))),
            None => (None, None),
        };
        full.into_iter().flatten().chain(quick.into_iter().flatten()).map(move |caps| Groups { haystack, caps })
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

    /// The byte reading of [`narrow_text`] agrees with the character ranges, for every
    /// character alone and between ASCII letters.
    #[test]
    fn narrow_text_by_bytes_is_by_ranges() {
        let by_ranges = |t: &str| t.chars().all(|c| NARROW.iter().any(|&(a, b)| (a..=b).contains(&c)));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let t = format!("a{c}b");
            assert_eq!(narrow_text(&t), by_ranges(&t), "{c:?}");
        }
        assert!(narrow_text("") && narrow_text("naïve “café” – €5") && !narrow_text("Łódź ɐ"));
    }

    #[test]
    fn narrow_texts_are_those_of_latin_letters_and_punctuation() {
        assert!(narrow_text("Plain ASCII, and café, Łódź, “quotes” – dashes… €5"));
        assert!(!narrow_text("Ελλάδα") && !narrow_text("東京") && !narrow_text("\u{212A}elvin"));
    }

    /// A regex with a large stored automaton gets the lazy DFA after a fraction of the text a
    /// small one searches first; one small article's worth of text upgrades neither.
    #[test]
    fn large_automata_upgrade_sooner() {
        let size = |p: &str| super::super::known_nfas::flat(p, true).map_or(0, |f| f.len());
        let mut stored: Vec<&str> = super::super::known_nfas::stored_patterns().collect();
        stored.sort_by_key(|p| size(p));
        let (small, large) = (stored[0], stored[stored.len() - 1]);
        assert!(size(small) < UPGRADE_STATES);
        let (small, large) = (RuleRegex::own(small.to_string()), RuleRegex::own(large.to_string()));
        let weight = large.upgrade_weight(true);
        assert!(small.upgrade_weight(true) == 1 && weight >= 4, "{weight}");
        assert_eq!(large.upgrade_weight(false), 1, "full-width texts count bytes alone");
        let line = "Filler text of a page, line after line. ";
        let article = UPGRADE_AFTER / UPGRADE_WEIGHT_MAX / 2;
        for r in [&small, &large] {
            for _ in 0..article / line.len() {
                r.find(line);
            }
            assert!(r.full_narrow.get().is_none(), "{}: not upgraded by one article", r.pattern());
        }
        for _ in 0..(UPGRADE_AFTER / weight - article) / line.len() + 2 {
            small.find(line);
            large.find(line);
        }
        assert!(large.full_narrow.get().is_some(), "the large automaton is upgraded");
        assert!(small.full_narrow.get().is_none(), "the small one is not yet");
    }

    #[test]
    fn all_builds_find_what_the_regex_crate_finds() {
        let patterns = [
            r"(?i)(?-u:\b)(?:some|many)\s+(?P<who>analysts?|experts?)\s+(?:say|said)(?-u:\b)",
            r"^(?:(?i:photo:?\s+(\p{Lu}[\w.’-]*)))$",
            r"(?i)\bcookies\b[^.!?]{0,80}\byour (?:browser|consent)",
            r"x*",
            r"(?i)^[^.!?]{0,12}\b(\p{Lu}\w+)\s+(?:said|says)\b.{0,20}$",
            r"[\p{L})],[\p{L}(]",
        ];
        let texts = [
            "Many analysts said so. Some experts say otherwise; some EXPERTS SAID it twice.",
            "Photo: Reuters",
            "photo:  Ǆemal",
            "We use cookies – in your browser.",
            "naïve xx café",
            "",
            "Then Łukasz said “yes” – twice.",
            "Ελλάδα, Ωmega said no; 日本,東京 says",
            "Kelvin \u{212A} and long \u{17F}aid: KELVIN said",
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
                r.is_match(&"fillжr ".repeat(UPGRADE_WIDE_AFTER / 8 + 1));
                assert!(r.full_narrow.get().is_some(), "the narrow lazy DFA is built after enough text");
                assert!(r.full.get().is_some(), "so is the full-width one");
            }
            let stored = r.stored.get().is_some_and(Option::is_some);
            assert!(stored || r.narrow.get().is_some_and(Option::is_some), "a narrow build served the narrow texts");
            let stored_wide = r.stored_wide.get().is_some_and(Option::is_some);
            assert!(stored_wide || r.quick.get().is_some_and(Option::is_some), "a full-width one the others");
        }
        let named = RuleRegex::new(r"(?P<who>\w+) said".into(), 1 << 20);
        assert_eq!(named.captures("Ann said").and_then(|c| c.name("who")).map(|g| g.as_str()), Some("Ann"));
        assert!(!RuleRegex::new(r"\w{100}{100}".into(), 1 << 10).compiles(), "over the size limit");
    }
}
