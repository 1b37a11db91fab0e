//! What a copy keeps: a block reduced to word hashes after normalising case, whitespace,
//! punctuation and quote style. Hashes (not strings) keep the indexes and comparisons cheap
//! on a 20,000-paragraph page; a 64-bit collision between two different words is negligible.

use super::index::IdSet;
use crate::document::chars::{ascii_alnum_run, fold_ascii};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// Function words that say nothing about what a paragraph is about.
const STOPWORDS: &[&str] = &[
    "about", "above", "after", "again", "all", "also", "although", "among", "and", "another", "any", "are", "around",
    "because", "been", "before", "being", "between", "both", "but", "can", "could", "did", "does", "doing", "down",
    "during", "each", "either", "even", "every", "few", "for", "from", "further", "had", "has", "have", "having",
    "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "into", "its", "itself", "just",
    "let", "many", "may", "might", "more", "most", "much", "must", "myself", "neither", "nor", "not", "now", "off",
    "once", "one", "only", "other", "ought", "our", "ours", "out", "over", "own", "same", "she", "should", "since",
    "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
    "those", "though", "through", "thus", "too", "under", "until", "upon", "very", "was", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
    "yet", "you", "your", "yours",
];

/// Hashes of the titles whose full stop is followed by a name.
static TITLES: LazyLock<Vec<u64>> = LazyLock::new(|| {
    ["dr", "mr", "mrs", "ms", "prof", "sen", "rep", "gov", "gen", "st", "col", "capt", "lt", "sgt", "rev"]
        .iter()
        .map(|t| hash_str(t))
        .collect()
});

/// The stopwords' hashes, behind a 4,096-bit filter on their top bits: most words of three
/// letters or more are not stopwords, and the filter turns them away with one load, where
/// the set cost a probe each.
struct Stopwords {
    bits: [u64; 64],
    set: IdSet,
}

impl Stopwords {
    fn contains(&self, h: u64) -> bool {
        let k = (h >> 52) as usize;
        self.bits[k / 64] & (1 << (k % 64)) != 0 && self.set.contains(&h)
    }
}

static STOP: LazyLock<Stopwords> = LazyLock::new(|| {
    let set: IdSet = STOPWORDS.iter().map(|w| hash_str(w)).collect();
    let mut bits = [0u64; 64];
    for h in &set {
        let k = (h >> 52) as usize;
        bits[k / 64] |= 1 << (k % 64);
    }
    Stopwords { bits, set }
});

/// No stopword is longer than this (in bytes).
const STOPWORD_MAX: usize = 8;

/// FxHash-style mixing step, finished by [`finish`].
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// SplitMix64 finaliser: spreads the bits so the hashes can key an identity-hashed map.
#[inline]
pub fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of a word's bytes, eight at a time (a word usually fits one multiply), with ASCII
/// capitals lower-cased on the way when `fold`. Inlined, so each caller's `fold` is a
/// constant. A byte at a time cost a dependent multiply per byte.
#[inline(always)]
pub fn hash_bytes(word: &[u8], fold: bool) -> u64 {
    let mut chunks = word.chunks_exact(8);
    let mut h = 0u64;
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = mix(h, if fold { fold_ascii(v) } else { v });
    }
    let rest = tail_bytes(chunks.remainder());
    let rest = if fold { fold_ascii(rest) } else { rest };
    // The tail is seven bytes at most: the length goes in the eighth.
    finish(mix(h, rest | (word.len() as u64) << 56))
}

/// The bytes of `tail` (fewer than eight) as a little-endian word, zero above them, read
/// with two overlapping loads instead of a byte at a time: most words are shorter than
/// eight bytes, and [`hash_bytes`] of every word of every document reads one.
#[inline(always)]
fn tail_bytes(tail: &[u8]) -> u64 {
    let n = tail.len();
    match n {
        0 => 0,
        1..=3 => u64::from(tail[0]) | u64::from(tail[n / 2]) << (8 * (n / 2)) | u64::from(tail[n - 1]) << (8 * (n - 1)),
        _ => {
            let word = |at: usize| tail.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            u64::from(word(0)) | u64::from(word(n - 4)) << (8 * (n - 4))
        }
    }
}

pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes(), false)
}

