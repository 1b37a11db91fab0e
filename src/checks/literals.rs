//! Cheap gates in front of costly regexes. A regex with a long alternation or a bounded
//! repetition (`.{10,600}`) is slow even when it fails, and most text fails it; but nearly
//! every such rule needs some literal word ("photo", "cookies") to match at all. We read the
//! literals every match must contain from the regex's syntax tree and look for them with one
//! aho-corasick scan; the regex itself is compiled on first use, so a rule that never meets a
//! candidate line costs nothing to load or run.

use crate::document::Document;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
use std::sync::OnceLock;

/// Most literals one set may hold (case variants of non-ASCII letters multiply them).
const MAX_LITERALS: usize = 512;
/// Largest character class still treated as a choice of literals (`[.)]`, `[Kk\u{212A}]`).
const MAX_CLASS: u32 = 10;

/// A literal a match must contain. `folded` literals came from case-insensitive letters:
/// they are stored lower-cased and found ASCII-case-insensitively; the others exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Literal {
    pub bytes: Vec<u8>,
    pub folded: bool,
}

/// Literals of which every match of `pattern` contains at least one; `None` when no such
/// finite set was found. Read from the syntax tree before translation: translating Unicode
/// classes under `(?i)` costs about a millisecond a rule, which start-up cannot afford.
pub fn required(pattern: &str) -> Option<Vec<Literal>> {
    let ast = regex_syntax::ast::parse::Parser::new().parse(pattern).ok()?;
    let set = required_ast(&ast, Flags::default())?;
    (!set.is_empty() && set.iter().all(|l| !l.bytes.is_empty())).then_some(set)
}

/// The flags that change what a literal matches. Both only ever widen the literal sets,
/// so when unsure (a flag set in one branch of an alternation) they are taken as on.
#[derive(Clone, Copy, Default)]
struct Flags {
    /// Case-insensitive: letters are found in any case.
    ci: bool,
    /// Unicode may be off: a non-ASCII literal may stand for a byte.
    bytes: bool,
}

impl Flags {
    /// `scoped` flags (`(?i:...)`) are exact; flags set mid-group only ever switch on.
    fn apply(mut self, f: &ast::Flags, scoped: bool) -> Flags {
        match f.flag_state(ast::Flag::CaseInsensitive) {
            Some(on) if scoped => self.ci = on,
            Some(true) => self.ci = true,
            _ => {}
        }
        if f.flag_state(ast::Flag::Unicode) == Some(false) {
            self.bytes = true;
        }
        self
    }
}

/// What one character matches, as literals (with its case variants when case-insensitive).
fn char_literals(c: char, f: Flags) -> Option<Vec<Literal>> {
    if f.bytes && !c.is_ascii() {
        return None;
    }
    if !f.ci || !(c.is_alphabetic()) {
        return Some(vec![Literal { bytes: c.to_string().into_bytes(), folded: false }]);
    }
    if !c.is_ascii() {
        // Folding one character is cheap (it is whole classes that are not).
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        let n: u32 = class.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
        if n > MAX_CLASS {
            return None;
        }
        let chars = class.ranges().iter().flat_map(|r| r.start()..=r.end());
        return Some(chars.map(|c| Literal { bytes: c.to_string().into_bytes(), folded: false }).collect());
    }
    let lower = c.to_ascii_lowercase();
    let mut out = vec![Literal { bytes: vec![lower as u8], folded: true }];
    // The only non-ASCII members of ASCII letters' case classes: the Kelvin sign, long s.
    match lower {
        'k' => out.push(Literal { bytes: "\u{212A}".as_bytes().to_vec(), folded: true }),
        's' => out.push(Literal { bytes: "\u{17F}".as_bytes().to_vec(), folded: true }),
        _ => {}
    }
    Some(out)
}

