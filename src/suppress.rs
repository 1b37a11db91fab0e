//! Inline suppressions in Markdown/HTML comments, which stay invisible when an article is
//! rendered:
//!
//! ```text
//! <!-- newslint-disable typo/misspelling -->  ...  <!-- newslint-enable typo/misspelling -->
//! <!-- newslint-disable-next-line spam -->     (the next non-blank line)
//! Some text <!-- newslint-disable-line -->     (this line)
//! ```
//!
//! A comment names rules by id, category or glob (comma or space separated); none means all
//! rules. Text after `--` is a reason and is ignored. A suppression that silences nothing is
//! reported (`suppression/unused`), so stale comments do not pile up and hide later findings.

use crate::config::Selector;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::spans::Spans;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

pub const UNUSED: &str = "suppression/unused";
pub const UNKNOWN: &str = "suppression/unknown-rule";

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*newslint-(disable-next-line|disable-line|disable|enable)\b([^\n]*?)-->")
        .expect("static regex")
});
static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\s,]+").expect("static regex"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    Line,
}

/// One rule name (or "all") of one comment, and the bytes it silences.
#[derive(Debug)]
struct Entry {
    /// `None`: every rule.
    name: Option<String>,
    selector: Option<Selector>,
    /// The name in the comment, or the whole comment when it names no rule.
    span: Range<usize>,
    region: Range<usize>,
    used: bool,
    /// Rules a narrower `enable` turned back on inside `region` (`disable typo` … `enable
    /// typo/missing-space`).
    except: Vec<Selector>,
    /// The entry this one goes on from, past such an `enable`: reported as part of it.
    continues: Option<usize>,
    /// An `enable` that ends no open `disable`: reported, it silences nothing.
    stray_enable: bool,
}

impl Entry {
    fn new(name: Option<String>, selector: Option<Selector>, span: Range<usize>, region: Range<usize>) -> Entry {
        Entry { name, selector, span, region, used: false, except: Vec::new(), continues: None, stray_enable: false }
    }
}

/// How an `enable` naming `name` bears on an open `disable` naming `open` (`None`: all).
#[derive(PartialEq)]
enum Bearing {
    /// The `enable` names all the `disable` names, or more: it ends it.
    Ends,
    /// The `disable` names more: the `enable` turns its own rules back on inside it.
    Narrows,
    Unrelated,
}

fn bearing(open: Option<&str>, name: &str, selector: &Selector) -> Bearing {
    let category = |id: &str| id.split('/').next().unwrap_or(id).to_string();
    let Some(open) = open else { return Bearing::Narrows };
    if open == name || selector.matches(open, &category(open)) {
        return Bearing::Ends;
    }
    match Selector::parse(open) {
        Ok(o) if o.matches(name, &category(name)) => Bearing::Narrows,
        _ => Bearing::Unrelated,
    }
}

/// Entries naming the same rules (or all), for [`Suppressions::apply`].
struct Group {
    /// Indexes into the entries.
    members: Vec<usize>,
    /// The members' regions.
    regions: Spans,
    /// Starts of the findings the group silences.
    silenced: Vec<usize>,
    /// Some member turns rules back on in its region: members are tested one by one.
    excepting: bool,
}

/// The suppressions of one document.
#[derive(Debug, Default)]
pub struct Suppressions {
    entries: Vec<Entry>,
    /// Byte spans of the directive comments themselves: findings inside them are dropped.
    comments: Vec<Range<usize>>,
}

