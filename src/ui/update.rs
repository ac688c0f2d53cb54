//! "Nieuwe versie beschikbaar — vernieuwen": shown when the service worker has installed a new
//! version. Nothing reloads until the user chooses to; drafts are already saved on every change.

use leptos::prelude::*;

use super::i18n::{k, t};
use crate::platform::service_worker;

/// Whether an update waits. The service worker is registered once per page, here, above the
/// language-dependent shell: registering in the banner registered again (and added another
/// `visibilitychange` listener) on every language switch.
#[derive(Clone, Copy)]
pub struct UpdateWaiting(RwSignal<bool>);

impl UpdateWaiting {
    pub fn provide() {
        let waiting = RwSignal::new(false);
        service_worker::register(move || waiting.set(true));
        provide_context(UpdateWaiting(waiting));
    }
}

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let UpdateWaiting(waiting) = expect_context();
    move || {
        waiting.get().then(|| {
            view! {
                <div class="banner update" role="status" data-testid="update-banner">
                    {t(k::shell::UPDATE_AVAILABLE)}
                    <button type="button" on:click=|_| service_worker::apply_update()>{t(k::shell::UPDATE_APPLY)}</button>
                </div>
            }
        })
    }
}
