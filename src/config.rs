//! `newslint.toml` (or `.newslint.toml`): found by walking up from each linted file, the
//! nearest one wins, the way ruff and typos find theirs; `extend` names a file whose settings
//! come first (ruff's `extend`), so a folder can change one thing and keep the rest. Every key
//! is checked, and every error carries a byte span into the config file so it can be shown
//! like a rule-file error.

use crate::diagnostic::Severity;
use crate::engine::Engine;
use crate::rules::{RuleError, RuleSource};
use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// Names looked for in each folder, in this order (the first found in a folder is used).
pub const FILE_NAMES: [&str; 2] = ["newslint.toml", ".newslint.toml"];

/// Rules that the linter itself reports about its own comments; selectable like any rule.
pub const SYNTHETIC_RULES: &[(&str, &str, Severity, &str)] = &[
    (
        crate::suppress::UNUSED,
        "suppression",
        Severity::Info,
        "A `newslint-disable` comment that silenced nothing: the finding was fixed or the rule name is wrong. Delete the comment so it does not hide a future finding.",
    ),
    (
        crate::suppress::UNKNOWN,
        "suppression",
        Severity::Warning,
        "A `newslint-disable` comment names a rule, category or glob that matches no loaded rule.",
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    /// A config file (relative to this one) applied before this one.
    #[serde(default)]
    pub extend: Option<Spanned<String>>,
    /// Extra rule files or folders, relative to the config file.
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
    /// Load the rules embedded in the binary (when no file of the chain says: yes).
    #[serde(default)]
    pub default_rules: Option<bool>,
    /// Rules that run: ids, categories or globs (`typo/*`). All when absent.
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Selector → severity.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Globs of paths (relative to the config file) that are never linted.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Words and names that are never typos.
    #[serde(default)]
    pub accept: Vec<String>,
    #[serde(default)]
    pub overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOverride {
    /// Globs of paths, relative to the config file, this table applies to.
    pub files: Vec<Spanned<String>>,
    /// Rules turned on for these files.
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    pub accept: Vec<String>,
}

/// A configuration error with a span into the file it came from.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub name: String,
    pub text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: String,
}

/// Which rules a selector names: an id, a category, or a glob over ids.
#[derive(Debug, Clone)]
pub enum Selector {
    Id(String),
    Category(String),
    Glob(GlobMatcher),
}

/// One `[severity]` table's entries, the least specific first, so that where two match a rule
/// the more specific one (applied later) wins: `*`, then a category, then a glob (more
/// literal characters later), then a rule id. A TOML table has no order of its own: the keys'
/// alphabetical order decided before, so `"*/hedged-sourcing"` lost to `"attribution"`.
fn by_specificity(table: &BTreeMap<Spanned<String>, Severity>) -> Vec<(Selector, Severity)> {
    let mut entries: Vec<(usize, usize, Selector, Severity)> = table
        .iter()
        .filter_map(|(k, v)| {
            let text = k.get_ref().trim();
            let literal = text.chars().filter(|c| !matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | ',' | '/')).count();
            let sel = Selector::parse(text).ok()?;
            let rank = match &sel {
                Selector::Glob(_) if literal == 0 => 0,
                Selector::Category(_) => 1,
                Selector::Glob(_) => 2,
                Selector::Id(_) => 3,
            };
            Some((rank, literal, sel, *v))
        })
        .collect();
    entries.sort_by_key(|&(rank, literal, ..)| (rank, literal));
    entries.into_iter().map(|(_, _, sel, v)| (sel, v)).collect()
}

impl Selector {
    pub fn parse(s: &str) -> Result<Selector, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("empty rule selector".into());
        }
        if s.contains(['*', '?', '[', '{']) {
            return GlobBuilder::new(s)
                .build()
                .map(|g| Selector::Glob(g.compile_matcher()))
                .map_err(|e| format!("invalid glob: {}", e.kind()));
        }
        if s.contains('/') {
            Ok(Selector::Id(s.to_string()))
        } else {
            Ok(Selector::Category(s.to_string()))
        }
    }

    pub fn matches(&self, id: &str, category: &str) -> bool {
        match self {
            Selector::Id(x) => x == id,
            Selector::Category(c) => c == category,
            Selector::Glob(g) => g.is_match(id),
        }
    }
}