/// [`hash_str`] of the lower case of `s` (lower-cased already, or ASCII in any case).
pub fn hash_lower(s: &[u8]) -> u64 {
    hash_bytes(s, true)
}

/// Hash of a word sequence (a block's identity, a shingle).
pub fn hash_seq(words: &[u64]) -> u64 {
    finish(words.iter().fold(words.len() as u64, |h, &w| mix(h, w)))
}

/// Stands for a run of names and numbers in a template.
const PLACEHOLDER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The words of every block of a document, block after block, in flat arrays: one
/// allocation each for the whole document instead of several per block, which cost more
/// than the hashing on a page of many short lines. A [`Norm`] says where a block's run is.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Lower-cased word hashes in order; punctuation and quote style are gone.
    pub hashes: Vec<u64>,
    /// Byte offset of each word in its block's text.
    pub starts: Vec<u32>,
    /// Whether each word is a name or a number (a placeholder in the template).
    pub masked: Vec<bool>,
    /// Per block, sorted, deduplicated content words: no stopwords, two letters or fewer
    /// dropped, plural `s` stripped; numbers are kept.
    pub content: Vec<u64>,
    /// Per block, names and numbers in text order: capitalised words inside a sentence,
    /// numbers of two or more characters. A reworded copy keeps these even when it changes
    /// everything else. Not sorted: [`super::share_anchor`] only asks whether any is in the
    /// other block's (sorted) content words, and sorting them cost more than the asking.
    pub anchors: Vec<u64>,
    /// The word being read, lower-cased (reused from word to word).
    buf: Vec<u8>,
}

/// A block (or sentence) as the comparisons see it: its runs in [`Words`], and hashes.
#[derive(Debug, Clone, Default)]
pub struct Norm {
    /// Where the block's words sit in [`Words::hashes`], `starts` and `masked`.
    pub words: Range<u32>,
    /// Where its content words sit in [`Words::content`].
    pub content: Range<u32>,
    /// Where its names and numbers sit in [`Words::anchors`].
    pub anchors: Range<u32>,
    /// Hash of the word hashes: equal keys are exact repeats.
    pub key: u64,
    /// Hash of the words with each run of names and numbers replaced by one placeholder:
    /// "Vote for Anna on page 3" and "Vote for Olga on page 5" are one line of a template.
    pub template: u64,
}

impl Norm {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

fn at<'a, T>(v: &'a [T], r: &Range<u32>) -> &'a [T] {
    &v[r.start as usize..r.end as usize]
}

