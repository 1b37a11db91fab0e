//! A table of contents prints the article's headings once more, on purpose. Its entries
//! are short lines printed together (often as a list) whose copies are headings spread
//! through the article; a duplicated section instead repeats its lines in the same order
//! and the same spacing.

use super::index::IdMap;
use super::text::Norm;
use crate::document::{BlockKind, Document};

/// Flags the blocks that are entries of a table of contents.
pub fn entries(doc: &Document, norms: &[Norm]) -> Vec<bool> {
    let n = norms.len();
    let short =
        |i: usize| matches!(doc.blocks[i].kind, BlockKind::Heading | BlockKind::ListItem) && !norms[i].is_empty();
    let heading = |i: usize| doc.blocks[i].kind == BlockKind::Heading;
    // The next block with the same text, and whether any heading has that text.
    let mut next_copy: Vec<Option<usize>> = vec![None; n];
    let mut last: IdMap<usize> = IdMap::with_capacity_and_hasher(n, Default::default());
    let mut has_heading: IdMap<bool> = IdMap::with_capacity_and_hasher(n, Default::default());
    for i in (0..n).rev() {
        if norms[i].is_empty() {
            continue;
        }
        next_copy[i] = last.insert(norms[i].key, i);
        *has_heading.entry(norms[i].key).or_default() |= heading(i);
    }
    let mut toc = vec![false; n];
    for i in 0..n {
        // A list entry whose text is also a heading (or the headline).
        if doc.blocks[i].kind == BlockKind::ListItem && has_heading.get(&norms[i].key) == Some(&true) {
            toc[i] = true;
        }
        // Two neighbouring short lines whose later copies are headings with text between them.
        if i + 1 < n && short(i) && short(i + 1) {
            if let (Some(a), Some(b)) = (next_copy[i], next_copy[i + 1]) {
                if heading(a) && heading(b) && b > a + 1 {
                    toc[i] = true;
                    toc[i + 1] = true;
                }
            }
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::super::text::Words;
    use super::*;

    fn toc_of(text: &str) -> Vec<bool> {
        let doc = Document::new("t", text);
        let mut words = Words::default();
        let norms: Vec<Norm> = doc.blocks.iter().map(|b| words.push(doc.slice(&b.content))).collect();
        entries(&doc, &norms)
    }

    #[test]
    fn contents_list_and_plain_contents_lines() {
        let body = "Some text about the first part of the story goes here.";
        let listed = format!("Title Line\n- Early Life\n- Later Years\nEarly Life\n{body}\nLater Years\n{body} More.");
        assert_eq!(toc_of(&listed), [false, true, true, false, false, false, false]);
        let plain = format!("Title Line\nEarly Life\nLater Years\nEarly Life\n{body}\nLater Years\n{body} More.");
        assert_eq!(toc_of(&plain), [false, true, true, false, false, false, false]);
    }

    #[test]
    fn two_headings_printed_twice_in_a_row_are_not_a_contents_list() {
        let t = "Title Line\nEarly Life\nLater Years\nA paragraph in between here.\nEarly Life\nLater Years";
        assert!(toc_of(t).iter().all(|&x| !x));
    }
}
