//! Site furniture in a scraped page, reported as blocks: menus (runs of short link lines)
//! and everything before the headline or after the article end when it carries the words
//! of site chrome (log in, privacy, terms, subscribe). An extracted article has neither.

use super::layout::{is_nav, Chrome, Layout};
use super::numbers::Tables;
use crate::checks::{run_hit, Check, Hit};
use crate::document::Document;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

/// Sidebar entries whose digits are counts or archive months ("Politics (68)", "2019年11月",
/// "March 2019"): they do not make a run a content list.
static ARCHIVE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:.+\(\d+\)|\d{4}\s*年\s*\d{1,2}\s*月|\p{L}+\.?\s+\d{4}|\d{4})$").expect("static regex")
});

/// Reports `blocks` (consecutive indices) as one finding per stretch between headlines.
fn report(
    doc: &Document,
    layout: &Layout,
    rule: usize,
    (blocks, min_lines): (&[usize], usize),
    what: &str,
    out: &mut Vec<Hit>,
) {
    let mut stretch: Vec<usize> = Vec::new();
    let flush = |stretch: &mut Vec<usize>, out: &mut Vec<Hit>| {
        if let (Some(&a), Some(&z), true) = (stretch.first(), stretch.last(), stretch.len() >= min_lines) {
            let mut hit = run_hit(doc, rule, a, z);
            hit.notes.push(format!("{} lines {what}, reported as one block", stretch.len()));
            out.push(hit);
        }
        stretch.clear();
    };
    for &i in blocks {
        if layout.is_headline(i) || stretch.last().is_some_and(|&l| l + 1 != i) {
            flush(&mut stretch, out);
        }
        if !layout.is_headline(i) {
            stretch.push(i);
        }
    }
    flush(&mut stretch, out);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuParams {
    /// Longest menu entry, in words.
    #[serde(default = "four")]
    pub max_words: usize,
    /// Entries a run needs before the headline or after the article end.
    #[serde(default = "four")]
    pub min_run: usize,
    /// Entries a run needs inside the article, where lists are common.
    #[serde(default = "eight")]
    pub min_run_in_article: usize,
    /// At most this share of entries may hold a digit (dates, scores and prices make a
    /// content list, not a menu).
    #[serde(default = "digit_share")]
    pub max_digit_share: f64,
    /// Inside the article: at least this share of entries starts with a capital.
    #[serde(default = "capital_share")]
    pub min_capital_share: f64,
    /// Words of site chrome (the list the page-furniture rules use). When given, a run
    /// inside page furniture is left to those rules, and runs count only on a page whose margins hold
    /// `min_anchors` of them (or, outside the article, runs of `min_run_without_chrome`):
    /// an extracted article may hold or end with lists of its own.
    #[serde(default)]
    pub anchors: Vec<String>,
    #[serde(default = "two")]
    pub min_anchors: usize,
    #[serde(default = "eight")]
    pub anchor_max_words: usize,
    #[serde(default = "twelve")]
    pub min_run_without_chrome: usize,
}

fn twelve() -> usize {
    12
}

fn four() -> usize {
    4
}
fn eight() -> usize {
    8
}
fn digit_share() -> f64 {
    0.3
}
fn capital_share() -> f64 {
    0.8
}

/// A run of short link lines without sentence punctuation: a site menu.
pub struct Menu {
    p: MenuParams,
    chrome: Option<Chrome>,
}

impl Menu {
    pub fn new(p: MenuParams) -> Result<Self, String> {
        let chrome = if p.anchors.is_empty() { None } else { Some(Chrome::new(&p.anchors, p.anchor_max_words)?) };
        Ok(Menu { p, chrome })
    }

    fn qualifies(&self, doc: &Document, layout: &Layout, run: &[usize], page: &dyn Fn() -> bool) -> bool {
        let (Some(&a), Some(&z)) = (run.first(), run.last()) else { return false };
        // A list introduced by "dates:" or "teams:" belongs to the article.
        if a > 0 && doc.slice(&doc.blocks[a - 1].content).trim_end().ends_with(':') {
            return false;
        }
        let n = run.len() as f64;
        let texts = run.iter().map(|&i| doc.slice(&doc.blocks[i].content));
        let digits = texts
            .clone()
            .filter(|s| s.chars().any(|c| c.is_ascii_digit()) && !ARCHIVE_ENTRY.is_match(s.trim()))
            .count() as f64;
        if digits / n > self.p.max_digit_share {
            return false;
        }
        if (layout.before(z) || layout.after(a))
            && run.len() >= self.p.min_run
            && (run.len() >= self.p.min_run_without_chrome || page())
        {
            return true;
        }
        let capitals = texts.filter(|s| s.chars().next().is_some_and(|c| !c.is_lowercase())).count() as f64;
        run.len() >= self.p.min_run_in_article && capitals / n >= self.p.min_capital_share && page()
    }
}

impl Check for Menu {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let layout = Layout::of(doc);
        let page_cell = std::cell::OnceCell::new();
        let page = || {
            *page_cell.get_or_init(|| match &self.chrome {
                None => true,
                Some(c) => {
                    let margins = (0..doc.blocks.len()).filter(|&i| layout.before(i) || layout.after(i));
                    c.count(doc, margins) >= self.p.min_anchors
                }
            })
        };
        let margins: Vec<Vec<usize>> = match &self.chrome {
            Some(c) => [Side::Before, Side::After]
                .into_iter()
                .map(|side| furniture_side(doc, &layout, c, side, self.p.min_anchors, (self.p.max_words, 2)))
                .collect(),
            None => Vec::new(),
        };
        let mut i = 0;
        while i < doc.blocks.len() {
            if !is_nav(doc, &doc.blocks[i], self.p.max_words) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < doc.blocks.len() && is_nav(doc, &doc.blocks[j], self.p.max_words) {
                j += 1;
            }
            let run: Vec<usize> = (i..j).collect();
            // A menu inside the page furniture before the headline or after the article is
            // reported with that block, once.
            // Each side is a run of consecutive blocks.
            let in_margin =
                |side: &Vec<usize>| matches!((side.first(), side.last()), (Some(&f), Some(&l)) if f <= i && j - 1 <= l);
            if margins.iter().any(in_margin) {
                i = j;
                continue;
            }
            // The header of a data table laid out one cell per line ("Pos", "Player",
            // "Points"), with its first rows: article text.
            let table = || run.iter().chain([&j]).any(|&b| Tables::of(doc).contains(b));
            if self.qualifies(doc, &layout, &run, &page) && !table() {
                report(doc, &layout, rule, (&run, 1), "of menu entries", out);
            }
            i = j;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Before the article body, headline excepted.
    Before,
    /// After the article body.
    After,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FurnitureParams {
    pub side: Side,
    /// Words of site chrome ("log in", "privacy policy"); matched case-insensitively on word
    /// boundaries in short lines.
    pub anchors: Vec<String>,
    /// Different anchors the side needs before it is called furniture.
    #[serde(default = "two")]
    pub min_anchors: usize,
    /// Longest line, in words, in which an anchor counts.
    #[serde(default = "eight")]
    pub anchor_max_words: usize,
    /// Longest menu entry, in words: after the article, furniture starts at the first anchor
    /// line or menu entry, so a list that ends the article is left alone.
    #[serde(default = "four")]
    pub nav_max_words: usize,
    /// After the article, furniture starts at a chrome line or at the first of this many
    /// menu entries in a row (one short heading may still belong to the article).
    #[serde(default = "one")]
    pub nav_start_run: usize,
    /// Shortest stretch reported: a lone line between the headline and the body is better
    /// named by the line rules (byline, timestamp, image credit) when they know it.
    #[serde(default = "one")]
    pub min_lines: usize,
}

fn one() -> usize {
    1
}

fn two() -> usize {
    2
}

/// Everything before the headline, or after the article end, of a page whose margins hold
/// site chrome.
pub struct PageFurniture {
    p: FurnitureParams,
    chrome: Chrome,
}

impl PageFurniture {
    pub fn new(p: FurnitureParams) -> Result<Self, String> {
        let chrome = Chrome::new(&p.anchors, p.anchor_max_words)?;
        Ok(PageFurniture { p, chrome })
    }
}

/// The blocks of one side of the page that are furniture: all of it before the body, or
/// after the body from the first chrome line or menu entry on; none unless the side holds
/// `min_anchors` different chrome words.
fn furniture_side(
    doc: &Document,
    layout: &Layout,
    chrome: &Chrome,
    side: Side,
    min_anchors: usize,
    (nav_max_words, nav_start_run): (usize, usize),
) -> Vec<usize> {
    if layout.body.is_empty() {
        return Vec::new();
    }
    let blocks: Vec<usize> = match side {
        Side::Before => (0..layout.body.start).collect(),
        Side::After => (layout.body.end..doc.blocks.len()).collect(),
    };
    if chrome.count(doc, blocks.iter().copied()) < min_anchors {
        return Vec::new();
    }
    match side {
        Side::Before => blocks,
        Side::After => {
            let nav = |i: usize| i < doc.blocks.len() && is_nav(doc, &doc.blocks[i], nav_max_words);
            let start = blocks
                .iter()
                .position(|&i| chrome.is_anchor(doc, i) || (i..i + nav_start_run.max(1)).all(nav))
                .unwrap_or(blocks.len());
            blocks[start..].to_vec()
        }
    }
}

impl Check for PageFurniture {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let layout = Layout::of(doc);
        let nav = (self.p.nav_max_words, self.p.nav_start_run);
        let blocks = furniture_side(doc, &layout, &self.chrome, self.p.side, self.p.min_anchors, nav);
        let what = match self.p.side {
            Side::Before => "before the article body",
            Side::After => "after the article end",
        };
        report(doc, &layout, rule, (&blocks, self.p.min_lines), what, out);
    }
}
