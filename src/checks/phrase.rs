//! Literal phrases of every phrase rule, found by one search of the text however many
//! phrases the rules hold (the engine's [`super::word_pass::WordPass`], which looks for the
//! attribution rules' words in the same search).

use super::{match_case, on_word_boundary, Hit};
use crate::checks::repetition::index::StrMap;
use crate::document::Span;

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
    index: StrMap<String, usize>,
    targets: Vec<Vec<Target>>,
}

/// The occurrences of one document's phrases that a rule accepts: (rule, start, end, target).
pub type Found = Vec<(usize, usize, usize, usize)>;

impl PhraseSet {
    pub fn add(&mut self, rule: usize, phrase: &str, suggestion: Option<&str>, case_sensitive: bool, boundaries: bool) {
        let phrase = phrase.trim();
        // Straight apostrophes also match curly ones, the way scraped text spells them.
        let curly = phrase.contains('\'').then(|| phrase.replace('\'', "’"));
        for p in std::iter::once(phrase).chain(curly.as_deref()) {
            let key = p.to_ascii_lowercase();
            let id = match self.index.get(&key) {
                Some(&id) => id,
                None => {
                    self.index.insert(key.clone(), self.patterns.len());
                    self.patterns.push(key);
                    self.targets.push(Vec::with_capacity(1));
                    self.patterns.len() - 1
                }
            };
            self.targets[id].push(Target {
                rule,
                suggestion: suggestion.map(str::to_string),
                exact: case_sensitive.then(|| p.to_string()),
                boundaries,
            });
        }
    }

    /// The phrases, ASCII lower-cased (to be searched with ASCII case ignored); an
    /// occurrence of phrase `i` is reported to [`PhraseSet::record`] as `i`.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Files one occurrence of phrase `pattern` in `text`, for each rule that accepts it.
    pub fn record(&self, text: &str, pattern: usize, span: Span, found: &mut Found) {
        let bounded = on_word_boundary(text, &span);
        for (ti, t) in self.targets[pattern].iter().enumerate() {
            if t.boundaries && !bounded {
                continue;
            }
            if t.exact.as_deref().is_some_and(|e| e != &text[span.clone()]) {
                continue;
            }
            found.push((t.rule, span.start, span.end, pattern << 16 | ti));
        }
    }

    /// Reports, per rule, the leftmost-longest non-overlapping matches of what was recorded.
    pub fn finish(&self, text: &str, mut found: Found, out: &mut Vec<Hit>) {
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
