//! Repeated text: the headline printed twice, a copied paragraph, heading or long sentence,
//! a lightly edited or reworded copy, and whole sections printed again. One rule per unit;
//! the thresholds and the measurements behind them are in `rules/duplicate.toml`.
//!
//! Two kinds of repeats are left alone on purpose: the entries of a table of contents
//! ([`toc`]), and refrains, text printed `refrain` times or more (a question put to each
//! interviewee, "Buy now" under each product, a menu repeated per plan). Scrapers print a
//! thing twice; a layout prints it again and again.

mod index;
pub mod section;
pub mod text;
mod toc;

use super::{delete_lines, Check, Hit};
use crate::diagnostic::Label;
use crate::document::{BlockKind, Document};
use crate::rules::schema::{RepetitionSpec, RepetitionUnit};
use index::{candidate_pairs, IdMap};
use section::Pair;
use text::{jaccard, normalise, shingles, Norm};

pub struct RepetitionCheck {
    spec: RepetitionSpec,
}

impl RepetitionCheck {
    /// Checks the parameters that serde cannot.
    pub fn new(spec: RepetitionSpec) -> Result<Self, String> {
        let unit = |x: f64| (0.0..=1.0).contains(&x);
        if !unit(spec.threshold) || !unit(spec.min_coverage) || !unit(spec.min_length_ratio) {
            return Err("`threshold`, `min_coverage` and `min_length_ratio` must be between 0 and 1".into());
        }
        if spec.shingle == 0 || spec.refrain < 2 || spec.min_blocks < 2 {
            return Err("`shingle` must be 1 or more, `refrain` and `min_blocks` 2 or more".into());
        }
        Ok(RepetitionCheck { spec })
    }
}

/// The blocks of one document as the comparisons see them.
pub struct Analysis {
    pub norms: Vec<Norm>,
    /// Entries of a table of contents: never a copy, never copied.
    pub toc: Vec<bool>,
    /// How many blocks (contents entries aside) have the same text, counting lines that
    /// differ only in names and numbers as the same line of a template.
    pub copies: Vec<usize>,
    /// The first block with exactly the same text.
    pub first: Vec<usize>,
}

impl Analysis {
    pub fn new(doc: &Document) -> Self {
        let norms: Vec<Norm> = doc.blocks.iter().map(|b| normalise(doc.slice(&b.content))).collect();
        let toc = toc::entries(doc, &norms);
        let mut firsts: IdMap<usize> = IdMap::default();
        let mut templates: IdMap<usize> = IdMap::default();
        for (i, n) in norms.iter().enumerate() {
            if !toc[i] && !n.is_empty() {
                firsts.entry(n.key).or_insert(i);
                *templates.entry(n.template).or_default() += 1;
            }
        }
        let (first, copies) = norms
            .iter()
            .enumerate()
            .map(|(i, n)| match (firsts.get(&n.key), templates.get(&n.template)) {
                (Some(&f), Some(&c)) if !toc[i] => (f, c),
                _ => (i, 1),
            })
            .unzip();
        Analysis { norms, toc, copies, first }
    }

    fn words(&self, i: usize) -> usize {
        self.norms[i].words.len()
    }
}

/// Content-word overlap of two blocks, weighted by rarity in the rest of the document.
///
/// A word's weight is `ln((N + 1) / (1 + d))`, `d` = blocks other than the two compared
/// that hold it, `N` = blocks compared: words every paragraph uses ("ceasefire" in a piece
/// on a ceasefire, "tackles" in a table of tackles) count for little, words only the two
/// blocks share count fully.
pub struct Rarity {
    df: IdMap<u32>,
    n: f64,
    /// Sum of the weights of each block's content words (`d` = document frequency - 1).
    totals: Vec<f64>,
}

impl Rarity {
    pub fn new(norms: &[Norm], counted: impl Fn(usize) -> bool) -> Self {
        let mut df: IdMap<u32> = IdMap::default();
        let mut n = 0usize;
        for (i, norm) in norms.iter().enumerate() {
            if counted(i) {
                n += 1;
                for w in &norm.content {
                    *df.entry(*w).or_default() += 1;
                }
            }
        }
        let mut r = Rarity { df, n: n as f64, totals: Vec::new() };
        r.totals = norms
            .iter()
            .enumerate()
            .map(|(i, norm)| if counted(i) { norm.content.iter().map(|w| r.weight(*w, 1)).sum() } else { 0.0 })
            .collect();
        r
    }

    fn weight(&self, w: u64, own: u32) -> f64 {
        let d = self.df.get(&w).copied().unwrap_or(own).saturating_sub(own);
        ((self.n + 1.0) / (1.0 + f64::from(d))).ln()
    }

