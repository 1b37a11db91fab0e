//! Applying fixes: edits are re-applied until the text is stable, and files are replaced
//! atomically (temporary file in the same folder, permissions kept, then rename).

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::document::Document;
use crate::engine::Engine;
use std::io::Write;
use std::path::Path;

/// Most rounds of lint-and-fix before giving up on reaching a fixed point.
const MAX_ROUNDS: usize = 8;

/// Fix edits the caller allows, sorted, with overlapping ones dropped.
pub fn applicable(diags: &[Diagnostic], unsafe_fixes: bool) -> Vec<Edit> {
    let mut edits: Vec<Edit> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe || unsafe_fixes)
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out: Vec<Edit> = Vec::new();
    for e in edits {
        if out.last().is_some_and(|l| e.start < l.end || (e.start == l.start && e.end == l.end)) {
            continue;
        }
        out.push(e);
    }
    out
}

/// Applies sorted, non-overlapping edits.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.start]);
        out.push_str(&e.replacement);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Lints and fixes until nothing more applies; returns the new text and the edit count.
pub fn fix_text(engine: &Engine, path: &str, text: &str, unsafe_fixes: bool) -> (String, usize) {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let doc = Document::new(path, &current);
        let edits = applicable(&engine.check(&doc), unsafe_fixes);
        if edits.is_empty() {
            break;
        }
        applied += edits.len();
        current = apply(&current, &edits);
    }
    (current, applied)
}

/// Replaces `path` with `contents` so a reader sees the old or the new file, never half.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new().prefix(".newslint-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of a fix, in the form `git apply` and `patch` read.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_keep_the_first() {
        let e = |s, t, r: &str| Edit { start: s, end: t, replacement: r.into() };
        let text = "abcdef";
        let d = |ed: Edit| Diagnostic {
            rule: "typo/x".into(),
            category: "typo".into(),
            severity: crate::diagnostic::Severity::Warning,
            message: String::new(),
            span: ed.start..ed.end,
            matched: String::new(),
            labels: vec![],
            help: None,
            notes: vec![],
            fix: Some(crate::diagnostic::Fix { applicability: Applicability::Safe, edits: vec![ed] }),
        };
        let edits = applicable(&[d(e(1, 3, "X")), d(e(2, 4, "Y")), d(e(5, 5, " "))], false);
        assert_eq!(apply(text, &edits), "aXde f");
    }
}
