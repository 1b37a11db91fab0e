//! Loading rule files: TOML → checked specs → one compiled [`Engine`](crate::engine::Engine).
//! Every loading error carries a byte span into the TOML file it came from.

pub mod compiled;
mod flat;
mod known_nfas;
pub mod schema;
pub mod spanned;

use crate::diagnostic::Severity;
use schema::{Examples, FixPolicy, Position, RuleFile, RuleSpec, ScopeKind};
use spanned::Spanned;
use std::ops::Range;
use std::path::Path;

/// The default rule packs, embedded at build time from `rules/*.toml`.
pub const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The default rule packs without their descriptions and examples, for `check` (see
/// `build.rs`): the same rules, a third less TOML to parse at start-up.
pub const EMBEDDED_LEAN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules_lean.rs"));

/// Identifies the text of [`EMBEDDED_LEAN`] (see `build.rs`).
pub const LEAN_HASH: u64 = include!(concat!(env!("OUT_DIR"), "/lean_rules_hash.rs"));

/// [`EMBEDDED_LEAN`] parsed ahead of time (`(hash, [(name, file)...])` in postcard, a compact
/// binary serde format): read in a fraction of the time the TOML parser takes over the files,
/// and in 0.6 of the instructions the same parse took stored as JSON. Used only when its hash is
/// [`LEAN_HASH`]; refreshed by `NEWSLINT_UPDATE_TABLES=1 cargo test --lib table_is_current`.
static LEAN_PARSED: &[u8] = include_bytes!("lean_rules.postcard");

/// The default rules' big dictionaries, compiled to perfect-hash tables by `build.rs`.
pub static EMBEDDED_DICTIONARIES: &[StaticDict] = include!(concat!(env!("OUT_DIR"), "/embedded_dictionaries.rs"));

/// A dictionary compiled at build time: keys and values in one string, entries as byte
/// offsets into it, placed by a perfect hash (phf's hash and displacement scheme).
pub struct StaticDict {
    pub key: u64,
    pub disps: &'static [(u32, u32)],
    /// Key start, key end, value start, value end, in `blob`.
    pub entries: &'static [[u32; 4]],
    pub blob: &'static str,
}

impl StaticDict {
    /// The value for `key`, if the dictionary has it.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        if self.entries.is_empty() {
            return None;
        }
        let hashes = phf_shared::hash(key, &self.key);
        let [ks, ke, vs, ve] = self.entries[phf_shared::get_index(&hashes, self.disps, self.entries.len()) as usize];
        (self.blob.get(ks as usize..ke as usize) == Some(key))
            .then(|| self.blob.get(vs as usize..ve as usize))
            .flatten()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

pub const CATEGORIES: &[&str] = &["boilerplate", "spam", "typo", "spun", "duplicate", "attribution", "filler"];

/// A rule file's name and text, kept so errors can show it.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub name: String,
    pub text: String,
}

impl RuleSource {
    pub fn embedded() -> Vec<RuleSource> {
        RuleSource::of_default(EMBEDDED)
    }

    /// [`RuleSource::embedded`] without descriptions and examples: for linting, where
    /// nothing reads them (SARIF output does: it loads the whole files).
    pub fn embedded_lean() -> Vec<RuleSource> {
        RuleSource::of_default(EMBEDDED_LEAN)
    }

    fn of_default(files: &[(&str, &str)]) -> Vec<RuleSource> {
        files.iter().map(|(n, t)| RuleSource { name: format!("<default>/{n}"), text: (*t).to_string() }).collect()
    }

    /// True for a rule file embedded in this binary, unchanged: its regexes are known good.
    pub fn is_embedded(&self) -> bool {
        EMBEDDED
            .iter()
            .chain(EMBEDDED_LEAN)
            .any(|(n, t)| self.text == *t && self.name.strip_prefix("<default>/") == Some(n))
    }

    /// Reads a `.toml` file, or every `.toml` file of a folder (sorted, not recursive).
    pub fn read(path: &Path) -> Result<Vec<RuleSource>, String> {
        let read_one = |p: &Path| {
            std::fs::read_to_string(p)
                .map(|text| RuleSource { name: p.display().to_string(), text })
                .map_err(|e| format!("cannot read rule file {}: {e}", p.display()))
        };
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read rule folder {}: {e}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            files.iter().map(|p| read_one(p)).collect()
        } else {
            read_one(path).map(|s| vec![s])
        }
    }
}

