//! The binary end to end: exit codes, output contract, rendering of long lines, bad input
//! and bad rule files. Each test works in its own temporary folder.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn clean_text_exits_zero_and_findings_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.txt", "The council met on Monday.\n");
    let bad = write(dir.path(), "bad.txt", "The council met on Monday.The vote was close.\n");
    newslint()
        .arg("check")
        .arg(&ok)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("0 errors, 0 warnings, 0 infos in 1 file"));
    newslint().arg("check").arg(&bad).assert().code(1);
    newslint().args(["check", "--exit-zero"]).arg(&bad).assert().code(0);
    newslint().args(["check", "--fail-on", "error"]).arg(&bad).assert().code(0);
}

#[test]
fn jsonl_follows_the_output_contract() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Title Line\n“Quote” first. It was a bold move,U.S. officials said.\n";
    let p = write(dir.path(), "a.txt", text);
    let out = newslint().args(["check", "--format", "jsonl"]).arg(&p).assert().code(1).get_output().stdout.clone();
    let findings = jsonl(&out);
    let f = findings.iter().find(|f| f["rule"] == "typo/missing-space").expect("missing-space finding");
    for key in [
        "path",
        "rule",
        "category",
        "severity",
        "message",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
    ] {
        assert!(f.get(key).is_some(), "missing key {key}");
    }
    let (start, end) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], "move,U");
    assert_eq!(f["category"], "typo");
    assert_eq!(f["line"], 2);
    // Columns count characters: the curly quotes are 3 bytes each but one column.
    let col = text.lines().nth(1).unwrap()[..text[..start].len() - text.find('\n').unwrap() - 1].chars().count() + 1;
    assert_eq!(f["column"].as_u64().unwrap() as usize, col);
    assert_eq!(f["fix"]["replacement"], " ");
    // --format json is the same findings as one array.
    let out = newslint().args(["check", "--format", "json"]).arg(&p).output().unwrap();
    let arr: Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert_eq!(arr.as_array().unwrap().len(), findings.len());
}

#[test]
fn long_lines_render_in_a_window_with_true_positions() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = "word ".repeat(400);
    line.push_str("end,start ");
    line.push_str(&"more ".repeat(100));
    let p = write(dir.path(), "long.txt", &format!("Heading\n{line}\n"));
    let out = newslint().arg("check").arg(&p).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    for l in s.lines() {
        assert!(l.chars().count() <= 120, "line wider than 120 columns: {l}");
    }
    let col = line.find("end,start").unwrap() + 1;
    assert!(s.contains(&format!("long.txt:2:{col}")), "header must show line 2 column {col}:\n{s}");
    assert!(s.contains('…'), "cut marks expected:\n{s}");
}

#[test]
fn bad_regex_points_into_the_rule_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "bad.toml",
        "[[rule]]\nid = \"typo/broken\"\ncategory = \"typo\"\nseverity = \"warning\"\nmessage = \"m\"\nexamples = { fire = [\"a\"], pass = [\"b\"] }\n[rule.check.pattern]\nregex = 'a(b'\n",
    );
    let art = write(dir.path(), "a.txt", "text\n");
    let out = newslint().arg("check").arg("--rules").arg(&rules).arg(&art).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid regex"), "{err}");
    assert!(err.contains("bad.toml:8:9"), "must point at the regex value: {err}");
}

/// `exceptions.context` regexes are compiled on first use; their syntax is still checked when
/// the rule loads, and a good one still silences the rule in a sentence it matches.
#[test]
fn exception_context_regexes_are_checked_at_load_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |context: &str| {
        format!(
            "[[rule]]\nid = \"filler/very\"\ncategory = \"filler\"\nseverity = \"warning\"\nmessage = \"m\"\n\
             exceptions = {{ context = ['{context}'] }}\n[rule.check.phrase]\nphrases = [\"very\"]\n"
        )
    };
    let art = write(dir.path(), "a.txt", "Title\n\nIt was very late.\n\nShe said it was very much “over”.\n");
    let bad = write(dir.path(), "bad.toml", &rule("quot(e"));
    let out = newslint().args(["check", "--no-default-rules", "--rules"]).arg(&bad).arg(&art).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid regex") && err.contains("bad.toml:6:"), "must point at the context regex: {err}");
    let good = write(dir.path(), "good.toml", &rule("[“”]"));
    let out = newslint()
        .args(["check", "--format", "jsonl", "--exit-zero", "--no-default-rules", "--rules"])
        .arg(&good)
        .arg(&art)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = s.lines().filter(|l| l.contains("filler/very")).collect();
    assert_eq!(lines.len(), 1, "only the sentence without quote marks: {s}");
    assert!(lines[0].contains("\"line\":3"), "{s}");
}

