#!/usr/bin/env python3
"""Whole-process timings for bench/compare.sh: medians of alternating runs, ratios, memory."""
import argparse
import os
import shutil
import statistics
import subprocess
import time

MB = 1 << 20


def build_corpus(source, dest, megabytes):
    """Copies the pages of `source` into `dest/copyN/` until the corpus holds `megabytes`."""
    marker = os.path.join(dest, f".size-{megabytes}")
    if os.path.exists(marker):
        return
    shutil.rmtree(dest, ignore_errors=True)
    pages = sorted(os.path.join(source, f) for f in os.listdir(source) if f.endswith(".txt"))
    total, copy = 0, 0
    while total < megabytes * MB:
        folder = os.path.join(dest, f"copy{copy:03}")
        os.makedirs(folder)
        for p in pages:
            shutil.copy(p, folder)
            total += os.path.getsize(p)
        copy += 1
    open(marker, "w").close()


def size_of(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs if f.endswith(".txt"))


def run(cmd, cpu=None):
    """Wall seconds and peak resident MiB of one run of `cmd` alone, output discarded; the
    run's CPU seconds (user + system) are appended to `cpu` when given. The process is
    spawned and reaped directly (posix_spawn, wait4), so its own rusage gives the peak and
    the CPU time: running it under GNU time added time's own start-up, about a millisecond,
    to every wall figure."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        t = time.perf_counter()
        pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - t
    finally:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) not in (0, 1, 2):  # typos exits 2 when it finds some
        raise SystemExit(f"{' '.join(cmd)} failed with status {os.waitstatus_to_exitcode(status)}")
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return wall, usage.ru_maxrss / 1024


def compare(a, b, c, runs):
    """Alternating runs of `a`, `b` and `c`: wall times of each, peak and CPU of `a` and `b`.
    `c` (newslint on the 10 MiB corpus) runs in the same rotation, so the scaling figure
    compares runs of the same minutes: measured after the rest, it read the machine's drift."""
    run(a), run(b), run(c)  # warm-up: page cache and binaries
    wa, wb, wc, pa, ca, cb = [], [], [], [], [], []
    for _ in range(runs):
        w, p = run(a, ca)
        wa.append(w)
        pa.append(p)
        wb.append(run(b, cb)[0])
        wc.append(run(c)[0])
    return wa, wb, wc, pa, ca, cb


def categories(a, nl, corpus, typos_median):
    """Each category of the default rules alone (`--select`), against the typos median of the
    same run: what one kind of check costs, and typos's one kind (spelling) beside ours."""
    out = subprocess.run([a.newslint, "rules"], capture_output=True, text=True, check=True).stdout
    cats = sorted({line.split()[1] for line in out.splitlines() if len(line.split()) > 1})
    for cat in cats:
        walls, cpu = [], []
        for _ in range(a.runs):
            walls.append(run(nl + ["--select", cat, corpus], cpu)[0])
        w = statistics.median(walls)
        print(f"  {cat:<12} alone: median {w:.3f} s wall, {statistics.median(cpu):.2f} s cpu; typos / newslint {typos_median / w:.2f}x")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--source", required=True)
    ap.add_argument("--typos", required=True)
    ap.add_argument("--newslint", required=True)
    a = ap.parse_args()
    big, small = "target/bench-corpus/40mb", "target/bench-corpus/10mb"
    build_corpus(a.source, big, 40)
    build_corpus(a.source, small, 10)
    nl = [a.newslint, "check", "--format", "jsonl", "--exit-zero"]
    ty = [a.typos, "--format", "brief"]
    print(f"corpus: {size_of(big) / MB:.1f} MiB in {sum(len(f) for _, _, f in os.walk(big))} files; {os.cpu_count()} cores; {a.runs} runs each, alternating")
    wa, wb, w10, pa, ca, cb = compare(nl + [big], ty + [big], nl + [small], a.runs)
    ratios = [y / x for x, y in zip(wa, wb)]
    mb = size_of(big) / MB
    print(f"newslint (all default rules): median {statistics.median(wa):.3f} s wall ({mb / statistics.median(wa):.1f} MiB/s), {statistics.median(ca):.2f} s cpu, peak {max(pa):.1f} MiB")
    print(f"typos:                        median {statistics.median(wb):.3f} s wall ({mb / statistics.median(wb):.1f} MiB/s), {statistics.median(cb):.2f} s cpu")
    print(f"typos / newslint, pair by pair: median {statistics.median(ratios):.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f})")
    categories(a, nl, big, statistics.median(wb))
    mb10 = size_of(small) / MB
    per10 = statistics.median(w10) / mb10
    per40 = statistics.median(wa) / mb
    paired = statistics.median((x / mb) / (y / mb10) for x, y in zip(wa, w10))
    print(f"scaling ({mb10:.1f} MiB in the same rotation): {mb10:.1f} MiB median {statistics.median(w10):.3f} s, 40 MiB median {statistics.median(wa):.3f} s; seconds per MiB differ by {abs(per40 / per10 - 1) * 100:.0f}% (run by run {abs(paired - 1) * 100:.0f}%)")
    article = os.path.join(a.source, sorted(os.listdir(a.source))[0])
    # Alternated with `newslint --version` (the process start and exit alone), so that a
    # slow hour shows as a slow start too, not only as a slow article.
    one, start = [], []
    for _ in range(max(a.runs, 10)):
        one.append(run([a.newslint, "check", "--exit-zero", article])[0])
        start.append(run([a.newslint, "--version"])[0])
    print(f"one small article ({os.path.getsize(article) / 1024:.0f} KiB) end to end: median {statistics.median(one) * 1000:.1f} ms wall")
    print(f"  the process alone (--version), alternated with it: median {statistics.median(start) * 1000:.1f} ms wall")


if __name__ == "__main__":
    main()
