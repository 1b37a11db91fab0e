//! Claims with a vague or missing source: a cue ("analysts suggest", "reports indicate",
//! "reportedly", "a source familiar with", "many nations") with no named person or
//! organisation attached to it in the same sentence, no link, and not inside a quotation
//! that has its speaker. The cue families are data (rules/attribution.toml); this file finds
//! them and decides what attributes them. Measured in the README (Unattributed claims).

mod context;
mod names;
mod quotes;
mod scan;

pub use scan::{Scanner, Words};

use super::literals::{boundary_missing, checkable_bounds};
use super::repetition::index::MixMap;
use super::{on_word_boundary, Check, Hit};
use crate::diagnostic::Severity;
use crate::document::{Document, Span};
use crate::rules::compiled::RuleRegex;
use crate::rules::schema::{AttributionSpec, NamedScope};
use crate::rules::REGEX_SIZE_LIMIT;
use std::sync::OnceLock;

/// How a cue was found, which decides what counts as its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A literal cue or a rule regex: it describes itself ("people familiar with the matter").
    Cue,
    /// A subject before its verb ("analysts say", "U.S. officials said").
    Forward,
    /// A verb before its subject ("say experts", "according to a study").
    Inverted,
}

struct Found {
    span: Span,
    form: Form,
    /// The source word ("analysts"), when the cue has one.
    who: Option<Span>,
    singular: bool,
}

/// A word to scan for, with the word boundaries the regex puts before and after it.
type Word = (String, (bool, bool));
/// A regex's required sets: a sentence it can match in holds a word of each.
type WordSets = Vec<Vec<Word>>;
/// Per (regex, sentence): bits for the sets with a word there. Keyed by two small numbers,
/// asked of every clause word of every document: the repetition hashes' multiply-rotate step
/// ([`MixMap`], the Fx hash) instead of SipHash, whose flood resistance no key here needs.
type SetHits = MixMap<(usize, usize), u8>;

/// One literal of one of a regex's required sets.
pub struct ClauseWord {
    word: String,
    regex: usize,
    clause: u8,
    /// A word boundary the regex puts right before / after the word: a hit inside a longer
    /// word does not count.
    bounded: (bool, bool),
}

/// Most sets a regex is gated on, and the shortest word worth scanning for (shorter ones are
/// in nearly every sentence).
const MAX_SETS: usize = 3;
const MIN_WORD: usize = 3;

/// The literal sets every match of `pattern` holds a word of each, as scanner words:
/// found ASCII-case-insensitively, so only sets whose words are text of [`MIN_WORD`] bytes
/// or more; `None` when there is no such set.
fn word_sets(pattern: &str) -> Option<WordSets> {
    let sets: WordSets = crate::checks::literals::clauses(pattern)?
        .into_iter()
        .filter_map(|set| {
            set.into_iter()
                .map(|l| {
                    let bounded = checkable_bounds(&l.bytes, l.bounded);
                    String::from_utf8(l.bytes).ok().filter(|w| w.len() >= MIN_WORD).map(|w| (w, bounded))
                })
                .collect::<Option<Vec<_>>>()
        })
        .take(MAX_SETS)
        .collect();
    (!sets.is_empty()).then_some(sets)
}

