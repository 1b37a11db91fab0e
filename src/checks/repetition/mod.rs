//! Repeated text: the headline printed twice, a copied paragraph, heading or long sentence,
//! a lightly edited or reworded copy, and whole sections printed again. One rule per unit;
//! the thresholds and the measurements behind them are in `rules/duplicate.toml`.
//!
//! Two kinds of repeats are left alone on purpose: the entries of a table of contents
//! (see `toc.rs`), and refrains, text printed `refrain` times or more (a question put to each
//! interviewee, "Buy now" under each product, a menu repeated per plan). Scrapers print a
//! thing twice; a layout prints it again and again.

pub mod index;
pub mod section;
pub mod text;
mod toc;

use super::{delete_lines, Check, Hit};
use crate::diagnostic::{Edit, Label};
use crate::document::{BlockKind, Document};
use crate::rules::schema::{RepetitionSpec, RepetitionUnit};
use index::{IdMap, Index};
use section::Pair;
use std::sync::{Arc, Mutex, OnceLock};
use text::{jaccard, push_shingle_run, shingles, Norm, Words};

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
    /// The words of all the blocks, in flat arrays.
    pub words: Words,
    /// Each block's runs in `words`, and its hashes.
    pub norms: Vec<Norm>,
    /// Entries of a table of contents: never a copy, never copied.
    pub toc: Vec<bool>,
    /// How many blocks (contents entries aside) have the same text, counting lines that
    /// differ only in names and numbers as the same line of a template.
    pub copies: Vec<usize>,
    /// The first block with exactly the same text.
    pub first: Vec<usize>,
    /// Postings of the content words of the indexed blocks, on first use.
    content_index: OnceLock<Index>,
    /// Rarity of content words among the indexed blocks, on first use.
    rarity: OnceLock<Rarity>,
    /// Indexed block pairs sharing rare content words, on first use.
    content_pairs: OnceLock<Vec<Candidate>>,
    /// Shingle sets and candidate pairs, per shingle size, on first use.
    shingled: Mutex<Vec<(usize, Arc<Shingled>)>>,
}

/// Blocks shorter than this are never compared by similarity (only exactly).
pub const INDEX_MIN_WORDS: usize = 4;

/// Share of the shorter block's content words (or of the shingles of both) that a pair
/// must share to be compared at all: similarity thresholds below 0.3 are not reachable.
const MIN_SHARE: f64 = 0.15;

/// (earlier block, later block, shared index keys), in order of the later block.
type Candidate = (u32, u32, u32);

/// The shingle sets of the indexed blocks and the pairs that share shingles.
struct Shingled {
    /// The shingles of all blocks, block after block (none for blocks not indexed): sorted
    /// and distinct for the blocks of [`Shingled::pairs`], as they came for the rest.
    sets: Vec<u64>,
    /// Where each block's shingles start in `sets` (one more for the end).
    start: Vec<u32>,
    /// Where each block's set ends (its distinct shingles, for a block of a pair).
    end: Vec<u32>,
    pairs: Vec<Candidate>,
}

impl Shingled {
    /// The sorted set of block `i`, a block of one of the pairs.
    fn set(&self, i: usize) -> &[u64] {
        &self.sets[self.start[i] as usize..self.end[i] as usize]
    }
}

impl Analysis {
    /// The analysis of `doc`, made once per document for all the repetition rules.
    pub fn of(doc: &Document) -> Arc<Analysis> {
        doc.memo.get(|| crate::engine::within("(repetition analysis)", || Analysis::new(doc)))
    }

    pub fn new(doc: &Document) -> Self {
        // About one word per six bytes of prose.
        let mut words = Words::with_capacity(doc.text.len() / 6 + 16);
        let norms: Vec<Norm> = doc.blocks.iter().map(|b| words.push(doc.slice(&b.content))).collect();
        let toc = toc::entries(doc, &norms);
        let mut firsts: IdMap<usize> = IdMap::with_capacity_and_hasher(norms.len(), Default::default());
        let mut templates: IdMap<usize> = IdMap::with_capacity_and_hasher(norms.len(), Default::default());
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
        Analysis {
            words,
            norms,
            toc,
            copies,
            first,
            content_index: OnceLock::new(),
            rarity: OnceLock::new(),
            content_pairs: OnceLock::new(),
            shingled: Mutex::new(Vec::new()),
        }
    }

