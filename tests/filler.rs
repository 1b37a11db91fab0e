//! Filler rules on `fixtures/filler/content-mill.txt`: an article that announces itself or
//! talks to "guys" is reported once per phrase; the same words in a quotation, about people
//! ("the guys at the depot") or about the article's history are not.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

#[test]
fn announcements_and_chatty_address_are_reported_and_near_misses_are_not() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/filler/content-mill.txt");
    let out = Command::cargo_bin("newslint")
        .expect("binary")
        .args(["check", "--format", "jsonl", "--exit-zero", "--select", "filler"])
        .arg(&path)
        .output()
        .expect("run newslint");
    let found: Vec<(u64, String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| {
            (v["line"].as_u64().unwrap(), v["rule"].as_str().unwrap().into(), v["matched"].as_str().unwrap().into())
        })
        .collect();
    let want = [
        (3, "filler/meta-commentary", "In this comprehensive guide"),
        (5, "filler/chatty-address", "Guys, let's"),
        (7, "filler/meta-commentary", "let’s dive in"),
        (9, "filler/chatty-address", "Remember, guys"),
    ];
    let want: Vec<(u64, String, String)> = want.iter().map(|(l, r, m)| (*l, r.to_string(), m.to_string())).collect();
    assert_eq!(found, want, "lines 11-21 are near-misses and must stay silent");
}
