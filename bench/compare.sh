#!/usr/bin/env bash
# Times newslint (all default rules) against typos on the same scraped-news corpus, in the
# same run, and prints medians and the ratio. Also: each rule category alone against the same
# typos median, one small article end to end, peak memory, and 10 MB vs 40 MB scaling.
#
#   bench/compare.sh [RUNS]        (default 5 runs of each command, alternating)
#
# The corpus is built from ../shared/devset/aeb/full/ (copied as many times as needed into
# files of their real size) under target/bench-corpus/; typos is installed from PyPI (its
# wheel ships the binary) into target/bench-venv/ when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
src=../shared/devset/aeb/full
if [ ! -d "$src" ]; then
  echo "skipped: $src not found (the development set lives beside the repository)" >&2
  exit 0
fi
# The binary timed is the release build: on Linux with glibc, linked statically (a static-pie,
# still address-randomised), as ripgrep and ruff ship theirs, so a run starts without the
# dynamic loader (a small article's process 0.88 of the wall). RUSTFLAGS with an explicit
# --target reaches only the target's crates, not the proc-macros.
host=$(rustc -vV | sed -n 's/^host: //p')
case "$host" in
  *-linux-gnu)
    RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --quiet --target "$host"
    newslint_bin=target/$host/release/newslint
    ;;
  *)
    cargo build --release --quiet
    newslint_bin=target/release/newslint
    ;;
esac
typos_bin=$(command -v typos || true)
if [ -z "$typos_bin" ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet typos
  typos_bin=target/bench-venv/bin/typos
fi
exec python3 bench/compare.py --runs "$runs" --source "$src" --typos "$typos_bin" --newslint "$newslint_bin"
