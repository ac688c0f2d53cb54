//! The small screens of the first load: the start page and not-found.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backup::BackupReminder;
use super::catalog::NeedsFrameworks;
use super::drafts::Drafts;
use super::i18n::{k, t, tf};
use super::install::HomeScreenHint;
use super::lazy::lazy;

#[component]
pub fn Start() -> impl IntoView {
    let drafts = Drafts::get();
    // What a visitor most likely does next is a scan: its chunk is fetched while nothing else is
    // (a failure here is silent; opening the scan asks again and says so).
    crate::platform::idle::when_idle(|| {
        spawn_local(async {
            let _ = super::scan::preload().await;
        })
    });
    view! {
        <section class="start">
            <h1>"Competentiescan"</h1>
            <p class="lead">{t(k::screens::LEAD)}</p>
            <p>{t(k::screens::LOCAL)}</p>
            <nav class="actions" aria-label=t(k::screens::GET_STARTED)>
                <a class="action primary" href="#/nieuw">{t(k::screens::NEW_SCAN)}</a>
                <a class="action" href="#/scans">{t(k::screens::MY_SCANS)}</a>
                <a class="action" href="#/openen">{t(k::screens::OPEN_FILE)}</a>
                <a class="action" href="#/kaders">{t(k::screens::BROWSE_FRAMEWORKS)}</a>
            </nav>
            <BackupReminder />
            <HomeScreenHint always=false />
            {move || (!drafts.scans().with(Vec::is_empty) || !drafts.unreadable().with(Vec::is_empty)).then(|| view! {
                <h2>{t(k::screens::MY_SCANS)}</h2>
                <NeedsFrameworks>{lazy(super::my_scans::cards)}</NeedsFrameworks>
            })}
        </section>
    }
}

#[component]
pub fn NotFound(path: String) -> impl IntoView {
    view! {
        <section>
            <h1>{t(k::screens::NOT_FOUND_TITLE)}</h1>
            <p>{tf(k::screens::NO_SUCH_SCREEN, &[("path", &path)])}</p>
            <p><a href="#/">{t(k::screens::TO_START)}</a></p>
        </section>
    }
}
