//! Cheap gates in front of costly regexes. A regex with a long alternation or a bounded
//! repetition (`.{10,600}`) is slow even when it fails, and most text fails it; but nearly
//! every such rule needs some literal word ("photo", "cookies") to match at all. We read the
//! literals every match must contain from the regex's syntax tree and look for them with one
//! aho-corasick scan; the regex itself is compiled on first use, so a rule that never meets a
//! candidate line costs nothing to load or run.

use crate::document::Document;
use crate::rules::compiled::{Group, RuleRegex};
use aho_corasick::automaton::Automaton as _;
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input};
use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Most literals one set may hold (case variants of non-ASCII letters multiply them).
const MAX_LITERALS: usize = 512;
/// Largest character class still treated as a choice of literals (`[.)]`, `[Kk\u{212A}]`).
const MAX_CLASS: u32 = 10;

/// A literal a match must contain. `folded` literals came from case-insensitive letters:
/// they are stored lower-cased and found ASCII-case-insensitively; the others exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Literal {
    pub bytes: Vec<u8>,
    pub folded: bool,
    /// A word boundary (`\b`) sits right before / right after the literal in the pattern, so
    /// a hit inside a longer word ("mar" in "smarter") cannot be part of a match.
    pub bounded: (bool, bool),
}

impl Literal {
    fn new(bytes: Vec<u8>, folded: bool) -> Literal {
        Literal { bytes, folded, bounded: (false, false) }
    }
}

/// Literals of which every match of `pattern` contains at least one; `None` when no such
/// finite set was found. Read from the syntax tree before translation: translating Unicode
/// classes under `(?i)` costs about a millisecond a rule, which start-up cannot afford.
pub fn required(pattern: &str) -> Option<Vec<Literal>> {
    clauses(pattern).and_then(|c| c.into_iter().next())
}

/// Sets of literals every match of `pattern` contains one of each: a conjunction, the most
/// selective set first. A rule asking for "cookies" and then "your browser" needs both words,
/// and a line with only one of them is ruled out without compiling the regex.
pub fn clauses(pattern: &str) -> Option<Vec<Vec<Literal>>> {
    #[cfg(test)]
    SEEN.with(|s| s.borrow_mut().push(pattern.to_string()));
    match super::known_literals::lookup(pattern) {
        Some(encoded) => decode(encoded),
        None => read_clauses(pattern),
    }
}

#[cfg(test)]
thread_local! {
    /// Every pattern [`clauses`] was asked about on this thread, for the table's test.
    static SEEN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Separates the sets, and the literals of a set, in the table's encoding.
const SET_END: char = '\u{1e}';
const LITERAL_END: char = '\u{1f}';

/// The table's text for `clauses` of a pattern: each literal as a digit for its flags
/// (folded, boundary before, after) and its text, ended by [`LITERAL_END`]; each set ended by
/// [`SET_END`]; no sets when there are none. `None` when a literal cannot be written so.
#[cfg(test)]
fn encode(clauses: &Option<Vec<Vec<Literal>>>) -> Option<String> {
    let mut out = String::new();
    for set in clauses.iter().flatten() {
        for l in set {
            let text = std::str::from_utf8(&l.bytes).ok().filter(|t| !t.contains([SET_END, LITERAL_END]))?;
            let flags = u8::from(l.folded) | u8::from(l.bounded.0) << 1 | u8::from(l.bounded.1) << 2;
            out.push(char::from(b'0' + flags));
            out.push_str(text);
            out.push(LITERAL_END);
        }
        out.push(SET_END);
    }
    Some(out)
}

fn decode(encoded: &str) -> Option<Vec<Vec<Literal>>> {
    let sets: Vec<Vec<Literal>> = encoded
        .split_terminator(SET_END)
        .map(|set| {
            set.split_terminator(LITERAL_END)
                .map(|l| {
                    let flags = l.as_bytes()[0] - b'0';
                    let bounded = (flags & 2 != 0, flags & 4 != 0);
                    Literal { bytes: l.as_bytes()[1..].to_vec(), folded: flags & 1 != 0, bounded }
                })
                .collect()
        })
        .collect();
    (!sets.is_empty()).then_some(sets)
}

/// [`clauses`], read from the pattern's syntax tree.
fn read_clauses(pattern: &str) -> Option<Vec<Vec<Literal>>> {
    let ast = regex_syntax::ast::parse::Parser::new().parse(pattern).ok()?;
    let sets = required_ast(&ast, Flags::default(), (false, false))?;
    let valid = |set: &Vec<Literal>| !set.is_empty() && set.iter().all(|l| !l.bytes.is_empty());
    valid(&sets[0]).then(|| sets.into_iter().filter(valid).collect())
}

/// The flags that change what a literal matches. Both only ever widen the literal sets,
/// so when unsure (a flag set in one branch of an alternation) they are taken as on.
#[derive(Clone, Copy, Default)]
struct Flags {
    /// Case-insensitive: letters are found in any case.
    ci: bool,
    /// Unicode may be off: a non-ASCII literal may stand for a byte.
    bytes: bool,
}

impl Flags {
    /// `scoped` flags (`(?i:...)`) are exact; flags set mid-group only ever switch on.
    fn apply(mut self, f: &ast::Flags, scoped: bool) -> Flags {
        match f.flag_state(ast::Flag::CaseInsensitive) {
            Some(on) if scoped => self.ci = on,
            Some(true) => self.ci = true,
            _ => {}
        }
        if f.flag_state(ast::Flag::Unicode) == Some(false) {
            self.bytes = true;
        }
        self
    }
}

/// What one character matches, as literals (with its case variants when case-insensitive).
fn char_literals(c: char, f: Flags) -> Option<Vec<Literal>> {
    if f.bytes && !c.is_ascii() {
        return None;
    }
    if !f.ci || !(c.is_alphabetic()) {
        return Some(vec![Literal::new(c.to_string().into_bytes(), false)]);
    }
    if !c.is_ascii() {
        // Folding one character is cheap (it is whole classes that are not).
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        let n: u32 = class.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
        if n > MAX_CLASS {
            return None;
        }
        let chars = class.ranges().iter().flat_map(|r| r.start()..=r.end());
        return Some(chars.map(|c| Literal::new(c.to_string().into_bytes(), false)).collect());
    }
    // The only non-ASCII members of ASCII letters' case classes, the Kelvin sign and long s,
    // are not literals (they would double the literals of every word with a k or an s): a
    // text that holds one opens every gate instead (see [`odd_case`]).
    Some(vec![Literal::new(vec![c.to_ascii_lowercase() as u8], true)])
}

/// Does `text` hold the Kelvin sign or long s, which `(?i)` matches for k and s but the
/// gates' ASCII-case-insensitive literals do not? Such a text is never ruled out.
fn odd_case(text: &str) -> bool {
    // ſ is C5 BF and K is E2 84 AA: one search for both first bytes, asked of every short
    // line (two `contains` searched for last bytes that many characters share).
    let b = text.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, b).any(|i| match b[i] {
        0xC5 => b.get(i + 1) == Some(&0xBF),
        _ => b.get(i + 1..i + 3) == Some(&[0x84, 0xAA][..]),
    })
}

