//! The `--format json`/`jsonl` finding written straight into the output buffer, byte for
//! byte what `serde_json` writes for [`JsonFinding`] (a test holds the two together): its
//! string escaping reads a byte at a time, and a finding's `matched` text is a whole block
//! or more, so that serialising was about 2% of a run with output of 1 MB per MB read.

use super::{JsonEdit, JsonFinding, JsonLabel};
use crate::document::chars::{in_range, HIGH_BITS};

impl JsonFinding<'_> {
    /// Appends the finding as one JSON object (no newline).
    pub fn write(&self, out: &mut Vec<u8>) {
        str_field(out, b'{', "path", self.path);
        str_field(out, b',', "rule", self.rule);
        str_field(out, b',', "category", self.category);
        str_field(out, b',', "severity", self.severity.as_str());
        str_field(out, b',', "message", self.message);
        for (name, n) in [
            ("start", self.start),
            ("end", self.end),
            ("line", self.line),
            ("column", self.column),
            ("end_line", self.end_line),
            ("end_column", self.end_column),
        ] {
            field(out, b',', name);
            number(out, n);
        }
        str_field(out, b',', "matched", self.matched);
        field(out, b',', "help");
        match self.help {
            Some(h) => string(out, h),
            None => out.extend_from_slice(b"null"),
        }
        field(out, b',', "notes");
        list(out, self.notes, |out, n| string(out, n));
        field(out, b',', "labels");
        list(out, &self.labels, |out, l: &JsonLabel| {
            for (i, (name, n)) in
                [("start", l.start), ("end", l.end), ("line", l.line), ("column", l.column)].into_iter().enumerate()
            {
                field(out, if i == 0 { b'{' } else { b',' }, name);
                number(out, n);
            }
            str_field(out, b',', "message", l.message);
            out.push(b'}');
        });
        field(out, b',', "fix");
        match &self.fix {
            None => out.extend_from_slice(b"null"),
            Some(f) => {
                str_field(out, b'{', "applicability", f.applicability.as_str());
                str_field(out, b',', "replacement", f.replacement);
                field(out, b',', "edits");
                list(out, &f.edits, |out, e: &JsonEdit| {
                    field(out, b'{', "start");
                    number(out, e.start);
                    field(out, b',', "end");
                    number(out, e.end);
                    str_field(out, b',', "replacement", e.replacement);
                    out.push(b'}');
                });
                out.push(b'}');
            }
        }
        out.push(b'}');
    }
}

/// A field whose value is a string.
fn str_field(out: &mut Vec<u8>, before: u8, name: &str, value: &str) {
    field(out, before, name);
    string(out, value);
}

/// `{"name":` or `,"name":` (field names need no escaping).
fn field(out: &mut Vec<u8>, before: u8, name: &str) {
    out.push(before);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn list<T>(out: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

/// `s` as a JSON string, escaped as `serde_json` escapes: `"` and `\` with a backslash,
/// control characters as `\b \t \n \f \r` or `\u00xx`, everything else (DEL and all that is
/// not ASCII included) as it is. Eight bytes are tested at a time; most hold nothing to
/// escape.
pub fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes.get(i..i + 8) {
            Some(eight) => {
                let v = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
                let w = v & !HIGH_BITS;
                let escaped = (in_range(w, 0, 0x1f) | in_range(w, b'"', b'"') | in_range(w, b'\\', b'\\')) & !v;
                if escaped == 0 {
                    i += 8;
                    continue;
                }
                i += escaped.trailing_zeros() as usize / 8;
            }
            None if !matches!(bytes[i], 0..=0x1f | b'"' | b'\\') => {
                i += 1;
                continue;
            }
            None => {}
        }
        out.extend_from_slice(&bytes[from..i]);
        escape(out, bytes[i]);
        i += 1;
        from = i;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// The escape of one byte that needs one.
fn escape(out: &mut Vec<u8>, b: u8) {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0c => b'f',
        b'\r' => b'r',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Severity};
    use crate::render::JsonFix;

    /// Every byte that needs escaping, and its neighbours, at every offset around the
    /// eight-byte steps, beside text that is not ASCII: written as `serde_json` writes it.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut pieces: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        pieces.extend(["é", "’", "日本", "\u{7f}", "\u{80}", "\u{2028}", "😀"].map(String::from));
        for p in &pieces {
            for pad in 0..18 {
                for s in [format!("{}{p}", "a".repeat(pad)), format!("{}{p}x\"{p}", "é".repeat(pad))] {
                    let mut out = Vec::new();
                    string(&mut out, &s);
                    assert_eq!(
                        String::from_utf8(out).expect("UTF-8"),
                        serde_json::to_string(&s).expect("json"),
                        "{s:?}"
                    );
                }
            }
        }
    }

    /// A finding with every field filled, and one with none, written as the derived
    /// `Serialize` writes it.
    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        let notes = vec!["a \"note\"".to_string(), "line\nbreak".to_string()];
        let full = JsonFinding {
            path: "dir/a b.txt",
            rule: "typo/missing-space",
            category: "typo",
            severity: Severity::Warning,
            message: "missing space after `,`",
            start: 3,
            end: 12_345_678_901,
            line: 1,
            column: 0,
            end_line: 99,
            end_column: 7,
            matched: "tab\there, \\ and \u{1}",
            help: Some("write `a, b`"),
            notes: &notes,
            labels: vec![
                JsonLabel { start: 1, end: 2, line: 3, column: 4, message: "first printed here" },
                JsonLabel { start: 5, end: 6, line: 7, column: 8, message: "" },
            ],
            fix: Some(JsonFix {
                applicability: Applicability::Safe,
                replacement: " ",
                edits: vec![
                    JsonEdit { start: 5, end: 5, replacement: " " },
                    JsonEdit { start: 9, end: 11, replacement: "" },
                ],
            }),
        };
        let bare = JsonFinding {
            help: None,
            notes: &[],
            labels: Vec::new(),
            fix: Some(JsonFix { applicability: Applicability::Unsafe, replacement: "", edits: Vec::new() }),
            severity: Severity::Info,
            ..full.clone_shallow()
        };
        let none = JsonFinding { fix: None, severity: Severity::Error, ..bare.clone_shallow() };
        for f in [&full, &bare, &none] {
            let mut out = Vec::new();
            f.write(&mut out);
            assert_eq!(String::from_utf8(out).expect("UTF-8"), serde_json::to_string(f).expect("json"));
        }
    }

    impl JsonFinding<'_> {
        /// A copy without labels or fix (the test builds variants from it).
        fn clone_shallow(&self) -> Self {
            JsonFinding { labels: Vec::new(), fix: None, ..*self }
        }
    }
}
