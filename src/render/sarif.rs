//! SARIF 2.1.0 for code-review tools (GitHub code scanning, VS Code's SARIF viewer).
//!
//! The run declares `columnKind: unicodeCodePoints`, so columns, `charOffset` and
//! `charLength` count Unicode code points, the same characters as the JSON output's columns;
//! `byteOffset`/`byteLength` give the exact bytes. `partialFingerprints` use the baseline's
//! hash of the matched text (plus its occurrence number), so a result keeps its identity when
//! lines move.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What the SARIF `tool.driver.rules` entry of a rule says.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub description: Option<String>,
    pub help: Option<String>,
    pub fire: Vec<String>,
    pub pass: Vec<String>,
}

impl RuleInfo {
    pub fn from_rule(r: &crate::rules::Rule) -> RuleInfo {
        RuleInfo {
            id: r.id.clone(),
            category: r.category.clone(),
            severity: r.severity,
            message: r.message.clone(),
            description: r.description.clone(),
            help: r.help.clone(),
            fire: r.examples.fire.clone(),
            pass: r.examples.pass.clone(),
        }
    }
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn first_sentence(s: &str) -> String {
    let s = s.trim();
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s.to_string(),
    }
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    let description = r.description.clone().unwrap_or_else(|| r.message.clone());
    let mut text = description.trim().to_string();
    let mut markdown = text.clone();
    if !r.fire.is_empty() {
        text.push_str("\n\nReported:\n");
        markdown.push_str("\n\n**Reported:**\n\n");
        for e in &r.fire {
            text.push_str(&format!("  ✗ {e}\n"));
            markdown.push_str(&format!("- `{}`\n", e.replace('`', "'")));
        }
    }
    if !r.pass.is_empty() {
        text.push_str("\nNot reported:\n");
        markdown.push_str("\n**Not reported:**\n\n");
        for e in &r.pass {
            text.push_str(&format!("  ✓ {e}\n"));
            markdown.push_str(&format!("- `{}`\n", e.replace('`', "'")));
        }
    }
    let name = r.id.split_once('/').map_or(r.id.as_str(), |(_, n)| n);
    json!({
        "id": r.id,
        "name": name,
        "shortDescription": { "text": first_sentence(&description) },
        "fullDescription": { "text": description.trim() },
        "help": { "text": text.trim_end(), "markdown": markdown.trim_end() },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "category": r.category, "tags": [r.category] },
    })
}

/// Percent-encodes a relative path for a URI reference (RFC 3986 path characters kept).
/// A `:` in the first segment is encoded too: `c:d.md` would read as a URI of scheme `c`
/// (RFC 3986, 4.2).
pub fn uri_path(path: &str) -> String {
    let mut out = String::new();
    let first_segment = path.find('/').unwrap_or(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep =
            (b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b)) && !(b == b':' && i < first_segment);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `file:///abs/path`, percent-encoded.
pub fn file_uri(abs: &Path) -> String {
    let s = abs.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    format!("file://{}", uri_path(&format!("/{}", s.trim_start_matches('/'))))
}

/// The artifact location of a file: relative to `%SRCROOT%` (the current folder) when under
/// it, else an absolute `file://` URI.
pub fn artifact_location(name: &str, cwd: &Path) -> Value {
    let p = Path::new(name);
    let abs = crate::config::absolute(p);
    let slashes = |p: &Path| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    match abs.strip_prefix(cwd) {
        Ok(rel) => json!({ "uri": uri_path(&slashes(rel)), "uriBaseId": "%SRCROOT%" }),
        Err(_) => json!({ "uri": file_uri(&abs) }),
    }
}

/// The results of one file.
pub fn results(
    doc: &Document,
    name: &str,
    diags: &[Diagnostic],
    rule_index: &HashMap<String, usize>,
    cwd: &Path,
) -> Vec<String> {
    let location = artifact_location(name, cwd);
    let mut occurrences: HashMap<(String, String), usize> = HashMap::new();
    // Code-point offsets, counted incrementally over the sorted starts.
    let mut char_at = (0usize, 0usize); // (byte, chars)
    let mut chars_to = |b: usize| {
        let b = b.min(doc.text.len());
        if b < char_at.0 {
            char_at = (0, 0);
        }
        char_at.1 += doc.text.get(char_at.0..b).map_or(0, |s| s.chars().count());
        char_at.0 = b;
        char_at.1
    };
    let mut out = Vec::new();
    for d in diags {
        let (line, column) = doc.line_col(d.span.start);
        let (end_line, end_column) = doc.line_col(d.span.end);
        let char_offset = chars_to(d.span.start);
        let char_length = doc.text.get(d.span.clone()).map_or(0, |s| s.chars().count());
        let mut region = json!({
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
            "charOffset": char_offset,
            "charLength": char_length,
            "byteOffset": d.span.start,
            "byteLength": d.span.len(),
        });
        if !d.matched.is_empty() {
            region["snippet"] = json!({ "text": d.matched });
        }
        let hash = crate::baseline::hash(&d.matched);
        let n = occurrences.entry((d.rule.clone(), hash.clone())).or_insert(0);
        *n += 1;
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(d.rule));
        if let Some(i) = rule_index.get(&d.rule) {
            result.insert("ruleIndex".into(), json!(i));
        }
        result.insert("level".into(), json!(level(d.severity)));
        result.insert("message".into(), json!({ "text": message }));
        result.insert(
            "locations".into(),
            json!([{ "physicalLocation": { "artifactLocation": location.clone(), "region": region } }]),
        );
        result.insert("partialFingerprints".into(), json!({ "matchedTextHash/v1": format!("{hash}:{n}") }));
        if let Some(f) = &d.fix {
            let replacements: Vec<Value> = f
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": { "byteOffset": e.start, "byteLength": e.end - e.start },
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            let how = match f.applicability {
                crate::diagnostic::Applicability::Safe => "safe fix (--fix)",
                crate::diagnostic::Applicability::Unsafe => "unsafe fix (--fix --unsafe-fixes)",
            };
            result.insert(
                "fixes".into(),
                json!([{
                    "description": { "text": how },
                    "artifactChanges": [{ "artifactLocation": location.clone(), "replacements": replacements }],
                }]),
            );
        }
        out.push(fragment(&Value::Object(result)));
    }
    out
}

