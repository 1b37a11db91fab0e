//! Candidate pairs from inverted indexes, never from comparing every pair: a later block
//! is compared only with earlier blocks that share at least two index keys (word shingles
//! for edited copies, rare content words for reworded ones). Keys held by more than
//! [`MAX_POSTINGS`] blocks are too common to suggest a copy and are not followed, so the
//! cost stays linear in the number of blocks.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Blocks a key may point at before it is dropped as too common ("the president said").
pub const MAX_POSTINGS: usize = 64;

/// The keys are already mixed hashes: hashing them again would only cost time.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = super::text::mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The Fx hash ([`super::text::mix`], a multiply and a rotate per word) for keys of a few
/// small numbers that are not hashes yet, where SipHash's flood resistance buys nothing:
/// positions in a document, automaton and state ids.
#[derive(Default)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = super::text::mix(self.0, n);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// [`super::text::hash_bytes`] (Fx over eight bytes at a time) for each write, with the
/// SplitMix finaliser over them all, for maps keyed by the rules' words and phrases: built
/// at every start, where SipHash's flood resistance buys nothing.
#[derive(Default)]
pub struct StrHasher(u64);

impl Hasher for StrHasher {
    fn finish(&self) -> u64 {
        super::text::finish(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = super::text::mix(self.0, super::text::hash_bytes(bytes, false));
    }
}

/// A map keyed by strings of the rule files (see [`StrHasher`]).
pub type StrMap<K, V> = HashMap<K, V, BuildHasherDefault<StrHasher>>;
/// A set of strings of the rule files (see [`StrHasher`]).
pub type StrSet<K> = std::collections::HashSet<K, BuildHasherDefault<StrHasher>>;

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// A map keyed by a few small numbers (see [`MixHasher`]).
pub type MixMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;
pub type IdSet = std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>;

/// The id of a key held by one item only: it has no postings.
const ALONE: u32 = u32::MAX;

/// Postings of the keys of a list of items: each key gets a dense id, and each id the
/// items that hold it, contiguous and in item order (a counting sort), so that walking them
/// touches memory in order.
pub struct Index {
    /// Dense id of each key of each item, items in order; [`ALONE`] for a key no other
    /// item holds.
    entry_id: Vec<u32>,
    /// Where each item's keys start in `entry_id` (one more for the end).
    item_start: Vec<u32>,
    /// How many items hold each id.
    df: Vec<u32>,
    /// Where each id's postings start in `postings` (one more for the end).
    offset: Vec<u32>,
    postings: Vec<u32>,
}

impl Index {
    /// The index of `keys[j]` for each item `j` (`None`: left out). A key an item holds
    /// twice counts once, so an item's keys need not be sorted or deduplicated first.
    pub fn new(keys: &[Option<&[u64]>]) -> Self {
        let total: usize = keys.iter().flatten().map(|k| k.len()).sum();
        // Most keys (word shingles above all) are held by one item and pair nothing. Counters
        // on the keys' low bits (the keys are mixed hashes) find most of them, which then
        // need no map entry: a key whose counter stays at 1 is held once.
        let mask = (total * 4).next_power_of_two().max(64) - 1;
        let mut seen = vec![0u8; mask + 1];
        for key in keys.iter().flatten().flat_map(|k| k.iter()) {
            let c = &mut seen[*key as usize & mask];
            *c = c.saturating_add(1);
        }
        let mut ids: IdMap<u32> = IdMap::default();
        ids.reserve(keys.iter().flatten().flat_map(|k| k.iter()).filter(|k| seen[**k as usize & mask] > 1).count());
        let mut entry_id: Vec<u32> = Vec::with_capacity(total);
        let mut item_start: Vec<u32> = Vec::with_capacity(keys.len() + 1);
        let mut df: Vec<u32> = Vec::new();
        // The item (plus one) that last took each id: a repeat within an item is skipped.
        let mut last: Vec<u32> = Vec::new();
        for (j, k) in keys.iter().enumerate() {
            item_start.push(entry_id.len() as u32);
            for key in k.iter().flat_map(|k| k.iter()) {
                if seen[*key as usize & mask] == 1 {
                    entry_id.push(ALONE);
                    continue;
                }
                let next = df.len() as u32;
                let id = *ids.entry(*key).or_insert(next);
                if id == next {
                    df.push(0);
                    last.push(0);
                }
                if last[id as usize] == j as u32 + 1 {
                    continue;
                }
                last[id as usize] = j as u32 + 1;
                df[id as usize] += 1;
                entry_id.push(id);
            }
        }
        item_start.push(entry_id.len() as u32);
        drop(ids);
        drop(seen);
        let mut offset: Vec<u32> = Vec::with_capacity(df.len() + 1);
        offset.push(0);
        for d in &df {
            offset.push(offset.last().copied().unwrap_or(0) + d);
        }
        let mut fill: Vec<u32> = offset[..df.len()].to_vec();
        let mut postings = vec![0u32; offset.last().copied().unwrap_or(0) as usize];
        for j in 0..keys.len() {
            for &id in &entry_id[item_start[j] as usize..item_start[j + 1] as usize] {
                if id == ALONE {
                    continue;
                }
                postings[fill[id as usize] as usize] = j as u32;
                fill[id as usize] += 1;
            }
        }
        Index { entry_id, item_start, df, offset, postings }
    }

