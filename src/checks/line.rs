//! Whole-line rules: a block whose entire text matches ("Source link", "57 views"), with
//! runs of matching lines merged into one finding (share counters, menus).

use super::literals::GatedRegex;
use super::{run_hit, Check, Hit};
use crate::checks::repetition::index::StrSet;
use crate::document::chars::lower_is_same;
use crate::document::Document;
use crate::rules::compiled::RuleRegex;
use crate::rules::{LINE_DFA_CACHE, REGEX_SIZE_LIMIT};
use std::sync::OnceLock;

pub struct LineCheck {
    /// Anchored to the whole line; compiled on first use, behind its required literals.
    regex: Option<GatedRegex>,
    /// The rule's regex as the engine gave it (not anchored).
    source: Option<String>,
    /// The anchored regexes of its parts (see [`split_counters`]), worked out on first use;
    /// none when it is matched whole.
    parts: OnceLock<Vec<RuleRegex>>,
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
    } else if out.chars().all(lower_is_same) {
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
            regex: regex.map(|r| GatedRegex::with_cache(anchored(r), REGEX_SIZE_LIMIT, LINE_DFA_CACHE)),
            source: regex.map(String::from),
            parts: OnceLock::new(),
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
            let parts = self.parts();
            let is_match = |t: &str| match parts {
                [] => g.regex().is_some_and(|re| re.is_match(t)),
                _ => parts.iter().any(|p| p.is_match(t)),
            };
            if is_match(content) || (bare.len() < content.len() && is_match(bare)) {
                return true;
            }
        }
        self.phrases.contains(content)
    }
}

impl LineCheck {
    /// The regexes to match one after another in place of the whole one, if any.
    fn parts(&self) -> &[RuleRegex] {
        self.parts.get_or_init(|| {
            let parts = self.source.as_deref().map(split_counters).unwrap_or_default();
            parts.iter().map(|p| RuleRegex::with_cache(anchored(p), REGEX_SIZE_LIMIT, LINE_DFA_CACHE)).collect()
        })
    }
}

/// The anchored parts of the default line rules' regexes, for the stored automata.
#[cfg(test)]
pub(crate) fn default_parts() -> Vec<(String, String, Vec<String>)> {
    let (specs, errors) = crate::rules::parse_all(&crate::rules::RuleSource::embedded());
    assert!(errors.is_empty(), "the default rules parse");
    specs
        .into_iter()
        .filter_map(|(_, r, _)| match r.check {
            crate::rules::schema::Check::Line(l) => {
                // The text the engine gives the line check: the case flag folded in.
                let regex = crate::rules::check_regex(0, &l.regex?, l.case_sensitive, true).ok()?;
                let parts = split_counters(&regex).iter().map(|p| anchored(p)).collect();
                Some((r.id.get_ref().clone(), anchored(&regex), parts))
            }
            _ => None,
        })
        .collect()
}

/// A line rule's regex anchored to the whole line.
fn anchored(regex: &str) -> String {
    format!("^(?:{regex})$")
}

/// A counted repetition this long or longer opens an alternative of [`split_counters`].
const LONG_COUNT: u32 = 16;

/// The parts to match separately of a regex whose top-level alternatives include two or
/// more that open with a long counted repetition of a class (`.{0,120} all rights reserved
/// | (?:[^.!?]{0,40}\s)? copyright ...`): each such alternative alone, and the others
/// together, each after the regex's leading flags. Either counter alone makes a small lazy
/// DFA; both at once make a state per pair of places reached in each, which overflowed the
/// DFA's cache and left the copyright line at 3-6 µs a line, against about 0.1 µs for each
/// part. Empty when the regex is matched whole: most are (splitting other alternations made
/// them slower), and any regex this reading of the text is not sure of (a flag group or an
/// `x`-mode comment after the start).
///
/// Read from the text, not parsed: parsing a rule regex costs 20-300 µs, and a small
/// article's whole run is a few milliseconds.
pub fn split_counters(regex: &str) -> Vec<String> {
    // A regex wrapped whole in a group of its own flags (the case flag of a rule that
    // ignores case, `(?i:...)`) is split inside it, and each part wrapped the same way.
    if let Some((open, inner)) = scoped_group(regex) {
        return split_counters(inner).into_iter().map(|p| format!("{open}{p})")).collect();
    }
    let Some((flags, alternatives)) = top_level_alternatives(regex) else { return Vec::new() };
    let x_mode = flags.contains('x');
    let (counted, rest): (Vec<&str>, Vec<&str>) = alternatives.iter().partition(|a| opens_with_count(a, x_mode));
    if counted.len() < 2 {
        return Vec::new();
    }
    let mut parts: Vec<String> = counted.iter().map(|a| format!("{flags}{a}")).collect();
    if !rest.is_empty() {
        parts.push(format!("{flags}{}", rest.join("|")));
    }
    parts
}

