//! Cheap gates in front of costly regexes. A regex with a long alternation or a bounded
//! repetition (`.{10,600}`) is slow even when it fails, and most text fails it; but nearly
//! every such rule needs some literal word ("photo", "cookies") to match at all. We read the
//! literals every match must contain from the regex's syntax tree and look for them with one
//! aho-corasick scan; the regex itself is compiled on first use, so a rule that never meets a
//! candidate line costs nothing to load or run.

use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};
use std::sync::OnceLock;

/// Most literals one set may hold (case variants of non-ASCII letters multiply them).
const MAX_LITERALS: usize = 512;
/// Largest character class still treated as a choice of literals (`[.)]`, `[Kk\u{212A}]`).
const MAX_CLASS: u32 = 8;

/// A literal a match must contain. `folded` literals came from case-insensitive letters:
/// they are stored lower-cased and found ASCII-case-insensitively; the others exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Literal {
    pub bytes: Vec<u8>,
    pub folded: bool,
}

/// Literals of which every match of `pattern` contains at least one; `None` when no such
/// finite set was found.
pub fn required(pattern: &str) -> Option<Vec<Literal>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let set = required_hir(&hir)?;
    (!set.is_empty() && set.iter().all(|l| !l.bytes.is_empty())).then_some(set)
}

/// The alternatives of one fixed-width element: a literal, or a small class.
fn unit(h: &Hir) -> Option<Vec<Literal>> {
    let exact = |bytes: Vec<u8>| Literal { bytes, folded: false };
    let raw: Vec<Vec<u8>> = match h.kind() {
        // Case-insensitive letters are classes, so a literal is matched exactly.
        HirKind::Literal(l) => return Some(vec![exact(l.0.to_vec())]),
        HirKind::Class(Class::Unicode(c)) => {
            let n: u32 = c.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
            if n > MAX_CLASS {
                return None;
            }
            c.ranges().iter().flat_map(|r| (r.start()..=r.end()).map(|ch| ch.to_string().into_bytes())).collect()
        }
        HirKind::Class(Class::Bytes(c)) => {
            let n: u32 = c.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
            if n > MAX_CLASS {
                return None;
            }
            c.ranges().iter().flat_map(|r| (r.start()..=r.end()).map(|b| vec![b])).collect()
        }
        HirKind::Capture(c) => return unit(&c.sub),
        _ => return None,
    };
    // A class holding both cases of an ASCII letter becomes one folded literal.
    let folded = raw.iter().any(|b| b.iter().any(u8::is_ascii_uppercase));
    let mut out: Vec<Literal> = raw
        .into_iter()
        .map(|mut bytes| {
            if folded {
                bytes.make_ascii_lowercase();
            }
            Literal { bytes, folded }
        })
        .collect();
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// How useful a set is as a gate: longer shortest literal first, then exact ones, then fewer.
fn score(set: &[Literal]) -> (usize, bool, std::cmp::Reverse<usize>) {
    let min = set.iter().map(|l| l.bytes.len()).min().unwrap_or(0);
    (min.min(5), set.iter().all(|l| !l.folded), std::cmp::Reverse(set.len()))
}

fn required_hir(h: &Hir) -> Option<Vec<Literal>> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => unit(h),
        HirKind::Capture(c) => required_hir(&c.sub),
        HirKind::Repetition(r) => (r.min >= 1).then(|| required_hir(&r.sub)).flatten(),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(required_hir(a)?);
                if out.len() > MAX_LITERALS {
                    return None;
                }
            }
            out.sort();
            out.dedup();
            Some(out)
        }
        HirKind::Concat(parts) => {
            // Any part's set will do; runs of adjacent fixed pieces join into longer literals.
            let mut best: Option<Vec<Literal>> = None;
            let mut consider = |set: Vec<Literal>| {
                if !set.is_empty() && best.as_ref().is_none_or(|b| score(&set) > score(b)) {
                    best = Some(set);
                }
            };
            let mut run: Vec<Literal> = Vec::new();
            for p in parts {
                match unit(p) {
                    Some(u) => {
                        if run.is_empty() {
                            run = u;
                        } else if run.len() * u.len() > MAX_LITERALS {
                            consider(std::mem::replace(&mut run, u));
                        } else {
                            run = run
                                .iter()
                                .flat_map(|a| {
                                    u.iter().map(move |b| Literal {
                                        bytes: [a.bytes.as_slice(), &b.bytes].concat(),
                                        folded: a.folded || b.folded,
                                    })
                                })
                                .collect();
                        }
                    }
                    None => {
                        consider(std::mem::take(&mut run));
                        if let Some(s) = required_hir(p) {
                            consider(s);
                        }
                    }
                }
            }
            consider(run);
            best
        }
    }
}

