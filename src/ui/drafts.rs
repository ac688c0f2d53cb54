//! Drafts: every scan on this device, held in one signal (the single source of truth for the
//! scan screens) and written to localStorage explicitly after each change.
//!
//! Nothing is lost: a write that fails (storage full, unavailable) keeps the scan in memory and
//! says so; a draft that another tab changed is not overwritten (revision check plus the
//! `storage` event); an unreadable or newer stored draft is listed and left untouched.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::{ev, prelude::*};

use super::catalog::Catalog;
use super::i18n::{k, lang, t, tf};
use crate::core::draft::{self, DraftEncoder, StoredDraft};
use crate::core::exchange::{self, Imported};
use crate::core::feedback::{self, FeedbackRequest};
use crate::core::framework::Framework;
use crate::core::merge::{self, Conflict};
use crate::core::overview::Intake;
use crate::core::scan::{uuid_v4, FrameworkRef, Scan, Subject};
use crate::core::sort::sort_by_key;
use crate::core::stored::DecodeError;
use crate::core::time::Timestamp;
use crate::platform::{clock, files, storage};

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saved,
    /// Another tab changed this draft: this tab no longer writes it (see [`Drafts::reload`]).
    Conflict,
    /// Kept in memory only; the message says why and what to do.
    Failed(String),
}

/// Read by anyone through the getters; written only through the named methods below, each of
/// which persists what it changed, so no screen can change a scan without storing it.
#[derive(Clone, Copy)]
pub struct Drafts {
    scans: RwSignal<Vec<Scan>>,
    /// Stored drafts this version cannot read: (storage key, reason). Never deleted.
    unreadable: RwSignal<Vec<(String, DecodeError)>>,
    /// Set when storage cannot be used at all: everything works in memory until the tab closes.
    memory_only: RwSignal<Option<String>>,
    /// Drafts another tab changed after this tab loaded them: not written from here any more.
    conflicts: RwSignal<HashSet<String>>,
    save_state: RwSignal<SaveState>,
    /// The last deleted draft, for "ongedaan maken".
    deleted: RwSignal<Option<Scan>>,
    /// Each draft as it was before its last merge, restorable.
    backups: RwSignal<HashMap<String, Scan>>,
    revisions: StoredValue<HashMap<String, u64>>,
    frameworks: StoredValue<HashMap<String, Arc<Framework>>>,
    /// Hashes of frameworks whose copy is known to be in storage (saves re-reading it).
    stored_copies: StoredValue<HashSet<String>>,
    /// The encoder of the draft written last (by id): it re-encodes only the changed column.
    encoders: StoredValue<HashMap<String, DraftEncoder>>,
    /// The frameworks a draft may refer to, held from the start: `framework_for` runs in
    /// file tasks and callbacks outside the component tree, where no context can be found.
    catalog: Catalog,
}

/// One scan of [`Drafts`], read in place in the list of scans (tracked), never copied. A memo
/// of the whole scan did the same job at the cost of a deep clone, compare and drop of the scan
/// on every rating change: with four raters a third of the rating benchmark's time.
#[derive(Clone, Copy)]
pub struct SelectedScan {
    scans: RwSignal<Vec<Scan>>,
    id: StoredValue<String>,
}

impl SelectedScan {
    pub fn with<R>(&self, f: impl FnOnce(Option<&Scan>) -> R) -> R {
        self.scans
            .with(|all| self.id.with_value(|id| f(all.iter().find(|s| s.id == *id))))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(Option<&Scan>) -> R) -> R {
        self.scans
            .with_untracked(|all| self.id.with_value(|id| f(all.iter().find(|s| s.id == *id))))
    }

    /// A copy, for an event handler that hands the scan on (a file, a share).
    pub fn get_untracked(&self) -> Option<Scan> {
        self.with_untracked(|s| s.cloned())
    }
}