/// The alternatives of one fixed-width element: a literal, or a small bracketed class.
fn unit(a: &Ast, f: Flags) -> Option<Vec<Literal>> {
    let chars: Vec<char> = match a {
        Ast::Literal(l) => vec![l.c],
        Ast::ClassBracketed(c) if !c.negated => {
            let items = match &c.kind {
                ast::ClassSet::Item(ast::ClassSetItem::Union(u)) => u.items.iter().collect(),
                ast::ClassSet::Item(i) => vec![i],
                ast::ClassSet::BinaryOp(_) => return None,
            };
            let mut chars = Vec::new();
            for i in items {
                match i {
                    ast::ClassSetItem::Literal(l) => chars.push(l.c),
                    ast::ClassSetItem::Range(r) if (r.end.c as u32).saturating_sub(r.start.c as u32) < MAX_CLASS => {
                        chars.extend(r.start.c..=r.end.c)
                    }
                    _ => return None,
                }
                if chars.len() > MAX_CLASS as usize {
                    return None;
                }
            }
            chars
        }
        _ => return None,
    };
    let mut out = Vec::new();
    for c in chars {
        out.extend(char_literals(c, f)?);
    }
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// How useful a set is as a gate: longer shortest literal first, then sets without a bare
/// punctuation mark (a `.` or `:` is in nearly every line; a digit is not), then exact ones,
/// then fewer.
fn score(set: &[Literal]) -> (usize, bool, bool, std::cmp::Reverse<usize>) {
    let min = set.iter().map(|l| l.bytes.len()).min().unwrap_or(0);
    let punctuation = set.iter().any(|l| l.bytes.iter().all(|b| b.is_ascii_punctuation() || b.is_ascii_whitespace()));
    (min.min(5), !punctuation, set.iter().all(|l| !l.folded), std::cmp::Reverse(set.len()))
}

/// Flags set inside any branch hold for the later branches too: take them for all.
fn branch_flags(asts: &[Ast], mut f: Flags) -> Flags {
    for a in asts {
        let items: &[Ast] = match a {
            Ast::Concat(c) => &c.asts,
            other => std::slice::from_ref(other),
        };
        for i in items {
            if let Ast::Flags(s) = i {
                f = f.apply(&s.flags, false);
            }
        }
    }
    f
}

/// Most sets one pattern's conjunction keeps: each more is one more scan target.
const MAX_CLAUSES: usize = 3;

/// Whether a set is selective enough to be worth a place after the best one: no literal
/// shorter than three bytes unless all are digits, and no bare punctuation (a letter or a
/// full stop is in nearly every line; a digit is not).
fn selective(set: &[Literal]) -> bool {
    let (min, plain, _, _) = score(set);
    let digits = set.iter().all(|l| l.bytes.iter().all(u8::is_ascii_digit));
    (min >= 3 || digits) && plain && set.len() <= 64
}

/// The best set first, then up to [`MAX_CLAUSES`] - 1 other selective ones.
fn choose(mut sets: Vec<Vec<Literal>>) -> Option<Vec<Vec<Literal>>> {
    sets.retain(|s| !s.is_empty());
    // Stable: of equally good sets, the first in the pattern leads.
    sets.sort_by_key(|s| std::cmp::Reverse(score(s)));
    let mut out: Vec<Vec<Literal>> = Vec::new();
    for s in sets {
        if out.is_empty() || (out.len() < MAX_CLAUSES && selective(&s) && !out.contains(&s)) {
            out.push(s);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Is `a` a word-boundary assertion: `\b`, or `(?-u:\b)` as ASCII boundaries are written?
fn is_boundary(a: &Ast) -> bool {
    match a {
        Ast::Assertion(x) => x.kind == ast::AssertionKind::WordBoundary,
        Ast::Group(g) => is_boundary(&g.ast),
        _ => false,
    }
}

/// Takes no room in a match: a flag group, an empty piece or an assertion (grouped or not).
fn zero_width(a: &Ast) -> bool {
    match a {
        Ast::Flags(_) | Ast::Empty(_) | Ast::Assertion(_) => true,
        Ast::Group(g) => matches!(&*g.ast, Ast::Empty(_) | Ast::Assertion(_)),
        _ => false,
    }
}

/// Marks the literals of `set` as having a word boundary before (`edge.0`) and after (`edge.1`).
fn bound(mut set: Vec<Literal>, edge: (bool, bool)) -> Vec<Literal> {
    for l in &mut set {
        l.bounded = (l.bounded.0 || edge.0, l.bounded.1 || edge.1);
    }
    set
}

/// The literal sets every match of `a` needs one of each (see [`clauses`]), best first.
/// `edge`: whether a word boundary sits right before and right after `a` in the pattern.
fn required_ast(a: &Ast, f: Flags, edge: (bool, bool)) -> Option<Vec<Vec<Literal>>> {
    match a {
        Ast::Literal(_) | Ast::ClassBracketed(_) => unit(a, f).map(|u| vec![bound(u, edge)]),
        Ast::Group(g) => {
            let f = match &g.kind {
                ast::GroupKind::NonCapturing(flags) => f.apply(flags, true),
                _ => f,
            };
            required_ast(&g.ast, f, edge)
        }
        Ast::Repetition(r) => {
            let (min, max) = match r.op.kind {
                ast::RepetitionKind::OneOrMore => (1, None),
                ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n)) => (n, Some(n)),
                ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n)) => (n, None),
                ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(n, m)) => (n, Some(m)),
                _ => (0, None),
            };
            // Only a single copy keeps the boundaries around it.
            let edge = if max == Some(1) { edge } else { (false, false) };
            (min >= 1).then(|| required_ast(&r.ast, f, edge)).flatten()
        }
        Ast::Alternation(alt) => {
            // Any one branch may be the one that matched: a set holds for the whole when it
            // takes one set from every branch. Candidates: each branch's k-th set (its best
            // when it has fewer), for each k, so a digit every branch needs is found even
            // where a month name ranks first in one of them.
            let f = branch_flags(&alt.asts, f);
            let branches: Vec<Vec<Vec<Literal>>> =
                alt.asts.iter().map(|a| required_ast(a, f, edge)).collect::<Option<_>>()?;
            let deepest = branches.iter().map(Vec::len).max().unwrap_or(0);
            let mut candidates = Vec::new();
            for k in 0..deepest {
                let mut union: Vec<Literal> = Vec::new();
                for b in &branches {
                    union.extend(b.get(k).unwrap_or(&b[0]).iter().cloned());
                }
                union.sort();
                union.dedup();
                if union.len() <= MAX_LITERALS {
                    candidates.push(union);
                }
            }
            choose(candidates)
        }
        Ast::Concat(c) => {
            // Every part's sets hold; runs of adjacent fixed pieces join into longer literals
            // (zero-width parts do not break a run).
            let parts = &c.asts;
            // Is there a word boundary between part i and the piece before / after it?
            let before = |i: usize| {
                let mut j = i;
                while j > 0 && zero_width(&parts[j - 1]) {
                    if is_boundary(&parts[j - 1]) {
                        return true;
                    }
                    j -= 1;
                }
                j == 0 && edge.0
            };
            let after = |i: usize| {
                let mut j = i + 1;
                while j < parts.len() && zero_width(&parts[j]) {
                    if is_boundary(&parts[j]) {
                        return true;
                    }
                    j += 1;
                }
                j == parts.len() && edge.1
            };
            let mut f = f;
            let mut sets: Vec<Vec<Literal>> = Vec::new();
            // The run being joined, and where it started and last grew.
            let mut run: Vec<Literal> = Vec::new();
            let (mut first, mut last) = (0, 0);
            let close = |run: Vec<Literal>, first: usize, last: usize| bound(run, (before(first), after(last)));
            for (i, p) in parts.iter().enumerate() {
                if let Ast::Flags(s) = p {
                    f = f.apply(&s.flags, false);
                    continue;
                }
                if zero_width(p) {
                    continue;
                }
                match unit(p, f) {
                    Some(u) => {
                        if run.is_empty() {
                            (run, first) = (u, i);
                        } else if run.len() * u.len() > MAX_LITERALS {
                            sets.push(close(std::mem::replace(&mut run, u), first, last));
                            first = i;
                        } else {
                            run = run
                                .iter()
                                .flat_map(|a| {
                                    u.iter().map(move |b| {
                                        Literal::new([a.bytes.as_slice(), &b.bytes].concat(), a.folded || b.folded)
                                    })
                                })
                                .collect();
                        }
                        last = i;
                    }
                    None => {
                        sets.push(close(std::mem::take(&mut run), first, last));
                        sets.extend(required_ast(p, f, (before(i), after(i))).into_iter().flatten());
                    }
                }
            }
            sets.push(close(run, first, last));
            choose(sets)
        }
        _ => None,
    }
}

/// What a literal's hit means: the slot it fills, unless a word boundary the pattern puts
/// before (`.1`) or after (`.2`) it is missing at the hit.
#[derive(Clone, Copy)]
struct Slot(usize, bool, bool);

