//! Duplicate sections: chains of similar block pairs that advance together, in order,
//! through an earlier run and a later run. Each pair extends the best chain that ends at
//! most `max_gap` unmatched blocks before it on both sides, so the cost is linear in the
//! number of similar pairs.

use super::index::MixMap;

/// A similar block pair: earlier block, later block, similarity.
pub type Pair = (usize, usize, f64);

/// A later run of blocks that retells an earlier run.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// First and last block of the earlier copy.
    pub first: (usize, usize),
    /// First and last block of the later copy.
    pub later: (usize, usize),
    /// Matched block pairs.
    pub pairs: usize,
    pub mean_similarity: f64,
    /// Share of the words of the later run that sit in matched blocks.
    pub coverage: f64,
}

pub struct Params {
    pub min_blocks: usize,
    pub max_gap: usize,
    pub min_coverage: f64,
}

struct Link {
    i: usize,
    j: usize,
    /// Index of the chain's first link.
    start: usize,
    prev: Option<usize>,
    count: usize,
    sim_sum: f64,
    /// Words of the later blocks matched so far: longer retold text wins.
    score: usize,
    extended: bool,
}

/// Finds the sections; `words[b]` is block `b`'s word count. `pairs` must be sorted by
/// later block, then earlier block.
pub fn find(pairs: &[Pair], words: &[usize], p: &Params) -> Vec<Section> {
    let mut links: Vec<Link> = Vec::with_capacity(pairs.len());
    // Block positions, not hashes: SipHash's flood resistance buys nothing, and this map is
    // asked up to (max_gap + 1)^2 times per pair.
    let mut at: MixMap<(usize, usize), usize> = MixMap::with_capacity_and_hasher(pairs.len(), Default::default());
    let step = p.max_gap + 1;
    for &(i, j, sim) in pairs {
        let mut best: Option<usize> = None;
        for dj in 1..=step.min(j) {
            for di in 1..=step.min(i) {
                let Some(&q) = at.get(&(i - di, j - dj)) else { continue };
                // The earlier copy must end before the later copy starts.
                if i >= links[links[q].start].j {
                    continue;
                }
                if best.is_none_or(|b| links[q].score > links[b].score) {
                    best = Some(q);
                }
            }
        }
        let n = links.len();
        let link = match best {
            Some(q) => {
                links[q].extended = true;
                let prev = &links[q];
                Link {
                    i,
                    j,
                    start: prev.start,
                    prev: Some(q),
                    count: prev.count + 1,
                    sim_sum: prev.sim_sum + sim,
                    score: prev.score + words[j],
                    extended: false,
                }
            }
            None => Link { i, j, start: n, prev: None, count: 1, sim_sum: sim, score: words[j], extended: false },
        };
        at.insert((i, j), n);
        links.push(link);
    }

    let mut prefix = Vec::with_capacity(words.len() + 1);
    prefix.push(0usize);
    for w in words {
        prefix.push(prefix.last().copied().unwrap_or(0) + w);
    }
    let span_words = |a: usize, b: usize| (prefix[b + 1] - prefix[a]).max(1);

    let mut ends: Vec<usize> =
        (0..links.len()).filter(|&k| !links[k].extended && links[k].count >= p.min_blocks).collect();
    ends.sort_by(|&a, &b| links[b].score.cmp(&links[a].score).then(links[a].j.cmp(&links[b].j)));
    let mut out: Vec<Section> = Vec::new();
    for e in ends {
        let end = &links[e];
        let start = &links[end.start];
        let (later, first) = ((start.j, end.j), (start.i, end.i));
        if out.iter().any(|s| later.0 <= s.later.1 && s.later.0 <= later.1) {
            continue;
        }
        let (mut matched_later, mut matched_first) = (0, 0);
        let mut k = Some(e);
        while let Some(x) = k {
            matched_later += words[links[x].j];
            matched_first += words[links[x].i];
            k = links[x].prev;
        }
        let coverage = matched_later as f64 / span_words(later.0, later.1) as f64;
        let coverage_first = matched_first as f64 / span_words(first.0, first.1) as f64;
        if coverage < p.min_coverage || coverage_first < p.min_coverage {
            continue;
        }
        out.push(Section { first, later, pairs: end.count, mean_similarity: end.sim_sum / end.count as f64, coverage });
    }
    out.sort_by_key(|s| s.later.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Params = Params { min_blocks: 3, max_gap: 2, min_coverage: 0.6 };

    #[test]
    fn a_run_in_order_with_a_gap_is_one_section() {
        // Blocks 0-3 retold as 5-9, with an extra block 7 in the copy.
        let pairs = [(0, 5, 0.7), (1, 6, 0.8), (2, 8, 0.6), (3, 9, 0.9)];
        let words = [20, 20, 20, 20, 5, 20, 20, 3, 20, 20];
        let s = find(&pairs, &words, &P);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].first, s[0].later, s[0].pairs), ((0, 3), (5, 9), 4));
        assert!((s[0].mean_similarity - 0.75).abs() < 1e-9);
    }

    #[test]
    fn pairs_out_of_order_or_too_few_are_not_a_section() {
        let words = [20; 10];
        assert!(find(&[(0, 7, 0.9), (1, 6, 0.9), (2, 5, 0.9)], &words, &P).is_empty());
        assert!(find(&[(0, 5, 0.9), (1, 6, 0.9)], &words, &P).is_empty());
        // Matching short questions between unmatched long answers: an interview template.
        let words = [8, 100, 8, 100, 8, 100, 8, 100, 8, 100, 8, 100];
        assert!(find(&[(0, 6, 1.0), (2, 8, 1.0), (4, 10, 1.0)], &words, &P).is_empty());
    }

    #[test]
    fn a_run_that_overlaps_its_own_copy_is_not_a_section() {
        // Each list entry resembles the next one.
        let pairs = [(0, 1, 0.8), (1, 2, 0.8), (2, 3, 0.8), (3, 4, 0.8)];
        assert!(find(&pairs, &[20; 5], &P).is_empty());
    }
}
