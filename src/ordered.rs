//! Parallel work handed back in input order, as it completes.
//!
//! Workers take items in input order from a shared counter, and a worker may run at most
//! [`WINDOW`] items ahead of the first one not yet handed back. So output streams (the first
//! item prints as soon as it is done), no core idles waiting for a slower item, and memory
//! holds a few dozen outcomes whatever the corpus size.
//!
//! The worker that finishes the oldest outstanding item hands back everything ready in
//! order itself. A separate receiving thread (the first design) was woken once per file: on
//! a corpus of small files those wake-ups, and the futex calls of a notification per file,
//! took a few percent of the run.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};

/// How far past the oldest unfinished item the workers may go.
const WINDOW: usize = 64;

/// The number of workers: `requested` when given (> 0), else one per available core.
pub fn threads(requested: usize) -> usize {
    if requested > 0 {
        return requested;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What the workers share, behind one lock.
struct State<O> {
    /// The next item to start.
    next: usize,
    /// Items handed back so far.
    done: usize,
    /// Finished items not yet handed back.
    pending: BTreeMap<usize, O>,
    /// A worker is handing items back: the others leave theirs in `pending` for it.
    handing: bool,
    /// Workers asleep until the window moves.
    waiting: usize,
    /// The sink asked to stop.
    stop: bool,
}

/// Runs `work` on every item with `threads` workers and passes each result to `sink` in item
/// order. `sink` returns `false` to stop early (stdout closed): no further item is started.
pub fn for_each_in_order<T, O, W, S>(items: &[T], threads: usize, work: W, mut sink: S)
where
    T: Sync,
    O: Send,
    W: Fn(&T) -> O + Sync,
    S: FnMut(O) -> bool + Send,
{
    if threads <= 1 || items.len() <= 1 {
        // One file needs no thread: starting one costs more than linting it (pre-commit).
        for item in items {
            if !sink(work(item)) {
                return;
            }
        }
        return;
    }
    let state =
        Mutex::new(State { next: 0, done: 0, pending: BTreeMap::new(), handing: false, waiting: 0, stop: false });
    let moved = Condvar::new();
    // Only the worker that set `handing` locks it: never contended.
    let sink = Mutex::new(sink);
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            let (moved, sink, work, lock) = (&moved, &sink, &work, &lock);
            scope.spawn(move || {
                let mut s = lock();
                loop {
                    while s.next >= s.done + WINDOW && !s.stop {
                        s.waiting += 1;
                        s = moved.wait(s).unwrap_or_else(|e| e.into_inner());
                        s.waiting -= 1;
                    }
                    if s.stop || s.next >= items.len() {
                        return;
                    }
                    let i = s.next;
                    s.next += 1;
                    drop(s);
                    let o = work(&items[i]);
                    s = lock();
                    s.pending.insert(i, o);
                    if !s.handing {
                        s = hand_back(s, lock, moved, sink);
                    }
                }
            });
        }
    });
}

/// Hands back, in order, every finished item that is next in line, until none is; items
/// other workers finish meanwhile are taken too. Called with the lock held and `handing`
/// unset; returns with the lock held and `handing` unset.
fn hand_back<'a, O, S: FnMut(O) -> bool>(
    mut s: MutexGuard<'a, State<O>>,
    lock: impl Fn() -> MutexGuard<'a, State<O>>,
    moved: &Condvar,
    sink: &Mutex<S>,
) -> MutexGuard<'a, State<O>> {
    s.handing = true;
    loop {
        let mut ready = Vec::new();
        while let Some(o) = {
            let key = s.done + ready.len();
            s.pending.remove(&key)
        } {
            ready.push(o);
        }
        if ready.is_empty() || s.stop {
            s.handing = false;
            return s;
        }
        drop(s);
        let n = ready.len();
        let mut go_on = true;
        {
            let mut sink = sink.lock().unwrap_or_else(|e| e.into_inner());
            for o in ready {
                go_on = go_on && sink(o);
            }
        }
        s = lock();
        s.done += n;
        s.stop |= !go_on;
        if s.waiting > 0 || s.stop {
            moved.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn results_come_back_in_input_order_whatever_the_finishing_order() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        // Early items are the slowest, so later ones finish first.
        for_each_in_order(
            &items,
            4,
            |&i| {
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                i * 2
            },
            |o| {
                seen.push(o);
                true
            },
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    /// Workers that finish together: each outcome is handed back once, in order, whichever
    /// worker hands it back (one finishing while another hands back leaves its outcome to it).
    #[test]
    fn quick_items_on_many_workers_are_each_handed_back_once_in_order() {
        let items: Vec<u32> = (0..20_000).collect();
        for threads in [2, 3, 8] {
            let mut seen = Vec::with_capacity(items.len());
            for_each_in_order(
                &items,
                threads,
                |&i| i,
                |o| {
                    seen.push(o);
                    true
                },
            );
            assert_eq!(seen, items, "{threads} workers");
        }
    }

    #[test]
    fn a_sink_that_stops_ends_the_run_early() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = 0;
        for_each_in_order(
            &items,
            2,
            |&i| {
                started.fetch_add(1, Ordering::Relaxed);
                i
            },
            |_| {
                seen += 1;
                seen < 3
            },
        );
        assert_eq!(seen, 3);
        assert!(started.load(Ordering::Relaxed) <= 3 + WINDOW + 2, "workers ran far past the stop");
    }
}
