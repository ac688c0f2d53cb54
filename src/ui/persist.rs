//! Keeps settings in localStorage: read once at start, written by one `Effect` on change.
//! A stored value this version cannot read is left untouched and the user is told.

use leptos::prelude::*;

use super::i18n::lang;
use crate::core::settings::Settings;
use crate::core::stored::DecodeError;
use crate::platform::storage::{self, StorageError};

const SETTINGS_KEY: &str = "settings";

#[derive(Clone, Copy)]
pub struct SettingsContext {
    pub settings: RwSignal<Settings>,
    /// The last storage problem, shown by [`StorageNotice`].
    pub problem: RwSignal<Option<String>>,
}

pub fn provide_settings() {
    let problem = RwSignal::new(None);
    let (initial, writable) = match storage::get(SETTINGS_KEY) {
        Ok(None) => (Settings::default(), true),
        Ok(Some(raw)) => match Settings::decode(&raw) {
            Ok(s) => (s, true),
            Err(DecodeError::Newer(v)) => {
                problem.set(Some(format!(
                    "Je instellingen zijn gemaakt met een nieuwere versie van de app (formaat {v}). Ze blijven onaangeroerd; vernieuw de app om ze te gebruiken."
                )));
                (Settings::default(), false)
            }
            Err(DecodeError::Corrupt(_)) => {
                problem.set(Some(
                    "Je opgeslagen instellingen zijn onleesbaar. Ze blijven onaangeroerd bewaard; wijzigingen worden niet opgeslagen.".into(),
                ));
                (Settings::default(), false)
            }
        },
        Err(e) => {
            problem.set(Some(e.message(lang())));
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
                problem.set(Some(e.message(lang())))
            }
        }
    });
    provide_context(SettingsContext { settings, problem });
}

#[component]
pub fn StorageNotice() -> impl IntoView {
    let SettingsContext { problem, .. } = expect_context::<SettingsContext>();
    move || {
        problem.get().map(|text| {
            view! { <p class="banner warning" role="alert">{text}</p> }
        })
    }
}