/// The first word of each phrase of a word list, with word boundaries on both sides: the
/// subject-verb regexes put `\b` or whitespace around every phrase and between its words.
fn first_words(list: &[String]) -> Vec<Word> {
    let mut out: Vec<Word> = list
        .iter()
        .map(|p| {
            let w = p.split_whitespace().next().unwrap_or_default().to_string();
            let bounded = checkable_bounds(w.as_bytes(), (true, true));
            (w, bounded)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

struct Anonymity {
    reasons: LazyRegex,
    speculation: LazyRegex,
}

/// A regex compiled on first use. Most documents reach few of a rule's regexes, and compiling
/// them is most of the check's start-up; the pattern text is built (cheaply) up front.
struct LazyRegex {
    regex: RuleRegex,
    compiles: OnceLock<bool>,
}

impl LazyRegex {
    fn new(source: String) -> Self {
        LazyRegex { regex: RuleRegex::new(source, REGEX_SIZE_LIMIT), compiles: OnceLock::new() }
    }

    /// The regex, or `None` when it exceeds the size limit (the rule then finds nothing
    /// through it; the syntax was checked when the rule loaded).
    fn get(&self) -> Option<&RuleRegex> {
        let compiles = *self.compiles.get_or_init(|| {
            let ok = self.regex.compiles();
            if !ok {
                eprintln!("newslint: an attribution regex is too big to compile and is skipped");
            }
            ok
        });
        compiles.then_some(&self.regex)
    }
}

pub struct AttributionCheck {
    /// Literal cues ("reportedly"), found ASCII-case-insensitively, leftmost-longest.
    cue_words: Vec<String>,
    patterns: Vec<LazyRegex>,
    /// Words the regexes need, in sets ("believed|thought", "to"): a regex runs only on the
    /// sentences holding a word of each of its sets. Regexes are numbered `patterns`, then
    /// `forward`, then `inverted`.
    clause_words: Vec<ClauseWord>,
    /// Per regex, how many sets it needs (0: none found, the regex is never skipped).
    clause_count: Vec<u8>,
    /// Patterns with no usable word, run over the whole text.
    untriggered: Vec<usize>,
    /// Subject-verb regexes built from `subjects`, `singular`, `verbs` and `inverted`.
    forward: Vec<LazyRegex>,
    inverted: Option<LazyRegex>,
    /// The subject words: the subject regexes run only on sentences holding one (every
    /// forward or inverted match contains one).
    anchor_words: Vec<String>,
    /// The words of this rule alone, for [`Check::run`] outside an engine (which scans once
    /// for all its attribution rules).
    own: OnceLock<Result<Scanner, String>>,
    named: NamedScope,
    exempt_quotes: bool,
    exempt_links: bool,
    skip_after: Vec<String>,
    /// The `inverted` words, lower-cased, split into words.
    inverted_words: Vec<String>,
    anonymous: Option<Anonymity>,
}

/// An ASCII word boundary: a Unicode `\b` stops the fast DFA on text with curly quotes, and
/// every cue word is ASCII.
const B: &str = r"(?-u:\b)";

/// Determiners and adjectives that belong to a vague source ("some", "many", "recent").
const QUANTIFIERS: &str = r"(?:(?:some|many|most|several|other|few|numerous|multiple|various|recent|new|earlier|previous|initial|preliminary|unconfirmed|independent|leading|top|outside|prominent|local|media|press|news|existing|current|past)\s+){0,2}";

/// Words allowed between a subject and its verb ("analysts have long said").
const AUXILIARIES: &str = r"(?:,?\s*(?:however|though|meanwhile|too),?)?(?:\s+(?:have|has|had|also|now|still|generally|widely|often|increasingly|already|largely|mostly|further|even|long|privately|publicly|repeatedly|broadly|mainly|all|both|seem\s+to|appear\s+to|tend\s+to|would|will|may|might|could|do|did|does|are|were|is|was|not|always|never|consistently|recently|previously))*";

// Word classes are written `(?-i:...)`: they are closed under case folding already, and
// folding a Unicode class again under `(?i)` was a sixth of compiling these regexes.

/// A clause between subject and verb: "at Capital Economics", "like Ilya Grashchenkov",
/// "who have done the calculations", "and sources in the camp".
const CLAUSE: &str = r"(?:\s+(?:and|or)\s+(?:(?-i:[\w-])+\s+){0,2}?(?-i:[\w-])+s)?(?:,?\s+(?:like|such\s+as|including|at|from|with|in|into|of|for|on|polled\s+by|surveyed\s+by|interviewed\s+by|who|that)\s+[^,.;:!?“”\x22()]{1,60}?,?)?";

/// The words, longest first, escaped (what `regex::escape` escapes) with each space as `\s+`,
/// written straight into one string: a string or two per word cost 6% of loading the rules.
fn alternation(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = String::with_capacity(words.iter().map(|s| s.len() + 4).sum());
    for (i, s) in w.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        for c in s.trim().chars() {
            if c == ' ' {
                out.push_str(r"\s+");
                continue;
            }
            if regex_syntax::is_meta_character(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn phrase_regex(words: &[String], case_sensitive: bool) -> LazyRegex {
    if words.is_empty() {
        return LazyRegex::new(r"[^\s\S]".into());
    }
    let flag = if case_sensitive { "" } else { "(?i)" };
    LazyRegex::new(format!(r"{flag}{B}(?:{}){B}", alternation(words)))
}

impl AttributionCheck {
    /// Builds the check from its spec and its `patterns` (regex text, syntax already checked).
    /// Nothing is compiled here: the words are found by a [`Scanner`] and the regexes are
    /// compiled on first use.
    pub fn new(spec: &AttributionSpec, patterns: Vec<String>) -> Result<Self, String> {
        let mut cue_words: Vec<String> = Vec::new();
        for c in &spec.cues {
            cue_words.push(c.to_string());
            if c.contains('\'') {
                cue_words.push(c.replace('\'', "’"));
            }
        }
        let mut forward = Vec::new();
        if !spec.verbs.is_empty() {
            let verbs = alternation(&spec.verbs);
            if !spec.subjects.is_empty() {
                let subj = alternation(&spec.subjects);
                forward.push(LazyRegex::new(format!(
                    r"(?i){B}{QUANTIFIERS}(?P<who>{subj}){B}{CLAUSE}{AUXILIARIES}\s+(?:{verbs}){B}"
                )));
            }
            if !spec.singular.is_empty() {
                let sing = alternation(&spec.singular);
                forward.push(LazyRegex::new(format!(
                    r"(?i){B}(?:an?|one|another)\s+(?:(?-i:[\w.'’-])+\s+){{0,3}}?(?P<one>{sing}){B}{CLAUSE}{AUXILIARIES}\s+(?:{verbs}){B}"
                )));
            }
        }
        let inverted = if spec.inverted.is_empty() || (spec.subjects.is_empty() && spec.singular.is_empty()) {
            None
        } else {
            let inv = alternation(&spec.inverted);
            let mut alts = Vec::new();
            if !spec.subjects.is_empty() {
                alts.push(format!(r"{QUANTIFIERS}(?:(?-i:[\w-])+\s+){{0,2}}?(?P<who>{})", alternation(&spec.subjects)));
            }
            if !spec.singular.is_empty() {
                alts.push(format!(
                    r"(?:an?|one|another)\s+(?:(?-i:[\w.'’-])+\s+){{0,3}}?(?P<one>{})",
                    alternation(&spec.singular)
                ));
            }
            Some(LazyRegex::new(format!(r"(?i){B}(?:{inv})\s+(?:{}){B}", alts.join("|"))))
        };
        let anchor_words: Vec<String> = spec
            .subjects
            .iter()
            .chain(&spec.singular)
            .map(|w| w.split_whitespace().next().unwrap_or(w).to_string())
            .collect();
        let patterns: Vec<LazyRegex> =
            patterns.iter().map(|p| LazyRegex::new(crate::rules::ascii_boundaries(p))).collect();
        // The rule's own regexes are read for their sets; the subject-verb ones are built from
        // word lists, whose first words are their sets (reading those regexes would cost more
        // than all the rest of loading).
        let subjects = first_words(&spec.subjects);
        let singular = first_words(&spec.singular);
        let mut sets: Vec<WordSets> =
            patterns.iter().map(|p| word_sets(p.regex.pattern()).unwrap_or_default()).collect();
        if !spec.verbs.is_empty() {
            let verbs = first_words(&spec.verbs);
            for (list, who) in [(&spec.subjects, &subjects), (&spec.singular, &singular)] {
                if !list.is_empty() {
                    sets.push(vec![who.clone(), verbs.clone()]);
                }
            }
        }
        if inverted.is_some() {
            sets.push(vec![first_words(&spec.inverted), [subjects, singular].concat()]);
        }
        let (mut clause_words, mut clause_count, mut untriggered) = (Vec::new(), Vec::new(), Vec::new());
        for (i, sets) in sets.into_iter().enumerate() {
            // A set with an empty word says nothing: every sentence holds one.
            let sets: Vec<_> = sets.into_iter().filter(|s| s.iter().all(|(w, _)| !w.is_empty())).collect();
            if sets.is_empty() && i < patterns.len() {
                untriggered.push(i);
            }
            clause_count.push(sets.len() as u8);
            for (k, set) in sets.into_iter().enumerate() {
                for (word, bounded) in set {
                    clause_words.push(ClauseWord { word, regex: i, clause: k as u8, bounded });
                }
            }
        }
        let anonymous = spec.anonymous.as_ref().map(|a| Anonymity {
            reasons: phrase_regex(&a.reasons, false),
            speculation: phrase_regex(&a.speculation, true),
        });
        Ok(AttributionCheck {
            cue_words,
            patterns,
            clause_words,
            clause_count,
            untriggered,
            forward,
            inverted,
            anchor_words,
            own: OnceLock::new(),
            named: spec.named,
            exempt_quotes: spec.exempt_quotes,
            exempt_links: spec.exempt_links,
            skip_after: spec.skip_after.iter().map(|s| s.to_lowercase()).collect(),
            inverted_words: spec.inverted.iter().flat_map(|s| s.split_whitespace()).map(|s| s.to_lowercase()).collect(),
            anonymous,
        })
    }

    /// Per (regex, sentence), the sets of the regex with a word in the sentence, in the order
    /// the pairs were first seen.
    fn clause_hits(&self, doc: &Document, words: &Words) -> (SetHits, Vec<(usize, usize)>) {
        let (mut hits, mut order) = (SetHits::default(), Vec::new());
        let bytes = doc.text.as_bytes();
        for (w, m) in &words.clauses {
            let c = &self.clause_words[*w];
            let Some(si) = doc.sentence_at(m.start) else { continue };
            // The regex runs on the sentence alone: its edges are boundaries.
            if boundary_missing(bytes, m.clone(), c.bounded, doc.sentences[si].span.clone()) {
                continue;
            }
            *hits.entry((c.regex, si)).or_insert_with(|| {
                order.push((c.regex, si));
                0
            }) |= 1 << c.clause;
        }
        (hits, order)
    }

    /// May regex `r` match in sentence `si`: does the sentence hold a word of each of its sets?
    fn may_match(&self, hits: &SetHits, r: usize, si: usize) -> bool {
        let n = self.clause_count[r];
        n == 0 || hits.get(&(r, si)).is_some_and(|&m| m.count_ones() == u32::from(n))
    }

    /// (pattern, span to search) pairs: the sentences holding a word of each of a pattern's
    /// sets, and the whole text for a pattern without words.
    fn pattern_work(&self, doc: &Document, hits: &SetHits, order: &[(usize, usize)]) -> Vec<(usize, Span)> {
        let mut work: Vec<(usize, Span)> = self.untriggered.iter().map(|&i| (i, 0..doc.text.len())).collect();
        for &(r, si) in order {
            if r < self.patterns.len() && self.may_match(hits, r, si) {
                work.push((r, doc.sentences[si].span.clone()));
            }
        }
        work
    }

    fn find(&self, doc: &Document, words: &Words) -> Vec<Found> {
        let text = doc.text;
        let mut out = Vec::new();
        for m in &words.cues {
            if on_word_boundary(text, m) {
                out.push(Found { span: m.clone(), form: Form::Cue, who: None, singular: false });
            }
        }
        let (hits, order) = self.clause_hits(doc, words);
        for (i, area) in self.pattern_work(doc, &hits, &order) {
            let Some(re) = self.patterns[i].get() else { continue };
            let at = area.start;
            for c in re.captures_iter(&text[area]) {
                // A group named `cue` is the reported span; the rest of the match is context.
                let m = c.name("cue").or_else(|| c.get(0)).expect("group 0");
                let who = c.name("who").map(|w| w.start() + at..w.end() + at);
                out.push(Found { span: m.start() + at..m.end() + at, form: Form::Cue, who, singular: false });
            }
        }
        let groups = |re: &RuleRegex, form: Form, at: usize, s: &str, out: &mut Vec<Found>| {
            for c in re.captures_iter(s) {
                let m = c.get(0).expect("group 0");
                let shift = |r: std::ops::Range<usize>| r.start + at..r.end + at;
                let one = c.name("one");
                let who = c.name("who").or(one).map(|w| shift(w.range()));
                out.push(Found { span: shift(m.range()), form, who, singular: one.is_some() });
            }
        };
        {
            let mut last = usize::MAX;
            for m in &words.anchors {
                let Some(si) = doc.sentence_at(m.start) else { continue };
                if si == last || !on_word_boundary(text, m) {
                    continue;
                }
                last = si;
                let span = doc.sentences[si].span.clone();
                let s = &text[span.clone()];
                let first = self.patterns.len();
                for (j, re) in self.forward.iter().enumerate() {
                    if let Some(re) = re.get().filter(|_| self.may_match(&hits, first + j, si)) {
                        groups(re, Form::Forward, span.start, s, &mut out);
                    }
                }
                let inv = first + self.forward.len();
                if let Some(re) =
                    self.inverted.as_ref().filter(|_| self.may_match(&hits, inv, si)).and_then(LazyRegex::get)
                {
                    groups(re, Form::Inverted, span.start, s, &mut out);
                }
            }
        }
        out.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
        out
    }

    /// True when something in the sentence attributes the cue.
    fn attributed(&self, doc: &Document, sentence: &Span, f: &Found) -> bool {
        let text = doc.text;
        let s = &text[sentence.clone()];
        let linked = s.contains("](") || s.contains("<a ") || s.contains("http://") || s.contains("https://");
        if self.exempt_links && (linked || CITATION.is_match(s)) {
            return true;
        }
        if self.exempt_quotes {
            if let Some(b) = doc.block_at(f.span.start) {
                let content = &around(text, &doc.blocks[b].content, &f.span, MAX_BLOCK);
                let inside = f.span.start.checked_sub(content.start).filter(|&o| o <= content.len());
                if inside.is_some_and(|o| quotes::in_attributed_quote(&text[content.clone()], o)) {
                    return true;
                }
            }
        }
        if self.named == NamedScope::Never {
            return false;
        }
        let before = &text[sentence.start..f.span.start.max(sentence.start)];
        let inside = &text[f.span.clone()];
        let after = &text[f.span.end.min(sentence.end)..sentence.end];
        // "Goldman Sachs analysts said", "Kurinji Selvaraj, a research analyst at ...".
        if f.form == Form::Forward && names::named_before(before) {
            return true;
        }
        if f.singular && names::apposition_before(before) {
            return true;
        }
        // A name inside the cue ("Experts like Ilya Grashchenkov suggest", "reports from The Wrap
        // indicate"), but not the cue's own first word ("Analysts say").
        let first_word_end = inside.find(char::is_whitespace).unwrap_or(inside.len());
        if names::named_within(&inside[first_word_end..]) {
            return true;
        }
        // A name among the words before the source ("a new ABC News poll shows"), or anywhere
        // after the first word of a literal cue.
        let modifiers = match &f.who {
            Some(w) => &text[f.span.start..w.start],
            None => inside,
        };
        if modifiers.split_whitespace().skip(1).any(names::starts_with_name) {
            return true;
        }
        // "analysts at Capital Economics said", "was reported by the BBC", "a study in Nature".
        if names::named_after(after) || (f.form == Form::Inverted && names::authored_in_clause(after)) {
            return true;
        }
        self.named == NamedScope::Sentence && names::sentence_names_source(s)
    }

    /// True when the word before the source points back to one named earlier ("the analysts").
    fn refers_back(&self, text: &str, sentence: &Span, f: &Found) -> bool {
        let start = match (f.form, &f.who) {
            (Form::Inverted, Some(w)) => {
                // The first word after the verb ("according to the researchers"), or a partitive
                // ("say many of its critics": the critics are what is talked about).
                let mut between = text[f.span.start..w.start]
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .skip_while(|x| self.inverted_words.contains(x));
                let first = between.next();
                return first.as_ref().is_some_and(|x| self.skip_after.contains(x) || x == "of")
                    || between.any(|x| x == "of");
            }
            _ => f.span.start,
        };
        let before = &text[sentence.start..start.max(sentence.start)];
        before.split_whitespace().next_back().is_some_and(|w| self.skip_after.contains(&w.to_lowercase()))
    }

    /// The `{who}` of the message: "unnamed analysts", "an unnamed expert", or the cue itself.
    fn who(&self, text: &str, f: &Found) -> String {
        match &f.who {
            Some(w) => {
                let noun = text[w.clone()].to_lowercase();
                if f.singular {
                    format!("an unnamed {noun}")
                } else {
                    format!("unnamed {noun}")
                }
            }
            None => text[f.span.clone()].to_lowercase(),
        }
    }

    /// True when the source of a subject form carries a description ("U.S. officials",
    /// "a senior official", "officials at the ministry"); a literal cue describes itself.
    fn described(&self, text: &str, sentence: &Span, f: &Found) -> bool {
        let Some(w) = &f.who else { return true };
        let modifiers = text[f.span.start..w.start]
            .split_whitespace()
            .map(|x| x.to_lowercase())
            .filter(|x| !DETERMINERS.contains(&x.as_str()) && !self.inverted_words.contains(x))
            .count();
        if modifiers > 0 {
            return true;
        }
        let clause_end = if f.form == Form::Inverted { sentence.end } else { f.span.end };
        let clause = &text[w.end..clause_end.max(w.end)];
        if QUALIFIER.is_match(clause) || expertise(clause) {
            return true;
        }
        if f.form != Form::Forward {
            return false;
        }
        // A modifier right before the match: "administration officials", "U.S. officials".
        let before = &text[sentence.start..f.span.start.max(sentence.start)];
        before.split_whitespace().next_back().is_some_and(|prev| {
            let p = prev.to_lowercase();
            !FUNCTION_WORDS.contains(&p.as_str()) && !prev.ends_with([',', ';', ':', '—', '"', '“', '”'])
        })
    }
}

/// The span of the sentence `step` places after (1) or before (-1) sentence `si`, when it is in
/// the same block or the next (previous) one.
/// The sentence after sentence `si` in the same block.
fn next_in_block(doc: &Document, si: usize) -> Option<Span> {
    let (s, n) = (doc.sentences.get(si)?, doc.sentences.get(si + 1)?);
    (s.block == n.block).then(|| n.span.clone())
}

fn neighbour(doc: &Document, si: usize, step: isize) -> Option<Span> {
    let ni = si.checked_add_signed(step)?;
    let (s, n) = (doc.sentences.get(si)?, doc.sentences.get(ni)?);
    (s.block.abs_diff(n.block) <= 1).then(|| n.span.clone())
}

/// True when a sentence in the two blocks before sentence `si`, its own block or the next one
/// ends with a numbered reference: an article that cites by number has cited the studies its
/// summary line ("Summary: Studies show …") sums up. `cited` keeps each block's answer, so
/// that a block is read once however many cues lie near it: a page of one long line (one block
/// of thousands of sentences) was read again for each cue in it.
fn cited_nearby(doc: &Document, si: usize, cited: &mut Vec<Option<bool>>) -> bool {
    let Some(b) = doc.sentences.get(si).map(|s| s.block) else { return false };
    if cited.is_empty() {
        cited.resize(doc.blocks.len(), None);
    }
    (b.saturating_sub(2)..=b + 1).filter(|&i| i < doc.blocks.len()).any(|i| {
        *cited[i].get_or_insert_with(|| {
            doc.blocks[i]
                .sentences
                .clone()
                .filter_map(|j| doc.sentences.get(j))
                .any(|s| CITATION.is_match(&doc.text[s.span.clone()]))
        })
    })
}

/// True when `sentence` mentions `noun` after a word that describes it ("industry analysts").
fn described_mention(sentence: &str, noun: &str) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    words.windows(2).any(|pair| {
        let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        bare(pair[1]) == noun && !pair[0].ends_with([',', ';', ':', '.', '—', '"', '“', '”']) && {
            let prev = bare(pair[0]);
            !prev.is_empty() && !DETERMINERS.contains(&prev.as_str()) && !FUNCTION_WORDS.contains(&prev.as_str())
        }
    })
}

/// Sources that work for an organisation a previous sentence can name.
const STAFF: &[&str] = &["officials", "official", "aides", "aide", "spokesperson", "spokesman", "spokeswoman"];

impl AttributionCheck {
    /// True when a neighbouring sentence describes an undescribed source: the organisation
    /// whose officials speak ("The Santa Fe Animal Shelter announced … Officials said …"), or
    /// the named expert behind "experts say" (the next sentence quotes one).
    fn described_nearby(&self, doc: &Document, si: usize, f: &Found) -> bool {
        let Some(w) = &f.who else { return false };
        let noun = doc.text[w.clone()].to_lowercase();
        // "… industry analysts say … Analysts expect …": described one sentence earlier.
        if neighbour(doc, si, -1).is_some_and(|p| described_mention(&doc.text[p], &noun)) {
            return true;
        }
        if STAFF.contains(&noun.as_str()) {
            return neighbour(doc, si, -1).is_some_and(|p| names::sentence_names_source(&doc.text[p]));
        }
        !f.singular && neighbour(doc, si, 1).is_some_and(|n| context::names_speaker(&doc.text[n]))
    }
}

/// The patterns of this check's own regexes (see `rules::known_nfas`).
#[cfg(test)]
pub(crate) fn own_patterns() -> Vec<&'static str> {
    let mut p = names::own_patterns();
    p.extend(context::own_patterns());
    p.extend([&CITATION, &QUALIFIER].map(RuleRegex::pattern));
    p
}

/// A numbered reference, the printed form of a link: "… binge eating (2)." or "[12]".
static CITATION: RuleRegex =
    RuleRegex::fixed(r"\[\d{1,3}(?:[,–-]\s*\d{1,3})*\]|\s\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)[.!?]?[\x22”’]?\s*$");

/// Words before a source that do not describe it: determiners, and adjectives that say how
/// many or how important, not who ("many leading experts", "a new study").
#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "a", "an", "one", "another", "some", "many", "several", "other", "most", "few", "the", "all", "both", "two",
    "three", "numerous", "multiple", "various", "leading", "top", "prominent", "outside", "independent", "new",
    "recent", "earlier", "previous", "initial", "unconfirmed", "existing", "current", "past", "media", "press", "news",
];

/// Words before a source that belong to the sentence, not to the source's description.
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "but", "that", "which", "as", "when", "while", "because", "if", "since", "after", "before", "though",
    "although", "where", "so", "than", "then", "said", "say", "says", "told", "with", "by", "of", "to", "for", "from",
    "in", "on", "at", "about", "among", "also", "have", "has", "had", "are", "is", "were", "was", "both", "all",
];

/// True when `clause` starts with a field of expertise: "experts on jail suicide", but not
/// "officials on Monday" or "on condition of anonymity".
fn expertise(clause: &str) -> bool {
    let mut words = clause.split_whitespace();
    if words.next() != Some("on") {
        return false;
    }
    words.next().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase)
            && !matches!(w, "the" | "a" | "an" | "condition" | "background" | "record" | "behalf" | "board")
    })
}

