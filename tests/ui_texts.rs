//! Every UI text comes from the translation files (crates/core/i18n/<lang>/<area>.json), in both
//! languages. build.rs already refuses a build where the languages disagree; this test says so
//! with names, and it reads the UI sources for text typed straight into the code.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Area = BTreeMap<String, String>;

fn areas(lang: &str) -> BTreeMap<String, Area> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/core/i18n")
        .join(lang);
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let area: Area = serde_json::from_str(&fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_stem().unwrap().to_string_lossy().into_owned(), area)
        })
        .collect()
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn every_key_exists_in_both_languages_with_the_same_placeholders() {
    let (nl, en) = (areas("nl"), areas("en"));
    let mut problems = Vec::new();
    for (area, texts) in &nl {
        let other = en.get(area);
        for (key, text) in texts {
            match other.and_then(|o| o.get(key)) {
                None => problems.push(format!("{area}.{key}: no English text")),
                Some(english) if placeholders(english) != placeholders(text) => {
                    problems.push(format!("{area}.{key}: placeholders differ"))
                }
                Some(english) if english.trim().is_empty() || text.trim().is_empty() => {
                    problems.push(format!("{area}.{key}: empty"))
                }
                Some(_) => {}
            }
        }
    }
    for (area, texts) in &en {
        for key in texts.keys() {
            if !nl.get(area).is_some_and(|n| n.contains_key(key)) {
                problems.push(format!("{area}.{key}: no Dutch text"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// String literals in `src`: (line number, literal text). Raw strings and char literals are
/// not UI text in this code base; escapes are kept as written.
fn literals(src: &str) -> Vec<(usize, &str, &str)> {
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(start) = rest.find('"') {
            let before = &rest[..start];
            let after = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            out.push((n + 1, before, &after[..end]));
            rest = &after[end + 1..];
        }
    }
    out
}

/// Does this literal read as words for people (rather than a class, id, key or format)? A
/// heuristic: capitalised words, accented letters, sentence punctuation or three words. A single
/// lowercase word ("bezig") slips through; review catches those.
fn looks_like_text(before: &str, literal: &str) -> bool {
    const TECHNICAL_ATTRS: [&str; 16] = [
        "class=",
        "id=",
        "for=",
        "type=",
        "name=",
        "href=",
        "data-testid=",
        "role=",
        "autocomplete=",
        "inputmode=",
        "aria-live=",
        "lang=",
        "text-anchor=",
        "rel=",
        "accept=",
        "aria-current=",
    ];
    let attr = before.trim_end();
    // Messages for developers (a broken bundled framework) are not UI text.
    if attr.ends_with("expect(") || attr.contains("panic!(") || attr.contains("logging::") {
        return false;
    }
    // Text searched for in other text (a user agent token) or a key name compared with a
    // keyboard event's key ("Enter") is matched, not shown.
    if attr.ends_with("contains(") || attr.ends_with("key() ==") {
        return false;
    }
    // A CSS media query, "(feature: value)" such as "(display-mode: standalone)".
    let media_query = literal.starts_with('(')
        && literal.ends_with(')')
        && literal.contains(": ")
        && literal.split_whitespace().count() == 2;
    if media_query {
        return false;
    }
    if TECHNICAL_ATTRS
        .iter()
        .any(|a| attr.ends_with(a) || attr.ends_with(&format!("{a}format!(")))
    {
        return false;
    }
    // Placeholders are filled in from elsewhere: "{}: {what}" has no words of its own.
    let own: String = literal
        .split('{')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('}').map_or(part, |(_, rest)| rest)
            }
        })
        .collect();
    let letters: String = own.chars().filter(|c| c.is_alphabetic()).collect();
    // Names that read the same in every interface language: the app's, and each language's
    // own name (the switch names the other language in that language).
    if letters.chars().count() < 2
        || ["Competentiescan", "Nederlands", "English"].contains(&literal)
    {
        return false;
    }
    // Code, not words: a Rust path (`Option::is_none` in a serde attribute) or one CamelCase
    // identifier (a DOMException name such as `QuotaExceededError`).
    let camel_case = literal.chars().all(|c| c.is_ascii_alphanumeric())
        && literal.chars().filter(char::is_ascii_uppercase).count() >= 2;
    if literal.contains("::") || camel_case {
        return false;
    }
    let literal = own.as_str();
    let capitalised_word = literal.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_some_and(char::is_lowercase)
    });
    let accented = literal.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let sentence = [". ", ": ", ", ", "? ", "! "]
        .iter()
        .any(|p| literal.contains(p))
        || literal.ends_with('.') && literal.contains(' ');
    let words = literal
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_alphabetic()) && w.chars().count() >= 2)
        .count();
    capitalised_word || accented || sentence || words >= 3
}

/// Every folder whose code can put text in front of a user: the components, the browser
/// adapters (their failures are shown) and the core (its messages are shown).
const TEXT_FOLDERS: [&str; 3] = ["src/ui", "src/platform", "crates/core/src"];

/// The `.rs` files under `dir`, in its folders too (`src/ui/<group>/`).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

// Shown to fail: with `.unwrap_or_else(|| "het bestand kon niet worden gelezen".into())` put
// back into src/platform/files.rs this test named that line.
#[test]
fn code_has_no_ui_text_of_its_own() {
    let mut found = Vec::new();
    for folder in TEXT_FOLDERS {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for path in rust_files(&root) {
            let src = fs::read_to_string(&path).unwrap();
            // Test modules may say what they like.
            let src = src.split("#[cfg(test)]").next().unwrap_or("");
            for (line, before, literal) in literals(src) {
                if looks_like_text(before, literal) {
                    let file = path.strip_prefix(&root).unwrap().to_string_lossy();
                    found.push(format!("{folder}/{file}:{line}: \"{literal}\""));
                }
            }
        }
    }
    found.sort();
    assert!(
        found.is_empty(),
        "UI text outside crates/core/i18n:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_detector_sees_text_and_ignores_code() {
    for text in [
        "Nieuwe scan",
        "nog niet beoordeeld",
        "Opgeslagen",
        "cliënt",
        "Kies een getal.",
        "Versie: {v}",
        "het bestand kon niet worden gelezen",
    ] {
        assert!(looks_like_text("<p>", text), "{text}");
    }
    for code in [
        "band-chip low",
        "rate-{}",
        "#/scans",
        "{v:.1}",
        "%",
        "application/json",
        "student",
        "{}: {what}",
        "Option::is_none",
        "QuotaExceededError",
        "(display-mode: standalone)",
    ] {
        assert!(!looks_like_text("", code), "{code}");
    }
    assert!(!looks_like_text("<li class=", "card warning big"));
    assert!(!looks_like_text("user_agent.contains(", "Macintosh"));
}
