//! Injected ad copy between paragraphs ("email hosting office 365 subscription - starting
//! at"): a short block scored on offer words, prices, contact details, an unfinished
//! ending, a lower-case start and how few words it shares with the article around it.

use super::layout::{push_long_word_hashes, Wanted};
use crate::checks::literals::GatedRegex;
use crate::checks::repetition::index::IdSet;
use crate::checks::{delete_lines, Check, Hit};
use crate::document::chars::lowercase;
use crate::document::{BlockKind, Document};
use crate::rules::compiled::RuleRegex;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Longest block, in words, that can be a fragment.
    #[serde(default = "twenty")]
    pub max_words: usize,
    /// Score at or above which a block is reported.
    #[serde(default = "three")]
    pub threshold: f64,
    /// Known injections (compared case-insensitively, on word boundaries), reported wherever
    /// they appear: the whole block when it is short, else the phrase.
    #[serde(default)]
    pub known: Vec<String>,
}

fn twenty() -> usize {
    20
}
fn three() -> f64 {
    3.0
}

// Offer and price words are ASCII: ASCII word boundaries keep the fast DFA running through
// curly quotes and dashes (see `rules::ascii_boundaries`).
// Behind their words' literal gates: most candidate paragraphs hold none, and then the
// regexes are neither compiled nor run.
pub(super) static OFFER: LazyLock<GatedRegex> = LazyLock::new(|| {
    GatedRegex::own(crate::rules::ascii_boundaries(
        r"(?i)\b(?:starting (?:at|from)|subscriptions?|discounts?|promo(?:tion)? codes?|coupons?|buy now|order now|shop now|free trial|best prices?|cheap(?:est)?|hosting|for sale|deal alert|(?:best|hot|great|daily) deals?|deals? of the (?:day|week)|limited time|% off|sign up today|save up to|lowest price|free shipping)\b",
    ))
});
pub(super) static PRICE: LazyLock<GatedRegex> = LazyLock::new(|| {
    GatedRegex::own(crate::rules::ascii_boundaries(
        r"(?i)[$€£]\s?\d|\b\d+(?:\.\d\d)?\s?(?:usd|eur|gbp)\b|\bper month\b|/mo\b",
    ))
});
// Its `\b` is ASCII for the same reason: a Unicode one sent every paragraph with a curly
// quote to a slower engine. They differ only for an address whose name starts with a
// non-ASCII letter, which still matches from its first ASCII one.
pub(super) static CONTACT: RuleRegex =
    RuleRegex::fixed(r"(?i)https?://|www\.|(?-u:\b)[\w.+-]+@[\w-]+\.\w+|\+?\d[\d\s().-]{8,}\d");
const DANGLING: &[&str] = &["at", "for", "from", "to", "the", "a", "an", "with", "and", "or", "of", "by", "on", "in"];

pub struct SpamFragment {
    p: Params,
    /// Compiled on first use, behind a scan for the phrases themselves.
    known: Option<GatedRegex>,
}

impl SpamFragment {
    pub fn new(p: Params) -> Result<Self, String> {
        let alts: Vec<String> = p.known.iter().map(|k| regex::escape(k.trim())).filter(|k| !k.is_empty()).collect();
        let known = if alts.is_empty() {
            None
        } else {
            let re = format!(r"(?i)(?:^|[^\p{{L}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{N}}])", alts.join("|"));
            Some(GatedRegex::new(re, 10 * (1 << 20)))
        };
        Ok(SpamFragment { p, known })
    }

    /// A known injection in block `i`: the whole block when short, else the phrase.
    /// `candidates`: the known list's [`GatedRegex::content_candidates`].
    fn known_hit(&self, doc: &Document, i: usize, rule: usize, candidates: &[bool]) -> Option<Hit> {
        let b = &doc.blocks[i];
        let known = self.known.as_ref()?;
        let text = doc.slice(&b.content);
        if !candidates[i] || !known.may_match(text) {
            return None;
        }
        let m = known.regex()?.captures(text)?.get(1)?;
        let mut hit;
        if b.word_count <= self.p.max_words {
            hit = Hit::new(rule, b.span.clone());
            hit.block_level = true;
            hit.edits = Some(vec![delete_lines(doc, b.line, b.line)]);
        } else {
            let span = b.content.start + m.start()..b.content.start + m.end();
            hit = Hit::new(rule, span.clone());
            hit.edits =
                Some(vec![crate::diagnostic::Edit { start: span.start, end: span.end, replacement: String::new() }]);
        }
        hit.vars.push(("what", format!("known ad injection `{}`", m.as_str())));
        hit.notes.push("listed as a known injection".into());
        Some(hit)
    }

