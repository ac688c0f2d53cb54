//! This device's signing key (issue 15): an ECDSA P-256 key pair made by Web Crypto and kept in
//! IndexedDB. The private key is generated non-extractable, so script (the app included) can
//! sign with it but never read it; IndexedDB stores the `CryptoKey` object itself (structured
//! clone), which localStorage, holding only text, could not. Failures come back as values.

use std::future::Future;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CryptoKey, EcKeyGenParams, EcKeyImportParams, EcdsaParams, IdbDatabase, IdbObjectStore,
    IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode, SubtleCrypto,
};

use crate::core::i18n::{fill, k, text, Lang};

const DATABASE: &str = "competentiescan-keys";
const STORE: &str = "keys";
const RECORD: &str = "device";
/// The database's schema version: 1 = one store of key pairs.
const VERSION: u32 = 1;

/// Why this device cannot sign. Worded by `message`; the UI says signing is not possible here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// No IndexedDB on this page: an old browser, or site data blocked for this site.
    NoDatabase,
    /// IndexedDB is there but refused to open or to write (private mode in older Safari,
    /// storage blocked or full); the browser's reason.
    DatabaseRefused(String),
    /// No Web Crypto: the page was not opened over https (or localhost), or a very old browser.
    NoCrypto,
    /// The stored record is no key pair this version can use (never overwritten: wiping all
    /// data removes it).
    Unreadable,
    /// Web Crypto refused to make, export, import or use a key; the browser's reason.
    Crypto(String),
}

impl KeyError {
    /// One sentence on what went wrong, for after "Ondertekenen is niet mogelijk".
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KeyError::NoDatabase => text(lang, k::device_key::NO_DATABASE).into(),
            KeyError::DatabaseRefused(reason) => fill(
                text(lang, k::device_key::DATABASE_REFUSED),
                &[("reason", reason)],
            ),
            KeyError::NoCrypto => text(lang, k::device_key::NO_CRYPTO).into(),
            KeyError::Unreadable => text(lang, k::device_key::UNREADABLE).into(),
            KeyError::Crypto(reason) => {
                fill(text(lang, k::device_key::CRYPTO), &[("reason", reason)])
            }
        }
    }
}

/// This device's key: the private half to sign with and the public half as bytes.
#[derive(Debug, Clone)]
pub struct DeviceKey {
    private: CryptoKey,
    /// The uncompressed SEC1 point (0x04‖X‖Y, 65 bytes), as `exportKey("raw")` gives it.
    public_raw: Vec<u8>,
}

impl DeviceKey {
    pub fn public_key(&self) -> &[u8] {
        &self.public_raw
    }
}

/// The browser's reason, for a message: a DOMException's name and message, else its debug form.
fn reason(e: &JsValue) -> String {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) => format!("{}: {}", d.name(), d.message()),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

fn refused(e: JsValue) -> KeyError {
    KeyError::DatabaseRefused(reason(&e))
}

fn crypto_failed(e: JsValue) -> KeyError {
    KeyError::Crypto(reason(&e))
}

fn subtle() -> Result<SubtleCrypto, KeyError> {
    let window = web_sys::window().ok_or(KeyError::NoCrypto)?;
    // `crypto.subtle` is undefined outside a secure context; web-sys would not notice.
    if !window.is_secure_context() {
        return Err(KeyError::NoCrypto);
    }
    let crypto = window.crypto().map_err(|_| KeyError::NoCrypto)?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(crypto_failed)?;
    subtle.dyn_into().map_err(|_| KeyError::NoCrypto)
}

/// Listens for one of two callbacks that a request or transaction calls once: `ok` resolves
/// with what `value` reads then, `fail` rejects with what `error` reads. The handlers are set
/// before this returns (so an event that fires before the first poll is not missed) and
/// removed once it settled, so the closures can be dropped then.
fn settle(
    set_ok: impl Fn(Option<&Function>) + 'static,
    set_fail: impl Fn(Option<&Function>) + 'static,
    value: impl Fn() -> JsValue + 'static,
    error: impl Fn() -> JsValue + 'static,
) -> impl Future<Output = Result<JsValue, JsValue>> {
    let mut readers = Some((value, error));
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        // The executor runs exactly once, synchronously.
        let Some((value, error)) = readers.take() else {
            return;
        };
        let ok = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call1(&JsValue::NULL, &value());
        });
        let fail = Closure::<dyn FnMut()>::new(move || {
            let _ = reject.call1(&JsValue::NULL, &error());
        });
        set_ok(Some(ok.as_ref().unchecked_ref()));
        set_fail(Some(fail.as_ref().unchecked_ref()));
        handlers = Some((ok, fail));
    });
    async move {
        let result = JsFuture::from(promise).await;
        set_ok(None);
        set_fail(None);
        drop(handlers);
        result
    }
}

