//! Numbers alone on their lines: share and comment counters, ranks of a most-read list,
//! archive years, page numbers. A data table the scraper laid out one cell per line (a
//! standings table, a list of players with their minutes and shares) is article text: its
//! numbers are left alone, and [`Tables`] finds it for the menu rule too.

use crate::checks::{run_hit, Check, Hit};
use crate::document::Document;
use regex::Regex;
use serde::Deserialize;
use std::sync::{Arc, LazyLock};

/// A number alone on its line, as the counter rule has always read it: up to five digits,
/// an optional `k` or `m`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,5}[km]?$").expect("static regex"));

/// What a line is, for finding the rows of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A number alone ([`COUNT`]).
    Count,
    /// Another figure without letters: `85%`, `3.5`, `1,234`, `+2`, `2-1`, `11/13`.
    Figure,
    /// Anything else.
    Text,
}

fn is_count(doc: &Document, block: usize) -> bool {
    let b = &doc.blocks[block];
    if b.word_count > 1 {
        return false;
    }
    let content = doc.slice(&b.content);
    // The cheap test first: the line starts with a digit.
    if !content.chars().next().is_some_and(char::is_numeric) {
        return false;
    }
    // A closing full stop or ellipsis is not part of what the line says.
    let bare = content.trim_end_matches(['.', '…', '!']).trim_end();
    COUNT.is_match(content) || (bare.len() < content.len() && COUNT.is_match(bare))
}

fn is_figure(s: &str) -> bool {
    let s = s.trim();
    let body = s.strip_prefix(['+', '-', '−', '–']).unwrap_or(s);
    s.len() <= 24
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '/' | '%' | '+' | '-' | '−' | '–' | ' '))
}

fn shape(doc: &Document, block: usize) -> Shape {
    if is_count(doc, block) {
        Shape::Count
    } else if is_figure(doc.slice(&doc.blocks[block].content)) {
        Shape::Figure
    } else {
        Shape::Text
    }
}

/// The blocks that are cells of a data table laid out one cell per line: a stretch whose
/// line shapes (number, other figure, text) repeat with a period of 3 to `max_period`
/// lines for `min_rows` rows or more, a row holding a text cell and two figures or more.
/// A list of ranked headlines (number, title) repeats with period 2 and holds one figure a
/// row, and an archive (a year, then its months) holds one: neither is a table.
pub struct Tables {
    cells: Vec<bool>,
}

/// The longest row of a table, in lines, and the fewest rows, as the default rules use them.
const MAX_PERIOD: usize = 12;
const MIN_ROWS: usize = 3;

impl Tables {
    /// The document's tables, found once.
    pub fn of(doc: &Document) -> Arc<Tables> {
        doc.memo.get(|| Tables::find(doc, MAX_PERIOD, MIN_ROWS))
    }

    /// Whether `block` is a cell of a table.
    pub fn contains(&self, block: usize) -> bool {
        self.cells.get(block).copied().unwrap_or(false)
    }

    fn find(doc: &Document, max_period: usize, min_rows: usize) -> Tables {
        let n = doc.blocks.len();
        let mut cells = vec![false; n];
        // A table needs two numbers alone (one in each of two rows at least): most pages
        // stop here, before any line is classified.
        if (0..n).filter(|&i| is_count(doc, i)).nth(1).is_none() {
            return Tables { cells };
        }
        let sh: Vec<Shape> = (0..n).map(|i| shape(doc, i)).collect();
        Tables::mark(&sh, max_period, min_rows.max(2), &mut cells);
        Tables { cells }
    }

