//! A missing space after `, . ; : ! ?` between two words ("move,U.S.", "officials.President"),
//! leaving alone abbreviations (U.S., Ph.D.), domains, decimals, times, thousands, URLs,
//! e-mail addresses, initials, ellipses, dotted names opening a short line (Hill.TV), HTML
//! entities (`&amp;#8217;s`) and the inside of HTML tags (`style="display:none"`).

use super::prose::{looks_english, QuoteState};
use crate::checks::{Check, Hit};
use crate::diagnostic::Edit;
use crate::document::Document;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Also report a full stop followed by a lower-case word ("end.the"); off by default
    /// because file names and code ("index.html", "node.js") look the same.
    #[serde(default)]
    pub lowercase_after_stop: bool,
}

pub struct MissingSpace {
    p: Params,
}

impl MissingSpace {
    pub fn new(p: Params) -> Self {
        MissingSpace { p }
    }
}

/// Top-level domains that follow a name with no space (`PanARMENIAN.Net`).
const TLDS: &[&str] = &["com", "net", "org", "biz", "gov", "edu"];

/// Titles written with a full stop, which start a sentence as often as any name.
const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Prof", "St"];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | ')' | ']')
}

/// Letters (and inner apostrophes) before byte `i`.
fn word_before(text: &str, i: usize) -> &str {
    let start = text[..i]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
        .last()
        .map_or(i, |(j, _)| j);
    &text[start..i]
}

/// A scraped tag line (`Putin, Vladimir V,Witkoff, Steven,Ukraine`): short, no sentence end,
/// and several commas with no space after them. Commas there separate keywords by design.
fn is_tag_list(doc: &Document, b: usize) -> bool {
    let block = &doc.blocks[b];
    let s = doc.slice(&block.content).trim_end();
    if block.word_count > 25 || s.trim_end_matches(is_closer).ends_with(['.', '!', '?']) {
        return false;
    }
    s.as_bytes().windows(2).filter(|w| w[0] == b',' && w[1].is_ascii_alphabetic()).count() >= 2
}

/// Whether the word at `start` is the first of a block of four words or fewer.
fn opens_short_line(doc: &Document, start: usize) -> bool {
    doc.block_at(start).is_some_and(|b| {
        let block = &doc.blocks[b];
        block.word_count <= 4 && doc.text[block.content.start..start].trim().is_empty()
    })
}

/// Whether byte `i` is inside an HTML tag left in the text (`<img style="display:none">`):
/// after a `<` that opens a tag, with no `>` between, and a `>` after it on the line. A tag
/// is looked for up to [`TAG_REACH`] bytes either side.
fn in_tag(text: &str, i: usize) -> bool {
    let mut from = i.saturating_sub(TAG_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..i];
    let before = &before[before.rfind('\n').map_or(0, |n| n + 1)..];
    let Some(lt) = before.rfind('<') else { return false };
    let opens = before[lt + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
    let mut after = text.as_bytes()[i..].iter().take(TAG_REACH).take_while(|&&b| b != b'\n');
    opens && !before[lt..].contains('>') && after.any(|&b| b == b'>')
}

/// How far from a mark a tag around it is looked for, in bytes.
const TAG_REACH: usize = 1024;

fn word_after(text: &str, i: usize) -> &str {
    let end = text[i..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '\'' | '’')))
        .map_or(text.len(), |(j, _)| i + j);
    &text[i..end]
}

