//! Aho-Corasick's overlapping DFA search, walking several parts of a text in one loop. The
//! library's loop takes one byte per step, and each step waits for the table load of the
//! step before it: the phrase and attribution words' DFA is about 1 MB, so that load often
//! misses the first-level cache and the processor idles. Four parts walked side by side give
//! it four independent loads to overlap. Each part starts early by the longest literal less
//! one byte, which brings its state to what a walk from the start would have at the part's
//! first byte (a state is the longest suffix read that begins a literal), and reports only
//! the occurrences ending inside it. The occurrences and their order are the library's.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Match};

/// Parts walked side by side.
const LANES: usize = 4;
/// Shortest text split into parts: below it the early starts cost more than they save.
const SPLIT_FROM: usize = 1024;

/// Calls `found(lane, occurrence)` for every occurrence of every literal in `text`; each
/// lane's occurrences come in the library's overlapping order, lane 0's text first. `false`
/// (nothing reported) when this search cannot serve: an empty literal or an anchored DFA.
pub(crate) fn each(dfa: &DFA, text: &[u8], found: &mut impl FnMut(usize, Match)) -> bool {
    let Ok(start) = dfa.start_state(Anchored::No) else { return false };
    if dfa.min_pattern_len() == 0 {
        return false;
    }
    let n = text.len();
    if n < SPLIT_FROM {
        let mut lane = Lane { sid: start, at: 0, end: n, from: 0, part: 0, live: true };
        lane.walk(dfa, text, n, found);
        return true;
    }
    let early = dfa.max_pattern_len() - 1;
    let mut lanes: [Lane; LANES] = std::array::from_fn(|k| {
        let (from, end) = (n * k / LANES, n * (k + 1) / LANES);
        Lane { sid: start, at: from.saturating_sub(early), end, from, part: k, live: true }
    });
    let together = lanes.iter().map(|l| l.end - l.at).min().unwrap_or(0);
    for _ in 0..together {
        for lane in &mut lanes {
            lane.step(dfa, text, found);
        }
    }
    for lane in &mut lanes {
        let rest = lane.end - lane.at;
        lane.walk(dfa, text, rest, found);
    }
    true
}

/// Calls `found(part, occurrence)` for every occurrence lying wholly inside one of the
/// `parts` of `text` (each searched as if it were the whole text; positions are `text`'s),
/// walking four parts at a time: the short lines a line rule reads are too short to cut.
/// `false` as for [`each`].
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
    let mut lanes: [Lane; LANES] =
        std::array::from_fn(|_| Lane { sid: start, at: 0, end: 0, from: 0, part: 0, live: false });
    let mut next = 0;
    loop {
        for lane in &mut lanes {
            if !lane.live && next < parts.len() {
                let part = &parts[next];
                *lane = Lane { sid: start, at: part.start, end: part.end, from: part.start, part: next, live: true };
                next += 1;
            }
        }
        let Some(steps) = lanes.iter().filter(|l| l.live).map(|l| l.end - l.at).min() else { break };
        for _ in 0..steps {
            for lane in &mut lanes {
                lane.step(dfa, text, found);
            }
        }
        for lane in &mut lanes {
            lane.live &= lane.at < lane.end;
        }
    }
    true
}

/// Every occurrence, in the library's overlapping order.
pub(crate) fn collect(dfa: &DFA, text: &[u8]) -> Option<Vec<Match>> {
    let mut lanes: [Vec<Match>; LANES] = Default::default();
    each(dfa, text, &mut |k, m| lanes[k].push(m)).then(|| lanes.concat())
}

/// One part of the text: the state, the next byte, the part's end, where the occurrences it
/// reports may end (after `from`), and the part's number for the caller.
struct Lane {
    sid: aho_corasick::automaton::StateID,
    at: usize,
    end: usize,
    from: usize,
    part: usize,
    /// False when the lane has no part, or after a dead state, which ends the library's
    /// search too.
    live: bool,
}

impl Lane {
    #[inline(always)]
    fn step(&mut self, dfa: &DFA, text: &[u8], found: &mut impl FnMut(usize, Match)) {
        if !self.live {
            return;
        }
        self.sid = dfa.next_state(Anchored::No, self.sid, text[self.at]);
        self.at += 1;
        if dfa.is_special(self.sid) {
            self.special(dfa, found);
        }
    }

    fn walk(&mut self, dfa: &DFA, text: &[u8], steps: usize, found: &mut impl FnMut(usize, Match)) {
        for _ in 0..steps {
            self.step(dfa, text, found);
        }
    }

    /// A match state reports its literals (a start state is special only when the DFA has a
    /// prefilter, which this search does not use).
    #[cold]
    fn special(&mut self, dfa: &DFA, found: &mut impl FnMut(usize, Match)) {
        if dfa.is_dead(self.sid) {
            self.live = false;
        } else if dfa.is_match(self.sid) && self.at > self.from {
            for i in 0..dfa.match_len(self.sid) {
                let pid = dfa.match_pattern(self.sid, i);
                found(self.part, Match::new(pid, self.at - dfa.pattern_len(pid)..self.at));
            }
        }
    }
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
        let mut got = vec![Vec::new(); parts.len()];
        assert!(each_part(&dfa, text.as_bytes(), &parts, &mut |p, m| got[p].push(m)));
        for (p, part) in parts.iter().enumerate() {
            let shift = |m: Match| Match::new(m.pattern(), m.start() + part.start..m.end() + part.start);
            let want: Vec<Match> = ac.find_overlapping_iter(&text[part.clone()]).map(shift).collect();
            assert_eq!(got[p], want, "part {p} {part:?}");
        }
    }

    #[test]
    fn an_empty_literal_is_left_to_the_library() {
        let dfa = DFA::builder().build(["", "a"]).expect("dfa");
        assert_eq!(collect(&dfa, b"banana"), None);
    }
}
