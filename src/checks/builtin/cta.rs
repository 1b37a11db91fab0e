//! Calls to action (comment, follow, subscribe, cookie consent, "click here") found by
//! phrase anywhere, then judged by position: a block made of them, or a prompt that opens
//! or closes a paragraph, is site furniture; the same words inside a paragraph that is about
//! cookies or subscriptions are the article's subject.

use crate::checks::literals::{GateShare, GatedRegex, SharedGate};
use crate::checks::{delete_lines, Check, Hit};
use crate::diagnostic::Edit;
use crate::document::Document;
use crate::rules::compiled::RuleRegex;
use regex::Regex;
use serde::Deserialize;
use std::sync::{LazyLock, OnceLock};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Regexes (case-insensitive) that make a sentence a call to action.
    pub patterns: Vec<String>,
    /// Regexes (case-insensitive) for the subject the prompt is about ("cookies",
    /// "subscribers"): when another sentence of the paragraph mentions it, the paragraph
    /// discusses the subject and nothing is reported.
    #[serde(default)]
    pub topic: Vec<String>,
    /// In a paragraph of at most this many words a prompt is reported wherever it sits; in
    /// a longer one only when it opens or closes the paragraph.
    #[serde(default = "forty")]
    pub max_block_words: usize,
}

fn forty() -> usize {
    40
}

/// A sentence that still talks to the reader ("Do you agree?", "Let us know"): it may
/// follow a prompt at the end of a paragraph without making the prompt part of the story.
static READER_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\?\s*$|\b(?:you|your|us)\b").expect("static regex"));

/// The patterns are searched one by one (each compiled on first use) and only where one of
/// their required literals occurs: one big case-insensitive alternation thrashes the lazy
/// DFA's cache on every sentence, and most paragraphs hold none of the words anyway.
pub struct CallToAction {
    /// `(?i)(?:p)` for each pattern, in the order given.
    patterns: Vec<String>,
    regexes: Vec<RuleRegex>,
    /// The gate shared with the other call-to-action rules (the engine hands it out), or
    /// one of its own, made on first use.
    share: OnceLock<GateShare>,
    topic: Option<GatedRegex>,
    max_block_words: usize,
}

/// The case-insensitive alternation of `list`, syntax-checked.
fn alternation(list: &[String], what: &str, trusted: bool) -> Result<Option<String>, String> {
    if list.is_empty() {
        return Ok(None);
    }
    let alts: Vec<String> = list.iter().map(|p| format!("(?:{})", crate::rules::ascii_boundaries(p))).collect();
    let text = format!("(?i){}", alts.join("|"));
    if !trusted {
        regex_syntax::Parser::new().parse(&text).map_err(|e| format!("invalid {what}: {e}"))?;
    }
    Ok(Some(text))
}

impl CallToAction {
    /// `trusted`: the patterns need no syntax check (see [`super::make`]).
    pub fn new(p: Params, trusted: bool) -> Result<Self, String> {
        if p.patterns.is_empty() {
            return Err("`patterns` must not be empty".into());
        }
        if !trusted {
            // The alternation is what the patterns are checked as; only the topic's is kept.
            alternation(&p.patterns, "patterns", false)?;
        }
        let topic = alternation(&p.topic, "topic", trusted)?.map(|t| GatedRegex::new(t, REGEX_SIZE));
        let patterns: Vec<String> =
            p.patterns.iter().map(|p| format!("(?i)(?:{})", crate::rules::ascii_boundaries(p))).collect();
        let regexes = patterns.iter().map(|p| RuleRegex::new(p.clone(), REGEX_SIZE)).collect();
        Ok(CallToAction { patterns, regexes, share: OnceLock::new(), topic, max_block_words: p.max_block_words })
    }

    /// The leftmost match of the alternation of the `active` patterns in `s`: the earliest
    /// start, the first pattern listed among those starting there (what `a|b|c` finds).
    fn find(&self, s: &str, active: &[bool]) -> Option<std::ops::Range<usize>> {
        let mut best: Option<std::ops::Range<usize>> = None;
        for (i, _) in active.iter().enumerate().filter(|(_, &a)| a) {
            if let Some(m) = self.regexes[i].find(s) {
                if best.as_ref().is_none_or(|b| m.start < b.start) {
                    best = Some(m);
                }
            }
        }
        best
    }

