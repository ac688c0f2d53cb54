//! Small screens of the shell: start, settings and not-found.

use leptos::prelude::*;

use super::backup::{BackupReminder, Backups};
use super::drafts::Drafts;
use super::i18n::lang;
use super::my_scans::DraftCards;
use super::persist::SettingsContext;
use crate::platform::storage;

#[component]
pub fn Start() -> impl IntoView {
    view! {
        <section class="start">
            <h1>"Competentiescan"</h1>
            <p class="lead">
                "Beoordeel jezelf op de competenties van je beroep, laat je BPV-begeleider je op dezelfde punten beoordelen en maak met je studieloopbaanbegeleider een ontwikkelplan."
            </p>
            <p>
                "Je gegevens blijven op dit apparaat, tenzij je ze zelf exporteert. Na het eerste bezoek werkt de app ook zonder internet."
            </p>
            <nav class="actions" aria-label="Beginnen">
                <a class="action primary" href="#/nieuw">"Nieuwe scan"</a>
                <a class="action" href="#/scans">"Mijn scans"</a>
                <a class="action" href="#/openen">"Bestand openen"</a>
                <a class="action" href="#/kaders">"Kaders bekijken"</a>
            </nav>
            <BackupReminder />
            {move || (!Drafts::get().scans.with(Vec::is_empty) || !Drafts::get().unreadable.with(Vec::is_empty)).then(|| view! {
                <h2>"Mijn scans"</h2>
                <DraftCards />
            })}
        </section>
    }
}

#[component]
pub fn NotFound(path: String) -> impl IntoView {
    view! {
        <section>
            <h1>"Pagina niet gevonden"</h1>
            <p>"Er is geen scherm \"" {path} "\"."</p>
            <p><a href="#/">"Naar start"</a></p>
        </section>
    }
}

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let SettingsContext { settings, .. } = expect_context::<SettingsContext>();
    let available = crate::platform::storage::available();
    view! {
        <section>
            <h1>"Instellingen"</h1>
            <div class="field">
                <label for="settings-name">"Je naam"</label>
                <input
                    id="settings-name"
                    type="text"
                    autocomplete="name"
                    prop:value=move || settings.with(|s| s.name.clone())
                    on:input=move |ev| settings.update(|s| s.name = event_target_value(&ev))
                />
                <p class="hint">"Wordt ingevuld als naam van de student bij een nieuwe scan."</p>
            </div>
            <h2>"Opslag"</h2>
            <p data-testid="storage-status">
                {if available {
                    "Je gegevens worden op dit apparaat bewaard (localStorage)."
                } else {
                    "Opslag is op dit apparaat niet beschikbaar."
                }}
            </p>
            <Persistence />
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
            <p data-testid="persistence">"Blijvende opslag: ja. De browser wist je gegevens niet uit zichzelf."</p>
        }
        .into_any(),
        Some(false) => view! {
            <p data-testid="persistence">
                "Blijvende opslag: nee. De browser kan je gegevens wissen als er ruimte nodig is of als je de app lang niet gebruikt; exporteer daarom regelmatig een back-up. "
                <button type="button" on:click=move |_| backups.request_persistence()>"Blijvende opslag aanvragen"</button>
            </p>
        }
        .into_any(),
        None => view! {
            <p data-testid="persistence">"Blijvende opslag: deze browser zegt niet of je gegevens blijvend bewaard worden."</p>
        }
        .into_any(),
    }
    }
}

/// "Wis alle gegevens op dit apparaat": every scan, own framework, backup and setting of this
/// app, after an explicit confirmation that names what goes. The app itself stays available
/// offline.
#[component]
fn WipeAll() -> impl IntoView {
    let drafts = Drafts::get();
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let wipe = move |_| match wipe_all() {
        // A fresh start: every in-memory copy (other screens, caches) goes with the reload.
        Ok(()) => {
            let location = window().location();
            let _ = location.set_hash("#/");
            let _ = location.reload();
        }
        Err(e) => failed.set(Some(e)),
    };
    view! {
        <h2>"Alle gegevens wissen"</h2>
        {move || if confirming.get() {
            let count = drafts.scans.with(Vec::len);
            view! {
                <div class="confirm" role="alertdialog" aria-labelledby="wipe-question">
                    <p id="wipe-question"><strong>{format!(
                        "Weet je het zeker? Dit wist je {count} scan(s), je eigen kaders, back-ups en instellingen van dit apparaat. Dit kan niet ongedaan worden gemaakt; exporteer eerst wat je wilt bewaren."
                    )}</strong></p>
                    <button type="button" class="danger" on:click=wipe>"Ja, alles wissen"</button>
                    <button type="button" on:click=move |_| confirming.set(false)>"Annuleren"</button>
                    {move || failed.get().map(|e| view! { <p role="alert">{e}</p> })}
                </div>
            }
            .into_any()
        } else {
            view! {
                <p>
                    <button type="button" class="danger" on:click=move |_| confirming.set(true)>"Wis alle gegevens op dit apparaat"</button>
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