    /// Weighted Dice overlap of the content words of blocks `a` and `b`.
    pub fn dice(&self, norms: &[Norm], a: usize, b: usize) -> f64 {
        let (x, y) = (&norms[a].content, &norms[b].content);
        let (mut i, mut j) = (0, 0);
        let (mut shared, mut correction) = (0.0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let w = self.weight(x[i], 2);
                    shared += w;
                    correction += w - self.weight(x[i], 1);
                    i += 1;
                    j += 1;
                }
            }
        }
        let total = self.totals[a] + self.totals[b] + 2.0 * correction;
        if total <= 0.0 {
            0.0
        } else {
            2.0 * shared / total
        }
    }
}

/// Whether two blocks share a name or number (or neither has any): a reworded copy keeps
/// who, where and how much.
pub fn share_anchor(a: &Norm, b: &Norm) -> bool {
    let any_in = |anchors: &[u64], content: &[u64]| anchors.iter().any(|w| content.binary_search(w).is_ok());
    (a.anchors.is_empty() && b.anchors.is_empty()) || any_in(&a.anchors, &b.content) || any_in(&b.anchors, &a.content)
}

/// Word count of the shorter block over the longer one's.
pub fn length_ratio(a: usize, b: usize) -> f64 {
    a.min(b) as f64 / a.max(b).max(1) as f64
}

/// Every figure the thresholds are chosen from, for one pair of blocks.
#[derive(Debug, Clone, Copy)]
pub struct PairFigures {
    pub earlier: usize,
    pub later: usize,
    /// Jaccard index of the word 3-shingles.
    pub shingle: f64,
    /// Rarity-weighted Dice of the content words.
    pub reworded: f64,
    pub anchors: bool,
    /// Word count of the shorter block over the longer one's.
    pub length_ratio: f64,
    /// Either block has a third version (exact, or similar at 0.5 or more): a refrain.
    pub refrain: bool,
}

/// Figures for all pairs of distinct blocks with `min_words` words or more. Quadratic:
/// for measuring thresholds on a corpus, not used by the check.
pub fn measure_pairs(doc: &Document, min_words: usize) -> Vec<PairFigures> {
    let a = Analysis::new(doc);
    let ok = |i: usize| a.words(i) >= min_words && !a.toc[i];
    let rarity = Rarity::new(&a.norms, ok);
    let sh: Vec<Vec<u64>> = a.norms.iter().map(|n| shingles(&n.words, 3)).collect();
    let mut out = Vec::new();
    for j in (0..a.norms.len()).filter(|&j| ok(j)) {
        for i in (0..j).filter(|&i| ok(i) && a.norms[i].key != a.norms[j].key) {
            out.push(PairFigures {
                earlier: i,
                later: j,
                shingle: jaccard(&sh[i], &sh[j]),
                reworded: rarity.dice(&a.norms, i, j),
                anchors: share_anchor(&a.norms[i], &a.norms[j]),
                length_ratio: length_ratio(a.words(i), a.words(j)),
                refrain: false,
            });
        }
    }
    let similar: Vec<Pair> = out
        .iter()
        .filter(|p| p.shingle >= 0.5 || (p.anchors && p.reworded >= 0.5))
        .map(|p| (p.earlier, p.later, 1.0))
        .collect();
    let deg = degrees(&a, &similar);
    for p in &mut out {
        p.refrain = deg[p.earlier] >= 2 || deg[p.later] >= 2;
    }
    out
}

/// Other versions of each block: exact copies and similar blocks.
fn degrees(a: &Analysis, pairs: &[Pair]) -> Vec<usize> {
    let mut deg: Vec<usize> = a.copies.iter().map(|c| c - 1).collect();
    for &(i, j, _) in pairs {
        deg[i] += 1;
        deg[j] += 1;
    }
    deg
}

/// Drops the pairs that touch a block with `refrain - 1` other versions or more.
fn drop_refrains(a: &Analysis, pairs: Vec<Pair>, refrain: usize) -> Vec<Pair> {
    let deg = degrees(a, &pairs);
    pairs.into_iter().filter(|&(i, j, _)| deg[i] + 1 < refrain && deg[j] + 1 < refrain).collect()
}

impl RepetitionCheck {
    /// Blocks this rule compares at all: long enough, not a contents entry, not a refrain.
    fn comparable(&self, a: &Analysis, i: usize) -> bool {
        a.words(i) >= self.spec.min_words && !a.toc[i] && a.copies[i] < self.spec.refrain
    }

