//! Throughput per check kind: each default rule file alone, and all of them, over a
//! synthetic article built from the bundled fixtures (about 1 MiB).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newslint::rules::RuleSource;
use newslint::{Document, Engine};

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles");
    let mut one = String::new();
    for name in ["scraped.txt", "clean.txt", "long-line.txt"] {
        one.push_str(&std::fs::read_to_string(format!("{dir}/{name}")).expect("fixture"));
        one.push('\n');
    }
    one.repeat((1 << 20) / one.len() + 1)
}

fn by_kind(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("segmentation only", |b| b.iter(|| Document::new("bench", &text).blocks.len()));
    let all = RuleSource::embedded();
    for src in &all {
        let engine = Engine::load(std::slice::from_ref(src)).expect("rules load");
        let name = src.name.trim_start_matches("<default>/").to_string();
        group.bench_function(name, |b| b.iter(|| engine.check(&Document::new("bench", &text)).len()));
    }
    let engine = Engine::load(&all).expect("rules load");
    group.bench_function("all default rules", |b| b.iter(|| engine.check(&Document::new("bench", &text)).len()));
    group.finish();
}

fn startup(c: &mut Criterion) {
    let all = RuleSource::embedded();
    c.bench_function("load and compile the default rules", |b| b.iter(|| Engine::load(&all).map(|e| e.rules.len())));
}

criterion_group!(benches, by_kind, startup);
criterion_main!(benches);
