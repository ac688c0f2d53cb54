use leptos::{ev, prelude::*};

use super::catalog::NeedsFrameworks;
use super::i18n::{k, lang, set_lang, t, tf, EnTexts, EnTextsContext};
use super::lazy::lazy;
use super::persist::{provide_settings, SettingsContext, StorageNotice};
use super::screens::{NotFound, Start};
use super::update::UpdateBanner;
use super::{authoring, coach, exchange, feedback, kaders, my_scans, results, scan, settings};
use crate::core::i18n::Lang;
use crate::core::route::Screen;
use crate::platform::panic;

fn current_screen() -> Screen {
    let hash = location_hash().unwrap_or_default();
    panic::test_trigger(&hash);
    Screen::from_hash(&hash)
}

/// The app: state in context (settings, frameworks, drafts, backups), then the shell in the
/// chosen language. A language switch re-renders the shell; the state above it stays.
#[component]
pub fn App() -> impl IntoView {
    let screen = RwSignal::new(current_screen());
    let listener = window_event_listener(ev::hashchange, move |_| screen.set(current_screen()));
    on_cleanup(move || listener.remove());
    provide_settings();
    // Each piece of state is handed what it needs as it is made: none looks up another later,
    // from a task or callback that may run outside the component tree.
    let catalog = super::catalog::Catalog::provide();
    let drafts = super::drafts::Drafts::provide(catalog);
    super::backup::Backups::provide(drafts);
    super::seal::Signer::provide(drafts);
    super::trusted::Trusted::provide();
    // Once per page: a language switch re-renders the shell below, not this.
    super::update::UpdateWaiting::provide();
    super::install::InstallPrompt::provide();
    let SettingsContext { settings, .. } = expect_context::<SettingsContext>();
    EnTextsContext::provide(settings.with_untracked(|s| s.lang));
    let en = EnTextsContext::get();
    let lang = Memo::new(move |_| en.shown(settings.with(|s| s.lang)));
    Effect::new(move |_| {
        lang.track();
        document().set_title(&tf(
            k::shell::TITLE_SUFFIX,
            &[("screen", t(screen.get().title()))],
        ))
    });
    move || {
        set_lang(lang.get());
        view! { <Shell screen /> }
    }
}

/// Header, banners and the current screen, chosen from `location.hash`.
#[component]
fn Shell(screen: RwSignal<Screen>) -> impl IntoView {
    view! {
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                main.scroll_into_view();
            }
        }>{t(k::shell::SKIP_TO_CONTENT)}</a>
        <Header screen=screen.read_only() />
        <UpdateBanner />
        <StorageNotice />
        <EnglishFailed />
        <main id="main">
            {move || {
                let screen = screen.get();
                if needs_frameworks(&screen) {
                    let screen = StoredValue::new(screen);
                    view! { <NeedsFrameworks>{move || screen_view(screen.get_value())}</NeedsFrameworks> }
                        .into_any()
                } else {
                    screen_view(screen)
                }
            }}
        </main>
    }
}

/// Whether a screen shows or checks against frameworks, so it waits for the bundled ones
/// (`NeedsFrameworks`). The start page (whose list of scans has its own gate), Instellingen
/// and not-found do not: a first visit fetches no framework until one is needed.
fn needs_frameworks(screen: &Screen) -> bool {
    match screen {
        Screen::Start | Screen::Settings | Screen::NotFound(_) => false,
        Screen::NewScan
        | Screen::NewScanWith(_)
        | Screen::Scan { .. }
        | Screen::Results(_)
        | Screen::Plan(_)
        | Screen::Report(_)
        | Screen::AskFeedback(_)
        | Screen::MyScans
        | Screen::OpenFile
        | Screen::Frameworks
        | Screen::Framework(_)
        | Screen::EditFramework(_)
        | Screen::Coach => true,
    }
}

/// The screen, its code fetched first where it is a chunk of its own (`lazy`). The start page
/// and not-found are the first load.
fn screen_view(screen: Screen) -> AnyView {
    match screen {
        Screen::Start => view! { <Start /> }.into_any(),
        Screen::NotFound(path) => view! { <NotFound path /> }.into_any(),
        Screen::NewScan => lazy(move || scan::new_scan(None)),
        Screen::NewScanWith(id) => lazy(move || scan::new_scan(Some(id.clone()))),
        Screen::Scan { id, rater, group } => {
            lazy(move || scan::screen(id.clone(), rater.clone(), group))
        }
        Screen::Results(id) => lazy(move || results::screen(id.clone())),
        Screen::Plan(id) => lazy(move || results::plan(id.clone())),
        Screen::Report(id) => lazy(move || results::report(id.clone())),
        Screen::AskFeedback(id) => lazy(move || feedback::screen(id.clone())),
        Screen::MyScans => lazy(my_scans::screen),
        Screen::OpenFile => lazy(exchange::screen),
        Screen::Frameworks => lazy(kaders::list),
        Screen::Framework(id) => lazy(move || kaders::reader(id.clone())),
        Screen::EditFramework(origin) => lazy(move || authoring::screen(origin.clone())),
        Screen::Settings => lazy(settings::screen),
        Screen::Coach => lazy(coach::screen),
    }
}

#[component]
fn Header(screen: ReadSignal<Screen>) -> impl IntoView {
    let link = move |target: Screen| {
        let (hash, title) = (target.to_hash(), target.title());
        let current = move || (screen.get().title() == title).then_some("page");
        view! { <a href=hash aria-current=current>{t(title)}</a> }
    };
    view! {
        <header class="top">
            <a class="brand" href="#/">"Competentiescan"</a>
            <nav aria-label=t(k::shell::MAIN_MENU)>
                {link(Screen::MyScans)}
                {link(Screen::Frameworks)}
                {link(Screen::Coach)}
                {link(Screen::Settings)}
            </nav>
            <LanguageSwitch />
        </header>
    }
}

/// One button to the other language, named in that language; the choice is a setting.
/// English is fetched first (the button says so meanwhile) and chosen only once it is here.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let SettingsContext { settings, .. } = expect_context::<SettingsContext>();
    let en = EnTextsContext::get();
    let other = match lang() {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    let choose = move || settings.update(|s| s.lang = other);
    let loading = move || en.state() == EnTexts::Loading;
    view! {
        <button type="button" class="lang-switch" lang=other.tag()
            aria-label=t(k::shell::SWITCH_LANGUAGE_LABEL) aria-busy=move || loading().then_some("true")
            on:click=move |_| match other {
                Lang::Nl => choose(),
                Lang::En => en.load(choose),
            }>
            {move || t(if loading() { k::shell::SWITCH_LANGUAGE_LOADING } else { k::shell::SWITCH_LANGUAGE })}
        </button>
    }
}

/// The English texts did not arrive (at the start or on the switch): the app is Dutch.
#[component]
fn EnglishFailed() -> impl IntoView {
    let en = EnTextsContext::get();
    move || {
        (en.state() == EnTexts::Failed).then(|| {
            view! { <p class="banner warning" role="alert" data-testid="english-failed">{t(k::shell::ENGLISH_FAILED)}</p> }
        })
    }
}