#[test]
fn rule_file_errors_have_spans() {
    let dir = tempfile::tempdir().unwrap();
    let head = "[[rule]]\nid = \"typo/x\"\ncategory = \"typo\"\nseverity = \"warning\"\nmessage = \"m\"\n";
    let cases = [
        (
            "unknown.toml",
            format!("{head}colour = 1\n[rule.check.phrase]\nphrases = [\"a\"]\n"),
            "unknown field `colour`",
        ),
        (
            "missing.toml",
            "[[rule]]\nid = \"typo/x\"\ncategory = \"typo\"\nmessage = \"m\"\n[rule.check.phrase]\nphrases = [\"a\"]\n"
                .to_string(),
            "missing field `severity`",
        ),
        ("syntax.toml", "[[rule]\nid = 1\n".to_string(), "invalid rule file"),
        (
            "dup.toml",
            format!("{head}[rule.check.phrase]\nphrases = [\"a\"]\n{head}[rule.check.phrase]\nphrases = [\"b\"]\n"),
            "duplicate rule id `typo/x`",
        ),
        (
            "cat.toml",
            head.replace("category = \"typo\"", "category = \"typos\"") + "[rule.check.phrase]\nphrases = [\"a\"]\n",
            "unknown category `typos`",
        ),
        // `$1_Corp` reads as the group `1_Corp`: the fix would have deleted the match.
        (
            "template.toml",
            format!("{head}fix = \"safe\"\n[rule.check.pattern]\nregex = '(acme) corp'\nsuggestion = '$1_Corp'\n"),
            "the suggestion names group `1_Corp`, which the regex does not have (`$1_Corp` reads as one name; \
             write `${1}_Corp`)",
        ),
        // Compiled on first use, a regex too large made a rule that silently never ran.
        (
            "large.toml",
            format!("{head}[rule.check.line]\nregex = '(?:\\w{{50}}){{50}}'\n"),
            "regex too large: compiled, it passes the limit",
        ),
        // Words are letters: a dictionary entry with a hyphen or a space never matched.
        (
            "words.toml",
            format!("{head}[rule.check.dictionary]\nentries = {{ \"e-mail\" = \"email\" }}\n"),
            "dictionary entry `e-mail` is not one word",
        ),
        // A misspelt placeholder was printed as it is.
        (
            "placeholder.toml",
            format!("{head}help = \"write `{{sugestion}}`\"\n[rule.check.phrase]\nphrases = [\"a\"]\n"),
            "`{sugestion}` in this rule's help is no placeholder",
        ),
    ];
    let art = write(dir.path(), "a.txt", "text\n");
    for (name, text, expect) in cases {
        let rules = write(dir.path(), name, &text);
        let out = newslint().args(["check", "--no-default-rules", "--rules"]).arg(&rules).arg(&art).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expect), "{name}: {err}");
        assert!(err.contains(&format!("{name}:")), "{name}: no position in {err}");
    }
}