/// Keeps the first of sources read from the same file (named in a config and again with
/// `--rules`, or as `x.toml` and `./x.toml`): loaded twice, each of its rules would be "defined
/// again" at the very line that first defines it.
pub fn drop_repeated(sources: &mut Vec<RuleSource>) {
    let mut seen = std::collections::HashSet::new();
    sources.retain(|s| std::fs::canonicalize(&s.name).map_or(true, |p| seen.insert(p)));
}

/// A loading error pointing into a rule file.
#[derive(Debug, Clone)]
pub struct RuleError {
    /// Index into the sources given to [`load`].
    pub source: usize,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: String,
    pub secondary: Vec<(usize, Range<usize>, String)>,
}

impl RuleError {
    pub fn new(
        source: usize,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        RuleError { source, span, message: message.into(), label: label.into(), secondary: Vec::new() }
    }
}

/// A rule's metadata after checking; the check itself lives in the engine's matchers.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub description: Option<String>,
    pub kind: &'static str,
    pub scope: Option<Vec<ScopeKind>>,
    pub position: Position,
    pub exception_words: Vec<String>,
    /// Compiled on first use, like every rule regex.
    pub exception_context: Vec<std::sync::Arc<compiled::RuleRegex>>,
    pub fix: FixPolicy,
    pub language: Option<schema::Language>,
    pub examples: Examples,
    /// Name of the file the rule came from.
    pub origin: String,
}

/// A rule as parsed: its source index, spec and span in the TOML file.
pub type ParsedRule = (usize, RuleSpec, Range<usize>);

/// Parses every source; a parse error of one file does not hide the errors of the others.
pub fn parse_all(sources: &[RuleSource]) -> (Vec<ParsedRule>, Vec<RuleError>) {
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    let mut stored = None;
    for (i, src) in sources.iter().enumerate() {
        let lean = EMBEDDED_LEAN.iter().find(|(n, t)| src.name.strip_prefix("<default>/") == Some(n) && src.text == *t);
        let file = match lean.and_then(|(n, _)| stored.get_or_insert_with(stored_lean).remove(*n)) {
            Some(file) => file,
            None => match toml::from_str::<RuleFile>(&src.text) {
                Ok(file) => file,
                Err(e) => {
                    let msg = e.message().trim().to_string();
                    errors.push(RuleError::new(i, e.span(), format!("invalid rule file: {msg}"), msg));
                    continue;
                }
            },
        };
        for r in file.rule {
            let span = r.span();
            specs.push((i, r.into_inner(), span));
        }
    }
    (specs, errors)
}

/// The stored parse of the lean default rules, by file name; empty when it was not made
/// from the lean files this binary embeds (the TOML is parsed then).
fn stored_lean() -> std::collections::HashMap<String, RuleFile> {
    match postcard::from_bytes::<(u64, Vec<(String, RuleFile)>)>(LEAN_PARSED) {
        Ok((hash, files)) if hash == LEAN_HASH => files.into_iter().collect(),
        _ => Default::default(),
    }
}

/// Largest compiled regex, so a rule file cannot make the linter eat memory.
pub const REGEX_SIZE_LIMIT: usize = 1 << 24;

/// Cache of each rule regex's lazy DFA, per thread and direction: a limit, filled only as a
/// regex needs states. The lazy DFA is not built at all when the cache is below a minimum
/// that grows with the automaton (about 18 bytes a state): at 64 KiB the large
/// case-insensitive rules never had one and ran their slower engines on every line (0.5-13
/// µs a line instead of 20-200 ns). Narrow texts get the narrow automaton (see
/// `compiled::build`), several times smaller, which keeps the peak down: 512 KiB with it
/// measured 52.6 MiB on the 40 MiB corpus, 2 MiB with full-width automata 78 MiB.
pub const DFA_CACHE: usize = 1 << 19;

/// [`DFA_CACHE`] for the whole-line rules' regexes. A bounded repetition of a wide class
/// (`.{0,200}`, `[^.!?]{1,90}`) makes a new DFA state at nearly every byte of a short line,
/// so at 512 KiB such a regex filled its cache within a few lines, cleared it again and
/// again and fell back to a slower engine (image credits: 36 ms on the 10 MiB corpus, 21 ms
/// at 2 MiB). Only the line rules (a dozen regexes, on a few percent of the lines) get the
/// larger cache: peak memory on the 40 MiB corpus went from 52 to 55 MiB.
pub const LINE_DFA_CACHE: usize = 1 << 21;

