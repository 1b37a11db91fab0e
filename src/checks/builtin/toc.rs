//! A scraped table of contents: a "Table of Contents" / "Contents" / "In this article" line
//! and the list or short lines under it, reported once as one block.

use crate::checks::line::LinePhrases;
use crate::checks::{delete_lines, Check, Hit};
use crate::document::{BlockKind, Document};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Title lines that open a table of contents (compared case-insensitively).
    pub titles: Vec<String>,
    /// Entries under the title needed to call it a table of contents.
    #[serde(default = "two")]
    pub min_entries: usize,
    /// Longest entry in words.
    #[serde(default = "sixteen")]
    pub max_entry_words: usize,
}

fn two() -> usize {
    2
}
fn sixteen() -> usize {
    16
}

pub struct TableOfContents {
    p: Params,
    /// The titles, normalised as lines are.
    titles: LinePhrases,
}

impl TableOfContents {
    pub fn new(p: Params) -> Self {
        TableOfContents { titles: LinePhrases::new(&p.titles, false), p }
    }
}

impl Check for TableOfContents {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let mut i = 0;
        while i < doc.blocks.len() {
            if !self.titles.contains(doc.slice(&doc.blocks[i].content)) {
                i += 1;
                continue;
            }
            // Entries are all list items or all headings, like the first one: a headline or
            // a label after a list of items is not an entry.
            let kind = doc.blocks.get(i + 1).map(|b| b.kind);
            let mut j = i;
            while j + 1 < doc.blocks.len() {
                let b = &doc.blocks[j + 1];
                let entry = matches!(b.kind, BlockKind::ListItem | BlockKind::Heading) && Some(b.kind) == kind;
                if !entry || b.word_count > self.p.max_entry_words {
                    break;
                }
                j += 1;
            }
            let entries = j - i;
            if entries >= self.p.min_entries {
                let (first, last) = (&doc.blocks[i], &doc.blocks[j]);
                let mut hit = Hit::new(rule, first.span.start..last.span.end);
                hit.block_level = true;
                hit.vars.push(("entries", entries.to_string()));
                hit.notes.push(format!("{entries} entries reported as one block"));
                hit.edits = Some(vec![delete_lines(doc, first.line, last.line)]);
                out.push(hit);
            }
            i = j + 1;
        }
    }
}
