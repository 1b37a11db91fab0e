//! Aho-Corasick's overlapping DFA search, walking several parts of a text in one loop. The
//! library's loop takes one byte per step, and each step waits for the table load of the
//! step before it: the phrase and attribution words' DFA is about 1 MB, so that load often
//! misses the first-level cache and the processor idles. Four parts walked side by side give
//! it four independent loads to overlap. Each part starts early by the longest literal less
//! one byte, which brings its state to what a walk from the start would have at the part's
//! first byte (a state is the longest suffix read that begins a literal), and reports only
//! the occurrences ending inside it. The occurrences and their order are the library's.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Match};

/// Parts walked side by side.
const LANES: usize = 4;
/// Shortest text split into parts: below it the early starts cost more than they save.
const SPLIT_FROM: usize = 1024;

/// Calls `found(lane, occurrence)` for every occurrence of every literal in `text`; each
/// lane's occurrences come in the library's overlapping order, lane 0's text first. `false`
/// (nothing reported) when this search cannot serve: an empty literal or an anchored DFA.
// The lockstep loop indexes four arrays by lane and the slices by byte on purpose.
#[allow(clippy::needless_range_loop)]
pub(crate) fn each(dfa: &DFA, text: &[u8], found: &mut impl FnMut(usize, Match)) -> bool {
    let Ok(start) = dfa.start_state(Anchored::No) else { return false };
    if dfa.min_pattern_len() == 0 {
        return false;
    }
    let n = text.len();
    if n < SPLIT_FROM {
        walk(dfa, text, start, 0..n, 0, 0, found);
        return true;
    }
    let early = dfa.max_pattern_len() - 1;
    let from: [usize; LANES] = std::array::from_fn(|k| n * k / LANES);
    let end: [usize; LANES] = std::array::from_fn(|k| n * (k + 1) / LANES);
    let begin: [usize; LANES] = std::array::from_fn(|k| from[k].saturating_sub(early));
    let together = (0..LANES).map(|k| end[k] - begin[k]).min().unwrap_or(0);
    // The four walks in one loop over equal slices (no bounds to check inside). A dead
    // state, which the library's search stops at, leads only to itself and reports nothing.
    let parts: [&[u8]; LANES] = std::array::from_fn(|k| &text[begin[k]..begin[k] + together]);
    let mut sid = [start; LANES];
    for i in 0..together {
        for k in 0..LANES {
            sid[k] = dfa.next_state(Anchored::No, sid[k], parts[k][i]);
            if dfa.is_special(sid[k]) {
                report(dfa, sid[k], begin[k] + i + 1, from[k], k, found);
            }
        }
    }
    for k in 0..LANES {
        walk(dfa, text, sid[k], begin[k] + together..end[k], from[k], k, found);
    }
    true
}

/// The walk of one lane over `range` from state `sid`, reporting occurrences that end after
/// `from`.
fn walk(
    dfa: &DFA,
    text: &[u8],
    mut sid: StateID,
    range: std::ops::Range<usize>,
    from: usize,
    lane: usize,
    found: &mut impl FnMut(usize, Match),
) {
    let at = range.start;
    for (i, &b) in text[range].iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, b);
        if dfa.is_special(sid) {
            report(dfa, sid, at + i + 1, from, lane, found);
        }
    }
}

/// The literals a special state `sid` reached at `end` reports, when it is a match state and
/// `end` lies after `from` (a start state is special only when the DFA has a prefilter,
/// which this search does not use; a dead state reports nothing).
#[cold]
fn report(dfa: &DFA, sid: StateID, end: usize, from: usize, lane: usize, found: &mut impl FnMut(usize, Match)) {
    if dfa.is_match(sid) && end > from {
        for i in 0..dfa.match_len(sid) {
            let pid = dfa.match_pattern(sid, i);
            found(lane, Match::new(pid, end - dfa.pattern_len(pid)..end));
        }
    }
}