/// A request's result once it succeeded, or its error.
fn request(request: &IdbRequest) -> impl Future<Output = Result<JsValue, JsValue>> {
    let (on_ok, on_fail, ok, fail) = (
        request.clone(),
        request.clone(),
        request.clone(),
        request.clone(),
    );
    settle(
        move |f| on_ok.set_onsuccess(f),
        move |f| on_fail.set_onerror(f),
        move || ok.result().unwrap_or(JsValue::UNDEFINED),
        move || {
            fail.error()
                .ok()
                .flatten()
                .map_or(JsValue::UNDEFINED, JsValue::from)
        },
    )
}

/// Settles once a write transaction is committed (a request's success alone is not durable)
/// or aborted (an unhandled request error aborts it).
fn committed(tx: &IdbTransaction) -> impl Future<Output = Result<JsValue, JsValue>> {
    let (on_ok, on_fail, fail) = (tx.clone(), tx.clone(), tx.clone());
    settle(
        move |f| on_ok.set_oncomplete(f),
        move |f| on_fail.set_onabort(f),
        || JsValue::UNDEFINED,
        move || fail.error().map_or(JsValue::UNDEFINED, JsValue::from),
    )
}

async fn open() -> Result<IdbDatabase, KeyError> {
    let window = web_sys::window().ok_or(KeyError::NoDatabase)?;
    // Firefox with site data blocked throws here; others return null.
    let factory = window
        .indexed_db()
        .ok()
        .flatten()
        .ok_or(KeyError::NoDatabase)?;
    let opening: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION).map_err(refused)?;
    let upgrading = opening.clone();
    let upgrade = Closure::<dyn FnMut()>::new(move || {
        // The first open (version 0 → 1) creates the store; an error here aborts the open,
        // which then reports it through `onerror`.
        if let Ok(db) = upgrading.result().and_then(JsCast::dyn_into::<IdbDatabase>) {
            let _ = db.create_object_store(STORE);
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = request(&opening).await;
    opening.set_onupgradeneeded(None);
    drop(upgrade);
    opened.map_err(refused)?.dyn_into().map_err(refused)
}

fn store(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), KeyError> {
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(refused)?;
    let store = tx.object_store(STORE).map_err(refused)?;
    Ok((tx, store))
}

/// The stored pair's halves, or `None` when there is no record.
async fn stored(db: &IdbDatabase) -> Result<Option<(CryptoKey, CryptoKey)>, KeyError> {
    let (_tx, keys) = store(db, IdbTransactionMode::Readonly)?;
    let record = request(&keys.get(&JsValue::from_str(RECORD)).map_err(refused)?)
        .await
        .map_err(refused)?;
    if record.is_undefined() {
        return Ok(None);
    }
    let half = |name: &str| {
        Reflect::get(&record, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.dyn_into::<CryptoKey>().ok())
            .ok_or(KeyError::Unreadable)
    };
    Ok(Some((half("privateKey")?, half("publicKey")?)))
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|n| JsValue::from_str(n)).collect()
}

async fn generate(subtle: &SubtleCrypto) -> Result<JsValue, KeyError> {
    let params = EcKeyGenParams::new("ECDSA", "P-256");
    // false: the private key can sign but never be exported; the public key is always
    // extractable (Web Crypto sets it so for every generated key pair).
    let pair = subtle
        .generate_key_with_object(&params, false, &usages(&["sign", "verify"]))
        .map_err(crypto_failed)?;
    JsFuture::from(pair).await.map_err(crypto_failed)
}

/// Adds the pair unless a record exists (another tab may have made one meanwhile): `add`, not
/// `put`, so a key that may already have signed something is never replaced.
async fn add(db: &IdbDatabase, pair: &JsValue) -> Result<(), KeyError> {
    let (tx, keys) = store(db, IdbTransactionMode::Readwrite)?;
    let adding = keys
        .add_with_key(pair, &JsValue::from_str(RECORD))
        .map_err(refused)?;
    // A `ConstraintError` (the record exists) fails the request and aborts the transaction.
    let (added, done) = (request(&adding), committed(&tx));
    let added = added.await;
    done.await.map_err(refused)?;
    added.map(drop).map_err(refused)
}

async fn export_public(subtle: &SubtleCrypto, public: &CryptoKey) -> Result<Vec<u8>, KeyError> {
    let raw = subtle.export_key("raw", public).map_err(crypto_failed)?;
    let raw = JsFuture::from(raw).await.map_err(crypto_failed)?;
    Ok(Uint8Array::new(&raw).to_vec())
}

/// This device's key, made and stored on first need.
pub async fn device_key() -> Result<DeviceKey, KeyError> {
    let subtle = subtle()?;
    let db = open().await?;
    let result = async {
        let (private, public) = match stored(&db).await? {
            Some(pair) => pair,
            None => {
                let pair = generate(&subtle).await?;
                match add(&db, &pair).await {
                    Ok(()) => {}
                    // Another tab stored its key first: use that one, as every tab will.
                    Err(KeyError::DatabaseRefused(_)) if stored(&db).await?.is_some() => {}
                    Err(e) => return Err(e),
                }
                stored(&db).await?.ok_or(KeyError::Unreadable)?
            }
        };
        let public_raw = export_public(&subtle, &public).await?;
        Ok(DeviceKey {
            private,
            public_raw,
        })
    }
    .await;
    // Closed at once: an open connection would block deleting the database from another tab.
    db.close();
    result
}

fn ecdsa_sha256() -> EcdsaParams {
    EcdsaParams::new_with_str("ECDSA", "SHA-256")
}

/// ECDSA with SHA-256 over `bytes`: the 64-byte r‖s (IEEE P1363) that Web Crypto returns.
pub async fn sign(key: &DeviceKey, bytes: &[u8]) -> Result<Vec<u8>, KeyError> {
    let signing = subtle()?
        .sign_with_object_and_u8_array(&ecdsa_sha256(), &key.private, bytes)
        .map_err(crypto_failed)?;
    let signature = JsFuture::from(signing).await.map_err(crypto_failed)?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Whether `signature` (r‖s) is `public_key_raw`'s ECDSA SHA-256 signature of `bytes`. A key
/// that is no P-256 point is an error, a wrong signature `false`.
pub async fn verify(
    public_key_raw: &[u8],
    bytes: &[u8],
    signature: &[u8],
) -> Result<bool, KeyError> {
    let subtle = subtle()?;
    let params = EcKeyImportParams::new("ECDSA");
    params.set_named_curve("P-256");
    let importing = subtle
        .import_key_with_object(
            "raw",
            &Uint8Array::from(public_key_raw),
            &params,
            true,
            &usages(&["verify"]),
        )
        .map_err(crypto_failed)?;
    let public: CryptoKey = JsFuture::from(importing)
        .await
        .map_err(crypto_failed)?
        .dyn_into()
        .map_err(crypto_failed)?;
    let checking = subtle
        .verify_with_object_and_u8_array_and_u8_array(&ecdsa_sha256(), &public, signature, bytes)
        .map_err(crypto_failed)?;
    let valid = JsFuture::from(checking).await.map_err(crypto_failed)?;
    Ok(valid.as_bool() == Some(true))
}

/// Removes this device's key; the next `device_key` makes a new one. Where IndexedDB is missing
/// or will not open, this page cannot have stored a key nor reach one to sign with, so there is
/// nothing to remove; failing there would make "alle gegevens wissen" impossible on that device.
pub async fn wipe() -> Result<(), KeyError> {
    let db = match open().await {
        Err(KeyError::NoDatabase | KeyError::DatabaseRefused(_)) => return Ok(()),
        opened => opened?,
    };
    let result = async {
        let (tx, keys) = store(&db, IdbTransactionMode::Readwrite)?;
        let deleting = keys.delete(&JsValue::from_str(RECORD)).map_err(refused)?;
        let (deleted, done) = (request(&deleting), committed(&tx));
        deleted.await.map_err(refused)?;
        done.await.map(drop).map_err(refused)
    }
    .await;
    db.close();
    result
}