/// An ASCII letter, digit or underscore: a word character for both kinds of `\b`.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Of the word boundaries `wanted` before and after `word`, those a hit can be checked for:
/// only where the word's own edge byte is an ASCII word character, which next to another one
/// is never a boundary, Unicode `\b` or ASCII.
pub(crate) fn checkable_bounds(word: &[u8], wanted: (bool, bool)) -> (bool, bool) {
    let edge = |b: Option<&u8>| b.is_some_and(|&b| word_byte(b));
    (wanted.0 && edge(word.first()), wanted.1 && edge(word.last()))
}

/// Is a boundary `bounds` asks for (see [`checkable_bounds`]) missing at the hit `hit` of
/// `bytes`, for a search of `within` alone (whose edges are boundaries)?
pub(crate) fn boundary_missing(bytes: &[u8], hit: Range<usize>, bounds: (bool, bool), within: Range<usize>) -> bool {
    (bounds.0 && hit.start > within.start && word_byte(bytes[hit.start - 1]))
        || (bounds.1 && hit.end < within.end && word_byte(bytes[hit.end]))
}

/// Text a gate scans with its first automaton before it builds the faster one.
const UPGRADE_AFTER: usize = 256 << 10;
/// Most literals a gate builds a DFA for: over a few hundred it takes milliseconds.
const MAX_DFA_LITERALS: usize = 200;

/// Text a literal set is searched for without an automaton, by [`Sorted`].
const SORTED_UNTIL: usize = 64 << 10;

/// Literals found without building an automaton: sorted (ASCII case folded when case is
/// ignored) and narrowed byte by byte from every position of the text. Building is a sort;
/// building an Aho-Corasick automaton (its failure transitions above all) was a fifth of
/// linting a small article. Slower per byte, so only for the first [`SORTED_UNTIL`] bytes.
struct Sorted {
    /// Every folded literal, end to end.
    bytes: Box<[u8]>,
    /// Each literal's start and end in `bytes` and its pattern id, sorted by literal, then id.
    lits: Box<[(u32, u32, u32)]>,
    /// `lits[first[b]..first[b + 1]]` start with byte `b`.
    first: Box<[u32; 257]>,
    /// Bit `a << 8 | b`: some literal starts with bytes `a b` (in either case of a letter when
    /// case is ignored), or is the one byte `a`. Most positions of a text are ruled out by
    /// this one test.
    starts: Box<[u64; 1024]>,
    ci: bool,
}

impl Sorted {
    /// `None` for an empty literal (it matches everywhere: the automaton handles it).
    fn new(literals: &[Vec<u8>], ci: bool) -> Option<Sorted> {
        let total: usize = literals.iter().map(Vec::len).sum();
        if literals.iter().any(Vec::is_empty) || u32::try_from(literals.len()).is_err() || u32::try_from(total).is_err()
        {
            return None;
        }
        // One buffer rather than a box per literal: a thousand allocations were a third of
        // building the default rules' sets.
        let mut bytes = Vec::with_capacity(total);
        let mut lits = Vec::with_capacity(literals.len());
        for (l, id) in literals.iter().zip(0u32..) {
            let start = bytes.len() as u32;
            bytes.extend(l.iter().map(|&b| if ci { b.to_ascii_lowercase() } else { b }));
            lits.push((start, bytes.len() as u32, id));
        }
        // By the first eight bytes as one number (zero-padded, so ordered as the bytes are),
        // then the whole literal, then the id.
        let of = |&(a, z, _): &(u32, u32, u32)| &bytes[a as usize..z as usize];
        let head = |l: &[u8]| {
            let mut k = [0u8; 8];
            let n = l.len().min(8);
            k[..n].copy_from_slice(&l[..n]);
            u64::from_be_bytes(k)
        };
        let mut keyed: Vec<(u64, (u32, u32, u32))> = lits.iter().map(|l| (head(of(l)), *l)).collect();
        keyed.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| of(a).cmp(of(b))).then(a.2.cmp(&b.2)));
        let lits: Box<[(u32, u32, u32)]> = keyed.into_iter().map(|(_, l)| l).collect();
        let mut first = Box::new([0u32; 257]);
        for l in &lits {
            first[usize::from(bytes[l.0 as usize]) + 1] += 1;
        }
        for b in 1..257 {
            first[b] += first[b - 1];
        }
        // Of the text's bytes as they are: both cases of a folded letter are set, so that a
        // position is ruled out without folding its two bytes.
        let cases = |b: u8| if ci { [b, b.to_ascii_uppercase()] } else { [b, b] };
        let mut starts = Box::new([0u64; 1024]);
        for l in &lits {
            let l = of(l);
            for a in cases(l[0]).map(|a| usize::from(a) << 8) {
                let mut set = |p: usize| starts[(a | p) / 64] |= 1 << ((a | p) % 64);
                match l.get(1) {
                    Some(&b) => cases(b).into_iter().for_each(|b| set(usize::from(b))),
                    None => (0..256).for_each(&mut set),
                }
            }
        }
        Some(Sorted { bytes: bytes.into_boxed_slice(), lits, first, starts, ci })
    }

    /// Byte `depth` of literal `l` (which is longer than `depth`).
    fn byte(&self, l: &(u32, u32, u32), depth: usize) -> u8 {
        self.bytes[l.0 as usize + depth]
    }

    fn fold(&self, b: u8) -> u8 {
        if self.ci {
            b.to_ascii_lowercase()
        } else {
            b
        }
    }

    /// Calls `found(pattern, start, end)` for every occurrence starting at `i`, shortest
    /// first; stops (and returns true) when it returns true.
    fn at(&self, text: &[u8], i: usize, found: &mut impl FnMut(u32, usize, usize) -> bool) -> bool {
        if let Some(&next) = text.get(i + 1) {
            let pair = usize::from(text[i]) << 8 | usize::from(next);
            if self.starts[pair / 64] & (1 << (pair % 64)) == 0 {
                return false;
            }
        }
        let b = usize::from(self.fold(text[i]));
        let (mut lo, mut hi) = (self.first[b] as usize, self.first[b + 1] as usize);
        let mut depth = 1;
        while lo < hi {
            // Every literal in lo..hi matches the text for `depth` bytes; the whole ones first.
            while lo < hi && (self.lits[lo].1 - self.lits[lo].0) as usize == depth {
                if found(self.lits[lo].2, i, i + depth) {
                    return true;
                }
                lo += 1;
            }
            if lo == hi || i + depth >= text.len() {
                break;
            }
            let c = self.fold(text[i + depth]);
            let range = &self.lits[lo..hi];
            if range.len() <= 8 {
                // A few literals left: a walk costs less than two binary searches.
                let skip = range.iter().take_while(|l| self.byte(l, depth) < c).count();
                hi = lo + skip + range[skip..].iter().take_while(|l| self.byte(l, depth) == c).count();
                lo += skip;
            } else {
                hi = lo + range.partition_point(|l| self.byte(l, depth) <= c);
                lo += range.partition_point(|l| self.byte(l, depth) < c);
            }
            depth += 1;
        }
        false
    }

    fn is_match(&self, text: &[u8]) -> bool {
        (0..text.len()).any(|i| self.at(text, i, &mut |_, _, _| true))
    }

    /// Calls `found(pattern, start, end)` for every occurrence, by start.
    fn each(&self, text: &[u8], mut found: impl FnMut(u32, usize, usize)) {
        for i in 0..text.len() {
            self.at(text, i, &mut |p, start, end| {
                found(p, start, end);
                false
            });
        }
    }

    /// Every occurrence, in the order of Aho-Corasick's overlapping search (by end, longest
    /// first, then by pattern id), so that callers see exactly what the automaton reports.
    fn overlapping(&self, text: &[u8]) -> Vec<aho_corasick::Match> {
        let mut out: Vec<(usize, usize, u32)> = Vec::new();
        self.each(text, |p, start, end| out.push((end, start, p)));
        out.sort_unstable();
        out.into_iter().map(|(end, start, p)| aho_corasick::Match::must(p as usize, start..end)).collect()
    }
}

/// A literal set's search: sorted literals for a little text (see [`Sorted`]), then a
/// noncontiguous NFA, the cheapest automaton to build, and once it has scanned enough text to
/// repay it a DFA (or, over `max_dfa` literals, a contiguous NFA), which scans faster but costs
/// several times more to build: a one-file run builds no automaton, a corpus soon has the
/// fastest. All report the same matches (standard semantics) with the same pattern ids.
pub(crate) struct Upgrading {
    sorted: Option<Sorted>,
    first: OnceLock<Option<AhoCorasick>>,
    faster: OnceLock<Option<Faster>>,
    literals: Vec<Vec<u8>>,
    ci: bool,
    kind: AhoCorasickKind,
    scanned: AtomicUsize,
}