/// `(?flags:` and the inside of a group with flags of its own that is the whole of `regex`.
fn scoped_group(regex: &str) -> Option<(&str, &str)> {
    let rest = regex.strip_prefix("(?")?;
    let n = flags_len(rest);
    if n == 0 || rest.as_bytes().get(n) != Some(&b':') {
        return None;
    }
    let open = n + 3;
    (group_end(regex)? == regex.len()).then(|| (&regex[..open], &regex[open..regex.len() - 1]))
}

/// Where the group that opens `regex` ends (just past its `)`).
fn group_end(regex: &str) -> Option<usize> {
    let (mut depth, mut i) = (0usize, 0);
    while i < regex.len() {
        match regex.as_bytes()[i] {
            b'(' => depth += 1,
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i = token_end(regex, i)?;
    }
    None
}

/// How many bytes at the start of `s` are flag letters or `-` (after a group's `(?`).
fn flags_len(s: &str) -> usize {
    s.bytes().take_while(|b| b.is_ascii_alphabetic() || *b == b'-').count()
}

/// Where the token at `i` of a pattern ends: an escape takes two bytes, a bracketed class
/// all of it (`None` for one this reading does not follow), anything else one byte.
fn token_end(regex: &str, i: usize) -> Option<usize> {
    match regex.as_bytes()[i] {
        b'\\' => Some(i + 2),
        b'[' => Some(i + class_end(&regex[i..])?),
        _ => Some(i + 1),
    }
}

/// The leading flag group (`(?xi)`, or "") and the alternatives at the top level of
/// `regex`; `None` when there is one, or when a flag group or `#` comes later at the top
/// level (they would change how the alternatives after it read).
fn top_level_alternatives(regex: &str) -> Option<(&str, Vec<&str>)> {
    let bytes = regex.as_bytes();
    let flags_end = regex
        .strip_prefix("(?")
        .and_then(|r| {
            let n = flags_len(r);
            (n > 0 && r.as_bytes().get(n) == Some(&b')')).then_some(n + 3)
        })
        .unwrap_or(0);
    let (mut depth, mut from, mut out) = (0usize, flags_end, Vec::new());
    let mut i = flags_end;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => return None,
            b'(' => {
                // `(?i)` at the top level changes the alternatives after it (a group's own
                // flags, `(?-i:...)`, and flags inside a group do not).
                let flags = regex[i + 1..].strip_prefix('?').map(|r| &r[flags_len(r)..]);
                if depth == 0 && flags.is_some_and(|r| r.starts_with(')')) {
                    return None;
                }
                depth += 1;
            }
            b')' => depth = depth.checked_sub(1)?,
            b'|' if depth == 0 => {
                out.push(&regex[from..i]);
                from = i + 1;
            }
            _ => {}
        }
        i = token_end(regex, i)?;
    }
    out.push(&regex[from..]);
    (out.len() >= 2).then(|| (&regex[..flags_end], out))
}