/// Which of several patterns may match a text, from one scan for all their literals.
pub struct Gate {
    exact: Option<(AhoCorasick, Vec<usize>)>,
    folded: Option<(AhoCorasick, Vec<usize>)>,
    /// Patterns without a literal set: always candidates.
    ungated: Vec<usize>,
    len: usize,
}

impl Gate {
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Gate {
        let (mut exact, mut folded, mut ungated) = (Vec::new(), Vec::new(), Vec::new());
        for (i, p) in patterns.iter().enumerate() {
            match required(p.as_ref()) {
                Some(lits) => {
                    for l in lits {
                        if l.folded { &mut folded } else { &mut exact }.push((l.bytes, i));
                    }
                }
                None => ungated.push(i),
            }
        }
        let build = |lits: Vec<(Vec<u8>, usize)>, ci: bool, ungated: &mut Vec<usize>| {
            if lits.is_empty() {
                return None;
            }
            let ids: Vec<usize> = lits.iter().map(|l| l.1).collect();
            match AhoCorasick::builder().ascii_case_insensitive(ci).build(lits.iter().map(|l| &l.0)) {
                Ok(ac) => Some((ac, ids)),
                Err(_) => {
                    ungated.extend(ids);
                    None
                }
            }
        };
        let exact = build(exact, false, &mut ungated);
        let folded = build(folded, true, &mut ungated);
        ungated.sort_unstable();
        ungated.dedup();
        Gate { exact, folded, ungated, len: patterns.len() }
    }

    /// False when no pattern can match in `text` (nor in any part of it).
    pub fn any(&self, text: &str) -> bool {
        !self.ungated.is_empty() || [&self.exact, &self.folded].into_iter().flatten().any(|(ac, _)| ac.is_match(text))
    }

    /// Per pattern: may it match in `text` (or a part of it)?
    pub fn active(&self, text: &str) -> Vec<bool> {
        let mut out = vec![false; self.len];
        for &i in &self.ungated {
            out[i] = true;
        }
        for (ac, ids) in [&self.exact, &self.folded].into_iter().flatten() {
            for m in ac.find_overlapping_iter(text) {
                out[ids[m.pattern().as_usize()]] = true;
            }
        }
        out
    }
}

/// A regex compiled on first use, behind the literals every match needs.
pub struct GatedRegex {
    pattern: String,
    size_limit: usize,
    gate: OnceLock<Gate>,
    regex: OnceLock<Option<Regex>>,
}

impl GatedRegex {
    /// `pattern` must already be known to parse (rule loading checks it).
    pub fn new(pattern: String, size_limit: usize) -> Self {
        GatedRegex { pattern, size_limit, gate: OnceLock::new(), regex: OnceLock::new() }
    }

    /// False when `text` holds none of the required literals, so no match can be in it (nor
    /// in any part of it).
    pub fn may_match(&self, text: &str) -> bool {
        self.gate.get_or_init(|| Gate::new(std::slice::from_ref(&self.pattern))).any(text)
    }

