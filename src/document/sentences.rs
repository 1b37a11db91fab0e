//! Sentence boundaries inside one block. A boundary is a terminator (`.`, `!`, `?`, `…`)
//! with its closing quotes or brackets, then whitespace; abbreviations (`Dr.`, `Feb.`,
//! `U.S.`), initials and decimals do not end a sentence unless a common sentence opener
//! follows the ambiguous ones.

use super::{trim_span, Span};

/// Never end a sentence: a title or a month is always followed by more of the sentence.
const NEVER_END: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "adm", "maj", "cpl",
    "pvt", "st", "mt", "ft", "no", "nos", "vs", "cf", "fig", "figs", "approx", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pres", "rev", "hon", "messrs", "mme", "mlle", "e.g", "i.e",
    "al", "op", "vol", "pp", "ch", "art", "sec", "dept", "est", "tbsp", "tsp", "oz", "lb", "lbs",
];

/// May end a sentence: split only when a common sentence opener follows.
const MAY_END: &[&str] = &["inc", "corp", "ltd", "co", "jr", "sr", "etc", "bros", "plc", "llc"];

/// Words that start sentences far more often than they follow an abbreviation.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "Or",
    "So",
    "In",
    "On",
    "At",
    "For",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "There",
    "Here",
    "What",
    "Why",
    "How",
    "Who",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "Now",
    "Then",
    "Some",
    "Many",
    "Most",
    "One",
    "Officials",
    "Analysts",
    "According",
    "Since",
    "Although",
    "Despite",
    "With",
    "Under",
];

/// Short English words that often end a sentence, so they are not taken for abbreviations.
const SHORT_WORDS: &[&str] = &[
    "a", "i", "it", "is", "be", "by", "do", "go", "he", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us",
    "we", "in", "at", "an", "as", "if", "ok", "am", "the", "and", "for", "are", "but", "not", "you", "all", "any",
    "can", "her", "was", "one", "our", "out", "day", "get", "has", "him", "his", "how", "man", "new", "now", "old",
    "see", "two", "way", "who", "boy", "did", "its", "let", "put", "say", "she", "too", "use", "war", "end", "yet",
    "ago", "off", "few", "job", "law", "tax", "oil", "gas", "win", "won", "run", "ran", "set", "cut", "low", "top",
    "bad", "big", "lot", "own", "try", "die", "act", "age", "aid", "air", "art", "car", "far", "fun", "men", "sea",
    "sky", "sun", "son", "six", "ten", "yes", "why", "due", "key", "far", "hit", "led", "met", "pay", "per", "sat",
    "saw", "sit", "got", "had", "may", "ask", "buy", "eat", "fan", "fee", "fit", "fly", "god", "gun", "hot", "ice",
    "kid", "lie", "map", "mom", "dad", "net", "pop", "raw", "red", "row", "sad", "tea", "toy", "van", "web", "wet",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// The bytes the splitter stops at, `.`, `!`, `?` and 0xE2 (see `split_sentences`), found
/// by two `memchr` searches (many bytes at a time) whose results are kept until passed: a
/// byte at a time, this search was a sixth of reading a document.
struct Stops<'a> {
    bytes: &'a [u8],
    /// The next `.`, `!` or `?` at or after the last search's start (`usize::MAX`: none).
    mark: usize,
    /// The next 0xE2 likewise.
    lead: usize,
}

impl<'a> Stops<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut stops = Stops { bytes, mark: 0, lead: 0 };
        stops.find_mark(0);
        stops.find_lead(0);
        stops
    }

    fn find_mark(&mut self, pos: usize) {
        self.mark = memchr::memchr3(b'.', b'!', b'?', &self.bytes[pos..]).map_or(usize::MAX, |k| pos + k);
    }

    fn find_lead(&mut self, pos: usize) {
        self.lead = memchr::memchr(0xE2, &self.bytes[pos..]).map_or(usize::MAX, |k| pos + k);
    }

    /// The first stop at or after `pos` (which never goes back).
    fn next(&mut self, pos: usize) -> Option<usize> {
        if self.mark < pos {
            self.find_mark(pos);
        }
        if self.lead < pos {
            self.find_lead(pos);
        }
        Some(self.mark.min(self.lead)).filter(|&n| n != usize::MAX)
    }
}

/// Splits the text of `span` into trimmed sentence spans.
pub fn split_sentences(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    split_sentences_into(text, span, &mut out);
    out
}

