//! A bounded backtracker run directly on a stored automaton (see [`super::known_nfas`]).
//! Rebuilding a stored automaton with regex-automata's NFA builder costs an allocation or
//! three per state, and a small article reaches about 13,000 states: that rebuild was a
//! third of linting one, and reading the states into arrays still a tenth. Here the stored
//! words are searched where they lie (never copied; checked whole by the table test), by the
//! algorithm of regex-automata's `BoundedBacktracker` (leftmost-first: the first match in
//! priority order from the leftmost start; a visited set of (state, offset) pairs keeps it
//! linear), so it finds what the regex finds. One step is its own: a union's alternates that
//! cannot read the next byte are not stacked, since each would fail at once.
//!
//! A union of several alternates (a case-blind list of words, at every word start) is read
//! through a table, made on a thread's first visit, of the alternates that can read each
//! next byte: testing each alternate in turn was about a fifth of the backtracker's work.
//!
//! Only the words of the visited set a search touched are cleared after it, so a long line
//! costs the work done on it, not the product of its length and the automaton's size; a
//! haystack whose visited set would pass [`MAX_VISITED_BITS`] goes to the other engines.

use crate::checks::repetition::index::MixMap;
use regex_automata::util::captures::GroupInfo;
use regex_automata::util::look::{Look, LookMatcher};
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::Input;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

/// The largest visited set a search may use: 8 MiB of address space, of which only the pages
/// a search touches are ever mapped.
const MAX_VISITED_BITS: usize = 1 << 26;

/// A union of this many alternates or more is read through its table ([`Flat::union_table`]);
/// a smaller one tests its alternates in turn. On one devset copy 4 and 6 cost the fewest
/// instructions; 2 and 10 cost 2.5% more (a lookup costs about what testing three does).
const TABLE_ALTERNATES: u32 = 4;

/// Most union tables a thread keeps (about 2 KiB each): past it they are dropped and made
/// again as needed, so a process that loads rules again and again (the tests) does not keep
/// the tables of automata long gone. A thread of a 10 MiB run makes fewer than 256.
const MAX_UNION_TABLES: usize = 2048;

/// Source of [`Flat::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

#[derive(Clone, Copy, Debug)]
pub(super) enum St {
    Range {
        start: u8,
        end: u8,
        next: u32,
    },
    /// Transitions `from..to` of [`Flat::trans`].
    Sparse {
        from: u32,
        to: u32,
    },
    Look {
        look: Look,
        next: u32,
    },
    /// Alternates `from..to` of [`Flat::alts`], in priority order.
    Union {
        from: u32,
        to: u32,
    },
    Capture {
        slot: u32,
        next: u32,
    },
    Fail,
    Match,
}

/// A stored automaton, ready to search: views of the stored bytes (see
/// [`super::known_nfas`] for the layout), read a state at a time as the search reaches it.
/// Nothing is copied at load: a search pays for the states it visits, not for all of them.
#[derive(Debug)]
pub(crate) struct Flat {
    /// Two words per state.
    pub(super) states: &'static [u8],
    /// Two words per transition of the sparse states.
    pub(super) trans: &'static [u8],
    /// One word per alternate of the unions.
    pub(super) alts: &'static [u8],
    /// The anchored start state: an unanchored search tries it at each offset in turn.
    pub(super) start: u32,
    /// The unanchored start state; the same as `start` when every match begins where the
    /// search does.
    pub(super) unanchored: u32,
    pub(super) groups: GroupInfo,
    /// The bytes a match can begin with, when no match is empty: an unanchored search
    /// starts only at them (filled in by [`Flat::with_first_bytes`]).
    pub(super) first: Option<Box<[bool; 256]>>,
    /// Names this automaton in the threads' union tables: unique for the process, unlike an
    /// address, which a later automaton may reuse.
    pub(super) id: u64,
}

/// Little-endian word `i` of `bytes`. The loader checked every section's length and the
/// table test every index a stored state holds, so the slice is in range (a bad index would
/// panic here, safely).
#[inline]
fn word(bytes: &[u8], i: usize) -> u32 {
    let w = &bytes[i * 4..i * 4 + 4];
    u32::from_le_bytes([w[0], w[1], w[2], w[3]])
}

