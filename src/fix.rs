//! Applying fixes: edits are re-applied until the text is stable, and files are replaced
//! atomically (temporary file in the same folder, permissions kept, then rename).

use crate::diagnostic::{Diagnostic, Edit};
use crate::document::{lone_crs_to_lf, with_lone_crs, Document};
use crate::engine::Engine;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// Most rounds of lint-and-fix before giving up on reaching a fixed point.
const MAX_ROUNDS: usize = 8;

/// Fix edits the caller allows, sorted, with overlapping ones dropped.
pub fn applicable(diags: &[Diagnostic], unsafe_fixes: bool) -> Vec<Edit> {
    let mut edits: Vec<Edit> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applies(unsafe_fixes))
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
/// Lone carriage returns read as line ends and are kept ([`lone_crs_to_lf`]).
pub fn fix_text(engine: &Engine, path: &str, text: &str, unsafe_fixes: bool) -> (String, usize) {
    let (text, lone_cr) = lone_crs_to_lf(text.to_string());
    let fixed = fix_with(path, &text, &lone_cr, unsafe_fixes, |doc| engine.check(doc));
    (fixed.for_file().into_owned(), fixed.applied)
}

/// What [`fix_with`] made of a text.
pub struct Fixed {
    /// The fixed text as it is linted (lone carriage returns read as `\n`).
    pub text: String,
    /// Edits applied, over all rounds.
    pub applied: usize,
    /// The findings in `text`, from the round that found nothing more to fix, so the caller
    /// need not lint the fixed text again; `None` when the rounds ran out first.
    pub left: Option<Vec<Diagnostic>>,
    /// Where in `text` the file had a lone `\r`, carried through the edits.
    pub lone_cr: Vec<usize>,
}

impl Fixed {
    /// The text to write back: `text` with its lone carriage returns put back.
    pub fn for_file(&self) -> Cow<'_, str> {
        with_lone_crs(&self.text, &self.lone_cr)
    }
}

/// [`fix_text`] with the findings `lint` gives (the command line's: config, suppressions),
/// on text from [`lone_crs_to_lf`] with the offsets it returned.
pub fn fix_with(
    path: &str,
    text: &str,
    lone_cr: &[usize],
    unsafe_fixes: bool,
    mut lint: impl FnMut(&Document) -> Vec<Diagnostic>,
) -> Fixed {
    let mut current = text.to_string();
    let mut lone_cr = lone_cr.to_vec();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let doc = Document::new(path, &current);
        let diags = lint(&doc);
        let edits = applicable(&diags, unsafe_fixes);
        if edits.is_empty() {
            return Fixed { text: current, applied, left: Some(diags), lone_cr };
        }
        applied += edits.len();
        current = apply(&current, &edits);
        lone_cr = carry(&lone_cr, &edits, &current);
    }
    Fixed { text: current, applied, left: None, lone_cr }
}

/// Moves sorted offsets through sorted, non-overlapping edits to where they are in `after`,
/// the edited text. An offset inside an edit's range went with it; one at an insertion's
/// place moves past the inserted text. Kept only where `after` still has a `\n` there.
fn carry(offsets: &[usize], edits: &[Edit], after: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let (mut next, mut shift) = (0, 0isize);
    for &o in offsets {
        while next < edits.len() && edits[next].end <= o {
            let e = &edits[next];
            shift += e.replacement.len() as isize - (e.end - e.start) as isize;
            next += 1;
        }
        if next < edits.len() && edits[next].start <= o && o < edits[next].end {
            continue;
        }
        let moved = o.wrapping_add_signed(shift);
        if after.as_bytes().get(moved) == Some(&b'\n') {
            out.push(moved);
        }
    }
    out
}

/// Replaces `path` with `contents` so a reader sees the old or the new file, never half:
/// the new text goes to a temporary file in the same folder (same file system), is synced,
/// takes the old file's permissions (and owner, where allowed), then is renamed over it.
/// Any failure before the rename leaves the original untouched and removes the temporary
/// file. A symbolic link is followed, so the link stays a link.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(contents))
}

