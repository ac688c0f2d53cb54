//! Mijn scans: every draft on this device, with open, duplicate and delete (undoable).

use leptos::prelude::*;

use super::backup::BackupReminder;
use super::drafts::{unreadable_reason, Drafts};
use super::feedback::{askable, draft_screen, draft_title};
use super::i18n::{k, t, tf};
use super::scan::go;
use crate::core::rater::{RaterId, RaterRole};
use crate::core::route::Screen;
use crate::platform::clock;

/// The Mijn scans screen.
#[component]
pub fn DraftList() -> impl IntoView {
    let drafts = Drafts::get();
    view! {
        <section>
            <h1>{t(k::my_scans::TITLE)}</h1>
            {move || drafts.memory_only().get().map(|m| view! { <p class="banner warning" role="alert">{m}</p> })}
            <BackupReminder />
            <DraftCards />
            {move || drafts.scans().with(|s| s.is_empty()).then(|| view! { <p>{t(k::my_scans::NONE_YET)}</p> })}
            <p><a class="action primary" href="#/nieuw">{t(k::my_scans::NEW_SCAN)}</a></p>
        </section>
    }
}

/// Every draft as a card (framework, student, progress, last change in local time, the scan's
/// date, who finished it) with open, duplicate and
/// delete; a deleted draft can be brought back with "ongedaan maken". Used on the start page too.
#[component]
pub fn DraftCards() -> impl IntoView {
    let drafts = Drafts::get();
    let rows = move || {
        drafts.scans().with(|all| {
            all.iter()
                .map(|s| {
                    let framework = drafts.framework_for(&s.framework);
                    let title = framework.as_ref().map(|f| f.display_title().to_string()).unwrap_or_else(|| s.framework.id.clone());
                    let progress = framework.as_ref().map(|f| match &s.request {
                        Some(r) => {
                            let (done, total) = s.progress(f, &r.rater);
                            tf(k::my_scans::FEEDBACK_PROGRESS, &[("done", &done.to_string()), ("total", &total.to_string())])
                        }
                        None => {
                            let (st, total) = s.progress(f, &RaterId::primary(RaterRole::Subject));
                            let (bpv, _) = s.progress(f, &RaterId::primary(RaterRole::Supervisor));
                            tf(k::my_scans::PROGRESS, &[("student", &st.to_string()), ("supervisor", &bpv.to_string()), ("total", &total.to_string())])
                        }
                    });
                    let respondent = s.request.is_some();
                    // Only the person assessed asks, and only where the framework allows more roles.
                    let ask = (!respondent && framework.as_ref().is_some_and(|f| !askable(f).is_empty())).then(|| view! {
                        <a href=Screen::AskFeedback(s.id.clone()).to_hash()>{t(k::my_scans::ASK_FEEDBACK)}</a>
                    });
                    let results = (!respondent).then(|| view! {
                        <a href=Screen::Results(s.id.clone()).to_hash()>{t(k::my_scans::RESULTS)}</a>
                    });
                    let heading = draft_title(s).unwrap_or_else(|| if s.subject.student.is_empty() { t(k::my_scans::NO_NAME).to_string() } else { s.subject.student.clone() });
                    let open = draft_screen(s).to_hash();
                    let id = s.id.clone();
                    let (id2, id3, id4) = (id.clone(), id.clone(), id.clone());
                    let restore = drafts.has_backup(&id).then(|| view! {
                        <button type="button" on:click=move |_| drafts.restore_backup(&id4)>{t(k::my_scans::RESTORE_BACKUP)}</button>
                    });
                    let when = s.updated.minute_text(clock::offset_at(s.updated));
                    let meta = tf(k::my_scans::CARD_META, &[("framework", &title), ("progress", progress.as_deref().unwrap_or_default()), ("when", &when)]);
                    // The scan's date and who finished it: which scan this is and how far.
                    let finished = |role| s.primary(role).is_some_and(|r| r.finished.is_some());
                    let finished = (!respondent).then(|| t(match (finished(RaterRole::Subject), finished(RaterRole::Supervisor)) {
                        (true, true) => k::coach::ROW_FINISHED_BOTH,
                        (true, false) => k::coach::ROW_FINISHED_STUDENT,
                        (false, true) => k::coach::ROW_FINISHED_SUPERVISOR,
                        (false, false) => k::my_scans::NOT_FINISHED,
                    }));
                    let date = s.subject.date.map(|d| tf(k::my_scans::SCAN_DATE, &[("date", &d.to_string())]));
                    let status = [date.as_deref(), finished].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                    view! {
                        <li class="card" data-id=id.clone()>
                            <a class="card-title" href=open>{heading}</a>
                            <p class="meta">{meta}</p>
                            {(!status.is_empty()).then(|| view! { <p class="meta" data-testid="card-status">{status}</p> })}
                            <div class="row-actions">
                                {results}
                                {ask}
                                <button type="button" on:click=move |_| { if let Some(new) = drafts.duplicate(&id2) { go(&Screen::Scan { id: new, rater: RaterId::primary(RaterRole::Subject), group: 1 }) } }>{t(k::my_scans::DUPLICATE)}</button>
                                <button type="button" on:click=move |_| drafts.delete(&id3)>{t(k::my_scans::DELETE)}</button>
                                {restore}
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let undo = move || {
        drafts.deleted().get().map(|s| {
            view! {
                <p class="notice" role="status">
                    {tf(k::my_scans::DELETED, &[("student", &s.subject.student)])} " "
                    <button type="button" on:click=move |_| drafts.undo_delete()>{t(k::my_scans::UNDO)}</button>
                </p>
            }
        })
    };
    let unreadable = move || {
        drafts.unreadable().get().into_iter().map(|(key, why)| view! {
            <li class="card"><p class="card-title">{t(k::my_scans::UNREADABLE)}</p><p class="meta">{key} ": " {unreadable_reason(&why)}</p></li>

        }).collect_view()
    };
    view! {
        {undo}
        <ul class="cards" data-testid="draft-list">{rows}{unreadable}</ul>
    }
}

/// The chunk of Mijn scans: the list on its own screen and on the start page.
#[leptos::wasm_split::wasm_split(my_scans, fallible, wasm_split_path = leptos::wasm_split)]
pub fn screen() -> super::lazy::Loaded {
    Ok(view! { <DraftList /> }.into_any())
}

#[leptos::wasm_split::wasm_split(my_scans, fallible, wasm_split_path = leptos::wasm_split)]
pub fn cards() -> super::lazy::Loaded {
    Ok(view! { <DraftCards /> }.into_any())
}
