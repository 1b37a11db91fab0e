//! HTML the scraper failed to decode or strip: character references (`&amp;`, `&#8217;`,
//! `&#x2019;`, twice-escaped `&amp;#8217;`) and tags of known HTML elements (`<p>`, `<br/>`,
//! `</div>`, `<a href="...">`). `3 < 5 and 7 > 2` or `AT&T` are not HTML.

use crate::checks::{Check, Hit};
use crate::diagnostic::Edit;
use crate::document::Document;
use crate::rules::compiled::RuleRegex;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// A character reference at the start of the haystack (see [`entities`]).
pub(crate) static ENTITY: RuleRegex =
    RuleRegex::fixed(r"^&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});");

/// The character references of `text`, as a search of the whole text for [`ENTITY`] without
/// its `^` finds them, one after another. Every one starts with `&`, so the regex is tried
/// at each `&` (found by memchr) on a window that holds any match (the `amp;` chain and 40
/// bytes more), not run over the text: nine pages in ten hold an `&`, nearly all of them in
/// names (AT&T) and none in a reference.
fn entities(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'&', &bytes[from..]) {
        let at = from + k;
        // A reference goes on with `#` or a letter and ends with `;`: most `&` (AT&T, R&D,
        // "Smith & Co") are ruled out before the regex.
        if !bytes.get(at + 1).is_some_and(|&b| b == b'#' || b.is_ascii_alphabetic()) {
            from = at + 1;
            continue;
        }
        let mut end = at + 1;
        while bytes[end..].starts_with(b"amp;") {
            end += 4;
        }
        end = (end + 40).min(bytes.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if memchr::memchr(b';', &bytes[at + 1..end]).is_none() {
            from = at + 1;
            continue;
        }
        match ENTITY.find(&text[at..end]) {
            Some(m) => {
                out.push(at + m.start..at + m.end);
                from = at + m.end;
            }
            None => from = at + 1,
        }
    }
    out
}

pub(crate) static TAG: RuleRegex = RuleRegex::fixed(
    r#"(?i)</?(?:p|br|hr|div|span|a|strong|em|b|i|u|h[1-6]|ul|ol|li|img|iframe|script|style|figure|figcaption|blockquote|table|tr|td|th|tbody|thead|section|article|header|footer|nav|aside|small|sup|sub|font|center|picture|noscript|svg|cite|abbr|del|ins|pre|code|dl|dt|dd)(?:\s[^<>]{0,400})?/?>"#,
);

/// Tags that break a line when rendered: removing one between two words (or after a full
/// stop) needs a space.
pub(crate) static BLOCK_TAG: RuleRegex = RuleRegex::fixed(
    r"(?i)^</?(?:p|br|hr|div|h[1-6]|ul|ol|li|table|tr|td|th|section|article|blockquote|figure|dd|dt)\b",
);

/// Named references seen in scraped news; unknown names are left alone.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "rsquo" => "’",
        "lsquo" => "‘",
        "rdquo" => "”",
        "ldquo" => "“",
        "sbquo" => "‚",
        "bdquo" => "„",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "bull" => "•",
        "middot" => "·",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "sect" => "§",
        "para" => "¶",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "eacute" => "é",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "ntilde" => "ñ",
        "ccedil" => "ç",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "szlig" => "ß",
        "Eacute" => "É",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "zwj" => "\u{200d}",
        "shy" => "",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        _ => return None,
    })
}

/// Decodes one reference (after any `amp;` layers); `None` for an unknown or invalid one.
fn decode_entity(m: &str) -> Option<String> {
    let mut body = &m[1..m.len() - 1];
    while let Some(rest) = body.strip_prefix("amp;") {
        body = rest;
    }
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Windows-1252 numbers used as code points (&#146; for ’) are a common CMS slip.
        let c = match code {
            0x80..=0x9F => char::from_u32(win1252(code)?)?,
            0 => return None,
            _ => char::from_u32(code)?,
        };
        return Some(c.to_string());
    }
    named(body).map(str::to_string)
}

fn win1252(code: u32) -> Option<u32> {
    Some(match code {
        0x80 => 0x20AC,
        0x85 => 0x2026,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x99 => 0x2122,
        _ => return None,
    })
}

pub struct HtmlDebris;

impl HtmlDebris {
    pub fn new(_: Params) -> Self {
        HtmlDebris
    }
}

