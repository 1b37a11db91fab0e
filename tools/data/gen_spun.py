#!/usr/bin/env python3
"""Generate rules/spun.toml (spun/spinner-phrase and spun/machine-rewritten).

Usage:  python3 tools/data/gen_spun.py

The phrase list below is hand-curated for newslint (no third-party text).
It has three families:
  * "tortured phrases" documented in research on synonym-spun text
    (Cabanac, Labbe & Magazinov 2021, "Tortured phrases: A dubious writing
    style emerging in science", arXiv:2107.06751): technical terms whose words
    were swapped for thesaurus synonyms ("counterfeit consciousness" for
    "artificial intelligence");
  * the same artefacts as article spinners produce them in news (health,
    economy, politics, conflict, technology);
  * odd collocations of the kind seen in machine-rewritten wire copy.
Each key is the spun phrase (lower case, two words or more), each value the
phrase it most likely replaced.  The script refuses a phrase that occurs in
the clean devset (real edited news) or in the full devset pages.
"""
from __future__ import annotations

import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

OUT = common.RULES / "spun.toml"

# spun phrase -> original phrase
SPINNER = {
    # --- news-spinner collocations (synonym swapped in an ordinary phrase)
    "this growth follows": "this development follows",
    "prosperous mediation": "successful mediation",
    "choice sources of support": "alternative sources of support",
    "choice sources of income": "alternative sources of income",
    "choice sources of energy": "alternative sources of energy",
    "simultaneously occurring": "meanwhile",
    # "the proclamation of the" is too broad ("the proclamation of the
    # republic" is edited news); these are the announcement senses.
    "the proclamation of the impending": "the announcement of the impending",
    "the proclamation of the upcoming": "the announcement of the upcoming",
    "the proclamation of the visit": "the announcement of the visit",
    "the proclamation of the trip": "the announcement of the trip",
    "the proclamation of the deal": "the announcement of the deal",
    # --- politics and government
    "unfamiliar clergyman": "foreign minister",
    "protection clergyman": "defence minister",
    "account clergyman": "finance minister",
    "inside clergyman": "interior minister",
    "prime clergyman": "prime minister",
    "boss clergyman": "chief minister",
    "boss priest": "chief minister",
    "boss pastor": "chief minister",
    "association clergyman": "union minister",
    "wellbeing clergyman": "health minister",
    "incomparable court": "supreme court",
    "lawyer general": "attorney general",
    "locale lawyer": "district attorney",
    "law authorization": "law enforcement",
    "official political race": "presidential election",
    "political decision crusade": "election campaign",
    "decision party": "ruling party",
    "gathering pioneer": "party leader",
    "vote based system": "democracy",
    "neighborhood specialists": "local authorities",
    "focal government": "central government",
    "mystery administration": "secret service",
    "discretionary endeavors": "diplomatic efforts",
    "conciliatory endeavors": "diplomatic efforts",
    "discretionary relations": "diplomatic relations",
    # --- conflict, crime and justice
    "harmony talks": "peace talks",
    "harmony bargain": "peace deal",
    "harmony understanding": "peace agreement",
    "truce bargain": "ceasefire deal",
    "truce understanding": "ceasefire agreement",
    "the common war in": "the civil war in",
    "outfitted powers": "armed forces",
    "rocket dispatch": "missile launch",
    "outcast camp": "refugee camp",
    "haven searchers": "asylum seekers",
    "psychological oppressor": "terrorist",
    "fear based oppressor": "terrorist",
    "fear based oppression": "terrorism",
    "philanthropic emergency": "humanitarian crisis",
    "compassionate emergency": "humanitarian crisis",
    "demise toll": "death toll",
    "demise punishment": "death penalty",
    "demise sentence": "death sentence",
    "tranquilize dealing": "drug trafficking",
    "tranquilize dealer": "drug dealer",
    "wrongdoing scene": "crime scene",
    "capture warrant": "arrest warrant",
    "aggressive behavior at home": "domestic violence",
    "youngster misuse": "child abuse",
    # --- economy and business
    "monetary emergency": "financial crisis",
    "budgetary emergency": "financial crisis",
    "monetary development": "economic growth",
    "gross domestic item": "gross domestic product",
    "focal bank": "central bank",
    "piece of the overall industry": "market share",
    "top managerial staff": "board of directors",
    "land advertise": "real estate market",
    "genuine bequest": "real estate",
    "exchange bargain": "trade deal",
    "computerized money": "digital currency",
    "computerized change": "digital transformation",
    "advanced showcasing": "digital marketing",
    "web showcasing": "internet marketing",
    "substance showcasing": "content marketing",
    "email showcasing": "email marketing",
    "site design improvement": "search engine optimization",
    "money related emergency": "financial crisis",
    "average cost for basic items": "cost of living",
    "work showcase": "job market",
    "lodging market": "housing market",
    "assessment cuts": "tax cuts",
    "duty avoidance": "tax evasion",
    "standardized savings": "social security",
    "understudy loan": "student loan",
    "understudy loans": "student loans",
    "understudy obligation": "student debt",
    "cryptographic money": "cryptocurrency",
    "information break": "data breach",
    "terms of administration": "terms of service",
    "long range interpersonal communication": "social networking",
    "interpersonal organization": "social network",
    "nourishment costs": "food prices",
    "sustenance security": "food security",
    "low quality nourishment": "junk food",
    # --- health and the pandemic
    "medicinal services": "health care",
    "open wellbeing": "public health",
    "tried positive for": "tested positive for",
    "tried negative for": "tested negative for",
    "affirmed cases": "confirmed cases",
    "bleeding edge laborers": "frontline workers",
    "bleeding edge specialists": "frontline workers",
    "social removing": "social distancing",
    "social separating": "social distancing",
    "group invulnerability": "herd immunity",
    "insusceptible framework": "immune system",
    "resistant framework": "immune system",
    "clinical preliminaries": "clinical trials",
    "cardiovascular breakdown": "heart failure",
    "coronary illness": "heart disease",
    "circulatory strain": "blood pressure",
    "kidney disappointment": "kidney failure",
    "bosom peril": "breast cancer",
    "bosom malignant growth": "breast cancer",
    "prostate malignant growth": "prostate cancer",
    "lung malignant growth": "lung cancer",
    "skin malignant growth": "skin cancer",
    "malignant growth patients": "cancer patients",
    "irresistible illness": "infectious disease",
    "irresistible sickness": "infectious disease",
    # --- climate and energy
    "worldwide temperature alteration": "global warming",
    "unnatural weather change": "climate change",
    "atmosphere change": "climate change",
    "ozone harming substance": "greenhouse gas",
    "carbon outflows": "carbon emissions",
    "warmth wave": "heat wave",
    "force plant": "power plant",
    "sun powered vitality": "solar energy",
    "sun based vitality": "solar energy",
    "tempest cautioning": "storm warning",
    "flood cautioning": "flood warning",
    "climate gauge": "weather forecast",
    # --- technology and science ("tortured phrases", Cabanac et al. 2021)
    "counterfeit consciousness": "artificial intelligence",
    "man-made consciousness": "artificial intelligence",
    "computerized reasoning": "artificial intelligence",
    # "a profound learning experience" is ordinary English: only the
    # technical uses are listed.
    "profound learning model": "deep learning model",
    "profound learning models": "deep learning models",
    "profound learning calculation": "deep learning algorithm",
    "profound learning calculations": "deep learning algorithms",
    "profound learning algorithms": "deep learning algorithms",
    "profound learning methods": "deep learning methods",
    "profound learning strategies": "deep learning techniques",
    "profound learning techniques": "deep learning techniques",
    "profound neural organization": "deep neural network",
    "colossal information": "big data",
    "information mining": "data mining",
    "information stockroom": "data warehouse",
    "irregular woodland": "random forest",
    "arbitrary woodland": "random forest",
    "choice tree": "decision tree",
    "bolster vector machine": "support vector machine",
    "gullible bayes": "naive Bayes",
    "direct relapse": "linear regression",
    "calculated relapse": "logistic regression",
    "slope plunge": "gradient descent",
    "misfortune work": "loss function",
    "hereditary calculation": "genetic algorithm",
    "molecule swarm streamlining": "particle swarm optimization",
    "mean square blunder": "mean square error",
    "neural organization": "neural network",
    "counterfeit neural organization": "artificial neural network",
    "flag to clamor": "signal to noise",
    "discourse acknowledgment": "speech recognition",
    "facial acknowledgment": "facial recognition",
    "characteristic language handling": "natural language processing",
    "remote sensor organization": "wireless sensor network",
    "cloud figuring": "cloud computing",
    "quantum figuring": "quantum computing",
    "savvy telephone": "smartphone",
    "savvy urban communities": "smart cities",
    "internet based life": "social media",
    "web based life": "social media",
    "college understudies": "university students",
    "school understudies": "school students",
}


