//! Page layout shared by the furniture checks: where the article sits in a scraped page
//! (its body, its headline) and which short lines form menus. A scraper that keeps the
//! whole page puts navigation before the headline and footers after the article end; an
//! extracted article has nothing there but its headline.

use crate::checks::literals::GatedRegex;
use crate::checks::repetition::index::{IdMap, IdSet};
use crate::checks::repetition::text::{finish, hash_lower, hash_str, mix, shared};
use crate::document::chars::{ascii_run, is_alnum, lowercase};
use crate::document::{Block, Document};
use crate::rules::compiled::RuleRegex;
use std::sync::{Arc, OnceLock};

/// Ends like a sentence (closing quotes and brackets included).
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', '"', '”', '’', '…', '。', '！', '？', ')'])
}

/// A line of running text: long enough and finished like a sentence, or simply long.
fn is_prose(doc: &Document, b: &Block) -> bool {
    let w = b.weight;
    (w >= 12 && ends_sentence(doc.slice(&b.content))) || w >= 25
}

pub(super) static NOT_BODY: RuleRegex =
    RuleRegex::fixed(r"(?i)^(?:by|photo|image|credit|copyright|posted|updated|published|advertisement)\b|^©");

/// A short finished sentence next to the body ("He declined to comment.") belongs to it.
fn is_short_sentence(doc: &Document, b: &Block) -> bool {
    let s = doc.slice(&b.content);
    b.weight >= 4 && ends_sentence(s) && !NOT_BODY.is_match(s)
}

/// A menu entry: a few words and no sentence or list punctuation at the end.
pub fn is_nav(doc: &Document, b: &Block, max_words: usize) -> bool {
    let s = doc.slice(&b.content).trim_end();
    b.weight <= max_words && !s.ends_with(['.', ':', ';', ','])
}

/// Hashes of the lower-cased words of four letters or more, sorted and deduplicated: what a
/// line is about, as a set that compares without allocating a string per word.
fn content_words(s: &str) -> Vec<u64> {
    // Room for as many as there can be (a word of four bytes or more and a separator after
    // all but the last), so the vector never grows: a short line's guess was too small.
    let mut words = Vec::with_capacity((s.len() + 1) / 5);
    push_long_word_hashes(s, &mut words);
    sorted_set(words)
}

fn sorted_set(mut words: Vec<u64>) -> Vec<u64> {
    words.sort_unstable();
    words.dedup();
    words
}

/// Long words ([`push_long_word_hashes`]) looked for in other blocks: the headline search
/// asks which words of its candidate lines the article body holds, the spam check which
/// words of its candidate blocks the article holds. The body is most of a page's text and
/// holds few of the words, so its words are not hashed: an ASCII word (nearly all of them)
/// is hashed only when its length, first and last letter are those of a wanted word.
pub(super) struct Wanted {
    hashes: IdSet,
    /// A bit per [`key`] of each wanted word whose lower case is ASCII.
    keys: Vec<u64>,
}

/// Bits in [`Wanted::keys`]: a word's length (modulo 64) and the low five bits of its first
/// and last bytes, which are the same for both cases of an ASCII letter.
const KEY_BITS: usize = 16;

fn key(w: &[u8]) -> u16 {
    let (first, last) = (w.first().copied().unwrap_or(0), w.last().copied().unwrap_or(0));
    (((w.len() & 63) << 10) as u16) | (u16::from(first & 31) << 5) | u16::from(last & 31)
}

impl Wanted {
    /// Wants nothing yet (and allocates nothing: most pages give spam no candidate).
    pub(super) fn new() -> Self {
        Wanted { hashes: IdSet::default(), keys: Vec::new() }
    }

    /// Wants the long words of `s`.
    pub(super) fn add(&mut self, s: &str) {
        if self.keys.is_empty() {
            self.keys = vec![0; (1 << KEY_BITS) / 64];
        }
        scan_long_words(s, |at, ascii| {
            let w = &s[at];
            // The word's lower case, made once for its hash and its key.
            let lower = (!ascii).then(|| lowercase(w));
            let folded = lower.as_deref().unwrap_or(w);
            self.hashes.insert(if ascii { lower_hash(w) } else { hash_str(folded) });
            // A word whose lower case is not ASCII is never skipped: it needs no key.
            if folded.is_ascii() {
                let k = usize::from(key(folded.as_bytes()));
                self.keys[k / 64] |= 1 << (k % 64);
            }
            false
        });
    }

    fn may_hold(&self, k: u16) -> bool {
        let k = usize::from(k);
        self.keys[k / 64] & (1 << (k % 64)) != 0
    }

    /// Those of the wanted words that occur in `texts`: they are read only until every
    /// wanted word has been seen.
    pub(super) fn present<'a>(&self, texts: impl Iterator<Item = &'a str>) -> IdSet {
        let mut found = IdSet::default();
        if self.hashes.is_empty() {
            return found;
        }
        for t in texts {
            let done = scan_long_words(t, |at, ascii| {
                if ascii && !self.may_hold(key(&t.as_bytes()[at.clone()])) {
                    return false;
                }
                let h = lower_hash(&t[at]);
                self.hashes.contains(&h) && found.insert(h) && found.len() == self.hashes.len()
            });
            if done {
                break;
            }
        }
        found
    }
}

/// Calls `visit(range, is_ascii)` for each word [`push_long_word_hashes`] hashes, in order,
/// until it returns true; returns whether it did. ASCII runs are found eight bytes at a time.
fn scan_long_words(s: &str, mut visit: impl FnMut(std::ops::Range<usize>, bool) -> bool) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            i += ascii_run(&bytes[i..], true);
            if i == bytes.len() || bytes[i] < 0x80 || !s[i..].chars().next().is_some_and(is_alnum) {
                if i - start >= 4 && visit(start..i, true) {
                    return true;
                }
                continue;
            }
            // The word goes on with another letter: read it whole below.
            i = start;
        }
        let start = i;
        let long;
        (i, long) = word_at(s, i);
        if long && visit(start..i, false) {
            return true;
        }
    }
    false
}