    /// The score and the signals that made it, for the note, all but the overlap with the
    /// article ([`overlap`]); `None` when the block cannot reach the threshold whatever the
    /// signals not yet read say. The cheap signals are read first: most candidates are
    /// plain sentences (a full stop and no offer word leave at most 2 of the 3 points
    /// needed), and the price and contact regexes then need not run.
    fn score(&self, doc: &Document, i: usize) -> Option<(f64, Vec<&'static str>)> {
        let b = &doc.blocks[i];
        let s = doc.slice(&b.content);
        let trimmed = s.trim_end();
        let last = lowercase(trimmed.rsplit(|c: char| c.is_whitespace()).next().unwrap_or(""));
        let unfinished = DANGLING.contains(&last.as_ref()) || trimmed.ends_with(['-', '–', ':']);
        let ending = if unfinished {
            1.0
        } else if trimmed.ends_with(['.', '!', '?', '"', '”']) {
            -1.0
        } else {
            0.0
        };
        let lower_start = s.chars().next().is_some_and(char::is_lowercase);
        let offers = OFFER.find_iter(s).count();
        let offer = if offers > 0 { 1.5 + 0.5 * (offers.min(3) - 1) as f64 } else { 0.0 };
        let start = if lower_start { 0.5 } else { 0.0 };
        if offer + ending + start + PRICE_POINT + CONTACT_POINT + OVERLAP < self.p.threshold {
            return None;
        }
        // The signals in the order the note names them.
        let (mut score, mut why) = (0.0, Vec::new());
        if offers > 0 {
            score += offer;
            why.push("offer wording");
        }
        if PRICE.is_match(s) {
            score += PRICE_POINT;
            why.push("a price");
        }
        if CONTACT.is_match(s) {
            score += CONTACT_POINT;
            why.push("a link or contact");
        }
        score += ending;
        if unfinished {
            why.push("an unfinished ending");
        }
        if lower_start {
            score += start;
            why.push("a lower-case start");
        }
        Some((score, why))
    }
}

/// What a price adds to a score.
const PRICE_POINT: f64 = 1.0;
/// What a link or contact detail adds to a score.
const CONTACT_POINT: f64 = 1.0;

