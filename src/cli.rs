//! The command line: `check`, `rules`, `explain`, `test-rules`. Exit codes: 0 clean, 1
//! findings at or above `--fail-on`, 2 usage, configuration or I/O errors.

use crate::diagnostic::Severity;
use crate::document::{decode, Document, LoadError};
use crate::engine::Engine;
use crate::render::{self, human, Counts, JsonFinding};
use crate::rules::RuleSource;
use crate::{fix, Diagnostic};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(name = "newslint", version, about = "A content-quality linter for aggregated news articles")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Lint files, folders (recursively) or `-` for standard input.
    Check(CheckArgs),
    /// List every rule: id, category, severity and what it finds.
    Rules(RuleArgs),
    /// Print a rule's description, help and examples.
    Explain {
        /// Rule id, such as `typo/misspelling`.
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run the examples of the default rules and of given rule files; fail on any that misbehaves.
    TestRules {
        /// Rule files or folders whose examples run (with the default rules unless --no-default-rules).
        paths: Vec<PathBuf>,
        #[arg(long)]
        no_default_rules: bool,
    },
}

#[derive(Args, Clone, Default)]
pub struct RuleArgs {
    /// Add rules from a TOML file or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the default rules embedded in the binary.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input. Defaults to the current folder.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Name to report for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_name = "SEVERITY", default_value = "warning", value_parser = parse_severity)]
    pub fail_on: Severity,
    /// Exit 0 even when findings are reported (errors loading files or rules still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply safe fixes to the files in place.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply fixes that need a person's judgement.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit code 1 when a file would change).
    #[arg(long)]
    pub diff: bool,
    /// File extensions linted when walking folders.
    #[arg(long, value_delimiter = ',', default_value = "txt,md,markdown,text")]
    pub extensions: Vec<String>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(r) => list_rules(&r),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::TestRules { paths, no_default_rules } => test_rules(&paths, no_default_rules),
    }
}

fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Loads the default and extra rules, printing errors with spans into the TOML files.
pub fn load_engine(args: &RuleArgs) -> Result<(Engine, Vec<RuleSource>), i32> {
    let mut sources = if args.no_default_rules { Vec::new() } else { RuleSource::embedded() };
    for p in &args.rules {
        match RuleSource::read(p) {
            Ok(mut s) => sources.append(&mut s),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(2);
            }
        }
    }
    match Engine::load(&sources) {
        Ok(e) => Ok((e, sources)),
        Err(errors) => {
            let mut err = std::io::stderr().lock();
            let _ = render::rule_errors(&mut err, stderr_color(), &sources, &errors);
            let _ = writeln!(err, "error: {} problem(s) in rule files; nothing was linted", errors.len());
            Err(2)
        }
    }
}

/// One input to lint.
enum Input {
    Stdin(String),
    File(PathBuf),
}

/// What linting one input produced, already rendered so files print as whole units.
struct Outcome {
    out: Vec<u8>,
    counts: Counts,
    error: Option<String>,
    /// With `--diff`: the file would change.
    changed: bool,
}

fn collect_inputs(args: &CheckArgs, errors: &mut Vec<String>) -> Vec<Input> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin(args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into())));
        } else if p.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(&p).build() {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
                        if args.extensions.iter().any(|x| x.eq_ignore_ascii_case(&ext)) {
                            found.push(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(format!("{e}")),
                }
            }
            found.sort();
            inputs.extend(found.into_iter().map(Input::File));
        } else if p.exists() {
            inputs.push(Input::File(p));
        } else {
            errors.push(format!("{}: no such file or folder", p.display()));
        }
    }
    inputs
}