/// A clause after a source that describes it: "sources at the ministry", "people close to".
static QUALIFIER: RuleRegex = RuleRegex::fixed(
    r"(?i)^\s*,?\s*(?:at|from|in|of|with|inside|within|close\s+to|familiar\s+with|briefed\s+on|who|involved|knowledgeable|privy)\b",
);

/// The most of a sentence, on each side of a cue, read to judge it. Real sentences are far
/// shorter; scraped text without punctuation can make one "sentence" of megabytes, and reading
/// all of it for each of its cues would take time quadratic in its length.
const MAX_SENTENCE: usize = 1_500;
/// The same for the paragraph read to tell whether a cue is inside a quotation.
const MAX_BLOCK: usize = 20_000;

/// `outer` cut to at most `max` bytes on each side of `cue`, on character boundaries.
fn around(text: &str, outer: &Span, cue: &Span, max: usize) -> Span {
    let mut start = outer.start.max(cue.start.saturating_sub(max)).min(cue.start);
    let mut end = outer.end.min(cue.end.saturating_add(max)).max(cue.end);
    while start > 0 && !text.is_char_boundary(start) {
        start += 1;
    }
    while end < text.len() && !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end
}

impl Check for AttributionCheck {
    fn run(&self, doc: &Document, rule: usize, out: &mut Vec<Hit>) {
        match self.own.get_or_init(|| Scanner::new(&[self])) {
            Ok(scanner) => {
                let words = scanner.scan(doc.text).pop().unwrap_or_default();
                self.run_with(doc, rule, &words, out);
            }
            Err(e) => eprintln!("newslint: an attribution rule's words cannot be searched: {e}"),
        }
    }
}

