//! Ctrl-C during `--fix`: the files being written are finished, no new one is started, and
//! the run ends with the signal's exit status. The default action would kill the process
//! between a temporary file's creation and its rename, leaving `.newslint-*.tmp` beside the
//! articles. Only the first signal is held back: a second one kills as usual.

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal received, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

#[cfg(unix)]
extern "C" fn on_signal(signal: libc::c_int) {
    // Only an atomic store: nothing else is safe in a signal handler.
    RECEIVED.store(signal, Ordering::SeqCst);
}

/// Holds back the first SIGINT, SIGTERM or SIGHUP from now on (a no-op off Unix).
pub fn hold() {
    #[cfg(unix)]
    // SAFETY: `sigaction` with a zeroed, then filled, struct and a handler that only stores an
    // atomic; `SA_RESETHAND` puts back the default action once it has run.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESETHAND | libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// The signal held back, if one came.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}
