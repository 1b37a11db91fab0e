//! Rules compiled once into a few shared matchers, run over one [`Document`].

use crate::checks::attribution::{AttributionCheck, Scanner};
use crate::checks::builtin::prose::looks_english;
use crate::checks::dictionary::DictionarySet;
use crate::checks::line::LineCheck;
use crate::checks::literals::{Gate, SharedGate};
use crate::checks::pattern::PatternSet;
use crate::checks::phrase::PhraseSet;
use crate::checks::repetition::index::StrMap;
use crate::checks::repetition::RepetitionCheck;
use crate::checks::word_pass::WordPass;
use crate::checks::{builtin, Check, Hit};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::spans::Spans;
use crate::document::{BlockKind, Document};
use crate::rules::schema::{Check as CheckSpec, FixPolicy, Language, Position, ScopeKind};
use crate::rules::{self, Rule, RuleError, RuleSource};
use crate::timing;
use std::collections::HashMap;

/// The timing rows (and, on a panic, the names) of the passes several rules share: the
/// search for phrases and attribution words, the regex and dictionary passes, the line
/// rules' literal gate.
const WORD_PASS: &str = "(phrases and attribution words)";
const PATTERN_PASS: &str = "(pattern pass)";
const DICTIONARY_PASS: &str = "(dictionary pass)";
const LINE_LITERALS: &str = "(line rule literals)";

/// What the engine is running on a thread, kept so that a panic can say which rule it cost
/// (`cli` names it in the file's error line, with the `--ignore` that works around it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Running {
    Nothing,
    /// A pass shared by several rules (its timing row).
    Pass(&'static str),
    /// One rule, by index into [`Engine::rules`].
    Rule(usize),
}

thread_local! {
    static RUNNING: std::cell::Cell<Running> = const { std::cell::Cell::new(Running::Nothing) };
}

fn running(now: Running) {
    RUNNING.with(|r| r.set(now));
}

/// `f` run as `stage`: an analysis that several rules share, made by whichever rule asks
/// first, is named for itself if it panics (the asking rule is not to blame, and ignoring
/// it would only move the panic to the next one).
pub fn within<T>(stage: &'static str, f: impl FnOnce() -> T) -> T {
    let outer = RUNNING.with(|r| r.replace(Running::Pass(stage)));
    #[cfg(test)]
    assert!(!PANIC_IN_ANALYSIS.with(std::cell::Cell::get), "injected");
    let out = f();
    running(outer);
    out
}

/// What the engine was running on this thread when it last stopped, and forget it: after a
/// panic, where the panic happened; after a finished check, [`Running::Nothing`].
pub fn take_running() -> Running {
    RUNNING.with(|r| r.replace(Running::Nothing))
}