/// A path glob from a config file, matched against paths relative to that file's folder.
#[derive(Debug, Clone)]
pub struct PathGlob {
    pub pattern: String,
    matcher: GlobMatcher,
}

impl PathGlob {
    /// Gitignore-like: a pattern without `/` matches at any depth; a trailing `/` or a
    /// folder name covers everything under that folder.
    pub fn new(pattern: &str) -> Result<PathGlob, String> {
        let trimmed = pattern.trim_end_matches('/');
        let anchored = trimmed.trim_start_matches("./").trim_start_matches('/');
        let full = if trimmed.contains('/') { anchored.to_string() } else { format!("**/{anchored}") };
        let matcher = GlobBuilder::new(&full)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid glob: {}", e.kind()))?
            .compile_matcher();
        Ok(PathGlob { pattern: pattern.to_string(), matcher })
    }

    /// True when the path or any folder above it matches.
    pub fn is_match(&self, rel: &Path) -> bool {
        rel.ancestors().filter(|a| !a.as_os_str().is_empty()).any(|a| self.matcher.is_match(a))
    }
}

/// A parsed config file with its globs compiled.
#[derive(Debug)]
pub struct Config {
    /// The path as shown to people.
    pub name: String,
    /// Absolute folder that relative paths and globs start from.
    pub dir: PathBuf,
    pub text: String,
    pub raw: RawConfig,
    pub exclude: Vec<PathGlob>,
    pub overrides: Vec<Vec<PathGlob>>,
    /// The file `extend` names, parsed (with its own base, and so on).
    pub base: Option<Arc<Config>>,
}

impl Config {
    /// Parses the config file `name` (shown as given) at the absolute path `file`, and the
    /// files its `extend` chain names.
    pub fn parse(name: &str, file: &Path, text: String) -> Result<Config, Vec<ConfigError>> {
        Config::parse_extending(name, file, text, &mut Vec::new())
    }

