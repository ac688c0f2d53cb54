use leptos::{ev, prelude::*};

use super::coach::CoachScreen;
use super::exchange::OpenFile;
use super::frameworks::{FrameworkList, FrameworkReader};
use super::my_scans::DraftList;
use super::persist::{provide_settings, StorageNotice};
use super::results::ResultsScreen;
use super::scan::{NewScan, ScanScreen};
use super::screens::{NotFound, SettingsScreen, Start};
use super::update::UpdateBanner;
use crate::core::route::Screen;

fn current_screen() -> Screen {
    Screen::from_hash(&location_hash().unwrap_or_default())
}

/// The shell: header, storage notice and the current screen, chosen from `location.hash`.
#[component]
pub fn App() -> impl IntoView {
    let screen = RwSignal::new(current_screen());
    let listener = window_event_listener(ev::hashchange, move |_| screen.set(current_screen()));
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        document().set_title(&format!("{} · Competentiescan", screen.get().title()))
    });
    provide_settings();
    super::catalog::Catalog::provide();
    super::drafts::Drafts::provide();
    super::backup::Backups::provide();

    view! {
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                main.scroll_into_view();
            }
        }>"Naar de inhoud"</a>
        <Header screen=screen.read_only() />
        <UpdateBanner />
        <StorageNotice />
        <main id="main">
            {move || match screen.get() {
                Screen::Start => view! { <Start /> }.into_any(),
                Screen::NewScan => view! { <NewScan /> }.into_any(),
                Screen::Scan { id, rater, group } => view! { <ScanScreen id rater group /> }.into_any(),
                Screen::Results(id) => view! { <ResultsScreen id /> }.into_any(),
                Screen::MyScans => view! { <DraftList /> }.into_any(),
                Screen::OpenFile => view! { <OpenFile /> }.into_any(),
                Screen::Frameworks => view! { <FrameworkList /> }.into_any(),
                Screen::Framework(id) => view! { <FrameworkReader id /> }.into_any(),
                Screen::Settings => view! { <SettingsScreen /> }.into_any(),
                Screen::Coach => view! { <CoachScreen /> }.into_any(),
                Screen::NotFound(path) => view! { <NotFound path /> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Header(screen: ReadSignal<Screen>) -> impl IntoView {
    let link = move |target: Screen, label: &'static str| {
        let hash = target.to_hash();
        let current = move || {
            let s = screen.get();
            (s.title() == target.title()).then_some("page")
        };
        view! { <a href=hash aria-current=current>{label}</a> }
    };
    view! {
        <header class="top">
            <a class="brand" href="#/">"Competentiescan"</a>
            <nav aria-label="Hoofdmenu">
                {link(Screen::MyScans, "Mijn scans")}
                {link(Screen::Frameworks, "Kaders")}
                {link(Screen::Coach, "Coach")}
                {link(Screen::Settings, "Instellingen")}
            </nav>
        </header>
    }
}
