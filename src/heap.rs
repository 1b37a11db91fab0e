//! Heap memory in 2 MiB pages where the system allows it.
//!
//! A first write to a 4 KiB page costs 2.5-4 µs on the virtual machines linters mostly run on
//! (CI runners, this project's benchmark machine), against 0.3 ms for a whole 2 MiB transparent
//! huge page: a small article's run allocates about 1.2 MiB and spent about 270 page faults on
//! it, a sixth of the process. So the heap glibc grows with `brk` is set up to start on a 2 MiB
//! boundary with that region marked `MADV_HUGEPAGE`, and each worker thread marks its own
//! arena. Only the advice changes: glibc still owns every byte, and where transparent huge pages
//! are off (or on `never`) the kernel ignores it. Other systems and allocators get no-ops.

/// Prepares the main heap; call first thing in `main`, before the program allocates much.
pub fn start() {
    #[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
    glibc::start();
}

/// Marks the calling thread's malloc arena, and says whether it did. A new thread's first
/// blocks can still come from the main arena (seen with glibc 2.36), so a worker calls this
/// after each of its first few files until it returns true.
pub fn worker() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
    {
        glibc::worker()
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64")))]
    {
        true
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
mod glibc {
    use std::hint::black_box;
    use std::ptr::null_mut;

    const HUGE: usize = 2 << 20;
    /// A block under glibc's mmap threshold (128 KiB), so it is carved from the `brk` heap.
    const CHUNK: usize = 120 << 10;
    /// glibc's `HEAP_MAX_SIZE` on 64-bit: a thread arena is one mapping of this size, aligned
    /// to it.
    const ARENA: usize = 64 << 20;
    const FAILED: usize = usize::MAX;

    pub fn start() {
        // SAFETY: `mallopt`, `sbrk`, `malloc`, `free` and `madvise` are called as documented.
        // Moving the break is allowed: glibc's malloc treats memory it did not get itself as
        // foreign and starts its heap after it. `MADV_HUGEPAGE` changes no contents.
        unsafe {
            // Grow the heap 16 MiB at a time (address space only), so one mapping holds it.
            if libc::mallopt(libc::M_TOP_PAD, 16 << 20) == 0 {
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
            if aligned - brk < CHUNK + 8192 {
                aligned += HUGE;
            }
            if libc::sbrk((aligned - CHUNK - 8192 - brk) as libc::intptr_t) as usize == FAILED {
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

    pub fn worker() -> bool {
        // SAFETY: as in `start`. A small block in a thread comes from the thread's arena; an
        // address above the break is a thread arena, whose whole aligned `ARENA` is its own.
        unsafe {
            let p = black_box(libc::malloc(16));
            let brk = libc::sbrk(0) as usize;
            let own = !p.is_null() && brk != FAILED && p as usize > brk;
            if own {
                let base = p as usize & !(ARENA - 1);
                libc::madvise(base as *mut libc::c_void, ARENA, libc::MADV_HUGEPAGE);
            }
            libc::free(p);
            own
        }
    }
}
