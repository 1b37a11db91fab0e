//! Turning bytes into text without losing anything: binary files and invalid UTF-8 are
//! reported with where they went wrong, never replaced silently.

use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A NUL byte in the first 8 KiB, the test git and ripgrep use.
    Binary,
    /// Not UTF-8: the first bad byte, with its 1-based line.
    InvalidUtf8 { offset: usize, line: usize },
    /// UTF-16 text, known by its byte-order mark: text, not binary, but not UTF-8 either.
    Utf16 { big_endian: bool },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Binary => write!(f, "binary file (contains a NUL byte); not linted"),
            LoadError::InvalidUtf8 { offset, line } => {
                write!(f, "not valid UTF-8: bad byte at offset {offset} (line {line}); convert the file to UTF-8 first")
            }
            LoadError::Utf16 { big_endian } => {
                let order = if *big_endian { "big" } else { "little" };
                write!(f, "UTF-16 text ({order}-endian, by its byte-order mark); convert the file to UTF-8 first")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Checks the bytes are text and UTF-8. A leading BOM is kept (offsets stay true to the file).
pub fn decode(bytes: &[u8]) -> Result<&str, LoadError> {
    not_binary(bytes)?;
    std::str::from_utf8(bytes).map_err(|e| bad_utf8(bytes, e.valid_up_to()))
}

/// [`decode`] for bytes the caller owns: the text without a copy, and the bytes checked once.
pub fn decode_owned(bytes: Vec<u8>) -> Result<String, LoadError> {
    not_binary(&bytes)?;
    String::from_utf8(bytes).map_err(|e| bad_utf8(e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// A NUL byte in the first 8 KiB makes a file binary, unless a UTF-16 byte-order mark says
/// it is text in another encoding (Windows editors save "Unicode" text so).
fn not_binary(bytes: &[u8]) -> Result<(), LoadError> {
    match bytes {
        [0xFF, 0xFE, ..] => return Err(LoadError::Utf16 { big_endian: false }),
        [0xFE, 0xFF, ..] => return Err(LoadError::Utf16 { big_endian: true }),
        _ => {}
    }
    match bytes[..bytes.len().min(8192)].contains(&0) {
        true => Err(LoadError::Binary),
        false => Ok(()),
    }
}

/// The error for `bytes`, valid UTF-8 up to `offset`.
fn bad_utf8(bytes: &[u8], offset: usize) -> LoadError {
    let line = memchr::memchr2_iter(b'\n', b'\r', &bytes[..offset])
        .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .count()
        + 1;
    LoadError::InvalidUtf8 { offset, line }
}

/// Lone carriage returns (classic Mac OS line ends, or a stray one in scraped text) end a
/// line, as they do for ruff and Python's universal newlines: each becomes `\n` in the text
/// that is linted. One byte for one, so every offset stays true to the file; the offsets
/// returned let a fix put them back ([`crate::fix::Fixed::for_file`]). A `\r` before `\n`
/// is left alone (lines drop it).
pub fn lone_crs_to_lf(text: String) -> (String, Vec<usize>) {
    let bytes = text.as_bytes();
    let at: Vec<usize> = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n')).collect();
    if at.is_empty() {
        return (text, at);
    }
    let mut bytes = text.into_bytes();
    for &i in &at {
        bytes[i] = b'\n';
    }
    // One ASCII byte for another leaves UTF-8 valid.
    (String::from_utf8(bytes).expect("ASCII swapped for ASCII"), at)
}

/// Undoes [`lone_crs_to_lf`] (after a fix, at the offsets carried through its edits): `\r` again at each offset `at` (each holds a `\n`).
pub fn with_lone_crs<'t>(text: &'t str, at: &[usize]) -> Cow<'t, str> {
    if at.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for &i in at {
        bytes[i] = b'\r';
    }
    // ASCII for ASCII leaves UTF-8 valid.
    Cow::Owned(String::from_utf8(bytes).expect("ASCII swapped for ASCII"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let mut nul_late = vec![b'a'; 9000];
        nul_late.push(0);
        let cases: [&[u8]; 7] =
            [b"ab\0cd", b"ok\nb\xffad", "\u{feff}hi".as_bytes(), b"", b"\xff\0", "caf\u{e9}\r\n".as_bytes(), &nul_late];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes).map(String::from), "{bytes:?}");
        }
    }

    #[test]
    fn rejects_binary_and_bad_utf8_with_position() {
        assert_eq!(decode(b"ab\0cd"), Err(LoadError::Binary));
        assert_eq!(decode(b"ok\nb\xffad"), Err(LoadError::InvalidUtf8 { offset: 4, line: 2 }));
        assert_eq!(decode("\u{feff}hi".as_bytes()), Ok("\u{feff}hi"));
        assert_eq!(decode(b""), Ok(""));
        let utf16 = |big: bool| {
            let units = "\u{feff}Hi".encode_utf16();
            units.flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect::<Vec<u8>>()
        };
        assert_eq!(decode(&utf16(false)), Err(LoadError::Utf16 { big_endian: false }));
        assert_eq!(decode(&utf16(true)), Err(LoadError::Utf16 { big_endian: true }));
        // Without the mark, the NUL bytes of UTF-16 make it binary, as for git and ripgrep.
        assert_eq!(decode(&utf16(false)[2..]), Err(LoadError::Binary));
        // Lines are counted as they are linted: a lone CR ends one, CRLF is one break.
        assert_eq!(decode(b"a\rb\r\nc\n\xff"), Err(LoadError::InvalidUtf8 { offset: 7, line: 4 }));
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds_in_place() {
        let (text, at) = lone_crs_to_lf("one\rtwo\r\nthree\r\r\n\u{e9}\r".to_string());
        assert_eq!(text, "one\ntwo\r\nthree\n\r\n\u{e9}\n");
        assert_eq!(at, [3, 14, 19]);
        let (text, at) = lone_crs_to_lf("crlf\r\nonly\n".to_string());
        assert_eq!((text.as_str(), at.len()), ("crlf\r\nonly\n", 0));
    }
}
