//! Letter and digit tests for the word scans every document goes through. The standard
//! library answers ASCII at once but searches its tables for every other character (about
//! 570 instructions a character outside its fast ranges, as in Chinese or Cyrillic pages), so
//! the Basic Multilingual Plane's answers are bit sets made at build time (`build.rs`, 16 KiB).

use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/char_tables.rs"));

/// `test(c)`: `ascii` for ASCII characters, the bit set `table` for the rest of the Basic
/// Multilingual Plane, the standard library above it.
#[inline]
fn answer(c: char, ascii: fn(&u8) -> bool, table: &[u128; 512], test: fn(char) -> bool) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return ascii(&(u as u8));
    }
    if u >= 0x1_0000 {
        return test(c);
    }
    table[(u >> 7) as usize] >> (u & 127) & 1 != 0
}

/// `c.is_alphabetic()`, without the standard library's table search (see [`answer`]).
#[inline]
pub fn is_alpha(c: char) -> bool {
    answer(c, u8::is_ascii_alphabetic, &ALPHA_BITS, char::is_alphabetic)
}

/// `c.is_alphanumeric()`, without the standard library's table search (see [`answer`]).
#[inline]
pub fn is_alnum(c: char) -> bool {
    answer(c, u8::is_ascii_alphanumeric, &ALNUM_BITS, char::is_alphanumeric)
}

/// `c.to_lowercase()` is `c` alone, without the standard library's table search (see
/// [`answer`]).
#[inline]
pub fn lower_is_same(c: char) -> bool {
    answer(
        c,
        |b| !b.is_ascii_uppercase(),
        &LOWER_SAME_BITS,
        |c| {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        },
    )
}

/// `s.to_lowercase()`, borrowed when that changes nothing. Most non-ASCII words are already
/// lower case or have no case (Chinese, Arabic), and the standard library copies them a
/// character at a time, each looked up in its tables.
pub fn lowercase(s: &str) -> Cow<'_, str> {
    if s.chars().all(lower_is_same) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Bit 7 of every byte: a byte with it is not ASCII, and the eight-byte tests below use it
/// as each byte's answer.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Bit 7 of each byte of `w` (eight bytes below 0x80) set where the byte lies in `lo..=hi`.
/// Adding to a byte below 0x80 sets its bit 7 exactly when it reaches 0x80, and never
/// carries into the next byte.
#[inline]
pub(crate) fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    let at_least = |b: u8| (w + splat(0x80 - b)) & HIGH_BITS;
    at_least(lo) & !at_least(hi + 1)
}

/// `w` (any eight bytes) with its ASCII capitals lower-cased, bytes of 0x80 and above left
/// alone: the bytes' low seven bits are compared (so no sum carries into the next byte),
/// and a byte with bit 7 set is no capital.
#[inline]
pub(crate) fn fold_ascii(w: u64) -> u64 {
    w | ((in_range(w & !HIGH_BITS, b'A', b'Z') & !w) >> 2)
}

/// Bit 7 of each byte of `v` (eight ASCII bytes) set where the byte is ASCII whitespace:
/// a space, or `\t` to `\r`.
#[inline]
pub(crate) fn ascii_spaces(v: u64) -> u64 {
    in_range(v, b' ', b' ') | in_range(v, b'\t', b'\r')
}

/// How many bytes at the start of `bytes` are ASCII letters (and digits, with `digits`):
/// eight bytes at a time, since every word of every document is scanned this way. The top
/// bit of each byte is cleared first so that no byte carries into the next; a byte that had
/// it (not ASCII) ends the run.
#[inline]
pub fn ascii_run(bytes: &[u8], digits: bool) -> usize {
    run_and_digit(bytes, digits).0
}

/// [`ascii_run`] of letters and digits, and whether the run holds a digit: the duplicate
/// rules read every word of every document this way and mask the ones with digits.
#[inline]
pub fn ascii_alnum_run(bytes: &[u8]) -> (usize, bool) {
    run_and_digit(bytes, true)
}

