//! Vertrouwde sleutels: the signing keys this device's user marked as someone's, read once
//! from storage into one signal that the seal lines and the coach overview share, so marking
//! a key updates every line that shows it.

use leptos::prelude::*;

use super::i18n::{k, lang, t, tf};
use crate::core::signature::PublicKey;
use crate::core::stored::DecodeError;
use crate::core::trust::{TrustedKeys, TrustedName, TRUST_KEY};
use crate::platform::storage;

#[derive(Clone, Copy)]
pub struct Trusted {
    keys: RwSignal<TrustedKeys>,
    /// Why the stored document cannot be read (newer app, corrupt); then it is never written.
    locked: StoredValue<Option<DecodeError>>,
}

impl Trusted {
    pub fn provide() {
        let raw = storage::get(TRUST_KEY).ok().flatten();
        let (keys, locked) = TrustedKeys::open_stored(raw.as_deref());
        provide_context(Trusted {
            keys: RwSignal::new(keys),
            locked: StoredValue::new(locked),
        });
    }

    pub fn get() -> Trusted {
        expect_context()
    }

    /// The name `key` is trusted under (tracked: a line showing it follows a change).
    pub fn name_of(&self, key: &PublicKey) -> Option<String> {
        self.keys
            .with(|keys| keys.name_of(key).map(|n| n.as_str().to_string()))
    }

    /// Why the stored keys are left alone, in the current language.
    pub fn locked_message(&self) -> Option<String> {
        self.locked.with_value(|locked| {
            locked.as_ref().map(|e| match e {
                DecodeError::Newer(v) => tf(k::trust::LIST_NEWER, &[("version", &v.to_string())]),
                DecodeError::Corrupt(reason) => {
                    tf(k::trust::LIST_CORRUPT, &[("reason", &reason.text(lang()))])
                }
            })
        })
    }

    /// Trusts `key` under the typed name (or renames it), once that is stored.
    pub fn mark(&self, key: PublicKey, typed: &str) -> Result<(), String> {
        let name = TrustedName::parse(typed).map_err(|e| e.text(lang()))?;
        self.save(self.keys.with_untracked(|keys| keys.with(key, name)))
    }

    /// No longer trusts `key`, once that is stored.
    pub fn remove(&self, key: &PublicKey) -> Result<(), String> {
        self.save(self.keys.with_untracked(|keys| keys.without(key)))
    }

    /// Writes `next` and shows it; a failed write keeps the previous state and says why.
    fn save(&self, next: TrustedKeys) -> Result<(), String> {
        if let Some(e) = self.locked_message() {
            return Err(e);
        }
        storage::set(TRUST_KEY, &next.encode()).map_err(|e| e.message(lang()))?;
        self.keys.set(next);
        Ok(())
    }
}

/// "vertrouwd: <name>" for a key trusted on this device.
pub fn trusted_label(name: &str) -> String {
    tf(k::trust::TRUSTED, &[("name", name)])
}

/// The count of students in a key group's line.
pub fn students(count: usize) -> String {
    if count == 1 {
        t(k::trust::STUDENTS_ONE).to_string()
    } else {
        tf(k::trust::STUDENTS_MANY, &[("count", &count.to_string())])
    }
}
