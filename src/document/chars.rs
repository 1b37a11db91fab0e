//! Letter and digit tests for the word scans every document goes through. The standard
//! library answers ASCII at once but searches its tables for every other character, and
//! English news is full of non-ASCII punctuation (curly quotes, dashes, ellipses) that the
//! General Punctuation block holds and that is never a letter or digit.

use std::ops::RangeInclusive;

/// U+2000–U+206F: spaces, dashes, quotation marks, bullets, ellipsis; no letters or digits.
const GENERAL_PUNCTUATION: RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// `c.is_alphabetic()`, without a table search for ASCII or General Punctuation.
#[inline]
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !GENERAL_PUNCTUATION.contains(&c) && c.is_alphabetic()
    }
}

/// `c.is_alphanumeric()`, without a table search for ASCII or General Punctuation.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !GENERAL_PUNCTUATION.contains(&c) && c.is_alphanumeric()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts answer as the standard library does for every character.
    #[test]
    fn agree_with_the_standard_library() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
