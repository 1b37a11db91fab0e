//! Encoding debris. `mojibake`: UTF-8 bytes shown as Windows-1252 or Latin-1 characters
//! (`â€™` for `’`, `Ã©` for `é`, `Ð¿` for `п`), found by reading the characters back as the
//! bytes they came from, so every such sequence is caught, not only a listed few; twice-garbled
//! text (`Ã¢â‚¬â„¢`) is undone in rounds. Each repair has one reading, so it is safe.
//! `lost-character`: what cannot be read back: U+FFFD, and sequences missing a byte that
//! Windows-1252 cannot show (`â€` for `”`). Their repair is a guess, so it is unsafe.

use crate::checks::{Check, Hit};
use crate::diagnostic::Edit;
use crate::document::Document;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Complete sequences with one reading.
    Repair,
    /// U+FFFD and sequences that lost a byte.
    Lost,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub mode: Mode,
}

/// The byte a character stands for when UTF-8 was decoded as Windows-1252 (or Latin-1,
/// which maps 0x80–0x9F to control characters).
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

fn continuation(c: char) -> bool {
    cp1252_byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b))
}

/// Characters a garbled sequence plausibly stood for; anything else means the "sequence" was
/// ordinary text that happens to fit the byte pattern (`CAFÉ’S` would read as `ɒ`).
fn plausible(c: char, lead: u8) -> bool {
    let u = c as u32;
    match lead {
        0xC2 | 0xC3 => u >= 0xA0,
        0xC4..=0xC5 => (0x100..=0x17F).contains(&u),
        0xC6..=0xCD => false,
        0xCE..=0xD3 => (0x370..=0x4FF).contains(&u),
        0xD7 => (0x5D0..=0x5EA).contains(&u),
        0xD8..=0xDB => (0x600..=0x6FF).contains(&u),
        0xE2 => matches!(u, 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x21FF | 0x2500..=0x27BF),
        0xE3..=0xE9 => matches!(u, 0x3000..=0x30FF | 0x4E00..=0x9FFF),
        0xEA..=0xED => (0xAC00..=0xD7A3).contains(&u),
        0xEF => (0xFE00..=0xFE0F).contains(&u),
        0xF0 => (0x1F000..=0x1FAFF).contains(&u),
        _ => false,
    }
}