#[test]
fn bad_input_is_reported_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("bin.txt"), b"abc\0def").unwrap();
    fs::write(d.join("latin1.txt"), b"caf\xe9 society\n").unwrap();
    fs::write(d.join("empty.txt"), b"").unwrap();
    fs::write(d.join("crlf.txt"), b"Title\r\nThe vote was close.Nobody expected it.\r\n").unwrap();
    fs::write(d.join("bom.txt"), "\u{feff}Title\nThe vote was close.Nobody expected it.\n").unwrap();
    let utf16: Vec<u8> = "\u{feff}The vote was close.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    fs::write(d.join("utf16.txt"), &utf16).unwrap();
    // A binary file met while walking is skipped; named on the command line it is an error.
    // UTF-16 text is not binary: it is named, walking or not.
    let walk = newslint().args(["check", "--format", "jsonl"]).arg(d).output().unwrap();
    let err = String::from_utf8_lossy(&walk.stderr);
    assert!(err.contains("latin1.txt: not valid UTF-8: bad byte at offset 3 (line 1)"), "{err}");
    assert!(err.contains("utf16.txt: UTF-16 text (little-endian"), "{err}");
    assert!(!err.contains("bin.txt"), "binary files met while walking are skipped: {err}");
    assert_eq!(walk.status.code(), Some(2));
    let found = jsonl(&walk.stdout);
    // CRLF and BOM files are still linted, with byte offsets into the original bytes.
    for name in ["crlf.txt", "bom.txt"] {
        let f = found.iter().find(|f| f["path"].as_str().unwrap().ends_with(name)).expect(name);
        let bytes = fs::read(d.join(name)).unwrap();
        let (s, e) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
        assert_eq!(&bytes[s..e], b"close.Nobody");
        assert_eq!(f["line"], 2);
    }
    let named = newslint().arg("check").arg(d.join("bin.txt")).output().unwrap();
    assert_eq!(named.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&named.stderr).contains("binary file"));
    let missing = newslint().arg("check").arg(d.join("nope.txt")).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file"));
    // Fixing standard input that cannot be linted gives it back unchanged.
    for bytes in [&b"The goverment said caf\xe9.\n"[..], b"The goverment\0 said.\n", &utf16] {
        let out = newslint().args(["check", "--fix", "-"]).write_stdin(bytes).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(out.stdout, bytes, "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_ten_megabyte_line_does_not_break_anything() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = "The vote was close and nobody expected the result. ".repeat(200_000);
    s.push_str("It ended.Nobody cheered.\n");
    let p = write(dir.path(), "huge.txt", &s);
    let out = newslint().args(["check", "--format", "jsonl"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let f = jsonl(&out.stdout);
    assert!(f.iter().any(|f| f["matched"] == "ended.Nobody"));
}

#[test]
fn stdin_with_a_name() {
    let out = newslint()
        .args(["check", "--format", "jsonl", "--stdin-filename", "story.md", "-"])
        .write_stdin("Title\nThe talks ended.Nobody spoke.\n")
        .output()
        .unwrap();
    let f = jsonl(&out.stdout);
    assert_eq!(f[0]["path"], "story.md");
}

#[test]
fn rules_explain_and_test_rules() {
    let out = newslint().arg("rules").output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.lines().any(|l| l.starts_with("typo/missing-space") && l.contains("typo") && l.contains("warning")));
    let out = newslint().args(["explain", "typo/missing-space"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Reported:") && s.contains("Not reported:") && s.contains("move,U.S."));
    newslint().args(["explain", "no/such-rule"]).assert().code(2);
    newslint().arg("test-rules").assert().code(0).stdout(predicates::str::contains(" 0 failed"));
    // The findings about suppression comments are rules too: listed and explained.
    let listed = String::from_utf8(newslint().arg("rules").output().unwrap().stdout).unwrap();
    for id in ["suppression/unused", "suppression/unknown-rule"] {
        assert!(listed.lines().any(|l| l.starts_with(id) && l.contains("suppression")), "{id} listed");
        let out = newslint().args(["explain", id]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{id}");
        assert!(String::from_utf8(out.stdout).unwrap().contains("newslint-disable"), "{id}");
    }
}

#[test]
fn test_rules_fails_on_a_misbehaving_example() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(
        dir.path(),
        "mine.toml",
        "[[rule]]\nid = \"typo/my-word\"\ncategory = \"typo\"\nseverity = \"warning\"\nmessage = \"m\"\nexamples = { fire = [\"say zorp\"], pass = [\"zorp is fine\"] }\n[rule.check.phrase]\nphrases = [\"zorp\"]\n",
    );
    let out = newslint().arg("test-rules").arg(&rules).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("typo/my-word: must not fire"), "{err}");
}

#[test]
fn fix_is_atomic_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", "Title\nThe vote was close.Nobody expected it,and nobody cheered.\n");
    newslint().args(["check", "--fix"]).arg(&p).assert().code(0);
    assert_eq!(fs::read_to_string(&p).unwrap(), "Title\nThe vote was close. Nobody expected it, and nobody cheered.\n");
    let before = fs::metadata(&p).unwrap().modified().unwrap();
    newslint().args(["check", "--fix"]).arg(&p).assert().code(0);
    assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before, "a second --fix must not rewrite the file");
    let diff = write(dir.path(), "b.txt", "Title\nIt ended.Nobody cheered.\n");
    let out = newslint().args(["check", "--diff"]).arg(&diff).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("-It ended.Nobody cheered.") && s.contains("+It ended. Nobody cheered."), "{s}");
    assert_eq!(fs::read_to_string(&diff).unwrap(), "Title\nIt ended.Nobody cheered.\n", "--diff writes nothing");
}

