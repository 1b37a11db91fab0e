//! Turning bytes into text without losing anything: binary files and invalid UTF-8 are
//! reported with where they went wrong, never replaced silently.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// A NUL byte in the first 8 KiB, the test git and ripgrep use.
    Binary,
    /// Not UTF-8: the first bad byte, with its 1-based line.
    InvalidUtf8 { offset: usize, line: usize },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Binary => write!(f, "binary file (contains a NUL byte); not linted"),
            LoadError::InvalidUtf8 { offset, line } => {
                write!(f, "not valid UTF-8: bad byte at offset {offset} (line {line}); convert the file to UTF-8 first")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Checks the bytes are text and UTF-8. A leading BOM is kept (offsets stay true to the file).
pub fn decode(bytes: &[u8]) -> Result<&str, LoadError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(LoadError::Binary);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        LoadError::InvalidUtf8 { offset, line }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_binary_and_bad_utf8_with_position() {
        assert_eq!(decode(b"ab\0cd"), Err(LoadError::Binary));
        assert_eq!(decode(b"ok\nb\xffad"), Err(LoadError::InvalidUtf8 { offset: 4, line: 2 }));
        assert_eq!(decode("\u{feff}hi".as_bytes()), Ok("\u{feff}hi"));
        assert_eq!(decode(b""), Ok(""));
    }
}