/// Little-endian words `2i` and `2i + 1` of `bytes`, behind one bounds check: states and
/// transitions are read two words at a time.
#[inline]
fn pair(bytes: &[u8], i: usize) -> (u32, u32) {
    let w = &bytes[i * 8..i * 8 + 8];
    (u32::from_le_bytes([w[0], w[1], w[2], w[3]]), u32::from_le_bytes([w[4], w[5], w[6], w[7]]))
}

enum Frame {
    Step { sid: u32, at: usize },
    Restore { slot: usize, offset: Option<NonMaxUsize> },
}

/// A thread's scratch space, shared by every flat automaton (a search never runs another).
#[derive(Default)]
struct Scratch {
    visited: Vec<u64>,
    /// Words of `visited` this search set, to clear after it.
    dirty: Vec<usize>,
    stack: Vec<Frame>,
    /// The tables of the large unions visited so far, by automaton id and first alternate.
    unions: MixMap<(u64, u32), Box<[u64]>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// The look-around rules the compiler configures by default (`\n` ends a line).
static LOOK: LazyLock<LookMatcher> = LazyLock::new(LookMatcher::new);

impl Flat {
    pub(super) fn new_id() -> u64 {
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    }

    pub(super) fn len(&self) -> usize {
        self.states.len() / 8
    }

    /// State `sid`, decoded from its two words: the tag in the first word's low three bits.
    #[inline]
    pub(super) fn state(&self, sid: u32) -> St {
        let (w0, w1) = pair(self.states, sid as usize);
        match w0 & 7 {
            0 => St::Range { start: (w0 >> 3) as u8, end: (w0 >> 11) as u8, next: w1 },
            1 => St::Sparse { from: w0 >> 3, to: w1 },
            2 => Look::from_repr(w0 >> 3).map_or(St::Fail, |look| St::Look { look, next: w1 }),
            3 => St::Union { from: w0 >> 3, to: w1 },
            4 => St::Capture { slot: (w0 >> 3) * 2, next: w1 },
            5 => St::Capture { slot: (w0 >> 3) * 2 + 1, next: w1 },
            6 => St::Fail,
            _ => St::Match,
        }
    }

    /// Transition `i` of the sparse states: (first byte, last byte, next state).
    #[inline]
    pub(super) fn transition(&self, i: u32) -> (u8, u8, u32) {
        let (w0, w1) = pair(self.trans, i as usize);
        (w0 as u8, (w0 >> 8) as u8, w1)
    }

    /// Alternate `i` of the unions.
    #[inline]
    pub(super) fn alternate(&self, i: u32) -> u32 {
        word(self.alts, i as usize)
    }

    /// `self` with [`Flat::first`] worked out: the byte transitions reachable from the start
    /// without consuming a byte (look-arounds assumed to pass); none when a match is.
    pub(super) fn with_first_bytes(mut self) -> Flat {
        let mut first = Box::new([false; 256]);
        let mut seen = vec![false; self.len()];
        let mut stack = vec![self.start];
        while let Some(sid) = stack.pop() {
            if std::mem::replace(&mut seen[sid as usize], true) {
                continue;
            }
            let mut mark = |(a, b, _): (u8, u8, u32)| first[a as usize..=b as usize].fill(true);
            match self.state(sid) {
                St::Range { start, end, next } => mark((start, end, next)),
                St::Sparse { from, to } => (from..to).for_each(|i| mark(self.transition(i))),
                St::Look { next, .. } | St::Capture { next, .. } => stack.push(next),
                St::Union { from, to } => stack.extend((from..to).map(|i| self.alternate(i))),
                St::Fail => {}
                St::Match => return self,
            }
        }
        self.first = Some(first);
        self
    }

    /// Can state `sid` go on with `next` (the byte at the search position; `None` at the
    /// end)? Only a byte-reading state can say no; any other may.
    #[inline]
    fn may_read(&self, sid: u32, next: Option<u8>) -> bool {
        match self.state(sid) {
            St::Range { start, end, .. } => next.is_some_and(|b| start <= b && b <= end),
            St::Sparse { from, to } => next.is_some_and(|b| self.sparse_next(from, to, b).is_some()),
            _ => true,
        }
    }

