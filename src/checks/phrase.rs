//! Literal phrases of every phrase rule in one Aho-Corasick automaton, so the text is
//! scanned once however many phrases the rules hold.

use super::literals::Upgrading;
use super::{match_case, on_word_boundary, Hit};
use crate::document::Document;
use std::collections::HashMap;

#[derive(Debug, Clone)]
struct Target {
    rule: usize,
    suggestion: Option<String>,
    /// Exact text required when the rule is case-sensitive.
    exact: Option<String>,
    boundaries: bool,
}

/// All phrase rules compiled together.
#[derive(Default)]
pub struct PhraseSet {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    targets: Vec<Vec<Target>>,
    automaton: Option<Upgrading>,
}

/// Straight apostrophes also match curly ones, the way scraped text spells them.
fn variants(phrase: &str) -> Vec<String> {
    let mut v = vec![phrase.to_string()];
    if phrase.contains('\'') {
        v.push(phrase.replace('\'', "’"));
    }
    v
}

impl PhraseSet {
    pub fn add(&mut self, rule: usize, phrase: &str, suggestion: Option<&str>, case_sensitive: bool, boundaries: bool) {
        for p in variants(phrase.trim()) {
            let key = p.to_ascii_lowercase();
            let id = *self.index.entry(key.clone()).or_insert_with(|| {
                self.patterns.push(key);
                self.targets.push(Vec::new());
                self.patterns.len() - 1
            });
            self.targets[id].push(Target {
                rule,
                suggestion: suggestion.map(str::to_string),
                exact: case_sensitive.then(|| p.clone()),
                boundaries,
            });
        }
    }

    pub fn build(&mut self) -> Result<(), String> {
        if self.patterns.is_empty() {
            return Ok(());
        }
        // A one-file run (pre-commit) searches the sorted phrases and builds no automaton; a
        // corpus soon earns the DFA, which scans about 40% faster (see `Upgrading`).
        let patterns = self.patterns.iter().map(|p| p.as_bytes().to_vec()).collect();
        let ac = Upgrading::new(patterns, true, usize::MAX).map_err(|e| e.to_string())?;
        self.automaton = Some(ac);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Reports, per rule, the leftmost-longest non-overlapping matches on word boundaries.
    pub fn run(&self, doc: &Document, out: &mut Vec<Hit>) {
        let Some(ac) = &self.automaton else { return };
        let text = doc.text;
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new(); // rule, start, end, target
        for m in ac.overlapping(text) {
            let span = m.start()..m.end();
            let bounded = on_word_boundary(text, &span);
            for (ti, t) in self.targets[m.pattern().as_usize()].iter().enumerate() {
                if t.boundaries && !bounded {
                    continue;
                }
                if t.exact.as_deref().is_some_and(|e| e != &text[span.clone()]) {
                    continue;
                }
                found.push((t.rule, span.start, span.end, m.pattern().as_usize() << 16 | ti));
            }
        }
        // Leftmost, then longest, per rule; drop overlaps within a rule.
        found.sort_by_key(|a| (a.0, a.1, std::cmp::Reverse(a.2)));
        let mut last: Option<(usize, usize)> = None;
        for (rule, start, end, tid) in found {
            if let Some((r, e)) = last {
                if r == rule && start < e {
                    continue;
                }
            }
            last = Some((rule, end));
            let t = &self.targets[tid >> 16][tid & 0xffff];
            let mut hit = Hit::new(rule, start..end);
            if let Some(s) = &t.suggestion {
                hit.suggestion = Some(match_case(&text[start..end], s));
            }
            out.push(hit);
        }
    }
}
