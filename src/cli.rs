//! The command line: `check`, `config`, `rules`, `explain`, `test-rules`. Exit codes: 0 clean,
//! 1 findings at or above `fail-on`, 2 usage, configuration or I/O errors.

use crate::baseline::{self, Baseline, Key};
use crate::config::{self, CliOverrides, FileSettings, Mode, Profile, ProfileError, Resolver};
use crate::diagnostic::Severity;
use crate::document::{decode_owned, lone_crs_to_lf, Document, LoadError};
use crate::engine::{Engine, Running};
use crate::render::{self, concise, github, human, sarif, Counts, JsonFinding, RuleCount};
use crate::rules::RuleSource;
use crate::suppress::Suppressions;
use crate::{fix, ordered, Diagnostic};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::collections::{BTreeMap, HashMap};
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
    /// Print the settings that apply to a file or folder: config file, rules, severities.
    Config {
        /// File or folder whose settings are shown (default: the current folder).
        path: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// List every rule: id, category, severity and what it finds.
    Rules(RuleArgs),
    /// Print a rule's description, help and examples.
    Explain {
        /// Rule id, such as `typo/misspelling`.
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run the examples of the default rules, or only those of the given rule files; fail on any that misbehaves.
    TestRules {
        /// Rule files or folders: only their rules' examples run (the default rules still load
        /// beside them, as when linting, unless --no-default-rules).
        paths: Vec<PathBuf>,
        /// Do not load the default rules embedded in the binary.
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

/// How configuration files are found, and what the command line adds on top.
#[derive(Args, Clone, Default)]
pub struct ConfigArgs {
    /// Use this config file for every file instead of discovering `newslint.toml` files.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub isolated: bool,
    /// Run only these rules: ids, categories or globs such as `typo/*` (the config's `select` and `ignore` do not apply).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
}

impl ConfigArgs {
    fn mode(&self) -> Mode {
        match (&self.config, self.isolated) {
            (_, true) => Mode::Isolated,
            (Some(p), false) => Mode::Fixed(p.clone()),
            (None, false) => Mode::Discover,
        }
    }

    fn overrides(&self, rules: &RuleArgs, fail_on: Option<Severity>) -> CliOverrides {
        CliOverrides {
            rules: rules.rules.clone(),
            no_default_rules: rules.no_default_rules,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            fail_on,
            lean_default_rules: false,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics for people, rustc style, with the article excerpt.
    Human,
    /// One line per finding: PATH:LINE:COLUMN: SEVERITY[RULE]: MESSAGE (grep, editors).
    Concise,
    /// One JSON array of findings.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code scanning and review tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
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
    #[command(flatten)]
    pub config: ConfigArgs,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Name to report for standard input (also where its config file is looked for).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Lowest severity that makes the exit code 1 [default: the config's `fail-on`, else warning].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Exit 0 even when findings are reported (errors loading files or rules still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Files linted at once [default: one per core].
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
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
    /// Report only findings that are not in this baseline file, and list its stale entries.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
}

impl CheckArgs {
    /// Are findings listed (not counted by --statistics, not recorded by --write-baseline)?
    fn lists_findings(&self) -> bool {
        !self.statistics && self.write_baseline.is_none()
    }
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
        Command::Config { path, config, rules } => show_config(path.as_deref(), &config, &rules),
        Command::Rules(r) => list_rules(&r),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::TestRules { paths, no_default_rules } => test_rules(&paths, no_default_rules),
    }
}

/// Writes the whole output of `rules`, `explain`, `config` or `test-rules` to stdout and
/// returns the exit code: 0, also when the reader closed the pipe (`newslint rules | head`,
/// as ripgrep does), or 2 when the write failed (a full disk).
fn print_out(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => output_failed(&e),
        _ => 0,
    }
}

/// Reports a failed write to stdout; returns the exit code for it.
fn output_failed(e: &std::io::Error) -> i32 {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        eprintln!("error: cannot write the output: {e}");
    }
    2
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
    crate::rules::drop_repeated(&mut sources);
    match Engine::load(&sources) {
        Ok(e) => Ok((e, sources)),
        Err(errors) => {
            report_rule_errors(&sources, &errors);
            Err(2)
        }
    }
}

fn report_rule_errors(sources: &[RuleSource], errors: &[crate::rules::RuleError]) {
    let mut err = std::io::stderr().lock();
    let _ = render::rule_errors(&mut err, stderr_color(), sources, errors);
    let _ = writeln!(err, "error: {} problem(s) in rule files; nothing was linted", errors.len());
}

fn report_config_errors(errors: &[config::ConfigError]) {
    let mut err = std::io::stderr().lock();
    let _ = render::config_errors(&mut err, stderr_color(), errors);
    let _ = writeln!(err, "error: {} problem(s) in config files; nothing was linted", errors.len());
}

fn report_profile_error(e: ProfileError) {
    match e {
        ProfileError::Config(errors) => report_config_errors(&errors),
        ProfileError::Rules(sources, errors) => report_rule_errors(&sources, &errors),
        ProfileError::Io(msg) => eprintln!("error: {msg}"),
    }
}

/// Compiled profiles, one per distinct (config file, matching overrides).
#[derive(Default)]
struct Profiles {
    list: Vec<Profile>,
    index: HashMap<(Option<String>, Vec<usize>), usize>,
}

impl Profiles {
    fn get(&mut self, settings: &FileSettings, cli: &CliOverrides) -> Result<usize, ProfileError> {
        let key = settings.key();
        if let Some(&i) = self.index.get(&key) {
            return Ok(i);
        }
        let p = Profile::build(settings, cli)?;
        self.list.push(p);
        self.index.insert(key, self.list.len() - 1);
        Ok(self.list.len() - 1)
    }
}

/// One input to lint.
enum Input {
    Stdin(String),
    File(PathBuf),
}

impl Input {
    /// Where the input's config is looked for.
    fn settings_path(&self) -> PathBuf {
        match self {
            Input::Stdin(name) if name != "<stdin>" => PathBuf::from(name),
            Input::Stdin(_) => PathBuf::from("."),
            Input::File(p) => p.clone(),
        }
    }
}

/// What linting one input produced, already rendered so files print as whole units.
#[derive(Default)]
struct Outcome {
    out: Vec<u8>,
    /// For stderr: what fixing standard input left (its stdout is the text), and the count
    /// of fixes made in a file.
    err: Vec<u8>,
    counts: Counts,
    /// Findings at or above the file's `fail-on`.
    failing: usize,
    error: Option<String>,
    /// SARIF results of this file.
    sarif: Vec<String>,
    /// Per rule: (category, severity, count), for `--statistics`.
    stats: Vec<(String, String, Severity)>,
    /// Baseline key path and the current count of each key.
    baseline_path: Option<String>,
    seen: Vec<(Key, usize)>,
    hidden_by_baseline: usize,
    /// Entries for `--write-baseline`.
    entries: Vec<baseline::Entry>,
    /// With `--diff`: the file would change.
    changed: bool,
    /// Not checked: the run was interrupted first.
    skipped: bool,
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
                        let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
                        // `.md` is taken for `md`, as people write it.
                        if args.extensions.iter().any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(ext)) {
                            found.push(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(format!("{e}")),
                }
            }
            found.sort();
            // With no path given, show `articles/a.md`, not `./articles/a.md`.
            let implicit = args.paths.is_empty();
            inputs.extend(found.into_iter().map(|f| {
                Input::File(if implicit { f.strip_prefix(".").map(Path::to_path_buf).unwrap_or(f) } else { f })
            }));
        } else {
            // The reason the path cannot be followed: missing, a symbolic-link loop, a broken
            // link, a folder that may not be searched.
            match std::fs::metadata(&p) {
                Ok(_) => inputs.push(Input::File(p)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && p.symlink_metadata().is_ok() => {
                    errors.push(format!("{}: a symbolic link to nothing (its target does not exist)", p.display()))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    errors.push(format!("{}: no such file or folder", p.display()))
                }
                Err(e) => errors.push(format!("{}: cannot read: {e}", p.display())),
            }
        }
    }
    if args.paths.len() > 1 {
        drop_repeats(&mut inputs);
    }
    inputs
}

/// Keeps the first of inputs that are the same file (`a.md ./a.md`, a folder and a folder in
/// it): linted twice, a file's findings would count twice, and `--write-baseline` would
/// record each twice, so a new finding of the same kind would hide behind the copy. One path
/// alone cannot name a file twice (links are not followed when walking), so costs nothing.
fn drop_repeats(inputs: &mut Vec<Input>) {
    let mut seen = std::collections::HashSet::new();
    let mut stdin = false;
    inputs.retain(|i| match i {
        Input::Stdin(_) => !std::mem::replace(&mut stdin, true),
        Input::File(p) => seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
    });
}

/// Shared, read-only state of one `check` run.
struct Run<'a> {
    args: &'a CheckArgs,
    profiles: &'a [Profile],
    color: bool,
    baseline: Option<&'a Baseline>,
    /// Folder the written baseline's paths are relative to.
    write_dir: Option<PathBuf>,
    rule_index: HashMap<String, usize>,
    cwd: PathBuf,
}

