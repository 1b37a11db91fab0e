//! Regex rules behind one `RegexSet` prefilter: the set says which rules match at all, and
//! only those rules' own regexes run to find spans.

use super::Hit;
use crate::document::Document;
use regex::{Regex, RegexSet};

struct PatternRule {
    rule: usize,
    regex: Regex,
    group: Option<String>,
    suggestion: Option<String>,
}

#[derive(Default)]
pub struct PatternSet {
    rules: Vec<PatternRule>,
    set: Option<RegexSet>,
}

impl PatternSet {
    pub fn add(&mut self, rule: usize, regex: Regex, group: Option<String>, suggestion: Option<String>) {
        self.rules.push(PatternRule { rule, regex, group, suggestion });
    }

    pub fn build(&mut self) -> Result<(), String> {
        if self.rules.is_empty() {
            return Ok(());
        }
        let set = RegexSet::new(self.rules.iter().map(|r| r.regex.as_str())).map_err(|e| e.to_string())?;
        self.set = Some(set);
        Ok(())
    }

    pub fn run(&self, doc: &Document, out: &mut Vec<Hit>) {
        let Some(set) = &self.set else { return };
        for i in set.matches(doc.text).iter() {
            let p = &self.rules[i];
            for caps in p.regex.captures_iter(doc.text) {
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
