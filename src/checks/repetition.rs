//! Repeated text: the headline printed twice, a copied paragraph or heading, a lightly
//! edited or reworded copy, and whole sections printed again. Candidate pairs come from
//! inverted indexes (shingles, content words), never from comparing every pair.

use super::{delete_lines, Check, Hit};
use crate::diagnostic::Label;
use crate::document::{BlockKind, Document};
use crate::rules::schema::{RepetitionSpec, RepetitionUnit};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

pub struct RepetitionCheck {
    pub spec: RepetitionSpec,
}

/// Postings longer than this are too common to suggest a copy ("the president said").
const MAX_POSTINGS: usize = 64;

const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "this", "from", "are", "was", "were", "has", "have", "had", "its", "their",
    "his", "her", "but", "not", "can", "will", "would", "could", "been", "which", "who", "what", "how", "about",
    "into", "over", "more", "than", "also", "such", "any", "all", "our", "they", "them", "these", "those", "there",
    "while", "when", "where", "why", "you", "your", "may", "might", "must", "should", "being", "some", "other", "very",
    "just", "only",
];

/// A block reduced to what a copy keeps.
struct Norm {
    /// Lower-case words, straight quotes, punctuation dropped.
    words: Vec<String>,
    key: u64,
    /// Content words (no stopwords, three letters or more).
    content: HashSet<String>,
    /// Names and numbers: capitalised words not starting the block, and digits.
    anchors: HashSet<String>,
}

fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

fn normalise(text: &str) -> Norm {
    let mut words = Vec::new();
    let mut anchors = HashSet::new();
    for (i, raw) in
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).enumerate()
    {
        let w = raw.trim_matches(|c| c == '\'' || c == '’');
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase().replace('’', "'");
        if w.chars().any(|c| c.is_ascii_digit()) || (i > 0 && w.chars().next().is_some_and(char::is_uppercase)) {
            anchors.insert(lower.clone());
        }
        words.push(lower);
    }
    let content = words
        .iter()
        .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(&w.as_str()))
        .map(|w| w.trim_end_matches('s').to_string())
        .collect();
    Norm { key: hash_of(&words), words, content, anchors }
}