#[test]
fn output_is_in_path_order_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        // Some files are much longer, so with several threads later files finish first.
        let body = if i % 5 == 0 { "The mayor spoke at length. ".repeat(400) } else { String::new() };
        write(
            dir.path(),
            &format!("{i:02}.txt"),
            &format!("{body}It was a bold move,U.S. officials said in part {i}.\n"),
        );
    }
    let run = |j: &str| {
        newslint()
            .args(["check", "--format", "jsonl", "--exit-zero", "-j", j])
            .arg(dir.path())
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    let paths: Vec<String> = jsonl(&one)
        .iter()
        .filter(|f| f["rule"] == "typo/missing-space")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 40, "one missing-space finding per file");
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are reported in path order");
    assert_eq!(run("3"), one, "three threads print exactly what one prints");
}

#[test]
fn a_long_line_without_sentence_ends_full_of_cues_is_linted_in_linear_time() {
    // No full stop for 400 KB, an attribution cue every few words: each cue is judged on a
    // bounded stretch around it, not on the whole "sentence". Time is not asserted (speed is
    // measured in benchmarks); the finding count shows every cue was judged.
    let dir = tempfile::tempdir().unwrap();
    let s = "officials said analysts expect the council to vote and reports indicate growth ".repeat(5_000);
    let p = write(dir.path(), "run-on.txt", &s);
    let out = newslint().args(["check", "--format", "jsonl", "--exit-zero"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let attribution = jsonl(&out.stdout).iter().filter(|f| f["category"] == "attribution").count();
    assert!(attribution >= 1, "attribution findings on the run-on line");
}

#[test]
fn timing_report_goes_to_stderr_and_leaves_the_findings_alone() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.txt", "The council met on Monday.The vote was close.\n");
    let plain = newslint().args(["check", "--format", "jsonl"]).arg(&bad).output().unwrap();
    let timed =
        newslint().env("NEWSLINT_TIMING", "all").args(["check", "--format", "jsonl"]).arg(&bad).output().unwrap();
    assert_eq!(plain.stdout, timed.stdout, "timing must not change the findings");
    assert_eq!(plain.status.code(), timed.status.code());
    let err = String::from_utf8_lossy(&timed.stderr);
    assert!(err.starts_with("Rule "), "{err}");
    for row in ["typo/missing-space ", "(dictionary pass) ", "(rule files: TOML) "] {
        assert!(err.contains(row), "no `{row}` row in\n{err}");
    }
    let top2 = newslint().env("NEWSLINT_TIMING", "2").arg("check").arg(&bad).output().unwrap();
    let rows = String::from_utf8_lossy(&top2.stderr).lines().filter(|l| l.contains(" | ")).count();
    assert_eq!(rows, 3, "header and the two costliest rows");
    assert!(String::from_utf8_lossy(&plain.stderr).is_empty(), "no report unless asked");
    // A pass no selected rule needs does not run.
    let one = newslint()
        .env("NEWSLINT_TIMING", "all")
        .args(["check", "--format", "jsonl", "--select", "typo/missing-space"])
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&one.stderr);
    assert!(err.contains("typo/missing-space ") && !err.contains("(dictionary pass)"), "{err}");
    assert_eq!(jsonl(&one.stdout).len(), jsonl(&plain.stdout).len(), "the one finding is still found");
}

