//! Parallel work handed back in input order, as it completes.
//!
//! Workers take items in input order from a shared counter, and a worker may run at most
//! [`WINDOW`] items ahead of the first one not yet handed back. So output streams (the first
//! file prints as soon as it is done), no core idles at a batch boundary, and memory holds a
//! few dozen outcomes whatever the corpus size.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How far past the oldest unfinished item the workers may go.
const WINDOW: usize = 64;

/// The number of workers: `requested` when given (> 0), else one per available core.
pub fn threads(requested: usize) -> usize {
    if requested > 0 {
        return requested;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on every item with `threads` workers and passes each result to `sink` in item
/// order. `sink` returns `false` to stop early (stdout closed): no further item is started.
pub fn for_each_in_order<T, O, W, S>(items: &[T], threads: usize, work: W, mut sink: S)
where
    T: Sync,
    O: Send,
    W: Fn(&T) -> O + Sync,
    S: FnMut(O) -> bool,
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
    // (next item to start, items handed back so far)
    let state = Mutex::new((0usize, 0usize));
    let moved = Condvar::new();
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, O)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            let tx = tx.clone();
            let (state, moved, stop, work) = (&state, &moved, &stop, &work);
            scope.spawn(move || loop {
                let i = {
                    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                    while s.0 >= s.1 + WINDOW && !stop.load(Ordering::Relaxed) {
                        s = moved.wait(s).unwrap_or_else(|e| e.into_inner());
                    }
                    if stop.load(Ordering::Relaxed) || s.0 >= items.len() {
                        return;
                    }
                    s.0 += 1;
                    s.0 - 1
                };
                if tx.send((i, work(&items[i]))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, o) in rx.iter() {
            pending.insert(i, o);
            while let Some(o) = pending.remove(&next) {
                next += 1;
                let go_on = sink(o);
                {
                    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                    s.1 = next;
                    if !go_on {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                moved.notify_all();
                if !go_on {
                    return;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

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
