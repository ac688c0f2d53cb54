//! localStorage, as raw strings. Versioning and decoding live in `core`; this module only
//! reports whether storage works and why a write failed (missing, full), so the UI can say so.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
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

thread_local! {
    /// The page's localStorage, looked up once: every change is stored, and looking it up
    /// (window, its `localStorage` getter) on each one showed in the rating benchmark. Whether
    /// the browser allows storage is decided when the page loads, so it cannot change later.
    static LOCAL: Option<web_sys::Storage> = web_sys::window()
        // gloo-storage panics when the browser forbids storage, so probe through web-sys first.
        .filter(|w| matches!(w.local_storage(), Ok(Some(_))))
        .map(|_| LocalStorage::raw());
}

fn with_local<R>(
    f: impl FnOnce(&web_sys::Storage) -> Result<R, wasm_bindgen::JsValue>,
) -> Result<R, StorageError> {
    LOCAL.with(|s| match s {
        None => Err(StorageError::Unavailable),
        Some(s) => f(s).map_err(|e| StorageError::Other(format!("{e:?}"))),
    })
}

pub fn available() -> bool {
    LOCAL.with(Option::is_some)
}

/// Writes and removes a probe entry: storage can exist and still refuse writes.
pub fn probe() -> Result<(), StorageError> {
    set("probe", "1")?;
    remove("probe")
}

/// Keys (without the app prefix) that start with `prefix`.
pub fn keys(prefix: &str) -> Result<Vec<String>, StorageError> {
    let full = format!("{PREFIX}{prefix}");
    with_local(|raw| {
        let n = raw.length()?;
        Ok((0..n)
            .filter_map(|i| raw.key(i).ok().flatten())
            .filter(|k| k.starts_with(&full))
            .map(|k| k[PREFIX.len()..].to_string())
            .collect())
    })
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    with_local(|raw| raw.remove_item(&format!("{PREFIX}{key}")))
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    with_local(|raw| raw.get_item(&format!("{PREFIX}{key}")))
}

#[wasm_bindgen]
extern "C" {
    /// A `Storage` whose `getItem` leaves the value a JavaScript string: copying a whole draft
    /// into Rust to read its first bytes cost a millisecond per change on a slow phone.
    type JsStorage;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_js(
        this: &JsStorage,
        key: &str,
    ) -> Result<Option<js_sys::JsString>, wasm_bindgen::JsValue>;
}

/// The first `chars` UTF-16 units of a stored value (all of it if shorter).
pub fn get_head(key: &str, chars: u32) -> Result<Option<String>, StorageError> {
    with_local(|raw| {
        Ok(raw
            .unchecked_ref::<JsStorage>()
            .get_item_js(&format!("{PREFIX}{key}"))?
            .map(|v| String::from(v.slice(0, chars))))
    })
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    LOCAL.with(|s| {
        let raw = s.as_ref().ok_or(StorageError::Unavailable)?;
        raw.set_item(&format!("{PREFIX}{key}"), value).map_err(|e| {
            let name = js_error_name(&e);
            if name.as_deref() == Some("QuotaExceededError") {
                StorageError::Full
            } else {
                StorageError::Other(name.unwrap_or_else(|| format!("{e:?}")))
            }
        })
    })
}

fn js_error_name(e: &wasm_bindgen::JsValue) -> Option<String> {
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
