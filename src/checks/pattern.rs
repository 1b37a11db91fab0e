//! Regex rules behind one `RegexSet` prefilter: the set says which rules match at all, and
//! only those rules' own regexes run to find spans. A rule's own regex is compiled the first
//! time the set says it matches, so start-up compiles the patterns once, in the set.

use super::Hit;
use crate::document::Document;
use crate::rules::REGEX_SIZE_LIMIT;
use regex::{Regex, RegexSet, RegexSetBuilder};
use std::sync::OnceLock;

struct PatternRule {
    rule: usize,
    pattern: String,
    regex: OnceLock<Option<Regex>>,
    group: Option<String>,
    suggestion: Option<String>,
}

impl PatternRule {
    fn regex(&self) -> Option<&Regex> {
        self.regex.get_or_init(|| crate::rules::build_regex(&self.pattern, REGEX_SIZE_LIMIT).ok()).as_ref()
    }
}

#[derive(Default)]
pub struct PatternSet {
    rules: Vec<PatternRule>,
    set: Option<RegexSet>,
}

impl PatternSet {
    /// Adds a pattern whose syntax was already checked.
    pub fn add(&mut self, rule: usize, pattern: String, group: Option<String>, suggestion: Option<String>) {
        self.rules.push(PatternRule { rule, pattern, regex: OnceLock::new(), group, suggestion });
    }

    pub fn build(&mut self) -> Result<(), String> {
        if self.rules.is_empty() {
            return Ok(());
        }
        let set = RegexSetBuilder::new(self.rules.iter().map(|r| r.pattern.as_str()))
            .size_limit(REGEX_SIZE_LIMIT * 4)
            .build()
            .map_err(|e| e.to_string())?;
        self.set = Some(set);
        Ok(())
    }

    pub fn run(&self, doc: &Document, out: &mut Vec<Hit>) {
        let Some(set) = &self.set else { return };
        for i in set.matches(doc.text).iter() {
            let p = &self.rules[i];
            let Some(regex) = p.regex() else { continue };
            for caps in regex.captures_iter(doc.text) {
                let m = match &p.group {
                    Some(g) => caps.name(g),
                    None => caps.get(0),
                };
                let Some(m) = m else { continue };
                if m.is_empty() {
                    continue;
                }
                let mut hit = Hit::new(p.rule, m.range());
                if let Some(t) = &p.suggestion {
                    let mut s = String::new();
                    caps.expand(t, &mut s);
                    hit.suggestion = Some(s);
                }
                out.push(hit);
            }
        }
    }
}