    /// Where the sparse state of transitions `from..to` goes on byte `b`, if anywhere.
    #[inline(always)]
    fn sparse_next(&self, from: u32, to: u32, b: u8) -> Option<u32> {
        let t = (from..to).map(|i| self.transition(i)).find(|t| b <= t.1)?;
        (t.0 <= b).then_some(t.2)
    }

    /// The table of the union of alternates `from..to`: for each next byte (and, in the last
    /// row, for the end of the haystack) a bit set of the alternates [`Flat::may_read`] lets
    /// go on, `words` u64 per row. An alternate that fails at once is in no row.
    fn union_table(&self, from: u32, to: u32) -> Box<[u64]> {
        let words = (to - from).div_ceil(64) as usize;
        let mut table = vec![0u64; 257 * words];
        for (j, i) in (from..to).enumerate() {
            let (word, bit) = (j / 64, 1u64 << (j % 64));
            let mut set = |rows: std::ops::RangeInclusive<usize>| rows.for_each(|r| table[r * words + word] |= bit);
            match self.state(self.alternate(i)) {
                St::Range { start, end, .. } => set(start as usize..=end as usize),
                St::Sparse { from, to } => (from..to).for_each(|t| {
                    let (a, b, _) = self.transition(t);
                    set(a as usize..=b as usize);
                }),
                St::Fail => {}
                _ => set(0..=256),
            }
        }
        table.into_boxed_slice()
    }

    fn anchored(&self) -> bool {
        self.start == self.unanchored
    }

    /// A search of `haystack` from its start finds nothing: the automaton is anchored, no
    /// match is empty, and the first byte begins none ([`Flat::first`]).
    pub(crate) fn rules_out_start(&self, haystack: &[u8]) -> bool {
        self.anchored() && self.first.as_ref().is_some_and(|first| haystack.first().is_none_or(|&b| !first[b as usize]))
    }

    /// Can a search of `len` bytes run here?
    pub(crate) fn fits(&self, len: usize) -> bool {
        self.len().saturating_mul(len.saturating_add(1)) <= MAX_VISITED_BITS
    }

    pub(crate) fn group_info(&self) -> &GroupInfo {
        &self.groups
    }

