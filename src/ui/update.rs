//! "Nieuwe versie beschikbaar — vernieuwen": shown when the service worker has installed a new
//! version. Nothing reloads until the user chooses to; drafts are already saved on every change.

use leptos::prelude::*;

use crate::platform::service_worker;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let waiting = RwSignal::new(false);
    service_worker::register(move || waiting.set(true));
    move || {
        waiting.get().then(|| {
            view! {
                <div class="banner update" role="status" data-testid="update-banner">
                    "Nieuwe versie beschikbaar — "
                    <button type="button" on:click=|_| service_worker::apply_update()>"vernieuwen"</button>
                    <span class="en" lang="en">" · New version available"</span>
                </div>
            }
        })
    }
}