impl Drafts {
    /// Reads every stored draft and puts the drafts in context; returned, so state made next to
    /// it holds it.
    pub fn provide(catalog: Catalog) -> Drafts {
        let mut scans = Vec::new();
        let mut unreadable = Vec::new();
        let mut revisions = HashMap::new();
        let mut backups = HashMap::new();
        let memory_only =
            match storage::probe().and_then(|()| storage::keys(draft::DRAFT_KEY_PREFIX)) {
                Ok(keys) => {
                    for key in keys {
                        match storage::get(&key)
                            .ok()
                            .flatten()
                            .map(|raw| draft::decode(&raw))
                        {
                            Some(Ok(StoredDraft { revision, scan })) => {
                                revisions.insert(scan.id.clone(), revision);
                                scans.push(scan);
                            }
                            Some(Err(e)) => unreadable.push((key, e)),
                            None => {}
                        }
                    }
                    for key in storage::keys(draft::BACKUP_KEY_PREFIX).unwrap_or_default() {
                        if let Some(Ok(d)) = storage::get(&key)
                            .ok()
                            .flatten()
                            .map(|raw| draft::decode(&raw))
                        {
                            backups.insert(d.scan.id.clone(), d.scan);
                        }
                    }
                    None
                }
                Err(e) => Some(e.message(lang())),
            };
        sort_by_key(&mut scans, |s| std::cmp::Reverse(s.updated));
        let drafts = Drafts {
            scans: RwSignal::new(scans),
            unreadable: RwSignal::new(unreadable),
            memory_only: RwSignal::new(memory_only),
            conflicts: RwSignal::new(HashSet::new()),
            save_state: RwSignal::new(SaveState::Idle),
            deleted: RwSignal::new(None),
            backups: RwSignal::new(backups),
            revisions: StoredValue::new(revisions),
            frameworks: StoredValue::new(HashMap::new()),
            stored_copies: StoredValue::new(HashSet::new()),
            encoders: StoredValue::new(HashMap::new()),
            catalog,
        };
        // Another tab wrote a draft: if it is one we hold, stop writing it from here.
        let listener = window_event_listener(ev::storage, move |e| {
            let Some(key) = e.key() else { return };
            let Some(id) =
                key.strip_prefix(&format!("{}{}", storage::PREFIX, draft::DRAFT_KEY_PREFIX))
            else {
                return;
            };
            let theirs = e.new_value().and_then(|raw| draft::revision(&raw));
            let ours = drafts.revisions.with_value(|r| r.get(id).copied());
            if ours.is_some() && theirs != ours {
                drafts.conflicts.update(|c| {
                    c.insert(id.to_string());
                });
            }
        });
        on_cleanup(move || listener.remove());
        provide_context(drafts);
        drafts
    }

    /// For a component's body only: never in a spawned task or a callback run later.
    pub fn get() -> Drafts {
        expect_context()
    }

    /// Every scan on this device, newest first.
    pub fn scans(&self) -> ReadSignal<Vec<Scan>> {
        self.scans.read_only()
    }

    /// Stored drafts this version cannot read: (storage key, reason).
    pub fn unreadable(&self) -> ReadSignal<Vec<(String, DecodeError)>> {
        self.unreadable.read_only()
    }

    /// Why storage cannot be used at all, if it cannot.
    pub fn memory_only(&self) -> ReadSignal<Option<String>> {
        self.memory_only.read_only()
    }

    pub fn save_state(&self) -> ReadSignal<SaveState> {
        self.save_state.read_only()
    }

    /// The last deleted draft, for "ongedaan maken".
    pub fn deleted(&self) -> ReadSignal<Option<Scan>> {
        self.deleted.read_only()
    }

    /// A copy of one scan, tracked. A screen about one scan selects it with [`Drafts::select`].
    pub fn scan(&self, id: &str) -> Option<Scan> {
        self.scans.with(|s| s.iter().find(|x| x.id == id).cloned())
    }

    /// One scan, selected once for a screen and its parts: they read it in place.
    pub fn select(&self, id: &str) -> SelectedScan {
        SelectedScan {
            scans: self.scans,
            id: StoredValue::new(id.to_string()),
        }
    }

    /// The exact framework a scan was made with: bundled or custom with the same content hash,
    /// else the copy stored when the scan was created.
    pub fn framework_for(&self, fref: &FrameworkRef) -> Option<Arc<Framework>> {
        // Frameworks already in hand first: the bundled ones are hashed on their first use,
        // which a coach importing files of one framework need never pay for.
        if let Some(f) = self.frameworks.with_value(|m| m.get(&fref.hash).cloned()) {
            return Some(f);
        }
        let catalog = self.catalog;
        if let Some(f) = catalog.bundled_by_hash(&fref.hash) {
            return Some(f);
        }
        let custom = catalog.custom.with_untracked(|entries| {
            entries.iter().find_map(|e| {
                e.parsed
                    .as_ref()
                    .ok()
                    .filter(|f| f.content_hash() == fref.hash)
                    .cloned()
            })
        });
        let found = custom.or_else(|| {
            let raw = storage::get(&draft::framework_key(&fref.hash))
                .ok()
                .flatten()?;
            Framework::parse(&raw)
                .ok()
                .filter(|f| f.content_hash() == fref.hash)
        })?;
        let found = Arc::new(found);
        self.frameworks.update_value(|m| {
            m.insert(fref.hash.clone(), found.clone());
        });
        Some(found)
    }

