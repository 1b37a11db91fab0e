//! The one segmentation every check reads: lines, blocks, sentences and words, all as byte
//! spans into the original source (a BOM and `\r` stay in the source and are skipped here).

pub mod chars;
mod load;
mod memo;
mod sentences;
pub mod spans;

pub use load::{decode, decode_owned, lone_crs_to_lf, with_lone_crs, LoadError};
pub use memo::Memo;
pub use sentences::split_sentences;

use crate::rules::compiled::RuleRegex;
use regex::Regex;
use regex_automata::dfa;
use std::ops::Range;
use std::sync::LazyLock;

pub type Span = Range<usize>;

/// What a block is, judged from its own line (scraped paragraphs are single lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A short line without sentence punctuation, or a Markdown `#` heading.
    Heading,
    /// A line that starts with a list marker (`-`, `*`, `•`, `1.`).
    ListItem,
    Paragraph,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::ListItem => "list_item",
            BlockKind::Paragraph => "paragraph",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The trimmed line, marker included.
    pub span: Span,
    /// The text after any list marker or `#`s: what the block says.
    pub content: Span,
    /// 0-based line index.
    pub line: usize,
    /// Range into `Document::sentences`.
    pub sentences: Range<usize>,
    pub word_count: usize,
    /// Words, counting two CJK characters as one (see [`weight_of`]); made once here, where
    /// the page-layout checks asked it of most blocks two or three times.
    pub weight: usize,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    pub block: usize,
}

/// A loaded article with its segmentation.
pub struct Document<'a> {
    pub path: String,
    pub text: &'a str,
    /// Byte offset where each line starts.
    pub line_starts: Vec<usize>,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    /// Word tokens: runs of letters with inner apostrophes.
    pub words: Vec<Span>,
    /// URLs, e-mail addresses and domain names: typo checks leave these alone.
    pub protected: Vec<Span>,
    /// Whether the document reads as English, judged on first use by
    /// `checks::builtin::prose::looks_english` and kept for every check that asks.
    pub english: std::sync::OnceLock<bool>,
    /// Analyses several checks read (page layout, block normalisation), made by the first
    /// check that asks and dropped with the document.
    pub memo: Memo,
    /// Characters before each multiple of [`CHAR_CHECKPOINT`] bytes, made on the first column
    /// asked of a long line: a column is counted from the nearest checkpoint, not from the
    /// line's start (a page of one long line has thousands of findings on it).
    char_checkpoints: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between [`Document::char_checkpoints`]; a column in a shorter line is counted from
/// the line's start.
const CHAR_CHECKPOINT: usize = 512;

/// Links, addresses, handles and hashtags: text no typo rule may touch. Matches never span
/// a line (none takes a space).
const PROTECTED_PATTERN: &str = r"(?xi)
        (?: https?://|ftp://|www\. ) [^\s<>()\[\]]+
      | [a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}
      | (?-u:\b)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?-i:com|org|net|gov|edu|io|co|uk|ru|ua|de|fr|news|info|tv|int|eu|us|ca|au|in|me|ai|ly|cn|jp)(?-u:\b)(?:/[^\s]*)?
      | @[A-Za-z0-9_]{2,} | \#[A-Za-z][A-Za-z0-9_]+
    ";

/// [`PROTECTED_PATTERN`] as a pair of dense DFAs (forward, and reverse for match starts)
/// compiled ahead of time and read in place: the lazy DFA built it state by state on every
/// document, a tenth of linting a small one (refreshed by `NEWSLINT_UPDATE_TABLES=1 cargo
/// test --lib table_is_current`).
static PROTECTED_FORWARD: &Aligned<[u8]> = &Aligned { _align: [], bytes: *include_bytes!("protected.forward.dfa") };
static PROTECTED_REVERSE: &Aligned<[u8]> = &Aligned { _align: [], bytes: *include_bytes!("protected.reverse.dfa") };

/// Bytes at an address a DFA's `u32` transitions can be read from in place.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

type StoredDfa = dfa::regex::Regex<dfa::dense::DFA<&'static [u32]>>;

