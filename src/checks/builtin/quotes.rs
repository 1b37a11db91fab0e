//! Double quotation marks: a closing mark (”) that opens a quotation (`ceasefire.”We urge`),
//! and a paragraph whose quotation is never closed or closes without opening. A quotation
//! may run over several paragraphs: each paragraph then opens again and only the last closes,
//! so an open quote at a paragraph end is fine when the next paragraph opens one.

use super::prose::{double_marks, looks_english};
use crate::checks::{Check, Hit};
use crate::diagnostic::Edit;
use crate::document::{BlockKind, Document, Span};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// What one quote mark does in its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// A `”` placed where a quotation starts, with no quotation open.
    ClosingOpens,
    /// A `“` while a quotation is still open: the earlier one was never closed.
    Reopen,
    /// A closing mark with no quotation open.
    StrayClose,
}

/// True when `c` may stand right before an opening quote mark.
fn opens_after(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '(' | '[' | '—' | '–' | '-'))
}

/// Classifies the double quote marks of `span`, left to right, with their byte offsets.
/// Returns the marks and the offset of a quotation still open at the end, if any.
fn scan(text: &str, span: &Span) -> (Vec<(usize, Mark)>, Option<usize>) {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c, len) in double_marks(text, span) {
        let before = text[span.start..i].chars().next_back();
        let after = text[i + len..span.end].chars().next();
        match c {
            '“' => {
                out.push((i, if open.is_some() { Mark::Reopen } else { Mark::Open }));
                open = Some(i);
            }
            '”' => {
                if open.take().is_some() {
                    out.push((i, Mark::Close));
                } else if before.is_some_and(|b| b.is_ascii_digit()) {
                    // 27” screen, 5’11”: a measurement, not a quotation.
                } else if text[i..].starts_with('”') && opens_after(before) && after.is_some_and(char::is_alphanumeric)
                {
                    out.push((i, Mark::ClosingOpens));
                    open = Some(i);
                } else {
                    out.push((i, Mark::StrayClose));
                }
            }
            _ => {
                if open.take().is_some() {
                    out.push((i, Mark::Close));
                } else if !before.is_some_and(|b| b.is_ascii_digit()) {
                    out.push((i, Mark::Open));
                    open = Some(i);
                }
            }
        }
    }
    (out, open)
}

/// True when a paragraph's first visible character is an opening quote mark.
fn starts_with_quote(text: &str, span: &Span) -> bool {
    text[span.clone()].trim_start().starts_with(['“', '"', '„'])
}

/// A closing quote mark where a quotation opens; the fix turns it around.
pub struct ClosingQuoteOpens;

impl ClosingQuoteOpens {
    pub fn new(_: Params) -> Self {
        ClosingQuoteOpens
    }
}

impl Check for ClosingQuoteOpens {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        for b in &doc.blocks {
            for (i, m) in scan(doc.text, &b.content).0 {
                if m == Mark::ClosingOpens {
                    let span = i..i + '”'.len_utf8();
                    let mut hit = Hit::new(rule, span.clone()).with_suggestion("“");
                    hit.edits = Some(vec![Edit { start: span.start, end: span.end, replacement: "“".into() }]);
                    out.push(hit);
                }
            }
        }
    }
}

/// A quotation that is never closed, or a closing mark with nothing to close.
pub struct UnbalancedQuotes;

impl UnbalancedQuotes {
    pub fn new(_: Params) -> Self {
        UnbalancedQuotes
    }
}

impl Check for UnbalancedQuotes {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        if !looks_english(doc) {
            return;
        }
        let text = doc.text;
        let report = |out: &mut Vec<Hit>, i: usize, what: &str| {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            let mut hit = Hit::new(rule, i..i + len);
            hit.vars.push(("problem", what.to_string()));
            out.push(hit);
        };
        let mut continued_from_before = false;
        for (bi, b) in doc.blocks.iter().enumerate() {
            if b.kind == BlockKind::Heading {
                continued_from_before = false;
                continue;
            }
            let (marks, open) = scan(text, &b.content);
            let mut last_open = None;
            for &(i, m) in &marks {
                match m {
                    Mark::Open | Mark::ClosingOpens => last_open = Some(i),
                    Mark::Reopen => {
                        if let Some(o) = last_open {
                            report(out, o, "this quotation is never closed");
                        }
                        last_open = Some(i);
                    }
                    Mark::StrayClose => report(out, i, "this closing quote mark has no opening one"),
                    Mark::Close => last_open = None,
                }
            }
            if let Some(o) = open {
                // A quotation running on: the next paragraph opens again. The last paragraph
                // of such a run that never closes was most likely cut off by the extraction.
                let next = doc.blocks.get(bi + 1).filter(|n| n.kind != BlockKind::Heading);
                let runs_on = next.is_some_and(|n| starts_with_quote(text, &n.content));
                if !runs_on && !continued_from_before {
                    report(out, o, "this quotation is never closed");
                }
                continued_from_before = true;
            } else {
                continued_from_before = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(s: &str) -> Vec<Mark> {
        scan(s, &(0..s.len())).0.into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn closing_mark_after_a_sentence_opens() {
        assert_eq!(marks("It ended.”We go,” he said."), [Mark::ClosingOpens, Mark::Close]);
        assert_eq!(marks("“It ended.”We go."), [Mark::Open, Mark::Close]);
        assert_eq!(marks("A 27” screen."), []);
        assert_eq!(marks("Use code \"50OFF699\" now."), [Mark::Open, Mark::Close]);
        assert_eq!(marks("“It was wrong,’’ he said."), [Mark::Open, Mark::Close]);
    }

    #[test]
    fn second_opening_mark_reopens() {
        assert_eq!(marks("“One. “Two.”"), [Mark::Open, Mark::Reopen, Mark::Close]);
    }
}