/// A folder is linted in batches of files; each file's findings must be what linting it
/// alone gives, in the same order, whatever sits beside it in its batch: files under another
/// config (a different profile mid-batch), a file larger than a batch's text budget, a binary
/// file and one that is not UTF-8.
#[test]
fn a_folder_finds_in_each_file_what_linting_it_alone_finds() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut sources = Vec::new();
    for sub in ["articles", "attribution", "boilerplate", "duplicate", "typo"] {
        for e in fs::read_dir(root.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                sources.push(p);
            }
        }
    }
    sources.sort();
    let mut files = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let text = fs::read_to_string(src).unwrap();
        // Every fourth file goes under a config that keeps only the typo rules.
        let name = if i % 4 == 3 { format!("house/{i:02}.txt") } else { format!("{i:02}.txt") };
        let path = dir.path().join(&name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &text).unwrap();
        files.push(path);
    }
    fs::write(dir.path().join("house/newslint.toml"), "select = [\"typo\"]\n").unwrap();
    let joined = sources.iter().map(|p| fs::read_to_string(p).unwrap()).collect::<Vec<_>>().join("\n");
    let big = joined.repeat(1 + (600 << 10) / joined.len());
    assert!(big.len() > 600 << 10, "larger than a batch's text budget (512 KiB)");
    files.push(write(dir.path(), "50-big.txt", &big));
    files.push(write(dir.path(), "51-binary.txt", "a\0b"));
    let bad = dir.path().join("52-latin1.txt");
    fs::write(&bad, b"caf\xe9 society\n").unwrap();
    files.push(bad);
    files.sort();

    let run = |path: &Path| {
        let out = newslint()
            .args(["check", "--format", "jsonl", "--exit-zero"])
            .arg(path)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (jsonl(&out.stdout), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (together, errors) = run(dir.path());
    assert!(errors.contains("52-latin1.txt: not valid UTF-8"), "{errors}");
    let mut alone = Vec::new();
    for f in &files {
        if !f.ends_with("51-binary.txt") {
            alone.extend(run(f).0);
        }
    }
    let key = |v: &Value| (v["path"].as_str().unwrap().rsplit(['/', '\\']).next().unwrap().to_string(), v.to_string());
    let strip = |v: &Vec<Value>| {
        v.iter()
            .map(|f| {
                let (name, _) = key(f);
                let mut f = f.clone();
                f["path"] = Value::from(name.clone());
                (name, f)
            })
            .collect::<Vec<_>>()
    };
    let (together, alone) = (strip(&together), strip(&alone));
    assert!(together.len() > 50, "the fixtures have findings: {}", together.len());
    assert!(together.iter().any(|(n, _)| n == "50-big.txt"), "the big file was linted");
    // The house files' own findings (their names are unique), and the house config holds.
    let house: Vec<String> = files
        .iter()
        .filter(|f| f.parent().is_some_and(|p| p.ends_with("house")))
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let in_house = |v: &Vec<(String, Value)>| {
        v.iter().filter(|(n, _)| house.contains(n)).map(|(_, f)| f.clone()).collect::<Vec<_>>()
    };
    assert!(in_house(&alone).iter().all(|f| f["category"] == "typo"), "the house config keeps only typos");
    assert!(together.iter().any(|(n, f)| !house.contains(n) && f["category"] != "typo"), "other files keep every rule");
    let first_difference = together.iter().zip(&alone).position(|(a, b)| a != b);
    assert!(
        together.len() == alone.len() && first_difference.is_none(),
        "{} findings together, {} alone; first difference at {first_difference:?}: {:?}",
        together.len(),
        alone.len(),
        first_difference.map(|i| (&together[i], &alone[i]))
    );
}

/// `--format concise` is the JSON Lines findings, one line each, as `PATH:LINE:COLUMN:
/// SEVERITY[RULE]: MESSAGE`, with ` [*]` on exactly those `--fix` fixes, and the summary.
#[test]
fn concise_format_is_one_line_per_finding_with_its_place() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |format: &str| {
        let out = newslint().current_dir(&fixtures).args(["check", "--exit-zero", "--format", format, "."]).output();
        out.unwrap().stdout
    };
    let findings = jsonl(&run("jsonl"));
    let concise = String::from_utf8(run("concise")).unwrap();
    let lines: Vec<&str> = concise.lines().collect();
    assert!(findings.len() > 50, "the fixtures have findings of every kind");
    assert_eq!(lines.len(), findings.len() + 1, "one line per finding and the summary");
    let mut fixable = 0;
    for (line, f) in lines.iter().zip(&findings) {
        let safe = f["fix"]["applicability"] == "safe";
        fixable += usize::from(safe);
        let expected = format!(
            "{}:{}:{}: {}[{}]: {}{}",
            f["path"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["severity"].as_str().unwrap(),
            f["rule"].as_str().unwrap(),
            f["message"].as_str().unwrap().replace('\n', " "),
            if safe { " [*]" } else { "" }
        );
        assert_eq!(*line, expected);
    }
    assert!(fixable > 0 && fixable < findings.len(), "both kinds are in the fixtures");
    let human = String::from_utf8(run("human")).unwrap();
    assert_eq!(lines.last().copied(), human.lines().last(), "the summary people read");
    // With --unsafe-fixes every finding with a fix is marked: that is what --fix would do.
    let mut cmd = newslint();
    cmd.current_dir(&fixtures).args(["check", "--exit-zero", "--unsafe-fixes", "--format", "concise", "."]);
    let concise = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    let marked = concise.lines().filter(|l| l.ends_with(" [*]")).count();
    assert_eq!(marked, findings.iter().filter(|f| !f["fix"].is_null()).count());
    assert!(marked > fixable);
}

/// With fixed standard input on stdout, `--statistics` goes to stderr in every format:
/// stdout is the text and nothing else (JSON statistics used to be appended to it).
#[test]
fn statistics_beside_fixed_standard_input_go_to_stderr() {
    for format in ["human", "json", "jsonl"] {
        let out = newslint()
            .args(["check", "--fix", "--statistics", "--exit-zero", "--format", format, "-"])
            .write_stdin("The goverment met on Monday.\n")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "The government met on Monday.\n", "{format}");
    }
}

