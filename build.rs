//! Embeds every `rules/*.toml` in the binary so `newslint check` works with no setup, and
//! turns the big dictionaries (tens of thousands of entries) into perfect-hash maps at build
//! time, so start-up neither parses nor hashes them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The lookup key the runtime uses: curly apostrophes straightened, lower-cased unless the
/// dictionary is case-sensitive.
fn key(word: &str, case_sensitive: bool) -> String {
    let w = word.replace('’', "'");
    if case_sensitive {
        w
    } else {
        w.to_lowercase()
    }
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    // The manifest folder of this build, read when the script runs: `env!` would bake in the
    // folder the script was compiled for, and a build script compiled for another copy of the
    // sources (`cargo install` from a clone, sharing this target folder, as the pre-commit
    // test does) would then read that copy's rules, or none once it is gone.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("rules");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the default rules in {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    // A binary without its default rules lints nothing and says nothing: refuse to build one.
    assert!(!files.is_empty(), "no default rule files (*.toml) in {}", dir.display());
    files.sort();
    let mut list = String::from("&[\n");
    let mut lean_list = String::from("&[\n");
    // FNV-1a over every lean file's name and text: the stored parse of the lean rules
    // (`src/rules/lean_rules.postcard`) is used only when it was made from exactly these.
    let mut lean_hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut hash = |bytes: &[u8]| {
        for &b in bytes.iter().chain([&0xff]) {
            lean_hash = (lean_hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut dicts: Vec<BTreeMap<String, String>> = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = fs::read_to_string(f).expect("read rule file");
        // A file that does not parse is embedded as it is: the loader reports the error
        // with its span when the binary runs (and the tests fail).
        let (embedded, lean) = match text.parse::<toml::Table>() {
            Ok(mut table) => {
                let embedded = if extract_dictionaries(&mut table, &mut dicts) {
                    toml::to_string(&table).expect("serialise rule file")
                } else {
                    text
                };
                // The copy `check` loads: without the descriptions and examples only `explain`,
                // the rule tests and SARIF read (a third of the text to parse at every start).
                strip_documentation(&mut table);
                (embedded, toml::to_string(&table).expect("serialise rule file"))
            }
            Err(_) => (text.clone(), text),
        };
        let path = out.join(format!("rules-{name}"));
        fs::write(&path, embedded).expect("write embedded rule file");
        let _ = writeln!(list, "    ({name:?}, include_str!({:?})),", path.display().to_string());
        let path = out.join(format!("lean-rules-{name}"));
        hash(name.as_bytes());
        hash(lean.as_bytes());
        fs::write(&path, lean).expect("write embedded rule file");
        let _ = writeln!(lean_list, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    list.push(']');
    lean_list.push(']');
    fs::write(out.join("embedded_rules.rs"), list).expect("write embedded_rules.rs");
    fs::write(out.join("embedded_rules_lean.rs"), lean_list).expect("write embedded_rules_lean.rs");
    fs::write(out.join("lean_rules_hash.rs"), format!("{lean_hash:#x}")).expect("write lean_rules_hash.rs");

    // Each dictionary is one string of keys and values, a table of byte offsets into it and
    // the perfect-hash displacements: no pointer per entry, so the loader has nothing to
    // relocate at start-up (phf's `&str` tables cost 65,000 relocations, about 1.5 ms).
    let mut code = String::from("&[\n");
    for d in &dicts {
        let keys: Vec<&str> = d.keys().map(String::as_str).collect();
        let state = phf_generator::generate_hash(&keys);
        let mut blob = String::new();
        let mut entries = String::new();
        for &i in &state.map {
            let (k, v) = (keys[i], &d[keys[i]]);
            let (ks, ke) = (blob.len(), blob.len() + k.len());
            blob.push_str(k);
            let (vs, ve) = (blob.len(), blob.len() + v.len());
            blob.push_str(v);
            let _ = write!(entries, "[{ks},{ke},{vs},{ve}],");
        }
        let disps: String = state.disps.iter().map(|(a, b)| format!("({a},{b}),")).collect();
        let _ = writeln!(
            code,
            "    StaticDict {{ key: {}, disps: &[{disps}], entries: &[{entries}], blob: {blob:?} }},",
            state.key
        );
    }
    code.push(']');
    fs::write(out.join("embedded_dictionaries.rs"), code).expect("write embedded_dictionaries.rs");

    // The Basic Multilingual Plane's letters, letters-or-digits and characters that lower-case
    // to themselves, a bit per character, as this toolchain's standard library answers them
    // (the binary is built by the same one): `document::chars` reads them instead of searching
    // the library's tables at run time.
    let table = |test: fn(char) -> bool| {
        let blocks: Vec<String> = (0..512u32)
            .map(|block| {
                let bits = (0..128u32)
                    .filter(|k| char::from_u32(block * 128 + k).is_some_and(test))
                    .fold(0u128, |bits, k| bits | 1 << k);
                format!("{bits:#x}")
            })
            .collect();
        format!("[{}]", blocks.join(","))
    };
    let tables = format!(
        "/// Bit `c % 128` of entry `c / 128`: `c.is_alphabetic()`.\npub(crate) static ALPHA_BITS: [u128; 512] = {};\n\
         /// Bit `c % 128` of entry `c / 128`: `c.is_alphanumeric()`.\npub(crate) static ALNUM_BITS: [u128; 512] = {};\n\
         /// Bit `c % 128` of entry `c / 128`: `c.to_lowercase()` is `c` alone.\npub(crate) static LOWER_SAME_BITS: [u128; 512] = {};\n",
        table(char::is_alphabetic),
        table(char::is_alphanumeric),
        table(lower_is_same)
    );
    fs::write(out.join("char_tables.rs"), tables).expect("write char_tables.rs");
}

/// Whether lower-casing leaves `c` unchanged (true of most letters outside Latin, Greek and
/// Cyrillic capitals, and of every character without case).
fn lower_is_same(c: char) -> bool {
    let mut lower = c.to_lowercase();
    lower.next() == Some(c) && lower.next().is_none()
}

/// Removes every rule's `description` and `examples`.
fn strip_documentation(table: &mut toml::Table) {
    if let Some(toml::Value::Array(rules)) = table.get_mut("rule") {
        for rule in rules.iter_mut().filter_map(|r| r.as_table_mut()) {
            rule.remove("description");
            rule.remove("examples");
        }
    }
}

/// Moves the entries of every dictionary check with more than a few hundred entries into
/// `dicts`, leaving `embedded = N` in the rule. Returns whether anything moved.
fn extract_dictionaries(table: &mut toml::Table, dicts: &mut Vec<BTreeMap<String, String>>) -> bool {
    let mut moved = false;
    let Some(toml::Value::Array(rules)) = table.get_mut("rule") else { return false };
    for rule in rules {
        let Some(dict) = rule.get_mut("check").and_then(|c| c.get_mut("dictionary")).and_then(|d| d.as_table_mut())
        else {
            continue;
        };
        let case_sensitive = dict.get("case_sensitive").and_then(|v| v.as_bool()).unwrap_or(false);
        let Some(toml::Value::Table(entries)) = dict.get("entries") else { continue };
        if entries.len() < 200 || entries.values().any(|v| !v.is_str()) {
            continue;
        }
        let mut map = BTreeMap::new();
        for (k, v) in entries {
            // The first spelling of a key wins, as it does at run time.
            map.entry(key(k, case_sensitive)).or_insert_with(|| v.as_str().unwrap_or_default().to_string());
        }
        dict.insert("entries".into(), toml::Value::Table(toml::Table::new()));
        dict.insert("embedded".into(), toml::Value::Integer(dicts.len() as i64));
        dicts.push(map);
        moved = true;
    }
    moved
}
