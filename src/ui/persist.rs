//! Keeps settings in localStorage: read once at start, written by one `Effect` on change.
//! A stored value this version cannot read is left untouched and the user is told.

use leptos::prelude::*;

use super::i18n::{k, lang, t, tf};
use crate::core::i18n::Lang;
use crate::core::settings::Settings;
use crate::core::stored::DecodeError;
use crate::platform::storage::{self, StorageError};

const SETTINGS_KEY: &str = "settings";

#[derive(Clone, Copy)]
pub struct SettingsContext {
    pub settings: RwSignal<Settings>,
    /// The last storage problem, shown by [`StorageNotice`].
    pub problem: RwSignal<Option<Problem>>,
}

/// Why settings cannot be read or kept. Kept as a value and worded when shown: it is found
/// before the language is known, and must follow a language switch.
#[derive(Clone, PartialEq)]
pub enum Problem {
    Newer(u32),
    Corrupt,
    Storage(StorageError),
}

impl Problem {
    fn message(&self) -> String {
        match self {
            Problem::Newer(v) => tf(k::persist::NEWER, &[("version", &v.to_string())]),
            Problem::Corrupt => t(k::persist::CORRUPT).to_string(),
            Problem::Storage(e) => e.message(lang()),
        }
    }
}

/// The stored language choice, for `main` before the app mounts (Dutch when none is readable,
/// as `provide_settings` then decides).
pub fn stored_lang() -> Lang {
    storage::get(SETTINGS_KEY)
        .ok()
        .flatten()
        .and_then(|raw| Settings::decode(&raw).ok())
        .map_or(Lang::Nl, |s| s.lang)
}

pub fn provide_settings() {
    let problem = RwSignal::new(None);
    let (initial, writable) = match storage::get(SETTINGS_KEY) {
        Ok(None) => (Settings::default(), true),
        Ok(Some(raw)) => match Settings::decode(&raw) {
            Ok(s) => (s, true),
            Err(DecodeError::Newer(v)) => {
                problem.set(Some(Problem::Newer(v)));
                (Settings::default(), false)
            }
            Err(DecodeError::Corrupt(_)) => {
                problem.set(Some(Problem::Corrupt));
                (Settings::default(), false)
            }
        },
        Err(e) => {
            problem.set(Some(Problem::Storage(e)));
            (Settings::default(), false)
        }
    };
    let settings = RwSignal::new(initial.clone());
    let last_saved = StoredValue::new(initial);
    Effect::new(move |_| {
        let current = settings.get();
        if !writable || last_saved.with_value(|s| *s == current) {
            return;
        }
        match storage::set(SETTINGS_KEY, &current.encode()) {
            Ok(()) => {
                last_saved.set_value(current);
                problem.set(None);
            }
            Err(e @ (StorageError::Full | StorageError::Unavailable | StorageError::Other(_))) => {
                problem.set(Some(Problem::Storage(e)))
            }
        }
    });
    provide_context(SettingsContext { settings, problem });
}

#[component]
pub fn StorageNotice() -> impl IntoView {
    let SettingsContext { problem, .. } = expect_context::<SettingsContext>();
    move || {
        problem.get().map(|p| {
            view! { <p class="banner warning" role="alert">{p.message()}</p> }
        })
    }
}