/// Where [`LogWriter`] nests a result: its lines are indented by this much more than alone.
const RESULT_INDENT: &str = "        ";

/// A result as [`LogWriter`] prints it, pretty and indented for its place in the log, made as
/// each file is linted: a run prints these as its files finish and holds none of them (holding
/// the JSON trees took ten times the printed size: 1.1 GB to print 108 MB for 40 MiB of
/// articles; holding the printed results, 222 MB).
fn fragment(result: &Value) -> String {
    indented(result, RESULT_INDENT)
}

/// `serde_json`'s pretty print of `v`, each line after the first indented by `indent` more.
fn indented(v: &Value, indent: &str) -> String {
    // JSON strings escape their line breaks, so every one here is between tokens.
    serde_json::to_string_pretty(v).unwrap_or_default().replace('\n', &format!("\n{indent}"))
}

/// Prints a log as its results arrive: [`LogWriter::head`], a [`LogWriter::result`] per
/// result, then [`LogWriter::tail`]. The log is one run with the rules and every result, pretty printed, with the run's
/// keys in the order of SARIF's own examples (`tool` first) and `invocations` last: whether every
/// input loaded is known only at the end of the run, and the results go out before it.
pub struct LogWriter {
    results: usize,
}

impl LogWriter {
    /// Everything before the first result: the schema, the rules, the `results` array's `[`.
    pub fn head(w: &mut impl std::io::Write, rules: &[RuleInfo], cwd: &Path) -> std::io::Result<LogWriter> {
        let Value::Object(mut run) = run(rules, cwd) else { unreachable!("a run is an object") };
        let mut text =
            format!("{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{", json!(SCHEMA));
        for key in ["tool", "originalUriBaseIds", "columnKind"] {
            let v = run.remove(key).unwrap_or_default();
            text.push_str(&format!("\n      {}: {},", json!(key), indented(&v, "      ")));
        }
        text.push_str("\n      \"results\": [");
        w.write_all(text.as_bytes())?;
        Ok(LogWriter { results: 0 })
    }

    /// One result, a [`results`] fragment.
    pub fn result(&mut self, w: &mut impl std::io::Write, fragment: &str) -> std::io::Result<()> {
        w.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
        self.results += 1;
        w.write_all(RESULT_INDENT.as_bytes())?;
        w.write_all(fragment.as_bytes())
    }