/// The automaton a literal set upgrades to: a DFA held bare, so that its overlapping search
/// can walk four parts of a text at once ([`super::lanes`]), or the library's contiguous NFA.
enum Faster {
    Dfa(Box<DFA>),
    Nfa(AhoCorasick),
}

/// The search [`Upgrading`] runs on a text.
enum Tier<'a> {
    Sorted(&'a Sorted),
    Automaton(&'a AhoCorasick),
    Dfa(&'a DFA),
}

/// Matches of an [`Upgrading`] search, as the automaton's overlapping iterator gives them.
pub(crate) enum Overlapping<'a, 'h> {
    Collected(std::vec::IntoIter<aho_corasick::Match>),
    Automaton(aho_corasick::FindOverlappingIter<'a, 'h>),
}

impl Iterator for Overlapping<'_, '_> {
    type Item = aho_corasick::Match;

    fn next(&mut self) -> Option<aho_corasick::Match> {
        match self {
            Overlapping::Collected(it) => it.next(),
            Overlapping::Automaton(it) => it.next(),
        }
    }
}

/// The library's own overlapping search of a DFA, where [`super::lanes`] cannot serve.
fn dfa_overlapping(dfa: &DFA, text: &str) -> Vec<aho_corasick::Match> {
    let found = dfa.try_find_overlapping_iter(Input::new(text)).map(Iterator::collect);
    found.expect("an unanchored DFA of standard semantics searches overlapping")
}

impl Upgrading {
    /// `ci`: ASCII case ignored.
    pub(crate) fn new(literals: Vec<Vec<u8>>, ci: bool, max_dfa: usize) -> Result<Upgrading, aho_corasick::BuildError> {
        let sorted = Sorted::new(&literals, ci);
        let first = OnceLock::new();
        if sorted.is_none() {
            let _ = first.set(Some(Upgrading::build(&literals, ci, AhoCorasickKind::NoncontiguousNFA)?));
        }
        let kind = if literals.len() > max_dfa { AhoCorasickKind::ContiguousNFA } else { AhoCorasickKind::DFA };
        Ok(Upgrading { sorted, first, faster: OnceLock::new(), literals, ci, kind, scanned: AtomicUsize::new(0) })
    }

    fn build(literals: &[Vec<u8>], ci: bool, kind: AhoCorasickKind) -> Result<AhoCorasick, aho_corasick::BuildError> {
        AhoCorasick::builder().ascii_case_insensitive(ci).kind(Some(kind)).build(literals)
    }

    /// The faster automaton: the library's `AhoCorasick` builds its DFA with these same
    /// defaults (standard semantics, unanchored, byte classes, a prefilter where it helps).
    fn build_faster(&self) -> Option<Faster> {
        match self.kind {
            AhoCorasickKind::DFA => DFA::builder()
                .ascii_case_insensitive(self.ci)
                .build(&self.literals)
                .ok()
                .map(|d| Faster::Dfa(Box::new(d))),
            kind => Upgrading::build(&self.literals, self.ci, kind).ok().map(Faster::Nfa),
        }
    }

    /// The search for `len` more bytes.
    fn tier(&self, len: usize) -> Tier<'_> {
        fn tier(faster: &Faster) -> Tier<'_> {
            match faster {
                Faster::Dfa(dfa) => Tier::Dfa(dfa),
                Faster::Nfa(ac) => Tier::Automaton(ac),
            }
        }
        if let Some(Some(faster)) = self.faster.get() {
            return tier(faster);
        }
        let scanned = self.scanned.fetch_add(len, Ordering::Relaxed) + len;
        if scanned >= UPGRADE_AFTER {
            if let Some(faster) = self.faster.get_or_init(|| self.build_faster()) {
                return tier(faster);
            }
        }
        match &self.sorted {
            Some(sorted) if scanned < SORTED_UNTIL => Tier::Sorted(sorted),
            sorted => {
                let first = self
                    .first
                    .get_or_init(|| Upgrading::build(&self.literals, self.ci, AhoCorasickKind::NoncontiguousNFA).ok());
                match (first, sorted) {
                    (Some(first), _) => Tier::Automaton(first),
                    (None, Some(sorted)) => Tier::Sorted(sorted),
                    // `new` built it, or there is a sorted search.
                    (None, None) => unreachable!("a literal set without a search"),
                }
            }
        }
    }

    /// Every occurrence of every literal in `text`, as `find_overlapping_iter` reports them.
    pub(crate) fn overlapping<'a, 'h>(&'a self, text: &'h str) -> Overlapping<'a, 'h> {
        match self.tier(text.len()) {
            Tier::Sorted(s) => Overlapping::Collected(s.overlapping(text.as_bytes()).into_iter()),
            Tier::Automaton(ac) => Overlapping::Automaton(ac.find_overlapping_iter(text)),
            Tier::Dfa(dfa) => Overlapping::Collected(
                super::lanes::collect(dfa, text.as_bytes()).unwrap_or_else(|| dfa_overlapping(dfa, text)).into_iter(),
            ),
        }
    }

    /// Calls `found(pattern, range)` for every occurrence of every literal in `text`, in no
    /// particular order: what [`Upgrading::overlapping`] reports, without collecting it.
    pub(crate) fn each(&self, text: &str, mut found: impl FnMut(usize, std::ops::Range<usize>)) {
        match self.tier(text.len()) {
            Tier::Sorted(s) => s.each(text.as_bytes(), |p, start, end| found(p as usize, start..end)),
            Tier::Automaton(ac) => {
                ac.find_overlapping_iter(text).for_each(|m| found(m.pattern().as_usize(), m.range()))
            }
            Tier::Dfa(dfa) => {
                if !super::lanes::each(dfa, text.as_bytes(), &mut |_, m| found(m.pattern().as_usize(), m.range())) {
                    dfa_overlapping(dfa, text).into_iter().for_each(|m| found(m.pattern().as_usize(), m.range()))
                }
            }
        }
    }

    /// Calls `found(part, pattern, range)` for every occurrence lying wholly inside one of the
    /// `parts` of `text`, each part searched alone (ranges are `text`'s), in no particular order.
    pub(crate) fn each_part(
        &self,
        text: &str,
        parts: &[Range<usize>],
        mut found: impl FnMut(usize, usize, std::ops::Range<usize>),
    ) {
        let len = parts.iter().map(|p| p.len()).sum();
        let tier = self.tier(len);
        if let Tier::Dfa(dfa) = tier {
            let mut report = |p: usize, m: aho_corasick::Match| found(p, m.pattern().as_usize(), m.range());
            if super::lanes::each_part(dfa, text.as_bytes(), parts, &mut report) {
                return;
            }
        }
        for (p, part) in parts.iter().enumerate() {
            let at = part.start;
            let mut shifted = |pattern: usize, r: Range<usize>| found(p, pattern, r.start + at..r.end + at);
            match tier {
                Tier::Sorted(s) => s.each(text[part.clone()].as_bytes(), |i, a, z| shifted(i as usize, a..z)),
                Tier::Automaton(ac) => ac
                    .find_overlapping_iter(&text[part.clone()])
                    .for_each(|m| shifted(m.pattern().as_usize(), m.range())),
                Tier::Dfa(dfa) => dfa_overlapping(dfa, &text[part.clone()])
                    .into_iter()
                    .for_each(|m| shifted(m.pattern().as_usize(), m.range())),
            }
        }
    }

    /// Does any literal occur in `text`?
    pub(crate) fn is_match(&self, text: &str) -> bool {
        match self.tier(text.len()) {
            Tier::Sorted(s) => s.is_match(text.as_bytes()),
            Tier::Automaton(ac) => ac.is_match(text),
            Tier::Dfa(dfa) => {
                dfa.try_find(&Input::new(text).earliest(true)).expect("an unanchored DFA searches").is_some()
            }
        }
    }
}

/// A gate's literals in one automaton, and what each one's hit means.
struct Automaton {
    ac: Upgrading,
    /// What each literal's hit means, by pattern id.
    ids: Vec<Slot>,
}

