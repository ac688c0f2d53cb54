//! Lists every `frameworks/*.json` for the app, so a school adds a framework by adding a file:
//! no Rust changes. The frameworks are not compiled in: the post-build hook
//! (`scripts/frameworks.mjs`) writes each, minified, to `dist/frameworks/<stem>-<hash>.json`,
//! and the app fetches them when a screen first needs one. `<hash>` is FNV-1a 64 over the source
//! file's bytes, computed the same way there; the generated list is sorted by file name.
//! Also compiles the UI texts of both languages (`i18n/`, see `i18n()` below); on wasm only
//! the Dutch ones: the English ones ship as a file the same way (`scripts/i18n.mjs`).
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../frameworks");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("frameworks/ directory")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "schema.json"))
        .collect();
    files.sort();
    let mut out = String::from("pub static FILES: &[File] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let stem = path.file_stem().unwrap().to_string_lossy();
        let hash = fnv1a64(&fs::read(path).expect("readable framework file"));
        let url = format!("frameworks/{stem}-{hash:016x}.json");
        out.push_str(&format!("    File {{ name: {name:?}, url: {url:?} }},\n"));
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("bundled.rs"),
        out,
    )
    .unwrap();
    i18n();
}

/// FNV-1a 64 of a file's bytes: its name in dist/ (scripts/frameworks.mjs computes the same).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Compiles `i18n/<lang>/<area>.json` into two tables of texts (`NL`, `EN`) and one constant
/// per key (`k::<area>::<KEY>`). The build fails when the languages disagree: a file, a key or a
/// `{placeholder}` present in one and not the other, or an empty text.
/// `EN` is for host builds only (tests); the wasm fetches it from `EN_URL`,
/// `i18n/en-<hash>.json`, which `scripts/i18n.mjs` writes: the texts as a JSON array in this
/// index order (areas by file stem, keys sorted), `<hash>` FNV-1a 64 over the English files'
/// bytes in that area order.
fn i18n() {
    use std::collections::{BTreeMap, BTreeSet};
    type Area = BTreeMap<String, String>;
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("i18n");
    println!("cargo:rerun-if-changed={}", root.display());
    let read = |lang: &str| -> BTreeMap<String, Area> {
        let dir = root.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                println!("cargo:rerun-if-changed={}", p.display());
                let text = fs::read_to_string(&p).unwrap();
                let area: Area =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (p.file_stem().unwrap().to_string_lossy().into_owned(), area)
            })
            .collect()
    };
    let (nl, en) = (read("nl"), read("en"));
    let en_bytes: Vec<u8> = en
        .keys()
        .flat_map(|area| fs::read(root.join("en").join(format!("{area}.json"))).unwrap())
        .collect();
    let en_url = format!("i18n/en-{:016x}.json", fnv1a64(&en_bytes));
    let placeholders = |t: &str| -> BTreeSet<String> {
        t.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
            .collect()
    };
    let mut problems = Vec::new();
    let names = |m: &BTreeMap<String, Area>| m.keys().cloned().collect::<BTreeSet<_>>();
    for area in names(&nl).symmetric_difference(&names(&en)) {
        problems.push(format!("area {area}.json exists in one language only"));
    }
    let (mut nl_texts, mut en_texts, mut consts) = (Vec::new(), Vec::new(), String::new());
    for (area, nl_area) in &nl {
        let Some(en_area) = en.get(area) else {
            continue;
        };
        for key in en_area.keys().filter(|k| !nl_area.contains_key(*k)) {
            problems.push(format!("{area}.{key}: in en, missing in nl"));
        }
        consts.push_str(&format!(
            "    pub mod {area} {{\n        use super::super::Key;\n"
        ));
        for (key, nl_text) in nl_area {
            let Some(en_text) = en_area.get(key) else {
                problems.push(format!("{area}.{key}: in nl, missing in en"));
                continue;
            };
            if nl_text.trim().is_empty() || en_text.trim().is_empty() {
                problems.push(format!("{area}.{key}: empty text"));
            }
            if placeholders(nl_text) != placeholders(en_text) {
                problems.push(format!(
                    "{area}.{key}: placeholders differ between nl and en"
                ));
            }
            let ident: String = key
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            consts.push_str(&format!(
                "        pub const {ident}: Key = Key({});\n",
                nl_texts.len()
            ));
            nl_texts.push(nl_text.clone());
            en_texts.push(en_text.clone());
        }
        consts.push_str("    }\n");
    }
    if !problems.is_empty() {
        panic!(
            "crates/core/i18n: the languages disagree:\n  {}",
            problems.join("\n  ")
        );
    }
    let table = |name: &str, texts: &[String]| {
        format!("pub static {name}: [&str; {}] = {texts:?};\n", texts.len())
    };
    let out = format!(
        "{}#[cfg(not(target_arch = \"wasm32\"))]\n{}\
         /// The English texts' file, relative to the document; content-hashed.\n\
         pub static EN_URL: &str = {en_url:?};\n\
         /// One constant per text, by area (file) and key.\npub mod k {{\n{consts}}}\n",
        table("NL", &nl_texts),
        table("EN", &en_texts)
    );
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("i18n.rs"),
        out,
    )
    .unwrap();
}
