//! Precision and recall of the attribution rules on real news, against hand labels.
//!
//! tests/data/attribution_labels.tsv holds, for sentences of ../shared/devset/aeb/clean/ that
//! the rules flag or nearly flag (a cue word that is exempted or not matched), the file, the
//! byte span of the cue and a person's judgement: `bad` (a claim with a vague, missing or
//! anonymous source: should be reported), `ok` (attributed, or not a sourcing claim), or `same`
//! (another cue of an already labelled claim). Scoring is per sentence: a labelled sentence is
//! bad when any of its labels is. The text itself is never copied into the repository.
//!
//! Files named 0-7… are the development half the rules were tuned on; 8-f… were labelled
//! after the rules were frozen and are reported apart (the figures at the freeze are in
//! the README). Run with `-- --nocapture` to see the misses and false alarms.

use newslint::{Document, Engine};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSLINT_DEVSET")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/devset/aeb/clean"));
    dir.is_dir().then_some(dir)
}

struct Label {
    file: String,
    start: usize,
    bad: Option<bool>,
}

fn labels() -> Vec<Label> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/attribution_labels.tsv");
    let text = std::fs::read_to_string(&path).expect("labels file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert!(c.len() >= 4, "bad label line: {l}");
            let bad = match c[3] {
                "bad" => Some(true),
                "ok" => Some(false),
                "same" => None,
                other => panic!("unknown label {other:?} in {l}"),
            };
            Label { file: c[0].to_string(), start: c[1].parse().expect("start offset"), bad }
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

fn split_of(file: &str) -> &'static str {
    if file.starts_with(['0', '1', '2', '3', '4', '5', '6', '7']) {
        "dev"
    } else {
        "held-out"
    }
}

#[test]
fn attribution_precision_on_labelled_news() {
    let Some(dir) = corpus() else {
        println!("skipped: ../shared/devset/aeb/clean is not here (set NEWSLINT_DEVSET to run)");
        return;
    };
    let engine = Engine::default_rules().unwrap_or_else(|_| panic!("default rules load"));
    let mut by_file: BTreeMap<String, Vec<Label>> = BTreeMap::new();
    for l in labels() {
        by_file.entry(l.file.clone()).or_default().push(l);
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut unlabelled = Vec::new();
    let mut sentences_labelled = 0;
    for name in &files {
        let text = std::fs::read_to_string(dir.join(name)).expect("corpus file");
        let doc = Document::new(name.as_str(), &text);
        let found: BTreeSet<usize> = engine
            .check(&doc)
            .into_iter()
            .filter(|d| d.category == "attribution")
            .filter_map(|d| {
                doc.sentence_at(d.span.start).or_else(|| {
                    unlabelled.push(format!("{name} {} (no sentence)", d.span.start));
                    None
                })
            })
            .collect();
        // Sentence → is it bad?
        let mut judged: BTreeMap<usize, bool> = BTreeMap::new();
        for l in by_file.get(name).map(Vec::as_slice).unwrap_or(&[]) {
            assert!(l.start <= text.len(), "label offset {} past the end of {name}", l.start);
            let Some(s) = doc.sentence_at(l.start) else { continue };
            if let Some(bad) = l.bad {
                let e = judged.entry(s).or_insert(false);
                *e |= bad;
            }
        }
        sentences_labelled += judged.len();
        for s in &found {
            if !judged.contains_key(s) {
                unlabelled.push(format!("{name} {}", doc.sentences[*s].span.start));
            }
        }
        let c = counts.entry(split_of(name)).or_default();
        for (s, bad) in &judged {
            let flagged = found.contains(s);
            match (flagged, bad) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
            if flagged != *bad {
                let kind = if flagged { "false alarm" } else { "missed" };
                println!(
                    "{kind}: {} @{}: {}",
                    &name[..8],
                    doc.sentences[*s].span.start,
                    doc.slice(&doc.sentences[*s].span)
                );
            }
        }
    }
    let mut all = Counts::default();
    for (split, c) in &counts {
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
        all.tn += c.tn;
        println!(
            "{split:9} sentences {:4}  tp {:3} fp {:3} fn {:3} tn {:3}  precision {:.3} recall {:.3}",
            c.tp + c.fp + c.fn_ + c.tn,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.precision(),
            c.recall()
        );
    }
    println!(
        "all       sentences {sentences_labelled:4}  tp {:3} fp {:3} fn {:3} tn {:3}  precision {:.3} recall {:.3}",
        all.tp,
        all.fp,
        all.fn_,
        all.tn,
        all.precision(),
        all.recall()
    );
    assert!(sentences_labelled >= 200, "only {sentences_labelled} labelled sentences");
    assert!(
        unlabelled.is_empty(),
        "findings in sentences nobody labelled (judge them with tools/attribution_candidates.py):\n{}",
        unlabelled.join("\n")
    );
    assert!(all.precision() >= 0.85, "precision {:.3} below 0.85", all.precision());
    assert!(all.recall() >= 0.6, "recall {:.3} below 0.6", all.recall());
}