/// Is the character at byte `i` of `s` a letter or digit, and how long is it? ASCII is read
/// without decoding.
#[inline]
fn alnum_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (b.is_ascii_alphanumeric(), 1)
    } else {
        let c = s[i..].chars().next().unwrap_or(' ');
        (is_alnum(c), c.len_utf8())
    }
}

/// Runs of letters and digits of four characters or more (`s.split(|c| !c.is_alphanumeric())`
/// with the short pieces left out), testing ASCII bytes without decoding them: the words
/// [`push_long_word_hashes`] hashes, written plainly, for its test.
#[cfg(test)]
fn long_words(s: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let (mut start, mut chars) = (None, 0);
        while i < bytes.len() {
            let (alnum, len) = alnum_at(s, i);
            if alnum {
                start.get_or_insert(i);
                chars += 1;
            } else if start.is_some() {
                break;
            }
            i += len;
        }
        match start {
            Some(a) if chars >= 4 => return Some(&s[a..i]),
            Some(_) => continue,
            None => return None,
        }
    })
}

/// Appends the `lower_hash` of every run of four or more letters and digits in `s` (its
/// words, split at every other character, short ones left out).
pub(super) fn push_long_word_hashes(s: &str, out: &mut Vec<u64>) {
    scan_long_words(s, |at, _| {
        out.push(lower_hash(&s[at]));
        false
    });
}

/// Reads the run of letters and digits at byte `i` of `s`, decoding each character, or
/// skips the one character there when it is neither: returns where reading stopped and
/// whether it read a word of four characters or more.
fn word_at(s: &str, mut i: usize) -> (usize, bool) {
    let (start, mut chars) = (i, 0);
    while i < s.len() {
        let (alnum, len) = alnum_at(s, i);
        if !alnum {
            if i == start {
                i += len;
            }
            break;
        }
        chars += 1;
        i += len;
    }
    (i, chars >= 4)
}

/// Hash of the lower-cased word, lower-casing ASCII on the fly.
pub(super) fn lower_hash(w: &str) -> u64 {
    if w.is_ascii() {
        hash_lower(w.as_bytes())
    } else {
        hash_str(&lowercase(w))
    }
}

pub(super) static HEADLINE_NOT: RuleRegex =
    RuleRegex::fixed(r"(?i)^(?:by|photo|image|credit|posted|updated|published)\b");
/// Two sentences in one line: a caption, not a headline. The word before the stop is
/// captured: see [`two_sentences`].
pub(super) static TWO_SENTENCES: RuleRegex = RuleRegex::fixed(r"(\p{L}+|\p{N}|[)\]\x22'”’])[.!?]\s+\p{Lu}");

/// [`HEADLINE_NOT`], asked only of lines that start with a letter it can start with (or a
/// character not ASCII).
fn headline_not(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|b| !b.is_ascii() || matches!(b.to_ascii_lowercase(), b'b' | b'p' | b'i' | b'c' | b'u'))
        && HEADLINE_NOT.is_match(s)
}

/// Titles and abbreviations written with a stop before a name or word ("Rep. Jane Roe").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "mt", "ft", "rep", "sen", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm",
    "prof", "rev", "pres", "jr", "sr", "no", "vs", "inc", "co", "corp", "ltd",
];

/// Does `s` hold two sentences? A stop ends one after a word of two letters or more that is
/// not a title or abbreviation, a digit or a closing mark: initials ("U.S. States", "J. Roe")
/// and "Rep. Jane Roe" do not.
fn two_sentences(s: &str) -> bool {
    // The regex needs a stop followed by a space: most lines have none, and are answered
    // without it (the headline search reads up to 150 lines a page).
    let stop_then_space = s.match_indices(['.', '!', '?']).any(|(i, _)| s[i + 1..].starts_with(char::is_whitespace));
    stop_then_space
        && TWO_SENTENCES.captures_iter(s).any(|c| {
            c.get(1).is_some_and(|w| {
                let w = w.as_str();
                let letters = w.chars().take(2).filter(|c| c.is_alphabetic()).count();
                letters < 1 || (letters == 2 && !ABBREVIATIONS.iter().any(|a| w.eq_ignore_ascii_case(a)))
            })
        })
}

/// A byline ("By Jane Roe", or "By" alone over the name).
pub(super) static BYLINE: RuleRegex = RuleRegex::fixed(r"(?i)^(?:(?:written|posted|story)\s+)?by(?:\s*:|\s+\p{L}|$)");
/// A dateline: a month name by a day or year, a numeric date, or an age ("3 hours ago").
pub(super) static DATELINE: RuleRegex = RuleRegex::fixed(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b",
);

/// Words of site chrome ("log in", "privacy policy") found in short lines: the sign that a
/// document is a whole scraped page rather than an extracted article.
pub struct Chrome {
    /// Compiled on first use, behind a scan for the anchors themselves: for lines that are
    /// not ASCII.
    regex: GatedRegex,
    /// The anchors, trimmed, in the regex's order, with the hash of each one's lower case
    /// (what [`Chrome::find`] reports): an ASCII line is compared with them directly (see
    /// [`Chrome::find_ascii`]). Empty when a character of an anchor has a case partner in
    /// ASCII.
    literals: Vec<(String, u64)>,
    /// For each byte, lower-cased, the anchors (indices into `literals`, in order) that
    /// start with it.
    by_first: Vec<Vec<u16>>,
    /// A bit per (first byte, second byte) of an anchor, both lower-cased (and per first
    /// byte of a one-byte anchor, with any second): at most places of a line none starts.
    pairs: Vec<u64>,
    max_words: usize,
    /// Identifies the anchor list and length limit: rules with the same ones share a
    /// document's anchors.
    key: u64,
}

