//! Small screens of the shell: start, settings and not-found.

use leptos::prelude::*;

use super::drafts::Drafts;
use super::my_scans::DraftCards;
use super::persist::SettingsContext;

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
        </section>
    }
}