impl Automaton {
    fn new(lits: Vec<(Vec<u8>, Slot)>, ci: bool) -> Result<Option<Automaton>, aho_corasick::BuildError> {
        if lits.is_empty() {
            return Ok(None);
        }
        let ids = lits.iter().map(|l| l.1).collect();
        let ac = Upgrading::new(lits.into_iter().map(|l| l.0).collect(), ci, MAX_DFA_LITERALS)?;
        Ok(Some(Automaton { ac, ids }))
    }
}

/// Which of several patterns may match a text, from one scan for all their literals.
pub struct Gate {
    exact: Option<Automaton>,
    folded: Option<Automaton>,
    /// Per pattern, its literal sets' slots (the ids the automata report): it may match
    /// where every slot is hit. An empty range: no literal set, always a candidate.
    slots: Vec<std::ops::Range<usize>>,
    /// Every pattern has at most one set: one hit anywhere is enough.
    single: bool,
    /// Some pattern has no literal set (an empty range in `slots`): it is open everywhere,
    /// and no text or block can be ruled out. Worked out once, not on every text asked about.
    always_open: bool,
}

impl Gate {
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Gate {
        let (mut exact, mut folded, mut slots) = (Vec::new(), Vec::new(), Vec::with_capacity(patterns.len()));
        let mut next = 0;
        for p in patterns {
            let start = next;
            for set in clauses(p.as_ref()).into_iter().flatten() {
                for l in set {
                    let (before, after) = checkable_bounds(&l.bytes, l.bounded);
                    let slot = Slot(next, before, after);
                    if l.folded { &mut folded } else { &mut exact }.push((l.bytes, slot));
                }
                next += 1;
            }
            slots.push(start..next);
        }
        match (Automaton::new(exact, false), Automaton::new(folded, true)) {
            (Ok(exact), Ok(folded)) => {
                let single = slots.iter().all(|s| s.len() <= 1);
                let always_open = slots.iter().any(|s| s.is_empty());
                Gate { exact, folded, slots, single, always_open }
            }
            // Too big for an automaton: every pattern is a candidate everywhere.
            _ => Gate { exact: None, folded: None, slots: vec![0..0; patterns.len()], single: true, always_open: true },
        }
    }

    /// The slots whose literals occur in `text`, as bits. `bounded`: a hit inside a word
    /// does not count for a literal the pattern wants at a word's edge. Only for a text the
    /// regex will be run on whole, or on parts cut between non-word characters: a cut inside
    /// a word makes an edge the text does not have.
    fn hits(&self, text: &str, bits: &mut [u64], bounded: bool) {
        let bytes = text.as_bytes();
        // Any order will do: `each` neither collects nor sorts the occurrences.
        for a in [&self.exact, &self.folded].into_iter().flatten() {
            a.ac.each(text, |pattern, range| {
                let Slot(i, before, after) = a.ids[pattern];
                if !(bounded && boundary_missing(bytes, range, (before, after), 0..bytes.len())) {
                    bits[i / 64] |= 1 << (i % 64);
                }
            });
        }
    }

    /// Does pattern `i` have every slot hit in `bits`?
    #[inline]
    fn satisfied(&self, i: usize, bits: &[u64]) -> bool {
        self.slots[i].clone().all(|s| bits[s / 64] & (1 << (s % 64)) != 0)
    }

    fn words(&self) -> usize {
        self.slots.last().map_or(0, |s| s.end).div_ceil(64).max(1)
    }

    /// False when no pattern can match in `text` (nor in any part of it).
    pub fn any(&self, text: &str) -> bool {
        self.any_in(text, false)
    }

    /// False when no pattern can match in `text`; see [`Gate::hits`] for `bounded`.
    fn any_in(&self, text: &str, bounded: bool) -> bool {
        if self.always_open || odd_case(text) {
            return true;
        }
        // Most texts hold no literal at all: a plain search, which skips ahead, says so before
        // the overlapping one that tells the slots apart. (Not in `blocks`: most short lines
        // hold one of the line rules' many literals, and the plain search would only add.)
        let any_literal = [&self.exact, &self.folded].into_iter().flatten().any(|a| a.ac.is_match(text));
        if !any_literal || (self.single && !bounded) {
            return any_literal;
        }
        let mut bits = vec![0; self.words()];
        self.hits(text, &mut bits, bounded);
        (0..self.slots.len()).any(|i| self.satisfied(i, &bits))
    }

    /// Per pattern: may it match in `text` (or a part of it)?
    pub fn active(&self, text: &str) -> Vec<bool> {
        let mut bits = vec![0; self.words()];
        if odd_case(text) {
            return vec![true; self.slots.len()];
        }
        self.hits(text, &mut bits, false);
        (0..self.slots.len()).map(|i| self.satisfied(i, &bits)).collect()
    }

    /// Per block of `doc`, which patterns may match in its content: one scan of the whole
    /// text instead of one per pattern and block.
    /// Only the blocks `wanted` are scanned (a line rule never reads a long paragraph).
    pub fn blocks(&self, doc: &Document, wanted: impl Fn(usize) -> bool) -> BlockGates<'_> {
        let words = self.words();
        if odd_case(doc.text) {
            return BlockGates::new(self, vec![u64::MAX; words * doc.blocks.len()]);
        }
        let mut bits = vec![0; words * doc.blocks.len()];
        // Line rules run on the content, or on it less a closing `.`, `…` or `!`: the content's
        // edges are boundaries, as if it were searched alone.
        let (numbers, parts): (Vec<usize>, Vec<Range<usize>>) =
            (0..doc.blocks.len()).filter(|&b| wanted(b)).map(|b| (b, doc.blocks[b].content.clone())).unzip();
        let bytes = doc.text.as_bytes();
        for a in [&self.exact, &self.folded].into_iter().flatten() {
            a.ac.each_part(doc.text, &parts, |p, pattern, range| {
                let Slot(i, before, after) = a.ids[pattern];
                if !boundary_missing(bytes, range, (before, after), parts[p].clone()) {
                    bits[numbers[p] * words + i / 64] |= 1 << (i % 64);
                }
            });
        }
        BlockGates::new(self, bits)
    }

    /// Per block of `doc`, which patterns may match in its whole span (marker included),
    /// from one search of the whole text: what [`Gate::active`] says of each block's span,
    /// without a search (and its set-up) per block. An occurrence counts for the block whose
    /// span holds all of it. (Checks read it through a [`GateShare`].)
    #[cfg(test)]
    fn spans(&self, doc: &Document) -> BlockGates<'_> {
        BlockGates::new(self, self.span_bits(doc))
    }

    /// Per block of `doc`: may [`Gate::any_in`] be true of its content? False only where no
    /// literal lies wholly inside the content, which `any_in` needs. One search of the whole
    /// text instead of one (and its set-up) per block, for a check that asks of every block.
    /// Every occurrence is looked at (the overlapping search walks four parts of the text at
    /// once), so a block is open exactly when one lies wholly inside its content.
    fn content_candidates(&self, doc: &Document) -> Vec<bool> {
        if self.always_open {
            return vec![true; doc.blocks.len()];
        }
        let mut open: Vec<bool> = if odd_case(doc.text) {
            doc.blocks.iter().map(|b| odd_case(doc.slice(&b.content))).collect()
        } else {
            vec![false; doc.blocks.len()]
        };
        for a in [&self.exact, &self.folded].into_iter().flatten() {
            a.ac.each(doc.text, |_, m| {
                let b = doc.blocks.partition_point(|b| b.content.end < m.end);
                if doc.blocks.get(b).is_some_and(|block| block.content.start <= m.start) {
                    open[b] = true;
                }
            });
        }
        open
    }

    /// What [`Gate::spans`] reads: per block, the slots the literals in its span fill.
    fn span_bits(&self, doc: &Document) -> Vec<u64> {
        let words = self.words();
        let mut bits = vec![0; words * doc.blocks.len()];
        if odd_case(doc.text) {
            // A block with a case variant the literals do not see through is open to all.
            for (b, block) in doc.blocks.iter().enumerate() {
                if odd_case(doc.slice(&block.span)) {
                    bits[b * words..(b + 1) * words].fill(u64::MAX);
                }
            }
        }
        for a in [&self.exact, &self.folded].into_iter().flatten() {
            a.ac.each(doc.text, |pattern, m| {
                let b = doc.blocks.partition_point(|b| b.span.end < m.end);
                match doc.blocks.get(b) {
                    Some(block) if block.span.start <= m.start => {
                        let i = a.ids[pattern].0;
                        bits[b * words + i / 64] |= 1 << (i % 64);
                    }
                    _ => {}
                }
            });
        }
        bits
    }
}