/// A block to score: its index, its score without the overlap, and the signals behind it.
type Scored = (usize, f64, Vec<&'static str>);

/// What sharing few words with the article adds to a score.
const OVERLAP: f64 = 1.0;

/// Whether a block's long words (`words`, of four letters or more, hashed lower-cased, as
/// the page layout reads them) share under a fifth with the article (`in_article`: those
/// of them the article has).
fn overlap(words: &[u64], in_article: &IdSet) -> bool {
    !words.is_empty() && (words.iter().filter(|w| in_article.contains(w)).count() as f64) / (words.len() as f64) < 0.2
}

impl Check for SpamFragment {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let long = |b: usize| doc.blocks.get(b).is_some_and(|b| b.kind == BlockKind::Paragraph && b.word_count > 12);
        // Known injections and the blocks to score, in block order.
        let mut found: Vec<Result<Hit, usize>> = Vec::new();
        // The nearest blocks of more than three words before and after block `i`, kept up to
        // date as `i` advances: a page of short lines would otherwise be walked once per line.
        // (`n` stands for none after.)
        let n = doc.blocks.len();
        let wordy = |k: &usize| doc.blocks[*k].word_count > 3;
        let (mut before, mut after) = (None, 0);
        let candidates = self.known.as_ref().map(|k| k.content_candidates(doc)).unwrap_or_default();
        for (i, b) in doc.blocks.iter().enumerate() {
            if i > 0 && wordy(&(i - 1)) {
                before = Some(i - 1);
            }
            if after <= i && after < n {
                after = (i + 1..n).find(wordy).unwrap_or(n);
            }
            let after = (after < n).then_some(after);
            if let Some(hit) = self.known_hit(doc, i, rule, &candidates) {
                found.push(Ok(hit));
                continue;
            }
            if b.word_count > self.p.max_words || b.word_count < 2 || b.kind == BlockKind::ListItem {
                continue;
            }
            // Between paragraphs of the article: prose before it and after it.
            if before.is_some_and(long) && after.is_some_and(long) {
                found.push(Err(i));
            }
        }
        // The other signals first: a block that cannot reach the threshold even with the
        // overlap's point needs no overlap, and most candidates are plain short paragraphs.
        let scored: Vec<Result<Hit, Scored>> = found
            .into_iter()
            .filter_map(|f| match f {
                Ok(hit) => Some(Ok(hit)),
                Err(i) => self.score(doc, i).map(|(score, why)| Err((i, score, why))),
            })
            .collect();
        let open = |score: f64| score + OVERLAP >= self.p.threshold;
        // Which of those candidates' words the article (its blocks longer than a fragment)
        // has: the article is read for those few words, not made into a set of all of its own.
        let mut wanted = Wanted::new();
        for (i, _, _) in scored.iter().filter_map(|f| f.as_ref().err()).filter(|(_, s, _)| open(*s)) {
            wanted.add(doc.slice(&doc.blocks[*i].content));
        }
        let article = (0..doc.blocks.len()).filter(|&x| doc.blocks[x].word_count > self.p.max_words);
        let in_article = wanted.present(article.map(|x| doc.slice(&doc.blocks[x].content)));
        let mut words = Vec::new();
        for f in scored {
            let (i, mut score, mut why) = match f {
                Ok(hit) => {
                    out.push(hit);
                    continue;
                }
                Err(c) => c,
            };
            if !open(score) {
                continue;
            }
            let b = &doc.blocks[i];
            words.clear();
            push_long_word_hashes(doc.slice(&b.content), &mut words);
            if overlap(&words, &in_article) {
                score += OVERLAP;
                why.push("no words in common with the article");
            }
            if score >= self.p.threshold {
                let mut hit = Hit::new(rule, b.span.clone());
                hit.block_level = true;
                hit.notes.push(format!("spam score {score:.1}: {}", why.join(", ")));
                hit.vars.push(("score", format!("{score:.1}")));
                hit.vars.push(("what", "ad fragment injected between paragraphs".into()));
                hit.edits = Some(vec![delete_lines(doc, b.line, b.line)]);
                out.push(hit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(middle: &str) -> Vec<Hit> {
        let text = format!(
            "The ministers met for three hours in Geneva on Monday and agreed to meet again next week to continue the talks on trade.\n\n{middle}\n\nThe ministers said the next round of trade talks would take place in Vienna, with officials from both sides attending.\n"
        );
        let doc = Document::new("t", &text);
        let check = SpamFragment::new(Params { max_words: 20, threshold: 3.0, known: Vec::new() }).expect("builds");
        let mut out = Vec::new();
        check.run(&doc, 0, &mut out);
        out
    }

    /// An address, a link or a phone number, beside curly quotes and accented words as well.
    #[test]
    fn contact_details_are_found_in_any_text() {
        for yes in [
            "Write to “sales@example.com” today",
            "Écrivez à josé.luis@exemple.fr",
            "Visit www.example.com — starting at",
            "Call +44 (0) 20 7946 0958 now",
            "see https://example.com",
        ] {
            assert!(CONTACT.is_match(yes), "{yes}");
        }
        for no in ["The café opened at 9 a.m. — “finally”", "He scored 12 goals in 2019", "Reach us @example"] {
            assert!(!CONTACT.is_match(no), "{no}");
        }
    }

    /// Two offer words and nothing else make 2 points: the block is reported only when it
    /// shares almost no words with the article, so its overlap must still be read.
    #[test]
    fn the_overlap_point_decides_a_block_just_under_the_threshold() {
        let hits = findings("Best deals on cheap flights");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].notes[0].contains("no words in common with the article"), "{:?}", hits[0].notes);
        assert!(findings("Best deals on cheap trade talks with ministers").is_empty());
        // A plain sentence cannot reach the threshold at all.
        assert!(findings("Officials declined to comment on the talks.").is_empty());
    }
}
