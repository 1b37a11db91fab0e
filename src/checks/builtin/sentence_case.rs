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

impl Check for SentenceCase {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let text = doc.text;
        for s in &doc.sentences {
            let block = &doc.blocks[s.block];
            if block.kind == BlockKind::Heading && !self.p.headings {
                continue;
            }
            // A list item may start in lower case by style; its later sentences may not.
            if block.kind == BlockKind::ListItem && s.span.start == block.content.start {
                continue;
            }
            // Skip opening quotes and brackets to reach the first word.
            let body = &text[s.span.clone()];
            let lead = body.len() - body.trim_start_matches(['"', '“', '‘', '\'', '(', '[', '*', '_']).len();
            let start = s.span.start + lead;
            let word: &str = text[start..s.span.end]
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
                .next()
                .unwrap_or("");
            let Some(first) = word.chars().next() else { continue };
            if !first.is_lowercase() {
                continue;
            }
            // iPhone, eBay, mRNA: lower case by design.
            if word.chars().skip(1).any(char::is_uppercase) {
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