/// The heap set-up at start (`src/heap.rs`) moves the break under glibc's malloc: a run under
/// glibc's own heap checking prints exactly what a plain run prints.
#[test]
fn the_heap_set_up_passes_glibcs_heap_checks() {
    let debug = [
        "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0",
        "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0",
        "/lib/aarch64-linux-gnu/libc_malloc_debug.so.0",
        "/usr/lib64/libc_malloc_debug.so.0",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists());
    let Some(debug) = debug else {
        eprintln!("skipped: glibc's malloc debugging library (libc_malloc_debug.so.0) not found");
        return;
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |checked: bool| {
        let mut c = newslint();
        if checked {
            c.env("LD_PRELOAD", debug).env("GLIBC_TUNABLES", "glibc.malloc.check=3");
        }
        c.args(["check", "--format", "jsonl", "-j", "2"]).arg(&fixtures).output().unwrap()
    };
    let (plain, checked) = (run(false), run(true));
    assert_eq!(checked.status.code(), plain.status.code(), "{}", String::from_utf8_lossy(&checked.stderr));
    assert_eq!(checked.stdout, plain.stdout);
    assert!(!plain.stdout.is_empty(), "the fixtures have findings");
}

/// A full disk behind stdout is an error (exit 2, said on stderr) in every format and
/// command, never a panic and never a silent exit 0: a CI step that saves the SARIF log with
/// `--exit-zero` must fail when the log was not written.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_is_an_error_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "The goverment said.\n");
    let full = || fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let mut runs: Vec<Vec<&str>> = ["sarif", "json", "jsonl", "human", "concise", "github"]
        .into_iter()
        .map(|f| vec!["check", "--isolated", "--exit-zero", "--format", f, "a.txt"])
        .collect();
    runs.push(vec!["check", "--isolated", "--exit-zero", "--statistics", "a.txt"]);
    runs.extend([vec!["rules"], vec!["explain", "typo/misspelling"], vec!["config"], vec!["test-rules"]]);
    for args in runs {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_newslint"))
            .current_dir(dir.path())
            .args(&args)
            .stdout(full())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write the output") && !stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// `--fix` whose stdout is closed early (piped to `head`) still fixes and names every file:
/// a file rewritten is never left unreported.
#[test]
fn fixing_goes_on_and_names_every_file_when_stdout_closes() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        write(dir.path(), &format!("f{i:03}.txt"), "The goverment said.The plan was bold.\n");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newslint"))
        .args(["check", "--isolated", "--fix", "."])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fixed = (0..200)
        .filter(|i| {
            fs::read_to_string(dir.path().join(format!("f{i:03}.txt"))).unwrap().contains("government said. The")
        })
        .count();
    assert_eq!(fixed, 200, "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("fixed ")).count(), 200, "{stderr}");
}

/// An empty (or blank) entry in a word list is a load error pointing at the entry, not a
/// panic on the first non-ASCII text nor a finding at every position.
#[test]
fn a_blank_entry_in_a_word_list_is_a_load_error_at_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let head = |cat: &str| {
        format!("[[rule]]\nid = \"{cat}/x\"\ncategory = \"{cat}\"\nseverity = \"warning\"\nmessage = \"m\"\n")
    };
    let cases = [
        ("phrases", format!("{}[rule.check.phrase]\nphrases = [\"ok\", \" \"]\n", head("spun")), "7:18", "phrases"),
        (
            "replacements",
            format!("{}[rule.check.phrase]\nreplacements = {{ \"\" = \"x\" }}\n", head("spun")),
            "7:18",
            "replacements",
        ),
        ("line", format!("{}[rule.check.line]\nphrases = [\"\"]\n", head("boilerplate")), "7:12", "phrases"),
        (
            "cues",
            format!("{}[rule.check.attribution]\ncues = [\"said to\", \"\"]\n", head("attribution")),
            "7:20",
            "cues",
        ),
    ];
    let art = write(dir.path(), "a.txt", "It’s over, they said.\n");
    for (name, text, at, field) in cases {
        let rules = write(dir.path(), &format!("{name}.toml"), &text);
        let out = newslint().args(["check", "--no-default-rules", "--rules"]).arg(&rules).arg(&art).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(&format!("`{field}` holds an empty entry")), "{name}: {err}");
        assert!(err.contains(&format!("{name}.toml:{at}")), "{name}: {err}");
        assert!(out.stdout.is_empty() && !err.contains("panicked"), "{name}: {err}");
    }
}