/// The progress bar: only for people watching a terminal, never under pre-commit.
fn progress(len: usize) -> indicatif::ProgressBar {
    const MIN_FILES: usize = 20;
    let visible = std::io::stderr().is_terminal() && std::env::var_os("PRE_COMMIT").is_none() && len >= MIN_FILES;
    if !visible {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::with_draw_target(Some(len as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} files {elapsed}") {
        pb.set_style(style);
    }
    pb
}

fn check(args: CheckArgs) -> i32 {
    if args.statistics && matches!(args.format, Format::Sarif | Format::Github) {
        eprintln!("error: --statistics prints a table (human) or JSON (json, jsonl), not sarif or github");
        return 2;
    }
    // Fixed standard input is written to stdout: another input's findings would land in it.
    if args.fix && !args.diff && args.paths.len() > 1 && args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: --fix with `-` writes the fixed text to stdout; fix standard input alone, then the files");
        return 2;
    }
    let cli = CliOverrides {
        lean_default_rules: args.format != Format::Sarif,
        ..args.config.overrides(&args.rules, args.fail_on)
    };
    let mut resolver = match Resolver::new(args.config.mode()) {
        Ok(r) => r,
        Err(e) => {
            report_config_errors(&e);
            return 2;
        }
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    let mut errors = Vec::new();
    let all_inputs = collect_inputs(&args, &mut errors);
    for e in &errors {
        eprintln!("error: {e}");
    }
    // Resolve settings sequentially (config files are cached per folder), then lint in parallel.
    let mut profiles = Profiles::default();
    let mut inputs: Vec<(Input, usize)> = Vec::with_capacity(all_inputs.len());
    // Excluded standard input, by its name: read whole, and with --fix passed to stdout.
    let mut passed_through: Option<String> = None;
    let mut excluded = 0;
    for input in all_inputs {
        // A file input is never a folder (folders were walked): no `stat` to ask.
        let found = match &input {
            Input::File(p) => resolver.for_file(p),
            Input::Stdin(_) => resolver.for_path(&input.settings_path()),
        };
        let settings = match found {
            Ok(s) => s,
            Err(e) => {
                report_config_errors(&e);
                return 2;
            }
        };
        if settings.excluded {
            excluded += 1;
            let by = settings.config.as_ref().map_or(String::new(), |c| format!(" by {}", c.name));
            match &input {
                Input::File(p) => {
                    if args.paths.iter().any(|a| a == p) {
                        eprintln!("note: {} is excluded{by}; not linted", p.display());
                    }
                }
                // An editor names the buffer it pipes in: an excluded path is skipped as it is
                // when named on the command line. Fixed standard input is the text an editor
                // or a pipe keeps, so this one goes out as it came in.
                Input::Stdin(name) => {
                    eprintln!("note: {name} is excluded{by}; not linted");
                    passed_through = Some(name.clone());
                }
            }
            continue;
        }
        match profiles.get(&settings, &cli) {
            Ok(i) => inputs.push((input, i)),
            Err(e) => {
                report_profile_error(e);
                return 2;
            }
        }
    }
    if inputs.is_empty() && errors.is_empty() && passed_through.is_none() {
        // A gate that checked nothing must not pass in silence (a typo in `--extensions`, an
        // `exclude` that covers the tree); as for ruff, it is a warning, not a failure.
        let why = match excluded {
            0 => format!("no file with the extensions {} (see --extensions)", args.extensions.join(", ")),
            n => format!("all {n} files found are excluded by the config"),
        };
        eprintln!("warning: nothing to lint: {why}");
    }
    if profiles.list.is_empty() {
        // Nothing to lint: still build the base profile so rule and config errors surface.
        let settings = match resolver.for_path(Path::new(".")) {
            Ok(s) => s,
            Err(e) => {
                report_config_errors(&e);
                return 2;
            }
        };
        if let Err(e) = profiles.get(&settings, &cli) {
            report_profile_error(e);
            return 2;
        }
    }
    let baseline = match &args.baseline {
        Some(p) => match Baseline::read(p) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        },
        None => None,
    };
    let rules = sarif_rules(&profiles.list);
    let run = Run {
        args: &args,
        profiles: &profiles.list,
        color,
        baseline: baseline.as_ref(),
        write_dir: args.write_baseline.as_deref().map(baseline::base_dir),
        rule_index: rules.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect(),
        cwd: config::absolute(Path::new(".")),
    };
    // Only once settings, rules and baseline are loaded: a run that stops on one writes nothing.
    if let Some(name) = &passed_through {
        // Read whole either way: a writer into the pipe is not cut off (EPIPE) by an early exit.
        let copied = if args.fix && !args.diff {
            std::io::copy(&mut std::io::stdin().lock(), &mut std::io::stdout().lock())
        } else {
            std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink())
        };
        if let Err(e) = copied {
            eprintln!("error: {name}: cannot read standard input: {e}");
            return 2;
        }
    }
    // A patch (--diff) or fixed standard input goes to stdout: findings and the summary must
    // not be mixed into it, so they go to stderr (see `lint_input`), and stdout gets no JSON
    // brackets.
    let stdin_fixed = args.fix
        && !args.diff
        && (passed_through.is_some() || inputs.iter().any(|(i, _)| matches!(i, Input::Stdin(_))));
    let text_out = args.diff || stdin_fixed;
    let writes_output = args.lists_findings() && !text_out;
    // The JSON array of what fixing standard input left goes to stderr (it is standard
    // input alone: see the check above), opened and closed as stdout's would be.
    let json_to_stderr = args.format == Format::Json && stdin_fixed && args.lists_findings();
    let mut stderr_json_open = false;
    let mut changed = 0;
    let mut total = Counts::default();
    let mut failing = 0;
    let mut io_errors = errors.len();
    let mut sarif_results = Vec::new();
    // By rule and severity: a rule's findings can differ in severity (the attribution rules,
    // a config's per-file severities), and one row would show the first finding's for all.
    let mut stats: BTreeMap<(String, Severity), RuleCount> = BTreeMap::new();
    let mut entries = Vec::new();
    let mut seen: HashMap<Key, usize> = HashMap::new();
    let mut linted_paths: HashMap<String, ()> = HashMap::new();
    let mut hidden = 0;
    // Not locked for the whole run: the worker that hands a file back writes it.
    let mut out = std::io::stdout();
    let mut first_json = true;
    // The first failed write to stdout: nothing more is written there. A run that lists
    // findings stops; one that fixes files goes on, since each file it rewrites must still
    // be named on stderr.
    let mut out_error: Option<std::io::Error> = None;
    if args.format == Format::Json && writes_output {
        out_error = out.write_all(b"[").err();
    }
    // SARIF's results go out as their files finish, like every other format's.
    let mut sarif_log = None;
    if args.format == Format::Sarif && writes_output {
        match sarif::LogWriter::head(&mut out, &rules, &run.cwd) {
            Ok(log) => sarif_log = Some(log),
            Err(e) => out_error = Some(e),
        }
    }
    let pb = progress(inputs.len());
    // Ctrl-C must not stop a file between its temporary copy and the rename. Standard input
    // is left to the default action: a person typing an article ends it with Ctrl-C.
    if args.fix && !args.diff && !inputs.iter().any(|(i, _)| matches!(i, Input::Stdin(_))) {
        crate::interrupt::hold();
    }
    let mut skipped = 0;
    // Batches of consecutive files in parallel, handed back in input order as they finish:
    // output streams and memory stays flat whatever the corpus size.
    let lint = |batch: &&[(Input, usize)]| {
        let o = lint_batch(&run, batch);
        pb.inc(batch.len() as u64);
        o
    };
    let mut closed = false;
    let batches: Vec<&[(Input, usize)]> = inputs.chunks(BATCH_FILES).collect();
    ordered::for_each_in_order(&batches, ordered::threads(args.threads), lint, |outcomes: Vec<Outcome>| {
        for o in outcomes {
            if let Some(e) = &o.error {
                io_errors += 1;
                pb.suspend(|| eprintln!("error: {e}"));
            }
            total.merge(o.counts);
            failing += o.failing;
            changed += usize::from(o.changed);
            skipped += usize::from(o.skipped);
            hidden += o.hidden_by_baseline;
            entries.extend(o.entries);
            if let Some(p) = o.baseline_path {
                linted_paths.insert(p, ());
            }
            for (k, n) in o.seen {
                *seen.entry(k).or_insert(0) += n;
            }
            for (rule, category, severity) in o.stats {
                stats
                    .entry((rule.clone(), severity))
                    .or_insert(RuleCount { rule, category, severity, count: 0 })
                    .count += 1;
            }
            if args.format == Format::Json && writes_output && !o.out.is_empty() {
                if !first_json && out_error.is_none() {
                    out_error = out.write_all(b",").err();
                }
                first_json = false;
            }
            // One suspension of the progress bar for both streams: it is redrawn after each.
            let failed = out_error.is_some();
            let written = pb.suspend(|| {
                let mut written = Ok(());
                if !failed {
                    written = out.write_all(&o.out);
                    if let Some(log) = &mut sarif_log {
                        for r in &o.sarif {
                            written = written.and_then(|()| log.result(&mut out, r));
                        }
                    }
                }
                if stdin_fixed {
                    sarif_results.extend(o.sarif);
                }
                if !o.err.is_empty() {
                    let mut err = std::io::stderr().lock();
                    if json_to_stderr && !std::mem::replace(&mut stderr_json_open, true) {
                        let _ = err.write_all(b"[");
                    }
                    let _ = err.write_all(&o.err);
                }
                written
            });
            if let Err(e) = written {
                out_error = Some(e);
            }
            // Stdout closed (a pipe to `head`) or full: stop, unless files are being fixed.
            closed = out_error.is_some() && (!args.fix || args.diff);
            if closed {
                break;
            }
        }
        !closed
    });
    if closed {
        return out_error.as_ref().map_or(2, output_failed);
    }
    pb.finish_and_clear();
    let interrupted = crate::interrupt::received();
    if interrupted.is_some() {
        eprintln!("newslint: interrupted; {skipped} file(s) not checked, and every file written was written whole");
    }
    if let (Some(path), Some(signal)) = (&args.write_baseline, interrupted) {
        eprintln!("newslint: the baseline {} was not written: not every file was checked", path.display());
        return 128 + signal;
    }
    if let Some(path) = &args.write_baseline {
        let n = entries.len();
        let findings: usize = entries.iter().map(|e| e.count).sum();
        return match baseline::write(path, entries) {
            Ok(()) => {
                eprintln!("wrote {n} baseline entries for {findings} finding(s) to {}", path.display());
                if io_errors > 0 {
                    2
                } else {
                    0
                }
            }
            Err(e) => {
                eprintln!("error: cannot write baseline {}: {e}", path.display());
                2
            }
        };
    }
    if args.statistics {
        let mut list: Vec<RuleCount> = stats.into_values().collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)).then(b.severity.cmp(&a.severity)));
        let text = match args.format {
            Format::Human | Format::Concise => render::statistics_table(&list),
            _ => serde_json::to_string(&list).unwrap_or_default() + "\n",
        };
        // Stdout carries a patch or fixed text: the counts go beside it, not into it.
        if text_out {
            eprint!("{text}");
        } else if out_error.is_none() {
            out_error = out.write_all(text.as_bytes()).err();
        }
    } else if text_out {
        match args.format {
            Format::Human | Format::Concise => {
                eprintln!("{}", if args.diff { format!("{changed} file(s) would change") } else { total.summary() });
            }
            // What fixing standard input left, as a whole document (see `lint_input`).
            Format::Sarif if stdin_fixed => {
                write_sarif(&mut std::io::stderr().lock(), &rules, sarif_results, &run.cwd, io_errors == 0)
            }
            Format::Json if json_to_stderr => eprintln!("{}]", if stderr_json_open { "" } else { "[" }),
            _ => {}
        }
    } else if out_error.is_none() {
        let end = match args.format {
            Format::Json => out.write_all(b"]\n"),
            Format::Human | Format::Concise => writeln!(out, "{}", total.summary()),
            Format::Sarif => match sarif_log {
                Some(log) => log.tail(&mut out, io_errors == 0).and_then(|()| out.write_all(b"\n")),
                None => Ok(()),
            },
            Format::Jsonl | Format::Github => Ok(()),
        };
        out_error = end.err();
    }
    if out_error.is_none() {
        out_error = out.flush().err();
    }
    if let Some(report) = crate::timing::report() {
        eprint!("{report}");
    }
    if let Some(b) = &baseline {
        if hidden > 0 {
            eprintln!(
                "note: {hidden} finding(s) in the baseline {} were not reported",
                args.baseline.as_ref().map_or(String::new(), |p| p.display().to_string())
            );
        }
        let stale = b.stale(&linted_paths, &seen);
        for (e, now) in &stale {
            eprintln!(
                "warning: stale baseline entry: {} {} {:?} (recorded {}, found {now})",
                e.path,
                e.rule,
                e.text.as_deref().unwrap_or(&e.hash),
                e.count
            );
        }
        if !stale.is_empty() {
            eprintln!(
                "note: {} stale baseline entr{}; refresh it with --write-baseline",
                stale.len(),
                if stale.len() == 1 { "y" } else { "ies" }
            );
        }
    }
    // The process is about to exit: freeing the compiled rules one by one is wasted time.
    std::mem::forget(profiles);
    if let Some(signal) = interrupted {
        128 + signal
    } else if let Some(e) = &out_error {
        output_failed(e)
    } else if io_errors > 0 {
        2
    } else if !args.exit_zero && (failing > 0 || (args.diff && changed > 0)) {
        1
    } else {
        0
    }
}

