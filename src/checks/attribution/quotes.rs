//! Direct quotations: a cue inside someone's quoted words ("“Experts say it will fail,” Smith
//! said") is that speaker's claim, already attributed.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Quoted stretches of `block` (byte ranges relative to it, quote marks included). Curly quotes
/// pair by direction; straight double quotes pair in order. An unclosed quote runs to the end
/// of the block, as a quotation continued in the next paragraph does.
pub fn quotations(block: &str) -> Vec<Range<usize>> {
    // Every mark is `"` or begins with 0xE2 (“ ” „) or 0xC2 (« »): the search (memchr's, many
    // bytes at a time) jumps from one such byte to the next, where reading every character
    // took most of the attribution check on a line of many cues (each reads 40 KB around it).
    let candidates = memchr::memchr3_iter(b'"', 0xE2, 0xC2, block.as_bytes())
        .filter_map(|i| block[i..].chars().next().map(|c| (i, c)));
    pair_marks(block.len(), candidates)
}

/// [`quotations`] paired from `chars` (offset and character, in order), which must include
/// every quote mark of a block of `len` bytes; other characters are passed over.
fn pair_marks(len: usize, chars: impl Iterator<Item = (usize, char)>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight: Option<usize> = None;
    for (i, c) in chars {
        match c {
            '“' | '„' | '«' => open = Some(open.unwrap_or(i)),
            '”' | '»' => {
                if let Some(s) = open.take() {
                    out.push(s..i + c.len_utf8());
                }
            }
            '"' => match straight.take() {
                Some(s) => out.push(s..i + 1),
                None => straight = Some(i),
            },
            _ => {}
        }
    }
    for s in [open, straight].into_iter().flatten() {
        out.push(s..len);
    }
    out
}

const SPEECH: &str = r"said|says|say|told|tells|added|adds|wrote|writes|explained|explains|stated|states|tweeted|posted|noted|notes|argued|argues|warned|warns|asked|asks|continued|recalled|insisted|according to";

/// After the closing quote: "…,” Smith said" / "…,” said Smith" / "…,” the statement said".
static SPEAKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s,.!?;:—–-]*(?:(?:[\p{{L}}.'’-]+\s+){{0,6}}?(?:{SPEECH})\b|(?:{SPEECH})\s+\S)"))
        .expect("static regex")
});

/// Before the opening quote: "Smith said: “…" / "she told Reuters that “…" / "In a statement: “…".
static SPEAKER_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?:\b(?:{SPEECH})\b[^.!?“”]{{0,40}}|:)\s*$")).expect("static regex"));

/// True when `offset` (relative to `block`) lies in a quotation that has a speaker, or in a
/// quotation left open at the end of the block.
pub fn in_attributed_quote(block: &str, offset: usize) -> bool {
    quotations(block).into_iter().any(|q| {
        if !(q.start < offset && offset < q.end) {
            return false;
        }
        let open_ended = q.end == block.len() && !block[..q.end].ends_with(['”', '"', '»']);
        open_ended || SPEAKER_AFTER.is_match(&block[q.end..]) || SPEAKER_BEFORE.is_match(&block[..q.start])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotations as first written, reading every character.
    fn quotations_by_chars(block: &str) -> Vec<Range<usize>> {
        pair_marks(block.len(), block.char_indices())
    }

    /// Jumping between candidate bytes finds what reading every character finds, on every
    /// stretch of a text with each mark, their look-alikes (’ ‘ ¡ ¿ –) and other scripts.
    #[test]
    fn quotations_by_bytes_are_quotations_by_chars() {
        let text = "He said “a «b» c” and \"d\" „e“ ’f‘ ¡g! ¿h? – “i ” » « \" é 新 “";
        let edges: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for &a in &edges {
            for &b in edges.iter().filter(|&&b| b >= a) {
                assert_eq!(quotations(&text[a..b]), quotations_by_chars(&text[a..b]), "{:?}", &text[a..b]);
            }
        }
    }

    fn quoted(block: &str, cue: &str) -> bool {
        in_attributed_quote(block, block.find(cue).unwrap())
    }

    #[test]
    fn quotations_with_a_speaker() {
        assert!(quoted("“Experts say it will fail,” Smith said.", "Experts"));
        assert!(quoted("\"Experts say it will fail,\" said Jane Smith.", "Experts"));
        assert!(quoted("Smith said: “Experts say it will fail.”", "Experts"));
        assert!(quoted("“Many people are afraid to return. They fear retribution.", "Many"));
        assert!(!quoted("Experts say it will “fail” soon.", "Experts"));
        assert!(!quoted("“Experts say it will fail.” The plan is new.", "Experts"));
    }
}