    /// [`Config::parse`], with the files that extend this one (absolute paths) in `below`.
    fn parse_extending(
        name: &str,
        file: &Path,
        text: String,
        below: &mut Vec<PathBuf>,
    ) -> Result<Config, Vec<ConfigError>> {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
        let err = |span: Option<Range<usize>>, message: String, label: String| ConfigError {
            name: name.to_string(),
            text: text.clone(),
            span,
            message,
            label,
        };
        let raw: RawConfig = match toml::from_str(&text) {
            Ok(r) => r,
            Err(e) => {
                let msg = e.message().trim().to_string();
                return Err(vec![err(e.span(), format!("invalid config file: {msg}"), msg)]);
            }
        };
        let mut errors = Vec::new();
        let mut globs = |list: &[Spanned<String>]| {
            let mut out = Vec::new();
            for g in list {
                match PathGlob::new(g.get_ref()) {
                    Ok(p) => out.push(p),
                    Err(e) => errors.push(err(Some(g.span()), format!("`{}`: {e}", g.get_ref()), e)),
                }
            }
            out
        };
        let exclude = globs(&raw.exclude);
        let overrides = raw.overrides.iter().map(|o| globs(&o.files)).collect();
        // Selectors are checked here for syntax; whether they match a rule is checked once
        // the rules are loaded (see `Profile::build`).
        for sel in all_selectors(&raw) {
            if let Err(e) = Selector::parse(sel.get_ref()) {
                errors.push(err(Some(sel.span()), format!("`{}`: {e}", sel.get_ref()), e));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let base = match &raw.extend {
            None => None,
            Some(ext) => {
                let path = absolute(&dir.join(ext.get_ref()));
                let shown = pathdiff(&path);
                // Compared as the files on disk, so that a symbolic link cannot hide a circle.
                let on_disk = std::fs::canonicalize(&path).ok();
                let same = |b: &Path| {
                    path == b || on_disk.as_ref().is_some_and(|a| std::fs::canonicalize(b).is_ok_and(|b| *a == b))
                };
                if same(file) || below.iter().any(|b| same(b)) {
                    let msg = format!(
                        "`extend` goes round in a circle: {shown} extends this file, directly or through others"
                    );
                    return Err(vec![err(Some(ext.span()), msg, "this leads back here".into())]);
                }
                let base_text = std::fs::read_to_string(&path).map_err(|e| {
                    vec![err(
                        Some(ext.span()),
                        format!("cannot read config file {shown}: {e}"),
                        "cannot read this".into(),
                    )]
                })?;
                below.push(file.to_path_buf());
                let parsed = Config::parse_extending(&shown, &path, base_text, below);
                below.pop();
                Some(Arc::new(parsed?))
            }
        };
        Ok(Config { name: name.to_string(), dir, text, raw, exclude, overrides, base })
    }

    /// This file and the files it extends, the first applied first (the end of the chain).
    pub fn chain(&self) -> Vec<&Config> {
        let mut chain = vec![self];
        while let Some(base) = chain.last().and_then(|c| c.base.as_deref()) {
            chain.push(base);
        }
        chain.reverse();
        chain
    }

    pub fn read(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![ConfigError {
                name: name.clone(),
                text: String::new(),
                span: None,
                message: format!("cannot read config file {name}: {e}"),
                label: String::new(),
            }]
        })?;
        Config::parse(&name, &absolute(path), text)
    }

    fn error(&self, span: Range<usize>, message: String, label: &str) -> ConfigError {
        ConfigError { name: self.name.clone(), text: self.text.clone(), span: Some(span), message, label: label.into() }
    }

    /// The path the globs are matched against: relative to the config folder when under it;
    /// else (a `--config` kept elsewhere, a base reached by `extend` in another folder)
    /// relative to the current folder, as ruff reads a `--config` file's globs; else none.
    /// Never absolute: a name such as `build` would match a folder above the project, and
    /// every file would be skipped without a word.
    pub fn relative<'p>(&self, abs: &'p Path) -> Option<&'p Path> {
        static CWD: std::sync::LazyLock<Option<PathBuf>> =
            std::sync::LazyLock::new(|| std::env::current_dir().ok().map(|c| absolute(&c)));
        abs.strip_prefix(&self.dir).ok().or_else(|| CWD.as_ref().and_then(|c| abs.strip_prefix(c).ok()))
    }

    /// Excluded by this file or by any file it extends (each glob relative to its own file).
    pub fn is_excluded(&self, abs: &Path) -> bool {
        self.chain().iter().any(|c| c.relative(abs).is_some_and(|rel| c.exclude.iter().any(|g| g.is_match(rel))))
    }

    /// Indices of the `[[overrides]]` tables whose `files` match, counted along the chain
    /// (see [`Config::override_at`]).
    pub fn matching_overrides(&self, abs: &Path) -> Vec<usize> {
        let mut out = Vec::new();
        let mut offset = 0;
        for c in self.chain() {
            if let Some(rel) = c.relative(abs) {
                out.extend(
                    c.overrides
                        .iter()
                        .enumerate()
                        .filter(|(_, gs)| gs.iter().any(|g| g.is_match(rel)))
                        .map(|(i, _)| offset + i),
                );
            }
            offset += c.overrides.len();
        }
        out
    }

    /// The `[[overrides]]` table `at` along the chain, the file it is in, and its number there.
    pub fn override_at(&self, mut at: usize) -> Option<(&Config, &RawOverride, usize)> {
        for c in self.chain() {
            match c.raw.overrides.get(at) {
                Some(o) => return Some((c, o, at)),
                None => at -= c.raw.overrides.len(),
            }
        }
        None
    }
}