    /// Starts a scan and stores it, with a copy of its framework so the draft keeps opening
    /// against exactly this framework after the app (and its bundled frameworks) update.
    pub fn create(
        &self,
        framework: &Arc<Framework>,
        variant: Option<String>,
        subject: Subject,
    ) -> String {
        let now = clock::now();
        let hash = framework.content_hash();
        let scan = Scan::new(
            uuid_v4(clock::random_bytes()),
            now,
            framework,
            variant,
            subject,
        );
        let id = scan.id.clone();
        self.ensure_framework(framework, &hash);
        self.scans.update(|s| s.insert(0, scan));
        self.persist(&id);
        id
    }

    /// Keeps a copy of a framework by its hash, so drafts made with it keep opening.
    /// `hash` is the framework's content hash, which the caller has at hand (computing it
    /// means serialising the whole framework).
    fn ensure_framework(&self, framework: &Arc<Framework>, hash: &str) {
        let hash = hash.to_string();
        self.frameworks.update_value(|m| {
            m.insert(hash.clone(), framework.clone());
        });
        if self.memory_only.get_untracked().is_some()
            || self.stored_copies.with_value(|s| s.contains(&hash))
        {
            return;
        }
        let key = draft::framework_key(&hash);
        let stored = matches!(storage::get(&key), Ok(Some(_))) || {
            let written = storage::set(&key, &framework.canonical_json());
            if let Err(e) = &written {
                self.save_state.set(SaveState::Failed(e.message(lang())));
            }
            written.is_ok()
        };
        if stored {
            self.stored_copies.update_value(|s| {
                s.insert(hash);
            });
        }
    }

    /// Stores an imported scan as a draft; `as_copy` gives it a new id next to an existing one.
    pub fn add_imported(&self, imported: Imported, as_copy: bool) -> String {
        // Import checked that the scan's hash is its framework's.
        self.ensure_framework(&imported.framework, &imported.scan.framework.hash);
        let mut scan = imported.scan;
        if as_copy {
            scan.id = uuid_v4(clock::random_bytes());
        }
        let id = scan.id.clone();
        self.scans.update(|s| {
            s.retain(|x| x.id != id);
            s.insert(0, scan);
        });
        self.persist(&id);
        id
    }

    /// Stores a class's batch ([`overview::intake`]) at once (one list update, not one per
    /// file): the new scans, and the scans here that files added to, merged.
    pub fn take_in(&self, intake: Intake) {
        let merged_ids: Vec<String> = intake.merged.iter().map(|s| s.id.clone()).collect();
        self.scans.update(|all| {
            for scan in intake.merged {
                if let Some(x) = all.iter_mut().find(|x| x.id == scan.id) {
                    *x = scan;
                }
            }
        });
        for id in &merged_ids {
            self.persist(id);
        }
        self.add_imported_many(intake.new);
    }

    /// Stores many imported scans at once (one list update, not one per file). Scans whose id
    /// is already here are left alone.
    fn add_imported_many(&self, imported: Vec<Imported>) -> Vec<String> {
        let mut seen: HashSet<String> = self
            .scans
            .with_untracked(|s| s.iter().map(|x| x.id.clone()).collect());
        let mut kept = HashSet::new();
        let mut fresh = Vec::new();
        for i in imported {
            if !seen.insert(i.scan.id.clone()) {
                continue;
            }
            // A class shares one framework: stored once, not once per file.
            if kept.insert(i.scan.framework.hash.clone()) {
                self.ensure_framework(&i.framework, &i.scan.framework.hash);
            }
            fresh.push(i.scan);
        }
        let ids: Vec<String> = fresh.iter().map(|s| s.id.clone()).collect();
        self.scans.update(|s| {
            s.splice(0..0, fresh);
        });
        for id in &ids {
            self.persist(id);
        }
        ids
    }