fn check(args: CheckArgs) -> i32 {
    let (engine, _) = match load_engine(&args.rules) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    let mut errors = Vec::new();
    let inputs = collect_inputs(&args, &mut errors);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut total = Counts::default();
    let mut io_errors = errors.len();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut first_json = true;
    // A patch (--diff) or fixed standard input goes to stdout: findings and the summary must
    // not be mixed into it, so the summary goes to stderr and JSON gets no brackets.
    let text_out = args.diff || (args.fix && inputs.iter().any(|i| matches!(i, Input::Stdin(_))));
    let mut changed = 0;
    if args.format == Format::Json && !text_out {
        let _ = out.write_all(b"[");
    }
    // Files in parallel, in chunks, so memory stays flat and output keeps the input order.
    let chunk = rayon::current_num_threads().max(1) * 16;
    for part in inputs.chunks(chunk) {
        // One file needs no thread pool: starting one costs more than the lint (pre-commit).
        let outcomes: Vec<Outcome> = if part.len() == 1 {
            part.iter().map(|i| lint_guarded(&engine, &args, i, color)).collect()
        } else {
            part.par_iter().map(|i| lint_guarded(&engine, &args, i, color)).collect()
        };
        for o in outcomes {
            if let Some(e) = &o.error {
                io_errors += 1;
                eprintln!("error: {e}");
            }
            total.merge(o.counts);
            changed += usize::from(o.changed);
            if args.format == Format::Json && !text_out && !o.out.is_empty() {
                if !first_json {
                    let _ = out.write_all(b",");
                }
                first_json = false;
            }
            if out.write_all(&o.out).is_err() {
                return 2; // stdout closed (a pipe to `head`): stop quietly.
            }
        }
    }
    match args.format {
        Format::Json if !text_out => {
            let _ = out.write_all(b"]\n");
        }
        Format::Human if text_out => {
            eprintln!("{}", if args.diff { format!("{changed} file(s) would change") } else { total.summary() });
        }
        Format::Human => {
            let _ = writeln!(out, "{}", total.summary());
        }
        _ => {}
    }
    let _ = out.flush();
    // The process is about to exit: freeing the compiled rules one by one is wasted time.
    std::mem::forget(engine);
    if io_errors > 0 {
        2
    } else if !args.exit_zero && (total.at_least(args.fail_on) > 0 || (args.diff && changed > 0)) {
        1
    } else {
        0
    }
}

/// Lints one input; a bug in a check costs that file (reported, exit 2), never the run.
fn lint_guarded(engine: &Engine, args: &CheckArgs, input: &Input, color: bool) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lint_input(engine, args, input, color))).unwrap_or_else(
        |_| {
            let name = match input {
                Input::Stdin(n) => n.clone(),
                Input::File(p) => p.display().to_string(),
            };
            Outcome {
                out: Vec::new(),
                counts: Counts::default(),
                error: Some(format!("{name}: internal error while linting (a bug in newslint; please report it)")),
                changed: false,
            }
        },
    )
}

fn read_input(input: &Input) -> Result<(String, Vec<u8>), String> {
    match input {
        Input::Stdin(name) => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("{name}: cannot read standard input: {e}"))?;
            Ok((name.clone(), buf))
        }
        Input::File(p) => {
            let name = p.display().to_string();
            std::fs::read(p).map(|b| (name.clone(), b)).map_err(|e| format!("{name}: cannot read: {e}"))
        }
    }
}

