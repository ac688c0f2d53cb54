//! Frameworks a school adds itself ("Kader toevoegen"). They are stored as the original file
//! text, so an entry this app version cannot read (e.g. made for a newer format) stays stored
//! untouched and is reported, instead of being dropped on the next write.

use serde::{Deserialize, Serialize};

use super::framework::{Framework, FrameworkError};
use super::i18n::{fill, k, text, Lang};
use super::stored::{open, read, DecodeError};

pub const CUSTOM_VERSION: u32 = 1;

/// Largest framework file accepted; the biggest bundled one is under 100 KB.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// One stored framework: its original text and what this app version makes of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub raw: String,
    pub parsed: Result<Framework, FrameworkError>,
}

impl Entry {
    pub fn new(raw: String) -> Entry {
        let parsed = Framework::parse(&raw);
        Entry { raw, parsed }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    frameworks: Vec<String>,
}

pub fn encode(entries: &[Entry]) -> String {
    let stored = Stored {
        version: CUSTOM_VERSION,
        frameworks: entries.iter().map(|e| e.raw.clone()).collect(),
    };
    serde_json::to_string(&stored).expect("strings serialise")
}

pub fn decode(raw: &str) -> Result<Vec<Entry>, DecodeError> {
    let (value, _) = open(raw, CUSTOM_VERSION)?;
    Ok(read::<Stored>(value)?
        .frameworks
        .into_iter()
        .map(Entry::new)
        .collect())
}

/// Why a file was not added. Each says what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum AddError {
    TooLarge(usize),
    Invalid(FrameworkError),
    /// The id belongs to a framework that comes with the app.
    Bundled(String),
    /// A custom framework with this id is already stored.
    Exists(String),
}

impl AddError {
    pub fn message(&self, lang: Lang) -> String {
        let with = |key, args: &[(&str, &str)]| fill(text(lang, key), args);
        match self {
            AddError::TooLarge(n) => with(
                k::custom::TOO_LARGE,
                &[
                    ("size", &(n / 1024).to_string()),
                    ("max", &(MAX_FILE_BYTES / 1024).to_string()),
                ],
            ),
            AddError::Invalid(e) => with(
                k::custom::INVALID,
                &[("count", &e.problems.len().to_string())],
            ),
            AddError::Bundled(id) => with(k::custom::BUNDLED, &[("id", id)]),
            AddError::Exists(id) => with(k::custom::EXISTS, &[("id", id)]),
        }
    }
}

/// Checks a file for adding next to the bundled frameworks (`bundled_ids`) and the stored ones.
pub fn check_new(raw: &str, bundled_ids: &[&str], existing: &[Entry]) -> Result<Entry, AddError> {
    if raw.len() > MAX_FILE_BYTES {
        return Err(AddError::TooLarge(raw.len()));
    }
    let entry = Entry::new(raw.to_string());
    let framework = entry
        .parsed
        .as_ref()
        .map_err(|e| AddError::Invalid(e.clone()))?;
    if bundled_ids.contains(&framework.id.as_str()) {
        return Err(AddError::Bundled(framework.id.clone()));
    }
    let taken = existing
        .iter()
        .any(|e| e.parsed.as_ref().is_ok_and(|f| f.id == framework.id));
    if taken {
        return Err(AddError::Exists(framework.id.clone()));
    }
    Ok(entry)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn minimal(id: &str) -> String {
        format!(
            r#"{{"format":"competentiescan-framework","formatVersion":1,"id":"{id}","version":"1.0.0",
            "title":"Eigen kader","language":"nl","purpose":"reflection",
            "source":{{"publisher":"School","year":2026,"document":"Doc"}},
            "scale":{{"min":0,"max":100,"step":5,"unit":"%"}},"bands":[],"raters":["student"],
            "nodes":[{{"code":"A","kind":"Onderdeel","title":"Alles","items":[{{"code":"A1","title":"Een item"}}]}}]}}"#
        )
    }

    #[test]
    fn add_round_trip() {
        let entry = check_new(&minimal("eigen"), &["quickscan-smd-2014"], &[]).unwrap();
        let stored = encode(std::slice::from_ref(&entry));
        assert_eq!(decode(&stored).unwrap(), vec![entry]);
    }

    #[test]
    fn duplicates_and_invalid_files_are_refused() {
        let first = check_new(&minimal("eigen"), &[], &[]).unwrap();
        assert_eq!(
            check_new(&minimal("eigen"), &[], &[first]),
            Err(AddError::Exists("eigen".into()))
        );
        assert_eq!(
            check_new(&minimal("qs"), &["qs"], &[]),
            Err(AddError::Bundled("qs".into()))
        );
        assert!(matches!(
            check_new("{", &[], &[]),
            Err(AddError::Invalid(_))
        ));
        let big = " ".repeat(MAX_FILE_BYTES + 1);
        assert!(matches!(
            check_new(&big, &[], &[]),
            Err(AddError::TooLarge(_))
        ));
    }

    #[test]
    fn refusals_read_in_both_languages() {
        let invalid = check_new("{", &[], &[]).unwrap_err();
        let all = [
            AddError::TooLarge(MAX_FILE_BYTES + 1),
            invalid,
            AddError::Bundled("qs".into()),
            AddError::Exists("eigen".into()),
        ];
        for e in &all {
            let (nl, en) = (e.message(Lang::Nl), e.message(Lang::En));
            assert!(
                !nl.contains(['{', '}']) && !en.contains(['{', '}']),
                "{nl} / {en}"
            );
            assert_ne!(nl, en);
        }
        assert_eq!(
            all[0].message(Lang::Nl),
            "Het bestand is te groot (2048 KB; maximaal 2048 KB)."
        );
        assert_eq!(
            all[3].message(Lang::En),
            "There is already a framework of your own with id \"eigen\". Remove that one first, or give this framework a different id."
        );
    }

    #[test]
    fn unreadable_entries_are_kept_verbatim() {
        let newer = minimal("later").replace("\"formatVersion\":1", "\"formatVersion\":7");
        let stored = encode(&[Entry::new(newer.clone())]);
        let entries = decode(&stored).unwrap();
        assert!(entries[0].parsed.is_err());
        assert_eq!(
            encode(&entries),
            stored,
            "re-encoding keeps the unreadable entry"
        );
        assert_eq!(
            decode(r#"{"version":2,"frameworks":[]}"#),
            Err(DecodeError::Newer(2))
        );
    }
}