/// `pattern` with each `\b` made ASCII. A Unicode `\b` stops the regex's lazy DFA at the
/// first non-ASCII byte (curly quotes, dashes: in most news paragraphs) and the search falls
/// back to a slower engine; the cue and prompt words of the default rules are ASCII, so the
/// two differ only beside a non-ASCII letter. Escaped backslashes are left alone.
pub fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Compiles a rule regex whose syntax was checked when its rule loaded, the way every
/// lazily compiled rule regex is built; `None` when it exceeds `size_limit`.
pub fn build_regex(pattern: &str, size_limit: usize) -> Result<regex::Regex, regex::Error> {
    let started = crate::timing::start();
    let r = regex::RegexBuilder::new(pattern).size_limit(size_limit).dfa_size_limit(DFA_CACHE).build();
    // Also counted in the rule's own time: this row says how much of it is compiling.
    crate::timing::checked(crate::timing::COMPILING, started);
    r
}

fn regex_error(source: usize, pattern: &Spanned<String>, detail: &str) -> RuleError {
    let last = detail.lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string();
    RuleError::new(source, Some(pattern.span()), format!("invalid regex: {last}"), last)
}

/// Checks a regex and returns the pattern text to compile, with the case flag folded in so
/// a `RegexSet` built from the same text keeps it. A user's regex is compiled here once, so
/// one too large to compile is an error at its place in the TOML file, not a rule that
/// silently never runs (rules compile their regexes on first use). A `trusted` regex (one
/// of the embedded rules, which the test suite loads with every check) is not checked:
/// even parsing took a third of loading.
pub fn check_regex(
    source: usize,
    pattern: &Spanned<String>,
    case_sensitive: bool,
    trusted: bool,
) -> Result<String, RuleError> {
    checked_regex(source, pattern, case_sensitive, trusted).map(|(text, _)| text)
}

/// [`check_regex`], with the user's regex as compiled (none for a trusted one), for checks
/// that ask more of it ([`check_template`]).
pub fn checked_regex(
    source: usize,
    pattern: &Spanned<String>,
    case_sensitive: bool,
    trusted: bool,
) -> Result<(String, Option<regex::Regex>), RuleError> {
    let text = if case_sensitive { pattern.get_ref().clone() } else { format!("(?i:{})", pattern.get_ref()) };
    let compiled = if trusted { None } else { Some(compile_checked(source, pattern, &text)?) };
    Ok((text, compiled))
}

/// `text` (a rule's regex with its flags) compiled, or the error at `pattern`'s place.
fn compile_checked(source: usize, pattern: &Spanned<String>, text: &str) -> Result<regex::Regex, RuleError> {
    build_regex(text, REGEX_SIZE_LIMIT).map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => RuleError::new(
            source,
            Some(pattern.span()),
            format!(
                "regex too large: compiled, it passes the limit of {} MiB (counted repetitions such as \
                 `{{50}}` and Unicode classes such as `\\w` multiply its size)",
                limit >> 20
            ),
            "too large once compiled",
        ),
        e => regex_error(source, pattern, &e.to_string()),
    })
}

/// Checks that every group a pattern rule's `suggestion` names (`$1`, `$name`, `${name}`) is
/// a group of its regex: the regex crate fills in an empty string for any other, so a typo
/// such as `$1_Corp` (read as the group `1_Corp`) made a fix that deletes the match.
pub fn check_template(
    source: usize,
    pattern: &Spanned<String>,
    regex: &regex::Regex,
    template: &str,
    at: Option<Range<usize>>,
) -> Result<(), RuleError> {
    for name in template_groups(template) {
        let known = match name.parse::<usize>() {
            Ok(i) => i < regex.captures_len(),
            Err(_) => regex.capture_names().flatten().any(|n| n == name),
        };
        if !known {
            let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let hint = match digits {
                0 => String::new(),
                d if d < name.len() => {
                    format!(" (`${name}` reads as one name; write `${{{}}}{}`)", &name[..d], &name[d..])
                }
                _ => format!(" (its groups are numbered 0 to {})", regex.captures_len() - 1),
            };
            return Err(RuleError::new(
                source,
                at.or(Some(pattern.span())),
                format!("the suggestion names group `{name}`, which the regex does not have{hint}"),
                "no such group",
            ));
        }
    }
    Ok(())
}

/// The group names and numbers a replacement template refers to, read as the regex crate's
/// `Captures::expand` reads them: `$$` is a dollar sign, `${name}` ends at the brace, and
/// `$name` takes the longest run of letters, digits and `_`.
fn template_groups(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            rest = after;
        } else if let Some(braced) = rest.strip_prefix('{') {
            if let Some(end) = braced.find('}') {
                out.push(&braced[..end]);
                rest = &braced[end + 1..];
            }
        } else {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            if end > 0 {
                out.push(&rest[..end]);
            }
            rest = &rest[end..];
        }
    }
    out
}