/// The length of the bracketed class that opens `t`; `None` for one holding another (or
/// unclosed), which this reading does not follow.
fn class_end(t: &str) -> Option<usize> {
    let bytes = t.as_bytes();
    let mut i = if t.starts_with("[^") { 2 } else { 1 };
    // A `]` first in the class is itself.
    if bytes.get(i) == Some(&b']') {
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => return None,
            b']' => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether an alternative opens with a class or `.` repeated `{n,m}` times, `m` at least
/// [`LONG_COUNT`], maybe inside (optional) groups.
fn opens_with_count(alternative: &str, x_mode: bool) -> bool {
    let mut t = alternative;
    loop {
        if x_mode {
            t = t.trim_start();
        }
        match t.strip_prefix("(?:").or_else(|| t.strip_prefix('(').filter(|r| !r.starts_with('?'))) {
            Some(inner) => t = inner,
            None => break,
        }
    }
    let atom = match t.as_bytes().first() {
        Some(b'.') => 1,
        Some(b'[') => match class_end(t) {
            Some(end) => end,
            None => return false,
        },
        _ => return false,
    };
    let after = &t[atom..];
    let Some(count) = after.strip_prefix('{').and_then(|r| r.split_once('}')).map(|(c, _)| c) else { return false };
    count.split_once(',').is_some_and(|(min, max)| {
        min.bytes().all(|b| b.is_ascii_digit()) && max.parse::<u32>().is_ok_and(|m| m >= LONG_COUNT)
    })
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
                let mut hit = run_hit(doc, rule, i, j);
                if run > 1 {
                    hit.notes.push(format!("{run} lines reported as one block"));
                }
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

    /// Alternatives that open with long counts are split at the top level only, after the
    /// leading flags; anything the reading of the text is unsure of is matched whole.
    #[test]
    fn long_counted_alternatives_are_split() {
        let two = "(?xi) (?: .{0,120} all\\s+rights ) | (?: (?:[^.!?]{0,40}\\s)? copyright ) | \\(c\\)";
        assert_eq!(
            split_counters(two),
            ["(?xi) (?: .{0,120} all\\s+rights ) ", "(?xi) (?: (?:[^.!?]{0,40}\\s)? copyright ) ", "(?xi) \\(c\\)"]
        );
        assert_eq!(split_counters(".{0,20}a|[^|]{0,30}b"), [".{0,20}a", "[^|]{0,30}b"]);
        // Inside a group of its own flags that is the whole regex.
        assert_eq!(split_counters("(?i:.{0,20}a|[)]{0,30}b)"), ["(?i:.{0,20}a)", "(?i:[)]{0,30}b)"]);
        assert!(split_counters("(?i:.{0,20}a)|(?i:.{0,30}b)").is_empty());
        // Flags of a group's own, or inside one, stay with it.
        assert_eq!(split_counters("(?:.{0,20}(?i)a)|(.{0,30})b"), ["(?:.{0,20}(?i)a)", "(.{0,30})b"]);
        assert_eq!(split_counters("(?-i:.{0,20}a)|.{0,30}b"), Vec::<String>::new());
        for whole in [
            ".{0,20}a|b",                     // one long count
            ".{0,15}a|.{0,30}b",              // one of them short
            "(?:.{0,20}a|.{0,30}b)",          // not at the top level
            ".{0,20}a|(?i).{0,30}b",          // a flag group after the start
            "(?i:.{0,20}a)|(?-i).{0,30}b",    // another, after a scoped one
            "(?x).{0,20}a # note\n|.{0,30}b", // an x-mode comment
            "x.{0,20}a|.{0,30}b",             // a literal first
            "[[:alpha:]]{0,20}a|.{0,30}b",    // a class inside a class
            ".{0,20}a\\|.{0,30}b",            // an escaped bar
            "[|].{0,20}a",                    // a bar in a class
        ] {
            assert!(split_counters(whole).is_empty(), "{whole}");
        }
    }

    /// Each default line rule whose regex is split matches, part by part, exactly the lines
    /// its whole regex matches, on the fixtures and development set; the copyright line is
    /// split (its two counts overflowed the lazy DFA).
    #[test]
    fn split_line_regexes_match_as_the_whole_does() {
        let rules = default_parts();
        assert!(rules.iter().any(|(id, _, parts)| id == "boilerplate/copyright" && parts.len() == 2));
        let texts = crate::document::sample_texts_and(&[
            "© 2019 The Daily Planet",
            "Copyright 2021 Example Media. All rights reserved.",
            "Under the agreement the two companies signed in Geneva late on Tuesday with their lawyers and the regulator, the buyer keeps all rights reserved for the seller.",
        ]);
        let mut matched = 0;
        for (id, whole, parts) in rules.iter().filter(|(_, _, parts)| !parts.is_empty()) {
            let whole = regex::Regex::new(whole).expect("whole");
            let parts: Vec<regex::Regex> = parts.iter().map(|p| regex::Regex::new(p).expect("part")).collect();
            for text in &texts {
                for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let want = whole.is_match(line);
                    assert_eq!(parts.iter().any(|p| p.is_match(line)), want, "{id}: {line:?}");
                    matched += usize::from(want);
                }
            }
        }
        assert!(matched >= 2, "{matched} lines matched");
    }

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