/// Plural `s` and possessive `'s` stripped, so "ceasefires" and "ceasefire" compare equal.
/// `w` is lower-cased, or ASCII in any case.
fn stem(w: &[u8]) -> &[u8] {
    let ends = |w: &[u8], end: &[u8]| w.len() >= end.len() && w[w.len() - end.len()..].eq_ignore_ascii_case(end);
    let w = if ends(w, b"'s") { &w[..w.len() - 2] } else { w };
    if w.len() > 3 && ends(w, b"s") && !ends(w, b"ss") && !ends(w, b"us") && !ends(w, b"is") {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// What the tokeniser asks of a character, from the standard library's Unicode tables:
/// lower case (when it is one character), and flags.
#[derive(Clone, Copy)]
struct CharInfo(u32);

const ALNUM: u32 = 1 << 24;
const NUMERIC: u32 = 1 << 25;
const UPPER: u32 = 1 << 26;
const ONE_LOWER: u32 = 1 << 27;

impl CharInfo {
    fn of(c: char) -> Self {
        let mut lower = c.to_lowercase();
        let mut bits = match (lower.next(), lower.next()) {
            (Some(l), None) => l as u32 | ONE_LOWER,
            _ => 0,
        };
        let alnum = crate::document::chars::is_alnum(c);
        for (yes, flag) in [(alnum, ALNUM), (c.is_numeric(), NUMERIC), (c.is_uppercase(), UPPER)] {
            if yes {
                bits |= flag;
            }
        }
        CharInfo(bits)
    }
    /// [`CharInfo::of`] for ASCII, from ASCII's own rules: no table to search or build.
    fn of_ascii(b: u8) -> Self {
        let mut bits = b.to_ascii_lowercase() as u32 | ONE_LOWER;
        for (yes, flag) in
            [(b.is_ascii_alphanumeric(), ALNUM), (b.is_ascii_digit(), NUMERIC), (b.is_ascii_uppercase(), UPPER)]
        {
            if yes {
                bits |= flag;
            }
        }
        CharInfo(bits)
    }
    fn alnum(self) -> bool {
        self.0 & ALNUM != 0
    }
    fn numeric(self) -> bool {
        self.0 & NUMERIC != 0
    }
    fn upper(self) -> bool {
        self.0 & UPPER != 0
    }
    /// Appends the lower case of `c` (whose info this is) as UTF-8.
    fn push_lower(self, c: char, buf: &mut Vec<u8>) {
        match char::from_u32(self.0 & 0x1f_ffff) {
            Some(l) if self.0 & ONE_LOWER != 0 => buf.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes()),
            _ => {
                for l in c.to_lowercase() {
                    buf.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
                }
            }
        }
    }
}

/// [`CharInfo`] of the other characters of one or two UTF-8 bytes (Latin, Greek, Cyrillic,
/// Hebrew, Arabic...), by blocks of 128 made when one of their characters is first met: the
/// standard library searches its tables each time, and one `©` should not cost the rest.
static SHORT_CHARS: [OnceLock<[CharInfo; 128]>; 15] = [const { OnceLock::new() }; 15];

fn info(c: char) -> CharInfo {
    match c as u32 {
        0..0x80 => CharInfo::of_ascii(c as u8),
        u @ 0x80..0x800 => {
            let block = (u >> 7) as usize - 1;
            let infos = SHORT_CHARS[block].get_or_init(|| {
                std::array::from_fn(|i| {
                    CharInfo::of(char::from_u32(((block as u32 + 1) << 7) + i as u32).unwrap_or_default())
                })
            });
            infos[(u & 0x7f) as usize]
        }
        // General Punctuation (curly quotes, dashes, ellipsis), most of the rest in English
        // news: no letters, digits or capitals, each its own lower case. The standard
        // library's tables take several hundred instructions to say so.
        u @ 0x2000..=0x206F => CharInfo(u | ONE_LOWER),
        _ => CharInfo::of(c),
    }
}

/// Whether a word that reached `pos` goes on there: a letter or digit, or an apostrophe
/// before one.
fn goes_on(text: &str, pos: usize) -> bool {
    match text[pos..].chars().next() {
        Some(c @ ('\'' | '’')) => alnum_at(text, pos + c.len_utf8()),
        Some(c) => info(c).alnum(),
        None => false,
    }
}

/// Reads the word that starts at `start` (a letter or digit) into `buf`, lower-cased, with
/// curly apostrophes made straight. Returns where it ends, whether it starts with a
/// capital and whether it holds a digit.
fn read_word(text: &str, start: usize, buf: &mut Vec<u8>) -> (usize, bool, bool) {
    buf.clear();
    let (mut capital, mut digit) = (false, false);
    let mut pos = start;
    for c in text[start..].chars() {
        let i = info(c);
        if i.alnum() {
            digit |= i.numeric();
            i.push_lower(c, buf);
        } else if (c == '\'' || c == '’') && alnum_at(text, pos + c.len_utf8()) {
            buf.push(b'\'');
        } else {
            break;
        }
        if pos == start {
            capital = i.upper();
        }
        pos += c.len_utf8();
    }
    (pos, capital, digit)
}

/// Whether the text at `pos` starts with a letter or digit.
fn alnum_at(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[pos..].chars().next().is_some_and(|c| info(c).alnum()),
    }
}

impl Words {
    /// Room for about `words` words.
    pub fn with_capacity(words: usize) -> Self {
        Words {
            hashes: Vec::with_capacity(words),
            starts: Vec::with_capacity(words),
            masked: Vec::with_capacity(words),
            content: Vec::with_capacity(words),
            anchors: Vec::new(),
            buf: Vec::with_capacity(32),
        }
    }

    /// The word hashes of `n`.
    pub fn hashes(&self, n: &Norm) -> &[u64] {
        at(&self.hashes, &n.words)
    }

    /// The sorted content words of `n`.
    pub fn content(&self, n: &Norm) -> &[u64] {
        at(&self.content, &n.content)
    }

    /// The names and numbers of `n`, in text order (repeats kept).
    pub fn anchors(&self, n: &Norm) -> &[u64] {
        at(&self.anchors, &n.anchors)
    }