fn all_selectors(raw: &RawConfig) -> impl Iterator<Item = &Spanned<String>> {
    raw.select
        .iter()
        .flatten()
        .chain(&raw.ignore)
        .chain(raw.severity.keys())
        .chain(raw.overrides.iter().flat_map(|o| o.select.iter().chain(&o.ignore).chain(o.severity.keys())))
}

/// An absolute path with `.` and `..` removed lexically (symlinks are left alone).
pub fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|c| c.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How config files are found.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Walk up from each file; the nearest config wins.
    Discover,
    /// One file for everything (`--config`).
    Fixed(PathBuf),
    /// No config file at all (`--isolated`).
    Isolated,
}

/// What applies to one linted file.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub config: Option<Arc<Config>>,
    /// Indices of the matching `[[overrides]]`.
    pub overrides: Vec<usize>,
    pub excluded: bool,
}

impl FileSettings {
    /// Files with the same key share one compiled profile.
    pub fn key(&self) -> (Option<String>, Vec<usize>) {
        (self.config.as_ref().map(|c| c.dir.join(&c.name).display().to_string()), self.overrides.clone())
    }
}

/// Finds and caches config files per folder.
pub struct Resolver {
    mode: Mode,
    fixed: Option<Arc<Config>>,
    /// The working folder, read once: a corpus of thousands of files asked it per file.
    cwd: Option<PathBuf>,
    /// Folder → nearest config at or above it.
    dirs: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Resolver {
    pub fn new(mode: Mode) -> Result<Resolver, Vec<ConfigError>> {
        let fixed = match &mode {
            Mode::Fixed(p) => Some(Arc::new(Config::read(p)?)),
            _ => None,
        };
        let cwd = std::env::current_dir().ok();
        Ok(Resolver { mode, fixed, cwd, dirs: HashMap::new() })
    }

    /// The settings for a file (or for a folder, when `path` is one).
    pub fn for_path(&mut self, path: &Path) -> Result<FileSettings, Vec<ConfigError>> {
        let abs = self.absolute(path);
        let is_dir = abs.is_dir();
        self.resolve(abs, is_dir)
    }

    /// The settings for a path known not to be a folder (a file the walk found, or one named
    /// on the command line): no `stat` of it.
    pub fn for_file(&mut self, path: &Path) -> Result<FileSettings, Vec<ConfigError>> {
        let abs = self.absolute(path);
        self.resolve(abs, false)
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        match &self.cwd {
            Some(cwd) if path.is_relative() => absolute(&cwd.join(path)),
            _ => absolute(path),
        }
    }

    fn resolve(&mut self, abs: PathBuf, is_dir: bool) -> Result<FileSettings, Vec<ConfigError>> {
        let config = match &self.mode {
            Mode::Isolated => None,
            Mode::Fixed(_) => self.fixed.clone(),
            Mode::Discover => {
                let start = if is_dir { abs.clone() } else { abs.parent().map(Path::to_path_buf).unwrap_or_default() };
                self.discover(&start)?
            }
        };
        Ok(match config {
            None => FileSettings { config: None, overrides: Vec::new(), excluded: false },
            Some(c) => {
                FileSettings { excluded: c.is_excluded(&abs), overrides: c.matching_overrides(&abs), config: Some(c) }
            }
        })
    }

    fn discover(&mut self, start: &Path) -> Result<Option<Arc<Config>>, Vec<ConfigError>> {
        let mut visited = Vec::new();
        let mut found = None;
        for dir in start.ancestors() {
            if let Some(c) = self.dirs.get(dir) {
                found = c.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            if let Some(p) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) {
                let shown = pathdiff(&p);
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    vec![ConfigError {
                        name: shown.clone(),
                        text: String::new(),
                        span: None,
                        message: format!("cannot read config file {shown}: {e}"),
                        label: String::new(),
                    }]
                })?;
                found = Some(Arc::new(Config::parse(&shown, &p, text)?));
                break;
            }
        }
        for d in visited {
            self.dirs.insert(d, found.clone());
        }
        Ok(found)
    }
}

