//! Config files end to end: discovery (nearest wins), `--config`, `--isolated`, errors with
//! spans, select/ignore/severity/fail-on/exclude/overrides/accept, and `newslint config`.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").expect("binary");
    c.env("NO_COLOR", "1").env_remove("PRE_COMMIT");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    p
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

/// (path, rule) of every finding.
fn found(cmd: &mut Command) -> Vec<(String, String)> {
    let out = cmd.args(["--format", "jsonl"]).output().unwrap();
    assert!(out.status.code().unwrap() < 2, "{}", String::from_utf8_lossy(&out.stderr));
    jsonl(&out.stdout)
        .iter()
        .map(|f| (f["path"].as_str().unwrap().replace('\\', "/"), f["rule"].as_str().unwrap().to_string()))
        .collect()
}

const JOINED: &str = "The vote ended at noon.Nobody left early.\n";

fn site_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/workflow/site")
}

#[test]
fn nearest_config_wins_and_isolated_ignores_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "newslint.toml", "ignore = [\"typo/missing-space\"]\n");
    write(root, "a.md", JOINED);
    // A nearer config replaces the outer one (no merging): missing-space runs again here.
    write(root, "sub/.newslint.toml", "select = [\"typo\"]\n");
    write(root, "sub/a.md", JOINED);
    let space = |p: &str| (p.to_string(), "typo/missing-space".to_string());

    let got = found(newslint().current_dir(root).args(["check", "a.md", "sub/a.md"]));
    assert_eq!(got, [space("sub/a.md")]);
    // Discovery starts at the file, not at the current folder.
    let got = found(newslint().current_dir(root.join("sub")).args(["check", "a.md", "../a.md"]));
    assert_eq!(got, [space("a.md")]);
    let got = found(newslint().current_dir(root).args(["check", "--isolated", "a.md", "sub/a.md"]));
    assert_eq!(got, [space("a.md"), space("sub/a.md")]);
    let got = found(newslint().current_dir(root).args(["check", "--config", "newslint.toml", "a.md", "sub/a.md"]));
    assert!(got.is_empty(), "{got:?}");
    let got = found(newslint().current_dir(root).args(["check", "--config", "sub/.newslint.toml", "a.md", "sub/a.md"]));
    assert_eq!(got, [space("a.md"), space("sub/a.md")]);
    // Standard input looks for its config from --stdin-filename.
    let got =
        found(newslint().current_dir(root).args(["check", "--stdin-filename", "sub/new.md", "-"]).write_stdin(JOINED));
    assert_eq!(got, [space("sub/new.md")]);
    let got =
        found(newslint().current_dir(root).args(["check", "--stdin-filename", "new.md", "-"]).write_stdin(JOINED));
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn unknown_key_is_an_error_pointing_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newslint.toml", "# site settings\nselect = [\"typo\"]\nignroe = [\"spam\"]\n");
    write(dir.path(), "a.md", JOINED);
    let out = newslint().current_dir(dir.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is linted with a broken config");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `ignroe`"), "{err}");
    assert!(err.contains("newslint.toml:3:1"), "the span's line and column: {err}");
    assert!(err.contains("3 │ ignroe = [\"spam\"]") && err.contains("│ ^^^^^^"), "the key is underlined: {err}");

    // Inside an [[overrides]] table too.
    write(dir.path(), "newslint.toml", "[[overrides]]\nfiles = [\"*.md\"]\nsevrity = {}\n");
    let out = newslint().current_dir(dir.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `sevrity`") && err.contains("newslint.toml:3:1"), "{err}");
}