    /// Merges a file's copy into the draft on this device. The draft as it was is kept as a
    /// backup first ([`Self::restore_backup`]); conflicts come back to be shown to the user.
    pub fn merge_in(&self, id: &str, incoming: &Scan) -> Result<Vec<Conflict>, String> {
        let here = self.scan(id).ok_or_else(|| t(k::drafts::SCAN_NOT_FOUND))?;
        if self.memory_only.get_untracked().is_none() {
            storage::set(&draft::backup_key(id), &draft::encode(&here, 0))
                .map_err(|e| e.message(lang()))?;
        }
        self.backups.update(|b| {
            b.insert(id.to_string(), here.clone());
        });
        let (merged, conflicts) = merge::merge(&here, incoming);
        self.scans.update(|s| {
            if let Some(x) = s.iter_mut().find(|x| x.id == id) {
                *x = merged;
            }
        });
        self.persist(id);
        Ok(conflicts)
    }

    /// A draft to answer a feedback request in (`feedback::start`); opening the same request
    /// again finds the draft already here. Returns its id and whether it was already here.
    pub fn answer_request(&self, request: FeedbackRequest) -> (String, bool) {
        let known = self.scans.with_untracked(|s| {
            s.iter()
                .find(|x| {
                    x.request
                        .as_ref()
                        .is_some_and(|r| r.request_id == request.info.request_id)
                })
                .map(|x| x.id.clone())
        });
        if let Some(id) = known {
            return (id, true);
        }
        let scan = feedback::start(&request, uuid_v4(clock::random_bytes()), clock::now());
        let id = scan.id.clone();
        self.ensure_framework(&Arc::new(request.framework), &request.framework_hash);
        self.scans.update(|s| s.insert(0, scan));
        self.persist(&id);
        (id, false)
    }

    /// Replaces a scan by itself with a feedback column put in (`feedback::apply`), keeping
    /// the draft as it was as a backup first, like a merge.
    pub fn put_feedback(&self, updated: Scan) -> Result<(), String> {
        let id = updated.id.clone();
        let here = self.scan(&id).ok_or_else(|| t(k::drafts::SCAN_NOT_FOUND))?;
        if self.memory_only.get_untracked().is_none() {
            storage::set(&draft::backup_key(&id), &draft::encode(&here, 0))
                .map_err(|e| e.message(lang()))?;
        }
        self.backups.update(|b| {
            b.insert(id.clone(), here);
        });
        self.scans.update(|s| {
            if let Some(x) = s.iter_mut().find(|x| x.id == id) {
                *x = updated;
            }
        });
        self.persist(&id);
        Ok(())
    }

    pub fn has_backup(&self, id: &str) -> bool {
        self.backups.with(|b| b.contains_key(id))
    }

    /// Puts the draft back as it was before the last merge.
    pub fn restore_backup(&self, id: &str) {
        let Some(before) = self.backups.with_untracked(|b| b.get(id).cloned()) else {
            return;
        };
        self.scans.update(|s| {
            if let Some(x) = s.iter_mut().find(|x| x.id == id) {
                *x = before;
            }
        });
        self.persist(id);
        if self.memory_only.get_untracked().is_none() {
            let _ = storage::remove(&draft::backup_key(id));
        }
        self.backups.update(|b| {
            b.remove(id);
        });
    }

    /// The exchange file of a draft and its name.
    pub fn export(&self, id: &str) -> Option<(String, String)> {
        let scan = self.scan(id)?;
        let framework = self.framework_for(&scan.framework)?;
        Some((
            exchange::file_name(&scan, &framework),
            exchange::export(&scan, &framework, clock::now()),
        ))
    }

    /// Applies a change to one scan and writes it.
    pub fn change(&self, id: &str, f: impl FnOnce(&mut Scan, Timestamp)) {
        self.change_with(id, f, |_| ());
    }

    /// Applies a change to one scan; `before_write` sees the changed scan just before it is
    /// written (afronden stores its "to sign" note there: never a finished draft without it).
    pub fn change_with(
        &self,
        id: &str,
        f: impl FnOnce(&mut Scan, Timestamp),
        before_write: impl FnOnce(&Scan),
    ) {
        let now = clock::now();
        self.scans.update(|s| {
            if let Some(scan) = s.iter_mut().find(|x| x.id == id) {
                f(scan, now);
            }
        });
        self.scans
            .with_untracked(|s| s.iter().find(|x| x.id == id).map(before_write));
        self.persist(id);
    }