    fn hit(&self, doc: &Document, rule: usize, later: usize, first: usize, sim: Option<f64>) -> Hit {
        let b = &doc.blocks[later];
        let mut hit = Hit::new(rule, b.content.clone());
        hit.block_level = true;
        hit.labels.push(Label { span: doc.blocks[first].content.clone(), message: "first printed here".into() });
        let (line, _) = doc.line_col(doc.blocks[first].span.start);
        hit.vars.push(("first_line", line.to_string()));
        if let Some(s) = sim {
            let pct = format!("{:.0}%", s * 100.0);
            hit.notes.push(format!("similarity {pct} to line {line}"));
            hit.vars.push(("similarity", pct));
        }
        hit.edits = Some(vec![delete_lines(doc, b.line, b.line)]);
        hit
    }

    /// The first line printed again, anywhere but in a table of contents.
    fn headline(&self, doc: &Document, a: &Analysis, rule: usize, out: &mut Vec<Hit>) {
        if a.norms.is_empty() || a.toc[0] || a.words(0) < self.spec.min_words {
            return;
        }
        for j in 1..a.norms.len() {
            if !a.toc[j] && a.norms[j].key == a.norms[0].key && a.norms[j].words == a.norms[0].words {
                out.push(self.hit(doc, rule, j, 0, None));
            }
        }
    }

    /// Paragraphs and list items of `min_words`, headings of `heading_min_words`, printed again.
    fn blocks(&self, doc: &Document, a: &Analysis, rule: usize, out: &mut Vec<Hit>) {
        for j in 0..a.norms.len() {
            let first = a.first[j];
            if first == j || first == 0 || a.toc[j] || a.copies[j] >= self.spec.refrain {
                continue;
            }
            let min = match doc.blocks[j].kind {
                BlockKind::Heading => self.spec.heading_min_words,
                _ => self.spec.min_words,
            };
            if a.words(j) >= min && a.norms[first].words == a.norms[j].words {
                out.push(self.hit(doc, rule, j, first, None));
            }
        }
    }

    /// A long sentence printed again inside another paragraph (whole copied blocks are the
    /// block rule's finding).
    fn sentences(&self, doc: &Document, a: &Analysis, rule: usize, out: &mut Vec<Hit>) {
        let mut seen: IdMap<usize> = IdMap::default(); // key -> first sentence
        let mut templates: IdMap<usize> = IdMap::default();
        let norms: Vec<Option<Norm>> = doc
            .sentences
            .iter()
            .map(|s| {
                let n = normalise(doc.slice(&s.span));
                (n.words.len() >= self.spec.min_words && !a.toc[s.block]).then_some(n)
            })
            .collect();
        for (si, n) in norms.iter().enumerate() {
            if let Some(n) = n {
                seen.entry(n.key).or_insert(si);
                *templates.entry(n.template).or_default() += 1;
            }
        }
        for (si, n) in norms.iter().enumerate() {
            let Some(n) = n else { continue };
            let (Some(&first), Some(&count)) = (seen.get(&n.key), templates.get(&n.template)) else { continue };
            let (b, fb) = (doc.sentences[si].block, doc.sentences[first].block);
            if first == si || count >= self.spec.refrain || b == fb || a.norms[b].key == a.norms[fb].key {
                continue;
            }
            let mut hit = Hit::new(rule, doc.sentences[si].span.clone());
            hit.labels.push(Label { span: doc.sentences[first].span.clone(), message: "first printed here".into() });
            let (line, _) = doc.line_col(doc.sentences[first].span.start);
            hit.vars.push(("first_line", line.to_string()));
            out.push(hit);
        }
    }

    /// Pairs (earlier, later, similarity) of comparable blocks that are not exact copies,
    /// sorted by later block then earlier block.
    fn near_pairs(&self, a: &Analysis) -> Vec<Pair> {
        let ok: Vec<bool> = (0..a.norms.len()).map(|i| self.comparable(a, i)).collect();
        let sh: Vec<Vec<u64>> = a
            .norms
            .iter()
            .enumerate()
            .map(|(i, n)| if ok[i] { shingles(&n.words, self.spec.shingle) } else { vec![] })
            .collect();
        let keys: Vec<Option<&[u64]>> = sh.iter().enumerate().map(|(i, s)| ok[i].then_some(&s[..])).collect();
        let mut pairs = Vec::new();
        candidate_pairs(&keys, 2, |i, j| {
            if a.norms[i].key != a.norms[j].key {
                let s = jaccard(&sh[i], &sh[j]);
                if s >= self.spec.threshold {
                    pairs.push((i, j, s));
                }
            }
        });
        drop_refrains(a, pairs, self.spec.refrain)
    }

