//! Keeping drafts safe from the browser: when each draft was last exported (device-local), the
//! reminder to export a backup, and the request for persistent storage once there is a first
//! draft (browsers may evict site data that is not persistent).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::drafts::Drafts;
use super::i18n::{k, t, tf};
use crate::core::backup::{reminder, ExportLog, EXPORT_LOG_KEY};
use crate::core::stored::DecodeError;
use crate::core::time::Timestamp;
use crate::platform::{clock, storage};

#[derive(Clone, Copy)]
pub struct Backups {
    log: RwSignal<ExportLog>,
    /// Why the stored log cannot be read (newer app, corrupt); then it is never written.
    locked: RwSignal<Option<DecodeError>>,
    /// Whether the browser keeps our data until the user deletes it; `None` until known.
    pub persistent: RwSignal<Option<bool>>,
}

impl Backups {
    pub fn provide(drafts: Drafts) {
        let (log, locked) = match storage::get(EXPORT_LOG_KEY).ok().flatten() {
            None => (ExportLog::default(), None),
            Some(raw) => match ExportLog::decode(&raw) {
                Ok(log) => (log, None),
                Err(e) => (ExportLog::default(), Some(e)),
            },
        };
        let backups = Backups {
            log: RwSignal::new(log),
            locked: RwSignal::new(locked),
            persistent: RwSignal::new(None),
        };
        provide_context(backups);
        spawn_local(async move {
            backups.persistent.set(storage::persisted().await);
        });
        // Asked once per page load, when the first draft exists: asking with nothing to keep
        // would be a prompt without a reason (Firefox shows one).
        let asked = StoredValue::new(false);
        Effect::new(move |_| {
            let has_draft = drafts.scans().with(|s| !s.is_empty());
            if has_draft && backups.persistent.get() == Some(false) && !asked.get_value() {
                asked.set_value(true);
                backups.request_persistence();
            }
        });
    }

    pub fn get() -> Backups {
        expect_context()
    }

    pub fn request_persistence(self) {
        spawn_local(async move {
            if let Some(granted) = storage::request_persistence().await {
                self.persistent.set(Some(granted));
            }
        });
    }

    /// Notes that a draft has just left the device as a file.
    pub fn exported(self, id: &str) {
        self.log.update(|l| {
            l.0.insert(id.to_string(), clock::now().to_string());
        });
        // A log this version cannot read stays as it is (this export is remembered in memory
        // only). Otherwise best effort: if the write fails, the cost is one reminder too many.
        if self.locked.with_untracked(Option::is_none) {
            let _ = self
                .log
                .with_untracked(|l| storage::set(EXPORT_LOG_KEY, &l.encode()));
        }
    }
}

/// "Maak een back-up": one line per draft with changes no export contains for a week or more;
/// above it, when the stored export log cannot be read, that it is kept as it is.
#[component]
pub fn BackupReminder() -> impl IntoView {
    let drafts = Drafts::get();
    let backups = Backups::get();
    let locked = move || {
        backups.locked.get().map(|e| {
            let text = match e {
                DecodeError::Newer(v) => tf(k::backup::LOG_NEWER, &[("version", &v.to_string())]),
                DecodeError::Corrupt(_) => t(k::backup::LOG_CORRUPT).to_string(),
            };
            view! { <p class="banner warning" role="alert" data-testid="export-log-locked">{text}</p> }
        })
    };
    let now = clock::now();
    // A memo: the banner is rebuilt when the list of due reminders changes, not on every
    // rating (which changes `updated`, not usually the days due).
    let due = Memo::new(move |_| {
        let log = backups.log.get();
        drafts.scans().with(|scans| {
            scans
                .iter()
                .filter_map(|s| {
                    // An unreadable log entry counts as no export: one reminder too many at worst.
                    let last = log.0.get(&s.id).and_then(|t| Timestamp::parse(t));
                    let days = reminder(s.created, s.updated, last, now)?;
                    let name = if s.subject.student.is_empty() {
                        t(k::backup::NO_NAME).to_string()
                    } else {
                        s.subject.student.clone()
                    };
                    Some((s.id.clone(), name, days, last.is_some()))
                })
                .collect::<Vec<_>>()
        })
    });
    let reminders = move || {
        let due = due.get();
        (!due.is_empty()).then(|| {
            let items = due
                .into_iter()
                .map(|(id, name, days, ever)| {
                    let since = if ever {
                        k::backup::CHANGED_SINCE_BACKUP
                    } else {
                        k::backup::CHANGED_SINCE_START
                    };
                    let status = RwSignal::new(None::<String>);
                    view! {
                        <li>
                            <strong>{name}</strong>
                            {tf(since, &[("days", &days.to_string())])}
                            <button type="button" on:click=move |_| {
                                match drafts.download(&id) {
                                    Ok(()) => backups.exported(&id),
                                    Err(e) => status.set(Some(e)),
                                }
                            }>{t(k::backup::EXPORT_BACKUP)}</button>
                            {move || status.get().map(|s| view! { <span role="alert">" " {s}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="banner warning" data-testid="backup-reminder" aria-labelledby="backup-title">
                    <h2 id="backup-title">{t(k::backup::TITLE)}</h2>
                    <p>{t(k::backup::INTRO)}</p>

                    <ul>{items}</ul>
                </section>
            }
        })
    };
    view! { {locked} {reminders} }
}
