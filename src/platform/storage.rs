//! localStorage, as raw strings. Versioning and decoding live in `core`; this module only
//! reports whether storage works and why a write failed (missing, full), so the UI can say so.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen_futures::JsFuture;

use crate::core::i18n::{fill, k, text, Lang};

/// Keys are namespaced so the app never touches another app's data on the same origin.
pub const PREFIX: &str = "competentiescan.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// Disabled by the browser (private mode, blocked site data) or absent.
    Unavailable,
    /// The write did not fit (QuotaExceededError).
    Full,
    Other(String),
}

impl StorageError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StorageError::Unavailable => text(lang, k::storage::UNAVAILABLE).into(),
            StorageError::Full => text(lang, k::storage::FULL).into(),
            StorageError::Other(e) => fill(text(lang, k::storage::OTHER), &[("reason", e)]),
        }
    }
}

/// gloo-storage panics when the browser forbids storage, so probe through web-sys first.
pub fn available() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    matches!(window.local_storage(), Ok(Some(_)))
}

/// Writes and removes a probe entry: storage can exist and still refuse writes.
pub fn probe() -> Result<(), StorageError> {
    set("probe", "1")?;
    remove("probe")
}

/// Keys (without the app prefix) that start with `prefix`.
pub fn keys(prefix: &str) -> Result<Vec<String>, StorageError> {
    if !available() {
        return Err(StorageError::Unavailable);
    }
    let raw = LocalStorage::raw();
    let n = raw
        .length()
        .map_err(|e| StorageError::Other(format!("{e:?}")))?;
    let full = format!("{PREFIX}{prefix}");
    Ok((0..n)
        .filter_map(|i| raw.key(i).ok().flatten())
        .filter(|k| k.starts_with(&full))
        .map(|k| k[PREFIX.len()..].to_string())
        .collect())
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    if !available() {
        return Err(StorageError::Unavailable);
    }
    LocalStorage::raw()
        .remove_item(&format!("{PREFIX}{key}"))
        .map_err(|e| StorageError::Other(format!("{e:?}")))
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    if !available() {
        return Err(StorageError::Unavailable);
    }
    LocalStorage::raw()
        .get_item(&format!("{PREFIX}{key}"))
        .map_err(|e| StorageError::Other(format!("{e:?}")))
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    if !available() {
        return Err(StorageError::Unavailable);
    }
    LocalStorage::raw()
        .set_item(&format!("{PREFIX}{key}"), value)
        .map_err(|e| {
            let name = js_error_name(&e);
            if name.as_deref() == Some("QuotaExceededError") {
                StorageError::Full
            } else {
                StorageError::Other(name.unwrap_or_else(|| format!("{e:?}")))
            }
        })
}

fn js_error_name(e: &wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<web_sys::DomException>().map(|d| d.name())
}

/// Whether the browser keeps this site's data until the user deletes it (`None`: cannot tell).
pub async fn persisted() -> Option<bool> {
    let promise = storage_manager()?.persisted().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Asks the browser to exempt this site's data from eviction; answers whether it now is.
pub async fn request_persistence() -> Option<bool> {
    let promise = storage_manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"storage".into())
        .unwrap_or(false)
        .then(|| navigator.storage())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_read_in_both_languages() {
        assert_eq!(
            StorageError::Other("SecurityError".into()).message(Lang::Nl),
            "Opslaan mislukt: SecurityError"
        );
        assert_eq!(
            StorageError::Full.message(Lang::En),
            "This device's storage is full: your last change was not saved. Export your scans and make room."
        );
        for e in [StorageError::Unavailable, StorageError::Full] {
            assert_ne!(e.message(Lang::Nl), e.message(Lang::En));
        }
    }
}
