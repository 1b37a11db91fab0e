//! One line per finding, `PATH:LINE:COLUMN: SEVERITY[RULE]: MESSAGE`, as rustc prints with
//! `--error-format=short` and ruff with `--output-format concise`: what grep, editors'
//! quickfix lists (Vim's default `errorformat`, Emacs' compilation mode) and shell pipelines
//! read. Columns count characters, as in every other format.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use std::io::Write;

/// One finding's line. A line break inside a message is written as a space, so that each
/// finding stays one line; ` [*]` ends the line of a finding `--fix` would fix (ruff's mark),
/// counting the unsafe fixes when `unsafe_fixes` (`--unsafe-fixes`) is on.
pub fn emit(w: &mut dyn Write, doc: &Document, name: &str, d: &Diagnostic, unsafe_fixes: bool) -> std::io::Result<()> {
    let (line, col) = doc.line_col(d.span.start);
    let message = d.message.replace(['\r', '\n'], " ");
    let fixable = d.fix.as_ref().is_some_and(|f| f.applies(unsafe_fixes));
    writeln!(
        w,
        "{name}:{line}:{col}: {}[{}]: {message}{}",
        d.severity.as_str(),
        d.rule,
        if fixable { " [*]" } else { "" }
    )
}
