#!/usr/bin/env bash
# Runs newslint's pre-commit hook, as a user's repository would, against a temporary git
# repository holding the fixture site (fixtures/workflow/site): committing the clean article
# must succeed and committing the article with a defect must be refused.
#
# The hook comes from this repository's .pre-commit-hooks.yaml through the
# `.pre-commit-config.yaml` example of README.md, with `repo:` pointed at a snapshot
# of this working tree (uncommitted changes included, as `pre-commit try-repo` does).
# pre-commit builds it with `cargo install` (language: rust); the build reuses this
# repository's target/ folder and runs offline (CARGO_NET_OFFLINE) when every crate is
# already in ~/.cargo/registry, falling back to the registry otherwise. The docs'
# `repo: local` example (language: system) runs too, against target/debug/newslint.
#
# Needs git, python3 (pip installs pre-commit when missing) and cargo.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }

# pre-commit itself: the one on PATH, else a fresh one from PyPI in a throw-away venv.
if command -v pre-commit >/dev/null 2>&1; then
  PC="$(command -v pre-commit)"
elif python3 -m venv "$TMP/venv" >/dev/null 2>&1 &&
  "$TMP/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit; then
  PC="$TMP/venv/bin/pre-commit"
else
  python3 -m pip install --quiet --disable-pip-version-check pre-commit
  PC="$(command -v pre-commit)"
fi
"$PC" --version

export GIT_AUTHOR_NAME=newslint-test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=newslint-test GIT_COMMITTER_EMAIL=test@example.invalid
export PRE_COMMIT_HOME="$TMP/pre-commit-cache"
export CARGO_TARGET_DIR="$REPO/target"
unset PRE_COMMIT_ALLOW_NO_CONFIG || true

# A commit holding this working tree (tracked and new files, .gitignore respected).
HOOK_REPO="$TMP/hook-repo"
git clone -q --no-hardlinks "$REPO" "$HOOK_REPO"
(cd "$REPO" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$REPO" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
  (cd "$REPO" && tar --null -T - -cf -) | (cd "$HOOK_REPO" && tar -xf -)
(cd "$REPO" && git ls-files -z --deleted) | (cd "$HOOK_REPO" && xargs -0 -r rm -f --)
git -C "$HOOK_REPO" add -A
git -C "$HOOK_REPO" commit -q --allow-empty --no-verify -m "snapshot for the pre-commit test"
REV="$(git -C "$HOOK_REPO" rev-parse HEAD)"

# The `.pre-commit-config.yaml` blocks of the docs, in order: remote first, then local.
extract() {
  python3 - "$REPO/README.md" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```yaml file=\.pre-commit-config\.yaml\n(.*?)^```", text, re.S | re.M)
print(blocks[int(sys.argv[2])], end="")
PY
}

# Commits the fixture site's clean article, then its bad one; only the second is refused.
run_case() {
  local name="$1" config="$2" site="$TMP/site-$1"
  mkdir -p "$site"
  cp -r "$REPO/fixtures/workflow/site/." "$site/"
  rm -f "$site/articles/budget.md" "$site/articles/council.md"
  git -C "$site" init -q
  printf '%s' "$config" >"$site/.pre-commit-config.yaml"
  git -C "$site" add -A
  git -C "$site" commit -q --no-verify -m "site settings"
  (cd "$site" && "$PC" install >/dev/null)

  cp "$REPO/fixtures/workflow/site/articles/council.md" "$site/articles/"
  git -C "$site" add articles/council.md
  if (cd "$site" && git commit -q -m "clean article" >"$TMP/$name-clean.log" 2>&1); then
    ok "$name: the clean article is committed"
  else
    fail "$name: the clean article was refused"
    cat "$TMP/$name-clean.log" >&2
  fi

  local head
  head="$(git -C "$site" rev-parse HEAD)"
  cp "$REPO/fixtures/workflow/site/articles/budget.md" "$site/articles/"
  git -C "$site" add articles/budget.md
  if (cd "$site" && git commit -q -m "article with a defect" >"$TMP/$name-bad.log" 2>&1); then
    fail "$name: the article with a defect was committed"
    cat "$TMP/$name-bad.log" >&2
  elif [ "$(git -C "$site" rev-parse HEAD)" = "$head" ] &&
    grep -q "typo/missing-space" "$TMP/$name-bad.log"; then
    ok "$name: the article with a defect is refused, with the finding shown"
  else
    fail "$name: the commit failed for another reason"
    cat "$TMP/$name-bad.log" >&2
  fi
}

# Offline when the registry cache has every crate; otherwise let cargo reach the registry.
HOST="$(rustc -vV | sed -n 's/^host: //p')"
if (cd "$REPO" && CARGO_NET_OFFLINE=true cargo fetch --locked --target "$HOST" >/dev/null 2>&1); then
  export CARGO_NET_OFFLINE=true
else
  echo "note: some crates are not in ~/.cargo/registry; the hook build will use the registry"
fi

remote="$(extract 0 | sed -E "s#^( *- *repo:).*#\1 $HOOK_REPO#; s#^( *rev:).*#\1 $REV#")"
echo "== hook from this repository (language: rust, built by pre-commit)"
run_case remote "$remote"

echo "== a release build after the hook's, sharing its target folder"
# pre-commit's `cargo install` built a build script for its copy of the sources into this
# target folder; with that copy gone, a release build here must still embed this
# repository's default rules (the script once baked its copy's path in, and embedded none).
rm -rf "$PRE_COMMIT_HOME"
cargo build --quiet --release --manifest-path "$REPO/Cargo.toml" --bin newslint
rules="$("$CARGO_TARGET_DIR/release/newslint" rules | grep -c . || true)"
if [ "$rules" -gt 0 ]; then
  ok "release build: $rules lines of default rules"
else
  fail "release build: no default rules embedded"
fi

echo "== repo: local hook (language: system)"
cargo build --quiet --manifest-path "$REPO/Cargo.toml" --bin newslint
PATH="$CARGO_TARGET_DIR/debug:$PATH" run_case local "$(extract 1)"

echo "pre-commit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