def check(phrases):
    texts = {}
    for pattern in (common.DEVSET_GLOB, common.DEVSET_GLOB.replace("/clean/", "/full/")):
        for f in sorted(glob.glob(pattern)):
            texts[f] = open(f, encoding="utf-8").read()
    hits = []
    for p in phrases:
        assert p == p.lower() and len(p.split()) >= 2 and p.strip() == p, p
        rx = re.compile(r"(?<![\w'])" + re.escape(p) + r"(?![\w'])", re.IGNORECASE | re.ASCII)
        for f, t in texts.items():
            for m in rx.finditer(t):
                hits.append((p, os.path.basename(os.path.dirname(f)), common.context(t, m.start(), m.end())))
    return hits


def main():
    hits = check(SPINNER)
    words = common.devset_word_total()
    for h in hits:
        print("   ", h)
    print(f"spun/spinner-phrase: {len(SPINNER)} phrases, {len(hits)} devset hits "
          f"(clean devset: {words} words)")
    if hits:
        raise SystemExit("remove the phrases above: they occur in real edited news")
    out = [
        "# Generated by `python3 tools/data/gen_spun.py`; do not edit by hand.\n"
        "#\n"
        "# Hand-curated for newslint. The technical \"tortured phrases\" follow the\n"
        "# family documented by Cabanac, Labbe & Magazinov (2021), \"Tortured phrases:\n"
        "# A dubious writing style emerging in science\" (arXiv:2107.06751); every\n"
        "# phrase is written here from scratch and checked against real edited news.\n"
        "# See rules/LICENSES.md.\n\n",
        common.rule_header(
            id="spun/spinner-phrase",
            category="spun",
            severity="warning",
            message="`{match}` looks like an article-spinner substitution",
            help="the original wording was probably `{suggestion}`",
            description=(
                "Finds odd collocations left by synonym spinners, tools that rewrite "
                "a copied article by swapping words for thesaurus synonyms: "
                "`unfamiliar clergyman` for foreign minister, `demise toll` for death "
                "toll, `counterfeit consciousness` for artificial intelligence. Such "
                "phrases essentially never occur in edited news, so one is a strong "
                "hint that the text was machine-rewritten from another source. The "
                "list is hand-curated for newslint, in the family of the tortured "
                "phrases documented by Cabanac, Labbe and Magazinov (2021), and every "
                "phrase was checked against real edited news. The suggestion is the "
                "phrase the spinner most likely replaced; the fix is unsafe because "
                "it rewords the sentence."
            ),
            fix="unsafe",
            fire=[
                "The unfamiliar clergyman arrived in Riyadh on Tuesday for talks.",
                "Officials said the demise toll had risen to 40 by the evening.",
                "The minister praised the prosperous mediation between the two sides.",
                "The firm says counterfeit consciousness will cut its costs.",
            ],
            passes=[
                "The foreign minister arrived in Riyadh on Tuesday for talks.",
                "Officials said the death toll had risen to 40 by the evening.",
                "The secretary of state praised the successful mediation.",
                "It was a profoundly unfamiliar situation for the clergy.",
            ],
        ),
        "\n[rule.check.phrase]\ncase_sensitive = false\n\n[rule.check.phrase.replacements]\n",
        common.table_lines(SPINNER),
        "\n",
        common.rule_header(
            id="spun/machine-rewritten",
            category="spun",
            severity="warning",
            message="this article reads as machine-rewritten: {count} spinner phrases in {words} words",
            help="compare it with the original source and restore the original wording",
            description=(
                "A document-level finding: reported when an article contains at least "
                "3 spinner phrases (see spun/spinner-phrase) and at least 2 per 1,000 "
                "words. One odd collocation can be a slip; several in one article are "
                "the signature of a synonym spinner rewriting copied news, and the whole "
                "article, not just the phrases, should be checked against its source."
            ),
            fix="none",
            fire=[
                "The unfamiliar clergyman said the demise toll had risen overnight. "
                "He called for harmony talks and for aid to reach the outcast camp.",
                "Officials said the outfitted powers had begun a ground offensive. The "
                "incomparable court will hear the case, and the lawyer general declined to comment.",
                "Analysts say the monetary emergency will slow monetary development. "
                "The focal bank is expected to act this week.",
            ],
            passes=[
                "The unfamiliar clergyman said the death toll had risen overnight. "
                "He called for peace talks and for humanitarian aid to reach the city.",
                "Officials said the outfitted powers had begun a ground offensive. The "
                "supreme court will hear the case, and the attorney general declined to comment.",
                "Analysts say the financial crisis will slow economic growth. "
                "The focal bank is expected to act this week.",
            ],
        ),
        "\n[rule.check.density]\nof = \"spun/spinner-phrase\"\nmin_count = 3\n"
        "per_words = 1000\nmin_rate = 2.0\n",
    ]
    OUT.write_text("".join(out), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
