//! Injection test: the real, edited articles of `../shared/devset/aeb/clean` get errors put
//! into some of their sentences (one per sentence, a few per article, chosen by a seeded
//! generator): a missing space, a listed misspelling, a lower-cased proper noun. Each article
//! is linted whole, so every rule sees the context it sees in real use. The test measures
//! recall per error type and counts the findings on the untouched articles. It skips with a
//! message when `../shared` is absent (a user's clone).
//!
//! Run with the figures printed:
//! `cargo test --release --test injection -- --nocapture`
//! `NEWSLINT_INJECTION_SEED=N` draws another sample; `NEWSLINT_INJECTION_VERBOSE=1` prints
//! each miss and each finding on the untouched articles.

use newslint::document::BlockKind;
use newslint::{Document, Engine};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

const DEFAULT_SEED: u64 = 0x6e65_7773_6c69_6e74;
/// Injections per error type, spread over the articles.
const SAMPLE: usize = 600;
/// Most injections of one type in one article.
const PER_ARTICLE: usize = 5;

/// splitmix64: small, seeded, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

fn verbose() -> bool {
    std::env::var_os("NEWSLINT_INJECTION_VERBOSE").is_some()
}

/// English by the share of function words (the other languages in the set sit far below).
fn english(text: &str) -> bool {
    const W: &[&str] = &["the", "a", "and", "of", "to", "in", "is", "was", "for", "on", "that", "with", "it", "he"];
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    !words.is_empty() && words.iter().filter(|w| W.contains(&w.as_str())).count() * 100 / words.len() >= 15
}

/// A sentence's span, with the next sentence of its paragraph when there is one.
type Place = (Range<usize>, Option<Range<usize>>);

/// An article and the sentences errors may go into: plain prose of 6 to 60 words that
/// starts with a capital and ends with a full stop, question or exclamation mark.
struct Article {
    name: String,
    text: String,
    /// Each sentence, with the next sentence of its paragraph when there is one.
    sentences: Vec<Place>,
}

fn articles(dir: &Path) -> Vec<Article> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        if !english(&text) {
            continue;
        }
        let doc = Document::new("x", &text);
        let mut sentences = Vec::new();
        for b in doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
            let ss = &doc.sentences[b.sentences.clone()];
            for (k, s) in ss.iter().enumerate() {
                let t = doc.slice(&s.span);
                let words = t.split_whitespace().count();
                let starts_upper = t.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                let ends = t.trim_end_matches(['"', '”', '’', ')']).ends_with(['.', '!', '?']);
                if (6..=60).contains(&words) && starts_upper && ends {
                    sentences.push((s.span.clone(), ss.get(k + 1).map(|n| n.span.clone())));
                }
            }
        }
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        drop(doc);
        out.push(Article { name, text, sentences });
    }
    out
}