    /// Reduces `text` to a [`Norm`], appending its words. Tokens are runs of letters and
    /// digits with inner apostrophes; curly apostrophes become straight ones; case is folded.
    /// ASCII bytes are read without decoding.
    pub fn push(&mut self, text: &str) -> Norm {
        let (w0, c0, a0) = (self.hashes.len(), self.content.len(), self.anchors.len());
        let mut buf = std::mem::take(&mut self.buf);
        // A token is sentence-initial when the text before it (since the last token) holds a
        // terminator or an opening quote or bracket; a capital there is not a name.
        let mut initial = true;
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            let b = bytes[pos];
            if b.is_ascii_alphanumeric() {
                // Most words are ASCII letters and digits (and straight apostrophes): read
                // them by bytes, and decode only a word that goes on with something else.
                let (mut end, mut digit) = (pos, false);
                loop {
                    let (run, d) = ascii_alnum_run(&bytes[end..]);
                    (end, digit) = (end + run, digit | d);
                    if bytes.get(end) == Some(&b'\'') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) {
                        end += 1;
                    } else {
                        break;
                    }
                }
                if end == bytes.len() || (bytes[end].is_ascii() && bytes[end] != b'\'') || !goes_on(text, end) {
                    self.word(&bytes[pos..end], true, pos, initial, b.is_ascii_uppercase(), digit);
                    initial = false;
                    pos = end;
                    continue;
                }
            } else if b.is_ascii() {
                // "Dr. Anya Petrova": the full stop of a title does not end the sentence.
                if matches!(b, b'!' | b'?' | b':' | b';' | b'"' | b'(' | b'[')
                    || (b == b'.'
                        && !(self.hashes.len() > w0 && self.hashes.last().is_some_and(|w| TITLES.contains(w))))
                {
                    initial = true;
                }
                pos += 1;
                continue;
            } else {
                let c = text[pos..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                if !info(c).alnum() {
                    if matches!(c, '“' | '«' | '„' | '—' | '•') {
                        initial = true;
                    }
                    pos += c.len_utf8();
                    continue;
                }
            }
            let (end, capital, digit) = read_word(text, pos, &mut buf);
            self.word(&buf, buf.is_ascii(), pos, initial, capital, digit);
            initial = false;
            pos = end;
        }
        self.buf = buf;
        sort_dedup_from(&mut self.content, c0);
        let range = |a: usize, b: usize| a as u32..b as u32;
        let words = &self.hashes[w0..];
        Norm {
            key: hash_seq(words),
            template: template_of(words, &self.masked[w0..]),
            words: range(w0, self.hashes.len()),
            content: range(c0, self.content.len()),
            anchors: range(a0, self.anchors.len()),
        }
    }

    /// Appends one word, lower-cased or ASCII in any case; `ascii` says which (the byte
    /// path knows it without a second look at the word). Inlined into [`Words::push`]'s two
    /// callers, as is the hash: the calls' register saves were a fifth of its cost.
    #[inline(always)]
    fn word(&mut self, word: &[u8], ascii: bool, start: usize, initial: bool, capital: bool, digit: bool) {
        let h = hash_bytes(word, true);
        self.hashes.push(h);
        self.starts.push(start as u32);
        let name = capital && !initial;
        self.masked.push(digit || name);
        let chars = if ascii { word.len() } else { word.iter().filter(|&&b| b & 0xc0 != 0x80).count() };
        let stopword = chars >= 3 && word.len() <= STOPWORD_MAX && STOP.contains(h);
        if digit || (chars >= 3 && !stopword) {
            let stemmed = stem(word);
            let s = if stemmed.len() == word.len() { h } else { hash_bytes(stemmed, true) };
            self.content.push(s);
            if (digit && chars >= 2) || (name && chars >= 3 && !stopword) {
                self.anchors.push(s);
            }
        }
    }

    /// Key and template of the words of `n` that start inside `range` (byte offsets into
    /// the block's text), and how many there are: a sentence of a block, without
    /// tokenising it again.
    pub fn part(&self, n: &Norm, range: Range<usize>) -> (u64, u64, usize) {
        let starts = at(&self.starts, &n.words);
        let a = starts.partition_point(|&s| (s as usize) < range.start);
        let b = starts.partition_point(|&s| (s as usize) < range.end);
        let (words, masked) = (&self.hashes(n)[a..b], &at(&self.masked, &n.words)[a..b]);
        (hash_seq(words), template_of(words, masked), b - a)
    }
}

