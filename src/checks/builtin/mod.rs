//! Checks written in Rust and configured from TOML by name (`[rule.check.builtin]`), for
//! what a phrase or regex cannot say: spacing, sentence case, tables of contents, spam.

mod cta;
mod doubled_word;
mod furniture;
mod html_debris;
mod labels;
mod layout;
mod missing_space;
mod mojibake;
mod numbers;
pub mod prose;
mod quotes;
mod sentence_case;
mod spam;
mod tags;
mod toc;

use super::Check;
use serde::de::DeserializeOwned;

/// The patterns of the builtins' own regexes (statics, made once per process).
#[cfg(test)]
pub(crate) fn own_patterns() -> Vec<&'static str> {
    vec![
        spam::OFFER.pattern(),
        spam::PRICE.pattern(),
        spam::CONTACT.pattern(),
        tags::LABEL.pattern(),
        tags::JOINED.pattern(),
        layout::TWO_SENTENCES.pattern(),
        layout::NOT_BODY.pattern(),
        layout::HEADLINE_NOT.pattern(),
        layout::BYLINE.pattern(),
        layout::DATELINE.pattern(),
        html_debris::ENTITY.pattern(),
        html_debris::TAG.pattern(),
        html_debris::BLOCK_TAG.pattern(),
    ]
}

/// The patterns of the builtins' own gated regexes. Each gate is built once per process, by
/// whichever thread first asks: the literal table's test cannot count on seeing them asked.
#[cfg(test)]
pub(crate) fn own_gated_patterns() -> Vec<&'static str> {
    vec![spam::OFFER.pattern(), spam::PRICE.pattern()]
}

/// Names `[rule.check.builtin] name = ...` accepts.
pub const NAMES: &[&str] = &[
    "missing-space",
    "sentence-case",
    "table-of-contents",
    "spam-fragment",
    "doubled-word",
    "closing-quote-opens",
    "unbalanced-quotes",
    "mojibake",
    "html-debris",
    "menu",
    "page-furniture",
    "call-to-action",
    "tag-list",
    "number-line",
    "empty-label",
];

/// Parses a builtin's `params` table with its own schema (unknown keys rejected).
pub fn params<T: DeserializeOwned>(table: &toml::Table) -> Result<T, String> {
    toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("invalid params: {}", e.message()))
}

/// Builds the builtin called `name`.
/// `trusted`: the parameters come from an embedded rule file, whose regexes the test suite
/// has checked (start-up does not parse them again).
pub fn make(name: &str, table: &toml::Table, trusted: bool) -> Result<Box<dyn Check>, String> {
    Ok(match name {
        "missing-space" => Box::new(missing_space::MissingSpace::new(params(table)?)),
        "sentence-case" => Box::new(sentence_case::SentenceCase::new(params(table)?)),
        "table-of-contents" => Box::new(toc::TableOfContents::new(params(table)?)),
        "spam-fragment" => Box::new(spam::SpamFragment::new(params(table)?)?),
        "doubled-word" => Box::new(doubled_word::DoubledWord::new(params(table)?)),
        "closing-quote-opens" => Box::new(quotes::ClosingQuoteOpens::new(params(table)?)),
        "unbalanced-quotes" => Box::new(quotes::UnbalancedQuotes::new(params(table)?)),
        "mojibake" => Box::new(mojibake::Mojibake::new(params(table)?)),
        "html-debris" => Box::new(html_debris::HtmlDebris::new(params(table)?)),
        "menu" => Box::new(furniture::Menu::new(params(table)?)?),
        "call-to-action" => Box::new(cta::CallToAction::new(params(table)?, trusted)?),
        "tag-list" => Box::new(tags::TagList::new(params(table)?)),
        "page-furniture" => Box::new(furniture::PageFurniture::new(params(table)?)?),
        "number-line" => Box::new(numbers::NumberLine::new(params(table)?)),
        "empty-label" => Box::new(labels::EmptyLabel::new(params(table)?, trusted)?),
        _ => return Err(format!("unknown builtin `{name}`; expected one of: {}", NAMES.join(", "))),
    })
}