    /// The end of the leftmost-first match in `input`, with `slots` (as regex-automata lays
    /// them out for one pattern) filled in; an empty match inside a character is skipped, as
    /// the regex crate skips it. `input` must fit ([`Flat::fits`]).
    pub(crate) fn search(&self, input: &Input<'_>, slots: &mut [Option<NonMaxUsize>]) -> Option<usize> {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.search_skipping_splits(&mut s, input, slots),
            Err(_) => self.search_skipping_splits(&mut Scratch::default(), input, slots),
        })
    }

    fn search_skipping_splits(
        &self,
        s: &mut Scratch,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<usize> {
        let mut end = self.search_once(s, input, slots)?;
        if input.is_char_boundary(end) {
            return Some(end);
        }
        if self.anchored() || input.get_anchored().is_anchored() {
            return None;
        }
        let mut input = input.clone();
        while !input.is_char_boundary(end) {
            input.set_start(input.start() + 1);
            end = self.search_once(s, &input, slots)?;
        }
        Some(end)
    }

    fn search_once(&self, s: &mut Scratch, input: &Input<'_>, slots: &mut [Option<NonMaxUsize>]) -> Option<usize> {
        slots.fill(None);
        if input.is_done() {
            return None;
        }
        let width = input.get_span().len() + 1;
        let words = (self.len() * width).div_ceil(64);
        if s.visited.len() < words {
            // Zeroed by the allocator: pages are mapped as the search touches them.
            s.visited = vec![0; words];
        }
        s.stack.clear();
        let anchored = self.anchored() || input.get_anchored().is_anchored();
        let mut found = None;
        let mut at = input.start();
        while at <= input.end() {
            if let (Some(first), false) = (&self.first, anchored) {
                // No match is empty: one begins with a byte of `first`, before the end.
                match input.haystack()[at..input.end()].iter().position(|&b| first[b as usize]) {
                    Some(skip) => at += skip,
                    None => break,
                }
            }
            found = self.backtrack(s, input, width, at, slots);
            if found.is_some() || anchored {
                break;
            }
            at += 1;
        }
        for w in s.dirty.drain(..) {
            s.visited[w] = 0;
        }
        found
    }

    fn backtrack(
        &self,
        s: &mut Scratch,
        input: &Input<'_>,
        width: usize,
        at: usize,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<usize> {
        s.stack.push(Frame::Step { sid: self.start, at });
        while let Some(frame) = s.stack.pop() {
            match frame {
                Frame::Step { sid, at } => {
                    if let Some(end) = self.step(s, input, width, sid, at, slots) {
                        return Some(end);
                    }
                }
                Frame::Restore { slot, offset } => slots[slot] = offset,
            }
        }
        None
    }

    fn step(
        &self,
        s: &mut Scratch,
        input: &Input<'_>,
        width: usize,
        mut sid: u32,
        mut at: usize,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<usize> {
        let haystack = input.haystack();
        // The bytes a step may read: the search ends at `input.end()`.
        let (readable, origin) = (&haystack[..input.end()], input.start());
        loop {
            let bit = sid as usize * width + (at - origin);
            let (w, mask) = (bit / 64, 1u64 << (bit % 64));
            let word = s.visited[w];
            if word & mask != 0 {
                return None;
            }
            if word == 0 {
                s.dirty.push(w);
            }
            s.visited[w] = word | mask;
            match self.state(sid) {
                St::Range { start, end, next } => {
                    let b = *readable.get(at)?;
                    if b < start || b > end {
                        return None;
                    }
                    sid = next;
                    at += 1;
                }
                St::Sparse { from, to } => {
                    let b = *readable.get(at)?;
                    sid = self.sparse_next(from, to, b)?;
                    at += 1;
                }
                St::Look { look, next } => {
                    if !LOOK.matches(look, haystack, at) {
                        return None;
                    }
                    sid = next;
                }
                St::Union { from, to } if to - from >= TABLE_ALTERNATES => {
                    let row = readable.get(at).map_or(256, |&b| b as usize);
                    if s.unions.len() >= MAX_UNION_TABLES && !s.unions.contains_key(&(self.id, from)) {
                        s.unions.clear();
                    }
                    let table = s.unions.entry((self.id, from)).or_insert_with(|| self.union_table(from, to));
                    let words = (to - from).div_ceil(64) as usize;
                    let row = &table[row * words..(row + 1) * words];
                    // The first alternate is followed now, the others stacked in reverse
                    // priority order, as below.
                    let first = row.iter().enumerate().find(|(_, &w)| w != 0)?;
                    let first = first.0 as u32 * 64 + first.1.trailing_zeros();
                    sid = self.alternate(from + first);
                    for (k, &w) in row.iter().enumerate().rev() {
                        let mut w = w;
                        while w != 0 {
                            let bit = 63 - w.leading_zeros();
                            w &= !(1u64 << bit);
                            let j = k as u32 * 64 + bit;
                            if j != first {
                                s.stack.push(Frame::Step { sid: self.alternate(from + j), at });
                            }
                        }
                    }
                }
                St::Union { from, to } => {
                    // An alternate that reads a byte other than the next one fails at once:
                    // it is not stacked. A case-blind list of words is a union of a few dozen
                    // such alternates at every word start.
                    let next = readable.get(at).copied();
                    let may = |i: u32| self.may_read(self.alternate(i), next);
                    let first = (from..to).find(|&i| may(i))?;
                    sid = self.alternate(first);
                    s.stack.extend(
                        (first + 1..to).rev().filter(|&i| may(i)).map(|i| Frame::Step { sid: self.alternate(i), at }),
                    );
                }
                St::Capture { slot, next } => {
                    if let Some(old) = slots.get_mut(slot as usize) {
                        s.stack.push(Frame::Restore { slot: slot as usize, offset: *old });
                        *old = NonMaxUsize::new(at);
                    }
                    sid = next;
                }
                St::Fail => return None,
                St::Match => return Some(at),
            }
        }
    }
}
