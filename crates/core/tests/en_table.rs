//! The English table the wasm fetches (`i18n::EN_URL`), recomputed here from the source files
//! the way scripts/i18n.mjs writes it, independently of build.rs: areas by file stem, keys in
//! byte order, the name's hash FNV-1a 64 over the files' bytes in that order.
use std::collections::BTreeMap;
use std::path::Path;

use competentiescan_core::i18n::{install_en, text, Key, Lang, EN_URL};

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[test]
fn the_english_file_has_this_builds_name_and_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n/en");
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_string())
        .collect();
    stems.sort();
    let (mut bytes, mut texts) = (Vec::new(), Vec::new());
    for stem in &stems {
        let raw = std::fs::read(dir.join(format!("{stem}.json"))).unwrap();
        let area: BTreeMap<String, String> = serde_json::from_slice(&raw).unwrap();
        texts.extend(area.into_values());
        bytes.extend(raw);
    }
    assert_eq!(EN_URL, format!("i18n/en-{:016x}.json", fnv1a64(&bytes)));
    let compiled: Vec<&str> = (0..texts.len())
        .map(|i| text(Lang::En, Key(u16::try_from(i).unwrap())))
        .collect();
    assert_eq!(compiled, texts);
    assert_eq!(install_en(&serde_json::to_string(&texts).unwrap()), Ok(()));
}