/// [`ascii_run`], and whether the run holds a digit (never, without `digits`). Inlined, so
/// that each caller's `digits` is a constant and a flag no one reads is not worked out.
#[inline(always)]
fn run_and_digit(bytes: &[u8], digits: bool) -> (usize, bool) {
    let (mut n, mut seen) = (0, 0);
    while let Some(eight) = bytes.get(n..n + 8) {
        let v = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
        let w = v & !HIGH_BITS;
        let digit = if digits { in_range(w, b'0', b'9') & !v } else { 0 };
        // A letter in either case is `a`..=`z` once bit 5 is set.
        let stop = !((in_range(w | splat(0x20), b'a', b'z') | digit) & !v) & HIGH_BITS;
        if stop != 0 {
            // The bytes below the first that stops the run.
            let before = (stop & stop.wrapping_neg()) - 1;
            return (n + stop.trailing_zeros() as usize / 8, seen | digit & before != 0);
        }
        seen |= digit;
        n += 8;
    }
    let ok = |b: &u8| if digits { b.is_ascii_alphanumeric() } else { b.is_ascii_alphabetic() };
    let run = bytes[n..].iter().take_while(|b| ok(b)).count();
    (n + run, seen != 0 || (digits && bytes[n..n + run].iter().any(u8::is_ascii_digit)))
}

/// The offsets of the bytes `, . ; : ! ?` in `bytes`, in order, found eight bytes at a time:
/// the missing-space check asks about every one of them and nothing else.
pub(crate) fn sentence_marks(bytes: &[u8]) -> SentenceMarks<'_> {
    SentenceMarks { bytes, next: 0, found: 0 }
}

pub(crate) struct SentenceMarks<'a> {
    bytes: &'a [u8],
    /// Where the next eight bytes to test start.
    next: usize,
    /// Bit 7 of each byte of the eight before `next` that is a mark not yet returned.
    found: u64,
}

/// `, . ; : ! ?`
fn is_sentence_mark(b: u8) -> bool {
    matches!(b, b',' | b'.' | b';' | b':' | b'!' | b'?')
}

impl Iterator for SentenceMarks<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        loop {
            if self.found != 0 {
                let k = self.found.trailing_zeros() as usize / 8;
                self.found &= self.found - 1;
                return Some(self.next - 8 + k);
            }
            match self.bytes.get(self.next..self.next + 8) {
                Some(eight) => {
                    let v = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
                    let w = v & !HIGH_BITS;
                    let marks = in_range(w, b',', b',')
                        | in_range(w, b'.', b'.')
                        | in_range(w, b':', b';')
                        | in_range(w, b'!', b'!')
                        | in_range(w, b'?', b'?');
                    // A byte with bit 7 set is not ASCII: whatever its low bits, not a mark.
                    self.found = marks & !v & HIGH_BITS;
                    self.next += 8;
                }
                None => {
                    let rest = self.bytes.get(self.next..).unwrap_or_default();
                    let k = rest.iter().position(|&b| is_sentence_mark(b))?;
                    self.next += k + 1;
                    // `found` stays empty: the tail is read byte by byte from here on.
                    return Some(self.next - 1);
                }
            }
        }
    }
}