    /// Closes the results and the log; `success`: every input loaded.
    pub fn tail(self, w: &mut impl std::io::Write, success: bool) -> std::io::Result<()> {
        let close = if self.results == 0 { "]" } else { "\n      ]" };
        let invocations = indented(&json!([{ "executionSuccessful": success }]), "      ");
        w.write_all(format!("{close},\n      \"invocations\": {invocations}\n    }}\n  ]\n}}").as_bytes())
    }
}

/// Prints the whole log whose results are the [`results`] fragments given.
pub fn write_log(
    w: &mut impl std::io::Write,
    rules: &[RuleInfo],
    results: &[String],
    cwd: &Path,
    success: bool,
) -> std::io::Result<()> {
    let mut log = LogWriter::head(w, rules, cwd)?;
    for r in results {
        log.result(w, r)?;
    }
    log.tail(w, success)
}

/// The run's parts known before any file is linted.
fn run(rules: &[RuleInfo], cwd: &Path) -> Value {
    let root = format!("{}/", file_uri(cwd).trim_end_matches('/'));
    json!({
        "tool": { "driver": {
            "name": "newslint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
        }},
        "originalUriBaseIds": { "%SRCROOT%": { "uri": root } },
        "columnKind": "unicodeCodePoints",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole log as one JSON tree: one run with the rules and every result.
    fn log(rules: &[RuleInfo], results: Vec<Value>, cwd: &Path, success: bool) -> Value {
        let mut run = run(rules, cwd);
        run["invocations"] = json!([{ "executionSuccessful": success }]);
        run["results"] = Value::Array(results);
        json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] })
    }

    /// The log printed a result at a time is the JSON of the log made whole, pretty printed,
    /// with `invocations` after the results: with no results, one, and several holding nested
    /// arrays, line breaks and quotes in strings.
    #[test]
    fn streamed_log_is_the_whole_log() {
        let rules = [RuleInfo {
            id: "typo/x".into(),
            category: "typo".into(),
            severity: Severity::Warning,
            message: "a \"results\": [] line".into(),
            description: Some("Two lines.\nSecond.".into()),
            help: None,
            fire: vec!["a\nb".into()],
            pass: vec![],
        }];
        let result = |i: usize| {
            json!({
                "ruleId": "typo/x",
                "message": { "text": format!("line {i}\nhelp: \"q\" é") },
                "locations": [{ "region": { "startLine": i, "snippet": { "text": "x\r\n\ty" } } }],
                "fixes": [{ "artifactChanges": [{ "replacements": [{ "insertedContent": { "text": "" } }] }] }],
            })
        };
        let cwd = Path::new("/tmp");
        for n in [0, 1, 3] {
            let values: Vec<Value> = (0..n).map(result).collect();
            let fragments: Vec<String> = values.iter().map(fragment).collect();
            let mut printed = Vec::new();
            write_log(&mut printed, &rules, &fragments, cwd, n != 1).unwrap();
            let printed = String::from_utf8(printed).unwrap();
            let parsed: Value = serde_json::from_str(&printed).unwrap();
            assert_eq!(parsed, log(&rules, values, cwd, n != 1), "{n} results");
            assert_pretty(&printed);
            assert!(printed.find("\"invocations\"") > printed.find("\"results\""), "{n} results");
        }
    }

    /// Each line indented two spaces per level of nesting, as `serde_json`'s pretty print does.
    fn assert_pretty(text: &str) {
        let mut depth = 0usize;
        for line in text.lines() {
            let body = line.trim_start();
            let closes = body.starts_with(['}', ']']);
            let expected = 2 * (depth - usize::from(closes));
            assert_eq!(line.len() - body.len(), expected, "{line:?}");
            let (mut in_string, mut escaped) = (false, false);
            for c in body.chars() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_string => escaped = true,
                    '"' => in_string = !in_string,
                    '{' | '[' if !in_string => depth += 1,
                    '}' | ']' if !in_string => depth -= 1,
                    _ => {}
                }
            }
        }
        assert_eq!(depth, 0);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("a b/c%d#e.md"), "a%20b/c%25d%23e.md");
        assert_eq!(uri_path("café.md"), "caf%C3%A9.md");
        // Not a scheme: a colon in the first segment is encoded, elsewhere it may stay.
        assert_eq!(uri_path("c:d.md"), "c%3Ad.md");
        assert_eq!(uri_path("news/10:30.md"), "news/10:30.md");
        assert_eq!(uri_path("/tmp/a:b.md"), "/tmp/a:b.md");
    }
}
