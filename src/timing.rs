//! `NEWSLINT_TIMING=1`: where the time goes, per rule, printed after the run (ESLint's
//! `TIMING=1` does the same). Rule authors need it to see which regex is slow; it costs one
//! flag test per rule per document when off.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::Instant;

/// Rows of the report: load and check nanoseconds and how many times each was measured.
#[derive(Default, Clone, Copy)]
struct Row {
    load: u64,
    check: u64,
    calls: u64,
}

/// The row for regex compiling, whose time is also inside the rules' own rows.
pub const COMPILING: &str = "(regex compilation, lazy)";

static ON: LazyLock<bool> = LazyLock::new(|| std::env::var_os("NEWSLINT_TIMING").is_some_and(|v| !v.is_empty()));
static ROWS: LazyLock<Mutex<HashMap<String, Row>>> = LazyLock::new(Mutex::default);

/// Whether timings are being collected (the environment variable is set and not empty).
pub fn enabled() -> bool {
    *ON
}

/// A running stopwatch, or nothing when timing is off.
pub fn start() -> Option<Instant> {
    enabled().then(Instant::now)
}

fn add(label: &str, started: Option<Instant>, load: bool) {
    let Some(t) = started else { return };
    let ns = t.elapsed().as_nanos() as u64;
    let mut rows = ROWS.lock().unwrap_or_else(|e| e.into_inner());
    let row = rows.entry(label.to_string()).or_default();
    if load {
        row.load += ns;
    } else {
        row.check += ns;
        row.calls += 1;
    }
}

/// Adds the time since `started` to `label`'s loading time.
pub fn loaded(label: &str, started: Option<Instant>) {
    add(label, started, true);
}

/// Adds the time since `started` to `label`'s checking time, counted as one call.
pub fn checked(label: &str, started: Option<Instant>) {
    add(label, started, false);
}

/// The report: the `limit` costliest rows by total time (all when `NEWSLINT_TIMING=all`),
/// or `None` when timing is off.
pub fn report() -> Option<String> {
    if !enabled() {
        return None;
    }
    let limit = match std::env::var("NEWSLINT_TIMING").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n.parse::<usize>().ok().filter(|&n| n > 1).unwrap_or(15),
        Err(_) => 15,
    };
    let rows = ROWS.lock().unwrap_or_else(|e| e.into_inner());
    let mut v: Vec<(&String, &Row)> = rows.iter().collect();
    v.sort_by(|a, b| (b.1.load + b.1.check).cmp(&(a.1.load + a.1.check)).then(a.0.cmp(b.0)));
    let total: u64 = v.iter().filter(|(l, _)| *l != COMPILING).map(|(_, r)| r.load + r.check).sum::<u64>().max(1);
    let width = v.iter().take(limit).map(|(l, _)| l.len()).max().unwrap_or(0).max(4);
    let ms = |ns: u64| ns as f64 / 1e6;
    let mut out =
        format!("{:width$} | {:>10} | {:>10} | {:>8} | {:>6}\n", "Rule", "load ms", "check ms", "calls", "share");
    out.push_str(&format!("{}\n", "-".repeat(width + 45)));
    for (label, r) in v.iter().take(limit) {
        out.push_str(&format!(
            "{label:width$} | {:>10.3} | {:>10.3} | {:>8} | {:>5.1}%\n",
            ms(r.load),
            ms(r.check),
            r.calls,
            100.0 * (r.load + r.check) as f64 / total as f64
        ));
    }
    out.push_str(&format!("total {:.3} ms; the compilation row is part of the rules' times\n", ms(total)));
    Some(out)
}