    /// The compiled regex; `None` only if it exceeds the size limit.
    pub fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| regex::RegexBuilder::new(&self.pattern).size_limit(self.size_limit).build().ok())
            .as_ref()
    }

    /// `is_match`, skipping the regex when the gate rules a match out.
    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.regex().is_some_and(|r| r.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str) -> Vec<String> {
        required(p).unwrap_or_default().into_iter().map(|l| String::from_utf8_lossy(&l.bytes).into_owned()).collect()
    }

    #[test]
    fn finds_the_words_a_match_needs() {
        assert_eq!(lits(r"\bwe use cookies\b"), vec!["we use cookies"]);
        // Case-insensitive: the Kelvin sign and the long s are the non-ASCII variants.
        let ci = lits(r"(?i)\bwe use cookies\b");
        assert_eq!(ci.len(), 8);
        assert!(ci.contains(&"we use cookies".to_string()) && ci.contains(&"we u\u{17F}e coo\u{212A}ies".to_string()));
        assert_eq!(lits(r"^(?:.{10,600}?(?:Getty|AP))\s*$"), vec!["AP", "Getty"]);
        assert!(required(r"(?i)ap").unwrap().iter().all(|l| l.folded));
        assert!(lits(r"\d{1,5}[km]?").is_empty());
        assert!(lits(r"(?:foo)?bar|baz?").contains(&"bar".to_string()));
        assert!(lits(r"(?:foo)?").is_empty());
    }

    #[test]
    fn unicode_case_variants_are_kept() {
        // (?i)k also matches the Kelvin sign; the gate must let it through.
        let g = GatedRegex::new(r"(?i)\bkelvin\b".into(), 1 << 20);
        assert!(g.is_match("KELVIN"));
        assert!(g.is_match("\u{212A}elvin"));
        assert!(!g.may_match("celsius"));
    }

    #[test]
    fn gate_agrees_with_the_regex() {
        let texts = ["Photo: AP", "A man (AP Photo/Jane Roe)", "nothing here at all", "ßtraße STRASSE", "Credit…X"];
        for p in [r"(?i)photo|credit", r"^.{3,40}(?:\(AP Photo|Credit…)", r"(?i)straße", r"(?i)ss"] {
            let g = GatedRegex::new(p.into(), 1 << 20);
            let re = Regex::new(p).unwrap();
            for t in texts {
                assert_eq!(g.is_match(t), re.is_match(t), "{p} on {t}");
            }
        }
    }
}
#[cfg(test)]
mod debug {
    #[test]
    #[ignore]
    fn dump() {
        for (_, t) in crate::rules::EMBEDDED {
            let v: toml::Value = toml::from_str(t).unwrap();
            for r in v["rule"].as_array().unwrap() {
                let c = &r["check"];
                let (pats, cs): (Vec<String>, bool) = if let Some(l) = c.get("line") {
                    let cs = l.get("case_sensitive").and_then(|x| x.as_bool()).unwrap_or(false);
                    (l.get("regex").and_then(|x| x.as_str()).map(|s| vec![s.to_string()]).unwrap_or_default(), cs)
                } else if let Some(b) = c.get("builtin") {
                    let p = b.get("params").and_then(|p| p.get("patterns")).and_then(|x| x.as_array());
                    (p.map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect()).unwrap_or_default(), false)
                } else {
                    continue;
                };
                for p in pats {
                    let p = if cs { p } else { format!("(?i:{p})") };
                    let l = super::required(&p);
                    println!(
                        "{} -> {:?}",
                        r["id"],
                        l.map(|l| (
                            l.len(),
                            l.iter()
                                .take(8)
                                .map(|x| format!(
                                    "{}{}",
                                    String::from_utf8_lossy(&x.bytes),
                                    if x.folded { "/i" } else { "" }
                                ))
                                .collect::<Vec<_>>()
                        ))
                    );
                }
            }
        }
    }
}