/// Sorts `v[from..]` and drops its repeated values.
fn sort_dedup_from(v: &mut Vec<u64>, from: usize) {
    let kept = sort_dedup(&mut v[from..]);
    v.truncate(from + kept);
}

/// Sorts `v` and moves its distinct values to the front; returns how many there are.
pub fn sort_dedup(v: &mut [u64]) -> usize {
    v.sort_unstable();
    let mut kept = 0;
    for r in 0..v.len() {
        if kept == 0 || v[r] != v[kept - 1] {
            v[kept] = v[r];
            kept += 1;
        }
    }
    kept
}

/// Hash of the words with each run of masked ones (names, numbers) as one placeholder. A
/// line with fewer than two other words ("Anna Berg, 34, Oslo") has no template beyond its
/// own words.
pub fn template_of(words: &[u64], masked: &[bool]) -> u64 {
    if masked.iter().filter(|m| !**m).count() < 2 {
        return hash_seq(words);
    }
    let mut h = 0u64;
    let mut n = 0u64;
    let mut last_masked = false;
    for (w, &m) in words.iter().zip(masked) {
        if m && last_masked {
            continue;
        }
        h = mix(h, if m { PLACEHOLDER } else { *w });
        n += 1;
        last_masked = m;
    }
    finish(mix(h, n))
}

/// Sorted, deduplicated hashes of each run of `k` consecutive words (one shingle for a
/// shorter text).
pub fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let mut out = Vec::new();
    push_shingle_run(&mut out, words, k);
    sort_dedup_from(&mut out, 0);
    out
}

/// Appends the hash of each run of `k` consecutive words (one for a shorter text) in text
/// order, repeats kept: an [`super::index::Index`] takes them so, and only the few blocks
/// it pairs need their set sorted.
pub fn push_shingle_run(out: &mut Vec<u64>, words: &[u64], k: usize) {
    let k = k.max(1);
    if words.len() <= k {
        out.push(hash_seq(words));
    } else {
        out.extend(words.windows(k).map(hash_seq));
    }
}