/// A path shown relative to the current folder when it is under it.
fn pathdiff(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|c| p.strip_prefix(c).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
        .display()
        .to_string()
}

/// Options from the command line that sit on top of the config files.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    pub rules: Vec<PathBuf>,
    pub no_default_rules: bool,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
    /// Load the default rules without descriptions and examples (nothing will show them).
    pub lean_default_rules: bool,
}

/// Words and names that are never typos: a typo finding inside one of them is dropped.
#[derive(Debug, Default)]
pub struct Accept {
    pub entries: Vec<String>,
    regex: Option<Regex>,
}

impl Accept {
    /// An entry in lower case matches in any case; one with capitals matches exactly.
    pub fn new(entries: Vec<String>) -> Accept {
        let mut entries: Vec<String> =
            entries.into_iter().map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
        entries.sort();
        entries.dedup();
        // Longest first, so `World News` wins over `World` when both are accepted.
        let mut ordered: Vec<&String> = entries.iter().collect();
        ordered.sort_by_key(|e| std::cmp::Reverse(e.len()));
        let alts: Vec<String> = ordered
            .iter()
            .map(|e| {
                let esc = regex::escape(e);
                if e.chars().any(char::is_uppercase) {
                    esc
                } else {
                    format!("(?i:{esc})")
                }
            })
            .collect();
        let regex = (!alts.is_empty()).then(|| Regex::new(&alts.join("|")).ok()).flatten();
        Accept { entries, regex }
    }

    /// True when `span` of `text` lies inside an accepted word or name standing on word boundaries.
    pub fn covers(&self, text: &str, span: &Range<usize>) -> bool {
        let Some(re) = &self.regex else { return false };
        // Search the line around the span: names do not cross lines.
        let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i);
        let line = &text[start..end];
        let mut at = 0;
        while at <= line.len() {
            let Some(m) = re.find_at(line, at) else { break };
            let (ms, me) = (start + m.start(), start + m.end());
            if ms <= span.start && span.end <= me && crate::checks::on_word_boundary(text, &(ms..me)) {
                return true;
            }
            if ms > span.start {
                break;
            }
            // Overlapping candidates: retry one character later.
            at = m.start() + line[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        false
    }
}

/// Everything that applies to a group of files: the compiled rules with their switches,
/// severities and the accept-list.
pub struct Profile {
    pub engine: Engine,
    pub accept: Accept,
    pub fail_on: Severity,
    /// Severity forced by configuration, per rule id (wins over a finding's own severity).
    pub severity: HashMap<String, Severity>,
    /// Whether each synthetic rule (see [`SYNTHETIC_RULES`]) is reported.
    pub synthetic: HashMap<&'static str, bool>,
    /// The config file, when one applies.
    pub config: Option<Arc<Config>>,
    pub overrides: Vec<usize>,
    /// Rule files loaded (names), for `newslint config`.
    pub sources: Vec<String>,
}

/// What a layer of selectors does to the rules it names (see [`Profile::build`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Turn {
    /// `select`: these rules run and no others.
    Only,
    On,
    Off,
}

/// Why a profile could not be built.
pub enum ProfileError {
    Config(Vec<ConfigError>),
    Rules(Vec<RuleSource>, Vec<RuleError>),
    Io(String),
}

