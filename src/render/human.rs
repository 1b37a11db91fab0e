//! rustc-style diagnostics through codespan-reporting. Scraped paragraphs are single lines
//! of thousands of characters, so each shown line is cut to a window around its spans
//! (`…` marks the cuts) while the gutter and the `-->` header keep the real line and column.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::files::{Error as FilesError, Files, Location};
use codespan_reporting::term::{self, termcolor::Ansi, Config, Styles, StylesWriter};
use std::ops::Range;

/// Widest excerpt of a source line, in characters, before the cut marks.
pub const WINDOW: usize = 80;

/// One source line as shown: the window of it, where it sits in the excerpt and the file.
struct ShownLine {
    /// Range of this line in the excerpt text (no newline).
    excerpt: Range<usize>,
    /// Bytes of `…` before the window in the excerpt.
    prefix: usize,
    /// Byte range of the window in the original text.
    window: Range<usize>,
    /// 0-based real line index.
    line: usize,
}

/// The lines a diagnostic shows, cut to windows, behind codespan's `Files` interface.
struct Excerpt<'a> {
    name: &'a str,
    doc: &'a Document<'a>,
    text: String,
    lines: Vec<ShownLine>,
}

impl<'a> Excerpt<'a> {
    fn new(doc: &'a Document<'a>, name: &'a str, spans: &[Range<usize>]) -> Self {
        // Byte ranges of each involved line that spans touch.
        let mut focus: Vec<(usize, usize, usize)> = Vec::new(); // line, lo, hi
        for s in spans {
            let (a, b) = (doc.line_of(s.start), doc.line_of(s.end.saturating_sub(1).max(s.start)));
            for (line, lo, hi) in [
                (a, s.start, doc.line_span(a).end.min(s.end.max(s.start))),
                (b, doc.line_span(b).start.max(s.start), s.end),
            ] {
                match focus.iter_mut().find(|f| f.0 == line) {
                    Some(f) => {
                        f.1 = f.1.min(lo);
                        f.2 = f.2.max(hi);
                    }
                    None => focus.push((line, lo, hi)),
                }
            }
        }
        focus.sort();
        let mut text = String::new();
        let mut lines = Vec::new();
        for (line, lo, hi) in focus {
            let full = doc.line_span(line);
            let window = window_around(doc.text, &full, lo.clamp(full.start, full.end), hi.clamp(full.start, full.end));
            let start = text.len();
            if window.start > full.start {
                text.push('…');
            }
            let prefix = text.len() - start;
            text.push_str(&doc.text[window.clone()]);
            if window.end < full.end {
                text.push('…');
            }
            lines.push(ShownLine { excerpt: start..text.len(), prefix, window, line });
            text.push('\n');
        }
        Excerpt { name, doc, text, lines }
    }

    /// Where a byte of the original text appears in the excerpt (clamped into the window).
    fn map(&self, offset: usize, is_end: bool) -> usize {
        let line = self.doc.line_of(if is_end { offset.saturating_sub(1) } else { offset });
        let Some(l) = self.lines.iter().find(|l| l.line == line).or(self.lines.first()) else { return 0 };
        let inner = offset.clamp(l.window.start, l.window.end) - l.window.start;
        l.excerpt.start + l.prefix + inner
    }

    fn shown(&self, excerpt_byte: usize) -> usize {
        self.lines.partition_point(|l| l.excerpt.end < excerpt_byte).min(self.lines.len().saturating_sub(1))
    }
}

/// A window of at most [`WINDOW`] characters of `full` that holds `lo..hi` (or its start),
/// centred on it where the line allows. It reads only the characters it steps over, not the
/// whole line: a page of one long line has thousands of findings on it.
fn window_around(text: &str, full: &Range<usize>, lo: usize, hi: usize) -> Range<usize> {
    if text[full.clone()].chars().nth(WINDOW).is_none() {
        return full.clone();
    }
    let up = |mut b: usize| {
        while !text.is_char_boundary(b) {
            b += 1;
        }
        b
    };
    let (lo, hi) = (up(lo), up(hi));
    // The position `k` characters after `from`, or the line's end.
    let forward =
        |from: usize, k: usize| text[from..full.end].char_indices().nth(k).map_or(full.end, |(i, _)| from + i);
    // The position `k` characters before `from`, or the line's start.
    let back = |from: usize, k: usize| {
        text[full.start..from].char_indices().rev().take(k).last().map_or(from, |(i, _)| full.start + i)
    };
    let width = text[lo..hi.max(lo)].chars().take(WINDOW).count();
    let start = if width >= WINDOW {
        lo
    } else {
        let centred = back(lo, (WINDOW - width) / 2);
        // Too near the end for a whole window: the last WINDOW characters.
        if forward(centred, WINDOW) == full.end {
            back(full.end, WINDOW)
        } else {
            centred
        }
    };
    start..forward(start, WINDOW)
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }
    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }
    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.shown(byte_index))
    }
    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.get(line_index).map_or(line_index, |l| l.line) + 1)
    }
    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        self.lines
            .get(line_index)
            .map(|l| l.excerpt.start..l.excerpt.end + 1)
            .ok_or(FilesError::LineTooLarge { given: line_index, max: self.lines.len() })
    }
    /// The real line and column in the article, not the excerpt's.
    fn location(&'a self, _: (), byte_index: usize) -> Result<Location, FilesError> {
        let l = &self.lines[self.shown(byte_index)];
        let inner = byte_index.saturating_sub(l.excerpt.start + l.prefix);
        let real = (l.window.start + inner).min(l.window.end);
        let (line_number, column_number) = self.doc.line_col(real);
        Ok(Location { line_number, column_number })
    }
}