/// Read without checking every transition: the check touched all 290 KiB of both tables,
/// about a twentieth of linting a small article, where a search touches a few pages.
static PROTECTED_DFA: LazyLock<Option<StoredDfa>> = LazyLock::new(|| {
    // SAFETY: the bytes are what this crate's `to_bytes_little_endian` wrote for
    // PROTECTED_PATTERN, byte for byte, and `from_bytes` accepts them with every transition
    // checked (both asserted by `protected_dfa_table_is_current`, which CI runs); the header
    // (label, byte order, format version, alignment) is still checked here.
    let forward = unsafe { dfa::dense::DFA::from_bytes_unchecked(&PROTECTED_FORWARD.bytes) }.ok()?.0;
    let reverse = unsafe { dfa::dense::DFA::from_bytes_unchecked(&PROTECTED_REVERSE.bytes) }.ok()?.0;
    Some(dfa::regex::Regex::builder().build_from_dfas(forward, reverse))
});

/// For a build whose stored DFAs do not load (another byte order, a stale table).
static PROTECTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(PROTECTED_PATTERN).expect("static regex"));

/// The spans [`PROTECTED_PATTERN`] matches in `text`. No match holds whitespace and every
/// one holds a `.`, `@`, `#` or `:`, so only the stretches between ASCII whitespace that hold
/// one of those are searched (most words hold none), each with the text around it as the
/// context of `\b`: the same matches as one search of the whole text.
fn protected_spans(text: &str) -> Vec<Span> {
    let Some(re) = PROTECTED_DFA.as_ref() else {
        return PROTECTED.find_iter(text).map(|m| m.range()).collect();
    };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    // The next `.`, `@` or `#` and the next `:`, each found by a vector search and kept until
    // passed: a byte-at-a-time scan for the four was about 0.5% of a run.
    let marks = |from: usize| memchr::memchr3(b'.', b'@', b'#', &bytes[from..]).map(|k| from + k);
    let colons = |from: usize| memchr::memchr(b':', &bytes[from..]).map(|k| from + k);
    let (mut punct, mut colon) = (marks(0), colons(0));
    loop {
        if punct.is_some_and(|n| n < at) {
            punct = marks(at);
        }
        if colon.is_some_and(|n| n < at) {
            colon = colons(at);
        }
        let Some(hit) = punct.into_iter().chain(colon).min() else { break };
        let start = bytes[at..hit].iter().rposition(u8::is_ascii_whitespace).map_or(at, |i| at + i + 1);
        let end = bytes[hit..].iter().position(u8::is_ascii_whitespace).map_or(bytes.len(), |i| hit + i);
        let input = regex_automata::Input::new(text).range(start..end);
        out.extend(re.find_iter(input).map(|m| m.range()));
        at = end;
    }
    out
}

/// The patterns of this module's regexes (see `rules::known_nfas`).
#[cfg(test)]
pub(crate) fn own_patterns() -> Vec<&'static str> {
    [&LIST_MARKER, &MD_HEADING].map(RuleRegex::pattern).to_vec()
}

const HEADING_MAX_WORDS: usize = 16;

