#!/usr/bin/env python3
"""List sentences of a corpus that the attribution rules flag or nearly flag, for hand-labelling.

A candidate is a finding of an `attribution/*` rule, or a cue word ("analysts", "reported",
"according to", "sources", ...) that no finding covers. Each is printed with its sentence so a
person can judge it; labels are kept as file + byte offsets (never the text) in
tests/data/attribution_labels.tsv, which tests/attribution_devset.rs reads.

    cargo build --release
    python3 tools/attribution_candidates.py list  --corpus ../shared/devset/aeb/clean [--split dev|held]
    python3 tools/attribution_candidates.py merge --corpus ../shared/devset/aeb/clean JUDGEMENTS
    python3 tools/attribution_candidates.py score   (runs tests/attribution_devset.rs)

`list` skips what is already labelled and numbers the rest; `merge` reads lines
`NUMBER LABEL [NOTE]` (label: bad = a claim with a vague, missing or anonymous source that
should be reported; ok = attributed, or not a sourcing claim; same = the same claim as another
label in the sentence, not scored) and appends them to the labels.
"""

import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = os.path.join(ROOT, "tests", "data", "attribution_labels.tsv")
PENDING = os.path.join(ROOT, "target", "attribution_candidates.json")

# Words that open or carry a sourcing claim; wider than the rules on purpose (near misses).
NEAR = re.compile(
    r"\b(?:analysts?|experts?|observers?|critics?|commentators?|insiders?|officials?|sources?|scholars?"
    r"|economists?|pundits?|researchers?|reports?|reported(?:ly)?|alleged(?:ly)?|believed|familiar with"
    r"|anonymity|not authori[sz]ed|asked not to be|stud(?:y|ies)|research|widely|some say|many (?:say|believe|people)"
    r"|prominent|according to|speculat\w+|rumou?r\w*|it is (?:thought|said|understood)|voices|nations)\b",
    re.I,
)


def split_of(name):
    """Files whose name starts with 0-7 are the development half, 8-f the held-out half."""
    return "dev" if name[0] in "01234567" else "held"


def findings(binary, corpus):
    out = subprocess.run(
        [binary, "check", "--format", "jsonl", "--exit-zero", corpus], capture_output=True, text=True, check=False
    ).stdout
    res = []
    for line in out.splitlines():
        d = json.loads(line)
        if d["category"] == "attribution":
            res.append((os.path.basename(d["path"]), d["start"], d["end"], d["rule"], d["severity"]))
    return res


def load_labels():
    rows = []
    if os.path.exists(LABELS):
        for line in open(LABELS, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            f, s, e, label, *note = line.rstrip("\n").split("\t")
            rows.append((f, int(s), int(e), label, note[0] if note else ""))
    return rows


def overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def cmd_list(args):
    labels = load_labels()
    found = findings(args.binary, args.corpus)
    cands = []
    for f in sorted(os.listdir(args.corpus)):
        if args.split and split_of(f) != args.split:
            continue
        raw = open(os.path.join(args.corpus, f), "rb").read()
        text = raw.decode("utf-8", "replace")
        mine = [x for x in found if x[0] == f]
        spans = [(s, e, r.split("/")[1] + ":" + sev) for (_, s, e, r, sev) in mine]
        for m in NEAR.finditer(text):
            s = len(text[: m.start()].encode("utf-8"))
            e = s + len(m.group(0).encode("utf-8"))
            if not any(overlaps(s, e, a, b) for a, b, _ in spans):
                spans.append((s, e, "near"))
        for s, e, why in sorted(spans):
            if any(lf == f and overlaps(s, e, ls, le) for lf, ls, le, _, _ in labels):
                continue
            cands.append({"file": f, "start": s, "end": e, "why": why})
    os.makedirs(os.path.dirname(PENDING), exist_ok=True)
    json.dump(cands, open(PENDING, "w"))
    for i, c in enumerate(cands):
        text = open(os.path.join(args.corpus, c["file"]), "rb").read()
        print(f"{i}\t{c['file'][:8]}\t{c['why']}\t{sentence_bytes(text, c['start'], c['end'])}")
    print(f"{len(cands)} candidates; judgements go to `merge`", file=sys.stderr)


def sentence_bytes(b, start, end):
    """A rough sentence around a byte span, for reading (the test uses the linter's sentences)."""
    lo = max([b.rfind(b"\n", 0, start)] + [b.rfind(x, 0, start) + len(x) - 2 for x in (b". ", b"? ", b"! ")])
    his = [i for i in (b.find(x, end) for x in (b". ", b"? ", b"! ", b"\n")) if i >= 0]
    hi = min(his) + 1 if his else len(b)
    lo = lo + 1 if lo >= 0 else 0
    s = b[lo:start] + b"[[" + b[start:end] + b"]]" + b[end:hi]
    return s.decode("utf-8", "replace").strip()


def cmd_merge(args):
    cands = json.load(open(PENDING))
    rows = []
    for line in open(args.judgements, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        i, label = int(parts[0]), parts[1]
        if label not in ("bad", "ok", "same"):
            sys.exit(f"bad label {label!r} on line {line!r}")
        c = cands[i]
        rows.append((c["file"], c["start"], c["end"], label, parts[2] if len(parts) > 2 else ""))
    new = not os.path.exists(LABELS)
    with open(LABELS, "a", encoding="utf-8") as out:
        if new:
            out.write("# file\tstart\tend\tlabel\tnote  (byte offsets into ../shared/devset/aeb/clean/FILE)\n")
        for r in rows:
            out.write("\t".join(str(x) for x in r) + "\n")
    print(f"appended {len(rows)} labels", file=sys.stderr)


def cmd_score(args):
    """The scoring lives in the test, which uses the linter's own sentences."""
    cmd = ["cargo", "test", "--release", "--test", "attribution_devset", "--", "--nocapture"]
    env = dict(os.environ, NEWSLINT_DEVSET=os.path.abspath(args.corpus))
    sys.exit(subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["list", "merge", "score"])
    ap.add_argument("judgements", nargs="?")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "devset", "aeb", "clean"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "newslint"))
    ap.add_argument("--split", choices=["dev", "held"])
    args = ap.parse_args()
    {"list": cmd_list, "merge": cmd_merge, "score": cmd_score}[args.command](args)


if __name__ == "__main__":
    main()