fn lint_input(engine: &Engine, args: &CheckArgs, input: &Input, color: bool) -> Outcome {
    let mut o = Outcome { out: Vec::new(), counts: Counts::default(), error: None, changed: false };
    let (name, bytes) = match read_input(input) {
        Ok(x) => x,
        Err(e) => {
            o.error = Some(e);
            return o;
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(LoadError::Binary) if matches!(input, Input::File(_)) && !named_on_command_line(args, input) => return o,
        Err(e) => {
            o.error = Some(format!("{name}: {e}"));
            return o;
        }
    };
    o.counts.files = 1;
    let fixed_storage;
    let text_ref: &str = if args.fix || args.diff {
        let (fixed, applied) = fix::fix_text(engine, &name, text, args.unsafe_fixes);
        let changed = applied > 0 && fixed != text;
        if args.diff {
            o.changed = changed;
            if changed {
                o.out.extend_from_slice(fix::unified_diff(&name, text, &fixed).as_bytes());
            }
            return o;
        }
        match input {
            // Fixed text goes to stdout, the way formatters treat a pipe.
            Input::Stdin(_) => {
                o.out.extend_from_slice(fixed.as_bytes());
                return o;
            }
            Input::File(p) => {
                if changed {
                    if let Err(e) = fix::write_atomic(p, fixed.as_bytes()) {
                        o.error = Some(format!("{name}: cannot write fixes: {e}"));
                        return o;
                    }
                    eprintln!("fixed {applied} finding(s) in {name}");
                }
                fixed_storage = fixed;
                &fixed_storage
            }
        }
    } else {
        text
    };
    let doc = Document::new(name.clone(), text_ref);
    let diags = engine.check(&doc);
    render_file(&mut o, &doc, &name, &diags, args.format, color);
    o
}

fn named_on_command_line(args: &CheckArgs, input: &Input) -> bool {
    matches!(input, Input::File(p) if args.paths.iter().any(|a| a == p))
}

fn render_file(o: &mut Outcome, doc: &Document, name: &str, diags: &[Diagnostic], format: Format, color: bool) {
    let mut first = true;
    for d in diags {
        o.counts.add(d.severity);
        match format {
            Format::Human => {
                let _ = human::emit(&mut o.out, color, doc, name, d);
            }
            Format::Jsonl | Format::Json => {
                if format == Format::Json && !first {
                    o.out.push(b',');
                }
                first = false;
                let _ = serde_json::to_writer(&mut o.out, &JsonFinding::new(doc, name, d));
                if format == Format::Jsonl {
                    o.out.push(b'\n');
                }
            }
        }
    }
}

fn list_rules(args: &RuleArgs) -> i32 {
    let (engine, _) = match load_engine(args) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let mut out = std::io::stdout().lock();
    let width = engine.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
    for r in &engine.rules {
        let line = r.description.as_deref().unwrap_or(&r.message).lines().next().unwrap_or("").to_string();
        if writeln!(out, "{:width$}  {:11}  {:7}  {}", r.id, r.category, r.severity.as_str(), line).is_err() {
            break;
        }
    }
    0
}

fn explain(id: &str, args: &RuleArgs) -> i32 {
    let (engine, _) = match load_engine(args) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let Some(r) = engine.rules.iter().find(|r| r.id == id) else {
        eprintln!("error: no rule `{id}`; `newslint rules` lists them");
        return 2;
    };
    let mut s = format!("{}  ({}, {}, {} check, from {})\n\n", r.id, r.category, r.severity, r.kind, r.origin);
    if let Some(d) = &r.description {
        s.push_str(d.trim());
        s.push_str("\n\n");
    }
    s.push_str(&format!("message: {}\n", r.message));
    if let Some(h) = &r.help {
        s.push_str(&format!("help:    {h}\n"));
    }
    s.push_str(&format!("fix:     {:?}\n", r.fix).to_lowercase());
    s.push_str("\nReported:\n");
    for e in &r.examples.fire {
        s.push_str(&format!("  ✗ {e}\n"));
    }
    s.push_str("\nNot reported:\n");
    for e in &r.examples.pass {
        s.push_str(&format!("  ✓ {e}\n"));
    }
    print!("{s}");
    0
}

fn test_rules(paths: &[PathBuf], no_default_rules: bool) -> i32 {
    let args = RuleArgs { rules: paths.to_vec(), no_default_rules };
    let (engine, _) = match load_engine(&args) {
        Ok(x) => x,
        Err(c) => return c,
    };
    // With files given, only their rules' examples run; the defaults still take part in linting.
    let only: Option<Vec<usize>> = (!paths.is_empty()).then(|| {
        let given: Vec<String> =
            paths.iter().flat_map(|p| RuleSource::read(Path::new(p)).unwrap_or_default()).map(|s| s.name).collect();
        engine.rules.iter().enumerate().filter(|(_, r)| given.contains(&r.origin)).map(|(i, _)| i).collect()
    });
    let (count, failures) = engine.test_examples(only.as_deref());
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    let rules = only.as_ref().map_or(engine.rules.len(), Vec::len);
    println!("{} passed, {} failed: examples of {rules} rules", count.saturating_sub(failures.len()), failures.len());
    if failures.is_empty() {
        0
    } else {
        1
    }
}
