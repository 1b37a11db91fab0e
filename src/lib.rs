//! newslint: a content-quality linter for aggregated news.
//!
//! The library never prints: [`Engine::check`] turns a [`Document`] into plain
//! [`Diagnostic`]s and the `render` module turns those into text for people or machines.

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fix;
pub mod heap;
pub mod interrupt;
pub mod ordered;
pub mod render;
pub mod rules;
pub mod suppress;
pub mod timing;

pub use diagnostic::{Diagnostic, Severity};
pub use document::Document;
pub use engine::Engine;

/// Lints one text with an engine.
pub fn lint(engine: &Engine, path: &str, text: &str) -> Vec<Diagnostic> {
    engine.check(&Document::new(path, text))
}