    /// The prompt in a sentence, when the sentence reads as one: short, or with the prompt
    /// near its start (an imperative or "we invite you to"), not deep inside a report.
    fn prompt(&self, s: &str, active: &[bool]) -> Option<std::ops::Range<usize>> {
        let m = self.find(s, active)?;
        let before = s[..m.start].split_whitespace().count();
        (before <= MAX_WORDS_BEFORE || s.split_whitespace().count() <= SHORT_SENTENCE).then_some(m)
    }
}

/// The size limit `Regex::new` uses.
const REGEX_SIZE: usize = 10 * (1 << 20);

/// A prompt may start this many words into its sentence ("We invite you to share ...").
const MAX_WORDS_BEFORE: usize = 6;
/// A sentence this short that holds a prompt is one, wherever the prompt sits.
const SHORT_SENTENCE: usize = 15;

impl Check for CallToAction {
    fn spanned_patterns(&self) -> &[String] {
        &self.patterns
    }

    fn share_gate(&self, share: GateShare) {
        let _ = self.share.set(share);
    }

    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let share = self.share.get_or_init(|| SharedGate::split(&[&self.patterns]).remove(0));
        let open = share.spans(doc);
        for (i, b) in doc.blocks.iter().enumerate() {
            // Most blocks open no pattern: asked first, without collecting.
            if !open.any_open(i, self.patterns.len()) {
                continue;
            }
            let active: Vec<bool> = (0..self.patterns.len()).map(|p| open.open(i, p)).collect();
            let sentences: Vec<&str> = doc.sentences[b.sentences.clone()].iter().map(|s| doc.slice(&s.span)).collect();
            let found: Vec<Option<std::ops::Range<usize>>> =
                sentences.iter().map(|s| self.prompt(s, &active)).collect();
            let prompt: Vec<bool> = found.iter().map(Option::is_some).collect();
            let n = prompt.iter().filter(|&&p| p).count();
            if n == 0 {
                continue;
            }
            // The paragraph is about the subject when a sentence other than a prompt (or a
            // prompt outside its matched words) names it, unless prompts make up the paragraph.
            let discusses = self.topic.as_ref().is_some_and(|t| {
                sentences.iter().zip(&found).any(|(s, f)| match f {
                    None => t.is_match(s) && !READER_ADDRESS.is_match(s),
                    Some(m) => t.is_match(&s[..m.start]) || t.is_match(&s[m.end..]),
                })
            });
            if discusses && !(n >= 2 && n * 3 >= sentences.len() * 2) {
                continue;
            }
            // Sentences that carry the paragraph's own content (not prompts, not questions
            // or asides to the reader).
            let own = sentences.iter().zip(&prompt).filter(|(s, &p)| !p && !READER_ADDRESS.is_match(s)).count();
            if own == 0 || n * 3 >= sentences.len() * 2 {
                let mut hit = Hit::new(rule, b.span.clone());
                hit.block_level = true;
                hit.edits = Some(vec![delete_lines(doc, b.line, b.line)]);
                out.push(hit);
                continue;
            }
            // Only the prompts: anywhere in a short paragraph, and in a long one only those
            // that open or close it, with nothing but reader address between them and the edge.
            let short = b.word_count <= self.max_block_words;
            let idx: Vec<usize> = b.sentences.clone().collect();
            for (k, &p) in prompt.iter().enumerate() {
                if !p {
                    continue;
                }
                let closes = sentences[k + 1..].iter().all(|s| READER_ADDRESS.is_match(s));
                let opens = k == 0;
                if !(closes || opens || short) {
                    continue;
                }
                let span = doc.sentences[idx[k]].span.clone();
                // Delete the sentence with the space before it (or after it, when it opens).
                let start = if k > 0 { doc.sentences[idx[k - 1]].span.end } else { span.start };
                let end = if k == 0 && idx.len() > 1 { doc.sentences[idx[1]].span.start } else { span.end };
                let mut hit = Hit::new(rule, span);
                hit.edits = Some(vec![Edit { start, end, replacement: String::new() }]);
                out.push(hit);
            }
        }
    }
}
