//! A per-document store of shared analyses, one per type (and key): the checks that read the
//! same analysis of a document make it once, without a cache keyed by the document's text.

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex};

type Entry = (TypeId, u64, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub struct Memo(Mutex<Vec<Entry>>);

impl Memo {
    /// The document's `T`, made by `init` on first use.
    pub fn get<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        self.get_keyed(0, init)
    }

    /// The document's `T` for `key` (analyses that depend on a rule's parameters), made by
    /// `init` on first use. `init` runs without the lock held, so it may read the memo too.
    pub fn get_keyed<T: Any + Send + Sync>(&self, key: u64, init: impl FnOnce() -> T) -> Arc<T> {
        if let Some(v) = self.find::<T>(key) {
            return v;
        }
        let made = Arc::new(init());
        let mut entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // Another thread sharing the document may have made it meanwhile: keep one.
        if let Some(v) = find_in::<T>(&entries, key) {
            return v;
        }
        entries.push((TypeId::of::<T>(), key, made.clone()));
        made
    }

    /// Forgets the document's `T` (every key), when no check will read it again.
    pub fn remove<T: Any + Send + Sync>(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).retain(|(t, _, _)| *t != TypeId::of::<T>());
    }

    /// Whether the document's `T` (any key) is held.
    #[cfg(test)]
    pub fn holds<T: Any + Send + Sync>(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|(t, _, _)| *t == TypeId::of::<T>())
    }

    fn find<T: Any + Send + Sync>(&self, key: u64) -> Option<Arc<T>> {
        find_in(&self.0.lock().unwrap_or_else(|e| e.into_inner()), key)
    }
}

fn find_in<T: Any + Send + Sync>(entries: &[Entry], key: u64) -> Option<Arc<T>> {
    entries
        .iter()
        .find(|(t, k, _)| *t == TypeId::of::<T>() && *k == key)
        .and_then(|(_, _, v)| v.clone().downcast::<T>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_per_type_and_key() {
        let memo = Memo::default();
        let mut calls = 0;
        let a = memo.get(|| {
            calls += 1;
            7u32
        });
        let b = memo.get(|| {
            calls += 1;
            8u32
        });
        assert_eq!((*a, *b, calls), (7, 7, 1));
        assert_eq!(*memo.get(|| String::from("x")), "x");
        assert_eq!(*memo.get_keyed(1, || 9u32), 9);
        assert_eq!(*memo.get(|| 0u32), 7);
    }
}