impl Check for MissingSpace {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        // The exceptions below are English ones (German writes `z.B.`, `bzw.`).
        if !looks_english(doc) {
            return;
        }
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut tag_lists: HashMap<Option<usize>, bool> = HashMap::new();
        let mut quotes = QuoteState::default();
        for i in crate::document::chars::sentence_marks(bytes) {
            let b = bytes[i];
            if i == 0 {
                continue;
            }
            // Nearly every mark is followed by a space or the end of the line: an ASCII byte
            // that is neither a letter nor `"` leaves nothing to report (see `next` below).
            match bytes.get(i + 1) {
                Some(&n) if n.is_ascii() && !n.is_ascii_alphabetic() && n != b'"' => continue,
                None => continue,
                _ => {}
            }
            let punct = b as char;
            let Some(prev) = text[..i].chars().next_back() else { continue };
            // `Beijing??By`: the last of several marks is the one the space follows.
            let doubled = matches!(punct, '!' | '?') && matches!(prev, '!' | '?');
            if !(prev.is_alphanumeric() || is_closer(prev) || doubled) {
                continue;
            }
            // Optional quote mark after the mark: `ceasefire.”We`, `said,“We`. The space goes
            // after a mark that closes a quotation and before one that opens it (even a
            // closing mark misused to open, which typo/closing-quote-opens turns around).
            let mut j = i + 1;
            let mut space_at = j;
            if let Some(c) = text[j..].chars().next() {
                if matches!(c, '"' | '”' | '’' | '“') && matches!(punct, '.' | '!' | '?' | ',' | ':') {
                    j += c.len_utf8();
                    let block_start = doc.block_at(i).map_or(0, |b| doc.blocks[b].content.start);
                    let closes = c == '’' || (c != '“' && quotes.open_at(text, block_start, i));
                    space_at = if closes { j } else { i + 1 };
                }
            }
            let Some(next) = text[j..].chars().next() else { continue };
            if !next.is_alphabetic() {
                continue;
            }
            // The word before the mark, past closing quotes and brackets: `“sharply”,officials`.
            let word_end = i - text[..i]
                .chars()
                .rev()
                .take_while(|&c| is_closer(c) || (doubled && matches!(c, '!' | '?')))
                .map(char::len_utf8)
                .sum::<usize>();
            let left = word_before(text, word_end);
            let left_start = word_end - left.len();
            let right = word_after(text, j);
            if left.is_empty() || right.is_empty() {
                continue;
            }
            let after_right = text[j + right.len()..].chars().next();
            // TL;DR, IQ.LIGHT: codes and names in capitals, not two sentences.
            let caps = |w: &str| w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
            if caps(left) && caps(right) {
                continue;
            }
            // PanARMENIAN.Net: a domain name written with a capital.
            if punct == '.'
                && TLDS.contains(&right.to_ascii_lowercase().as_str())
                && !after_right.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            match punct {
                '.' => {
                    if prev.is_ascii_digit() {
                        continue; // "No.5" reads as a number, not two words.
                    }
                    // U.S. / Ph.D. / e.g. / a.m.: short letter groups joined by dots.
                    // A title after a whole word is a new sentence: `close.Mr. Trump`.
                    let title = TITLES.contains(&right) && left.chars().count() >= 3;
                    if after_right == Some('.') && right.chars().count() <= 3 && !title {
                        continue;
                    }
                    if left.chars().count() <= 2 && right.chars().count() <= 2 {
                        continue;
                    }
                    if text[..i].ends_with("..") || text[..i].ends_with('…') {
                        continue;
                    }
                    if !next.is_uppercase() && !self.p.lowercase_after_stop {
                        continue;
                    }
                }
                '!' | '?' if !next.is_uppercase() => continue,
                // An entity, twice escaped too: `&amp;#8217;s`.
                // Looked for in the 16 bytes before only: searching the whole text back for
                // an `&` took the square of its length on a long line of `;`.
                ';' if text.as_bytes()[i.saturating_sub(16)..i].iter().rposition(|&b| b == b'&').is_some_and(|k| {
                    let a = i.saturating_sub(16) + k;
                    text[a + 1..i].chars().all(|c| c.is_alphanumeric() || matches!(c, '#' | ';'))
                }) =>
                {
                    continue
                }
                ':' if right.chars().all(|c| c.is_ascii_digit()) => continue,
                _ => {}
            }
            if punct == ',' {
                let b = doc.block_at(i);
                let tags = *tag_lists.entry(b).or_insert_with(|| b.is_some_and(|b| is_tag_list(doc, b)));
                if tags {
                    continue;
                }
            }
            // Hill.TV, Mixi.Media: a name that opens a short line, not a one-word sentence.
            if punct == '.' && opens_short_line(doc, left_start) {
                continue;
            }
            let span = left_start..j + right.len();
            if doc.is_protected(&span) || in_tag(text, i) {
                continue;
            }
            let mut hit = Hit::new(rule, span);
            hit.vars.push(("mark", punct.to_string()));
            hit.edits = Some(vec![Edit { start: space_at, end: space_at, replacement: " ".into() }]);
            hit.suggestion = Some(format!("{} {}{}", &text[left_start..space_at], &text[space_at..j], right));
            out.push(hit);
        }
    }
}