fn cs_severity(s: Severity) -> codespan_reporting::diagnostic::Severity {
    match s {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    }
}

/// Writes one diagnostic, coloured or plain.
pub fn emit(
    w: &mut dyn std::io::Write,
    color: bool,
    doc: &Document,
    name: &str,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let mut spans = vec![d.span.clone()];
    spans.extend(d.labels.iter().map(|l| l.span.clone()));
    let ex = Excerpt::new(doc, name, &spans);
    let map = |r: &Range<usize>| {
        let a = ex.map(r.start, false);
        let b = ex.map(r.end.max(r.start), r.end > r.start).max(a);
        a..b
    };
    let mut labels = vec![CsLabel::new(LabelStyle::Primary, (), map(&d.span))];
    for l in &d.labels {
        labels.push(CsLabel::new(LabelStyle::Secondary, (), map(&l.span)).with_message(l.message.clone()));
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    if let Some(f) = &d.fix {
        if let Some(e) = f.edits.first() {
            let what = if e.replacement.is_empty() && e.start != e.end {
                "delete it".to_string()
            } else if e.start == e.end {
                format!("insert {:?}", e.replacement)
            } else {
                format!("replace with `{}`", e.replacement)
            };
            let how = if f.applicability == crate::diagnostic::Applicability::Safe {
                "--fix"
            } else {
                "--fix --unsafe-fixes"
            };
            notes.push(format!("fix ({how}): {what}"));
        }
    }
    let cs = CsDiagnostic::new(cs_severity(d.severity))
        .with_code(d.rule.clone())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes);
    let config = Config::default();
    let mut out = Vec::new();
    if color {
        let styles = Styles::default();
        let mut ansi = Ansi::new(&mut out);
        let mut sw = StylesWriter::new(&mut ansi, &styles);
        term::emit_to_write_style(&mut sw, &config, &ex, &cs).map_err(std::io::Error::other)?;
    } else {
        term::emit_to_io_write(&mut out, &config, &ex, &cs).map_err(std::io::Error::other)?;
    }
    // codespan has no "info" severity: `note` is printed under our name for it.
    let s = String::from_utf8_lossy(&out).replacen("note[", "info[", 1);
    w.write_all(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window as first written: every character position of the line collected, then
    /// indexed. Quadratic over a long line's findings, but plainly right.
    fn window_by_collecting(text: &str, full: &Range<usize>, lo: usize, hi: usize) -> Range<usize> {
        let chars: Vec<usize> =
            text[full.clone()].char_indices().map(|(i, _)| full.start + i).chain(std::iter::once(full.end)).collect();
        let n = chars.len() - 1;
        if n <= WINDOW {
            return full.clone();
        }
        let ci = |b: usize| chars.partition_point(|&x| x < b);
        let (clo, chi) = (ci(lo), ci(hi));
        let width = chi - clo;
        let start = if width >= WINDOW { clo } else { clo.saturating_sub((WINDOW - width) / 2).min(n - WINDOW) };
        chars[start]..chars[(start + WINDOW).min(n)]
    }

    /// The same window as collecting every character, for spans at every place of lines of
    /// many lengths, with characters of one to four bytes, spans of every width and ends
    /// inside characters.
    #[test]
    fn windows_are_those_of_the_whole_line() {
        for len in [0, 5, WINDOW - 1, WINDOW, WINDOW + 1, WINDOW + 7, 3 * WINDOW] {
            for piece in ["a", "é", "新", "😀", "ab é"] {
                let line: String = piece.repeat(len).chars().take(len).collect();
                let text = format!("x\n{line}\ny");
                let full = 2..2 + line.len();
                let positions: Vec<usize> = (full.start..=full.end).step_by(3).chain([full.end]).collect();
                for &lo in &positions {
                    for &hi in positions.iter().filter(|&&h| h >= lo) {
                        let want = window_by_collecting(&text, &full, lo, hi);
                        assert_eq!(window_around(&text, &full, lo, hi), want, "{len} {piece:?} {lo}..{hi}");
                    }
                }
            }
        }
    }
}
