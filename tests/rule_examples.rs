//! Every default rule's own examples: those that must fire do, the near-misses do not.

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
