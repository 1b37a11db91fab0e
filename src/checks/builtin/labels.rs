//! Metadata labels whose value the scraper lost ("Tags:", "Updated on:" alone). Many pages
//! put the value on the line under its label ("Filed under:" then "Local News"): that label
//! is not empty. A label is empty when nothing follows it, or what follows is no value: a
//! paragraph, another label, or (for a date label) a line that does not open like a date.

use crate::checks::line::LineCheck;
use crate::checks::{Check, Hit};
use crate::document::Document;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyLabelParams {
    /// The label, matched case-insensitively against the whole line.
    pub regex: String,
    /// The most words of a label line.
    pub max_words: usize,
    /// Words of labels whose value is a date or time: the line under them is their value
    /// only when it opens like one (a digit, a month, a weekday).
    #[serde(default)]
    pub dated: Vec<String>,
    /// Words of labels reported whatever follows ("Share this:" over its buttons).
    #[serde(default)]
    pub always: Vec<String>,
    /// The most words of a value on the next line.
    #[serde(default = "eight")]
    pub max_value_words: usize,
}

fn eight() -> usize {
    8
}

pub struct EmptyLabel {
    lines: LineCheck,
    dated: Vec<String>,
    always: Vec<String>,
    max_value_words: usize,
}

impl EmptyLabel {
    /// `trusted` as for [`super::make`].
    pub fn new(p: EmptyLabelParams, trusted: bool) -> Result<Self, String> {
        let regex = format!("(?i:{})", p.regex);
        if !trusted {
            regex_syntax::Parser::new().parse(&regex).map_err(|e| format!("invalid `regex`: {e}"))?;
        }
        let lower = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
        Ok(EmptyLabel {
            lines: LineCheck::new(Some(&regex), &[], false, Some(p.max_words), false, 1),
            dated: lower(p.dated),
            always: lower(p.always),
            max_value_words: p.max_value_words,
        })
    }

    /// Whether block `next`, the line under a label (of `words`), reads as its value.
    fn is_value(&self, doc: &Document, words: &[String], next: usize) -> bool {
        let b = &doc.blocks[next];
        let text = doc.slice(&b.content).trim();
        if b.word_count == 0 || b.word_count > self.max_value_words {
            return false;
        }
        // Another label, or a sentence ("Tags:" then a paragraph of the next story).
        if text.ends_with([':', '!', '?']) || (text.ends_with('.') && b.word_count > 3) {
            return false;
        }
        let dated = words.iter().any(|w| self.dated.contains(w));
        !dated || is_date(text)
    }
}

/// Words that open a date: months and weekdays (English, with their abbreviations).
const DATE_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "today",
    "yesterday",
];

/// Whether `text` opens like a date or time: a digit, a month or a weekday first ("12 May",
/// "Nov. 18", "Tuesday", "2 days ago"; not "by Jane Roe 57 views").
fn is_date(text: &str) -> bool {
    let first = text.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("");
    first.starts_with(|c: char| c.is_ascii_digit()) || DATE_WORDS.contains(&first.to_lowercase().as_str())
}

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

impl Check for EmptyLabel {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let start = out.len();
        self.lines.run(doc, rule, out);
        let mut k = start;
        // The line check found the labels; keep those with no value under them.
        for i in start..out.len() {
            let at = out[i].span.start;
            let block = doc.blocks.partition_point(|b| b.span.start < at);
            let words = words_of(doc.slice(&doc.blocks[block].content));
            let empty = words.iter().any(|w| self.always.contains(w))
                || block + 1 >= doc.blocks.len()
                || !self.is_value(doc, &words, block + 1);
            if empty {
                out.swap(k, i);
                k += 1;
            }
        }
        out.truncate(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<usize> {
        let p = EmptyLabelParams {
            regex: r"(?:updated|tags|author|share this)(?:\s+on)?\s*:".into(),
            max_words: 4,
            dated: vec!["Updated".into()],
            always: vec!["share".into()],
            max_value_words: 8,
        };
        let check = EmptyLabel::new(p, false).expect("valid params");
        let doc = Document::new("t.txt", text);
        let mut out = Vec::new();
        check.run(&doc, 0, &mut out);
        out.iter().map(|h| doc.line_col(h.span.start).0).collect()
    }

    #[test]
    fn a_label_with_its_value_on_the_next_line_is_not_empty() {
        assert!(lines("Tags:\nHarbour Bridge\nAuthor:\nJane Roe\nUpdated on:\n12 May 2024\n").is_empty());
    }

    #[test]
    fn a_label_followed_by_nothing_a_sentence_a_label_or_no_date_is_empty() {
        assert_eq!(lines("Story.\nTags:"), [2]);
        assert_eq!(lines("Tags:\nThe council met on Tuesday to agree the budget.\n"), [1]);
        assert_eq!(lines("Tags:\nAuthor:\nJane Roe\n"), [1]);
        assert_eq!(lines("Updated on:\nBy Jane Roe\n"), [1]);
        assert_eq!(lines("Updated on:\nby Jane Roe 57 views\n"), [1]);
        assert!(lines("Updated on:\nNov. 18, 2019\nUpdated on:\nTuesday\nUpdated on:\n2 days ago\n").is_empty());
        assert_eq!(lines("Share this:\nFacebook\n"), [1]);
    }
}