/// The bit of two bytes in [`Chrome`]'s pair filter.
fn pair_key(first: u8, second: u8) -> usize {
    usize::from(first) << 8 | usize::from(second)
}

/// The anchor of each block of a document (the hash of its lower case), found on first use.
struct Anchors(Vec<OnceLock<Option<u64>>>);

impl Chrome {
    pub fn new(anchors: &[String], max_words: usize) -> Result<Chrome, String> {
        let literals: Vec<String> = anchors.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
        if literals.is_empty() {
            return Err("`anchors` must list at least one phrase".into());
        }
        let alts: Vec<String> = literals.iter().map(|a| regex::escape(a)).collect();
        let pattern = format!(r"(?i)(?:^|[^\p{{L}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{N}}])", alts.join("|"));
        let key = finish(mix(hash_str(&pattern), max_words as u64));
        // An ASCII line can match an anchor only in its ASCII letters, unless a character
        // of an anchor has a case partner in ASCII (the Kelvin sign, the long s).
        let no_ascii_partner = |c: char| {
            c.is_ascii() || (c.to_lowercase().all(|l| !l.is_ascii()) && c.to_uppercase().all(|u| !u.is_ascii()))
        };
        let direct =
            literals.len() <= usize::from(u16::MAX) && literals.iter().all(|a| a.chars().all(no_ascii_partner));
        let literals: Vec<(String, u64)> = if direct {
            literals
                .into_iter()
                .map(|a| {
                    // The id the regex gives the same anchor: the hash of its lower case.
                    let id = hash_str(&a.to_lowercase());
                    (a, id)
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut by_first = vec![Vec::new(); 256];
        let mut pairs = vec![0u64; 1 << 10];
        for (n, (a, _)) in literals.iter().enumerate() {
            let first = a.as_bytes()[0].to_ascii_lowercase();
            by_first[usize::from(first)].push(n as u16);
            let seconds = match a.as_bytes().get(1) {
                Some(b) => b.to_ascii_lowercase()..=b.to_ascii_lowercase(),
                None => 0..=u8::MAX,
            };
            for second in seconds {
                let k = pair_key(first, second);
                pairs[k / 64] |= 1 << (k % 64);
            }
        }
        let regex = GatedRegex::new(pattern, 10 * (1 << 20));
        Ok(Chrome { regex, literals, by_first, pairs, max_words, key })
    }

    fn anchors(&self, doc: &Document) -> Arc<Anchors> {
        doc.memo.get_keyed(self.key, || Anchors((0..doc.blocks.len()).map(|_| OnceLock::new()).collect()))
    }

    /// The anchor in block `i` (the hash of its lower case), when the block is short enough
    /// to be chrome.
    fn find(&self, doc: &Document, i: usize) -> Option<u64> {
        let b = &doc.blocks[i];
        if b.weight > self.max_words {
            return None;
        }
        self.find_in(doc.slice(&b.content))
    }

    fn find_in(&self, s: &str) -> Option<u64> {
        if s.is_ascii() && !self.literals.is_empty() {
            return self.find_ascii(s);
        }
        self.find_by_regex(s)
    }

    fn find_by_regex(&self, s: &str) -> Option<u64> {
        if !self.regex.may_match(s) {
            return None;
        }
        self.regex.regex()?.captures(s).and_then(|c| c.get(1)).map(|m| hash_str(&lowercase(m.as_str())))
    }

    /// What the regex finds in an ASCII line, by comparing the anchors at each place one
    /// may start: the regex's match starts at the earliest anchor with no letter or digit
    /// on either side (its boundary character is the one before the anchor, or the line
    /// start), and among anchors starting there it takes the first listed. Over ASCII,
    /// `(?i)` folds exactly the ASCII letters and `[^\p{L}\p{N}]` is any byte but a letter
    /// or digit. Nothing is built or copied: most short lines hold no anchor.
    fn find_ascii(&self, s: &str) -> Option<u64> {
        let bytes = s.as_bytes();
        let free = |i: usize| bytes.get(i).is_none_or(|b| !b.is_ascii_alphanumeric());
        // Each place after a byte that is not a letter or digit (or the line start); the
        // rest of a word is skipped eight bytes at a time.
        let mut start = 0;
        while start < bytes.len() {
            let first = bytes[start].to_ascii_lowercase();
            let k = pair_key(first, bytes.get(start + 1).map_or(0, u8::to_ascii_lowercase));
            if self.pairs[k / 64] & (1 << (k % 64)) != 0 {
                for &n in &self.by_first[usize::from(first)] {
                    let (a, id) = &self.literals[usize::from(n)];
                    let end = start + a.len();
                    if bytes.get(start..end).is_some_and(|t| t.eq_ignore_ascii_case(a.as_bytes())) && free(end) {
                        return Some(*id);
                    }
                }
            }
            start += ascii_run(&bytes[start..], true) + 1;
        }
        None
    }

    /// Whether block `i` holds an anchor.
    pub fn is_anchor(&self, doc: &Document, i: usize) -> bool {
        let a = self.anchors(doc);
        a.0.get(i).is_some_and(|c| c.get_or_init(|| self.find(doc, i)).is_some())
    }

    /// Different anchors among `blocks`.
    pub fn count(&self, doc: &Document, blocks: impl Iterator<Item = usize>) -> usize {
        let a = self.anchors(doc);
        let mut seen: Vec<u64> =
            blocks.filter_map(|i| a.0.get(i).and_then(|c| *c.get_or_init(|| self.find(doc, i)))).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}

/// Where the article sits among the document's blocks.
pub struct Layout {
    /// Block range of the article body (`start..end`); empty when no body was found.
    pub body: std::ops::Range<usize>,
    /// Per block: is it the headline or a copy of it (page title, breadcrumb)? Never furniture.
    headlines: Vec<bool>,
}

impl Layout {
    /// The layout of `doc`, computed once per document for the menu and both page-furniture
    /// rules.
    pub fn of(doc: &Document) -> Arc<Layout> {
        doc.memo.get(|| crate::engine::within("(page layout)", || Layout::new(doc)))
    }

    pub fn new(doc: &Document) -> Layout {
        let body = body(doc);
        let headlines = headlines(doc, &body);
        Layout { body, headlines }
    }

    pub fn before(&self, i: usize) -> bool {
        !self.body.is_empty() && i < self.body.start
    }

    pub fn after(&self, i: usize) -> bool {
        !self.body.is_empty() && i >= self.body.end
    }

    pub fn is_headline(&self, i: usize) -> bool {
        self.headlines.get(i).copied().unwrap_or(false)
    }
}

/// The run of blocks with the most running text: each prose block adds its words, every
/// other block costs a little, and the best-scoring stretch wins (maximum subarray). Short
/// sentences on either edge are then taken in.
fn body(doc: &Document) -> std::ops::Range<usize> {
    let (mut best, mut best_range) = (0.0, 0..0);
    let (mut cur, mut start) = (0.0, 0);
    for (i, b) in doc.blocks.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            start = i;
        }
        let w = b.weight as f64;
        cur += if is_prose(doc, b) { w } else { -(2.0 + w / 2.0) };
        if cur > best {
            best = cur;
            best_range = start..i + 1;
        }
    }
    if best_range.is_empty() {
        return best_range;
    }
    let (mut a, mut z) = (best_range.start, best_range.end);
    while a > 0 && is_short_sentence(doc, &doc.blocks[a - 1]) {
        a -= 1;
    }
    while z < doc.blocks.len() && is_short_sentence(doc, &doc.blocks[z]) {
        z += 1;
    }
    a..z
}

/// Blocks before the body in which a headline is found by its words alone.
const NEAR: usize = 30;
/// Blocks before the body in which a headline the page confirms is found (share bars,
/// author boxes and related lists may stand between the headline and the body).
const FAR: usize = 150;

/// Headline candidates: title-shaped lines shortly before the body whose words mostly occur
/// in it, the one line further back that the page marks as its headline ([`confirmed`]), and
/// every line elsewhere that repeats one of them.
fn headlines(doc: &Document, body: &std::ops::Range<usize>) -> Vec<bool> {
    let mut out = vec![false; doc.blocks.len()];
    if body.is_empty() {
        return out;
    }
    // Title-shaped lines with their content words; the body is read only for those words.
    let mut candidates: Vec<(usize, Vec<u64>)> = Vec::new();
    let mut wanted = Wanted::new();
    for i in body.start.saturating_sub(FAR)..body.start {
        let b = &doc.blocks[i];
        let s = doc.slice(&b.content).trim();
        let w = b.weight;
        // Further back only a line the page may mark as its headline is wanted.
        let far = i + NEAR < body.start;
        if !(3..=30).contains(&w) || (far && !may_be_marked(b, s)) || headline_not(s) {
            continue;
        }
        if (two_sentences(s) && !s.ends_with('?')) || (s.ends_with('.') && w > 12) {
            continue;
        }
        let words = content_words(s);
        if words.len() >= 2 {
            wanted.add(s);
            candidates.push((i, words));
        }
    }
    if candidates.is_empty() {
        return out;
    }
    let in_body = wanted.present(body.clone().map(|b| doc.slice(&doc.blocks[b].content)));
    let shared_words = |words: &[u64]| words.iter().filter(|w| in_body.contains(w)).count();
    let mut picked: Vec<usize> = candidates
        .iter()
        .filter(|(i, words)| i + NEAR >= body.start && shared_words(words) * 10 >= words.len() * 6)
        .map(|(i, _)| *i)
        .collect();
    let scored = candidates.iter().map(|(i, words)| (*i, shared_words(words), words.len()));
    if let Some(h) = confirmed(doc, body, scored) {
        if !picked.contains(&h) {
            picked.push(h);
        }
    }
    // Each block's text and words, made once for all headline candidates.
    let mut seen: Vec<Option<Folded>> = (0..doc.blocks.len()).map(|_| None).collect();
    let fold = |i: usize| Folded::new(doc.slice(&doc.blocks[i].content).trim());
    for &h in &picked {
        let head = fold(h);
        out[h] = true;
        for i in 0..doc.blocks.len() {
            if out[i] || body.contains(&i) {
                continue;
            }
            let t = seen[i].get_or_insert_with(|| fold(i));
            // Half the union shared means 3 * shared >= |t| + |head|, and no more is shared
            // than the smaller set holds: sets of very different sizes are not merged. So a
            // line too short to hold half as many words as the headline (a word takes four
            // bytes and a separator) is not read for its words at all: most lines around a
            // page's body are menu entries of a word or two.
            let b = head.words().len();
            let similar = t.same_text(&head)
                || (2 * t.most_words() >= b && {
                    let a = t.words().len();
                    3 * a.min(b) >= a + b && {
                        let inter = shared(t.words(), head.words());
                        let union = a + b - inter;
                        union > 0 && a > 0 && inter * 2 >= union
                    }
                });
            if similar {
                out[i] = true;
            }
        }
    }
    out
}

/// The headline as the page marks it, among `candidates` (block, words found in the body,
/// words): a line [`may_be_marked`] followed within three lines by a byline (worth two) or a
/// date (one), or repeated elsewhere on the page (one): the page title with the site's name
/// after a `|` or dash, a copy not followed by a copy of the line after it (a list of stories
/// shown twice is not a headline), or a copy shortened with an ellipsis. The line with most
/// marks wins, then the one with the larger share of its words in the body, then the
/// nearest; it needs a quarter of its words in the body and two marks, or half and one.
/// Dates two to four lines apart are a list of related stories and mark none of them.
fn confirmed(
    doc: &Document,
    body: &std::ops::Range<usize>,
    candidates: impl Iterator<Item = (usize, usize, usize)>,
) -> Option<usize> {
    let text = |i: usize| doc.slice(&doc.blocks[i].content).trim();
    let eligible: Vec<(usize, usize, usize)> =
        candidates.filter(|&(i, shared, len)| shared * 4 >= len && may_be_marked(&doc.blocks[i], text(i))).collect();
    if eligible.is_empty() {
        return None;
    }
    // Built on first use: only a line with a mark already or half its words in the body can
    // pass with the repeat.
    let repeats = std::cell::OnceCell::new();
    // The shortest candidate, in bytes: shorter lines cannot repeat one (see `Repeats::new`).
    let shortest = eligible.iter().map(|&(i, ..)| text(i).len()).min().unwrap_or(0);
    // Each line is asked about several times (the lines around each candidate): answered
    // once. Every date holds a digit, and every byline starts with one of four letters, so
    // most lines are answered without a regex.
    let dates: Vec<std::cell::OnceCell<bool>> = (0..body.start).map(|_| std::cell::OnceCell::new()).collect();
    let is_date = |j: usize| {
        *dates[j].get_or_init(|| {
            let t = text(j);
            doc.blocks[j].weight <= 14 && t.bytes().any(|b| b.is_ascii_digit()) && DATELINE.is_match(t)
        })
    };
    let is_byline = |j: usize| {
        let t = text(j);
        doc.blocks[j].weight <= 12
            && t.bytes().next().is_some_and(|b| matches!(b.to_ascii_lowercase(), b'b' | b'w' | b'p' | b's'))
            && BYLINE.is_match(t)
    };
    let marks = |i: usize, half: bool| {
        let next = i + 1..(i + 4).min(body.start);
        let byline = next.clone().any(is_byline);
        // A date two to four lines from another is one of a list of dated stories.
        let listed =
            |j: usize| (j.saturating_sub(4)..=j + 4).any(|k| k.abs_diff(j) >= 2 && k < body.start && is_date(k));
        let date = next.clone().find(|&j| is_date(j)).is_some_and(|j| !listed(j));
        let m = 2 * usize::from(byline) + usize::from(date);
        m + usize::from((m > 0 || half) && repeats.get_or_init(|| Repeats::new(doc, body, shortest)).holds(doc, i))
    };
    eligible
        .into_iter()
        .map(|(i, shared, len)| (marks(i, shared * 2 >= len), shared, len, i))
        .filter(|&(m, shared, len, _)| m >= 2 || (m == 1 && shared * 2 >= len))
        // Most marks, then the larger share of words in the body (compared as fractions), then
        // the nearest to the body.
        .max_by(|a, b| a.0.cmp(&b.0).then((a.1 * b.2).cmp(&(b.1 * a.2))).then(a.3.cmp(&b.3)))
        .map(|(.., i)| i)
}

/// A line [`confirmed`] may take for the headline: five words or more, starting with a
/// capital, digit or quote, and no breadcrumb ("News > Nation").
fn may_be_marked(b: &Block, s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    b.weight >= 5
        && (first.is_uppercase() || first.is_numeric() || "\"'‘“".contains(first))
        && !s.contains(" > ")
        && !s.contains(" » ")
}

/// The short lines of a page outside its body, to tell whether a candidate headline is
/// repeated: each line's lower-cased text and, split at `|` and spaced dashes, its parts
/// (the page title "Headline | Site"), by hash with the first two lines holding it; and the
/// stems of lines shortened with an ellipsis. Made in one pass over the page.
struct Repeats<'a> {
    lines: IdMap<[usize; 2]>,
    stems: Vec<std::borrow::Cow<'a, str>>,
}

/// Stems of shortened lines kept at most: a page lists few.
const MAX_STEMS: usize = 64;

impl<'a> Repeats<'a> {
    /// `shortest`: the shortest candidate's length in bytes. A copy of it, lower-cased, is at
    /// least two thirds as long (lower-casing a character at most makes 2 bytes 3), and parts
    /// and stems are over 15 bytes: lines shorter than both are not read (most menu entries).
    fn new(doc: &'a Document, body: &std::ops::Range<usize>, shortest: usize) -> Self {
        let least = (2 * shortest / 3).min(16);
        let mut r = Repeats { lines: IdMap::default(), stems: Vec::new() };
        let mut put = |h: u64, i: usize| {
            let at = r.lines.entry(h).or_insert([usize::MAX; 2]);
            if at[0] == usize::MAX {
                at[0] = i;
            } else if at[1] == usize::MAX && at[0] != i {
                at[1] = i;
            }
        };
        for (i, b) in doc.blocks.iter().enumerate() {
            if body.contains(&i) || b.weight > 40 {
                continue;
            }
            let s = doc.slice(&b.content).trim();
            if s.len() < least {
                continue;
            }
            put(lower_hash(s), i);
            if s.contains(['|', '-', '–', '—']) {
                let parts = s.split('|').flat_map(|p| p.split(" - ")).flat_map(|p| p.split(" – "));
                for part in parts.flat_map(|p| p.split(" — ")).map(str::trim) {
                    if part.len() > 15 && part.len() < s.len() {
                        put(lower_hash(part), i);
                    }
                }
            }
            if r.stems.len() < MAX_STEMS {
                if let Some(stem) = s.strip_suffix('…').or_else(|| s.strip_suffix("...")) {
                    if stem.trim_end().len() > 15 {
                        r.stems.push(lowercase(stem.trim_end()));
                    }
                }
            }
        }
        r
    }

