//! The TOML rule format. Externally tagged enums and `Spanned` values keep the byte spans
//! that loading errors point at (internal tagging and `flatten` would lose them).

use super::spanned::Spanned;
use crate::diagnostic::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `category/name`.
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub severity: Severity,
    /// Shown on the diagnostic line; `{match}` and `{suggestion}` are filled in.
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    /// Longer text printed by `newslint explain`.
    #[serde(default)]
    pub description: Option<String>,
    pub check: Check,
    /// Block kinds the rule looks in; all when absent.
    #[serde(default)]
    pub scope: Option<Vec<ScopeKind>>,
    #[serde(default)]
    pub position: Position,
    #[serde(default)]
    pub exceptions: Exceptions,
    #[serde(default)]
    pub fix: FixPolicy,
    /// The language a document must be in for the rule to run; every language when absent.
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub examples: Examples,
}

/// Languages a rule can be limited to. Word lists of English misspellings and English proper
/// nouns misfire on other languages ("muslim" is correct lower-case Indonesian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Language {
    /// English, judged by the share of English function words (see `prose::looks_english`).
    #[serde(rename = "en")]
    English,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Heading,
    Paragraph,
    ListItem,
}

/// Where in its block a match must sit to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    #[default]
    Any,
    /// The match starts the block's content.
    BlockStart,
    /// The match is the whole block (trailing punctuation aside).
    WholeBlock,
    /// The match starts a sentence.
    SentenceStart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FixPolicy {
    #[default]
    None,
    Safe,
    Unsafe,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exceptions {
    /// Matched texts (case-insensitive) that are never reported.
    #[serde(default)]
    pub words: Vec<String>,
    /// Regexes over the sentence holding the match; any hit silences the match.
    #[serde(default)]
    pub context: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts on which the rule must report at least once.
    #[serde(default)]
    pub fire: Vec<String>,
    /// Near-misses on which the rule must stay silent.
    #[serde(default)]
    pub pass: Vec<String>,
}

/// The kind of check, with its parameters: `[rule.check.phrase]`, `[rule.check.pattern]`, ...
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Phrase(PhraseSpec),
    Pattern(PatternSpec),
    Line(LineSpec),
    Dictionary(DictionarySpec),
    Repetition(RepetitionSpec),
    Attribution(AttributionSpec),
    Density(DensitySpec),
    Builtin(BuiltinSpec),
}

impl Check {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Check::Phrase(_) => "phrase",
            Check::Pattern(_) => "pattern",
            Check::Line(_) => "line",
            Check::Dictionary(_) => "dictionary",
            Check::Repetition(_) => "repetition",
            Check::Attribution(_) => "attribution",
            Check::Density(_) => "density",
            Check::Builtin(_) => "builtin",
        }
    }
}

/// Literal phrases on word boundaries, ASCII case-insensitive unless asked.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseSpec {
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Phrase → suggested replacement.
    #[serde(default)]
    pub replacements: BTreeMap<String, String>,
    #[serde(default)]
    pub case_sensitive: bool,
    /// Require word boundaries around the match; off for debris inside words (mojibake).
    #[serde(default = "yes")]
    pub word_boundaries: bool,
}

/// A regular expression (Rust `regex` syntax).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    pub regex: Spanned<String>,
    #[serde(default = "yes")]
    pub case_sensitive: bool,
    /// Name of the capture group that is the reported span (default: the whole match).
    #[serde(default)]
    pub group: Option<String>,
    /// Replacement template (`$1`, `${name}`), which makes the fix.
    #[serde(default)]
    pub suggestion: Option<String>,
}

/// A whole line (block) that matches, such as "Source link" or "57 views".
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LineSpec {
    /// Must match the whole block content (anchors are added).
    #[serde(default)]
    pub regex: Option<Spanned<String>>,
    /// Whole-line phrases, compared case-insensitively after trimming punctuation.
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub case_sensitive: bool,
    /// Lines with more words never match.
    #[serde(default)]
    pub max_words: Option<usize>,
    /// Consecutive matching lines (blank lines between allowed) become one finding.
    #[serde(default)]
    pub merge_runs: bool,
    /// A run must have at least this many lines to be reported.
    #[serde(default = "one")]
    pub min_run: usize,
}

/// Word-token lookup: wrong → right (several suggestions comma-separated).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DictionarySpec {
    #[serde(default)]
    pub entries: BTreeMap<String, String>,
    /// Set by the build for the default rules: the entries live in a compiled perfect-hash
    /// map (index into the embedded dictionaries) instead of `entries`.
    #[serde(default)]
    pub embedded: Option<Spanned<usize>>,
    /// When false, tokens are lower-cased for lookup and suggestions follow the token's case.
    #[serde(default)]
    pub case_sensitive: bool,
}