/// `--statistics` counts a rule's findings per severity: one row per severity it reported,
/// the most severe first, in the table and in JSON.
#[test]
fn statistics_count_each_severity_of_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "The trip is planned, according to a source familiar with the situation.\n\nOfficials said the bridge will reopen.\n",
    );
    let table =
        newslint().current_dir(dir.path()).args(["check", "--isolated", "--statistics", "a.txt"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows,
        [
            ["1", "attribution/anonymous-source", "attribution", "warning"],
            ["1", "attribution/anonymous-source", "attribution", "info"]
        ],
        "{table}"
    );
    let json = newslint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--statistics", "--format", "json", "a.txt"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let severities: Vec<&str> = json.as_array().unwrap().iter().map(|r| r["severity"].as_str().unwrap()).collect();
    assert_eq!(severities, ["warning", "info"]);
}

/// A byte-order mark is not content: the first character after it is column 1, and a fix
/// that deletes the first line keeps the mark.
#[test]
fn a_byte_order_mark_is_not_a_column_and_survives_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "\u{feff}Admin\nHarbour Strike Ends\n\nDock workers returned to work on Thursday after a nine-day strike.\n";
    let p = write(dir.path(), "a.txt", text);
    let out = newslint().args(["check", "--isolated", "--format", "jsonl"]).arg(&p).output().unwrap();
    let found = jsonl(&out.stdout);
    let admin = found.iter().find(|f| f["matched"] == "Admin").expect("Admin reported");
    assert_eq!(
        (admin["line"].as_u64(), admin["column"].as_u64(), admin["start"].as_u64()),
        (Some(1), Some(1), Some(3))
    );
    let edit = &admin["fix"]["edits"][0];
    assert_eq!(edit["start"], 3, "the edit leaves the mark: {edit}");
    newslint().args(["check", "--isolated", "--fix", "--unsafe-fixes"]).arg(&p).assert().code(0);
    let fixed = fs::read_to_string(&p).unwrap();
    assert!(fixed.starts_with("\u{feff}Harbour Strike Ends\n"), "{fixed:?}");
}