    fn words(&self, i: usize) -> usize {
        self.norms[i].words.len()
    }

    /// The word hashes of block `i`.
    pub fn hashes(&self, i: usize) -> &[u64] {
        self.words.hashes(&self.norms[i])
    }

    /// The sorted content words of block `i`.
    pub fn content(&self, i: usize) -> &[u64] {
        self.words.content(&self.norms[i])
    }

    /// Blocks in the similarity indexes: long enough, not a contents entry.
    fn indexed(&self, i: usize) -> bool {
        self.words(i) >= INDEX_MIN_WORDS && !self.toc[i]
    }

    pub fn rarity(&self) -> &Rarity {
        self.rarity.get_or_init(|| {
            let counted = (0..self.norms.len()).filter(|&i| self.indexed(i)).count();
            Rarity::new(self.content_index(), self.norms.len(), counted)
        })
    }

    /// The content words of the indexed blocks, indexed.
    fn content_index(&self) -> &Index {
        self.content_index.get_or_init(|| {
            let keys: Vec<Option<&[u64]>> =
                (0..self.norms.len()).map(|i| self.indexed(i).then(|| self.content(i))).collect();
            Index::new(&keys)
        })
    }

    fn content_pairs(&self) -> &[Candidate] {
        self.content_pairs.get_or_init(|| {
            let mut out = Vec::new();
            self.content_index().pairs(2, |i, j, shared| {
                let shorter = self.content(i).len().min(self.content(j).len());
                if shared as f64 >= MIN_SHARE * shorter as f64 {
                    out.push((i as u32, j as u32, shared as u32));
                }
            });
            out
        })
    }

    fn shingled(&self, k: usize) -> Arc<Shingled> {
        let made = self.shingled.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, s)) = made.iter().find(|(size, _)| *size == k) {
            return Arc::clone(s);
        }
        drop(made);
        let mut s = Shingled {
            sets: Vec::with_capacity(self.words.hashes.len()),
            start: vec![0],
            end: Vec::new(),
            pairs: Vec::new(),
        };
        for i in 0..self.norms.len() {
            if self.indexed(i) {
                push_shingle_run(&mut s.sets, self.hashes(i), k);
            }
            s.start.push(s.sets.len() as u32);
        }
        let at = |i: usize| &s.sets[s.start[i] as usize..s.start[i + 1] as usize];
        let keys: Vec<Option<&[u64]>> = (0..self.norms.len()).map(|i| self.indexed(i).then(|| at(i))).collect();
        let mut pairs = Vec::new();
        let index = Index::new(&keys);
        index.pairs(2, |i, j, shared| {
            if shared as f64 >= MIN_SHARE * (index.keys(i) + index.keys(j)) as f64 / 2.0 {
                pairs.push((i as u32, j as u32, shared as u32));
            }
        });
        drop((index, keys));
        // Only the paired blocks' sets are compared: only they are sorted.
        s.end = s.start[1..].to_vec();
        let mut paired: Vec<u32> = pairs.iter().flat_map(|&(i, j, _)| [i, j]).collect();
        paired.sort_unstable();
        paired.dedup();
        for i in paired.into_iter().map(|i| i as usize) {
            let from = s.start[i] as usize;
            s.end[i] = (from + text::sort_dedup(&mut s.sets[from..s.start[i + 1] as usize])) as u32;
        }
        s.pairs = pairs;
        let s = Arc::new(s);
        self.shingled.lock().unwrap_or_else(|e| e.into_inner()).push((k, Arc::clone(&s)));
        s
    }
}

/// Content-word overlap of two blocks, weighted by rarity in the rest of the document.
///
/// A word's weight is `ln((N + 1) / (1 + d))`, `d` = blocks other than the two compared
/// that hold it, `N` = blocks compared: words every paragraph uses ("ceasefire" in a piece
/// on a ceasefire, "tackles" in a table of tackles) count for little, words only the two
/// blocks share count fully.
pub struct Rarity {
    /// Document frequency of each content word of each compared block, block after block,
    /// each in the order of its content words.
    df: Vec<u32>,
    /// Where each block's frequencies start in `df` (one more for the end).
    start: Vec<u32>,
    /// The weight for each `d`, 0 to N.
    table: Vec<f64>,
    /// Sum of the weights of each block's content words (`d` = document frequency - 1).
    totals: Vec<f64>,
}

