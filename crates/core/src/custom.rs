//! Frameworks a school adds itself ("Kader toevoegen"). They are stored as the original file
//! text, so an entry this app version cannot read (e.g. made for a newer format) stays stored
//! untouched and is reported, instead of being dropped on the next write.

use serde::{Deserialize, Serialize};

use super::csv;
use super::framework::{Framework, FrameworkError};
use super::i18n::{fill, k, text, Lang};
use super::problem::Problem;
use super::refusal::Refusal;
use super::stored::{open, read, DecodeError};
use super::template::{self, SheetError};

pub const CUSTOM_VERSION: u32 = 1;

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
    /// The file is something else (a workbook, a scan, too large…).
    Not(Refusal),
    Invalid(FrameworkError),
    /// This very framework (same content hash) is already here, bundled or added; its title.
    Present(String),
    /// The id belongs to a framework that comes with the app.
    Bundled(String),
    /// A custom framework with this id is already stored.
    Exists(String),
}

impl AddError {
    pub fn message(&self, lang: Lang) -> String {
        let with = |key, args: &[(&str, &str)]| fill(text(lang, key), args);
        match self {
            AddError::Not(r) => r.text(lang),
            AddError::Invalid(e) => match e.problems.len() {
                1 => text(lang, k::custom::INVALID_ONE).to_string(),
                n => with(k::custom::INVALID_MANY, &[("count", &n.to_string())]),
            },
            AddError::Present(title) => with(k::custom::PRESENT, &[("title", title)]),
            AddError::Bundled(id) => with(k::custom::BUNDLED, &[("id", id)]),
            AddError::Exists(id) => with(k::custom::EXISTS, &[("id", id)]),
        }
    }
}

/// Whose framework already has a new framework's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Bundled,
    Custom,
}

impl Taken {
    /// What the user may choose: a bundled framework cannot be replaced, only copied.
    pub fn placements(self) -> &'static [Placement] {
        match self {
            Taken::Bundled => &[Placement::Copy],
            Taken::Custom => &Placement::ALL,
        }
    }
}

/// What the user chose for a framework whose id is taken; never decided for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Nieuwe versie: replaces the stored framework of that id. Scans made with the old one
    /// keep opening: a draft keeps its own copy of its framework by content hash.
    NewVersion,
    /// Aparte kopie: added next to it under the first free id `<id>-kopie`, `<id>-kopie-2`, …,
    /// titled "… (kopie)", "… (kopie 2)" to match, so the two are told apart in every list.
    /// Like the id, the suffix is Dutch: it becomes part of the framework's content.
    Copy,
}

impl Placement {
    pub const ALL: [Placement; 2] = [Placement::NewVersion, Placement::Copy];
}

/// A file read for adding, before the user has accepted it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What is stored: a JSON file's own text; a spreadsheet's framework as JSON.
    pub raw: String,
    pub framework: Framework,
    /// Shown before it is added (an item without indicators…); the user accepts them or not.
    pub warnings: Vec<Problem>,
    pub taken: Option<Taken>,
    /// The version of the stored custom framework a new version would replace, so the
    /// question can say which replaces which (a lower or equal version is allowed too).
    pub replaces: Option<String>,
}

