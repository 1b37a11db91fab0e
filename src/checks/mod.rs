//! One file per check kind. A check turns a [`Document`] into [`Hit`]s; the engine applies
//! the shared filters (scope, position, exceptions) and builds the diagnostics.

pub mod attribution;
pub mod builtin;
pub mod dictionary;
mod known_literals;
mod lanes;
pub mod line;
pub mod literals;
pub mod pattern;
pub mod phrase;
pub mod repetition;
pub mod word_pass;

use crate::diagnostic::{Edit, Label, Severity};
use crate::document::{Document, Span};

/// A raw finding of one rule, before the engine's filters.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    /// Index of the rule in the engine.
    pub rule: usize,
    pub span: Span,
    /// Replacement for the span; several alternatives are comma-separated.
    pub suggestion: Option<String>,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    /// Extra `{name}` values for the message and help templates.
    pub vars: Vec<(&'static str, String)>,
    /// Overrides the rule's severity (attribution raises or lowers by kind).
    pub severity: Option<Severity>,
    /// Explicit fix edits (deleting a block); otherwise the suggestion makes the fix.
    pub edits: Option<Vec<Edit>>,
    /// Block-level findings skip the position and scope filters.
    pub block_level: bool,
}

impl Hit {
    pub fn new(rule: usize, span: Span) -> Self {
        Hit { rule, span, ..Hit::default() }
    }

    pub fn with_suggestion(mut self, s: impl Into<String>) -> Self {
        self.suggestion = Some(s.into());
        self
    }
}

/// A check that needs its own pass over the document (repetition, attribution, builtins).
pub trait Check: Send + Sync {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>);

    /// The patterns this check finds through a [`literals::GateShare`], when it can share
    /// that gate (and its one search of a document) with the other checks that have some.
    fn spanned_patterns(&self) -> &[String] {
        &[]
    }

    /// Hands the check its part of the gate shared with the other checks that have
    /// [`Check::spanned_patterns`]; a check given none builds its own.
    fn share_gate(&self, _share: literals::GateShare) {}

    /// Whether the check reads a large per-document analysis that only checks like it read
    /// (the repetition index). The engine runs a stretch of such checks a document at a time
    /// and then [`Check::release`]s it, so a batch holds one at a time (see
    /// [`crate::engine::Engine::check_batch`]).
    fn releases(&self) -> bool {
        false
    }

    /// Drops that analysis from `doc`'s memo.
    fn release(&self, _doc: &Document) {}
}

/// True when the characters on both sides of `span` are not word characters.
pub fn on_word_boundary(text: &str, span: &Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let first = text[span.clone()].chars().next();
    let last = text[span.clone()].chars().next_back();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    (!word(first) || !word(before)) && (!word(last) || !word(after))
}

/// Gives `suggestion` the case shape of `matched`: "Importent" → "Important", "TEH" → "THE".
pub fn match_case(matched: &str, suggestion: &str) -> String {
    let mut letters = matched.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = letters.collect();
    if first_upper && !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
        return suggestion.to_uppercase();
    }
    if first_upper {
        let mut cs = suggestion.chars();
        return match cs.next() {
            Some(f) => f.to_uppercase().chain(cs).collect(),
            None => String::new(),
        };
    }
    suggestion.to_string()
}

/// One finding over the consecutive blocks `a..=z` (a run of whole lines, such as share
/// counters or a menu): block-level, `{lines}` their count, its fix deleting the lines.
pub fn run_hit(doc: &Document, rule: usize, a: usize, z: usize) -> Hit {
    let (first, last) = (&doc.blocks[a], &doc.blocks[z]);
    let mut hit = Hit::new(rule, first.span.start..last.span.end);
    hit.block_level = true;
    hit.vars.push(("lines", (z - a + 1).to_string()));
    hit.edits = Some(vec![delete_lines(doc, first.line, last.line)]);
    hit
}

/// The delete edit for whole lines `first..=last` (0-based), newline included.
pub fn delete_lines(doc: &Document, first: usize, last: usize) -> Edit {
    let start = doc.line_starts[first];
    let end = doc.line_starts.get(last + 1).copied().unwrap_or(doc.text.len());
    Edit { start, end, replacement: String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_the_match() {
        assert_eq!(match_case("Importent", "important"), "Important");
        assert_eq!(match_case("TEH", "the"), "THE");
        assert_eq!(match_case("teh", "the"), "the");
        assert_eq!(match_case("russia", "Russia"), "Russia");
    }

    #[test]
    fn boundaries() {
        let t = "reports indicated";
        assert!(!on_word_boundary(t, &(0..16)));
        assert!(on_word_boundary(t, &(0..7)));
    }
}
