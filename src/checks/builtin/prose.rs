//! Small judgements the typo builtins share: is this document English prose, and is a
//! double quotation mark open at a given point of a paragraph.

use crate::document::{Document, Span};

/// Function words that make up a fifth or more of any English text. Other languages written
/// in Latin script share a few ("in", "so") but fall well under the threshold. A `match`,
/// not a list: every short word of every document is looked up.
#[rustfmt::skip]
fn is_function_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"the" | b"a" | b"an" | b"and" | b"or" | b"but" | b"of" | b"to" | b"in" | b"on" | b"at" | b"for" | b"with"
            | b"by" | b"from" | b"as" | b"is" | b"are" | b"was" | b"were" | b"be" | b"been" | b"has" | b"have"
            | b"had" | b"it" | b"its" | b"this" | b"that" | b"these" | b"those" | b"he" | b"she" | b"they" | b"we"
            | b"you" | b"i" | b"his" | b"her" | b"their" | b"our" | b"not" | b"no" | b"will" | b"would" | b"can"
            | b"could" | b"said" | b"says" | b"who" | b"which" | b"what" | b"when" | b"where" | b"there" | b"than"
            | b"then" | b"also" | b"after" | b"about" | b"into" | b"over" | b"more" | b"most"
    )
}

/// Share of function words at or above which a text counts as English. Measured on real news:
/// English articles sit at 0.22 and above, German, Indonesian and Russian ones under 0.16.
const ENGLISH_MIN_SHARE: f64 = 0.18;

/// Texts shorter than this are too small to judge and count as English (rule examples).
const ENGLISH_MIN_WORDS: usize = 60;

/// True when the document reads as English; typo rules tuned on English stay quiet otherwise
/// (German `bzw.` before a lower-case word is not a sentence end).
pub fn looks_english(doc: &Document) -> bool {
    // Judged once per document: several typo builtins and the engine's language filter ask.
    *doc.english.get_or_init(|| crate::engine::within("(language check)", || english_share_reached(doc)))
}

fn english_share_reached(doc: &Document) -> bool {
    let words = &doc.words;
    if words.len() < ENGLISH_MIN_WORDS {
        return true;
    }
    let reached = |hits: usize| hits as f64 / words.len() as f64 >= ENGLISH_MIN_SHARE;
    let mut hits = 0usize;
    let mut buf = String::new();
    for w in words {
        let word = &doc.text[w.clone()];
        if word.len() > 5 {
            continue;
        }
        let found = if word.is_ascii() {
            // Lower-cased on the stack: most words are short ASCII.
            let mut b = [0u8; 5];
            b[..word.len()].copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            is_function_word(&b[..word.len()])
        } else {
            buf.clear();
            buf.extend(word.chars().flat_map(char::to_lowercase));
            is_function_word(buf.as_bytes())
        };
        if found {
            hits += 1;
            // The share can only grow from here: an English page is judged when enough of
            // its words have been read, not after all of them.
            if reached(hits) {
                return true;
            }
        }
    }
    reached(hits)
}

