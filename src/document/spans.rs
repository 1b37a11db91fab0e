//! Sets of byte spans asked which of them hold a span or a place.

use std::ops::Range;

/// Spans that may hold others or a place, sorted by start and then longest first, with the
/// greatest end so far, so that whether one holds a given span or place is a binary search.
/// Findings (a page of 20,000 short boilerplate lines has as many block-level findings) and
/// suppression comments were each tested against every span, which took minutes.
pub struct Spans {
    sorted: Vec<Range<usize>>,
    /// The greatest end among `sorted[..=i]`.
    max_end: Vec<usize>,
}

impl Spans {
    pub fn new(mut sorted: Vec<Range<usize>>) -> Self {
        sorted.sort_unstable_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let max_end = sorted
            .iter()
            .scan(0, |m, s| {
                *m = s.end.max(*m);
                Some(*m)
            })
            .collect();
        Spans { sorted, max_end }
    }

    /// Whether another span (not `span` itself) starts at or before it and ends at or after.
    pub fn hold(&self, span: &Range<usize>) -> bool {
        // One starting before it, reaching its end...
        let before = self.sorted.partition_point(|s| s.start < span.start);
        if before > 0 && self.max_end[before - 1] >= span.end {
            return true;
        }
        // ...or one starting where it does and ending later (the longest comes first).
        self.sorted.get(before).is_some_and(|s| s.start == span.start && s.end > span.end)
    }

    /// Whether one of the spans holds the place `at` (`start <= at < end`).
    pub fn hold_place(&self, at: usize) -> bool {
        let started = self.sorted.partition_point(|s| s.start <= at);
        started > 0 && self.max_end[started - 1] > at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a span is held is what testing it against every span says, over every span
    /// of a small range against sets with repeats, empty spans and equal starts.
    #[test]
    fn spans_hold_what_a_scan_finds() {
        let all: Vec<Range<usize>> = (0..6).flat_map(|a| (a..6).map(move |b| a..b)).collect();
        for seed in 0..200u64 {
            let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            let set: Vec<_> = (0..(seed % 7))
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    all[(x % all.len() as u64) as usize].clone()
                })
                .collect();
            let spans = Spans::new(set.clone());
            for span in &all {
                let scan = set.iter().any(|s| s.start <= span.start && span.end <= s.end && s != span);
                assert_eq!(spans.hold(span), scan, "{span:?} in {set:?}");
            }
        }
    }
}