/// One gate over the patterns of several checks (the call-to-action rules), so that a
/// document is searched for all their literals once, not once per rule.
pub struct SharedGate {
    patterns: Vec<String>,
    gate: OnceLock<Gate>,
    /// Its key in a document's memo (unique in the process).
    id: u64,
}

/// A check's part of a [`SharedGate`]: its patterns are the shared gate's from `offset` on.
pub struct GateShare {
    shared: Arc<SharedGate>,
    offset: usize,
}

/// [`Gate::span_bits`] of a shared gate for one document, made by the first check to ask.
struct SharedSpanBits(Vec<u64>);

impl SharedGate {
    /// One share per list of patterns, in the order given (one list: a gate of its own).
    pub fn split(lists: &[&[String]]) -> Vec<GateShare> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let shared = Arc::new(SharedGate { patterns: lists.concat(), gate: OnceLock::new(), id });
        let offsets = lists.iter().scan(0, |next, l| {
            *next += l.len();
            Some(*next - l.len())
        });
        offsets.map(|offset| GateShare { shared: shared.clone(), offset }).collect()
    }
}

impl GateShare {
    /// [`Gate::spans`] for this share's patterns (numbered from 0), from one search of `doc`
    /// for every share.
    pub fn spans(&self, doc: &Document) -> BlockGates<'_> {
        let shared = &*self.shared;
        let gate = shared.gate.get_or_init(|| Gate::new(&shared.patterns));
        let bits = doc.memo.get_keyed(shared.id, || SharedSpanBits(gate.span_bits(doc)));
        BlockGates { words: gate.words(), bits: Bits::Shared(bits), gate, offset: self.offset }
    }
}

/// What [`Gate::blocks`] found: for each block, the slots whose literals its content holds.
pub struct BlockGates<'g> {
    words: usize,
    bits: Bits,
    gate: &'g Gate,
    /// The asker's pattern 0 is the gate's pattern `offset` (see [`GateShare`]).
    offset: usize,
}

enum Bits {
    Own(Vec<u64>),
    Shared(Arc<SharedSpanBits>),
}

impl<'g> BlockGates<'g> {
    fn new(gate: &'g Gate, bits: Vec<u64>) -> Self {
        BlockGates { words: gate.words(), bits: Bits::Own(bits), gate, offset: 0 }
    }

    /// The slot bits of block `block`.
    #[inline]
    fn row(&self, block: usize) -> &[u64] {
        let bits = match &self.bits {
            Bits::Own(b) => b,
            Bits::Shared(b) => &b.0,
        };
        &bits[block * self.words..(block + 1) * self.words]
    }

    /// May pattern `pattern` match in block `block`'s content (or a part of it)? Inlined:
    /// the call-to-action checks ask it for every block and pattern.
    #[inline]
    pub fn open(&self, block: usize, pattern: usize) -> bool {
        self.gate.satisfied(self.offset + pattern, self.row(block))
    }

    /// May any of the first `patterns` patterns match in block `block`? A block that holds
    /// no literal at all (most blocks) is answered from its bits alone, not pattern by pattern.
    #[inline]
    pub fn any_open(&self, block: usize, patterns: usize) -> bool {
        if !self.gate.always_open && self.row(block).iter().all(|&w| w == 0) {
            return false;
        }
        (0..patterns).any(|p| self.open(block, p))
    }
}

/// A regex compiled on first use, behind the literals every match needs.
pub struct GatedRegex {
    regex: RuleRegex,
    gate: OnceLock<Gate>,
}

impl GatedRegex {
    /// `pattern` must already be known to parse (rule loading checks it).
    pub fn new(pattern: String, size_limit: usize) -> Self {
        GatedRegex::with_cache(pattern, size_limit, crate::rules::DFA_CACHE)
    }

    /// [`GatedRegex::new`] with a lazy-DFA cache of `cache` bytes.
    pub fn with_cache(pattern: String, size_limit: usize, cache: usize) -> Self {
        GatedRegex { regex: RuleRegex::with_cache(pattern, size_limit, cache), gate: OnceLock::new() }
    }

    /// A gated regex of the program's own, with `regex::Regex`'s limits.
    pub fn own(pattern: String) -> Self {
        GatedRegex { regex: RuleRegex::own(pattern), gate: OnceLock::new() }
    }

    /// The successive non-overlapping matches in `text`; none, and no compiling, when the
    /// gate rules a match out.
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> impl Iterator<Item = Group<'h>> + 'r
    where
        'h: 'r,
    {
        self.may_match(text).then(|| self.regex.find_iter(text)).into_iter().flatten()
    }

    /// False when `text` lacks a literal every match needs, so the regex cannot match in it
    /// (nor in a part of it cut between non-word characters).
    pub fn may_match(&self, text: &str) -> bool {
        self.gate().any_in(text, true)
    }

    /// Per block of `doc`, whether [`GatedRegex::may_match`] can be true of its content (one
    /// search of the whole text); ask `may_match` only of those that can.
    pub fn content_candidates(&self, doc: &Document) -> Vec<bool> {
        self.gate().content_candidates(doc)
    }

    fn gate(&self) -> &Gate {
        self.gate.get_or_init(|| Gate::new(std::slice::from_ref(&self.regex.pattern())))
    }

    pub fn pattern(&self) -> &str {
        self.regex.pattern()
    }

    /// The regex, compiled on first use; `None` only if it exceeds the size limit.
    pub fn regex(&self) -> Option<&RuleRegex> {
        self.regex.compiles().then_some(&self.regex)
    }

    /// `is_match`, skipping the regex when the gate rules a match out.
    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.regex.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte search finds the Kelvin sign and long s where `contains` does, next to
    /// characters that share their bytes (Ş Ž ™ ℃ ’ ¿).
    #[test]
    fn odd_case_finds_kelvin_and_long_s_only() {
        let parts = ["", "a", "\u{17F}", "\u{212A}", "Ş", "Ž", "ſt", "™", "\u{2103}", "’", "¿", "\u{2129}", "\u{212B}"];
        for a in parts {
            for b in parts {
                let t = format!("{a}x{b}");
                assert_eq!(odd_case(&t), t.contains('\u{17F}') || t.contains('\u{212A}'), "{t:?}");
            }
        }
    }
    use regex::Regex;

    fn lits(p: &str) -> Vec<String> {
        required(p).unwrap_or_default().into_iter().map(|l| String::from_utf8_lossy(&l.bytes).into_owned()).collect()
    }

    #[test]
    fn finds_the_words_a_match_needs() {
        assert_eq!(lits(r"\bwe use cookies\b"), vec!["we use cookies"]);
        // Case-insensitive: one lower-case literal, found ASCII-case-insensitively; the Kelvin
        // sign and the long s, which `(?i)` also matches, open the gate wherever they are.
        assert_eq!(lits(r"(?i)\bwe use cookies\b"), vec!["we use cookies"]);
        let g = Gate::new(&[r"(?i)\bwe use cookies\b"]);
        assert!(g.any("WE USE COOKIES") && g.any("We u\u{17F}e coo\u{212A}ies") && !g.any("we use cakes"));
        assert_eq!(g.active("we u\u{17F}e"), [true]);
        assert_eq!(lits(r"^(?:.{10,600}?(?:Getty|AP))\s*$"), vec!["AP", "Getty"]);
        assert!(required(r"(?i)ap").unwrap().iter().all(|l| l.folded));
        assert!(lits(r"\d{1,5}[km]?").is_empty());
        assert!(lits(r"(?:foo)?bar|baz?").contains(&"bar".to_string()));
        assert!(lits(r"(?:foo)?").is_empty());
    }