/// A garbled sequence at the start of `s`: its length in bytes of `s` and the character.
fn unit(s: &str) -> Option<(usize, char)> {
    let mut it = s.char_indices();
    let (_, first) = it.next()?;
    let lead = cp1252_byte(first)?;
    let need = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = vec![lead];
    let mut end = first.len_utf8();
    for _ in 0..need {
        let (i, c) = it.next()?;
        if !continuation(c) {
            return None;
        }
        bytes.push(cp1252_byte(c)?);
        end = i + c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    plausible(decoded, lead).then_some((end, decoded))
}

/// Reads every garbled sequence of `s` back; `None` when there is none.
fn decode_once(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < s.len() {
        if let Some((len, c)) = unit(&s[i..]) {
            out.push(c);
            i += len;
            changed = true;
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    changed.then_some(out)
}

/// Undoes up to three rounds of garbling.
pub fn repair(s: &str) -> Option<String> {
    let mut cur = decode_once(s)?;
    for _ in 0..2 {
        match decode_once(&cur) {
            Some(next) => cur = next,
            None => break,
        }
    }
    Some(cur)
}

pub struct Mojibake {
    mode: Mode,
}

impl Mojibake {
    pub fn new(p: Params) -> Self {
        Mojibake { mode: p.mode }
    }

    fn repairs(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let text = doc.text;
        let mut i = 0;
        while i < text.len() {
            // Adjacent sequences make one finding: `Ã¢â‚¬â„¢` is one thing to fix.
            let mut end = i;
            while let Some((len, _)) = unit(&text[end..]) {
                end += len;
            }
            if end > i {
                if let Some(fixed) = repair(&text[i..end]) {
                    let mut hit = Hit::new(rule, i..end).with_suggestion(fixed.clone());
                    hit.edits = Some(vec![Edit { start: i, end, replacement: fixed }]);
                    out.push(hit);
                }
                i = end;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                // Garbled text starts with a character whose Windows-1252 byte leads a UTF-8
                // sequence (`unit`): U+00C2-U+00F4, all written C3 xx. The rest is skipped whole.
                i += memchr::memchr(0xC3, &text.as_bytes()[i..]).unwrap_or(text.len() - i);
            }
        }
    }

    fn losses(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut i = 0;
        // Every loss starts with U+FFFD (written EF BF BD), `â` or `Â` (C3 A2, C3 82): the
        // search jumps between those first bytes, which never occur inside a character.
        while let Some(found) = memchr::memchr2(0xEF, 0xC3, &bytes[i..]) {
            i += found;
            let Some(c) = text[i..].chars().next() else { break };
            let mut next = i + c.len_utf8();
            let before = || text[..i].chars().next_back();
            match c {
                '\u{fffd}' => {
                    while text[next..].starts_with('\u{fffd}') {
                        next += '\u{fffd}'.len_utf8();
                    }
                    let end = next;
                    let mut hit = Hit::new(rule, i..end);
                    // don�t, it�s, we�ll: the lost character was an apostrophe.
                    if end - i == 3 && before().is_some_and(char::is_alphabetic) && contraction_tail(&text[end..]) {
                        hit = hit.with_suggestion("’");
                        hit.edits = Some(vec![Edit { start: i, end, replacement: "’".into() }]);
                    }
                    out.push(hit);
                }
                // â€ then no third byte: Windows-1252 has no character for 0x9D, so `”` lost it.
                'â' if text[i..].starts_with("â€") && unit(&text[i..]).is_none() => {
                    let end = i + "â€".len();
                    let mut hit = Hit::new(rule, i..end).with_suggestion("”");
                    hit.edits = Some(vec![Edit { start: i, end, replacement: "”".into() }]);
                    out.push(hit);
                    next = end;
                }
                // Â before a space: a no-break space whose second byte became a plain space.
                'Â' if text[next..].starts_with(' ') && !before().is_some_and(char::is_alphabetic) => {
                    let mut hit = Hit::new(rule, i..next).with_suggestion("");
                    hit.edits = Some(vec![Edit { start: i, end: next, replacement: String::new() }]);
                    out.push(hit);
                }
                _ => {}
            }
            i = next;
        }
    }
}

/// The letters after a lost apostrophe in a contraction (`t`, `s`, `ll`, `re`, `ve`, `d`, `m`).
fn contraction_tail(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(word.to_lowercase().as_str(), "t" | "s" | "ll" | "re" | "ve" | "d" | "m")
}

impl Check for Mojibake {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        match self.mode {
            Mode::Repair => self.repairs(doc, rule, out),
            Mode::Lost => self.losses(doc, rule, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_garbled_text_back() {
        assert_eq!(repair("Putinâ€™s").as_deref(), Some("Putin’s"));
        assert_eq!(repair("cafÃ©").as_deref(), Some("café"));
        assert_eq!(repair("Ã¢â‚¬â„¢").as_deref(), Some("’"));
        assert_eq!(repair("ÐŸÑƒÑ‚Ð¸Ð½").as_deref(), Some("Путин"));
        assert_eq!(repair("Â£5").as_deref(), Some("£5"));
    }

    /// What `repairs` skips to: every character a garbled sequence can start with is
    /// written with a first byte 0xC3.
    #[test]
    fn garbled_sequences_start_at_a_c3_byte() {
        let mut leads = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if unit(&format!("{c}\u{a9}\u{a9}\u{a9}")).is_some()
                || cp1252_byte(c).is_some_and(|b| (0xC2..=0xF4).contains(&b))
            {
                leads += 1;
                assert_eq!(c.encode_utf8(&mut [0; 4]).as_bytes()[0], 0xC3, "{c:?}");
            }
        }
        assert_eq!(leads, 0xF4 - 0xC2 + 1);
    }

    #[test]
    fn leaves_real_accents_alone() {
        for s in ["café", "CAFÉ’S", "Ångström", "São Paulo", "naïve “quote”", "Müller’s", "Zürich—Genève"]
        {
            assert_eq!(repair(s), None, "{s}");
        }
    }
}
