//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//!
//! `::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::MESSAGE`. GitHub reads
//! `%`, `\r` and `\n` as escapes in the message, and additionally `:` and `,` in property
//! values (a path with a comma would otherwise end the `file` property).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use std::io::Write;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One annotation line. Columns count characters; `endColumn` is one past the last one.
pub fn emit(w: &mut dyn Write, doc: &Document, name: &str, d: &Diagnostic) -> std::io::Result<()> {
    let (line, col) = doc.line_col(d.span.start);
    let (end_line, end_col) = doc.line_col(d.span.end);
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    writeln!(
        w,
        "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
        command(d.severity),
        escape_property(name),
        escape_property(&format!("newslint {}", d.rule)),
        escape_data(&message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_reads_them() {
        assert_eq!(escape_data("50% off\r\nnow: a,b"), "50%25 off%0D%0Anow: a,b");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