impl<'a> Document<'a> {
    pub fn new(path: impl Into<String>, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text).map(|i| i + 1));
        let mut doc = Document {
            path: path.into(),
            text,
            line_starts,
            blocks: Vec::new(),
            sentences: Vec::new(),
            words: Vec::new(),
            protected: protected_spans(text),
            english: std::sync::OnceLock::new(),
            memo: Memo::default(),
            char_checkpoints: std::sync::OnceLock::new(),
        };
        doc.segment();
        doc.words = tokenize_words(text, 0..text.len());
        doc
    }

    fn segment(&mut self) {
        let text = self.text;
        // Growing these from empty cost an eighth of segmenting.
        self.blocks.reserve(self.line_starts.len());
        let mut spans = Vec::new();
        let directives = memchr::memmem::find(text.as_bytes(), b"newslint-").is_some();
        for line in 0..self.line_starts.len() {
            let raw = self.line_span(line);
            let mut span = trim_span(text, raw);
            if directives {
                span = without_directives(text, span);
            }
            if span.is_empty() {
                continue;
            }
            let (kind, content, word_count) = classify(text, span.clone());
            let first = self.sentences.len();
            let block_index = self.blocks.len();
            sentences::split_sentences_into(text, content.clone(), &mut spans);
            self.sentences.extend(spans.drain(..).map(|s| Sentence { span: s, block: block_index }));
            let weight = weight_of(&text[content.clone()], word_count);
            let sentences = first..self.sentences.len();
            self.blocks.push(Block { kind, span, content, line, sentences, word_count, weight });
        }
    }

    /// The byte span of a line without its `\n` or `\r\n`.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line];
        let mut end = self.line_starts.get(line + 1).map_or(self.text.len(), |e| e - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 0-based line index of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// 1-based line and 1-based character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let mut start = self.line_starts[line];
        // A byte-order mark is not a column: the first character after it is column 1.
        if line == 0 && offset >= bom_len(self.text) {
            start = bom_len(self.text);
        }
        let col = match self.text.get(start..offset) {
            None => offset - start,
            Some(s) if s.len() <= CHAR_CHECKPOINT => s.chars().count(),
            Some(_) => self.chars_before(offset) - self.chars_before(start),
        };
        (line + 1, col + 1)
    }

    /// Characters in `text[..offset]`, for a character boundary `offset`: the characters
    /// before the checkpoint at or below it, and those from there on (a character is a byte
    /// that does not continue one, so a checkpoint inside a character is no matter).
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let leads = |r: std::ops::Range<usize>| bytes[r].iter().filter(|&&b| (b as i8) >= -0x40).count();
        let checkpoints = self.char_checkpoints.get_or_init(|| {
            let mut total = 0;
            let mut out = vec![0];
            for k in 1..=bytes.len() / CHAR_CHECKPOINT {
                total += leads((k - 1) * CHAR_CHECKPOINT..k * CHAR_CHECKPOINT);
                out.push(total);
            }
            out
        });
        let k = offset / CHAR_CHECKPOINT;
        checkpoints[k] + leads(k * CHAR_CHECKPOINT..offset)
    }

    /// The block whose line holds `offset`.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.end < offset);
        (i < self.blocks.len() && self.blocks[i].span.start <= offset).then_some(i)
    }

    /// The sentence holding `offset`, or failing that the nearest one before it.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        if i < self.sentences.len() && self.sentences[i].span.start <= offset {
            Some(i)
        } else {
            None
        }
    }

    /// True when the span overlaps a URL, e-mail address, domain, handle or hashtag.
    pub fn is_protected(&self, span: &Span) -> bool {
        let i = self.protected.partition_point(|p| p.end <= span.start);
        i < self.protected.len() && self.protected[i].start < span.end
    }

    pub fn slice(&self, span: &Span) -> &'a str {
        &self.text[span.clone()]
    }

    /// Word tokens inside `span`, found by binary search in the shared token list.
    pub fn words_in(&self, span: &Span) -> &[Span] {
        let a = self.words.partition_point(|w| w.start < span.start);
        let b = self.words.partition_point(|w| w.start < span.end);
        &self.words[a..b]
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// Bytes of the byte-order mark `text` starts with (0 or 3): kept in the source so offsets
/// match the file, but not content (no column, never edited).
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// Shrinks a span past whitespace (and a BOM) at both ends.
/// `span` (a trimmed line) without the newslint comments at its ends
/// (`<!-- newslint-disable-line … -->`): they are invisible once the article is rendered,
/// so a line is what is left of it. "Source link <!-- … -->" is still a whole-line match,
/// and a comment on a line of its own is no block at all, never the headline.
fn without_directives(text: &str, mut span: Span) -> Span {
    let is_directive = |comment: &str| comment.trim_start_matches("<!--").trim_start().starts_with("newslint-");
    loop {
        let s = &text[span.clone()];
        let before = span.clone();
        if s.ends_with("-->") {
            if let Some(open) = s.rfind("<!--").filter(|&o| is_directive(&s[o..])) {
                span = trim_span(text, span.start..span.start + open);
            }
        } else if s.starts_with("<!--") && is_directive(s) {
            if let Some(close) = s.find("-->") {
                span = trim_span(text, span.start + close + 3..span.end);
            }
        }
        if span == before || span.is_empty() {
            return span;
        }
    }
}

pub fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let is_ws = |c: char| c.is_whitespace() || c == '\u{feff}';
    let lead = s.len() - s.trim_start_matches(is_ws).len();
    let trail = s.len() - s.trim_end_matches(is_ws).len();
    if lead == s.len() {
        return span.start..span.start;
    }
    span.start + lead..span.end - trail
}