/// The SARIF log of a run's results; `ok`: every input loaded.
fn write_sarif(w: &mut impl Write, rules: &[sarif::RuleInfo], results: Vec<String>, cwd: &Path, ok: bool) {
    let _ = sarif::write_log(w, rules, &results, cwd, ok);
    let _ = w.write_all(b"\n");
}

/// Every rule of every profile (first definition of an id wins), then the synthetic ones.
fn sarif_rules(profiles: &[Profile]) -> Vec<sarif::RuleInfo> {
    let mut out: Vec<sarif::RuleInfo> = Vec::new();
    let mut have = std::collections::HashSet::new();
    for p in profiles {
        for r in &p.engine.rules {
            if have.insert(r.id.clone()) {
                out.push(sarif::RuleInfo::from_rule(r));
            }
        }
    }
    for (id, cat, sev, desc) in config::SYNTHETIC_RULES {
        out.push(sarif::RuleInfo {
            id: id.to_string(),
            category: cat.to_string(),
            severity: *sev,
            message: desc.to_string(),
            description: Some(desc.to_string()),
            help: None,
            fire: Vec::new(),
            pass: Vec::new(),
        });
    }
    out
}

/// Lints one input; a bug in a check costs that file (reported, exit 2), never the run.
fn lint_guarded(run: &Run, profile: &Profile, input: &Input) -> Outcome {
    // Kept outside the guard: a file already rewritten by `--fix` is reported as fixed even
    // when a later step on it panics, so nobody is left to guess whether it changed.
    let mut written = None;
    guarded(|| lint_input(run, profile, input, &mut written)).unwrap_or_else(|bug| {
        let name = match input {
            Input::Stdin(n) => n.clone(),
            Input::File(p) => p.display().to_string(),
        };
        let report = "a bug in newslint, please report it with this file";
        let running = crate::engine::take_running();
        let rule = match running {
            Running::Rule(r) => profile.engine.rules.get(r).map(|r| r.id.as_str()),
            _ => None,
        };
        let error = match (rule, running) {
            (Some(id), _) => {
                format!(
                    "{name}: internal error in rule {id} ({bug}); {report} (meanwhile `--ignore {id}` lints the rest)"
                )
            }
            (None, Running::Pass(pass)) => {
                let pass = pass.trim_matches(['(', ')']);
                format!("{name}: internal error while linting, in the step shared by several rules: {pass} ({bug}); {report}")
            }
            _ => format!("{name}: internal error while linting ({bug}); {report}"),
        };
        Outcome { error: Some(error), err: written.take().unwrap_or_default(), ..Outcome::default() }
    })
}

