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
    /// A closing mark with no quotation open.
    StrayClose,
}

/// True when `c` may stand right before an opening quote mark.
fn opens_after(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '(' | '[' | '—' | '–' | '-'))
}

/// True when `c` may stand right after a closing quote mark.
fn closes_before(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || (c.is_ascii_punctuation() && c != '(') || matches!(c, '…' | '—' | '–'))
}

/// Classifies the double quote marks of `span`, left to right, with their byte offsets, and
/// returns the offset of the outermost quotation still open at the end, if any. Quotations
/// may nest (`“the “Glasgow” sample”`); a straight mark opens or closes by its position.
fn scan(text: &str, span: &Span) -> (Vec<(usize, Mark)>, Option<usize>) {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c, len) in double_marks(text, span) {
        let before = text[span.start..i].chars().next_back();
        let after = text[i + len..span.end].chars().next();
        match c {
            '“' => {
                out.push((i, Mark::Open));
                open.push(i);
            }
            '”' => {
                if open.pop().is_some() {
                    out.push((i, Mark::Close));
                } else if before.is_some_and(|b| b.is_ascii_digit()) {
                    // 27” screen, 5’11”: a measurement, not a quotation.
                } else if text[i..].starts_with('”') && opens_after(before) && after.is_some_and(char::is_alphanumeric)
                {
                    out.push((i, Mark::ClosingOpens));
                    open.push(i);
                } else {
                    out.push((i, Mark::StrayClose));
                }
            }
            _ => {
                let opening = opens_after(before) && !closes_before(after);
                let closing = !opens_after(before) && closes_before(after);
                if !open.is_empty() && !opening {
                    open.pop();
                    out.push((i, Mark::Close));
                } else if before.is_some_and(|b| b.is_ascii_digit()) && closing {
                    // 6' 2" tall: a measurement.
                } else if closing && open.is_empty() {
                    out.push((i, Mark::StrayClose));
                } else {
                    out.push((i, Mark::Open));
                    open.push(i);
                }
            }
        }
    }
    (out, open.first().copied())
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
                // A Markdown heading ends a quotation; a short line may be the scraper's.
                if !interruption(doc, b) {
                    continued_from_before = false;
                }
                continue;
            }
            let (marks, open) = scan(text, &b.content);
            for &(i, m) in &marks {
                if m == Mark::StrayClose {
                    report(out, i, "this closing quote mark has no opening one");
                }
            }
            if let Some(o) = open {
                // A quotation running on: the next paragraph opens again. The last paragraph
                // of such a run that never closes, or a teaser cut off with an ellipsis, was
                // most likely cut by the extraction, not by the writer.
                // Lines the scraper left between the paragraphs ("Advertisement", a caption, a
                // list of links) are passed over.
                let next = doc.blocks[bi + 1..].iter().take(MAX_INTERRUPTION + 1).find(|n| !interruption(doc, n));
                let runs_on = next.is_some_and(|n| starts_with_quote(text, &n.content));
                let body = doc.slice(&b.content).trim_end();
                let cut = body.ends_with("...") || body.ends_with('…');
                if !runs_on && !continued_from_before && !cut {
                    report(out, o, "this quotation is never closed");
                }
                continued_from_before = true;
            } else if !interruption(doc, b) {
                continued_from_before = false;
            }
        }
    }
}

/// Lines passed over between a quotation and the paragraph that goes on with it.
const MAX_INTERRUPTION: usize = 10;

/// A line the scraper left inside the article, not a paragraph of it: short, with no
/// sentence end and no quote mark to open ("Advertisement", "More from UK", a caption, a
/// related link). A Markdown `#` heading is the article's own.
fn interruption(doc: &Document, b: &crate::document::Block) -> bool {
    let s = doc.slice(&b.content).trim();
    !doc.text[b.span.clone()].trim_start().starts_with('#')
        && b.weight <= 20
        && !s.ends_with(['.', '!', '?', '…', '"', '”', '’', ':', ';'])
        && !starts_with_quote(doc.text, &b.content)
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
    fn quotations_nest() {
        let s = "“One. “Two.”";
        assert_eq!(scan(s, &(0..s.len())).1, Some(0), "the outer one stays open");
        assert_eq!(marks("“A “B” C”"), [Mark::Open, Mark::Open, Mark::Close, Mark::Close]);
        assert_eq!(marks("“We will go,\" he said."), [Mark::Open, Mark::Close]);
        assert_eq!(marks("He said, \"no\"."), [Mark::Open, Mark::Close]);
        assert_eq!(marks("He is 6' 2\" tall."), []);
    }

    fn never_closed(text: &str) -> usize {
        let doc = Document::new("t", text);
        let mut out = Vec::new();
        UnbalancedQuotes.run(&doc, 0, &mut out);
        out.len()
    }

    /// A quotation goes on in the next paragraph past lines the scraper left between them; a
    /// Markdown heading or a paragraph that does not reopen the quote still ends it.
    #[test]
    fn a_quotation_runs_on_past_scraped_lines() {
        let first = "The coach said after the match: “We played the way we trained all week long.";
        let last = "“The next game will be harder, and we know it,” he added after the match was over.";
        let between = "Advertisement\nMore from Sport\nCouncil votes to close the old harbour bridge for repairs";
        assert_eq!(never_closed(&format!("{first}\n{last}\n")), 0);
        assert_eq!(never_closed(&format!("{first}\n{between}\n{last}\n")), 0);
        assert_eq!(never_closed(&format!("{first}\n\n## Next week\n\n{last}\n")), 1);
        let plain = "The next game will be harder, and the team knows it, he added after the match.";
        assert_eq!(never_closed(&format!("{first}\n{between}\n{plain}\n")), 1);
        let far: String = (0..12).map(|i| format!("Related story number {i}\n")).collect();
        assert_eq!(never_closed(&format!("{first}\n{far}{last}\n")), 1, "too many lines between");
    }
}