    #[test]
    fn every_required_word_must_be_there() {
        let p = r"(?i)\bcookies\b[^.!?]{0,80}\byour (?:browser|consent)";
        assert_eq!(clauses(p).map(|c| c.len()), Some(3), "cookies, `your `, browser|consent");
        let g = GatedRegex::new(p.into(), 1 << 20);
        assert!(g.may_match("We use cookies to remember your browser."));
        assert!(!g.may_match("The cookies were baked in your oven."), "no browser nor consent");
        assert!(!g.may_match("Update your browser."), "no cookies");
        // A set every branch of an alternation needs is found though another ranks first.
        let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        let sets = clauses(r"(?i)(?:jan|feb)\s+[0-9]+|[0-9]+\s+days").unwrap();
        assert!(sets
            .iter()
            .any(|s| s.iter().map(|l| String::from_utf8_lossy(&l.bytes).into_owned()).eq(digits.iter().cloned())));
    }

    #[test]
    fn a_word_the_pattern_bounds_is_not_found_inside_another() {
        for p in [r"(?i)\b(?:jan|mar)\s+[0-9]", r"(?i)(?-u:\b)(?:jan|mar)(?-u:\b)"] {
            let g = GatedRegex::new(p.into(), 1 << 20);
            let re = Regex::new(p).unwrap();
            for (text, open) in [("Mar 3", true), ("(MAR 3)", true), ("smarter 3", false), ("ajan 3", false)] {
                assert_eq!(g.may_match(text), open, "{p} on {text}");
                assert!(open || !re.is_match(text));
            }
        }
        // Only ASCII word characters are certain: a non-ASCII letter may or may not be one.
        assert!(GatedRegex::new(r"\bmar".into(), 1 << 20).may_match("émar"));
        // `any` serves texts whose parts are searched: a part can start inside a word.
        assert!(Gate::new(&[r"\bmar"]).any("smarter"));
    }

    #[test]
    fn sorted_literals_report_what_the_automaton_reports() {
        let lits: Vec<Vec<u8>> = ["he", "she", "his", "hers", "her", "h", "é", "hé", "She", "he", "ers", "usher"]
            .map(|l| l.as_bytes().to_vec())
            .into();
        let texts = ["ushers", "SHE said hé to Her", "", "h", "hhhh hers HERS", "éé", "USHERS and his", "xyz"];
        for ci in [false, true] {
            let sorted = Sorted::new(&lits, ci).expect("no empty literal");
            let ac = Upgrading::build(&lits, ci, AhoCorasickKind::NoncontiguousNFA).unwrap();
            for t in texts {
                let theirs: Vec<aho_corasick::Match> = ac.find_overlapping_iter(t).collect();
                assert_eq!(sorted.overlapping(t.as_bytes()), theirs, "{t:?}, case ignored: {ci}");
                assert_eq!(sorted.is_match(t.as_bytes()), ac.is_match(t), "{t:?}");
            }
        }
        assert!(Sorted::new(&[b"a".to_vec(), Vec::new()], false).is_none(), "an empty literal needs the automaton");
        // Every tier of one search answers alike: sorted, then the first automaton, then the DFA.
        let up = Upgrading::new(lits.clone(), true, usize::MAX).unwrap();
        let mut seen = Vec::new();
        for filler in [0, SORTED_UNTIL, UPGRADE_AFTER] {
            up.is_match(&" ".repeat(filler));
            seen.push(texts.map(|t| up.overlapping(t).collect::<Vec<_>>()));
        }
        assert!(up.first.get().is_some_and(Option::is_some) && up.faster.get().is_some_and(Option::is_some));
        assert!(seen.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn the_faster_automaton_finds_the_same() {
        let g = Gate::new(&[r"(?i)\bwe use cookies\b", r"Source link", r"(?i)photo: \w+"]);
        let texts = ["We use COOKIES.", "Source link", "source link", "PHOTO: AP", "nothing"];
        let before: Vec<Vec<bool>> = texts.iter().map(|t| g.active(t)).collect();
        assert!(g.exact.as_ref().is_some_and(|a| a.ac.faster.get().is_none()), "no DFA for a little text");
        g.active(&"filler text ".repeat(UPGRADE_AFTER / 10));
        assert!(g.exact.as_ref().is_some_and(|a| matches!(a.ac.faster.get(), Some(Some(_)))), "a DFA once it pays");
        let after: Vec<Vec<bool>> = texts.iter().map(|t| g.active(t)).collect();
        assert_eq!(before, after);
        assert_eq!(after[0], [true, false, false]);
        assert_eq!(after[3], [false, false, true]);
    }

    #[test]
    fn find_iter_behind_the_gate_finds_what_the_regex_finds() {
        let p = r"(?i)\b(?:free trial|coupons?)\b";
        let g = GatedRegex::own(p.into());
        assert_eq!(g.find_iter("nothing to offer here").count(), 0);
        assert!(!g.regex.built(), "not compiled for a closed gate");
        let t = "A FREE TRIAL, two coupons and a coupon code; no coupon-free trial.";
        let ours: Vec<&str> = g.find_iter(t).map(|m| m.as_str()).collect();
        let theirs: Vec<&str> = Regex::new(p).unwrap().find_iter(t).map(|m| m.as_str()).collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn unicode_case_variants_are_kept() {
        // (?i)k also matches the Kelvin sign; the gate must let it through.
        let g = GatedRegex::new(r"(?i)\bkelvin\b".into(), 1 << 20);
        assert!(g.is_match("KELVIN"));
        assert!(g.is_match("\u{212A}elvin"));
        assert!(!g.may_match("celsius"));
    }

    #[test]
    fn gate_agrees_with_the_regex() {
        let texts = ["Photo: AP", "A man (AP Photo/Jane Roe)", "nothing here at all", "ßtraße STRASSE", "Credit…X"];
        for p in [r"(?i)photo|credit", r"^.{3,40}(?:\(AP Photo|Credit…)", r"(?i)straße", r"(?i)ss"] {
            let g = GatedRegex::new(p.into(), 1 << 20);
            let re = Regex::new(p).unwrap();
            for t in texts {
                assert_eq!(g.is_match(t), re.is_match(t), "{p} on {t}");
            }
        }
    }
}
#[cfg(test)]
mod default_rules {
    use super::*;
    use regex::Regex;

    /// The regexes of the default line rules and call-to-action builtins, as compiled; the
    /// rules' examples are added to `examples`.
    fn patterns(examples: &mut Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        for (_, t) in crate::rules::EMBEDDED {
            let v: toml::Value = toml::from_str(t).expect("embedded rules parse");
            for r in v["rule"].as_array().into_iter().flatten() {
                for kind in ["fire", "pass"] {
                    let list = r.get("examples").and_then(|e| e.get(kind)).and_then(|x| x.as_array());
                    for ex in list.into_iter().flatten().filter_map(|x| x.as_str()) {
                        examples.push(ex.to_string());
                        examples.extend(ex.lines().map(str::to_string));
                    }
                }
                let c = &r["check"];
                if let Some(re) = c.get("line").and_then(|l| l.get("regex")).and_then(|x| x.as_str()) {
                    let cs = c["line"].get("case_sensitive").and_then(|x| x.as_bool()).unwrap_or(false);
                    out.push(if cs { format!("^(?:{re})$") } else { format!("^(?:(?i:{re}))$") });
                }
                let pats = c.get("builtin").and_then(|b| b.get("params")).and_then(|p| p.get("patterns"));
                for p in pats.and_then(|x| x.as_array()).into_iter().flatten() {
                    let p = format!("(?i)(?:{})", p.as_str().unwrap_or_default());
                    // Also as the checks compile it, with ASCII word boundaries.
                    out.push(crate::rules::ascii_boundaries(&p));
                    out.push(p);
                }
            }
        }
        out
    }

    fn lines(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                lines(&p, out);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                out.extend(t.lines().map(|l| l.trim().to_string()));
            }
        }
    }

    #[test]
    fn gate_never_hides_a_match() {
        let mut texts = Vec::new();
        lines(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut texts);
        // Case variants the gate must see through.
        texts.extend(["WE USE COOKIES", "We uſe cooKies", "ПОДЕЛИТЬСЯ", "© 2019 Daily Planet"].map(String::from));
        let pats = patterns(&mut texts);
        assert!(pats.len() > 30, "default rules not found");
        let mut matched = 0;
        for p in &pats {
            let g = GatedRegex::new(p.clone(), 1 << 26);
            let re = Regex::new(p).expect("default regex compiles");
            for t in &texts {
                if re.is_match(t) {
                    matched += 1;
                    assert!(g.may_match(t), "gate of {p} hides a match in {t:?}");
                }
            }
        }
        assert!(matched > 50, "too few matches ({matched}) to test the gates");
    }

    #[test]
    fn one_scan_for_many_gates_opens_what_each_gate_opens() {
        let patterns = [r"(?i)^\s*we use cookies", r"^Source link$", r"\w+ views$", ""];
        let text = "We USE cookies here\nSource link\n57 views\nA Source link inside a line\n\nsource link";
        let doc = Document::new("t", text);
        let shared = Gate::new(&patterns);
        let open = shared.blocks(&doc, |b| b != 1);
        for (i, p) in patterns.iter().enumerate() {
            let alone = GatedRegex::new(p.to_string(), 1 << 20);
            for (b, block) in doc.blocks.iter().enumerate() {
                let expected = b != 1 && alone.may_match(doc.slice(&block.content)) || p.is_empty();
                assert_eq!(open.open(b, i), expected, "pattern {p:?}, block {b}");
            }
        }
        assert!(open.open(0, 0) && open.open(3, 1) && !open.open(4, 1), "case is kept where the regex keeps it");
        assert!(!open.open(1, 1), "a block not asked for is not scanned");
    }

    #[test]
    fn one_search_of_the_text_opens_per_span_what_a_search_of_each_span_opens() {
        let mut examples = Vec::new();
        let pats = patterns(&mut examples);
        let gate = Gate::new(&pats);
        assert!(!gate.single, "some pattern needs two literals: the test covers that case");
        let mut docs = Vec::new();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut docs);
        docs.extend(examples.into_iter().map(|e| ("example".to_string(), e)));
        // A literal across a line break belongs to no block; an odd case variant opens all.
        docs.push(("t".into(), "Click\nhere to read more\nWe use\ncookies\nWe uſe cookies".into()));
        let mut opened = 0;
        for (path, text) in &docs {
            let doc = Document::new(path, text);
            let open = gate.spans(&doc);
            for (b, block) in doc.blocks.iter().enumerate() {
                let alone = gate.active(doc.slice(&block.span));
                for (i, &a) in alone.iter().enumerate() {
                    assert_eq!(open.open(b, i), a, "{path}, block {b}, pattern {}", pats[i]);
                    opened += usize::from(a && !gate.slots[i].is_empty());
                }
            }
        }
        assert!(opened > 100, "too few gates open ({opened}) to test them");
    }

