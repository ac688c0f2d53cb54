//! The frameworks the app offers: the bundled ones (fetched and parsed once, when a screen
//! first needs them: see [`NeedsFrameworks`]) and the ones the user added, which live in
//! localStorage and are written explicitly on add/remove, so the screen only shows a change
//! that was really stored.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::i18n::{k, lang, t, tf};
use crate::core::bundled;
use crate::core::custom::{self, AddError, Candidate, Entry, Placement};
use crate::core::edit::{self, Editor, Save, SaveRefused};
use crate::core::framework::Framework;
use crate::core::problem;
use crate::core::stored::DecodeError;
use crate::platform::{clock, fetch, storage};

const CUSTOM_KEY: &str = "custom-frameworks";

/// The bundled frameworks, as far as they have arrived.
#[derive(Clone)]
pub enum Bundled {
    /// Not asked for yet, or on their way.
    Loading,
    /// Every file that parsed, in file-name order.
    Ready(Arc<[Arc<Framework>]>),
    /// A file did not arrive (its URL and why), so none are shown: retry fetches all again.
    Failed(String),
}

fn bundled_refs(all: &[Arc<Framework>]) -> Vec<&Framework> {
    all.iter().map(|f| f.as_ref()).collect()
}

#[derive(Clone, Copy)]
pub struct Catalog {
    bundled: RwSignal<Bundled>,
    /// Whether a screen asked for the bundled frameworks yet: the start page never does.
    requested: StoredValue<bool>,
    /// The bundled frameworks by content hash, made once they are ready (hashing serialises
    /// each whole framework); empty before.
    by_hash: StoredValue<HashMap<String, Arc<Framework>>>,
    pub custom: RwSignal<Vec<Entry>>,
    /// Why the stored custom frameworks cannot be changed now (unreadable or no storage).
    locked: RwSignal<Option<Locked>>,
    /// The framework Kader bewerken just saved, until its reader has said so.
    saved: StoredValue<Option<String>>,
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
    /// Reads the custom frameworks and puts the catalog in context; returned, so state made
    /// next to it (drafts) holds it instead of looking it up later.
    pub fn provide() -> Catalog {
        let (entries, locked) = match storage::get(CUSTOM_KEY) {
            Ok(None) => (Vec::new(), None),
            Ok(Some(raw)) => match custom::decode(&raw) {
                Ok(entries) => (entries, None),
                Err(DecodeError::Newer(v)) => (Vec::new(), Some(Locked::Newer(v))),
                Err(DecodeError::Corrupt(_)) => (Vec::new(), Some(Locked::Corrupt)),
            },
            Err(e) => (Vec::new(), Some(Locked::Storage(e))),
        };
        let catalog = Catalog {
            bundled: RwSignal::new(Bundled::Loading),
            requested: StoredValue::new(false),
            by_hash: StoredValue::new(HashMap::new()),
            custom: RwSignal::new(entries),
            locked: RwSignal::new(locked),
            saved: StoredValue::new(None),
        };
        provide_context(catalog);
        catalog
    }

    /// For a component's body only: never in a spawned task or a callback run later (see
    /// ARCHITECTURE.md, "No spawned task looks up context").
    pub fn get() -> Catalog {
        expect_context()
    }

    /// Bundled frameworks; empty until they are [`Bundled::Ready`], which every screen under
    /// [`NeedsFrameworks`] may rely on. A method, not a context lookup: event handlers call it.
    pub fn bundled(&self) -> Arc<[Arc<Framework>]> {
        self.bundled.with_untracked(|b| match b {
            Bundled::Ready(all) => all.clone(),
            Bundled::Loading | Bundled::Failed(_) => Arc::new([]),
        })
    }

    /// The bundled frameworks' state; the first call starts fetching them.
    pub fn require_bundled(&self) -> ReadSignal<Bundled> {
        if !self.requested.get_value() {
            self.requested.set_value(true);
            self.fetch_bundled();
        }
        self.bundled.read_only()
    }

