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
pub fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
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

/// Where [`log`] nests a result: its lines are indented by this much more than alone.
const RESULT_INDENT: &str = "        ";

/// A result as [`write_log`] prints it, pretty and indented for its place in the log, made as
/// each file is linted: a run keeps these, not the JSON trees, which took ten times the
/// printed size (1.1 GB to print 108 MB for 40 MiB of articles).
fn fragment(result: &Value) -> String {
    // JSON strings escape their line breaks, so every one here is between tokens.
    serde_json::to_string_pretty(result).unwrap_or_default().replace('\n', &format!("\n{RESULT_INDENT}"))
}

/// Prints the whole [`log`], its results the [`results`] fragments, as `serde_json`'s pretty
/// printer prints the log holding them.
pub fn write_log(
    w: &mut impl std::io::Write,
    rules: &[RuleInfo],
    results: &[String],
    cwd: &Path,
    success: bool,
) -> std::io::Result<()> {
    let head = serde_json::to_string_pretty(&log(rules, Vec::new(), cwd, success)).unwrap_or_default();
    let empty = "\"results\": []";
    let Some(at) = head.find(empty) else { return w.write_all(head.as_bytes()) };
    // Up to the empty array's `[`, and from its `]`.
    let (before, after) = head.as_bytes().split_at(at + empty.len() - 1);
    w.write_all(before)?;
    if !results.is_empty() {
        for (i, r) in results.iter().enumerate() {
            w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            w.write_all(RESULT_INDENT.as_bytes())?;
            w.write_all(r.as_bytes())?;
        }
        w.write_all(format!("\n{}", &RESULT_INDENT[2..]).as_bytes())?;
    }
    w.write_all(after)
}

/// The whole log: one run with the rules and every result.
pub fn log(rules: &[RuleInfo], results: Vec<Value>, cwd: &Path, success: bool) -> Value {
    let root = format!("{}/", file_uri(cwd).trim_end_matches('/'));
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "newslint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{ "executionSuccessful": success }],
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The log printed from result fragments is byte for byte the log printed whole: with
    /// no results, one, and several holding nested arrays, line breaks and quotes in strings.
    #[test]
    fn log_from_fragments_is_the_whole_log() {
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
            let whole = serde_json::to_string_pretty(&log(&rules, values, cwd, n != 1)).unwrap();
            assert_eq!(String::from_utf8(printed).unwrap(), whole, "{n} results");
        }
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("a b/c%d#e.md"), "a%20b/c%25d%23e.md");
        assert_eq!(uri_path("café.md"), "caf%C3%A9.md");
    }
}