    /// The one search of a whole document rules out only blocks whose content the gate
    /// would rule out on its own, and rules most of them out.
    #[test]
    fn content_candidates_keep_every_block_the_gate_keeps() {
        let mut examples = Vec::new();
        let pats = patterns(&mut examples);
        let mut docs = Vec::new();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut docs);
        docs.push(("t".into(), examples.join("\n")));
        // Literals across a line break, in a list marker, in an odd case variant.
        docs.push(("t".into(), "Click\nhere to read more\n- Source link\nWe uſe cookies\n  \u{212A}eywords: x".into()));
        let (mut kept, mut closed) = (0, 0);
        // Each pattern twice: with the sorted search a little text gets, and with the
        // automaton a corpus soon earns.
        let warm = "filler words ".repeat(UPGRADE_AFTER / 13 + 1);
        for (p, tier) in pats.iter().flat_map(|p| [(p, 0), (p, 1)]) {
            let g = GatedRegex::new(p.clone(), 1 << 20);
            if tier == 1 {
                g.may_match(&warm);
            }
            for (path, text) in &docs {
                let doc = Document::new(path, text);
                let open = g.content_candidates(&doc);
                assert_eq!(open.len(), doc.blocks.len());
                for (b, block) in doc.blocks.iter().enumerate() {
                    let may = g.may_match(doc.slice(&block.content));
                    assert!(open[b] || !may, "{path}, block {b}: {p} closed a block its gate keeps");
                    kept += usize::from(may);
                    closed += usize::from(!open[b]);
                }
            }
        }
        assert!(kept > 100 && closed > 10 * kept, "kept {kept}, closed {closed}: too few to test");
    }

    /// Checks sharing one gate (the call-to-action rules) each see what a gate of their own
    /// patterns would open, from one search of the document for all of them.
    #[test]
    fn a_shared_gate_opens_for_each_check_what_its_own_gate_opens() {
        let mut examples = Vec::new();
        let pats = patterns(&mut examples);
        let lists: Vec<&[String]> = vec![&pats[..7], &pats[7..8], &pats[8..pats.len() / 2], &pats[pats.len() / 2..]];
        let own: Vec<Gate> = lists.iter().map(|l| Gate::new(l)).collect();
        let shares = SharedGate::split(&lists);
        let mut docs = Vec::new();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut docs);
        docs.push(("t".into(), examples.join("\n")));
        let mut opened = 0;
        for (path, text) in &docs {
            let doc = Document::new(path, text);
            for ((list, gate), share) in lists.iter().zip(&own).zip(&shares) {
                let (alone, shared) = (gate.spans(&doc), share.spans(&doc));
                for b in 0..doc.blocks.len() {
                    for (i, p) in list.iter().enumerate() {
                        assert_eq!(shared.open(b, i), alone.open(b, i), "{path}, block {b}, pattern {p}");
                        opened += usize::from(alone.open(b, i));
                    }
                    // The one-look answer for the block is the pattern-by-pattern one.
                    let any = (0..list.len()).any(|i| alone.open(b, i));
                    assert_eq!(shared.any_open(b, list.len()), any, "{path}, block {b}");
                    assert_eq!(alone.any_open(b, list.len()), any, "{path}, block {b}");
                }
            }
        }
        assert!(opened > 100, "too few gates open ({opened}) to test them");
    }

    /// The table of known patterns (see `known_literals`) holds what reading each pattern
    /// gives now, and every pattern the default rules ask about on the fixtures.
    /// `NEWSLINT_UPDATE_TABLES=1 cargo test --lib table_is_current` rewrites it.
    #[test]
    fn known_literals_table_is_current() {
        SEEN.with(|s| s.borrow_mut().clear());
        let engine = crate::engine::Engine::default_rules().expect("default rules load");
        let mut texts = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        files(&root.join("fixtures"), &mut texts);
        for (path, text) in &texts {
            engine.check(&crate::document::Document::new(path, text));
        }
        let mut seen = SEEN.with(|s| s.take());
        // A static's gate may have been built on another test's thread.
        seen.extend(crate::checks::builtin::own_gated_patterns().into_iter().map(String::from));
        seen.sort();
        seen.dedup();
        assert!(seen.len() > 30, "the default rules asked about {} patterns", seen.len());
        let fresh: Vec<(String, String)> =
            seen.into_iter().filter_map(|p| encode(&read_clauses(&p)).map(|e| (p, e))).collect();
        let mut code =
            String::from("// Generated by `NEWSLINT_UPDATE_TABLES=1 cargo test --lib table_is_current`.\n&[\n");
        for (p, e) in &fresh {
            code.push_str(&format!("    ({p:?}, {e:?}),\n"));
        }
        code.push_str("]\n");
        let table: Vec<(String, String)> =
            super::super::known_literals::TABLE.iter().map(|(p, e)| (p.to_string(), e.to_string())).collect();
        crate::document::refresh_tables(
            &[(root.join("src/checks/known_literals.table"), code.as_bytes())],
            table == fresh,
        );
    }

    fn files(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                out.push((p.display().to_string(), t));
            }
        }
    }

    #[test]
    fn encoding_keeps_every_literal_and_flag() {
        for p in [r"(?i)\bwe use cookies\b", r"Source link", r"(?i)photo: \w+", r"\d+", r"(?i)straße|kelvin", r"a\x1fb"]
        {
            let read = read_clauses(p);
            match encode(&read) {
                Some(e) => assert_eq!(decode(&e), read, "{p}"),
                None => assert!(p.contains("x1f"), "{p} has a literal the table cannot hold"),
            }
        }
    }
}