static LIST_MARKER: RuleRegex = RuleRegex::fixed(r"^(?:[-*•·▪–—]|\d{1,3}[.)])\s+");
static MD_HEADING: RuleRegex = RuleRegex::fixed(r"^#{1,6}\s+");

/// The block's kind, its content span and the number of whitespace-separated words in it.
fn classify(text: &str, span: Span) -> (BlockKind, Span, usize) {
    let s = &text[span.clone()];
    // Both patterns are anchored: the first character decides whether to try them.
    let first = s.chars().next().unwrap_or(' ');
    if first == '#' {
        if let Some(m) = MD_HEADING.find(s) {
            let content = span.start + m.end..span.end;
            return (BlockKind::Heading, content.clone(), count_words(&text[content]));
        }
    }
    if matches!(first, '-' | '*' | '•' | '·' | '▪' | '–' | '—') || first.is_numeric() {
        if let Some(m) = LIST_MARKER.find(s) {
            let content = span.start + m.end..span.end;
            return (BlockKind::ListItem, content.clone(), count_words(&text[content]));
        }
    }
    // The content is the whole line here: its word count is the block's.
    let words = count_words(s);
    let last = s.chars().last().unwrap_or(' ');
    let sentence_end = matches!(last, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | '…' | ';' | ',');
    if words <= HEADING_MAX_WORDS && !sentence_end && s.chars().next().is_some_and(|c| !c.is_lowercase()) {
        return (BlockKind::Heading, span, words);
    }
    (BlockKind::Paragraph, span, words)
}

/// Words of a text of `word_count` words, counting two CJK characters as one word (those
/// scripts have no spaces, so whitespace splitting sees a paragraph as one word).
fn weight_of(s: &str, word_count: usize) -> usize {
    // A CJK character takes three bytes: when even an all-CJK line could not outweigh the
    // word count, there is no need to count them.
    if word_count >= s.len() / 6 {
        return word_count;
    }
    // An ASCII line has no CJK character (and is tested eight bytes at a time).
    if s.is_ascii() {
        return word_count;
    }
    // Every such character's first byte is one of E3-ED or EF: counting those bytes bounds
    // the count from above without decoding (Cyrillic or Greek prose gets here too).
    if cjk_leads(s.as_bytes()) / 2 <= word_count {
        return word_count;
    }
    let cjk = s.chars().filter(|&c| is_cjk(c)).count();
    word_count.max(cjk / 2)
}

/// How many bytes of `bytes` are E3-ED or EF, eight at a time: bytes with bit 7 set whose
/// low seven bits are 63-6D or 6F.
fn cjk_leads(bytes: &[u8]) -> usize {
    use chars::{in_range, HIGH_BITS};
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or_default());
        let w = v & !HIGH_BITS;
        n += high_bits_set((in_range(w, 0x63, 0x6D) | in_range(w, 0x6F, 0x6F)) & v);
    }
    n + chunks.remainder().iter().filter(|&&c| matches!(c, 0xE3..=0xED | 0xEF)).count()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// `s.split_whitespace().count()`: eight ASCII bytes at a time, other characters decoded.