/// [`split_sentences`], appending to `out`: segmenting reuses one vector for every line.
pub fn split_sentences_into(text: &str, span: Span, out: &mut Vec<Span>) {
    let s = &text[span.clone()];
    let bytes = s.as_bytes();
    let mut start = 0;
    // Where the search for the next terminator resumes.
    let mut pos = 0;
    // The next terminator, found by its bytes: `.`, `!`, `?`, or `…`'s first byte (which is
    // no other byte of any character, and starts a few others: those are stepped over).
    let mut stops = Stops::new(bytes);
    while let Some(i) = stops.next(pos) {
        let c = s[i..].chars().next().unwrap_or(' ');
        if !is_terminator(c) {
            pos = i + c.len_utf8();
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut ellipsis = c == '…';
        let mut after = s[end..].chars();
        let next = loop {
            match after.next() {
                Some(n) if is_terminator(n) || is_closer(n) => {
                    ellipsis |= n == '.' && c == '.';
                    end += n.len_utf8();
                }
                next => break next,
            }
        };
        pos = end;
        // A boundary needs whitespace after it.
        let Some(next) = next else { break };
        if !next.is_whitespace() {
            continue;
        }
        let rest = s[end..].trim_start();
        let next_word: &str = rest.split(|ch: char| !ch.is_alphanumeric()).next().unwrap_or("");
        // Case of the first letter, past opening quotes and brackets ("… [an] incubator").
        let next_upper = rest.chars().find(|ch| ch.is_alphanumeric()).is_some_and(|ch| !ch.is_lowercase());
        // A quotation or parenthesis that ends with a mark inside a running sentence:
        // `the “Meth. We’re on it.” campaign`, `(practically!) everything`.
        let closed = &s[i + c.len_utf8()..end];
        if !next_upper && closed.chars().any(is_closer) {
            continue;
        }
        if c == '.' && !ellipsis && !ends_sentence(&s[..i], next_word, next_upper) {
            continue;
        }
        if ellipsis && !next_upper {
            continue;
        }
        push(text, out, span.start + start..span.start + end);
        start = end;
    }
    push(text, out, span.start + start..span.end);
}

fn push(text: &str, out: &mut Vec<Span>, span: Span) {
    let t = trim_span(text, span);
    if !t.is_empty() {
        out.push(t);
    }
}

/// Decides whether the `.` after `before` ends a sentence, given the next word.
fn ends_sentence(before: &str, next_word: &str, next_upper: bool) -> bool {
    let token =
        before.rsplit(|ch: char| ch.is_whitespace() || matches!(ch, '(' | '"' | '“' | '‘')).next().unwrap_or("");
    let opener = OPENERS.contains(&next_word);
    if token.is_empty() {
        return true;
    }
    let lower = super::chars::lowercase(token);
    if NEVER_END.contains(&lower.as_ref()) {
        return false;
    }
    // Initials ("W.") and dotted acronyms ("U.S", "D.C", "a.m", "Ph.D").
    let single_letter = token.chars().count() == 1 && token.chars().all(char::is_alphabetic);
    let dotted = token.contains('.') && token.chars().any(char::is_alphabetic);
    if single_letter && token.chars().all(char::is_uppercase) || dotted || MAY_END.contains(&lower.as_ref()) {
        return next_upper && opener;
    }
    // A short word before a full stop with lower case after it is an abbreviation in most
    // languages and recipes ("1 tsp. olive oil", "2 ст. л. масла", "bzw. für", "Mio. gesetzlich"),
    // unless it is a common English word that ends sentences ("it", "war", "now").
    if !next_upper
        && token.chars().count() <= 3
        && token.chars().all(char::is_alphabetic)
        && !SHORT_WORDS.contains(&lower.as_ref())
    {
        return false;
    }
    if token.chars().all(|ch| ch.is_ascii_digit()) && !next_upper {
        // "No. 5" is covered above; "in 2019. the" is still a boundary.
        return true;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        split_sentences(s, 0..s.len()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn keeps_abbreviations_initials_and_decimals() {
        assert_eq!(
            split("Dr. Petrova met U.S. officials in Washington, D.C. on Feb. 28. George W. Bush spoke. Growth was 2.5 percent."),
            [
                "Dr. Petrova met U.S. officials in Washington, D.C. on Feb. 28.",
                "George W. Bush spoke.",
                "Growth was 2.5 percent."
            ]
        );
    }

    #[test]
    fn splits_after_acronym_before_an_opener() {
        assert_eq!(split("He flew to the U.S. The talks began."), ["He flew to the U.S.", "The talks began."]);
    }

    #[test]
    fn splits_before_lower_case_and_after_quotes() {
        assert_eq!(
            split("“This is serious.” The talks went on! what role? Yes. The “Stop.” sign (really!) stayed."),
            ["“This is serious.”", "The talks went on!", "what role?", "Yes.", "The “Stop.” sign (really!) stayed."]
        );
    }

    #[test]
    fn short_abbreviations_before_lower_case_continue() {
        assert_eq!(
            split("Add 1 tsp. olive oil and 4 oz. chicken. Serve."),
            ["Add 1 tsp. olive oil and 4 oz. chicken.", "Serve."]
        );
        assert_eq!(split("The talks ended. what now?"), ["The talks ended.", "what now?"]);
    }

    #[test]
    fn ellipsis_before_lower_case_continues() {
        assert_eq!(split("We waited... and waited. Then it ended."), ["We waited... and waited.", "Then it ended."]);
    }

    /// Dashes, curly quotes and the ellipsis character share their first byte with `…`: the
    /// byte search steps over the others and ends sentences at the ellipsis.
    #[test]
    fn ellipsis_character_and_other_punctuation() {
        assert_eq!(
            split("It rose — sharply… Then “it fell.” Prices’ slide – again… and again. Done…"),
            ["It rose — sharply…", "Then “it fell.”", "Prices’ slide – again… and again.", "Done…"]
        );
    }

    #[test]
    fn missing_space_is_not_a_boundary() {
        assert_eq!(split("It ended.The Kremlin spoke."), ["It ended.The Kremlin spoke."]);
    }
}