/// [`write_atomic`] with the writing step given, so tests can fail it halfway.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let meta = std::fs::metadata(&target)?;
    // The rename would replace a file nobody may write to: someone marked it so.
    if meta.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only (give it write permission to fix it)",
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".newslint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write in its folder {}: {e}", dir.display())))?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else the owner is already theirs.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.persist(&target).map_err(|e| e.error)?;
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

    /// A finding with a safe fix of one edit.
    fn fixable(ed: Edit) -> Diagnostic {
        Diagnostic {
            rule: "typo/x".into(),
            category: "typo".into(),
            severity: crate::diagnostic::Severity::Warning,
            message: String::new(),
            span: ed.start..ed.end,
            matched: String::new(),
            labels: vec![],
            help: None,
            notes: vec![],
            fix: Some(crate::diagnostic::Fix {
                applicability: crate::diagnostic::Applicability::Safe,
                edits: vec![ed],
            }),
        }
    }

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit { start, end, replacement: replacement.into() }
    }

    #[test]
    fn overlapping_edits_keep_the_first() {
        let d = |s, t, r| fixable(edit(s, t, r));
        let edits = applicable(&[d(1, 3, "X"), d(2, 4, "Y"), d(5, 5, " ")], false);
        assert_eq!(apply("abcdef", &edits), "aXde f");
    }

    /// Lone carriage returns go back where the file had them, however the edits moved them;
    /// one inside a deleted range goes with it.
    #[test]
    fn lone_carriage_returns_survive_the_edits_around_them() {
        let text = "a  \rbb\rdrop\rc\r";
        let (linted, at) = lone_crs_to_lf(text.to_string());
        // Trailing spaces before the first CR, an insertion right at the second, a whole
        // line (with its CR) deleted, and a replacement before the last.
        let edits = [edit(1, 3, ""), edit(6, 6, "!"), edit(7, 12, ""), edit(12, 13, "C")];
        let after = apply(&linted, &edits);
        assert_eq!(after, "a\nbb!\nC\n");
        let fixed = Fixed { lone_cr: carry(&at, &edits, &after), text: after, applied: 4, left: None };
        assert_eq!(fixed.for_file(), "a\rbb!\rC\r");
    }

    /// The findings of the round that fixed nothing are handed back for the caller to
    /// report; a loop cut off by the round limit hands back none, so the caller lints.
    #[test]
    fn the_last_round_s_findings_come_back_unless_the_rounds_ran_out() {
        // Trims a trailing "!" per round; then reports one finding with no fix left.
        let mut rounds = 0;
        let fixed = fix_with("a.txt", "Hi!!", &[], false, |doc| {
            rounds += 1;
            let end = doc.text.len();
            match doc.text.strip_suffix('!') {
                Some(rest) => vec![fixable(edit(rest.len(), end, ""))],
                None => vec![Diagnostic { fix: None, ..fixable(edit(0, end, "")) }],
            }
        });
        assert_eq!((fixed.text.as_str(), fixed.applied, rounds), ("Hi", 2, 3));
        assert_eq!(fixed.left.map(|l| l.len()), Some(1));
        // Always another edit: the rounds run out.
        let fixed = fix_with("a.txt", "Hi", &[], false, |doc| vec![fixable(edit(doc.text.len(), doc.text.len(), "!"))]);
        assert_eq!((fixed.text.len(), fixed.applied), (2 + MAX_ROUNDS, MAX_ROUNDS));
        assert!(fixed.left.is_none());
    }

    #[test]
    fn a_write_that_fails_halfway_leaves_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "original text\n").unwrap();
        let err = write_atomic_with(&p, |f| {
            f.write_all(b"half of the new")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "original text\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("a.txt")], "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new\n").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new\n");
    }
}