/// Size of the intersection of two sorted slices.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard index of two sorted sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let inter = shared(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut, the short-character table and the punctuation shortcut say what
    /// the Unicode tables say, for every character.
    #[test]
    fn character_info_is_the_standard_librarys() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(info(c).0, CharInfo::of(c).0, "{c:?}");
        }
    }

    /// The filter in front of the stopword set turns no stopword away, and the length
    /// bound holds.
    #[test]
    fn every_stopword_is_found() {
        for w in STOPWORDS {
            assert!(w.len() <= STOPWORD_MAX && STOP.contains(hash_str(w)), "{w}");
            assert!(STOP.contains(hash_lower(w.to_uppercase().as_bytes())), "{w}");
        }
        for w in ["ceasefire", "minister", "harbour", "thee", "abouts"] {
            assert!(!STOP.contains(hash_str(w)), "{w}");
        }
    }

    /// One text alone, as the tests compare them.
    struct One {
        w: Words,
        n: Norm,
    }

    fn normalise(text: &str) -> One {
        let mut w = Words::default();
        let n = w.push(text);
        One { w, n }
    }

    impl One {
        fn key(&self) -> u64 {
            self.n.key
        }
        fn content(&self) -> Vec<u64> {
            self.w.content(&self.n).to_vec()
        }
        fn shingles(&self, k: usize) -> Vec<u64> {
            shingles(self.w.hashes(&self.n), k)
        }
    }

    /// The folding hash of a word in any case is the plain hash of its lower case, at every
    /// length around the eight-byte chunks, ASCII or not (lower-cased already).
    #[test]
    fn hashing_folds_ascii_case() {
        for w in ["", "a", "Abc", "SEVENCH", "EightChr", "NineChars", "SixteenCharsLong", "Seventeen-Chars-X"] {
            assert_eq!(hash_lower(w.as_bytes()), hash_str(&w.to_ascii_lowercase()), "{w}");
        }
        for w in ["ça", "straße", "très-épuisé", "日本語のテキスト"] {
            assert_eq!(hash_lower(w.as_bytes()), hash_str(w), "{w}");
        }
        assert_ne!(hash_str("ab"), hash_str("ba"));
        assert_ne!(hash_str("abcdefgh"), hash_str("abcdefgh\0"));
    }

    /// The overlapping loads read each tail as the zero-padded little-endian word it is.
    #[test]
    fn tails_read_as_padded_words() {
        let bytes = *b"\x01\x82\x03\xf4\x05\x06\x97";
        for n in 0..8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_bytes(&bytes[..n]), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

    #[test]
    fn case_quotes_and_punctuation_do_not_matter() {
        let a = normalise("He said: “It’s   over,” and LEFT.");
        let b = normalise("he said \"it's over\" and left");
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), normalise("he said it's over and stayed").key());
        assert_eq!(normalise("ÉTÉ À Ærø").key(), normalise("été à ærø").key());
        assert_ne!(normalise("it's").key(), normalise("it s").key());
    }

    #[test]
    fn names_and_numbers_are_anchors_but_sentence_starts_are_not() {
        let n = normalise("The minister met Jari Lehto on Monday. Prices rose 12 percent, Dr. Berg said.");
        let has = |w: &str| n.w.anchors(&n.n).contains(&hash_str(w));
        assert!(has("jari") && has("lehto") && has("monday") && has("12") && has("berg"));
        assert!(!has("prices") && !has("the") && !has("minister"));
    }

    #[test]
    fn blocks_read_one_after_another_keep_their_own_words() {
        let texts = ["Anna Berg met Jari Lehto.", "", "Prices rose 12 percent in March, Dr. Berg said.", "ok"];
        let mut w = Words::default();
        let norms: Vec<Norm> = texts.iter().map(|t| w.push(t)).collect();
        for (t, n) in texts.iter().zip(&norms) {
            let alone = normalise(t);
            assert_eq!((n.key, n.template), (alone.n.key, alone.n.template), "{t}");
            assert_eq!(w.content(n), alone.w.content(&alone.n), "{t}");
            assert_eq!(w.anchors(n), alone.w.anchors(&alone.n), "{t}");
            assert_eq!(w.part(n, 0..t.len()), (alone.n.key, alone.n.template, n.words.len()));
        }
        assert!(norms[1].is_empty() && w.content(&norms[1]).is_empty());
    }

    #[test]
    fn lines_that_differ_in_names_and_numbers_share_a_template() {
        let t = |s: &str| normalise(s).n.template;
        let (a, b) = (
            normalise("Vote for Anna Berg on page 3 of the list!"),
            normalise("Vote for Olga on page 12 of the list."),
        );
        assert_eq!(a.n.template, b.n.template);
        assert_ne!(a.key(), b.key());
        assert_ne!(a.n.template, t("Vote for Olga on the last page of the list."));
        // Mostly names and numbers: no template to share.
        assert_ne!(t("Anna Berg, 34, Oslo"), t("Jan Lind, 41, Bergen"));
    }

    #[test]
    fn a_part_has_the_key_of_the_same_text_alone() {
        let text = "First sentence here. Then Anna Berg said 12 things, and left.";
        let n = normalise(text);
        let at = text.find("Then").unwrap();
        let alone = normalise(&text[at..]);
        assert_eq!(n.w.part(&n.n, at..text.len()), (alone.n.key, alone.n.template, 8));
    }

    #[test]
    fn plurals_share_a_stem() {
        assert_eq!(normalise("ceasefires").content(), normalise("ceasefire").content());
        assert_eq!(normalise("Tom's").content(), normalise("tom").content());
        assert_ne!(normalise("class").content(), normalise("clas").content());
    }

    #[test]
    fn one_changed_word_keeps_most_shingles() {
        let a = normalise("one two three four five six seven eight nine ten");
        let b = normalise("one two three four five SIX seven eight nine ten");
        let c = normalise("one two three four five 6 seven eight nine ten");
        assert_eq!(jaccard(&a.shingles(3), &b.shingles(3)), 1.0);
        let j = jaccard(&a.shingles(3), &c.shingles(3));
        assert!((j - 5.0 / 11.0).abs() < 1e-9, "{j}");
    }
}