/// Reads a picked file: a framework JSON (a shared framework, Delen) or a spreadsheet the app
/// knows (`template::read_sheet`: the template or a Moodle export; `year` is a Moodle
/// framework's source year). Told apart by content, not by the file's name, so a renamed file
/// still reads; what is no framework is refused as what it is (`Refusal`), and a framework
/// already here with the same content hash is not offered again.
pub fn read_file(
    bytes: &[u8],
    year: u16,
    bundled: &[&Framework],
    existing: &[Entry],
) -> Result<Candidate, AddError> {
    if let Some(refused) = Refusal::of_bytes(bytes) {
        return Err(AddError::Not(refused));
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let is_json = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    let invalid = |problems| AddError::Invalid(FrameworkError { problems });
    let (raw, framework, warnings) = if is_json {
        let (_, raw) = csv::decode(body).map_err(|p| invalid(vec![p]))?;
        let framework = Framework::parse(&raw).map_err(AddError::Invalid)?;
        (raw, framework, Vec::new())
    } else {
        let sheet = csv::read(bytes).map_err(|p| invalid(vec![p]))?;
        let (framework, warnings) = template::read_sheet(&sheet, year).map_err(|e| match e {
            SheetError::Not(r) => AddError::Not(r),
            SheetError::Problems(problems) => invalid(problems),
        })?;
        (framework.canonical_json(), framework, warnings)
    };
    let hash = framework.content_hash();
    let stored = existing.iter().filter_map(|e| e.parsed.as_ref().ok());
    if let Some(same) = bundled
        .iter()
        .copied()
        .chain(stored.clone())
        .find(|f| f.content_hash() == hash)
    {
        return Err(AddError::Present(same.title.clone()));
    }
    let ids: Vec<&str> = bundled.iter().map(|f| f.id.as_str()).collect();
    let taken = taken(&framework.id, &ids, existing);
    let replaces = stored
        .filter(|_| taken == Some(Taken::Custom))
        .find(|f| f.id == framework.id)
        .map(|f| f.version.clone());
    Ok(Candidate {
        raw,
        framework,
        warnings,
        taken,
        replaces,
    })
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn taken(id: &str, bundled_ids: &[&str], existing: &[Entry]) -> Option<Taken> {
    if bundled_ids.contains(&id) {
        Some(Taken::Bundled)
    } else if existing
        .iter()
        .any(|e| e.parsed.as_ref().is_ok_and(|f| f.id == id))
    {
        Some(Taken::Custom)
    } else {
        None
    }
}

/// The stored list with the candidate added as the user chose. The id is checked again against
/// `existing` (another tab may have added one meanwhile): a taken id without a `placement`
/// that allows it is refused, never overwritten.
pub fn place(
    candidate: Candidate,
    placement: Option<Placement>,
    bundled: &[&Framework],
    existing: &[Entry],
) -> Result<Vec<Entry>, AddError> {
    let bundled_ids: Vec<&str> = bundled.iter().map(|f| f.id.as_str()).collect();
    let bundled_ids = bundled_ids.as_slice();
    let id = candidate.framework.id.clone();
    let mut next = existing.to_vec();
    let taken = taken(&id, bundled_ids, existing);
    let chosen = placement.filter(|p| taken.is_some_and(|t| t.placements().contains(p)));
    match (taken, chosen) {
        (None, _) => next.push(Entry::new(candidate.raw)),
        (Some(_), Some(Placement::Copy)) => {
            let mut copy = candidate.framework;
            let n = free_copy(&id, bundled_ids, existing);
            copy.id = copy_id(&id, n);
            copy.title = match n {
                1 => format!("{} (kopie)", copy.title),
                n => format!("{} (kopie {n})", copy.title),
            };
            next.push(Entry::new(copy.canonical_json()));
        }
        (Some(_), Some(Placement::NewVersion)) => {
            let at = next
                .iter()
                .position(|e| e.parsed.as_ref().is_ok_and(|f| f.id == id));
            if let Some(at) = at {
                next[at] = Entry::new(candidate.raw);
            }
        }
        (Some(Taken::Bundled), None) => return Err(AddError::Bundled(id)),
        (Some(Taken::Custom), None) => return Err(AddError::Exists(id)),
    }
    Ok(next)
}

/// The number of the first free copy id: 1 for `<id>-kopie`, n for `<id>-kopie-n`.
fn free_copy(id: &str, bundled_ids: &[&str], existing: &[Entry]) -> usize {
    (1..)
        .find(|&n| taken(&copy_id(id, n), bundled_ids, existing).is_none())
        .expect("some copy id is free")
}

fn copy_id(id: &str, n: usize) -> String {
    match n {
        1 => format!("{id}-kopie"),
        n => format!("{id}-kopie-{n}"),
    }
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

    /// A bundled framework with this id; its content differs from `minimal(id)`'s.
    fn shipped(id: &str) -> Framework {
        Framework::parse(&minimal(id).replace("Eigen kader", "Ingebouwd kader")).unwrap()
    }

    fn add(raw: &str, bundled: &[&Framework], existing: &[Entry]) -> Result<Vec<Entry>, AddError> {
        let candidate = read_file(raw.as_bytes(), 2026, bundled, existing)?;
        place(candidate, None, bundled, existing)
    }

    fn ids(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| e.parsed.as_ref().unwrap().id.clone())
            .collect()
    }

    #[test]
    fn add_round_trip() {
        let entries = add(&minimal("eigen"), &[&shipped("quickscan-smd-2014")], &[]).unwrap();
        assert_eq!(
            entries[0].raw,
            minimal("eigen"),
            "a JSON file is kept as it was"
        );
        assert_eq!(decode(&encode(&entries)).unwrap(), entries);
    }

    #[test]
    fn duplicates_and_invalid_files_are_refused() {
        let first = add(&minimal("eigen"), &[], &[]).unwrap();
        let changed = minimal("eigen").replace("Een item", "Ander item");
        assert_eq!(
            add(&changed, &[], &first),
            Err(AddError::Exists("eigen".into()))
        );
        // The same framework again, in another layout: already here, by content hash.
        let relaid = first[0].parsed.as_ref().unwrap().canonical_json();
        assert_eq!(
            add(&relaid, &[], &first),
            Err(AddError::Present("Eigen kader".into()))
        );
        let qs = shipped("qs");
        assert_eq!(
            add(&qs.canonical_json(), &[&qs], &[]),
            Err(AddError::Present("Ingebouwd kader".into()))
        );
        assert_eq!(
            add(&minimal("qs"), &[&qs], &[]),
            Err(AddError::Bundled("qs".into()))
        );
        assert!(matches!(add("{", &[], &[]), Err(AddError::Invalid(_))));
    }

    #[test]
    fn a_taken_id_becomes_a_new_version_or_a_copy_as_chosen() {
        let first = add(&minimal("eigen"), &[], &[]).unwrap();
        let newer = minimal("eigen").replace("Eigen kader", "Eigen kader, herzien");
        let qs = shipped("qs");
        let candidate = read_file(newer.as_bytes(), 2026, &[&qs], &first).unwrap();
        assert_eq!(candidate.taken, Some(Taken::Custom));
        assert_eq!(candidate.replaces.as_deref(), Some("1.0.0"));

        let replaced = place(
            candidate.clone(),
            Some(Placement::NewVersion),
            &[&qs],
            &first,
        )
        .unwrap();
        assert_eq!(replaced.len(), 1);
        assert_eq!(replaced[0].raw, newer);

        let copied = place(candidate.clone(), Some(Placement::Copy), &[&qs], &first).unwrap();
        assert_eq!(ids(&copied), ["eigen", "eigen-kopie"]);
        let again = place(candidate, Some(Placement::Copy), &[&qs], &copied).unwrap();
        assert_eq!(ids(&again), ["eigen", "eigen-kopie", "eigen-kopie-2"]);
        let titles: Vec<&str> = again
            .iter()
            .map(|e| e.parsed.as_ref().unwrap().title.as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "Eigen kader",
                "Eigen kader, herzien (kopie)",
                "Eigen kader, herzien (kopie 2)"
            ]
        );

        // A bundled framework is never replaced: only a copy is offered and accepted.
        let bundled = read_file(minimal("qs").as_bytes(), 2026, &[&qs], &[]).unwrap();
        assert_eq!(
            bundled.taken.map(Taken::placements),
            Some(&[Placement::Copy][..])
        );
        assert_eq!(
            place(bundled.clone(), Some(Placement::NewVersion), &[&qs], &[]),
            Err(AddError::Bundled("qs".into()))
        );
        assert_eq!(
            ids(&place(bundled, Some(Placement::Copy), &[&qs], &[]).unwrap()),
            ["qs-kopie"]
        );
    }

    #[test]
    fn spreadsheets_are_read_with_their_warnings() {
        let example = crate::template::example();
        let candidate = read_file(example.as_bytes(), 2026, &[], &[]).unwrap();
        assert_eq!((candidate.taken, candidate.warnings.len()), (None, 0));
        assert_eq!(
            Framework::parse(&candidate.raw).as_ref(),
            Ok(&candidate.framework),
            "stored as the framework's JSON"
        );

        // The minimal framework's one item has no indicators: a warning, not a refusal.
        let sheet = crate::template::write(&Framework::parse(&minimal("eigen")).unwrap());
        let candidate = read_file(sheet.as_bytes(), 2026, &[], &[]).unwrap();
        assert_eq!(candidate.warnings.len(), 1);
        assert_eq!(ids(&place(candidate, None, &[], &[]).unwrap()), ["eigen"]);

        assert_eq!(
            read_file(b"PK\x03\x04rest", 2026, &[], &[]),
            Err(AddError::Not(Refusal::Workbook))
        );
    }

    #[test]
    fn refusals_read_in_both_languages() {
        let invalid = add("{", &[], &[]).unwrap_err();
        let all = [
            AddError::Not(Refusal::Empty),
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
            "Het bestand is leeg. Vul het voorbeeld (Download voorbeeld) in en sla het op als CSV."
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
