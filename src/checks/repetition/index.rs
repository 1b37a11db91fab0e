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

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
pub type IdSet = std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>;

/// Calls `visit(earlier, later, shared)` once for every pair of indexed items that share at
/// least `min_shared` keys held by [`MAX_POSTINGS`] items or fewer (`shared` of them), in
/// order of the later item, then the earlier one. `keys[j]` is `None` for items left out.
pub fn candidate_pairs(keys: &[Option<&[u64]>], min_shared: usize, mut visit: impl FnMut(usize, usize, usize)) {
    // Dense ids for the keys, then the postings of each id contiguous and in item order
    // (a counting sort): walking them touches memory in order.
    let total: usize = keys.iter().flatten().map(|k| k.len()).sum();
    let mut ids: IdMap<u32> = IdMap::default();
    ids.reserve(total);
    let mut entry_id: Vec<u32> = Vec::with_capacity(total);
    let mut df: Vec<u32> = Vec::new();
    for k in keys.iter().flatten() {
        for key in k.iter() {
            let next = df.len() as u32;
            let id = *ids.entry(*key).or_insert(next);
            if id == next {
                df.push(0);
            }
            df[id as usize] += 1;
            entry_id.push(id);
        }
    }
    drop(ids);
    let mut offset: Vec<u32> = Vec::with_capacity(df.len() + 1);
    offset.push(0);
    for d in &df {
        offset.push(offset.last().copied().unwrap_or(0) + d);
    }
    let mut fill: Vec<u32> = offset[..df.len()].to_vec();
    let mut postings = vec![0u32; total];
    let mut e = 0;
    for (j, k) in keys.iter().enumerate() {
        for _ in k.iter().flat_map(|k| k.iter()) {
            let id = entry_id[e] as usize;
            postings[fill[id] as usize] = j as u32;
            fill[id] += 1;
            e += 1;
        }
    }

    let mut counts = vec![0u32; keys.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut e = 0;
    for (j, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        for _ in k.iter() {
            let id = entry_id[e] as usize;
            e += 1;
            if df[id] as usize > MAX_POSTINGS {
                continue;
            }
            for &i in &postings[offset[id] as usize..offset[id + 1] as usize] {
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
}
