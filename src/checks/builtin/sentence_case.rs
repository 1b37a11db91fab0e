//! A sentence that starts with a lower-case letter ("trump also suggested", "talks. what
//! role"), except where lower case is normal: brand names written that way (iPhone, eBay,
//! my6sense), a speech tag after a quotation (`“Go!” he said`), text after an ellipsis or
//! an abbreviation, a line that continues the previous one, list entries, and other languages.

use super::prose::looks_english;
use crate::checks::{Check, Hit};
use crate::document::{BlockKind, Document};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Words that legitimately start a sentence in lower case.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Also check headings (short lines); off by default: captions and labels are often
    /// lower case by design.
    #[serde(default)]
    pub headings: bool,
    /// Fewest words a sentence needs to be judged ("on. it." in a quoted tweet is not prose).
    #[serde(default = "three")]
    pub min_words: usize,
}

fn three() -> usize {
    3
}

/// A paragraph that starts in lower case after a line without an ending continues that
/// line, unless it is itself a whole sentence of at least this many words.
const STANDALONE_MIN_WORDS: usize = 8;

/// A line of at most this many words, without a sentence end, is a label, not a sentence.
const SHORT_LABEL_WORDS: usize = 4;

pub struct SentenceCase {
    p: Params,
}

impl SentenceCase {
    pub fn new(p: Params) -> Self {
        SentenceCase { p }
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// True when `s` ends like a sentence: `.`, `!` or `?`, possibly inside quotes or brackets.
fn ends_sentence(s: &str) -> bool {
    s.trim_end().trim_end_matches(is_closer).ends_with(['.', '!', '?'])
}

/// Why the end of the previous sentence (`before`, up to the new one) allows lower case.
fn lower_case_allowed_after(before: &str) -> bool {
    let t = before.trim_end();
    // “We got her!” officers announced / the “Meth. We’re on it.” campaign.
    if t.ends_with(is_closer) && !t.ends_with(')') {
        return true;
    }
    if t.ends_with("..") || t.ends_with('…') {
        return true;
    }
    // ID. models / TL. the: an abbreviation or code in capitals, not a sentence end.
    let token = t.trim_end_matches(['.', '!', '?']).rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let letters = token.chars().count();
    letters > 0 && letters <= 4 && token.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The first word of a sentence, its offset, and what comes before it inside the sentence.
fn first_word(text: &str, start: usize, end: usize) -> Option<(usize, &str)> {
    let body = &text[start..end];
    let lead = body.len() - body.trim_start_matches(['"', '“', '‘', '\'', '(', '*', '_']).len();
    let at = start + lead;
    let word = text[at..end].split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')).next()?;
    (!word.is_empty()).then_some((at, word))
}

impl Check for SentenceCase {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        if !looks_english(doc) {
            return;
        }
        let text = doc.text;
        // Words written in lower case wherever they appear: a brand's own style (ecobee).
        let mut lower_starts: Option<HashMap<&str, usize>> = None;
        let mut capitalised: Option<HashSet<String>> = None;
        for (si, s) in doc.sentences.iter().enumerate() {
            // Most sentences begin with a capital or a digit, which is then their first word's
            // first letter (see `first_word`): nothing below can report them.
            if text.as_bytes().get(s.span.start).is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                continue;
            }
            let block = &doc.blocks[s.block];
            if block.kind == BlockKind::Heading && !self.p.headings {
                continue;
            }
            // A button or a label ("click to copy", "facebook twitter print email", a
            // commenter's "jane says:"): four words or fewer and no sentence end.
            if block.word_count <= SHORT_LABEL_WORDS && !ends_sentence(doc.slice(&block.content)) {
                continue;
            }
            let first_in_block = si == block.sentences.start;
            if first_in_block {
                // A list item may start in lower case by style; its later sentences may not.
                if block.kind == BlockKind::ListItem {
                    continue;
                }
                let prev = s.block.checked_sub(1).map(|b| &doc.blocks[b]);
                let continues = match prev {
                    Some(p) if ends_sentence(doc.slice(&p.content)) => false,
                    Some(p)
                        if p.kind == BlockKind::Paragraph
                            || doc.slice(&p.content).trim_end().ends_with([':', ',', ';']) =>
                    {
                        true
                    }
                    _ => !(ends_sentence(doc.slice(&block.content)) && block.word_count >= STANDALONE_MIN_WORDS),
                };
                if continues {
                    continue;
                }
            } else {
                let prev_end = doc.sentences[si - 1].span.end;
                if lower_case_allowed_after(&text[doc.sentences[si - 1].span.start..prev_end]) {
                    continue;
                }
            }
            if text[s.span.clone()].split_whitespace().count() < self.p.min_words {
                continue;
            }
            // A parenthetical remark may start in lower case.
            if text[s.span.clone()].starts_with(['(', '[']) {
                continue;
            }
            let Some((start, word)) = first_word(text, s.span.start, s.span.end) else { continue };
            let Some(first) = word.chars().next() else { continue };
            if !first.is_lowercase() {
                continue;
            }
            // iPhone, eBay, mRNA, my6sense: lower case by design.
            if word.chars().skip(1).any(|c| c.is_uppercase() || c.is_ascii_digit()) {
                continue;
            }
            if self.p.allow.iter().any(|a| a == word) {
                continue;
            }
            let span = start..start + word.len();
            if doc.is_protected(&span) {
                continue;
            }
            let starts = lower_starts.get_or_insert_with(|| count_lower_starts(doc));
            if starts.get(word).copied().unwrap_or(0) >= 2
                && !capitalised.get_or_insert_with(|| capitalised_words(doc)).contains(word)
            {
                continue;
            }
            out.push(Hit::new(rule, span).with_suggestion(with_capital(word)));
        }
    }
}

/// `word` with its first letter as a capital, the way a sentence begins: a letter whose
/// capital is two letters keeps only the first as a capital ("ﬁnally" -> "Finally", "ßo" ->
/// "Sso"), not both ("FInally").
fn with_capital(word: &str) -> String {
    let mut cs = word.chars();
    let Some(first) = cs.next() else { return String::new() };
    let mut upper = first.to_uppercase();
    let mut out: String = upper.next().into_iter().collect();
    out.extend(upper.flat_map(char::to_lowercase));
    out.extend(cs);
    out
}

/// How many sentences each lower-case word starts.
fn count_lower_starts<'a>(doc: &Document<'a>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::new();
    for s in &doc.sentences {
        if let Some((_, w)) = first_word(doc.text, s.span.start, s.span.end) {
            if w.chars().next().is_some_and(char::is_lowercase) {
                *m.entry(w).or_insert(0) += 1;
            }
        }
    }
    m
}

/// The lower case of every word of the document written with a capital first letter (whose
/// lower case is as long): a word in it appears somewhere capitalised. Made once per document,
/// where each sentence once searched all the words (a page of one long line took a minute).
fn capitalised_words(doc: &Document) -> HashSet<String> {
    doc.words
        .iter()
        .map(|w| &doc.text[w.clone()])
        .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|t| Some(t.to_lowercase()).filter(|l| l.len() == t.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capital_is_one_letter_where_it_can_be() {
        assert_eq!(with_capital("the"), "The");
        assert_eq!(with_capital("élan"), "Élan");
        assert_eq!(with_capital("\u{fb01}nally"), "Finally");
        assert_eq!(with_capital("ßo"), "Sso");
        assert_eq!(with_capital(""), "");
    }
}