fn shingles(words: &[String], k: usize) -> HashSet<u64> {
    if words.len() < k {
        return std::iter::once(hash_of(words)).collect();
    }
    words.windows(k).map(hash_of).collect()
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// Dice overlap of content words: how much of the shorter text the longer one retells.
fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// A list item and a heading with the same words are a table of contents, not a copy.
fn toc_pair(doc: &Document, a: usize, b: usize) -> bool {
    let (ka, kb) = (doc.blocks[a].kind, doc.blocks[b].kind);
    (ka == BlockKind::ListItem) != (kb == BlockKind::ListItem)
        && (ka == BlockKind::Heading || kb == BlockKind::Heading || a == 0 || b == 0)
}

impl RepetitionCheck {
    fn eligible(&self, doc: &Document, i: usize, norm: &Norm) -> bool {
        let b = &doc.blocks[i];
        match b.kind {
            BlockKind::Heading => norm.words.len() >= 2 || doc.slice(&b.content).ends_with(':'),
            _ => norm.words.len() >= self.spec.min_words,
        }
    }

    fn report(&self, doc: &Document, rule: usize, later: usize, first: usize, sim: Option<f64>, out: &mut Vec<Hit>) {
        let b = &doc.blocks[later];
        let mut hit = Hit::new(rule, b.content.clone());
        hit.block_level = true;
        hit.labels.push(Label { span: doc.blocks[first].content.clone(), message: "first printed here".into() });
        let (line, _) = doc.line_col(doc.blocks[first].span.start);
        hit.vars.push(("first_line", line.to_string()));
        if let Some(s) = sim {
            hit.notes.push(format!("similarity {:.0}% to line {line}", s * 100.0));
            hit.vars.push(("similarity", format!("{:.0}%", s * 100.0)));
        }
        hit.edits = Some(vec![delete_lines(doc, b.line, b.line)]);
        out.push(hit);
    }

    fn exact(&self, doc: &Document, norms: &[Norm], rule: usize, headline: bool, out: &mut Vec<Hit>) {
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for (i, n) in norms.iter().enumerate() {
            if n.words.is_empty() {
                continue;
            }
            match seen.get(&n.key) {
                Some(&first) if norms[first].words == n.words && !toc_pair(doc, first, i) => {
                    let is_headline = first == 0;
                    if is_headline == headline && (headline || self.eligible(doc, i, n)) {
                        self.report(doc, rule, i, first, None, out);
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(n.key, i);
                }
            }
        }
    }

    fn sentences(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let mut seen: HashMap<u64, (usize, usize)> = HashMap::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let n = normalise(doc.slice(&s.span));
            if n.words.len() < self.spec.min_words {
                continue;
            }
            match seen.get(&n.key) {
                Some(&(first, block)) if block != s.block => {
                    // Whole repeated blocks are the block rule's finding.
                    let whole = |b: usize| doc.blocks[b].sentences.len() == 1;
                    if whole(block) && whole(s.block) {
                        continue;
                    }
                    let mut hit = Hit::new(rule, s.span.clone());
                    hit.labels
                        .push(Label { span: doc.sentences[first].span.clone(), message: "first printed here".into() });
                    out.push(hit);
                }
                Some(_) => {}
                None => {
                    seen.insert(n.key, (si, s.block));
                }
            }
        }
    }

    /// Pairs (earlier, later) whose similarity reaches the threshold, from an inverted index.
    fn similar_pairs(&self, doc: &Document, norms: &[Norm], reworded: bool) -> Vec<(usize, usize, f64)> {
        let sh: Vec<HashSet<u64>> = norms.iter().map(|n| shingles(&n.words, self.spec.shingle)).collect();
        let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut pairs = Vec::new();
        for (j, n) in norms.iter().enumerate() {
            if n.words.len() < self.spec.min_words.min(4) || doc.blocks[j].kind == BlockKind::Heading && !reworded {
                continue;
            }
            let keys: Vec<u64> =
                if reworded { n.content.iter().map(hash_of).collect() } else { sh[j].iter().copied().collect() };
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for k in &keys {
                if let Some(list) = postings.get(k) {
                    if list.len() <= MAX_POSTINGS {
                        for &i in list {
                            *counts.entry(i).or_default() += 1;
                        }
                    }
                }
            }
            for (i, shared) in counts {
                if shared < 2 || toc_pair(doc, i, j) {
                    continue;
                }
                let sim = if reworded {
                    let shared_anchor = norms[i].anchors.intersection(&n.anchors).next().is_some();
                    if !(shared_anchor || n.anchors.is_empty() && norms[i].anchors.is_empty()) {
                        continue;
                    }
                    dice(&norms[i].content, &n.content)
                } else {
                    jaccard(&sh[i], &sh[j])
                };
                if sim >= self.spec.threshold {
                    pairs.push((i, j, sim));
                }
            }
            for k in keys {
                postings.entry(k).or_default().push(j);
            }
        }
        pairs.sort_by_key(|a| (a.1, a.0));
        pairs
    }

    fn near(&self, doc: &Document, norms: &[Norm], rule: usize, reworded: bool, out: &mut Vec<Hit>) {
        let mut reported = HashSet::new();
        for (i, j, sim) in self.similar_pairs(doc, norms, reworded) {
            let exact = norms[i].words == norms[j].words;
            if exact || !self.eligible(doc, j, &norms[j]) || !reported.insert(j) {
                continue;
            }
            self.report(doc, rule, j, i, Some(sim), out);
        }
    }

    /// Chains similar pairs that advance together (gaps of up to two blocks on each side).
    fn sections(&self, doc: &Document, norms: &[Norm], rule: usize, out: &mut Vec<Hit>) {
        let pairs = self.similar_pairs(doc, norms, true);
        // best[(i, j)] = chain ending at pair (i, j): (length, first pair index, similarity sum)
        let mut chains: Vec<(usize, usize, usize, usize, usize, f64)> = Vec::new(); // i0, j0, i, j, len, sum
        for &(i, j, sim) in &pairs {
            let mut best: Option<usize> = None;
            for (ci, c) in chains.iter().enumerate() {
                let (_, j0, ci_end, cj_end, len, _) = *c;
                if i > ci_end
                    && i <= ci_end + 3
                    && j > cj_end
                    && j <= cj_end + 3
                    && i < j0
                    && best.is_none_or(|b| chains[b].4 < len)
                {
                    best = Some(ci);
                }
            }
            match best {
                Some(b) => {
                    let c = &mut chains[b];
                    c.2 = i;
                    c.3 = j;
                    c.4 += 1;
                    c.5 += sim;
                }
                None => chains.push((i, j, i, j, 1, sim)),
            }
        }
        let mut taken: Vec<(usize, usize)> = Vec::new();
        chains.sort_by(|a, b| b.4.cmp(&a.4).then(a.1.cmp(&b.1)));
        for (i0, j0, i1, j1, len, sum) in chains {
            if len < self.spec.min_blocks || i1 >= j0 || taken.iter().any(|&(a, b)| j0 <= b && j1 >= a) {
                continue;
            }
            taken.push((j0, j1));
            let (first, last) = (&doc.blocks[j0], &doc.blocks[j1]);
            let mut hit = Hit::new(rule, first.content.start..last.content.end);
            hit.block_level = true;
            hit.labels.push(Label {
                span: doc.blocks[i0].content.start..doc.blocks[i1].content.end,
                message: "first printed here".into(),
            });
            let sim = sum / len as f64;
            let (l0, _) = doc.line_col(doc.blocks[i0].span.start);
            let (l1, _) = doc.line_col(doc.blocks[i1].span.start);
            hit.notes.push(format!("{len} blocks match lines {l0}-{l1} in order, mean similarity {:.0}%", sim * 100.0));
            hit.vars.push(("blocks", len.to_string()));
            hit.vars.push(("first_line", l0.to_string()));
            hit.vars.push(("similarity", format!("{:.0}%", sim * 100.0)));
            hit.edits = Some(vec![delete_lines(doc, first.line, last.line)]);
            out.push(hit);
        }
    }
}

impl Check for RepetitionCheck {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        if self.spec.unit == RepetitionUnit::Sentence {
            return self.sentences(doc, rule, out);
        }
        let norms: Vec<Norm> = doc.blocks.iter().map(|b| normalise(doc.slice(&b.content))).collect();
        match self.spec.unit {
            RepetitionUnit::Headline => self.exact(doc, &norms, rule, true, out),
            RepetitionUnit::Block => self.exact(doc, &norms, rule, false, out),
            RepetitionUnit::NearBlock => self.near(doc, &norms, rule, false, out),
            RepetitionUnit::RewordedBlock => self.near(doc, &norms, rule, true, out),
            RepetitionUnit::Section => self.sections(doc, &norms, rule, out),
            RepetitionUnit::Sentence => {}
        }
    }
}
