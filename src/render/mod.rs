//! Output formats. Each reads plain [`Diagnostic`]s; positions are converted here only.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{RuleError, RuleSource};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Ansi, Config, Styles, StylesWriter};
use serde::Serialize;

#[derive(Serialize)]
pub struct JsonEdit<'a> {
    pub start: usize,
    pub end: usize,
    pub replacement: &'a str,
}

#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub applicability: Applicability,
    /// The replacement text of the first edit (empty for a deletion).
    pub replacement: &'a str,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
pub struct JsonLabel<'a> {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

/// One finding as the `--format json`/`jsonl` contract prints it.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub path: &'a str,
    pub rule: &'a str,
    pub category: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub matched: &'a str,
    pub help: Option<&'a str>,
    pub notes: &'a [String],
    pub labels: Vec<JsonLabel<'a>>,
    pub fix: Option<JsonFix<'a>>,
}

impl<'a> JsonFinding<'a> {
    pub fn new(doc: &Document, path: &'a str, d: &'a Diagnostic) -> Self {
        let (line, column) = doc.line_col(d.span.start);
        let (end_line, end_column) = doc.line_col(d.span.end);
        JsonFinding {
            path,
            rule: &d.rule,
            category: &d.category,
            severity: d.severity,
            message: &d.message,
            start: d.span.start,
            end: d.span.end,
            line,
            column,
            end_line,
            end_column,
            matched: &d.matched,
            help: d.help.as_deref(),
            notes: &d.notes,
            labels: d
                .labels
                .iter()
                .map(|l| {
                    let (line, column) = doc.line_col(l.span.start);
                    JsonLabel { start: l.span.start, end: l.span.end, line, column, message: &l.message }
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                applicability: f.applicability,
                replacement: f.edits.first().map_or("", |e| e.replacement.as_str()),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit { start: e.start, end: e.end, replacement: &e.replacement })
                    .collect(),
            }),
        }
    }
}

/// Counts by severity, for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Counts {
    pub fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn merge(&mut self, o: Counts) {
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.infos += o.infos;
        self.files += o.files;
    }

    pub fn at_least(&self, s: Severity) -> usize {
        match s {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }

    /// `2 errors, 1 warning, 0 infos in 3 files`.
    pub fn summary(&self) -> String {
        let p = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}, {} in {}",
            p(self.errors, "error", "errors"),
            p(self.warnings, "warning", "warnings"),
            p(self.infos, "info", "infos"),
            p(self.files, "file", "files")
        )
    }
}

/// Prints rule-loading errors as diagnostics pointing into the TOML files.
pub fn rule_errors(
    w: &mut dyn std::io::Write,
    color: bool,
    sources: &[RuleSource],
    errors: &[RuleError],
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = sources.iter().map(|s| files.add(s.name.clone(), s.text.clone())).collect();
    let config = Config::default();
    for e in errors {
        let mut labels = Vec::new();
        if let (Some(span), Some(&id)) = (&e.span, ids.get(e.source)) {
            labels.push(CsLabel::primary(id, span.clone()).with_message(e.label.clone()));
        }
        for (src, span, msg) in &e.secondary {
            if let Some(&id) = ids.get(*src) {
                labels.push(CsLabel::secondary(id, span.clone()).with_message(msg.clone()));
            }
        }
        let mut d = CsDiagnostic::error().with_message(e.message.clone()).with_labels(labels);
        if e.span.is_none() {
            if let Some(s) = sources.get(e.source) {
                d = d.with_notes(vec![format!("in {}", s.name)]);
            }
        }
        emit_error(w, color, &config, &files, &d)?;
    }
    Ok(())
}

/// Writes one loading error, coloured or plain.
fn emit_error(
    w: &mut dyn std::io::Write,
    color: bool,
    config: &Config,
    files: &SimpleFiles<String, String>,
    d: &CsDiagnostic<usize>,
) -> std::io::Result<()> {
    if color {
        let styles = Styles::default();
        let mut ansi = Ansi::new(w);
        let mut sw = StylesWriter::new(&mut ansi, &styles);
        term::emit_to_write_style(&mut sw, config, files, d).map_err(std::io::Error::other)
    } else {
        term::emit_to_io_write(w, config, files, d).map_err(std::io::Error::other)
    }
}

/// Prints configuration errors as diagnostics pointing into the config files.
pub fn config_errors(
    w: &mut dyn std::io::Write,
    color: bool,
    errors: &[crate::config::ConfigError],
) -> std::io::Result<()> {
    let config = Config::default();
    for e in errors {
        let mut files = SimpleFiles::new();
        let id = files.add(e.name.clone(), e.text.clone());
        let mut d = CsDiagnostic::error().with_message(e.message.clone());
        match &e.span {
            Some(span) => d = d.with_labels(vec![CsLabel::primary(id, span.clone()).with_message(e.label.clone())]),
            None => d = d.with_notes(vec![format!("in {}", e.name)]),
        }
        emit_error(w, color, &config, &files, &d)?;
    }
    Ok(())
}

/// One line of `--statistics`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub count: usize,
}

/// `--statistics` as an aligned table, most frequent rule first.
pub fn statistics_table(counts: &[RuleCount]) -> String {
    let width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(4);
    let num = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(1);
    let mut s = String::new();
    for c in counts {
        s.push_str(&format!("{:>num$}  {:width$}  {:11}  {}\n", c.count, c.rule, c.category, c.severity));
    }
    s
}
