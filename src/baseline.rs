//! Baselines: adopt the linter on an existing archive without fixing it first.
//!
//! A finding is keyed by the file (relative to the baseline's folder), the rule and a hash of
//! its matched text with whitespace normalised, never by line number: a re-scraped article
//! gains or loses lines above a finding and the finding must still be recognised. Each key
//! keeps a count, so a second copy of a known typo in the same file is still new.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub const VERSION: u32 = 1;
/// Length of the shown excerpt of the matched text (for people reading the file).
const EXCERPT: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub hash: String,
    pub count: usize,
    /// The start of the matched text; informative only, never compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// `(path, rule, hash)`.
pub type Key = (String, String, String);

/// Collapses runs of whitespace, so re-wrapped or re-indented text keeps its key.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// First 16 hex digits of the SHA-256 of the normalised text: stable across versions and machines.
pub fn hash(text: &str) -> String {
    let digest = Sha256::digest(normalise(text).as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The path as stored: relative to the baseline's folder with `/` separators when under it.
pub fn key_path(base_dir: &Path, file: &Path) -> String {
    let abs = crate::config::absolute(file);
    let rel = abs.strip_prefix(base_dir).map(Path::to_path_buf).unwrap_or(abs);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The folder a baseline file's paths are relative to.
pub fn base_dir(baseline: &Path) -> PathBuf {
    crate::config::absolute(baseline).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"))
}

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    pub dir: PathBuf,
    pub counts: HashMap<Key, usize>,
    pub entries: Vec<Entry>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let file: BaselineFile =
            serde_json::from_str(&text).map_err(|e| format!("invalid baseline {}: {e}", path.display()))?;
        if file.version != VERSION {
            return Err(format!(
                "baseline {} has version {}; this newslint reads {VERSION}",
                path.display(),
                file.version
            ));
        }
        let mut counts = HashMap::new();
        for e in &file.entries {
            *counts.entry((e.path.clone(), e.rule.clone(), e.hash.clone())).or_insert(0) += e.count;
        }
        Ok(Baseline { dir: base_dir(path), counts, entries: file.entries })
    }

    /// Keeps the findings beyond the baseline's counts (the later ones of a key, in document
    /// order) and returns how many of each key the file has now.
    pub fn filter(&self, path: &str, diags: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<(Key, usize)>) {
        let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for d in diags {
            let key = (path.to_string(), d.rule.clone(), hash(&d.matched));
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n > self.counts.get(&key).copied().unwrap_or(0) {
                out.push(d);
            }
        }
        (out, seen.into_iter().collect())
    }

    /// Entries whose findings are gone (fewer now than recorded) among the paths linted, or
    /// whose file no longer exists.
    pub fn stale(&self, linted: &HashMap<String, ()>, now: &HashMap<Key, usize>) -> Vec<(Entry, usize)> {
        let mut out = Vec::new();
        for e in &self.entries {
            let key = (e.path.clone(), e.rule.clone(), e.hash.clone());
            let current = now.get(&key).copied().unwrap_or(0);
            let gone =
                !linted.contains_key(&e.path) && !self.dir.join(&e.path).exists() && !Path::new(&e.path).exists();
            if (linted.contains_key(&e.path) && current < e.count) || gone {
                out.push((e.clone(), current));
            }
        }
        out
    }
}

/// Builds the entries for a set of findings of one file.
pub fn entries_for(path: &str, diags: &[Diagnostic]) -> Vec<Entry> {
    let mut map: BTreeMap<(String, String), Entry> = BTreeMap::new();
    for d in diags {
        let h = hash(&d.matched);
        map.entry((d.rule.clone(), h.clone()))
            .or_insert_with(|| {
                let n = normalise(&d.matched);
                let text = match n.char_indices().nth(EXCERPT) {
                    Some((i, _)) => format!("{}…", &n[..i]),
                    None => n,
                };
                Entry { path: path.to_string(), rule: d.rule.clone(), hash: h, count: 0, text: Some(text) }
            })
            .count += 1;
    }
    map.into_values().collect()
}

/// Writes a baseline, entries sorted by path, rule and hash so diffs of it stay small.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> std::io::Result<()> {
    entries.sort_by(|a, b| (&a.path, &a.rule, &a.hash).cmp(&(&b.path, &b.rule, &b.hash)));
    let file = BaselineFile { version: VERSION, entries };
    let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    text.push('\n');
    if path.exists() {
        crate::fix::write_atomic(path, text.as_bytes())
    } else {
        std::fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_whitespace_but_not_words() {
        assert_eq!(hash("Source  link\n"), hash("Source link"));
        assert_ne!(hash("teh"), hash("the"));
        assert_eq!(hash("teh").len(), 16);
    }

    #[test]
    fn key_paths_are_relative_with_slashes() {
        let base = crate::config::absolute(Path::new("/tmp/x"));
        assert_eq!(key_path(&base, Path::new("/tmp/x/a/b.md")), "a/b.md");
        assert_eq!(key_path(&base, Path::new("/tmp/x/a/../c.md")), "c.md");
    }
}