    /// How many different keys item `j` holds.
    pub fn keys(&self, j: usize) -> usize {
        (self.item_start[j + 1] - self.item_start[j]) as usize
    }

    /// How many items hold each key of item `j`, in the order of its keys.
    pub fn df_of(&self, j: usize) -> impl Iterator<Item = u32> + '_ {
        let ids = self.item_start.get(j..j + 2).map_or(&[][..], |r| &self.entry_id[r[0] as usize..r[1] as usize]);
        ids.iter().map(|&id| if id == ALONE { 1 } else { self.df[id as usize] })
    }

    /// Calls `visit(earlier, later, shared)` once for every pair of items that share at
    /// least `min_shared` keys held by [`MAX_POSTINGS`] items or fewer (`shared` of them),
    /// in order of the later item, then the earlier one.
    pub fn pairs(&self, min_shared: usize, mut visit: impl FnMut(usize, usize, usize)) {
        let n = self.item_start.len() - 1;
        let mut counts = vec![0u32; n];
        let mut touched: Vec<u32> = Vec::new();
        for j in 0..n {
            for &id in &self.entry_id[self.item_start[j] as usize..self.item_start[j + 1] as usize] {
                let id = id as usize;
                if id == ALONE as usize || self.df[id] as usize > MAX_POSTINGS {
                    continue;
                }
                for &i in &self.postings[self.offset[id] as usize..self.offset[id + 1] as usize] {
                    if i as usize >= j {
                        break;
                    }
                    if counts[i as usize] == 0 {
                        touched.push(i);
                    }
                    counts[i as usize] += 1;
                }
            }
            touched.sort_unstable();
            for &i in &touched {
                let c = counts[i as usize] as usize;
                if c >= min_shared {
                    visit(i as usize, j, c);
                }
                counts[i as usize] = 0;
            }
            touched.clear();
        }
    }
}

/// Calls `visit(earlier, later, shared)` once for every pair of indexed items that share at
/// least `min_shared` keys held by [`MAX_POSTINGS`] items or fewer (`shared` of them), in
/// order of the later item, then the earlier one. `keys[j]` is `None` for items left out.
pub fn candidate_pairs(keys: &[Option<&[u64]>], min_shared: usize, visit: impl FnMut(usize, usize, usize)) {
    Index::new(keys).pairs(min_shared, visit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_need_shared_keys_and_skip_common_ones() {
        let a = [1u64, 2, 3];
        let b = [2u64, 3, 9];
        let c = [7u64, 8, 9];
        let keys = [Some(&a[..]), Some(&b[..]), None, Some(&c[..])];
        let mut found = Vec::new();
        candidate_pairs(&keys, 2, |i, j, _| found.push((i, j)));
        assert_eq!(found, [(0, 1)]);

        // A key held by every item is too common to count.
        let common: Vec<[u64; 2]> = (0..MAX_POSTINGS as u64 + 1).map(|i| [42, 1000 + i]).collect();
        let keys: Vec<Option<&[u64]>> = common.iter().map(|k| Some(&k[..])).collect();
        let mut n = 0;
        candidate_pairs(&keys, 1, |_, _, _| n += 1);
        assert_eq!(n, 0);
        let keys: Vec<Option<&[u64]>> = common[..MAX_POSTINGS].iter().map(|k| Some(&k[..])).collect();
        candidate_pairs(&keys, 1, |_, _, _| n += 1);
        assert_eq!(n, MAX_POSTINGS * (MAX_POSTINGS - 1) / 2);
    }

    /// Unsorted keys with repeats index as their sorted, distinct set does.
    #[test]
    fn repeated_keys_count_once() {
        let (a, b, c) = ([9u64, 2, 9, 3, 2], [3u64, 3, 2, 7], [7u64, 5, 5, 8]);
        let (sa, sb, sc) = ([2u64, 3, 9], [2u64, 3, 7], [5u64, 7, 8]);
        let found = |keys: [&[u64]; 3]| {
            let keys = keys.map(Some);
            let index = Index::new(&keys);
            let mut pairs = Vec::new();
            index.pairs(1, |i, j, shared| pairs.push((i, j, shared)));
            let df: Vec<Vec<u32>> = (0..3).map(|j| index.df_of(j).collect()).collect();
            (pairs, (0..3).map(|j| index.keys(j)).collect::<Vec<_>>(), df)
        };
        let (pairs, counts, df) = found([&a, &b, &c]);
        assert_eq!((pairs.as_slice(), counts.as_slice()), ([(0, 1, 2), (1, 2, 1)].as_slice(), [3, 3, 3].as_slice()));
        let (want_pairs, want_counts, want_df) = found([&sa, &sb, &sc]);
        assert_eq!((pairs, counts), (want_pairs, want_counts));
        // The same frequencies, once per distinct key (each item's in its own order).
        let sorted = |mut d: Vec<Vec<u32>>| {
            d.iter_mut().for_each(|d| d.sort_unstable());
            d
        };
        assert_eq!(sorted(df), sorted(want_df));
    }
}
