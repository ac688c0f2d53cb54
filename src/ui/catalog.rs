//! The frameworks the app offers: the bundled ones (parsed once, on first use) and the ones
//! the user added, which live in localStorage and are written explicitly on add/remove, so the
//! screen only shows a change that was really stored.

use std::sync::{Arc, OnceLock};

use leptos::prelude::*;

use super::i18n::{k, lang, t, tf};
use crate::core::bundled;
use crate::core::custom::{self, AddError, Candidate, Entry, Placement};
use crate::core::edit::{self, Editor, Save, SaveRefused};
use crate::core::framework::Framework;
use crate::core::problem;
use crate::core::stored::DecodeError;
use crate::platform::{clock, storage};

const CUSTOM_KEY: &str = "custom-frameworks";

fn bundled_refs() -> Vec<&'static Framework> {
    bundled().iter().map(|f| f.as_ref()).collect()
}

/// Bundled frameworks. Host tests guarantee they are valid; an invalid one is logged and skipped.
pub fn bundled() -> &'static [Arc<Framework>] {
    static BUNDLED: OnceLock<Vec<Arc<Framework>>> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        bundled::frameworks()
            .into_iter()
            .filter_map(|(name, parsed)| match parsed {
                Ok(f) => Some(Arc::new(f)),
                Err(e) => {
                    leptos::logging::error!("bundled framework {name} is invalid: {e:?}");
                    None
                }
            })
            .collect()
    })
}

#[derive(Clone, Copy)]
pub struct Catalog {
    pub custom: RwSignal<Vec<Entry>>,
    /// Why the stored custom frameworks cannot be changed now (unreadable or no storage).
    locked: RwSignal<Option<Locked>>,
}

/// Kept as a reason, not a text: the catalog outlives a language switch.
#[derive(Clone)]
enum Locked {
    Newer(u32),
    Corrupt,
    Storage(storage::StorageError),
}

impl Locked {
    fn message(&self) -> String {
        match self {
            Locked::Newer(v) => tf(k::catalog::STORED_NEWER, &[("version", &v.to_string())]),
            Locked::Corrupt => t(k::catalog::STORED_CORRUPT).to_string(),
            Locked::Storage(e) => e.message(lang()),
        }
    }
}

impl Catalog {
    pub fn provide() {
        let (entries, locked) = match storage::get(CUSTOM_KEY) {
            Ok(None) => (Vec::new(), None),
            Ok(Some(raw)) => match custom::decode(&raw) {
                Ok(entries) => (entries, None),
                Err(DecodeError::Newer(v)) => (Vec::new(), Some(Locked::Newer(v))),
                Err(DecodeError::Corrupt(_)) => (Vec::new(), Some(Locked::Corrupt)),
            },
            Err(e) => (Vec::new(), Some(Locked::Storage(e))),
        };
        provide_context(Catalog {
            custom: RwSignal::new(entries),
            locked: RwSignal::new(locked),
        });
    }

    pub fn get() -> Catalog {
        expect_context()
    }

    /// A framework by id, bundled first; `true` when it is a custom one.
    pub fn find(&self, id: &str) -> Option<(Arc<Framework>, bool)> {
        if let Some(f) = bundled().iter().find(|f| f.id == id) {
            return Some((f.clone(), false));
        }
        self.custom.with(|entries| {
            entries.iter().find_map(|e| match &e.parsed {
                Ok(f) if f.id == id => Some((Arc::new(f.clone()), true)),
                _ => None,
            })
        })
    }

    /// Reads a picked file (JSON or spreadsheet) for adding; nothing is stored yet.
    pub fn read(&self, bytes: &[u8]) -> Result<Candidate, AddOutcome> {
        if let Some(reason) = self.locked.get_untracked() {
            return Err(AddOutcome::Storage(reason.message()));
        }
        let shipped = bundled_refs();
        self.custom
            .with_untracked(|existing| {
                custom::read_file(bytes, clock::today().year(), &shipped, existing)
            })
            .map_err(AddOutcome::Refused)
    }

    /// Stores a candidate the user accepted, as they chose for a taken id; returns the
    /// framework as stored (a copy has its own id and title).
    pub fn store(
        &self,
        candidate: Candidate,
        placement: Option<Placement>,
    ) -> Result<Framework, AddOutcome> {
        if let Some(reason) = self.locked.get_untracked() {
            return Err(AddOutcome::Storage(reason.message()));
        }
        let title = candidate.framework.title.clone();
        let (next, added) = self
            .custom
            .with_untracked(|existing| {
                let next = custom::place(candidate, placement, &bundled_refs(), existing)?;
                // The one entry that was not there before: added, or the new version. None
                // when the list did not change: exactly this was stored already.
                let added = next
                    .iter()
                    .find(|e| !existing.contains(e))
                    .and_then(|e| e.parsed.clone().ok())
                    .ok_or(AddError::Present(title))?;
                Ok((next, added))
            })
            .map_err(AddOutcome::Refused)?;
        storage::set(CUSTOM_KEY, &custom::encode(&next))
            .map_err(|e| AddOutcome::Storage(e.message(lang())))?;
        self.custom.set(next);
        Ok(added)
    }

    /// Stores what the editor made (`edit::save`): a new framework or copy under a new id, or
    /// an edited custom framework as its next version in its place. Storage first, then the
    /// screen; `Ok(None)` when an edited framework is as stored (no new version).
    pub fn save_edit(&self, editor: &Editor) -> Result<Option<Framework>, String> {
        if let Some(reason) = self.locked.get_untracked() {
            return Err(reason.message());
        }
        let mut next = self.custom.get_untracked();
        let mut taken: Vec<&str> = bundled().iter().map(|f| f.id.as_str()).collect();
        taken.extend(
            next.iter()
                .filter_map(|e| e.parsed.as_ref().ok())
                .map(|f| f.id.as_str()),
        );
        let current = |id: &str| {
            next.iter()
                .filter_map(|e| e.parsed.as_ref().ok())
                .find(|f| f.id == id)
        };
        let (framework, replaces) = match edit::save(editor, &taken, current) {
            Ok(Save::Unchanged) => return Ok(None),
            Ok(Save::Store {
                framework,
                replaces,
            }) => (framework, replaces),
            Err(SaveRefused::Problems(problems)) => return Err(problem::join(&problems, lang())),
            Err(SaveRefused::Gone(id)) => return Err(tf(k::editor::GONE, &[("id", &id)])),
        };
        let entry = Entry::new(framework.canonical_json());
        let at = replaces.and_then(|id| {
            next.iter()
                .position(|e| e.parsed.as_ref().is_ok_and(|f| f.id == id))
        });
        match at {
            Some(at) => next[at] = entry,
            None => next.push(entry),
        }
        storage::set(CUSTOM_KEY, &custom::encode(&next)).map_err(|e| e.message(lang()))?;
        self.custom.set(next);
        Ok(Some(*framework))
    }

    pub fn remove(&self, id: &str) -> Result<(), String> {
        if let Some(reason) = self.locked.get_untracked() {
            return Err(reason.message());
        }
        let mut next = self.custom.get_untracked();
        next.retain(|e| !e.parsed.as_ref().is_ok_and(|f| f.id == id));
        storage::set(CUSTOM_KEY, &custom::encode(&next)).map_err(|e| e.message(lang()))?;
        self.custom.set(next);
        Ok(())
    }
}

pub enum AddOutcome {
    Refused(AddError),
    Storage(String),
}
