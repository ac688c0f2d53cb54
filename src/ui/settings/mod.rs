//! Instellingen, a lazy group of its own: the name on new scans, persistent storage, the device
//! key for signing, and wiping every stored thing.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backup::Backups;
use super::drafts::Drafts;
use super::i18n::{k, lang, t, tn};
use super::install::HomeScreenHint;
use super::persist::SettingsContext;
use crate::core::signature::Fingerprint;
use crate::platform::{device_key, storage};

/// The settings' chunk.
#[leptos::wasm_split::wasm_split(settings, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen() -> super::lazy::Loaded {
    Ok(view! { <SettingsScreen /> }.into_any())
}

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let SettingsContext { settings, .. } = expect_context::<SettingsContext>();
    let available = crate::platform::storage::available();
    view! {
        <section>
            <h1>{t(k::screens::SETTINGS_TITLE)}</h1>
            <div class="field">
                <label for="settings-name">{t(k::screens::YOUR_NAME)}</label>
                <input
                    id="settings-name"
                    type="text"
                    autocomplete="name"
                    prop:value=move || settings.with(|s| s.name.clone())
                    on:input=move |ev| settings.update(|s| s.name = event_target_value(&ev))
                />
                <p class="hint">{t(k::screens::NAME_HINT)}</p>
            </div>
            <h2>{t(k::screens::STORAGE)}</h2>
            <p data-testid="storage-status">
                {t(if available {
                    k::screens::STORAGE_AVAILABLE
                } else {
                    k::screens::STORAGE_UNAVAILABLE
                })}
            </p>
            <Persistence />
            <HomeScreenHint always=true />
            <Signing />
            <WipeAll />
        </section>
    }
}

/// Whether the browser may evict our data, and a way to ask it not to.
#[component]
fn Persistence() -> impl IntoView {
    let backups = Backups::get();
    move || {
        match backups.persistent.get() {
        Some(true) => view! {
            <p data-testid="persistence">{t(k::screens::PERSISTENT_YES)}</p>
        }
        .into_any(),
        Some(false) => view! {
            <p data-testid="persistence">
                {t(k::screens::PERSISTENT_NO)} " "
                <button type="button" on:click=move |_| backups.request_persistence()>{t(k::screens::REQUEST_PERSISTENCE)}</button>
            </p>
        }
        .into_any(),
        None => view! {
            <p data-testid="persistence">{t(k::screens::PERSISTENT_UNKNOWN)}</p>
        }
        .into_any(),
    }
    }
}

/// Ondertekenen: this device's key, made on the first visit here, shown by its fingerprint.
#[component]
fn Signing() -> impl IntoView {
    let locked = super::seal::Signer::get().locked_message();
    let key = RwSignal::new(None::<Result<Fingerprint, device_key::KeyError>>);
    spawn_local(async move {
        let found = device_key::device_key()
            .await
            .map(|k| Fingerprint::of(k.public_key()));
        // The screen may be gone by now; then there is nothing to show it on.
        let _ = key.try_set(Some(found));
    });
    view! {
        <h2>{t(k::device_key::TITLE)}</h2>
        <p>{t(k::device_key::INTRO)}</p>
        {locked.map(|m| view! { <p class="banner warning" role="alert" data-testid="to-sign-locked">{m}</p> })}
        {move || match key.get() {
            None => view! { <p>{t(k::device_key::LOADING)}</p> }.into_any(),
            Some(Ok(fingerprint)) => view! {
                <p>
                    {t(k::device_key::FINGERPRINT)} " "
                    <code data-testid="device-fingerprint">{fingerprint.to_string()}</code>
                </p>
                <p class="hint">{t(k::device_key::FINGERPRINT_HINT)}</p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <p role="alert" data-testid="device-key-error">
                    {t(k::device_key::NOT_POSSIBLE)} " " {e.message(lang())}
                </p>
            }
            .into_any(),
        }}
    }
}

/// "Wis alle gegevens op dit apparaat": every scan, own framework, backup and setting of this
/// app and this device's signing key, after an explicit confirmation that names what goes. The
/// app itself stays available offline.
#[component]
fn WipeAll() -> impl IntoView {
    let drafts = Drafts::get();
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let wipe = move |_| {
        spawn_local(async move {
            // The key first: if it cannot go, nothing has gone yet and the user can try again.
            if let Err(e) = device_key::wipe().await {
                let reason = e.message(lang());
                failed.set(Some(format!("{} {reason}", t(k::device_key::WIPE_FAILED))));
                return;
            }
            match wipe_all() {
                // A fresh start: every in-memory copy (other screens, caches) goes with the reload.
                Ok(()) => {
                    let location = window().location();
                    let _ = location.set_hash("#/");
                    let _ = location.reload();
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t(k::screens::WIPE_TITLE)}</h2>
        {move || if confirming.get() {
            let count = drafts.scans().with(Vec::len);
            view! {
                <div class="confirm" role="alertdialog" aria-labelledby="wipe-question">
                    <p id="wipe-question"><strong>{tn(count, k::screens::WIPE_CONFIRM_ONE, k::screens::WIPE_CONFIRM_MANY, &[])}</strong></p>
                    <button type="button" class="danger" on:click=wipe>{t(k::screens::WIPE_YES)}</button>
                    <button type="button" on:click=move |_| confirming.set(false)>{t(k::screens::CANCEL)}</button>
                    {move || failed.get().map(|e| view! { <p role="alert">{e}</p> })}
                </div>
            }
            .into_any()
        } else {
            view! {
                <p>
                    <button type="button" class="danger" on:click=move |_| confirming.set(true)>{t(k::screens::WIPE_BUTTON)}</button>

                </p>
            }
            .into_any()
        }}
    }
}

fn wipe_all() -> Result<(), String> {
    let keys = storage::keys("").map_err(|e| e.message(lang()))?;
    for key in keys {
        storage::remove(&key).map_err(|e| e.message(lang()))?;
    }
    Ok(())
}