    /// Fetches every bundled file in parallel; parses them in file-name order. A file that
    /// does not parse is logged and skipped (host tests guarantee the shipped ones parse).
    fn fetch_bundled(self) {
        self.bundled.set(Bundled::Loading);
        spawn_local(async move {
            let pending: Vec<_> = bundled::FILES
                .iter()
                .map(|file| (file, fetch::text(file.url)))
                .collect();
            let mut all = Vec::with_capacity(pending.len());
            for (file, body) in pending {
                match body.await {
                    Ok(json) => match Framework::parse(&json) {
                        Ok(f) => all.push(Arc::new(f)),
                        Err(e) => {
                            let name = file.name;
                            leptos::logging::error!("bundled framework {name} is invalid: {e:?}");
                        }
                    },
                    Err(e) => {
                        let reason = format!("{}: {e}", file.url);
                        leptos::logging::error!("bundled framework not loaded: {reason}");
                        self.bundled.set(Bundled::Failed(reason));
                        return;
                    }
                }
            }
            self.bundled.set(Bundled::Ready(all.into()));
        });
    }

    /// The bundled framework with this content hash; none before they are ready.
    pub fn bundled_by_hash(&self, hash: &str) -> Option<Arc<Framework>> {
        if self.by_hash.with_value(HashMap::is_empty) {
            let Bundled::Ready(all) = self.bundled.get_untracked() else {
                return None;
            };
            let map = all.iter().map(|f| (f.content_hash(), f.clone())).collect();
            self.by_hash.set_value(map);
        }
        self.by_hash.with_value(|m| m.get(hash).cloned())
    }

    /// A framework by id, bundled first; `true` when it is a custom one.
    pub fn find(&self, id: &str) -> Option<(Arc<Framework>, bool)> {
        if let Some(f) = self.bundled().iter().find(|f| f.id == id) {
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
        let bundled = self.bundled();
        let shipped = bundled_refs(&bundled);
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
        let bundled = self.bundled();
        let (next, added) = self
            .custom
            .with_untracked(|existing| {
                let next = custom::place(candidate, placement, &bundled_refs(&bundled), existing)?;
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
        let bundled = self.bundled();
        let mut taken: Vec<&str> = bundled.iter().map(|f| f.id.as_str()).collect();
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

    /// Notes that `id` was just saved, for its reader to confirm.
    pub fn just_saved(&self, id: &str) {
        self.saved.set_value(Some(id.to_string()));
    }

    /// Whether `id` was just saved; true once, so the confirmation is not repeated later.
    pub fn take_saved(&self, id: &str) -> bool {
        let saved = self.saved.with_value(|s| s.as_deref() == Some(id));
        if saved {
            self.saved.set_value(None);
        }
        saved
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

/// The gate of every screen that shows or checks against frameworks (all but the start page,
/// Instellingen and not-found): its children render once the bundled frameworks are here,
/// so those screens stay synchronous and never see a half-loaded catalog. Until then it says
/// so; on failure, why and a retry. Nothing is read from or written to storage meanwhile.
#[component]
pub fn NeedsFrameworks(children: ChildrenFn) -> impl IntoView {
    let catalog = Catalog::get();
    let state = catalog.require_bundled();
    move || match state.get() {
        Bundled::Loading => {
            view! { <p role="status" data-testid="frameworks-loading">{t(k::catalog::LOADING)}</p> }
                .into_any()
        }
        Bundled::Failed(reason) => view! {
            <section class="banner warning" role="alert" data-testid="frameworks-failed">
                <p>{t(k::catalog::LOAD_FAILED)}</p>
                <p><small>{reason}</small></p>
                <button type="button" on:click=move |_| catalog.fetch_bundled()>
                    {t(k::catalog::RETRY)}
                </button>
            </section>
        }
        .into_any(),
        Bundled::Ready(_) => children(),
    }
}