fn line_span(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

/// The first line after the one holding `offset` that has something other than whitespace.
fn next_nonblank_line(text: &str, offset: usize) -> Range<usize> {
    let mut at = line_span(text, offset).end;
    while at < text.len() {
        let l = line_span(text, at + 1);
        if !text[l.clone()].trim().is_empty() {
            return l;
        }
        at = l.end;
    }
    text.len()..text.len()
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        let mut s = Suppressions::default();
        if !text.contains("newslint-") {
            return s;
        }
        // Open `disable` entries (indexes into `entries`) by the name they give, so that an
        // `enable` reads only those it closes: scanning every open one for each `enable` took
        // the square of their number on a page of many unclosed `disable` comments.
        let mut open: HashMap<Option<String>, Vec<usize>> = HashMap::new();
        for c in DIRECTIVE.captures_iter(text) {
            let (Some(all), Some(kind), Some(args)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            s.comments.push(all.range());
            let kind = match kind.as_str() {
                "disable" => Kind::Disable,
                "enable" => Kind::Enable,
                "disable-next-line" => Kind::NextLine,
                _ => Kind::Line,
            };
            let list = args.as_str().split(" --").next().unwrap_or("");
            let names: Vec<(String, Range<usize>)> = NAME
                .find_iter(list)
                .map(|m| (m.as_str().to_string(), args.start() + m.start()..args.start() + m.end()))
                .collect();
            if kind == Kind::Enable {
                s.enable(&mut open, names, all.range(), text.len());
                continue;
            }
            let region = match kind {
                Kind::Disable => all.end()..text.len(),
                Kind::NextLine => next_nonblank_line(text, all.start()),
                _ => line_span(text, all.start()),
            };
            let list: Vec<(Option<String>, Range<usize>)> = if names.is_empty() {
                vec![(None, all.range())]
            } else {
                names.into_iter().map(|(n, r)| (Some(n), r)).collect()
            };
            for (name, span) in list {
                if kind == Kind::Disable {
                    open.entry(name.clone()).or_default().push(s.entries.len());
                }
                let selector = name.as_deref().and_then(|n| Selector::parse(n).ok());
                s.entries.push(Entry::new(name, selector, span, region.clone()));
            }
        }
        s
    }

    /// An `enable` comment at `at`. A bare one ends every open `disable`. A named one ends
    /// those whose rules it names all of (`enable typo` ends `disable typo/missing-space`),
    /// and turns its rules back on inside a `disable` that names more (`disable typo` …
    /// `enable typo/missing-space`), as ESLint reads them: that `disable` goes on past it,
    /// with the exception, until something ends it. One that bears on nothing is reported.
    fn enable(
        &mut self,
        open: &mut HashMap<Option<String>, Vec<usize>>,
        mut names: Vec<(String, Range<usize>)>,
        at: Range<usize>,
        len: usize,
    ) {
        if names.is_empty() {
            let closed: Vec<usize> = open.drain().flat_map(|(_, v)| v).collect();
            if closed.is_empty() {
                let mut stray = Entry::new(None, None, at.clone(), at.start..at.start);
                stray.stray_enable = true;
                self.entries.push(stray);
            }
            for i in closed {
                self.entries[i].region.end = at.start;
            }
            return;
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|(n, _)| seen.insert(n.clone()));
        let mut named: Vec<(String, Range<usize>, Selector)> = Vec::new();
        for (name, span) in names {
            match Selector::parse(&name) {
                Ok(sel) => named.push((name, span, sel)),
                // Matches nothing: reported as an unknown rule.
                Err(_) => self.entries.push(Entry::new(Some(name), None, span, at.start..at.start)),
            }
        }
        let mut bore = vec![false; named.len()];
        // Sorted: entries are made in the same order on every run.
        let mut keys: Vec<Option<String>> = open.keys().cloned().collect();
        keys.sort();
        for key in keys {
            let mut ends = false;
            let mut narrowing = Vec::new();
            for (k, (name, _, sel)) in named.iter().enumerate() {
                match bearing(key.as_deref(), name, sel) {
                    Bearing::Ends => ends = true,
                    Bearing::Narrows => narrowing.push(sel.clone()),
                    Bearing::Unrelated => continue,
                }
                bore[k] = true;
            }
            if !ends && narrowing.is_empty() {
                continue;
            }
            let ended = open.remove(&key).unwrap_or_default();
            for &i in &ended {
                self.entries[i].region.end = at.start;
            }
            if ends {
                continue;
            }
            let goes_on = open.entry(key.clone()).or_default();
            for i in ended {
                let e = &self.entries[i];
                let mut next = Entry::new(key.clone(), e.selector.clone(), e.span.clone(), at.end..len);
                next.except = e.except.iter().cloned().chain(narrowing.iter().cloned()).collect();
                next.continues = Some(e.continues.unwrap_or(i));
                goes_on.push(self.entries.len());
                self.entries.push(next);
            }
        }
        for ((name, span, sel), bore) in named.into_iter().zip(bore) {
            if !bore {
                let mut stray = Entry::new(Some(name), Some(sel), span, at.start..at.start);
                stray.stray_enable = true;
                self.entries.push(stray);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }

    /// Drops suppressed findings and adds findings about the comments themselves.
    ///
    /// `known` says whether a selector names a loaded rule; `report(rule)` gives the
    /// severity of a synthetic rule, or `None` when it is switched off.
    pub fn apply(
        &mut self,
        diags: Vec<Diagnostic>,
        text: &str,
        known: impl Fn(&Selector) -> bool,
        report: impl Fn(&str) -> Option<Severity>,
    ) -> Vec<Diagnostic> {
        if self.is_empty() {
            return diags;
        }
        let mut out = self.silence(diags);
        // An entry that goes on past a narrower `enable` is reported as the comment it
        // continues: used if any part of it is.
        for i in 0..self.entries.len() {
            if let (Some(root), true) = (self.entries[i].continues, self.entries[i].used) {
                self.entries[root].used = true;
            }
        }
        for e in self.entries.iter().filter(|e| e.continues.is_none()) {
            let shown = e.name.as_deref().unwrap_or("all rules");
            let unknown = e.name.is_some() && e.selector.as_ref().is_none_or(|s| !known(s));
            let (rule, message, help) = if unknown {
                (UNKNOWN, format!("`{shown}` in this comment matches no rule"), "`newslint rules` lists the rule ids")
            } else if e.stray_enable {
                let message = match &e.name {
                    Some(n) => format!("this `enable` of `{n}` ends no `disable` above it"),
                    None => "this `enable` ends no `disable` above it".to_string(),
                };
                (UNUSED, message, "delete the comment, or name the rules of the `disable` it should end")
            } else if !e.used {
                let message = match &e.name {
                    Some(n) => format!("unused suppression: no `{n}` finding where this comment applies"),
                    None => "unused suppression: no finding where this comment applies".to_string(),
                };
                (UNUSED, message, "delete the comment, or name the rule that should be silenced")
            } else {
                continue;
            };
            let Some(severity) = report(rule) else { continue };
            out.push(Diagnostic {
                rule: rule.to_string(),
                category: "suppression".to_string(),
                severity,
                message,
                span: e.span.clone(),
                matched: text[e.span.clone()].to_string(),
                labels: Vec::new(),
                help: Some(help.to_string()),
                notes: Vec::new(),
                fix: None,
            });
        }
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out
    }

    /// The findings no entry silences; marks the entries that silence one as used.
    fn silence(&mut self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len());
        // The entries grouped by what they name (all rules, or one name), each group's regions
        // in `Spans`: whether a group silences a finding is a binary search, and an entry is
        // used when a finding its group silences starts in its region. Each finding was tested
        // against every entry, and each comment; a page of many comments and findings took the
        // square of their number. An entry naming no known rule silences nothing.
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.name.is_some() && e.selector.is_none() {
                continue;
            }
            match members.iter_mut().find(|m| self.entries[m[0]].name == e.name) {
                Some(m) => m.push(i),
                None => members.push(vec![i]),
            }
        }
        let mut groups: Vec<Group> = members
            .into_iter()
            .map(|members| Group {
                regions: Spans::new(members.iter().map(|&i| self.entries[i].region.clone()).collect()),
                excepting: members.iter().any(|&i| !self.entries[i].except.is_empty()),
                members,
                silenced: Vec::new(),
            })
            .collect();
        for d in diags {
            // Comments come in order and do not overlap: only the last one starting at or
            // before the finding can hold it.
            let before = self.comments.partition_point(|c| c.start <= d.span.start);
            if before > 0 && d.span.end <= self.comments[before - 1].end {
                continue;
            }
            let mut silenced = false;
            for g in &mut groups {
                // No selector: the group names all rules.
                let names =
                    self.entries[g.members[0]].selector.as_ref().is_none_or(|s| s.matches(&d.rule, &d.category));
                if !names || !g.regions.hold_place(d.span.start) {
                    continue;
                }
                if !g.excepting {
                    silenced = true;
                    g.silenced.push(d.span.start);
                    continue;
                }
                // Rules turned back on inside some regions (rare): each member on its own.
                for &i in &g.members {
                    let e = &mut self.entries[i];
                    if e.region.contains(&d.span.start) && !e.except.iter().any(|x| x.matches(&d.rule, &d.category)) {
                        silenced = true;
                        e.used = true;
                    }
                }
            }
            if !silenced {
                out.push(d);
            }
        }
        for g in &mut groups {
            g.silenced.sort_unstable();
            for &i in &g.members {
                let e = &mut self.entries[i];
                let first = g.silenced.partition_point(|&p| p < e.region.start);
                e.used |= g.silenced.get(first).is_some_and(|&p| p < e.region.end);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(rule: &str, text: &str, word: &str) -> Diagnostic {
        let start = text.find(word).unwrap();
        Diagnostic {
            rule: rule.into(),
            category: rule.split('/').next().unwrap().into(),
            severity: Severity::Warning,
            message: String::new(),
            span: start..start + word.len(),
            matched: word.into(),
            labels: vec![],
            help: None,
            notes: vec![],
            fix: None,
        }
    }

    fn run(text: &str, diags: Vec<Diagnostic>) -> Vec<(String, String)> {
        let mut s = Suppressions::parse(text);
        s.apply(
            diags,
            text,
            |sel| sel.matches("typo/a", "typo") || sel.matches("spam/b", "spam"),
            |_| Some(Severity::Info),
        )
        .into_iter()
        .map(|d| (d.rule, d.matched))
        .collect()
    }

    #[test]
    fn ranges_lines_and_unused() {
        let text = "one AAA\n<!-- newslint-disable typo/a -->\ntwo BBB\n<!-- newslint-enable typo/a -->\nthree CCC\n\
                    <!-- newslint-disable-next-line spam -->\n\nfour DDD\nfive EEE <!-- newslint-disable-line -->\n";
        let got = run(
            text,
            vec![
                diag("typo/a", text, "AAA"),
                diag("typo/a", text, "BBB"),
                diag("typo/a", text, "CCC"),
                diag("spam/b", text, "DDD"),
                diag("typo/a", text, "EEE"),
            ],
        );
        assert_eq!(got, [("typo/a".to_string(), "AAA".to_string()), ("typo/a".into(), "CCC".into())]);
    }

    /// What silencing by testing each finding against every comment and entry gives.
    fn silence_by_scanning(s: &mut Suppressions, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for d in diags {
            if s.comments.iter().any(|c| c.start <= d.span.start && d.span.end <= c.end) {
                continue;
            }
            let mut silenced = false;
            for e in &mut s.entries {
                let names = match (&e.name, &e.selector) {
                    (None, _) => true,
                    (Some(_), Some(sel)) => sel.matches(&d.rule, &d.category),
                    (Some(_), None) => false,
                };
                let excepted = e.except.iter().any(|x| x.matches(&d.rule, &d.category));
                if e.region.contains(&d.span.start) && names && !excepted {
                    e.used = true;
                    silenced = true;
                }
            }
            if !silenced {
                out.push(d);
            }
        }
        out
    }

    /// The same findings kept and the same entries used as by scanning, on random pages of
    /// every kind of comment, nested and unclosed, with findings everywhere, comments included.
    #[test]
    fn silencing_is_scanning() {
        let pieces = [
            "<!-- newslint-disable typo/a -->\n",
            "<!-- newslint-enable typo/a -->\n",
            "<!-- newslint-enable typo -->\n",
            "<!-- newslint-disable typo -->\n",
            "<!-- newslint-enable typo/a typo/c -->\n",
            "<!-- newslint-disable -->\n",
            "<!-- newslint-enable -->\n",
            "<!-- newslint-disable-next-line spam, typo/zzz -->\n",
            "x <!-- newslint-disable-line typo -->\n",
            "\n",
            "plain words here\n",
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..300 {
            let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            let rules = ["typo/a", "spam/b", "typo/c"];
            let diags: Vec<Diagnostic> = (0..next(10))
                .map(|_| {
                    let start = next(text.len() + 1);
                    let mut d = diag(rules[next(3)], "w", "w");
                    d.span = start..(start + next(4)).min(text.len());
                    d
                })
                .collect();
            let (mut fast, mut slow) = (Suppressions::parse(&text), Suppressions::parse(&text));
            let kept: Vec<_> = fast.silence(diags.clone()).into_iter().map(|d| (d.rule, d.span)).collect();
            let want: Vec<_> = silence_by_scanning(&mut slow, diags).into_iter().map(|d| (d.rule, d.span)).collect();
            assert_eq!(kept, want, "{text:?}");
            let used = |s: &Suppressions| s.entries.iter().map(|e| e.used).collect::<Vec<_>>();
            assert_eq!(used(&fast), used(&slow), "{text:?}");
            assert!(fast.entries.iter().all(|e| e.region.start <= e.region.end), "{text:?}");
        }
    }

    /// A named `enable` closes the open `disable` comments of its names only, a bare one all
    /// of them; what it closes ends where it starts, and what stays open runs to the end. A
    /// `disable` of more rules (here: of all) goes on past it, with its rules back on.
    #[test]
    fn enable_closes_what_it_names() {
        let text = "<!-- newslint-disable typo/a -->a\n<!-- newslint-disable -->b\n<!-- newslint-disable spam, typo/a -->c\n\
                    <!-- newslint-enable typo/a typo/a -->d\n<!-- newslint-disable typo/c -->e\n<!-- newslint-enable -->f\n\
                    <!-- newslint-disable spam -->g\n";
        let s = Suppressions::parse(text);
        let at = |needle: &str| text.find(needle).unwrap();
        let ends: Vec<(Option<&str>, usize)> = s.entries.iter().map(|e| (e.name.as_deref(), e.region.end)).collect();
        let (named_enable, bare_enable) = (at("<!-- newslint-enable typo/a"), at("<!-- newslint-enable -->"));
        assert_eq!(
            ends,
            [
                (Some("typo/a"), named_enable),
                (None, named_enable),
                (Some("spam"), bare_enable),
                (Some("typo/a"), named_enable),
                (None, bare_enable),
                (Some("typo/c"), bare_enable),
                (Some("spam"), text.len()),
            ]
        );
        let goes_on = &s.entries[4];
        assert_eq!((goes_on.continues, goes_on.except.len()), (Some(1), 1));
        assert!(goes_on.except[0].matches("typo/a", "typo") && !goes_on.except[0].matches("typo/c", "typo"));
    }

    /// `enable typo` ends `disable typo/a`; `enable typo/a` inside `disable typo` turns typo/a
    /// back on and leaves typo/c off; an `enable` that ends nothing is reported, and a
    /// `disable` used only past a narrower `enable` is not reported as unused.
    #[test]
    fn enable_ends_narrower_and_narrows_wider_disables() {
        let text = "<!-- newslint-disable typo/a -->\nA1\n<!-- newslint-enable typo -->\nA2\n\
                    <!-- newslint-disable typo -->\nA3 C3\n<!-- newslint-enable typo/a -->\nA4 C4\n\
                    <!-- newslint-enable spam -->\n";
        let diags = ["A1", "A2", "A3", "A4"].iter().map(|w| diag("typo/a", text, w));
        let diags = diags.chain(["C3", "C4"].iter().map(|w| diag("typo/c", text, w))).collect();
        let got = run(text, diags);
        let want = [("typo/a", "A2"), ("typo/a", "A4"), (UNUSED, "spam")];
        assert_eq!(got, want.map(|(r, m)| (r.to_string(), m.to_string())));
    }

    #[test]
    fn unused_and_unknown_are_reported() {
        let text = "<!-- newslint-disable-next-line typo/a, typo/zzz -- reason here -->\nclean line\n";
        let got = run(text, vec![]);
        assert_eq!(got, [(UNUSED.to_string(), "typo/a".to_string()), (UNKNOWN.into(), "typo/zzz".into())]);
    }
}
