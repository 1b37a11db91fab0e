//! What a copy keeps: a block reduced to word hashes after normalising case, whitespace,
//! punctuation and quote style. Hashes (not strings) keep the indexes and comparisons cheap
//! on a 20,000-paragraph page; a 64-bit collision between two different words is negligible.

use super::index::IdSet;
use std::sync::LazyLock;

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

/// Hashes of the stopwords.
static STOP: LazyLock<IdSet> = LazyLock::new(|| STOPWORDS.iter().map(|w| hash_str(w)).collect());

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

pub fn hash_str(s: &str) -> u64 {
    finish(s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| mix(h, u64::from(b))))
}

/// Hash of a word sequence (a block's identity, a shingle).
pub fn hash_seq(words: &[u64]) -> u64 {
    finish(words.iter().fold(words.len() as u64, |h, &w| mix(h, w)))
}

/// Stands for a run of names and numbers in a template.
const PLACEHOLDER: u64 = 0x9e37_79b9_7f4a_7c15;

/// A block (or sentence) as the comparisons see it.
#[derive(Debug, Clone, Default)]
pub struct Norm {
    /// Lower-cased word hashes in order; punctuation and quote style are gone.
    pub words: Vec<u64>,
    /// Hash of `words`: equal keys are exact repeats.
    pub key: u64,
    /// Hash of `words` with each run of names and numbers replaced by one placeholder:
    /// "Vote for Anna on page 3" and "Vote for Olga on page 5" are one line of a template.
    pub template: u64,
    /// Byte offset of each word in the normalised text.
    pub starts: Vec<u32>,
    /// Whether each word is a name or a number (a placeholder in the template).
    pub masked: Vec<bool>,
    /// Sorted, deduplicated content words: no stopwords, two letters or fewer dropped,
    /// plural `s` stripped; numbers are kept.
    pub content: Vec<u64>,
    /// Sorted names and numbers: capitalised words inside a sentence, numbers of two or
    /// more characters. A reworded copy keeps these even when it changes everything else.
    pub anchors: Vec<u64>,
}