/// Where the first byte of 0x80 or more in `bytes` is: eight bytes at a time, since every
/// regex search first asks whether its text is narrow (a byte at a time, that was 0.4% of a
/// run).
pub(crate) fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    for (n, c) in (&mut chunks).enumerate() {
        let high = u64::from_le_bytes(c.try_into().unwrap_or_default()) & HIGH_BITS;
        if high != 0 {
            return Some(n * 8 + high.trailing_zeros() as usize / 8);
        }
    }
    let done = bytes.len() - chunks.remainder().len();
    chunks.remainder().iter().position(|&b| b >= 0x80).map(|k| done + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_non_ascii_is_the_first_high_byte() {
        let texts =
            crate::document::sample_texts_and(&["", "a", "é", "abcdefgh", "abcdefghé", "abcdefg’h", "\u{7f}\u{80}"]);
        for t in &texts {
            for skip in 0..9.min(t.len() + 1) {
                let bytes = &t.as_bytes()[skip..];
                assert_eq!(first_non_ascii(bytes), bytes.iter().position(|&b| b >= 0x80), "{t:?} from {skip}");
            }
        }
    }

    #[test]
    fn sentence_marks_are_the_bytes_a_plain_filter_finds() {
        let texts = crate::document::sample_texts_and(&[
            "",
            ",",
            "a.b,c;d:e!f?g",
            "¬¬®®ºº¿¿", // non-ASCII bytes whose low seven bits are marks
            "1,000.5; x: y! z? …, “a.”,b",
            "........,,,,,,,,;;;;;;;;::::::::!!!!!!!!????????",
            "abcdefg.hijklmn,opqrstu",
        ]);
        for t in &texts {
            for skip in 0..3.min(t.len() + 1) {
                let bytes = &t.as_bytes()[skip..];
                let want: Vec<usize> = (0..bytes.len()).filter(|&i| is_sentence_mark(bytes[i])).collect();
                assert_eq!(sentence_marks(bytes).collect::<Vec<_>>(), want, "{t:?}");
            }
        }
    }

    #[test]
    fn ascii_runs_are_the_leading_letters_or_alphanumerics() {
        let pieces = ["a", "Z", "0", "9", "@", "[", "`", "{", "/", ":", " ", "\u{7f}", "é", "\u{0}", "’"];
        for digits in [false, true] {
            let ok = |b: &u8| if digits { b.is_ascii_alphanumeric() } else { b.is_ascii_alphabetic() };
            for a in pieces {
                for b in pieces {
                    for pad in 0..18 {
                        for s in [format!("{}{a}{b}x", "q".repeat(pad)), format!("{}{a}{b}", "7".repeat(pad))] {
                            let want = s.bytes().take_while(ok).count();
                            assert_eq!(ascii_run(s.as_bytes(), digits), want, "{s:?} {digits}");
                        }
                    }
                }
            }
        }
    }

    /// The letter-and-digit run and its digit flag agree with reading byte by byte.
    #[test]
    fn alnum_runs_report_their_digits() {
        let pieces = ["a", "Z", "0", "9", "@", "/", ":", " ", "\u{7f}", "é", "’"];
        for a in pieces {
            for b in pieces {
                for pad in 0..18 {
                    for s in [format!("{}{a}{b}x5", "q".repeat(pad)), format!("{}{a}{b}", "7".repeat(pad))] {
                        let run = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
                        let digit = s.as_bytes()[..run].iter().any(u8::is_ascii_digit);
                        assert_eq!(ascii_alnum_run(s.as_bytes()), (run, digit), "{s:?}");
                    }
                }
            }
        }
    }

    /// The shortcuts answer as the standard library does for every character.
    #[test]
    fn agree_with_the_standard_library() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(lower_is_same(c), c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    /// Lower-casing borrows exactly when nothing changes, and always equals the standard
    /// library's: final sigma, a capital among caseless characters, astral capitals.
    #[test]
    fn lowercase_is_the_standard_librarys() {
        for s in [
            "",
            "abc",
            "ABC",
            "café",
            "Café",
            "新闻报道",
            "新闻A报道",
            "ΟΔΟΣ",
            "οδος",
            "İstanbul",
            "𐐀𐐨",
            "𐐨𐐨",
            "straße",
            "ǅ",
        ] {
            let lower = lowercase(s);
            assert_eq!(lower, s.to_lowercase(), "{s:?}");
            assert_eq!(matches!(lower, Cow::Borrowed(_)), s.to_lowercase() == s, "{s:?}");
        }
    }

    /// Eight bytes lower-cased at once are each byte lower-cased alone: every byte value in
    /// every position, beside neighbours that would carry into it (0x7f, 0xff, capitals).
    #[test]
    fn folding_eight_bytes_is_folding_each() {
        for b in 0..=255u8 {
            for fill in [0u8, b'A', b'Z', 0x7f, 0xc3, 0xff] {
                for pos in 0..8 {
                    let mut bytes = [fill; 8];
                    bytes[pos] = b;
                    let want = bytes.map(|x| x.to_ascii_lowercase());
                    assert_eq!(fold_ascii(u64::from_le_bytes(bytes)).to_le_bytes(), want, "{bytes:?}");
                }
            }
        }
    }
}