#[test]
fn a_selector_that_matches_no_rule_is_an_error_with_a_span() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newslint.toml", "ignore = [\"spam\", \"typo/missing-spaces\"]\n");
    write(dir.path(), "a.md", JOINED);
    let out = newslint().current_dir(dir.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`typo/missing-spaces` matches no rule"), "{err}");
    assert!(err.contains("newslint.toml:1:19"), "{err}");
    // Bad severities and bad globs are caught by the same machinery.
    write(dir.path(), "newslint.toml", "[severity]\n\"typo\" = \"fatal\"\n");
    let err = newslint().current_dir(dir.path()).args(["check", "a.md"]).output().unwrap().stderr;
    assert!(String::from_utf8_lossy(&err).contains("newslint.toml:2:10"), "{}", String::from_utf8_lossy(&err));
    write(dir.path(), "newslint.toml", "exclude = [\"drafts/[\"]\n");
    let out = newslint().current_dir(dir.path()).args(["check", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid glob"));
}

#[test]
fn site_settings_exclude_override_accept_and_add_rules() {
    let site = site_fixture();
    let got = found(newslint().current_dir(&site).args(["check", "."]));
    assert_eq!(
        got,
        [
            ("./articles/budget.md".to_string(), "typo/missing-space".to_string()),
            ("./articles/budget.md".into(), "boilerplate/site-newsletter".into()),
        ],
        "archive/ is excluded, the site's names are accepted, opinion/ skips attribution"
    );
    // The same files without the config: everything the settings were hiding.
    let got = found(newslint().current_dir(&site).args(["check", "--isolated", "."]));
    let has = |path: &str, rule: &str| got.iter().any(|(p, r)| p == path && r == rule);
    assert!(has("./archive/2019.md", "typo/missing-space"), "{got:?}");
    assert!(has("./articles/council.md", "typo/missing-space"), "Metro.Insider: {got:?}");
    assert!(has("./articles/council.md", "typo/sentence-case"), "wcbn: {got:?}");
    assert!(has("./opinion/column.md", "attribution/vague-authority"), "{got:?}");
    assert!(!has("./articles/budget.md", "boilerplate/site-newsletter"), "the site rule comes from the config");
}

#[test]
fn an_excluded_file_named_on_the_command_line_is_skipped_with_a_note() {
    let site = site_fixture();
    let out = newslint().current_dir(&site).args(["check", "archive/2019.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("archive/2019.md is excluded by newslint.toml"));
}

#[test]
fn severity_and_fail_on_come_from_the_config_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", JOINED);
    write(dir.path(), "newslint.toml", "fail-on = \"error\"\n");
    newslint().current_dir(dir.path()).args(["check", "a.md"]).assert().code(0);
    newslint().current_dir(dir.path()).args(["check", "--fail-on", "warning", "a.md"]).assert().code(1);
    write(dir.path(), "newslint.toml", "fail-on = \"error\"\n[severity]\n\"typo/*\" = \"error\"\n");
    let out = newslint().current_dir(dir.path()).args(["check", "--format", "jsonl", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(jsonl(&out.stdout)[0]["severity"], "error");
    // Command-line selection sits on top of the config.
    newslint().current_dir(dir.path()).args(["check", "--ignore", "typo", "a.md"]).assert().code(0);
    newslint().current_dir(dir.path()).args(["check", "--select", "spam", "a.md"]).assert().code(0);
    let out = newslint().current_dir(dir.path()).args(["check", "--select", "nosuch", "a.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn overrides_apply_in_order_and_can_turn_rules_back_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "news/a.md", JOINED);
    write(dir.path(), "wire/a.md", JOINED);
    write(
        dir.path(),
        "newslint.toml",
        "ignore = [\"typo\"]\n[[overrides]]\nfiles = [\"wire/**\"]\nselect = [\"typo/missing-space\"]\n\
         [overrides.severity]\n\"typo/missing-space\" = \"info\"\n",
    );
    let out = newslint().current_dir(dir.path()).args(["check", "--format", "jsonl", "."]).output().unwrap();
    let f = jsonl(&out.stdout);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["path"], "./wire/a.md");
    assert_eq!(f[0]["severity"], "info");
    assert_eq!(out.status.code(), Some(0), "an info finding is below the default fail-on");
}

/// The value printed for a rule id by `newslint config`.
fn setting(text: &str, id: &str) -> Option<String> {
    text.lines()
        .find(|l| l.starts_with(&format!("\"{id}\"")))
        .and_then(|l| l.split('=').nth(1))
        .map(|v| v.trim().to_string())
}

#[test]
fn config_command_prints_the_resolved_settings() {
    let site = site_fixture();
    let out = newslint().current_dir(&site).args(["config", "opinion/column.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("config = \"newslint.toml\""), "{text}");
    assert!(text.contains("[[overrides]] #1 (files = [\"opinion/*.md\"])"), "{text}");
    assert!(text.contains("accept = [\"Metro.Insider\", \"wcbn\"]"), "{text}");
    assert!(text.contains("rules/site.toml"), "{text}");
    let value = |id: &str| setting(&text, id);
    assert_eq!(value("attribution/vague-authority").as_deref(), Some("\"off\""));
    assert_eq!(value("attribution/vague-collective").as_deref(), Some("\"off\""));
    assert_eq!(value("typo/sentence-case").as_deref(), Some("\"info\""));
    assert_eq!(value("boilerplate/site-newsletter").as_deref(), Some("\"warning\""));

    let out = newslint().current_dir(&site).args(["config", "articles/budget.md"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(setting(&text, "attribution/vague-authority").as_deref(), Some("\"info\""), "{text}");
    assert!(!text.contains("[[overrides]]"), "{text}");
    let out = newslint().current_dir(&site).args(["config", "--isolated", "articles"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("config = false"));
    let out = newslint().current_dir(&site).args(["config", "archive/2019.md"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("excluded = true"));
}

const DOUBLED: &str = "The council met on Monday and and voted to keep the library open.\n";

#[test]
fn a_config_extends_another_whose_settings_apply_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "newslint.toml",
        "ignore = [\"typo/missing-space\"]\nexclude = [\"old\"]\nfail-on = \"error\"\n\
         [severity]\n\"typo/doubled-word\" = \"error\"\n\
         [[overrides]]\nfiles = [\"desk/wire/*.md\"]\nignore = [\"typo/doubled-word\"]\n",
    );
    // The desk's file changes one thing and keeps the rest of the site's settings.
    write(root, "desk/newslint.toml", "extend = \"../newslint.toml\"\n[severity]\n\"typo/doubled-word\" = \"info\"\n");
    for f in ["a.md", "desk/a.md", "desk/old/a.md", "desk/wire/a.md"] {
        write(root, f, &format!("{JOINED}\n{DOUBLED}"));
    }
    let out = newslint().current_dir(root).args(["check", "--format", "jsonl", "."]).output().unwrap();
    let f = jsonl(&out.stdout);
    let got: Vec<(&str, &str, &str)> = f
        .iter()
        .map(|x| (x["path"].as_str().unwrap(), x["rule"].as_str().unwrap(), x["severity"].as_str().unwrap()))
        .collect();
    // The base's ignore, exclude and overrides (globs relative to the base) hold in the desk;
    // the desk's severity wins over the base's.
    assert_eq!(got, [("./a.md", "typo/doubled-word", "error"), ("./desk/a.md", "typo/doubled-word", "info")]);
    assert_eq!(out.status.code(), Some(1), "the error in a.md fails the run (fail-on from the base)");
    newslint().current_dir(root).args(["check", "desk"]).assert().code(0);

    // Without `extend` the desk's file replaces the site's: the site's ignore is gone.
    write(root, "desk/newslint.toml", "[severity]\n\"typo/doubled-word\" = \"info\"\n");
    let got = found(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(got.iter().any(|(_, r)| r == "typo/missing-space"), "{got:?}");

    // A `select` in the extending file comes after the base's `ignore`, as in ruff.
    write(root, "desk/newslint.toml", "extend = \"../newslint.toml\"\nselect = [\"typo/missing-space\"]\n");
    let got = found(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert_eq!(got, [("desk/a.md".to_string(), "typo/missing-space".to_string())]);

    // The base's per-file settings come after every file's top-level keys: the desk's
    // `select` does not undo the base's override for desk/wire.
    write(root, "desk/newslint.toml", "extend = \"../newslint.toml\"\nselect = [\"typo\"]\n");
    let got = found(newslint().current_dir(root).args(["check", "desk/a.md", "desk/wire/a.md"]));
    let rules = |path: &str| got.iter().filter(|(p, _)| p == path).map(|(_, r)| r.as_str()).collect::<Vec<_>>();
    assert_eq!(rules("desk/a.md"), ["typo/missing-space", "typo/doubled-word"], "{got:?}");
    assert_eq!(rules("desk/wire/a.md"), ["typo/missing-space"], "{got:?}");

    // `newslint config` says what the file extends.
    let out = newslint().current_dir(root).args(["config", "desk/a.md"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("config = \"desk/newslint.toml\"\n# extends newslint.toml\n"), "{text}");
    assert!(text.contains("fail-on = \"error\""), "{text}");
    let out = newslint().current_dir(root).args(["config", "desk/wire/a.md"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("# applies [[overrides]] #1 of newslint.toml (files = [\"desk/wire/*.md\"])"), "{text}");
}

#[test]
fn extend_errors_point_into_the_file_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "desk/a.md", JOINED);
    let error = |cmd: &mut Command| {
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty(), "nothing is linted with a broken config");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    write(root, "desk/newslint.toml", "# the desk\nextend = \"../site.toml\"\n");
    let err = error(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(err.contains("cannot read config file site.toml") && err.contains("desk/newslint.toml:2:10"), "{err}");

    // An error in the base is shown in the base.
    write(root, "site.toml", "select = [\"typo\"]\nignroe = [\"spam\"]\n");
    let err = error(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(err.contains("unknown field `ignroe`") && err.contains("site.toml:2:1"), "{err}");
    write(root, "site.toml", "ignore = [\"typo/missing-spaces\"]\n");
    let err = error(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(err.contains("`typo/missing-spaces` matches no rule") && err.contains("site.toml:1:"), "{err}");

    // A base's selector is checked against the rules its extender loads, and says so.
    write(root, "site.toml", "ignore = [\"typo/misspelling\"]\n");
    write(root, "desk/newslint.toml", "extend = \"../site.toml\"\ndefault-rules = false\n");
    let err = error(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(err.contains("`typo/misspelling` matches no rule loaded for desk/newslint.toml"), "{err}");
    write(root, "desk/newslint.toml", "# the desk\nextend = \"../site.toml\"\n");

    // A chain that comes back to a file it has passed is an error, not a hang.
    write(root, "site.toml", "extend = \"desk/newslint.toml\"\n");
    let err = error(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(err.contains("`extend` goes round in a circle"), "{err}");
    write(root, "desk/newslint.toml", "extend = \"newslint.toml\"\n");
    let err = error(newslint().current_dir(root).args(["check", "desk/a.md"]));
    assert!(err.contains("`extend` goes round in a circle") && err.contains("desk/newslint.toml:1:10"), "{err}");
}

#[test]
fn standard_input_named_as_an_excluded_file_is_skipped_and_fixing_passes_it_through() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "newslint.toml", "exclude = [\"archive\"]\n");
    // Bytes a fix would change, and one that is not UTF-8: passed through, nothing is lost.
    let text: &[u8] = b"The vote ended at noon.Nobody left early.\r\nCaf\xe9 prices rose.\n";
    let piped = |options: &[&str], input: &[u8]| {
        let mut args = vec!["check"];
        args.extend(options);
        args.extend(["--stdin-filename", "archive/2019.md", "-"]);
        newslint().current_dir(root).args(args).write_stdin(input).output().unwrap()
    };
    let out = piped(&["--format", "jsonl"], JOINED.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("note: archive/2019.md is excluded by newslint.toml"));
    let out = piped(&["--fix", "--unsafe-fixes"], text);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, text, "stdout is the input, byte for byte, and nothing else");
    // Fixing in a document format still gives the document, empty, on stderr after the note.
    for (format, empty) in [("json", "[]"), ("sarif", "\"results\": []")] {
        let out = piped(&["--fix", "--format", format], text);
        assert_eq!(out.stdout, text, "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        let doc = err.split_once('\n').map_or("", |(_, rest)| rest);
        assert!(serde_json::from_str::<Value>(doc).is_ok() && doc.contains(empty), "{format}: {err}");
    }
    // The same text under a name that is not excluded is linted.
    let got =
        found(newslint().current_dir(root).args(["check", "--stdin-filename", "news/x.md", "-"]).write_stdin(JOINED));
    assert_eq!(got, [("news/x.md".to_string(), "typo/missing-space".to_string())]);
}

/// A `--config` kept outside the tree: its globs match paths under the current folder, never
/// a folder above it (`build` matched the absolute path's `/build/`, and every file was
/// skipped). A run that lints nothing says why on stderr.
#[test]
fn a_config_elsewhere_matches_globs_below_the_current_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "cfg/newslint.toml", "exclude = [\"build\", \"archive\"]\n");
    write(d, "build/site/a.txt", JOINED);
    write(d, "build/site/archive/b.txt", JOINED);
    let run = |cwd: &Path| {
        let out = newslint()
            .current_dir(cwd)
            .args(["check", "--format", "jsonl", "--config"])
            .arg(d.join("cfg/newslint.toml"))
            .output()
            .unwrap();
        let paths: Vec<String> = jsonl(&out.stdout).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
        (paths, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (paths, err) = run(&d.join("build/site"));
    assert_eq!(paths, ["a.txt"], "{err}");
    let (paths, err) = run(d);
    assert!(paths.is_empty());
    assert!(err.contains("warning: nothing to lint: all 2 files found are excluded by the config"), "{err}");
}

/// `--extensions .md` is taken for `md`; a walk that finds no file to lint says so.
#[test]
fn extensions_may_have_their_dot_and_finding_nothing_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.MD", JOINED);
    let out =
        newslint().current_dir(d).args(["check", "--isolated", "--format", "jsonl", "--extensions", ".md"]).output();
    assert_eq!(jsonl(&out.unwrap().stdout).len(), 1);
    let out = newslint().current_dir(d).args(["check", "--isolated", "--extensions", "txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: nothing to lint: no file with the extensions txt (see --extensions)"), "{err}");
}

/// In a `[severity]` table the most specific entry wins, whatever the keys' order: a TOML
/// table has none (alphabetical order decided, so `*/…` always lost to a category).
#[test]
fn the_most_specific_severity_entry_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "The minister reportedly resigned on Monday after the vote.\n";
    write(d, "a.txt", text);
    for table in [
        "\"attribution\" = \"error\"\n\"*/hedged-sourcing\" = \"info\"\n",
        "\"*/hedged-sourcing\" = \"info\"\n\"attribution\" = \"error\"\n",
        "\"*\" = \"error\"\n\"attribution/*\" = \"warning\"\n\"attribution/hedged-sourcing\" = \"info\"\n",
    ] {
        write(d, "newslint.toml", &format!("[severity]\n{table}"));
        let out = newslint().current_dir(d).args(["check", "--format", "jsonl", "a.txt"]).output().unwrap();
        let f = jsonl(&out.stdout);
        assert_eq!(f.len(), 1, "{table}");
        assert_eq!(
            (f[0]["rule"].as_str(), f[0]["severity"].as_str()),
            (Some("attribution/hedged-sourcing"), Some("info")),
            "{table}"
        );
    }
}

/// `--select` runs exactly the rules it names, as ruff's does: the config's `ignore` no
/// longer hides them (it ran nothing, silently), and an override's `select` adds nothing;
/// an override's `ignore` still applies, as ruff's per-file-ignores.
#[test]
fn select_on_the_command_line_runs_exactly_its_rules() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "The vote ended at noon.Nobody left the goverment hall early.\n";
    write(d, "news/a.md", text);
    write(d, "wire/a.md", text);
    write(
        d,
        "newslint.toml",
        "ignore = [\"typo/misspelling\"]\n[[overrides]]\nfiles = [\"news/**\"]\nselect = [\"typo/missing-space\"]\n\
         [[overrides]]\nfiles = [\"wire/**\"]\nignore = [\"typo/misspelling\"]\n",
    );
    let rules = |args: &[&str]| -> Vec<(String, String)> { found(newslint().current_dir(d).arg("check").args(args)) };
    let m = |p: &str, r: &str| (p.to_string(), r.to_string());
    assert_eq!(
        rules(&["--select", "typo/misspelling", "news/a.md", "wire/a.md"]),
        [m("news/a.md", "typo/misspelling")]
    );
    assert_eq!(
        rules(&["--select", "typo/missing-space,typo/misspelling", "news/a.md"]),
        [m("news/a.md", "typo/missing-space"), m("news/a.md", "typo/misspelling")]
    );
    // Without --select the config decides: the misspelling stays ignored.
    assert_eq!(rules(&["--ignore", "attribution,duplicate", "news/a.md"]), [m("news/a.md", "typo/missing-space")]);
}
