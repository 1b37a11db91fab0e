//! Time of the duplicate rules against paragraph count (1k, 10k, 20k paragraphs).
//!
//!     cargo bench --bench repetition
//!
//! The article is synthetic: paragraphs of Zipf-distributed words (as in real text, a few
//! words are everywhere and most are rare), with names and numbers, plus exact copies,
//! lightly edited copies and one repeated section, so every index and the section chaining
//! have work to do.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use newslint::rules::RuleSource;
use newslint::{Document, Engine};
use std::time::Duration;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A pronounceable word for rank `r`.
fn word(r: usize) -> String {
    const SYL: [&str; 16] =
        ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "no", "pri", "da", "go", "che", "ban", "so", "lu", "te"];
    let mut s = String::new();
    let mut x = r + 16;
    while x > 0 {
        s.push_str(SYL[x % 16]);
        x /= 16;
    }
    s
}

/// `n` paragraphs; about one in 40 is an exact copy, one in 60 a light edit, and
/// paragraphs 10-19 are printed again, reworded, in the middle.
fn article(n: usize) -> String {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let vocab: Vec<String> = (0..30_000).map(word).collect();
    // Zipf(1) sampling by inverting the harmonic CDF.
    let h: f64 = (1..=vocab.len()).map(|r| 1.0 / r as f64).sum();
    let mut cdf = Vec::with_capacity(vocab.len());
    let mut acc = 0.0;
    for r in 1..=vocab.len() {
        acc += 1.0 / r as f64 / h;
        cdf.push(acc);
    }
    let mut paras: Vec<String> = Vec::with_capacity(n);
    while paras.len() < n {
        let i = paras.len();
        if i == n / 2 && n > 40 {
            for k in 10..20 {
                let src = paras[k].clone();
                paras.push(src.split(' ').filter(|_| rng.unit() > 0.2).collect::<Vec<_>>().join(" "));
            }
            continue;
        }
        let p = if i > 100 && i % 40 == 0 {
            paras[rng.below(i)].clone()
        } else if i > 100 && i % 60 == 0 {
            let src = paras[rng.below(i)].clone();
            src.split(' ').map(|w| if rng.unit() < 0.1 { "changed" } else { w }).collect::<Vec<_>>().join(" ")
        } else {
            let len = 25 + rng.below(60);
            let mut words = Vec::with_capacity(len);
            for k in 0..len {
                let u = rng.unit();
                let w = &vocab[cdf.partition_point(|&c| c < u).min(vocab.len() - 1)];
                if k > 0 && rng.unit() < 0.05 {
                    let mut c = w.chars();
                    words.push(c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default());
                } else if rng.unit() < 0.02 {
                    words.push(rng.below(3000).to_string());
                } else {
                    words.push(w.clone());
                }
            }
            let mut s = words.join(" ");
            s.push('.');
            s
        };
        paras.push(p);
    }
    paras.truncate(n);
    paras.join("\n\n")
}

fn duplicate_rules(c: &mut Criterion) {
    let src = RuleSource { name: "duplicate.toml".into(), text: include_str!("../rules/duplicate.toml").into() };
    let engine = Engine::load(&[src]).unwrap_or_else(|_| panic!("rules/duplicate.toml does not load"));
    let mut group = c.benchmark_group("duplicate rules");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for n in [1_000, 10_000, 20_000] {
        let text = article(n);
        let doc = Document::new("bench", &text);
        let found = engine.check(&doc);
        let sections = found.iter().filter(|d| d.rule == "duplicate/repeated-section").count();
        println!("{n} paragraphs: {} duplicate findings, {sections} repeated section(s)", found.len());
        group.throughput(Throughput::Elements(n as u64));
        // A fresh document each time: the rules share one analysis per document, and the
        // same document again would reuse it. Segmenting is timed alone too, to subtract.
        let mut k = 0u64;
        let mut fresh = move || {
            k += 1;
            format!("{text}\n\nEnd of run {k}.")
        };
        group.bench_function(BenchmarkId::new("segment", n), |b| {
            b.iter_batched(&mut fresh, |t| Document::new("bench", &t).blocks.len(), BatchSize::PerIteration)
        });
        group.bench_function(BenchmarkId::new("segment + duplicate rules", n), |b| {
            b.iter_batched(&mut fresh, |t| engine.check(&Document::new("bench", &t)).len(), BatchSize::PerIteration)
        });
    }
    group.finish();
}

criterion_group!(benches, duplicate_rules);
criterion_main!(benches);