impl AttributionCheck {
    /// The check on a document whose words a [`Scanner`] has found.
    pub fn run_with(&self, doc: &Document, rule: usize, words: &Words, out: &mut Vec<Hit>) {
        let text = doc.text;
        let mut last_end = 0;
        let mut last_sentence = usize::MAX;
        let mut cited = Vec::new();
        for f in self.find(doc, words) {
            if f.span.start < last_end {
                continue;
            }
            let Some(si) = doc.sentence_at(f.span.start) else { continue };
            let sentence = around(text, &doc.sentences[si].span, &f.span, MAX_SENTENCE);
            last_end = f.span.end;
            if self.refers_back(text, &sentence, &f) || self.attributed(doc, &sentence, &f) {
                continue;
            }
            let before = &text[sentence.start..f.span.start.max(sentence.start)];
            if context::event_passive(&text[f.span.clone()], before) {
                continue;
            }
            // "X is reportedly under investigation. According to Reuters, …": the next sentence
            // of the paragraph names the report the hedge stands for.
            if self.named == NamedScope::Sentence
                && context::is_hedge_word(&text[f.span.clone()])
                && next_in_block(doc, si).is_some_and(|n| context::names_the_report(&text[n]))
            {
                continue;
            }
            // "Studies show … For example, one study in 50 people …": the next sentence cites it.
            let document = f.who.as_ref().map_or(&text[f.span.clone()], |w| &text[w.clone()]);
            if context::is_document(document)
                && (neighbour(doc, si, 1).is_some_and(|n| context::describes_specific(&text[n]))
                    || cited_nearby(doc, si, &mut cited))
            {
                continue;
            }
            // One finding per claim: the first cue of a sentence speaks for the others.
            if si == last_sentence {
                continue;
            }
            last_sentence = si;
            let mut hit = Hit::new(rule, f.span.clone());
            hit.vars.push(("who", self.who(text, &f)));
            if let Some(a) = &self.anonymous {
                let s = &text[sentence.clone()];
                let after = &text[f.span.end.min(sentence.end)..sentence.end];
                if context::outlet_vouches(&text[f.span.clone()], after) {
                    // "sources told Reuters": the outlet that printed the claim answers for it.
                    hit.notes.push("the outlet that printed it vouches for the source".into());
                } else if !self.described(text, &sentence, &f) && !self.described_nearby(doc, si, &f) {
                    hit.severity = Some(Severity::Warning);
                    hit.notes.push("the source is not described: say who they are and why they are not named".into());
                } else if !a.reasons.get().is_some_and(|r| r.is_match(s))
                    && a.speculation.get().is_some_and(|r| r.is_match(s))
                {
                    hit.severity = Some(Severity::Warning);
                    hit.notes.push("the sentence speculates and gives no reason for anonymity".into());
                }
            }
            out.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::schema::AnonymousSpec;

    fn spec() -> AttributionSpec {
        AttributionSpec {
            cues: vec!["reportedly".into()],
            patterns: Vec::new(),
            subjects: vec!["analysts".into(), "officials".into()],
            singular: vec!["official".into()],
            verbs: vec!["said".into(), "say".into()],
            inverted: vec!["according to".into(), "say".into()],
            named: NamedScope::Attached,
            exempt_quotes: true,
            exempt_links: true,
            skip_after: vec!["the".into()],
            anonymous: Some(AnonymousSpec {
                reasons: vec!["not authorized".into()],
                speculation: vec!["could".into(), "may".into()],
            }),
        }
    }

    /// (matched text, severity override) of each hit.
    fn run(text: &str) -> Vec<(String, Option<Severity>)> {
        let check = AttributionCheck::new(&spec(), Vec::new()).expect("builds");
        let doc = Document::new("t", text);
        let mut hits = Vec::new();
        check.run(&doc, 0, &mut hits);
        hits.into_iter().map(|h| (text[h.span].to_string(), h.severity)).collect()
    }

    #[test]
    fn one_finding_per_sentence_and_back_references_skipped() {
        let hits = run("Analysts say it reportedly failed. The analysts said so.");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].0, "Analysts say");
    }

