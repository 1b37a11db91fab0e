#!/usr/bin/env python3
"""Check the generated rule files without the Rust engine.

Usage:  python3 tools/data/check_rules.py [--seeds DIR]

* parses every rules/*.toml this directory generates (tomllib) and checks
  the keys used, duplicate keys (tomllib rejects them) and token shape;
* runs each rule's examples with a Python model of the dictionary and phrase
  checks (fire: at least one finding; pass: none);
* counts findings on the clean devset (false positives per 10,000 words);
* with --seeds, prints findings on the acceptance seed articles.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FILES = ["typo-misspellings.toml", "typo-casing.toml", "spun.toml"]
RULE_KEYS = {"id", "category", "severity", "message", "help", "description", "fix",
             "examples", "check"}
CHECK_KEYS = {"dictionary": {"case_sensitive", "entries"},
              "phrase": {"case_sensitive", "replacements"},
              "density": {"of", "min_count", "per_words", "min_rate"}}


def phrase_regex(phrases):
    alts = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(" + "|".join(re.escape(p) for p in alts) + r")(?![\w'])",
                      re.IGNORECASE | re.ASCII)


class Rule:
    def __init__(self, raw):
        self.raw = raw
        self.id = raw["id"]
        (self.kind, self.params), = raw["check"].items()
        if self.kind == "phrase":
            self.rx = phrase_regex(self.params["replacements"].keys())

    def findings(self, text, by_id=None):
        out = []
        if self.kind == "dictionary":
            cs = self.params["case_sensitive"]
            e = self.params["entries"]
            for m in common.TOKEN_RE.finditer(text):
                tok = m.group(0).replace("\u2019", "'")
                if (tok if cs else tok.lower()) in e:
                    out.append((m.start(), m.end(), m.group(0)))
        elif self.kind == "phrase":
            for m in self.rx.finditer(text):
                out.append((m.start(), m.end(), m.group(0)))
        elif self.kind == "density":
            base = by_id[self.params["of"]]
            n = len(base.findings(text))
            words = len(common.tokens(text))
            rate = n / max(words, 1) * self.params["per_words"]
            if n >= self.params["min_count"] and rate >= self.params["min_rate"]:
                out.append((0, len(text), f"{n} in {words} words"))
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", help="folder of seed articles to lint")
    args = ap.parse_args()
    rules = []
    ok = True
    for f in FILES:
        path = common.RULES / f
        if not path.exists():
            print(f"missing {path}")
            continue
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        assert set(data) == {"rule"}, set(data)
        for raw in data["rule"]:
            extra = set(raw) - RULE_KEYS
            assert not extra, (raw["id"], extra)
            assert re.fullmatch(r"[a-z]+/[a-z0-9]+(-[a-z0-9]+)*", raw["id"]), raw["id"]
            assert raw["id"].split("/")[0] == raw["category"]
            assert raw["severity"] in {"error", "warning", "info"}
            assert raw.get("fix", "none") in {"none", "safe", "unsafe"}
            (kind, params), = raw["check"].items()
            assert set(params) <= CHECK_KEYS[kind], (raw["id"], set(params))
            if kind == "dictionary":
                for k, v in params["entries"].items():
                    assert common.TOKEN_RE.fullmatch(k), (raw["id"], k)
                    assert v and v.strip() == v, (raw["id"], k)
                    if not params["case_sensitive"]:
                        assert k == k.lower(), (raw["id"], k)
            if kind == "phrase":
                for k in params["replacements"]:
                    assert len(k.split()) >= 2, (raw["id"], k)
            ex = raw["examples"]
            assert len(ex["fire"]) >= 3 and len(ex["pass"]) >= 3, raw["id"]
            rules.append(Rule(raw))
    by_id = {r.id: r for r in rules}
    for r in rules:
        for s in r.raw["examples"]["fire"]:
            if not r.findings(s, by_id):
                print(f"FAIL {r.id}: fire example does not fire: {s!r}")
                ok = False
        for s in r.raw["examples"]["pass"]:
            if r.findings(s, by_id):
                print(f"FAIL {r.id}: pass example fires: {s!r} {r.findings(s, by_id)}")
                ok = False
    texts = common.devset_texts()
    words = sum(len(common.tokens(t)) for t in texts.values())
    print(f"clean devset: {len(texts)} files, {words} words")
    for r in rules:
        n = 0
        hits = []
        for p, t in texts.items():
            for s, e, m in r.findings(t, by_id):
                n += 1
                hits.append(f"      {os.path.basename(p)[:12]} {m!r}: {common.context(t, s, e, 50)!r}")
        size = len(r.params.get("entries") or r.params.get("replacements") or {})
        print(f"  {r.id:32s} {size:6d} entries  {n:3d} hits  {n / words * 10000:.2f} per 10k words")
        for h in hits[:20]:
            print(h)
    if args.seeds:
        for f in sorted(glob.glob(os.path.join(args.seeds, "*.txt"))):
            t = open(f, encoding="utf-8").read()
            for r in rules:
                for s, e, m in r.findings(t, by_id):
                    print(f"  seed {os.path.basename(f)[:3]} {r.id}: {m!r}")
    print("examples OK" if ok else "examples FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