    /// Is block `i` repeated: another line, or a part of one, says the same, and the line
    /// after it does not repeat the line after `i` (a list of stories shown twice); or a
    /// line elsewhere is `i` shortened?
    fn holds(&self, doc: &Document, i: usize) -> bool {
        let text = |j: usize| doc.blocks.get(j).map(|b| doc.slice(&b.content).trim());
        let s = text(i).unwrap_or_default();
        let copy =
            self.lines.get(&lower_hash(s)).and_then(|at| at.iter().copied().find(|&c| c != i && c != usize::MAX));
        if copy.is_some_and(|c| text(c + 1) != text(i + 1)) {
            return true;
        }
        if self.stems.is_empty() {
            return false;
        }
        let lower = lowercase(s);
        self.stems.iter().any(|stem| lower.len() > stem.len() && lower.starts_with(stem.as_ref()))
    }
}

/// A line as the headline comparison reads it, case folded: an ASCII line is compared in
/// place (ASCII-case-insensitively), any other is lower-cased once.
struct Folded<'a> {
    text: std::borrow::Cow<'a, str>,
    /// `content_words` of the lower-cased line, on first use.
    words: std::cell::OnceCell<Vec<u64>>,
}

impl<'a> Folded<'a> {
    fn new(s: &'a str) -> Folded<'a> {
        // `content_words` lower-cases ASCII itself, and lower-casing keeps ASCII lengths.
        let text = if s.is_ascii() { s.into() } else { lowercase(s) };
        Folded { text, words: std::cell::OnceCell::new() }
    }

    fn words(&self) -> &[u64] {
        self.words.get_or_init(|| content_words(&self.text))
    }

    /// The most words [`Folded::words`] can hold: each takes four bytes or more, and all but
    /// the last a separator after it.
    fn most_words(&self) -> usize {
        (self.text.len() + 1) / 5
    }

    /// The lower-cased texts are equal, or the longer (over 15 bytes) holds the other. A
    /// text not ASCII is lower-cased already, and an ASCII one lower-cases byte by byte, so
    /// comparing bytes with ASCII case ignored compares the lower-cased texts, with no copy.
    fn same_text(&self, head: &Folded) -> bool {
        let (t, h) = (self.text.as_bytes(), head.text.as_bytes());
        t.eq_ignore_ascii_case(h)
            || (h.len() > 15 && contains_ignore_ascii_case(t, h))
            || (t.len() > 15 && contains_ignore_ascii_case(h, t))
    }
}

/// Whether `hay` holds `needle`, ignoring ASCII case. The needle's first byte, in either
/// case, is looked for with `memchr2` (many bytes at a time): a page's long lines are read
/// once per headline, and a byte-by-byte scan of them was most of this search.
fn contains_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else { return true };
    let Some(last_start) = hay.len().checked_sub(needle.len()) else { return false };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), &hay[..=last_start])
        .any(|i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        let mut s =
            String::from("Home\nWorld\nPolitics\nSport\nLog In\nCouncil Votes To Close The Old Harbour Bridge\n");
        s.push_str("By Jane Roe\n");
        for i in 0..4 {
            s.push_str(&format!(
                "The council voted on Tuesday to close the old harbour bridge to traffic for repairs, part {i} of the plan said.\n"
            ));
        }
        s.push_str("Privacy Policy\nTerms of Use\nContact Us\n");
        s
    }

    /// The same answer as lower-casing both and searching, wherever the needle sits.
    #[test]
    fn contains_ignoring_ascii_case_is_lower_casing_and_searching() {
        let texts = ["", "a", "Harbour", "the HARBOUR bridge", "harbour", "été Harbour", "ÉtÉ", "xHarbourx", "harbou"];
        for hay in texts {
            for needle in texts {
                let (h, n) = (hay.to_ascii_lowercase(), needle.to_ascii_lowercase());
                let expected = n.is_empty() || h.as_bytes().windows(n.len()).any(|w| w == n.as_bytes());
                assert_eq!(
                    contains_ignore_ascii_case(hay.as_bytes(), needle.as_bytes()),
                    expected,
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn finds_body_and_headline() {
        let text = page();
        let doc = Document::new("t", &text);
        let l = Layout::new(&doc);
        assert_eq!(l.body, 7..11);
        assert!(l.is_headline(5) && !l.is_headline(4) && !l.is_headline(7));
        assert!(l.before(0) && l.after(11) && !l.before(7));
    }

    /// A page of `lines`, then four lines of the body `page` has, then its footer.
    fn headline_page(lines: &[&str]) -> String {
        let mut s = lines.join("\n");
        s.push('\n');
        for i in 0..4 {
            s.push_str(&format!(
                "The council voted on Tuesday to close the old harbour bridge to traffic for repairs, part {i} of the plan said.\n"
            ));
        }
        s.push_str("Privacy Policy\nTerms of Use\nContact Us\n");
        s
    }

    /// Is `line` of the page, before its body, a headline or a copy of one?
    fn headline_of(text: &str, line: &str) -> bool {
        let doc = Document::new("t", text);
        let l = Layout::new(&doc);
        let i = doc.blocks.iter().position(|b| doc.slice(&b.content) == line).expect("the line is on the page");
        assert!(l.before(i), "{line:?} is before the body");
        l.is_headline(i)
    }

    /// Share buttons between the headline and the body, more than `NEAR` blocks.
    fn share_bar() -> Vec<String> {
        (0..40).map(|i| format!("Share {i}")).collect()
    }

    /// Far from the body and with under 60% of its words in it, the headline is found by the
    /// byline under it; the same line without a byline is not a headline.
    #[test]
    fn headline_far_from_the_body_is_found_by_its_byline() {
        let head = "Harbour Bridge Closure Splits The Town Council Again";
        let bar = share_bar();
        let mut lines = vec!["Home", "World", "Log In", "Subscribe", head, "By Jane Roe"];
        lines.extend(bar.iter().map(String::as_str));
        assert!(headline_of(&headline_page(&lines), head));
        lines.remove(5);
        assert!(!headline_of(&headline_page(&lines), head));
    }

    /// Related stories nearer the body, each with its date, share as many words with the body
    /// as the headline: a list of dated stories marks none of them, the byline marks the
    /// headline.
    #[test]
    fn dated_related_stories_are_not_the_headline() {
        let head = "Harbour Bridge Closure Splits The Town Council Again";
        let (one, two) = (
            "Council Opens New Harbour Car Park On Bridge Street",
            "Town Bridge Repairs Begin After Long Council Delay",
        );
        let lines = [
            "Home",
            "Log In",
            "Subscribe",
            head,
            "By Jane Roe",
            "Share",
            "Related",
            one,
            "March 3, 2024",
            two,
            "April 9, 2024",
        ];
        let text = headline_page(&lines);
        assert!(headline_of(&text, head));
        assert!(!headline_of(&text, one) && !headline_of(&text, two));
        // Without the byline nothing marks the headline, and the dates still mark no story.
        let lines: Vec<&str> = lines.into_iter().filter(|l| !l.starts_with("By ")).collect();
        let text = headline_page(&lines);
        assert!(!headline_of(&text, head) && !headline_of(&text, one) && !headline_of(&text, two));
    }

    /// The page title ("Headline | Site") repeats the headline, which is then found far from
    /// the body; a related story shown twice, in the same list, is not marked by its copy.
    #[test]
    fn headline_repeated_in_the_page_title_is_found() {
        let head = "Harbour Bridge Closure Splits The Council";
        let title = format!("{head} | The Harbour Times");
        let teaser = "Council Opens New Harbour Car Park On Bridge Street";
        let bar = share_bar();
        let mut lines = vec![title.as_str(), "Home", "Log In", "Subscribe", teaser, "Read more", head];
        lines.extend(bar.iter().map(String::as_str));
        lines.extend([teaser, "Read more"]);
        let text = headline_page(&lines);
        assert!(headline_of(&text, head) && headline_of(&text, &title));
        assert!(!headline_of(&text, teaser));
        // Without the page title the headline is too far from the body.
        let text = headline_page(&lines[1..]);
        assert!(!headline_of(&text, head));
    }

    /// Initials and titles before a name do not end a sentence; a stop after a word does.
    #[test]
    fn abbreviations_do_not_make_two_sentences() {
        for s in [
            "Harbour Bridge In U.S. Town Will Close",
            "Rep. Jane Roe Says Close The Bridge",
            "J. Roe Wins",
            "Why? Because",
        ] {
            assert!(!two_sentences(s) || s.starts_with("Why"), "{s}");
        }
        for s in [
            "The old harbour bridge. The council voted to close it",
            "Closed in 1990. Reopened in May",
            "Amnesty. More",
        ] {
            assert!(two_sentences(s), "{s}");
        }
        for head in [
            "Harbour Bridge In U.S. Town Will Close For Repairs",
            "Rep. Jane Roe Says Close The Harbour Bridge For Repairs",
        ] {
            assert!(headline_of(&headline_page(&["Home", "Log In", "Subscribe", head]), head), "{head}");
        }
        // A caption of two sentences stays a caption, whatever words it shares with the body.
        let caption = "The old harbour bridge. The council voted to close it";
        assert!(!headline_of(&headline_page(&["Home", "Log In", "Subscribe", caption]), caption));
    }

    #[test]
    fn cjk_counts_as_words() {
        let text = "今回はそのデスクトップアプリについて説明します。";
        let doc = Document::new("t", text);
        assert!(doc.blocks[0].weight >= 10);
    }
}

#[cfg(test)]
mod word_tests {
    use super::*;

    #[test]
    fn long_words_are_the_long_alphanumeric_runs() {
        for s in ["Über-Städte, 2019’s café x1234 ab-cd éééé", "", "abcd", "  a  abcde1  ", "日本語のテキスト"]
        {
            let want: Vec<&str> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4).collect();
            assert_eq!(long_words(s).collect::<Vec<_>>(), want, "{s}");
        }
    }

    /// The one-pass reading hashes the words `long_words` finds, as `lower_hash` does, on
    /// mixed scripts, on every fixture and on the development set's pages when present.
    #[test]
    fn word_hashes_in_one_pass_agree_with_the_two_passes() {
        let texts = crate::document::sample_texts_and(&[
            "Über-Städte, 2019’s café x1234 ab-cd éééé",
            "",
            "abcd",
            "  a  abcde1  ",
            "日本語のテキスト",
            "naïve Straße İSTANBUL ÖZEL abcé abcd\u{301} abc\u{2019}defg “Quoted words” — dashes…",
            "MIXEDcase WORDS1234 x ab abc abcd\nabcdé",
            "éabc abcdé ab日本 日本abcd",
            "abc\u{b2} abcd\u{b2}",
        ]);
        assert!(texts.len() > 20, "the fixtures are read");
        for s in &texts {
            let mut got = Vec::new();
            push_long_word_hashes(s, &mut got);
            let want: Vec<u64> = long_words(s).map(lower_hash).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    /// Reading the body for wanted words by their keys finds what hashing every word of it
    /// finds: for the lines of mixed scripts above and of every fixture and devset page,
    /// each line's words looked for in the rest of its text.
    #[test]
    fn wanted_words_are_found_as_hashing_every_word_finds_them() {
        let texts = crate::document::sample_texts_and(&[
            "Über Städte\nüber STÄDTE and more\n\u{212a}ilometre kilometre\nİstanbul istanbul ISTANBUL",
            "café CAFÉ cafe\nnaïve words2019 WORDS2019\nabc’defg ABC'DEFG abcdefg",
        ]);
        let mut checked = 0;
        for t in &texts {
            let lines: Vec<&str> = t.lines().collect();
            for (n, line) in lines.iter().enumerate().step_by(7) {
                let mut wanted = Wanted::new();
                wanted.add(line);
                let mut want_hashes = Vec::new();
                push_long_word_hashes(line, &mut want_hashes);
                let rest = lines.iter().enumerate().filter(|(k, _)| *k != n).map(|(_, l)| *l);
                let mut all = Vec::new();
                for l in rest.clone() {
                    push_long_word_hashes(l, &mut all);
                }
                let expected: IdSet = want_hashes.iter().copied().filter(|h| all.contains(h)).collect();
                assert_eq!(wanted.present(rest), expected, "{line:?}");
                checked += 1;
            }
        }
        assert!(checked > 100, "the fixtures are read");
    }

    /// The bound that spares short lines their words holds on every line of the fixtures
    /// and devset pages.
    #[test]
    fn no_line_holds_more_words_than_its_bound() {
        for t in crate::document::sample_texts() {
            for line in t.lines() {
                let f = Folded::new(line.trim());
                assert!(f.words().len() <= f.most_words(), "{line:?}");
            }
        }
    }

    #[test]
    fn folded_lines_compare_like_lower_cased_copies() {
        let lines = [
            "Council Votes To Close Bridge",
            "council votes to close bridge",
            "News | COUNCIL VOTES TO CLOSE BRIDGE | Site",
            "Council votes",
            "ÜBER Council Votes To Close Bridge",
            "über council votes to close bridge",
            "News — Council Votes To Close Bridge",
            "NEWS — COUNCIL VOTES TO CLOSE BRIDGE — ÜBER",
            "Ünïcode — Votes",
            "ünïcode — votes",
            "İstanbul Council Votes To Close Bridge",
            "",
        ];
        for a in lines {
            for b in lines {
                let (la, lb) = (a.to_lowercase(), b.to_lowercase());
                let want = la == lb || (lb.len() > 15 && la.contains(&lb)) || (la.len() > 15 && lb.contains(&la));
                let (fa, fb) = (Folded::new(a), Folded::new(b));
                assert_eq!(fa.same_text(&fb), want, "{a:?} vs {b:?}");
                assert_eq!(fa.words(), content_words(&la), "{a:?}");
                assert!(fa.words().len() <= fa.most_words(), "{a:?}");
            }
        }
    }

    /// The default rules' chrome words (the menu rule's list), as the engine parses them.
    fn default_anchors() -> Vec<String> {
        let (specs, errors) = crate::rules::parse_all(&crate::rules::RuleSource::embedded());
        assert!(errors.is_empty(), "the default rules parse");
        specs
            .into_iter()
            .find_map(|(_, r, _)| match r.check {
                crate::rules::schema::Check::Builtin(b) if *b.name.get_ref() == "menu" => {
                    b.params.get("anchors").cloned()?.try_into().ok()
                }
                _ => None,
            })
            .expect("the menu rule lists anchors")
    }

    /// An ASCII line's anchor read from the literals' occurrences is the one the regex
    /// captures, on every short line of the fixtures and development set and on edge cases.
    #[test]
    fn chrome_literals_find_what_the_regex_finds() {
        let mut anchors = default_anchors();
        // One-byte anchors pass the pair filter with any byte after them.
        anchors.extend(["log", "Log In Now", "in", " padded ", "x", "Q"].map(String::from));
        let chrome = Chrome::new(&anchors, 8).expect("anchors");
        assert!(!chrome.literals.is_empty(), "the default anchors have no ASCII case partners");
        let edge = [
            "Privacy Policy",
            "privacy policyx",
            "xprivacy policy",
            "PRIVACY",
            "(Contact us)",
            "Contact-us",
            "login!",
            "Log in now",
            "Log inward",
            "log",
            "login2",
            "2login",
            "in",
            "sign in | sign up",
            "© 2024",
            "Terms_of_use",
            "cookies.",
            "subscribe-now",
            "Log In Now please",
            "padded",
            "x",
            "box X",
            "q-tip",
            "Qatar",
            "",
        ];
        let mut seen = 0;
        for text in crate::document::sample_texts_and(&edge) {
            let doc = Document::new("t", &text);
            for b in doc.blocks.iter().filter(|b| b.weight <= 8) {
                let s = doc.slice(&b.content);
                if s.is_ascii() {
                    let want = chrome.find_by_regex(s);
                    assert_eq!(chrome.find_ascii(s), want, "{s:?}");
                    seen += usize::from(want.is_some());
                }
            }
        }
        assert!(seen >= 10, "{seen} lines with anchors");
        for s in edge {
            assert_eq!(chrome.find_ascii(s), chrome.find_by_regex(s), "{s:?}");
        }
        // An anchor with an ASCII case partner (the Kelvin sign) sends every line to the regex.
        let kelvin = Chrome::new(&["\u{212A}ilo".to_string()], 8).expect("anchors");
        assert!(kelvin.literals.is_empty());
        assert_eq!(kelvin.find_in("10 kilo"), Some(hash_str("kilo")));
    }
}
