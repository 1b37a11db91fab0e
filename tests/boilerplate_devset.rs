//! Measures the boilerplate and spam rules on the development set in `../shared/devset/aeb`
//! (whole scraped pages with per-line labels, and the same articles as people extracted
//! them) and asserts the targets of the boilerplate issue. Skips when `../shared` is absent.
//!
//! Line scoring: a line is flagged when a boilerplate or spam finding overlaps it; label
//! `boilerplate` is a positive, `content` and `headline` are negatives, other labels are not
//! scored. Set `NEWSLINT_DEVSET_REPORT=FILE` to write every false positive, every missed
//! line and every finding on the clean articles to FILE for reading.

use newslint::rules::RuleSource;
use newslint::{Document, Engine};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn devset() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset/aeb");
    if dir.join("labels").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: no development set at {}", dir.display());
        None
    }
}

fn engine() -> Engine {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let sources = RuleSource::read(&rules).expect("rule folder");
    Engine::load(&sources).unwrap_or_else(|e| panic!("rules do not load: {e:?}"))
}

fn is_ours(category: &str) -> bool {
    matches!(category, "boilerplate" | "spam")
}

/// Hits and totals of one measurement.
#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn add(&mut self, positive: bool, flagged: bool) {
        match (positive, flagged) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == ext)).collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn devset_line_precision_and_recall() {
    let Some(dir) = devset() else { return };
    let engine = engine();
    let mut all = Counts::default();
    let mut long = Counts::default();
    let mut report = String::new();
    let mut by_rule_fp: BTreeMap<String, usize> = BTreeMap::new();
    for labels in sorted_files(&dir.join("labels"), "tsv") {
        let id = labels.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let Ok(text) = std::fs::read_to_string(dir.join("full").join(format!("{id}.txt"))) else { continue };
        let doc = Document::new(id.clone(), &text);
        let mut flagged: BTreeMap<usize, String> = BTreeMap::new();
        for d in engine.check(&doc).into_iter().filter(|d| is_ours(&d.category)) {
            let first = doc.line_of(d.span.start);
            let last = doc.line_of(d.span.end.saturating_sub(1).max(d.span.start));
            for l in first..=last {
                flagged.entry(l).or_insert_with(|| d.rule.clone());
            }
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let tsv = std::fs::read_to_string(&labels).unwrap_or_default();
        for row in tsv.lines() {
            let mut cols = row.split('\t');
            let (Some(n), Some(label)) = (cols.next().and_then(|n| n.parse::<usize>().ok()), cols.next()) else {
                continue;
            };
            let positive = match label {
                "boilerplate" => true,
                "content" | "headline" => false,
                _ => continue,
            };
            let line = lines.get(n - 1).copied().unwrap_or("");
            let rule = flagged.get(&(n - 1));
            let words = line.split_whitespace().count();
            all.add(positive, rule.is_some());
            if words >= 6 {
                long.add(positive, rule.is_some());
            }
            match (positive, rule) {
                (false, Some(r)) => {
                    *by_rule_fp.entry(r.clone()).or_default() += 1;
                    let _ = writeln!(report, "FP\t{label}\t{r}\t{id:.8}:{n}\t{line}");
                }
                (true, None) => {
                    let _ = writeln!(report, "FN\t{words}\t{id:.8}:{n}\t{line}");
                }
                _ => {}
            }
        }
    }
    let (mut clean_findings, mut clean_words) = (0, 0);
    for f in sorted_files(&dir.join("clean"), "txt") {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        clean_words += text.split_whitespace().count();
        let doc = Document::new(f.display().to_string(), &text);
        for d in engine.check(&doc).into_iter().filter(|d| is_ours(&d.category)) {
            clean_findings += 1;
            let (line, _) = doc.line_col(d.span.start);
            let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let _ = writeln!(report, "CLEAN\t{}\t{name:.8}:{line}\t{}", d.rule, d.matched);
        }
    }
    let per_10k = clean_findings as f64 * 10_000.0 / clean_words.max(1) as f64;
    let summary = format!(
        "all lines: P {:.3} R {:.3} (tp {} fp {} fn {}); lines of 6+ words: P {:.3} R {:.3} (tp {} fp {} fn {}); \
         clean: {clean_findings} findings in {clean_words} words ({per_10k:.2} per 10k); fp by rule: {by_rule_fp:?}",
        all.precision(),
        all.recall(),
        all.tp,
        all.fp,
        all.fn_,
        long.precision(),
        long.recall(),
        long.tp,
        long.fp,
        long.fn_,
    );
    eprintln!("{summary}");
    if let Ok(path) = std::env::var("NEWSLINT_DEVSET_REPORT") {
        let _ = std::fs::write(path, format!("{summary}\n{report}"));
    }
    assert!(all.precision() >= 0.98, "precision over all lines below 0.98: {summary}");
    assert!(all.recall() >= 0.88, "recall over all lines below 0.88: {summary}");
    assert!(long.precision() >= 0.90, "precision on lines of 6+ words below 0.90: {summary}");
    assert!(long.recall() >= 0.30, "recall on lines of 6+ words below 0.30: {summary}");
    assert!(per_10k < 1.0, "clean articles: {summary}");
}