/// Calls `found(part, occurrence)` for every occurrence lying wholly inside one of the
/// `parts` of `text` (each searched as if it were the whole text; positions are `text`'s),
/// walking four parts at a time: the short lines a line rule reads are too short to cut.
/// `false` as for [`each`].
// The lockstep loop indexes the lanes' arrays by lane on purpose, as in `each`.
#[allow(clippy::needless_range_loop)]
pub(crate) fn each_part(
    dfa: &DFA,
    text: &[u8],
    parts: &[std::ops::Range<usize>],
    found: &mut impl FnMut(usize, Match),
) -> bool {
    let Ok(start) = dfa.start_state(Anchored::No) else { return false };
    if dfa.min_pattern_len() == 0 {
        return false;
    }
    if parts.len() < LANES {
        for (p, part) in parts.iter().enumerate() {
            walk(dfa, text, start, part.clone(), 0, p, found);
        }
        return true;
    }
    // Each lane: its state, its next byte, its part's end and number. The lanes take the
    // first four parts, and a lane whose part ends takes the next one; once no part is left
    // to take, the lanes still walking finish alone.
    let mut sid = [start; LANES];
    let mut at: [usize; LANES] = std::array::from_fn(|k| parts[k].start);
    let mut end: [usize; LANES] = std::array::from_fn(|k| parts[k].end);
    let mut part: [usize; LANES] = std::array::from_fn(|k| k);
    let mut next = LANES;
    loop {
        let steps = (0..LANES).map(|k| end[k] - at[k]).min().unwrap_or(0);
        let slices: [&[u8]; LANES] = std::array::from_fn(|k| &text[at[k]..at[k] + steps]);
        for i in 0..steps {
            for k in 0..LANES {
                sid[k] = dfa.next_state(Anchored::No, sid[k], slices[k][i]);
                if dfa.is_special(sid[k]) {
                    // Every occurrence in a part ends after its start.
                    report(dfa, sid[k], at[k] + i + 1, 0, part[k], found);
                }
            }
        }
        for k in 0..LANES {
            at[k] += steps;
        }
        let mut refilled = true;
        for k in 0..LANES {
            if at[k] == end[k] {
                if next == parts.len() {
                    refilled = false;
                    continue;
                }
                (sid[k], at[k], end[k], part[k]) = (start, parts[next].start, parts[next].end, next);
                next += 1;
            }
        }
        if !refilled {
            for k in 0..LANES {
                walk(dfa, text, sid[k], at[k]..end[k], 0, part[k], found);
            }
            return true;
        }
    }
}

/// Every occurrence, in the library's overlapping order.
pub(crate) fn collect(dfa: &DFA, text: &[u8]) -> Option<Vec<Match>> {
    let mut lanes: [Vec<Match>; LANES] = Default::default();
    each(dfa, text, &mut |k, m| lanes[k].push(m)).then(|| lanes.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    fn both(literals: &[&str], text: &str) {
        let dfa = DFA::builder().ascii_case_insensitive(true).build(literals).expect("dfa");
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(literals)
            .expect("ac");
        let want: Vec<Match> = ac.find_overlapping_iter(text).collect();
        assert_eq!(collect(&dfa, text.as_bytes()), Some(want), "{literals:?}");
    }

    #[test]
    fn every_occurrence_in_the_librarys_order_across_the_lane_edges() {
        let words = ["said", "sources say", "a source", "source", "ay", "s", "sources said that", "it"];
        // Short texts take one lane; long ones are cut into four, at every offset modulo the
        // literals' length so that occurrences straddle each cut.
        let unit = "Sources say it. A source said that sources said that, and saysay. ";
        for len in [0, 1, 7, 64, SPLIT_FROM - 1, SPLIT_FROM, SPLIT_FROM + 1, 3000, 3001, 3002, 3017] {
            let text: String = unit.chars().cycle().take(len).collect();
            both(&words, &text);
        }
        for shift in 0..unit.len() {
            let text: String = unit.chars().cycle().skip(shift).take(2 * SPLIT_FROM + shift).collect();
            both(&words, &text);
        }
    }

    #[test]
    fn parts_are_searched_each_alone() {
        let words = ["said", "sources say", "a source", "source", "ay", "s", "it"];
        let dfa = DFA::builder().ascii_case_insensitive(true).build(words).expect("dfa");
        let ac = AhoCorasick::builder().ascii_case_insensitive(true).build(words).expect("ac");
        let text = "Sources say it. A source said that sources said that, and saysay. ".repeat(9);
        // Parts of every length from empty up, some touching, some apart, so that lanes run
        // dry at different steps and take the next part.
        let mut parts = Vec::new();
        let (mut at, mut len) = (0, 0);
        while at + len <= text.len() {
            parts.push(at..at + len);
            at += len + len % 3;
            len = (len + 5) % 41;
        }
        // All of them, and fewer parts than lanes.
        for parts in [&parts[..], &parts[3..6], &parts[..1], &[]] {
            let mut got = vec![Vec::new(); parts.len()];
            assert!(each_part(&dfa, text.as_bytes(), parts, &mut |p, m| got[p].push(m)));
            for (p, part) in parts.iter().enumerate() {
                let shift = |m: Match| Match::new(m.pattern(), m.start() + part.start..m.end() + part.start);
                let want: Vec<Match> = ac.find_overlapping_iter(&text[part.clone()]).map(shift).collect();
                assert_eq!(got[p], want, "part {p} {part:?}");
            }
        }
    }

    #[test]
    fn an_empty_literal_is_left_to_the_library() {
        let dfa = DFA::builder().build(["", "a"]).expect("dfa");
        assert_eq!(collect(&dfa, b"banana"), None);
    }
}