/// The double quote marks of `span` as (offset, mark, length in bytes): `“`, `”` or `"`.
/// A doubled single mark (`’’`, `‘‘`), which some publishing systems print for a double
/// one, counts as one double mark.
pub fn double_marks(text: &str, span: &Span) -> Vec<(usize, char, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Every mark is `"` or begins with the byte 0xE2 (which begins no character but those of
    // U+2000-U+2FFF): the search (memchr's, many bytes at a time) jumps from one to the next
    // without decoding the rest.
    let mut k = span.start;
    while let Some(found) = memchr::memchr2(b'"', 0xE2, &bytes[k..span.end]) {
        let i = k + found;
        let c = text[i..span.end].chars().next().unwrap_or('"');
        k = i + c.len_utf8();
        match c {
            '“' | '„' => out.push((i, '“', c.len_utf8())),
            '”' => out.push((i, '”', c.len_utf8())),
            '"' => out.push((i, '"', 1)),
            '’' | '‘' if text[k..span.end].starts_with(c) => {
                k += c.len_utf8();
                out.push((i, if c == '’' { '”' } else { '“' }, 2 * c.len_utf8()));
            }
            _ => {}
        }
    }
    out
}

/// Whether a double quotation is open at byte `at`, counting the quote marks between
/// `start` and `at` (one paragraph). A straight mark right after a digit that closes
/// nothing is a measurement (`5' 11"`).
pub fn double_quote_open(text: &str, start: usize, at: usize) -> bool {
    open_after(text, &(start..at), false)
}

/// The quotation state after the marks of `span`, from state `open` before them.
fn open_after(text: &str, span: &Span, mut open: bool) -> bool {
    for (i, c, _) in double_marks(text, span) {
        let after_digit = text[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit());
        match c {
            '“' => open = true,
            '”' => open = false,
            _ if open => open = false,
            _ if !after_digit => open = true,
            _ => {}
        }
    }
    open
}

/// [`double_quote_open`] asked at increasing places of a paragraph: each answer reads only
/// the marks since the last place asked, where a paragraph of one long line was read from its
/// start for every mark in it. The places must be ones no mark spans (punctuation, as the
/// missing-space check asks at).
#[derive(Default)]
pub struct QuoteState {
    start: usize,
    at: usize,
    open: bool,
}

impl QuoteState {
    pub fn open_at(&mut self, text: &str, start: usize, at: usize) -> bool {
        if start != self.start || at < self.at || self.at < start {
            *self = QuoteState { start, at: start, open: false };
        }
        self.open = open_after(text, &(self.at..at), self.open);
        self.at = at;
        self.open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks as the character-by-character reading found them, before the byte search.
    fn marks_by_chars(text: &str, span: &Span) -> Vec<(usize, char, usize)> {
        let mut out = Vec::new();
        let mut it = text[span.clone()].char_indices().peekable();
        while let Some((k, c)) = it.next() {
            let i = span.start + k;
            match c {
                '“' | '„' => out.push((i, '“', c.len_utf8())),
                '”' => out.push((i, '”', c.len_utf8())),
                '"' => out.push((i, '"', 1)),
                '’' | '‘' if it.peek().is_some_and(|&(_, n)| n == c) => {
                    it.next();
                    out.push((i, if c == '’' { '”' } else { '“' }, 2 * c.len_utf8()));
                }
                _ => {}
            }
        }
        out
    }

    /// The byte search finds the marks the character reading finds, on every sub-span.
    #[test]
    fn double_marks_by_bytes_are_marks_by_chars() {
        for text in [
            "He said “yes” — ‘‘no’’ and \"maybe\" … ’’’ „quoted“ ‘single’ ’’",
            "x\u{2018}\u{2018}\u{2019} 5' 11\" tall, ″ \u{2e80} ⁇ “",
        ] {
            let edges: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for &a in &edges {
                for &b in edges.iter().filter(|&&b| b >= a) {
                    assert_eq!(double_marks(text, &(a..b)), marks_by_chars(text, &(a..b)), "{:?}", &text[a..b]);
                }
            }
        }
    }

    #[test]
    fn english_share_separates_languages() {
        let en = "The government said on Monday that it would not change the plan, and officials in the \
                  capital were told to wait for the report before they made any decision about the talks. \
                  The report is expected later this month, after the committee has heard from the mayors of \
                  the three towns, who have asked for more money for the roads and for the new bridge that \
                  was promised to them last year by the minister.";
        let de = "Die Regierung hat am Montag erklärt, dass sie den Plan nicht ändern werde, und die Beamten \
                  in der Hauptstadt sollen auf den Bericht warten, bevor sie eine Entscheidung über die Gespräche \
                  treffen, sagte ein Sprecher. Der Bericht wird noch in diesem Monat erwartet, nachdem der \
                  Ausschuss die Bürgermeister der drei Städte angehört hat, die mehr Geld für die Straßen und \
                  für die neue Brücke verlangen, die ihnen im vergangenen Jahr versprochen wurde.";
        assert!(looks_english(&Document::new("t", en)));
        assert!(!looks_english(&Document::new("t", de)));
        assert!(looks_english(&Document::new("t", "Die Regierung hat am Montag erklärt.")), "too short to judge");
    }

    /// Asked at each punctuation mark in turn, across paragraphs, the kept state answers as
    /// reading from the paragraph's start does.
    #[test]
    fn kept_quote_state_is_reading_from_the_start() {
        let text = "He said, “we will go.” Then: \"no.\" 5' 11\" tall, ‘‘yes,’’ she said.\n\n\"Open, still. ”Odd,“ he said; “x\n“Last, one.";
        let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut kept = QuoteState::default();
        for (i, _) in text.match_indices(['.', ',', ';', ':']) {
            let start = starts[starts.partition_point(|&s| s <= i) - 1];
            assert_eq!(kept.open_at(text, start, i), double_quote_open(text, start, i), "at {i}");
        }
    }

    #[test]
    fn quote_state_follows_marks() {
        let t = "He said “we will go” and “then";
        assert!(!double_quote_open(t, 0, t.find("and").unwrap()));
        assert!(double_quote_open(t, 0, t.len()));
        let s = "She is 5' 11\" tall and said \"yes";
        assert!(double_quote_open(s, 0, s.len()));
        assert!(!double_quote_open(s, 0, s.find("and").unwrap()));
    }
}