impl Profile {
    pub fn build(settings: &FileSettings, cli: &CliOverrides) -> Result<Profile, ProfileError> {
        let cfg = settings.config.as_deref();
        // The files of the `extend` chain, the one applied first first: a later file's
        // setting wins, and lists add up.
        let chain = cfg.map(Config::chain).unwrap_or_default();
        let default_rules =
            !cli.no_default_rules && chain.iter().rev().find_map(|c| c.raw.default_rules).unwrap_or(true);
        let mut sources = match (default_rules, cli.lean_default_rules) {
            (false, _) => Vec::new(),
            (true, false) => RuleSource::embedded(),
            (true, true) => RuleSource::embedded_lean(),
        };
        // A rule file two files of the chain both name is loaded once.
        let mut rule_files = Vec::new();
        for c in &chain {
            for r in &c.raw.rules {
                let abs = absolute(&c.dir.join(r.get_ref()));
                if rule_files.contains(&abs) {
                    continue;
                }
                match RuleSource::read(Path::new(&pathdiff(&abs))) {
                    Ok(mut s) => sources.append(&mut s),
                    Err(e) => return Err(ProfileError::Config(vec![c.error(r.span(), e, "cannot read this")])),
                }
                rule_files.push(abs);
            }
        }
        for p in &cli.rules {
            sources.append(&mut RuleSource::read(p).map_err(ProfileError::Io)?);
        }
        crate::rules::drop_repeated(&mut sources);
        let mut engine = match Engine::load(&sources) {
            Ok(e) => e,
            Err(errors) if default_rules && cli.lean_default_rules => {
                // An error that points into a default rule file ("first defined here") must
                // point into its real text, not into the lean copy without documentation.
                let lean = sources.iter().filter(|s| s.is_embedded()).count();
                let full: Vec<RuleSource> =
                    RuleSource::embedded().into_iter().chain(sources[lean..].iter().cloned()).collect();
                return Err(match Engine::load(&full) {
                    Err(full_errors) => ProfileError::Rules(full, full_errors),
                    Ok(_) => ProfileError::Rules(sources, errors),
                });
            }
            Err(errors) => return Err(ProfileError::Rules(sources, errors)),
        };
        let ids: Vec<(String, String)> = engine
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.category.clone()))
            .chain(SYNTHETIC_RULES.iter().map(|(id, cat, _, _)| (id.to_string(), cat.to_string())))
            .collect();
        // Every selector in the config must name at least one rule: a typo in a rule id
        // would otherwise silently select or ignore nothing.
        let compile = |s: &str| Selector::parse(s).ok();
        let mut errors = Vec::new();
        for c in &chain {
            // A base's selector is checked against the rules its extender loads (which may
            // drop the default ones): say so, or the error in the base would not add up.
            let loaded = match chain.last() {
                Some(last) if !std::ptr::eq(*last, *c) => format!(" loaded for {}", last.name),
                _ => String::new(),
            };
            for sel in all_selectors(&c.raw) {
                if let Some(x) = compile(sel.get_ref()) {
                    if !ids.iter().any(|(id, cat)| x.matches(id, cat)) {
                        errors.push(c.error(
                            sel.span(),
                            format!("`{}` matches no rule{loaded}; `newslint rules` lists them", sel.get_ref()),
                            "no such rule, category or glob",
                        ));
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(ProfileError::Config(errors));
        }
        let cli_sel = |list: &[String]| -> Result<Vec<Selector>, ProfileError> {
            list.iter()
                .map(|s| {
                    let x = Selector::parse(s).map_err(|e| ProfileError::Io(format!("`{s}`: {e}")))?;
                    if ids.iter().any(|(id, cat)| x.matches(id, cat)) {
                        Ok(x)
                    } else {
                        Err(ProfileError::Io(format!("`{s}` matches no rule; `newslint rules` lists them")))
                    }
                })
                .collect()
        };
        let spanned = |list: &[Spanned<String>]| list.iter().filter_map(|s| compile(s.get_ref())).collect::<Vec<_>>();
        // The layers apply in order: the top-level keys of each file of the chain, then the
        // matching overrides of each (per-file settings come last, as ruff's per-file-ignores
        // do), then `--ignore`.
        let select: Option<Vec<Selector>> = cli.select.as_ref().map(|s| cli_sel(s)).transpose()?;
        let mut layers: Vec<(Vec<Selector>, Turn)> = Vec::new();
        let mut severity_layers: Vec<(Selector, Severity)> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        // `--select` runs exactly the rules it names, as ruff's does (the highest-priority
        // select starts the resolution): no file's `select` or `ignore`, and no override's
        // `select`, applies; an override's `ignore` still does, as ruff's per-file-ignores.
        let exact = cli.select.is_some();
        for c in &chain {
            if let (Some(s), false) = (&c.raw.select, exact) {
                layers.push((spanned(s), Turn::Only));
            }
            if !exact {
                layers.push((spanned(&c.raw.ignore), Turn::Off));
            }
            severity_layers.extend(by_specificity(&c.raw.severity));
            accept.extend(c.raw.accept.iter().cloned());
        }
        // Global indices along the chain, in chain order (see `Config::matching_overrides`).
        for ov in settings.overrides.iter().filter_map(|&o| cfg.and_then(|c| c.override_at(o))).map(|(_, ov, _)| ov) {
            if !exact {
                layers.push((spanned(&ov.select), Turn::On));
            }
            layers.push((spanned(&ov.ignore), Turn::Off));
            severity_layers.extend(by_specificity(&ov.severity));
            accept.extend(ov.accept.iter().cloned());
        }
        layers.push((cli_sel(&cli.ignore)?, Turn::Off));
        let on = |id: &str, cat: &str| {
            let mut on = select.as_ref().is_none_or(|s| s.iter().any(|x| x.matches(id, cat)));
            for (sels, turn) in &layers {
                let hit = sels.iter().any(|x| x.matches(id, cat));
                match turn {
                    Turn::Only => on = hit,
                    Turn::On | Turn::Off if hit => on = *turn == Turn::On,
                    _ => {}
                }
            }
            on
        };
        let sev = |id: &str, cat: &str| {
            severity_layers.iter().filter(|(s, _)| s.matches(id, cat)).map(|(_, v)| *v).next_back()
        };
        let mut severity = HashMap::new();
        for i in 0..engine.rules.len() {
            let (id, cat) = (engine.rules[i].id.clone(), engine.rules[i].category.clone());
            if engine.enabled[i] {
                engine.enabled[i] = on(&id, &cat);
            }
            if let Some(s) = sev(&id, &cat) {
                engine.set_severity(i, s);
                severity.insert(id, s);
            }
        }
        let mut synthetic = HashMap::new();
        for (id, cat, _, _) in SYNTHETIC_RULES {
            synthetic.insert(*id, on(id, cat));
            if let Some(s) = sev(id, cat) {
                severity.insert(id.to_string(), s);
            }
        }
        let fail_on = cli.fail_on.or(chain.iter().rev().find_map(|c| c.raw.fail_on)).unwrap_or(Severity::Warning);
        Ok(Profile {
            engine,
            accept: Accept::new(accept),
            fail_on,
            severity,
            synthetic,
            config: settings.config.clone(),
            overrides: settings.overrides.clone(),
            sources: sources.iter().map(|s| s.name.clone()).collect(),
        })
    }

    /// True when the rule (loaded or synthetic) is known to this profile.
    pub fn knows(&self, selector: &Selector) -> bool {
        self.engine.rules.iter().any(|r| selector.matches(&r.id, &r.category))
            || SYNTHETIC_RULES.iter().any(|(id, cat, _, _)| selector.matches(id, cat))
    }

    /// The resolved settings as TOML-like text, for `newslint config`.
    pub fn describe(&self, path: &Path, excluded: bool) -> String {
        let mut s = String::new();
        s.push_str(&format!("# settings for {}\n", path.display()));
        match &self.config {
            Some(c) => s.push_str(&format!("config = {:?}\n", c.name)),
            None => s.push_str("config = false  # no config file applies\n"),
        }
        if let Some(c) = &self.config {
            let chain = c.chain();
            if chain.len() > 1 {
                let bases: Vec<&str> = chain[..chain.len() - 1].iter().rev().map(|b| b.name.as_str()).collect();
                s.push_str(&format!("# extends {}\n", bases.join(", which extends ")));
            }
            for (from, o, n) in self.overrides.iter().filter_map(|&o| c.override_at(o)) {
                let files: Vec<&str> = o.files.iter().map(|f| f.get_ref().as_str()).collect();
                let of = if std::ptr::eq(from, c.as_ref()) { String::new() } else { format!(" of {}", from.name) };
                s.push_str(&format!("# applies [[overrides]] #{}{of} (files = {:?})\n", n + 1, files));
            }
        }
        s.push_str(&format!("excluded = {excluded}\n"));
        s.push_str(&format!("fail-on = {:?}\n", self.fail_on.as_str()));
        s.push_str(&format!("rule-files = {:?}\n", self.sources));
        s.push_str(&format!("accept = {:?}\n", self.accept.entries));
        s.push_str("\n[rules]  # id = severity, or \"off\"\n");
        let mut line = |id: &str, on: bool, sev: Severity| {
            let value = if on { sev.as_str() } else { "off" };
            s.push_str(&format!("{id:?} = {value:?}\n"));
        };
        for (i, r) in self.engine.rules.iter().enumerate() {
            line(&r.id, self.engine.enabled[i], self.severity.get(&r.id).copied().unwrap_or(r.severity));
        }
        for (id, _, sev, _) in SYNTHETIC_RULES {
            line(id, self.synthetic[id], self.severity.get(*id).copied().unwrap_or(*sev));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_match_ids_categories_and_globs() {
        let id = Selector::parse("typo/misspelling").unwrap();
        let cat = Selector::parse("typo").unwrap();
        let glob = Selector::parse("typo/*").unwrap();
        assert!(id.matches("typo/misspelling", "typo"));
        assert!(!id.matches("typo/misspellings", "typo"));
        assert!(cat.matches("typo/x", "typo") && !cat.matches("spam/x", "spam"));
        assert!(glob.matches("typo/x", "typo") && !glob.matches("spam/typo", "spam"));
        assert!(Selector::parse("typo/[").is_err());
    }

    #[test]
    fn path_globs_are_gitignore_like() {
        let g = PathGlob::new("archive").unwrap();
        assert!(g.is_match(Path::new("archive/2020/a.md")));
        assert!(g.is_match(Path::new("x/archive/a.md")));
        assert!(!g.is_match(Path::new("archived/a.md")));
        let g = PathGlob::new("drafts/*.md").unwrap();
        assert!(g.is_match(Path::new("drafts/a.md")));
        assert!(!g.is_match(Path::new("x/drafts/a.md")));
        let g = PathGlob::new("*.draft.md").unwrap();
        assert!(g.is_match(Path::new("deep/in/a.draft.md")));
    }

    #[test]
    fn accept_covers_names_in_their_case() {
        let a = Accept::new(vec!["NewsNow".into(), "teh".into()]);
        let text = "Read NewsNow daily. Teh end. newsnow is not it.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            i..i + s.len()
        };
        assert!(a.covers(text, &at("NewsNow")));
        assert!(a.covers(text, &at("sNo")), "a part of an accepted name is covered");
        assert!(a.covers(text, &at("Teh")), "a lower-case entry matches any case");
        assert!(!a.covers(text, &at("newsnow")), "an entry with capitals matches exactly");
        assert!(!a.covers(text, &at("daily")));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_span() {
        let text = "select = [\"typo\"]\nignroe = [\"spam\"]\n".to_string();
        let e = Config::parse("newslint.toml", Path::new("/newslint.toml"), text.clone()).unwrap_err();
        let span = e[0].span.clone().unwrap();
        assert_eq!(&text[span], "ignroe");
        assert!(e[0].message.contains("unknown field `ignroe`"), "{}", e[0].message);
    }
}
