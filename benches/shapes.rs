//! Time of all default rules on page shapes that once took time quadratic in their size:
//! one long line of prose, one long line of quotations and attribution cues, and thousands
//! of short boilerplate lines, each at a size and four times it. In linear time the two
//! sizes read the same bytes per second.
//!
//!     cargo bench --bench shapes
//!
//! Each finding's line and column are asked too, as every output format does.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newslint::rules::RuleSource;
use newslint::{Document, Engine};
use std::time::Duration;

/// `n` words drawn in turn (a fixed cycle of strides, so the text is the same every run)
/// from `words`, joined by spaces, a full stop after every `stop` words when `stop` > 0.
fn line(words: &[&str], n: usize, stop: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(words[(i * 7 + i / 3) % words.len()]);
        if stop > 0 && i % stop == stop - 1 {
            out.push('.');
        }
    }
    out.push('\n');
    out
}

/// A shape's name and the page of it with `n` words or lines.
type Shape = (&'static str, Box<dyn Fn(usize) -> String>);

fn shapes() -> Vec<Shape> {
    let prose = [
        "the", "council", "voted", "on", "Tuesday", "to", "close", "harbour", "bridge", "analysts", "suggest",
        "reports", "indicate",
    ];
    let quotes = [
        "\"Analysts say",
        "it will fail,\"",
        "Smith said.",
        "Experts warn",
        "that",
        "\"reports",
        "indicate\"",
        "the plan.",
    ];
    vec![
        ("one line of prose", Box::new(move |n| line(&prose, n, 15))),
        ("one line of quotations", Box::new(move |n| line(&quotes, n, 0))),
        (
            "short boilerplate lines",
            Box::new(|n| ["Admin\n", "Share\n", "0\n", "Source link\n"].concat().repeat(n / 4)),
        ),
    ]
}

fn by_shape(c: &mut Criterion) {
    let engine = Engine::load(&RuleSource::embedded()).expect("rules load");
    let mut group = c.benchmark_group("shapes");
    group.sample_size(10).measurement_time(Duration::from_secs(4));
    for (name, make) in shapes() {
        for n in [20_000, 80_000] {
            let text = make(n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter(|| {
                    let doc = Document::new("bench", &text);
                    engine.check(&doc).iter().map(|d| doc.line_col(d.span.start).1).sum::<usize>()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, by_shape);
criterion_main!(benches);