    /// Writes one draft, unless another tab changed it since we read it.
    fn persist(&self, id: &str) {
        if let Some(reason) = self.memory_only.get_untracked() {
            self.save_state.set(SaveState::Failed(reason));
            return;
        }
        if self.conflicts.with_untracked(|c| c.contains(id)) {
            self.save_state.set(SaveState::Conflict);
            return;
        }
        let key = draft::draft_key(id);
        let known = self.revisions.with_value(|r| r.get(id).copied());
        let next = known.unwrap_or(0) + 1;
        // Encoded in place: no copy of the scan on every change.
        let Some(raw) = self.scans.with_untracked(|s| {
            let scan = s.iter().find(|x| x.id == id)?;
            // Only the draft being written keeps its encoder: the reuse pays off on a run of
            // changes to one draft, and a copy of every column of every draft would not.
            self.encoders.try_update_value(|e| {
                e.retain(|other, _| other == id);
                e.entry(id.to_string()).or_default().encode(scan, next)
            })
        }) else {
            return;
        };
        // The head is enough when it is in the form this app writes; else read it all.
        let stored = match storage::get_head(&key, draft::HEAD_CHARS) {
            Ok(Some(head)) => draft::revision_of_head(&head).or_else(|| {
                storage::get(&key)
                    .ok()
                    .flatten()
                    .and_then(|raw| draft::revision(&raw))
            }),
            _ => None,
        };
        if stored != known {
            self.conflicts.update(|c| {
                c.insert(id.to_string());
            });
            self.save_state.set(SaveState::Conflict);
            return;
        }
        match storage::set(&key, &raw) {
            Ok(()) => {
                self.revisions.update_value(|r| {
                    r.insert(id.to_string(), next);
                });
                // "Opgeslagen" stays as it is: setting it again would re-render the status.
                if self.save_state.with_untracked(|s| *s != SaveState::Saved) {
                    self.save_state.set(SaveState::Saved);
                }
            }
            Err(e) => self.save_state.set(SaveState::Failed(e.message(lang()))),
        }
    }

    /// Replaces this tab's copy with what another tab stored, ending the conflict.
    pub fn reload(&self, id: &str) {
        if let Some(Ok(stored)) = storage::get(&draft::draft_key(id))
            .ok()
            .flatten()
            .map(|raw| draft::decode(&raw))
        {
            self.revisions.update_value(|r| {
                r.insert(id.to_string(), stored.revision);
            });
            self.scans.update(|s| {
                if let Some(x) = s.iter_mut().find(|x| x.id == id) {
                    *x = stored.scan;
                }
            });
        }
        self.conflicts.update(|c| {
            c.remove(id);
        });
        self.save_state.set(SaveState::Idle);
    }

    pub fn duplicate(&self, id: &str) -> Option<String> {
        let copy = self
            .scan(id)?
            .duplicate(uuid_v4(clock::random_bytes()), clock::now());
        let new_id = copy.id.clone();
        self.scans.update(|s| s.insert(0, copy));
        self.persist(&new_id);
        Some(new_id)
    }

    /// Removes a draft; it stays available for [`Self::undo_delete`] until the next delete.
    pub fn delete(&self, id: &str) {
        let Some(scan) = self.scan(id) else { return };
        if self.memory_only.get_untracked().is_none() {
            if let Err(e) = storage::remove(&draft::draft_key(id)) {
                self.save_state.set(SaveState::Failed(e.message(lang())));
                return;
            }
        }
        self.revisions.update_value(|r| {
            r.remove(id);
        });
        self.encoders.update_value(|e| {
            e.remove(id);
        });
        self.scans.update(|s| s.retain(|x| x.id != id));
        self.deleted.set(Some(scan));
    }

    pub fn undo_delete(&self) {
        let Some(scan) = self.deleted.get_untracked() else {
            return;
        };
        let id = scan.id.clone();
        self.deleted.set(None);
        self.scans.update(|s| s.insert(0, scan));
        self.persist(&id);
    }

    /// Downloads a draft as an exchange file: a backup, and the way out when storage fails.
    pub fn download(&self, id: &str) -> Result<(), String> {
        let (name, text) = self
            .export(id)
            .ok_or_else(|| t(k::drafts::SCAN_OR_FRAMEWORK_NOT_FOUND))?;
        files::download(&name, &text, "application/json")
    }
}

/// Why a stored draft cannot be opened, in the current language (rendered, not stored, so it
/// follows a language switch).
pub fn unreadable_reason(e: &DecodeError) -> String {
    match e {
        DecodeError::Newer(v) => tf(k::drafts::NEWER, &[("version", &v.to_string())]),
        DecodeError::Corrupt(e) => tf(k::drafts::CORRUPT, &[("error", &e.text(lang()))]),
    }
}