thread_local! {
    /// Set while [`guarded`] runs on this thread: a panic's message is kept here instead of
    /// being printed, so that the error line names it once.
    static CAUGHT: std::cell::RefCell<Option<Option<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f`, turning a panic into its message and place (`Err`), printed by nobody: the
/// caller reports it with the file it cost. A panic anywhere else prints as Rust prints it.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let kept = CAUGHT.with(|c| match c.borrow_mut().as_mut() {
                Some(slot) => {
                    let payload = info.payload();
                    let message = payload
                        .downcast_ref::<&str>()
                        .copied()
                        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                        .unwrap_or("panic");
                    let place = info.location().map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
                    *slot = Some(format!("{message}{place}"));
                    true
                }
                None => false,
            });
            if !kept {
                default(info);
            }
        }));
    });
    let outer = CAUGHT.with(|c| c.borrow_mut().replace(None));
    // Where an earlier panic on this thread stopped is not where this run is.
    crate::engine::take_running();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let message = CAUGHT.with(|c| std::mem::replace(&mut *c.borrow_mut(), outer));
    result.map_err(|_| message.flatten().unwrap_or_else(|| "panic".into()))
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

/// Every filter after the engine: the accept-list, inline suppressions, forced severities.
pub fn findings(profile: &Profile, doc: &Document) -> Vec<Diagnostic> {
    filtered(profile, doc, profile.engine.check(doc))
}

/// The filters [`findings`] applies after the engine, to the engine's findings in `doc`.
fn filtered(profile: &Profile, doc: &Document, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if !profile.accept.entries.is_empty() {
        diags.retain(|d| d.category != "typo" || !profile.accept.covers(doc.text, &d.span));
    }
    let mut sup = Suppressions::parse(doc.text);
    let mut diags = sup.apply(
        diags,
        doc.text,
        |s| profile.knows(s),
        |rule| {
            profile.synthetic.get(rule).copied().unwrap_or(false).then(|| {
                profile.severity.get(rule).copied().unwrap_or_else(|| {
                    config::SYNTHETIC_RULES.iter().find(|r| r.0 == rule).map_or(Severity::Info, |r| r.2)
                })
            })
        },
    );
    if !profile.severity.is_empty() {
        for d in &mut diags {
            if let Some(s) = profile.severity.get(&d.rule) {
                d.severity = *s;
            }
        }
    }
    diags
}

/// Lints and fixes until nothing more applies, honouring suppressions and the accept-list.
fn fix_text(profile: &Profile, path: &str, text: &str, lone_cr: &[usize], unsafe_fixes: bool) -> fix::Fixed {
    fix::fix_with(path, text, lone_cr, unsafe_fixes, |doc| findings(profile, doc))
}

/// The input's name and text (lone carriage returns read as line ends, with where they
/// were: see [`lone_crs_to_lf`]), or the outcome that ends it here: an error, or a binary
/// file skipped. Reads and checks the bytes once.
fn load(run: &Run, input: &Input) -> Result<(String, String, Vec<usize>), Box<Outcome>> {
    let failed = |error: String| Box::new(Outcome { error: Some(error), ..Outcome::default() });
    let (name, bytes) = read_input(input).map_err(failed)?;
    // Fixed standard input goes to stdout: text that cannot be linted goes there unchanged,
    // or a pipeline (`--fix - < in > out`, an editor's buffer) would lose it.
    let passes_through = run.args.fix && !run.args.diff && matches!(input, Input::Stdin(_));
    let original = passes_through.then(|| bytes.clone());
    match decode_owned(bytes) {
        Ok(text) => {
            let (text, lone_cr) = lone_crs_to_lf(text);
            Ok((name, text, lone_cr))
        }
        Err(e) if passes_through => Err(Box::new(Outcome {
            error: Some(format!("{name}: {e}")),
            out: original.unwrap_or_default(),
            ..Outcome::default()
        })),
        Err(LoadError::Binary) if matches!(input, Input::File(_)) && !named_on_command_line(run.args, input) => {
            Err(Box::default())
        }
        Err(e) => Err(failed(format!("{name}: {e}"))),
    }
}

/// `written` gets the "fixed" line as soon as a fixed file is written (see [`lint_guarded`]).
fn lint_input(run: &Run, profile: &Profile, input: &Input, written: &mut Option<Vec<u8>>) -> Outcome {
    let args = run.args;
    let (name, text, lone_cr) = match load(run, input) {
        Ok(x) => x,
        Err(o) => return *o,
    };
    let text = text.as_str();
    // What standard input gives back: the text as it came, or fixed.
    let mut for_stdout = None;
    let mut o = Outcome::default();
    o.counts.files = 1;
    let fixed_storage;
    // The findings in the fixed text, when the fix loop's last round has them already.
    let mut left = None;
    let text_ref: &str = if args.fix || args.diff {
        let fixed = fix_text(profile, &name, text, &lone_cr, args.unsafe_fixes);
        let changed = fixed.applied > 0 && fixed.text != text;
        let for_file = fixed.for_file();
        if args.diff {
            o.changed = changed;
            if changed {
                let original = crate::document::with_lone_crs(text, &lone_cr);
                o.out.extend_from_slice(fix::unified_diff(&name, &original, &for_file).as_bytes());
            }
            return o;
        }
        let write_error = match (input, changed) {
            (Input::File(p), true) => fix::write_atomic(p, for_file.as_bytes()).err(),
            _ => None,
        };
        if let Some(e) = write_error {
            // The file is as it was: its findings are reported beside the error.
            o.error = Some(format!("{name}: cannot write fixes: {e}"));
            text
        } else {
            if let (Input::File(_), true) = (input, changed) {
                // Printed with the file's other output, so in input order, not as the workers
                // finish.
                let line = format!("fixed {} finding(s) in {name}\n", fixed.applied).into_bytes();
                o.err.extend_from_slice(&line);
                *written = Some(line);
            }
            for_stdout = Some(for_file.into_owned());
            left = fixed.left;
            fixed_storage = fixed.text;
            &fixed_storage
        }
    } else {
        text
    };
    let doc = read_document(&name, text_ref);
    let diags = left.unwrap_or_else(|| findings(profile, &doc));
    let mut o = finish(run, profile, input, &doc, &name, diags, o);
    // Fixed standard input goes to stdout, the way formatters treat a pipe. What fixing left
    // is counted (summary, exit code, --statistics) as for a file, and shown on stderr in the
    // format asked for (the JSON array's brackets and the SARIF log are written by `check`),
    // as ruff does.
    if args.fix && matches!(input, Input::Stdin(_)) {
        o.err = std::mem::replace(&mut o.out, for_stdout.unwrap_or_default().into_bytes());
    }
    o
}

fn read_document<'t>(name: &str, text: &'t str) -> Document<'t> {
    #[cfg(test)]
    tests::PANIC_ON.with(|p| assert!(p.borrow().as_ref().is_none_or(|m| !name.ends_with(m.as_str())), "injected"));
    let started = crate::timing::start();
    let doc = Document::new(name.to_string(), text);
    crate::timing::checked("(reading: lines, blocks, sentences)", started);
    doc
}

/// Files per batch of [`lint_batch`]: enough for a rule's tables to be reused while still in
/// the processor's caches, few enough that the first results print at once and that the
/// documents held stay small (about 90 KB a page once the repetition analysis is released).
const BATCH_FILES: usize = 32;
/// Bytes of text a batch may hold: a batch of large files is checked in parts.
const BATCH_BYTES: usize = 512 << 10;

/// Lints consecutive inputs as [`lint_guarded`] lints each, with each rule run over several
/// documents at a time ([`crate::engine::Engine::check_batch`]). Fixing checks a file at a
/// time, and so does standard input (it cannot be read twice). A bug in a check costs only
/// its own file: the batch is linted again a file at a time.
fn lint_batch(run: &Run, batch: &[(Input, usize)]) -> Vec<Outcome> {
    let one_by_one = || {
        batch
            .iter()
            .map(|(i, p)| {
                // Interrupted while fixing (see `interrupt`): files not started are left alone.
                if crate::interrupt::received().is_some() {
                    return Outcome { skipped: true, ..Outcome::default() };
                }
                lint_guarded(run, &run.profiles[*p], i)
            })
            .collect()
    };
    if batch.len() <= 1 || run.args.fix || run.args.diff || batch.iter().any(|(i, _)| matches!(i, Input::Stdin(_))) {
        return one_by_one();
    }
    guarded(|| {
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut start = 0;
        while start < batch.len() {
            // One profile per part, and no more than BATCH_BYTES of text (one file may pass it).
            let profile = batch[start].1;
            let (mut texts, mut failed) = (Vec::new(), Vec::new());
            let mut bytes = 0;
            let mut end = start;
            while end < batch.len() && batch[end].1 == profile && (end == start || bytes < BATCH_BYTES) {
                match load(run, &batch[end].0) {
                    Ok(t) => {
                        bytes += t.1.len();
                        texts.push(Some(t));
                        failed.push(None);
                    }
                    Err(o) => {
                        texts.push(None);
                        failed.push(Some(o));
                    }
                }
                end += 1;
            }
            let profile = &run.profiles[profile];
            let docs: Vec<Option<Document>> =
                texts.iter().map(|t| t.as_ref().map(|(name, text, _)| read_document(name, text))).collect();
            let refs: Vec<&Document> = docs.iter().flatten().collect();
            let mut found = profile.engine.check_batch(&refs).into_iter();
            for (((t, doc), o), (input, _)) in texts.iter().zip(&docs).zip(failed).zip(&batch[start..end]) {
                outcomes.push(match (t, doc, o) {
                    (Some((name, ..)), Some(doc), _) => {
                        let diags = filtered(profile, doc, found.next().unwrap_or_default());
                        let mut o = Outcome::default();
                        o.counts.files = 1;
                        finish(run, profile, input, doc, name, diags, o)
                    }
                    (_, _, o) => o.map(|o| *o).unwrap_or_default(),
                });
            }
            start = end;
        }
        outcomes
    })
    .unwrap_or_else(|_| one_by_one())
}

/// What follows the engine for one file: the baseline, the counts and the rendering.
fn finish(
    run: &Run,
    profile: &Profile,
    input: &Input,
    doc: &Document,
    name: &str,
    mut diags: Vec<Diagnostic>,
    mut o: Outcome,
) -> Outcome {
    let args = run.args;
    // Standard input named with `--stdin-filename` is keyed as that file would be, so an
    // editor that pipes a buffer (often by its absolute path) meets the file's entries.
    let key_path = |dir: &Path| match input {
        Input::File(p) => baseline::key_path(dir, p),
        Input::Stdin(n) if args.stdin_filename.is_some() => baseline::key_path(dir, Path::new(n)),
        Input::Stdin(n) => n.clone(),
    };
    if let Some(dir) = &run.write_dir {
        o.entries = baseline::entries_for(&key_path(dir), &diags);
        return o;
    }
    if let Some(b) = run.baseline {
        let path = key_path(&b.dir);
        let before = diags.len();
        let (kept, seen) = b.filter(&path, diags);
        o.hidden_by_baseline = before - kept.len();
        o.seen = seen;
        o.baseline_path = Some(path);
        diags = kept;
    }
    for d in &diags {
        o.counts.add(d.severity);
        if d.severity >= profile.fail_on {
            o.failing += 1;
        }
    }
    if args.statistics {
        o.stats = diags.iter().map(|d| (d.rule.clone(), d.category.clone(), d.severity)).collect();
        return o;
    }
    render_file(&mut o, run, doc, name, &diags);
    o
}

fn named_on_command_line(args: &CheckArgs, input: &Input) -> bool {
    matches!(input, Input::File(p) if args.paths.iter().any(|a| a == p))
}

fn render_file(o: &mut Outcome, run: &Run, doc: &Document, name: &str, diags: &[Diagnostic]) {
    let format = run.args.format;
    if format == Format::Sarif {
        o.sarif = sarif::results(doc, name, diags, &run.rule_index, &run.cwd);
        return;
    }
    let mut first = true;
    for d in diags {
        match format {
            Format::Human => {
                let _ = human::emit(&mut o.out, run.color, doc, name, d);
            }
            Format::Concise => {
                let _ = concise::emit(&mut o.out, doc, name, d, run.args.unsafe_fixes);
            }
            Format::Github => {
                let _ = github::emit(&mut o.out, doc, name, d);
            }
            Format::Jsonl | Format::Json => {
                if format == Format::Json && !first {
                    o.out.push(b',');
                }
                first = false;
                JsonFinding::new(doc, name, d).write(&mut o.out);
                if format == Format::Jsonl {
                    o.out.push(b'\n');
                }
            }
            Format::Sarif => {}
        }
    }
}

/// `newslint config PATH`: the settings that apply there.
fn show_config(path: Option<&Path>, args: &ConfigArgs, rules: &RuleArgs) -> i32 {
    let path = path.unwrap_or(Path::new("."));
    let mut resolver = match Resolver::new(args.mode()) {
        Ok(r) => r,
        Err(e) => {
            report_config_errors(&e);
            return 2;
        }
    };
    let settings = match resolver.for_path(path) {
        Ok(s) => s,
        Err(e) => {
            report_config_errors(&e);
            return 2;
        }
    };
    match Profile::build(&settings, &args.overrides(rules, None)) {
        Ok(p) => print_out(&p.describe(path, settings.excluded)),
        Err(e) => {
            report_profile_error(e);
            2
        }
    }
}

fn list_rules(args: &RuleArgs) -> i32 {
    let (engine, _) = match load_engine(args) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let width = engine.rules.iter().map(|r| r.id.len()).chain(config::SYNTHETIC_RULES.iter().map(|r| r.0.len()));
    let width = width.max().unwrap_or(10);
    let mut text = String::new();
    for r in &engine.rules {
        let line = r.description.as_deref().unwrap_or(&r.message).lines().next().unwrap_or("");
        text.push_str(&format!("{:width$}  {:11}  {:7}  {line}\n", r.id, r.category, r.severity.as_str()));
    }
    // The findings about suppression comments, reported whatever rule files are loaded.
    for (id, category, severity, description) in config::SYNTHETIC_RULES {
        text.push_str(&format!("{id:width$}  {category:11}  {:7}  {description}\n", severity.as_str()));
    }
    print_out(&text)
}

fn explain(id: &str, args: &RuleArgs) -> i32 {
    let (engine, _) = match load_engine(args) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let Some(r) = engine.rules.iter().find(|r| r.id == id) else {
        if let Some((id, category, severity, description)) = config::SYNTHETIC_RULES.iter().find(|r| r.0 == id) {
            let s = format!(
                "{id}  ({category}, {severity}, built in: reported on suppression comments)\n\n{description}\n"
            );
            return print_out(&s);
        }
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
    print_out(&s)
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
    let passed = count.saturating_sub(failures.len());
    match print_out(&format!("{passed} passed, {} failed: examples of {rules} rules\n", failures.len())) {
        0 => i32::from(!failures.is_empty()),
        code => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    thread_local! {
        /// A file name ending: reading a document of that name panics, as a bug would.
        pub(super) static PANIC_ON: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    const NAMES: [&str; 3] = ["a.txt", "b.txt", "c.txt"];

    /// Writes three short articles with misspellings into a temporary folder and calls `f`
    /// with a run of `check` with `options` and the batch of the three files.
    fn with_three_files(options: &[&str], f: impl FnOnce(&std::path::Path, &Run, &[(Input, usize)])) {
        let dir = tempfile::tempdir().expect("temporary folder");
        for (i, n) in NAMES.iter().enumerate() {
            let text = format!("Headline {i}\n\nThe goverment said on Tuesday that the plan {i} was importent.\n");
            std::fs::write(dir.path().join(n), text).expect("file written");
        }
        let cli = Cli::try_parse_from(["newslint", "check", "--isolated"].iter().chain(options)).expect("arguments");
        let Command::Check(args) = cli.command else { unreachable!("a check command") };
        let cli_overrides = args.config.overrides(&args.rules, args.fail_on);
        let mut resolver = Resolver::new(args.config.mode()).unwrap_or_else(|_| panic!("settings"));
        let settings = resolver.for_path(dir.path()).unwrap_or_else(|_| panic!("settings"));
        let mut profiles = Profiles::default();
        let p = profiles.get(&settings, &cli_overrides).unwrap_or_else(|_| panic!("profile"));
        let run = Run {
            args: &args,
            profiles: &profiles.list,
            color: false,
            baseline: None,
            write_dir: None,
            rule_index: HashMap::new(),
            cwd: dir.path().to_path_buf(),
        };
        let batch: Vec<(Input, usize)> = NAMES.iter().map(|n| (Input::File(dir.path().join(n)), p)).collect();
        f(dir.path(), &run, &batch);
    }

    /// A bug met after `--fix` has rewritten a file still reports the file as fixed, next
    /// to the error: the rewrite happened and the user must know it.
    #[test]
    fn a_bug_after_a_fix_is_written_still_reports_the_fix() {
        with_three_files(&["--fix"], |dir, run, batch| {
            PANIC_ON.with(|m| *m.borrow_mut() = Some("b.txt".into()));
            let hurt = lint_batch(run, batch);
            PANIC_ON.with(|m| *m.borrow_mut() = None);
            let fixed = std::fs::read_to_string(dir.join("b.txt")).expect("file read");
            assert!(fixed.contains("government") && fixed.contains("important"), "{fixed}");
            let name = dir.join("b.txt").display().to_string();
            let error = hurt[1].error.as_deref().unwrap_or_default();
            assert!(error.starts_with(&name) && error.contains("internal error"), "{error}");
            assert_eq!(String::from_utf8_lossy(&hurt[1].err), format!("fixed 2 finding(s) in {name}\n"));
            // The files linted without the bug say the same of themselves.
            let a = dir.join("a.txt").display().to_string();
            assert!(hurt[0].error.is_none());
            assert_eq!(String::from_utf8_lossy(&hurt[0].err), format!("fixed 2 finding(s) in {a}\n"));
        });
    }

    /// A bug met in one file of a batch costs that file alone: the others get what they get
    /// without it, and the lost file's error line names the panic once.
    #[test]
    fn a_bug_in_one_file_of_a_batch_costs_only_that_file() {
        with_three_files(&["--format", "jsonl"], |dir, run, batch| {
            let clean = lint_batch(run, batch);
            assert!(clean.iter().all(|o| o.error.is_none() && !o.out.is_empty()), "each file has findings");
            PANIC_ON.with(|m| *m.borrow_mut() = Some("b.txt".into()));
            let hurt = lint_batch(run, batch);
            PANIC_ON.with(|m| *m.borrow_mut() = None);

            assert_eq!(hurt[0].out, clean[0].out);
            assert_eq!(hurt[2].out, clean[2].out);
            assert!(hurt[1].out.is_empty());
            let error = hurt[1].error.as_deref().unwrap_or_default();
            assert!(error.starts_with(&dir.join("b.txt").display().to_string()), "{error}");
            assert!(error.contains("internal error while linting (injected at src/cli.rs:"), "{error}");
            // Outside a guarded run a panic is Rust's own again.
            assert!(CAUGHT.with(|c| c.borrow().is_none()));

            // A bug inside one rule: the error line names the rule and the option that skips
            // it, and nothing of the rule is left behind for the next file.
            crate::engine::PANIC_IN.with(|r| *r.borrow_mut() = Some("typo/doubled-word".into()));
            let hurt = lint_batch(run, batch);
            crate::engine::PANIC_IN.with(|r| *r.borrow_mut() = None);
            for (o, n) in hurt.iter().zip(NAMES) {
                let error = o.error.as_deref().unwrap_or_default();
                assert!(error.starts_with(&dir.join(n).display().to_string()), "{error}");
                assert!(
                    error.contains("internal error in rule typo/doubled-word (injected at src/engine.rs:"),
                    "{error}"
                );
                assert!(error.contains("`--ignore typo/doubled-word`"), "{error}");
            }
            let after = lint_batch(run, batch);
            assert!(after.iter().zip(&clean).all(|(a, c)| a.error.is_none() && a.out == c.out));
            assert_eq!(crate::engine::take_running(), Running::Nothing, "a finished check leaves nothing running");
        });
    }
}