    /// Reworded pairs: rare content words shared and a name or number in common.
    fn reworded_pairs(&self, a: &Analysis, threshold: f64) -> Vec<Pair> {
        let ok: Vec<bool> = (0..a.norms.len()).map(|i| self.comparable(a, i)).collect();
        let rarity = Rarity::new(&a.norms, |i| ok[i]);
        let keys: Vec<Option<&[u64]>> =
            a.norms.iter().enumerate().map(|(i, n)| ok[i].then_some(&n.content[..])).collect();
        let mut pairs = Vec::new();
        candidate_pairs(&keys, 2, |i, j| {
            let (x, y) = (&a.norms[i], &a.norms[j]);
            let long_enough = length_ratio(x.words.len(), y.words.len()) >= self.spec.min_length_ratio;
            if x.key != y.key && long_enough && share_anchor(x, y) {
                let s = rarity.dice(&a.norms, i, j);
                if s >= threshold {
                    pairs.push((i, j, s));
                }
            }
        });
        drop_refrains(a, pairs, self.spec.refrain)
    }

    /// One finding per later block, pointing at the earliest similar block.
    fn similar(&self, doc: &Document, pairs: Vec<Pair>, rule: usize, out: &mut Vec<Hit>) {
        let mut last = usize::MAX;
        for (i, j, s) in pairs {
            if j != last {
                last = j;
                out.push(self.hit(doc, rule, j, i, Some(s)));
            }
        }
    }

    fn sections(&self, doc: &Document, a: &Analysis, rule: usize, out: &mut Vec<Hit>) {
        // Member pairs: exact copies of two words or more, and similar blocks of `min_words`.
        let mut pairs = self.reworded_pairs(a, self.spec.threshold);
        pairs.extend(self.near_pairs(a));
        for j in 0..a.norms.len() {
            let f = a.first[j];
            if f != j && !a.toc[j] && a.copies[j] < self.spec.refrain && a.words(j) >= 2 {
                pairs.push((f, j, 1.0));
            }
        }
        pairs.sort_by(|x, y| (x.1, x.0).cmp(&(y.1, y.0)).then(y.2.total_cmp(&x.2)));
        pairs.dedup_by_key(|p| (p.0, p.1));
        let words: Vec<usize> = (0..a.norms.len()).map(|i| a.words(i)).collect();
        let params = section::Params {
            min_blocks: self.spec.min_blocks,
            max_gap: self.spec.max_gap,
            min_coverage: self.spec.min_coverage,
        };
        for s in section::find(&pairs, &words, &params) {
            let (j0, j1) = s.later;
            let (i0, i1) = s.first;
            let (first, last) = (&doc.blocks[j0], &doc.blocks[j1]);
            let mut hit = Hit::new(rule, first.content.start..last.content.end);
            hit.block_level = true;
            hit.labels.push(Label {
                span: doc.blocks[i0].content.start..doc.blocks[i1].content.end,
                message: "first printed here".into(),
            });
            let (l0, _) = doc.line_col(doc.blocks[i0].span.start);
            let (l1, _) = doc.line_col(doc.blocks[i1].span.start);
            let pct = format!("{:.0}%", s.mean_similarity * 100.0);
            hit.notes.push(format!(
                "{} blocks retell lines {l0}-{l1} in order, mean similarity {pct}, covering {:.0}% of this section's words",
                s.pairs,
                s.coverage * 100.0
            ));
            hit.vars.push(("blocks", s.pairs.to_string()));
            hit.vars.push(("first_line", l0.to_string()));
            hit.vars.push(("similarity", pct));
            hit.edits = Some(vec![delete_lines(doc, first.line, last.line)]);
            out.push(hit);
        }
    }
}

impl Check for RepetitionCheck {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let a = Analysis::new(doc);
        match self.spec.unit {
            RepetitionUnit::Headline => self.headline(doc, &a, rule, out),
            RepetitionUnit::Block => self.blocks(doc, &a, rule, out),
            RepetitionUnit::Sentence => self.sentences(doc, &a, rule, out),
            RepetitionUnit::NearBlock => {
                let pairs = self.near_pairs(&a);
                self.similar(doc, pairs, rule, out)
            }
            RepetitionUnit::RewordedBlock => {
                let pairs = self.reworded_pairs(&a, self.spec.threshold);
                self.similar(doc, pairs, rule, out)
            }
            RepetitionUnit::Section => self.sections(doc, &a, rule, out),
        }
    }
}