/// Repeated text. Each default is a measured figure; see rules/duplicate.toml and
/// the README (Duplicated text) for the measurements.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RepetitionSpec {
    /// Which repeats this rule reports.
    pub unit: RepetitionUnit,
    /// Blocks (sentences for `sentence`) with fewer words are not compared.
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    /// Headings with fewer words are not reported as exact repeats (`block`).
    #[serde(default = "four")]
    pub heading_min_words: usize,
    /// Similarity at or above which two blocks count as copies: shingle Jaccard for
    /// `near_block`, weighted content-word Dice for `reworded_block`, either for `section`.
    #[serde(default = "one_f")]
    pub threshold: f64,
    /// Shingle size in words for near-duplicate comparison.
    #[serde(default = "three")]
    pub shingle: usize,
    /// Matched block pairs a section needs.
    #[serde(default = "three")]
    pub min_blocks: usize,
    /// Unmatched blocks allowed between two matched blocks of a section, on each side.
    #[serde(default = "two")]
    pub max_gap: usize,
    /// Share of the words of each copy of a section that must sit in matched blocks.
    #[serde(default = "default_coverage")]
    pub min_coverage: f64,
    /// A reworded copy keeps roughly the length: shorter words over longer words at least this.
    #[serde(default)]
    pub min_length_ratio: f64,
    /// Text printed this many times or more is a refrain of the layout, not a copy.
    #[serde(default = "three")]
    pub refrain: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepetitionUnit {
    /// The first line printed again.
    Headline,
    /// The same normalised block again (heading, paragraph).
    Block,
    /// The same long sentence again inside different paragraphs.
    Sentence,
    /// A lightly edited copy of a paragraph (word-shingle overlap).
    NearBlock,
    /// A reworded copy (content-word overlap with shared names and numbers).
    RewordedBlock,
    /// A run of blocks that matches an earlier run in order.
    Section,
}

/// Claims with a cue and no named source in the same sentence. See the README (Unattributed claims).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionSpec {
    /// Cue phrases (word boundaries, ASCII case-insensitive).
    #[serde(default)]
    pub cues: Vec<String>,
    /// Cue regexes (case-insensitive). A group named `cue` is the reported span (the rest is
    /// context); a group named `who` is the source the message names.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Plural sources that make a claim with one of `verbs` ("analysts say", "many experts
    /// believe", "analysts at X who ... said").
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Singular sources, counted only after "a", "an", "one" ("a legal expert said").
    #[serde(default)]
    pub singular: Vec<String>,
    /// Claim verbs that follow a subject.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Words that put the verb before the subject ("say experts", "according to a study").
    #[serde(default)]
    pub inverted: Vec<String>,
    /// Where a named person or organisation must be to attribute the claim.
    #[serde(default)]
    pub named: NamedScope,
    /// Whether a cue inside a direct quotation with a speaker is the speaker's words, not a claim.
    #[serde(default = "yes")]
    pub exempt_quotes: bool,
    /// Whether a link (Markdown, HTML or a bare URL) in the sentence attributes the claim.
    #[serde(default = "yes")]
    pub exempt_links: bool,
    /// Words that, right before the source, point back to one already introduced ("the
    /// analysts") or identify its organisation ("police officials").
    #[serde(default)]
    pub skip_after: Vec<String>,
    /// Anonymous sourcing: the rule's severity when the source is described; warning when it is
    /// not described, or when the sentence speculates and gives no reason for anonymity.
    #[serde(default)]
    pub anonymous: Option<AnonymousSpec>,
}

/// Where a named source counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NamedScope {
    /// Tied to the cue: "Goldman Sachs analysts", "analysts at X", "experts like X", "by X".
    #[default]
    Attached,
    /// Anywhere in the sentence as the agent of a report: "X reported", "according to X".
    Sentence,
    /// A name never attributes the claim (anonymous sources stay anonymous).
    Never,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnonymousSpec {
    /// Phrases that give a reason for anonymity ("not authorized to speak").
    pub reasons: Vec<String>,
    /// Words that make a sentence speculate ("could", "likely", "expected to"), matched as
    /// written so the month "May" is not "may".
    pub speculation: Vec<String>,
}

/// A document-level finding when another rule fires often.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DensitySpec {
    /// The rule id whose findings are counted.
    pub of: Spanned<String>,
    pub min_count: usize,
    #[serde(default = "thousand")]
    pub per_words: usize,
    /// Findings per `per_words` words at or above which the document is reported.
    pub min_rate: f64,
}

/// A check written in Rust, configured by name.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinSpec {
    pub name: Spanned<String>,
    #[serde(default)]
    pub params: Params,
}

/// A builtin's `params`, read by the builtin with its own schema. A TOML table in the rule
/// file; in the stored parse of the default rules (a binary format, which cannot carry a
/// self-describing value) the same table as JSON text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Params(pub toml::Table);

impl std::ops::Deref for Params {
    type Target = toml::Table;

    fn deref(&self) -> &toml::Table {
        &self.0
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            self.0.serialize(serializer)
        } else {
            let json = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
            serializer.serialize_str(&json)
        }
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            toml::Table::deserialize(deserializer).map(Params)
        } else {
            let json = <&str>::deserialize(deserializer)?;
            serde_json::from_str(json).map(Params).map_err(serde::de::Error::custom)
        }
    }
}

fn yes() -> bool {
    true
}
fn one() -> usize {
    1
}
fn two() -> usize {
    2
}
fn three() -> usize {
    3
}
fn four() -> usize {
    4
}
fn default_coverage() -> f64 {
    0.6
}
fn one_f() -> f64 {
    1.0
}
fn thousand() -> usize {
    1000
}
fn default_min_words() -> usize {
    8
}