impl Rarity {
    /// The rarity of the words of `index`, an index of the content words of the `counted`
    /// blocks compared (out of `blocks`).
    pub fn new(index: &Index, blocks: usize, counted: usize) -> Self {
        let table: Vec<f64> = (0..=counted).map(|d| ((counted as f64 + 1.0) / (1.0 + d as f64)).ln()).collect();
        let mut r =
            Rarity { df: Vec::new(), start: Vec::with_capacity(blocks + 1), table, totals: Vec::with_capacity(blocks) };
        r.start.push(0);
        for b in 0..blocks {
            r.df.extend(index.df_of(b));
            r.start.push(r.df.len() as u32);
        }
        for b in 0..blocks {
            let total = r.df_of(b).iter().map(|&f| r.weight(f, 1)).sum();
            r.totals.push(total);
        }
        r
    }

    fn df_of(&self, b: usize) -> &[u32] {
        &self.df[self.start[b] as usize..self.start[b + 1] as usize]
    }

    /// The weight of a word in `df` blocks, `own` of which are the ones compared.
    fn weight(&self, df: u32, own: u32) -> f64 {
        let d = df.saturating_sub(own) as usize;
        self.table.get(d).copied().unwrap_or(0.0)
    }

    /// Weighted Dice overlap of the content words of blocks `a` and `b` (both counted).
    pub fn dice(&self, an: &Analysis, a: usize, b: usize) -> f64 {
        let (x, y) = (an.content(a), an.content(b));
        let fx = self.df_of(a);
        if fx.len() != x.len() || self.df_of(b).len() != y.len() {
            return 0.0;
        }
        let (mut i, mut j) = (0, 0);
        let (mut shared, mut correction) = (0.0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let w = self.weight(fx[i], 2);
                    shared += w;
                    correction += w - self.weight(fx[i], 1);
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
pub fn share_anchor(words: &Words, a: &Norm, b: &Norm) -> bool {
    let any_in = |anchors: &[u64], content: &[u64]| anchors.iter().any(|w| content.binary_search(w).is_ok());
    let (aa, ba) = (words.anchors(a), words.anchors(b));
    (aa.is_empty() && ba.is_empty()) || any_in(aa, words.content(b)) || any_in(ba, words.content(a))
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
    let ok = |i: usize| a.words(i) >= min_words.max(INDEX_MIN_WORDS) && !a.toc[i];
    let rarity = a.rarity();
    let sh: Vec<Vec<u64>> = (0..a.norms.len()).map(|i| shingles(a.hashes(i), 3)).collect();
    let mut out = Vec::new();
    for j in (0..a.norms.len()).filter(|&j| ok(j)) {
        for i in (0..j).filter(|&i| ok(i) && a.norms[i].key != a.norms[j].key) {
            out.push(PairFigures {
                earlier: i,
                later: j,
                shingle: jaccard(&sh[i], &sh[j]),
                reworded: rarity.dice(&a, i, j),
                anchors: share_anchor(&a.words, &a.norms[i], &a.norms[j]),
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

/// Whether block `later` is block `first` without a few words (8 or fewer, no sentence end)
/// at the start or the end: "Home News Business News Headline" then "Headline", or "Headline –
/// Site" then "Headline".
fn is_trimmed_copy(doc: &Document, first: usize, later: usize) -> bool {
    let a = doc.slice(&doc.blocks[first].content).trim();
    let b = doc.slice(&doc.blocks[later].content).trim();
    let extra = match (a.len() > b.len(), a.ends_with(b), a.starts_with(b)) {
        (true, true, _) => &a[..a.len() - b.len()],
        (true, _, true) => &a[b.len()..],
        _ => return false,
    };
    let sentence_end = extra
        .char_indices()
        .any(|(k, c)| matches!(c, '.' | '!' | '?') && extra[k + 1..].chars().next().is_none_or(char::is_whitespace));
    extra.split_whitespace().count() <= 8 && !sentence_end
}

/// Deletes a sentence with the spaces after it, or before it when it ends its line.
fn delete_sentence(doc: &Document, span: &std::ops::Range<usize>) -> Edit {
    let is_space = |c: char| c == ' ' || c == '\t';
    let after = doc.text[span.end..].len() - doc.text[span.end..].trim_start_matches(is_space).len();
    let at_line_end = doc.text[span.end + after..].chars().next().is_none_or(|c| c == '\n' || c == '\r');
    if at_line_end {
        let before = doc.text[..span.start].len() - doc.text[..span.start].trim_end_matches(is_space).len();
        Edit { start: span.start - before, end: span.end + after, replacement: String::new() }
    } else {
        Edit { start: span.start, end: span.end + after, replacement: String::new() }
    }
}

impl RepetitionCheck {
    /// Blocks this rule compares at all: long enough, not a contents entry, not a refrain,
    /// not an entry of a repeated schedule.
    fn comparable(&self, a: &Analysis, i: usize) -> bool {
        a.words(i) >= self.spec.min_words && !a.toc[i] && a.copies[i] < self.spec.refrain && !self.slot(a, i)
    }

    /// A block that follows two different refrain lines within three blocks ("Meal 1" / "Eat
    /// every 2-3 hours", printed for each of six plans) is an entry of a repeated schedule:
    /// the same meal in two plans is the schedule's content, not a copy. One refrain line
    /// printed between paragraphs ("Advertisement") does not make a schedule.
    fn slot(&self, a: &Analysis, i: usize) -> bool {
        let mut refrains =
            (i.saturating_sub(3)..i).filter(|&p| a.copies[p] >= self.spec.refrain).map(|p| a.norms[p].template);
        refrains.next().is_some_and(|first| refrains.any(|t| t != first))
    }

    fn hit(&self, doc: &Document, rule: usize, later: usize, first: usize, sim: Option<f64>) -> Hit {
        self.hit_at(doc, rule, later, first, sim, "first printed here")
    }

    /// A finding on block `later`, a copy of block `first` (labelled `label`).
    fn hit_at(&self, doc: &Document, rule: usize, later: usize, first: usize, sim: Option<f64>, label: &str) -> Hit {
        let b = &doc.blocks[later];
        let mut hit = Hit::new(rule, b.content.clone());
        hit.block_level = true;
        hit.labels.push(Label { span: doc.blocks[first].content.clone(), message: label.into() });
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
            if !a.toc[j] && a.norms[j].key == a.norms[0].key && a.hashes(j) == a.hashes(0) {
                out.push(self.hit(doc, rule, j, 0, None));
            }
        }
    }

    /// Paragraphs and list items of `min_words`, headings of `heading_min_words`, printed again.
    fn blocks(&self, doc: &Document, a: &Analysis, rule: usize, out: &mut Vec<Hit>) {
        for j in 0..a.norms.len() {
            let first = a.first[j];
            if first == j || first == 0 || a.toc[j] || a.copies[j] >= self.spec.refrain || self.slot(a, j) {
                continue;
            }
            let min = match doc.blocks[j].kind {
                BlockKind::Heading => self.spec.heading_min_words,
                _ => self.spec.min_words,
            };
            if a.words(j) >= min && a.hashes(first) == a.hashes(j) {
                out.push(self.hit(doc, rule, j, first, None));
            }
        }
    }

    /// A long sentence printed again inside another paragraph (whole copied blocks are the
    /// block rule's finding).
    fn sentences(&self, doc: &Document, a: &Analysis, rule: usize, out: &mut Vec<Hit>) {
        let mut seen: IdMap<usize> = IdMap::default(); // key -> first sentence
        let mut templates: IdMap<usize> = IdMap::default();
        let parts: Vec<Option<(u64, u64)>> = doc
            .sentences
            .iter()
            .map(|s| {
                // A sentence has no more words than its block.
                if a.toc[s.block] || a.words(s.block) < self.spec.min_words {
                    return None;
                }
                let content = &doc.blocks[s.block].content;
                let range = s.span.start.saturating_sub(content.start)..s.span.end.saturating_sub(content.start);
                let (key, template, words) = a.words.part(&a.norms[s.block], range);
                (words >= self.spec.min_words).then_some((key, template))
            })
            .collect();
        for (si, p) in parts.iter().enumerate() {
            if let Some((key, template)) = p {
                seen.entry(*key).or_insert(si);
                *templates.entry(*template).or_default() += 1;
            }
        }
        for (si, p) in parts.iter().enumerate() {
            let Some((key, template)) = p else { continue };
            let (Some(&first), Some(&count)) = (seen.get(key), templates.get(template)) else { continue };
            let (b, fb) = (doc.sentences[si].block, doc.sentences[first].block);
            if first == si || count >= self.spec.refrain || b == fb || a.norms[b].key == a.norms[fb].key {
                continue;
            }
            let mut hit = Hit::new(rule, doc.sentences[si].span.clone());
            hit.labels.push(Label { span: doc.sentences[first].span.clone(), message: "first printed here".into() });
            let (line, _) = doc.line_col(doc.sentences[first].span.start);
            hit.vars.push(("first_line", line.to_string()));
            hit.edits = Some(vec![delete_sentence(doc, &doc.sentences[si].span)]);
            out.push(hit);
        }
    }

    /// Pairs (earlier, later, similarity) of comparable blocks that are not exact copies,
    /// sorted by later block then earlier block.
    fn near_pairs(&self, a: &Analysis) -> Vec<Pair> {
        let sh = a.shingled(self.spec.shingle);
        let t = self.spec.threshold;
        let mut pairs = Vec::new();
        for &(i, j, shared) in &sh.pairs {
            let (i, j) = (i as usize, j as usize);
            // Jaccard t needs t(|A| + |B|)/(1 + t) shared shingles; half of that is a safe
            // floor for the count, which leaves out keys too common to index.
            let needed = t * (sh.set(i).len() + sh.set(j).len()) as f64 / (1.0 + t) / 2.0;
            if (shared as f64) < needed || !self.comparable(a, i) || !self.comparable(a, j) {
                continue;
            }
            if a.norms[i].key != a.norms[j].key {
                let s = jaccard(sh.set(i), sh.set(j));
                if s >= t {
                    pairs.push((i, j, s));
                }
            }
        }
        drop_refrains(a, pairs, self.spec.refrain)
    }

    /// Reworded pairs: rare content words shared and a name or number in common.
    fn reworded_pairs(&self, a: &Analysis, threshold: f64) -> Vec<Pair> {
        let mut pairs = Vec::new();
        for &(i, j, shared) in a.content_pairs() {
            let (i, j) = (i as usize, j as usize);
            let (x, y) = (&a.norms[i], &a.norms[j]);
            // Reworded copies of seed 003 share (and index) 60% or more of the content words
            // of the shorter block; pairs that share fewer than threshold/2 of them never reach it.
            if (shared as f64) < threshold / 2.0 * a.content(i).len().min(a.content(j).len()) as f64
                || !self.comparable(a, i)
                || !self.comparable(a, j)
            {
                continue;
            }
            let long_enough = length_ratio(a.words(i), a.words(j)) >= self.spec.min_length_ratio;
            if x.key != y.key && long_enough && share_anchor(&a.words, x, y) {
                let s = a.rarity().dice(a, i, j);
                if s >= threshold {
                    pairs.push((i, j, s));
                }
            }
        }
        drop_refrains(a, pairs, self.spec.refrain)
    }

    /// One finding per later block, pointing at the earliest similar block; but where the
    /// later block is the earlier one without a few words at its start or end, the earlier
    /// is the stray copy (a breadcrumb run into the headline, a page title with the site's
    /// name) and is reported instead: its fix deletes it, not the headline.
    fn similar(&self, doc: &Document, pairs: Vec<Pair>, rule: usize, out: &mut Vec<Hit>) {
        let mut last = usize::MAX;
        for (i, j, s) in pairs {
            if j != last {
                last = j;
                let hit = match is_trimmed_copy(doc, i, j) {
                    true if out.iter().any(|h| h.span == doc.blocks[i].content) => continue,
                    true => self.hit_at(doc, rule, i, j, Some(s), "the same without the extra words"),
                    false => self.hit(doc, rule, j, i, Some(s)),
                };
                out.push(hit);
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
        let a = Analysis::of(doc);
        let a = &*a;
        match self.spec.unit {
            RepetitionUnit::Headline => self.headline(doc, a, rule, out),
            RepetitionUnit::Block => self.blocks(doc, a, rule, out),
            RepetitionUnit::Sentence => self.sentences(doc, a, rule, out),
            RepetitionUnit::NearBlock => {
                let pairs = self.near_pairs(a);
                self.similar(doc, pairs, rule, out)
            }
            RepetitionUnit::RewordedBlock => {
                let pairs = self.reworded_pairs(a, self.spec.threshold);
                self.similar(doc, pairs, rule, out)
            }
            RepetitionUnit::Section => self.sections(doc, a, rule, out),
        }
    }

    fn releases(&self) -> bool {
        true
    }

    fn release(&self, doc: &Document) {
        doc.memo.remove::<Analysis>();
    }
}