    #[test]
    fn numbered_citations_and_partitives_attribute() {
        assert!(run("Analysts say growth slowed (4).").is_empty());
        assert!(run("Analysts say growth slowed [12].").is_empty());
        assert_eq!(run("Analysts say growth slowed in 2019.").len(), 1);
        assert!(run("The producers say many of its analysts are wrong.").is_empty());
    }

    #[test]
    fn undescribed_or_speculating_anonymous_sources_are_warnings() {
        assert_eq!(run("Officials said the road is shut."), [("Officials said".to_string(), Some(Severity::Warning))]);
        assert_eq!(run("Senior officials said the road is shut."), [("officials said".to_string(), None)]);
        let spec = run("Senior officials said the road could shut.");
        assert_eq!(spec[0].1, Some(Severity::Warning));
        assert_eq!(run("Senior officials, who were not authorized to speak, said the road could shut.")[0].1, None);
        // The month is not speculation.
        assert_eq!(run("Senior officials said the road shut in May.")[0].1, None);
    }

    /// Which of the check's regexes may match in each sentence of `text`, by the word sets.
    fn open(check: &AttributionCheck, text: &str) -> Vec<Vec<bool>> {
        let doc = Document::new("t", text);
        let words = Scanner::new(&[check]).expect("scanner").scan(doc.text).pop().unwrap_or_default();
        let (hits, _) = check.clause_hits(&doc, &words);
        (0..doc.sentences.len())
            .map(|si| (0..check.clause_count.len()).map(|r| check.may_match(&hits, r, si)).collect())
            .collect()
    }