/// `entries` of a dictionary rule in one of the rule files.
fn dictionary(file: &str, id: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").join(file);
    let v: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rule = v["rule"].as_array().unwrap().iter().find(|r| r["id"].as_str() == Some(id)).expect("rule");
    rule["check"]["dictionary"]["entries"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

/// Word tokens of `span` in `text`, with byte offsets.
fn words(text: &str, span: &Range<usize>) -> Vec<(usize, String)> {
    newslint::document::tokenize_words(text, span.clone()).into_iter().map(|r| (r.start, text[r].to_string())).collect()
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// One error to put in: replace `range` of the article with `with`; a finding must overlap
/// the result (for a deleted space: the mark before it and the letter after it).
struct Injection {
    range: Range<usize>,
    with: String,
}

/// One kind of error: its name, the rule that should find it, and where it may go.
struct Kind<'a> {
    name: &'a str,
    rule: &'a str,
    inject: &'a dyn Fn(&mut Rng, &str, &Place) -> Option<Injection>,
}

/// Injects up to [`PER_ARTICLE`] errors per article until [`SAMPLE`]; returns (found, total).
fn run_kind(engine: &Engine, rng: &mut Rng, arts: &[Article], kind: &Kind) -> (usize, usize) {
    let (mut found, mut total) = (0, 0);
    for a in arts {
        if total >= SAMPLE {
            break;
        }
        let mut order: Vec<usize> = (0..a.sentences.len()).collect();
        rng.shuffle(&mut order);
        let mut inj: Vec<Injection> = Vec::new();
        for i in order {
            if inj.len() >= PER_ARTICLE || total + inj.len() >= SAMPLE {
                break;
            }
            let s = &a.sentences[i];
            // One error per sentence, and none in a sentence another error touches.
            let busy = inj.iter().any(|j| {
                j.range.start < s.0.end + 1 && s.0.start < j.range.end + 1
                    || s.1.as_ref().is_some_and(|n| j.range.start < n.end && n.start < j.range.end)
            });
            if busy {
                continue;
            }
            if let Some(j) = (kind.inject)(rng, &a.text, s) {
                inj.push(j);
            }
        }
        inj.sort_by_key(|j| j.range.start);
        let mut text = String::with_capacity(a.text.len());
        let mut targets = Vec::new();
        let mut at = 0;
        for j in &inj {
            text.push_str(&a.text[at..j.range.start]);
            let start = text.len();
            text.push_str(&j.with);
            targets.push(if j.with.is_empty() { start.saturating_sub(1)..start + 1 } else { start..text.len() });
            at = j.range.end;
        }
        text.push_str(&a.text[at..]);
        let diags = newslint::lint(engine, &a.name, &text);
        for t in targets {
            total += 1;
            if diags.iter().any(|d| d.rule == kind.rule && d.span.start < t.end && t.start < d.span.end) {
                found += 1;
            } else if verbose() {
                let mut from = t.start.saturating_sub(50);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (t.end + 30).min(text.len());
                while !text.is_char_boundary(to) {
                    to += 1;
                }
                eprintln!("  missed {} in {}: …{}…", kind.name, a.name, text[from..to].replace('\n', "⏎"));
            }
        }
    }
    (found, total)
}

fn missing_space(rng: &mut Rng, text: &str, s: &Place) -> Option<Injection> {
    let t = &text[s.0.clone()];
    // Half after a comma, semicolon or colon inside the sentence, half between two sentences.
    if rng.below(2) == 0 {
        let marks: Vec<usize> = t
            .char_indices()
            .filter(|&(i, c)| matches!(c, ',' | ';' | ':') && t[i + 1..].starts_with(' '))
            .map(|(i, _)| i)
            .filter(|&i| {
                t[..i].chars().next_back().is_some_and(char::is_alphabetic)
                    && t[i + 2..].chars().next().is_some_and(char::is_alphabetic)
            })
            .collect();
        let i = *marks.get(rng.below(marks.len().max(1)))?;
        let at = s.0.start + i + 1;
        return Some(Injection { range: at..at + 1, with: String::new() });
    }
    let next = s.1.as_ref()?;
    // "…the U.S. The…" joined looks like an abbreviation, not an error anyone could see.
    let last = t.trim_end_matches(['.', '?', '!']).rsplit(' ').next().unwrap_or("");
    let plain = t.ends_with(['.', '?', '!'])
        && last.chars().count() >= 3
        && last.chars().all(char::is_alphabetic)
        && !last.chars().all(char::is_uppercase);
    let gap = &text[s.0.end..next.start];
    if plain && gap == " " && text[next.clone()].starts_with(|c: char| c.is_ascii_uppercase()) {
        return Some(Injection { range: s.0.end..next.start, with: String::new() });
    }
    None
}

#[test]
fn injected_errors_are_found_and_clean_articles_stay_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset/aeb/clean");
    if !dir.is_dir() {
        eprintln!("skipped: {} not found (the development set lives beside the repository)", dir.display());
        return;
    }
    let seed = std::env::var("NEWSLINT_INJECTION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED);
    let engine = Engine::default_rules().unwrap_or_else(|_| panic!("default rules load"));
    let mut arts = articles(&dir);
    Rng(seed).shuffle(&mut arts);
    let sentences: usize = arts.iter().map(|a| a.sentences.len()).sum();
    eprintln!("seed {seed}: {} English articles, {sentences} candidate sentences", arts.len());

    // False positives: typo and spun findings on the articles as they are.
    let mut flagged = 0;
    for a in &arts {
        for d in newslint::lint(&engine, &a.name, &a.text) {
            if d.category == "typo" || d.category == "spun" {
                flagged += 1;
                if verbose() {
                    eprintln!("  untouched {}: {} {:?}", a.name, d.rule, d.matched);
                }
            }
        }
    }
    eprintln!("findings on the untouched articles: {flagged}");

    // right word → its listed misspellings (entries with one one-word suggestion).
    let mut wrong: HashMap<String, Vec<String>> = HashMap::new();
    for (w, r) in dictionary("typo-misspellings.toml", "typo/misspelling") {
        if !r.contains([',', ' ']) {
            wrong.entry(r.to_lowercase()).or_default().push(w);
        }
    }
    let misspell = |rng: &mut Rng, text: &str, s: &Place| {
        let cands: Vec<(usize, String)> = words(text, &s.0)
            .into_iter()
            .filter(|(_, w)| !w.contains(['\'', '’']) && wrong.contains_key(&w.to_lowercase()))
            .collect();
        let (i, w) = cands.get(rng.below(cands.len().max(1)))?.clone();
        let forms = &wrong[&w.to_lowercase()];
        let mut bad = forms[rng.below(forms.len())].clone();
        if w.starts_with(char::is_uppercase) {
            bad = capitalise(&bad);
        }
        Some(Injection { range: i..i + w.len(), with: bad })
    };

    // Proper form → lower-case form, with straight and curly apostrophes ("Russia’s").
    let mut proper: HashMap<String, String> = HashMap::new();
    for (lower, right) in dictionary("typo-casing.toml", "typo/lowercase-proper-noun") {
        proper.insert(right.replace('\'', "’"), lower.replace('\'', "’"));
        proper.insert(right, lower);
    }
    let lower_case = |rng: &mut Rng, text: &str, s: &Place| {
        // Not the first word: a lower-case sentence start is typo/sentence-case's finding.
        let cands: Vec<(usize, String)> =
            words(text, &s.0).into_iter().skip(1).filter(|(_, w)| proper.contains_key(w)).collect();
        let (i, w) = cands.get(rng.below(cands.len().max(1)))?.clone();
        Some(Injection { range: i..i + w.len(), with: proper[&w].clone() })
    };

    let kinds = [
        Kind { name: "missing space", rule: "typo/missing-space", inject: &missing_space },
        Kind { name: "listed misspelling", rule: "typo/misspelling", inject: &misspell },
        Kind { name: "lower-cased proper noun", rule: "typo/lowercase-proper-noun", inject: &lower_case },
    ];
    let mut recalls = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        let (found, total) = run_kind(&engine, &mut Rng(seed ^ (k as u64 + 1)), &arts, kind);
        let r = found as f64 / total.max(1) as f64;
        eprintln!("{:<24} {found:>4}/{total:<4} recall {:.1}%", kind.name, 100.0 * r);
        assert!(total >= 200, "only {total} places to inject a {}", kind.name);
        recalls.push(r);
    }
    assert!(recalls[0] >= 0.95, "missing-space recall {:.3} under 0.95", recalls[0]);
    assert!(recalls[1] >= 0.90, "misspelling recall {:.3} under 0.90", recalls[1]);
    assert!(recalls[2] >= 0.80, "proper-noun recall {:.3} under 0.80", recalls[2]);
    // Edited news has a few real typos; more than one finding per 10,000 words would be noise.
    let words: usize = arts.iter().map(|a| a.text.split_whitespace().count()).sum();
    assert!(flagged * 10_000 < words, "{flagged} findings in {words} words of clean text");
}
