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
}

/// Entries naming the same rules (or all), for [`Suppressions::apply`].
struct Group {
    /// Indexes into the entries.
    members: Vec<usize>,
    /// The members' regions.
    regions: Spans,
    /// Starts of the findings the group silences.
    silenced: Vec<usize>,
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
                // A bare `enable` closes every open `disable`, a named one those of its names.
                let closed: Vec<usize> = if names.is_empty() {
                    open.drain().flat_map(|(_, v)| v).collect()
                } else {
                    names.iter().flat_map(|(n, _)| open.remove(&Some(n.clone())).unwrap_or_default()).collect()
                };
                for i in closed {
                    s.entries[i].region.end = all.start();
                }
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
                s.entries.push(Entry { name, selector, span, region: region.clone(), used: false });
            }
        }
        s
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
        for e in &self.entries {
            let shown = e.name.as_deref().unwrap_or("all rules");
            let unknown = e.name.is_some() && e.selector.as_ref().is_none_or(|s| !known(s));
            let (rule, message, help) = if unknown {
                (UNKNOWN, format!("`{shown}` in this comment matches no rule"), "`newslint rules` lists the rule ids")
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
                if names && g.regions.hold_place(d.span.start) {
                    silenced = true;
                    g.silenced.push(d.span.start);
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
                if e.region.contains(&d.span.start) && names {
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
        }
    }

    /// A named `enable` closes the open `disable` comments of its names only, a bare one all
    /// of them; what it closes ends where it starts, and what stays open runs to the end.
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
                (None, bare_enable),
                (Some("spam"), bare_enable),
                (Some("typo/a"), named_enable),
                (Some("typo/c"), bare_enable),
                (Some("spam"), text.len()),
            ]
        );
    }

    #[test]
    fn unused_and_unknown_are_reported() {
        let text = "<!-- newslint-disable-next-line typo/a, typo/zzz -- reason here -->\nclean line\n";
        let got = run(text, vec![]);
        assert_eq!(got, [(UNUSED.to_string(), "typo/a".to_string()), (UNKNOWN.into(), "typo/zzz".into())]);
    }
}