/// What a message or help may hold in braces: the match, the suggestion, and what the
/// checks fill in (a repetition's similarity and first line, a density's count and rate …).
pub const PLACEHOLDERS: [&str; 15] = [
    "match",
    "suggestion",
    "blocks",
    "count",
    "entries",
    "first_line",
    "lines",
    "mark",
    "problem",
    "rate",
    "score",
    "similarity",
    "what",
    "who",
    "words",
];

/// The first `{name}` in `text` (a name of lower-case letters and `_`) that is no placeholder:
/// a typo such as `{mtach}` would be printed as it is.
fn unknown_placeholder(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        let end = rest.find(|c: char| !(c.is_ascii_lowercase() || c == '_')).unwrap_or(rest.len());
        let name = &rest[..end];
        if end > 0 && rest[end..].starts_with('}') && !PLACEHOLDERS.contains(&name) {
            return Some(name);
        }
    }
    None
}

/// Checks the fields every rule shares and turns them into [`Rule`] metadata.
/// `trusted` as for [`check_regex`].
pub fn check_meta(source: usize, origin: &str, spec: &RuleSpec, trusted: bool) -> Result<Rule, RuleError> {
    let id = spec.id.get_ref();
    let category = spec.category.get_ref();
    let Some((prefix, name)) = id.split_once('/') else {
        return Err(RuleError::new(
            source,
            Some(spec.id.span()),
            format!("rule id `{id}` is not `category/name`"),
            "expected `category/name`",
        ));
    };
    let valid_name =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_name(prefix) || !valid_name(name) {
        return Err(RuleError::new(
            source,
            Some(spec.id.span()),
            format!("rule id `{id}` must be lower-case kebab-case `category/name`"),
            "not kebab-case",
        ));
    }
    if !CATEGORIES.contains(&category.as_str()) {
        return Err(RuleError::new(
            source,
            Some(spec.category.span()),
            format!("unknown category `{category}`"),
            format!("expected one of: {}", CATEGORIES.join(", ")),
        ));
    }
    if prefix != category {
        return Err(RuleError::new(
            source,
            Some(spec.id.span()),
            format!("rule id `{id}` does not start with its category `{category}/`"),
            "id and category disagree",
        ));
    }
    if !trusted {
        for (field, text) in [("message", Some(&spec.message)), ("help", spec.help.as_ref())] {
            if let Some(p) = text.and_then(|t| unknown_placeholder(t)) {
                return Err(RuleError::new(
                    source,
                    Some(spec.id.span()),
                    format!(
                        "`{{{p}}}` in this rule's {field} is no placeholder, so it would be printed as it is \
                         (placeholders: {})",
                        PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
                    ),
                    format!("unknown placeholder in {field}"),
                ));
            }
        }
    }
    let mut exception_context = Vec::new();
    for c in &spec.exceptions.context {
        let text = check_regex(source, c, false, trusted)?;
        exception_context.push(std::sync::Arc::new(compiled::RuleRegex::new(text, REGEX_SIZE_LIMIT)));
    }
    Ok(Rule {
        id: id.clone(),
        category: category.clone(),
        severity: spec.severity,
        message: spec.message.clone(),
        help: spec.help.clone(),
        description: spec.description.clone(),
        kind: spec.check.kind_name(),
        scope: spec.scope.clone(),
        position: spec.position,
        exception_words: spec.exceptions.words.iter().map(|w| w.to_lowercase()).collect(),
        exception_context,
        fix: spec.fix,
        language: spec.language,
        examples: spec.examples.clone(),
        origin: origin.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every placeholder the default rules use is known (they are not checked at load), and
    /// a typo is found.
    #[test]
    fn placeholders_of_the_default_rules_are_known() {
        for src in RuleSource::embedded() {
            let file: RuleFile = toml::from_str(&src.text).unwrap();
            for r in &file.rule {
                let r = r.get_ref();
                for t in [Some(&r.message), r.help.as_ref()].into_iter().flatten() {
                    assert_eq!(unknown_placeholder(t), None, "{} in {}", r.id.get_ref(), src.name);
                }
            }
        }
        assert_eq!(unknown_placeholder("write `{mtach}` or {match} {0} { x }"), Some("mtach"));
        assert_eq!(unknown_placeholder("`{match}`, similarity {similarity}"), None);
    }

    /// Group references are read as the regex crate's `Captures::expand` reads them.
    #[test]
    fn template_groups_are_read_as_the_regex_crate_reads_them() {
        assert_eq!(template_groups("$1_Corp ${2}x $$3 $name. $ ${open"), ["1_Corp", "2", "name"]);
        let re = regex::Regex::new("(?<w>acme) (corp)").unwrap();
        let caps = re.captures("acme corp").unwrap();
        let mut s = String::new();
        caps.expand("$1_Corp|${1}_Corp|$$2|$w.|$ ", &mut s);
        assert_eq!(s, "|acme_Corp|$2|acme.|$ ", "the expansion the check mirrors");
        let p = Spanned::new(0..1, "(?<w>acme) (corp)".to_string());
        assert!(check_template(0, &p, &re, "${w} ${2} $0", None).is_ok());
        assert!(check_template(0, &p, &re, "$3", None).is_err());
    }

    /// The stored parse of the lean rules is what parsing their TOML gives now, spans and
    /// all; `NEWSLINT_UPDATE_TABLES=1 cargo test --lib table_is_current` rewrites it.
    #[test]
    fn lean_rules_table_is_current() {
        let parsed: Vec<(String, RuleFile)> =
            EMBEDDED_LEAN.iter().map(|(n, t)| (n.to_string(), toml::from_str(t).expect("lean rules parse"))).collect();
        let stored: Vec<(&str, &RuleFile)> = parsed.iter().map(|(n, f)| (n.as_str(), f)).collect();
        let bytes = postcard::to_allocvec(&(LEAN_HASH, stored)).expect("serialise");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/lean_rules.postcard");
        if crate::document::refresh_tables(&[(path, &bytes)], LEAN_PARSED == bytes) {
            return;
        }
        let mut stored = stored_lean();
        assert_eq!(stored.len(), parsed.len(), "every lean file is stored");
        for (name, file) in &parsed {
            assert_eq!(format!("{:?}", stored.remove(name)), format!("{:?}", Some(file)), "{name}");
        }
    }

    /// A default rule file that is not the embedded text (a rules folder that copies the
    /// defaults and edits one) is parsed from its TOML, never taken from the stored parse.
    #[test]
    fn an_edited_default_file_is_parsed_from_its_text() {
        let mut sources = RuleSource::embedded_lean();
        let (specs, errors) = parse_all(&sources);
        assert!(errors.is_empty() && !specs.is_empty(), "errors: {errors:?}");
        let src = sources.iter_mut().find(|s| s.text.contains("id = \"boilerplate/menu\"")).expect("menu rule");
        let message = specs.iter().find(|s| s.1.id.get_ref() == "boilerplate/menu").expect("menu").1.message.clone();
        src.text = src.text.replace(&format!("message = \"{message}\""), "message = \"edited\"");
        let (edited, _) = parse_all(&sources);
        let menu = edited.iter().find(|s| s.1.id.get_ref() == "boilerplate/menu").expect("menu");
        assert_eq!(menu.1.message, "edited");
        assert_eq!(edited.len(), specs.len());
    }

    #[test]
    fn lean_default_rules_are_the_default_rules_without_their_documentation() {
        let full = crate::engine::Engine::load(&RuleSource::embedded()).expect("default rules load");
        let lean = crate::engine::Engine::load(&RuleSource::embedded_lean()).expect("lean rules load");
        assert!(RuleSource::embedded_lean().iter().all(RuleSource::is_embedded));
        assert_eq!(full.rules.len(), lean.rules.len());
        assert!(full.rules.iter().all(|r| r.description.is_some() && !r.examples.fire.is_empty()));
        for (f, l) in full.rules.iter().zip(&lean.rules) {
            assert!(l.description.is_none() && l.examples.fire.is_empty() && l.examples.pass.is_empty());
            let undocumented = Rule { description: None, examples: Examples::default(), ..f.clone() };
            assert_eq!(format!("{undocumented:?}"), format!("{l:?}"));
        }
    }

    #[test]
    fn every_embedded_dictionary_key_finds_its_own_value_and_nothing_else_matches() {
        assert!(!EMBEDDED_DICTIONARIES.is_empty(), "build.rs moved no dictionary");
        for d in EMBEDDED_DICTIONARIES {
            assert!(d.len() >= 200);
            for &[ks, ke, vs, ve] in d.entries {
                let key = &d.blob[ks as usize..ke as usize];
                assert_eq!(d.get(key), Some(&d.blob[vs as usize..ve as usize]), "key {key:?}");
                // An extension of a key is a different word.
                assert_eq!(d.get(&format!("{key}qx")), None);
            }
            assert_eq!(d.get(""), None);
        }
    }

    #[test]
    fn word_boundaries_become_ascii_except_escaped_backslashes() {
        assert_eq!(ascii_boundaries(r"\bx\b"), r"(?-u:\b)x(?-u:\b)");
        assert_eq!(ascii_boundaries(r"\\b\d"), r"\\b\d");
    }
}