impl Check for HtmlDebris {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        let text = doc.text;
        // Most articles have neither: the regexes (the tag one is costly to build) stay unbuilt.
        let tags: Vec<std::ops::Range<usize>> =
            if text.contains('<') { TAG.find_iter(text).map(|m| m.range()).collect() } else { Vec::new() };
        if !text.contains('&') {
            return self.tags(text, tags, rule, out);
        }
        for m in entities(text) {
            // `&amp;` inside a left-over tag goes with the tag. The tags come in order and do
            // not overlap, so only the last one starting at or before it can hold it (each
            // entity was tested against every tag: a page of both took their product).
            let before = tags.partition_point(|t| t.start <= m.start);
            if before > 0 && m.end <= tags[before - 1].end {
                continue;
            }
            let Some(decoded) = decode_entity(&text[m.clone()]) else { continue };
            let mut hit = Hit::new(rule, m.clone()).with_suggestion(decoded.clone());
            hit.edits = Some(vec![Edit { start: m.start, end: m.end, replacement: decoded }]);
            out.push(hit);
        }
        self.tags(text, tags, rule, out);
    }
}

impl HtmlDebris {
    fn tags(&self, text: &str, tags: Vec<std::ops::Range<usize>>, rule: usize, out: &mut Vec<Hit>) {
        for t in tags {
            let before = text[..t.start].chars().next_back();
            let after = text[t.end..].chars().next();
            let joins_words = before.is_some_and(|c| !c.is_whitespace()) && after.is_some_and(|c| !c.is_whitespace());
            let replacement = if joins_words && BLOCK_TAG.is_match(&text[t.clone()]) { " " } else { "" };
            let mut hit = Hit::new(rule, t.clone()).with_suggestion(replacement);
            hit.edits = Some(vec![Edit { start: t.start, end: t.end, replacement: replacement.into() }]);
            out.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trying the anchored regex at each `&` finds what a search of the whole text finds.
    #[test]
    fn entities_at_each_ampersand_are_the_whole_text_matches() {
        let whole = regex::Regex::new(&ENTITY.pattern()[1..]).expect("the pattern parses");
        let texts = crate::document::sample_texts_and(&[
            "AT&T and &amp;amp;amp;nbsp; &&amp; &#12345678; &#x1F600; &#xZZ; &nbsp &nbsp;",
            "é&amp;é &a; &ab; &aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab; &aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab;",
            "&amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;#39; end&",
            "&",
            "",
        ]);
        for t in &texts {
            let want: Vec<std::ops::Range<usize>> = whole.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(entities(t), want, "{t:?}");
        }
    }

    #[test]
    fn decodes_references() {
        assert_eq!(decode_entity("&amp;").as_deref(), Some("&"));
        assert_eq!(decode_entity("&#8217;").as_deref(), Some("’"));
        assert_eq!(decode_entity("&#x2019;").as_deref(), Some("’"));
        assert_eq!(decode_entity("&amp;#8217;").as_deref(), Some("’"));
        assert_eq!(decode_entity("&#146;").as_deref(), Some("’"));
        assert_eq!(decode_entity("&bogus;"), None);
    }

    /// An entity inside a left-over tag goes with the tag; one between tags, before the
    /// first or after the last is reported alone.
    #[test]
    fn entities_inside_tags_go_with_them() {
        let text = "&amp; a <a href=\"x?a=1&amp;b=2\">link</a> &#8217; <p>&nbsp;</p> <br/>&amp;";
        let doc = Document::new("t", text);
        let mut hits = Vec::new();
        HtmlDebris.run(&doc, 0, &mut hits);
        let mut found: Vec<&str> = hits.iter().map(|h| &text[h.span.clone()]).collect();
        found.sort_unstable();
        let mut want =
            ["&amp;", "<a href=\"x?a=1&amp;b=2\">", "</a>", "&#8217;", "<p>", "&nbsp;", "</p>", "<br/>", "&amp;"];
        want.sort_unstable();
        assert_eq!(found, want);
    }

    #[test]
    fn tags_need_a_known_element() {
        assert!(TAG.is_match("<p>"));
        assert!(TAG.is_match("<a href=\"https://x.org\">"));
        assert!(TAG.is_match("<br />"));
        assert!(!TAG.is_match("3 < 5 and 7 > 2"));
        assert!(!TAG.is_match("<pre-war>"));
    }
}