/// The alternatives of one fixed-width element: a literal, or a small bracketed class.
fn unit(a: &Ast, f: Flags) -> Option<Vec<Literal>> {
    let chars: Vec<char> = match a {
        Ast::Literal(l) => vec![l.c],
        Ast::ClassBracketed(c) if !c.negated => {
            let items = match &c.kind {
                ast::ClassSet::Item(ast::ClassSetItem::Union(u)) => u.items.iter().collect(),
                ast::ClassSet::Item(i) => vec![i],
                ast::ClassSet::BinaryOp(_) => return None,
            };
            let mut chars = Vec::new();
            for i in items {
                match i {
                    ast::ClassSetItem::Literal(l) => chars.push(l.c),
                    ast::ClassSetItem::Range(r) if (r.end.c as u32).saturating_sub(r.start.c as u32) < MAX_CLASS => {
                        chars.extend(r.start.c..=r.end.c)
                    }
                    _ => return None,
                }
                if chars.len() > MAX_CLASS as usize {
                    return None;
                }
            }
            chars
        }
        _ => return None,
    };
    let mut out = Vec::new();
    for c in chars {
        out.extend(char_literals(c, f)?);
    }
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// How useful a set is as a gate: longer shortest literal first, then sets without a bare
/// punctuation mark (a `.` or `:` is in nearly every line; a digit is not), then exact ones,
/// then fewer.
fn score(set: &[Literal]) -> (usize, bool, bool, std::cmp::Reverse<usize>) {
    let min = set.iter().map(|l| l.bytes.len()).min().unwrap_or(0);
    let punctuation = set.iter().any(|l| l.bytes.iter().all(|b| b.is_ascii_punctuation() || b.is_ascii_whitespace()));
    (min.min(5), !punctuation, set.iter().all(|l| !l.folded), std::cmp::Reverse(set.len()))
}

/// Flags set inside any branch hold for the later branches too: take them for all.
fn branch_flags(asts: &[Ast], mut f: Flags) -> Flags {
    for a in asts {
        let items: &[Ast] = match a {
            Ast::Concat(c) => &c.asts,
            other => std::slice::from_ref(other),
        };
        for i in items {
            if let Ast::Flags(s) = i {
                f = f.apply(&s.flags, false);
            }
        }
    }
    f
}

fn required_ast(a: &Ast, f: Flags) -> Option<Vec<Literal>> {
    match a {
        Ast::Literal(_) | Ast::ClassBracketed(_) => unit(a, f),
        Ast::Group(g) => {
            let f = match &g.kind {
                ast::GroupKind::NonCapturing(flags) => f.apply(flags, true),
                _ => f,
            };
            required_ast(&g.ast, f)
        }
        Ast::Repetition(r) => {
            let min = match r.op.kind {
                ast::RepetitionKind::OneOrMore => 1,
                ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n))
                | ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n))
                | ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(n, _)) => n,
                _ => 0,
            };
            (min >= 1).then(|| required_ast(&r.ast, f)).flatten()
        }
        Ast::Alternation(alt) => {
            let f = branch_flags(&alt.asts, f);
            let mut out = Vec::new();
            for a in &alt.asts {
                out.extend(required_ast(a, f)?);
                if out.len() > MAX_LITERALS {
                    return None;
                }
            }
            out.sort();
            out.dedup();
            Some(out)
        }
        Ast::Concat(c) => {
            // Any part's set will do; runs of adjacent fixed pieces join into longer literals
            // (zero-width parts do not break a run).
            let mut f = f;
            let mut best: Option<Vec<Literal>> = None;
            let mut consider = |set: Vec<Literal>| {
                if !set.is_empty() && best.as_ref().is_none_or(|b| score(&set) > score(b)) {
                    best = Some(set);
                }
            };
            let mut run: Vec<Literal> = Vec::new();
            for p in &c.asts {
                if let Ast::Flags(s) = p {
                    f = f.apply(&s.flags, false);
                    continue;
                }
                if matches!(p, Ast::Empty(_) | Ast::Assertion(_)) {
                    continue;
                }
                match unit(p, f) {
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
                        if let Some(s) = required_ast(p, f) {
                            consider(s);
                        }
                    }
                }
            }
            consider(run);
            best
        }
        _ => None,
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
            match AhoCorasick::builder()
                .ascii_case_insensitive(ci)
                // A DFA scans fastest, but over a few hundred literals it takes milliseconds to
                // build: the shared gate of all line rules would be a third of start-up.
                .kind(Some(if lits.len() <= 200 { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA }))
                .build(lits.iter().map(|l| &l.0))
            {
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

impl Gate {
    /// Per block of `doc`, which patterns may match in its content: one scan of the whole
    /// text instead of one per pattern and block.
    /// Only the blocks `wanted` are scanned (a line rule never reads a long paragraph).
    pub fn blocks(&self, doc: &Document, wanted: impl Fn(usize) -> bool) -> BlockGates<'_> {
        let words = self.len.div_ceil(64).max(1);
        let mut open = BlockGates { words, bits: vec![0; words * doc.blocks.len()], ungated: &self.ungated };
        for (b, block) in doc.blocks.iter().enumerate() {
            if !wanted(b) {
                continue;
            }
            let bits = &mut open.bits[b * words..(b + 1) * words];
            for (ac, ids) in [&self.exact, &self.folded].into_iter().flatten() {
                for m in ac.find_overlapping_iter(doc.slice(&block.content)) {
                    let i = ids[m.pattern().as_usize()];
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
        }
        open
    }
}

/// What [`Gate::blocks`] found: for each block, the patterns whose literals its content holds.
pub struct BlockGates<'g> {
    words: usize,
    bits: Vec<u64>,
    ungated: &'g [usize],
}

impl BlockGates<'_> {
    /// May pattern `pattern` match in block `block`'s content (or a part of it)?
    pub fn open(&self, block: usize, pattern: usize) -> bool {
        self.bits[block * self.words + pattern / 64] & (1 << (pattern % 64)) != 0 || self.ungated.contains(&pattern)
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

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The compiled regex; `None` only if it exceeds the size limit.
    pub fn regex(&self) -> Option<&Regex> {
        self.regex.get_or_init(|| crate::rules::build_regex(&self.pattern, self.size_limit).ok()).as_ref()
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
mod default_rules {
    use super::*;

    /// The regexes of the default line rules and call-to-action builtins, as compiled; the
    /// rules' examples are added to `examples`.
    fn patterns(examples: &mut Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        for (_, t) in crate::rules::EMBEDDED {
            let v: toml::Value = toml::from_str(t).expect("embedded rules parse");
            for r in v["rule"].as_array().into_iter().flatten() {
                for kind in ["fire", "pass"] {
                    let list = r.get("examples").and_then(|e| e.get(kind)).and_then(|x| x.as_array());
                    for ex in list.into_iter().flatten().filter_map(|x| x.as_str()) {
                        examples.push(ex.to_string());
                        examples.extend(ex.lines().map(str::to_string));
                    }
                }
                let c = &r["check"];
                if let Some(re) = c.get("line").and_then(|l| l.get("regex")).and_then(|x| x.as_str()) {
                    let cs = c["line"].get("case_sensitive").and_then(|x| x.as_bool()).unwrap_or(false);
                    out.push(if cs { format!("^(?:{re})$") } else { format!("^(?:(?i:{re}))$") });
                }
                let pats = c.get("builtin").and_then(|b| b.get("params")).and_then(|p| p.get("patterns"));
                for p in pats.and_then(|x| x.as_array()).into_iter().flatten() {
                    out.push(format!("(?i)(?:{})", p.as_str().unwrap_or_default()));
                }
            }
        }
        out
    }

    fn lines(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                lines(&p, out);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                out.extend(t.lines().map(|l| l.trim().to_string()));
            }
        }
    }

    #[test]
    fn gate_never_hides_a_match() {
        let mut texts = Vec::new();
        lines(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut texts);
        // Case variants the gate must see through.
        texts.extend(["WE USE COOKIES", "We uſe cooKies", "ПОДЕЛИТЬСЯ", "© 2019 Daily Planet"].map(String::from));
        let pats = patterns(&mut texts);
        assert!(pats.len() > 30, "default rules not found");
        let mut matched = 0;
        for p in &pats {
            let g = GatedRegex::new(p.clone(), 1 << 26);
            let re = Regex::new(p).expect("default regex compiles");
            for t in &texts {
                if re.is_match(t) {
                    matched += 1;
                    assert!(g.may_match(t), "gate of {p} hides a match in {t:?}");
                }
            }
        }
        assert!(matched > 50, "too few matches ({matched}) to test the gates");
    }

    #[test]
    fn one_scan_for_many_gates_opens_what_each_gate_opens() {
        let patterns = [r"(?i)^\s*we use cookies", r"^Source link$", r"\w+ views$", ""];
        let text = "We USE cookies here\nSource link\n57 views\nA Source link inside a line\n\nsource link";
        let doc = Document::new("t", text);
        let shared = Gate::new(&patterns);
        let open = shared.blocks(&doc, |b| b != 1);
        for (i, p) in patterns.iter().enumerate() {
            let alone = GatedRegex::new(p.to_string(), 1 << 20);
            for (b, block) in doc.blocks.iter().enumerate() {
                let expected = b != 1 && alone.may_match(doc.slice(&block.content)) || p.is_empty();
                assert_eq!(open.open(b, i), expected, "pattern {p:?}, block {b}");
            }
        }
        assert!(open.open(0, 0) && open.open(3, 1) && !open.open(4, 1), "case is kept where the regex keeps it");
        assert!(!open.open(1, 1), "a block not asked for is not scanned");
    }
}
