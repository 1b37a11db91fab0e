//! Whole-line rules: a block whose entire text matches ("Source link", "57 views"), with
//! runs of matching lines merged into one finding (share counters, menus).

use super::literals::GatedRegex;
use super::{delete_lines, Check, Hit};
use crate::checks::repetition::index::StrSet;
use crate::document::Document;
use crate::rules::{LINE_DFA_CACHE, REGEX_SIZE_LIMIT};

pub struct LineCheck {
    /// Anchored to the whole line; compiled on first use, behind its required literals.
    regex: Option<GatedRegex>,
    /// Normalised whole-line phrases.
    phrases: LinePhrases,
    max_words: Option<usize>,
    merge_runs: bool,
    min_run: usize,
}

/// Lower-cases and drops trailing punctuation so "Read more…" equals "read more".
pub fn normalise_line(s: &str, case_sensitive: bool) -> String {
    let t = bare_line(s);
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if case_sensitive {
        out
    } else if out.is_ascii() {
        // The same as `to_lowercase` for ASCII, without a second string.
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

/// [`normalise_line`] of a line of at most `max_words` words once normalised, else `None`:
/// phrase lists hold short lines, and a paragraph is then ruled out without a copy.
pub fn normalise_short_line(s: &str, case_sensitive: bool, max_words: usize) -> Option<String> {
    bare_line(s).split_whitespace().nth(max_words).is_none().then(|| normalise_line(s, case_sensitive))
}

/// Longest normalised ASCII line [`LinePhrases::contains`] builds on the stack.
const STACK_LINE: usize = 128;

/// A set of whole-line phrases, compared as [`normalise_line`] normalises. Most lines of a
/// scraped page are short, so each phrase rule meets most lines: an ASCII line (nearly
/// all of them) is normalised into a stack buffer that stops at the longest phrase, with no
/// allocation; other lines take [`normalise_short_line`].
pub struct LinePhrases {
    set: StrSet<String>,
    /// Words of the longest phrase.
    words: usize,
    /// Bytes of the longest phrase.
    longest: usize,
    /// A bit per (first byte, last byte) of a phrase, both cases of an ASCII letter when
    /// case is folded: most short lines are ruled out by their ends. (Trimming and folding
    /// keep a line's ASCII ends where they are; other bytes are not looked up.)
    ends: Vec<u64>,
    case_sensitive: bool,
}

impl LinePhrases {
    pub fn new<S: AsRef<str>>(phrases: &[S], case_sensitive: bool) -> Self {
        let set: StrSet<String> = phrases.iter().map(|p| normalise_line(p.as_ref(), case_sensitive)).collect();
        let mut ends = vec![0u64; 1 << 10];
        let cases = |b: u8| if case_sensitive { [b, b] } else { [b, b.to_ascii_uppercase()] };
        for p in &set {
            let (Some(f), Some(l)) = (p.bytes().next(), p.bytes().last()) else { continue };
            for (f, l) in cases(f).into_iter().flat_map(|f| cases(l).map(|l| (f, l))) {
                let k = usize::from(f) << 8 | usize::from(l);
                ends[k / 64] |= 1 << (k % 64);
            }
        }
        LinePhrases {
            ends,
            words: set.iter().map(|p| p.split_whitespace().count()).max().unwrap_or(0),
            longest: set.iter().map(String::len).max().unwrap_or(0),
            set,
            case_sensitive,
        }
    }

    /// Is `line`, normalised, one of the phrases? Inlined for the empty set, which most
    /// line rules have and every short line of a page asks about.
    #[inline]
    pub fn contains(&self, line: &str) -> bool {
        !self.set.is_empty() && self.contains_some(line)
    }

    fn contains_some(&self, line: &str) -> bool {
        let t = bare_line(line);
        let (Some(&f), Some(&l)) = (t.as_bytes().first(), t.as_bytes().last()) else {
            // An empty line normalises to "", which no phrase list holds in practice.
            return self.set.contains("");
        };
        // A character that is not ASCII may fold to anything (the Kelvin sign to `k`).
        let k = usize::from(f) << 8 | usize::from(l);
        if f.is_ascii() && l.is_ascii() && self.ends[k / 64] & (1 << (k % 64)) == 0 {
            return false;
        }
        if !t.is_ascii() || self.longest > STACK_LINE {
            return normalise_short_line(line, self.case_sensitive, self.words).is_some_and(|n| self.set.contains(&n));
        }
        let mut buf = [0u8; STACK_LINE];
        let mut n = 0;
        // The ASCII characters `char::is_whitespace` accepts: tab to carriage return, space.
        for w in t.as_bytes().split(|b| matches!(b, b'\t'..=b'\r' | b' ')).filter(|w| !w.is_empty()) {
            let sep = usize::from(n > 0);
            if n + sep + w.len() > self.longest {
                return false;
            }
            if sep == 1 {
                buf[n] = b' ';
            }
            let to = &mut buf[n + sep..n + sep + w.len()];
            to.copy_from_slice(w);
            if !self.case_sensitive {
                to.make_ascii_lowercase();
            }
            n += sep + w.len();
        }
        // Only ASCII bytes were copied.
        std::str::from_utf8(&buf[..n]).is_ok_and(|k| self.set.contains(k))
    }
}

/// The line without surrounding whitespace and trailing punctuation.
fn bare_line(s: &str) -> &str {
    s.trim().trim_end_matches(|c: char| {
        matches!(c, '.' | ':' | '…' | '!' | '|' | '»' | '›' | '>' | '-' | '–' | '—') || c.is_whitespace()
    })
}

impl LineCheck {
    /// `regex` is the whole-line pattern text, already checked by rule loading; it is
    /// anchored here and compiled only when a line gets past its gates.
    pub fn new(
        regex: Option<&str>,
        phrases: &[String],
        case_sensitive: bool,
        max_words: Option<usize>,
        merge_runs: bool,
        min_run: usize,
    ) -> Self {
        LineCheck {
            regex: regex.map(|r| GatedRegex::with_cache(format!("^(?:{r})$"), REGEX_SIZE_LIMIT, LINE_DFA_CACHE)),
            phrases: LinePhrases::new(phrases, case_sensitive),
            max_words,
            merge_runs,
            min_run: min_run.max(1),
        }
    }

    /// The whole-line regex (anchored), for a [`super::literals::Gate`] shared by many rules.
    pub fn pattern(&self) -> Option<&str> {
        self.regex.as_ref().map(GatedRegex::pattern)
    }

    /// The most words of a block this rule reads; `None` when there is no limit.
    pub fn max_words(&self) -> Option<usize> {
        self.max_words
    }

    /// `gate(block)`: may the regex match in that block's content?
    fn matches(&self, doc: &Document, block: usize, gate: &dyn Fn(usize) -> bool) -> bool {
        let b = &doc.blocks[block];
        if self.max_words.is_some_and(|m| b.word_count > m) {
            return false;
        }
        let content = doc.slice(&b.content);
        if let Some(g) = self.regex.as_ref().filter(|_| gate(block)) {
            // A closing full stop or ellipsis is not part of what the line says.
            let bare = content.trim_end_matches(['.', '…', '!']).trim_end();
            if let Some(re) = g.regex() {
                if re.is_match(content) || (bare.len() < content.len() && re.is_match(bare)) {
                    return true;
                }
            }
        }
        self.phrases.contains(content)
    }
}

impl Check for LineCheck {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let gate = |b: usize| self.regex.as_ref().is_some_and(|g| g.may_match(doc.slice(&doc.blocks[b].content)));
        self.run_gated(doc, rule, &gate, out);
    }
}

impl LineCheck {
    /// The check, with `gate(block)` saying whether the regex may match in a block (an
    /// engine computes it for all its line rules at once).
    pub fn run_gated(&self, doc: &Document, rule: usize, gate: &dyn Fn(usize) -> bool, out: &mut Vec<Hit>) {
        let mut i = 0;
        while i < doc.blocks.len() {
            if !self.matches(doc, i, gate) {
                i += 1;
                continue;
            }
            let mut j = i;
            // The block after a merged run is known not to match: skip it.
            let mut next = i + 1;
            if self.merge_runs {
                while j + 1 < doc.blocks.len() && self.matches(doc, j + 1, gate) {
                    j += 1;
                }
                next = j + 2;
            }
            let run = j - i + 1;
            if run >= self.min_run {
                let (first, last) = (&doc.blocks[i], &doc.blocks[j]);
                let mut hit = Hit::new(rule, first.span.start..last.span.end);
                hit.block_level = true;
                hit.edits = Some(vec![delete_lines(doc, first.line, last.line)]);
                if run > 1 {
                    hit.notes.push(format!("{run} lines reported as one block"));
                }
                hit.vars.push(("lines", run.to_string()));
                out.push(hit);
            }
            i = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The stack-buffer comparison says what normalising each line into a `String` says, on
    /// odd whitespace, case, trailing punctuation, non-ASCII and over-long lines, and on every
    /// line of the fixtures and the development set's pages when present.
    #[test]
    fn phrases_compare_as_normalised_lines() {
        let lists: [&[&str]; 3] = [
            &["source link", "read more", "ad", "k", "skip to main content", "ß"],
            &["table of contents", "toc", "—", "Über uns"],
            &[],
        ];
        let mut lines: Vec<String> = [
            "Source link",
            "  READ   more… ",
            "read\u{b}more",
            "read\u{c}more.",
            "read\u{1f}more",
            "read\u{a0}more",
            "Read more here",
            "Ad",
            "ad:",
            "\u{212a}",
            "K",
            "SS",
            "ß",
            "skip to main content!",
            "skip  to main contents",
            "",
            "...",
            "\u{2014}",
            "über UNS",
            " TOC:",
        ]
        .map(String::from)
        .to_vec();
        lines.push("read more ".repeat(40));
        for t in crate::document::sample_texts() {
            lines.extend(t.lines().map(String::from));
        }
        assert!(lines.len() > 1000, "the fixtures are read");
        for (phrases, case_sensitive) in lists.iter().flat_map(|l| [(l, false), (l, true)]) {
            let p = LinePhrases::new(phrases, case_sensitive);
            let set: HashSet<String> = phrases.iter().map(|s| normalise_line(s, case_sensitive)).collect();
            for l in &lines {
                let want = normalise_short_line(l, case_sensitive, 4).is_some_and(|n| set.contains(&n));
                assert_eq!(p.contains(l), want, "{l:?} case_sensitive={case_sensitive}");
            }
        }
        let p = LinePhrases::new(lists[0], false);
        assert!(p.contains("  READ   more… ") && p.contains("\u{212a}") && !p.contains("Read more here"));
    }
}