#[cfg(test)]
thread_local! {
    /// A rule id: running that rule panics, as a bug in it would.
    pub(crate) static PANIC_IN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// Set: a shared analysis run through [`within`] panics, as a bug in it would.
    pub(crate) static PANIC_IN_ANALYSIS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

struct Density {
    rule: usize,
    of: usize,
    min_count: usize,
    per_words: usize,
    min_rate: f64,
}

/// Every loaded rule, compiled.
pub struct Engine {
    pub rules: Vec<Rule>,
    /// Per-rule switch and severity, set from configuration.
    pub enabled: Vec<bool>,
    phrases: PhraseSet,
    patterns: PatternSet,
    dictionary: DictionarySet,
    checks: Vec<(usize, Box<dyn Check>)>,
    /// The rules of the phrase, pattern and dictionary passes: a pass none of them needs
    /// (`--select`, another language) is skipped.
    pass_rules: [Vec<usize>; 3],
    /// Whole-line rules, run with one literal scan of the document for all of them.
    lines: Vec<(usize, LineCheck)>,
    line_gate: Option<Gate>,
    /// Attribution rules run after the other checks, on the words one scan found for all.
    attribution: Vec<(usize, AttributionCheck)>,
    attribution_words: Option<Scanner>,
    /// One search of a document for the phrases and the attribution words.
    word_pass: Option<WordPass>,
    density: Vec<Density>,
}

impl Engine {
    /// Loads and compiles rule sources; all errors are collected, none is fatal alone.
    pub fn load(sources: &[RuleSource]) -> Result<Engine, Vec<RuleError>> {
        let started = timing::start();
        let (specs, mut errors) = rules::parse_all(sources);
        let trusted: Vec<bool> = sources.iter().map(RuleSource::is_embedded).collect();
        timing::loaded("(rule files: TOML)", started);
        let mut engine = Engine {
            rules: Vec::new(),
            enabled: Vec::new(),
            phrases: PhraseSet::default(),
            patterns: PatternSet::default(),
            dictionary: DictionarySet::default(),
            checks: Vec::new(),
            pass_rules: Default::default(),
            lines: Vec::new(),
            line_gate: None,
            attribution: Vec::new(),
            attribution_words: None,
            word_pass: None,
            density: Vec::new(),
        };
        let mut ids: StrMap<String, (usize, std::ops::Range<usize>)> = StrMap::default();
        let mut pending_density = Vec::new();
        for (src, spec, rule_span) in specs {
            let origin = &sources[src].name;
            let meta = match rules::check_meta(src, origin, &spec, trusted[src]) {
                Ok(m) => m,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if let Some((first_src, first_span)) = ids.get(&meta.id) {
                let mut e = RuleError::new(
                    src,
                    Some(spec.id.span()),
                    format!("duplicate rule id `{}`", meta.id),
                    "defined again here",
                );
                e.secondary.push((*first_src, first_span.clone(), "first defined here".into()));
                errors.push(e);
                continue;
            }
            ids.insert(meta.id.clone(), (src, spec.id.span()));
            let r = engine.rules.len();
            let err = |span: Option<std::ops::Range<usize>>, msg: String| {
                RuleError::new(src, span.or(Some(spec.id.span())), msg.clone(), msg)
            };
            let started = timing::start();
            let result: Result<(), RuleError> = (|| {
                if let Some((field, word)) = blank_word(&spec.check) {
                    let span = literal_span(&sources[src].text, &rule_span, word);
                    return Err(RuleError::new(
                        src,
                        span.or(Some(spec.id.span())),
                        format!("`{field}` holds an empty entry: it would match everywhere, or nowhere"),
                        "empty entry",
                    ));
                }
                match &spec.check {
                    CheckSpec::Phrase(p) => {
                        engine.pass_rules[0].push(r);
                        for ph in &p.phrases {
                            engine.phrases.add(r, ph, None, p.case_sensitive, p.word_boundaries);
                        }
                        for (ph, s) in &p.replacements {
                            engine.phrases.add(r, ph, Some(s), p.case_sensitive, p.word_boundaries);
                        }
                        if p.phrases.is_empty() && p.replacements.is_empty() {
                            return Err(err(None, "a phrase check needs `phrases` or `replacements`".into()));
                        }
                    }
                    CheckSpec::Pattern(p) => {
                        engine.pass_rules[1].push(r);
                        let (re, compiled) = rules::checked_regex(src, &p.regex, p.case_sensitive, trusted[src])?;
                        if let Some(g) = &p.group {
                            if !re.contains(&format!("(?P<{g}>")) && !re.contains(&format!("(?<{g}>")) {
                                return Err(RuleError::new(
                                    src,
                                    Some(p.regex.span()),
                                    format!("the regex has no capture group named `{g}`"),
                                    "no such group",
                                ));
                            }
                        }
                        if let (Some(t), Some(compiled)) = (&p.suggestion, &compiled) {
                            let at = literal_span(&sources[src].text, &rule_span, t);
                            rules::check_template(src, &p.regex, compiled, t, at)?;
                        }
                        engine.patterns.add(r, re, p.group.clone(), p.suggestion.clone());
                    }
                    CheckSpec::Line(l) => {
                        // Syntax is checked now; the regex is compiled on first use.
                        let regex = match &l.regex {
                            Some(s) => Some(rules::check_regex(src, s, l.case_sensitive, trusted[src])?),
                            None => None,
                        };
                        if regex.is_none() && l.phrases.is_empty() {
                            return Err(err(None, "a line check needs `regex` or `phrases`".into()));
                        }
                        engine.lines.push((
                            r,
                            LineCheck::new(
                                regex.as_deref(),
                                &l.phrases,
                                l.case_sensitive,
                                l.max_words,
                                l.merge_runs,
                                l.min_run,
                            ),
                        ));
                    }
                    CheckSpec::Dictionary(d) => {
                        engine.pass_rules[2].push(r);
                        for (w, s) in &d.entries {
                            if !is_one_word(w) {
                                return Err(RuleError::new(
                                    src,
                                    literal_span(&sources[src].text, &rule_span, w).or(Some(spec.id.span())),
                                    format!(
                                        "dictionary entry `{w}` is not one word, so it never matches (a word is \
                                         letters, with apostrophes inside); write it as a phrase check's \
                                         `replacements`"
                                    ),
                                    "not one word",
                                ));
                            }
                            engine.dictionary.add(r, w, s, d.case_sensitive);
                        }
                        if let Some(e) = &d.embedded {
                            let map = rules::EMBEDDED_DICTIONARIES.get(*e.get_ref()).ok_or_else(|| {
                                RuleError::new(src, Some(e.span()), "no such embedded dictionary", "unknown index")
                            })?;
                            engine.dictionary.add_static(r, map, d.case_sensitive);
                        }
                    }
                    CheckSpec::Repetition(rep) => {
                        let c = RepetitionCheck::new(rep.clone()).map_err(|e| err(None, e))?;
                        engine.checks.push((r, Box::new(c)));
                    }
                    CheckSpec::Attribution(a) => {
                        let mut pats = Vec::new();
                        // Syntax only: the check compiles its regexes when a document needs them.
                        for p in &a.patterns {
                            pats.push(rules::check_regex(src, p, false, trusted[src])?);
                        }
                        let c = AttributionCheck::new(a, pats).map_err(|e| err(None, e))?;
                        engine.attribution.push((r, c));
                    }
                    CheckSpec::Density(d) => {
                        pending_density.push((r, src, d.of.clone(), d.min_count, d.per_words, d.min_rate))
                    }
                    CheckSpec::Builtin(b) => {
                        let c = builtin::make(b.name.get_ref(), &b.params, trusted[src])
                            .map_err(|e| RuleError::new(src, Some(b.name.span()), e.clone(), e))?;
                        engine.checks.push((r, c));
                    }
                }
                Ok(())
            })();
            timing::loaded(&meta.id, started);
            match result {
                Ok(()) => {
                    engine.rules.push(meta);
                    engine.enabled.push(true);
                }
                Err(e) => {
                    // Keep indices consistent: the rule exists but never runs.
                    engine.rules.push(meta);
                    engine.enabled.push(false);
                    errors.push(e);
                }
            }
        }
        for (r, src, of, min_count, per_words, min_rate) in pending_density {
            match engine.rules.iter().position(|x| x.id == *of.get_ref()) {
                Some(o) => {
                    engine.density.push(Density { rule: r, of: o, min_count, per_words: per_words.max(1), min_rate })
                }
                None => errors.push(RuleError::new(
                    src,
                    Some(of.span()),
                    format!("no rule `{}` to count", of.get_ref()),
                    "unknown rule id",
                )),
            }
        }
        let started = timing::start();
        if let Err(e) = engine.patterns.build() {
            errors.push(RuleError::new(0, None, format!("cannot compile rules: {e}"), e));
        }
        timing::loaded(PATTERN_PASS, started);
        // The call-to-action rules share one gate: one literal search of a document for all.
        let spanned: Vec<&dyn Check> =
            engine.checks.iter().map(|(_, c)| &**c).filter(|c| !c.spanned_patterns().is_empty()).collect();
        if spanned.len() > 1 {
            let lists: Vec<&[String]> = spanned.iter().map(|c| c.spanned_patterns()).collect();
            for (c, share) in spanned.iter().zip(SharedGate::split(&lists)) {
                c.share_gate(share);
            }
        }
        if !engine.lines.is_empty() {
            let started = timing::start();
            // A rule without a regex gets an empty pattern: no literals, so never gated.
            let patterns: Vec<&str> = engine.lines.iter().map(|(_, l)| l.pattern().unwrap_or("")).collect();
            engine.line_gate = Some(Gate::new(&patterns));
            timing::loaded(LINE_LITERALS, started);
        }
        if !engine.attribution.is_empty() {
            let started = timing::start();
            let checks: Vec<&AttributionCheck> = engine.attribution.iter().map(|(_, c)| c).collect();
            engine.attribution_words = Some(Scanner::words_of(&checks));
            timing::loaded("(attribution words)", started);
        }
        let started = timing::start();
        let words = engine.attribution_words.as_ref().map_or(&[][..], Scanner::literals);
        match WordPass::new(engine.phrases.patterns(), words) {
            Ok(pass) => engine.word_pass = pass,
            Err(e) => {
                errors.push(RuleError::new(0, None, format!("cannot compile phrases and attribution words: {e}"), e))
            }
        }
        timing::loaded(WORD_PASS, started);
        if errors.is_empty() {
            Ok(engine)
        } else {
            Err(errors)
        }
    }

    /// The default rules embedded in the binary.
    pub fn default_rules() -> Result<Engine, Vec<RuleError>> {
        Engine::load(&RuleSource::embedded())
    }

    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    /// Lints one document: all matchers, then the shared filters, then document-level rules.
    pub fn check(&self, doc: &Document) -> Vec<Diagnostic> {
        self.check_batch(&[doc]).pop().unwrap_or_default()
    }

    /// Lints several documents, each exactly as [`Engine::check`] would: every stage runs
    /// over all of them before the next stage starts. A rule's automata and tables then
    /// stay in the processor's caches from one document to the next, where checking a
    /// document at a time walks every rule's data once per document, mostly from memory.
    pub fn check_batch(&self, docs: &[&Document]) -> Vec<Vec<Diagnostic>> {
        let mut hits: Vec<Vec<Hit>> = docs.iter().map(|_| Vec::new()).collect();
        // Judged (once per document) only when a rule is limited to a language.
        let in_language = |doc: &Document, r: usize| match self.rules[r].language {
            None => true,
            Some(Language::English) => looks_english(doc),
        };
        let runs = |doc: &Document, r: usize| self.enabled[r] && in_language(doc, r);
        let needed = |doc: &Document, pass: usize| self.pass_rules[pass].iter().any(|&r| runs(doc, r));
        // The attribution rules run last, on the words found here.
        let mut words: Vec<Option<Vec<_>>> = docs.iter().map(|_| None).collect();
        if let Some(pass) = &self.word_pass {
            for ((doc, hits), words) in docs.iter().zip(&mut hits).zip(&mut words) {
                let want_phrases = !self.phrases.is_empty() && needed(doc, 0);
                let scanner =
                    self.attribution_words.as_ref().filter(|_| self.attribution.iter().any(|(r, _)| runs(doc, *r)));
                if !want_phrases && scanner.is_none() {
                    continue;
                }
                running(Running::Pass(WORD_PASS));
                let started = timing::start();
                let mut found = Vec::new();
                let mut w = scanner.map(Scanner::empty).unwrap_or_default();
                pass.scan(
                    doc.text,
                    |i, span| {
                        if want_phrases {
                            self.phrases.record(doc.text, i, span, &mut found)
                        }
                    },
                    |i, span| {
                        if let Some(s) = scanner {
                            s.record(&mut w, i, span)
                        }
                    },
                );
                if want_phrases {
                    self.phrases.finish(doc.text, found, hits);
                }
                if scanner.is_some() {
                    Scanner::finish(&mut w);
                    *words = Some(w);
                }
                timing::checked(WORD_PASS, started);
            }
        }
        for (doc, hits) in docs.iter().zip(&mut hits) {
            if needed(doc, 1) {
                running(Running::Pass(PATTERN_PASS));
                let started = timing::start();
                self.patterns.run(doc, hits);
                timing::checked(PATTERN_PASS, started);
            }
        }
        if !self.dictionary.is_empty() {
            for (doc, hits) in docs.iter().zip(&mut hits) {
                if needed(doc, 2) {
                    running(Running::Pass(DICTIONARY_PASS));
                    let started = timing::start();
                    self.dictionary.run(doc, hits);
                    timing::checked(DICTIONARY_PASS, started);
                }
            }
        }
        let mut k = 0;
        while k < self.checks.len() {
            // A stretch of checks that share a large per-document analysis (the repetition
            // rules) runs a document at a time, releasing it after each: their time is in the
            // document's data, not in tables, and a batch then holds one analysis at a time.
            let shared = self.checks[k..].iter().take_while(|(_, c)| c.releases()).count();
            let (stretch, doc_major) = (&self.checks[k..k + shared.max(1)], shared > 0);
            let run = |doc: &Document, hits: &mut Vec<Hit>, (r, c): &(usize, Box<dyn Check>)| {
                if runs(doc, *r) {
                    running(Running::Rule(*r));
                    #[cfg(test)]
                    PANIC_IN.with(|p| assert!(p.borrow().as_deref() != Some(self.rules[*r].id.as_str()), "injected"));
                    let started = timing::start();
                    c.run(doc, *r, hits);
                    timing::checked(&self.rules[*r].id, started);
                }
            };
            if doc_major {
                for (doc, hits) in docs.iter().zip(&mut hits) {
                    for check in stretch {
                        run(doc, hits, check);
                    }
                    for (_, c) in stretch {
                        c.release(doc);
                    }
                }
            } else {
                for (doc, hits) in docs.iter().zip(&mut hits) {
                    run(doc, hits, &stretch[0]);
                }
            }
            k += stretch.len();
        }
        if let Some(gate) = &self.line_gate {
            let gates: Vec<_> = docs
                .iter()
                .map(|doc| {
                    let lining = self.lines.iter().filter(|(r, _)| runs(doc, *r));
                    let longest = lining.map(|(_, l)| l.max_words().unwrap_or(usize::MAX)).max()?;
                    running(Running::Pass(LINE_LITERALS));
                    let started = timing::start();
                    let open = gate.blocks(doc, |b| doc.blocks[b].word_count <= longest);
                    timing::checked(LINE_LITERALS, started);
                    Some(open)
                })
                .collect();
            for (i, (r, l)) in self.lines.iter().enumerate() {
                for ((doc, hits), open) in docs.iter().zip(&mut hits).zip(&gates) {
                    if let (Some(open), true) = (open, runs(doc, *r)) {
                        running(Running::Rule(*r));
                        let started = timing::start();
                        l.run_gated(doc, *r, &|b| open.open(b, i), hits);
                        timing::checked(&self.rules[*r].id, started);
                    }
                }
            }
        }
        for (k, (r, x)) in self.attribution.iter().enumerate() {
            for ((doc, hits), words) in docs.iter().zip(&mut hits).zip(&words) {
                if let (Some(w), true) = (words.as_ref().and_then(|w| w.get(k)), runs(doc, *r)) {
                    running(Running::Rule(*r));
                    let started = timing::start();
                    x.run_with(doc, *r, w, hits);
                    timing::checked(&self.rules[*r].id, started);
                }
            }
        }
        running(Running::Pass("(filters shared by every rule)"));
        let out = docs
            .iter()
            .zip(hits)
            .map(|(doc, mut hits)| {
                hits.retain(|h| runs(doc, h.rule) && self.keep(doc, h));
                swallow_nested(&self.rules, &mut hits);
                self.add_density(doc, &mut hits);
                let mut out: Vec<Diagnostic> = hits.into_iter().map(|h| self.diagnostic(doc, h)).collect();
                out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
                out
            })
            .collect();
        running(Running::Nothing);
        out
    }

    /// Scope, position and exception filters every rule shares.
    fn keep(&self, doc: &Document, h: &Hit) -> bool {
        let rule = &self.rules[h.rule];
        let matched = &doc.text[h.span.clone()];
        if !rule.exception_words.is_empty()
            && rule.exception_words.iter().any(|w| w.eq_ignore_ascii_case(matched) || *w == matched.to_lowercase())
        {
            return false;
        }
        let block = doc.block_at(h.span.start);
        if let (Some(scope), Some(b)) = (&rule.scope, block) {
            let kind = match doc.blocks[b].kind {
                BlockKind::Heading => ScopeKind::Heading,
                BlockKind::ListItem => ScopeKind::ListItem,
                BlockKind::Paragraph => ScopeKind::Paragraph,
            };
            if !scope.contains(&kind) {
                return false;
            }
        }
        if !h.block_level && rule.position != Position::Any {
            let Some(b) = block else { return false };
            let content = &doc.blocks[b].content;
            let ok = match rule.position {
                Position::Any => true,
                Position::BlockStart => h.span.start == content.start,
                Position::WholeBlock => {
                    h.span.start == content.start
                        && doc.text[h.span.end..content.end]
                            .chars()
                            .all(|c| c.is_ascii_punctuation() || c.is_whitespace() || c == '…')
                }
                Position::SentenceStart => doc.sentence_at(h.span.start).is_some_and(|s| {
                    let st = doc.sentences[s].span.start;
                    doc.text[st..h.span.start].chars().all(|c| !c.is_alphanumeric())
                }),
            };
            if !ok {
                return false;
            }
        }
        if !rule.exception_context.is_empty() {
            let ctx = doc.sentence_at(h.span.start).map(|s| doc.slice(&doc.sentences[s].span)).unwrap_or(matched);
            if rule.exception_context.iter().any(|re| re.is_match(ctx)) {
                return false;
            }
        }
        true
    }

    fn add_density(&self, doc: &Document, hits: &mut Vec<Hit>) {
        if self.density.is_empty() {
            return;
        }
        let words = doc.words.len().max(1);
        for d in &self.density {
            if !self.enabled[d.rule] {
                continue;
            }
            let found: Vec<&Hit> = hits.iter().filter(|h| h.rule == d.of).collect();
            let rate = found.len() as f64 * d.per_words as f64 / words as f64;
            if found.len() >= d.min_count && rate >= d.min_rate {
                let first = found.iter().map(|h| h.span.start).min().unwrap_or(0);
                let mut hit = Hit::new(d.rule, first..first);
                if let Some(b) = doc.block_at(first) {
                    hit.span = doc.blocks[b].content.clone();
                }
                hit.block_level = true;
                hit.vars.push(("count", found.len().to_string()));
                hit.vars.push(("words", words.to_string()));
                hit.vars.push(("rate", format!("{rate:.1}")));
                hit.notes.push(format!(
                    "{} findings of {} in {words} words ({rate:.1} per {} words)",
                    found.len(),
                    self.rules[d.of].id,
                    d.per_words
                ));
                hits.push(hit);
            }
        }
    }

    fn diagnostic(&self, doc: &Document, h: Hit) -> Diagnostic {
        let rule = &self.rules[h.rule];
        let matched = doc.text[h.span.clone()].to_string();
        let fill = |t: &str| {
            let mut s = t.replace("{match}", &matched);
            if let Some(sg) = &h.suggestion {
                s = s.replace("{suggestion}", sg);
            }
            for (k, v) in &h.vars {
                s = s.replace(&format!("{{{k}}}"), v);
            }
            s
        };
        let fix = match rule.fix {
            FixPolicy::None => None,
            policy => {
                let applicability = if policy == FixPolicy::Safe { Applicability::Safe } else { Applicability::Unsafe };
                let edits = h.edits.clone().or_else(|| {
                    h.suggestion
                        .as_ref()
                        .filter(|s| !s.contains(','))
                        .map(|s| vec![Edit { start: h.span.start, end: h.span.end, replacement: s.clone() }])
                });
                // Several suggestions: never applied without a person choosing.
                let applicability = if h.suggestion.as_ref().is_some_and(|s| s.contains(',')) && h.edits.is_none() {
                    Applicability::Unsafe
                } else {
                    applicability
                };
                edits.map(|mut edits| {
                    keep_bom(doc.text, &mut edits);
                    Fix { applicability, edits }
                })
            }
        };
        let message = fill(&rule.message);
        let help = rule.help.as_deref().map(fill).filter(|s| !s.contains("{suggestion}"));
        Diagnostic {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity: h.severity.unwrap_or(rule.severity),
            message,
            span: h.span,
            matched,
            labels: h.labels,
            help,
            notes: h.notes,
            fix,
        }
    }

    /// Runs each rule's examples; returns one line per example that misbehaves.
    pub fn test_examples(&self, only: Option<&[usize]>) -> (usize, Vec<String>) {
        let mut failures = Vec::new();
        let mut count = 0;
        for (r, rule) in self.rules.iter().enumerate() {
            if only.is_some_and(|o| !o.contains(&r)) {
                continue;
            }
            for (fire, list) in [(true, &rule.examples.fire), (false, &rule.examples.pass)] {
                for ex in list {
                    count += 1;
                    let doc = Document::new("example", ex);
                    let found = self.check(&doc).into_iter().filter(|d| d.rule == rule.id).collect::<Vec<_>>();
                    if fire && found.is_empty() {
                        failures.push(format!("{}: must fire but did not: {ex:?}", rule.id));
                    } else if !fire && !found.is_empty() {
                        failures
                            .push(format!("{}: must not fire but reported {:?}: {ex:?}", rule.id, found[0].matched));
                    }
                }
            }
            if rule.examples.fire.is_empty() || rule.examples.pass.is_empty() {
                failures
                    .push(format!("{}: needs examples that fire and examples that pass ({})", rule.id, rule.origin));
            }
        }
        (count, failures)
    }

    /// Changes a rule's severity (configuration overrides).
    pub fn set_severity(&mut self, rule: usize, severity: Severity) {
        self.rules[rule].severity = severity;
    }
}

/// One finding per thing: a block-level boilerplate, spam or duplicate finding swallows
/// smaller findings inside it (a typo in a tag list, a paragraph inside a repeated section).
fn swallow_nested(rules: &[Rule], hits: &mut Vec<Hit>) {
    let swallowing = |h: &Hit| {
        h.block_level
            && matches!(rules[h.rule].category.as_str(), "boilerplate" | "spam" | "duplicate")
            && !h.span.is_empty()
    };
    // Spans of the swallowing findings: those of duplicates, which swallow only duplicates,
    // and those of the rest, which swallow anything.
    let (mut dups, mut rest) = (Vec::new(), Vec::new());
    for h in hits.iter().filter(|h| swallowing(h)) {
        let list = if rules[h.rule].category == "duplicate" { &mut dups } else { &mut rest };
        list.push(h.span.clone());
    }
    if dups.is_empty() && rest.is_empty() {
        return;
    }
    let (dups, rest) = (Spans::new(dups), Spans::new(rest));
    hits.retain(|h| !(rest.hold(&h.span) || (rules[h.rule].category == "duplicate" && dups.hold(&h.span))));
    // The same block found by two duplicate rules (an edited copy is also a reworded one):
    // keep the more severe finding, then the rule listed first.
    let rank = |h: &Hit| (std::cmp::Reverse(h.severity.unwrap_or(rules[h.rule].severity)), h.rule);
    let mut best: HashMap<(usize, usize), (std::cmp::Reverse<crate::diagnostic::Severity>, usize)> = HashMap::new();
    for h in hits.iter().filter(|h| h.block_level && rules[h.rule].category == "duplicate") {
        let r = rank(h);
        best.entry((h.span.start, h.span.end)).and_modify(|b| *b = (*b).min(r)).or_insert(r);
    }
    hits.retain(|h| {
        !(h.block_level && rules[h.rule].category == "duplicate")
            || best.get(&(h.span.start, h.span.end)) == Some(&rank(h))
    });
}

/// A byte-order mark is not content: an edit that deletes or rewrites the first line starts
/// after it, so the file keeps its encoding mark (an edit inside the mark alone is dropped).
fn keep_bom(text: &str, edits: &mut Vec<Edit>) {
    let bom = crate::document::bom_len(text);
    if bom > 0 {
        edits.retain(|e| e.end >= bom);
        for e in edits.iter_mut() {
            e.start = e.start.max(bom);
        }
    }
}

/// The first entry of a word list that is empty once trimmed (`phrases = [" "]`), and its
/// field: such an entry matches at every position (or none), so it is a mistake in the file.
fn blank_word(check: &CheckSpec) -> Option<(&'static str, &str)> {
    fn blank<'a>(field: &'static str, mut list: impl Iterator<Item = &'a String>) -> Option<(&'static str, &'a str)> {
        list.find(|w| w.trim().is_empty()).map(|w| (field, w.as_str()))
    }
    match check {
        CheckSpec::Phrase(p) => {
            blank("phrases", p.phrases.iter()).or_else(|| blank("replacements", p.replacements.keys()))
        }
        CheckSpec::Line(l) => blank("phrases", l.phrases.iter()),
        CheckSpec::Attribution(a) => blank("cues", a.cues.iter())
            .or_else(|| blank("subjects", a.subjects.iter()))
            .or_else(|| blank("singular", a.singular.iter()))
            .or_else(|| blank("verbs", a.verbs.iter()))
            .or_else(|| blank("inverted", a.inverted.iter()))
            .or_else(|| blank("skip_after", a.skip_after.iter()))
            .or_else(|| {
                let a = a.anonymous.as_ref()?;
                blank("reasons", a.reasons.iter()).or_else(|| blank("speculation", a.speculation.iter()))
            }),
        _ => None,
    }
}

/// Where the TOML string `value` is written in the rule that starts at `rule.start` (up to the
/// next `[[rule]]`), quotes included: the word lists carry no spans of their own, and a rule's
/// own span stops before its sub-tables.
/// Whether `w` is a whole word as the document splits words ([`crate::document`]): letters,
/// with an apostrophe only between two of them. A dictionary entry that is not never matches.
fn is_one_word(w: &str) -> bool {
    let chars: Vec<char> = w.chars().collect();
    !chars.is_empty()
        && chars.iter().enumerate().all(|(i, &c)| {
            crate::document::chars::is_alpha(c)
                || (matches!(c, '\'' | '’')
                    && i > 0
                    && chars.get(i + 1).is_some_and(|&n| crate::document::chars::is_alpha(n)))
        })
}

fn literal_span(text: &str, rule: &std::ops::Range<usize>, value: &str) -> Option<std::ops::Range<usize>> {
    let start = rule.start;
    let rest = text.get(start..)?;
    let part = &rest[..rest.get(1..).and_then(|r| r.find("\n[[rule]]")).map_or(rest.len(), |e| e + 1)];
    ['"', '\'']
        .iter()
        .find_map(|q| part.find(&format!("{q}{value}{q}")).map(|i| start + i..start + i + value.len() + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An analysis several rules share is named for its own panic, not the rule that asked
    /// for it first; once it returns, the asking rule is what is running again.
    #[test]
    fn a_shared_analysis_is_blamed_for_its_own_panic() {
        running(Running::Rule(3));
        assert_eq!(within("(analysis)", || RUNNING.with(|r| r.get())), Running::Pass("(analysis)"));
        assert_eq!(take_running(), Running::Rule(3));
        let document = Document::new("a.txt", "Headline\n\nThe council met on Monday.\n");
        PANIC_IN_ANALYSIS.with(|p| p.set(true));
        let caught = std::panic::catch_unwind(|| crate::checks::builtin::prose::looks_english(&document));
        PANIC_IN_ANALYSIS.with(|p| p.set(false));
        assert!(caught.is_err());
        assert_eq!(take_running(), Running::Pass("(language check)"));
    }

    /// A batch finds in each document exactly what checking it alone finds, in the same
    /// order: on the fixtures and the development set's pages, batched eight at a time (a
    /// short last batch included), and on batches mixing English with a language the
    /// English-only rules skip.
    #[test]
    fn a_batch_finds_in_each_document_what_it_finds_alone() {
        let engine = Engine::default_rules().expect("default rules load");
        let texts = crate::document::sample_texts_and(&[
            "Der Minister sagte am Dienstag, dass die Gespräche fortgesetzt werden.",
            "",
            "Share this with Twitter\nThe goverment said on Tuesday the talks would go on, analysts suggest.",
        ]);
        let docs: Vec<Document> = texts.iter().map(|t| Document::new("t.txt", t)).collect();
        let alone: Vec<Vec<Diagnostic>> = docs.iter().map(|d| engine.check(d)).collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let batched: Vec<Vec<Diagnostic>> = refs.chunks(8).flat_map(|c| engine.check_batch(c)).collect();
        assert_eq!(batched.len(), alone.len());
        for (i, (b, a)) in batched.iter().zip(&alone).enumerate() {
            assert_eq!(b, a, "document {i}");
        }
        assert!(alone.iter().map(Vec::len).sum::<usize>() > 0, "the samples have findings");
        // The repetition analysis, the largest thing a document keeps, is made and then
        // released: a batch holds one at a time.
        use crate::checks::repetition::Analysis;
        let doc = &docs[0];
        let _ = Analysis::of(doc);
        assert!(doc.memo.holds::<Analysis>());
        engine.check_batch(&refs[..1]);
        assert!(refs.iter().all(|d| !d.memo.holds::<Analysis>()), "released after the repetition rules");
    }
}
