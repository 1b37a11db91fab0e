//! The measurements behind the thresholds in rules/duplicate.toml (not a pass/fail test):
//!
//!     cargo test --release --test duplicate_thresholds -- --ignored --nocapture
//!
//! Reads the development set in ../shared (skips with a message when it is absent) and
//! prints, for distinct paragraph pairs of the same clean article, the distribution of the
//! two similarity figures, next to the same figures for copies this program edits itself.

use newslint::checks::repetition::{measure_pairs, PairFigures};
use newslint::Document;
use std::path::Path;

const CLEAN: &str = "../shared/devset/aeb/clean";

/// xorshift64*: a fixed sequence, so the figures are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

fn quantiles(label: &str, mut v: Vec<f64>) {
    if v.is_empty() {
        println!("{label:<44} (none)");
        return;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    println!(
        "{label:<44} n={:<7} p1={:.2} p5={:.2} p50={:.2} p95={:.2} p99={:.2} p99.9={:.2} max={:.2}",
        v.len(),
        q(0.01),
        q(0.05),
        q(0.5),
        q(0.95),
        q(0.99),
        q(0.999),
        q(1.0)
    );
}

/// Light edit: about one word in `rate` replaced, dropped or doubled.
fn edit(rng: &mut Rng, para: &str, rate: f64, vocab: &[&str]) -> String {
    let mut out = Vec::new();
    for w in para.split_whitespace() {
        if rng.chance(rate) {
            match rng.next() % 3 {
                0 => out.push(rng.pick(vocab).to_string()),
                1 => {}
                _ => {
                    out.push(w.to_string());
                    out.push(rng.pick(vocab).to_string());
                }
            }
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

/// Rewording as a spinner does it: names, numbers and most long words stay; a share of the
/// other words is swapped for different ones, some are dropped, filler is added.
fn reword(rng: &mut Rng, para: &str, rate: f64, vocab: &[&str]) -> String {
    let mut out = Vec::new();
    for w in para.split_whitespace() {
        let keep = w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !keep && rng.chance(rate) {
            if rng.chance(0.7) {
                out.push(rng.pick(vocab).to_string());
            }
        } else {
            out.push(w.to_string());
        }
        if rng.chance(rate / 4.0) {
            out.push(rng.pick(&["really", "also", "indeed", "clearly", "then", "in fact"]).to_string());
        }
    }
    out.join(" ")
}

/// Figures for (block, its edited copy appended at the end of the same article).
fn copy_figures(text: &str, line: usize, copy: &str) -> Option<PairFigures> {
    let doc_text = format!("{text}\n{copy}\n");
    let doc = Document::new("x", &doc_text);
    let b = doc.blocks.iter().position(|b| b.line == line)?;
    let last = doc.blocks.len() - 1;
    measure_pairs(&doc, 8).into_iter().find(|p| p.earlier == b && p.later == last)
}

#[test]
#[ignore = "measurement, run by hand"]
fn similarity_distributions() {
    let dir = Path::new(CLEAN);
    if !dir.is_dir() {
        println!("skipped: {CLEAN} not found");
        return;
    }
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let (mut sh, mut rw, mut rw_anchor) = (Vec::new(), Vec::new(), Vec::new());
    let mut top: Vec<(f64, f64, bool, f64, String)> = Vec::new();
    let (mut light, mut light2, mut heavy) = (Vec::new(), Vec::new(), Vec::new());
    let (mut light_rw, mut reworded, mut reworded_sh, mut reworded_anchor) =
        (Vec::new(), Vec::new(), Vec::new(), 0usize);
    let mut reworded_len = Vec::new();
    let (mut max_sh, mut max_rw, mut max_rw_len, mut refrains) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let doc = Document::new("x", &text);
        let name = f.file_name().unwrap().to_string_lossy()[..8].to_string();
        let mut file_max = (0.0f64, 0.0f64, 0.0f64);
        for p in measure_pairs(&doc, 8) {
            if p.refrain {
                refrains += 1;
                continue;
            }
            file_max.0 = file_max.0.max(p.shingle);
            if p.anchors {
                file_max.1 = file_max.1.max(p.reworded);
                if p.length_ratio >= 0.67 {
                    file_max.2 = file_max.2.max(p.reworded);
                }
            }
            sh.push(p.shingle);
            rw.push(p.reworded);
            if p.anchors {
                rw_anchor.push(p.reworded);
            }
            if p.shingle >= 0.4 || (p.anchors && p.reworded >= 0.5 && p.length_ratio >= 0.67) {
                let (a, b) = (doc.blocks[p.earlier].line + 1, doc.blocks[p.later].line + 1);
                top.push((p.shingle, p.reworded, p.anchors, p.length_ratio, format!("{name}:{a}/{b}")));
            }
        }
        max_sh.push(file_max.0);
        max_rw.push(file_max.1);
        max_rw_len.push(file_max.2);
        let vocab: Vec<&str> = text.split_whitespace().filter(|w| w.len() > 3).collect();
        if vocab.is_empty() {
            continue;
        }
        // Up to five paragraphs of each article, edited and reworded.
        let paras: Vec<_> = doc.blocks.iter().filter(|b| b.word_count >= 8).take(5).collect();
        for b in paras {
            let para = doc.slice(&b.content);
            for (rate, out_sh, out_rw) in [(0.1, &mut light, Some(&mut light_rw)), (0.2, &mut light2, None)] {
                if let Some(p) = copy_figures(&text, b.line, &edit(&mut rng, para, rate, &vocab)) {
                    out_sh.push(p.shingle);
                    if let Some(o) = out_rw {
                        o.push(p.reworded);
                    }
                }
            }
            if let Some(p) = copy_figures(&text, b.line, &edit(&mut rng, para, 0.3, &vocab)) {
                heavy.push(p.shingle);
            }
            if let Some(p) = copy_figures(&text, b.line, &reword(&mut rng, para, 0.4, &vocab)) {
                reworded.push(p.reworded);
                reworded_len.push(p.length_ratio);
                reworded_sh.push(p.shingle);
                reworded_anchor += usize::from(p.anchors);
            }
        }
    }
    println!("== distinct paragraph pairs of the same clean article (8+ words)");
    quantiles("shingle Jaccard", sh.clone());
    quantiles("reworded Dice (all)", rw);
    quantiles("reworded Dice (sharing a name or number)", rw_anchor.clone());
    for t in [0.3, 0.4, 0.5, 0.6] {
        let n = sh.iter().filter(|&&x| x >= t).count();
        let m = rw_anchor.iter().filter(|&&x| x >= t).count();
        println!("  pairs >= {t}: shingle {n}, reworded with anchor {m}");
    }
    println!("  (left out: {refrains} pairs touching a refrain, a block with a third version)");
    println!("== the most similar distinct pair of each clean article");
    quantiles("shingle Jaccard", max_sh);
    quantiles("reworded Dice, sharing a name or number", max_rw);
    quantiles("  and of similar length (ratio >= 0.67)", max_rw_len);
    println!("== edited copies of clean paragraphs, appended to their article");
    for t in [0.4, 0.5, 0.55, 0.6] {
        let share = |v: &[f64]| 100.0 * v.iter().filter(|&&x| x >= t).count() as f64 / v.len().max(1) as f64;
        println!(
            "  found at {t}: shingle 10% edits {:.0}%, 20% edits {:.0}%; reworded Dice rewordings {:.0}%",
            share(&light),
            share(&light2),
            share(&reworded)
        );
    }
    for t in [0.7, 0.75, 0.8] {
        let n = reworded.iter().filter(|&&x| x >= t).count();
        println!("  found at {t}: reworded Dice rewordings {:.0}%", 100.0 * n as f64 / reworded.len().max(1) as f64);
    }
    quantiles("shingle Jaccard, 10% of words edited", light);
    quantiles("shingle Jaccard, 20% of words edited", light2);
    quantiles("shingle Jaccard, 30% of words edited", heavy);
    quantiles("reworded Dice, 10% of words edited", light_rw);
    let n = reworded.len();
    quantiles("reworded Dice, 40% of small words swapped", reworded);
    quantiles("shingle Jaccard, same rewording", reworded_sh);
    quantiles("length ratio, same rewording", reworded_len);
    println!("  rewordings that share a name or number: {reworded_anchor}/{n}");
    println!("== clean pairs at shingle >= 0.4, or reworded >= 0.5 with an anchor and a length ratio >= 0.67");
    top.sort_by(|a, b| b.0.max(b.1).total_cmp(&a.0.max(a.1)));
    for (s, r, an, l, w) in top.iter().take(60) {
        println!("  {w:<16} shingle {s:.2} reworded {r:.2} anchor {an} length ratio {l:.2}");
    }
}

#[test]
#[ignore = "measurement, run by hand"]
fn reworded_interview_in_seed_003() {
    let path = Path::new("../shared/acceptance/seeds/003_07ae77feae1830e6.txt");
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let doc = Document::new("003", &text);
    // Best earlier match (lines 27-48) of each later block (line 49 on).
    let pairs = measure_pairs(&doc, 4);
    let line = |b: usize| doc.blocks[b].line + 1;
    let mut best: Vec<(usize, usize, f64, f64, bool)> = Vec::new();
    for p in pairs.iter().filter(|p| line(p.later) >= 49 && (27..49).contains(&line(p.earlier))) {
        let score = p.shingle.max(p.reworded);
        match best.iter_mut().find(|b| b.0 == line(p.later)) {
            Some(b) if b.2.max(b.3) >= score => {}
            Some(b) => *b = (line(p.later), line(p.earlier), p.shingle, p.reworded, p.anchors),
            None => best.push((line(p.later), line(p.earlier), p.shingle, p.reworded, p.anchors)),
        }
    }
    best.sort_by_key(|b| b.0);
    println!("later earlier shingle reworded anchor");
    for (l, e, s, r, a) in &best {
        println!("{l:>5} {e:>7} {s:>7.2} {r:>8.2} {a}");
    }
    quantiles("reworded Dice of the best matches", best.iter().map(|b| b.3).collect());
}

/// Findings of one duplicate rule on the clean articles with one parameter changed: what
/// each threshold costs in precision, next to the default.
#[test]
#[ignore = "measurement, run by hand"]
fn findings_on_clean_text_around_each_default() {
    use newslint::rules::RuleSource;
    use newslint::Engine;
    let dir = Path::new(CLEAN);
    if !dir.is_dir() {
        println!("skipped: {CLEAN} not found");
        return;
    }
    let texts: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| (p.file_name().unwrap().to_string_lossy()[..8].to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let toml = include_str!("../rules/duplicate.toml");
    // (rule, parameter line in the rule's table, values to try)
    let trials: &[(&str, &str, &[&str])] = &[
        ("duplicate/repeated-block", "heading_min_words = 4", &["heading_min_words = 2", "heading_min_words = 3"]),
        ("duplicate/near-duplicate", "threshold = 0.5", &["threshold = 0.4", "threshold = 0.45", "threshold = 0.6"]),
        ("duplicate/near-duplicate", "min_words = 10", &["min_words = 8"]),
        (
            "duplicate/reworded-paragraph",
            "threshold = 0.7",
            &["threshold = 0.6", "threshold = 0.65", "threshold = 0.75"],
        ),
        ("duplicate/reworded-paragraph", "min_length_ratio = 0.67", &["min_length_ratio = 0.0"]),
        ("duplicate/reworded-paragraph", "min_words = 12", &["min_words = 8"]),
        ("duplicate/repeated-section", "threshold = 0.45", &["threshold = 0.3", "threshold = 0.35", "threshold = 0.4"]),
        ("duplicate/repeated-section", "min_coverage = 0.6", &["min_coverage = 0.3", "min_coverage = 0.0"]),
        ("duplicate/repeated-section", "min_words = 8", &["min_words = 4"]),
        ("duplicate/repeated-section", "min_blocks = 3", &["min_blocks = 2"]),
    ];
    for (rule, default, values) in trials {
        for value in std::iter::once(default).chain(values.iter()) {
            // Change the parameter inside this rule's own table only.
            let start = toml.find(&format!("id = \"{rule}\"")).unwrap();
            let end = toml[start..].find("[[rule]]").map_or(toml.len(), |e| start + e);
            let table = toml[start..end].replacen(default, value, 1);
            assert!(table.contains(value), "{rule}: {default} not found");
            let text = format!("{}{}{}", &toml[..start], table, &toml[end..]);
            let engine = Engine::load(&[RuleSource { name: "d".into(), text }]).unwrap_or_else(|_| panic!());
            let mut hits = Vec::new();
            for (name, t) in &texts {
                for d in engine.check(&Document::new(name.as_str(), t)) {
                    if d.rule == *rule {
                        let (line, _) = Document::new("x", t).line_col(d.span.start);
                        hits.push(format!("{name}:{line}"));
                    }
                }
            }
            let mark = if value == default { " (default)" } else { "" };
            println!("{rule:<30} {value:<26}{mark:<10} {:>3} findings {}", hits.len(), hits.join(" "));
        }
    }
}

#[test]
#[ignore = "measurement, run by hand"]
fn repeated_headings_on_clean_text_by_length() {
    let dir = Path::new(CLEAN);
    if !dir.is_dir() {
        println!("skipped: {CLEAN} not found");
        return;
    }
    use newslint::checks::repetition::Analysis;
    use newslint::document::BlockKind;
    let mut by_words = std::collections::BTreeMap::<usize, Vec<String>>::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let t = std::fs::read_to_string(&p).unwrap();
        let doc = Document::new("x", &t);
        let a = Analysis::new(&doc);
        for (j, b) in doc.blocks.iter().enumerate() {
            if b.kind == BlockKind::Heading && a.first[j] != j && a.first[j] != 0 && !a.toc[j] && a.copies[j] < 3 {
                let name = p.file_name().unwrap().to_string_lossy()[..8].to_string();
                by_words.entry(a.norms[j].words.len().min(5)).or_default().push(format!("{name}:{}", b.line + 1));
            }
        }
    }
    for (w, v) in by_words {
        println!("headings of {w}{} words printed twice: {} {}", if w == 5 { "+" } else { "" }, v.len(), v.join(" "));
    }
}
