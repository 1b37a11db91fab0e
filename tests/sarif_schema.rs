//! `--format sarif` validated against the SARIF 2.1.0 schema (vendored in tests/data, see its
//! README), with regions in the declared units and stable fingerprints.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = v.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema errors:\n{}", errors.join("\n"));
}

fn sarif(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out =
        newslint().current_dir(dir).args(["check", "--isolated", "--format", "sarif"]).args(args).output().unwrap();
    (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).expect("one JSON document"))
}

const TEXT: &str =
    "Ceasefire talks\n\n“Quote” first. It was a bold move,U.S. officials said.\n\nPrices &amp; wages rose.\n";

#[test]
fn output_validates_against_the_sarif_schema() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("news desk")).unwrap();
    fs::write(dir.path().join("news desk/a,1.md"), TEXT).unwrap();
    fs::write(dir.path().join("clean.md"), "The council met on Monday.\n").unwrap();
    let v = validator();
    let (code, log) = sarif(dir.path(), &["news desk/a,1.md", "clean.md"]);
    assert_eq!(code, 1);
    assert_valid(&v, &log);
    let (code, clean) = sarif(dir.path(), &["clean.md"]);
    assert_eq!(code, 0);
    assert_valid(&v, &clean);
    assert_eq!(clean["runs"][0]["results"].as_array().unwrap().len(), 0);
    // The validator really checks: a wrong level is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("warn");
    assert!(!v.is_valid(&broken), "the schema must reject level \"warn\"");
}

#[test]
fn regions_use_the_declared_units_and_rules_carry_help() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), TEXT).unwrap();
    let (_, log) = sarif(dir.path(), &["a.md"]);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "newslint");
    let results = run["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "typo/missing-space").expect("a missing-space result");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a.md");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &loc["region"];
    let start = TEXT.find("move,U").unwrap();
    let line_start = TEXT[..start].rfind('\n').unwrap() + 1;
    // Curly quotes are 3 bytes but one code point each.
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"].as_u64().unwrap() as usize, TEXT[line_start..start].chars().count() + 1);
    assert_eq!(region["charOffset"].as_u64().unwrap() as usize, TEXT[..start].chars().count());
    assert_eq!(region["byteOffset"].as_u64().unwrap() as usize, start);
    assert_eq!(region["byteLength"], 6);
    assert_eq!(region["charLength"], 6);
    assert_eq!(region["endColumn"], region["startColumn"].as_u64().unwrap() + 6);
    assert_eq!(region["snippet"]["text"], "move,U");
    assert_eq!(r["level"], "warning");
    let fp = r["partialFingerprints"]["matchedTextHash/v1"].as_str().unwrap();
    assert!(fp.ends_with(":1") && fp.len() == 18, "{fp}");
    assert_eq!(r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], " ");

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "typo/missing-space");
    assert!(rule["fullDescription"]["text"].as_str().unwrap().contains("Two words joined"));
    assert!(rule["help"]["text"].as_str().unwrap().contains("Reported:"));
    assert!(rule["help"]["markdown"].as_str().unwrap().contains("**Not reported:**"));
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert!(rules.iter().any(|r| r["id"] == "suppression/unused"), "the linter's own rules are listed");
}

#[test]
fn fingerprints_survive_moved_lines() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), TEXT).unwrap();
    let fps = |log: &Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["matchedTextHash/v1"].as_str().unwrap().to_string())
            .collect()
    };
    let before = fps(&sarif(dir.path(), &["a.md"]).1);
    fs::write(dir.path().join("a.md"), TEXT.replace("Ceasefire talks\n", "Ceasefire talks\n\nUpdated at noon.\n"))
        .unwrap();
    let after = fps(&sarif(dir.path(), &["a.md"]).1);
    assert!(!before.is_empty());
    assert_eq!(before, after);
}

#[test]
fn paths_become_percent_encoded_uris() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("news desk")).unwrap();
    fs::write(dir.path().join("news desk/100%.md"), TEXT).unwrap();
    let (_, log) = sarif(dir.path(), &["news desk/100%.md"]);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "news%20desk/100%25.md");
    let root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
}

/// Results are printed as their files finish, in input order across the parallel batches, and
/// the run's `invocations`, printed last, still says whether every input loaded.
#[test]
fn many_files_stream_in_order_and_a_missing_one_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..70).map(|i| format!("a{i:02}.md")).collect();
    for n in &names {
        fs::write(dir.path().join(n), "The goverment met on Monday.\n").unwrap();
    }
    let mut args: Vec<&str> = vec!["-j", "2"];
    args.extend(names.iter().map(String::as_str));
    let (code, log) = sarif(dir.path(), &args);
    assert_eq!(code, 1);
    assert_valid(&validator(), &log);
    let run = &log["runs"][0];
    let uris: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, names);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    args.push("missing.md");
    let (code, log) = sarif(dir.path(), &args);
    assert_eq!(code, 2);
    assert_valid(&validator(), &log);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 70);
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], false);
}