/// A rule that takes a default rule's id is an error pointing at both definitions, and the
/// default one's line is its line in `rules/`, under `check` as under `rules` (which load the
/// defaults with and without their documentation).
#[test]
fn a_duplicate_of_a_default_rule_points_at_its_real_line() {
    let dir = tempfile::tempdir().unwrap();
    let id = "filler/meta-commentary";
    let rules = write(
        dir.path(),
        "dup.toml",
        &format!("[[rule]]\nid = \"{id}\"\ncategory = \"filler\"\nseverity = \"info\"\nmessage = \"m\"\n[rule.check.phrase]\nphrases = [\"let us begin\"]\n"),
    );
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/filler.toml")).unwrap();
    let line = text.lines().position(|l| l == format!("id = \"{id}\"")).expect("the rule in filler.toml") + 1;
    let art = write(dir.path(), "a.txt", "text\n");
    for args in [vec!["check", "--isolated"], vec!["rules"]] {
        let out = newslint()
            .args(&args)
            .arg("--rules")
            .arg(&rules)
            .args((args[0] == "check").then_some(&art))
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&format!("<default>/filler.toml:{line}:6")), "{args:?}: {err}");
    }
}

/// A path that cannot be followed says why: a symbolic-link loop, a link to nothing, nothing.
#[cfg(unix)]
#[test]
fn unfollowable_paths_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("loop.txt", d.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink("gone.txt", d.join("broken.txt")).unwrap();
    let out =
        newslint().current_dir(d).args(["check", "--isolated", "loop.txt", "broken.txt", "nope.txt"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("loop.txt: cannot read: ") && !err.contains("loop.txt: no such"), "{err}");
    assert!(err.contains("broken.txt: a symbolic link to nothing"), "{err}");
    assert!(err.contains("nope.txt: no such file or folder"), "{err}");
}

/// A rule file named twice (by the config and `--rules`, or as `x.toml` and `./x.toml`) is
/// loaded once; two different files defining one id are still an error.
#[test]
fn a_rule_file_named_twice_is_loaded_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("rules")).unwrap();
    let rule = "[[rule]]\nid = \"typo/no-foo\"\ncategory = \"typo\"\nseverity = \"warning\"\nmessage = \"no foo\"\n\
                [rule.check.phrase]\nphrases = [\"foobar\"]\n";
    write(&d.join("rules"), "site.toml", rule);
    write(d, "newslint.toml", "rules = [\"rules/site.toml\"]\n");
    write(d, "a.txt", "A foobar here.\n");
    for extra in [&["--rules", "rules/site.toml"][..], &["--rules", "./rules/site.toml", "--rules", "rules"]] {
        let out =
            newslint().current_dir(d).args(["check", "--format", "jsonl"]).args(extra).arg("a.txt").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(jsonl(&out.stdout).len(), 1, "{extra:?}");
    }
    write(d, "copy.toml", rule);
    let out = newslint().current_dir(d).args(["check", "--rules", "copy.toml", "a.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("duplicate rule id `typo/no-foo`"));
}
