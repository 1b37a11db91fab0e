//! A sentence that starts with a lower-case letter ("trump also suggested", "talks. what
//! role"), except brand names written that way (iPhone, eBay), URLs and handles.

use crate::checks::{Check, Hit};
use crate::document::{BlockKind, Document};
use serde::Deserialize;

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
}

pub struct SentenceCase {
    p: Params,
}

impl SentenceCase {
    pub fn new(p: Params) -> Self {
        SentenceCase { p }
    }
}

impl SentenceCase {
    /// Whether a lower-case start of this block is a defect. Not for list items (style), short
    /// lines without sentence punctuation (ingredient lists, captions), or a block that
    /// continues the one before (a hard-wrapped line, an item after "could occur:").
    fn block_start_checked(&self, doc: &Document, block: usize) -> bool {
        let b = &doc.blocks[block];
        if b.kind == BlockKind::ListItem {
            return false;
        }
        let own = doc.slice(&b.content).trim_end();
        if b.word_count <= 12 && !own.ends_with(['.', '!', '?', '"', '”']) {
            return false;
        }
        match block.checked_sub(1).map(|p| doc.slice(&doc.blocks[p].content).trim_end()) {
            None => true,
            Some(prev) if prev.ends_with([':', ',', ';']) => false,
            Some(prev) => {
                prev.ends_with(['.', '!', '?', '"', '”', '’', '\'']) || doc.blocks[block - 1].kind == BlockKind::Heading
            }
        }
    }
}

impl Check for SentenceCase {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let text = doc.text;
        for s in &doc.sentences {
            let block = &doc.blocks[s.block];
            if block.kind == BlockKind::Heading && !self.p.headings {
                continue;
            }
            if s.span.start == block.content.start && !self.block_start_checked(doc, s.block) {
                continue;
            }
            // A speech tag after an exclamation or question in quotes: `"Stop!" he said`.
            let before = text[block.content.start..s.span.start].trim_end();
            let unquoted = before.trim_end_matches(['"', '”', '’', '\'']);
            if unquoted.len() < before.len() && unquoted.ends_with(['!', '?', ',', '…']) {
                continue;
            }
            // Skip opening quotes and brackets to reach the first word.
            let body = &text[s.span.clone()];
            // A parenthetical remark may start in lower case.
            if body.starts_with(['(', '[']) {
                continue;
            }
            let lead = body.len() - body.trim_start_matches(['"', '“', '‘', '\'', '*', '_']).len();
            let start = s.span.start + lead;
            let word: &str = text[start..s.span.end]
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
                .next()
                .unwrap_or("");
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
            let mut cs = word.chars();
            let fixed: String = cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default();
            out.push(Hit::new(rule, span).with_suggestion(fixed));
        }
    }
}
