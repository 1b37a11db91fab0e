//! The acceptance seeds: every `must` boilerplate and spam label is hit by a finding of that
//! category, and no `[[clean]]` text is flagged as boilerplate or spam. Skips when
//! `../shared/acceptance` is absent.

use newslint::{Document, Engine};
use std::path::Path;

#[test]
fn seeds_must_labels_hit_and_clean_text_untouched() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance");
    let Ok(gold) = std::fs::read_to_string(dir.join("seeds.gold.toml")) else {
        eprintln!("skipping: no acceptance seeds at {}", dir.display());
        return;
    };
    let gold: toml::Table = toml::from_str(&gold).expect("gold labels parse");
    let engine = Engine::default_rules().expect("default rules");
    let find = |file: &str, text: &str, occurrence: usize| -> Option<(String, std::ops::Range<usize>)> {
        let body = std::fs::read_to_string(dir.join("seeds").join(file)).ok()?;
        let start = body.match_indices(text).nth(occurrence.saturating_sub(1))?.0;
        Some((body, start..start + text.len()))
    };
    let mut failures = Vec::new();
    let empty = Vec::new();
    let entries = |key: &str| gold.get(key).and_then(|v| v.as_array()).unwrap_or(&empty).clone();
    for e in entries("expect") {
        let (Some(file), Some(cat), Some(text)) = (e["file"].as_str(), e["category"].as_str(), e["text"].as_str())
        else {
            continue;
        };
        if e.get("level").and_then(|l| l.as_str()) != Some("must") || !matches!(cat, "boilerplate" | "spam") {
            continue;
        }
        let occ = e.get("occurrence").and_then(|o| o.as_integer()).unwrap_or(1) as usize;
        let Some((body, span)) = find(file, text, occ) else {
            failures.push(format!("label text not found in {file}: {text:?}"));
            continue;
        };
        let hits = engine.check(&Document::new(file, &body));
        if !hits.iter().any(|d| d.category == cat && d.span.start < span.end && span.start < d.span.end) {
            failures.push(format!("missed {cat} in {file}: {text:?}"));
        }
    }
    for c in entries("clean") {
        let (Some(file), Some(text)) = (c["file"].as_str(), c["text"].as_str()) else { continue };
        let Some((body, span)) = find(file, text, 1) else { continue };
        let hits = engine.check(&Document::new(file, &body));
        for d in hits.iter().filter(|d| matches!(d.category.as_str(), "boilerplate" | "spam")) {
            if d.span.start < span.end && span.start < d.span.end {
                failures.push(format!("clean text flagged by {} in {file}: {text:?}", d.rule));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
