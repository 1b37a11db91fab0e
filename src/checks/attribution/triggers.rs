//! Words a regex cannot match without: the attribution patterns run only on sentences that
//! hold one, found by one Aho-Corasick scan, so most documents never compile or run them.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Shortest trigger worth scanning for: shorter ones ("is", "it") are in nearly every sentence.
const MIN_LEN: usize = 4;

/// Literals one of which every match of `pattern` contains (lower-case pattern text, matched
/// ASCII-case-insensitively), or `None` when no required part gives literals of at least
/// [`MIN_LEN`] bytes.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    best(&hir)
}

/// The required part of `hir` whose literals have the longest shortest member.
fn best(hir: &Hir) -> Option<Vec<String>> {
    let mut candidates = vec![literals(hir)];
    match hir.kind() {
        HirKind::Capture(c) => candidates.push(best(&c.sub)),
        HirKind::Concat(parts) => candidates.extend(parts.iter().map(best)),
        HirKind::Repetition(r) if r.min > 0 => candidates.push(best(&r.sub)),
        _ => {}
    }
    candidates.into_iter().flatten().max_by_key(|lits| lits.iter().map(String::len).min().unwrap_or(0))
}

/// The prefixes every match of `hir` starts with, when they are few and long enough.
fn literals(hir: &Hir) -> Option<Vec<String>> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let seq = extractor.extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || seq.min_literal_len()? < MIN_LEN {
        return None;
    }
    lits.iter().map(|l| String::from_utf8(l.as_bytes().to_vec()).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_words() {
        let mut t = required_literals(r"\b(?:is|are|was)\s+(?:widely\s+)?(?:believed|thought)\s+to\b").unwrap();
        t.sort();
        assert_eq!(t, ["believed", "thought"]);
        let t = required_literals(r"\b(?:recent|new)\s+reports\s+(?:say|said)\b").unwrap();
        assert!(t.contains(&"reports".to_string()), "{t:?}");
        assert_eq!(required_literals(r"\bit\s+is\b"), None);
        assert_eq!(required_literals(r"\w+"), None);
    }
}