/// Every line of every document is counted, so this is worth the bit tricks.
fn count_words(s: &str) -> usize {
    use chars::{ascii_spaces, HIGH_BITS};
    let bytes = s.as_bytes();
    let (mut count, mut space_before, mut i) = (0, true, 0);
    while i < bytes.len() {
        if let Some(eight) = bytes.get(i..i + 8) {
            let v = u64::from_le_bytes(eight.try_into().unwrap_or([0x80; 8]));
            if v & HIGH_BITS == 0 {
                let space = ascii_spaces(v);
                // A word starts at a byte that is not a space after one that is.
                let after_space = (space << 8) | if space_before { 0x80 } else { 0 };
                count += high_bits_set(!space & HIGH_BITS & after_space);
                space_before = space >> 63 == 1;
                i += 8;
                continue;
            }
        }
        let (space, len) = if bytes[i] < 0x80 {
            (matches!(bytes[i], b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if !space && space_before {
            count += 1;
        }
        space_before = space;
        i += len;
    }
    count
}

/// How many of the eight high bits of `v` (no other bit set) are set: one multiply adds the
/// eight bytes' bits into the top byte. `count_ones` without the `popcnt` instruction, which
/// a build for any x86-64 may not use, is a dozen instructions.
#[inline]
fn high_bits_set(v: u64) -> usize {
    ((v >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Letters with inner apostrophes (`didn’t`), as byte spans inside `span`. Runs of ASCII
/// letters, most of any news text, are read by bytes; only other characters are decoded.
pub fn tokenize_words(text: &str, span: Span) -> Vec<Span> {
    // Room for a word in five bytes (capped: a page in a script without spaces has few and
    // long words): the development set's pages hold one in 6.7 on average, and 170 of 181
    // had more than one in eight, so that the vector grew (and was copied) once on most.
    let mut out = Vec::with_capacity((span.len() / 5).min(1 << 16));
    let (bytes, end) = (text.as_bytes(), span.end);
    let mut start: Option<usize> = None;
    let mut last_letter_end = 0;
    let char_at = |i: usize| text[i..end].chars().next();
    let mut i = span.start;
    while i < end {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            start.get_or_insert(i);
            i += chars::ascii_run(&bytes[i..end], false);
            last_letter_end = i;
            continue;
        }
        // Any other ASCII byte but the apostrophe ends a word (spaces and punctuation, most
        // of the rest of a text), without the character tests below.
        if b.is_ascii() && b != b'\'' {
            if let Some(st) = start.take() {
                out.push(st..last_letter_end);
            }
            i += 1;
            continue;
        }
        let c = if b.is_ascii() { b as char } else { char_at(i).unwrap_or(' ') };
        let next = i + c.len_utf8();
        if chars::is_alpha(c) {
            start.get_or_insert(i);
            last_letter_end = next;
        } else if (c == '\'' || c == '’') && start.is_some() {
            if !char_at(next).is_some_and(chars::is_alpha) {
                out.push(start.take().unwrap_or(0)..last_letter_end);
            }
        } else if let Some(st) = start.take() {
            out.push(st..last_letter_end);
        }
        i = next;
    }
    if let Some(st) = start {
        out.push(st..last_letter_end);
    }
    out
}

/// The fixtures' texts and, when it lies beside the repository, the development set's
/// pages: real text for the tests that hold a fast path to a plain one.
#[cfg(test)]
pub(crate) fn sample_texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("fixtures"), root.join("../shared/devset/aeb/full")];
    let mut texts = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    texts
}

/// The stored tables' refresh: with `NEWSLINT_UPDATE_TABLES` set, writes `files` (path,
/// fresh contents) and returns true, so the caller's test stops there; otherwise asserts that
/// the stored tables are `current` and returns false.
#[cfg(test)]
pub(crate) fn refresh_tables(files: &[(std::path::PathBuf, &[u8])], current: bool) -> bool {
    if std::env::var_os("NEWSLINT_UPDATE_TABLES").is_some() {
        for (path, bytes) in files {
            std::fs::write(path, bytes).expect("write the table");
        }
        return true;
    }
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert!(
        current,
        "{} out of date: run `NEWSLINT_UPDATE_TABLES=1 cargo test --lib table_is_current`",
        names.join(" and ")
    );
    false
}

/// `extra`, then [`sample_texts`]: the hand-written edge cases of a test before the real text.
#[cfg(test)]
pub(crate) fn sample_texts_and(extra: &[&str]) -> Vec<String> {
    let mut texts: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    texts.extend(sample_texts());
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored DFAs are the ones the pattern compiles to now, and they find what the
    /// regex finds; `NEWSLINT_UPDATE_TABLES=1 cargo test --lib table_is_current` rewrites
    /// them.
    #[test]
    fn protected_dfa_table_is_current() {
        let re = dfa::regex::Builder::new()
            .dense(dfa::dense::Config::new().minimize(true))
            .build(PROTECTED_PATTERN)
            .expect("the pattern compiles to DFAs");
        // The serialisation pads its start to align the table: the padding goes, the
        // include keeps the alignment.
        let ((forward, fpad), (reverse, rpad)) =
            (re.forward().to_bytes_little_endian(), re.reverse().to_bytes_little_endian());
        let (forward, reverse) = (&forward[fpad..], &reverse[rpad..]);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/document");
        let files = [(dir.join("protected.forward.dfa"), forward), (dir.join("protected.reverse.dfa"), reverse)];
        if refresh_tables(&files, forward == &PROTECTED_FORWARD.bytes && reverse == &PROTECTED_REVERSE.bytes) {
            return;
        }
        for bytes in [&PROTECTED_FORWARD.bytes, &PROTECTED_REVERSE.bytes] {
            dfa::dense::DFA::from_bytes(bytes).expect("every transition of the stored DFAs is valid");
        }
        let stored = PROTECTED_DFA.as_ref().expect("the stored DFAs load");
        // Stretches cut by every kind of space, triggers at both ends, a `\b` next to a cut.
        let texts = sample_texts_and(&[
            "See https://example.com/a?b=1 or www.news.co.uk, mail desk@paper.org, @handle_1 #Tag2",
            "a.b.c.de x.com/path ok.comma Caf\u{e9}.fr \u{212A}elvin.com fo@o.b \u{17F}ite.org",
            "http://\u{6771}\u{4EAC}.jp/\u{30DA}\u{30FC}\u{30B8} and ftp://x",
            "x.com",
            ".com",
            "a.com.",
            "said.The end. news.com\x0bx.org\u{a0}y.net\u{2003}z.io\tq.co",
            "(see bbc.co.uk) [ab.com] <cd.org> a@b.cc #x @yy http://a.b:8080/p q: r. #",
            "é.com ß@x.de",
        ]);
        let mut found = 0;
        for t in &texts {
            let theirs: Vec<Span> = PROTECTED.find_iter(t).map(|m| m.range()).collect();
            let ours: Vec<Span> = stored.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(ours, theirs, "{t:?}");
            assert_eq!(protected_spans(t), theirs, "{t:?}");
            found += ours.len();
        }
        assert!(found > 10, "only {found} links and addresses found: the test checks little");
    }

    #[test]
    fn blocks_skip_blank_lines_and_classify() {
        let text = "A Headline Here\n\n- first item\nThis is a paragraph. It has two sentences.\r\n## Notes\n";
        let doc = Document::new("t", text);
        let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::Heading, BlockKind::ListItem, BlockKind::Paragraph, BlockKind::Heading]);
        assert_eq!(doc.slice(&doc.blocks[1].content), "first item");
        assert_eq!(doc.slice(&doc.blocks[2].span), "This is a paragraph. It has two sentences.");
        assert_eq!(doc.slice(&doc.blocks[3].content), "Notes");
        assert_eq!(doc.blocks[2].sentences.len(), 2);
    }

    /// The lead bytes of three-byte characters E3-ED and EF, counted eight at a time, are
    /// those a byte-by-byte count finds: every byte value at every offset.
    #[test]
    fn cjk_leads_are_counted_as_bytes_are() {
        for b in 0..=255u8 {
            for pad in 0..17 {
                let mut bytes = vec![0xE2u8; pad];
                bytes.push(b);
                bytes.extend([0xEF, 0x80, 0x7F, 0xEE, 0x63]);
                let want = bytes.iter().filter(|&&c| matches!(c, 0xE3..=0xED | 0xEF)).count();
                assert_eq!(cjk_leads(&bytes), want, "{bytes:x?}");
            }
        }
    }

    #[test]
    fn high_bits_are_counted_as_count_ones_counts_them() {
        for bits in 0u32..256 {
            let v = (0..8).filter(|k| bits & (1 << k) != 0).fold(0u64, |v, k| v | 0x80 << (8 * k));
            assert_eq!(high_bits_set(v), v.count_ones() as usize, "{v:#x}");
        }
    }

    #[test]
    fn word_count_is_whitespace_split() {
        for s in ["", "  ", "one", " two  words ", "a\tb\x0bc\x0cd\re", "non\u{a0}breaking\u{3000}全角 é", "…x…"]
        {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
        // Every ASCII byte and some wider characters, alone and in pairs, at every offset
        // of an eight-byte piece.
        let mut pieces: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        pieces.extend(["\u{a0}", "\u{85}", "\u{2003}", "\u{3000}", "é", "全", "\u{1c}"].map(String::from));
        for a in &pieces {
            for b in &pieces {
                for pad in 0..9 {
                    let t = format!("{}{a}x{b} {}", "w".repeat(pad), " ".repeat(pad));
                    assert_eq!(count_words(&t), t.split_whitespace().count(), "{t:?}");
                }
            }
        }
        // The fixtures' lines, and the development set's when it is there.
        let texts = sample_texts();
        assert!(texts.len() > 20, "the fixtures are read");
        for line in texts.iter().flat_map(|t| t.lines()) {
            assert_eq!(count_words(line), line.split_whitespace().count(), "{line:?}");
        }
        let doc = Document::new("t", "- a list item\n## A heading here\nPlain words\u{2003}here.\n");
        let counts: Vec<usize> = doc.blocks.iter().map(|b| b.word_count).collect();
        assert_eq!(counts, [3, 3, 3]);
    }

    #[test]
    fn line_col_counts_characters() {
        let doc = Document::new("t", "ab\n“é” x");
        assert_eq!(doc.line_col(3), (2, 1));
        let x = doc.text.find('x').unwrap();
        assert_eq!(doc.line_col(x), (2, 5));
    }

    /// A column in a line longer than a checkpoint's stretch is the characters before it on
    /// its line, counted one by one, wherever the checkpoints fall (inside characters too).
    #[test]
    fn columns_of_long_lines_count_characters() {
        let mut text = String::from("short line\n");
        for i in 0..3000 {
            text.push_str(["ab ", "é ", "新闻 ", "😀"][i % 4]);
        }
        text.push_str("\nlast line ñ\n");
        let doc = Document::new("t.txt", &text);
        for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let line = text[..offset].matches('\n').count();
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(doc.line_col(offset), (line + 1, text[start..offset].chars().count() + 1), "{offset}");
        }
    }

    /// The tokeniser as it was before its ASCII runs were read by bytes: one character at a
    /// time.
    fn words_by_chars(text: &str, span: Span) -> Vec<Span> {
        let mut out = Vec::new();
        let s = &text[span.clone()];
        let (mut start, mut last) = (None, 0);
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if chars::is_alpha(c) {
                start.get_or_insert(i);
                last = i + c.len_utf8();
            } else if (c == '\'' || c == '’') && start.is_some() {
                if !it.peek().is_some_and(|&(_, n)| chars::is_alpha(n)) {
                    out.push(span.start + start.take().unwrap_or(0)..span.start + last);
                }
            } else if let Some(st) = start.take() {
                out.push(span.start + st..span.start + last);
            }
        }
        if let Some(st) = start {
            out.push(span.start + st..span.start + last);
        }
        out
    }

    /// Byte runs and decoded characters split words alike, over every sub-span of texts that
    /// mix ASCII, accents, apostrophes at word edges, digits, CJK and a span's own edges.
    #[test]
    fn words_by_bytes_are_words_by_chars() {
        for text in [
            "He didn’t go, 'we' said. O'Neill's café—naïve x'",
            "Ünïcödé wörds and ASCII mixed: résumé's 42nd Straße; ’quoted’ end'",
            "東京 Tokyo, Москва's 2024 — ok' '' a'b'c",
            "MP3 files, B52s and G7x: COVID-19\r\n",
        ] {
            let edges: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for &a in &edges {
                for &b in edges.iter().filter(|&&b| b >= a) {
                    assert_eq!(tokenize_words(text, a..b), words_by_chars(text, a..b), "{:?}", &text[a..b]);
                }
            }
        }
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let text = "He didn’t go, 'we' said.";
        let w: Vec<_> = tokenize_words(text, 0..text.len()).into_iter().map(|s| &text[s]).collect();
        assert_eq!(w, ["He", "didn’t", "go", "we", "said"]);
    }

    #[test]
    fn urls_and_domains_are_protected() {
        let text = "See World-Today-News.com or https://x.org/a,b and mail a.b@c.com now.";
        let doc = Document::new("t", text);
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            i..i + s.len()
        };
        assert!(doc.is_protected(&at("News.com")));
        assert!(doc.is_protected(&at("a,b")));
        assert!(doc.is_protected(&at("b@c")));
        assert!(!doc.is_protected(&at("now")));
    }

    #[test]
    fn bom_is_not_content() {
        let doc = Document::new("t", "\u{feff}Title\n");
        assert_eq!(doc.slice(&doc.blocks[0].span), "Title");
    }
}