    /// Marks the stretches of `sh` that repeat as rows of a table.
    fn mark(sh: &[Shape], max_period: usize, min_rows: usize, cells: &mut [bool]) {
        let n = sh.len();
        for p in 3..=max_period {
            let mut x = 0;
            while x + p < n {
                if sh[x] != sh[x + p] {
                    x += 1;
                    continue;
                }
                // [a, e): each line has the shape of the line a period on; the stretch
                // [a, e + p) repeats with period p.
                let a = x;
                while x + p < n && sh[x] == sh[x + p] {
                    x += 1;
                }
                let e = x;
                if e - a < (min_rows - 1) * p {
                    continue;
                }
                let row = &sh[a..a + p];
                let figures = row.iter().filter(|&&s| s != Shape::Text).count();
                // Two rows of a ranked list (number, title) repeat with period 4: only the
                // shortest period counts.
                let shorter = (1..p).any(|d| p % d == 0 && (a..a + p).all(|y| sh[y] == sh[y + d]));
                if figures >= 2 && figures < p && !shorter {
                    cells[a..e + p].iter_mut().for_each(|c| *c = true);
                }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberLineParams {}

/// Numbers alone on their lines outside data tables; consecutive ones are one finding.
pub struct NumberLine;

impl NumberLine {
    pub fn new(_: NumberLineParams) -> Self {
        NumberLine
    }
}

impl Check for NumberLine {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let mut tables: Option<Arc<Tables>> = None;
        let mut stray = |i: usize| is_count(doc, i) && !tables.get_or_insert_with(|| Tables::of(doc)).contains(i);
        let mut i = 0;
        while i < doc.blocks.len() {
            if !stray(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < doc.blocks.len() && stray(j + 1) {
                j += 1;
            }
            let mut hit = run_hit(doc, rule, i, j);
            if j > i {
                hit.notes.push(format!("{} lines reported as one block", j - i + 1));
            }
            out.push(hit);
            // The block after the run is known not to be one.
            i = j + 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<usize> {
        let doc = Document::new("t.txt", text);
        let t = Tables::find(&doc, MAX_PERIOD, MIN_ROWS);
        (0..doc.blocks.len()).filter(|&i| t.contains(i)).collect()
    }

    #[test]
    fn lines_are_numbers_figures_or_text() {
        let doc = Document::new("t.txt", "12\n3k\n7.\n85%\n-2\n1,234\n7.1K\n12 May\nabc\n123456\n");
        let shapes: Vec<Shape> = (0..doc.blocks.len()).map(|i| shape(&doc, i)).collect();
        use Shape::*;
        assert_eq!(shapes, [Count, Count, Count, Figure, Figure, Figure, Text, Text, Text, Figure]);
    }

    #[test]
    fn a_table_of_three_rows_with_two_figures_a_row_is_found() {
        // Rank, name, points, wins.
        let rows = "1\nAnn Lee\n40\n12\n2\nBo Park\n38\n11\n3\nCy Diaz\n30\n9\n";
        assert_eq!(
            cells(&format!("Standings after the final race.\n{rows}That is all.\n")),
            (1..=12).collect::<Vec<_>>()
        );
        // A number and a share.
        assert_eq!(cells("Ann Lee\n61\n90%\nBo Park\n55\n81%\nCy Diaz\n40\n59%\n"), (0..9).collect::<Vec<_>>());
    }

    #[test]
    fn ranked_headlines_archives_counters_and_short_tables_are_not_tables() {
        // Period 2, one number a row (and period 4, with two, is not its shortest period).
        assert!(cells("1\nFirst story title\n2\nSecond story title\n3\nThird story title\n4\nFourth one\n").is_empty());
        // Two rows only.
        assert!(cells("Ann Lee\n61\n90%\nBo Park\n55\n81%\nThe end of it.\n").is_empty());
        // Numbers only: no text cell.
        assert!(cells("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n").is_empty());
        // Share counters between paragraphs.
        assert!(cells("Share\n12\n4\nThe story starts here.\n").is_empty());
    }

    #[test]
    fn numbers_in_tables_are_not_reported_and_runs_are_one_finding() {
        let doc = Document::new("t.txt", "Share\n12\n4\nAnn Lee\n61\n90%\nBo Park\n55\n81%\nCy Diaz\n40\n59%\n");
        let mut out = Vec::new();
        NumberLine.run(&doc, 0, &mut out);
        let lines: Vec<(usize, usize)> =
            out.iter().map(|h| (doc.line_col(h.span.start).0, doc.line_col(h.span.end).0)).collect();
        assert_eq!(lines, [(2, 3)], "{lines:?}");
    }
}
