//! Candidate pairs from inverted indexes, never from comparing every pair: a later block
//! is compared only with earlier blocks that share at least two index keys (word shingles
//! for edited copies, rare content words for reworded ones). Keys held by more than
//! [`MAX_POSTINGS`] blocks are too common to suggest a copy and stop being followed, so the
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

/// Calls `visit(earlier, later)` once for every pair of indexed items that share at least
/// `min_shared` keys among the keys not yet too common. `keys[j]` is `None` for items left
/// out of the index.
pub fn candidate_pairs(keys: &[Option<&[u64]>], min_shared: usize, mut visit: impl FnMut(usize, usize)) {
    let mut postings: IdMap<Vec<u32>> = IdMap::default();
    let mut counts = vec![0u32; keys.len()];
    let mut touched: Vec<u32> = Vec::new();
    for (j, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        for key in k.iter() {
            if let Some(list) = postings.get(key) {
                if list.len() <= MAX_POSTINGS {
                    for &i in list {
                        if counts[i as usize] == 0 {
                            touched.push(i);
                        }
                        counts[i as usize] += 1;
                    }
                }
            }
        }
        touched.sort_unstable();
        for &i in &touched {
            if counts[i as usize] as usize >= min_shared {
                visit(i as usize, j);
            }
            counts[i as usize] = 0;
        }
        touched.clear();
        for key in k.iter() {
            let list = postings.entry(*key).or_default();
            // One past the cap marks the key as too common; it never grows further.
            if list.len() <= MAX_POSTINGS {
                list.push(j as u32);
            }
        }
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
        candidate_pairs(&keys, 2, |i, j| found.push((i, j)));
        assert_eq!(found, [(0, 1)]);

        // A key shared by every item stops counting once it is too common.
        let common: Vec<[u64; 2]> = (0..MAX_POSTINGS as u64 + 5).map(|i| [42, 1000 + i]).collect();
        let keys: Vec<Option<&[u64]>> = common.iter().map(|k| Some(&k[..])).collect();
        let mut n = 0;
        candidate_pairs(&keys, 1, |_, _| n += 1);
        // Item j meets the j items before it until the list is full; later items meet none.
        assert_eq!(n, MAX_POSTINGS * (MAX_POSTINGS + 1) / 2);
    }
}
