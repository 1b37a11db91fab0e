//! Every default rule's own examples: those that must fire do, the near-misses do not.

use newslint::rules::RuleSource;
use newslint::Engine;

#[test]
fn default_rule_examples_behave() {
    let engine = Engine::default_rules().unwrap_or_else(|e| panic!("default rules must load: {e:?}"));
    let (count, failures) = engine.test_examples(None);
    assert!(count > 0, "no examples ran");
    assert!(failures.is_empty(), "{} example(s) misbehave:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_category_has_rules() {
    let engine = Engine::default_rules().expect("default rules");
    for cat in ["boilerplate", "spam", "typo", "duplicate", "attribution"] {
        assert!(engine.rules.iter().any(|r| r.category == cat), "no rule for {cat}");
    }
}

/// The embedded rule files skip the regex syntax check at start-up; this is the check.
#[test]
fn default_rule_files_pass_every_load_check_when_not_trusted() {
    let sources: Vec<RuleSource> = RuleSource::embedded()
        .into_iter()
        .map(|s| RuleSource { name: s.name.replace("<default>/", "rules/"), text: s.text })
        .collect();
    assert!(sources.iter().all(|s| !s.is_embedded()), "renamed files must not be trusted");
    assert!(RuleSource::embedded().iter().all(RuleSource::is_embedded));
    Engine::load(&sources).unwrap_or_else(|e| panic!("default rules fail a load check: {e:?}"));
    // A changed embedded file is checked again.
    let mut changed = RuleSource::embedded();
    let i = changed.iter().position(|s| s.text.contains("regex = '''")).expect("a rule file with a regex");
    changed[i].text = changed[i].text.replacen("regex = '''", "regex = '''(", 1);
    assert!(!changed[i].is_embedded());
    assert!(Engine::load(&changed).is_err(), "an unbalanced group must be reported");
}
