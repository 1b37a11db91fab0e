//! The main heap in 2 MiB pages where the system allows it.
//!
//! A first write to a 4 KiB page costs 2.5-4 µs on the virtual machines linters mostly run on
//! (CI runners, this project's benchmark machine), against 0.3 ms for a whole 2 MiB transparent
//! huge page: a small article's run allocates about 1.2 MiB and spent about 270 page faults on
//! it. So the heap glibc grows with `brk` is set up to start on a 2 MiB boundary, with that
//! region marked `MADV_HUGEPAGE`. Only the advice changes: glibc still owns every byte, and where
//! transparent huge pages are off the kernel ignores it. Other systems and allocators get a
//! no-op. Worker threads' arenas marked the same way saved faults but no measurable time.

/// Prepares the main heap; call first thing in `main`, before the program allocates much.
pub fn start() {
    #[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
    glibc::start();
}

#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
mod glibc {
    use std::hint::black_box;
    use std::ptr::null_mut;

    const HUGE: usize = 2 << 20;
    /// A block under glibc's mmap threshold (128 KiB), so it is carved from the `brk` heap.
    const CHUNK: usize = 120 << 10;
    /// Room below the boundary beside the block: glibc's headers and its rounding to pages.
    const SLACK: usize = 8192;
    const FAILED: usize = usize::MAX;

    pub fn start() {
        // SAFETY: `mallopt`, `sbrk`, `malloc`, `free` and `madvise` are called as documented.
        // Moving the break is allowed: glibc's malloc treats memory it did not get itself as
        // foreign and starts its heap after it. `MADV_HUGEPAGE` changes no contents.
        unsafe {
            // Grow the heap 4 MiB at a time and trim it to that much free: one mapping holds
            // a small run's heap and keeps its advice. (16 MiB kept freed memory: one devset
            // copy's peak 28 -> 37 MiB.)
            if libc::mallopt(libc::M_TOP_PAD, 4 << 20) == 0 {
                return;
            }
            let brk = libc::sbrk(0) as usize;
            if brk == FAILED {
                return;
            }
            // glibc writes a header right after each block it carves: leave the first block
            // ending below the boundary, so no page of the first 2 MiB is written before the
            // advice (a touched page pins that 2 MiB to small pages).
            let mut aligned = brk.next_multiple_of(HUGE);
            if aligned - brk < CHUNK + SLACK {
                aligned += HUGE;
            }
            if libc::sbrk((aligned - CHUNK - SLACK - brk) as libc::intptr_t) as usize == FAILED {
                return;
            }
            // The first blocks may still fit in the old heap; the one that does not makes
            // glibc extend the heap from the moved break.
            let mut held = [null_mut(); 4];
            for slot in &mut held {
                *slot = black_box(libc::malloc(CHUNK));
                if libc::sbrk(0) as usize > aligned {
                    break;
                }
            }
            let top = libc::sbrk(0) as usize;
            if top != FAILED && top > aligned {
                libc::madvise(aligned as *mut libc::c_void, top - aligned, libc::MADV_HUGEPAGE);
            }
            for p in held {
                libc::free(p);
            }
        }
    }
}