    #[test]
    fn a_regex_runs_only_where_a_word_of_each_of_its_sets_is() {
        let pattern = r"(?i)\bis\s+(?:widely\s+)?(?:believed|thought)\s+to\b";
        let check = AttributionCheck::new(&spec(), vec![pattern.to_string()]).expect("builds");
        // Regexes: the pattern, forward (subjects), forward (singular), inverted.
        let rows = open(
            &check,
            "Analysts met. Analysts said so. It is believed to work. Unbelievable. A thought. According to officials, no.",
        );
        assert_eq!(rows[0], [false, false, false, false], "a subject without a verb");
        assert_eq!(rows[1], [false, true, false, false], "\"Analysts said\": forward only (no inverted word)");
        assert_eq!(rows[2], [true, false, false, false], "\"is believed to\"");
        assert_eq!(rows[3], [false, false, false, false], "\"believed\" inside a longer word");
        // "is" and "to" are too short to scan for: "thought" alone opens the pattern.
        assert_eq!(rows[4], [true, false, false, false], "\"thought\"");
        assert_eq!(rows[5], [false, false, false, true], "inverted: \"according\" and a subject");
        // And the regexes still find what they find.
        assert_eq!(run("According to officials, the bridge is shut.").len(), 1);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in
            ["", "\u{feff}", "- Analysts say", "“Analysts say", "analysts\nsay", "according to", "a official said."]
        {
            let _ = run(t);
        }
    }
}
