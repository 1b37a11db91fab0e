"""Shared helpers for the rule-data generators in tools/data/.

Nothing here downloads anything: the sources are Python packages and
Debian packages installed with their ordinary clients (see README.md in
this directory).
"""
from __future__ import annotations

import glob
import os
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"

# Clean, edited news used only to *measure* false positives.  Never copied.
DEVSET_GLOB = os.environ.get(
    "NEWSLINT_DEVSET_CLEAN",
    str(REPO.parent / "shared" / "devset" / "aeb" / "clean" / "*.txt"),
)

WORDLISTS = [
    "/usr/share/dict/american-english-huge",   # Debian wamerican-huge (SCOWL)
    "/usr/share/dict/british-english-huge",    # Debian wbritish-huge (SCOWL)
]

# Same token definition as the engine: runs of letters with inner apostrophes.
# Both the ASCII and the typographic apostrophe are accepted as inner
# apostrophes; the typographic one is normalised to "'" for lookup.
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def tokens(text: str) -> list[str]:
    return [t.replace("\u2019", "'") for t in TOKEN_RE.findall(text)]


def devset_files() -> list[str]:
    files = sorted(glob.glob(DEVSET_GLOB))
    if not files:
        raise SystemExit(f"no devset files at {DEVSET_GLOB}")
    return files


def devset_texts() -> dict[str, str]:
    return {f: Path(f).read_text(encoding="utf-8") for f in devset_files()}


def devset_token_counts(lower: bool = True) -> Counter:
    c: Counter = Counter()
    for text in devset_texts().values():
        for t in tokens(text):
            c[t.lower() if lower else t] += 1
    return c


def devset_word_total() -> int:
    return sum(len(tokens(t)) for t in devset_texts().values())


def load_wordlist() -> tuple[set[str], set[str]]:
    """Return (exact forms, lower-cased forms) of the installed word lists."""
    exact: set[str] = set()
    for path in WORDLISTS:
        if not os.path.exists(path):
            raise SystemExit(
                f"missing {path}: apt-get install -y wamerican-huge wbritish-huge"
            )
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                w = line.strip()
                if w:
                    exact.add(w)
    return exact, {w.lower() for w in exact}


def context(text: str, start: int, end: int, width: int = 60) -> str:
    s = text[max(0, start - width): end + width].replace("\n", " ")
    return s


def toml_str(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{out}"'


BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(k: str) -> str:
    return k if BARE_KEY.match(k) else toml_str(k)


def toml_str_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def rule_header(
    *,
    id: str,
    category: str,
    severity: str,
    message: str,
    help: str,
    description: str,
    fix: str | None,
    fire: list[str],
    passes: list[str],
) -> str:
    assert len(fire) >= 3 and len(passes) >= 3, id
    lines = [
        "[[rule]]",
        f"id = {toml_str(id)}",
        f"category = {toml_str(category)}",
        f"severity = {toml_str(severity)}",
        f"message = {toml_str(message)}",
        f"help = {toml_str(help)}",
        'description = """' + " ".join(description.split()) + '"""',
    ]
    if fix is not None:
        lines.append(f"fix = {toml_str(fix)}")
    lines.append(
        f"examples = {{ fire = {toml_str_list(fire)}, pass = {toml_str_list(passes)} }}"
    )
    return "\n".join(lines) + "\n"


def table_lines(mapping: dict[str, str], comments: dict[str, str] | None = None) -> str:
    comments = comments or {}
    out = []
    for k in sorted(mapping, key=lambda s: (s.lower(), s)):
        line = f"{toml_key(k)} = {toml_str(mapping[k])}"
        if k in comments:
            line += f"  # {comments[k]}"
        out.append(line)
    return "\n".join(out) + "\n"