impl Norm {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Plural `s` and possessive `'s` stripped, so "ceasefires" and "ceasefire" compare equal.
fn stem(w: &str) -> &str {
    let w = w.strip_suffix("'s").unwrap_or(w);
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// Reduces `text` to a [`Norm`]. Tokens are runs of letters and digits with inner
/// apostrophes; curly apostrophes become straight ones; case is folded.
pub fn normalise(text: &str) -> Norm {
    // About one word per six bytes of prose: room for most blocks without regrowing.
    let room = text.len() / 6 + 2;
    let mut norm = Norm {
        words: Vec::with_capacity(room),
        starts: Vec::with_capacity(room),
        masked: Vec::with_capacity(room),
        content: Vec::with_capacity(room),
        ..Norm::default()
    };
    let mut buf = String::with_capacity(32);
    // A token is sentence-initial when the text before it (since the last token) holds a
    // terminator or an opening quote or bracket; a capital there is not a name.
    let mut initial = true;
    let (mut capital, mut digit, mut start) = (false, false, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        let ascii = c.is_ascii();
        if (ascii && c.is_ascii_alphanumeric()) || (!ascii && c.is_alphanumeric()) {
            if buf.is_empty() {
                capital = if ascii { c.is_ascii_uppercase() } else { c.is_uppercase() };
                digit = false;
                start = pos;
            }
            if ascii {
                digit |= c.is_ascii_digit();
                buf.push(c.to_ascii_lowercase());
            } else {
                digit |= c.is_numeric();
                buf.extend(c.to_lowercase());
            }
        } else if (c == '\'' || c == '’') && !buf.is_empty() && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            buf.push('\'');
        } else {
            if !buf.is_empty() {
                norm.push(&buf, start, initial, capital, digit);
                buf.clear();
                initial = false;
            }
            // "Dr. Anya Petrova": the full stop of a title does not end the sentence.
            if matches!(c, '!' | '?' | ':' | ';' | '“' | '"' | '(' | '[' | '«' | '„' | '—' | '•')
                || (c == '.' && !norm.words.last().is_some_and(|w| TITLES.contains(w)))
            {
                initial = true;
            }
        }
    }
    if !buf.is_empty() {
        norm.push(&buf, start, initial, capital, digit);
    }
    norm.key = hash_seq(&norm.words);
    norm.template = template_of(&norm.words, &norm.masked);
    for v in [&mut norm.content, &mut norm.anchors] {
        v.sort_unstable();
        v.dedup();
    }
    norm
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

impl Norm {
    fn push(&mut self, word: &str, start: usize, initial: bool, capital: bool, digit: bool) {
        let h = hash_str(word);
        self.words.push(h);
        self.starts.push(start as u32);
        let name = capital && !initial;
        self.masked.push(digit || name);
        let chars = if word.is_ascii() { word.len() } else { word.chars().count() };
        let stopword = chars >= 3 && STOP.contains(&h);
        if digit || (chars >= 3 && !stopword) {
            let stemmed = stem(word);
            let s = if stemmed.len() == word.len() { h } else { hash_str(stemmed) };
            self.content.push(s);
            if (digit && chars >= 2) || (name && chars >= 3 && !stopword) {
                self.anchors.push(s);
            }
        }
    }

    /// Key and template of the words that start inside `range` (byte offsets into the
    /// normalised text), and how many there are: a sentence of a block, without
    /// tokenising it again.
    pub fn part(&self, range: std::ops::Range<usize>) -> (u64, u64, usize) {
        let a = self.starts.partition_point(|&s| (s as usize) < range.start);
        let b = self.starts.partition_point(|&s| (s as usize) < range.end);
        (hash_seq(&self.words[a..b]), template_of(&self.words[a..b], &self.masked[a..b]), b - a)
    }
}

/// Sorted, deduplicated hashes of each run of `k` consecutive words (one shingle for a
/// shorter text).
pub fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> =
        if words.len() <= k { vec![hash_seq(words)] } else { words.windows(k).map(hash_seq).collect() };
    out.sort_unstable();
    out.dedup();
    out
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

    #[test]
    fn case_quotes_and_punctuation_do_not_matter() {
        let a = normalise("He said: “It’s   over,” and LEFT.");
        let b = normalise("he said \"it's over\" and left");
        assert_eq!(a.key, b.key);
        assert_ne!(a.key, normalise("he said it's over and stayed").key);
    }

    #[test]
    fn names_and_numbers_are_anchors_but_sentence_starts_are_not() {
        let n = normalise("The minister met Jari Lehto on Monday. Prices rose 12 percent, Dr. Berg said.");
        let has = |w: &str| n.anchors.contains(&hash_str(w));
        assert!(has("jari") && has("lehto") && has("monday") && has("12") && has("berg"));
        assert!(!has("prices") && !has("the") && !has("minister"));
    }

    #[test]
    fn lines_that_differ_in_names_and_numbers_share_a_template() {
        let a = normalise("Vote for Anna Berg on page 3 of the list!");
        let b = normalise("Vote for Olga on page 12 of the list.");
        assert_eq!(a.template, b.template);
        assert_ne!(a.key, b.key);
        assert_ne!(a.template, normalise("Vote for Olga on the last page of the list.").template);
        // Mostly names and numbers: no template to share.
        assert_ne!(normalise("Anna Berg, 34, Oslo").template, normalise("Jan Lind, 41, Bergen").template);
    }

    #[test]
    fn a_part_has_the_key_of_the_same_text_alone() {
        let text = "First sentence here. Then Anna Berg said 12 things, and left.";
        let n = normalise(text);
        let at = text.find("Then").unwrap();
        let alone = normalise(&text[at..]);
        assert_eq!(n.part(at..text.len()), (alone.key, alone.template, 8));
    }

    #[test]
    fn plurals_share_a_stem() {
        assert_eq!(normalise("ceasefires").content, normalise("ceasefire").content);
        assert_eq!(normalise("Tom's").content, normalise("tom").content);
        assert_ne!(normalise("class").content, normalise("clas").content);
    }

    #[test]
    fn one_changed_word_keeps_most_shingles() {
        let a = normalise("one two three four five six seven eight nine ten");
        let b = normalise("one two three four five SIX seven eight nine ten");
        let c = normalise("one two three four five 6 seven eight nine ten");
        assert_eq!(jaccard(&shingles(&a.words, 3), &shingles(&b.words, 3)), 1.0);
        let j = jaccard(&shingles(&a.words, 3), &shingles(&c.words, 3));
        assert!((j - 5.0 / 11.0).abs() < 1e-9, "{j}");
    }
}
